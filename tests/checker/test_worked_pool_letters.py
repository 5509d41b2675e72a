"""Pooling worked examples in the notes' own letters (worked_pool.py, worked_pool_names.py):
the input map (A, P, Z through a ReLU), the pooled map (P, Q, maxpool(A)), the upstream
gradient (G, g, dL/dP, \\partial L/\\partial Q) given as numbers, the pool named in the prose
(max or average, window, stride; English, Spanish, Portuguese-English; 0- and 1-based;
pmatrix and bmatrix).  The truth is torch's max_pool2d / avg_pool2d and autograd at the
notes' numbers; each note is written from it, with slips put in by hand."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.runner import check_file

A = [[1.0, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]]
G = [[0.5, -1.0], [2.0, 1.0]]
DL = "\\frac{\\partial L}"


def _pool(op: str, k: int, s: int, a=A, g=G) -> tuple[torch.Tensor, torch.Tensor]:
    """(the pooled map, dL/dA for L = sum(G * pooled)) by torch autograd."""
    x = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    pooled = (F.max_pool2d if op == "max" else F.avg_pool2d)(x[None, None], k, s)[0, 0]
    (pooled * torch.tensor(g, dtype=torch.float64)).sum().backward()
    assert x.grad is not None
    return pooled.detach(), x.grad


def _num(v: float) -> str:
    f = Fraction(v).limit_denominator(1000)
    return str(f.numerator) if f.denominator == 1 else str(float(f))


def _tex(m, env: str = "pmatrix") -> str:
    rows = [" & ".join(_num(v) for v in row) for row in (m.tolist() if hasattr(m, "tolist") else m)]
    return f"\\begin{{{env}}} " + " \\\\ ".join(rows) + f" \\end{{{env}}}"


def _slip(m: torch.Tensor, r: int, c: int, by: float = 1.0) -> torch.Tensor:
    out = m.clone()
    out[r, c] += by
    return out


def _verdicts(tmp_path: Path, text: str) -> dict[int, str]:
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    return {v.line: v.status for v in check_file(str(path)).verdicts if v.status != "assumed"}


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_portuguese_english_max_then_average_then_overlap(tmp_path: Path) -> None:
    p, da = _pool("max", 2, 2)
    q, _ = _pool("avg", 2, 2)
    _, da3 = _pool("max", 3, 1)
    assert da[1, 0] == G[0][0] and da[0, 1] == 0  # the 4 at (1,0) wins; the 3 at (0,1) loses
    assert da3[3, 1] == G[1][0] + G[1][1] and da3[1, 3] == G[0][1]
    text = f"""Pooling: the backward with numbers
=====================================

We use indices that begin in 0, the map of entrance is $A$, and $g_{{i,j}} =
\\frac{{\\partial L}}{{\\partial p_{{i,j}}}}$ comes from above.

$$A = {_tex(A)}, \\qquad G = {_tex(G)}$$

1) Max pooling 2x2 with stride 2
--------------------------------

Each window gives its biggest value:

$$P = {_tex(p)}$$

$$\\frac{{\\partial L}}{{\\partial A}} = {_tex(da)}$$

For example $\\frac{{\\partial L}}{{\\partial a_{{1,0}}}} = g_{{0,0}} = {_num(G[0][0])}$, and
never $\\frac{{\\partial L}}{{\\partial a_{{0,1}}}} = g_{{0,0}}$.

2) Average pooling 2x2 with stride 2
------------------------------------

Each window gives its mean:

$$Q = {_tex(_slip(q, 1, 0, 0.25))}$$

$${DL}{{\\partial a_{{2,0}}}} = \\frac{{g_{{1,0}}}}{{4}} = \\frac{{2}}{{4}} = 0.25$$

3) Overlapping windows
----------------------

Take max pooling $3 \\times 3$ with stride 1 on the same $A$:

$$\\frac{{\\partial L}}{{\\partial a_{{3,1}}}} = g_{{1,0}} + g_{{1,1}} = {_num(da3[3, 1].item())}$$

and $\\frac{{\\partial L}}{{\\partial a_{{1,3}}}} = g_{{0,1}} + g_{{1,1}}$.
"""
    got = _verdicts(tmp_path, text)
    assert got[_line(text, "$$P =")] == "verified"
    assert got[_line(text, "\\partial A} =")] == "verified"
    assert got[_line(text, "For example")] == "verified"
    assert got[_line(text, "never $")] == "wrong"
    assert got[_line(text, "$$Q =")] == "wrong"  # one window's mean slipped by 1/4
    assert got[_line(text, "a_{2,0}")] == "wrong"  # 2/4 = 0.25 is the slip
    assert got[_line(text, "a_{3,1}")] == "verified"
    assert got[_line(text, "a_{1,3}")] == "wrong"  # the 5 wins window (0,1) only


def test_english_blog_one_based_bmatrix_and_average_instead(tmp_path: Path) -> None:
    a = [[1.0, 3, 0, 2], [4, 2, 1, 1], [0, 1, 5, 0], [2, 0, 3, 6]]
    g = [[0.1, -0.2], [0.3, 0.4]]
    p, da = _pool("max", 2, 2, a, g)
    _, da_avg = _pool("avg", 2, 2, a, g)
    wrong = torch.zeros(4, 4, dtype=torch.float64)
    wrong[1, 0], wrong[1, 2], wrong[3, 0], wrong[3, 3] = 0.1, -0.2, 0.3, 0.4  # -0.2 misplaced
    assert not torch.equal(wrong, da)
    text = f"""# Backprop through pooling

Indices start at 1. After the ReLU, a $2\\times 2$ max pooling with stride 2 gives a map $P$.

## The example

Max pooling routes the gradient to the winner of each window. Say we have

$$A = {_tex(a, "bmatrix")}$$

then

$$P = {_tex(p, "bmatrix")}$$

and if the layer above sends back $\\frac{{\\partial L}}{{\\partial P}} = {_tex(g, "bmatrix")}$,

$$\\frac{{\\partial L}}{{\\partial A}} = {_tex(wrong, "bmatrix")}$$

while the right one is

$$\\frac{{\\partial L}}{{\\partial A}} = {_tex(da, "bmatrix")}$$

With average pooling instead, ${DL}{{\\partial A_{{11}}}} = {DL}{{\\partial P_{{11}}}} = 0.1$
is a slip: it is ${_num(da_avg[0, 0].item())}$.
"""
    got = _verdicts(tmp_path, text)
    assert got[_line(text, "$$P =")] == "verified"
    lines = [i for i, t in enumerate(text.split("\n"), start=1) if "\\partial A} =" in t]
    assert [got[i] for i in lines] == ["wrong", "verified"]
    assert got[_line(text, "A_{11}")] == "wrong"


def test_spanish_slides_relu_then_maxpool(tmp_path: Path) -> None:
    z = torch.tensor(
        [[1.0, -2, 3, 0], [-1, 4, -3, 2], [2, 0, -1, -4], [-5, 1, 6, -2]], dtype=torch.float64
    )
    g = [[1.0, -2], [0.5, 3]]
    a = torch.relu(z)
    p, da = _pool("max", 2, 2, a.tolist(), g)
    text = f"""# Retropropagación a través de ReLU y max pooling

---

## Max pooling $2 \\times 2$, paso 2

- Índices desde 0

$$Z = {_tex(z)}$$

$$\\operatorname{{ReLU}}(Z) = {_tex(a)}$$

- Max pooling de $A = \\operatorname{{ReLU}}(Z)$:

$$\\operatorname{{maxpool}}(A) = {_tex(_slip(p, 1, 1))}$$

- Nos llega desde arriba $\\frac{{\\partial L}}{{\\partial P}} = {_tex(g)}$

$$\\frac{{\\partial L}}{{\\partial A}} = {_tex(da)}$$
"""
    got = _verdicts(tmp_path, text)
    assert got[_line(text, "{ReLU}(Z) =")] == "verified"
    assert got[_line(text, "maxpool}(A)")] == "wrong"
    assert got[_line(text, "\\partial A} =")] == "verified"


@pytest.mark.parametrize("stated", ["", "Un ejemplo con números, ventana de 2x2."])
def test_entries_without_a_stated_base_are_not_read(tmp_path: Path, stated: str) -> None:
    _, da = _pool("max", 2, 2)
    text = f"""# Max pooling 2x2 with stride 2

{stated}

$$A = {_tex(A)}, \\qquad G = {_tex(G)}$$

$$\\frac{{\\partial L}}{{\\partial a_{{11}}}} = {_num(da[1, 1].item())}$$
"""
    got = _verdicts(tmp_path, text)
    assert got[_line(text, "a_{11}")] == "not-understood"


def test_a_tie_in_a_max_window_is_not_read(tmp_path: Path) -> None:
    tied = [[4.0, 4, 2, 0], [1, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]]
    routed = [[0.5, 0, 0, 0], [0, 0, 0, -1], [0, 0, 1, 0], [0, 2, 0, 0]]
    text = f"""# Max pooling 2x2 with stride 2

$$A = {_tex(tied)}, \\qquad G = {_tex(G)}$$

$$\\frac{{\\partial L}}{{\\partial A}} = {_tex(routed)}$$
"""
    got = _verdicts(tmp_path, text)
    assert got[_line(text, "\\partial A} =")] == "not-understood"


def test_unnamed_window_and_upstream_in_prose(tmp_path: Path) -> None:
    """A quiz and a README give the input and the gradient in prose, without names."""
    window = [[1.0, 3], [2, 0]]
    _, da = _pool("max", 2, 2, window, [[5.0]])
    _, da_avg = _pool("avg", 2, 2, window, [[5.0]])
    quiz = f"""Week 6 quiz

**4.** A $2 \\times 2$ max-pool (stride 2) sees the window ${_tex(window)}$ and receives
upstream gradient $5$. The gradient for the window is

- (a) $\\frac{{\\partial L}}{{\\partial X}} = {_tex(da)}$
- (b) $\\frac{{\\partial L}}{{\\partial X}} = {_tex(da_avg)}$
"""
    got = _verdicts(tmp_path, quiz)
    assert got[_line(quiz, "(a)")] == "verified"
    assert got[_line(quiz, "(b)")] == "wrong"  # average pooling's rule for a max pool
    a = [[1.0, 3, 2, 0], [4, 2, 1, 1], [0, 1, 5, 2], [2, 1, 3, 4]]
    g = [[1.0, 2], [3, 4]]
    p, routed = _pool("max", 2, 2, a, g)
    readme = f"""# tinyconv

## MaxPool2D (2x2, stride 2)

Forward on one $4 \\times 4$ channel:

$${_tex(a, "bmatrix")} \\xrightarrow{{\\text{{maxpool}}}} {_tex(p, "bmatrix")}$$

With upstream ${_tex(g, "bmatrix")}$ the gradient w.r.t. the input is

$$\\frac{{\\partial L}}{{\\partial X}} = {_tex(_slip(routed, 2, 0, 3.0), "bmatrix")}$$
"""
    got = _verdicts(tmp_path, readme)
    assert got[_line(readme, "\\partial X}")] == "wrong"


def test_a_convolution_example_beside_a_pool_is_not_pooled(tmp_path: Path) -> None:
    """A 4x4 X and a 2x2 kernel in notes that also name 2x2/2 max pooling: the kernel's
    numbers (2x2, the pooled shape of X) are data, dL/dK (2x2) is no upstream gradient, and
    dL/dX is the convolution's, never judged as the pool's."""
    x = torch.tensor(A, dtype=torch.float64, requires_grad=True)
    k = torch.tensor([[1.0, -1], [0, 2]], dtype=torch.float64, requires_grad=True)
    g = torch.tensor([[1.0, 0, -1], [2, 1, 0], [0, -1, 1]], dtype=torch.float64)
    y = F.conv2d(x[None, None], k[None, None])[0, 0]
    (y * g).sum().backward()
    assert x.grad is not None and k.grad is not None
    text = f"""# Conv layer, then pooling

Input $X$ of $4 \\times 4$, kernel $K$ of $2 \\times 2$, stride 1, no padding, no bias,
0-based. After the convolution comes a $2\\times 2$ max pooling with stride 2.

$$X = {_tex(A)}, \\qquad K = {_tex(k.detach())}$$

$$G = {_tex(g)}$$

$$\\frac{{\\partial L}}{{\\partial K}} = {_tex(k.grad)}$$

$$\\frac{{\\partial L}}{{\\partial X}} = {_tex(x.grad)}$$
"""
    got = _verdicts(tmp_path, text)
    # every claim is torch's truth: none may be called wrong, whichever layer is read
    assert "wrong" not in got.values(), got
