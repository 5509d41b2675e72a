"""Average pooling claims with symbolic sizes (window k x k, stride s), read by the general
reader as the convolution with the constant kernel 1/k^2, against torch's avg_pool2d and
autograd at a grid of sizes.  Max pooling is not read for all sizes (never verified)."""

from __future__ import annotations

import itertools
import math

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

HEAD = "Average pooling with a $k\\times k$ window and stride $s$.\n\n"
GRID = [(h, k, s) for h in (4, 5, 7) for k in (1, 2, 3) for s in (1, 2, 3) if k <= h]


def _pool(h, k, s, seed=0):
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn((1, 1, h, h), generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.avg_pool2d(x, k, stride=s)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return x.detach()[0, 0], y.detach()[0, 0], g[0, 0], x.grad[0, 0]


FORWARDS = [  # (scale, row offset of the window, last tap)
    (r"\frac{1}{k^2}", "si", "k-1"),
    (r"\frac{1}{k}", "si", "k-1"),
    (r"\frac{1}{k^2}", "i", "k-1"),
    (r"\frac{1}{k^2}", "si", "k"),
]


def _forward_right(scale: str, row: str, last: str) -> bool:
    for h, k, s in GRID:
        x, y, _, _ = _pool(h, k, s)
        c = {r"\frac{1}{k^2}": 1 / k**2, r"\frac{1}{k}": 1 / k}[scale]
        stop = {"k-1": k - 1, "k": k}[last]
        for i, j in itertools.product(range(y.shape[0]), repeat=2):
            top, left = (s * i, s * j) if row == "si" else (i, j)
            if top + stop >= h or left + stop >= h:
                return False
            total = c * x[top : top + stop + 1, left : left + stop + 1].sum().item()
            if abs(total - y[i, j].item()) > 1e-9:
                return False
    return True


@pytest.mark.parametrize("scale,row,last", FORWARDS)
def test_average_pooling_forward_against_torch(scale, row, last):
    col = "sj" if row == "si" else "j"
    claim = (
        rf"y_{{i,j}} = {scale}\sum_{{a=0}}^{{{last}}}\sum_{{b=0}}^{{{last}}} "
        rf"x_{{{row}+a,\, {col}+b}}"
    )
    verdict = check_text(HEAD + f"$${claim}$$\n").verdicts[-1]
    assert verdict.status == (VERIFIED if _forward_right(scale, row, last) else WRONG), (
        verdict.message
    )


@pytest.mark.parametrize("upper", [r"\lfloor p/s \rfloor", r"\lceil p/s \rceil"])
def test_average_pooling_gradient_against_torch(upper):
    def hi(p, s):
        return p // s if "lfloor" in upper else math.ceil(p / s)

    right = True
    for h, k, s in GRID:
        _, y, g, dx = _pool(h, k, s)
        ho = y.shape[0]
        for p, q in itertools.product(range(h), repeat=2):
            rows = range(max(0, math.ceil((p - k + 1) / s)), min(ho - 1, hi(p, s)) + 1)
            cols = range(max(0, math.ceil((q - k + 1) / s)), min(ho - 1, q // s) + 1)
            total = sum(g[i, j].item() for i in rows for j in cols) / k**2
            right &= abs(total - dx[p, q].item()) < 1e-9
    claim = (
        r"\frac{\partial L}{\partial x_{p,q}} = \frac{1}{k^2}\sum_{i=\max(0,\lceil "
        r"(p-k+1)/s \rceil)}^{\min(H_{out}-1," + upper + r")}\sum_{j=\max(0,\lceil "
        r"(q-k+1)/s \rceil)}^{\min(W_{out}-1,\lfloor q/s \rfloor)} g_{i,j}"
    )
    verdict = check_text(HEAD + f"$${claim}$$\n").verdicts[-1]
    assert verdict.status == (VERIFIED if right else WRONG), verdict.message


def test_max_pooling_is_never_verified_for_all_sizes():
    text = (
        "Max pooling with a $k\\times k$ window and stride $s$.\n\n$$y_{i,j} = "
        "\\frac{1}{k^2}\\sum_{a=0}^{k-1}\\sum_{b=0}^{k-1} x_{si+a,\\, sj+b}$$\n"
    )
    assert check_text(text).verdicts[-1].status in (NOT_UNDERSTOOD, WRONG)


# ------------------------------------------------------------------ a 1-D convolution
@pytest.mark.parametrize("kernel_index", ["j-si", "si-j"])
def test_conv1d_input_gradient_with_clipped_bounds_against_torch(kernel_index):
    right = True
    for n, k, s in [(n, k, s) for n in (4, 6, 7) for k in (1, 2, 3) for s in (1, 2, 3)]:
        gen = torch.Generator().manual_seed(n * k * s)
        x = torch.randn((1, 1, n), generator=gen, dtype=torch.float64, requires_grad=True)
        w = torch.randn((1, 1, k), generator=gen, dtype=torch.float64)
        y = torch.nn.functional.conv1d(x, w, stride=s)
        g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
        (y * g).sum().backward()
        for j in range(n):
            total = 0.0
            for i in range(max(0, math.ceil((j - k + 1) / s)), min(y.shape[2] - 1, j // s) + 1):
                m = j - s * i if kernel_index == "j-si" else s * i - j
                if not 0 <= m < k:
                    right = False
                    break
                total += (g[0, 0, i] * w[0, 0, m]).item()
            right &= abs(total - x.grad[0, 0, j].item()) < 1e-9
    claim = (
        r"\frac{\partial L}{\partial x_{j}} = \sum_{i=\max(0,\lceil (j-k+1)/s \rceil)}^"
        r"{\min(n_{out}-1,\lfloor j/s \rfloor)} g_{i} w_{" + kernel_index + "}"
    )
    text = f"A 1-D convolution: length $n$, kernel $k$, stride $s$.\n\n$${claim}$$\n"
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if right else WRONG), verdict.message
