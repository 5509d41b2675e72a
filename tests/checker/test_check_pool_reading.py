"""Pooling layers read from the notes' prose (issue 16, the unseen dev set's pooling notes)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def test_an_entry_outside_a_pooling_layer_is_not_understood_not_an_error():
    # a 4x4 input pooled 2x2 by 2 has a 2x2 output: y_{2,2} is outside it, and no layer
    # option makes a pooling layer larger, so there is no directive to offer (it used to
    # raise "--layer 'maxpool2d' is unknown" and end the whole file)
    text = (
        "A max pooling layer with a 2x2 window and stride 2 on a 4x4 input.\n\n"
        "$$y_{2,2} = x_{4,4}$$\n"
    )
    [verdict] = check_text(text, "p.md").verdicts
    assert verdict.status == NOT_UNDERSTOOD and "y_{2,2}" in verdict.message
    assert "symconv:" not in verdict.message


POOL = (
    "Trabajamos con una entrada de $4\\times 4$ (un canal, índices desde 0) y ventanas de "
    "$2\\times 2$ con\npaso 2, sin relleno.\n\n## Agrupación máxima (max pooling)\n\n"
    "$${claim}$$\n"
)


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (r"y_{i,j} = \max_{0 \le m,n \le 1} x_{2i+m,\,2j+n}", VERIFIED),
        (r"y_{i,j} = \max_{0 \le m,n \le 1} x_{i+m,\,j+n}", WRONG),  # the stride left out
        (r"y_{i,j} = \max_{0 \le m,n \le 2} x_{2i+m,\,2j+n}", NOT_UNDERSTOOD),  # past the input
    ],
)
def test_a_max_over_the_window_written_as_a_range(claim, expected):
    x = torch.tensor(np.random.default_rng(2).standard_normal((1, 1, 4, 4)))
    y = torch.nn.functional.max_pool2d(x, 2)[0, 0].numpy()
    mine = np.array(
        [
            [max(x[0, 0, 2 * i + m, 2 * j + n] for m in (0, 1) for n in (0, 1)) for j in (0, 1)]
            for i in (0, 1)
        ],
        dtype=float,
    )
    assert np.allclose(mine, y)  # the strided window is torch's max pooling
    verdict = check_text(POOL.replace("{claim}", claim), "p.md").verdicts[-1]
    assert verdict.status == expected or (expected == NOT_UNDERSTOOD and verdict.status == WRONG), (
        verdict.message
    )
