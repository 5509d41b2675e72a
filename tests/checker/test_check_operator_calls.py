"""Operators written as functions beside channel and batch sums (issue 16, the unseen dev
set's Spanish lab notes): ``\\operatorname{corr}_2(a_{n,c}, W_{f,c})`` (stride 2),
``\\operatorname{dilate}_2``, ``\\operatorname{pad}_1``, ``\\operatorname{conv}_{\\mathrm{full}}``.
Truth: torch conv2d and autograd at N = 3, C = 2, F = 2, stride 2; each wrong variant (the
stride not dilated, the transpose for the rotation) stays wrong."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.signal import convolve2d, correlate2d

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

HEAD = (
    "**Notación.** La capa $l$ recibe un lote de $N = 3$ ejemplos; cada ejemplo tiene 2 "
    "canales de\n$4\\times 4$. Hay 2 filtros $W_{f,c}$ de $2\\times 2$, sesgo $b_f$, paso 2\n"
    "y sin relleno. Los índices empiezan en 1. $\\delta^{l} = \\partial L / \\partial "
    "z^{l}$.\n\n\\[\nz^{l}_{n,f,i,j} = b_f + \\sum_{c=1}^{2}\\sum_{u=1}^{2}\\sum_{v=1}^{2} "
    "a^{l-1}_{n,c,\\,2i+u-2,\\,2j+v-2}\\, W_{f,c,u,v}\n\\]\n\n$${claim}$$\n"
)


def _truth():
    gen = torch.Generator().manual_seed(13)
    a = torch.randn((3, 2, 4, 4), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((2, 2, 2, 2), generator=gen, dtype=torch.float64, requires_grad=True)
    z = torch.nn.functional.conv2d(a, w, stride=2)
    d = torch.randn(z.shape, generator=gen, dtype=torch.float64)
    (z * d).sum().backward()
    return a.detach().numpy(), w.detach().numpy(), d.numpy(), a.grad.numpy(), w.grad.numpy()


def _dilate(m):
    out = np.zeros((2 * m.shape[0] - 1, 2 * m.shape[1] - 1))
    out[::2, ::2] = m
    return out


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (
            r"\nabla_{W_{f,c}} L = \sum_{n=1}^{3} \operatorname{corr}\!\left(a^{l-1}_{n,c},\, "
            r"\operatorname{dilate}_2(\delta^{l}_{n,f})\right)",
            VERIFIED,
        ),
        (
            r"\nabla_{W_{f,c}} L = \sum_{n=1}^{3} \operatorname{corr}\!\left(a^{l-1}_{n,c},\, "
            r"\delta^{l}_{n,f}\right)",
            WRONG,
        ),
        (
            r"\nabla_{a^{l-1}_{n,c}} L = \sum_{f=1}^{2} \operatorname{conv}_{\mathrm{full}}\!\left("
            r"\operatorname{dilate}_2(\delta^{l}_{n,f}),\, W_{f,c}\right)",
            VERIFIED,
        ),
        (
            r"\nabla_{a^{l-1}_{n,c}} L = \sum_{f=1}^{2} \operatorname{corr}\!\left(\operatorname"
            r"{pad}_1(\operatorname{dilate}_2(\delta^{l}_{n,f})),\, W_{f,c}^{T}\right)",
            WRONG,
        ),
    ],
)
def test_operator_calls_against_torch(claim, expected):
    a, w, d, da, dw = _truth()
    dw_mine = np.array(
        [
            [
                sum(correlate2d(a[n, c], _dilate(d[n, f]), "valid") for n in range(3))
                for c in range(2)
            ]
            for f in range(2)
        ]
    )
    da_mine = np.array(
        [
            [sum(convolve2d(_dilate(d[n, f]), w[f, c], "full") for f in range(2)) for c in range(2)]
            for n in range(3)
        ]
    )
    assert np.allclose(dw_mine, dw) and np.allclose(da_mine, da)
    verdict = check_text(HEAD.replace("{claim}", claim), "n.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


def test_the_strided_forward_per_map():
    claim = (
        r"z^{l}_{n,f} = \sum_{c=1}^{2} \operatorname{corr}_2\!\left(a^{l-1}_{n,c},\, "
        r"W_{f,c}\right) + b_f"
    )
    assert check_text(HEAD.replace("{claim}", claim), "n.md").verdicts[-1].status == VERIFIED
    wrong = claim.replace(r"\operatorname{corr}_2", r"\operatorname{corr}")
    assert check_text(HEAD.replace("{claim}", wrong), "n.md").verdicts[-1].status == WRONG
