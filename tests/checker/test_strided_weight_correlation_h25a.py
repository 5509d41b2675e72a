"""A stride written on the correlation of X with the upstream gradient: X \\star_2 G.

Notes that define "$\\star_s$: the valid cross-correlation with stride $s$" and write
$\\partial L/\\partial W = X \\star_2 G$ mean the correlation whose windows start 2 apart:
entry (a, b) is sum_{i,j} X[2a + i, 2b + j] G[i, j].  The operator builder dropped a
stride written on a correlation with G (opbuild: the weight-gradient node took only a
dilation), so X \\star_2 G was judged as X \\star G -- the weight gradient of a stride-1
layer, verified there although the strided correlation has another shape (a miss).  The
stride is applied now: of a stride-1 layer the claim is not verified; of a layer dilated by
2 it is the weight gradient (its kernel taps 2 apart read X[i + 2a]) and is verified; of a
stride-2 layer (whose gradient is X \\star dil_2(G), G's taps 2 apart) it is not verified.

Truth: torch autograd's weight gradient against torch's conv2d(X, G, stride=2)."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED
from symconv.checker.runner import check_text

CLAIM = "$$\\frac{\\partial L}{\\partial W} = X \\star_2 G$$\n"
NOTES = {
    # (stride, dilation, input side): the layer each note states
    "stride 1, en": (
        (1, 1, 6),
        """# Weight gradient

We check against `F.conv2d(x, w)` with a 6 x 6 input, a 3 x 3 kernel and no padding, so \
the output $Y$ is 4 x 4. Here $\\star_s$ is the valid cross-correlation with stride $s$, \
and $G = \\partial L / \\partial Y$.

""",
    ),
    "stride 1, es": (
        (1, 1, 6),
        """# Gradiente de los pesos

Comprobamos con `F.conv2d(x, w)` sobre una entrada de 6 x 6, un núcleo de 3 x 3 y sin \
relleno, así que la salida $Y$ es de 4 x 4. Escribimos $\\star_s$ para la correlación \
válida con paso $s$, y $G = \\partial L / \\partial Y$.

""",
    ),
    "stride 2, en": (
        (2, 1, 7),
        """# Weight gradient when the layer skips positions

We check against `F.conv2d(x, w, stride=2)` with a 7 x 7 input, a 3 x 3 kernel and no \
padding, so the output $Y$ is 3 x 3. Here $\\star_s$ is the valid cross-correlation with \
stride $s$, and $G = \\partial L / \\partial Y$.

""",
    ),
    "dilation 2, en": (
        (1, 2, 7),
        """# Weight gradient of a dilated layer

We check against `F.conv2d(x, w, stride=1, dilation=2)` with a 7 x 7 input, a 3 x 3 \
kernel and no padding, so the output $Y$ is 3 x 3. We write $G = \\partial L / \\partial \
Y$, and $\\star_s$ for the valid cross-correlation whose windows start $s$ apart (stride \
$s$).

""",
    ),
}


def _claim_holds(stride: int, dilation: int, side: int) -> bool:
    """Whether dL/dW = conv2d(X, G, stride=2) for the layer, at random X, W and G."""
    torch.manual_seed(0)
    x = torch.randn(1, 1, side, side, dtype=torch.float64)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, stride=stride, dilation=dilation)
    g = torch.randn_like(y)
    y.backward(g)
    claimed = F.conv2d(x, g, stride=2)
    assert w.grad is not None
    return claimed.shape == w.grad.shape and torch.allclose(claimed, w.grad)


def _verdict(name: str):
    text = NOTES[name][1] + CLAIM
    found = [v for v in check_text(text, "notes.md").verdicts if "star" in v.source]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("name", ["stride 1, en", "stride 1, es", "stride 2, en"])
def test_the_strided_correlation_is_not_the_weight_gradient(name: str) -> None:
    assert not _claim_holds(*NOTES[name][0])
    verdict = _verdict(name)
    assert verdict.status != VERIFIED, verdict.message


def test_of_a_dilated_layer_it_is_the_weight_gradient() -> None:
    assert _claim_holds(*NOTES["dilation 2, en"][0])
    verdict = _verdict("dilation 2, en")
    assert verdict.status == VERIFIED, verdict.message
