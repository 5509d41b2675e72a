"""A pooling worked example whose upstream gradient is written as the derivative by the
pool applied to the map, "$\\partial L/\\partial \\operatorname{maxpool}(A) = [...]$": that is
the gradient the pool routes back.  Truth: torch's max_pool2d / avg_pool2d autograd."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

A = [[1, 6, 2, 0], [3, 4, 8, 1], [9, 0, 5, 7], [2, 1, 3, 4]]
G = [[1, 2], [3, 4]]

NAMES = {
    "slash": "\\partial L/\\partial \\operatorname{{{op}pool}}(A)",
    "frac": "\\frac{{\\partial L}}{{\\partial \\operatorname{{{op}pool}}(A)}}",
    "mathrm": "\\dfrac{{\\partial L}}{{\\partial\\, \\mathrm{{{op}pool}}(A)}}",
}


def _matrix(rows) -> str:  # type: ignore[no-untyped-def]
    body = " \\\\ ".join(" & ".join(f"{v:g}" for v in row) for row in rows)
    return f"\\begin{{pmatrix}} {body} \\end{{pmatrix}}"


def _truth(op: str) -> list[list[float]]:
    a = torch.tensor(A, dtype=torch.float64).reshape(1, 1, 4, 4).requires_grad_()
    pool = torch.nn.functional.max_pool2d if op == "max" else torch.nn.functional.avg_pool2d
    out = pool(a, 2, 2)
    (out * torch.tensor(G, dtype=torch.float64).reshape(1, 1, 2, 2)).sum().backward()
    return a.grad[0, 0].tolist()


@pytest.mark.parametrize("name", list(NAMES))
@pytest.mark.parametrize("op", ["max", "avg"])
@pytest.mark.parametrize("right", [True, False])
def test_the_gradient_named_by_the_pool_call(name, op, right):
    truth = _truth(op)
    claimed = truth if right else [row[::-1] for row in truth]
    words = "Max-Pooling" if op == "max" else "Average pooling"
    text = (
        f"**4.** {words} 2×2, stride 2, on\n$A = {_matrix(A)}$.\n\n"
        f"**5.** The gradient at ${NAMES[name].format(op=op)} = {_matrix(G)}$?\n"
        f"$\\dfrac{{\\partial L}}{{\\partial A}} = {_matrix(claimed)}$\n"
    )
    verdict = check_text(text).verdicts[-1]
    assert claimed != truth or right
    assert verdict.status == (VERIFIED if right else WRONG), verdict.message
