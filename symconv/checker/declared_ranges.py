"""Index ranges the prose declares, for sums that do not write theirs.

"$x_{pq}$ with $1 \\le p, q \\le 4$, $w_{mn}$ with $1 \\le m, n \\le 2$, and ... $\\sum_{m}
\\sum_{n} \\delta_{ma}\\,\\delta_{nb}\\, x_{i+m-1,\\,j+n-1}$": the sum over m addresses no
tensor at an axis of its own (m appears in a delta and shifted in x), so its range cannot
be learned from the body (implicit_sums.py); the notes said it a few lines above.  The
latest declaration of a letter before the claim gives its range, as written (in the notes'
own index base, as the evaluator binds indices).
"""

from __future__ import annotations

import re
from contextvars import ContextVar

RANGES: ContextVar[dict[str, tuple[int, int]] | None] = ContextVar("declared_ranges", default=None)

# "1 \le m, n \le 2", "0 \leq i,j \leq 4", "1 ≤ p ≤ 4"
_RANGE = re.compile(
    r"(-?\d+)\s*(?:\\leq?|≤|<=)\s*([a-z](?:\s*,\s*(?:\\[,;! ]\s*)?[a-z])*)\s*"
    r"(?:\\leq?|≤|<=)\s*(-?\d+)"
)


def declared_ranges(document: list[str], line: int) -> dict[str, tuple[int, int]]:
    """Each letter's latest declared range in the lines before ``line`` (1-based)."""
    found: dict[str, tuple[int, int]] = {}
    for text in document[: max(0, line - 1)]:
        for m in _RANGE.finditer(text):
            lo, hi = int(m.group(1)), int(m.group(3))
            if lo > hi:
                continue
            for letter in re.findall(r"[a-z]", m.group(2)):
                found[letter] = (lo, hi)
    return found
