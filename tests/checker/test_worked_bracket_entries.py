"""A worked example's chain written with bracketed entries, ``\\frac{\\partial L}{\\partial
X[2,2]} = G[0,0]\\,W[2,2] + G[0,1]\\,W[2,0] + ... = -1 + 4 - 2 + 3 = 4``, after the notes give
X, W and G as matrices (worked_chain.py): the middle side is a formula in the layer's entries
(X[i,j] the functional notation's entry, as x_{ij} the subscript one's), so the symbolic
reader judges it for every value and the numbers after it at the notes' numbers
(formula_then_number.py).  Read as arithmetic it had no value (G[0,0] is no number).

A 1-D layer's upstream gradient given as a chain, "$\\delta = \\partial L / \\partial y = (1,
-1, 2)$", is the notes' G for the numbers a formula's entry is worked out at (judging.py,
read as worked_signals.py reads it).

Truth: torch autograd at the notes' numbers (below); each note holds a wrong index whose
arithmetic is right, and an arithmetic slip after a right formula: both caught.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

# French, 0-based, stride 2, no padding
FRENCH = """# TD 4 — rétropropagation, pas 2

Corrélation croisée, un seul canal, pas $s = 2$, sans padding, indices à partir de 0. \
Entrée $X$ de taille $5 \\times 5$, noyau $W$ de taille $3 \\times 3$.

$$X = \\begin{bmatrix} 1 & 0 & 2 & 1 & 0 \\\\ 2 & 1 & 0 & 3 & 1 \\\\ 0 & 1 & 1 & 0 & 2 \\\\ \
1 & 2 & 0 & 1 & 1 \\\\ 3 & 0 & 1 & 2 & 0 \\end{bmatrix}, \\qquad W = \\begin{bmatrix} 1 & -1 & 2 \
\\\\ 0 & 1 & 1 \\\\ 2 & 0 & -1 \\end{bmatrix}$$

Le gradient venant d'en haut est $G = \\begin{bmatrix} 1 & 2 \\\\ -1 & 3 \\end{bmatrix}$.

Le centre : $\\frac{\\partial L}{\\partial X[2,2]} = G[0,0]\\,W[2,2] + G[0,1]\\,W[2,0] + \
G[1,0]\\,W[0,2] + G[1,1]\\,W[0,0] = -1 + 4 - 2 + 3 = 4$.

Erreur d'indice : $\\frac{\\partial L}{\\partial X[2,2]} = G[0,0]\\,W[2,2] + G[0,1]\\,W[2,0] + \
G[1,0]\\,W[0,2] + G[1,1]\\,W[0,1] = -1 + 4 - 2 - 3 = -2$.

Erreur de calcul : $\\frac{\\partial L}{\\partial X[2,2]} = G[0,0]\\,W[2,2] + G[0,1]\\,W[2,0] \
+ G[1,0]\\,W[0,2] + G[1,1]\\,W[0,0] = -1 + 4 - 2 + 3 = 5$.

Pour le noyau : $\\frac{\\partial L}{\\partial W[1,2]} = G[0,0]\\,X[1,2] + G[0,1]\\,X[1,4] + \
G[1,0]\\,X[3,2] + G[1,1]\\,X[3,4] = 0 + 2 + 0 + 3 = 5$.
"""

# English, 1-based, stride 1
ENGLISH = """# Homework 2 solutions, problem 1

Single channel, stride 1, no padding, cross-correlation; indices start at 1. The input $X$ \
is $3 \\times 3$ and the kernel $W$ is $2 \\times 2$:

$$X = \\begin{pmatrix} 2 & 1 & 0 \\\\ -1 & 3 & 1 \\\\ 0 & 2 & 1 \\end{pmatrix}, \\quad W = \
\\begin{pmatrix} 1 & 2 \\\\ -1 & 1 \\end{pmatrix}, \\quad G = \\frac{\\partial L}{\\partial Y} = \
\\begin{pmatrix} 1 & -2 \\\\ 3 & 1 \\end{pmatrix}$$

Forward: $Y[2,1] = X[2,1]\\,W[1,1] + X[2,2]\\,W[1,2] + X[3,1]\\,W[2,1] + X[3,2]\\,W[2,2] = \
-1 + 6 + 0 + 2 = 7$.

Kernel gradient: $\\frac{\\partial L}{\\partial W[2,1]} = G[1,1]\\,X[2,1] + G[1,2]\\,X[2,2] + \
G[2,1]\\,X[3,1] + G[2,2]\\,X[3,2] = -1 - 6 + 0 + 2 = -5$.

A student wrote $\\frac{\\partial L}{\\partial W[2,1]} = G[1,1]\\,X[2,1] + G[1,2]\\,X[2,2] + \
G[2,1]\\,X[3,1] + G[2,2]\\,X[3,3] = -1 - 6 + 0 + 1 = -6$.

Input gradient: $\\frac{\\partial L}{\\partial X[2,2]} = G[1,1]\\,W[2,2] + G[1,2]\\,W[2,1] + \
G[2,1]\\,W[1,2] + G[2,2]\\,W[1,1] = 1 + 2 + 6 + 1 = 10$.
"""

# Italian, 1-D, stride 2, padding 1, the upstream gradient as delta = dL/dy = (...)
ITALIAN = """# Esercitazione 3 — convoluzione 1-D con passo 2

Lo strato è `nn.Conv1d(1, 1, kernel_size=3, stride=2, padding=1, bias=False)`, indici da 0.
Segnale $x = (1, -2, 0, 3, 1, 2)$ e nucleo $w = (2, 1, -1)$. Il gradiente da sopra è \
$\\delta = \\partial L / \\partial y = (1, -1, 2)$.

Il campione $x_3$ cade nelle finestre $t = 1$ e $t = 2$: $\\frac{\\partial L}{\\partial x_3} = \
\\delta_1 w_2 + \\delta_2 w_0 = 1 + 4 = 5$.

Sbagliato: $\\frac{\\partial L}{\\partial x_3} = \\delta_1 w_1 + \\delta_2 w_0 = -1 + 4 = 3$.

Sbagliato anche: $\\frac{\\partial L}{\\partial x_3} = \\delta_1 w_2 + \\delta_2 w_0 = 1 + 4 = 6$.

Per il nucleo: $\\frac{\\partial L}{\\partial w_1} = 1 \\cdot 1 + (-1) \\cdot 0 + 2 \\cdot 1 = 3$.
"""

# English, 1-D, g = \frac{dL}{dy} = (...) in display math
QUIZ = """# Quiz 5 key: strided 1-D convolution

We use `nn.Conv1d(1, 1, kernel_size=3, stride=2, padding=1, bias=False)` with 0-based \
indices on $x = (1, -2, 0, 3, 1, 2)$ and $w = (2, 1, -1)$.

The gradient arriving from the loss is $g = \\frac{\\partial L}{\\partial y} = (1, -1, 2)$.

$$\\frac{\\partial L}{\\partial w_0} = g_1 x_1 + g_2 x_3 = 2 + 6 = 8$$

$$\\frac{\\partial L}{\\partial w_0} = g_1 x_1 + g_2 x_3 = 2 + 6 = 9$$

$$\\frac{\\partial L}{\\partial x_5} = g_2 w_2 = -2$$
"""


def _grads(x, w, g, **kw):
    """(y, dL/dx, dL/dw) of the correlation at these numbers, L = <y, g>."""
    conv = F.conv2d if len(torch.tensor(x).shape) == 2 else F.conv1d
    x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    w = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    y = conv(x[None, None], w[None, None], **kw)[0, 0]
    dx, dw = torch.autograd.grad((y * torch.tensor(g, dtype=torch.float64)).sum(), (x, w))
    return y.detach(), dx, dw


def test_the_truth_of_the_notes():
    x = [[1, 0, 2, 1, 0], [2, 1, 0, 3, 1], [0, 1, 1, 0, 2], [1, 2, 0, 1, 1], [3, 0, 1, 2, 0]]
    _, dx, dw = _grads(x, [[1, -1, 2], [0, 1, 1], [2, 0, -1]], [[1, 2], [-1, 3]], stride=2)
    assert dx[2, 2] == 4 and dw[1, 2] == 5
    # the wrong index: G[1,1] W[0,1] = -3 where G[1,1] W[0,0] = 3
    assert dx[2, 2] != -1 + 4 - 2 - 3
    x = [[2, 1, 0], [-1, 3, 1], [0, 2, 1]]
    y, dx, dw = _grads(x, [[1, 2], [-1, 1]], [[1, -2], [3, 1]])
    assert y[1, 0] == 7 and dw[1, 0] == -5 and dx[1, 1] == 10  # 1-based (2,1), (2,2)
    assert dw[1, 0] != -1 - 6 + 0 + 1  # X[3,3] = 1 where X[3,2] = 2
    _, dx, dw = _grads([1, -2, 0, 3, 1, 2], [2, 1, -1], [1, -1, 2], stride=2, padding=1)
    assert dx[3] == 5 and dw[1] == 3 and dw[0] == 8 and dx[5] == -2
    assert dx[3] != -1 + 4  # delta_1 w_1 + delta_2 w_0


def test_bracketed_entries_judged_as_the_entry_formula():
    assert statuses(FRENCH, "Le centre") == [VERIFIED]
    assert statuses(FRENCH, "Pour le noyau") == [VERIFIED]
    assert statuses(ENGLISH, "Forward:") == [VERIFIED]
    assert statuses(ENGLISH, "Kernel gradient:") == [VERIFIED]
    assert statuses(ENGLISH, "Input gradient:") == [VERIFIED]


def test_bracketed_entries_wrong_index_or_arithmetic_caught():
    assert statuses(FRENCH, "Erreur d'indice") == [WRONG]
    assert statuses(FRENCH, "Erreur de calcul") == [WRONG]
    assert statuses(ENGLISH, "A student wrote") == [WRONG]


def test_upstream_gradient_given_as_a_chain_binds_a_signal_example():
    assert statuses(ITALIAN, "Il campione") == [VERIFIED]
    assert statuses(ITALIAN, "Per il nucleo") == [VERIFIED]
    assert statuses(ITALIAN, "Sbagliato:") == [WRONG]
    assert statuses(ITALIAN, "Sbagliato anche") == [WRONG]
    assert statuses(QUIZ, "= 2 + 6 = 8") == [VERIFIED]
    assert statuses(QUIZ, "= 2 + 6 = 9") == [WRONG]
    assert statuses(QUIZ, "x_5} = g_2 w_2") == [VERIFIED]
