"""Operators written as functions inside an index claim: ``\\operatorname{pad}_2(G_{n,f})``,
``\\operatorname{dilate}_2(\\delta)``, ``\\operatorname{corr}_2(a_{n,c}, W_{f,c})`` (a valid
correlation with stride 2), ``\\operatorname{conv}_{\\mathrm{full}}(A, B)`` (the full true
convolution), as the unseen dev notes write them beside sums over channels and samples.

Each acts on the arrays the evaluator already has (one map: the last one or two axes), so
``\\sum_{f} \\operatorname{pad}_2(G_{n,f}) \\star \\operatorname{rot}_{180}(W_{f,c})`` is judged
map by map like any other sum.  A valid correlation keeps its operand order (the second
slides over the first).
"""

from __future__ import annotations

from symconv.checker.algebra import Arr, Value
from symconv.checker.items import OPERATOR_WORDS, TextNode
from symconv.checker.limits import Budget, NotUnderstood
from symconv.checker.sliding import slide, spatial
from symconv.checker.syntax import Factor
from symconv.checker.written_names import plain
from symconv.ops import Crop, Dilate, Pad

WORDS = OPERATOR_WORDS


def operator_call(item) -> tuple[str, str] | None:
    """(word, its subscript as written) for ``\\operatorname{pad}_2``, ``corr``, ..."""
    base, sub = (
        (item.base, item.sub) if isinstance(item, Factor) and item.sup is None else (item, None)
    )
    if not isinstance(base, TextNode) or base.content.replace(" ", "") not in WORDS:
        return None
    written = plain(sub) if sub is not None else ""
    if written is None:
        written = _number_list(sub)
    if written is None:  # pad_{1,-5,1,-5}: left to the operator reader
        return None
    return base.content.replace(" ", ""), written


def _number_list(sub) -> str | None:
    """``{0,1,0,1}``: a comma list of plain numbers as written, else None."""
    body = getattr(sub, "body", None)
    sides = getattr(body, "sides", None)
    if not sides or len(sides) != 1:
        return None
    parts = [plain(e) for e in sides[0].exprs]
    if len(parts) < 2 or not all(p is not None and p.isdigit() for p in parts):
        return None
    return ",".join(p for p in parts if p is not None)


def _maps(value: Value, word: str) -> Arr:
    if not isinstance(value, Arr) or value.data.ndim not in (1, 2):
        raise NotUnderstood(f"{word} of something that is not one map")
    return value


def _number(word: str, written: str, default: int) -> int:
    if not written:
        return default
    if not written.isdigit():
        raise NotUnderstood(f"{word}_{{{written}}}: only a number is read there")
    return int(written)


def _sides(word: str, written: str, a: Arr) -> tuple[int, ...]:
    """pad_p / crop_p as symconv prints them: p on every side, (l, r) of a row, (rows,
    columns) or (top, bottom, left, right) of a matrix."""
    parts = written.split(",") if written else ["0"]
    if not all(p.strip().isdigit() for p in parts) or len(parts) not in (1, 2, 4):
        raise NotUnderstood(f"{word}_{{{written}}}: one, two or four numbers are read")
    n = [int(p) for p in parts]
    if len(n) == 1:
        return (n[0],) * 4
    if len(n) == 2 and a.data.ndim == 2 and a.shape[1] == 1 < a.shape[0]:
        return (n[0], n[1], 0, 0)  # a 1-D layer's vector written as a column
    if len(n) == 2:
        return (0, 0, *n) if a.data.ndim == 1 or a.shape[0] == 1 else (n[0], n[0], n[1], n[1])
    return tuple(n)


def call(word: str, written: str, args: list[Value], budget: Budget) -> Value:
    """The operator applied to its evaluated arguments, through the ops nodes."""
    if word in ("pad", "dilate", "crop"):
        if len(args) != 1:
            raise NotUnderstood(f"{word} takes one argument")
        a = _maps(args[0], word)
        if word != "dilate":
            return spatial(a, Crop if word == "crop" else Pad, _sides(word, written, a))
        n = _number(word, written, 1)
        return spatial(a, Dilate, (n, n))
    if len(args) != 2:
        raise NotUnderstood(f"{word} takes two arguments")
    first, second = (_maps(v, word) for v in args)
    if word == "conv":
        if written not in ("", "full", "valid"):
            raise NotUnderstood(f"conv_{{{written}}} is not read")
        return slide(first, second, "convolution", "full" if written == "full" else "valid", budget)
    return slide(
        first,
        second,
        "correlation",
        "valid",
        budget,
        ordered=True,
        stride=_number(word, written, 1),
    )
