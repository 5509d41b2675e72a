"""A layer written as matrices, worked out in numbers: "$\\mathbf{z} = W\\mathbf{x} +
\\mathbf{b}$ ... $W = \\begin{pmatrix} 1 & 0 & -1 \\\\ 0 & 2 & 1 \\end{pmatrix}, \\quad
\\mathbf{x} = (2, 1, -1)^\\top, \\quad \\mathbf{b} = (0, 1)^\\top$", "$\\boldsymbol{\\delta} =
\\partial L / \\partial \\mathbf{z} = (1, -1)^\\top$", then claims such as "$\\mathbf{z} =
W\\mathbf{x} + \\mathbf{b} = (1, 2)^\\top$" or "$\\frac{\\partial L}{\\partial W} =
\\boldsymbol{\\delta} \\mathbf{x}^\\top = \\begin{pmatrix} ... \\end{pmatrix}$".

The values the notes give above the claim (a ``pmatrix``/``bmatrix`` of numbers, or a tuple
of numbers with a transpose, ``(2, 1, -1)^\\top``: a column) are those of the definition's
matrices, or of the output's gradient where a side is ∂L/∂(output).  Their shapes size the
layer, and the claim's first side is worked out exactly from the notes' own definition
(:mod:`symconv.checker.matrix_eval`: the forward output, or the gradient by the chain rule
through the definition) at those numbers.  Every other side, a formula in the notes'
matrices or numbers written out, is compared with it: a chain is wrong when one side
differs (it names the side), verified when all agree.  A number written with decimals agrees
when it is the truth rounded to its decimals; one rounding further off is not judged.
"""

from __future__ import annotations

import re
from functools import lru_cache

import sympy

from symconv.checker.context import finding
from symconv.checker.matrix_eval import ShapeError, World
from symconv.checker.matrix_literals import Literals
from symconv.checker.matrix_parse import Ref, Unread, clean, parse
from symconv.checker.matrix_shapes import ShapePass
from symconv.checker.matrix_world import as_dollars, line_before, math_segments, read_notes
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

_NUMBER = r"-?\d+(?:\.\d+)?"
# (2, 1, -1)^\top (after clean(): every transpose is written ^\top): a column of numbers
_COLUMN = re.compile(rf"\(\s*({_NUMBER}(?:\s*,\s*{_NUMBER})+)\s*\)\s*\^\s*\\top")
_ARRAY = re.compile(r"\\begin\{[bp]matrix\}")


def writes_numbers(text: str) -> bool:
    """Whether ``text`` writes a matrix or a column of numbers."""
    return bool(_ARRAY.search(text) or _COLUMN.search(clean(text)))


def _lift(text: str, literals: Literals) -> str:
    """``text`` cleaned, each written-out matrix or column a name ``L_{\\text{litX}}``."""
    lifted = clean(literals.lift(text))

    def column(m: re.Match[str]) -> str:
        values = [sympy.Rational(v) for v in re.split(r"\s*,\s*", m.group(1).strip())]
        literals.inline.append(sympy.Matrix(len(values), 1, values))
        return f" L_{{\\text{{lit{chr(96 + len(literals.inline))}}}}} "

    return _COLUMN.sub(column, lifted)


def _literal(node, literals: Literals) -> sympy.Matrix | None:
    if isinstance(node, Ref) and not node.grad and not node.indices:
        m = re.fullmatch(r"L_lit([a-z])", node.name)
        if m is not None:
            value = literals.inline[ord(m.group(1)) - 97]
            if all(v.is_number for v in value):
                return value
    return None


def given_values(lines: list[str], upto: int, claim: str) -> dict[str, sympy.Matrix]:
    """The numbers the notes give above line ``upto`` (and on its line before ``claim``):
    name -> matrix, ``d:name`` for ∂L/∂name."""
    segments = [m for _, m in math_segments(lines, upto)]
    own = as_dollars(line_before(lines, upto, claim))
    segments += ["".join(s) for s in re.findall(r"\$\$(.*?)\$\$|\$(.*?)\$", own)]
    found: dict[str, list[sympy.Matrix]] = {}
    for math in segments:
        for key, value in _segment_values(math):
            found.setdefault(key, []).append(value)
    # a name given two different values (a second example) is not one value
    return {k: v[0] for k, v in found.items() if all(w == v[0] for w in v)}


def _shapes(values: dict[str, sympy.Matrix]) -> dict[str, tuple[str, ...]]:
    return {k: tuple(str(n) for n in v.shape) for k, v in values.items()}


def written_shapes(lines: list[str], upto: int, claim: str) -> dict[str, tuple[str, ...]]:
    """The shapes of the matrices the notes write out in numbers above the claim."""
    return _shapes(given_values(lines, upto, claim))


@lru_cache(maxsize=256)
def _segment_values(math: str) -> tuple[tuple[str, sympy.ImmutableMatrix], ...]:
    """(name, value) of each ``name = numbers`` of one math segment (parsed once: the
    checker asks for every claim below it)."""
    if not writes_numbers(math):
        return ()
    literals = Literals(0)
    try:
        lifted = _lift(math, literals)
    except (Unread, RecursionError, ValueError, TypeError):
        return ()
    out = []
    for piece in re.split(r",|\\\\|;", lifted):
        try:
            sides = parse(piece)
        except (Unread, RecursionError):
            continue
        value = _literal(sides[-1], literals) if len(sides) >= 2 else None
        if value is None:
            continue
        for side in sides[:-1]:
            named = isinstance(side, Ref) and not side.indices and side.sample is None
            if named and not side.name.startswith("L_lit"):
                key = ("d:" if side.grad else "") + side.name
                out.append((key, sympy.ImmutableMatrix(value)))
    return tuple(out)


def judge_numbers(text: str, lines: list[str], line: int) -> dict | None:
    """The verdict on a claim that writes numbers about the notes' matrix layer worked out
    in numbers (see the module doc), or None."""
    from symconv.checker.matrix_claims import _chain, _gradient_letters, _Names, _world_sizes

    values = given_values(lines, line, text)
    if not values:
        return None
    notes = read_notes(lines, line, text, _shapes(values))
    if notes is None or notes.forward.line >= line or notes.softmax is not None:
        return None
    names = _Names(notes)
    given = _shapes(values)
    for letter, target in notes.aliases.items():  # delta = dL/dY given: dY's shape
        if letter in given:
            given.setdefault(f"d:{target}", given[letter])
    stated = {k: (v if len(v) != 1 else (v[0], "1")) for k, v in notes.shapes.items()}
    if any(stated.get(k, v) != v for k, v in given.items()):  # ("3",): a column of 3
        # "Tiny check. One channel, a 3x3 input, ...": a smaller example than the shapes
        # the notes state, sized by the numbers it gives alone (or by nothing: not read)
        notes.shapes = given
    sizes, passer = _world_sizes(notes, names)
    letters = _gradient_letters(notes, sizes)
    for letter in sorted(letters):  # G = (...) with G the notes' letter for dL/d(output)
        if letter in values and f"d:{notes.forward.output}" not in values:
            values[f"d:{notes.forward.output}"] = values[letter]
    literals = Literals(0)
    sides = parse(_lift(text, literals), letters, notes.forward.output)
    lhs = sides[0]
    if len(sides) < 2 or not isinstance(lhs, Ref) or lhs.indices or lhs.sample is not None:
        return None
    if names(lhs) is None or (not lhs.grad and lhs.name != notes.forward.output):
        return None  # W = (...): the notes give a value, they claim nothing
    assignments = sizes.assignments(list(sizes.parent))
    if len(assignments) != 1:
        return None  # a size the numbers do not fix
    full = {sizes.find(k): v for k, v in assignments[0].items()}
    claim_pass = ShapePass(sizes, names, notes.letters)
    claim_pass.keys = dict(passer.keys)
    for side in sides:
        if _literal(side, literals) is None:
            claim_pass.shape(side)
    world = World(notes, names, claim_pass, full, {}, set())
    subs = _substitutions(world, values, notes.forward.output)
    if subs is None:
        return None
    truth = world.evaluate(lhs, {})
    truth = truth.subs(subs) if isinstance(truth, sympy.MatrixBase) else None
    if truth is None or truth.free_symbols:
        return None  # the numbers given do not fix the first side
    found = [_side(side, truth, world, subs, literals) for side in sides[1:]]
    if len(found) == 1:
        return found[0]
    return _chain(found)


def _substitutions(world: World, values: dict, output: str) -> dict | None:
    subs: dict = {}
    for key, value in values.items():
        grad = key.startswith("d:")
        name = key[2:] if grad else key
        if grad and name != output:
            continue  # the gradient of another matrix: worked out, not given
        table = world.grads if grad else world.values
        symbols = table.get((name, 0))
        if symbols is None:
            continue  # a matrix of another section's example
        if getattr(symbols, "shape", None) != value.shape:
            return None
        subs.update(zip(symbols, value, strict=True))
    return subs


def _side(side, truth: sympy.Matrix, world: World, subs: dict, literals: Literals):
    value = _literal(side, literals)
    if value is None:
        try:
            value = world.evaluate(side, {})
        except ShapeError as exc:
            return finding(WRONG, f"the right side does not multiply: {exc}")
        except Unread:
            return None
        if not isinstance(value, sympy.MatrixBase):
            return None
        value = value.subs(subs)
        if value.free_symbols:
            return None
    turned = _turned_vector(value, truth)
    if turned is not None:  # (0, 2)^T for the gradient of the row b: a layout, no mistake
        value = turned
    if value.shape != truth.shape:
        return finding(
            WRONG,
            f"it is {value.shape[0]}×{value.shape[1]}, the left side "
            f"{truth.shape[0]}×{truth.shape[1]} at the notes' numbers",
        )
    doubt = False
    for at, (a, b) in enumerate(zip(truth, value, strict=True)):
        if a == b:
            continue
        if not (isinstance(a, sympy.Rational) and isinstance(b, sympy.Rational)):
            doubt = True  # an irrational entry: not compared here
            continue
        step = _step(b) if (a.q != 1 or b.q != 1) else None
        if step is None and (a.q != 1 or b.q != 1):
            doubt = True  # 1/3 against a fraction: not judged
            continue
        if step is not None and abs(a - b) <= 3 * step / 2:
            doubt = True  # 0.5 for 0.54: maybe the notes' rounding
            continue
        row, col = divmod(at, truth.shape[1])
        return finding(
            WRONG,
            f"at the notes' numbers, entry ({row + 1}, {col + 1}) is {a}, the side writes {b}",
        )
    if doubt:
        return finding(NOT_UNDERSTOOD, "an entry is the truth only to one place fewer")
    return finding(
        VERIFIED,
        "worked out from the notes' definition at the numbers they give, entry by entry"
        + (
            " (a vector written as a column where the left side is a row, or the other way round: "
            "the two layouts of a vector's gradient)"
            if turned is not None
            else ""
        ),
    )


def _turned_vector(value: sympy.Matrix, truth: sympy.Matrix) -> sympy.Matrix | None:
    """``value`` turned into ``truth``'s orientation where both are vectors of one length
    that differ only in being a row or a column (1×n against n×1): the gradient of a row
    vector written as a column is the numerator layout's, as right as the denominator
    layout's row; its entries are still compared one by one."""
    if 1 not in truth.shape or value.shape != (truth.shape[1], truth.shape[0]):
        return None
    if truth.shape == (1, 1):
        return None
    return value.T


def _step(value: sympy.Rational) -> sympy.Rational | None:
    """The unit of the last decimal place ``value`` needs (0.25: 1/100; 3: 1), or None
    when it is no decimal (1/3)."""
    for places in range(13):
        if (value * 10**places).q == 1:
            return sympy.Rational(1, 10**places)
    return None
