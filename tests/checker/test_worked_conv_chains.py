"""A convolution's worked example stated as a chain ``A = formula = [numbers]``
(worked_mixed.py) and worked at sizes other than the layer's (worked_direct.py): a smaller
case after the general layer, a size misread from the prose, stride 2.  The formula link is
judged symbolically, the numbers link at the notes' numbers.  The truth is torch's conv2d and
autograd at those numbers; the notes are written from it, with slips put in by hand."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import torch
import torch.nn.functional as F

from symconv.checker.runner import check_file
from symconv.checker.worked_direct import DirectConv

X = [[1.0, 0, 2, 1], [0, 1, 1, 3], [2, 1, 0, 1], [1, 2, 1, 0]]
K = [[1.0, -1], [0, 2]]
DY = [[1.0, 0, -1], [2, 1, 0], [0, -1, 1]]
PAD, ROT = "\\operatorname{pad}_1", "\\operatorname{rot}_{180}"


def _conv(x, k, g, bias: float = 0.0, stride: int = 1) -> dict[str, torch.Tensor]:
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    kt = torch.tensor(k, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(xt[None, None], kt[None, None], stride=stride)[0, 0] + bias
    (y * torch.tensor(g, dtype=torch.float64)).sum().backward()
    assert xt.grad is not None and kt.grad is not None
    return {"Y": y.detach(), "dK": kt.grad, "dX": xt.grad}


def _num(v: float) -> str:
    f = Fraction(v).limit_denominator(1000)
    return str(f.numerator) if f.denominator == 1 else str(float(f))


def _tex(m, env: str = "bmatrix") -> str:
    rows = [" & ".join(_num(v) for v in row) for row in (m.tolist() if hasattr(m, "tolist") else m)]
    return f"\\begin{{{env}}}" + "\\\\".join(rows) + f"\\end{{{env}}}"


def _slip(m: torch.Tensor, r: int, c: int) -> torch.Tensor:
    out = m.clone()
    out[r, c] -= 1
    return out


def _verdicts(tmp_path: Path, text: str) -> dict[int, tuple[str, str]]:
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    return {
        v.line: (v.status, v.message)
        for v in check_file(str(path)).verdicts
        if v.status != "assumed"
    }


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_recitation_chains_formula_then_numbers(tmp_path: Path) -> None:
    t = _conv(X, K, DY, bias=1.0)
    slipped = _tex(_slip(t["dX"], 2, 2))
    text = f"""# Recitation: backprop through a conv layer

Arrays are 0-indexed, $\\star$ is cross-correlation, stride 1, no padding. We write
$\\mathrm{{d}}A$ for $\\partial L/\\partial A$.

Input $X$ is $4\\times4$, kernel $K$ is $2\\times2$, bias $b=1$:

$$X={_tex(X)},\\qquad K={_tex(K)}$$

$$Y = X \\star K + b = {_tex(t["Y"])}$$

Suppose the upstream gradient is

$$\\mathrm{{d}}Y={_tex(DY)}$$

$$\\mathrm{{d}}K = X\\star\\mathrm{{d}}Y={_tex(t["dK"])}$$

$$\\mathrm{{d}}X={PAD}(\\mathrm{{d}}Y)\\star\\operatorname{{rot180}}(K)={slipped}$$
"""
    got = _verdicts(tmp_path, text)
    assert got[_line(text, "$$Y = X")][0] == "verified"
    assert got[_line(text, "{d}K = X")][0] == "verified"
    status, message = got[_line(text, "{d}X=")]
    assert status == "wrong" and message.startswith("side 3 of 3 differs")
    truth = _num(t["dX"][2, 2].item())
    assert f"is {truth}, not {_num(t['dX'][2, 2].item() - 1)}" in message


def test_french_smaller_case_with_zero_bias(tmp_path: Path) -> None:
    x = [[1.0, 2, 0], [0, 1, 3], [2, 1, 1]]
    k = [[1.0, 0], [-1, 2]]
    g = [[1.0, -1], [0, 2]]
    t = _conv(x, k, g)
    dx = _tex(t["dX"], "pmatrix")
    text = f"""# Chapter 3 - Backpropagation through a convolutional layer

We consider an input image $X$ of size $5 \\times 5$ and a kernel $K$ of size $3 \\times 3$ with a
scalar bias $b$, without padding and with a stride of 1. Indices begin at 1.

$$Y_{{i,j}} = b + \\sum_{{m=1}}^{{3}} \\sum_{{n=1}}^{{3}} K_{{m,n}} \\, X_{{i+m-1,\\, j+n-1}}$$

## A small example by hand

We take a smaller case: $X$ of size $3 \\times 3$, $K$ of size $2 \\times 2$, $b = 0$.

$$X = {_tex(x, "pmatrix")}, \\qquad K = {_tex(k, "pmatrix")}, \\qquad G = {_tex(g, "pmatrix")}.$$

$$Y = X \\star K = {_tex(t["Y"], "pmatrix")}.$$

$$\\frac{{\\partial \\mathcal{{L}}}}{{\\partial K}} = {_tex(_slip(t["dK"], 1, 1), "pmatrix")}.$$

$$\\frac{{\\partial \\mathcal{{L}}}}{{\\partial X}} = {PAD}(G) \\star {ROT}(K) = {dx}.$$
"""
    got = _verdicts(tmp_path, text)
    assert got[_line(text, "$$Y = X")][0] == "verified"
    assert got[_line(text, "\\partial K}")][0] == "wrong"
    assert got[_line(text, "\\partial X} =")][0] == "verified"


def test_direct_conv_matches_torch_at_stride_two_with_padding() -> None:
    """The exact definitions of worked_direct.py against torch at stride 2, padding 1."""

    class Spec:
        stride, dilation, padding, mode = (2, 2), (1, 1), (1, 1, 1, 1), "correlation"

    x = [[Fraction(v) for v in row] for row in [[1, 2, 0, 3, 1], [0, 1, 3, 2, 2], [2, 1, 1, 0, 1]]]
    x += [[Fraction(v) for v in row] for row in [[1, 0, 2, 1, 3], [3, 1, 0, 2, 1]]]
    w = [[Fraction(v) for v in row] for row in [[1, 0, -1], [2, 1, 0], [0, -1, 1]]]
    conv = DirectConv(Spec(), (5, 5), (3, 3))
    g = [[Fraction(v) for v in row] for row in [[1, -1, 2], [0, 2, 1], [3, 0, -2]]]
    xt = torch.tensor([[float(v) for v in r] for r in x], dtype=torch.float64, requires_grad=True)
    wt = torch.tensor([[float(v) for v in r] for r in w], dtype=torch.float64, requires_grad=True)
    y = F.conv2d(xt[None, None], wt[None, None], stride=2, padding=1)[0, 0]
    (y * torch.tensor([[float(v) for v in r] for r in g], dtype=torch.float64)).sum().backward()
    assert conv.out == tuple(y.shape)
    assert [[float(v) for v in r] for r in conv.forward(x, w, Fraction(0))] == y.tolist()
    assert [[float(v) for v in r] for r in conv.kernel_gradient(x, g)] == wt.grad.tolist()
    assert [[float(v) for v in r] for r in conv.input_gradient(w, g)] == xt.grad.tolist()


def test_spanish_bias_gradient_summed_in_numbers(tmp_path: Path) -> None:
    """dE/db = sum of Delta's entries (torch: the bias's grad is G summed)."""
    w = [[1.0, 2, 0], [-1, 3, 1], [0, 1, 2]]
    delta = [[1.0, 0, -1], [2, 1, 0], [0, -2, 3]]
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    x = torch.arange(49, dtype=torch.float64).reshape(1, 1, 7, 7)
    y = F.conv2d(x, torch.tensor(w, dtype=torch.float64)[None, None], bias=b, stride=2)
    (y[0, 0] * torch.tensor(delta, dtype=torch.float64)).sum().backward()
    assert b.grad is not None
    total = _num(b.grad.item())
    terms = " + ".join(_num(v) for row in delta for v in row).replace("+ -", "- ")
    text = f"""# Capa convolucional con paso 2

Entrada $X$ de $7\\times 7$, filtro $W$ de $3\\times 3$, paso 2, sin relleno, con sesgo $b$.

## Ejemplo con números

$$W = {_tex(w, "pmatrix")}, \\qquad \\Delta = {_tex(delta, "pmatrix")}$$

$$\\frac{{\\partial E}}{{\\partial b}} = {terms} = {total}$$

y con un desliz, $\\frac{{\\partial E}}{{\\partial b}} = {terms} = {int(total) + 2}$.
"""
    got = _verdicts(tmp_path, text)
    assert got[_line(text, f"= {total}$$")][0] == "verified"
    status, message = got[_line(text, "desliz")]
    assert status == "wrong" and message.startswith(f"{total}, not {int(total) + 2}")


def test_a_wrong_formula_with_the_right_numbers_is_wrong_at_its_first_link(
    tmp_path: Path,
) -> None:
    """dX = pad_1(dY) \\star K (no rotation) = [the true dX]: the formula is the mistake
    (torch's dX differs from the unrotated correlation), the numbers are right."""
    t = _conv(X, K, DY)
    unrotated = F.conv2d(
        F.pad(torch.tensor(DY, dtype=torch.float64)[None, None], (1, 1, 1, 1)),
        torch.tensor(K, dtype=torch.float64)[None, None],
    )[0, 0]
    assert not torch.equal(unrotated, t["dX"])
    right = _tex(t["dX"])
    text = f"""# Backprop by hand

Arrays are 0-indexed, $\\star$ is cross-correlation, stride 1, no padding, no bias.

$$X={_tex(X)},\\qquad K={_tex(K)},\\qquad G={_tex(DY)}$$

$$\\frac{{\\partial L}}{{\\partial X}} = {PAD}(G) \\star K = {right}$$
"""
    got = _verdicts(tmp_path, text)
    status, message = got[_line(text, "\\star K =")]
    assert status == "wrong" and message.startswith("side 2 of 3 differs"), message
