"""Multi-channel and mini-batch claims as notes write them: an index the right side leaves
unbound (the sum over the filters f forgotten, or written over the wrong index), one
sample's loss under a batch loss ``L = c \\sum_n \\ell_n``, and the stride dilation under
other authors' names (``\\operatorname{dil}_2``, ``\\mathrm{dilatation}_2``).  Truth: torch
conv2d with autograd; the claims' formulas evaluated with NumPy."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

F64 = torch.float64


def _verdicts(text: str) -> dict[int, str]:
    return {v.line: v.status for v in check_text(text).verdicts}


def _batch_truth(filters: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """N = 2, C = 2, 5x5 inputs, 3x3 kernels: (g, w, dL/dx) by autograd."""
    gen = torch.Generator().manual_seed(7 + filters)
    x = torch.randn((2, 2, 5, 5), generator=gen, dtype=F64, requires_grad=True)
    w = torch.randn((filters, 2, 3, 3), generator=gen, dtype=F64)
    y = torch.nn.functional.conv2d(x, w)
    g = torch.randn(y.shape, generator=gen, dtype=F64)
    (y * g).sum().backward()
    assert x.grad is not None
    return g.numpy(), w.numpy(), x.grad.numpy()


def _claimed_dx(g: np.ndarray, w: np.ndarray, summed: bool) -> np.ndarray:
    """sum_{[f]} sum_{u,v} g_{n,f,p-u,q-v} w_{f,c,u,v} at f = 0 when not summed."""
    filters = range(g.shape[1]) if summed else [0]
    out = np.zeros((2, 2, 5, 5))
    for n, c, p, q in np.ndindex(out.shape):
        for f in filters:
            for u in range(3):
                for v in range(3):
                    if 0 <= p - u < 3 and 0 <= q - v < 3:
                        out[n, c, p, q] += g[n, f, p - u, q - v] * w[f, c, u, v]
    return out


SETUP = {
    3: "A batch of $N = 2$ images, each with 2 input channels of $5 \\times 5$; 3 filters "
    "of $3 \\times 3$, stride 1, no padding, one bias per filter. Indices start at 0.",
    1: "A batch of $N = 2$ images, each with 2 input channels of $5 \\times 5$; one filter "
    "of $3 \\times 3$ (1 output channel), stride 1, no padding, one bias per filter. "
    "Indices start at 0.",
}


@pytest.mark.parametrize("filters", [3, 1])
@pytest.mark.parametrize("summed", [True, False])
def test_an_unbound_filter_index_is_judged_for_every_filter(filters: int, summed: bool) -> None:
    g, w, dx = _batch_truth(filters)
    holds = np.allclose(_claimed_dx(g, w, summed), dx)
    assert holds == (summed or filters == 1)  # one filter: the sum over f is that filter
    top = filters - 1
    total = f"\\sum_{{f=0}}^{{{top}}} " if summed else ""
    text = (
        f"# Layer\n\n{SETUP[filters]}\n\n"
        "$$Y_{n,f,i,j} = b_f + \\sum_{c=0}^{1} \\sum_{u=0}^{2} \\sum_{v=0}^{2} W_{f,c,u,v} "
        "X_{n,c,i+u,j+v}$$\n\nWith $G = \\partial L / \\partial Y$ (zero outside 0..2):\n\n"
        f"$$\\frac{{\\partial L}}{{\\partial X_{{n,c,p,q}}}} = {total}\\sum_{{u=0}}^{{2}} "
        "\\sum_{v=0}^{2} G_{n,f,p-u,q-v} \\, W_{f,c,u,v}$$\n"
    )
    claim = len(text.split("\n")) - 1
    if filters == 1 and not summed:  # true at f = 0, but one filter may be a guess: unread
        assert holds and _verdicts(text)[claim] == NOT_UNDERSTOOD
    else:
        assert _verdicts(text)[claim] == (VERIFIED if holds else WRONG)


def _sample_loss_truth(mean: bool) -> tuple[np.ndarray, np.ndarray]:
    """dL/db by autograd for L = c sum_n ell_n, ell_n = <Y_n, R_n>; and the R_n, which
    are d ell_n / d Y_n."""
    gen = torch.Generator().manual_seed(19)
    x = torch.randn((2, 2, 5, 5), generator=gen, dtype=F64)
    w = torch.randn((3, 2, 3, 3), generator=gen, dtype=F64)
    b = torch.zeros(3, dtype=F64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, b)
    r = torch.randn(y.shape, generator=gen, dtype=F64)
    losses = (y * r).sum(dim=(1, 2, 3))
    (losses.mean() if mean else losses.sum()).backward()
    assert b.grad is not None
    return b.grad.numpy(), r.numpy()


@pytest.mark.parametrize("mean", [True, False])
@pytest.mark.parametrize("scaled", [True, False])
def test_one_samples_loss_under_the_batch_loss(mean: bool, scaled: bool) -> None:
    db, r = _sample_loss_truth(mean)
    claimed = r.sum(axis=(0, 2, 3)) / (2 if scaled else 1)
    holds = np.allclose(claimed, db)
    assert holds == (mean == scaled)
    loss = "L = \\frac{1}{N} \\sum_{n} \\ell_n" if mean else "L = \\sum_{n} \\ell_n"
    factor = "\\frac{1}{N} " if scaled else ""
    text = (
        f"# Batch\n\n{SETUP[3]}\n\n"
        "$$Y_{n,f,i,j} = b_f + \\sum_{c=0}^{1} \\sum_{u=0}^{2} \\sum_{v=0}^{2} W_{f,c,u,v} "
        f"X_{{n,c,i+u,j+v}}$$\n\nThe loss of the batch is ${loss}$, so\n\n"
        f"$$\\frac{{\\partial L}}{{\\partial b_f}} = {factor}\\sum_{{n=0}}^{{1}} "
        "\\sum_{i=0}^{2} \\sum_{j=0}^{2} \\left( \\frac{\\partial \\ell_n}{\\partial Y_{n,f}} "
        "\\right)_{i,j}$$\n"
    )
    claim = len(text.split("\n")) - 1
    assert _verdicts(text)[claim] == (VERIFIED if holds else WRONG)


def test_one_samples_loss_against_a_shared_weight_is_not_read_as_the_batchs() -> None:
    # hand work: with L = (1/N) sum_n ell_n, dL/dW = (1/N) sum_n d ell_n / dW, true for
    # every layer; reading ell_n as L would call it wrong.  Read as sample n's terms of the
    # batch gradient, N times (sample_loss_terms.py), it holds; without the 1/N it does not
    text = (
        f"# Batch\n\n{SETUP[3]}\n\nThe loss is $L = \\frac{{1}}{{N}} \\sum_{{n}} \\ell_n$.\n\n"
        "$$\\frac{\\partial L}{\\partial W_{f,c,u,v}} = \\frac{1}{N} \\sum_{n=0}^{1} "
        "\\frac{\\partial \\ell_n}{\\partial W_{f,c,u,v}}$$\n"
    )
    assert _verdicts(text)[7] == VERIFIED
    assert _verdicts(text.replace("\\frac{1}{N} \\sum_{n=0}", "\\sum_{n=0}"))[7] == WRONG


def _strided_truth() -> dict[str, np.ndarray]:
    """7x7 input, 3x3 kernel, stride 2, padding 1, by autograd."""
    gen = torch.Generator().manual_seed(23)
    x = torch.randn((1, 1, 7, 7), generator=gen, dtype=F64, requires_grad=True)
    k = torch.randn((1, 1, 3, 3), generator=gen, dtype=F64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, k, stride=2, padding=1)
    delta = torch.randn(y.shape, generator=gen, dtype=F64)
    (y * delta).sum().backward()
    assert x.grad is not None and k.grad is not None
    return {
        "padded": np.pad(x.detach().numpy()[0, 0], 1),
        "k": k.detach().numpy()[0, 0],
        "delta": delta.numpy()[0, 0],
        "dk": k.grad.numpy()[0, 0],
        "dx": x.grad.numpy()[0, 0],
    }


def _corr(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    rows, cols = a.shape[0] - b.shape[0] + 1, a.shape[1] - b.shape[1] + 1
    return np.array(
        [[(a[i : i + b.shape[0], j : j + b.shape[1]] * b).sum() for j in range(cols)]
         for i in range(rows)]
    )  # fmt: skip


def _dilate(d: np.ndarray) -> np.ndarray:
    out = np.zeros((2 * d.shape[0] - 1, 2 * d.shape[1] - 1))
    out[::2, ::2] = d
    return out


@pytest.mark.parametrize(
    "name", ["\\operatorname{dil}", "\\mathrm{dilatation}", "\\operatorname{dilate}"]
)
def test_the_stride_dilation_under_other_names(name: str) -> None:
    t = _strided_truth()
    rotated = t["k"][::-1, ::-1]
    assert np.allclose(_corr(t["padded"], _dilate(t["delta"])), t["dk"])
    assert np.allclose(_corr(np.pad(_dilate(t["delta"]), 1), rotated), t["dx"])
    assert _corr(np.pad(t["delta"], 1), rotated).shape != t["dx"].shape  # undilated: 4x4
    text = (
        "# Pas 2\n\nUne entrée $X$ de $7 \\times 7$, un noyau $K$ de $3 \\times 3$, pas 2, "
        "padding 1, indices à partir de 0; $\\tilde{X}$ est l'entrée complétée par des zéros "
        "et $\\delta = \\partial E / \\partial Y$.\n\n"
        "$$Y_{i,j} = \\sum_{u=0}^{2} \\sum_{v=0}^{2} K_{u,v} \\, \\tilde{X}_{2i+u,\\,2j+v}$$\n\n"
        f"$$\\frac{{\\partial E}}{{\\partial K}} = \\tilde{{X}} \\star {name}_2(\\delta)$$\n\n"
        f"$$\\frac{{\\partial E}}{{\\partial X}} = \\operatorname{{pad}}_1({name}_2(\\delta)) "
        "\\star \\operatorname{rot}_{180}(K)$$\n\n"
        "$$\\frac{\\partial E}{\\partial X} = \\operatorname{pad}_1(\\delta) \\star "
        "\\operatorname{rot}_{180}(K)$$\n"
    )
    found = _verdicts(text)
    assert (found[7], found[9], found[11]) == (VERIFIED, VERIFIED, WRONG)
