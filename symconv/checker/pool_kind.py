"""A pooling whose kind the notes leave open is no ground for a verdict.

"Average pooling is one option; here we use max pooling" names both kinds of pooling in
one sentence; the reader takes both as facts of the section, and their conflict is noted
("layer avgpool2d (line 3, prose) but maxpool2d (line 3, prose)").  Under either kind the
gradient is routed differently (a quarter of G to every entry of a 2x2 window, or all of
it to the window's maximum), so a claim judged under the kind the reader happened to keep
may hold or fail only because of that pick: "dL/dx = G/4" would be verified of a max
pooling.  Such a verdict, verified or not, is not understood, naming the two kinds; unless
the claim's own lead-in names one kind and no other ("That's average pooling. There, every
entry gets a quarter, for instance $...$"), and the worked example was judged under it.
"""

from __future__ import annotations

import re

from symconv.checker.infer import POOLS
from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG

_KIND_CONFLICT = re.compile(r"^layer (\w+) \(([^)]*)\) but (\w+) \(([^)]*)\)")


def unless_pool_kind_settled(found: dict, conflicts: list[str], where: str) -> dict:
    """``found``, or not-understood when it was judged under a pooling (``where`` names
    the layer: "avgpool2d 4x4, window 2x2, stride 2") whose kind the notes' facts
    contradict."""
    if found.get("status") not in (VERIFIED, WRONG, SIZE_SPECIFIC):
        return found
    if not where or where.split(" ")[0] not in POOLS:
        return found
    if found.get("_pool_kind_named"):  # the claim's own lead-in names one kind
        return found
    for conflict in conflicts:
        m = _KIND_CONFLICT.match(conflict)
        if m and {m.group(1), m.group(3)} == set(POOLS):
            return {
                "status": NOT_UNDERSTOOD,
                "message": (
                    f"the notes name both kinds of pooling ({m.group(1)} at {m.group(2)}, "
                    f"{m.group(3)} at {m.group(4)}): which one this claim is about is a "
                    f"guess (read as {where.split(' ')[0]}: "
                    f"{str(found.get('message', ''))[:100]})"
                ),
            }
    return found
