"""A verification that must also hold under a layer the notes restate before the claim.

"**Checkpoint A1.** With $P = 1$ and $S = 2$ (same $9 \\times 9$ input, same dilated
kernel), one of last year's groups wrote $H_\\text{out} = \\lfloor (9 + 2 - 3)/2 \\rfloor + 1
= 5$": the section's layer (stride 1, no padding) was read first, the notes then state
another stride and padding, and the claim after them is about that other layer.  At the
first layer the claim holds (5 is its output side); at the restated one it does not (4).
Calling it verified would rest on a guess of which layer is meant, so a claim that holds
under the layer read but not under the one the notes restate between that layer's line
and the claim is not understood, naming the restatement.  (Wrong verdicts that hold under
the restated layer are handled by checker/restated_layer.py.)
"""

from __future__ import annotations

import re

from symconv.checker.declared import SHAPE_KEYS, Settings
from symconv.checker.report import NOT_UNDERSTOOD

# "stride 2 (line 19, S = 2) but 1 (line 5, prose); using 2"
_CONFLICT = re.compile(r"^([\w-]+) (.+?) \(line (\d+), [^)]*\) but (.+?) \(line (\d+), ")
_KEYS = set(SHAPE_KEYS) - {"network"}


def restated_before(
    conflicts: list[str], settings: Settings, line: int, start: int
) -> tuple[str, dict[str, str]] | None:
    """(what the notes restate, the settings that restate it): for each contradiction about
    the layer, the value written on the later of its two lines, when that line is in the
    claim's section (from ``start``) at or before ``line`` and the value differs from the
    one in use.  A restatement in an earlier section is that section's what-if: the
    sections after it inherit its layer, not the what-if."""
    by_line: dict[int, dict[str, str]] = {}
    for conflict in conflicts:
        m = _CONFLICT.match(conflict)
        if m is None or m.group(1) not in _KEYS:
            continue
        first, second = (m.group(2), int(m.group(3))), (m.group(4), int(m.group(5)))
        value, at = max(first, second, key=lambda pair: pair[1])
        if start <= at <= line:
            by_line.setdefault(at, {}).setdefault(m.group(1), value)
    # a layer restated is several of its facts on one line ("With $P = 1$ and $S = 2$
    # (same input, same kernel)"); one fact alone is as often a remark on another case
    # ("no, that's stride 1") or another tensor's size (the padded input's 7x7).  A fact
    # of that line already in use counts too ("with stride 2 and an input of length 7",
    # where the 7 outweighed the first input but the first stride was kept)
    lines = [
        at
        for at, keys in sorted(by_line.items())
        if len(keys) >= 2 and any(v != settings.get(k) for k, v in keys.items())
    ]
    if not lines:
        return None
    changes = {k: v for k, v in by_line[lines[-1]].items() if v != settings.get(k)}
    said = ", ".join(f"{key} {value}" for key, value in changes.items())
    return f"{said} (line {lines[-1]})", changes


def not_under_restated(found: dict, what: str, other: dict) -> dict:
    """The not-understood verdict of a claim verified under the section's layer but not
    under the layer the notes restate before it."""
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"it holds under the layer read for this section, but the notes state {what} "
            f"before it, and under that layer it does not hold "
            f"({str(other.get('message', ''))[:120]}): which layer the claim is about is "
            "not read"
        ),
    }
