"""What notes say around their claims: conventions, hypotheses, asides and names.

* ``with $X[i, j] = 0$ outside the image`` is the zero-padding convention, not a claim
  that every entry is zero; ``plain $\\otimes$ when $s = 1$`` is a hypothesis, not a claim
  about a stride-2 layer: neither gets a verdict.
* "Bonus: with 8 input channels, 4 filters ..." after the worked single-map example is
  another layer: its channel counts do not turn the example's X[i, j] into 8-channel slices.
* "a $3 \\times 3$ kernel / $K$" across a line break, "one kernel $\\mathbf{K} \\in
  \\mathbb{R}^{3\\times 3}$", ``K[m, n]``, ``G = \\partial L / \\partial Y`` name K and G.
* A single ``\\operatorname{pad}_p`` in prose does not make the notes "about symbolic
  sizes" (which silenced every later reason).
* "With $\\ast$ the true convolution": ``pad_2(\\delta) \\ast w`` is the full convolution.

Every expected verdict is decided by NumPy sums or torch autograd at the note's sizes.
"""

from __future__ import annotations

import numpy as np
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _verdicts(text: str) -> dict[int, str]:
    return {v.line: v.status for v in check_text(text, "note.md").verdicts}


def _line(text: str, piece: str) -> int:
    return next(k for k, row in enumerate(text.split("\n"), start=1) if piece in row)


def _strided_truth() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """X, K, G and dK of a 6x6 map, 3x3 kernel, stride 2, padding 1, by autograd."""
    gen = torch.Generator().manual_seed(5)
    x = torch.randint(-4, 5, (1, 1, 6, 6), generator=gen).double()
    k = torch.randint(-4, 5, (1, 1, 3, 3), generator=gen).double().requires_grad_(True)
    z = torch.nn.functional.conv2d(x, k, stride=2, padding=1)
    g = torch.randint(-4, 5, tuple(z.shape), generator=gen).double()
    (z * g).sum().backward()
    return x.numpy()[0, 0], k.detach().numpy()[0, 0], g.numpy()[0, 0], k.grad.numpy()[0, 0]


def _dk_by_sum(x: np.ndarray, g: np.ndarray, stride: int) -> np.ndarray:
    """dK[m, n] = sum_{i,j} G[i, j] X[stride i + m - 1, stride j + n - 1], X zero outside."""
    xp = np.pad(x, 1)
    return np.array(
        [
            [
                sum(
                    g[i, j] * xp[stride * i + m, stride * j + n] for i in range(3) for j in range(3)
                )
                for n in range(3)
            ]
            for m in range(3)
        ]
    )


BLOG = r"""# Strided, padded convolutions

*NumPy-style bracket indexing, 0-based.*

I use $\otimes_s$ for cross-correlation with stride $s$ (and plain $\otimes$ when $s = 1$).
The example: an input $X$ of size $6 \times 6$, a $3 \times 3$ kernel
$K$, stride 2, zero padding 1 on every side, and a bias $b$.

Forward, with $X[i, j] = 0$ outside the image:

$$ Y[i, j] = \sum_{m=0}^{2} \sum_{n=0}^{2} K[m, n]\, X[2i + m - 1,\, 2j + n - 1] + b $$

Backward, with $G = \partial L / \partial Y$ ($3\times 3$):

$$ \frac{\partial L}{\partial K[m, n]} = \sum_{i=0}^{2}\sum_{j=0}^{2} G[i, j]\,
X\left[2i + m - 1,\, 2j + n - 1\right] $$

$$ \frac{\partial L}{\partial K[m, n]} = \sum_{i=0}^{2}\sum_{j=0}^{2} G[i, j]\,
X\left[i + m - 1,\, j + n - 1\right] $$

$$ \frac{\partial L}{\partial K} = \operatorname{pad}_1(X) \otimes \operatorname{dilate}_2(G) $$

Bonus, parameter counts. With 8 input channels, 4 filters of $3\times 3$ and `groups=2`, each
filter sees 4 channels, so the layer has $4 \cdot 4 \cdot 3 \cdot 3 + 4 = 148$ parameters.
"""


def test_blog_conventions_asides_and_names():
    x, _, g, dk = _strided_truth()
    assert np.array_equal(_dk_by_sum(x, g, 2), dk)  # the sum as written is the gradient
    forgot = not np.array_equal(_dk_by_sum(x, g, 1), dk)
    # pad_1(X) (8x8) correlated with dilate_2(G) (5x5) is 4x4, not the 3x3 dK
    dilated = np.kron(g, [[1, 0], [0, 0]])[:5, :5]
    whole = np.array(
        [
            [float(np.sum(np.pad(x, 1)[a : a + 5, b : b + 5] * dilated)) for b in range(4)]
            for a in range(4)
        ]
    )
    assert whole.shape != dk.shape
    found = _verdicts(BLOG)
    sources = {v.source.strip() for v in check_text(BLOG, "note.md").verdicts}
    assert "s = 1" not in sources  # a hypothesis: no verdict
    assert "X[i, j] = 0" not in sources  # the zero-padding convention
    assert found[_line(BLOG, "Y[i, j] =")] == VERIFIED
    rows = [k for k, row in enumerate(BLOG.split("\n"), start=1) if "partial K[m, n]" in row]
    assert found[rows[0]] == VERIFIED
    assert found[rows[1]] == (WRONG if forgot else VERIFIED)
    assert found[_line(BLOG, r"\operatorname{dilate}_2(G)")] == WRONG


def test_zero_entries_with_numbers_are_still_claims():
    text = (
        "An input $x$ of $4 \\times 4$, a kernel $w$ of $2 \\times 2$, stride 1, no padding.\n\n"
        "$$ z_{00} = 0 $$\n"
    )
    assert _verdicts(text)[3] == WRONG  # z_{00} is a sum of products, not zero


LECTURE = r"""# Lecture 9 - operators

Throughout: one input map $\mathbf{X} \in \mathbb{R}^{6\times 6}$,
one kernel $\mathbf{K} \in \mathbb{R}^{3\times 3}$,
a scalar bias $b$, stride 1 and no padding, so the upstream gradient
$\mathbf{G} = \nabla_{\mathbf{Y}} L$ is $4\times 4$.

* $\operatorname{pad}_p$ adds $p$ zeros on every side.

$$ \nabla_{\mathbf{K}} L = \operatorname{corr}(\mathbf{X}, \mathbf{G}) $$

$$ \nabla_{\mathbf{K}} L = \operatorname{conv}(\mathbf{X}, \mathbf{G}) $$
"""


def test_a_size_letter_in_prose_does_not_silence_later_claims():
    gen = torch.Generator().manual_seed(2)
    x = torch.randint(-4, 5, (1, 1, 6, 6), generator=gen).double()
    k = torch.randint(-4, 5, (1, 1, 3, 3), generator=gen).double().requires_grad_(True)
    z = torch.nn.functional.conv2d(x, k)
    g = torch.randint(-4, 5, tuple(z.shape), generator=gen).double()
    (z * g).sum().backward()
    xs, gs, dk = x.numpy()[0, 0], g.numpy()[0, 0], k.grad.numpy()[0, 0]
    corr = np.array([[np.sum(xs[a : a + 4, b : b + 4] * gs) for b in range(3)] for a in range(3)])
    conv = np.array(
        [[np.sum(xs[a : a + 4, b : b + 4] * gs[::-1, ::-1]) for b in range(3)] for a in range(3)]
    )
    found = _verdicts(LECTURE)
    assert found[_line(LECTURE, "corr}(")] == (VERIFIED if np.array_equal(corr, dk) else WRONG)
    assert found[_line(LECTURE, "conv}(")] == (VERIFIED if np.array_equal(conv, dk) else WRONG)


ONE_D = r"""# Conv1d homework

Input $\mathbf{x} \in \mathbb{R}^{6}$, kernel $\mathbf{w} \in \mathbb{R}^{3}$, stride 1, no padding,
$y_i = \sum_{k=1}^{3} w_k x_{i+k-1} + b$ for $i = 1..4$, and
$\delta_i = \frac{\partial L}{\partial y_i}$.

With $\ast$ the true convolution (kernel flipped) in "valid" mode:

$$ \frac{\partial L}{\partial \mathbf{x}} = \operatorname{pad}_2(\boldsymbol{\delta})
\ast \mathbf{w} $$

whereas with $\star$ the cross-correlation (no flip)

$$ \frac{\partial L}{\partial \mathbf{x}} = \operatorname{pad}_2(\boldsymbol{\delta})
\star \mathbf{w} $$
"""


def test_true_convolution_between_operators_in_one_dimension():
    gen = torch.Generator().manual_seed(4)
    x = torch.randint(-4, 5, (1, 1, 6), generator=gen).double().requires_grad_(True)
    w = torch.randint(-4, 5, (1, 1, 3), generator=gen).double()
    y = torch.nn.functional.conv1d(x, w)
    d = torch.randint(-4, 5, tuple(y.shape), generator=gen).double()
    (y * d).sum().backward()
    ds, ws, dx = d.numpy()[0, 0], w.numpy()[0, 0], x.grad.numpy()[0, 0]
    padded = np.pad(ds, 2)
    true_conv = np.convolve(padded, ws, "valid")
    correlation = np.correlate(padded, ws, "valid")
    found = _verdicts(ONE_D)
    lines = [k for k, row in enumerate(ONE_D.split("\n"), start=1) if "pad}_2" in row]
    assert found[lines[0]] == (VERIFIED if np.array_equal(true_conv, dx) else WRONG)
    assert found[lines[1]] == (VERIFIED if np.array_equal(correlation, dx) else WRONG)


FUNCTIONAL = r"""# Apuntes: rotación del filtro

Una entrada $X$ de $5 \times 5$, un filtro $K$ de $3 \times 3$, paso 1, sin relleno, notación
funcional con índices desde 0: $X(i,j)$, $K(m,n)$.

$$ \operatorname{rot}_{180}(K)(m,n) = K(2-m,\,2-n) $$

$$ \text{rot180}(K)(m,n) = K(m,\,n) $$
"""


def test_indexing_the_result_of_a_rotation_in_functional_notation():
    k = np.arange(9).reshape(3, 3)
    rotated = k[::-1, ::-1]
    first = all(rotated[m, n] == k[2 - m, 2 - n] for m in range(3) for n in range(3))
    second = all(rotated[m, n] == k[m, n] for m in range(3) for n in range(3))
    found = _verdicts(FUNCTIONAL)
    assert found[_line(FUNCTIONAL, "K(2-m")] == (VERIFIED if first else WRONG)
    assert found[_line(FUNCTIONAL, r"K(m,\,n)")] == (VERIFIED if second else WRONG)
    assert NOT_UNDERSTOOD not in found.values()


ES = r"""# Apuntes: convolución con relleno

Una entrada $X$ de $5 \times 5$, un filtro $K$ de $3 \times 3$, paso 2 y relleno 1; notación
funcional con índices desde 0. Si $s = 1$ no hace falta dilatar.

Elemento a elemento, tomando $X(i,j) = 0$ fuera de la imagen:

$$ Y(i,j) = \sum_{m=0}^{2}\sum_{n=0}^{2} K(m,n)\, X(2i+m-1,\, 2j+n-1) + b $$

$$ Y(0,0) = 0 $$
"""


def test_spanish_conventions_and_hypotheses_get_no_verdict():
    gen = torch.Generator().manual_seed(8)
    x = torch.randint(-4, 5, (1, 1, 5, 5), generator=gen).double()
    k = torch.randint(-4, 5, (1, 1, 3, 3), generator=gen).double()
    b = torch.randint(1, 5, (1,), generator=gen).double()
    y = torch.nn.functional.conv2d(x, k, b, stride=2, padding=1)[0, 0].numpy()
    xp = np.pad(x.numpy()[0, 0], 1)
    by_sum = np.array(
        [
            [
                np.sum(k.numpy()[0, 0] * xp[2 * i : 2 * i + 3, 2 * j : 2 * j + 3]) + b.item()
                for j in range(3)
            ]
            for i in range(3)
        ]
    )
    assert np.array_equal(by_sum, y)
    report = check_text(ES, "apuntes.md").verdicts
    sources = {v.source.strip(): v.status for v in report}
    assert "s = 1" not in sources and "X(i,j) = 0" not in sources
    assert sources[r"Y(i,j) = \sum_{m=0}^{2}\sum_{n=0}^{2} K(m,n)\, X(2i+m-1,\, 2j+n-1) + b"] == (
        VERIFIED
    )
    # an entry with numbers set to zero is still a claim: Y(0,0) is a sum, not 0
    assert sources["Y(0,0) = 0"] == (WRONG if y[0, 0] != 0 else VERIFIED)


ASIDE = r"""# Conv example

An input $x$ of $4 \times 4$, a kernel $w$ of $2 \times 2$, stride 1, no padding, bias $b$.

$$ z_{00} = w_{00} x_{00} + w_{01} x_{01} + w_{10} x_{10} + w_{11} x_{11} + b $$

Aside: with 3 input channels and 8 filters of $3 \times 3$ the layer has
$N_{params} = 8 \cdot (3 \cdot 3 \cdot 3 + 1) = 224$ parameters, and
$\#\text{params} = 8 \cdot 3 \cdot 3 \cdot 3 = 216$ forgets the biases.
"""


def test_an_aside_about_another_layer_is_read_as_that_layer():
    conv = torch.nn.Conv2d(3, 8, 3)  # the aside's layer, its parameters counted by torch
    count = sum(p.numel() for p in conv.parameters())
    gen = torch.Generator().manual_seed(6)
    x = torch.randint(-4, 5, (1, 1, 4, 4), generator=gen).double()
    w = torch.randint(-4, 5, (1, 1, 2, 2), generator=gen).double()
    b = torch.randint(1, 5, (1,), generator=gen).double()
    z00 = torch.nn.functional.conv2d(x, w, b)[0, 0, 0, 0].item()
    by_hand = float((w[0, 0] * x[0, 0, :2, :2]).sum() + b)  # the written z_{00}
    found = {v.source.strip()[:8]: v.status for v in check_text(ASIDE, "a.md").verdicts}
    assert found["z_{00} ="] == (VERIFIED if by_hand == z00 else WRONG)
    assert found["N_{param"] == (VERIFIED if count == 224 else WRONG)
    assert found[r"\#\text{"] == (VERIFIED if count == 216 else WRONG)
