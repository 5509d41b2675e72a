"""Two readings of notes' own names, each against torch autograd.

- A sample's loss ``\\ell_n`` when the notes define the batch's loss from it: under
  ``L = \\sum_n \\ell_n`` its derivative by a sample's own tensor is dL/d(.), under
  ``L = \\frac{1}{N} \\sum_n \\ell_n`` it is N times that (a bias gradient that forgets the
  1/N is wrong, not verified).
- The map a pooling is applied to ("max pooling ... of $A = ...$", "on $$A = ...$$") is the
  pool's input: ``\\frac{\\partial L}{\\partial A} = \\frac{1}{4} G \\otimes \\mathbf{1}_{2
  \\times 2}`` for an average pool, and the routing rule ``G_{\\lfloor p/2 \\rfloor, ...}
  [A_{p,q} = M_{...}]`` of a max pool (M: the window's maximum, the output).  Where the
  notes state both index bases, a routing claim whose verdict flips with the base is not
  understood.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _claims(text: str) -> list:
    return [v for v in check_text(text, "n.md").verdicts if "partial L}{\\partial" in v.source]


# -- a sample's loss under a batch loss that is a sum or a mean -----------------------------
def _bias_gradients(mean: bool) -> tuple[np.ndarray, np.ndarray]:
    """(db from autograd, sum over the batch and positions of d ell_n / dY_n)."""
    gen = torch.Generator().manual_seed(5)
    x = torch.randn(2, 1, 5, 5, dtype=torch.float64, generator=gen)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, generator=gen)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, b)
    y.retain_grad()
    targets = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    per_sample = ((y - targets) ** 2).sum(dim=(1, 2, 3))  # ell_n
    loss = per_sample.mean() if mean else per_sample.sum()
    loss.backward()
    # d ell_n / d Y_n = 2 (Y_n - T_n), whatever the batch loss is
    dell = (2 * (y - targets)).detach().numpy()
    return b.grad.numpy(), dell.sum(axis=(0, 2, 3))


LOSS_HEAD = (
    "# Resumen\n\nUn lote de $N = 2$ imágenes de $5 \\times 5$, un filtro $W$ de $3 \\times 3$, "
    "stride 1, sin padding, con sesgo $b$. Los índices empiezan en 1.\n\n"
    "La pérdida del lote es $LOSS$.\n\n"
    "$$\\frac{\\partial L}{\\partial b} = SCALE \\sum_{n=1}^{N} \\sum_{i=1}^{3} \\sum_{j=1}^{3} "
    "\\left( \\frac{\\partial \\ell_n}{\\partial Y_{n}} \\right)_{i,j}$$\n"
)


@pytest.mark.parametrize("mean", [True, False])
@pytest.mark.parametrize("scale", ["", "\\frac{1}{N}"])
def test_a_samples_loss_under_the_batch_loss(mean: bool, scale: str) -> None:
    db, summed = _bias_gradients(mean)
    claimed = summed / 2 if scale else summed
    holds = bool(np.allclose(claimed, db))
    loss = "L = \\frac{1}{N} \\sum_{n} \\ell_n" if mean else "L = \\sum_{n} \\ell_n"
    text = LOSS_HEAD.replace("LOSS", loss).replace("SCALE", scale)
    verdict = _claims(text)[-1]
    assert verdict.status == (VERIFIED if holds else WRONG), verdict.message


# -- the pooled map's letter ---------------------------------------------------------------
A = np.array([[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 7, 3], [2, 6, 1, 0]], dtype=float)
A_TEX = (
    "\\begin{pmatrix} 1 & 3 & 2 & 0 \\\\ 4 & 2 & 1 & 5 \\\\ 0 & 1 & 7 & 3 \\\\ 2 & 6 & 1 & 0 "
    "\\end{pmatrix}"
)
POOL_HEADS = {
    "card": f"**Card 1.** Q: 2×2 average pooling, stride 2, of\n$A = {A_TEX}$?\n\n",
    "quiz": f"### Q4. 2×2 average pooling with stride 2 on\n\n$$A = {A_TEX}$$\n\n",
}


def _avg_truth() -> tuple[np.ndarray, np.ndarray]:
    a = torch.tensor(A, dtype=torch.float64, requires_grad=True)
    y = F.avg_pool2d(a[None, None], 2)
    g = torch.tensor([[1.0, -1.0], [2.0, 0.5]], dtype=torch.float64)
    (y[0, 0] * g).sum().backward()
    return g.numpy(), a.grad.numpy()


@pytest.mark.parametrize("head", list(POOL_HEADS))
@pytest.mark.parametrize("scale", ["\\frac{1}{4}", "\\frac{1}{2}", ""])
def test_the_pooled_letter_in_a_kronecker_claim(head: str, scale: str) -> None:
    g, da = _avg_truth()
    factor = {"\\frac{1}{4}": 0.25, "\\frac{1}{2}": 0.5, "": 1.0}[scale]
    holds = bool(np.allclose(factor * np.kron(g, np.ones((2, 2))), da))
    claim = (
        f"\\frac{{\\partial L}}{{\\partial A}} = {scale} G \\otimes \\mathbf{{1}}_{{2 \\times 2}}"
    )
    verdict = _claims(POOL_HEADS[head] + "Upstream $G$.\n\n" + f"$${claim}$$\n")[-1]
    assert verdict.status == (VERIFIED if holds else WRONG), (head, scale, verdict.message)


def _routing_holds(window) -> bool:  # type: ignore[no-untyped-def]
    """Whether G[window(p), window(q)] [A_pq = M[window(p), window(q)]] is dL/dA at every
    0-based entry (p, q) of A, by autograd (A has no ties within a window)."""
    a = torch.tensor(A, dtype=torch.float64, requires_grad=True)
    m = F.max_pool2d(a[None, None], 2)[0, 0]
    g = torch.tensor([[1.0, -1.0], [2.0, 0.5]], dtype=torch.float64)
    (m * g).sum().backward()
    for p in range(4):
        for q in range(4):
            i, j = window(p), window(q)
            if not (0 <= i < 2 and 0 <= j < 2):
                return False
            claimed = g[i, j].item() * float(A[p, q] == m[i, j].item())
            if claimed != a.grad[p, q].item():
                return False
    return True


MAX_HEAD = (
    "Conventions: 0-based indices.\n\n**Card 1.** Q: 2×2 max pooling, stride 2, of\n"
    f"$A = {A_TEX}$?\n\nA: $M = \\begin{{pmatrix}} 4 & 5 \\\\ 6 & 7 \\end{{pmatrix}}$\n\n"
    "**Card 2.** Q: upstream $G$; routing rule for entry $(p, q)$?\n\n"
)
FLOOR = (
    "G_{\\lfloor p/2 \\rfloor, \\lfloor q/2 \\rfloor} \\, [A_{p,q} = M_{\\lfloor p/2 \\rfloor,"
    " \\lfloor q/2 \\rfloor}]"
)
CEIL = (
    "G_{\\lceil p/2 \\rceil, \\lceil q/2 \\rceil} \\, [A_{p,q} = M_{\\lceil p/2 \\rceil, "
    "\\lceil q/2 \\rceil}]"
)


@pytest.mark.parametrize(
    ("right", "window"), [(FLOOR, lambda p: p // 2), (CEIL, lambda p: -(-p // 2))]
)
def test_routing_with_the_pooled_and_compared_letters(right: str, window) -> None:  # type: ignore[no-untyped-def]
    holds = _routing_holds(window)
    verdict = _claims(MAX_HEAD + f"A: $\\frac{{\\partial L}}{{\\partial A_{{p,q}}}} = {right}$\n")[
        -1
    ]
    assert verdict.status == (VERIFIED if holds else WRONG), verdict.message


def test_a_base_stated_both_ways_leaves_a_flipping_claim_open() -> None:
    """Card 3 says "1-based" against the deck's 0-based: the ceiling rule holds 1-based
    (window ceil(p/2) - 1 of a 1-based p) and fails 0-based, so it is not understood."""
    assert not _routing_holds(lambda p: -(-p // 2))  # 0-based p
    assert _routing_holds(lambda p: -(-(p + 1) // 2) - 1)  # 1-based p+1, 1-based window
    text = MAX_HEAD + (
        "**Card 3.** Q: the same rule with 1-based indices?\n\n"
        f"A: $\\frac{{\\partial L}}{{\\partial A_{{p,q}}}} = {CEIL}$\n"
    )
    verdict = _claims(text)[-1]
    assert verdict.status == NOT_UNDERSTOOD, verdict.message
    assert "indices from 1" in verdict.message and "indices from 0" in verdict.message


def test_a_base_stated_outright_in_each_section_is_not_contested() -> None:
    """ "Indices in this section are 1-based" then "Now indices start at 0": each section
    states its own base, and the 0-based floor rule is verified in the second."""
    assert _routing_holds(lambda p: p // 2)
    text = (
        "## 1. Dense\n\nIndices in this section are 1-based.\n\n## 2. Pooling\n\nNow indices "
        f"start at 0. Take 2×2 max pooling, stride 2, of\n$A = {A_TEX}$, giving "
        "$M = \\begin{pmatrix} 4 & 5 \\\\ 6 & 7 \\end{pmatrix}$, upstream $G$.\n\n"
        f"$$\\frac{{\\partial L}}{{\\partial A_{{p,q}}}} = {FLOOR}$$\n"
    )
    verdict = _claims(text)[-1]
    assert verdict.status == VERIFIED, verdict.message


@pytest.mark.parametrize("label", ["G_P", "G_{\\text{pool}}", "\\delta_{out}"])
def test_a_labelled_upstream_gradient_after_a_padded_convolution(label: str) -> None:
    """A quiz's pooling question after a convolution question with padding 1: the pool has
    no padding (its 4x4 input gives a 2x2 G), and the labelled upstream gradient ("upstream
    gradient $G_P$") is G, not G at index P."""
    g, da = _avg_truth()
    assert np.allclose(0.25 * np.kron(g, np.ones((2, 2))), da)
    text = (
        "### Q3. A conv layer with $H = 10$, kernel 3, stride 2, padding 1. What is $H_{out}$?\n\n"
        "- (a) $H_{out} = 5$\n\n"
        f"### Q4. 2×2 average pooling with stride 2 on\n\n$$A = {A_TEX}$$\n\n"
        f"with upstream gradient ${label}$. Then\n\n"
        f"$$\\frac{{\\partial L}}{{\\partial A}} = \\frac{{1}}{{4}} \\, {label} \\otimes "
        "\\mathbf{1}_{2 \\times 2}$$\n"
    )
    verdict = _claims(text)[-1]
    assert verdict.status == VERIFIED, verdict.message
