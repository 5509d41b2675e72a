"""Channel counts stated in an aside after the worked layer: another layer's.

Notes often finish a single-map example with a remark about another layer ("Bonus,
parameter counts. With 8 input channels, 4 filters of 3x3 and groups=2, ..."). Read as
facts of the section, those counts would turn the example's X[i, j], K[m, n] and G[i, j]
into slices of an 8-channel layer and make every claim about them fail. A channel count
the prose states only after the section's last claim about tensor entries or whole
tensors (where the section has such claims) starts an aside: the section is read as two,
the worked layer without those counts and, from the aside's line on, the aside's layer
(its own facts first, the rest inherited), so that its parameter counts are judged with
the channels it names.
"""

from __future__ import annotations

import dataclasses
import re

from symconv.checker.scan_math import Block

_CHANNEL_KEYS = ("in-channels", "out-channels", "groups")

# an entry (x_{i,j}, X[i, j], I(i, j)), a derivative, or an operator between tensors; not a
# size or a count named with a word (H_{out}, N_{params}, n_{\text{out}})
_TENSOR_CLAIM = re.compile(
    r"(?<![A-Za-z\\])[A-Za-z]\s*\}?\s*(?:_\{(?![A-Za-z]{3,}\}|\\text)|_[a-z0-9]|\[\s*[a-z0-9])"
    r"|\\partial|\\nabla|\\star|\\otimes|\\ast|\\circledast|\\operatorname"
)


def split_aside(own, blocks: list[Block], previous=None) -> list:
    """``own`` (a Reading) as one reading, or two when channel counts come in an aside.
    ``previous``: the reading ``own`` inherits from, whose channel counts the worked layer
    keeps where the aside's own counts had taken their place ("cada filtro tiene dos
    canales" after the claims: the worked layer still has the channels stated above)."""
    claims = [b.line for b in blocks if "=" in b.text and _TENSOR_CLAIM.search(b.text)]
    if not claims:
        return [own]
    last = max(claims)
    aside = [f for f in own.facts if f.key in _CHANNEL_KEYS and f.how == "prose" and f.line > last]
    if not aside:
        return [own]
    start = min(f.line for f in aside)
    worked = [f for f in own.facts if not (f.key in _CHANNEL_KEYS and f.line >= start)]
    if previous is not None and own.inherited:
        kept = {f.key for f in worked}
        worked += [f for f in previous.facts if f.key in _CHANNEL_KEYS and f.key not in kept]
    later = [f for f in own.facts if f.line >= start]
    earlier = [f for f in own.facts if f.line < start]
    return [
        dataclasses.replace(own, facts=worked, conflicts=list(own.conflicts)),
        dataclasses.replace(own, line=start, facts=later + earlier, conflicts=[]),
    ]
