"""A list comparing other layers ("- pointwise 1x1 from 4 to 8 channels: ...") between a
depthwise layer's definition and its gradients: the items' sizes are theirs, the later
sections keep the notes' layer.  Truth: torch autograd of conv2d with groups = channels,
against the claim evaluated in NumPy, never symconv."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

LISTS = {
    "es": (
        "- depthwise: $4 \\cdot 3 \\cdot 3 + 4 = 40$ parámetros;\n"
        "- pointwise 1×1 de 4 a 8 canales: $P_{pw} = 8 \\cdot 4 = 32$;\n"
        "- una convolución normal 3×3 de 4 a 8 canales: $8 \\cdot 4 \\cdot 3 \\cdot 3 + 8 = 296$."
    ),
    "en": (
        "* depthwise: $4 \\cdot 9 + 4 = 40$ parameters\n"
        "* a pointwise 1x1 layer from 4 to 8 channels: $8 \\cdot 4 + 8 = 40$\n"
        "* a standard 3x3 convolution with 8 filters over 4 channels: $8 \\cdot 36 + 8 = 296$"
    ),
    "numbered": (
        "1. depthwise 3×3 over 4 channels: $40$ parameters\n"
        "2. pointwise 1×1, 4 to 16 channels: $16 \\cdot 4 + 16 = 80$\n"
        "3. full 5×5 convolution, 4 to 16 channels: $16 \\cdot 4 \\cdot 25 + 16 = 1616$"
    ),
}


def _gradient_holds(last_row: int) -> bool:
    """dL/dK_{c,u,v} = sum_{n, i <= last_row, j <= 5} G_{n,c,i,j} Xpad_{n,c,i+u,j+v} for a
    depthwise 3x3 layer (4 channels, 6x6, padding 1), against torch autograd."""
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(2, 4, 6, 6, generator=gen, dtype=torch.float64)
    k = torch.randn(4, 1, 3, 3, generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, k, padding=1, groups=4)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    xp = np.pad(x.numpy(), ((0, 0), (0, 0), (1, 1), (1, 1)))
    gs = g.numpy()
    for c, u, v in itertools.product(range(4), range(3), range(3)):
        mine = sum(
            gs[n, c, i, j] * xp[n, c, i + u, j + v]
            for n, i, j in itertools.product(range(2), range(last_row + 1), range(6))
        )
        if not np.isclose(mine, k.grad[c, 0, u, v].item()):
            return False
    return True


@pytest.mark.parametrize("style", list(LISTS))
@pytest.mark.parametrize("last_row", [5, 4])
def test_gradients_after_a_list_of_other_layers(style, last_row):
    claim = (
        "\\frac{\\partial L}{\\partial K_{c,u,v}} = \\sum_{n=0}^{1}"
        f"\\sum_{{i=0}}^{{{last_row}}}\\sum_{{j=0}}^{{5}} G_{{n,c,i,j}}\\,\\tilde X_{{n,c,i+u,j+v}}"
    )
    text = (
        "# Depthwise convolution\n\n"
        "Batches of $N = 2$ images with $C = 4$ channels of 6×6. The depthwise convolution "
        "uses one 3×3 filter per channel (`groups=4`), padding 1, stride 1. Indices from 0, "
        "$\\tilde X$ is the zero-padded input and $G = \\partial L/\\partial Y$.\n\n"
        "$$Y_{n,c,i,j} = \\sum_{u=0}^{2}\\sum_{v=0}^{2} K_{c,u,v}\\,\\tilde X_{n,c,i+u,j+v}$$\n\n"
        f"## Counts\n\n{LISTS[style]}\n\n## Gradients\n\n$${claim}$$\n"
    )
    verdict = check_text(text).verdicts[-1]
    expected = VERIFIED if _gradient_holds(last_row) else WRONG
    assert verdict.status == expected, verdict.message


def test_a_list_stating_the_layer_item_by_item_is_the_layer():
    text = (
        "# Layer\n\n- input: $6 \\times 6$, one channel\n- kernel: $3 \\times 3$\n- stride 1, "
        "no padding, indices from 0\n\n"
        "$$y_{i,j} = \\sum_{u=0}^{2}\\sum_{v=0}^{2} w_{u,v}\\, x_{i+u,j+v}$$\n"
    )
    verdicts = check_text(text).verdicts
    assert "6x6" in verdicts[0].message and "kernel 3x3" in verdicts[0].message
    assert verdicts[-1].status == VERIFIED, verdicts[-1].message


def _forward_holds(weights: list[list[float]], x: list[list[float]]) -> bool:
    xt = torch.tensor(x, dtype=torch.float64).reshape(1, 1, 6, 6)
    wt = torch.tensor(weights, dtype=torch.float64).reshape(1, 1, 3, 3)
    return bool(torch.nn.functional.conv2d(xt, wt).shape[-1] == 4)


def test_a_new_section_stating_its_layer_as_a_list_is_that_layer():
    text = (
        "# Two layers\n\n## First layer\n\nA 8×8 input, a 5×5 kernel, stride 1, one channel, "
        "indices from 0.\n\n$$y_{i,j} = \\sum_{u=0}^{4}\\sum_{v=0}^{4} w_{u,v}\\, x_{i+u,j+v}$$\n\n"
        "## Second layer\n\n- input: 6×6, one channel\n- kernel: 3×3\n- stride 1, no padding\n\n"
        "$$y_{i,j} = \\sum_{u=0}^{2}\\sum_{v=0}^{2} w_{u,v}\\, x_{i+u,j+v}$$\n"
    )
    assert _forward_holds([[1.0] * 3] * 3, [[1.0] * 6] * 6)  # a 3x3 kernel on 6x6: 4x4 out
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == VERIFIED, verdict.message
