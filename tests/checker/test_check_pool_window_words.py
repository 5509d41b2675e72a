"""A pool named by what it takes of a window, and a gradient entry given as a number.

Lecture notes often name the pool of a section only by what it does ("el 7 es el máximo
de las dos ventanas", "the average of each window"), after a section about the other kind;
and they finish a routing with the number G's given entries make
(``\\partial L/\\partial X_{33} = G_{11} + G_{12} = 1``).  Truth: torch's max_pool2d /
avg_pool2d and autograd at the notes' numbers (exact for these small integers).
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

X = [[1, 3, 2, 0, 4], [5, 2, 1, 6, 1], [0, 4, 7, 2, 3], [2, 1, 3, 5, 8], [9, 2, 0, 1, 6]]
G = [[2, -1], [3, 1]]


def _tex(m) -> str:
    return (
        "\\begin{pmatrix} " + " \\\\ ".join(" & ".join(map(str, r)) for r in m) + " \\end{pmatrix}"
    )


HEAD = (
    "# Agrupamiento\n\n## 1. Promedio\n\nLos índices empiezan en 1. Tomamos una entrada $X$ de "
    "$5 \\times 5$ y agrupamiento promedio de $2 \\times 2$ con paso 2:\n\n"
    f"$$X = {_tex(X)}$$\n\ny el gradiente que llega\n\n$$G = \\frac{{\\partial L}}"
    f"{{\\partial Y}} = {_tex(G)}$$\n\n## 2. Ventanas que se solapan\n\nCon ventanas de "
    "$3 \\times 3$ y paso 2 sobre la misma $X$ la salida también es de $2 \\times 2$; cada "
    "salida es el máximo de su ventana.\n\n"
)


def _torch_max() -> tuple[list[list[float]], list[list[float]]]:
    x = torch.tensor([[X]], dtype=torch.float64, requires_grad=True)
    y = F.max_pool2d(x, 3, 2)
    (y * torch.tensor([[G]], dtype=torch.float64)).sum().backward()
    return y[0, 0].tolist(), x.grad[0, 0].tolist()


def test_the_window_words_make_the_section_a_max_pool():
    y, _ = _torch_max()
    for claimed, right in ((y, True), ([[v - 1 for v in r] for r in y], False)):
        text = HEAD + f"$$Y = {_tex([[int(v) for v in r] for r in claimed])}$$\n"
        verdict = check_text(text).verdicts[-1]
        assert verdict.status == (VERIFIED if right else WRONG), verdict.message


@pytest.mark.parametrize("shift", [0, 1])
def test_a_routed_entry_given_as_a_number(shift):
    """dL/dX_{33} (1-based) collects G_{11} and G_{12}: both windows' maximum is X_{33}."""
    _, dx = _torch_max()
    value = int(dx[2][2]) + shift
    text = (
        HEAD + f"$$\\frac{{\\partial L}}{{\\partial X_{{33}}}} = G_{{11}} + G_{{12}} = {value}$$\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if shift == 0 else WRONG), verdict.message
