"""A worked example's entry written as a formula in the layer's entries (``G[0,0] W[1,1] +
...``, ``G_{0,1} W_{1,0}``), which the symbolic reader judges for every value, where the
formula is about another layer than the one the notes' numbers set up:

- an entry outside the example's tensors ("Had the stride been 1, ... G[1,1] W[0,0]" after
  a stride-2 example whose G is 1 x 1): the formula's layer is not read (worked_chain.py),
  never "G_{1,1} is not an entry of this layer" against a right formula;
- the output Y written where the chain rule has dL/dY (a gradient check with L = 1/2 sum
  Y^2, where dL/dY = Y): right for that loss, which the symbolic reader does not read, so
  no verdict (verdicts.py), never "missing W dL/dY; extra W W X".

Formulas about the example's own layer stay judged: right ones verified, a wrong index
caught.  Truth: torch autograd at the notes' numbers.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

X = [[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [2.0, 1.0, 1.0]]
W = [[1.0, -1.0], [2.0, 0.0]]

# English, 0-based, brackets and subscripts
STRIDED = """# Strided backward pass

Stride 2, no padding, indices from 0. $X = \\begin{bmatrix} 1 & 2 & 0 \\\\ 0 & 1 & 3 \\\\ 2 & 1 \
& 1 \\end{bmatrix}$, $W = \\begin{bmatrix} 1 & -1 \\\\ 2 & 0 \\end{bmatrix}$.

One window only: $\\frac{\\partial L}{\\partial X[1,1]} = G[0,0]\\,W[1,1]$.

A wrong index: $\\frac{\\partial L}{\\partial X[1,1]} = G[0,0]\\,W[0,0]$.

Had the stride been 1, the centre would lie in all four windows: $\\frac{\\partial L}{\\partial \
X[1,1]} = G[0,0]\\,W[1,1] + G[0,1]\\,W[1,0] + G[1,0]\\,W[0,1] + G[1,1]\\,W[0,0]$.

Likewise in subscripts: $\\frac{\\partial L}{\\partial X_{1,1}} = G_{0,0}\\,W_{1,1} + G_{0,1}\\,\
W_{1,0} + G_{1,0}\\,W_{0,1} + G_{1,1}\\,W_{0,0}$.
"""

# Spanish, a gradient check whose loss makes dL/dY the output itself
CHECK = """# Práctica 6 — comprobación del gradiente

Paso 1, sin relleno, índices desde 0. $X = \\begin{bmatrix} 1 & 2 & 0 \\\\ 0 & 1 & 3 \\\\ 2 & 1 \
& 1 \\end{bmatrix}$ y $W = \\begin{bmatrix} 1 & -1 \\\\ 2 & 0 \\end{bmatrix}$; la pérdida es \
$L = \\frac{1}{2} \\sum_{i,j} Y_{i,j}^2$, de modo que la derivada respecto de $Y$ es $Y$.

Con corchetes: $\\frac{\\partial L}{\\partial X[1,1]} = W[0,0]\\,Y[1,1] + W[0,1]\\,Y[1,0] + \
W[1,0]\\,Y[0,1] + W[1,1]\\,Y[0,0]$.

Con subíndices: $\\frac{\\partial L}{\\partial W_{0,1}} = Y_{0,0}\\,X_{0,1} + Y_{0,1}\\,X_{0,2} \
+ Y_{1,0}\\,X_{1,1} + Y_{1,1}\\,X_{1,2}$.

Un índice cambiado: $\\frac{\\partial L}{\\partial W_{0,1}} = Y_{0,0}\\,X_{0,0} + Y_{0,1}\\,\
X_{0,2} + Y_{1,0}\\,X_{1,1} + Y_{1,1}\\,X_{1,2}$.
"""


def _dx(stride: int, g: torch.Tensor) -> torch.Tensor:
    x = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    w = torch.tensor(W, dtype=torch.float64)
    y = F.conv2d(x[None, None], w[None, None], stride=stride)[0, 0]
    (dx,) = torch.autograd.grad((y * g).sum(), x)
    return dx


def test_the_truth_of_the_notes():
    w = torch.tensor(W, dtype=torch.float64)
    g = torch.tensor([[3.0]], dtype=torch.float64)  # stride 2: one window, G is 1 x 1
    assert _dx(2, g)[1, 1] == g[0, 0] * w[1, 1] and _dx(2, g)[1, 1] != g[0, 0] * w[0, 0]
    g = torch.tensor([[3.0, -2.0], [5.0, 7.0]], dtype=torch.float64)  # stride 1: 2 x 2
    formula = g[0, 0] * w[1, 1] + g[0, 1] * w[1, 0] + g[1, 0] * w[0, 1] + g[1, 1] * w[0, 0]
    assert _dx(1, g)[1, 1] == formula
    # L = 1/2 sum Y^2: dL/dY = Y, and the Spanish formulas are the gradients
    x = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    k = torch.tensor(W, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x[None, None], k[None, None])[0, 0]
    dx, dw = torch.autograd.grad((y**2).sum() / 2, (x, k))
    y = y.detach()
    assert dx[1, 1] == w[0, 0] * y[1, 1] + w[0, 1] * y[1, 0] + w[1, 0] * y[0, 1] + w[1, 1] * y[0, 0]
    right = y[0, 0] * X[0][1] + y[0, 1] * X[0][2] + y[1, 0] * X[1][1] + y[1, 1] * X[1][2]
    slip = y[0, 0] * X[0][0] + y[0, 1] * X[0][2] + y[1, 0] * X[1][1] + y[1, 1] * X[1][2]
    assert dw[0, 1] == right and dw[0, 1] != slip


def test_a_formula_about_the_examples_layer_is_still_judged():
    assert statuses(STRIDED, "One window only") == [VERIFIED]
    assert statuses(STRIDED, "A wrong index") == [WRONG]


def test_an_entry_outside_the_examples_tensors_is_no_verdict():
    # right at stride 1 (above), while the example's G is 1 x 1: never wrong, never verified
    for piece in ("Had the stride been 1", "Likewise in subscripts"):
        found = statuses(STRIDED, piece)
        assert found and not {WRONG, VERIFIED} & set(found), (piece, found)


def test_the_output_written_for_the_upstream_gradient_is_no_verdict():
    for piece in ("Con corchetes", "Con subíndices"):
        found = statuses(CHECK, piece)
        assert found and WRONG not in found, (piece, found)
    # the slip cannot be told from a right formula without the loss: not verified either
    found = statuses(CHECK, "Un índice cambiado")
    assert found and VERIFIED not in found, found
