"""Readings of prose-borne claims that had been judged as something else:

* shape bookkeeping ``(3 \\times 4)(4 \\times 2) = 3 \\times 2`` (checker/shape_product.py),
  read as arithmetic 96 = 6; truth: NumPy's matmul shapes;
* ``\\partial L / \\partial z = p - y`` "where $p = \\operatorname{softmax}(z)$" after
  "softmax followed by cross-entropy with one-hot $y$" (checker/softmax_prose.py), judged
  against the section's convolution; truth: torch autograd of cross_entropy;
* ``f'(z) = 1`` "si $z > 0$ y $0$ en otro caso" (checker/activation_conditions.py), judged
  without its condition; truth: torch autograd of relu;
* "un mapa $Z$ de $4 \\times 4$ con pooling promedio" (checker/pool_prose.py): Z is the
  pooled map, not the layer's output; truth: torch avg_pool2d autograd.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _status(text: str, source: str) -> list[str]:
    return [v.status for v in check_text(text, "note.md").verdicts if v.source == source]


SHAPES = [((3, 4), (4, 2), (3, 2)), ((3, 4), (4, 2), (3, 4)), ((2, 5), (5, 7), (2, 7))]


@pytest.mark.parametrize(("a", "b", "said"), SHAPES)
@pytest.mark.parametrize("times", ["\\times", "×"])
def test_a_shape_product_is_read_as_shapes(a, b, said, times: str) -> None:
    truth = (np.zeros(a) @ np.zeros(b)).shape == said
    claim = f"({a[0]} {times} {a[1]})({b[0]} {times} {b[1]}) = {said[0]} {times} {said[1]}"
    text = (
        "# Dense layer\n\n$Z = XW$ with $X \\in \\mathbb{R}^{3 \\times 4}$.\n\n"
        f"Quick check of the shapes: $X^T dZ$ is ${claim}$, same as $W$.\n"
    )
    assert _status(text, claim) == [VERIFIED if truth else WRONG]


def test_mismatched_inner_sizes_are_wrong() -> None:
    with pytest.raises(ValueError):
        np.zeros((3, 4)) @ np.zeros((2, 2))
    claim = "(3 \\times 4)(2 \\times 2) = 3 \\times 2"
    assert _status(f"# Shapes\n\nThe product ${claim}$.\n", claim) == [WRONG]


def _softmax_grad_is(sign: int) -> bool:
    """Whether dL/dz = sign (p - y) for L = cross_entropy(z, label), torch autograd."""
    z = torch.tensor([[0.3, -1.2, 2.0, 0.5]], dtype=torch.float64, requires_grad=True)
    label = torch.tensor([2])
    torch.nn.functional.cross_entropy(z, label).backward()
    p = torch.softmax(z.detach(), dim=1)
    y = torch.nn.functional.one_hot(label, 4).to(torch.float64)
    return bool(torch.allclose(z.grad, sign * (p - y)))


SOFTMAX = [
    "For softmax followed by cross-entropy with one-hot $y$, ${claim}$ where "
    "$p = \\operatorname{{softmax}}(z)$.",
    "With the cross entropy loss on top and a one-hot label $y$, ${claim}$, "
    "$p = \\mathrm{{softmax}}(z)$ being the probabilities.",
]


@pytest.mark.parametrize("style", SOFTMAX)
@pytest.mark.parametrize(("rhs", "sign"), [("p - y", 1), ("y - p", -1)])
def test_the_softmax_cross_entropy_gradient_in_prose(style: str, rhs: str, sign: int) -> None:
    claim = f"\\partial L / \\partial z = {rhs}"
    text = (
        "# Exam\n\nA conv layer with a $3 \\times 3$ kernel on a $5 \\times 5$ input, stride "
        "1, no padding.\n\n## Question 5\n\n" + style.format(claim=claim) + "\n"
    )
    assert _status(text, claim) == [VERIFIED if _softmax_grad_is(sign) else WRONG]


def _relu_derivative(value_above: int, value_below: int) -> bool:
    z = torch.tensor([-3.0, -0.5, 0.25, 2.0], dtype=torch.float64, requires_grad=True)
    torch.relu(z).sum().backward()
    above, below = (torch.tensor(v, dtype=torch.float64) for v in (value_above, value_below))
    mine = torch.where(z > 0, above, below)
    return bool(torch.allclose(z.grad, mine))


CONDITIONS = [
    "Con ReLU, ${claim}$ si $z > 0$ y ${other}$ en otro caso.",
    "For the ReLU, ${claim}$ if $z > 0$, ${other}$ otherwise.",
]


@pytest.mark.parametrize("style", CONDITIONS)
@pytest.mark.parametrize(("above", "below"), [(1, 0), (1, 1), (0, 1)])
def test_a_derivative_with_its_condition_in_prose(style: str, above: int, below: int) -> None:
    claim = f"f'(z) = {above}"
    text = (
        "# Activations\n\nA layer $a = f(z)$ with $f = \\mathrm{ReLU}$.\n\n"
        + style.format(claim=claim, other=below)
        + "\n"
    )
    assert _status(text, claim) == [VERIFIED if _relu_derivative(above, below) else WRONG]


def test_a_condition_without_the_other_case_is_not_judged() -> None:
    claim = "f'(z) = 1"
    text = f"# ReLU\n\nA layer $a = f(z)$, $f = \\mathrm{{ReLU}}$. Then ${claim}$ if $z > 0$.\n"
    assert _status(text, claim) == [NOT_UNDERSTOOD]


def _avg_grad(scale: str) -> bool:
    """Whether dE/dZ_ij = scale * g_{i//2, j//2} for 2x2 average pooling, stride 2."""
    z = torch.randn((1, 1, 4, 4), dtype=torch.float64, requires_grad=True)
    m = torch.nn.functional.avg_pool2d(z, 2, 2)
    g = torch.randn(m.shape, dtype=torch.float64)
    (m * g).sum().backward()
    factor = {"\\tfrac{1}{4}\\,": 0.25, "4\\,": 4.0}[scale]
    spread = np.kron(g.numpy()[0, 0], np.ones((2, 2))) * factor
    return bool(np.allclose(z.grad.numpy()[0, 0], spread))


@pytest.mark.parametrize("scale", ["\\tfrac{1}{4}\\,", "4\\,"])
@pytest.mark.parametrize(
    "words", ["un mapa $Z$ de $4 \\times 4$", "a feature map $Z$ of $4 \\times 4$"]
)
def test_the_map_named_before_its_size_is_what_is_pooled(scale: str, words: str) -> None:
    claim = (
        f"\\dfrac{{\\partial E}}{{\\partial Z_{{ij}}}} = {scale} "
        "g_{\\lfloor i/2 \\rfloor,\\, \\lfloor j/2 \\rfloor}"
    )
    text = (
        "# Pooling\n\nIndices from 0. Take " + words + " with $2 \\times 2$ average pooling "
        "and stride $2$, output $M$ and $g_{pq} = \\partial E / \\partial M_{pq}$:\n\n"
        f"$${claim}$$\n"
    )
    assert _status(text, claim) == [VERIFIED if _avg_grad(scale) else WRONG]
