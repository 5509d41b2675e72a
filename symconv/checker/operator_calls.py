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

from symconv.checker.algebra import Arr, Budget, Poly, Value, array, slide
from symconv.checker.items import OPERATOR_WORDS, TextNode
from symconv.checker.limits import NotUnderstood
from symconv.checker.syntax import Factor
from symconv.checker.written_names import plain

WORDS = OPERATOR_WORDS


def operator_call(item) -> tuple[str, str] | None:
    """(word, its subscript as written) for ``\\operatorname{pad}_2``, ``corr``, ..."""
    base, sub = (item.base, item.sub) if isinstance(item, Factor) and item.sup is None \
        else (item, None)
    if not isinstance(base, TextNode) or base.content.replace(" ", "") not in WORDS:
        return None
    written = plain(sub) if sub is not None else ""
    if written is None:
        raise NotUnderstood(f"{base.content}: its subscript is not a number or a word")
    return base.content.replace(" ", ""), written


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


def call(word: str, written: str, args: list[Value], budget: Budget) -> Value:
    """The operator applied to its evaluated arguments."""
    if word in ("pad", "dilate"):
        if len(args) != 1:
            raise NotUnderstood(f"{word} takes one argument")
        a = _maps(args[0], word).data
        n = _number(word, written, 0 if word == "pad" else 1)
        if word == "pad":
            shape = tuple(s + 2 * n for s in a.shape)
            return Arr(array(shape, lambda i: _at(a, tuple(k - n for k in i))))
        shape = tuple((s - 1) * n + 1 for s in a.shape)
        return Arr(array(shape, lambda i: a[tuple(k // n for k in i)]
                         if all(k % n == 0 for k in i) else Poly()))
    if len(args) != 2:
        raise NotUnderstood(f"{word} takes two arguments")
    first, second = (_maps(v, word) for v in args)
    if word == "conv":
        mode = "full" if written == "full" else "valid"
        if written not in ("", "full", "valid"):
            raise NotUnderstood(f"conv_{{{written}}} is not read")
        return slide(first, second, "convolution", mode, budget)
    stride = _number(word, written, 1)
    out = slide(first, second, "correlation", "valid", budget, ordered=True)
    if stride == 1:
        return out
    return Arr(out.data[tuple(slice(None, None, stride) for _ in out.data.shape)].copy())


def _at(a, index: tuple[int, ...]) -> Poly:
    inside = all(0 <= k < s for k, s in zip(index, a.shape, strict=True))
    return a[index] if inside else Poly()

