"""Operator claims on channel maps with pad/rot/dilate, a number in front, a padded input
named by a tilde, primed letters for a second input, and a claim judged at both inputs the
notes state (symconv/checker/channel_maps.py, primed_input.py, nearer_input.py).

Truth: torch autograd (F.conv2d, F.conv1d with stride) and SciPy's correlate2d evaluating
each written formula numerically; every case asserts that truth first, then the verdict.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from scipy.signal import correlate, correlate2d

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

# ----------------------------------------------------------------- padded, batch of two
PADDED = (
    "A layer with $C_{in} = 2$ input channels and $C_{out} = 3$ filters of size "
    "$3 \\times 3$, stride 1 and zero padding 1, on a mini-batch of $N = 2$ images of size "
    "$4 \\times 4$. Indices are 0-based: $x_{n,c,i,j}$ is the input, $w_{f,c,u,v}$ the "
    "weights, $b_f$ the bias and $\\delta_{n,f,i,j} = \\partial L / \\partial y_{n,f,i,j}$. "
    "We write $\\tilde{x}$ for the zero-padded input.\n\n"
    "$$y_{n,f,i,j} = b_f + \\sum_{c=0}^{1} \\sum_{u=0}^{2} \\sum_{v=0}^{2} w_{f,c,u,v} "
    "\\, \\tilde{x}_{n,c,i+u,j+v}$$\n\n"
    "With $\\Delta_{n,f}$ the map $\\delta_{n,f,\\cdot,\\cdot}$:\n\n$${claim}$$\n"
)


def _padded_truth() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(3)
    x = torch.randn((2, 2, 4, 4), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((3, 2, 3, 3), generator=gen, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, padding=1)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return {"X": x.detach().numpy(), "W": w.detach().numpy(), "G": g.numpy(),
            "dX": x.grad.numpy(), "dW": w.grad.numpy()}  # fmt: skip


def _weight_sum(t, scale: float) -> bool:
    xp = np.pad(t["X"], ((0, 0), (0, 0), (1, 1), (1, 1)))
    got = np.array(
        [[scale * sum(correlate2d(xp[n, c], t["G"][n, f], "valid") for n in range(2))
          for c in range(2)] for f in range(3)]
    )  # fmt: skip
    return bool(np.allclose(got, t["dW"]))


def _input_sum(t, pad: int, over_channels: bool = False) -> bool:
    def one(n, c, f, cc):
        g = np.pad(t["G"][n, f], pad)
        return correlate2d(g, t["W"][f, cc][::-1, ::-1], "valid")

    for n in range(2):
        for c in range(2):
            if over_channels:  # sum over c (rebinding it), f left free: no f makes it hold
                return all(
                    np.allclose(sum(one(n, c, f, cc) for cc in range(2)), t["dX"][n, c])
                    for f in range(3)
                )
            got = sum(one(n, c, f, c) for f in range(3))
            if got.shape != t["dX"][n, c].shape or not np.allclose(got, t["dX"][n, c]):
                return False
    return True


@pytest.mark.parametrize(
    ("claim", "truth", "expected"),
    [
        (
            r"\frac{\partial L}{\partial W_{f,c}} = \sum_{n=0}^{1} \tilde{X}_{n,c} \star "
            r"\Delta_{n,f}",
            lambda t: _weight_sum(t, 1.0),
            VERIFIED,
        ),
        (
            r"\frac{\partial L}{\partial W_{f,c}} = \frac{1}{2} \sum_{n=0}^{1} \tilde{X}_{n,c} "
            r"\star \Delta_{n,f}",
            lambda t: _weight_sum(t, 0.5),
            WRONG,
        ),
        (
            r"\frac{\partial L}{\partial X_{n,c}} = \sum_{f=0}^{2} \operatorname{pad}_1("
            r"\Delta_{n,f}) \star \operatorname{rot}_{180}(W_{f,c})",
            lambda t: _input_sum(t, 1),
            VERIFIED,
        ),
        (
            r"\frac{dL}{dX_{n,c}} = \sum_{f=0}^{2} \mathrm{pad}_{2}(\Delta_{n,f}) \star "
            r"\mathrm{rot180}(W_{f,c})",
            lambda t: _input_sum(t, 2),
            WRONG,
        ),
        (
            r"\frac{\partial L}{\partial X_{n,c}} = \sum_{c=0}^{1} \operatorname{pad}_1("
            r"\Delta_{n,f}) \star \operatorname{rot}_{180}(W_{f,c})",
            lambda t: _input_sum(t, 1, over_channels=True),
            WRONG,
        ),
    ],
)
def test_padded_batch_channel_maps(claim, truth, expected):
    assert truth(_padded_truth()) == (expected == VERIFIED)
    verdict = check_text(PADDED.replace("{claim}", claim), "n.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


# ----------------------------------------------------------- strided, one sample, X_c
STRIDED = (
    "I use `nn.Conv2d(2, 3, kernel_size=3, stride=2, padding=1)` on one $7 \\times 7$ image "
    "(batch of 1). Write $G$ for the upstream gradient and $W$ for the weight.\n\n"
    "The weight gradient of filter f and channel c:\n\n$${claim}$$\n"
)


def _strided_weight(dilate: bool) -> bool:
    gen = torch.Generator().manual_seed(5)
    x = torch.randn((1, 2, 7, 7), generator=gen, dtype=torch.float64)
    w = torch.randn((3, 2, 3, 3), generator=gen, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, stride=2, padding=1)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    xp = np.pad(x.numpy()[0], ((0, 0), (1, 1), (1, 1)))
    for f in range(3):
        for c in range(2):
            k = g.numpy()[0, f]
            if dilate:
                spread = np.zeros((2 * k.shape[0] - 1,) * 2)
                spread[::2, ::2] = k
                k = spread
            got = correlate2d(xp[c], k, "valid")
            if got.shape != (3, 3) or not np.allclose(got, w.grad.numpy()[f, c]):
                return False
    return True


@pytest.mark.parametrize(
    ("claim", "dilate", "expected"),
    [
        (
            r"\frac{\partial L}{\partial W_{f,c}} = \operatorname{pad}_1(X_c) \star "
            r"\operatorname{dilate}_2(G_f)",
            True,
            VERIFIED,
        ),
        (
            r"\frac{\partial L}{\partial W_{f,c}} = \operatorname{pad}_1(X_c) \star G_f",
            False,
            WRONG,
        ),
    ],
)
def test_strided_single_sample_maps(claim, dilate, expected):
    assert _strided_weight(dilate) == (expected == VERIFIED)
    verdict = check_text(STRIDED.replace("{claim}", claim), "n.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


def test_a_map_with_an_index_no_sum_binds_is_not_called_verified():
    claim = r"\frac{\partial L}{\partial W_{f,c}} = \operatorname{pad}_1(X_c) \star G_g"
    verdict = check_text(STRIDED.replace("{claim}", claim), "n.md").verdicts[-1]
    assert verdict.status == NOT_UNDERSTOOD or verdict.status == WRONG, verdict.message
    assert verdict.status != VERIFIED


# ------------------------------------------------------------- primed second input, 1-D
PRIMED = (
    "One channel, input $x$ of length $L = 13$, kernel $w$ of length $K = 3$, stride "
    "$S = 2$, no padding, 0-based indices, $x[t]$ bracket notation, and "
    "$g[t] = \\partial L / \\partial y[t]$.\n\n"
    "$$\\frac{{\\partial L}}{{\\partial x}} = "
    "\\operatorname{{pad}}_2(\\operatorname{{dilate}}_2(g)) \\star \\operatorname{{flip}}(w)$$\n\n"
    "With a shorter signal, with $x'$ the {n}-sample input and $g'$ its gradient:\n\n"
    "$${claim}$$\n"
)


def _primed_truth(n: int) -> np.ndarray:
    """dL/dx of F.conv1d(stride 2) at length n, and the formula's value."""
    gen = torch.Generator().manual_seed(11)
    x = torch.randn((1, 1, n), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((1, 1, 3), generator=gen, dtype=torch.float64)
    y = F.conv1d(x, w, stride=2)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    spread = np.zeros(2 * g.shape[-1] - 1)
    spread[::2] = g.numpy()[0, 0]
    formula = correlate(np.pad(spread, 2), w.numpy()[0, 0][::-1], "valid")
    return x.grad.numpy()[0, 0], formula


@pytest.mark.parametrize(("n", "expected"), [(12, WRONG), (11, VERIFIED)])
def test_primed_letters_are_the_other_input(n, expected):
    grad, formula = _primed_truth(n)
    holds = grad.shape == formula.shape and np.allclose(grad, formula)
    assert holds == (expected == VERIFIED)
    claim = (
        r"\frac{\partial L}{\partial x'} = \operatorname{pad}_2(\operatorname{dilate}_2(g')) "
        r"\star \operatorname{flip}(w)"
    )
    text = PRIMED.replace("{n}", str(n)).replace("{claim}", claim)
    text = text.replace("{{", "{").replace("}}", "}")
    verdict = check_text(text, "n.md").verdicts[-1]
    assert verdict.status == expected, verdict.message
    assert f"{n}" in verdict.message


def test_an_unread_entry_of_the_primed_input_gets_nothing():
    grad, _ = _primed_truth(12)
    assert grad[11] == 0  # the last window of a stride-2, 3-tap layer on 12 ends at 10
    text = PRIMED.replace("{n}", "12").replace("{claim}", r"\frac{\partial L}{\partial x'[11]} = 0")
    text = text.replace("{{", "{").replace("}}", "}")
    verdict = check_text(text, "n.md").verdicts[-1]
    assert verdict.status == VERIFIED, verdict.message


# -------------------------------------------------------- two inputs, one verdict at both
TWO_INPUTS = (
    "For `nn.Conv2d(1, 1, kernel_size=3, stride=2, padding=1)` my input is 8x8 and the "
    "output 4x4.\n\nTake the 7x7 case first (same layer, input 7x7). Writing $G$ for the "
    "upstream gradient and $W$ for the weight:\n\n$${claim}$$\n"
)


def _transposed_call(n: int, rotate: bool) -> bool:
    gen = torch.Generator().manual_seed(2)
    x = torch.randn((1, 1, n, n), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((1, 1, 3, 3), generator=gen, dtype=torch.float64)
    y = F.conv2d(x, w, stride=2, padding=1)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    kernel = torch.flip(w, (2, 3)) if rotate else w
    got = F.conv_transpose2d(g, kernel, stride=2, padding=1)
    return got.shape == x.grad.shape and bool(torch.allclose(got, x.grad))


def test_wrong_at_both_stated_inputs_is_wrong():
    assert not _transposed_call(8, rotate=True) and not _transposed_call(7, rotate=True)
    claim = (
        r"\frac{\partial L}{\partial X} = \operatorname{conv\_transpose2d}(G, "
        r"\operatorname{rot}_{180}(W), \text{stride}=2, \text{padding}=1)"
    )
    verdict = check_text(TWO_INPUTS.replace("{claim}", claim), "n.md").verdicts[-1]
    assert verdict.status == WRONG, verdict.message


def test_right_at_one_stated_input_only_is_not_understood():
    assert _transposed_call(7, rotate=False) and not _transposed_call(8, rotate=False)
    claim = (
        r"\frac{\partial L}{\partial X} = \operatorname{conv\_transpose2d}(G, W, "
        r"\text{stride}=2, \text{padding}=1)"
    )
    verdict = check_text(TWO_INPUTS.replace("{claim}", claim), "n.md").verdicts[-1]
    assert verdict.status == NOT_UNDERSTOOD, verdict.message


# ------------------------------------------------- d2l's spelling: \nabla, \mathsf, \sum_o
D2L = (
    "Let the input be $\\mathsf{X} \\in \\mathbb{R}^{N \\times c_i \\times n_h \\times n_w}$ "
    "with $N = 2$ examples, $c_i = 2$ input channels and $c_o = 3$ output channels; the images "
    "are $4 \\times 4$, the kernel is $3 \\times 3$, with padding 1 and stride 1, and no bias. "
    "We write $\\mathsf{G} = \\partial L / \\partial \\mathsf{Y}$ and index from 0.\n\n"
    "$${claim}$$\n"
)


@pytest.mark.parametrize(
    ("claim", "truth", "expected"),
    [
        (
            r"\nabla_{\mathsf{X}_{n,c}} L = \sum_{o} \operatorname{pad}_1(\mathsf{G}_{n,o}) "
            r"\star \operatorname{rot180}(\mathsf{W}_{o,c})",
            lambda t: _input_sum(t, 1),
            VERIFIED,
        ),
        (
            r"\nabla_{\mathsf{X}_{n,c}} L = \sum_{o} \operatorname{pad}_2(\mathsf{G}_{n,o}) "
            r"\star \operatorname{rot180}(\mathsf{W}_{o,c})",
            lambda t: _input_sum(t, 2),
            WRONG,
        ),
    ],
)
def test_d2l_spelling_of_channel_maps(claim, truth, expected):
    assert truth(_padded_truth()) == (expected == VERIFIED)
    verdict = check_text(D2L.replace("{claim}", claim), "n.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


def test_a_contradicted_layer_gives_no_verdict_on_maps():
    """Padding said in words the reader misses ("one row and column of zeros") leaves a
    layer whose 4x4 output contradicts it: a map claim under it is not judged."""
    text = D2L.replace("with padding 1 and stride 1", "so that the output is again $4 \\times 4$")
    # false: the unpadded 4x4 X against a 4x4 G is 1x1 (torch: dW is 3x3)
    claim = r"\nabla_{\mathsf{W}_{o,c}} L = \sum_{n} \mathsf{X}_{n,c} \star \mathsf{G}_{n,o}"
    t = _padded_truth()
    assert correlate2d(t["X"][0, 0], t["G"][0, 0], "valid").shape == (1, 1)
    verdicts = check_text(text.replace("{claim}", claim), "n.md").verdicts
    assert verdicts[-1].status != VERIFIED, verdicts[-1].message


def test_a_single_sample_map_in_notes_about_a_batch_is_not_guessed():
    """N = 2 stated: dW_{f,c} = pad_1(X_c) star G_f is one sample's gradient (torch: the
    batch's dW is the sum over both samples, which differs), so no verdict either way."""
    t = _padded_truth()
    xp = np.pad(t["X"], ((0, 0), (0, 0), (1, 1), (1, 1)))
    one = correlate2d(xp[0, 0], t["G"][0, 0], "valid")
    assert not np.allclose(one, t["dW"][0, 0])  # the batch's gradient is another map
    claim = r"\frac{\partial L}{\partial W_{f,c}} = \operatorname{pad}_1(X_c) \star \Delta_f"
    verdict = check_text(PADDED.replace("{claim}", claim), "n.md").verdicts[-1]
    assert verdict.status == NOT_UNDERSTOOD, verdict.message
