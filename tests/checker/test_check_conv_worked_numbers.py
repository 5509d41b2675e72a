"""Worked examples of a convolution with numbers (X, W, G given as matrices; Y, dL/dX, dL/dW
claimed as matrices), in English with bmatrix and Spanish with pmatrix; the truth is torch's
conv2d and autograd at those numbers, never symconv."""

from __future__ import annotations

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

X = [[1, 2, 0, 1], [0, 1, 3, 2], [2, 1, 1, 0], [1, 0, 2, 3]]
W = [[1, -1], [0, 2]]
G = [[1, 0, 2], [-1, 1, 0], [0, 3, 1]]


def _tex(m, env) -> str:
    rows = " \\\\ ".join(" & ".join(map(str, r)) for r in m)
    return f"\\begin{{{env}}} {rows} \\end{{{env}}}"


def _truth():
    x = torch.tensor([[X]], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([[W]], dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w)
    (y * torch.tensor([[G]], dtype=torch.float64)).sum().backward()
    as_int = lambda t: [[int(v) for v in row] for row in t.tolist()]  # noqa: E731
    return as_int(y.detach()[0, 0]), as_int(x.grad[0, 0]), as_int(w.grad[0, 0])


HEADS = {
    "en": (
        "# A worked example\n\nA $4\\times 4$ input, a $2\\times 2$ kernel, stride 1, no "
        "padding, no bias (cross-correlation, as PyTorch).\n\n$$ X = {x}, \\qquad W = {w} $$"
        "\n\nand the upstream gradient $G = {g}$.\n\n",
        "bmatrix",
    ),
    "es": (
        "# Ejemplo numérico\n\nEntrada de $4\\times 4$, filtro de $2\\times 2$, paso 1, sin "
        "relleno, sin sesgo (correlación cruzada).\n\n$$ X = {x} $$\n\n$$ W = {w} $$\n\n"
        "$$ G = \\frac{{\\partial L}}{{\\partial Y}} = {g} $$\n\n",
        "pmatrix",
    ),
}


def _variants():
    y, dx, dw = _truth()
    off = [row[:] for row in y]
    off[1][2] += 1
    kernel = torch.tensor([[W]], dtype=torch.float64).flip(2, 3)  # the true convolution
    flipped = torch.nn.functional.conv2d(torch.tensor([[X]], dtype=torch.float64), kernel)
    flipped = flipped[0, 0].tolist()
    flipped = [[int(v) for v in row] for row in flipped]
    return [
        ("Y", y, True),
        ("Y", off, False),
        ("Y", flipped, flipped == y),
        ("\\frac{\\partial L}{\\partial X}", dx, True),
        ("\\frac{\\partial L}{\\partial W}", dw, True),
        ("\\frac{\\partial L}{\\partial W}", [[v * 2 for v in row] for row in dw], False),
    ]


@pytest.mark.parametrize("lang", list(HEADS))
@pytest.mark.parametrize("k", range(6))
def test_conv_worked_example_against_torch(lang, k):
    head, env = HEADS[lang]
    left, value, right = _variants()[k]
    text = head.format(x=_tex(X, env), w=_tex(W, env), g=_tex(G, env))
    verdict = check_text(text + f"$$ {left} = {_tex(value, env)} $$\n").verdicts[-1]
    assert verdict.status == (VERIFIED if right else WRONG), verdict.message
    assert "these numbers only" in verdict.message


def test_an_output_without_the_kernel_is_not_judged():
    text = (
        "A $4\\times 4$ input, a $2\\times 2$ kernel, stride 1, no padding, no bias.\n\n"
        f"$$ X = {_tex(X, 'bmatrix')} $$\n\n$$ Y = {_tex([[1, 2, 3]] * 3, 'bmatrix')} $$\n"
    )
    assert check_text(text).verdicts[-1].status == NOT_UNDERSTOOD
