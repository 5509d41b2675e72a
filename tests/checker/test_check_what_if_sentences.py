"""A what-if sentence sets aside itself and what follows it, not the whole paragraph
(checker/prose_sentences.py).  "... un filtro $W$ de $3 \\times 3$, paso 1 y sin relleno.
Si alguien encuentra más, que me escriba." states the layer; only the last sentence is an
aside.  Read as one, the paragraph gave no layer at all.  Truth: torch conv2d and autograd
(the claims' formulas evaluated with NumPy), and hand work for the prose readings."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.prose import prose_facts, without_what_ifs
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

LAYER = (
    "Los apuntes usan índices desde $0$, una imagen de un solo canal $X$ de $5 \\times 5$, "
    "un filtro $W$ de $3 \\times 3$, paso $1$ y sin relleno, así que la salida $Y$ es de "
    "$3 \\times 3$; el error es $E$ y $\\delta_{ij} = \\partial E / \\partial Y_{ij}$."
)
ASIDES = [
    "Si alguien encuentra más, que me escriba.",
    "If you forget the flip, a $4 \\times 4$ input would give the wrong numbers.",
    "What if the input were $7 \\times 7$? Then the output would be $5 \\times 5$.",
]


@pytest.mark.parametrize("aside", ASIDES)
def test_the_sentences_before_an_aside_state_the_layer(aside: str) -> None:
    facts = {(k, v) for k, v, _ in prose_facts(f"{LAYER} {aside}")}
    # hand work: the first sentence says input 5x5, kernel 3x3, stride 1, padding 0
    assert {("input", "5x5"), ("kernel", "3x3"), ("stride", "1"), ("padding", "0")} <= facts
    assert ("input", "4x4") not in facts and ("input", "7x7") not in facts


def test_the_sentence_after_an_aside_still_speaks_of_it() -> None:
    line = (
        "Common wrong answer: spreading each entry evenly. That is the rule for average "
        "pooling, not max pooling."
    )
    assert prose_facts(line) == []
    assert without_what_ifs(line) == ""


def test_a_parenthesised_what_if_gives_no_groups() -> None:
    line = (
        "Parameter count: $6 \\cdot 2 \\cdot 3 \\cdot 3 + 6 = 114$. (Your post says 222, "
        "which is what you'd get with `groups=1`.)"
    )
    assert "groups" not in without_what_ifs(line)


def _truth() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    gen = torch.Generator().manual_seed(3)
    x = torch.randn((1, 1, 5, 5), generator=gen, dtype=torch.float64)
    w = torch.randn((1, 1, 3, 3), generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return x.numpy()[0, 0], g.numpy()[0, 0], w.grad.numpy()[0, 0]


def _dw(x: np.ndarray, g: np.ndarray, top: int) -> np.ndarray | None:
    """sum_{i,j=0}^{top} delta_ij X_{i+m,j+n}: None when it reads outside X."""
    if top + 2 >= 5:
        return None
    return np.array(
        [[(g[: top + 1, : top + 1] * x[m : m + top + 1, n : n + top + 1]).sum() for n in range(3)]
         for m in range(3)]
    )  # fmt: skip


@pytest.mark.parametrize("aside", ASIDES)
@pytest.mark.parametrize("top", [2, 3])
def test_claims_are_judged_with_the_layer_before_the_aside(aside: str, top: int) -> None:
    x, g, dw = _truth()
    claimed = _dw(x, g, top)
    holds = claimed is not None and np.allclose(claimed, dw)
    claim = (
        f"\\frac{{\\partial E}}{{\\partial W_{{mn}}}} = \\sum_{{i=0}}^{{{top}}} "
        f"\\sum_{{j=0}}^{{{top}}} \\delta_{{ij}} \\, X_{{i+m,\\,j+n}}"
    )
    text = f"# Erratas\n\n{LAYER} {aside}\n\n$${claim}$$\n"
    found = [v.status for v in check_text(text, "erratas.md").verdicts if v.source == claim]
    assert found == [VERIFIED if holds else WRONG]
    assert holds == (top == 2)
