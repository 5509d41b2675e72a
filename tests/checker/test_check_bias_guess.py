"""A forward formula without a bias where the notes' bias comes from another line
(checker/bias_guess.py): "Setup: ... $Y = X \\star K$", "Say the layer does $Y = X \\star
K$", later "with a bias, $Y = X \\star K + b$".  Whether the layer it defines has a bias is a
guess: not-understood, never wrong.  A formula that forgets the bias the prose states
before it stays wrong, and a formula wrong for another reason stays wrong.  Truth: torch
conv2d (4x4 input, 2x2 kernel) with and without its bias, against each formula's NumPy
value."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.signal import correlate2d

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _truth() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(3)
    x = torch.randn((1, 1, 4, 4), generator=gen, dtype=torch.float64)
    k = torch.randn((1, 1, 2, 2), generator=gen, dtype=torch.float64)
    b = torch.randn((1,), generator=gen, dtype=torch.float64)
    return {
        "X": x.numpy()[0, 0],
        "K": k.numpy()[0, 0],
        "b": b.numpy(),
        "Y": torch.nn.functional.conv2d(x, k, b).numpy()[0, 0],
    }


T = _truth()
PLAIN = correlate2d(T["X"], T["K"], "valid")  # X star K, no bias
ROTATED = correlate2d(T["X"], np.rot90(T["K"], 2), "valid")
BIASED = (
    "\n\nWith a bias, $Y = X \\star K + b$ and $\\frac{\\partial L}{\\partial b}$ is the "
    "sum of $G$."
)
DEFINING = {
    "setup": "Setup: $X$ is $4 \\times 4$, $K$ is $2 \\times 2$, $Y = X \\star K$ (valid "
    "cross-correlation, stride 1, no padding)." + BIASED,
    "say the layer does": "Say the layer does valid cross-correlation $Y = X \\star K$, "
    "with $X$ of size $4 \\times 4$ and $K$ of size $2 \\times 2$." + BIASED,
    "suppose": "A $4 \\times 4$ input and a $2 \\times 2$ kernel. Suppose the layer computes "
    "$Y = X \\star K$ with $\\star$ the valid cross-correlation." + BIASED,
    "spanish sea": "Entrada de $4 \\times 4$, filtro de $2 \\times 2$. Sea $Y = X \\star K$ "
    "la correlación válida." + BIASED,
}


def _mine(text: str, claim: str) -> list[str]:
    return [v.status for v in check_text(text, "bias.md").verdicts if v.source == claim]


@pytest.mark.parametrize("style", sorted(DEFINING))
def test_a_defining_formula_without_b_is_not_called_wrong(style: str) -> None:
    # the formula is the layer without a bias (true by torch), and the bias comes later
    assert np.allclose(PLAIN, T["Y"] - T["b"][0])
    assert _mine(DEFINING[style], "Y = X \\star K") == [NOT_UNDERSTOOD]


@pytest.mark.parametrize("style", sorted(DEFINING))
def test_a_defining_formula_wrong_for_another_reason_stays_wrong(style: str) -> None:
    assert not np.allclose(ROTATED, T["Y"] - T["b"][0])  # a rotated kernel is no correlation
    text = DEFINING[style].replace("Y = X \\star K", "Y = X \\star \\operatorname{rot180}(K)", 1)
    assert _mine(text, "Y = X \\star \\operatorname{rot180}(K)") == [WRONG]


@pytest.mark.parametrize(
    "head",
    [
        "A $4 \\times 4$ input $X$, a $2 \\times 2$ kernel $K$ and a bias $b$; the output is\n\n",
        "The layer has a bias $b$, a $4 \\times 4$ input $X$ and a $2 \\times 2$ kernel $K$.\n\n",
    ],
)
def test_a_formula_forgetting_the_stated_bias_stays_wrong(head: str) -> None:
    assert not np.allclose(PLAIN, T["Y"])  # the layer adds b
    assert _mine(head + "$$Y = X \\star K$$\n", "Y = X \\star K") == [WRONG]
    assert _mine(head + "$$Y = X \\star K + b$$\n", "Y = X \\star K + b") == [VERIFIED]
