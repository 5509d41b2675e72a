# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
r"""Max pooling's gradient at entries written in brackets, ``\frac{\partial L}{\partial
X[0,1]} = G[0,0] = 1`` (issue 16, fresh46: a slide transcript's "Top-left window"), read as
the subscripted ``x_{0,1}`` / ``g_{0,0}`` the routing reader already judged at the notes'
input.  Before, the bracketed entry was not parsed and the claim fell to "how max pooling
routes the gradient ... is not checked".  Truth: torch autograd of max_pool2d (float64) at
the notes' X and G; a tie is routed as torch routes it, to the window's first maximum in
row-major order, which the notes state.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

X = np.array([[1, 3, 2, 0], [4, 0, 1, 4], [2, 6, 5, 1], [0, 1, 5, 3]], dtype=np.float64)
G = np.array([[1, 2], [-1, 3]], dtype=np.float64)


def _dx(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    """dL/dX of L = sum(G * max_pool2d(X, 2)) by torch autograd."""
    xt = torch.tensor(x[None, None], requires_grad=True)
    (F.max_pool2d(xt, 2) * torch.tensor(g[None, None])).sum().backward()
    return xt.grad.numpy()[0, 0]


def _tex(m: np.ndarray) -> str:
    rows = [" & ".join(str(int(v)) for v in row) for row in m]
    return "\\begin{bmatrix} " + " \\\\ ".join(rows) + " \\end{bmatrix}"


def _n(v: float) -> str:
    return str(round(v))


def _french() -> str:
    dx = _dx(X, G)
    return f"""# Cours 7 — rétropropagation du max-pooling

`nn.MaxPool2d(2)` sur une carte $4 \\times 4$, indices à partir de 0 ; en cas d'égalité, PyTorch garde le premier maximum dans l'ordre de lecture (ligne par ligne).

$$X = {_tex(X)}, \\qquad G = \\frac{{\\partial L}}{{\\partial Y}} = {_tex(G)}$$

Fenêtre en haut à gauche : $\\frac{{\\partial L}}{{\\partial X[1,0]}} = G[0,0] = {_n(dx[1, 0])}$ et $\\frac{{\\partial L}}{{\\partial X[0,1]}} = {_n(dx[0, 1])}$.

Fenêtre en bas à droite (deux 5 dans la même colonne) : $\\frac{{\\partial L}}{{\\partial X[2,2]}} = G[1,1] = {_n(dx[2, 2])}$.

Erreur classique : $\\frac{{\\partial L}}{{\\partial X[3,2]}} = G[1,1] = {_n(G[1, 1])}$.
"""


def test_truth_of_the_notes() -> None:
    dx = _dx(X, G)
    assert dx[1, 0] == G[0, 0] and dx[0, 1] == 0  # 4 is the top-left window's maximum
    assert dx[2, 2] == G[1, 1] and dx[3, 2] == 0  # the tie of 5s goes to the first one


def test_bracketed_routing_french() -> None:
    note = _french()
    assert statuses(note, "Fenêtre en haut à gauche") == [VERIFIED, VERIFIED]
    assert statuses(note, "Fenêtre en bas à droite") == [VERIFIED]


def test_tie_sent_to_the_second_maximum_is_caught() -> None:
    assert statuses(_french(), "Erreur classique") == [WRONG]


X2 = np.array([[1, 3, 2, 0], [4, 0, 1, 7], [2, 6, 5, 1], [0, 1, 8, 3]], dtype=np.float64)


def _indonesian(right: str) -> str:
    return f"""# Catatan kuliah: max pooling 2 x 2, stride 2

Lapisan `nn.MaxPool2d(kernel_size=2, stride=2)`, indeks mulai dari 0. Masukan dan gradien dari atas:

$$X = {_tex(X2)}$$

$$G = {_tex(G)}$$

Gradien untuk masukan: $\\frac{{\\partial L}}{{\\partial X[i,j]}} = {right}$.
"""


def test_free_indices_in_brackets_indonesian() -> None:
    """An input without ties: G of the window goes where X holds its window's maximum."""
    dx = _dx(X2, G)
    y = F.max_pool2d(torch.tensor(X2[None, None]), 2).numpy()[0, 0]
    by_formula = np.array(
        [[G[i // 2, j // 2] * (X2[i, j] == y[i // 2, j // 2]) for j in range(4)] for i in range(4)]
    )
    assert np.array_equal(dx, by_formula)
    routed = "G[\\lfloor i/2 \\rfloor, \\lfloor j/2 \\rfloor]\\, \\mathbb{1}[X[i,j] = Y[\\lfloor i/2 \\rfloor, \\lfloor j/2 \\rfloor]]"
    assert statuses(_indonesian(routed), "Gradien untuk masukan") == [VERIFIED]


def test_spread_over_the_window_is_caught_indonesian() -> None:
    """Every entry of the window given G (average pooling's routing without the 1/4)."""
    dx = _dx(X2, G)
    assert not np.array_equal(dx, np.kron(G, np.ones((2, 2))))
    spread = "G[\\lfloor i/2 \\rfloor, \\lfloor j/2 \\rfloor]"
    assert statuses(_indonesian(spread), "Gradien untuk masukan") == [WRONG]
