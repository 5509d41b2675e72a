"""Sums over a set written in the subscript (set_sums.py): ``\\sum_{t \\in \\{0, 1, 2\\}}`` in
an English note on a strided 1-D layer, ``\\sum_{(p,q) \\in \\{0, 2, 4\\}^2}`` and progressions
``\\{1, 3, \\dots, 5\\}`` in a Spanish practice sheet with the upstream gradient all ones.
Each formula's truth is computed here with torch autograd."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

ENGLISH = (
    "# Strided 1-D convolution, backward pass\n\n"
    "A signal $x$ of length 7, a kernel $w$ of length 3, stride 2, no padding, no bias, "
    "indices from 0. The output has 3 entries, $y_t = \\sum_{{k=0}}^{{2}} w_k x_{{2t+k}}$, "
    "and $g_t = \\partial L / \\partial y_t$.\n\n$${claim}$$\n"
)
SPANISH = (
    "# Práctica 5: paso 2\n\n"
    "Entrada $X$ de $7 \\times 7$, filtro $K$ de $3 \\times 3$, paso 2, sin relleno y sin "
    "sesgo; índices desde 0. La salida $Y$ es de $3 \\times 3$.\n\n"
    "Tomamos $L = \\sum_{{i,j}} Y_{{i,j}}$, así que $G = \\mathbf{{1}}$. Entonces:\n\n"
    "- ${claim}$\n"
)


def _input_gradient_1d() -> dict[str, bool]:
    """Which sums over t equal autograd's dL/dx (length 7, kernel 3, stride 2)."""
    gen = torch.Generator().manual_seed(11)
    x = torch.randn(7, generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn(3, generator=gen, dtype=torch.float64)
    y = torch.nn.functional.conv1d(x[None, None], w[None, None], stride=2)[0, 0]
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    wn, gn = w.numpy(), g.numpy()

    def at(v, i):
        return v[i] if 0 <= i < len(v) else 0.0

    def form(shift):
        return [sum(gn[t] * at(wn, s - shift * t) for t in range(3)) for s in range(7)]

    truth = x.grad.numpy()
    return {"s-2t": np.allclose(form(2), truth), "s-t": np.allclose(form(1), truth)}


@functools.cache
def _kernel_gradient_ones() -> np.ndarray:
    """dL/dK for L = sum of Y (7x7 input, 3x3 kernel, stride 2), as sums of X's entries:
    entry [u, v, p, q] is the coefficient of X_{p,q} in dL/dK_{u,v}."""
    coefficients = np.zeros((3, 3, 7, 7))
    for p in range(7):
        for q in range(7):
            x = torch.zeros((7, 7), dtype=torch.float64)
            x[p, q] = 1.0
            k = torch.zeros((3, 3), dtype=torch.float64, requires_grad=True)
            torch.nn.functional.conv2d(x[None, None], k[None, None], stride=2).sum().backward()
            coefficients[:, :, p, q] = k.grad.numpy()
    return coefficients


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (r"\frac{\partial L}{\partial x_s} = \sum_{t \in \{0, 1, 2\}} g_t \, w_{s-2t}", VERIFIED),
        (r"\frac{\partial L}{\partial x_s} = \sum_{t \in \{0, 1, 2\}} g_t \, w_{s-t}", WRONG),
        # g has three entries: the set's 3 addresses none (the claim's range, not a zero)
        (r"\frac{\partial L}{\partial x_s} = \sum_{t \in \{0, \dots, 3\}} g_t \, w_{s-2t}", WRONG),
    ],
)
def test_a_sum_over_a_set_in_an_english_note(claim, expected):
    truth = _input_gradient_1d()
    assert truth["s-2t"] and not truth["s-t"]
    verdict = check_text(ENGLISH.format(claim=claim), "en.md").verdicts[-1]
    assert verdict.status == expected, verdict.message
    if "3\\}" in claim:
        assert "g_3 is not an entry" in verdict.message


@pytest.mark.parametrize(
    ("claim", "entry", "rows", "expected"),
    [
        (r"\sum_{(p,q) \in \{0, 2, 4\}^2} X_{p,q}", (0, 0), (0, 2, 4), VERIFIED),
        (r"\sum_{p, q \in \{1, 3, \dots, 5\}} X_{p,q}", (1, 1), (1, 3, 5), VERIFIED),
        (r"\sum_{p, q \in \{0, 2, \dots, 6\}} X_{p,q}", (0, 0), (0, 2, 4, 6), WRONG),
    ],
)
def test_sums_over_a_set_in_a_spanish_sheet(claim, entry, rows, expected):
    written = np.zeros((7, 7))
    for p in rows:
        for q in rows:
            written[p, q] = 1.0
    truth = _kernel_gradient_ones()[entry]
    assert np.array_equal(written, truth) == (expected == VERIFIED)
    u, v = entry
    note = SPANISH.format(claim=rf"\frac{{\partial L}}{{\partial K_{{{u},{v}}}}} = {claim}")
    verdict = check_text(note, "es.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


def test_a_progression_that_misses_its_last_element_is_not_read():
    claim = r"\frac{\partial L}{\partial K_{0,0}} = \sum_{p, q \in \{0, 2, \dots, 5\}} X_{p,q}"
    verdict = check_text(SPANISH.format(claim=claim), "es.md").verdicts[-1]
    assert verdict.status == NOT_UNDERSTOOD, verdict.message
