"""A padded tensor the notes define by an operator: ``\\tilde G = \\operatorname{pad}_1(G)``.

Transposed-convolution notes define the padded upstream gradient once and then index it,
``\\tilde G(2i+m, 2j+n)``.  Padding by p on every side shifts every index by p, so an entry
of the padded tensor is an entry of the tensor itself with p taken off each index (zero
outside it, the checker's zero convention for computed indices):
``\\tilde G(2i+m,\\, 2j+n)`` -> ``G(2i+m - 1,\\, 2j+n - 1)``.  Only a definition the notes
write with the operator and an amount is carried -- a number, or the kernel's ``k - 1``
(``\\hat g = \\operatorname{pad}_{k-1}(g)``, then ``\\hat g[r,s] = g[r-k+1,\\, s-k+1]``): the
letter must be the one padded, and its entries may be written ``_{...}``, ``(...)`` or
``[...]``.
"""

from __future__ import annotations

import re

_DECORATION = r"\\(?:tilde|widetilde|hat|widehat|bar|check)"
_LETTER = r"(\\?[A-Za-z]+)"
_DEFINITION = re.compile(
    _DECORATION + r"\s*\{?\s*" + _LETTER + r"\s*\}?\s*:?=\s*"
    r"\\(?:operatorname|mathrm|text)\s*\{\s*pad\s*\}\s*_\s*"
    r"(?:\{\s*(\d|[A-Za-z]\s*-\s*1)\s*\}|(\d))\s*"
    r"(?:\\left\s*)?\(\s*\{?\s*([A-Za-z\\]+)\s*\}?\s*(?:\\right\s*)?\)"
)


def padded_definitions(document: str) -> dict[str, str]:
    """{letter: p} for every ``\\tilde L = \\operatorname{pad}_p(L)`` the notes write (p a
    number, or a letter less one: ``k - 1``)."""
    found: dict[str, str] = {}
    for m in _DEFINITION.finditer(document):
        if m.group(1) == m.group(4):
            found.setdefault(m.group(1), re.sub(r"\s+", "", m.group(2) or m.group(3)))
    return found


def carry_padded(text: str, defined: dict[str, str]) -> str:
    """Every indexed entry of a defined padded letter, as an entry of the letter itself."""
    for letter, amount in defined.items():
        p = amount if amount.isdigit() else f"({amount.replace('-', ' - ')})"
        use = re.compile(
            _DECORATION + r"\s*\{?\s*" + re.escape(letter) + r"(?![A-Za-z])\s*\}?\s*(_\s*\{|\(|\[)"
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
            opener = "_{" if m.group(1).startswith("_") else m.group(1)
            closer = {"_{": "}", "(": ")", "[": "]"}[opener]
            out.append(text[at : m.start()] + f"{letter}{opener}{shifted}{closer}")
            at = close + 1
        text = "".join(out) + text[at:]
    return text


def _closing(text: str, start: int) -> int | None:
    """The index of the bracket closing the one at ``start``."""
    pairs = {"(": ")", "{": "}", "[": "]"}
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


_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4}
# "pad `dy` with two rows/columns of zeros on every side (call it `dy_pad`, 7x7)"
_CODE_PADDED = re.compile(
    r"\bpad\s+`(?P<base>\w+)`\s+with\s+(?P<p>\d|one|two|three|four)\s+rows?"
    r"(?:\s*(?:/|and|or)\s*columns?)?\s+of\s+zeros?\s+(?:on\s+(?:every|each|all)\s+sides?|"
    r"all\s+(?:a)?round)[^`.]{0,30}?\b(?:call(?:ed)?\s+it|named?|as)\s+`(?P<name>\w+)`",
    re.IGNORECASE,
)


def code_padded(text: str, document: str) -> str:
    """Every indexed entry ``dy\\_pad[a, b]`` of a padded copy the prose names in code
    ("pad `dy` with two rows/columns of zeros on every side (call it `dy_pad`)"), as an
    entry of the copied tensor with p taken off each index: ``dy[a - 2, b - 2]``."""
    for m in _CODE_PADDED.finditer(document):
        word = m.group("p").lower()
        p = int(word) if word.isdigit() else _COUNTS[word]
        name = re.escape(m.group("name")).replace("_", r"\\?_")
        use = re.compile(r"(?<![A-Za-z\\])" + name + r"\s*\[([^\[\]]*)\]")
        base = m.group("base")

        def shifted(u: re.Match, base: str = base, p: int = p) -> str:
            indices = ", ".join(f"{i.strip()} - {p}" for i in u.group(1).split(","))
            return f"{base}[{indices}]"

        text = use.sub(shifted, text)
    return text
