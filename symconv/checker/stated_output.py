"""The input size the notes imply by stating the output, the kernel, the stride and the
padding ("the output $y[n][i][j]$ is $3\\times 3$, kernel $2\\times 2$, stride 1, no
padding"): out = in + 2p - k + 1 at stride 1, so in = out + k - 1 - 2p exactly.

At a stride s > 1 the floor in out = (in + 2p - k) // s + 1 leaves s inputs possible,
so nothing is implied there; the input stays unknown rather than guessed.
"""

from __future__ import annotations

import re

STATED_OUTPUT = "the stated output, kernel, stride and padding"


def implied_input(output: str, kernel: str, stride: str, padding: str) -> str | None:
    """``"4x4"`` from output ``"3x3"``, kernel ``"2x2"``, stride ``"1"``, padding ``"0"``."""
    if not all(re.fullmatch(r"\d+(?:x\d+)*", v) for v in (output, kernel)):
        return None
    if stride.strip() not in ("1", "1x1") or not re.fullmatch(r"\d+", padding.strip()):
        return None  # a stride above 1 leaves several inputs; a padding per side is rare
    outs = [int(v) for v in output.split("x")]
    ks = [int(v) for v in kernel.split("x")]
    if len(ks) == 1 and len(outs) > 1:
        ks = ks * len(outs)
    if len(outs) != len(ks):
        return None
    p = int(padding)
    sizes = [o + k - 1 - 2 * p for o, k in zip(outs, ks, strict=True)]
    if any(s < 1 for s in sizes):
        return None
    return "x".join(map(str, sizes))
