"""A layer written as matrices whose stated shapes belong to the main example, then worked
out in numbers on a smaller one ("Tiny check. One channel, a 3x3 input, ..."): the numbers
given size the layer (matrix_numbers.py), so the claim is judged at them, not refused as a
product whose sizes do not fit the stated ones.

Truth: NumPy products of the given numbers (below).
"""

from __future__ import annotations

import numpy as np
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

IM2COL = """# im2col, backward

The layer has $W_{\\text{row}} \\in \\mathbb{R}^{4 \\times 18}$ (four filters of \
$2 \\times 3 \\times 3$) and $X_{\\text{col}} \\in \\mathbb{R}^{18 \\times 16}$, so

$$Y = W_{\\text{row}} X_{\\text{col}}$$

with $\\delta = \\partial L / \\partial Y$ of shape $4 \\times 16$ and

$$\\frac{\\partial L}{\\partial W_{\\text{row}}} = \\delta\\, X_{\\text{col}}^\\top.$$

**Small check.** One filter and three patches of two pixels:

$$X_{\\text{col}} = \\begin{pmatrix} 1 & 0 & 2 \\\\ -1 & 3 & 1 \\end{pmatrix}, \\qquad \\delta = \
\\begin{pmatrix} 2 & -1 & 1 \\end{pmatrix}$$

$$\\frac{\\partial L}{\\partial W_{\\text{row}}} = \\delta\\, X_{\\text{col}}^\\top = \
\\begin{pmatrix} 4 & -4 \\end{pmatrix}$$

$$\\frac{\\partial L}{\\partial W_{\\text{row}}} = \\delta\\, X_{\\text{col}}^\\top = \
\\begin{pmatrix} 4 & -5 \\end{pmatrix}$$
"""

DENSE = """# Dense layer

We use $z = Wx + b$ with $W \\in \\mathbb{R}^{128 \\times 256}$ and $g = \\partial L / \\partial z$.

Worked on a toy layer: $W = \\begin{bmatrix} 1 & 2 \\\\ 0 & -1 \\end{bmatrix}$, \
$x = (3, 1)^\\top$ and $g = (1, 2)^\\top$.

$$\\frac{\\partial L}{\\partial W} = g x^\\top = \\begin{bmatrix} 3 & 1 \\\\ 6 & 2 \\end{bmatrix}$$

$$\\frac{\\partial L}{\\partial x} = W^\\top g = \\begin{bmatrix} 1 \\\\ 1 \\end{bmatrix}$$

$$\\frac{\\partial L}{\\partial x} = W^\\top g = \\begin{bmatrix} 1 \\\\ 0 \\end{bmatrix}$$
"""


def test_the_truth_of_the_notes():
    x_col = np.array([[1, 0, 2], [-1, 3, 1]])
    delta = np.array([[2, -1, 1]])
    assert (delta @ x_col.T).tolist() == [[4, -4]]
    w, x, g = np.array([[1, 2], [0, -1]]), np.array([[3], [1]]), np.array([[1], [2]])
    assert (g @ x.T).tolist() == [[3, 1], [6, 2]]
    assert (w.T @ g).tolist() == [[1], [0]]


def test_an_im2col_check_on_fewer_patches():
    assert statuses(IM2COL, "begin{pmatrix} 4 & -4") == [VERIFIED]
    assert statuses(IM2COL, "begin{pmatrix} 4 & -5") == [WRONG]


def test_a_toy_dense_layer():
    assert statuses(DENSE, "begin{bmatrix} 3 & 1") == [VERIFIED]
    assert statuses(DENSE, "begin{bmatrix} 1 \\\\ 0") == [VERIFIED]
    assert statuses(DENSE, "begin{bmatrix} 1 \\\\ 1") == [WRONG]
