"""Channel counts stated in an aside after the worked layer: not that layer's.

Notes often finish a single-map example with a remark about another layer ("Bonus,
parameter counts. With 8 input channels, 4 filters of 3x3 and groups=2, ..."). Read as
facts of the section, those counts would turn the example's X[i, j], K[m, n] and G[i, j]
into slices of an 8-channel layer and make every claim about them fail. A channel count
the prose states only after the section's last claim about tensor entries or whole
tensors, where the section had such claims, describes that aside, not the layer the claims
were about: it is dropped (the parameter counts of the aside are plain arithmetic).
"""

from __future__ import annotations

import re

from symconv.checker.scan_math import Block

_CHANNEL_KEYS = ("in-channels", "out-channels", "groups")

# an entry (x_{i,j}, X[i, j], I(i, j)), a derivative, or an operator between tensors
_TENSOR_CLAIM = re.compile(
    r"(?<![A-Za-z\\])[A-Za-z]\s*\}?\s*(?:_\{|_[a-z0-9]|\[\s*[a-z0-9])"
    r"|\\partial|\\nabla|\\star|\\otimes|\\ast|\\circledast|\\operatorname"
)


def aside_channels(facts: list, blocks: list[Block]) -> list:
    """``facts`` without the prose channel counts that come after every tensor claim."""
    claims = [b.line for b in blocks if "=" in b.text and _TENSOR_CLAIM.search(b.text)]
    if not claims:
        return facts
    last = max(claims)
    return [f for f in facts if not (f.key in _CHANNEL_KEYS and f.how == "prose" and f.line > last)]
