"""A worked example with several channels or filters, each slice given as a matrix of
numbers (worked_channels.py): "$X^{(0)} = [...]$, $X^{(1)} = [...]$" for two input channels,
"$K_1$, $K_2$" for two filters of a one-channel input, "$W^{(f)}_c$" for filter f's slice on
channel c.  Claims about one slice (dL/dW^{(f)}_c, dL/dX_c, Y, dL/db_f in arithmetic) are
the layer's derivation at those numbers, summed over channels and filters; a slice's mark
whose axis is not clear is not read.

Truth: torch autograd of F.conv2d at the notes' numbers (test_the_truth_of_the_notes).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

# English textbook, two input channels (superscript marks, from 0), one filter, bias 1
TEXTBOOK = """### Example 5.3: two input channels

Take `nn.Conv2d(2, 1, kernel_size=2)` with stride 1, no padding and bias $b = 1$, on a
$3 \\times 3$ input with 2 channels, channels counted from 0 and indices from 0. The input
channels and the filter's two slices are

$$X^{(0)} = \\begin{pmatrix} 1 & 0 & 2 \\\\ 2 & 1 & 0 \\\\ 0 & 1 & 1 \\end{pmatrix}, \\quad
X^{(1)} = \\begin{pmatrix} 0 & 3 & 1 \\\\ 1 & 0 & 2 \\\\ 2 & 1 & 0 \\end{pmatrix},$$

$$W^{(0)} = \\begin{pmatrix} 1 & -1 \\\\ 0 & 2 \\end{pmatrix}, \\quad
W^{(1)} = \\begin{pmatrix} 2 & 0 \\\\ 1 & 1 \\end{pmatrix},$$

and the upstream gradient is $G = \\begin{pmatrix} 1 & 0 \\\\ -1 & 2 \\end{pmatrix}$.

The output adds both channels' correlations and the bias:

$$Y = \\begin{pmatrix} 5 & 7 \\\\ 9 & 5 \\end{pmatrix}$$

$$Y = \\begin{pmatrix} 5 & 7 \\\\ 9 & 6 \\end{pmatrix}$$

The kernel gradient of channel 1 needs only that channel:

$$\\frac{\\partial L}{\\partial W^{(1)}} = \\begin{pmatrix} -1 & 7 \\\\ 1 & -1 \\end{pmatrix}$$

$$\\frac{\\partial L}{\\partial W^{(1)}} = \\begin{pmatrix} 7 & -1 \\\\ -1 & 1 \\end{pmatrix}$$
"""

# Spanish problem set, one input channel, two filters K_1, K_2 (subscript marks, from 1)
PROBLEMAS = """## Problema 2 (dos filtros)

La capa es `nn.Conv2d(1, 2, kernel_size=2)` (paso 1, sin relleno, con sesgo), los índices y
los filtros se cuentan desde 1. Con la entrada
$X = \\begin{bmatrix} 2 & 1 & 0 \\\\ 0 & 1 & 3 \\\\ 1 & 0 & 1 \\end{bmatrix}$, los filtros

$$K_1 = \\begin{bmatrix} 1 & 0 \\\\ 0 & -1 \\end{bmatrix}, \\qquad
K_2 = \\begin{bmatrix} 0 & 2 \\\\ 1 & 0 \\end{bmatrix}$$

y los gradientes que llegan, uno por filtro,

$$G_1 = \\begin{bmatrix} 1 & 2 \\\\ 0 & 1 \\end{bmatrix}, \\qquad
G_2 = \\begin{bmatrix} -1 & 0 \\\\ 1 & 1 \\end{bmatrix},$$

el gradiente de la entrada suma los dos filtros:

$$\\nabla_X L = \\begin{bmatrix} 1 & 0 & 0 \\\\ -1 & 2 & 0 \\\\ 1 & 1 & -1 \\end{bmatrix}$$

$$\\nabla_X L = \\begin{bmatrix} 1 & 0 & 0 \\\\ -1 & 2 & 0 \\\\ 1 & 1 & 1 \\end{bmatrix}$$

El gradiente del segundo filtro:

$$\\frac{\\partial L}{\\partial K_2} = \\begin{bmatrix} -1 & 3 \\\\ 1 & 0 \\end{bmatrix}$$

y el de su sesgo, $\\frac{\\partial L}{\\partial b_2} = -1 + 0 + 1 + 1 = 1$, mientras que
$\\frac{\\partial L}{\\partial b_1} = 1 + 2 + 0 + 1 = 3$.
"""

# Two channels and two filters, W with one mark: which axis it counts is not read
AMBIGUOUS = """Layer `nn.Conv2d(2, 2, kernel_size=2)`, stride 1, no padding, no bias,
indices from 1.

$$X_1 = \\begin{pmatrix} 1 & 0 & 2 \\\\ 2 & 1 & 0 \\\\ 0 & 1 & 1 \\end{pmatrix}, \\quad
X_2 = \\begin{pmatrix} 0 & 3 & 1 \\\\ 1 & 0 & 2 \\\\ 2 & 1 & 0 \\end{pmatrix}$$

$$G^{(1)} = \\begin{pmatrix} 1 & 0 \\\\ -1 & 2 \\end{pmatrix}, \\quad
G^{(2)} = \\begin{pmatrix} 0 & 1 \\\\ 1 & 0 \\end{pmatrix}$$

$$\\frac{\\partial L}{\\partial W_2} = \\begin{pmatrix} 3 & 0 \\\\ -1 & 4 \\end{pmatrix}$$
"""


def _grads(x, w, b, g):
    x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    w = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    bias = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x[None], w, bias)[0]
    dx, dw, db = torch.autograd.grad((y * torch.tensor(g, dtype=torch.float64)).sum(), (x, w, bias))
    return y.detach(), dx, dw, db


def test_the_truth_of_the_notes():
    x = [[[1, 0, 2], [2, 1, 0], [0, 1, 1]], [[0, 3, 1], [1, 0, 2], [2, 1, 0]]]
    w = [[[[1, -1], [0, 2]], [[2, 0], [1, 1]]]]
    y, _, dw, _ = _grads(x, w, [1], [[[1, 0], [-1, 2]]])
    assert y.tolist() == [[[5, 7], [9, 5]]]
    assert dw[0, 1].tolist() == [[-1, 7], [1, -1]]
    x = [[[2, 1, 0], [0, 1, 3], [1, 0, 1]]]
    w = [[[[1, 0], [0, -1]]], [[[0, 2], [1, 0]]]]
    g = [[[1, 2], [0, 1]], [[-1, 0], [1, 1]]]
    _, dx, dw, db = _grads(x, w, [0, 0], g)
    assert dx[0].tolist() == [[1, 0, 0], [-1, 2, 0], [1, 1, -1]]
    assert dw[1, 0].tolist() == [[-1, 3], [1, 0]]
    assert db.tolist() == [4, 1]  # dL/db_1 = 4, not 3; dL/db_2 = 1


def test_channels_with_superscript_marks():
    assert statuses(TEXTBOOK, "9 & 5 ") == [VERIFIED]
    assert statuses(TEXTBOOK, "9 & 6 ") == [WRONG]
    assert statuses(TEXTBOOK, "-1 & 7 ") == [VERIFIED]
    assert statuses(TEXTBOOK, "7 & -1 ") == [WRONG]


def test_filters_with_subscript_marks():
    assert statuses(PROBLEMAS, "1 & 1 & -1 ") == [VERIFIED]
    assert statuses(PROBLEMAS, "1 & 1 & 1 ") == [WRONG]
    assert statuses(PROBLEMAS, "-1 & 3 ") == [VERIFIED]
    assert statuses(PROBLEMAS, "b_2} = -1") == [VERIFIED]
    assert statuses(PROBLEMAS, "b_1} = 1") == [WRONG]


def test_a_mark_of_no_clear_axis_is_not_read():
    assert statuses(AMBIGUOUS, "W_2}") == [NOT_UNDERSTOOD]


# A network's layers numbered by superscripts: W^{(2)} is layer 2's kernel, not filter 2
LAYERS = """## Two stacked layers

`nn.Conv2d(1, 2, kernel_size=2)` first, stride 1, no padding, no bias, indices from 1; then
$a^{(1)} = \\operatorname{ReLU}(z^{(1)})$ feeds the second layer, whose kernel is $W^{(2)}$.

$$X = \\begin{pmatrix} 2 & 1 & 0 \\\\ 0 & 1 & 3 \\\\ 1 & 0 & 1 \\end{pmatrix}, \\quad
W^{(1)} = \\begin{pmatrix} 1 & 0 \\\\ 0 & -1 \\end{pmatrix}, \\quad
W^{(2)} = \\begin{pmatrix} 0 & 2 \\\\ 1 & 0 \\end{pmatrix}$$

$$G^{(2)} = \\begin{pmatrix} -1 & 0 \\\\ 1 & 1 \\end{pmatrix}$$

$$\\frac{\\partial L}{\\partial W^{(2)}} = \\begin{pmatrix} -1 & 3 \\\\ 1 & 0 \\end{pmatrix}$$
"""


def test_layer_superscripts_are_not_filters():
    assert statuses(LAYERS, "-1 & 3 ") == [NOT_UNDERSTOOD]


# A second example restates channel 0 with other numbers and leaves channel 1 out: it is a
# new example, so channel 1 is not the first example's (the review of the fifteenth session:
# the slices were collected from the whole document, and Y below, which needs both channels,
# was judged with example 5.3's X^{(1)}).
SECOND_EXAMPLE = (
    TEXTBOOK
    + """
### Example 5.4: a new first channel

Now the first channel is
$$X^{(0)} = \\begin{pmatrix} 0 & 1 & 0 \\\\ 1 & 0 & 1 \\\\ 0 & 1 & 0 \\end{pmatrix}$$
with the same kernel and upstream gradient.  Its kernel gradient needs only that channel:

$$\\frac{\\partial L}{\\partial W^{(0)}} = \\begin{pmatrix} -1 & 3 \\\\ 3 & -1 \\end{pmatrix}$$

and the output is

$$Y = \\begin{pmatrix} 1 & 12 \\\\ 9 & 1 \\end{pmatrix}$$
"""
)


def test_a_second_example_does_not_borrow_the_first_ones_slices():
    x = [[[0, 1, 0], [1, 0, 1], [0, 1, 0]], [[0, 3, 1], [1, 0, 2], [2, 1, 0]]]
    w = [[[[1, -1], [0, 2]], [[2, 0], [1, 1]]]]
    y, _, dw, _ = _grads(x, w, [1], [[[1, 0], [-1, 2]]])
    assert dw[0, 0].tolist() == [[-1, 3], [3, -1]]
    assert y.tolist() == [[[1, 12], [9, 1]]]  # only with the first example's X^{(1)}
    assert statuses(SECOND_EXAMPLE, "-1 & 3 ") == [VERIFIED]
    assert statuses(SECOND_EXAMPLE, "1 & 12 ") == [NOT_UNDERSTOOD]
    assert statuses(SECOND_EXAMPLE, "9 & 5 ") == [VERIFIED]  # example 5.3 as before
