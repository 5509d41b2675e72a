"""Products a convolution's claims write with whole maps: vectors of ones around the output
gradient (dL/db = 1^T G 1), and a formula written for one channel pair against a layer with
several channels.  Truth from torch autograd and torch.nn.functional.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _verdicts(text: str) -> dict[int, str]:
    found = check_text(text, "notes.md").verdicts
    return {v.line: v.status for v in found if v.status != "assumed"}


def _strided_gradients(padding: int) -> tuple[torch.Tensor, ...]:
    torch.manual_seed(0)
    x = torch.randn(1, 1, 7, 7, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, stride=2, padding=padding)
    g = torch.randn_like(y)
    y.backward(g)
    return x, w, g, y


# ---------------------------------------------------------------- sums with ones
_BIAS_ONES = (
    "# Bias\n\nInput $X$ is $7\\times 7$, kernel $W$ is $3\\times 3$, stride 2, no padding, "
    "scalar bias $b$. The upstream gradient $G = \\partial L/\\partial Y$ is $3\\times 3$.\n\n"
    "$$\\frac{{\\partial L}}{{\\partial b}} = {right}$$\n"
)


@pytest.mark.parametrize(
    ("right", "holds"),
    [
        ("\\mathbf{1}^{\\top} G\\, \\mathbf{1}", True),
        ("\\mathbf{1}^T G \\mathbf{1}", True),
        ("\\mathbf{1}^{\\top} G^{\\top} \\mathbf{1}", True),
        ("\\mathbf{1}^{\\top} G", False),  # the column sums: a 1x3 row, not the scalar
        ("G\\,\\mathbf{1}", False),
        ("\\mathbf{1}^T W \\mathbf{1}", False),
    ],
)
def test_ones_around_a_map_sum_its_entries(right: str, holds: bool) -> None:
    x, w, g, _ = _strided_gradients(0)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    F.conv2d(x.detach(), w.detach(), b, stride=2).backward(g)
    ones = torch.ones(3, 1, dtype=torch.float64)
    assert torch.allclose(b.grad, (ones.T @ g[0, 0] @ ones).reshape(1))
    status = list(_verdicts(_BIAS_ONES.format(right=right)).values())[-1]
    assert status == (VERIFIED if holds else WRONG), status


def test_a_column_of_ones_on_the_left_is_no_sum() -> None:
    text = _BIAS_ONES.format(right="\\mathbf{1} G \\mathbf{1}^{\\top}")
    assert list(_verdicts(text).values())[-1] == NOT_UNDERSTOOD


# ---------------------------------------------------------------- one channel pair
_PAIR = (
    "# Q\n\n```python\nup = nn.ConvTranspose2d(16, 8, kernel_size=4, stride=2, padding=1)\n"
    "```\n\nand the input is `(batch, 16, 16, 16)`.\n\nPer channel pair: dilate the input, "
    "pad, and cross-correlate with the flipped kernel,\n\n$$y = {right}$$\n"
)


@pytest.mark.parametrize(
    ("pad", "bias", "holds", "expected"),
    [
        (2, "", True, VERIFIED),
        (2, " + b", True, VERIFIED),
        (1, "", False, WRONG),
        # with + b, only the reading with a bias evaluates: one reading is no finding
        (3, " + b", False, NOT_UNDERSTOOD),
    ],
)
def test_a_one_channel_formula_on_a_multichannel_layer(
    pad: int, bias: str, holds: bool, expected: str
) -> None:
    x = torch.randn(1, 1, 16, 16, dtype=torch.float64)
    w = torch.randn(1, 1, 4, 4, dtype=torch.float64)
    y = F.conv_transpose2d(x, w, stride=2, padding=1)
    dilated = torch.zeros(1, 1, 31, 31, dtype=torch.float64)
    dilated[..., ::2, ::2] = x
    z = F.conv2d(F.pad(dilated, (pad,) * 4), torch.flip(w, (2, 3)))
    assert (z.shape == y.shape and torch.allclose(z, y)) is holds  # K - 1 - P = 2
    right = (
        f"\\operatorname{{pad}}_{{{pad}}}\\big(\\operatorname{{dilate}}_{{2}}(x)\\big) "
        f"\\star \\operatorname{{rot}}_{{180}}(w){bias}"
    )
    status = list(_verdicts(_PAIR.format(right=right)).values())[-1]
    assert status == expected, status
