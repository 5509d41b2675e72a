"""Notes that name two gradients with one letter under a mean batch loss: the batch loss's
``\\delta_{n,f,i,j} = \\partial L / \\partial z_{n,f,i,j}`` and, marked with the sample,
``\\delta^{(n)}_{f,i,j} = \\partial \\ell_n / \\partial z_{n,f,i,j}`` after
``L = \\frac{1}{N} \\sum_n \\ell_n``.  The mark tells them apart: a claim with the marked
letter needs the 1/N, one with the plain letter must not carry it again, and a claim that
uses neither (a parameter count) is read as any other.  Truth: torch conv2d with autograd
on L = mean_n ell_n, ell_n = <Z_n, R_n> (so dell_n/dZ_n = R_n and dL/dZ_n = R_n / N); each
claim's formula evaluated with NumPy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

F64 = torch.float64


@dataclass(frozen=True)
class Batch:
    x: np.ndarray  # (N, C, H, W)
    w: np.ndarray  # (F, C, K, K)
    sample: np.ndarray  # dell_n/dZ_n, (N, F, H', W')
    db: np.ndarray  # dL/db by autograd
    dw: np.ndarray
    dx: np.ndarray


def _batch(n: int, c: int, f: int, side: int, k: int, seed: int) -> Batch:
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn((n, c, side, side), generator=gen, dtype=F64, requires_grad=True)
    w = torch.randn((f, c, k, k), generator=gen, dtype=F64, requires_grad=True)
    b = torch.randn(f, generator=gen, dtype=F64, requires_grad=True)
    z = torch.nn.functional.conv2d(x, w, b)
    r = torch.randn(z.shape, generator=gen, dtype=F64)
    (z * r).sum(dim=(1, 2, 3)).mean().backward()  # L = (1/N) sum_n <Z_n, R_n>
    assert x.grad is not None and w.grad is not None and b.grad is not None
    return Batch(x.detach().numpy(), w.detach().numpy(), r.numpy(), *(
        t.grad.numpy() for t in (b, w, x)
    ))  # fmt: skip


def _db(t: Batch, delta: np.ndarray) -> np.ndarray:
    return delta.sum(axis=(0, 2, 3))


def _dw(t: Batch, delta: np.ndarray) -> np.ndarray:
    k = t.w.shape[-1]
    out = np.zeros(t.w.shape)
    rows, cols = delta.shape[2:]
    for u in range(k):
        for v in range(k):
            out[:, :, u, v] = np.einsum(
                "nfij,ncij->fc", delta, t.x[:, :, u : u + rows, v : v + cols]
            )
    return out


def _dx(t: Batch, delta: np.ndarray) -> np.ndarray:
    k = t.w.shape[-1]
    out = np.zeros(t.x.shape)
    rows, cols = delta.shape[2:]
    for u in range(k):
        for v in range(k):
            out[:, :, u : u + rows, v : v + cols] += np.einsum(
                "fc,nfij->ncij", t.w[:, :, u, v], delta
            )
    return out


FORMULAS: dict[str, Callable[[Batch, np.ndarray], np.ndarray]] = {"b": _db, "w": _dw, "x": _dx}


def _holds(t: Batch, target: str, marked: bool, scaled: bool) -> bool:
    """Whether dL/d(target) = [1/N] (formula of the marked or plain delta) holds."""
    n = t.x.shape[0]
    delta = t.sample if marked else t.sample / n  # the plain letter is dL/dZ
    claimed = FORMULAS[target](t, delta) / (n if scaled else 1)
    truth = {"b": t.db, "w": t.dw, "x": t.dx}[target]
    return bool(np.allclose(claimed, truth))


# Spanish, 0-based, B samples, \frac-free slashes
ES_HEAD = (
    "# Capa convolucional con lote\n\nUn lote de $B = 2$ imágenes, 2 canales de entrada de "
    "$5 \\times 5$, 3 filtros de $3 \\times 3$, paso 1, sin relleno, un sesgo $b_k$ por filtro. "
    "Los índices empiezan en 0. Escribimos $\\delta_{b,k,i,j} = \\partial L / \\partial "
    "y_{b,k,i,j}$.\n\n$$y_{b,k,i,j} = b_k + \\sum_{c=0}^{1} \\sum_{u=0}^{2} \\sum_{v=0}^{2} "
    "w_{k,c,u,v}\\, x_{b,c,i+u,j+v}$$\n\nCon la pérdida media $L = \\frac{1}{B} \\sum_{b} "
    "\\ell_b$ y $\\delta^{(b)}_{k,i,j} = \\partial \\ell_b / \\partial y_{b,k,i,j}$:\n\n"
)
ES_DELTA = {True: "\\delta^{(b)}_{k,i,j}", False: "\\delta_{b,k,i,j}"}
ES_CLAIM = {
    "b": "\\frac{\\partial L}{\\partial b_k} = {s}\\sum_{b=0}^{1} \\sum_{i=0}^{2} "
    "\\sum_{j=0}^{2} {d}",
    "w": "\\frac{\\partial L}{\\partial w_{k,c,u,v}} = {s}\\sum_{b=0}^{1} \\sum_{i=0}^{2} "
    "\\sum_{j=0}^{2} {d}\\, x_{b,c,i+u,j+v}",
}

# French, 1-based, N samples, \frac derivatives
FR_HEAD = (
    "# Convolution sur un mini-lot\n\nUn mini-lot de $N = 3$ images, chacune avec $C = 2$ "
    "canaux d'entrée de $4 \\times 4$; $F = 2$ filtres de $2 \\times 2$, pas 1, sans "
    "remplissage, un biais $b_f$ par filtre. Les indices commencent à 1. On note "
    "$\\delta_{n,f,i,j} = \\frac{\\partial L}{\\partial y_{n,f,i,j}}$.\n\n$$y_{n,f,i,j} = b_f "
    "+ \\sum_{c=1}^{2} \\sum_{u=1}^{2} \\sum_{v=1}^{2} w_{f,c,u,v}\\, x_{n,c,i+u-1,j+v-1}$$\n\n"
    "Avec la perte moyenne $L = \\frac{1}{N} \\sum_{n=1}^{N} \\ell_n$ et "
    "$\\delta^{(n)}_{f,i,j} = \\frac{\\partial \\ell_n}{\\partial y_{n,f,i,j}}$ :\n\n"
)
FR_CLAIM = {
    "b": "\\frac{\\partial L}{\\partial b_f} = {s}\\sum_{n=1}^{3} \\sum_{i=1}^{3} "
    "\\sum_{j=1}^{3} {d}",
    "w": "\\frac{\\partial L}{\\partial w_{f,c,u,v}} = {s}\\sum_{n=1}^{3} \\sum_{i=1}^{3} "
    "\\sum_{j=1}^{3} {d}\\, x_{n,c,i+u-1,j+v-1}",
    "x": "\\frac{\\partial L}{\\partial x_{n,c,p,q}} = {s}\\sum_{f=1}^{2} \\sum_{u=1}^{2} "
    "\\sum_{v=1}^{2} w_{f,c,u,v}\\, {d}",
}
FR_DELTA = {
    (True, "x"): "\\delta^{(n)}_{f,p-u+1,q-v+1}",
    (False, "x"): "\\delta_{n,f,p-u+1,q-v+1}",
    (True, ""): "\\delta^{(n)}_{f,i,j}",
    (False, ""): "\\delta_{n,f,i,j}",
}

CASES = [("es", target) for target in ES_CLAIM] + [("fr", target) for target in FR_CLAIM]


def _note(language: str, target: str, marked: bool, scaled: bool) -> str:
    if language == "es":
        head, claim, delta, share = ES_HEAD, ES_CLAIM[target], ES_DELTA[marked], "\\frac{1}{B} "
    else:
        head, claim = FR_HEAD, FR_CLAIM[target]
        delta = FR_DELTA[(marked, "x" if target == "x" else "")]
        share = "\\frac{1}{N} "
    text = claim.replace("{s}", share if scaled else "").replace("{d}", delta)
    return f"{head}$${text}$$\n"


@pytest.mark.parametrize(("language", "target"), CASES)
@pytest.mark.parametrize("marked", [True, False])
@pytest.mark.parametrize("scaled", [True, False])
def test_the_mark_tells_the_samples_delta_from_the_batchs(
    language: str, target: str, marked: bool, scaled: bool
) -> None:
    t = _batch(2, 2, 3, 5, 3, 41) if language == "es" else _batch(3, 2, 2, 4, 2, 43)
    holds = _holds(t, target, marked, scaled)
    assert holds == (marked == scaled)  # the 1/N belongs to the marked letter only
    text = _note(language, target, marked, scaled)
    claim = len(text.split("\n")) - 1
    found = {v.line: v.status for v in check_text(text).verdicts}
    assert found[claim] == (VERIFIED if holds else WRONG)


def test_a_claim_without_the_letter_is_read_after_the_mean() -> None:
    # 3 filters of 2 x 3 x 3 weights and one bias each: 3 (2 * 9 + 1) = 57, as torch counts
    layer = torch.nn.Conv2d(2, 3, kernel_size=3)
    count = sum(p.numel() for p in layer.parameters())
    assert count == 57
    text = f"{ES_HEAD}La capa tiene $P = 3 \\cdot 2 \\cdot 9 + 3 = {count}$ parámetros.\n"
    found = {v.line: v.status for v in check_text(text).verdicts}
    assert found[len(text.split("\n")) - 1] == VERIFIED
    wrong = text.replace(f"+ 3 = {count}", f"= {count - 3}")  # the biases left out
    found = {v.line: v.status for v in check_text(wrong).verdicts}
    assert found[len(wrong.split("\n")) - 1] == WRONG


def test_a_letter_named_both_ways_without_a_mark_stays_unread() -> None:
    # \delta_{b,k,i,j} defined as dL/dy and then, unmarked, as dell_b/dy: which one a use
    # means is open, so the claim is not judged (either verdict could be a false alarm)
    text = ES_HEAD.replace("\\delta^{(b)}_{k,i,j} = ", "\\delta_{b,k,i,j} = ") + (
        "$$\\frac{\\partial L}{\\partial b_k} = \\sum_{b=0}^{1} \\sum_{i=0}^{2} \\sum_{j=0}^{2} "
        "\\delta_{b,k,i,j}$$\n"
    )
    found = {v.line: v.status for v in check_text(text).verdicts}
    assert found[len(text.split("\n")) - 1] not in (VERIFIED, WRONG)


def test_without_padding_in_german_words() -> None:
    # "Ohne Polsterung" sets P = 0 for the claim after it: floor((32 - 5)/2) + 1 = 14, so the
    # ceiling's 15 is wrong there (with P = 1 it would be the right side)
    sizes = {
        p: torch.nn.Conv2d(1, 1, 5, stride=2, padding=p)(torch.zeros(1, 1, 32, 32)).shape[-1]
        for p in (0, 1)
    }
    assert sizes == {0: 14, 1: 15}
    text = (
        "# Aufgabe\n\nMit Schrittweite $S$ und Nullpolsterung $P$ gilt\n\n"
        "$$H' = \\left\\lfloor \\frac{H + 2P - K}{S} \\right\\rfloor + 1$$\n\n"
        "Für $H = 32$, $K = 5$, $S = 2$, $P = 1$: $H' = \\lfloor (32 + 2 - 5)/2 \\rfloor + 1 = "
        "15$. Ohne Polsterung: $H' = \\lceil (32 - 5)/2 \\rceil + 1 = 15$.\n"
    )
    verdicts = [v for v in check_text(text).verdicts if v.line == 7]
    assert VERIFIED in [v.status for v in verdicts]
    assert WRONG in [v.status for v in verdicts]
    floor = text.replace(
        "\\lceil (32 - 5)/2 \\rceil + 1 = 15", "\\lfloor (32 - 5)/2 \\rfloor + 1 = 14"
    )
    assert all(v.status == VERIFIED for v in check_text(floor).verdicts if v.line == 7)
