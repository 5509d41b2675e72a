"""A 1-D worked example's entry as a formula, then its number: the notes give the signal,
the filter (and the upstream gradient) as tuples, "$x = (2, -1, 0, 3, 1, 4)$", and write
"$\\frac{\\partial L}{\\partial x_3} = g_1\\, w_1 = 2$".  The formula is judged for every
value, the number at the tuples' numbers (judging.py reads them for a 1-D layer); where the
paragraph sets the upstream gradient to ones ("L = sum_t y_t, so g_t = 1") the formula and
the truth are compared with those ones put in (formula_then_number.numbers_with_ones).

Truth: torch autograd of F.conv1d at the notes' numbers (test_the_truth_of_the_notes).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

# English blog post, 0-based, stride 2, the upstream gradient given as a tuple
BLOG = """## Backprop through a strided 1-D convolution

The layer is `nn.Conv1d(1, 1, kernel_size=2, stride=2, bias=False)` on a signal of length 6,
indices from 0, so $y_t = w_0\\, x_{2t} + w_1\\, x_{2t+1}$ for $t = 0, 1, 2$.

Numbers: $x = (2, -1, 0, 3, 1, 4)$, $w = (1, -2)$, and the upstream gradient
$g = (1, -1, 2)$, $g_t = \\partial L/\\partial y_t$.

$$\\frac{\\partial L}{\\partial x_3} = g_1\\, w_1 = 2$$

$$\\frac{\\partial L}{\\partial x_4} = g_2\\, w_1 = -4$$

The whole input gradient is $\\frac{\\partial L}{\\partial x} = (1, -2, -1, 2, 2, -4)$.

$$\\frac{\\partial L}{\\partial w_0} = g_0 x_0 + g_1 x_2 + g_2 x_4 = 5$$
"""

# Spanish homework, 1-based, stride 1, a loss that adds the outputs up
TAREA = """# Tarea: convolución 1-D

Capa `nn.Conv1d(1, 1, kernel_size=3, stride=1, padding=0)`, sin sesgo, entrada de longitud 6,
índices desde 1:

$$y_t = \\sum_{k=1}^{3} w_k\\, x_{t+k-1}$$

Datos: $x = (1, 3, -2, 0, 4, 1)$ y $w = (2, -1, 1)$. Tomo $L = \\sum_t y_t$, así que $g_t = 1$
para todo $t$.

$$\\frac{\\partial L}{\\partial x_3} = w_1 + w_2 + w_3 = 2$$

$$\\frac{\\partial L}{\\partial x_2} = w_2 = -1$$

$$\\frac{\\partial L}{\\partial w_1} = x_1 + x_2 + x_3 + x_4 = 3$$
"""


def _grads(x, w, g, stride):
    x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    w = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    y = F.conv1d(x[None, None], w[None, None], stride=stride)[0, 0]
    dx, dw = torch.autograd.grad((y * torch.tensor(g, dtype=torch.float64)).sum(), (x, w))
    return dx, dw


def test_the_truth_of_the_notes():
    dx, dw = _grads([2, -1, 0, 3, 1, 4], [1, -2], [1, -1, 2], 2)
    assert dx[3] == -1 * -2 == 2  # g_1 w_1
    assert dx[4] == 2 * 1  # g_2 w_0 = 2; the claim's g_2 w_1 is -4
    assert dw[0] == 2 * 1 + 0 * -1 + 1 * 2 == 4  # not 5
    assert dx.tolist() == [1, -2, -1, 2, 2, -4]
    dx, dw = _grads([1, 3, -2, 0, 4, 1], [2, -1, 1], [1, 1, 1, 1], 1)
    assert dx[2] == 2 - 1 + 1 == 2  # x_3 (1-based): w_1 + w_2 + w_3
    assert dx[1] == 2 - 1 == 1  # x_2: w_1 + w_2, not w_2; the claim's w_2 is -1
    assert dw[0] == 1 + 3 - 2 + 0 == 2  # the claim's 3 is not the sum 2


def test_given_tuples_bind_a_signals_formula_and_number():
    assert statuses(BLOG, "g_1\\, w_1 = 2") == [VERIFIED]
    assert statuses(BLOG, "g_2\\, w_1 = -4") == [WRONG]
    assert statuses(BLOG, "g_2 x_4 = 5") == [WRONG]


def test_a_gradients_tuple_is_no_given_input():
    from conftest import checked_text

    line = next(n for n, r in enumerate(BLOG.split("\n"), 1) if "g_2 x_4 = 5" in r)
    (verdict,) = [v for v in checked_text(BLOG, "notes.md").verdicts if v.line == line]
    assert "side 1 is 4" in verdict.message  # x = (2, -1, ...), not dL/dx's (1, -2, ...)


def test_ones_upstream_then_numbers():
    assert statuses(TAREA, "w_1 + w_2 + w_3 = 2") == [VERIFIED]
    assert statuses(TAREA, "w_2 = -1") == [WRONG]
    assert statuses(TAREA, "x_3 + x_4 = 3") == [WRONG]
