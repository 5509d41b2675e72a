"""A worked example that gives the upstream gradient G as numbers and then an accented
copy of it (``\\tilde{G}``, G zero-dilated by the stride; ``\\hat{\\delta}``): the accented
matrix is another tensor, not a new value of G.  Read as G, a single input-gradient entry
was judged against the dilated matrix's entries (a correct value would be called wrong);
read right, the entry is judged with the plain G and the kernel the notes give.  The truth
is torch's conv2d and autograd, never symconv."""

from __future__ import annotations

import pytest
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")

W = [[2, -1, 0], [1, 3, -2], [0, 1, 1]]
G = [[1, -2], [3, 1]]


def _input_gradient_entry(p: int, q: int) -> int:
    """dL/dx_{p,q} of a 5x5 input, 3x3 kernel, stride 2, no padding, L = sum(G * Y); the
    input's own numbers do not enter dL/dX, so any X serves."""
    x = torch.arange(25, dtype=torch.float64).reshape(1, 1, 5, 5).requires_grad_()
    w = torch.tensor([[W]], dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w, stride=2)
    (y * torch.tensor([[G]], dtype=torch.float64)).sum().backward()
    return int(x.grad[0, 0, p, q])


def _matrix(rows: list[list[int]]) -> str:
    return (
        "\\begin{bmatrix} "
        + " \\\\ ".join(" & ".join(map(str, r)) for r in rows)
        + " \\end{bmatrix}"
    )


def _dilated(rows: list[list[int]]) -> list[list[int]]:
    out = [[0] * 3 for _ in range(3)]
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            out[2 * i][2 * j] = v
    return out


_ENGLISH = (
    "# Stride 2 by hand\n\n"
    "Input $X$ of size $5 \\times 5$, kernel $W$ of size $3 \\times 3$, stride 2, no padding, "
    "no bias, 0-based indices.  $G = \\partial L / \\partial Y$ is $2 \\times 2$.\n\n"
    "$$G = {g}, \\qquad W = {w}$$\n\n"
    "Zero-dilating $G$ by the stride gives\n\n"
    "$$\\tilde{{G}} = {gt}$$\n\n"
    "Only the window at $(1, 0)$ covers $x_{{3,1}}$ (through $w_{{1,1}}$), so "
    "$\\frac{{\\partial L}}{{\\partial x_{{3,1}}}} = g_{{1,0}}\\, w_{{1,1}} = {value}$.\n"
)
_PORTUGUESE = (
    "## Exemplo com passo 2\n\n"
    "Entrada $X$ de $5 \\times 5$, filtro $W$ de $3 \\times 3$, passo 2, sem preenchimento, "
    "sem viés, índices a partir de 0.  O gradiente que chega é $\\delta$, de $2 \\times 2$:\n\n"
    "$$\\delta = {g}, \\qquad W = {w}$$\n\n"
    "e a versão dilatada é\n\n"
    "$$\\hat{{\\delta}} = {gt}$$\n\n"
    "O pixel $x_{{3,1}}$ só é visto pela janela $(1, 0)$, com o peso $w_{{1,1}}$: "
    "$\\frac{{\\partial L}}{{\\partial x_{{3,1}}}} = \\delta_{{1,0}}\\, w_{{1,1}} = {value}$.\n"
)


@pytest.mark.parametrize("template", [_ENGLISH, _PORTUGUESE], ids=["en", "pt"])
@pytest.mark.parametrize("slip", [0, 2], ids=["right", "off by two"])
def test_an_accented_copy_of_g_is_not_g(template, slip):
    value = _input_gradient_entry(3, 1)
    assert value == G[1][0] * W[1][1]  # the claim's formula side is the entry's (one window)
    text = template.format(g=_matrix(G), w=_matrix(W), gt=_matrix(_dilated(G)), value=value + slip)
    found = one_verdict(text, "x_{3,1}} = ")
    assert found.status == (WRONG if slip else VERIFIED), found.message
    if slip:  # judged with the plain G's entry, not the dilated matrix's 0 at (1, 0)
        assert f"{value}, not {value + slip}" in found.message
