"""A pooling example whose claim's own lead-in sets the upstream gradient to ones ("Take an
upstream gradient of all ones: the 5 at (2,3) wins three windows, so $dL/dz_{23} = 3$",
"Con un gradiente entrante de todos unos, ..."): each entry's gradient is the number of
windows it wins (worked_pool.py, _Example.ones), even where a gradient of another shape was
given before.

The truth is torch's max_pool2d with stride 1 and autograd with an upstream of ones."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")
F = torch.nn.functional

Z = [[2, 0, 1, 5], [6, 1, -3, 2], [0, 4, 3, 1], [1, 2, 8, 0]]


def _wins() -> list[list[int]]:
    z = torch.tensor([[Z]], dtype=torch.float64, requires_grad=True)
    F.max_pool2d(z, 2, 1).sum().backward()
    return [[int(v) for v in row] for row in z.grad[0, 0].tolist()]


def _matrix(rows) -> str:
    body = " \\\\ ".join(" & ".join(str(v) for v in r) for r in rows)
    return f"\\begin{{pmatrix}} {body} \\end{{pmatrix}}"


ENGLISH = (
    "# Overlapping windows\n\nIndices start at 1. The feature map is\n\n$$Z = {z}$$\n\n"
    "A 2x2 max pool with stride 1 on the 4x4 map gives 3x3 windows, and the layers above "
    "send back $G = \\frac{{\\partial L}}{{\\partial Y}} = {g}$ for a 2x2 output elsewhere.\n\n"
    "Take an upstream gradient of all ones to see it clearly: the entry at $({i},{j})$ wins "
    "its windows, so $\\frac{{\\partial L}}{{\\partial z_{{{i}{j}}}}} = {n}$.\n"
)
SPANISH = (
    "# Ventanas solapadas\n\nLos índices empiezan en 1. El mapa es\n\n$$Z = {z}$$\n\n"
    "Un max pooling de 2x2 con paso 1 sobre el mapa de 4x4 da ventanas de 3x3.\n\n"
    "Con un gradiente entrante de todos unos, la entrada $({i},{j})$ recibe uno por cada "
    "ventana que gana: $\\frac{{\\partial L}}{{\\partial z_{{{i}{j}}}}} = {n}$.\n"
)
CASES = [(1, 4), (2, 1), (3, 2), (4, 3), (1, 1)]  # 1-based entries of Z


@pytest.mark.parametrize("head", [ENGLISH, SPANISH])
@pytest.mark.parametrize(("i", "j"), CASES)
@pytest.mark.parametrize("off", [0, 1])
def test_the_windows_an_entry_wins_against_torch(head, i, j, off):
    truth = _wins()[i - 1][j - 1]
    n = truth + off
    status = VERIFIED if off == 0 else WRONG
    note = head.format(z=_matrix(Z), g=_matrix([[1, 2], [3, 4]]), i=i, j=j, n=n)
    verdict = check_text(note).verdicts[-1]
    assert verdict.source.endswith(f"= {n}"), verdict
    assert verdict.status == status, verdict.message


def test_entries_win_different_counts():
    counts = {_wins()[i - 1][j - 1] for i, j in CASES}
    assert len(counts) >= 3
