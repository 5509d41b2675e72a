"""im2col notes with a dense layer's product written between the forward definition and the
gradients as an analogy ("exactly as for a fully connected layer $Y = WX$:"), the output's
gradient named for the word-subscripted matrix ($\\Delta = \\partial L / \\partial Y_{mat}$)
and a flattened filter's matrix size in words ("Unrolled, every filter is one row of
$W_{flat}$, which is $2 \\times 12$": no kernel size).

The claims are judged under the im2col definition (matrix_world.forward_definition takes the
nearest definition naming the claim's matrices), the analogy itself is not judged as the
convolution, and the layer keeps its 2x2 kernel.  Truth: torch autograd of ``F.conv2d`` (one
3x5x5 image, two 3x2x2 filters), its columns laid out by ``F.unfold``; each claimed right
side computed with NumPy."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch.manual_seed(11)
C, H, K, F_OUT = 3, 5, 2, 2  # X_cols is 12 x 16, W_flat 2 x 12, Y_mat 2 x 16


def _truth() -> dict[str, np.ndarray]:
    x = torch.randn(1, C, H, H, dtype=torch.float64, requires_grad=True)
    w = torch.randn(F_OUT, C, K, K, dtype=torch.float64, requires_grad=True)
    b = torch.randn(F_OUT, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, b)  # (1, 2, 4, 4)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    cols = F.unfold(x.detach(), K)[0]  # (12, 16): rows (c, u, v), columns (i, j) row-major
    out = {"X": cols.numpy(), "W": w.detach().reshape(F_OUT, -1).numpy()}
    out["G"] = g.reshape(F_OUT, -1).numpy()
    out["dW"] = w.grad.reshape(F_OUT, -1).numpy()
    out["db"] = b.grad.reshape(-1, 1).numpy()
    # dL/dX_cols: the gradient of the unfolded copy, each copy its own entry
    xc = cols.clone().requires_grad_(True)
    (torch.from_numpy(out["W"]) @ xc * torch.from_numpy(out["G"])).sum().backward()
    out["dX"] = xc.grad.numpy()
    return out


T = _truth()
NOTES = """# Convolution as one matrix product

Running example: one image $X$ with $C = 3$ channels of $5 \\times 5$ pixels, two filters of
$2 \\times 2$, stride 1, no padding.

Every $2 \\times 2 \\times 3$ patch becomes a column of $X_{{cols}}$, which is $12 \\times 16$.
Unrolled, every filter is one row of $W_{{flat}}$, which is $2 \\times 12$. Then

$$Y_{{mat}} = W_{{flat}} X_{{cols}} + b\\,\\mathbf{{1}}^T$$

Write $\\Delta = \\partial L / \\partial Y_{{mat}}$. The rules are exactly as for a fully
connected layer $Y = WX$:

$${claim}$$
"""
CLAIMS = [
    ("dW_{flat} = \\Delta X_{cols}^T", lambda t: t["G"] @ t["X"].T, "dW"),
    ("dW_{flat} = X_{cols} \\Delta^T", lambda t: t["X"] @ t["G"].T, "dW"),
    ("dX_{cols} = W_{flat}^T \\Delta", lambda t: t["W"].T @ t["G"], "dX"),
    ("dX_{cols} = \\Delta^T W_{flat}", lambda t: t["G"].T @ t["W"], "dX"),
    ("db = \\Delta \\mathbf{1}", lambda t: t["G"].sum(axis=1, keepdims=True), "db"),
]


def _claim(text: str):
    note = NOTES.format(claim=text)
    verdicts = [v for v in check_text(note, "n.md").verdicts if v.line == note.count("\n")]
    assert len(verdicts) == 1, verdicts
    return verdicts[0]


@pytest.mark.parametrize("claim,right,about", CLAIMS)
def test_gradients_under_the_im2col_definition(claim, right, about) -> None:
    value, want = right(T), T[about]
    same = value.shape == want.shape and np.allclose(value, want)
    found = _claim(claim)
    assert found.status == (VERIFIED if same else WRONG), found.message
    assert "definition" in found.message  # judged under the notes' im2col definition


def test_the_analogy_is_not_judged_as_the_convolution() -> None:
    note = NOTES.format(claim="dW_{flat} = \\Delta X_{cols}^T")
    verdicts = check_text(note, "n.md").verdicts
    analogy = [v for v in verdicts if v.source.strip() == "Y = WX"]
    assert all(v.status == NOT_UNDERSTOOD for v in analogy), analogy
    layers = check_text(note, "n.md").layers
    # the flattened filter's 2 x 12 is W_flat's size, never a kernel's
    assert all("kernel 2x2" in x["text"] and "2x12" not in x["text"] for x in layers), layers
