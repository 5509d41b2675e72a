"""A cheat sheet's table of formulas: each row names its own layer ("average pooling 2x2,
stride 2", "softmax + cross-entropy"), under a section whose layer read is one of them
(row_pool.py, softmax_sentence.py).  fresh26's Portuguese sheet had its pooling row not
understood, and a pool section with a legend of size letters fell back to the default
convolution (runner: a pool's kind asked of the convolution's options).

Truth: torch autograd of avg_pool2d / max_pool2d on 4x4 and 6x6 inputs (the routed entries
are compared at every (p, q) by hand below), and by hand for the softmax row: the gradient
of the batch-mean cross-entropy is (Ŷ - Y)/N, so "Ŷ - Y" for L = 1/N Σ L_n is the mistake
it is and must not be judged as a pool's gradient either way.
"""

from __future__ import annotations

import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _routed_by_torch(op: str, n: int, k: int, s: int) -> dict:
    """{(p, q): {(i, j): coefficient}} of dL/dX_{p,q} in the entries of G, by autograd."""
    out: dict = {}
    m = (n - k) // s + 1
    for i in range(m):
        for j in range(m):
            x = torch.randn(1, 1, n, n, dtype=torch.float64, requires_grad=True)
            f = torch.nn.functional.avg_pool2d if op == "avg" else torch.nn.functional.max_pool2d
            y = f(x, k, s)
            g = torch.zeros_like(y)
            g[0, 0, i, j] = 1
            y.backward(g)
            for p in range(n):
                for q in range(n):
                    c = float(x.grad[0, 0, p, q])
                    if c:
                        out.setdefault((p, q), {})[(i, j)] = c
    return out


def test_torch_average_pooling_spreads_a_quarter_over_floor_indices():
    for n in (4, 6):
        routed = _routed_by_torch("avg", n, 2, 2)
        for (p, q), coefficients in routed.items():
            assert coefficients == {(p // 2, q // 2): 0.25}


_DX = "\\frac{\\partial L}{\\partial X_{p,q}}"
_FLOOR = "\\delta_{\\lfloor p/2 \\rfloor, \\lfloor q/2 \\rfloor}"
_ROW = "average pooling $2 \\times 2$, passo 2"
_DZ = "$\\frac{\\partial L}{\\partial Z} = \\hat{Y} - Y$"
SHEET = "\n".join(
    [
        "# Formulário",
        "",
        "**Símbolos.** Entrada $X$ de lado $H$, saída $Y$; $\\delta$ é o gradiente "
        "$\\partial L / \\partial Y$ que chega de cima; índices começam em 0.",
        "",
        "## Camadas sem pesos",
        "",
        "| # | camada | fórmula |",
        "|---|---|---|",
        f"| 1 | {_ROW} | ${_DX} = \\frac{{1}}{{4}}\\,{_FLOOR}$ |",  # 9
        f"| 2 | {_ROW} | ${_DX} = \\frac{{1}}{{2}}\\,{_FLOOR}$ |",  # 10
        f"| 3 | softmax, lote de $N$, $L = \\frac{{1}}{{N}}\\sum_n L_n$ | {_DZ} |",  # 11
        f"| 4 | idem | {_DZ} |",  # 12
        "| 5 | max pooling | o gradiente vai para o argmax de cada janela |",
    ]
)


def _by_line(text: str) -> dict[int, list]:
    out: dict[int, list] = {}
    for v in check_text(text, "sheet.md").verdicts:
        out.setdefault(v.line, []).append(v)
    return out


def test_the_pooling_rows_are_judged_under_the_pool_they_name():
    found = _by_line(SHEET)
    assert [v.status for v in found[9]] == [VERIFIED], found[9]
    assert [v.status for v in found[10]] == [WRONG], found[10]


def test_a_prediction_minus_target_is_never_a_pools_gradient():
    found = _by_line(SHEET)
    for line in (11, 12):
        assert {v.status for v in found.get(line, [])} <= {NOT_UNDERSTOOD}, found.get(line)


_LEAD = (
    "For $2 \\times 2$ average pooling with stride 2, $\\frac{\\partial L}{\\partial x_{p,q}} = "
)
SENTENCE = "\n".join(
    [
        "## Pooling",
        "",
        "Notation: input $x$ of side $n$, and $g = \\partial L/\\partial y$; indices from 0.",
        "",
        _LEAD + "\\frac{1}{4} g_{\\lfloor p/2 \\rfloor, \\lfloor q/2 \\rfloor}$.",  # 5
        "",
        _LEAD + "\\frac{1}{4} g_{p, q}$.",  # 7
    ]
)


def test_a_sentence_naming_its_pool():
    found = _by_line(SENTENCE)
    assert [v.status for v in found[5]] == [VERIFIED], found[5]
    assert [v.status for v in found[7]] == [WRONG], found[7]
