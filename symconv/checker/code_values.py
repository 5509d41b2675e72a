"""A worked example's numbers given in NumPy or PyTorch code: "Minimal case: one channel,
`X = np.arange(1, 17).reshape(4, 4)`, ... and `dY = np.ones((2, 2))`", or a notebook cell
``K = torch.tensor([[1., -1], [2, 0]], requires_grad=True)``.

Notes that work an example in code give its tensors this way, and the claims after them
("dX is just W tiled: [numbers]") are about those numbers.  The constructors are read, never
run: ``arange`` (integers, then ``.reshape``/``.view`` to two sides), ``ones``, ``zeros``,
``full`` (a shape and one number), ``array``/``tensor`` (a nested list of plain numbers;
keyword arguments such as ``dtype`` or ``requires_grad`` change no value).  Anything else
(``np.random``, ``zeros_like``, names or arithmetic inside the call) is not a given.  Leading
axes of size 1 are dropped, a 1-D result is one row; more than two axes is not read.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.split import split_top

Matrix = list[list[Fraction]]

# NAME = np.f(, NAME = torch.f(: the name a few characters long, not an attribute
_CALL = re.compile(
    r"(?<![\w.\[])([A-Za-z]\w{0,3})\s*=\s*(?:np|numpy|torch)\s*\.\s*"
    r"(arange|ones|zeros|full|array|tensor)\s*\("
)
_NUMBER = re.compile(r"\s*(-?\s*\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|-?\s*\.\d+)\s*")
_INT = re.compile(r"\s*(\d+)\s*")
_RESHAPE = re.compile(r"\s*\.\s*(?:reshape|view)\s*\(")
_KEYWORD = re.compile(r"\s*[A-Za-z_]\w*\s*=")


def _closing(text: str, start: int) -> int | None:
    """The index of the bracket closing the one opened just before ``start``."""
    depth = 1
    for k in range(start, len(text)):
        if text[k] in "([{":
            depth += 1
        elif text[k] in ")]}":
            depth -= 1
            if depth == 0:
                return k
    return None


def _top_level(args: str) -> list[str]:
    """``args`` split at the commas outside brackets."""
    return [part for _, part in split_top(args, (",",)) if part.strip()]


def _number(text: str) -> Fraction | None:
    m = _NUMBER.fullmatch(text)
    return None if m is None else Fraction(m.group(1).replace(" ", ""))


def _ints(text: str) -> list[int] | None:
    """``(2, 2)``, ``2, 2``, ``(4,)``, ``4``: a shape."""
    inner = text.strip()
    if inner[:1] in "([" and inner[-1:] in ")]":
        inner = inner[1:-1]
    parts = [p for p in inner.split(",") if p.strip()]
    if not parts or not all(_INT.fullmatch(p) for p in parts):
        return None
    return [int(p) for p in parts]


def _nested(text: str) -> list | Fraction | None:
    """A nested list of numbers (``[[1., 2], [3, -1]]``), else None."""
    text = text.strip()
    if text[:1] == "[" and text[-1:] == "]":
        items = [_nested(p) for p in _top_level(text[1:-1])]
        return None if not items or any(i is None for i in items) else items
    return _number(text)


def _shape_of(value) -> list[int] | None:
    if isinstance(value, Fraction):
        return []
    shapes = [_shape_of(v) for v in value]
    if any(s is None for s in shapes) or any(s != shapes[0] for s in shapes):
        return None
    return [len(value), *shapes[0]]


def _flat(value) -> list[Fraction]:
    if isinstance(value, Fraction):
        return [value]
    return [v for item in value for v in _flat(item)]


def _matrix(values: list[Fraction], shape: list[int]) -> Matrix | None:
    """``values`` in row-major order as a matrix of ``shape`` (leading 1s dropped)."""
    while len(shape) > 2 and shape[0] == 1:
        shape = shape[1:]
    if len(shape) == 1:
        shape = [1, shape[0]]
    if len(shape) != 2 or shape[0] * shape[1] != len(values) or not values:
        return None
    h, w = shape
    return [values[r * w : (r + 1) * w] for r in range(h)]


def _constructed(kind: str, args: list[str]) -> tuple[list[Fraction], list[int]] | None:
    """(the values in row-major order, the shape) of one constructor call."""
    args = [a for a in args if not _KEYWORD.match(a)]
    if kind in ("ones", "zeros"):
        shape = _ints(",".join(args)) if args else None
        if shape is None:
            return None
        count = 1
        for n in shape:
            count *= n
        return [Fraction(1 if kind == "ones" else 0)] * count, shape
    if kind == "full":
        if len(args) != 2:
            return None
        shape, fill = _ints(args[0]), _number(args[1])
        if shape is None or fill is None:
            return None
        count = 1
        for n in shape:
            count *= n
        return [fill] * count, shape
    if kind == "arange":
        ints = [_INT.fullmatch(a) for a in args]
        if not 1 <= len(args) <= 3 or not all(ints):
            return None
        bounds = [int(a) for a in args]
        start, stop, step = (0, bounds[0], 1) if len(bounds) == 1 else (*bounds[:2], 1)
        if len(bounds) == 3:
            step = bounds[2]
        if step <= 0:
            return None
        values = [Fraction(v) for v in range(start, stop, step)]
        return values, [len(values)]
    if len(args) != 1:  # array, tensor
        return None
    nested = _nested(args[0])
    shape = _shape_of(nested) if nested is not None else None
    if not shape:
        return None
    return _flat(nested), shape


def code_values(text: str) -> list[tuple[str, Matrix, str]]:
    """Every (name, numbers, code) a line of the notes gives in NumPy or PyTorch code."""
    out = []
    for m in _CALL.finditer(text):
        end = _closing(text, m.end())
        if end is None:
            continue
        made = _constructed(m.group(2), _top_level(text[m.end() : end]))
        if made is None:
            continue
        values, shape = made
        after = end + 1
        reshape = _RESHAPE.match(text, after)
        if reshape is not None:
            close = _closing(text, reshape.end())
            new = _ints(text[reshape.end() : close]) if close is not None else None
            if new is None:
                continue
            shape, after = new, close + 1  # type: ignore[operator]
        if text[after:].lstrip()[:1] in tuple(".[*+-/@%"):
            continue  # .T, [0], * 2 after it: another value than the call's
        numbers = _matrix(values, shape)
        if numbers is not None:
            out.append((m.group(1), numbers, text[m.start() : after]))
    return out


_COMMENT = re.compile(r"#.*$")
_MOST_LINES = 64  # a matrix one row per line: far more rows than any worked example has


def code_lines(document: str) -> list[tuple[int, str]]:
    """(line number, text) of each line of ``document``, where a constructor call left open
    at the line's end joined with the lines that close it: a notebook writes a matrix one
    row per line (``X = np.array([[ 2, 1, 0],`` then ``[ 1, 2, -1]], dtype=...)``), which is
    one Python statement, as the interpreter joins lines inside brackets.  A ``#`` comment
    of a continued line is dropped, as Python drops it."""
    lines = document.split("\n")
    out = []
    for at, text in enumerate(lines, start=1):
        calls = list(_CALL.finditer(text))
        if calls and _closing(text, calls[-1].end()) is None:
            joined = _COMMENT.sub("", text)
            for more in lines[at : at + _MOST_LINES]:
                joined += " " + _COMMENT.sub("", more)
                if _closing(joined, calls[-1].end()) is not None:
                    text = joined
                    break
        out.append((at, text))
    return out


# the one-letter names a worked example gives its input and kernel under (as scan_math's
# matrices written out in the math): a matrix's shape is that tensor's size
_SIZE_ROLE = {**dict.fromkeys("XxI", "input"), **dict.fromkeys("WwK", "kernel")}


def code_array_facts(block: str) -> list[tuple[str, str, str]]:
    """(key, value, how) of the sizes a code block's arrays of numbers give: ``X =
    np.array([[...], ...])`` with 5 rows of 5 numbers is a 5x5 input, ``W = torch.tensor(
    [[...]])`` 3x3 a 3x3 kernel (one map each, as a matrix written out in the math is).  A
    name given two shapes in one block gives none: which one the layer has is not read."""
    shapes: dict[str, set[str]] = {}
    for _, text in code_lines(block):
        for name, numbers, _source in code_values(text):
            role = _SIZE_ROLE.get(name)
            if role is not None and (len(numbers) > 1 or len(numbers[0]) > 1):
                shapes.setdefault(role, set()).add(f"{len(numbers)}x{len(numbers[0])}")
    facts = []
    for role, sizes in shapes.items():
        if len(sizes) != 1:
            continue
        how = f"the {role} written out as an array of numbers in code"
        facts.append((role, next(iter(sizes)), how))
        if role == "input":  # one map of numbers: a one-channel example
            facts.append(("in-channels", "1", how))
    return facts
