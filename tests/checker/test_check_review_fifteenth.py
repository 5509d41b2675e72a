# ruff: noqa: E501  (the notes keep their paragraphs on one line, as Markdown writers do)
"""The fifteenth session's review of the merged checker: readings that called a mistake
verified or a right claim wrong, each closed and tested on notes written for it.

* The summation convention is declared only by a sentence that adopts it: "Unlike Einstein
  notation, every sum is written out", "a repeated index is summed only where a sum sign is
  written", and a clause that names a sum as missing ("the sum over $i$ is missing here")
  supply no sum, so a forgotten sum is never written in for the student.
* "$*$ no es la que voltea el filtro" denies the flip: * stays the notes' correlation.
* A size formula failing by a fraction at one point and by a whole number at another is
  wrong, not size-specific (a missing floor fails by fractions only).
* A question in the claim's paragraph about another stride, which does not give that
  layer's input and kernel, leaves the claim not understood (never judged under the notes'
  layer).

Truth: torch autograd / conv1d, conv2d shapes.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text

CONV1D = """# Conv 1-D

Input $x$ of length 6, kernel $w$ of length 3, no padding, stride 1, no bias, indices from 0.
{pre}

$$y_i = \\sum_{{k=0}}^{{2}} w_k x_{{i+k}}$$

With $g_i = \\partial L / \\partial y_i$:

$$\\frac{{\\partial L}}{{\\partial w_k}} = g_i x_{{i+k}}$$
{post}
"""


def _at(text: str, line: int) -> list[str]:
    return [v.status for v in check_text(text, "notes.md").verdicts if v.line == line]


def _summed_truth() -> None:
    """dL/dw_k = sum_i g_i x_{i+k} (torch); the claim with the sum left out is one term."""
    x = torch.randn(1, 1, 6, dtype=torch.float64)
    w = torch.randn(1, 1, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv1d(x, w)
    g = torch.randn_like(y)
    y.backward(g)
    assert w.grad is not None
    assert torch.allclose(
        w.grad[0, 0], torch.stack([(g * x[..., k : k + 4]).sum() for k in range(3)])
    )
    assert not torch.allclose(w.grad[0, 0, 0], g[0, 0, 0] * x[0, 0, 0])


@pytest.mark.parametrize(
    "pre,post",
    [
        ("Contrary to the Einstein convention, we write every sum explicitly.", ""),
        ("A repeated index is summed only where a sum sign is written.", ""),
        ("A diferencia de la convención de Einstein, escribimos cada suma explícitamente.", ""),
        ("", "the sum over $i$ is missing here."),
        ("", "la suma sobre $i$ se olvidó aquí."),
    ],
)
def test_no_implied_sum_where_the_notes_set_the_convention_aside(pre: str, post: str) -> None:
    _summed_truth()
    assert _at(CONV1D.format(pre=pre, post=post), 10) == [NOT_UNDERSTOOD]


@pytest.mark.parametrize(
    "pre,post",
    [
        ("We use the Einstein summation convention: a repeated index is summed.", ""),
        ("", "summed over $i$."),
    ],
)
def test_an_adopted_convention_still_sums(pre: str, post: str) -> None:
    _summed_truth()
    assert _at(CONV1D.format(pre=pre, post=post), 10) == [VERIFIED]


DENIED_FLIP = """# Correlación

Entrada $X$ de $4 \\times 4$, filtro $W$ de $2 \\times 2$, paso 1, sin relleno, sin sesgo, índices desde 0, $Y = X * W$ y $G = \\partial L / \\partial Y$.

Ojo: aquí el $*$ no es la que voltea el filtro, es la correlación de siempre: $\\frac{\\partial L}{\\partial W} = X * G$.
"""


def test_a_denied_flip_keeps_the_star_a_correlation() -> None:
    x = torch.randn(1, 1, 4, 4, dtype=torch.float64)
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w)  # torch's conv2d is the correlation: Y = X * W as the notes read it
    g = torch.randn_like(y)
    y.backward(g)
    assert torch.allclose(w.grad, F.conv2d(x, g))  # dL/dW = X * G, a correlation
    assert _at(DENIED_FLIP, 5) == [VERIFIED]
    flipped = DENIED_FLIP.replace(
        "no es la que voltea el filtro, es la correlación de siempre", "es la que voltea el filtro"
    )
    assert _at(flipped, 5) == [WRONG]  # a true convolution there is not the gradient


SIZES = """# Output sizes

For an input of side $H$, a kernel $K$ and a stride $S$ (no padding):

$$H_{{out}} = {formula}$$
"""


def _side(h: int, k: int, s: int) -> int:
    return F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s).shape[-1]


def test_a_formula_failing_by_a_whole_number_somewhere_is_wrong() -> None:
    assert _side(6, 2, 2) == 3  # (6 - 2)/2^2 + 1 = 2: off by a whole 1
    assert _side(5, 2, 2) == 2  # (5 - 2)/2 + 1 = 5/2: the missing floor, a fraction
    assert _at(SIZES.format(formula="\\frac{H - K}{S^2} + 1"), 5) == [WRONG]
    assert _at(SIZES.format(formula="\\frac{H - K}{S} + 1"), 5) == [SIZE_SPECIFIC]
    assert _at(SIZES.format(formula="\\left\\lfloor \\frac{H - K}{S} \\right\\rfloor + 1"), 5) == [
        VERIFIED
    ]


PREMISE = """# Operators

Square inputs of side $H$, kernel side $k$, stride $s$; $\\delta$ is the gradient of the loss with respect to the layer's output; $\\star$ is valid cross-correlation; 0-based.

## Backward

- Stride $s$, no padding, $s$ dividing $H - k$: $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{k-1}(\\operatorname{dilate}_s(\\delta)) \\star \\operatorname{rot180}(W)$
- Stride $s$, no padding, $s$ dividing $H - k$: $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{k-1}(\\delta) \\star \\operatorname{rot180}(W)$
"""


def _input_gradient(h: int, k: int, s: int, dilate: bool) -> bool:
    """Whether pad_{k-1}(dilate_s(G)) (or pad_{k-1}(G)) correlated with rot180(W) is dL/dX."""
    x = torch.randn(1, 1, h, h, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, k, k, dtype=torch.float64)
    y = F.conv2d(x, w, stride=s)
    g = torch.randn_like(y)
    y.backward(g)
    if dilate:
        g = F.conv_transpose2d(g, torch.ones(1, 1, 1, 1, dtype=torch.float64), stride=s)
    full = F.conv2d(F.pad(g, (k - 1,) * 4), torch.flip(w, (2, 3)))
    return full.shape == x.shape and torch.allclose(full, x.grad)


def test_a_premise_on_the_claims_own_line_bounds_the_sizes() -> None:
    """The stride premise stated before the claim on its bullet ("$s$ dividing $H - k$"):
    the right formula holds where s divides H - k and fails elsewhere (torch), so it is no
    false alarm; dropping the dilation fails where s divides too (a mistake, caught)."""
    assert _input_gradient(8, 2, 2, dilate=True)  # 2 divides 6
    assert not _input_gradient(9, 2, 3, dilate=True)  # 3 does not divide 7: a size outside
    assert not _input_gradient(8, 2, 2, dilate=False)
    assert _at(PREMISE, 7) != [WRONG]
    assert _at(PREMISE, 8) == [WRONG]


QUESTIONS = """# Prova 2

## Questão 2 — AlexNet

Entrada $227 \\times 227 \\times 3$, `Conv2d(3, 96, 11, stride=4)`: $H_1 = \\lfloor (227 - 11)/4 \\rfloor + 1 = 55$.

## Questão 3 — pooling em mapa ímpar

Mapa $13 \\times 13$, `MaxPool2d(2, stride=2)`: $H_{\\text{out}} = 6$. Com `ceil_mode=True` a última janela incompleta entra e $H_{\\text{out}} = 7$.
"""


def test_a_numbered_question_heading_bounds_its_layer() -> None:
    """Question 3's pooling is judged on its own 13 x 13 map, never at question 2's input
    227 and kernel 11 (which made both of its right sizes "109, not ...")."""
    pool = torch.nn.MaxPool2d(2, stride=2)
    assert pool(torch.zeros(1, 1, 13, 13)).shape[-1] == 6
    assert torch.nn.MaxPool2d(2, stride=2, ceil_mode=True)(torch.zeros(1, 1, 13, 13)).shape[-1] == 7
    conv = torch.nn.Conv2d(3, 96, 11, stride=4)
    assert conv(torch.zeros(1, 3, 227, 227)).shape[-1] == 55
    found = _at(QUESTIONS, 9)
    assert found[0] == VERIFIED and WRONG not in found, found
