"""A dense layer's claims with symbolic sizes (D inputs, M outputs, a batch of N), read as
a 1x1 convolution by the general reader, against torch.nn.functional.linear and autograd at
a grid of sizes; W may be written (out, in) as PyTorch does or (in, out) as X W."""

from __future__ import annotations

import itertools

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

HEAD = "A dense (fully connected) layer with a bias: a batch of N examples, D inputs, M outputs."


def _forward_right(top: str, w_out_in: bool, bias: bool) -> bool:
    """z_{n,j} = sum_{i=1}^{top} x_{n,i} w + (b_j), 1-based, against torch's linear."""
    for n, d, m in itertools.product((1, 2), (1, 2, 3), (1, 3)):
        gen = torch.Generator().manual_seed(n * 100 + d * 10 + m)
        x = torch.randn((n, d), generator=gen, dtype=torch.float64)
        w = torch.randn((m, d), generator=gen, dtype=torch.float64)
        b = torch.randn((m,), generator=gen, dtype=torch.float64)
        z = torch.nn.functional.linear(x, w, b)
        stop = {"D": d, "D-1": d - 1, "M": m}[top]
        for r, j in itertools.product(range(n), range(m)):
            if stop > d:
                return False  # reads past x's row
            written = w if w_out_in else w.T  # (in, out): the claim's w_{i,j} is W^T
            total = sum(
                (x[r, i] * (written[j, i] if w_out_in else written[i, j])).item()
                for i in range(stop)
            ) + (b[j].item() if bias else 0.0)
            if abs(total - z[r, j].item()) > 1e-9:
                return False
    return True


@pytest.mark.parametrize(
    "top,order,bias",
    [
        ("D", "j,i", True),
        ("D", "i,j", True),
        ("D-1", "j,i", True),
        ("D", "j,i", False),
        ("M", "j,i", True),
    ],
)
def test_dense_forward_against_torch(top, order, bias):
    claim = rf"z_{{n,j}} = \sum_{{i=1}}^{{{top}}} x_{{n,i}} w_{{{order}}}" + (
        " + b_j" if bias else ""
    )
    # w_{i,j} is right for the (in, out) convention: either convention counts
    right = _forward_right(top, order == "j,i", bias) or _forward_right(top, False, bias)
    verdict = check_text(f"{HEAD}\n\n$${claim}$$\n").verdicts[-1]
    assert verdict.status == (VERIFIED if right else WRONG), verdict.message


def _dx_right(top: str, g_index: str, w_index: str) -> bool:
    for n, d, m in itertools.product((1, 2), (2, 3), (1, 3)):
        gen = torch.Generator().manual_seed(n + d + m)
        x = torch.randn((n, d), generator=gen, dtype=torch.float64, requires_grad=True)
        w = torch.randn((m, d), generator=gen, dtype=torch.float64)
        g = torch.randn((n, m), generator=gen, dtype=torch.float64)
        (torch.nn.functional.linear(x, w) * g).sum().backward()
        stop = {"M": m, "D": d}[top]
        for r, i in itertools.product(range(n), range(d)):
            total = 0.0
            for j in range(stop):
                gi = (r, j) if g_index == "n,j" else (r, i)
                if not (gi[1] < m and j < m):
                    return False
                total += (g[gi] * w[j, i]).item()
            if abs(total - x.grad[r, i].item()) > 1e-9:
                return False
    return True


@pytest.mark.parametrize("g_index", ["n,j", "n,i"])
def test_dense_input_gradient_against_torch(g_index):
    claim = (
        r"\frac{\partial L}{\partial x_{n,i}} = \sum_{j=1}^{M} \frac{\partial L}{\partial "
        rf"z_{{{g_index}}}}} w_{{j,i}}"
    )
    right = _dx_right("M", g_index, "j,i")
    verdict = check_text(f"{HEAD}\n\n$${claim}$$\n").verdicts[-1]
    assert verdict.status == (VERIFIED if right else WRONG), verdict.message
