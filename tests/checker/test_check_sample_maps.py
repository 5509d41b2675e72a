"""Channel maps marked with their sample, ``X^{(m)}_c`` and ``G^{(m)}_f``, in the matrix form
of notes about a batch (checker/sample_maps.py), and a section that states only its maps'
2-D sizes ("$W_{f,c}$ a $2 \\times 2$ kernel") read as the 2-D layer, not as a 1-D one.

Truth: torch autograd of conv2d (2 -> 2 channels, 2x2 kernel, 3x3 images, a batch of 2,
loss sum(y * g)); each claim's right side is computed with plain NumPy loops (a valid
cross-correlation, zero padding, a 180-degree rotation).
"""

from __future__ import annotations

import numpy as np
import torch
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.sample_maps import sample_marked_maps

TEXT = (
    "# Lecture 7\n\nA `nn.Conv2d(2, 2, kernel_size=2)` layer without padding, stride 1, on a "
    "batch of $N = 2$ images of $3 \\times 3$; every index starts at 0, and "
    "$g^{(m)}_{f,i,j} = \\partial L / \\partial y^{(m)}_{f,i,j}$.\n\n"
    "$$y^{(m)}_{f,i,j} = \\sum_{c=0}^{1} \\sum_{u=0}^{1} \\sum_{v=0}^{1} w_{f,c,u,v}\\, "
    "x^{(m)}_{c,i+u,j+v} + b_f$$\n\n"
    "In matrix form, one map at a time ($W_{f,c}$ is a $2 \\times 2$ kernel):\n\n"
)
DW = "\\frac{\\partial L}{\\partial W_{f,c}} = \\sum_{m=0}^{1} X^{(m)}_c \\star G^{(m)}_f"
DX = (
    "\\frac{\\partial L}{\\partial X^{(m)}_c} = \\sum_{f=0}^{1} "
    "\\operatorname{pad}_1(G^{(m)}_f) \\star \\operatorname{rot}_{180}(W_{f,c})"
)
DX_UNROTATED = (
    "\\frac{\\partial L}{\\partial X^{(m)}_c} = \\sum_{f=0}^{1} "
    "\\operatorname{pad}_1(G^{(m)}_f) \\star W_{f,c}"
)


def _correlate(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    rows, cols = a.shape[0] - k.shape[0] + 1, a.shape[1] - k.shape[1] + 1
    return np.array(
        [
            [(a[i : i + k.shape[0], j : j + k.shape[1]] * k).sum() for j in range(cols)]
            for i in range(rows)
        ]
    )


def _truth() -> dict[str, bool]:
    gen = torch.Generator().manual_seed(3)
    x = torch.randn(2, 2, 3, 3, generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn(2, 2, 2, 2, generator=gen, dtype=torch.float64, requires_grad=True)
    g = torch.randn(2, 2, 2, 2, generator=gen, dtype=torch.float64)
    (torch.nn.functional.conv2d(x, w) * g).sum().backward()
    assert x.grad is not None and w.grad is not None
    xn, wn, gn = x.detach().numpy(), w.detach().numpy(), g.numpy()
    dw = np.array(
        [
            [sum(_correlate(xn[m, c], gn[m, f]) for m in range(2)) for c in range(2)]
            for f in range(2)
        ]
    )
    padded = np.pad(gn, ((0, 0), (0, 0), (1, 1), (1, 1)))

    def dx(rotate: bool) -> np.ndarray:
        kernel = (lambda k: k[::-1, ::-1]) if rotate else (lambda k: k)
        return np.array(
            [
                [
                    sum(_correlate(padded[m, f], kernel(wn[f, c])) for f in range(2))
                    for c in range(2)
                ]
                for m in range(2)
            ]
        )

    return {
        DW: bool(np.allclose(w.grad.numpy(), dw)),
        DX: bool(np.allclose(x.grad.numpy(), dx(True))),
        DX_UNROTATED: bool(np.allclose(x.grad.numpy(), dx(False))),
    }


def test_sample_marked_maps_are_judged() -> None:
    truth = _truth()
    assert truth == {DW: True, DX: True, DX_UNROTATED: False}
    text = TEXT + "".join(f"$${c}$$\n\n" for c in truth)
    for claim, holds in truth.items():
        assert statuses(text, claim) == [VERIFIED if holds else WRONG], claim


def test_the_rewrite_keeps_weights_and_entries() -> None:
    letters = {"W": "W", "X": "X", "G": "G"}
    assert sample_marked_maps("X^{(n)}_c + G_{f}^{(n)}", letters) == "X_{n,c} + G_{n,f}"
    assert sample_marked_maps("W^{(n)}_c", letters) == "W^{(n)}_c"  # a weight has no sample
    assert sample_marked_maps("x^{(n)}_{c,i,j}", letters) == "x^{(n)}_{c,i,j}"  # an entry
    assert sample_marked_maps("X^{(2)}_c", letters) == "X^{(2)}_c"  # a layer's number
