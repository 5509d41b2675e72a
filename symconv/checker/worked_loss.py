"""A worked example's loss against a target the notes give, and the arithmetic done with it.

Notes that work a convolution by hand often give a target ``T`` as numbers and the loss
``L = \\frac{1}{2}\\sum_{i,j} (Y_{ij} - T_{ij})^2`` (or ``\\frac12 \\|Y - T\\|^2``, with or
without the half).  Then the upstream gradient is no given number but a consequence:
``\\partial L/\\partial Y = 2c\\,(Y - T)`` for ``L = c \\sum (Y - T)^2``, with Y the layer's
output at the given X and kernel.  So the gradient is computed, never taken from the notes'
own numbers (which may hold a slip), and the claims made with it are judged at it:

* ``G = \\frac{\\partial L}{\\partial Y} = Y - T = \\begin{bmatrix} ... \\end{bmatrix}``,
  ``K_{new} = K - 0.1\\,\\frac{\\partial L}{\\partial K} = \\begin{bmatrix} ...``,
  ``\\operatorname{rot180}(K) = \\begin{bmatrix} ...``: every side is a matrix (a tensor the
  example knows, an entry-wise affine expression of them, or numbers), compared entry by
  entry; a first side that names a new result (``K_{new}``) is its second side.
* ``L = \\tfrac{1}{2}(2^2 + (-1)^2 + 1^2 + 2^2) = 4.5``: the loss's value at the numbers.

Every verdict is about the notes' numbers only, and says so.  An expression side multiplies
no two tensors (``Y T`` might mean a matrix product, so it is not read).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.scalar import Scalar
from symconv.checker.syntax import Factor, Frac, Group, Num, Op, Sym, Term, Text, parse
from symconv.checker.worked_conv import _values, is_conv, show_matrix
from symconv.checker.worked_numbers import Matrix, _sides, given_before, matrix_of, role_of

_SPACE = re.compile(r"\\[,;:! ]|\\q?quad|\s+|\\left|\\right|\\displaystyle|\\!")
_HALF = r"(?P<c>\\[dt]?frac\{1\}\{2\}|\\[dt]?frac12|0\.5|1/2)?"
_SUMS = r"(?:\\sum(?:_\{[a-z](?:,[a-z])?(?:=\d)?\}|_[a-z])(?:\^\{?\d+\}?)?)+"
_SQUARED = re.compile(
    r"^(?P<loss>\\mathcal\{L\}|[LEJC])="
    + _HALF
    + _SUMS
    + r"\((?P<a>[A-Za-z])_\{?(?P<i>[a-z],?[a-z])"
    r"\}?-(?P<b>[A-Za-z])_\{?(?P=i)\}?\)\^\{?2\}?$"
)
_NORM = re.compile(
    r"^(?P<loss>\\mathcal\{L\}|[LEJC])=" + _HALF + r"(?:\\\||\\lVert|\\Vert)(?P<a>[A-Za-z])-"
    r"(?P<b>[A-Za-z])(?:\\\||\\rVert|\\Vert)(?:_\{?F\}?)?\^\{?2\}?$"
)
_ROT = re.compile(
    r"^\\(?:operatorname|mathrm|text)\{rot_?\{?180\}?\}(?:_\{?180\}?)?\((?P<x>[A-Za-z])\)$"
    r"|^\\(?:operatorname|mathrm|text)\{rot\}_\{?180\}?\((?P<y>[A-Za-z])\)$"
)
_PARTIAL = re.compile(r"\\[dt]?frac\{\\partial(?:\\mathcal\{L\}|[LEJC])\}\{\\partial([A-Za-z])\}")
_NEW_NAME = re.compile(r"^[A-Za-z](?:_\{?(?:\\text\{|\\mathrm\{)?[a-z]+\}?\}?|'|\^\{?[+*]\}?)$")


class Example:
    """The tensors of one worked example at its numbers: the given X, kernel and targets,
    the output, and (when the loss is known) the gradients."""

    def __init__(self, model, document: str, line: int, letters: dict[str, str]) -> None:
        self.given = given_before(document, line)
        self.named = _named_before(document, line)
        values = _values(model, self.given, ("X", "W", "b"))
        grid = model.layer.tensors["G"].ids[0, 0]
        h, w = grid.shape
        self.y = [
            [Fraction(model.forward((0, 0, r, c)).value(values)) for c in range(w)]
            for r in range(h)
        ]
        self.letters = letters
        self.loss = _loss(document, line, self.named, (h, w))
        self.tensors: dict[str, Matrix] = {
            "X": self.given["X"][0],
            "W": self.given["W"][0],
            "Y": self.y,
        }
        if self.loss is not None:
            scale, target = self.loss
            g = [
                [2 * scale * (a - b) for a, b in zip(ra, rb, strict=True)]
                for ra, rb in zip(self.y, target, strict=True)
            ]
            self.tensors["G"] = g
            with_g = dict(self.given)
            with_g["G"] = (g, line)
            full = _values(model, with_g, ("G", "W", "X"))
            for role, tag in (("dX", "X"), ("dW", "W")):
                ids = model.layer.tensors[tag].ids[0, 0]
                self.tensors[role] = [
                    [
                        Fraction(model.gradient(tag, (0, 0, r, c)).value(full))
                        for c in range(ids.shape[1])
                    ]
                    for r in range(ids.shape[0])
                ]

    def role_matrix(self, role: str) -> Matrix | None:
        return self.tensors.get(role)

    def letter_matrix(self, letter: str) -> Matrix | None:
        role = {"X": "X", "W": "W", "Z": "Y", "G": "G"}.get(self.letters.get(letter, ""))
        if role is None and letter in ("X", "Y", "Z", "W", "K", "G"):
            role = {"Z": "Y", "K": "W"}.get(letter, letter)
        if role is not None:
            return self.tensors.get(role)
        return self.named.get(letter)


def _named_before(document: str, line: int) -> dict[str, Matrix]:
    """Letters the notes give as matrices of numbers before ``line`` (T = [...])."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    found: dict[str, Matrix] = {}
    for event in scan(document):
        if event.kind != "math" or event.line >= line:
            continue
        for piece in statements(event.text):
            at = event.line + event.text[: piece.offset].count("\n")
            sides = _sides(piece.text)
            if at >= line or len(sides) != 2:
                continue
            name = _SPACE.sub("", sides[0])
            numbers = matrix_of(sides[1])
            if numbers is not None and re.fullmatch(r"[A-Z]", name):
                found[name] = numbers
    return found


def _loss(
    document: str, line: int, named: dict[str, Matrix], shape: tuple[int, int]
) -> tuple[Fraction, Matrix] | None:
    """(c, T) of the notes' ``L = c \\sum (Y - T)^2`` with T given as numbers before."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    for event in scan(document):
        if event.kind != "math" or event.line >= line:
            continue
        for piece in statements(event.text):
            text = _SPACE.sub("", piece.text)
            m = _SQUARED.match(text) or _NORM.match(text)
            if m is None or m.group("a") not in ("Y", "Z", "y", "z"):
                continue
            target = named.get(m.group("b"))
            if target is None or (len(target), len(target[0])) != shape:
                continue
            if re.search(r"\\sum[^()]*\^", text):
                return None  # a sum with bounds written: that they cover Y is not read
            return (Fraction(1, 2) if m.group("c") else Fraction(1)), target
    return None


def gradient_from_loss(
    model: object, document: str, line: int, letters: dict[str, str]
) -> tuple[Matrix, int] | None:
    """(dL/dY at the example's numbers, line) when the notes give X, the kernel, a target
    and the squared-error loss before ``line``; else None."""
    if not is_conv(model):
        return None
    given = given_before(document, line)
    if "X" not in given or "W" not in given:
        return None
    try:
        example = Example(model, document, line, letters)
    except NotUnderstood:
        return None
    g = example.role_matrix("G")
    return None if g is None else (g, line)


def _degree(node, tensors: set[str]) -> int:
    """How many tensors a node multiplies (a number 0); NotUnderstood for any other form."""
    if isinstance(node, Num):
        return 0
    if isinstance(node, Sym):
        return 1 if node.name in tensors else 0
    if isinstance(node, Text):
        return 1 if node.content.replace(" ", "") in tensors else 0
    if isinstance(node, Op):
        if node.name in ("\\cdot", "\\times", "*", "space"):
            return 0
        raise NotUnderstood(f"{node.name} between tensors")
    if isinstance(node, Term):
        return sum(_degree(item, tensors) for item in node.items)
    if isinstance(node, Group) and node.kind == "paren" and node.body is not None:
        return max(_degree(t, tensors) for e in node.body.sides[0].exprs for _, t in e.terms)
    if isinstance(node, Frac):
        if _degree(node.den, tensors):
            raise NotUnderstood("a division by a tensor")
        return _degree(node.num, tensors)
    if isinstance(node, Factor) and node.sub is None and node.primes == 0:
        if _degree(node.base, tensors) and node.sup is not None:
            raise NotUnderstood("a power of a tensor")
        return _degree(node.base, tensors)
    if hasattr(node, "terms"):
        return max(_degree(t, tensors) for _, t in node.terms)
    if hasattr(node, "sides") and len(node.sides) == 1:
        return max(_degree(t, tensors) for e in node.sides[0].exprs for _, t in e.terms)
    raise NotUnderstood("a form not read in a worked example's arithmetic")


def _side_matrix(side: str, example: Example) -> Matrix | None:
    numbers = matrix_of(side)
    if numbers is not None:
        return numbers
    role = role_of(side)
    if role is not None:
        return example.role_matrix(role) if role != "W" else example.letter_matrix("W")
    plain = _SPACE.sub("", side)
    rot = _ROT.match(plain)
    if rot is not None:
        base = example.letter_matrix(rot.group("x") or rot.group("y"))
        return None if base is None else [row[::-1] for row in base[::-1]]
    # an entry-wise affine expression: K - 0.1\frac{\partial L}{\partial K}, Y - T
    names: dict[str, Matrix] = {}

    def placeholder(m: re.Match[str]) -> str:
        role = {"Y": "G", "Z": "G", "X": "dX"}.get(m.group(1), "dW")
        found = example.role_matrix(role)
        if found is None:
            raise NotUnderstood("a gradient the example does not give")
        names[f"grad{len(names)}"] = found  # lower case: no capital of the notes' letters
        return f" \\mathrm{{grad{len(names) - 1}}} "

    try:
        text = _PARTIAL.sub(placeholder, plain)
        tree = parse(text)
        letters = {n for n in re.findall(r"(?<![A-Za-z\\])([A-Z])(?![A-Za-z])", text)}
        for letter in letters:
            found = example.letter_matrix(letter)
            if found is None:
                return None
            names[letter] = found
        if not names or _degree(tree, set(names)) > 1:
            return None
        shapes = {(len(m), len(m[0])) for m in names.values()}
        if len(shapes) != 1:
            return None
        h, w = shapes.pop()
        return [[Scalar(_at(names, r, c)).value(tree) for c in range(w)] for r in range(h)]
    except (NotUnderstood, ValueError, LookupError, RecursionError):
        return None


def _at(names: dict[str, Matrix], r: int, c: int) -> Callable[[str], Fraction]:
    """The lookup of entry (r, c) of every tensor an expression names."""

    def lookup(name: str) -> Fraction:
        if name not in names:
            raise NotUnderstood(f"{name} has no value in a worked example's arithmetic")
        return names[name][r][c]

    return lookup


def judge_worked_loss(
    text: str, model, document: str, line: int, letters: dict[str, str]
) -> dict | None:
    """The verdict of a matrix chain or the loss's value at a worked example's numbers."""
    if not is_conv(model) or "=" not in text:
        return None
    given = given_before(document, line)
    if "X" not in given or "W" not in given:
        return None
    sides = _sides(text)
    try:
        example = Example(model, document, line, letters)
    except NotUnderstood:
        return None
    where = f"at the X of line {given['X'][1]} and the kernel of line {given['W'][1]}"
    if example.loss is not None:
        where += " and the squared error against the notes' target"
    where += " (these numbers only)"
    if matrix_of(sides[-1]) is not None and len(sides) >= 2:
        return _judge_matrices(sides, example, where)
    loss = _SPACE.sub("", sides[0])
    if (
        example.loss is not None
        and re.fullmatch(r"\\mathcal\{L\}|[LEJC]", loss)
        and len(sides) >= 2
    ):
        scale, target = example.loss
        truth = scale * sum(
            (
                (a - b) ** 2
                for ra, rb in zip(example.y, target, strict=True)
                for a, b in zip(ra, rb, strict=True)
            ),
            Fraction(0),
        )
        try:
            claimed = [Scalar(_no_names).value(parse(s)) for s in sides[1:]]
        except (NotUnderstood, ValueError, LookupError, RecursionError):
            return None
        differ = [(k, v) for k, v in enumerate(claimed, start=2) if v != truth]
        if not differ:
            return finding(VERIFIED, f"every side is {json_number(truth)}: the loss {where}")
        named = ", ".join(f"side {k} is {json_number(v)}" for k, v in differ)
        return finding(
            WRONG,
            f"{json_number(truth)}, not {json_number(differ[0][1])}: {named}, side 1 is "
            f"{json_number(truth)} (the loss {where})",
        )
    return None


def _no_names(name: str) -> Fraction:
    raise NotUnderstood(name)


def _judge_matrices(sides: list[str], example: Example, where: str) -> dict | None:
    values = [_side_matrix(s, example) for s in sides]
    if values[0] is None and len(sides) >= 3 and _NEW_NAME.match(_SPACE.sub("", sides[0])):
        values[0] = values[1]  # K_{new} = K - 0.1 dL/dK = ...: it names its second side
    if any(v is None for v in values):
        return None
    reference = values[0]
    assert reference is not None
    shape = (len(reference), len(reference[0]))
    n = len(values)
    differ = []
    for k, v in enumerate(values[1:], start=2):
        assert v is not None
        if (len(v), len(v[0])) != shape or v != reference:
            differ.append(k)
    if not differ:
        return finding(VERIFIED, f"every side is {show_matrix(reference)}, entry by entry {where}")
    first = values[differ[0] - 1]
    assert first is not None
    detail = ""
    if (len(first), len(first[0])) == shape:
        r, c = next(
            (r, c)
            for r in range(shape[0])
            for c in range(shape[1])
            if first[r][c] != reference[r][c]
        )
        detail = f": entry ({r + 1}, {c + 1}) is {reference[r][c]}, not {first[r][c]}"
    listed = "; ".join(f"side {k} of {n} differs" for k in differ)
    return finding(WRONG, f"{listed}{detail}; side 1 is {show_matrix(reference)} {where}")
