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
    r"|\\mathrm\{(?:ReLU|relu)\}|ReLU|relu)\s*(\\left\s*)?\("
)
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


def _top_level_terms(side: str) -> list[str]:
    """The terms of a side (``+`` and ``-`` outside brackets, braces and sums' bodies in
    braces)."""
    terms, depth, start = [], 0, 0
    for k, ch in enumerate(side):
        depth += (ch in "({[") - (ch in ")}]")
        if ch in "+-" and depth == 0 and side[:k].strip():
            terms.append(side[start:k])
            start = k + 1
    terms.append(side[start:])
    return terms


def _argument(side: str) -> tuple[str, str] | None:
    """(function, argument) when the whole side is ``f(argument)``, else None."""
    found = _FUNCTION.match(side)
    if found is None:
        return None
    depth = 0
    for k in range(found.end() - 1, len(side)):
        depth += (side[k] == "(") - (side[k] == ")")
        if depth == 0:
            inner = side[found.end() : k]
            rest = side[k + 1 :].strip()
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


def defines_activation(text: str) -> bool:
    """``a^{[l]} = \\operatorname{ReLU}(z^{[l]})``: a name given to an activation's result,
    which defines it and claims nothing the layer can be checked against."""
    sides = _top_level_split(text)
    return (
        len(sides) == 2
        and bool(_NAME.fullmatch(sides[0].replace(" ", "")))
        and _argument(sides[1]) is not None
    )


# \sigma'(z^l_{i,j}), f'\left(z_{ij}\right): the activation's derivative at one entry
_DERIVATIVE = re.compile(
    r"(?:\\sigma|\\varphi|\\phi|f|g)\s*'\s*(?:\\left\s*)?\(\s*([^()]*?)\s*"
    r"(?:\\right\s*)?\)"
)
_PRE_ACTIVATION = re.compile(r"z\s*\^\s*\{?\s*l\s*\}?\s*(_\s*\{[^{}]*\})")
_NEXT_LAYER = re.compile(r"\^\s*\{\s*l\s*\+\s*1\s*\}")


# \frac{\partial z^{l+1}_{x,y}}{\partial z^l_{i,j}}: the next layer's z by this layer's z
_NEXT_BY_THIS = re.compile(
    r"\\frac\s*\{\s*\\partial\s*z\s*\^\s*\{\s*l\s*\+\s*1\s*\}\s*(_\s*\{[^{}]*\})\s*\}"
    r"\s*\{\s*\\partial\s*z\s*\^\s*\{?\s*l\s*\}?\s*(_\s*\{[^{}]*\})\s*\}"
)


def through_activation(text: str, input_letter: str) -> str | None:
    """``dL/dx_{i,j} = \\sum_x \\sum_y \\delta_{x,y} \\omega_{i-x,j-y}`` for the recursion
    ``\\delta^l_{i,j} = \\sum_x \\sum_y \\delta^{l+1}_{x,y} \\omega^{l+1}_{i-x,j-y}
    \\sigma'(z^l_{i,j})``: the chain rule through the activation a^l = \\sigma(z^l), whose
    derivative every term carries, is the next layer's input gradient times \\sigma'(z^l).
    The chain rule through the next layer's z, ``\\sum_x \\sum_y \\frac{\\partial L}{\\partial
    z^{l+1}_{x,y}} \\frac{\\partial z^{l+1}_{x,y}}{\\partial z^l_{i,j}}``, is read the same way:
    dz^{l+1}/dz^l_{i,j} = dz^{l+1}/da^l_{i,j} \\sigma'(z^l_{i,j}) exactly, a^l being \\sigma(z^l)
    entry by entry, so the term becomes dz^{l+1}/dx_{i,j} of the next layer.

    Only when each side after the first (a name for dL/dz^l_{i,j}) has every term carrying
    \\sigma' of that same entry, or the derivative by that same entry, once, and names tensors
    of the next layer (^{l+1}); the next layer is then judged as the layer, its input written
    ``input_letter``."""
    sides = _top_level_split(text)
    if len(sides) < 2 or not _NEXT_LAYER.search(text):
        return None
    indices = {m.group(2).replace(" ", "") for m in _NEXT_BY_THIS.finditer(text)}
    for m in _DERIVATIVE.finditer(text):
        entry = _PRE_ACTIVATION.fullmatch(m.group(1).replace(" ", ""))
        if entry is None:
            return None
        indices.add(entry.group(1))
    if len(indices) != 1:
        return None
    index = indices.pop()
    by_name = re.compile(r"\\delta\^\{?l\}?" + re.escape(index))
    by_fraction = re.compile(
        r"\\frac\{\\partial(?:L|Loss)\}\{\\partialz\^\{?l\}?" + re.escape(index) + r"\}"
    )
    if not (
        by_name.fullmatch(sides[0].replace(" ", ""))
        or by_fraction.fullmatch(sides[0].replace(" ", ""))
    ):
        return None  # \delta^l_{i,j}, dL/dz^l_{i,j} at that same entry
    rest = []
    for side in sides[1:]:
        if by_fraction.fullmatch(side.replace(" ", "")):
            continue  # = \frac{\partial Loss}{\partial z^l_{i,j}}: the definition again
        terms = _top_level_terms(side)
        if any(len(_DERIVATIVE.findall(t)) + len(_NEXT_BY_THIS.findall(t)) != 1 for t in terms):
            return None
        side = _NEXT_BY_THIS.sub(
            lambda m: (
                f"\\frac{{\\partial z^{{l+1}}{m.group(1)}}}{{\\partial {input_letter}{m.group(2)}}}"
            ),
            side,
        )
        rest.append(_DERIVATIVE.sub(" ", side))
    if not rest:
        return None
    return " = ".join([f"\\frac{{\\partial L}}{{\\partial {input_letter}{index}}}", *rest])
