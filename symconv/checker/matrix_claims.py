"""Claims about a layer the notes write as matrix products (im2col's ``Y_{\\text{mat}} =
W_{\\text{mat}} X_{\\text{col}} + b\\mathbf{1}^\\top``, a dense layer's ``Z = XW +
\\mathbf{1}b^\\top``, a Toeplitz ``y = Cx``), judged exactly.

The claim's sides are evaluated with the symbols of :mod:`symconv.checker.matrix_eval` at
every assignment of the sizes the notes leave symbolic or unstated (the stated ones as
stated): verified when both sides agree as polynomials at every assignment where they
multiply (under a softmax, after each row of P and of the one-hot Y is made to sum to 1),
wrong when they differ at every one (a side that does not multiply, a shape that is not the
gradient's, a transpose on the wrong side, a missing 1/N), not understood when the
verdict depends on a size the notes do not state.  A form the reader does not know, a name
that is not one of the definition's matrices, or an entry whose index base the notes leave
open leaves the claim to the other readers (None).
"""

from __future__ import annotations

import sympy

from symconv.checker.context import finding
from symconv.checker.matrix_eval import COL2IM_TRUE, ShapeError, World
from symconv.checker.matrix_numbered import named_by_number
from symconv.checker.matrix_numbers import judge_numbers, writes_numbers, written_shapes
from symconv.checker.matrix_parse import Node, Ones, Ref, Unread, parse
from symconv.checker.matrix_sections import own_lines
from symconv.checker.matrix_shapes import ShapePass, Sizes
from symconv.checker.matrix_softmax import reads_cost
from symconv.checker.matrix_softmax_facts import judge_softmax_fact
from symconv.checker.matrix_stand_in import SMALL, stand_ins, value_free, written_letters
from symconv.checker.matrix_tagged_gradient import tagged_gradients
from symconv.checker.matrix_world import (
    GRADIENT_LETTERS,
    Notes,
    _claim_names,
    forward_definition,
    read_notes,
)
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

MAX_ASSIGNMENTS = 12
MAX_ENTRIES = 1000  # symbols over all the definition's matrices at one assignment


def _entries(names: _Names, sizes: Sizes, full: dict) -> int:
    total = 0
    for name in names.names:
        rows, cols = (full.get(sizes.find((name, axis)), 1) for axis in (0, 1))
        total += rows * cols
    return total


class _Names:
    """Which of the notes' matrices a written name is."""

    def __init__(self, notes: Notes):
        forward = notes.forward
        self.names = {r.name for r in _refs(forward.tree)} | {forward.output}
        self.names -= set(notes.letters)
        if notes.softmax:
            self.names |= {notes.softmax[0], notes.softmax[1]}

    def __call__(self, ref: Ref) -> str | None:
        if ref.name in self.names:
            return ref.name
        if ref.indices and ref.name.islower() and ref.name.upper() in self.names:
            return ref.name.upper()  # x_{nd}: an entry of X
        if ref.sample is not None and "_" not in ref.name:
            # dY^{(n)} beside Y_mat: one image's block of the only matrix written with that
            # letter (only blocks of the reshaped matrices are split by sample)
            tagged = [n for n in self.names if n.split("_")[0] == ref.name]
            if len(tagged) == 1:
                return tagged[0]
        return None


def _refs(tree) -> list[Ref]:
    if isinstance(tree, Ref):
        return [tree]
    if isinstance(tree, Node):
        return [r for a in tree.args for r in _refs(a)]
    return []


def _bias_letters(notes: Notes) -> frozenset[str]:
    r"""The letters the forward definition adds as a bias: ``+ \mathbf{1} c^\top``, ``+ b``,
    ``+ b \mathbf{1}^\top`` (a term with no other matrix than the bias and ones)."""
    tree = notes.forward.tree
    if not isinstance(tree, Node) or tree.kind != "add":
        return frozenset()
    found = set()
    for term in tree.args:
        refs = _refs(term)
        alone = len(refs) == 1 and not refs[0].grad and not refs[0].indices
        if alone and (isinstance(term, Ref) or _has_ones(term)):
            found.add(refs[0].name)
    return frozenset(found)


def _has_ones(tree) -> bool:
    if isinstance(tree, Ones):
        return True
    return isinstance(tree, Node) and any(_has_ones(a) for a in tree.args)


def _as_bias(left, right):
    r"""A bias's gradient is one vector however it is laid out (``\mathbf{1}^\top \Delta``
    for ``\Delta^\top \mathbf{1}``, a row for a column: NumPy's 1-D ``db``), so a right side
    that is the left side's vector as a row for a column (or back) is compared as that vector;
    a matrix stays as written."""
    lshape, rshape = getattr(left, "shape", None), getattr(right, "shape", None)
    if lshape and rshape and lshape == rshape[::-1] and 1 in lshape:
        return left, sympy.Matrix(right).T
    return left, right


def _adds(tree) -> list[Node]:
    if isinstance(tree, Node):
        own = [tree] if tree.kind == "add" else []
        return own + [s for a in tree.args for s in _adds(a)]
    return []


def _sums(tree) -> list[Node]:
    if isinstance(tree, Node):
        own = [tree] if tree.kind == "sum" else []
        return own + [s for a in tree.args for s in _sums(a)]
    return []


def _world_sizes(
    notes: Notes, names: _Names, named: frozenset[str] = frozenset()
) -> tuple[Sizes, ShapePass]:
    """The sizes of the notes' matrices; a bias added with its shape unstated (``S = HV +
    c``) is read as a matrix of the sum's shape when the claim (its matrices ``named``)
    does not name it: adding it, however broadcast, leaves the other matrices' gradients
    as they are."""
    sizes = Sizes()
    for name, dims in notes.shapes.items():
        if name.startswith("d:"):
            name = name[2:]
        if name not in names.names and name not in GRADIENT_LETTERS:
            continue
        if len(dims) == 1:
            dims = (dims[0], "1")
        if len(dims) != 2:
            continue
        for axis, dim in enumerate(dims):
            sizes.fix((name, axis), int(dim) if dim.isdigit() else dim)
    symbols: dict[str, tuple] = {}
    for key, value in list(sizes.value.items()):  # one class per symbolic size
        if isinstance(value, str):
            sizes.union(symbols.setdefault(value, key), key)
    passer = ShapePass(sizes, names, notes.letters)
    forward = notes.forward
    out = passer.shape(forward.tree)
    if out is None:
        raise Unread("the forward definition is a scalar")
    sizes.union((forward.output, 0), out[0])
    sizes.union((forward.output, 1), out[1])
    if notes.softmax:
        p, y, z, _ = notes.softmax
        for axis in (0, 1):
            sizes.union((p, axis), (z, axis))
            sizes.union((y, axis), (z, axis))
        if notes.divisor in notes.letters:  # L = -(1/N) Σ_n ...: N samples, rows or columns
            sizes.fix((z, notes.sample_axis), notes.letters[notes.divisor])
    if sizes.conflicts:
        raise Unread("the notes' shapes do not fit their own definition")
    for node in _adds(forward.tree):  # Z = WX + b, b's shape unstated: a vector or a matrix?
        for arg in node.args:
            if (
                isinstance(arg, Ref)
                and arg.name.islower()
                and arg.name not in notes.shapes
                and sizes.value[sizes.find((arg.name, 1))] != 1
            ):  # (z = Wx + b with x a column: b is one too)
                if named and arg.name not in named:
                    continue  # dL/dW, dL/dX: the same whichever way b is broadcast
                raise Unread(f"the shape of {arg.name} is not stated")
    return sizes, passer


def _gradient_letters(notes: Notes, sizes: Sizes) -> frozenset[str]:
    """Letters the notes write for ∂L/∂(output): defined so (``g = ∂L/∂y``), or Δ/G stated
    with the output's shape."""
    output = notes.forward.output
    out = {a for a, target in notes.aliases.items() if target == output}
    out |= {f"{a}_" for a in notes.sampled & out}  # G_n = dL/dY_{mat,n}: G_n a block
    for letter in GRADIENT_LETTERS:
        dims = notes.shapes.get(letter)
        if dims and len(dims) == 2:
            shown = tuple(sizes.show((output, axis)) for axis in (0, 1))
            if shown == tuple(dims):
                out.add(letter)
    return frozenset(out | tagged_gradients(notes, sizes))


def _compare(lhs, rhs, world: World) -> tuple[str, str]:
    """('holds' | 'differs' | 'open', reason)."""
    if isinstance(rhs, str) or isinstance(lhs, str):
        return "open", "col2im"
    lshape, rshape = getattr(lhs, "shape", None), getattr(rhs, "shape", None)
    if lshape != rshape:
        if lshape and rshape and lshape == rshape[::-1] and lhs == sympy.Matrix(rhs).T:
            return "differs", f"it is the transpose of the left side ({rshape[0]}×{rshape[1]})"
        return "differs", f"the right side is {_show(rshape)}, the left side {_show(lshape)}"
    pairs = list(zip(lhs, rhs, strict=True)) if lshape else [(lhs, rhs)]
    subs = world.constraints
    diffs = [sympy.expand(sympy.sympify(a - b, strict=True).subs(subs)) for a, b in pairs]
    if all(d == 0 for d in diffs):
        return "holds", ""
    points = [_point(diffs, shift) for shift in range(3)]
    for (a, b), d in zip(pairs, diffs, strict=True):
        if d != 0 and any(d.subs(point) != 0 for point in points):
            if lshape and rshape == lshape and lhs == sympy.Matrix(rhs).T:
                return "differs", "it is the transpose of the left side"
            ratio = sympy.simplify(b / a) if a != 0 else None
            if ratio is not None and ratio.is_number and ratio != 1:
                return "differs", f"the right side is {ratio} times the left side"
            return "differs", "the entries differ"
    return "open", "undecided"


def _show(shape) -> str:
    return "a scalar" if shape is None else f"{shape[0]}×{shape[1]}"


def _point(diffs, shift: int) -> dict:
    """Values of the symbols: distinct primes (shifted along the list per attempt), where a
    polynomial that is not zero is rarely zero."""
    symbols = sorted({s for d in diffs for s in d.free_symbols}, key=str)
    return {s: sympy.prime(i + 1 + 7 * shift) for i, s in enumerate(symbols)}


def judge_matrix_claim(text: str, lines: list[str], line: int) -> dict | None:
    """The verdict on ``text`` (at ``line`` of ``lines``) as a claim about the notes'
    matrix forward definition, or None when it is not one (see the module doc)."""
    if "=" not in text:
        return None
    lines, text = named_by_number(lines, text)  # Z_3 = H W^T + 1 b^T: the matrix Z_3
    try:
        if writes_numbers(text):  # z = Wx + b = (5, 1, 1)^T at the numbers the notes give
            return judge_numbers(text, lines, line)
        forward = forward_definition(lines, line, text)
        own = own_lines(lines, forward.line) if forward is not None else lines
        notes = read_notes(lines, line, text, written_shapes(own, line, text), own)
        if notes is None or notes.forward.line > line:
            return None
        world_ok = _judge(text, notes)
    except (Unread, RecursionError, ZeroDivisionError):
        return None
    except ShapeError:
        return None  # the notes' own definition does not multiply as read
    except (ValueError, TypeError, IndexError, KeyError, AttributeError):
        return None  # a form this reader mis-handles: never a verdict, never a crash
    return world_ok


def _judge(text: str, notes: Notes) -> dict | None:
    if not reads_cost(text, notes):
        return None  # dZ = P - Y under J = (1/m) sum L^(t): which gradient dZ is is open
    names = _Names(notes)
    sizes, passer = _world_sizes(notes, names, frozenset(_claim_names(text)))
    letters = _gradient_letters(notes, sizes)
    sides = parse(text, letters, notes.forward.output)
    if len(sides) == 2 and not (isinstance(sides[0], Ref) and sides[0].grad):
        return judge_softmax_fact(sides, notes, names, sizes, passer)  # (P - Y) 1_K = 0
    if len(sides) < 2 or not isinstance(sides[0], Ref) or not sides[0].grad:
        return None
    if len(sides) == 2:
        return _side(sides[0], sides[1], notes, names, sizes, passer)
    found = []
    for rhs in sides[1:]:  # dL/dW = X^T dL/dZ = (1/N) X^T (P - Y): each side against dL/dW
        try:
            found.append(_side(sides[0], rhs, notes, names, sizes, passer))
        except (Unread, ShapeError, ValueError, TypeError, IndexError, KeyError):
            found.append(None)
    return _chain(found)


def _chain(found: list[dict | None]) -> dict | None:
    """One verdict for a chain ``∂L/∂M = a = b``: each side after the first was judged
    against the true ∂L/∂M, so the chain holds when every side does and is wrong when one
    differs (the message names it as ``side k of n``)."""
    total = len(found) + 1
    statuses = [f["status"] if f else NOT_UNDERSTOOD for f in found]
    if all(s == VERIFIED for s in statuses):
        return finding(VERIFIED, f"every side: {found[0]['message']}")  # type: ignore[index]
    parts = []
    for number, (status, one) in enumerate(zip(statuses, found, strict=True), start=2):
        if status == WRONG:
            parts.append(f"side {number} of {total} differs: {one['message']}")  # type: ignore[index]
        elif status != VERIFIED:
            parts.append(f"side {number} of {total} is not understood")
    if WRONG in statuses:
        return finding(WRONG, "; ".join(parts))
    if VERIFIED in statuses:
        return finding(NOT_UNDERSTOOD, "; ".join(parts) + " (the other sides agree)")
    return None


def _side(lhs: Ref, rhs, notes: Notes, names: _Names, sizes: Sizes, passer: ShapePass):
    """The verdict on ``lhs = rhs`` (``lhs`` a gradient) under the notes' definition."""
    refs = _refs(lhs) + _refs(rhs)
    image = lhs.name == "X" and "X_col" in names.names and "X" not in names.names
    if not image and names(lhs) is None:
        return None
    for ref in refs:
        unknown = names(ref) is None and ref.name not in notes.letters and ref is not lhs
        if unknown and not _symbolic(ref.name, sizes):
            return None
    claim_sizes = sizes.copy()
    claim_pass = ShapePass(claim_sizes, names, notes.letters)
    claim_pass.keys = dict(passer.keys)
    for side in (lhs, rhs) if not image else (rhs,):
        claim_pass.shape(side)
    sums = _sums(rhs)
    samples = {s.index: s for s in sums if any(r.sample == s.index for r in _refs(s))}
    per_sample = {names(r) or "" for r in refs if r.sample is not None}
    base = _base(sums, notes)
    keys = [k for k in claim_sizes.parent]
    results = []
    columns = frozenset((n, 1) for n in names.names if n.islower())
    symbolic = {v for v in sizes.value.values() if isinstance(v, str)}
    # a mean's 1/N is a size's value: no stand-ins under it
    mean = notes.softmax is None or not notes.softmax[3]
    free = mean and all(value_free(side, symbolic, set(notes.letters)) for side in (lhs, rhs))
    written = [written_letters(side, symbolic, set(notes.letters)) for side in (lhs, rhs)]
    shown: dict[int, int] = {}
    skipped: set[str] = set()
    for assignment in claim_sizes.assignments(keys, columns)[:MAX_ASSIGNMENTS]:
        full = {claim_sizes.find(k): v for k, v in assignment.items()}
        free_here, skippable = free, False
        if not free and mean and None not in written:  # 1/N: N kept, the others stood in
            factors = set().union(*written)
            free_here = all(_int(f, notes, claim_sizes, full) <= SMALL for f in factors)
            skippable = not free_here and factors <= symbolic
        if _entries(names, claim_sizes, full) > MAX_ENTRIES and free_here:
            full, mapping = stand_ins(full)  # 400 -> 5: the claim writes no value
            shown.update(mapping)
        if _entries(names, claim_sizes, full) > MAX_ENTRIES:
            if skippable:  # N = 10 beside a 10 x 120 W: tried at the small N only
                skipped.update(factors)
                continue
            return None  # exact symbols for a 32x400 batch: too slow to be worth it here
        counts = {}
        for letter, node in samples.items():
            low, high = (_int(b, notes, claim_sizes, full) for b in node.bounds)
            counts[letter] = high - low + 1
        batch = notes.letters.get("N")
        if per_sample and batch and any(c != batch for c in counts.values()):
            # the truth would sum over the claim's own count of samples, not the notes' batch
            return finding(
                NOT_UNDERSTOOD,
                f"the sum runs over {sorted(counts.values())} samples, the batch has {batch}",
            )
        world = World(notes, names, claim_pass, full, counts, per_sample)
        if samples:
            first = next(iter(samples.values())).bounds[0]
            world.sample_base = _int(first, notes, claim_sizes, full)
        results.append(_one(lhs, rhs, world, base, image))
    if skipped and len(results) < 2:
        return None
    found = _verdict(results, notes)
    if found is not None and skipped:
        untried = f"(every size tried but {', '.join(sorted(skipped))} above {SMALL})"
        found["message"] = found["message"].replace("(every size tried)", untried)
    if found is not None and shown:
        sizes_shown = ", ".join(f"{v} as {s}" for v, s in sorted(shown.items()))
        writes = "no value" if free else "no other size"
        found["message"] += f" (its sizes stood in for: {sizes_shown}; it writes {writes})"
    return found


def _symbolic(name: str, sizes: Sizes) -> bool:
    return any(v == name for v in sizes.value.values())


def _int(text: str, notes: Notes, sizes: Sizes, full: dict) -> int:
    if text.isdigit():
        return int(text)
    if text in notes.letters:
        return notes.letters[text]
    for root, value in full.items():
        if sizes.value.get(root) == text:
            return value
    raise Unread(f"the bound {text} is not a stated size")


def _base(sums: list[Node], notes: Notes) -> int | None:
    lows = {s.bounds[0] for s in sums if s.bounds[0] in ("0", "1")}
    if len(lows) == 1:
        return int(lows.pop())
    return notes.base


def _one(lhs: Ref, rhs, world: World, base: int | None, image: bool) -> tuple[str, str]:
    env: dict = {} if base is None else {"#base": base}
    try:
        right = world.evaluate(rhs, env) if not lhs.indices else None
    except ShapeError as exc:
        return "ill", str(exc)
    except Unread as exc:
        if image and "not ∂L/∂X_col" in str(exc):
            return "open", "col2im of a matrix that is not ∂L/∂X_col"
        raise
    if image:
        if right == COL2IM_TRUE:
            return "holds", "col2im"
        return "open", "dX is not col2im of a matrix"
    if not lhs.indices:
        left = world.evaluate(lhs, env)
        if lhs.grad and lhs.name in _bias_letters(world.notes):
            left, right = _as_bias(left, right)
        return _compare(left, right, world)
    if base is None:
        raise Unread("an entry without a stated index base")
    whole = world.evaluate(Ref(world.resolve(lhs) or lhs.name, True, lhs.sample), env)
    letters = [i for i in lhs.indices if not i.isdigit()]
    if len(set(letters)) != len(letters) or len(lhs.indices) > 2:
        raise Unread("repeated or too many indices")
    shape = whole.shape if len(lhs.indices) == 2 else (whole.shape[0],)
    outcome: tuple[str, str] = ("holds", "")
    for flat in range(int(sympy.prod(shape))):
        at = [flat // shape[1], flat % shape[1]] if len(shape) == 2 else [flat]
        bound = {**env}
        for index, value in zip(lhs.indices, at, strict=True):
            if not index.isdigit():
                bound[index] = value + base
        try:
            left = world.evaluate(lhs, bound)
            right = world.evaluate(rhs, bound)
        except ShapeError as exc:
            return "ill", str(exc)
        status, why = _compare(left, right, world)
        if status != "holds":
            where = ", ".join(str(a + base) for a in at)
            return status, f"at ({where}): {why}"
    return outcome


def _verdict(results: list[tuple[str, str]], notes: Notes) -> dict | None:
    forward = notes.forward
    shown = f"the notes' definition (line {forward.line}) of {forward.output}"
    well = [r for r in results if r[0] != "ill"]
    if not results:
        return None
    if not well:
        return finding(WRONG, f"the right side does not multiply: {results[0][1]}")
    statuses = {s for s, _ in well}
    if statuses == {"holds"}:
        how = (
            "col2im is the adjoint of im2col, so it carries ∂L/∂X_col back to ∂L/∂X"
            if well[0][1] == "col2im"
            else "the chain rule through its matrix products gives the same matrix"
        )
        return finding(VERIFIED, f"by {shown}: {how} (every size tried)")
    if statuses == {"differs"}:
        return finding(WRONG, f"under {shown}: {well[0][1]}")
    reasons = "; ".join(sorted({w for s, w in well if s != "holds"}))
    if "holds" in statuses:
        return finding(
            NOT_UNDERSTOOD,
            f"under {shown} it holds at some sizes the notes leave open and not at others "
            f"({reasons})",
        )
    return finding(NOT_UNDERSTOOD, f"under {shown}: {reasons}")
