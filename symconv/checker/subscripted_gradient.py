"""An upstream gradient the notes name with a label: "upstream gradient $G_P$",
"$\\delta_{\\text{out}}$, the gradient arriving from above", "el gradiente que llega
$G_{\\text{pool}}$".

The label says which layer the gradient belongs to; it is no index.  Read as one, ``G_P``
is "G at index P" and every claim that uses it is not understood ("G has 1 index").  Where
the notes' words name such a letter the upstream gradient, the claim is read with the plain
letter (G, or \\delta).  Only labels that cannot be indices are read so: a capital letter
or a word (``G_P``, ``G_{\\text{out}}``, ``\\delta_{pool}``), never ``g_i``.
"""

from __future__ import annotations

import functools
import re

_LABEL = (
    r"(?:[A-Z]|\{\s*[A-Z]\s*\}|\{\s*\\(?:text|mathrm)\s*\{\s*[A-Za-z]{2,}\s*\}\s*\}"
    r"|\{\s*[a-z]{3,}\s*\})"  # {out}, {pool}; never {ij}, an index pair
)
_NAME = r"(?P<letter>G|g|\\delta|\\Delta)\s*_\s*(?P<label>" + _LABEL + r")"
_NAMED = re.compile(
    r"(?i:upstream|incoming|arriving|from above|from the next layer|que llega|de arriba"
    r"|entrante|qui arrive|amont)[^.$]{0,30}?\$\s*" + _NAME + r"\s*(?:=|\$)"
    r"|\$\s*"
    + _NAME.replace("letter", "letter2").replace("label", "label2")
    + r"\s*\$[^.$]{0,30}?(?i:upstream|incoming|arriving|from above|que llega|entrante)"
)


def _compact(label: str) -> str:
    return re.sub(r"\s+", "", label)


# every claim asks it of the same document: one search over the whole of it each time
@functools.lru_cache(maxsize=16)
def labelled_upstream(document: str) -> tuple[tuple[str, str], ...]:
    """(letter, label) of each upstream gradient the notes name with a label."""
    found = []
    for m in _NAMED.finditer(document):
        letter = m.group("letter") or m.group("letter2")
        label = m.group("label") or m.group("label2")
        found.append((letter, _compact(label)))
    return tuple(found)


def plain_upstream(text: str, document: str) -> str:
    """``text`` with each labelled upstream gradient the notes name written as its letter."""
    for letter, label in labelled_upstream(document):
        inner = label.strip("{}")
        pattern = re.escape(letter) + r"\s*_\s*(?:" + re.escape(label) + "|" + re.escape(inner)
        pattern += r"|\{\s*" + re.escape(inner) + r"\s*\})(?![A-Za-z0-9])"
        text = re.sub(pattern, lambda _m, p=letter: p, text)
    return text
