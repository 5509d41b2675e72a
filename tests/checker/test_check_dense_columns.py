"""A dense layer's matrix claims with column vectors (``z = Wx + b``, ``dW = \\delta x^T``,
``dx = W^T \\delta``) as well as row vectors (``z = xW^T + b``, ``dW = \\delta^T x``).  The
truth is torch autograd of ``nn.Linear`` on one sample; each claimed right side is computed
with numpy in the layout the notes declare (a product that does not multiply is a mistake).
Where the notes do not say which layout they use, rows (PyTorch's) are read, and a claim
right with columns only is not understood, never wrong."""

from __future__ import annotations

import numpy as np
import pytest
from linear_truth import linear_autograd

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

F_IN, F_OUT = 4, 3


def _truth() -> dict[str, np.ndarray]:
    t = linear_autograd((F_IN,), F_OUT, 3)
    return {"x": t["X"], "W": t["W"], "g": t["dZ"], "dW": t["dW"], "dx": t["dX"], "db": t["db"]}


CLAIMS = [
    # (claim, target, right side from (x, W, g) laid out as columns or rows)
    ("\\frac{\\partial L}{\\partial W} = G x^T", "dW", lambda x, w, g: g @ x.T),
    ("\\frac{\\partial L}{\\partial W} = G^T x", "dW", lambda x, w, g: g.T @ x),
    ("\\frac{\\partial L}{\\partial W} = x G^T", "dW", lambda x, w, g: x @ g.T),
    ("\\frac{\\partial L}{\\partial x} = W^T G", "dx", lambda x, w, g: w.T @ g),
    ("\\frac{\\partial L}{\\partial x} = G W", "dx", lambda x, w, g: g @ w),
    ("\\frac{\\partial L}{\\partial x} = W G", "dx", lambda x, w, g: w @ g),
    ("\\frac{\\partial L}{\\partial b} = G", "db", lambda x, w, g: g),
]

HEADS = {
    "columns": "The input $x \\in \\mathbb{R}^{4}$ is a column vector",
    "rows": "The input $x \\in \\mathbb{R}^{4}$ is a row vector",
    None: "The input is $x \\in \\mathbb{R}^{4}$",
}


def _holds(layout: str, target: str, right) -> bool:
    t = _truth()
    shape = (-1, 1) if layout == "columns" else (1, -1)
    x, g = t["x"].reshape(shape), t["g"].reshape(shape)
    try:
        value = right(x, t["W"], g)
    except ValueError:
        return False  # the product does not multiply
    want = t[target]
    return value.squeeze().shape == want.squeeze().shape and bool(
        np.allclose(value.squeeze(), want.squeeze())
    )


@pytest.mark.parametrize("layout", ["columns", "rows", None])
@pytest.mark.parametrize(("claim", "target", "right"), CLAIMS)
def test_dense_claims_in_either_layout(layout, claim: str, target: str, right) -> None:
    text = (
        f"# A fully connected layer\n\n{HEADS[layout]}, the layer has $3$ outputs: "
        "$W \\in \\mathbb{R}^{3\\times 4}$, $b \\in \\mathbb{R}^{3}$. Indices from 1.\n\n"
        f"Let $G = \\partial L/\\partial z$.\n\n$$ {claim} $$\n"
    )
    found = [v for v in check_text(text, "notes.md").verdicts if v.line == text.count("\n")]
    assert len(found) == 1
    if layout is not None:
        expected = VERIFIED if _holds(layout, target, right) else WRONG
    else:  # the layout unsaid: rows (PyTorch's); right with columns only is a guess
        rows, columns = (_holds(k, target, right) for k in ("rows", "columns"))
        expected = VERIFIED if rows else NOT_UNDERSTOOD if columns else WRONG
    assert found[0].status == expected, found[0].message
