"""Average-pooling claims written with the sample and channel indices (dX[n, c, h, w],
Y[n, c, i, j]) are judged on the pool with a batch: its depthwise convolution's weights
are all 1/(k_h k_w) there too (checker/pooling.py ``PoolModel.batched``; before, the
batched copy kept them as unknowns and a correct dX[n, c, h, w] = 1/4 dY[...] came out
wrong).  Truth: torch avg_pool2d and autograd on a random (2, 3, 4, 4) input."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

NOTE = (
    "# Average pooling\n\nA ${k} \\times {k}$ average pooling with stride ${k}$ takes each "
    "$4 \\times 4$ map of $X$ to a map of $Y$. Indices start at 0.\n\n$${claim}$$\n"
)


def _backward_holds(k: int, scale: float) -> bool:
    """Whether dX[n,c,h,w] = scale * dY[n,c,h//k,w//k] for Y = avg_pool2d(X, k)."""
    gen = torch.Generator().manual_seed(0)
    x = torch.randn((2, 3, 4, 4), dtype=torch.float64, generator=gen, requires_grad=True)
    dy = torch.randn((2, 3, 4 // k, 4 // k), dtype=torch.float64, generator=gen)
    torch.nn.functional.avg_pool2d(x, k).backward(dy)
    claimed = scale * dy.repeat_interleave(k, 2).repeat_interleave(k, 3)
    return bool(torch.allclose(x.grad, claimed))


def _forward_holds(k: int, scale: float) -> bool:
    """Whether Y[n,c,i,j] = scale * sum_{a,b<k} X[n,c,k i+a,k j+b] for avg_pool2d."""
    x = torch.randn((2, 3, 4, 4), dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    y = torch.nn.functional.avg_pool2d(x, k)
    summed = x.unfold(2, k, k).unfold(3, k, k).sum(dim=(-1, -2))
    return bool(torch.allclose(y, scale * summed))


CASES = [
    (2, "\\tfrac{1}{4}", 0.25, "backward"),
    (2, "\\tfrac{1}{2}", 0.5, "backward"),
    (2, "", 1.0, "backward"),
    (4, "\\tfrac{1}{16}", 1 / 16, "backward"),
    (2, "\\tfrac{1}{4}", 0.25, "forward"),
    (2, "\\tfrac{1}{2}", 0.5, "forward"),
]


@pytest.mark.parametrize(("k", "written", "scale", "which"), CASES)
def test_batched_average_pool_claims(k: int, written: str, scale: float, which: str) -> None:
    if which == "backward":
        claim = (
            f"dX[n, c, h, w] = {written}\\, dY[n, c, \\lfloor h/{k} \\rfloor, "
            f"\\lfloor w/{k} \\rfloor]"
        )
        holds = _backward_holds(k, scale)
    else:
        claim = (
            f"Y[n, c, i, j] = {written} \\sum_{{a=0}}^{{{k - 1}}} \\sum_{{b=0}}^{{{k - 1}}} "
            f"X[n, c, {k}i + a, {k}j + b]"
        )
        holds = _forward_holds(k, scale)
    verdicts = check_text(NOTE.format(k=k, claim=claim), "pool.md").verdicts
    assert [v.status for v in verdicts] == [VERIFIED if holds else WRONG]
