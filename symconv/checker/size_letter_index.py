"""A capital letter read as a free index is a size or a tensor, not an index: no "wrong".

"Each output still sees $d (K - 1) + 1 = 5$ consecutive inputs": K is the kernel's size, but
where the notes name no K the entry reader takes it as an index running over the claim's
positions, and compares a "tensor" $d(K-1)+1$ with 5 entry by entry ("the right side differs
at K = 0").  Notes index entries with small letters (i, j, u, v, c, f, n); a capital in
that place (K, H, N, S, or a tensor's own letter X) is a misreading, and the verdict it
gives says nothing of the claim.
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD, WRONG

# "the right side differs at K = 0: ...", "differs at K = 0, X = 0", "at c = 0, K = 1"
_AT = re.compile(r"differs at ((?:[A-Za-z]\w* = -?\d+(?:, )?)+)")


def unless_capital_index(found: dict | None) -> dict | None:
    """``found``, or not-understood when its "wrong" names a capital letter as an index."""
    if found is None or found.get("status") != WRONG:
        return found
    at = _AT.search(str(found.get("message", "")))
    if at is None:
        return found
    capitals = [name for name in re.findall(r"([A-Za-z]\w*) =", at.group(1)) if name[0].isupper()]
    if not capitals:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"{', '.join(capitals)} read as an index of the claim's entries, but a capital "
            f"names a size or a tensor (read as written: {found.get('message', '')})"
        ),
    }
