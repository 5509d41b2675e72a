"""Two readings of the notes' prose about which layer an example is.

- A sentence setting the bias to zero for an example ("here b is taken as 0", "偏置为0",
  "ignore the bias") makes the example's layer bias-free, though the general formula
  above it has a b.
- A section titled with a convolution ("## Backprop through the convolutional layer",
  "## 卷积层的反向传播") does not inherit the dense kind of the section before it.

Truth: torch autograd on the layers the notes describe.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.heading_kind import title_names_convolution
from symconv.checker.report import VERIFIED
from symconv.checker.runner import check_text
from symconv.checker.zero_bias import ZERO_BIAS

EXAMPLE = r"""# A convolution, then an example

In general $z = x * W + b$.

For the example below the input is 3x3, the kernel 2x2, and {drop}.

$$z_{{11}} = x_{{11}}w_{{11}} + x_{{12}}w_{{12}} + x_{{21}}w_{{21}} + x_{{22}}w_{{22}}$$

$$z_{{22}} = x_{{22}}w_{{11}} + x_{{23}}w_{{12}} + x_{{32}}w_{{21}} + x_{{33}}w_{{21}}$$
"""

DROPS = ("we take $b = 0$", "the bias is set to zero", "here $b^l$ 简化为0", "we ignore the bias")


def _torch_example() -> tuple[bool, bool]:
    """(z_11 as written, z_22 as written) against a bias-free 3x3 / 2x2 layer (1-based)."""
    torch.manual_seed(2)
    a = torch.randn(3, 3, dtype=torch.float64)
    w = torch.randn(2, 2, dtype=torch.float64)
    z = F.conv2d(a[None, None], w[None, None])[0, 0]
    z11 = a[0, 0] * w[0, 0] + a[0, 1] * w[0, 1] + a[1, 0] * w[1, 0] + a[1, 1] * w[1, 1]
    z22 = a[1, 1] * w[0, 0] + a[1, 2] * w[0, 1] + a[2, 1] * w[1, 0] + a[2, 2] * w[1, 0]
    return bool(torch.isclose(z[0, 0], z11)), bool(torch.isclose(z[1, 1], z22))


def test_what_sets_the_bias_to_zero() -> None:
    for said in ("b = 0 here", "b^{[l]} is set to 0", "the biases are zero", "偏置为0"):
        assert ZERO_BIAS.search(said), said
    for said in ("bias = 0.5", "b = 3", "we add the bias b", "b is 0.25"):
        assert not ZERO_BIAS.search(said), said


DENSE_THEN_CONV = r"""## {dense}

A column of inputs $a^{{l-1}}$, weights $W^l$, $z^l = W^l a^{{l-1}} + b^l$ and
$\delta^l = \partial C / \partial z^l$.

$$\frac{{\partial C}}{{\partial b^l}} = \delta^l$$

## {conv}

The 3x3 input $a$ meets a 2x2 kernel $W$, stride 1:
$z_{{11}} = a_{{11}}W_{{11}} + a_{{12}}W_{{12}} + a_{{21}}W_{{21}} + a_{{22}}W_{{22}}$.

$$\frac{{\partial C}}{{\partial W_{{21}}}} = a_{{21}}\delta_{{11}} + a_{{22}}\delta_{{12}}
+ a_{{31}}\delta_{{21}} + a_{{32}}\delta_{{22}}$$
"""


@pytest.mark.parametrize(
    ("dense", "conv"),
    [
        ("Backprop of a fully connected layer", "Backprop of the convolutional layer"),
        ("全连接层的反向传播", "卷积层的反向传播"),
    ],
)
def test_a_convolution_title_does_not_inherit_the_dense_kind(dense: str, conv: str) -> None:
    # torch: dC/dW_{21} (1-based) of a 3x3 / 2x2 layer is sum_ij delta_ij a_{i+1, j}
    torch.manual_seed(4)
    a = torch.randn(3, 3, dtype=torch.float64)
    w = torch.randn(2, 2, dtype=torch.float64, requires_grad=True)
    z = F.conv2d(a[None, None], w[None, None])[0, 0]
    d = torch.randn_like(z)
    (z * d).sum().backward()
    assert w.grad is not None
    assert torch.isclose(w.grad[1, 0], (d * a[1:3, 0:2]).sum())
    report = check_text(DENSE_THEN_CONV.format(dense=dense, conv=conv))
    verdicts = {v.line: v.status for v in report.verdicts}
    assert verdicts[13] == VERIFIED
    assert "dense" in report.layers[0]["layer"] and "conv2d" in report.layers[-1]["layer"]


def test_which_titles_name_a_convolution() -> None:
    assert title_names_convolution("## Convolutional layer: backward")
    assert title_names_convolution("### 合成: 畳み込み層の逆伝播")
    assert not title_names_convolution("## Transposed convolution")
    assert not title_names_convolution("The convolution layer is next.")  # not a title
