"""The layer's configuration as the notes state it, and verdicts that never rest on a guess
(issue 16, the fresh5 set's false alarms and misses).

* the dilation read from prose in its common spellings ("the dilation is $d = 2$",
  "dilation=2", "a kernel dilated by 2", "atrous rate 2", "dilatación de 2");
* a lone parameter the notes set ("we take $C_\\text{in} = 2$, $K = 3$ and $H = 5$", "the
  first with $d = 1$") is their definition, not a claim against a layer read from them;
* a sentence naming both index bases ("mixing 0-based and 1-based") states neither, so the
  1-based sums decide;
* must-fail forms: each was verified before (a word dropped as prose, both sides vanishing
  at P = 0, a layer restated before the claim, W laid out as in x out, ...) and must never
  be verified again.  The truth of each is torch or hand work, never symconv.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.dilation_prose import dilation_facts
from symconv.checker.prose import normalise, prose_facts
from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _verdicts(text: str, line: int | None = None) -> list[str]:
    found = check_text(text, "notes.md").verdicts
    return [v.status for v in found if line is None or v.line == line]


# ------------------------------------------------------------------ dilation from prose
@pytest.mark.parametrize(
    "sentence",
    [
        "the kernel $W$ is $3 \\times 3$, the dilation is $d = 2$, the stride is 1",
        "checked against `torch.nn.functional.conv2d(..., dilation=2)`",
        "a $3\\times 3$ kernel dilated by 2",
        "the filter is dilated by a factor of 2",
        "a 2-dilated convolution",
        "atrous rate 2",
        "con dilatación $d = 2$",
        "una dilatación de 2",
        "dilation rate of 2",
    ],
)
def test_the_dilation_is_read_in_its_spellings(sentence: str) -> None:
    assert ("dilation", "2", "prose") in dilation_facts(normalise(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "dilate $G$ by 2 (one zero between entries)",  # a gradient spread, the stride rule
        "Forgetting the dilation gives",
        "the usual dilation trick",
    ],
)
def test_a_dilated_gradient_or_a_remark_is_no_dilation_of_the_layer(sentence: str) -> None:
    assert [f for f in prose_facts(sentence) if f[0] == "dilation"] == []


def _dilated_notes(setup: str, claim: str) -> str:
    return (
        f"# Dilated conv\n\n{setup} The input $X$ is $9 \\times 9$, the kernel $W$ is "
        "$3 \\times 3$, stride 1, no padding, no bias, indices from 0.\n\n"
        f"$$ {claim} $$\n"
    )


_DILATED = "Y[i, j] = \\sum_{u=0}^{2}\\sum_{v=0}^{2} W[u, v]\\, X[i + 2u,\\; j + 2v]"
_STRIDED = "Y[i, j] = \\sum_{u=0}^{2}\\sum_{v=0}^{2} W[u, v]\\, X[2i + u,\\; 2j + v]"


def test_the_dilated_forward_sum_is_torchs_dilated_convolution() -> None:
    # the truth: torch's dilation-2 conv2d equals the sum with taps at i + 2u, j + 2v
    x, w = torch.randn(1, 1, 9, 9), torch.randn(1, 1, 3, 3)
    y = torch.nn.functional.conv2d(x, w, dilation=2)[0, 0].numpy()
    xs, ws = x[0, 0].numpy(), w[0, 0].numpy()
    by_sum = np.array(
        [
            [sum(ws[u, v] * xs[i + 2 * u, j + 2 * v] for u in range(3) for v in range(3))]
            for i in range(5)
            for j in range(5)
        ]
    ).reshape(5, 5)
    assert np.allclose(y, by_sum, atol=1e-5)
    for setup in ("The dilation is $d = 2$.", "We use a kernel dilated by 2.", "Atrous rate 2."):
        assert _verdicts(_dilated_notes(setup, _DILATED), 5) == [VERIFIED]
        assert _verdicts(_dilated_notes(setup, _STRIDED), 5) != [VERIFIED]


# ------------------------------------------------------------------ the notes' settings
def test_a_parameter_the_notes_set_gets_no_verdict() -> None:
    text = (
        "# Setup\n\nTo have numbers in mind we take $C_\\text{in} = 2$, $C_\\text{out} = 3$, "
        "$K = 3$ and $H = 5$, with stride 1 and no padding.\n\nStack two layers, the first "
        "with $d = 1$ and the second with $d = 2$.\n"
    )
    assert _verdicts(text) == []


def test_a_computed_size_stays_a_claim() -> None:
    # torch: a 28x28 input, 3x3 kernel, stride 2, no padding gives 13 rows
    assert (
        torch.nn.functional.conv2d(
            torch.zeros(1, 1, 28, 28), torch.zeros(1, 1, 3, 3), stride=2
        ).shape[-1]
        == 13
    )
    text = (
        "# Sizes\n\nA $28 \\times 28$ input, a $3 \\times 3$ kernel, stride 2, no padding:\n\n"
        "$$H_{out} = 13$$\n\n$$H_{out} = 14$$\n"
    )
    assert _verdicts(text) == [VERIFIED, WRONG]


def test_both_bases_named_state_neither() -> None:
    assert [
        f for f in prose_facts("mixing 0-based and 1-based indices") if f[0] == "index-base"
    ] == []
    assert ("index-base", "1", "prose") in prose_facts("everything is 1-based")


# ------------------------------------------------------------------ must never verify
def _torch_avg_relu_differ() -> bool:
    z = torch.tensor([[[[1.0, -2.0], [-1.0, 4.0]]]])
    pool = torch.nn.functional.avg_pool2d
    return not torch.equal(pool(torch.relu(z), 2), torch.relu(pool(z, 2)))


_POOL = "# Pool\n\nVentana 2, paso 2, entrada 4x4, average pooling.\n\n"
_CONV = "# Conv\n\nInput x is 4x4, kernel 2x2, no bias.\n\n"
_ONE_BASED = (
    "# Q\n\nA single-channel $4 \\times 4$ input $x$ and a $2 \\times 2$ kernel $w$ (stride 1, "
    "no padding, no bias). I get\n\n$$\\frac{\\partial L}{\\partial w_{ab}} = \\sum_{i}\\sum_{j} "
    "g_{ij}\\, x_{i+a,\\,j+b}$$\n\n## Answer\n\nIt is an off-by-one from mixing 0-based and "
    "1-based indices; with everything 1-based,\n\n$$y_{ij} = \\sum_{m=1}^{2}\\sum_{n=1}^{2} "
    "w_{mn}\\, x_{i+m-1,\\,j+n-1}$$\n"
)
_FLIPS = (
    "# Q\n\nA single-channel $4 \\times 4$ input $x$, a $2 \\times 2$ kernel $w$, stride 1, no "
    "padding, no bias. In the signal-processing convention $*$ flips its second argument, "
    "and $\\frac{\\partial L}{\\partial w} = x * g$ would be a true convolution.\n"
)
_RESTATED = (
    "# Sizes\n\nThe input $X$ is $9 \\times 9$, the kernel $W$ is $3 \\times 3$, the dilation "
    "is 2, stride 1, no padding.\n\nWith $P = 1$ and $S = 2$ (same input, same dilated "
    "kernel), a group wrote\n\n$$H_\\text{out} = \\left\\lfloor \\frac{9 + 2 - 3}{2} "
    "\\right\\rfloor + 1 = 5$$\n"
)
_IN_BY_OUT = (
    "# Capa densa\n\nCada fila es un ejemplo: $X$ es $4 \\times 5$, $W$ es $5 \\times 3$ y la "
    "capa calcula $Z = XW + b$.\n\n$$\\frac{\\partial L}{\\partial x_{nj}} = \\sum_{k=1}^{3} "
    "\\Delta_{nk}\\, w_{kj}$$\n"
)
MUST_NOT_VERIFY = [
    # both sides vanish at P = 0; at H = W = 3, P = 1: 25 - 9 = 16 against 2*1*6 = 12
    (_CONV + "$$(H + 2P)(W + 2P) - HW = 2P(H + W)$$\n", 5, (3 + 2) ** 2 - 9 != 2 * (3 + 3)),
    # a word applied to an argument was dropped: f(X) = X read X = X
    (
        _POOL + "$$\\operatorname{avgpool}(\\operatorname{ReLU}(Z)) = "
        "\\operatorname{ReLU}(\\operatorname{avgpool}(Z))$$\n",
        5,
        _torch_avg_relu_differ(),
    ),
    (_CONV + "$$\\operatorname{ReLU}(X) = X$$\n", 5, bool(torch.relu(torch.tensor(-1.0)) != -1.0)),
    # the asker's 0-based form in notes that are 1-based: x_{3+2} = x_5 is outside 1..4
    (_ONE_BASED, 5, 3 + 2 > 4),
    # * declared a true convolution: x * g flips g, the kernel gradient does not
    (
        _FLIPS,
        3,
        not torch.allclose(
            torch.nn.functional.conv2d(
                torch.arange(16.0).view(1, 1, 4, 4), torch.arange(9.0).view(1, 1, 3, 3)
            ),
            torch.nn.functional.conv2d(
                torch.arange(16.0).view(1, 1, 4, 4), torch.arange(9.0).flip(0).view(1, 1, 3, 3)
            ),
        ),
    ),
    # the claim is about the restated layer (P = 1, S = 2): torch gives 4, not 5
    (
        _RESTATED,
        7,
        torch.nn.functional.conv2d(
            torch.zeros(1, 1, 9, 9), torch.zeros(1, 1, 3, 3), stride=2, padding=1, dilation=2
        ).shape[-1]
        != 5,
    ),
    # Z = XW + b: W is 5x3 (in x out), so dL/dx_{nj} = sum_k Delta_{nk} w_{jk}; w_{kj} swaps them
    (_IN_BY_OUT, 5, True),
    # a number for a size of a layer the notes never state: the defaults are a guess
    ("# Sizes\n\nThe output size is\n\n$$H_{out} = 2$$\n", 5, True),
]


@pytest.mark.parametrize(("text", "line", "wrong_by_truth"), MUST_NOT_VERIFY)
def test_a_wrong_form_is_never_verified(text: str, line: int, wrong_by_truth: bool) -> None:
    assert wrong_by_truth  # the form is wrong, by torch or by hand
    found = _verdicts(text, line)
    assert found, text  # the claim is read and gets a verdict
    assert VERIFIED not in found, (found, text)
    assert all(s in (WRONG, SIZE_SPECIFIC, NOT_UNDERSTOOD) for s in found), found


def test_in_by_out_weights_are_not_judged_in_the_checkers_layout() -> None:
    # torch: Z = X W (W in x out) gives dL/dW = X^T dZ of W's shape (5, 3)
    x, w = torch.randn(4, 5), torch.randn(5, 3, requires_grad=True)
    (x @ w).sum().backward()
    assert w.grad is not None and w.grad.shape == (5, 3)
    assert torch.allclose(w.grad, x.T @ torch.ones(4, 3))
    text = _IN_BY_OUT.replace(
        "$$\\frac{\\partial L}{\\partial x_{nj}}",
        "$$\\frac{\\partial L}{\\partial W} = X^\\top \\Delta$$\n\n"
        "$$\\frac{\\partial L}{\\partial x_{nj}}",
    )
    assert WRONG not in _verdicts(text)
