# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
r"""Entries written in the functional (code-like) notation, ``x[c, i+u, j+v]`` and a kernel
of the notes' own letter, ``k[c, u, v]`` (issue 16, fresh39: "la notación funcional
$x[c, i, j]$ ..., $k[c, u, v]$ para el filtro"): the output's definition names the roles
(the factor indexed by the summation indices alone is the kernel, the one shifted by them
the input) as it does for subscripts.  Before, the kernel letter stayed unknown, and a
correct input gradient in such notes was even called wrong.  Truth: torch autograd of
conv2d at random values, against the claims' formulas evaluated with NumPy.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

BRACKETS_DE = """# Faltung mit zwei Kanälen

Eine Eingabe mit 2 Kanälen der Größe $4 \\times 4$, ein Filter $3 \\times 3$ pro Kanal, Schrittweite 1, kein Padding, Bias $b$. Wir schreiben Einträge funktional: $e[c, i, j]$ für die Eingabe, $h[c, u, v]$ für den Filter, Indizes ab 0.

$$y[i, j] = b + \\sum_{c=0}^{1} \\sum_{u=0}^{2} \\sum_{v=0}^{2} h[c, u, v]\\, e[c, i+u, j+v]$$

Mit $\\delta[i, j] = \\partial L / \\partial y[i, j]$:

$$\\frac{\\partial L}{\\partial h[c, u, v]} = \\sum_{i=0}^{1} \\sum_{j=0}^{1} \\delta[i, j]\\, e[c, i+u, j+v]$$

Falsch wäre

$$\\frac{\\partial L}{\\partial h[c, u, v]} = \\sum_{i=0}^{1} \\sum_{j=0}^{1} \\delta[i, j]\\, e[c, i-u, j-v]$$
"""

BRACKETS_EN = """# One-channel correlation, code-style indices

Input $a$ of size $5 \\times 5$, one $2 \\times 2$ filter $f$, stride 1, no padding, no bias, 0-based indices written as in NumPy, $a[i, j]$ and $f[u, v]$.

$$o[i, j] = \\sum_{u=0}^{1} \\sum_{v=0}^{1} f[u, v]\\, a[i+u, j+v]$$

With $g[i, j] = \\partial L / \\partial o[i, j]$ taken as zero outside the output,

$$\\frac{\\partial L}{\\partial a[p, q]} = \\sum_{u=0}^{1} \\sum_{v=0}^{1} g[p-u, q-v]\\, f[u, v]$$

A wrong version:

$$\\frac{\\partial L}{\\partial a[p, q]} = \\sum_{u=0}^{1} \\sum_{v=0}^{1} g[p+u, q+v]\\, f[u, v]$$
"""


def _grads(x: np.ndarray, w: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(dL/dx, dL/dw) of L = sum(g * conv2d(x, w)) by torch autograd (float64)."""
    xt = torch.tensor(x[None], requires_grad=True)
    wt = torch.tensor(w[None], requires_grad=True)
    (F.conv2d(xt, wt) * torch.tensor(g[None, None])).sum().backward()
    return xt.grad.numpy()[0], wt.grad.numpy()[0]


def test_kernel_gradient_in_brackets() -> None:
    rng = np.random.default_rng(0)
    e, h, d = rng.normal(size=(2, 4, 4)), rng.normal(size=(2, 3, 3)), rng.normal(size=(2, 2))
    _, dh = _grads(e, h, d)
    by_formula = np.array(
        [
            [
                [
                    sum(d[i, j] * e[c, i + u, j + v] for i in range(2) for j in range(2))
                    for v in range(3)
                ]
                for u in range(3)
            ]
            for c in range(2)
        ]
    )
    assert np.allclose(dh, by_formula)
    assert one_verdict(BRACKETS_DE, "y[i, j] = b").status == VERIFIED
    assert one_verdict(BRACKETS_DE, "e[c, i+u, j+v]$$").status == VERIFIED


def test_wrong_kernel_gradient_in_brackets_is_caught() -> None:
    rng = np.random.default_rng(1)
    e, h, d = rng.normal(size=(2, 4, 4)), rng.normal(size=(2, 3, 3)), rng.normal(size=(2, 2))
    _, dh = _grads(e, h, d)

    def at(c: int, i: int, j: int) -> float:
        return e[c, i, j] if 0 <= i < 4 and 0 <= j < 4 else 0.0

    shifted = sum(d[i, j] * at(0, i - 0, j - 2) for i in range(2) for j in range(2))
    assert not np.isclose(dh[0, 0, 2], shifted)
    assert one_verdict(BRACKETS_DE, "e[c, i-u, j-v]").status == WRONG


def test_input_gradient_in_brackets() -> None:
    rng = np.random.default_rng(2)
    a, f, g = rng.normal(size=(1, 5, 5)), rng.normal(size=(1, 2, 2)), rng.normal(size=(4, 4))
    da, _ = _grads(a, f, g)

    def g_at(i: int, j: int) -> float:  # zero outside the output
        return g[i, j] if 0 <= i < 4 and 0 <= j < 4 else 0.0

    full = np.array(
        [
            [
                sum(g_at(p - u, q - v) * f[0, u, v] for u in range(2) for v in range(2))
                for q in range(5)
            ]
            for p in range(5)
        ]
    )
    wrong = np.array(
        [
            [
                sum(g_at(p + u, q + v) * f[0, u, v] for u in range(2) for v in range(2))
                for q in range(5)
            ]
            for p in range(5)
        ]
    )
    assert np.allclose(da[0], full)
    assert not np.allclose(da[0], wrong)
    assert one_verdict(BRACKETS_EN, "o[i, j] =").status == VERIFIED
    assert one_verdict(BRACKETS_EN, "g[p-u, q-v]").status == VERIFIED
    assert one_verdict(BRACKETS_EN, "g[p+u, q+v]").status == WRONG
