"""A single filter's bias named with a subscript in prose ("sesgo escalar $b_0$", "a
scalar bias $b_0$", "$b_0$ is the bias") is the layer's one bias, in 0- and 1-based notes.
Truth: torch's conv2d and its autograd (dL/db is the sum of G), compared with the claim
evaluated by hand in NumPy, never symconv."""

from __future__ import annotations

import numpy as np
import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.scalar_bias import as_the_bias, scalar_bias_name

torch = pytest.importorskip("torch")

STYLES = {
    "es": "Entrada $X$ de 4×4, filtro $W$ de 2×2, sesgo escalar $b_0$, paso 1, sin relleno. "
    "Índices desde {base}.",
    "en": "A 4x4 input $X$, a 2x2 kernel $W$ and a scalar bias $b_0$, stride 1, no padding. "
    "Indices start at {base}.",
    "is": "The input $X$ is 4x4 and the kernel $W$ is 2x2; $b_0$ is the bias. Stride 1, no "
    "padding, indices start at {base}.",
}


def _forward_holds(scale: float) -> bool:
    """y_ij = sum_ab w_ab x_{i+a, j+b} + scale * b_0 against torch's conv2d with a bias."""
    gen = torch.Generator().manual_seed(3)
    x = torch.randn(1, 1, 4, 4, generator=gen, dtype=torch.float64)
    w = torch.randn(1, 1, 2, 2, generator=gen, dtype=torch.float64)
    b = torch.randn(1, generator=gen, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w, b)[0, 0].numpy()
    xs, ws = x[0, 0].numpy(), w[0, 0].numpy()
    mine = np.array(
        [
            [(ws * xs[i : i + 2, j : j + 2]).sum() + scale * b.item() for j in range(3)]
            for i in range(3)
        ]
    )
    return bool(np.allclose(mine, y))


def _bias_gradient_holds(scale: float) -> bool:
    gen = torch.Generator().manual_seed(4)
    x = torch.randn(1, 1, 4, 4, generator=gen, dtype=torch.float64)
    w = torch.randn(1, 1, 2, 2, generator=gen, dtype=torch.float64)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, b)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return bool(np.isclose(scale * g.sum().item(), b.grad.item()))


def _sum(base: int, body: str) -> str:
    top = 1 + base
    return f"\\sum_{{a={base}}}^{{{top}}}\\sum_{{c={base}}}^{{{top}}} {body}"


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("base", [0, 1])
@pytest.mark.parametrize("scale", [1, 2, 0])
def test_the_forward_with_the_named_bias(style, base, scale):
    shift = "" if base == 0 else "-1"
    term = {1: " + b_0", 2: " + 2 b_0", 0: ""}[scale]
    claim = f"y_{{ij}} = {_sum(base, f'w_{{ac}} x_{{i+a{shift},j+c{shift}}}')}{term}"
    text = "# Capa\n\n" + STYLES[style].format(base=base) + f"\n\n$${claim}$$\n"
    verdict = check_text(text).verdicts[-1]
    if scale == 0:  # no bias at all: whether the layer has one is the checker's open guess
        assert not _forward_holds(scale)
        assert verdict.status in (WRONG, NOT_UNDERSTOOD), verdict.message
        return
    expected = VERIFIED if _forward_holds(scale) else WRONG
    assert verdict.status == expected, verdict.message


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("base", [0, 1])
@pytest.mark.parametrize("scale", [1, 2])
def test_the_bias_gradient_with_the_named_bias(style, base, scale):
    top = 2 + base
    factor = "" if scale == 1 else f"{scale} "
    claim = (
        f"\\frac{{\\partial L}}{{\\partial b_0}} = {factor}\\sum_{{i={base}}}^{{{top}}}"
        f"\\sum_{{j={base}}}^{{{top}}} g_{{ij}}"
    )
    text = (
        "# Capa\n\n"
        + STYLES[style].format(base=base)
        + " $g_{ij} = \\partial L/\\partial y_{ij}$.\n\n"
        + f"$${claim}$$\n"
    )
    verdict = check_text(text).verdicts[-1]
    expected = VERIFIED if _bias_gradient_holds(scale) else WRONG
    assert verdict.status == expected, verdict.message


def test_reading_the_name():
    assert scalar_bias_name("sesgo escalar $b_0$, paso 1") == "b_0"
    assert scalar_bias_name("the bias $b_{1}$ is shared") == "b_1"
    assert scalar_bias_name("$b_0$ (the bias)") == "b_0"
    assert scalar_bias_name("the output $y_{ij}$ and $b_0 = 0$") is None
    assert as_the_bias("x + b_0 + b_{0} + b_{01}", "b_0") == "x + b + b + b_{01}"
