"""A primed upstream gradient the section defines for its own layer (primed_gradient.py):
English notes that compare a stride-2 layer with its stride-1 variant and write the
variant's gradient ``\\delta'`` ("Let $\\delta'$ be the $5 \\times 5$ gradient ..."), and
Spanish 1-D notes with ``g'`` ("el gradiente de 6 entradas").  Truth: torch autograd.  A
size that is not the section's layer's output leaves the primed letter unread."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.signal import correlate2d

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

ENGLISH = """# Week 9 notes: stride and its gradient

## The strided layer

Input $X$ of size $5 \\times 5$, kernel $W$ of size $3 \\times 3$, stride 2, padding 1, no bias;
indices from 0. The output is $3 \\times 3$ and $\\delta = \\partial L / \\partial Y$.

## For comparison: stride 1

Same input $5 \\times 5$, same kernel $3 \\times 3$, padding 1, but stride 1, so the output is
$5 \\times 5$. Let $\\delta'$ be the ${size}$ gradient of the loss with respect to this output.

$${claim}$$
"""
SPANISH = """# Apuntes: convolución 1D con paso 2 y con paso 1

Entrada $x$ de longitud 8, núcleo $w$ de longitud 3, paso 2, sin relleno y sin sesgo; índices
desde 0. La salida tiene 3 entradas y $g_t = \\partial L / \\partial y_t$.

## Con paso 1

Misma entrada de longitud 8 y mismo núcleo de longitud 3, sin relleno, ahora con paso 1: la
salida tiene 6 entradas. Sea $g'$ el gradiente de 6 entradas respecto de esa salida.

$${claim}$$
"""


def _input_gradient_2d() -> dict[str, bool]:
    """Which operator forms equal autograd's dL/dX at stride 1, padding 1 (5x5, 3x3)."""
    gen = torch.Generator().manual_seed(13)
    x = torch.randn((5, 5), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((3, 3), generator=gen, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x[None, None], w[None, None], padding=1)[0, 0]
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    padded, wn = np.pad(g.numpy(), 1), w.numpy()
    truth = x.grad.numpy()
    rotated = correlate2d(padded, wn[::-1, ::-1], "valid")
    plain = correlate2d(padded, wn, "valid")
    return {"rot": np.allclose(rotated, truth), "plain": np.allclose(plain, truth)}


def _kernel_gradient_1d() -> dict[str, bool]:
    """Which sums equal autograd's dL/dw at stride 1 (length 8, kernel 3, 0-based)."""
    gen = torch.Generator().manual_seed(14)
    x = torch.randn(8, generator=gen, dtype=torch.float64)
    w = torch.randn(3, generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv1d(x[None, None], w[None, None])[0, 0]
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    xn, gn = x.numpy(), g.numpy()
    truth = w.grad.numpy()
    right = [sum(gn[t] * xn[t + k] for t in range(6)) for k in range(3)]
    shifted = [
        sum(gn[t] * (xn[t + k + 1] if t + k + 1 < 8 else 0.0) for t in range(6)) for k in range(3)
    ]
    return {"t+k": np.allclose(right, truth), "t+k+1": np.allclose(shifted, truth)}


DX = r"\frac{\partial L}{\partial X} = "


@pytest.mark.parametrize(
    ("claim", "form", "expected"),
    [
        (DX + r"\operatorname{pad}_1(\delta') \star \operatorname{rot}_{180}(W)", "rot", VERIFIED),
        (DX + r"\operatorname{pad}_1(\delta') \star W", "plain", WRONG),
    ],
)
def test_english_notes_prime_the_stride_one_gradient(claim, form, expected):
    assert _input_gradient_2d()[form] == (expected == VERIFIED)
    note = ENGLISH.format(size="5 \\times 5", claim=claim)
    verdict = check_text(note, "week9.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


@pytest.mark.parametrize(
    ("claim", "form", "expected"),
    [
        (r"\frac{\partial L}{\partial w_k} = \sum_{t=0}^{5} g'_t \, x_{t+k}", "t+k", VERIFIED),
        (r"\frac{\partial L}{\partial w_k} = \sum_{t=0}^{5} g'_t \, x_{t+k+1}", "t+k+1", WRONG),
    ],
)
def test_spanish_notes_prime_the_stride_one_gradient(claim, form, expected):
    assert _kernel_gradient_1d()[form] == (expected == VERIFIED)
    verdict = check_text(SPANISH.format(claim=claim), "apuntes.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


def test_a_primed_gradient_of_another_size_is_not_read():
    claim = DX + r"\operatorname{pad}_1(\delta') \star \operatorname{rot}_{180}(W)"
    note = ENGLISH.format(size="3 \\times 3", claim=claim)
    assert check_text(note, "week9.md").verdicts[-1].status not in (VERIFIED, WRONG)
