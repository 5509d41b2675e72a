"""A chain ``a = b = c`` that no reader takes whole, judged link by link.

"$\\delta_{ij} = \\dfrac{\\partial E}{\\partial z_{ij}} = \\dfrac{\\partial E}{\\partial a_{ij}}
\\cdot a_{ij}$": the first link names the layer's gradient (the layer's reader proves it), the
second goes through the activation (the activation's reader judges it); neither reader reads
all three sides.  A chain of equalities holds exactly when each adjacent link holds, so each
link ``side k = side k+1`` is judged as the two-sided claim it would be if written alone
(with the notes around it), and the verdicts are joined:

* every link holds: the chain holds;
* exactly one link differs and every other holds: the chain is wrong, and the sides after
  that link are named as the ones that differ (the sides before it agree with each other,
  and so do the sides after it);
* any link not read, only size-specific, or more than one link differing: no verdict from
  here (which side a reader would blame is then open).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

from symconv.checker.context import finding
from symconv.checker.operator_chain import top_level_sides
from symconv.checker.report import ALL_SIZES, VERIFIED, WRONG

Verdict = dict[str, Any]
_HOLDS = (VERIFIED, ALL_SIZES)
_GRADIENT = re.compile(r"\\partial|\\nabla|\\delta|\\Delta|(?<![A-Za-z\\])d[A-Za-z](?![A-Za-z])")
_ENTRY = re.compile(r"\\partial|\\nabla|[A-Za-z}]\s*(?:\^\{[^{}]*\}\s*)?_|\\delta|\\Delta")
_RELATION = re.compile(r"[<>]|\\(?:leq?|geq?|neq?|approx|in|sim|to|equiv|propto)(?![A-Za-z])")


def _outside_brackets(text: str) -> str:
    """``text`` without what its brackets and braces hold (an indicator's z > 0)."""
    out, depth = [], 0
    for k, ch in enumerate(text):
        escaped = text[max(0, k - 1) : k] == "\\"
        if ch in "([{" and not escaped:
            depth += 1
        elif ch in ")]}" and not escaped:
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _own_words(message: str) -> str:
    """A link's message with its "side 1" and "side 2" said as left and right, so that they
    are not read as the chain's sides."""
    names = {"1": "the link's left side", "2": "the link's right side"}
    return re.sub(r"\bside (\d+)", lambda m: names.get(m.group(1), "a side"), message)


def equality_sides(text: str) -> list[str] | None:
    """The sides of a chain of three or more ``=``, or None (another relation, fewer sides,
    an empty side)."""
    if _RELATION.search(_outside_brackets(text)) or "\\begin" in text:
        return None
    sides = [s.strip() for s in top_level_sides(text)]
    if len(sides) < 3 or not all(sides):
        return None
    # a gradient's chain, every side a tensor's entry or expression: a count or a size
    # (P = F C 3 3 + F = 56) is the layer's only as a whole, its links alone are not
    if not any(_GRADIENT.search(s) for s in sides) or not all(_ENTRY.search(s) for s in sides):
        return None
    return sides


def judge_links(sides: list[str], judge_pair: Callable[[str], Verdict | None]) -> Verdict | None:
    """The chain's verdict from its adjacent links, or None when they do not settle it."""
    n = len(sides)
    found = [judge_pair(f"{a} = {b}") for a, b in itertools.pairwise(sides)]
    if any(f is None or f["status"] not in (*_HOLDS, WRONG) for f in found):
        return None
    wrong = [k for k, f in enumerate(found) if f is not None and f["status"] == WRONG]
    if not wrong:
        first = found[0]
        assert first is not None
        return {**first, "message": f"every link holds: {_own_words(str(first['message']))}"}
    if len(wrong) > 1:
        return None
    k = wrong[0]  # link between side k+1 and side k+2 (1-based)
    bad = found[k]
    assert bad is not None
    after = range(k + 2, n + 1)
    named = "; ".join(f"side {j} of {n} differs" for j in after)
    return finding(
        WRONG,
        f"{named} (link {k + 1}, side {k + 1} = side {k + 2}, is wrong: "
        f"{_own_words(str(bad['message']))}; "
        "the other links hold)",
    )
