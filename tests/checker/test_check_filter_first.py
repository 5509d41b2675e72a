"""``W \\star X``: the layer's own filter written before its input (checker/factors.py).

The textbook cross-correlation (f \\star g)(i) = sum_t f(t) g(t + i) slides its first operand,
so ``W \\star X`` is sum_u W[u] X[i + u], the layer itself: only the filter can slide there.
It was called "operands swapped".  Truth: torch conv1d / conv2d with a bias; the rotated
filter and a forgotten stated bias stay wrong in both orders."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.signal import correlate

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text


def _truth(dims: int) -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(21 + dims)
    shape_x, shape_w = ((1, 1, 6), (1, 1, 3)) if dims == 1 else ((1, 1, 5, 5), (1, 1, 3, 3))
    x = torch.randn(shape_x, generator=gen, dtype=torch.float64)
    w = torch.randn(shape_w, generator=gen, dtype=torch.float64)
    b = torch.randn((1,), generator=gen, dtype=torch.float64)
    conv = torch.nn.functional.conv1d if dims == 1 else torch.nn.functional.conv2d
    return {
        "X": x.numpy()[0, 0],
        "W": w.numpy()[0, 0],
        "b": b.numpy(),
        "Y": conv(x, w, b).numpy()[0, 0],
    }


def _rot(a: np.ndarray) -> np.ndarray:
    return a[::-1] if a.ndim == 1 else np.rot90(a, 2)


# claim -> its value by NumPy (valid correlation, the filter sliding over X)
CLAIMS = {
    "Y = W \\star X + b": lambda t: correlate(t["X"], t["W"], "valid") + t["b"][0],
    "Y = X \\star W + b": lambda t: correlate(t["X"], t["W"], "valid") + t["b"][0],
    "Y = \\operatorname{rot180}(W) \\star X + b": lambda t: (
        correlate(t["X"], _rot(t["W"]), "valid") + t["b"][0]
    ),
    "Y = W \\star X": lambda t: correlate(t["X"], t["W"], "valid"),
}
HEADS = {
    1: "A signal $X$ of length 6, a filter $W$ of length 3 and a bias $b$, indices from 0. "
    "With $\\star$ the valid cross-correlation:\n\n$${claim}$$\n",
    2: "A $5 \\times 5$ input $X$, a $3 \\times 3$ filter $W$ and a bias $b$, stride 1, no "
    "padding. Here $\\star$ is the valid cross-correlation:\n\n$${claim}$$\n",
}


@pytest.mark.parametrize("dims", [1, 2])
@pytest.mark.parametrize("claim", sorted(CLAIMS))
def test_the_filter_written_first_slides_over_the_input(dims: int, claim: str) -> None:
    truth = _truth(dims)
    holds = np.allclose(CLAIMS[claim](truth), truth["Y"])
    report = check_text(HEADS[dims].replace("{claim}", claim), "first.md")
    assert [v.status for v in report.verdicts if v.source == claim] == [
        VERIFIED if holds else WRONG
    ]


def test_the_claims_mix_true_and_false() -> None:
    truth = _truth(2)
    assert [np.allclose(f(truth), truth["Y"]) for f in CLAIMS.values()] == [
        True,
        True,
        False,
        False,
    ]
