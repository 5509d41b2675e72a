# ruff: noqa: E501  (notes and claims are kept on one line each, as notes write them)
"""A claim that fails only once the stride or padding the notes write as a letter changes
is wrong, not size-specific (lettered_failure.py): "$S$ the stride", "the input padded with
$P$ zeros", "con paso $s$ ... rellenada con $p$ ceros", and no number for either.

Truth: torch autograd of conv2d (one map, one filter) over a grid of inputs, kernels,
strides and paddings, each claim's formula evaluated in NumPy on the same tensors; a claim
is correct when it holds at every point of the grid.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.letter_parameters import letter_parameters
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

ENGLISH = r"""# Convolution layer, general sizes

The input $X$ is $H \times H$, the kernel $W$ is $K \times K$, and $S$ the stride. Let $\tilde{X}$ be the input padded with $P$ zeros on each side. Indices start at 0.

$$Y_{i,j} = \sum_{u=0}^{K-1} \sum_{v=0}^{K-1} W_{u,v}\, \tilde{X}_{Si+u,\,Sj+v}$$

$$CLAIM$$
"""

SPANISH = r"""# Capa convolucional con paso y relleno

La entrada $A$ es de $n \times n$, el filtro $K$ de $k \times k$, con paso $s$, y $\tilde{A}$ es la entrada rellenada con $p$ ceros en cada borde. Los índices empiezan en 0.

$$Z_{r,t} = \sum_{a=0}^{k-1} \sum_{e=0}^{k-1} K_{a,e}\, \tilde{A}_{sr+a,\,st+e}$$

$$CLAIM$$
"""

GRID = [(h, k, s, p) for h, k, s, p in itertools.product((4, 5, 7), (2, 3), (1, 2, 3), (0, 1))]


def _grads(h: int, k: int, s: int, p: int) -> dict:
    gen = torch.Generator().manual_seed(h * 100 + k * 10 + s * 3 + p)
    x = torch.randn(1, 1, h, h, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.randn(1, 1, k, k, dtype=torch.float64, generator=gen, requires_grad=True)
    y = F.conv2d(x, w, stride=s, padding=p)
    g = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    (y * g).sum().backward()
    xp = F.pad(x.detach(), (p, p, p, p))
    xp.requires_grad_(True)
    F.conv2d(xp, w.detach(), stride=s).mul(g).sum().backward()  # dL/d(padded input)
    return {"xp": xp.detach()[0, 0].numpy(), "w": w.detach()[0, 0].numpy(), "g": g[0, 0].numpy(),
            "dx": x.grad[0, 0].numpy(), "dw": w.grad[0, 0].numpy(), "dxp": xp.grad[0, 0].numpy(),
            "s": s, "p": p, "k": k, "h": h}  # fmt: skip


def _kernel(t: dict, a: int, b: int) -> float:
    k = t["k"]
    return float(t["w"][a, b]) if 0 <= a < k and 0 <= b < k else 0.0  # zero outside


def _dxp(t: dict, strided: bool) -> np.ndarray:
    out = np.zeros_like(t["dxp"])
    s = t["s"] if strided else 1
    for i, j in np.ndindex(out.shape):
        out[i, j] = sum(
            t["g"][r, c] * _kernel(t, i - s * r, j - s * c) for r, c in np.ndindex(t["g"].shape)
        )
    return out


def _dw(t: dict, strided: bool) -> np.ndarray:
    s = t["s"] if strided else 1
    out = np.zeros_like(t["dw"])
    for a, b in np.ndindex(out.shape):
        out[a, b] = sum(
            t["g"][r, c] * t["xp"][s * r + a, s * c + b]
            if s * r + a < t["xp"].shape[0] and s * c + b < t["xp"].shape[1]
            else 0.0
            for r, c in np.ndindex(t["g"].shape)
        )
    return out


def _crop(t: dict, sign: int) -> np.ndarray:
    h, p = t["h"], t["p"]
    out = np.zeros_like(t["dx"])
    for i, j in np.ndindex(out.shape):
        a, b = i + sign * p, j + sign * p
        inside = 0 <= a < t["dxp"].shape[0] and 0 <= b < t["dxp"].shape[1]
        out[i, j] = t["dxp"][a, b] if inside else 0.0
    assert out.shape == (h, h)
    return out


def _correct(target: str, formula) -> bool:  # type: ignore[no-untyped-def]
    for point in GRID:
        t = _grads(*point)
        if t["g"].size == 0:
            continue
        if not np.allclose(formula(t), t[target]):
            return False
    return True


CASES = [
    (ENGLISH, r"\frac{\partial L}{\partial W_{u,v}} = \sum_{i} \sum_{j} \frac{\partial L}{\partial Y_{i,j}}\, \tilde{X}_{Si+u,\,Sj+v}", "dw", lambda t: _dw(t, True)),
    (ENGLISH, r"\frac{\partial L}{\partial \tilde{X}_{p,q}} = \sum_{i} \sum_{j} \frac{\partial L}{\partial Y_{i,j}}\, W_{p-i,\,q-j}", "dxp", lambda t: _dxp(t, False)),
    (ENGLISH, r"\frac{\partial L}{\partial X_{p,q}} = \frac{\partial L}{\partial \tilde{X}_{p+P,\,q+P}}", "dx", lambda t: _crop(t, 1)),
    (ENGLISH, r"\frac{\partial L}{\partial X_{p,q}} = \frac{\partial L}{\partial \tilde{X}_{p-P,\,q-P}}", "dx", lambda t: _crop(t, -1)),
    (SPANISH, r"\frac{\partial L}{\partial \tilde{A}_{i,j}} = \sum_{r} \sum_{t} \frac{\partial L}{\partial Z_{r,t}}\, K_{i-sr,\,j-st}", "dxp", lambda t: _dxp(t, True)),
    (SPANISH, r"\frac{\partial L}{\partial \tilde{A}_{i,j}} = \sum_{r} \sum_{t} \frac{\partial L}{\partial Z_{r,t}}\, K_{i-r,\,j-t}", "dxp", lambda t: _dxp(t, False)),
    (SPANISH, r"\frac{\partial L}{\partial K_{a,e}} = \sum_{r} \sum_{t} \frac{\partial L}{\partial Z_{r,t}}\, \tilde{A}_{r+a,\,t+e}", "dw", lambda t: _dw(t, False)),
    (SPANISH, r"\frac{\partial L}{\partial A_{i,j}} = \frac{\partial L}{\partial \tilde{A}_{i+p,\,j+p}}", "dx", lambda t: _crop(t, 1)),
]  # fmt: skip


@pytest.mark.parametrize(("notes", "claim", "target", "formula"), CASES)
def test_a_claim_broken_by_the_lettered_stride_or_padding(
    notes: str, claim: str, target: str, formula
) -> None:  # type: ignore[no-untyped-def]
    correct = _correct(target, formula)
    found = [
        v for v in check_text(notes.replace("CLAIM", claim), "c.md").verdicts if v.source == claim
    ]
    assert [v.status for v in found] == [VERIFIED if correct else WRONG], (claim, found)


def test_a_stride_the_notes_give_a_number_is_not_varied() -> None:
    """With "$S = 1$" stated, dropping S from the kernel index is right for the notes."""
    claim = CASES[1][1]
    text = ENGLISH.replace("and $S$ the stride.", "and $S$ the stride, $S = 1$.").replace(
        "CLAIM", claim
    )
    found = [v for v in check_text(text, "c.md").verdicts if v.source == claim]
    assert WRONG not in [v.status for v in found]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (r"$\mathbf{b}$ les biais, $S$ le pas (`stride`) et $Y$ la sortie", {"stride"}),
        (r"with $K$ the kernel size and $s$ the stride", {"stride"}),
        (r"$\tilde{X}$, the input padded with $P$ zeros on each side", {"pad"}),
        (r"a entrada preenchida com $q$ zeros em cada borda, $T$ o passo", {"pad", "stride"}),
        (r"mit $P$ Nullen aufgefüllt; $S$ ist die Schrittweite", {"pad", "stride"}),
        (r"padded with $P$ zeros, $P = 1$", set()),  # a number: the notes' own value
        (r"$K$ the kernel and $C$ the channels", set()),
    ],
)
def test_parameters_named_as_letters(text: str, found: set[str]) -> None:
    assert letter_parameters(text, set()) == found


PORTUGUESE = r"""# Fundamentação: camada convolucional

Seja $\mathbf{A}$ a entrada de $C$ canais, $\mathbf{K} \in \mathbb{R}^{M \times C \times R \times R}$ os filtros, $T$ o passo e $\tilde{A}$ a entrada preenchida com $Q$ zeros em cada borda. Índices a partir de 0.

$$Z_{m,r,s} = \sum_{c=0}^{C-1} \sum_{a=0}^{R-1} \sum_{e=0}^{R-1} \mathbf{K}_{m,c,a,e}\, \tilde{A}_{c,\,Tr+a,\,Ts+e}$$

$$CLAIM$$
"""


def _channels(h: int, k: int, s: int, p: int) -> dict:
    """Two channels, two filters: dL/d(padded input) by autograd on the padded tensor."""
    gen = torch.Generator().manual_seed(h * 97 + k * 13 + s * 5 + p)
    x = torch.randn(1, 2, h, h, dtype=torch.float64, generator=gen)
    w = torch.randn(2, 2, k, k, dtype=torch.float64, generator=gen)
    xp = F.pad(x, (p, p, p, p)).requires_grad_(True)
    y = F.conv2d(xp, w, stride=s)
    g = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    (y * g).sum().backward()
    return {"w": w.numpy(), "g": g[0].numpy(), "dxp": xp.grad[0].numpy(), "s": s, "k": k}


def _dxp_channels(t: dict, strided: bool) -> np.ndarray:
    s, k = (t["s"] if strided else 1), t["k"]
    out = np.zeros_like(t["dxp"])
    for c, i, j in np.ndindex(out.shape):
        out[c, i, j] = sum(
            t["g"][m, r, q] * t["w"][m, c, i - s * r, j - s * q]
            for m, r, q in np.ndindex(t["g"].shape)
            if 0 <= i - s * r < k and 0 <= j - s * q < k
        )
    return out


@pytest.mark.parametrize(
    ("claim", "strided"),
    [
        (r"\frac{\partial L}{\partial \tilde{A}_{c,p,q}} = \sum_{m=0}^{M-1} \sum_{r} \sum_{s} \frac{\partial L}{\partial Z_{m,r,s}}\, \mathbf{K}_{m,c,\,p-Tr,\,q-Ts}", True),
        (r"\frac{\partial L}{\partial \tilde{A}_{c,p,q}} = \sum_{m=0}^{M-1} \sum_{r} \sum_{s} \frac{\partial L}{\partial Z_{m,r,s}}\, \mathbf{K}_{m,c,\,p-r,\,q-s}", False),
    ],
)  # fmt: skip
def test_a_stride_named_with_another_letter(claim: str, strided: bool) -> None:
    """ "$T$ o passo", "preenchida com $Q$ zeros": T is the stride wherever the notes write it."""
    correct = all(
        np.allclose(_dxp_channels(t, strided), t["dxp"])
        for t in (_channels(*point) for point in GRID)
        if t["g"].size
    )
    found = [
        v
        for v in check_text(PORTUGUESE.replace("CLAIM", claim), "c.md").verdicts
        if v.source == claim
    ]
    assert [v.status for v in found] == [VERIFIED if correct else WRONG], (claim, found)
