"""A sum over the index values that meet a condition, ``\\sum_{m:\\, 2m \\le i \\le 2m+2}``, is
the sum over the index's range with the condition's bracket, chained comparisons holding
where every link does.  Each claim's truth is checked here with torch autograd first (the
formula evaluated at random numbers against torch's gradient); the wrong variant's window
is one row short."""

from __future__ import annotations

import pytest
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")


def _pool_formula(i: int, j: int, g, last: int) -> float:
    """(1/9) sum over m with 2m <= i <= 2m + last, n with 2n <= j <= 2n + 2, of g[m, n]."""
    return (
        sum(
            float(g[m, n])
            for m in range(g.shape[0])
            for n in range(g.shape[1])
            if 2 * m <= i <= 2 * m + last and 2 * n <= j <= 2 * n + 2
        )
        / 9
    )


def _conv_formula(p: int, g, w, top: int) -> float:
    """sum over i with 0 <= p - 2i <= top of g[i] w[p - 2i]."""
    return sum(float(g[i] * w[p - 2 * i]) for i in range(g.shape[0]) if 0 <= p - 2 * i <= top)


_POOL = """# Average pooling backward, overlapping windows

Input $x$ is 7x7, one channel; average pooling with a 3x3 window and stride 2, 0-based,
output $y[m, n]$, upstream gradient $g[m, n] = \\partial L / \\partial y[m, n]$.

$$\\frac{{\\partial L}}{{\\partial x[i, j]}} = \\frac{{1}}{{9}} """ + (
    "\\sum_{{m:\\, 2m \\le i \\le 2m+{last}}}\\ \\sum_{{n:\\, 2n \\le j \\le 2n+2}} g[m, n]$$\n"
)

_CONV = """# Convolución 1-D con paso 2

Entrada $x$ de longitud 9, núcleo $w$ de longitud 3, paso 2, sin relleno, índices desde 0,
$g_i = \\partial L / \\partial y_i$.

$$\\frac{{\\partial L}}{{\\partial x_p}} = """ + (
    "\\sum_{{i \\,:\\, 0 \\le p - 2i \\le {top}}} g_i \\, w_{{p - 2i}}$$\n"
)


@pytest.mark.parametrize("last", [2, 1], ids=["right", "window one row short"])
def test_a_pools_gradient_summed_over_the_windows_that_contain_the_cell(last):
    x = torch.randn(1, 1, 7, 7, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.avg_pool2d(x, 3, stride=2)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    assert x.grad is not None
    agree = all(
        abs(_pool_formula(i, j, g[0, 0], last) - float(x.grad[0, 0, i, j])) < 1e-12
        for i in range(7)
        for j in range(7)
    )
    assert agree == (last == 2)  # torch: the full window is right, the short one is not
    found = one_verdict(_POOL.format(last=last), "\\partial x[i, j]")
    assert found.status == (VERIFIED if agree else WRONG), found.message


@pytest.mark.parametrize("top", [2, 1], ids=["right", "a tap short"])
def test_a_strided_convolutions_input_gradient_over_the_outputs_that_read_it(top):
    x = torch.randn(1, 1, 9, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 3, dtype=torch.float64)
    y = torch.nn.functional.conv1d(x, w, stride=2)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    assert x.grad is not None
    agree = all(
        abs(_conv_formula(p, g[0, 0], w[0, 0], top) - float(x.grad[0, 0, p])) < 1e-12
        for p in range(9)
    )
    assert agree == (top == 2)
    found = one_verdict(_CONV.format(top=top), "\\partial x_p}")
    assert found.status == (VERIFIED if agree else WRONG), found.message
