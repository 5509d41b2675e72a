"""The padded input under the name the code gives it (padded_names.py): "`x_pad` is written
$\\tilde{x}$" with ``x_pad = np.pad(x, ...)``, and the gradient of a code name ``dXpd`` where
``Xpd = np.pad(X, ...)``.  Truth: torch autograd on the padded input (a leaf of its own)."""

from __future__ import annotations

import itertools

import torch

from symconv.checker.padded_names import padded_letters
from symconv.checker.report import VERIFIED, WRONG
from tests.checker.line_verdicts import statuses

_SHAPES = (
    "One image with 2 channels of size $4 \\times 4$ goes through 3 filters of size "
    "$3 \\times 3$ (stride 1, padding 1, no bias)"
)

_TILDE = "\n".join(
    [
        "# Review notes for the conv layer PR",
        "",
        _SHAPES + ". Indices from 0; `x_pad` is written $\\tilde{x}$ and `dy` is $g$.",
        "",
        "```python",
        "x_pad = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))",
        "```",
        "",
        "$$\\frac{\\partial L}{\\partial w_{f,c,u,v}} = \\sum_{i=0}^{3} \\sum_{j=0}^{3} "
        "g_{f,i,j}\\, \\tilde{x}_{c,i+u,j+v}$$",
        "",
        "$$\\frac{\\partial L}{\\partial w_{f,c,u,v}} = \\sum_{i=0}^{3} \\sum_{j=0}^{3} "
        "g_{f,i,j}\\, \\tilde{x}_{c,i+u+1,j+v+1}$$",
        "",
    ]
)

_GRADIENT = "\n".join(
    [
        "# Backward of my padded conv",
        "",
        "A batch of one image with 2 channels of size $4 \\times 4$ goes through 3 filters of "
        "size $3 \\times 3$ (stride 1, padding 1, no bias); so $dY$ has shape "
        "$1 \\times 3 \\times 4 \\times 4$. Indices from 0. In the code the padded input is "
        "`Xpd = np.pad(X, ((0, 0), (0, 0), (1, 1), (1, 1)))` and its gradient `dXpd`.",
        "",
        "$$dXpd_{0,c,p,q} = \\sum_{f=0}^{2} \\sum_{i=0}^{3} \\sum_{j=0}^{3} dY_{0,f,i,j}\\, "
        "W_{f,c,p-i,q-j}$$",
        "",
        "$$dXpd_{0,c,p,q} = \\sum_{f=0}^{2} \\sum_{i=0}^{3} \\sum_{j=0}^{3} dY_{0,f,i,j}\\, "
        "W_{f,c,i-p,j-q}$$",
        "",
        "$$dX_{0,c,p,q} = dXpd_{0,c,p+1,q+1}$$",
        "",
        "$$dX_{0,c,p,q} = dXpd_{0,c,p,q}$$",
        "",
    ]
)


def _torch_grads() -> tuple[torch.Tensor, ...]:
    """(x, w, g, dL/dw, dL/dx_pad, dL/dx) of a 2 -> 3 channel 3x3 conv, padding 1."""
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(1, 2, 4, 4, generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn(3, 2, 3, 3, generator=gen, dtype=torch.float64, requires_grad=True)
    xp = torch.nn.functional.pad(x, (1, 1, 1, 1))
    xp.retain_grad()
    y = torch.nn.functional.conv2d(xp, w)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return xp.detach(), w.detach(), g, w.grad, xp.grad, x.grad


def _wrt_padded(w: torch.Tensor, g: torch.Tensor, flipped: bool) -> torch.Tensor:
    """sum_{f,i,j} g[f,i,j] w[f,c,p-i,q-j] (or w[f,c,i-p,j-q]), w zero outside 0..2."""
    out = torch.zeros(2, 6, 6, dtype=torch.float64)
    for c, p, q, f, i, j in itertools.product(*map(range, (2, 6, 6, 3, 4, 4))):
        u, v = (i - p, j - q) if flipped else (p - i, q - j)
        if 0 <= u <= 2 and 0 <= v <= 2:
            out[c, p, q] += g[0, f, i, j] * w[f, c, u, v]
    return out


def _weight_gradient(xp: torch.Tensor, g: torch.Tensor, shift: int) -> torch.Tensor:
    """sum_{i,j} g[f,i,j] x~[c, i+u+shift, j+v+shift], x~ zero outside its 6x6."""
    out = torch.zeros(3, 2, 3, 3, dtype=torch.float64)
    for f, c, u, v, i, j in itertools.product(*map(range, (3, 2, 3, 3, 4, 4))):
        a, b = i + u + shift, j + v + shift
        if a < 6 and b < 6:
            out[f, c, u, v] += g[0, f, i, j] * xp[0, c, a, b]
    return out


def test_a_tilde_letter_named_as_the_code_array_is_the_padded_input() -> None:
    xp, _, g, dw, _, _ = _torch_grads()
    assert torch.allclose(_weight_gradient(xp, g, 0), dw)
    assert not torch.allclose(_weight_gradient(xp, g, 1), dw)
    assert statuses(_TILDE, "\\tilde{x}_{c,i+u,j+v}") == [VERIFIED]
    assert statuses(_TILDE, "\\tilde{x}_{c,i+u+1,j+v+1}") == [WRONG]
    assert {"x", "X"} <= padded_letters(_TILDE)
    # a tilde given to another code array, or to no padded one, names nothing padded
    other = _TILDE.replace("x_pad = np.pad", "x_big = np.pad")
    assert not {"x", "X"} & padded_letters(other)


def test_the_gradient_of_the_code_padded_array() -> None:
    _, w, g, _, dxp, dx = _torch_grads()
    assert torch.allclose(_wrt_padded(w, g, flipped=False), dxp[0])
    assert not torch.allclose(_wrt_padded(w, g, flipped=True), dxp[0])
    assert torch.allclose(dxp[0, :, 1:5, 1:5], dx[0])  # dX[p, q] = dXp[p + 1, q + 1]
    assert not torch.allclose(dxp[0, :, 0:4, 0:4], dx[0])
    assert statuses(_GRADIENT, "W_{f,c,p-i,q-j}") == [VERIFIED]
    assert statuses(_GRADIENT, "W_{f,c,i-p,j-q}") == [WRONG]
    assert statuses(_GRADIENT, "dXpd_{0,c,p+1,q+1}") == [VERIFIED]
    assert statuses(_GRADIENT, "= dXpd_{0,c,p,q}$$") == [WRONG]
