"""A worked example of a layer with several channels or filters, its slices given as
matrices of numbers: "$X_1 = \\begin{bmatrix} ... \\end{bmatrix}$, $X_2 = ...$" (one per
input channel), "$G^{(1)} = \\frac{\\partial L}{\\partial Y^{(1)}} = ...$" (one per filter),
"$W^{(2)}_1 = ...$" (filter 2's slice on channel 1), and claims about one slice:
"$\\frac{\\partial L}{\\partial W^{(1)}_3} = \\begin{bmatrix} ... \\end{bmatrix}$",
"$\\frac{\\partial L}{\\partial X_1} = ...$", "$\\frac{\\partial L}{\\partial b_2} = 3 \\cdot 4
= 12$".

A slice's marks name its channel: one mark on X (a subscript ``X_c`` or a superscript
``X^{(c)}``) is the input channel, one on Y or G the output channel (the filter), and W
carries both, the superscript the filter and the subscript the channel (``W^{(f)}_c``); a
W with one mark is read only where the layer has one input channel (the mark is the filter)
or one filter (the mark is the channel); otherwise which axis it is, is not read.  Marks
count from the notes' channel base.  In notes that number a network's layers with
superscripts (a^{(1)}, z^{(2)}, \\delta^{(2)}), a superscript is the layer's, not read here.

W may instead carry both as one subscript pair, ``W_{1,2}`` or ``w_{0,1}``: which of the two
is the filter is read from the notes' own forward formula, the statement defining the output
(``Y_f[i,j] = b_f + \\sum_c W_{f,c}[u,v] X_c[...]``), where the letter that marks X is the
input channel and the letter that marks Y (or b, G) is the filter; where no such statement
fixes it, or two disagree, the pair is not read.  A bias given as one list ``b = (1, -1)``
is one number per filter, read where the list has one number for each filter.

The truth of each entry is the layer's own derivation (Z by definition, the gradients by
the chain rule: exact polynomials of :class:`~symconv.checker.truth.Model`, which sum over
the channels and filters) evaluated at the given numbers.  An entry whose polynomial uses a
number the notes do not give (a slice they leave out) is not understood, naming it; slices
the entry does not use need no numbers ("the other slices do not matter").  A verdict is
about those numbers only.
"""

from __future__ import annotations

import functools
import re
from fractions import Fraction

from symconv.checker.bound_sizes import compare
from symconv.checker.limits import NotUnderstood
from symconv.checker.scalar import Scalar
from symconv.checker.syntax import parse
from symconv.checker.worked_chain import _BIAS_GRADIENT
from symconv.checker.worked_conv import bind_grid
from symconv.checker.worked_numbers import (
    Matrix,
    _sides,
    compare_matrices,
    matrix_of,
    role_of,
)

_SPACES = re.compile(r"\\[,;:! ]|\\q?quad|\s+|\\left|\\right|\\displaystyle")
# a channel mark: ^{(2)}, ^(2), or a subscript of one number: _1, _{1} (not ^{[2]}, which
# notes use for a network's layer 2)
_SUP = re.compile(r"\^(?:\{\((\d+)\)\}|\((\d+)\))")
_SUB = re.compile(r"_(?:\{(\d+)\}|(\d)(?!\d))|\[(\d+)\]")  # x[0]: code-like, the same mark
# a network's layer marks: a^{(1)}, z^{(2)}, \delta^{(2)} (activations, pre-activations and
# errors numbered by layer): there W^{(2)} is layer 2's kernel, not a filter
_LAYER_MARKS = re.compile(r"(?:(?<![A-Za-z\\])[aAzZh]|\\delta)\s*\^\s*\{?\s*\(\s*[\dlL]")
_ROLES = {"X": "X", "dX": "X", "G": "G", "Y": "G", "W": "W", "dW": "W", "b": "b", "db": "b"}
GIVEN = ("X", "G", "W", "b")


# W_{1,2}, w_{0,1}: a filter and a channel as one subscript pair (their order: _pair_order)
_PAIR = re.compile(r"_\{(\d+),(\d+)\}")

Marks = tuple[str, int | None, int | None, tuple[int, int] | None]


def _marks(side: str) -> Marks | None:
    """(role, superscript mark, subscript mark, subscript pair) of a side naming one slice,
    else None."""
    text = _SPACES.sub("", side)
    pairs = [(int(a), int(b)) for a, b in _PAIR.findall(text)]
    text = _PAIR.sub("", text) if len(pairs) == 1 else text
    sups = ["".join(m) for m in _SUP.findall(text)]
    subs = ["".join(m) for m in _SUB.findall(text)]
    if len(sups) > 1 or len(subs) > 1 or "^{[" in text or len(pairs) > 1:
        return None
    if pairs and (sups or subs):
        return None  # W^{(2)}_{1,1}: three marks, not read
    bare = _SUB.sub("", _SUP.sub("", text))
    role = role_of(bare)
    if role is None and _BIAS_GRADIENT.match(bare):
        role = "db"
    if role is None:
        return None
    pair = pairs[0] if pairs else None
    return role, int(sups[0]) if sups else None, int(subs[0]) if subs else None, pair


# the forward formula's first side: an output map marked by one letter (Y_f[i,j], z_{o})
_DEFINED = re.compile(r"^(?:\\mathbf\{)?[YyZz]\}?_\{?([a-z])\}?(?![a-z])")
_INPUT_MARK = re.compile(r"(?<![A-Za-z\\])[Xx]\}?_\{?([a-z])\}?(?![a-z,])")
_FILTER_MARK = re.compile(r"(?<![A-Za-z\\])[YyZzGgb]\}?_\{?([a-z])\}?(?![a-z,])")
_LETTER_PAIR = re.compile(r"(?<![A-Za-z\\])[WwKk]\}?_\{([a-z]),([a-z])\}")


@functools.lru_cache(maxsize=8)
def _pair_order(document: str) -> str | None:
    """``"fc"`` where the notes' forward formula writes W's subscript pair filter first
    (``Y_f = ... W_{f,c} X_c``), ``"cf"`` where channel first, None where no statement
    defining the output fixes it or two such statements disagree.

    Why the letters fix it: in the formula defining the output, the letter marking the
    input X runs over the input channels and the letter marking the output Y (or its bias
    b, its gradient G) over the filters, so W_{f,c} there has the filter first; the notes'
    numbers for W_{1,2} are in the same order (their own notation), whatever the layer's
    storage order."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    orders: set[str] = set()
    for event in scan(document):
        if event.kind != "math":
            continue
        for piece in statements(event.text):
            text = _SPACES.sub("", piece.text)
            first = _sides(text)[0]
            defined = _DEFINED.match(first)
            if defined is None or "=" not in text:
                continue
            channel = set(_INPUT_MARK.findall(text))
            filters = set(_FILTER_MARK.findall(text))
            if len(channel) != 1 or len(filters) != 1 or channel & filters:
                continue
            (c,), (f,) = channel, filters
            for a, b in _LETTER_PAIR.findall(text):
                if (a, b) == (f, c):
                    orders.add("fc")
                elif (a, b) == (c, f):
                    orders.add("cf")
    return orders.pop() if len(orders) == 1 else None


def _slice(
    marked: Marks, spec, base: int, order: str | None = None
) -> tuple[str, tuple[int, int]] | None:
    """(tensor tag, its leading index pair) of a marked slice, 0-based, else None.
    ``order``: how the notes order W's subscript pair (:func:`_pair_order`)."""
    role, sup, sub, pair = marked
    tag = _ROLES.get(role)
    if tag is None:
        return None
    if pair is not None and (tag != "W" or order is None):
        return None  # X_{1,2}, or W_{1,2} where the notes do not say which is the filter
    one = sub if sup is None else sup if sub is None else None
    if tag == "W":
        if pair is not None:
            f, c = pair if order == "fc" else pair[::-1]
        elif sup is not None and sub is not None:
            f, c = sup, sub
        elif one is None:  # W itself: only where the layer has one slice
            if spec.in_channels > 1 or spec.out_channels > 1:
                return None
            f, c = base, base
        elif spec.in_channels == 1:
            f, c = one, base
        elif spec.out_channels == 1:
            f, c = base, one
        else:
            return None  # W_2 with channels and filters: which axis, not read
        return tag, (f - base, c - base)
    if sup is not None and sub is not None:
        return None  # X^{(n)}_c: a sample and a channel, not read here
    if one is None:  # X or G itself: only where its axis has one slice
        if (spec.in_channels if tag == "X" else spec.out_channels) > 1:
            return None
        one = base
    mark = one - base
    return tag, ((mark,) * 2 if tag == "b" else (0, mark))


def _several(model) -> bool:
    spec = getattr(model, "spec", None)
    tensors = getattr(getattr(model, "layer", None), "tensors", None)
    return (
        getattr(model, "op", None) is None
        and getattr(spec, "dims", 0) == 2
        and getattr(spec, "groups", 1) == 1
        and isinstance(tensors, dict)
        and {"X", "W", "G"} <= set(tensors)
        and (spec.in_channels > 1 or spec.out_channels > 1)
    )


@functools.lru_cache(maxsize=8)
def _given_in(document: str, channels: tuple[int, int, int], base: int):
    """Every (line, tag, index pair, numbers) a statement of the document gives."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements

    spec = _Spec(*channels)
    layered = _LAYER_MARKS.search(document) is not None
    order = _pair_order(document)
    out = []
    for event in scan(document):
        if event.kind != "math":
            continue
        for piece in statements(event.text):
            sides = _sides(piece.text)
            numbers = matrix_of(sides[-1]) if len(sides) > 1 else None
            if numbers is None and len(sides) == 2:
                numbers = _bias_number(sides)  # b_2 = 1: a filter's bias
            if numbers is None and len(sides) == 2:
                at = event.line + event.text[: piece.offset].count("\n")
                out.extend((at, "b", (f, f), [[v]]) for f, v in _bias_list(sides, spec))
            if numbers is None:
                continue
            found = [_marks(s) for s in sides[:-1]]
            if _computed_upstream(found, sides[:-1]):
                # delta = dL/dz = g \odot 1[z > 0] = [..]: the upstream gradient the notes
                # compute, named before the expression; the numbers are the G they use
                found = [m for m in found if m is not None]
            if layered and any(m is not None and m[1] is not None for m in found):
                continue  # W^{(2)} of a network's layer 2
            slices = {_slice(m, spec, base, order) for m in found if m is not None}
            if None in found or len(slices) != 1 or any(m[0] not in GIVEN for m in found):
                continue
            (got,) = slices
            if got is not None:
                at = event.line + event.text[: piece.offset].count("\n")
                out.append((at, got[0], got[1], numbers))
    return tuple(out)


def _bias_number(sides: list[str]) -> Matrix | None:
    """[[v]] of ``b = v`` or ``b_f = v`` (one number), else None."""
    marked = _marks(sides[0])
    if marked is None or marked[0] != "b":
        return None
    try:
        return [[Scalar(_no_names).value(parse(sides[1]))]]
    except NotUnderstood:
        return None


def _computed_upstream(found: list[Marks | None], sides: list[str]) -> bool:
    """Whether a statement names the upstream gradient G first (``\\delta``) and as the
    derivative of the layer's output (``\\frac{\\partial L}{\\partial z}``), then computes it
    by an expression the marks do not read (``g \\odot 1[z > 0]``, ``Y - T``): its last side
    is the G the notes go on with, whatever the expression (a G is given, not derived by
    the layer).  A side that is another derivative (``\\partial L / \\partial a``, the
    gradient after an activation) is no such expression: that G is not the layer's."""
    if len(found) < 3 or found[0] is None or found[-1] is not None:
        return False
    if any(m is not None and m[0] != "G" for m in found):
        return False
    named = any(m is not None and _DERIVATIVE.search(s) for m, s in zip(found, sides, strict=True))
    unread = [s for m, s in zip(found, sides, strict=True) if m is None]
    return named and not any(_DERIVATIVE.search(s) for s in unread)


_DERIVATIVE = re.compile(r"\\partial|\\nabla|(?<![A-Za-z\\])d[A-Za-z]")


def _bias_list(sides: list[str], spec) -> list[tuple[int, Fraction]]:
    """[(filter, number)] of ``b = (1, -1)``: one number per filter, in the filters' order;
    empty where the side is no list of exactly as many numbers as the layer has filters
    (a list of another length is not the filters' biases)."""
    from symconv.checker.worked_signals import row_of

    marked = _marks(sides[0])
    if marked is None or marked[0] != "b" or any(m is not None for m in marked[1:]):
        return []
    numbers = row_of(sides[1].strip())
    if numbers is None or len(numbers) != 1 or len(numbers[0]) != spec.out_channels:
        return []
    return list(enumerate(numbers[0]))


class _Spec:
    def __init__(self, in_channels: int, out_channels: int, dims: int) -> None:
        self.in_channels, self.out_channels, self.dims = in_channels, out_channels, dims


def _values(model, document: str, line: int, base: int) -> tuple[dict[int, Fraction], dict]:
    """{variable: number} of every slice of the worked example in force at ``line``, and
    {variable: line} naming where each came from.

    A slice given again with other numbers begins a new example for its tensor: the
    tensor's other slices given before it belong to the old example and are dropped (a
    second example that restates X_1 and leaves X_2 out does not borrow the first one's
    X_2; an entry needing it is not understood, naming it)."""
    spec = model.spec
    tensors = model.layer.tensors
    held: dict[str, dict[tuple[int, int], tuple[int, Matrix]]] = {}
    channels = (spec.in_channels, spec.out_channels, 2)
    for at, tag, pair, numbers in _given_in(document, channels, base):
        if at >= line:
            break
        if tag == "b" and not spec.bias:
            continue  # b = 0 of a layer read without a bias
        slices = held.setdefault(tag, {})
        if pair in slices and slices[pair][1] != numbers:
            slices.clear()  # the same slice with other numbers: a new example
        slices[pair] = (at, numbers)
    values: dict[int, Fraction] = {}
    where: dict[int, int] = {}
    for tag, slices in held.items():
        for pair, (at, numbers) in slices.items():
            ids = tensors[tag].ids
            if tag == "b":  # one number per filter
                ids = ids.reshape(1, -1, 1, 1)
                pair = (0, pair[0])
            if not (0 <= pair[0] < ids.shape[0] and 0 <= pair[1] < ids.shape[1]):
                raise NotUnderstood(f"the notes give {_label(tag, pair, base)} past the layer's")
            bound = bind_grid(numbers, ids[pair[0], pair[1]], f"{tag} slice on line {at}")
            values.update(bound)
            where.update(dict.fromkeys(bound, at))
    return values, where


def slice_values(model, document: str, line: int, base: int) -> dict[int, Fraction]:
    """{variable: number} of every slice a worked example with several channels or filters
    gives before ``line`` (empty where the layer has one map each, or where the slices do
    not lie on the layer's): a chain's numbers are judged at them (formula_then_number.py).
    Only slices whose marks name their axis are bound (:func:`_slice`), so an entry that
    needs a slice the notes leave out has no value there and is not judged."""
    if not _several(model):
        return {}
    try:
        return _values(model, document, line, base)[0]
    except NotUnderstood:
        return {}


def _label(tag: str, pair: tuple[int, int], base: int) -> str:
    """``W`` filter 2 channel 1, ``X`` channel 3, ``G`` filter 1, as the notes count."""
    f, c = (p + base for p in pair)
    if tag == "W":
        return f"W's slice of filter {f} on channel {c}"
    return f"{tag}'s channel {c}" if tag == "X" else f"{tag}'s filter {c}"


def _at(poly, values: dict[int, Fraction], model, base: int) -> Fraction:
    missing = poly.variables() - set(values)
    if missing:
        name = model.describe(min(missing))
        raise NotUnderstood(
            f"the entry uses {name if isinstance(name, str) else name[0]}, which the notes "
            "give no number for"
        )
    return Fraction(poly.value(values))


def judge_channel_numbers(
    text: str, model, document: str, line: int, base: int, index_base: int | None = None
) -> dict | None:
    """The verdict of a claim about one slice of a worked example with several channels or
    filters, or about one output entry of it (None: not such a claim, or a slice the notes
    give).  ``base`` counts channels and filters, ``index_base`` positions (``base`` if
    None)."""
    if not _several(model) or "=" not in text:
        return None
    sides = _sides(text)
    entry = _ENTRY.match(_SPACES.sub("", sides[0]))
    if entry is not None and len(sides) > 1 and _arithmetic(sides[1:]):
        at = base if index_base is None else index_base
        return _output_entry(entry, sides, model, document, line, (base, at))
    marked = _marks(sides[0])
    if marked is None or (marked[1] is not None and _LAYER_MARKS.search(document)):
        return None
    numbers = matrix_of(sides[-1]) if len(sides) == 2 else None
    if numbers is not None and (marked[0] in GIVEN or marked[0] not in _WHAT):
        return None  # X_2 = [numbers]: given
    if numbers is None and (marked[0] != "db" or not _arithmetic(sides[1:])):
        return None  # a formula: the symbolic readers' (dL/db_f = \sum_{i,j} g^{(f)}_{ij})
    got = _slice(marked, model.spec, base, _pair_order(document))
    if got is None and marked[3] is not None:
        raise NotUnderstood(
            "which of W's two marks is the filter is not read: no formula of the notes "
            "defining the output writes W's pair of letters beside X's and Y's marks"
        )
    if got is None:
        raise NotUnderstood("which axis the slice's mark counts is not read")
    tag, pair = got
    if numbers is not None:
        return _matrix(marked[0], tag, pair, numbers, model, document, line, base)
    return _bias(pair[0], sides, model, document, line, base)


def _arithmetic(sides: list[str]) -> bool:
    """Whether every side is plain arithmetic on numbers (1 + 0 - 1, 3 \\cdot 4)."""
    try:
        for side in sides:
            Scalar(_no_names).value(parse(side))
    except NotUnderstood:
        return False
    return True


_WHAT = {"Y": "the output", "dX": "dL/dX", "dW": "dL/dW"}


def _matrix(role, tag, pair, claimed: Matrix, model, document, line, base) -> dict:
    values, where = _values(model, document, line, base)
    ids = model.layer.tensors[tag].ids
    if not (0 <= pair[0] < ids.shape[0] and 0 <= pair[1] < ids.shape[1]):
        raise NotUnderstood(f"slice {tuple(p + base for p in pair)} is past the layer's channels")
    grid = ids[pair[0], pair[1]]
    truth: Matrix = []
    used: set[int] = set()
    for r in range(grid.shape[0]):
        row = []
        for c in range(grid.shape[1]):
            full = (pair[0], pair[1], r, c)
            poly = model.forward(full) if role == "Y" else model.gradient(tag, full)
            row.append(_at(poly, values, model, base))
            used |= poly.variables()
        truth.append(row)
    lines = sorted({where[v] for v in used if v in where})
    what = _label(tag, pair, base).split("'s ", 1)[1]
    return compare_matrices(
        claimed,
        truth,
        f"{_WHAT[role]} ({what})",
        f"the slices given on lines {', '.join(map(str, lines))} (these numbers only)",
    )


def _no_names(name: str) -> Fraction:
    raise NotUnderstood(f"{name} in a worked example's arithmetic")


def _bias(f: int, sides: list[str], model, document, line, base) -> dict | None:
    """dL/db_f = 1 + 0 + 0 - 1 = 0: the sum of filter f's upstream gradient (the notes'
    G^{(f)}), each side plain arithmetic."""
    if not model.spec.bias or not 0 <= f < model.spec.out_channels:
        return None
    values, _ = _values(model, document, line, base)
    truth = _at(model.gradient("b", (f,)), values, model, base)
    claimed = [Scalar(_no_names).value(parse(side)) for side in sides[1:]]
    return compare(
        truth, claimed, f"the sum of filter {f + base}'s G given above (these numbers only)"
    )


# z_{11}, y_{1,2}, z_{2,1,1}: an output entry with number indices, written with its filter
# first where it has three (the layer's own order), with two only where there is one filter
_ENTRY = re.compile(
    r"^(?:\\(?:mathbf|bm|boldsymbol)\{)?[yYzZ]\}?_"
    r"(?:\{(\d+),(\d+)(?:,(\d+))?\}|\{(\d)(\d)\}|(\d)(\d))$"
)


def _output_entry(
    entry: re.Match, sides: list[str], model, document, line, bases: tuple[int, int]
) -> dict | None:
    """``z_{11} = 1 + (1 \\cdot 1 + ...) + (0 \\cdot 2 + ...) = 6``: one output entry of the
    worked example, summed over every channel (the layer's forward, a polynomial of the
    slices given above) against each side's arithmetic.  ``bases``: the channels' and the
    positions' first numbers."""
    base, at = bases
    digits = [int(g) for g in entry.groups() if g is not None]
    if len(digits) == 2:
        if model.spec.out_channels != 1:
            return None  # z_{11} of several filters: which filter, not read
        digits = [base, *digits]
    f, i, j = digits[0] - base, digits[1] - at, digits[2] - at
    grid = model.layer.tensors["G"].ids
    if not (0 <= f < grid.shape[1] and 0 <= i < grid.shape[2] and 0 <= j < grid.shape[3]):
        return None
    values, where = _values(model, document, line, base)
    poly = model.forward((0, f, i, j))
    truth = _at(poly, values, model, base)
    lines = sorted({where[v] for v in poly.variables() if v in where})
    claimed = [Scalar(_no_names).value(parse(side)) for side in sides[1:]]
    return compare(
        truth,
        claimed,
        f"the output entry ({i + at}, {j + at}) of filter {f + base}, summed over every "
        f"channel, at the slices given on lines {', '.join(map(str, lines))} (these numbers "
        "only)",
    )
