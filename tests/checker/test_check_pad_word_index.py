"""``X_{\\text{pad},\\,i+m,j+n}``: the word pad as an index of its own, then the indices,
judged like ``X_{\\text{pad}\\,i+m,j+n}``; truth from torch's padded conv2d."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.runner import check_text

_DOC = (
    "---\nlayer: conv2d\ninput: 5x5\nkernel: 3\npadding: 1\nbias: false\n"
    "index-base: 0\n---\n\n$$\nZ_{i,j} = \\sum_{m=0}^{2} \\sum_{n=0}^{2} W_{m,n} "
    "X_{\\text{pad},\\,i+m+SHIFT,j+n}\n$$\n"
)


def _torch_agrees(shift: int) -> bool:
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((5, 5)), rng.standard_normal((3, 3))
    padded = np.pad(x, ((1, 1 + shift), (1, 1)))
    ours = np.array(
        [
            [
                sum(w[m, n] * padded[i + m + shift, j + n] for m in range(3) for n in range(3))
                for j in range(5)
            ]
            for i in range(5)
        ]
    )
    theirs = F.conv2d(torch.tensor(x)[None, None], torch.tensor(w)[None, None], padding=1)
    return bool(np.allclose(ours, theirs[0, 0].numpy()))


@pytest.mark.parametrize("shift", [0, 1])
def test_pad_word_then_indices(shift):
    (verdict,) = check_text(_DOC.replace("SHIFT", str(shift))).verdicts
    assert verdict.status == ("verified" if _torch_agrees(shift) else "wrong"), verdict
