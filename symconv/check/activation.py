"""A layer's activation applied element-wise: ``A^l = \\sigma(Z^l) = \\sigma(A^{l-1} * W^l + B^l)``.

The activation is no part of the layer symconv derives, but a chain whose sides after the
first are all the same activation function applied to something claims that those
somethings are equal (``Z^l = A^{l-1} * W^l + B^l``): equal arguments give equal values, and
arguments that differ do not give equal values for every activation (not for the sigmoid,
which is one-to-one), so judging the arguments judges the claim.  The first side, a bare
name (``A^l``), only names the result.
"""

from __future__ import annotations

import re

_FUNCTION = re.compile(
    r"(\\sigma|\\varphi|\\phi|\\tanh|\\operatorname\{(?:ReLU|relu)\}|\\text\{(?:ReLU|relu)\}"
    r"|\\mathrm\{(?:ReLU|relu)\}|ReLU|relu)\s*(\\left\s*)?\(")
_NAME = re.compile(r"[A-Za-z](?:\^(?:\{[^{}]*\}|[A-Za-z0-9]))?")


def _top_level_split(text: str) -> list[str]:
    """The sides of ``a = b = c`` (``=`` outside brackets and braces)."""
    sides, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        depth += (ch in "({[") - (ch in ")}]")
        if ch == "=" and depth == 0:
            sides.append(text[start:k])
            start = k + 1
    sides.append(text[start:])
    return [s.strip() for s in sides]


def _argument(side: str) -> tuple[str, str] | None:
    """(function, argument) when the whole side is ``f(argument)``, else None."""
    found = _FUNCTION.match(side)
    if found is None:
        return None
    depth = 0
    for k in range(found.end() - 1, len(side)):
        depth += (side[k] == "(") - (side[k] == ")")
        if depth == 0:
            inner = side[found.end():k]
            rest = side[k + 1:].strip()
            inner = re.sub(r"\\right\s*$", "", inner.strip())
            return (found.group(1), inner.strip()) if not rest else None
    return None


def activation_arguments(text: str) -> str | None:
    """``Z = X * W + B`` for ``A = \\sigma(Z) = \\sigma(X * W + B)``, or None when the text
    is not such a chain (at least two sides under one activation, the first side a name)."""
    sides = _top_level_split(text)
    if len(sides) < 2:
        return None
    head = sides[1:] if _NAME.fullmatch(sides[0]) else sides
    found = [_argument(s) for s in head]
    if len(head) < 2 or any(f is None for f in found) or len({f[0] for f in found}) != 1:
        return None
    return " = ".join(f[1] for f in found)
