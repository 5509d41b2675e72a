"""A padded tensor the notes define by an operator: ``\\tilde G = \\operatorname{pad}_1(G)``.

Transposed-convolution notes define the padded upstream gradient once and then index it,
``\\tilde G(2i+m, 2j+n)``.  Padding by p on every side shifts every index by p, so an entry
of the padded tensor is an entry of the tensor itself with p taken off each index (zero
outside it, the checker's zero convention for computed indices):
``\\tilde G(2i+m,\\, 2j+n)`` -> ``G(2i+m - 1,\\, 2j+n - 1)``.  Only a definition the notes
write with the operator and a number is carried; the letter must be the one padded.
"""

from __future__ import annotations

import re

_DECORATION = r"\\(?:tilde|widetilde|hat|widehat|bar|check)"
_LETTER = r"(\\?[A-Za-z]+)"
_DEFINITION = re.compile(
    _DECORATION + r"\s*\{?\s*" + _LETTER + r"\s*\}?\s*:?=\s*"
    r"\\(?:operatorname|mathrm|text)\s*\{\s*pad\s*\}\s*_\s*\{?\s*(\d)\s*\}?\s*"
    r"(?:\\left\s*)?\(\s*\{?\s*([A-Za-z\\]+)\s*\}?\s*(?:\\right\s*)?\)"
)


def padded_definitions(document: str) -> dict[str, int]:
    """{letter: p} for every ``\\tilde L = \\operatorname{pad}_p(L)`` the notes write."""
    found: dict[str, int] = {}
    for m in _DEFINITION.finditer(document):
        if m.group(1) == m.group(3):
            found.setdefault(m.group(1), int(m.group(2)))
    return found


def carry_padded(text: str, defined: dict[str, int]) -> str:
    """Every indexed entry of a defined padded letter, as an entry of the letter itself."""
    for letter, p in defined.items():
        use = re.compile(
            _DECORATION + r"\s*\{?\s*" + re.escape(letter) + r"(?![A-Za-z])\s*\}?\s*(_\s*\{|\()"
        )
        out, at = [], 0
        for m in use.finditer(text):
            if m.start() < at:
                continue
            close = _closing(text, m.end() - 1)
            if close is None:
                return text
            inside = text[m.end() : close]
            shifted = ",".join(f"{part.rstrip()} - {p}" for part in _top_commas(inside))
            opener = "_{" if m.group(1).startswith("_") else "("
            closer = "}" if opener == "_{" else ")"
            out.append(text[at : m.start()] + f"{letter}{opener}{shifted}{closer}")
            at = close + 1
        text = "".join(out) + text[at:]
    return text


def _closing(text: str, start: int) -> int | None:
    """The index of the bracket closing the one at ``start``."""
    pairs = {"(": ")", "{": "}"}
    depth = 0
    for k in range(start, len(text)):
        if text[k] in pairs:
            depth += 1
        elif text[k] in pairs.values():
            depth -= 1
            if depth == 0:
                return k
    return None


def _top_commas(inside: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in inside:
        depth += ch in "({["
        depth -= ch in ")}]"
        if ch == "," and depth == 0 and not current.endswith("\\"):  # \, is a space
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]
