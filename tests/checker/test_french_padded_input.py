"""French notes of a stride-2 convolution with padding, read as they are written: the
sizes the notes name by letters ("une entrée $X$ ... de taille $H \\times H$, un noyau $K$
de taille $k \\times k$ ... Dans tout le chapitre, $H = 7$, $k = 3$, $S = 2$ et $P = 1$"),
the padded input ("l'entrée complétée") not taken for the input, the dilation spelled
``\\operatorname{dil}_2``, and the gradient with respect to the padded input
``\\tilde{X} = \\operatorname{pad}_1(X)``.

Truth: torch autograd on conv2d (stride 2) of pad_1(X) with the padded input a leaf, each
claimed right side computed with NumPy."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

HEAD = (
    "# Chapitre 4\n\n## 4.1 Notations\n\n"
    "On considère une entrée $X$ à une seule carte, de taille $H \\times H$, un noyau $K$ de "
    "taille\n$k \\times k$, un pas $S$ et un remplissage de $P$ zéros sur chaque bord.\n\n"
    "Dans tout le chapitre, sauf mention contraire, $H = 7$, $k = 3$, $S = 2$ et $P = 1$.\n\n"
    "On note $\\tilde{X} = \\operatorname{pad}_1(X)$ l'entrée complétée par des zéros "
    "($9 \\times 9$), indices de $0$ à $8$, et on numérote $X$, $K$ et $Y$ à partir de $0$. "
    "On note enfin $\\delta_{i,j} = \\partial E / \\partial Y_{i,j}$ le gradient qui arrive "
    "($4 \\times 4$).\n\n## 4.2 Gradients\n\n"
)


def _corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    kh, kw = k.shape
    return np.array(
        [
            [np.sum(a[i : i + kh, j : j + kw] * k) for j in range(a.shape[1] - kw + 1)]
            for i in range(a.shape[0] - kh + 1)
        ]
    )


def _dil(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((a.shape[0] - 1) * s + 1, (a.shape[1] - 1) * s + 1))
    out[::s, ::s] = a
    return out


def _truth() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(1, 1, 7, 7, dtype=torch.float64, generator=gen, requires_grad=True)
    k = torch.randn(1, 1, 3, 3, dtype=torch.float64, generator=gen, requires_grad=True)
    xp = F.pad(x, (1, 1, 1, 1))
    xp.retain_grad()
    y = F.conv2d(xp, k, stride=2)
    d = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    (y * d).sum().backward()
    return {
        "Xt": xp[0, 0].detach().numpy(),
        "K": k[0, 0].detach().numpy(),
        "d": d[0, 0].numpy(),
        "dK": k.grad[0, 0].numpy(),
        "dXt": xp.grad[0, 0].numpy(),
        "dX": x.grad[0, 0].numpy(),
    }


def rot(a: np.ndarray) -> np.ndarray:
    return a[::-1, ::-1]


CLAIMS = [
    (
        "K",
        "\\tilde{X} \\star \\operatorname{dil}_2(\\delta)",
        lambda t: _corr(t["Xt"], _dil(t["d"], 2)),
    ),
    ("K", "\\tilde{X} \\star \\delta", lambda t: _corr(t["Xt"], t["d"])),
    (
        "\\tilde{X}",
        "\\operatorname{pad}_2(\\operatorname{dil}_2(\\delta)) \\star \\operatorname{rot}_{180}(K)",
        lambda t: _corr(np.pad(_dil(t["d"], 2), 2), rot(t["K"])),
    ),
    (
        "\\tilde{X}",
        "\\operatorname{pad}_2(\\delta) \\star \\operatorname{rot}_{180}(K)",
        lambda t: _corr(np.pad(t["d"], 2), rot(t["K"])),
    ),
    (
        "X",
        "\\operatorname{pad}_1(\\operatorname{dil}_2(\\delta)) \\star \\operatorname{rot}_{180}(K)",
        lambda t: _corr(np.pad(_dil(t["d"], 2), 1), rot(t["K"])),
    ),
]


@pytest.mark.parametrize(("by", "right", "numpy"), CLAIMS)
def test_french_stride_two_claims(by: str, right: str, numpy) -> None:  # type: ignore[no-untyped-def]
    truth = _truth()
    target = {"K": "dK", "\\tilde{X}": "dXt", "X": "dX"}[by]
    value = numpy(truth)
    holds = value.shape == truth[target].shape and bool(np.allclose(value, truth[target]))
    text = HEAD + f"$$\\frac{{\\partial E}}{{\\partial {by}}} = {right}$$\n"
    report = check_text(text, "poly.md")
    verdict = [v for v in report.verdicts if "partial E}{" in v.source][-1]
    assert verdict.status == (VERIFIED if holds else WRONG), (by, right, verdict.message)
    layer = report.layers[-1]["text"]  # the layer read from the French words
    assert "conv2d 7x7, kernel 3x3, stride 2, padding 1" in layer, layer
