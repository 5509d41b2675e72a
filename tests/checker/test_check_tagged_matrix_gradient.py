"""The output's gradient named with the output's tag (``G_{mat}`` beside ``Y_{mat}``,
matrix_tagged_gradient.py), and matrix shapes written as pairs after a word for shape
(``$X_{col}$ hat die Form $(K, P)$``, matrix_tuple_shapes.py).

Truth: NumPy on random matrices, the gradient of L = sum(G * (W X)) (so dL/dY = G) taken by
central differences, which for a bilinear L are exact up to rounding.
"""

from __future__ import annotations

import numpy as np

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text


def _status(text: str, piece: str) -> str:
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)
    found = [v.status for v in check_text(text, "notes.md").verdicts if v.line == line]
    assert len(found) == 1, found
    return found[0]


def _numeric_gradients(rows: int, inner: int, cols: int):
    rng = np.random.default_rng(4)
    w, x, g = (
        rng.normal(size=(rows, inner)),
        rng.normal(size=(inner, cols)),
        rng.normal(size=(rows, cols)),
    )

    def loss(w_, x_):
        return float(np.sum(g * (w_ @ x_)))

    def numeric(f, a):
        out = np.zeros_like(a)
        for index in np.ndindex(a.shape):
            step = np.zeros_like(a)
            step[index] = 1e-6
            out[index] = (f(a + step) - f(a - step)) / 2e-6
        return out

    dw = numeric(lambda a: loss(a, x), w)
    dx = numeric(lambda a: loss(w, a), x)
    return w, x, g, dw, dx


def test_the_truth_of_the_matrix_gradients():
    w, x, g, dw, dx = _numeric_gradients(3, 4, 5)
    assert np.allclose(dw, g @ x.T) and np.allclose(dx, w.T @ g)
    assert dw.shape != (x @ g.T).shape  # X G^T is the transpose of dL/dW


ENGLISH = """# GEMM lowering

Each image's patches are unrolled (im2col) into $X_{col} \\in \\mathbb{R}^{27 \\times 64}$, the
filters flattened into $W_{row} \\in \\mathbb{R}^{16 \\times 27}$, and the forward pass is

$$Y_{mat} = W_{row} X_{col}$$

With $\\delta_{mat} \\in \\mathbb{R}^{16 \\times 64}$ the upstream gradient of the image:

$$\\frac{\\partial L}{\\partial W_{row}} = \\delta_{mat} X_{col}^\\top$$

$$\\frac{\\partial L}{\\partial X_{col}} = W_{row}^\\top \\delta_{mat}$$

$$\\frac{\\partial L}{\\partial W_{row}} = X_{col} \\delta_{mat}^\\top$$
"""


def test_a_gradient_letter_with_the_outputs_tag():
    assert _status(ENGLISH, "= \\delta_{mat} X_{col}^\\top") == VERIFIED
    assert _status(ENGLISH, "= W_{row}^\\top \\delta_{mat}") == VERIFIED
    assert _status(ENGLISH, "= X_{col} \\delta_{mat}^\\top") == WRONG


def test_a_tagged_letter_of_another_shape_is_not_the_outputs_gradient():
    notes = ENGLISH.replace(
        "\\delta_{mat} \\in \\mathbb{R}^{16 \\times 64}",
        "\\delta_{mat} \\in \\mathbb{R}^{27 \\times 27}",
    )
    assert _status(notes, "= \\delta_{mat} X_{col}^\\top") != VERIFIED


GERMAN = """## Faltung als Matrixprodukt

Die Patches stehen zeilenweise in $P_{col}$, und $P_{col}$ hat die Form $(B S, K)$; die Filter
bilden $V_{mat}$ mit der Form $(K, M)$. Dann ist

$$Z_{mat} = P_{col} V_{mat}$$

und mit $G_{mat}$ für den Gradienten nach $Z_{mat}$, $G_{mat}$ hat die Form $(B S, M)$:

$$\\nabla_{V_{mat}} L = P_{col}^\\top G_{mat}$$

$$\\nabla_{V_{mat}} L = G_{mat}^\\top P_{col}$$

$$\\nabla_{P_{col}} L = G_{mat} V_{mat}^\\top$$
"""


def test_pair_shapes_after_a_word_for_shape():
    # Z = P V: dL/dV = P^T G (K x M), dL/dP = G V^T; G^T P is M x K, its transpose
    w, x, g, dw, dx = _numeric_gradients(3, 4, 5)  # as Y = W X with W = P, X = V
    assert np.allclose(dx, w.T @ g) and np.allclose(dw, g @ x.T)
    assert _status(GERMAN, "L = P_{col}^\\top G_{mat}") == VERIFIED
    assert _status(GERMAN, "L = G_{mat}^\\top P_{col}") == WRONG
    assert _status(GERMAN, "L = G_{mat} V_{mat}^\\top") == VERIFIED


PYTHON_SHAPES = """# Conv as GEMM (NumPy shapes)

After `im2col`, $X_{col}$ has shape $(27, 64)$ (one column per output position), the flattened
filters $W_{row}$ have shape $(16, 27)$, and

$$Y_{mat} = W_{row} X_{col}$$

The upstream gradient $\\Delta_{mat}$ has shape $(16, 64)$, like $Y_{mat}$.

$$\\frac{\\partial L}{\\partial X_{col}} = W_{row}^\\top \\Delta_{mat}$$

$$\\frac{\\partial L}{\\partial X_{col}} = \\Delta_{mat}^\\top W_{row}$$
"""


def test_numeric_pair_shapes_and_a_capital_delta():
    # dL/dX = W^T G (27 x 64); G^T W is 64 x 27, its transpose (the truth test above)
    assert _status(PYTHON_SHAPES, "= W_{row}^\\top \\Delta_{mat}") == VERIFIED
    assert _status(PYTHON_SHAPES, "= \\Delta_{mat}^\\top W_{row}") == WRONG
