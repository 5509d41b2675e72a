"""A worked example's squared-error loss against a target the notes give (worked_loss.py):
the upstream gradient is computed from the loss, and the claims made with it (G = Y - T as
numbers, the loss's value, dL/dK and dL/dX as matrices or single entries worked out, one SGD
step, rot180 of the kernel) are judged at the notes' numbers.  The truth is torch autograd at
those numbers; the notes below are written from it, with slips put in by hand."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.runner import check_file

X = [[1.0, 2, 0], [3, 1, -1], [0, 2, 1]]
K = [[1.0, -1], [2, 0]]
T = [[3.0, 5], [1, 4]]


def _autograd(half: bool) -> dict[str, torch.Tensor]:
    x = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    k = torch.tensor(K, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x[None, None], k[None, None])[0, 0]
    y.retain_grad()
    loss = ((y - torch.tensor(T, dtype=torch.float64)) ** 2).sum() * (0.5 if half else 1.0)
    loss.backward()
    assert x.grad is not None and k.grad is not None and y.grad is not None
    return {"Y": y.detach(), "G": y.grad, "dK": k.grad, "dX": x.grad, "L": loss.detach()}


def _tex(m: torch.Tensor) -> str:
    rows = [" & ".join(_num(v) for v in row) for row in m.tolist()]
    return "\\begin{bmatrix} " + " \\\\ ".join(rows) + " \\end{bmatrix}"


def _num(v: float) -> str:
    f = Fraction(v).limit_denominator(1000)
    return str(f.numerator) if f.denominator == 1 else f"{float(f):g}"


def _bumped(m: torch.Tensor, r: int, c: int) -> torch.Tensor:
    out = m.clone()
    out[r, c] += 1
    return out


def _statuses(tmp_path: Path, text: str) -> dict[int, str]:
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    found: dict[int, str] = {}
    for v in check_file(str(path)).verdicts:
        if v.status != "assumed":
            found.setdefault(v.line, v.status)
    return found


# HEAD is seven lines: the first line after it is line 8
HEAD = """# A conv layer by hand

A $3 \\times 3$ input, a $2 \\times 2$ kernel, stride 1, no padding, no bias. The layer
computes $Y = X \\star K$, indices 1-based.

$$X = {X}, \\qquad K = {K}, \\qquad T = {T}$$

"""


def test_half_squared_error_matrices_and_entries(tmp_path: Path) -> None:
    t = _autograd(half=True)
    # hand check of autograd: dL/dY = Y - T for the half squared error
    assert torch.equal(t["G"], t["Y"] - torch.tensor(T, dtype=torch.float64))
    k_new = torch.tensor(K, dtype=torch.float64) - 0.5 * t["dK"]
    dx13 = _num(float(t["dX"][0, 2]))
    step = "K_{new} = K - 0.5\\, \\frac{\\partial L}{\\partial K}"
    rotated = _tex(torch.flip(torch.tensor(K), (0, 1)))
    lines = [
        f"$$Y = {_tex(t['Y'])}$$",  # 8
        "",
        "The loss is $L = \\frac{1}{2}\\sum_{i,j} (Y_{ij} - T_{ij})^2$.",  # 10
        "",
        f"$$G = \\frac{{\\partial L}}{{\\partial Y}} = Y - T = {_tex(t['G'])}$$",  # 12
        "",
        f"$$\\frac{{\\partial L}}{{\\partial Y}} = Y - T = {_tex(_bumped(t['G'], 0, 1))}$$",  # 14
        "",
        f"$$L = {_num(float(t['L']))}$$",  # 16
        "",
        f"$$L = {_num(float(t['L']) + 1)}$$",  # 18
        "",
        f"$$\\frac{{\\partial L}}{{\\partial K}} = {_tex(t['dK'])}$$",  # 20
        "",
        f"$$\\frac{{\\partial L}}{{\\partial K}} = {_tex(_bumped(t['dK'], 1, 0))}$$",  # 22
        "",
        f"$$\\frac{{\\partial L}}{{\\partial X}} = {_tex(t['dX'])}$$",  # 24
        "",
        # dL/dX_13 (1-based) is touched only by output (1, 2) through K_12
        f"$$\\frac{{\\partial L}}{{\\partial X_{{13}}}} = G_{{12}} K_{{12}} = {dx13}$$",  # 26
        "",
        f"$$\\frac{{\\partial L}}{{\\partial X_{{13}}}} = G_{{12}} K_{{11}} = {dx13}$$",  # 28
        "",
        f"$${step} = {_tex(k_new)}$$",  # 30
        "",
        f"$${step} = {_tex(_bumped(k_new, 0, 0))}$$",  # 32
        "",
        f"$$\\operatorname{{rot180}}(K) = {rotated}$$",  # 34
        "",
        f"$$\\operatorname{{rot180}}(K) = {_tex(torch.tensor(K))}$$",  # 36
    ]
    text = HEAD.format(
        X=_tex(torch.tensor(X)), K=_tex(torch.tensor(K)), T=_tex(torch.tensor(T))
    ) + "\n".join(lines)
    got = _statuses(tmp_path, text + "\n")
    expected = {
        8: "verified",
        12: "verified",
        14: "wrong",
        16: "verified",
        18: "wrong",
        20: "verified",
        22: "wrong",
        24: "verified",
        26: "verified",
        28: "wrong",
        30: "verified",
        32: "wrong",
        34: "verified",
        36: "wrong",
    }
    assert {k: got.get(k) for k in expected} == expected


def test_squared_norm_without_the_half(tmp_path: Path) -> None:
    """``E = \\|Y - T\\|^2``: dE/dY = 2(Y - T); the claim that forgets the 2 is wrong."""
    t = _autograd(half=False)
    diff = t["Y"] - torch.tensor(T, dtype=torch.float64)
    assert torch.equal(t["G"], 2 * diff)
    lines = [
        "The loss is $E = \\left\\| Y - T \\right\\|^2$.",  # 8
        "",
        f"$$\\frac{{\\partial E}}{{\\partial Y}} = 2(Y - T) = {_tex(t['G'])}$$",  # 10
        "",
        f"$$\\frac{{\\partial E}}{{\\partial Y}} = Y - T = {_tex(diff)}$$",  # 12
        "",
        f"$$\\frac{{\\partial E}}{{\\partial K}} = {_tex(t['dK'])}$$",  # 14
    ]
    text = HEAD.format(
        X=_tex(torch.tensor(X)), K=_tex(torch.tensor(K)), T=_tex(torch.tensor(T))
    ) + "\n".join(lines)
    got = _statuses(tmp_path, text + "\n")
    assert (got.get(10), got.get(12), got.get(14)) == ("verified", "wrong", "verified")


@pytest.mark.parametrize(
    "loss",
    [
        "$L = \\frac{1}{2}\\sum_{i=1}^{3}\\sum_{j=1}^{3} (Y_{ij} - T_{ij})^2$",  # bounds
        "$L = \\frac{1}{2}\\sum_{i,j} (Y_{ij} - S_{ij})^2$",  # a target not given
    ],
)
def test_a_loss_not_read_leaves_the_gradient_unknown(tmp_path: Path, loss: str) -> None:
    t = _autograd(half=True)
    lines = [
        f"The loss is {loss}.",
        "",
        f"$$\\frac{{\\partial L}}{{\\partial K}} = {_tex(t['dK'])}$$",
    ]
    text = HEAD.format(
        X=_tex(torch.tensor(X)), K=_tex(torch.tensor(K)), T=_tex(torch.tensor(T))
    ) + "\n".join(lines)
    assert _statuses(tmp_path, text + "\n").get(10) == "not-understood"


def test_a_product_of_two_tensors_is_not_read(tmp_path: Path) -> None:
    """``Y T`` could be a matrix product: no entry-wise reading of it."""
    t = _autograd(half=True)
    prod = t["Y"] * torch.tensor(T, dtype=torch.float64)
    lines = [f"$$Y T = {_tex(prod)}$$"]
    text = HEAD.format(
        X=_tex(torch.tensor(X)), K=_tex(torch.tensor(K)), T=_tex(torch.tensor(T))
    ) + "\n".join(lines)
    assert _statuses(tmp_path, text + "\n").get(8) != "verified"
