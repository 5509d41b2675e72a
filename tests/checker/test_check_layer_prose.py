"""Layers the unseen dev notes describe in prose (issue 16): a dense layer named by its
heading with its sizes from ``W \\in \\mathbb{R}^{2\\times 3}`` and a mini-batch of N = 4, and a
transposed convolution named ``nn.ConvTranspose2d``.  Every verified form is checked
against torch here; each wrong variant stays wrong."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.signal import correlate2d

from symconv.checker.prose import prose_facts
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

DENSE = (
    "# Clase 7 — Capa densa con mini-lotes\n\n"
    "Notación: un mini-lote de $N = 4$ ejemplos, $X \\in \\mathbb{R}^{4\\times 3}$, pesos "
    "$W \\in \\mathbb{R}^{2\\times 3}$ y sesgo $b \\in \\mathbb{R}^{2}$. Los índices empiezan "
    "en 1.\n\n$$Z = X W^{T} + b$$\n\n$${claim}$$\n"
)


def _dense() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(7)
    x = torch.randn((4, 3), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((2, 3), generator=gen, dtype=torch.float64, requires_grad=True)
    b = torch.randn((2,), generator=gen, dtype=torch.float64, requires_grad=True)
    z = x @ w.T + b
    g = torch.randn(z.shape, generator=gen, dtype=torch.float64)
    (z * g).sum().backward()
    return {
        "X": x.detach().numpy(),
        "G": g.numpy(),
        "dW": w.grad.numpy(),
        "db": b.grad.numpy(),
        "dX": x.grad.numpy(),
        "W": w.detach().numpy(),
    }


@pytest.mark.parametrize(
    ("claim", "form", "expected"),
    [
        (r"db = \sum_{n=1}^{4} dZ_{n,:}", lambda t: t["G"].sum(axis=0), VERIFIED),
        (r"dW = dZ^{T} X", lambda t: t["G"].T @ t["X"], VERIFIED),
        (r"dX = dZ\, W", lambda t: t["G"] @ t["W"], VERIFIED),
        (
            r"\frac{\partial L}{\partial b_j} = \frac{\partial L}{\partial z_{n,j}}",
            lambda t: t["G"][0],
            WRONG,
        ),  # one sample only: not summed over the batch
        (r"dW = X^{T} dZ", lambda t: t["X"].T @ t["G"], WRONG),
    ],
)
def test_a_dense_layer_from_its_heading_and_weight_shape(claim, form, expected):
    t = _dense()
    truth = {"db": t["db"], "dW": t["dW"], "dX": t["dX"]}[
        "db" if "b" in claim.split("=")[0] else "dW" if "W" in claim.split("=")[0] else "dX"
    ]
    value = form(t)
    assert (value.shape == truth.shape and np.allclose(value, truth)) == (expected == VERIFIED)
    verdicts = check_text(DENSE.replace("{claim}", claim), "n.md").verdicts
    assert verdicts[-1].status == expected, verdicts[-1].message
    assert "dense 3 -> 2" in verdicts[-1].message or expected == WRONG


def test_the_batch_size_and_a_dense_heading_are_read():
    assert ("batch", "4", "prose") in prose_facts("un mini-lote de $N = 4$ ejemplos")
    assert ("batch", "2", "prose") in prose_facts("We take a mini-batch of $N = 2$ images")
    assert ("layer", "dense", "prose") in prose_facts("# Capa densa con mini-lotes")
    # a dense layer mentioned at the end of a convolution's notes is not its topic
    assert ("layer", "dense", "prose") not in prose_facts(
        "and a dense layer from them to 10 classes has 170 parameters"
    )


TRANSPOSED = (
    "`nn.ConvTranspose2d` with stride $s$ and padding $p$. Below, a $3\\times 3$\n"
    "input $X(i,j)$, a $3\\times 3$ kernel $W(m,n)$, $s = 2$, $p = 1$, indices from "
    "0, no bias.\n\n$${claim}$$\n"
)


def _transposed_forms() -> dict[str, bool]:
    gen = torch.Generator().manual_seed(8)
    x = torch.randn((3, 3), generator=gen, dtype=torch.float64)
    w = torch.randn((3, 3), generator=gen, dtype=torch.float64)
    y = torch.nn.functional.conv_transpose2d(x[None, None], w[None, None], stride=2, padding=1)[
        0, 0
    ].numpy()
    dilated = np.zeros((5, 5))
    dilated[::2, ::2] = x.numpy()
    forms = {
        1: correlate2d(np.pad(dilated, 1), w.numpy()[::-1, ::-1], "valid"),
        2: correlate2d(np.pad(dilated, 2), w.numpy()[::-1, ::-1], "valid"),
    }
    return {k: v.shape == y.shape and bool(np.allclose(v, y)) for k, v in forms.items()}


@pytest.mark.parametrize(("pad", "expected"), [(1, VERIFIED), (2, WRONG)])
def test_a_transposed_convolution_named_by_its_pytorch_class(pad, expected):
    assert _transposed_forms()[pad] == (expected == VERIFIED)
    claim = (
        rf"Y = \operatorname{{pad}}_{{{pad}}}\left(\operatorname{{dilate}}_2(X)\right) "
        r"\star \operatorname{rot}_{180}(W)"
    )
    verdict = check_text(TRANSPOSED.replace("{claim}", claim), "n.md").verdicts[-1]
    assert verdict.status == expected, verdict.message
    assert (
        "conv_transpose2d 3x3, kernel 3x3, stride 2, padding 1" in verdict.message
        or expected == WRONG
    )
