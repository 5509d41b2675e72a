# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
r"""A worked two-channel example whose slices are marked in the functional notation,
``x[0] = \begin{bmatrix} ... \end{bmatrix}`` (channel 0 of x) and ``k[1] = ...`` (the one
filter's slice on channel 1), as notes that write entries ``x[c, i, j]`` and name the filter
``k[c, u, v]`` do (issue 16, fresh39's examen): the mark in brackets is the slice's, as a
subscript would be, and k is the kernel.  Truth: torch conv2d at the notes' numbers.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

SLICES_EN = """# Exercise: a two-channel convolution

A convolutional layer receives a 2-channel input of size $3 \\times 3$ and has a single $2 \\times 2$ filter per channel, a scalar bias $b = 1$, stride 1 and no padding. Indices from 0, functional notation $x[c, i, j]$ and $k[c, u, v]$ for the filter (cross-correlation).

$$z[i, j] = b + \\sum_{c=0}^{1} \\sum_{u=0}^{1} \\sum_{v=0}^{1} k[c, u, v]\\, x[c, i+u, j+v]$$

$$x[0] = \\begin{bmatrix} 1 & 0 & 2 \\\\ 3 & 1 & 0 \\\\ 0 & 2 & 1 \\end{bmatrix}, \\quad x[1] = \\begin{bmatrix} 2 & 1 & 0 \\\\ 0 & 1 & 1 \\\\ 1 & 0 & 2 \\end{bmatrix}, \\quad k[0] = \\begin{bmatrix} 1 & -1 \\\\ 0 & 2 \\end{bmatrix}, \\quad k[1] = \\begin{bmatrix} 0 & 1 \\\\ 1 & 0 \\end{bmatrix}$$

The output is

$$z = \\begin{bmatrix} 5 & 0 \\\\ 9 & 5 \\end{bmatrix}$$

A student writes instead

$$z = \\begin{bmatrix} 5 & 0 \\\\ 9 & 4 \\end{bmatrix}$$
"""

SLICES_ES = """# Ejercicio: dos canales

Una capa convolucional recibe una entrada de 2 canales de tamaño $3 \\times 4$ (alto por ancho) y tiene un único filtro $2 \\times 2$ por canal, sesgo escalar $b = 0$, paso 1 y sin relleno. Índices desde 0, notación funcional $x[c, i, j]$ y $k[c, u, v]$ para el filtro.

$$z[i, j] = b + \\sum_{c=0}^{1} \\sum_{u=0}^{1} \\sum_{v=0}^{1} k[c, u, v]\\, x[c, i+u, j+v]$$

$$x[0] = \\begin{bmatrix} 0 & 1 & 2 & 1 \\\\ 1 & 0 & 1 & 3 \\\\ 2 & 2 & 0 & 1 \\end{bmatrix}, \\quad x[1] = \\begin{bmatrix} 1 & 1 & 0 & 0 \\\\ 2 & 0 & 1 & 1 \\\\ 0 & 1 & 3 & 2 \\end{bmatrix}, \\quad k[0] = \\begin{bmatrix} 2 & 0 \\\\ 1 & -1 \\end{bmatrix}, \\quad k[1] = \\begin{bmatrix} -1 & 1 \\\\ 0 & 1 \\end{bmatrix}$$

La salida es

$$z = \\begin{bmatrix} 1 & 1 & 3 \\\\ 1 & 6 & 3 \\end{bmatrix}$$

Un error frecuente da

$$z = \\begin{bmatrix} 1 & 1 & 3 \\\\ 1 & 6 & 2 \\end{bmatrix}$$
"""


def _forward(x: list, k: list, b: float) -> list:
    out = F.conv2d(torch.tensor([x], dtype=torch.float64), torch.tensor([k], dtype=torch.float64))
    return (out[0, 0] + b).tolist()


def test_output_of_bracketed_slices_is_verified() -> None:
    x = [[[1, 0, 2], [3, 1, 0], [0, 2, 1]], [[2, 1, 0], [0, 1, 1], [1, 0, 2]]]
    assert _forward(x, [[[1, -1], [0, 2]], [[0, 1], [1, 0]]], 1) == [[5, 0], [9, 5]]
    x = [[[0, 1, 2, 1], [1, 0, 1, 3], [2, 2, 0, 1]], [[1, 1, 0, 0], [2, 0, 1, 1], [0, 1, 3, 2]]]
    assert _forward(x, [[[2, 0], [1, -1]], [[-1, 1], [0, 1]]], 0) == [[1, 1, 3], [1, 6, 3]]
    assert one_verdict(SLICES_EN, "9 & 5").status == VERIFIED
    assert one_verdict(SLICES_ES, "1 & 6 & 3 ").status == VERIFIED


def test_wrong_output_of_bracketed_slices_is_caught() -> None:
    x = [[[1, 0, 2], [3, 1, 0], [0, 2, 1]], [[2, 1, 0], [0, 1, 1], [1, 0, 2]]]
    assert _forward(x, [[[1, -1], [0, 2]], [[0, 1], [1, 0]]], 1)[1][1] != 4
    assert one_verdict(SLICES_EN, "9 & 4").status == WRONG
    assert one_verdict(SLICES_ES, "6 & 2").status == WRONG
