"""Guards of the entry-by-entry readers: an activation claim reads one entry everywhere,
and a cases block's conditions do not overlap.

The activation readers (activation_claims.py, activation_names.py, activation_renames.py)
drop entry indices: ``\\delta_{ij} = \\frac{\\partial L}{\\partial a_{ij}} f'(z_{ij})`` holds
entry by entry, so it is judged as ``Q = g f'(z)`` in scalars.  That reading is sound only
when every indexed tensor of the claim reads the same entry: ``\\frac{\\partial J}{\\partial
Y_{i,j}} = \\frac{\\partial J}{\\partial A_{j,i}} [Y_{i,j} > 0]`` (transposed) or ``A_{i+1,j}``
(shifted) is another statement, which dropping the indices would verify.

A cases block ``v_1 & z > 0 \\\\ v_2 & z \\le 1`` gives two values on (0, 1]: read as the
sum of each value times its condition's step function, or as the first row that holds, it
would pass whenever one of the values is 0 there.  Rows whose conditions share an interval
(not only an end point, where the derivative is undefined anyway) are refused.
"""

from __future__ import annotations

import re

from symconv.checker.context import finding
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

# A tensor's name (a letter, \delta, a decorated letter) and its entry indices: _{i,j},
# _{ij}, _i, [n, f, i, j]; a superscript layer mark may come before or after.
_NAME = (
    r"(?:\\(?:hat|tilde|bar|mathbf|boldsymbol|bm|mathcal)\s*\{\s*[A-Za-z]\s*\}"
    r"|\\(?:delta|Delta|sigma)(?![A-Za-z])|(?<![\\A-Za-z])[A-Za-z])"
)
_MARK = r"(?:\s*\^\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?"
_ENTRY = re.compile(
    _NAME + _MARK + r"\s*(?:_\s*\{(?P<braced>[^{}]*)\}|_\s*(?P<bare>[A-Za-z0-9])|"
    r"\[(?P<bracket>[^\[\]]*)\])"
)
_SPACING = re.compile(r"\\[,;:!]|\\quad|\s+")


def _indices(script: str) -> tuple[str, ...]:
    """``i,j`` / ``i, j`` / ``ij`` as ('i', 'j'); ``i+1,j`` as ('i+1', 'j')."""
    script = _SPACING.sub("", script)
    if "," in script:
        return tuple(script.split(","))
    if re.fullmatch(r"[a-z]+", script):
        return tuple(script)
    return (script,)


def entries_read(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each indexed tensor of the claim with its entry indices, in order."""
    found = []
    for m in _ENTRY.finditer(text):
        script = m.group("braced") or m.group("bare") or m.group("bracket") or ""
        if "=" in script or ">" in script or "<" in script:
            continue  # a condition in a subscript (\mathbb{1}_{z > 0}), not an entry
        found.append((m.group(0), _indices(script)))
    return found


def mismatched_entry(text: str) -> tuple[bool, str] | None:
    """(whether it is a mistake, why) when dropping the entry indices of this claim would
    change it: two indexed tensors read different entries.  With as many indices each it
    is a mistake (a transposed or shifted entry); with different counts (a batch index on
    one side only) what is meant is not read.  None when they all read the same entry."""
    found = entries_read(text)
    if not found:
        return None
    first_written, first = found[0]
    for written, indices in found[1:]:
        if indices == first:
            continue
        if len(indices) != len(first):
            return False, (
                f"{written.strip()} and {first_written.strip()} have different numbers of "
                "indices: which entries an entry-by-entry claim relates is not read"
            )
        how = "with the indices swapped" if sorted(indices) == sorted(first) else "shifted"
        return True, (
            "an activation acts entry by entry, so every tensor reads the entry the left "
            f"side reads: {written.strip()} reads {first_written.strip()}'s entry {how}"
        )
    return None


def overlapping_conditions(conditions: list[tuple[str, float]]) -> bool:
    """Whether two conditions ``z OP c`` (OP one of >, <, \\ge, \\le, \\geq, \\leq) share an
    interval of positive length."""
    intervals = []
    for op, bound in conditions:
        if op in (">", "\\ge", "\\geq", ">="):
            intervals.append((bound, float("inf")))
        else:
            intervals.append((float("-inf"), bound))
    for k, (lo, hi) in enumerate(intervals):
        for lo2, hi2 in intervals[k + 1 :]:
            if min(hi, hi2) > max(lo, lo2):
                return True
    return False


def entry_by_entry(text: str, found: dict) -> dict:
    """An activation reader's verdict on ``text``, unless its indices were dropped from
    tensors reading different entries: then wrong, or not understood (see
    :func:`mismatched_entry`).  A verdict other than verified stands: the scalar reading
    already differs."""
    if found.get("status") != VERIFIED:
        return found
    mismatch = mismatched_entry(text)
    if mismatch is None:
        return found
    mistake, why = mismatch
    return finding(WRONG if mistake else NOT_UNDERSTOOD, why)
