"""A max-pooling routing case whose condition is said in words: "$g_{...}$ if $x_{ij}$ es el
máximo de su bloque", "$\\delta_{...}$ if $x_{ij}$ is the maximum of its window".

The words say x_{ij} is the largest entry of the window it belongs to; the case's value
names that window by its index into G.  So the condition is read as ``x_{ij} = y_{...}``
with the value's own index: y at that index is the maximum of the window the claim routes
to.  Where the claim's index is not x's window (a floor where a ceiling is due), either the
value reads outside G or the condition fails where x is its window's maximum, and the
routing checker (:mod:`.pool_routing`) finds the difference at its inputs.
"""

from __future__ import annotations

import re

_INDEX = r"\{(?P<idx>(?:[^{}]|\{[^{}]*\})*)\}"
_ROW = re.compile(
    r"(?P<value>(?:[gG]|\\delta|\\Delta)_" + _INDEX + r")(?P<between>[^&]*)&(?P<cond>.*?)"
    r"(?=\\\\|\\end\{cases\})",
    re.S,
)
_MAX_WORDS = re.compile(
    r"(?P<entry>[xXaA]_(?:\{[^{}]*\}|[a-z0-9]{2}))\s*\\text\s*\{\s*(?:es\s+el\s+m[áa]ximo|"
    r"is\s+the\s+(?:max(?:imum)?|largest)|is\s+(?:its|the)\s+(?:window|block)'?s?\s+max(?:imum)?|"
    r"ist\s+das\s+Maximum|est\s+le\s+maximum)[^{}]*\}",
    re.IGNORECASE,
)


def with_worded_maximum(text: str) -> str:
    """``text`` with each worded "x is the maximum of its window" condition of a cases row
    written ``x = y_{index of the row's value}``."""

    def row(m: re.Match[str]) -> str:
        cond = _MAX_WORDS.sub(lambda w: f"{w.group('entry')} = y_{{{m.group('idx')}}}", m["cond"])
        return f"{m['value']}{m['between']}&{cond}"

    return _ROW.sub(row, text)
