"""A layer stated by its code's array shapes ("`x` is `(3, 2, 6, 6)` (N, C, H, W), `w` is
`(5, 2, 3, 3)`, `b` is `(5,)`"), read only where the input's axes are named and the weights'
layout agrees with it, and not carried into a later section that poses its own layer.
Truth: torch conv2d with autograd; hand work for the facts read."""

from __future__ import annotations

import numpy as np
import pytest

from symconv.checker.code_shapes import code_shape_facts
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text
from tests.checker.conv_truth import conv2d_autograd

_STATED = (
    "In my notebook `x` is `(3, 2, 6, 6)` (N, C, H, W), `w` is `(5, 2, 3, 3)`, `b` is `(5,)`, "
    "stride 1, no padding, 0-based, and $g_{n,f,i,j} = \\partial L / \\partial y_{n,f,i,j}$."
)


def _facts(line: str) -> dict[str, str]:
    return {k: v for k, v, _ in code_shape_facts([line], 1)}


def test_the_shapes_give_the_layer() -> None:
    # hand work: N C H W = 3 2 6 6; (F, C, KH, KW) = (5, 2, 3, 3) agrees with C = 2 and b
    assert _facts(_STATED) == {
        "input": "6x6",
        "batch": "3",
        "in-channels": "2",
        "kernel": "3x3",
        "out-channels": "5",
        "bias": "true",
    }


@pytest.mark.parametrize(
    "line, kernel",
    [
        ("`x` is `(3, 2, 6, 6)`, `w` is `(5, 2, 3, 3)`", None),  # the input's axes unnamed
        ("`x` is `(3, 2, 6, 6)` (N, C, H, W), `w` is `(3, 3, 2, 5)`", None),  # not F C KH KW
        ("`x` is `(3, 2, 6, 6)` (N, C, H, W), `w` is `(5, 2, 3, 3)`, `b` is `(4,)`", None),
        ("`x` is `(3, 2, 6, 6)` (N, C, H, W), `w` is `(5, 2, 3, 3)`", "3x3"),
    ],
)
def test_the_weights_only_in_the_input_s_layout(line: str, kernel: str | None) -> None:
    assert _facts(line).get("kernel") == kernel


def _bias_claim(last: int) -> str:
    return (
        f"$$\\frac{{\\partial L}}{{\\partial b_f}} = \\sum_{{n=0}}^{{{last}}} "
        "\\sum_{i=0}^{3} \\sum_{j=0}^{3} g_{n,f,i,j}$$"
    )


def test_the_bias_gradient_under_the_shapes() -> None:
    truth = conv2d_autograd((3, 2, 6, 6), (5, 2, 3, 3), seed=9)
    g = truth["G"]
    assert np.allclose(g.sum(axis=(0, 2, 3)), truth["db"])  # all three samples
    assert not np.allclose(g[:1].sum(axis=(0, 2, 3)), truth["db"])  # sample 0 alone
    text = f"# Bias\n\n{_STATED}\n\n{_bias_claim(2)}\n\n{_bias_claim(0)}\n"
    verdicts = {v.line: v.status for v in check_text(text).verdicts}
    assert (verdicts[5], verdicts[7]) == (VERIFIED, WRONG)


def test_a_later_section_with_its_own_layer_takes_none_of_the_shapes() -> None:
    text = (
        f"# Bias\n\n{_STATED}\n\n## A smaller case\n\nOne channel, one image, a $4 \\times 4$ "
        "input and a $2 \\times 2$ kernel, stride 2, with a bias $b$.\n\n"
        "$$\\frac{\\partial L}{\\partial b} = \\sum_{i=0}^{1} \\sum_{j=0}^{1} g_{i,j}$$\n"
    )
    # hand work: a 4x4 input, 2x2 kernel, stride 2 gives a 2x2 output, and dL/db sums it;
    # with the shapes' batch of 3 and 5 filters mixed in, the sum would miss entries
    truth = conv2d_autograd((1, 1, 4, 4), (1, 1, 2, 2), seed=3, stride=2)
    assert truth["G"].shape == (1, 1, 2, 2)
    assert np.isclose(truth["G"].sum(), truth["db"][0])
    assert check_text(text).verdicts[-1].status == VERIFIED


def _dw(window: str) -> str:
    return (
        "$$dW_{f,c,u,v} = \\sum_{n=0}^{1} \\sum_{i=0}^{2} \\sum_{j=0}^{2} dY_{n,f,i,j}\\, "
        f"xp_{{n,c,{window}}}$$"
    )


def test_a_code_name_bound_to_the_padded_input() -> None:
    truth = conv2d_autograd((2, 3, 6, 6), (4, 3, 3, 3), seed=12, stride=2, padding=1)
    x, g, dw = truth["X"], truth["G"], truth["dW"]
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    # hand work: the window of output (i, j) starts at (2i, 2j) of the padded input
    ours = np.einsum("nfij,ncijuv->fcuv", g, _windows(xp, 2))
    assert np.allclose(ours, dw)
    assert not np.allclose(np.einsum("nfij,ncijuv->fcuv", g, _windows(xp, 1)), dw)
    text = (
        "# Backward\n\nShapes: `x` is `(2, 3, 6, 6)` (N, C, H, W), `w` is `(4, 3, 3, 3)`, stride "
        "2, padding 1, 0-based, no bias, and `dY` is the gradient of the loss with respect to "
        "the output. I pad once, `xp = np.pad(x, ((0,0),(0,0),(1,1),(1,1)))`.\n\n"
        f"{_dw('2i+u,2j+v')}\n\n{_dw('i+u,j+v')}\n"
    )
    verdicts = {v.line: v.status for v in check_text(text).verdicts}
    assert (verdicts[5], verdicts[7]) == (VERIFIED, WRONG)


def _windows(xp: np.ndarray, stride: int) -> np.ndarray:
    """xp[n, c, stride*i + u, stride*j + v] for i, j < 3 and u, v < 3."""
    out = np.zeros((*xp.shape[:2], 3, 3, 3, 3))
    for i, j, u, v in np.ndindex(3, 3, 3, 3):
        out[:, :, i, j, u, v] = xp[:, :, stride * i + u, stride * j + v]
    return out
