"""A padding applied by a call of its own before a layer: ``F.pad(x, (1, 2, 1, 2))`` then
``nn.Conv2d(8, 8, 4)``, ``nn.ZeroPad2d((0, 1, 0, 1))`` then ``nn.Conv2d(..., stride=2)``,
``np.pad``, ``tf.pad``, Keras ``ZeroPadding2D``.

Why it matters: the output side is then the layer's on the padded input, ``H + p_1 + p_2``,
not on H with the layer's own padding (0 here).  The readers of output sizes take the
layer's own settings; where the claim's sentence pads by a call, they give no verdict
rather than judge the unpadded side (a correct ``\\lfloor (16 + 1 - 3)/2 \\rfloor + 1 = 8``
had been called "7, not 8")."""

from __future__ import annotations

import re

_EXPLICIT_PAD = re.compile(
    r"\b(?:F|functional|np|numpy|tf|jnp)\.pad\s*\(|"
    r"\b(?:Zero|Constant|Reflection|Replication|Circular)Pad[123]d\b|\bZeroPadding[123]D\b"
)


def pads_explicitly(text: str) -> bool:
    """Whether ``text`` pads an input with a call of its own."""
    return bool(_EXPLICIT_PAD.search(text))
