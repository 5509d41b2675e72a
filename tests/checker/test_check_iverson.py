"""Iverson brackets between indices and sizes inside a sum (``[a = s\\,i + m - p]``), the
scatter form of a transposed convolution and the gather form of a convolution.  Truth: each
formula evaluated here in Python against torch's conv2d / conv_transpose2d."""

from __future__ import annotations

import itertools

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _scatter(x, k, s, p, rel):
    """sum_{i,j,m,n} x_ij k_mn [a = rel(s, i, m, p)][b = rel(s, j, n, p)] for every (a, b)."""
    h, kk = x.shape[0], k.shape[0]
    out = (h - 1) * s - 2 * p + kk
    y = torch.zeros(out, out, dtype=torch.float64)
    for a, b in itertools.product(range(out), repeat=2):
        for i, j, m, n in itertools.product(range(h), range(h), range(kk), range(kk)):
            if a == rel(s, i, m, p) and b == rel(s, j, n, p):
                y[a, b] += x[i, j] * k[m, n]
    return y


FORMS = [
    ("s\\,i + m - p", lambda s, i, m, p: s * i + m - p),
    ("s\\,i - m + p", lambda s, i, m, p: s * i - m + p),
]


@pytest.mark.slow  # about 20 s of CPU each: every index value of a 5x5 scatter, at each size
@pytest.mark.parametrize("form,rel", FORMS)
def test_transposed_convolution_as_a_scatter(form, rel):
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(3, 3, generator=gen, dtype=torch.float64)
    k = torch.randn(3, 3, generator=gen, dtype=torch.float64)
    truth = F.conv_transpose2d(x[None, None], k[None, None], stride=2, padding=1)[0, 0]
    right = torch.allclose(_scatter(x, k, 2, 1, rel), truth)
    other = form.replace("i", "j").replace("m", "n")
    text = (
        "`ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, bias=False)` on a "
        "$3\\times 3$ input gives a $5\\times 5$ output; indices from 0, $s = 2$, $p = 1$.\n\n"
        f"$$ Y_{{a,b}} = \\sum_{{i,j}}\\sum_{{m,n}} X_{{i,j}}\\,K_{{m,n}}\\,[\\,a = {form}\\,]"
        f"\\,[\\,b = {other}\\,] $$\n"
    )
    found = [v for v in check_text(text).verdicts if v.source.startswith("Y_")]
    assert [v.status for v in found] == [VERIFIED if right else WRONG], found
