"""Notes whose dilation is a letter with no value ("dilation $D$"): a claim that leaves the
dilation out held at the default dilation 1 the checker reads, and was verified (a miss,
found by the seventeenth session's fixer f17a).  Such a claim is now not verified; one that
does not depend on the dilation stays verified; notes that give the dilation a number are
judged at it.  Truth: torch autograd on a dilated conv1d."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

NOTES = {
    "en": (
        "# Dilated 1-D convolution\n\nA 1-D convolution with kernel size $K = 3$ and dilation "
        "$D$ on an input $x$ of length $N = 9$:\n\n$$y_t = \\sum_{{k=0}}^{{K-1}} w_k x_{{t + Dk}}"
        "$$\n\nThe gradient with respect to the weights is\n\n$${claim}$$\n"
    ),
    "es": (
        "# Convolución dilatada\n\nUna convolución 1-D con núcleo de tamaño $K = 3$ y "
        "dilatación $d$ sobre una señal $x$ de longitud $N = 9$:\n\n$$y_t = \\sum_{{k=0}}^{{K-1}}"
        " w_k x_{{t + dk}}$$\n\nEl gradiente respecto de los pesos es\n\n$${claim}$$\n"
    ),
}
LEFT_OUT = "\\frac{\\partial L}{\\partial w_k} = \\sum_{t} g_t x_{t+k}"  # the dilation dropped
BIAS = "\\frac{\\partial L}{\\partial b} = \\sum_{t} g_t"


def _torch_gradients(dilation: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """x, g, dL/dw and dL/db of a conv1d of kernel 3 on 9 samples (L = sum g * y)."""
    gen = torch.Generator().manual_seed(dilation)
    x = torch.randn(1, 1, 9, generator=gen, dtype=torch.float64)
    w = torch.randn(1, 1, 3, generator=gen, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv1d(x, w, b, dilation=dilation)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    assert w.grad is not None and b.grad is not None
    return x.numpy()[0, 0], g.numpy()[0, 0], w.grad.numpy()[0, 0], b.grad.numpy()


def test_the_left_out_dilation_is_a_mistake_at_dilation_2() -> None:
    for dilation in (1, 2):
        x, g, dw, db = _torch_gradients(dilation)
        left_out = [sum(g[t] * x[t + k] for t in range(len(g))) for k in range(3)]
        dilated = [sum(g[t] * x[t + dilation * k] for t in range(len(g))) for k in range(3)]
        assert np.allclose(dilated, dw) and np.isclose(db[0], g.sum())
        # the claim agrees with the truth at dilation 1 only: a mistake for the notes' D
        assert np.allclose(left_out, dw) == (dilation == 1)


def _verdict(text: str):
    last = len(text.rstrip("\n").split("\n"))
    found = [v for v in check_text(text).verdicts if v.line == last]
    assert found, text
    return found[0]


@pytest.mark.parametrize("language", list(NOTES))
def test_a_claim_without_the_dilation_is_not_verified(language: str) -> None:
    verdict = _verdict(NOTES[language].format(claim=LEFT_OUT))
    assert verdict.status != VERIFIED, verdict.message
    assert "dilation" in verdict.message


@pytest.mark.parametrize("language", list(NOTES))
def test_a_claim_the_dilation_does_not_change_stays_verified(language: str) -> None:
    verdict = _verdict(NOTES[language].format(claim=BIAS))
    assert verdict.status == VERIFIED, verdict.message


def test_a_dilation_with_a_number_is_judged_at_it() -> None:
    text = NOTES["en"].replace("dilation $D$", "dilation $D = 2$")
    verdict = _verdict(text.format(claim=LEFT_OUT))
    assert verdict.status == WRONG, verdict.message


def test_a_section_that_does_not_speak_of_the_dilation_is_judged_as_read() -> None:
    # the general notation names "dilation $D$"; a stride-2 example in a section of its own
    # means none: its right gradient is verified (truth: torch autograd at dilation 1)
    text = (
        "# Notation\n\nFor a signal of length $N$, a kernel of length $K$, dilation $D$ and "
        "stride $S$ the output is $y_t = \\sum_k w_k x_{St + Dk}$.\n\n## A stride-2 example\n\n"
        "A signal of length $N = 7$, a kernel of length $K = 3$, stride $S = 2$, no padding:\n\n"
        "$$\\frac{\\partial L}{\\partial w_k} = \\sum_{i=0}^{2} g_i x_{2i+k}$$\n"
    )
    x = torch.randn(1, 1, 7, dtype=torch.float64, generator=torch.Generator().manual_seed(7))
    w = torch.randn(1, 1, 3, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv1d(x, w, stride=2)
    g = torch.randn(y.shape, dtype=torch.float64)
    (y * g).sum().backward()
    assert w.grad is not None
    xs, gs = x.numpy()[0, 0], g.numpy()[0, 0]
    claimed = [sum(gs[i] * xs[2 * i + k] for i in range(3)) for k in range(3)]
    assert np.allclose(claimed, w.grad.numpy()[0, 0])
    assert _verdict(text).status == VERIFIED
