"""Entries written with the map's index as a subscript and the position in brackets,
``X_c[i,j]``, ``W_{f,c}[u,v]``, ``\\delta_k[i,j]`` (texclean._SUB_BRACKET): one entry of one
tensor, read as ``X_{c,i,j}``.  Each claim's truth is torch autograd's gradient of
``nn.Conv2d`` against the claimed index formula evaluated in Python at the same numbers."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.runner import check_text
from symconv.checker.texclean import bracket_entries


def _torch_layer(c_in: int, c_out: int, side: int, seed: int):
    """(x, w, g, dL/dx, dL/dw) of a bias-free 2x2 nn.Conv2d at random float64 numbers."""
    gen = torch.Generator().manual_seed(seed)
    conv = torch.nn.Conv2d(c_in, c_out, 2, bias=False).double()
    with torch.no_grad():
        conv.weight.copy_(torch.randn(conv.weight.shape, dtype=torch.float64, generator=gen))
    x = torch.randn(1, c_in, side, side, dtype=torch.float64, generator=gen, requires_grad=True)
    y = conv(x)
    g = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    y.backward(g)
    return x.detach()[0], conv.weight.detach(), g[0], x.grad[0], conv.weight.grad


def _dw_formula(x, g, shift: tuple[int, int], swap: bool) -> torch.Tensor:
    """sum_{i,j} G_f[i,j] X_c[i+u+s, j+v+s] (u and v swapped if ``swap``), 0-based."""
    c_out, out, _ = g.shape
    c_in = x.shape[0]
    dw = torch.zeros(c_out, c_in, 2, 2, dtype=torch.float64)
    for f in range(c_out):
        for c in range(c_in):
            for u in range(2):
                for v in range(2):
                    a, b = (v, u) if swap else (u, v)
                    total = 0.0
                    for i in range(out):
                        for j in range(out):
                            p, q = i + a + shift[0], j + b + shift[1]
                            if p < x.shape[1] and q < x.shape[2]:
                                total += float(g[f, i, j] * x[c, p, q])
                    dw[f, c, u, v] = total
    return dw


def _statuses(doc: str) -> dict[int, str]:
    return {v.line: v.status for v in check_text(doc).verdicts}


def test_rewrite_keeps_other_brackets():
    """Only a letter's subscript followed at once by brackets is one entry: a sum's bracket,
    an interval, a plain bracketed entry stay as written."""
    assert bracket_entries(r"W_{f,c}[u,v]\, X_c[i+u, j+v]") == r"W_{f,c,u,v}\, X_{c,i+u, j+v}"
    assert bracket_entries(r"\delta_k[i,j]") == r"\delta_{k,i,j}"
    for kept in (r"\sum_{i}[x_i]", r"x_i \in [0,1]", r"X[p,q]", r"\mathbb{1}_{c}[x]"):
        assert bracket_entries(kept) == kept


@pytest.mark.parametrize("swap", [False, True])
def test_english_weight_gradient(swap):
    """English notes, 0-based, G_f[i,j] and X_c[i+u, j+v]; the u/v swap is a mistake."""
    x, _, g, _, dw = _torch_layer(2, 3, 4, seed=1)
    holds = torch.allclose(_dw_formula(x, g, (0, 0), swap), dw)
    assert holds is (not swap)  # torch: only the written order is the gradient
    first, second = ("v", "u") if swap else ("u", "v")
    doc = (
        "# Multi-channel convolution\n\n"
        "We use `nn.Conv2d(2, 3, kernel_size=2)` on one image of $2 \\times 4 \\times 4$ "
        "(channels, height, width). Indices from 0.\n\n"
        "$$Y_f[i,j] = b_f + \\sum_{c=0}^{1} \\sum_{u=0}^{1} \\sum_{v=0}^{1} W_{f,c}[u,v]\\, "
        "X_c[i+u, j+v]$$\n\n"
        "$$\\frac{\\partial L}{\\partial W_{f,c}[u,v]} = \\sum_{i=0}^{2} \\sum_{j=0}^{2} "
        f"G_f[i,j]\\, X_c[i+{first}, j+{second}]$$\n"
    )
    statuses = _statuses(doc)
    assert statuses[5] == "verified"
    assert statuses[7] == ("verified" if holds else "wrong")


@pytest.mark.parametrize("shift", [(0, 0), (1, 1)])
def test_spanish_one_based_delta(shift):
    """Spanish notes, 1-based, \\delta_k[i,j] and A_c[i+a-1, j+b-1]; dropping the -1 reads
    one row and column further (torch: not the gradient)."""
    x, _, g, _, dw = _torch_layer(3, 2, 3, seed=2)
    holds = torch.allclose(_dw_formula(x, g, shift, False), dw)
    assert holds is (shift == (0, 0))
    offset = "-1" if shift == (0, 0) else ""
    doc = (
        "# Convolución con varios canales\n\n"
        "Una capa `nn.Conv2d(3, 2, kernel_size=2, bias=False)` sobre una imagen de "
        "$3 \\times 3 \\times 3$ (canales, alto, ancho). Índices desde 1; "
        "$\\delta_k = \\partial L / \\partial Z_k$.\n\n"
        "$$Z_k[i,j] = \\sum_{c=1}^{3} \\sum_{a=1}^{2} \\sum_{b=1}^{2} K_{k,c}[a,b]\\, "
        "A_c[i+a-1, j+b-1]$$\n\n"
        "$$\\frac{\\partial L}{\\partial K_{k,c}[a,b]} = \\sum_{i=1}^{2} \\sum_{j=1}^{2} "
        f"\\delta_k[i,j]\\, A_c[i+a{offset}, j+b{offset}]$$\n"
    )
    statuses = _statuses(doc)
    assert statuses[5] == "verified"  # the forward names A the input and K the kernel
    assert statuses[7] == ("verified" if holds else "wrong")


def test_input_gradient_full_sum():
    """dL/dX_c[p,q] = sum_f sum_{u,v} G_f[p-u, q-v] W_{f,c}[u,v] (G zero outside), by
    torch at every entry before the notes' claim is read."""
    _, w, g, dx, _ = _torch_layer(2, 3, 4, seed=3)
    ours = torch.zeros_like(dx)
    for c in range(2):
        for p in range(4):
            for q in range(4):
                for f in range(3):
                    for u in range(2):
                        for v in range(2):
                            if 0 <= p - u < 3 and 0 <= q - v < 3:
                                ours[c, p, q] += g[f, p - u, q - v] * w[f, c, u, v]
    assert torch.allclose(ours, dx)
    doc = (
        "# Multi-channel convolution\n\n"
        "We use `nn.Conv2d(2, 3, kernel_size=2)` on one image of $2 \\times 4 \\times 4$ "
        "(channels, height, width). Indices from 0.\n\n"
        "$$\\frac{\\partial L}{\\partial X_c[p,q]} = \\sum_{f=0}^{2} \\sum_{u=0}^{1} "
        "\\sum_{v=0}^{1} G_f[p-u, q-v]\\, W_{f,c}[u,v]$$\n"
    )
    assert _statuses(doc)[5] == "verified"
