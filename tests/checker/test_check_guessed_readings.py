"""Claims read under a guess are never called wrong (issue 16, the false alarms of the fresh
sets): the layer or the meaning of a tensor was a guess (a count letter read as a tensor, an
activation's output read as the layer's output, a layer of another section, a transposed
layer read as a convolution, a dense layer read by the convolution reader).  Each case says
not-understood (or nothing, for a definition) where it was a false alarm, and the wrong forms
of the same claims under a layer the notes do state are still caught.  Truth from torch
(autograd, shapes) and by hand."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text


def _verdicts(text: str) -> list:
    return [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]


def _at(text: str, needle: str) -> list[str]:
    return [v.status for v in _verdicts(text) if needle in v.source]


# ------------------------------------------------------------ a letter set to a count
@pytest.mark.parametrize(
    "sentence",
    [
        "A batch of $N = 2$ images with $C = 3$ channels of $6\\times 6$, and $F = 4$ filters "
        "$\\mathbf{K}$ of size $3\\times 3$, stride 1, padding 1.",
        "We process a mini-batch of $m = 5$ examples at once.",
        "La capa tiene $F = 4$ filtros de $3\\times 3$ sobre $C = 3$ canales.",
    ],
)
def test_a_letter_set_to_a_count_is_a_definition(sentence: str) -> None:
    text = f"# Setup\n\n{sentence}\n"
    assert all(v.status != WRONG for v in _verdicts(text)), _verdicts(text)
    assert not [v for v in _verdicts(text) if v.source.strip() in ("F = 4", "m = 5")]


# ------------------------------------------------------------ a whole tensor zero outside
@pytest.mark.parametrize(
    "words", ["(con $\\delta = 0$ fuera de rango)", "with $G = 0$ outside its range"]
)
def test_a_whole_tensor_set_to_zero_outside_is_a_convention(words: str) -> None:
    text = (
        "# Backward\n\nA $4\\times 4$ input, a $2\\times 2$ kernel, stride 1.\n\n"
        f"Every entry of the gradient is a sum over the windows {words}.\n"
    )
    assert [v for v in _verdicts(text) if "= 0" in v.source] == []


# ------------------------------------------------------------ a shape under guessed sizes
def test_a_shape_against_guessed_sizes_is_not_wrong_and_against_stated_ones_it_is() -> None:
    dense = torch.nn.Linear(4, 3)
    assert tuple(dense.weight.shape) == (3, 4)
    guessed = (
        "# Notes\n\nExamples are columns: $\\mathbf{X} \\in \\mathbb{R}^{4\\times 5}$ and "
        "$\\mathbf{W}^{[1]} \\in \\mathbb{R}^{3\\times 4}$.\n\n$$z_{i,j} = \\sum_{m=0}^{1}"
        "\\sum_{n=0}^{1} w_{m,n} x_{i+m,j+n}$$\n"
    )
    assert WRONG not in _at(guessed, "\\in")
    conv = torch.nn.Conv2d(1, 1, 3)
    out = conv(torch.zeros(1, 1, 5, 5))
    assert tuple(out.shape[-2:]) == (3, 3)
    stated = (
        "# Notes\n\nA $5\\times 5$ input $X$ and a $3\\times 3$ kernel $W$, stride 1, no "
        "padding.\n\n$$Z \\in \\mathbb{R}^{4\\times 4}$$\n"
    )
    assert _at(stated, "\\in") == [WRONG]


# ------------------------------------------------------------ an activation's output
def test_a_decorated_activation_output_is_not_the_layers_output() -> None:
    z = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    y_hat = torch.sigmoid(z)
    upstream = torch.randn(4, 3, dtype=torch.float64)
    (dz,) = torch.autograd.grad(y_hat, z, upstream)
    assert torch.allclose(dz, upstream * y_hat * (1 - y_hat))  # the claim is right
    text = (
        "# Dense\n\nA batch of 4 inputs with 5 features, $X \\in \\mathbb{R}^{4\\times 5}$, "
        "weights $W \\in \\mathbb{R}^{3\\times 5}$, bias $b \\in \\mathbb{R}^{3}$.\n\n"
        "\\[ Z = X W^{T} + \\mathbf{1}_4 b^{T} \\]\n\nWith $\\hat{Y} = \\sigma(Z)$ and "
        "$d\\hat{Y} = \\partial L/\\partial \\hat{Y}$:\n\n"
        "\\[ dZ = d\\hat{Y} \\odot \\hat{Y} \\odot (1 - \\hat{Y}) \\]\n"
    )
    assert WRONG not in _at(text, "\\odot"), _verdicts(text)


# ------------------------------------------------------------ a worked entry in numbers
X = [[1, 2, 0, 1], [3, 1, 2, 2], [0, 1, 1, 0], [2, 0, 3, 1]]
K = [[1, -1], [2, 0]]


def _z22() -> int:
    out = torch.nn.functional.conv2d(
        torch.tensor(X, dtype=torch.float64)[None, None],
        torch.tensor(K, dtype=torch.float64)[None, None],
        stride=2,
    )
    return int(out[0, 0, 1, 1])


@pytest.mark.parametrize(("written", "right"), [("7", True), ("8", False)])
def test_an_output_entry_worked_out_in_numbers(written: str, right: bool) -> None:
    assert _z22() == 7
    rows = " \\\\ ".join(" & ".join(str(v) for v in r) for r in X)
    text = (
        "# Q1\n\nIndices start at 1. A $4\\times 4$ input is convolved with a $2\\times 2$ "
        "kernel, stride 2, no padding, no bias:\n$$\nX = \\begin{pmatrix} "
        f"{rows} \\end{{pmatrix}},\n\\qquad\nK = \\begin{{pmatrix}} 1 & -1 \\\\ 2 & 0 "
        "\\end{pmatrix}.\n$$\n\nThe bottom-right window:\n"
        f"$$ z_{{22}} = 1\\cdot 1 + 0\\cdot(-1) + 3\\cdot 2 + 1\\cdot 0 = {written} $$\n"
    )
    found = _at(text, "z_{22}")
    assert found == [VERIFIED if right else WRONG], _verdicts(text)


# ------------------------------------------------------------ a layer of another section
def test_a_claim_about_another_numbered_layer_is_not_judged_with_this_ones_sizes() -> None:
    text = (
        "# Q2\n\nThe network is $x^{(0)} \\in \\mathbb{R}^{6\\times 6}$ $\\to$ conv with "
        "$W^{(1)}$ ($3\\times 3$) $\\to$ conv with $W^{(2)}$ ($2\\times 2$). So $z^{(1)}$ is "
        "$4\\times 4$ and $z^{(2)}$ is $3\\times 3$; indices from 1.\n\n$$\n\\frac{\\partial "
        "E}{\\partial w^{(1)}_{ij}} = \\sum_{p=1}^{4}\\sum_{q=1}^{4} \\delta^{(1)}_{pq}\\; "
        "x^{(0)}_{p+i-1,\\,q+j-1}\n$$\n"
    )
    assert WRONG not in _at(text, "w^{(1)}"), _verdicts(text)


# ------------------------------------------------------------ a kind from a title
def test_a_convolution_section_under_a_transposed_title_is_not_read_as_transposed() -> None:
    conv = torch.nn.Conv2d(1, 1, 3)
    assert tuple(conv(torch.zeros(1, 1, 4, 4)).shape[-2:]) == (2, 2)
    text = (
        "# Transposed convolution is just the backward pass\n\n## Convolution as a matrix\n\n"
        "Take a $4\\times 4$ input $X$ and a $3\\times 3$ kernel $\\mathbf{K}$, stride 1, no "
        "padding. The output $Y = X \\circledast \\mathbf{K}$ is $2\\times 2$.\n"
    )
    assert WRONG not in _at(text, "circledast"), _verdicts(text)


# ------------------------------------------------------------ a layer restated later
def _strided_dx() -> torch.Tensor:
    x = torch.randn(1, 1, 7, 7, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    g = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w, stride=2)
    (dx,) = torch.autograd.grad(y, x, g)
    assert torch.allclose(dx[0, 0, 0, 0], g[0, 0, 0, 0] * w[0, 0, 0, 0])  # the claim below
    assert not torch.allclose(dx[0, 0, 0, 0], g[0, 0, 0, 0] * w[0, 0, 1, 1])  # its wrong form
    return dx


def test_a_claim_after_the_notes_restate_the_layer() -> None:
    _strided_dx()
    head = (
        "# Transposed conv\n\n`ConvTranspose2d`: a $3\\times 3$ input, kernel 3, stride 2, "
        "padding 1, so the output is $5\\times 5$.\n\n$$Y = \\operatorname{pad}_1("
        "\\operatorname{dilate}_2(X)) \\star \\operatorname{rot}_{180}(W)$$\n\n"
        "**Second part: an ordinary strided conv.** Take $X\\in\\mathbb{R}^{7\\times 7}$, "
        "$W \\in \\mathbb{R}^{3\\times3}$, stride 2, no padding, so $G = \\partial L/\\partial "
        "Z$ is $3\\times 3$. "
    )
    right = head + "Then $\\frac{\\partial L}{\\partial X_{0,0}} = G_{0,0}W_{0,0}$.\n"
    assert WRONG not in _at(right, "X_{0,0}"), _verdicts(right)
    # the wrong weight is wrong under both layers the notes state: still caught
    wrong = head + "Then $\\frac{\\partial L}{\\partial X_{0,0}} = G_{0,0}W_{1,1}$.\n"
    assert _at(wrong, "X_{0,0}") == [WRONG], _verdicts(wrong)


# ------------------------------------------------------------ a dense layer in prose
def test_a_dense_claim_with_symbolic_batch_is_not_read_as_a_convolution() -> None:
    x = torch.randn(6, 4, dtype=torch.float64)
    dense = torch.nn.Linear(4, 3).double()
    g = torch.randn(6, 3, dtype=torch.float64)
    (dw,) = torch.autograd.grad(dense(x), dense.weight, g)
    assert torch.allclose(dw, g.T @ x)  # dL/dW_{k,j} = sum_n dZ_{n,k} X_{n,j}
    text = (
        "# Exam\n\n**P1.** A $3\\times 3$ convolution on a $8\\times 8$ map, stride 1.\n\n"
        "**P6. Capa densa con un mini-lote.** La entrada es $X \\in \\mathbb{R}^{N\\times 4}$ "
        "con $N$ ejemplos por filas y $Z = XW^{T} + b$. Elemento a elemento, "
        "$\\frac{\\partial L}{\\partial W_{k,j}} = \\sum_{n=1}^{N} dZ_{n,k}\\,X_{n,j}$.\n"
    )
    assert WRONG not in _at(text, "W_{k,j}"), _verdicts(text)
