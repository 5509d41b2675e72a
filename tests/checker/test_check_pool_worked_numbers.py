"""Worked examples of pooling with numbers: the notes give X and G as matrices of numbers and
claim the output and dL/dX as matrices (or one entry of dL/dX).  The truth is torch's
max_pool2d / avg_pool2d and autograd at those numbers (float64, exact for these dyadic
values), never symconv; each note comes in two styles (Spanish, 1-based, pmatrix; English,
0-based, bmatrix) with correct and wrong claims."""

from __future__ import annotations

from fractions import Fraction

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

X4 = [[1, 6, 2, 8], [5, 3, 7, 4], [9, 0, 1, 2], [4, 2, 7, 3]]
G2 = [[1, -2], [3, 0.5]]


def _tex(m, env="pmatrix") -> str:
    rows = " \\\\ ".join(" & ".join(_num(v) for v in row) for row in m)
    return f"\\begin{{{env}}} {rows} \\end{{{env}}}"


def _num(v) -> str:
    return str(int(v)) if float(v).is_integer() else str(float(v))


def _torch(op: str, x, g, k: int, s: int):
    xt = torch.tensor([[x]], dtype=torch.float64, requires_grad=True)
    pool = torch.nn.functional.max_pool2d if op == "max" else torch.nn.functional.avg_pool2d
    y = pool(xt, k, stride=s)
    if g is not None:
        (y * torch.tensor([[g]], dtype=torch.float64)).sum().backward()
    grad = xt.grad[0, 0].tolist() if g is not None else None
    return y.detach()[0, 0].tolist(), grad


def _same(a, b) -> bool:
    pairs = (pair for ra, rb in zip(a, b, strict=True) for pair in zip(ra, rb, strict=True))
    return all(Fraction(u) == Fraction(v) for u, v in pairs)


ES = (
    "# Agrupamiento\n\nLos índices empiezan en 1. La entrada $X$ es de $4\\times 4$ y usamos "
    "agrupamiento {kind} de $2\\times 2$ con paso 2.\n\nSea\n$$ X = {x} $$\ny el gradiente "
    "$G = \\frac{{\\partial L}}{{\\partial Y}} = {g}$.\n\n"
)
EN = (
    "# Pooling\n\nIndices start at 0. The input $X$ is $4\\times 4$; {kind} pooling with a "
    "$2\\times 2$ window and stride 2.\n\nTake\n$$ X = {x} $$\nand the upstream gradient "
    "$G = {g}$.\n\n"
)
KINDS = {"max": ("máximo (max pooling)", "max"), "avg": ("promedio (average pooling)", "average")}


def _claims(op: str):
    y, dx = _torch(op, X4, G2, 2, 2)
    spread = [[G2[a // 2][b // 2] for b in range(4)] for a in range(4)]  # the usual slip
    doubled = [[2 * v for v in row] for row in y]
    return [("Y", y), ("Y", doubled), ("dX", dx), ("dX", spread)]


@pytest.mark.parametrize("op", ["max", "avg"])
@pytest.mark.parametrize("style", ["es", "en"])
def test_worked_example_matrices_against_torch(op, style):
    y_true, dx_true = _torch(op, X4, G2, 2, 2)
    env = "pmatrix" if style == "es" else "bmatrix"
    head = (ES if style == "es" else EN).format(
        kind=KINDS[op][0 if style == "es" else 1], x=_tex(X4, env), g=_tex(G2, env)
    )
    for role, value in _claims(op):
        left = "Y" if role == "Y" else "\\frac{\\partial L}{\\partial X}"
        verdict = check_text(head + f"$$ {left} = {_tex(value, env)} $$\n").verdicts[-1]
        truth = y_true if role == "Y" else dx_true
        assert verdict.status == (VERIFIED if _same(value, truth) else WRONG), verdict.message
        assert "these numbers only" in verdict.message


def test_the_given_input_and_gradient_get_no_verdict():
    head = EN.format(kind="max", x=_tex(X4, "bmatrix"), g=_tex(G2, "bmatrix"))
    lines = [v.line for v in check_text(head + "$$ Y = X $$\n").verdicts]
    assert 9 in lines and 6 not in lines and 7 not in lines  # X = ..., G = ...: given


X5 = [[1, 0, 2, 3, 1], [4, 6, 1, 0, 2], [3, 1, 9, 2, 5], [0, 2, 4, 10, 1], [1, 7, 3, 0, 2]]
G5 = [[1, 2], [3, 4]]


@pytest.mark.parametrize(
    "entry,terms",
    [
        ((2, 2), [(0, 0), (0, 1), (1, 0)]),
        ((2, 2), [(1, 0)]),
        ((0, 0), [(0, 0)]),
        ((3, 3), [(1, 1)]),
        ((1, 1), []),
    ],
)
def test_one_entry_of_an_overlapping_max_pool_at_the_notes_input(entry, terms):
    """3x3 windows, stride 2 on 5x5: an input can win several windows (the sum)."""
    xt = torch.tensor([[X5]], dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.max_pool2d(xt, 3, stride=2)
    gs = torch.randn(y.shape, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    (y * gs).sum().backward()
    claimed = sum(gs[0, 0, i, j].item() for i, j in terms)
    right = abs(claimed - xt.grad[0, 0, entry[0], entry[1]].item()) < 1e-12
    rhs = " + ".join(f"g_{{{i},{j}}}" for i, j in terms) or "0"
    text = (
        "A $5\\times 5$ input, max pooling with a $3\\times 3$ window and stride 2, 0-based "
        f"indices.\n\n$$ X = {_tex(X5, 'bmatrix')}, \\qquad G = {_tex(G5, 'bmatrix')} $$\n\n"
        f"$$ \\frac{{\\partial L}}{{\\partial x_{{{entry[0]},{entry[1]}}}}} = {rhs} $$\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if right else WRONG), verdict.message
    assert "notes' X" in verdict.message


def test_one_entry_without_the_input_is_not_judged():
    text = (
        "A $4\\times 4$ input, max pooling with a $2\\times 2$ window and stride 2, 0-based."
        "\n\n$$ \\frac{\\partial L}{\\partial x_{0,0}} = g_{0,0} $$\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == NOT_UNDERSTOOD and "routes the gradient" in verdict.message


@pytest.mark.parametrize("factor,scale", [("\\frac{1}{4}", 4), ("\\tfrac14", 4), ("0.5 \\cdot", 2)])
@pytest.mark.parametrize("style", ["es", "en"])
def test_a_number_before_the_matrix_multiplies_it(factor, scale, style):
    """``dL/dX = \\frac{1}{4} (...)``: the average pool's gradient written with its 1/4 taken
    out; the matrix times the factor is compared with torch's (right when the matrix holds
    scale * the truth, wrong when it holds the truth itself and the factor is extra)."""
    _, dx_true = _torch("avg", X4, G2, 2, 2)
    env = "pmatrix" if style == "es" else "bmatrix"
    head = (ES if style == "es" else EN).format(
        kind=KINDS["avg"][0 if style == "es" else 1], x=_tex(X4, env), g=_tex(G2, env)
    )
    left = "\\frac{\\partial L}{\\partial X}"
    for inside, right in (([[scale * v for v in r] for r in dx_true], True), (dx_true, False)):
        claimed = [[Fraction(v) / scale for v in row] for row in inside]
        assert _same(claimed, dx_true) == right  # the truth of the claim, by torch
        text = head + f"$$ {left} = {factor} {_tex(inside, env)} $$\n"
        verdict = check_text(text).verdicts[-1]
        assert verdict.status == (VERIFIED if right else WRONG), verdict.message
