"""A single filter's bias named with a subscript: "sesgo escalar $b_0$", "a scalar bias
$b_0$", "the bias $b_1$", "$b_0$ is the bias".

With one filter the layer has one bias, and notes often name it ``b_0`` (the constant term
of a linear model, whatever the index base).  In 1-based notes ``b_0`` is not an entry of
the bias, and reading it as one calls ``y_{ij} = \\sum w_{ab} x_{..} + b_0`` wrong ("missing
b_1; extra b_0").  The prose that names it says ``b_0`` *is* the bias: the claim's ``b_0`` is
then read as the layer's one bias, ``b`` -- only where the layer has a single filter (with
several, ``b_0`` is one filter's bias and is read as written).
"""

from __future__ import annotations

import functools
import re

_WORD = r"(?:bias|sesgo|biais|Bias|offset|t[ée]rmino\s+independiente|intercept)"
_NAME = r"\$\s*(b_\{?\s*\d\s*\}?)\s*\$"
# "bias $b_0$", "sesgo escalar $b_0$", "scalar bias $b_0$", "$b_0$ (the bias)", "$b_0$ is the bias"
_NAMED = re.compile(
    rf"\b{_WORD}(?:\s+(?:escalar|scalar|term|común|compartido))?\s*(?:,\s*)?{_NAME}"
    rf"|{_NAME}\s*(?:\(\s*(?:the|el|la|un|a)?\s*{_WORD}|(?:is|es)\s+(?:the|el|un|a)\s+"
    rf"(?:(?:escalar|scalar)\s+)?{_WORD})",
    re.IGNORECASE,
)


# read once per document: every claim asks it of the same whole document
@functools.lru_cache(maxsize=16)
def scalar_bias_name(document: str) -> str | None:
    """The subscripted name the prose gives the bias (``b_0``), normalised to ``b_d``."""
    found = _NAMED.search(document)
    if found is None:
        return None
    name = found.group(1) or found.group(2)
    return "b_" + re.sub(r"\D", "", name)


def as_the_bias(text: str, name: str) -> str:
    """``text`` with each ``b_0`` / ``b_{0}`` (``name``) written as the bias ``b``; an index
    that merely starts with the digit (``b_{01}``) is left alone."""
    digit = name.removeprefix("b_")
    return re.sub(rf"(?<![A-Za-z\\])b_(?:\{{\s*{digit}\s*\}}|{digit}(?![\d]))", "b", text)
