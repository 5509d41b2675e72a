"""A worked example's arithmetic naming the given kernel's entries in lower case: the notes
give $K$ as numbers and write "$\\frac{\\partial L}{\\partial x_{31}} = g_{21}\\, k_{11} = 2$"
(worked_chain.py): k_{11} is K's entry at the notes' index base, so the chain is judged (the
formula picks the wrong kernel entry; its arithmetic holds).

Truth: torch autograd of the correlation at the notes' numbers (below).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

# 1-based, Dutch exam style
EXAM = """# Uitwerking opgave 3

Eén kanaal, geen padding, stap 1; $Y = X \\star K + b$ (kruiscorrelatie). Indices beginnen bij 1.

$$X = \\begin{pmatrix} 2 & 0 & 1 \\\\ 1 & 3 & 0 \\\\ 0 & 1 & 2 \\end{pmatrix}, \\qquad K = \
\\begin{pmatrix} 2 & -1 \\\\ 1 & 3 \\end{pmatrix}, \\qquad b = 0.$$

$$G = \\begin{pmatrix} 1 & 0 \\\\ 4 & -2 \\end{pmatrix}$$

Controle: $x_{31}$ ligt alleen in het venster van $y_{21}$, dus

$$\\frac{\\partial L}{\\partial x_{31}} = g_{21}\\, k_{21} = 4$$

en niet

$$\\frac{\\partial L}{\\partial x_{31}} = g_{21}\\, k_{11} = 8$$
"""

# 0-based, English
ENGLISH = """# Checking one entry

One channel, stride 1, no padding, $Y = X \\star K$ (cross-correlation), indices from 0.

$$X = \\begin{pmatrix} 1 & 2 & 0 \\\\ 0 & 1 & 1 \\\\ 3 & 0 & 2 \\end{pmatrix}, \\qquad K = \
\\begin{pmatrix} 1 & 2 \\\\ -1 & 0 \\end{pmatrix}$$

and the upstream gradient $G = \\begin{pmatrix} 2 & 1 \\\\ 0 & -1 \\end{pmatrix}$.

$$\\frac{\\partial L}{\\partial x_{02}} = g_{01}\\, k_{01} = 2$$

$$\\frac{\\partial L}{\\partial x_{02}} = g_{01}\\, k_{00} = 1$$
"""


def _input_gradient(x, k, g):
    x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x[None, None], torch.tensor(k, dtype=torch.float64)[None, None])
    (dx,) = torch.autograd.grad((y[0, 0] * torch.tensor(g, dtype=torch.float64)).sum(), x)
    return dx


def test_the_truth_of_the_notes():
    dx = _input_gradient([[2, 0, 1], [1, 3, 0], [0, 1, 2]], [[2, -1], [1, 3]], [[1, 0], [4, -2]])
    assert dx[2, 0] == 4 * 1 and 4 * 2 != 4  # g_21 k_21 (1-based) = 4; g_21 k_11 = 8
    dx = _input_gradient([[1, 2, 0], [0, 1, 1], [3, 0, 2]], [[1, 2], [-1, 0]], [[2, 1], [0, -1]])
    assert dx[0, 2] == 1 * 2 and 1 * 1 != 2  # g_{0,1} k_{0,1} = 2; g_{0,1} k_{0,0} = 1


def test_lower_case_kernel_entries():
    assert statuses(EXAM, "k_{21} = 4") == [VERIFIED]
    assert statuses(EXAM, "k_{11} = 8") == [WRONG]
    assert statuses(ENGLISH, "k_{01} = 2") == [VERIFIED]
    assert statuses(ENGLISH, "k_{00} = 1") == [WRONG]
