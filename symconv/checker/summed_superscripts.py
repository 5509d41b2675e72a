"""A sum over a letter the claim writes only as a bracketed superscript: ``\\sum_{c=1}^{2}
w^{(c)}_{uv} x^{(c)}_{i+u-1, j+v-1}``.

Notes that number channels or filters by a superscript in brackets (``x^{(c)}``, ``W^{(f)}``,
``a^{[k]}``) write the same way as notes that number layers (``W^{(l)}``, ``a^{[2]}``), and
the entry readers drop such a mark as a layer's.  Dropped from a letter the claim sums
over, the mark leaves every term of the sum the same entry: the sum over two channels
counts one channel's products twice, so a right claim reads as wrong (and a mistake in the
channel index as right).  Which axis the superscript indexes is not read, so a verdict on
such a claim is not given (not understood); a superscript letter that is not summed
(``y^{(c)} = x^{(c)} \\star w^{(c)}``, one channel at a time) is unaffected, and so is a
sample's letter (``x^{(n)}``, ``\\delta^{(i)}``: refs.SAMPLE_LETTERS), read as the batch axis.
"""

from __future__ import annotations

import re

from symconv.checker.refs import SAMPLE_LETTERS
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

# \sum_{c=1}^{2}, \sum_{c = 0}^{C-1}, \sum_c, \sum_{c}, \sum_{c,u,v}, \sum\limits_{c}
_SUM = re.compile(
    r"\\sum(?:\\limits|\\nolimits)?\s*_\s*(?:\{(?P<braced>[^{}]*)\}|(?P<bare>[A-Za-z]))"
)
# a tensor letter (or \delta) with a letter in brackets as its superscript: x^{(c)}, W^{[f]}
_MARK = re.compile(
    r"(?:\\[A-Za-z]+|(?<![A-Za-z\\])[A-Za-z])\s*\^\s*(?:\{\s*[(\[]\s*(?P<a>[A-Za-z])\s*[)\]]\s*\}"
    r"|[(\[]\s*(?P<b>[A-Za-z])\s*[)\]])"
)
_LAYER_LETTERS = frozenset("lL")


def summed_letters(text: str) -> set[str]:
    """The index letters the claim's sums run over."""
    found: set[str] = set()
    for m in _SUM.finditer(text):
        if m.group("bare"):
            found.add(m.group("bare"))
            continue
        head = m.group("braced").split("=")[0]
        found |= {x.strip() for x in head.split(",") if re.fullmatch(r"\s*[A-Za-z]\s*", x)}
    return found


def summed_superscript(text: str) -> str | None:
    """The letter the claim sums over and writes as a bracketed superscript, or None."""
    marks = {m.group("a") or m.group("b") for m in _MARK.finditer(text)}
    marks -= _LAYER_LETTERS | SAMPLE_LETTERS  # x^{(n)}: the batch axis, read (refs.py)
    both = sorted(marks & summed_letters(text))
    return both[0] if both else None


def unless_summed_superscript(found: dict | None, text: str) -> dict | None:
    """``found`` (verified or wrong) made not understood where the claim sums over a
    letter it writes only as a bracketed superscript."""
    if found is None or found.get("status") not in (VERIFIED, WRONG):
        return found
    letter = summed_superscript(text)
    if letter is None:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"the claim sums over {letter}, which it writes as a superscript "
            f"(^{{({letter})}}); which axis that superscript indexes is not read"
        ),
    }
