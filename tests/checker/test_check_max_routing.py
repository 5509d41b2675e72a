"""Max pooling's gradient routing written element-wise (cases, an indicator, ``\\max R``),
0- and 1-based, English and Spanish, correct and wrong.  Each claim's truth: the formula
evaluated by hand in Python against torch's max_pool2d autograd on random inputs without
ties, never symconv.  A correct claim is only ever "verified" with the words saying it was
checked at concrete inputs, not proved for all of them."""

from __future__ import annotations

import itertools
import math

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

H = 4


def _cases(x, y, g, a, b, base, rnd):
    """g at the window (rnd(a/2), rnd(b/2)) when x_{a,b} is that window's max, else 0."""
    i, j = rnd((a + base) / 2) - base, rnd((b + base) / 2) - base
    if not (0 <= i < 2 and 0 <= j < 2):
        return None  # the claim reads outside G: wrong
    return g[i][j] if x[a][b] == y[i][j] else 0.0


def _always(x, y, g, a, b, base, rnd):
    i, j = rnd((a + base) / 2) - base, rnd((b + base) / 2) - base
    return g[i][j] if 0 <= i < 2 and 0 <= j < 2 else None


def _right(formula, base, rnd) -> bool:
    for seed in range(6):
        gen = torch.Generator().manual_seed(seed)
        x = torch.randperm(H * H, generator=gen).double().reshape(1, 1, H, H).requires_grad_()
        y = torch.nn.functional.max_pool2d(x, 2)
        g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
        (y * g).sum().backward()
        xs, ys, gs = x.detach()[0, 0].tolist(), y.detach()[0, 0].tolist(), g[0, 0].tolist()
        for a, b in itertools.product(range(H), repeat=2):
            v = formula(xs, ys, gs, a, b, base, rnd)
            if v is None or abs(v - x.grad[0, 0, a, b].item()) > 1e-12:
                return False
    return True


ROUND = {"lfloor": math.floor, "lceil": math.ceil}


def _bracket(kind: str, expr: str) -> str:
    close = "rfloor" if kind == "lfloor" else "rceil"
    return f"\\{kind} {expr}/2 \\{close}"


FORMS = {
    "cases_en": (
        _cases,
        "\\begin{{cases}} g_{{{i},\\, {j}}} & \\text{{if }} x_{{a,b}} = y_{{{i},\\, {j}}} \\\\ "
        "0 & \\text{{otherwise}} \\end{{cases}}",
    ),
    "cases_es": (
        _cases,
        "\\begin{{cases}} g_{{{i},{j}}} & \\text{{si }} x_{{a,b}} = y_{{{i},{j}}} \\\\ "
        "0 & \\text{{en otro caso}} \\end{{cases}}",
    ),
    "indicator": (
        _cases,
        "g_{{{i},{j}}}\\, \\mathbb{{1}}\\left[ x_{{a,b}} = \\max R_{{{i},{j}}} \\right]",
    ),
    "always": (_always, "g_{{{i},{j}}}"),
}


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("base", [0, 1])
@pytest.mark.parametrize("rnd", ["lfloor", "lceil"])
def test_max_pool_routing_forms(form, base, rnd):
    formula, template = FORMS[form]
    right_side = template.format(i=_bracket(rnd, "a"), j=_bracket(rnd, "b"))
    words = "Indices start at 1." if base else "Indices start at 0."
    text = (
        f"# Max pooling\n\nA $4\\times 4$ input, max pooling with a $2\\times 2$ window and "
        f"stride 2. {words} $R_{{i,j}}$ is the window of output $(i,j)$ and "
        f"$g_{{i,j}} = \\partial L/\\partial y_{{i,j}}$.\n\n"
        f"$$ \\frac{{\\partial L}}{{\\partial x_{{a,b}}}} = {right_side} $$\n"
    )
    verdict = check_text(text).verdicts[-1]
    if _right(formula, base, ROUND[rnd]):
        assert verdict.status == VERIFIED, verdict.message
        assert "not proved for all inputs" in verdict.message
    else:
        assert verdict.status == WRONG, verdict.message


def _right_sized(rnd) -> bool:
    """dL/dx_{a,b} = delta_{rnd(a/k), rnd(b/k)} where x_{a,b} is that window's max, 0
    elsewhere, for k x k max pooling with stride k, k dividing H and W (torch)."""
    for k, tiles, seed in itertools.product((2, 3), (1, 2, 3), (0, 1)):
        h = k * tiles
        gen = torch.Generator().manual_seed(seed)
        x = torch.randperm(h * h, generator=gen).double().reshape(1, 1, h, h).requires_grad_()
        y = torch.nn.functional.max_pool2d(x, k)
        g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
        (y * g).sum().backward()
        for a, b in itertools.product(range(h), repeat=2):
            i, j = rnd(a / k), rnd(b / k)
            if not (i < tiles and j < tiles):
                return False
            v = g[0, 0, i, j].item() if x[0, 0, a, b] == y[0, 0, i, j] else 0.0
            if abs(v - x.grad[0, 0, a, b].item()) > 1e-12:
                return False
    return True


@pytest.mark.parametrize("rnd", ["lfloor", "lceil"])
def test_routing_with_a_symbolic_window(rnd):
    close = "rfloor" if rnd == "lfloor" else "rceil"
    i, j = (f"\\{rnd} {v}/k \\{close}" for v in "ab")
    text = (
        "# Max pooling\n\nAn $H\\times W$ input, $k\\times k$ max pooling with stride $k$ "
        "($k$ dividing $H$ and $W$), 0-based, $\\delta_{i,j} = \\partial L/\\partial y_{i,j}$."
        f"\n\n$$ \\frac{{\\partial L}}{{\\partial x_{{a,b}}}} = \\begin{{cases}} "
        f"\\delta_{{{i},\\, {j}}} & \\text{{if }} x_{{a,b}} = \\max R_{{{i},\\, {j}}} \\\\ "
        "0 & \\text{otherwise} \\end{cases} $$\n"
    )
    verdict = check_text(text).verdicts[-1]
    if _right_sized(ROUND[rnd]):
        assert verdict.status == VERIFIED, verdict.message
        assert "not proved for all" in verdict.message
    else:
        assert verdict.status == WRONG, verdict.message
