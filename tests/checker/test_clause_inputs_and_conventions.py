"""Claims about a variant the sentence names, and conventions stated in words: a clause
naming another input ("con $6 \\times 6$ ... así que", "for a $6 \\times 6$ input, too"),
"a full convolution flips the kernel by itself" (the notes' ``\\ast`` is the true
convolution, their ``\\star`` the correlation), and a transposed layer's operator claim whose
right side has another shape than its left (never verified).  Truth: torch conv2d and
conv_transpose2d with autograd; the claims' formulas evaluated with NumPy."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.named_input import named_input
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

F64 = torch.float64


def _verdicts(text: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for v in check_text(text).verdicts:
        found.setdefault(v.line, []).append(v.status)
    return found


def _strided(side: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """side x side input, 3x3 kernel, stride 2, no padding: (x, g, dL/dw, dL/dx)."""
    gen = torch.Generator().manual_seed(side)
    x = torch.randn((1, 1, side, side), generator=gen, dtype=F64, requires_grad=True)
    w = torch.randn((1, 1, 3, 3), generator=gen, dtype=F64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, stride=2)
    g = torch.randn(y.shape, generator=gen, dtype=F64)
    (y * g).sum().backward()
    assert x.grad is not None and w.grad is not None
    return x.detach().numpy()[0, 0], g.numpy()[0, 0], w.grad.numpy()[0, 0], x.grad.numpy()[0, 0]


SENTENCES = [
    "Ojo, con $6 \\times 6$ salen también $2 \\times 2$ salidas, así que {claim}.",
    "Lo demás igual, por ejemplo para $6 \\times 6$ también {claim}.",
    "For a $6 \\times 6$ input, too, {claim}.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_clause_naming_another_input_is_judged_at_it(sentence: str) -> None:
    x, g, dw, dx = _strided(6)
    dilated = np.zeros((3, 3))
    dilated[::2, ::2] = g
    rows = x.shape[0] - 3 + 1  # x star dilate_2(g): 4x4, not the 3x3 kernel's gradient
    assert (rows, rows) != dw.shape
    assert np.allclose(dx[5, :], 0)  # the last row is read by no window
    text = (
        "# Paso 2\n\nTengo una entrada $x$ de $5 \\times 5$, un filtro $w$ de $3 \\times 3$, "
        "paso 2 y sin relleno. Índices desde 0.\n\n"
        "$$y_{i,j} = \\sum_{m=0}^{2} \\sum_{n=0}^{2} w_{m,n}\\, x_{2i+m,\\, 2j+n}$$\n\n"
        "Llamo $g = \\partial L / \\partial y$.\n\n"
        + sentence.format(claim="$\\frac{\\partial L}{\\partial x_{5,q}} = 0$")
        + "\n\n"
        + sentence.format(
            claim="$\\frac{\\partial L}{\\partial w} = x \\star \\operatorname{dilate}_2(g)$"
        )
        + "\n"
    )
    found = _verdicts(text)
    assert found[9] == [VERIFIED] and found[11] == [WRONG]


def _full_truth() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """4x4 input, 3x3 kernel, stride 1: (g, k, dL/dx) by autograd."""
    gen = torch.Generator().manual_seed(2)
    x = torch.randn((1, 1, 4, 4), generator=gen, dtype=F64, requires_grad=True)
    k = torch.randn((1, 1, 3, 3), generator=gen, dtype=F64)
    y = torch.nn.functional.conv2d(x, k)
    g = torch.randn(y.shape, generator=gen, dtype=F64)
    (y * g).sum().backward()
    assert x.grad is not None
    return g.numpy()[0, 0], k.numpy()[0, 0], x.grad.numpy()[0, 0]


def _full_convolution(g: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The full true convolution of g with k (k flipped), written as sums."""
    out = np.zeros((4, 4))
    for p, q in np.ndindex(out.shape):
        for i, j in np.ndindex(g.shape):
            if 0 <= p - i < 3 and 0 <= q - j < 3:
                out[p, q] += g[i, j] * k[p - i, q - j]
    return out


WORDS = [
    "(d) is (a) in disguise: a full convolution flips the kernel by itself.",
    "Recuerda que la convolución gira el filtro por sí sola.",
]


@pytest.mark.parametrize("words", WORDS)
def test_words_saying_the_convolution_flips_define_its_symbol(words: str) -> None:
    g, k, dx = _full_truth()
    assert np.allclose(_full_convolution(g, k), dx)
    text = (
        "# Quiz\n\n$X$ is a $4 \\times 4$ input, $K$ a $3 \\times 3$ kernel, $Y = X \\star K$ "
        "is the valid cross-correlation with stride 1, and $G = \\partial L / \\partial Y$. "
        "Indices are 0-based.\n\n"
        "- $\\dfrac{\\partial L}{\\partial X} = G \\ast_{\\text{full}} K$\n\n"
        f"{words}\n"
    )
    assert _verdicts(text)[5] == [VERIFIED]


@pytest.mark.parametrize(
    "right, status",
    [
        # a shape apart under a transposed layer is not called wrong: the layer's kind may
        # be misread (an ordinary strided conv in the same notes); never verified either
        ("\\operatorname{pad}_1(G) \\star \\operatorname{rot}_{180}(W)", NOT_UNDERSTOOD),
        ("\\operatorname{pad}_1(G) \\star_{s=2} W", VERIFIED),
    ],
)
def test_a_transposed_layers_operator_claims(right: str, status: str) -> None:
    gen = torch.Generator().manual_seed(4)
    x = torch.randn((1, 1, 3, 3), generator=gen, dtype=F64, requires_grad=True)
    w = torch.randn((1, 1, 3, 3), generator=gen, dtype=F64)
    y = torch.nn.functional.conv_transpose2d(x, w, stride=2, padding=1)
    g = torch.randn(y.shape, generator=gen, dtype=F64)
    (y * g).sum().backward()
    assert x.grad is not None and y.shape[-1] == 5
    padded, kernel = np.pad(g.numpy()[0, 0], 1), w.numpy()[0, 0]
    strided = np.array(
        [[(padded[2 * i : 2 * i + 3, 2 * j : 2 * j + 3] * kernel).sum() for j in range(3)]
         for i in range(3)]
    )  # fmt: skip
    assert np.allclose(strided, x.grad.numpy()[0, 0])  # the strided correlation is dL/dX
    assert padded.shape[0] - 3 + 1 == 5  # the plain one is 5x5, the input 3x3
    text = (
        "# Transposed\n\nA transposed convolution: input $X$ of size $3 \\times 3$, kernel $W$ "
        "of size $3 \\times 3$, stride 2, padding 1, 0-based, and $G = \\partial L / \\partial "
        "Y$.\n\n"
        f"$$\\frac{{\\partial L}}{{\\partial X}} = {right}$$\n"
    )
    assert _verdicts(text)[5] == [status]


@pytest.mark.parametrize(
    "words",
    ["con $2 \\times 2$ de salida", "for a $6 \\times 6$ padded input", "con $3 \\times 3$ kernel"],
)
def test_a_clause_naming_another_tensors_size_names_no_input(words: str) -> None:
    # hand work: an output's, a padded input's or a kernel's size is not the layer's input
    doc = [f"Ojo, {words}, así que $a = b$."]
    assert named_input(doc, 1, "a = b", "conv2d 5x5, kernel 3x3, stride 2") is None
