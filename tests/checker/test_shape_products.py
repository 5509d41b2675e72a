"""A layer stated by the letters of its tensors' shapes written as products, and the letters'
values: "the input tensor $X$ has shape $B \\times C \\times H \\times W$ with $C = 2$, $H = W =
5$ ... each filter has shape $C \\times R \\times R$, $R = 2$".  Truth: torch conv2d with
autograd, the claims' sums evaluated with NumPy; hand work for the facts read."""

from __future__ import annotations

import numpy as np

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.shape_tuples import shape_tuple_facts
from tests.checker.conv_truth import conv2d_autograd

_LAYER = (
    "We take a batch of $B = 3$ samples. The input tensor $X$ has shape $B \\times C \\times H "
    "\\times W$ with $C = 2$, $H = W = 5$. There are $F = 3$ filters, and each filter has "
    "shape $C \\times R \\times R$ with $R = 2$; stride 1, no padding, indices from 0."
)


def _facts(text: str) -> dict[str, str]:
    return {k: v for k, v, _ in shape_tuple_facts(text.split("\n"), 1)}


def test_product_shapes_and_their_letters_values() -> None:
    # hand work: B, C, H, W at N C H W's places; one filter's C x R x R is (in, kh, kw)
    assert _facts(_LAYER) == {
        "input": "5x5",
        "batch": "3",
        "in-channels": "2",
        "kernel": "2x2",
    }


def test_a_product_that_goes_on_is_no_shape() -> None:
    text = "The input $X$ has shape $B \\times C \\times H \\times W + 1$ with $H = W = 5$."
    assert "input" not in _facts(text)


def _claim(shift: str) -> str:
    return (
        "\\frac{\\partial L}{\\partial w_{f,c,u,v}} = \\sum_{n=0}^{2} \\sum_{i=0}^{3} "
        f"\\sum_{{j=0}}^{{3}} \\delta_{{n,f,i,j}}\\, x_{{n,c,i{shift}u,j{shift}v}}"
    )


def test_the_batch_weight_gradient_is_judged_under_the_stated_layer() -> None:
    truth = conv2d_autograd((3, 2, 5, 5), (3, 2, 2, 2), seed=5)
    x, delta, grad = truth["X"], truth["G"], truth["dW"]
    right = np.einsum("nfij,ncijuv->fcuv", delta, _windows(x, +1))
    assert np.allclose(right, grad)  # i + u: the claim below holds
    text = (
        f"{_LAYER} The error term is $\\delta_{{n,f,i,j}} = \\partial L / \\partial "
        f"z_{{n,f,i,j}}$.\n\n$${_claim('+')}$$\n\nA slip:\n\n$${_claim('-')}$$\n"
    )
    verdicts = {v.line: v.status for v in check_text(text).verdicts if v.line in (3, 7)}
    assert verdicts == {3: VERIFIED, 7: WRONG}


def _windows(x: np.ndarray, sign: int) -> np.ndarray:
    """x[n, c, i + sign*u, j + sign*v] for i, j < 4 and u, v < 2 (sign +1 only here)."""
    out = np.zeros((3, 2, 4, 4, 2, 2))
    for i in range(4):
        for j in range(4):
            for u in range(2):
                for v in range(2):
                    out[:, :, i, j, u, v] = x[:, :, i + sign * u, j + sign * v]
    return out
