"""Average pooling's gradient as a Kronecker product with a block of ones, and its output
written with a bar; truth from torch's avg_pool2d autograd (and the tiling 1 ⊗ G by hand),
never symconv."""

from __future__ import annotations

import itertools

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")


def _avg_grad(h: int, k: int):
    gen = torch.Generator().manual_seed(h + k)
    x = torch.randn((1, 1, h, h), generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.avg_pool2d(x, k)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return g[0, 0], x.grad[0, 0]


def _kron_right(scale: float, upsample: bool, h: int, k: int) -> bool:
    g, dx = _avg_grad(h, k)
    ho = g.shape[0]
    for a, b in itertools.product(range(h), repeat=2):
        i, j = (a // k, b // k) if upsample else (a % ho, b % ho)
        if abs(scale * g[i, j].item() - dx[a, b].item()) > 1e-12:
            return False
    return True


SCALES = {"\\frac{1}{4}\\,": 0.25, "": 1.0, "\\tfrac{1}{2}": 0.5}


@pytest.mark.parametrize("scale", list(SCALES))
@pytest.mark.parametrize("upsample", [True, False])
@pytest.mark.parametrize("head", ["average pooling", "agrupación promedio (average pooling)"])
def test_gradient_as_kronecker_product_with_ones(scale, upsample, head):
    ones = "\\mathbf{1}_{2\\times 2}"
    right = f"{scale} G \\otimes {ones}" if upsample else f"{scale} {ones} \\otimes G"
    text = (
        f"# Pooling\n\nA $4\\times 4$ input, {head} with $2\\times 2$ windows and stride 2."
        f"\n\n$$ \\frac{{\\partial L}}{{\\partial X}} = {right} $$\n"
    )
    verdict = check_text(text).verdicts[-1]
    expected = VERIFIED if _kron_right(SCALES[scale], upsample, 4, 2) else WRONG
    assert verdict.status == expected, verdict.message


def test_max_pooling_kronecker_is_not_judged():
    text = (
        "# Pooling\n\nA $4\\times 4$ input, max pooling with $2\\times 2$ windows and stride 2."
        "\n\n$$ \\frac{\\partial L}{\\partial X} = G \\otimes \\mathbf{1}_{2\\times 2} $$\n"
    )
    assert check_text(text).verdicts[-1].status == NOT_UNDERSTOOD


@pytest.mark.parametrize("scale,right", [("\\frac{1}{4}", True), ("", False)])
def test_average_output_written_with_a_bar(scale, right):
    """1-based: \\bar{y}_{ij} = c \\sum_{m,n=1}^{2} x_{2(i-1)+m, 2(j-1)+n}; the average is
    c = 1/4 (torch's avg_pool2d: the window's mean)."""
    gen = torch.Generator().manual_seed(3)
    x = torch.randn((1, 1, 4, 4), generator=gen, dtype=torch.float64)
    y = torch.nn.functional.avg_pool2d(x, 2)[0, 0]
    c = 0.25 if scale else 1.0
    window = x[0, 0, 0:2, 0:2].sum().item()
    assert (abs(c * window - y[0, 0].item()) < 1e-12) == right
    text = (
        "# Average pooling\n\nIndices start at 1. A $4\\times 4$ input, average pooling "
        "with $2\\times 2$ windows and stride 2.\n\n"
        f"$$ \\bar{{y}}_{{ij}} = {scale}\\sum_{{m=1}}^{{2}}\\sum_{{n=1}}^{{2}} "
        "x_{2(i-1)+m,\\; 2(j-1)+n} $$\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if right else WRONG), verdict.message
