"""Worked examples' numbers the checker computes itself (worked_kronecker.py, activation_values.py,
named_operators.py, worked_arith.py, worked_vectors.py, and the pool readers' names G_P and
Y_{avg}): max pooling's routing where the notes give the input (so the argmax is known), 1-D
pools with overlapping windows, an activation at numbers, an operator applied to a matrix given
by name, sums of correlations of given matrices, and a formula side before an unread number.

The truth is torch (max_pool1d/2d, avg_pool, sigmoid, tanh and autograd), SciPy's
correlate2d, NumPy and hand work, never symconv; each note is written from it, with slips put
in by hand, in several styles (English, Spanish, Portuguese, French; pmatrix and bmatrix)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from scipy.signal import correlate2d

from symconv.checker.runner import check_file

A = [[1.0, 3, 2, 0], [4, 2, 1, 5], [0, 1, 7, 3], [2, 6, 1, 0]]


def _num(v: float) -> str:
    f = Fraction(v).limit_denominator(1000)
    return str(f.numerator) if f.denominator == 1 else str(float(f))


def _tex(m, env: str = "pmatrix") -> str:
    rows = [" & ".join(_num(v) for v in row) for row in np.asarray(m).tolist()]
    return f"\\begin{{{env}}} " + " \\\\ ".join(rows) + f" \\end{{{env}}}"


def _tuple(v) -> str:
    return "(" + ", ".join(_num(x) for x in np.asarray(v).tolist()) + ")"


def _found(tmp_path: Path, text: str) -> dict[int, list[tuple[str, str]]]:
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    out: dict[int, list[tuple[str, str]]] = {}
    for v in check_file(str(path)).verdicts:
        out.setdefault(v.line, []).append((v.status, v.message))
    return out


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


def _pool2d(op: str, a, g, k: int = 2, s: int = 2):
    x = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    pooled = (F.max_pool2d if op == "max" else F.avg_pool2d)(x[None, None], k, s)[0, 0]
    (pooled * torch.tensor(g, dtype=torch.float64)).sum().backward()
    assert x.grad is not None
    return pooled.detach().numpy(), x.grad.numpy()


# ------------------------------------------------------------------ upstream named G_P
def test_upstream_gradient_named_by_its_map(tmp_path: Path) -> None:
    g = [[1.0, 2], [3, 4]]
    _, da = _pool2d("max", A, g)
    slipped = da.copy()
    slipped[0, 1], slipped[1, 0] = 1, 0  # the first row's largest, not the window's
    text = "\n".join(
        [
            "# Quiz: pooling",
            "",
            "### Q4. 2×2 max pooling with stride 2 on",
            "",
            f"$$A = {_tex(A)}$$",
            "",
            f"with upstream gradient $G_P = {_tex(g)}$. Which is $\\partial L / \\partial A$?",
            "",
            f"- (a) $\\dfrac{{\\partial L}}{{\\partial A}} = {_tex(da)}$ **[correct]**",
            f"- (b) $\\dfrac{{\\partial L}}{{\\partial A}} = {_tex(slipped)}$",
        ]
    )
    found = _found(tmp_path, text)
    assert found[_line(text, "(a)")][0][0] == "verified"
    assert found[_line(text, "(b)")][0][0] == "wrong"


# ------------------------------------------------------- G ⊗ 1 where the input is given
def test_max_pool_spread_over_the_window_is_wrong_when_the_input_is_given(tmp_path: Path) -> None:
    g = [[1.0, -2], [3, 0.5]]
    _, da = _pool2d("max", A, g)
    text = "\n".join(
        [
            "# Examen: pooling",
            "",
            "**Ejercicio 2.** Max pooling de $2 \\times 2$, paso 2, sobre",
            "",
            f"$$X = {_tex(A)}, \\qquad G = \\frac{{\\partial L}}{{\\partial Y}} = {_tex(g)}$$",
            "",
            "a) Max pooling, el gradiente va sólo al máximo de cada ventana:",
            "",
            f"$$\\frac{{\\partial L}}{{\\partial X}} = {_tex(da)}$$",
            "",
            "(−0,5) a quien escribió $\\frac{\\partial L}{\\partial X} = G \\otimes "
            "\\mathbf{1}_{2 \\times 2}$ también para el máximo.",
        ]
    )
    found = _found(tmp_path, text)
    assert found[_line(text, "a quien")][0][0] == "wrong"
    # G ⊗ 1 is not the routed gradient at these numbers (torch): the claim really differs
    assert not np.allclose(np.kron(np.array(g), np.ones((2, 2))), da)
    assert found[_line(text, "$$\\frac{\\partial L}{\\partial X} =")][0][0] == "verified"


def test_average_pool_kronecker_with_a_subscripted_upstream(tmp_path: Path) -> None:
    g = [[1.0, 2], [3, 4]]
    _, da = _pool2d("avg", A, g)
    assert np.allclose(np.kron(np.array(g), np.ones((2, 2))) / 4, da)  # the truth (torch)
    text = "\n".join(
        [
            "# Pooling notes",
            "",
            "2×2 max pooling with stride 2 on",
            "",
            f"$$A = {_tex(A)}$$",
            "",
            f"with upstream gradient $G_P = {_tex(g)}$. Had the layer been 2×2 average pooling "
            "instead, each entry would get a quarter of its window's gradient:",
            "",
            "$$\\frac{\\partial L}{\\partial A} = \\frac{1}{4} \\, G_P \\otimes "
            "\\mathbf{1}_{2 \\times 2}$$",
            "",
            "and not the half:",
            "",
            "$$\\frac{\\partial L}{\\partial A} = \\frac{1}{2} \\, G_P \\otimes "
            "\\mathbf{1}_{2 \\times 2}$$",
        ]
    )
    found = _found(tmp_path, text)
    assert found[_line(text, "\\frac{1}{4} \\, G_P")][0][0] == "verified"
    assert found[_line(text, "\\frac{1}{2} \\, G_P")][0][0] == "wrong"


# ------------------------------------------------------- the pooled map under Y_{avg}
def test_pooled_map_marked_by_its_op(tmp_path: Path) -> None:
    x = [[1.0, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]]
    avg, _ = _pool2d("avg", x, [[0.0, 0], [0, 0]])
    mx, _ = _pool2d("max", x, [[0.0, 0], [0, 0]])
    slipped = avg.copy()
    slipped[1, 0] = 2.5  # the third window's mean is 2.25
    text = "\n".join(
        [
            "# Pooling",
            "",
            "Pooling de $2 \\times 2$, paso 2, sobre",
            "",
            f"$$X = {_tex(x)}$$",
            "",
            "Average pooling:",
            "",
            f"$$Y_{{\\text{{avg}}}} = {_tex(avg)}$$",
            "",
            "Average pooling again, with a slip:",
            "",
            f"$$Y_{{\\text{{avg}}}} = {_tex(slipped)}$$",
            "",
            "Max pooling:",
            "",
            f"$$P_{{\\max}} = {_tex(mx, 'bmatrix')}$$",
        ]
    )
    found = _found(tmp_path, text)
    lines = [i for i, t in enumerate(text.split("\n"), 1) if "Y_{\\text{avg}}" in t]
    assert found[lines[0]][0][0] == "verified"
    assert found[lines[1]][0][0] == "wrong"
    assert found[_line(text, "P_{\\max}")][0][0] == "verified"


# ---------------------------------------------------------------- 1-D pools
def _pool1d(op: str, x, g, k: int, s: int):
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    pooled = (F.max_pool1d if op == "max" else F.avg_pool1d)(t[None, None], k, s)[0, 0]
    (pooled * torch.tensor(g, dtype=torch.float64)).sum().backward()
    assert t.grad is not None
    return pooled.detach().numpy(), t.grad.numpy()


def test_one_dimensional_max_pool_with_overlapping_windows(tmp_path: Path) -> None:
    x, g = [1.0, 5, 2, 0], [1.0, 2]
    _, dx = _pool1d("max", x, g, 3, 1)
    assert dx.tolist() == [0, 3, 0, 0]  # both windows pick the 5: the gradients add
    text = "\n".join(
        [
            "# Cards",
            "",
            "---",
            "",
            f"**Card 10.** Q: 1-D max pooling, window 3, stride 1, on $x = {_tuple(x)}$, "
            f"upstream ${_tuple(g)}$: gradient w.r.t. $x$?",
            "",
            f"A: the gradients add: $\\frac{{\\partial L}}{{\\partial x}} = {_tuple(dx)}$.",
            "Not $\\frac{\\partial L}{\\partial x} = (0, 2, 0, 0)$: the second window does not "
            "overwrite the first.",
        ]
    )
    found = _found(tmp_path, text)
    assert found[_line(text, "A: the gradients")][0][0] == "verified"
    assert found[_line(text, "overwrite")][0][0] == "wrong"


def test_one_dimensional_average_pool_in_portuguese(tmp_path: Path) -> None:
    x, g = [2.0, 4, 6, 8, 10, 12], [1.0, -1, 3]
    pooled, dx = _pool1d("avg", x, g, 2, 2)
    text = "\n".join(
        [
            "# Resumo",
            "",
            f"Average pooling 1-D com janela de 2 e stride 2 sobre $x = {_tuple(x)}$,",
            f"gradiente que vem de cima ${_tuple(g)}$.",
            "",
            f"$$\\frac{{\\partial L}}{{\\partial x}} = {_tuple(dx)}$$",
            "",
            f"$$\\frac{{\\partial L}}{{\\partial x}} = {_tuple(np.repeat(g, 2))}$$",
        ]
    )
    found = _found(tmp_path, text)
    first = _line(text, f"= {_tuple(dx)}")
    assert found[first][0][0] == "verified"
    assert found[first + 2][0][0] == "wrong"  # the whole G copied, not halved
    assert pooled.tolist() == [3, 7, 11]


# ---------------------------------------------------------- an activation at numbers
def test_activation_values(tmp_path: Path) -> None:
    z0 = torch.zeros((), dtype=torch.float64, requires_grad=True)
    torch.sigmoid(z0).backward()
    assert z0.grad is not None
    ds0 = float(z0.grad)  # 0.25
    t1 = float(torch.tanh(torch.tensor(1.0, dtype=torch.float64)))  # 0.76159...
    text = "\n".join(
        [
            "# Activaciones",
            "",
            "Sigmoide en el origen: $\\sigma(0) = 0.5$ y "
            "$\\sigma'(0) = \\sigma(0)\\,(1 - \\sigma(0)) = 0.5$.",
            "",
            f"$$\\sigma'(0) = \\sigma(0)\\,(1 - \\sigma(0)) = {ds0}$$",
            "",
            f"$$\\tanh(1) \\approx {t1:.3f}$$",
            "",
            "$$\\tanh(1) = 0.77$$",
            "",
            f"$$\\tanh(1) = {int(t1 * 1000) / 1000:.3f}$$",
            "",
            "$$\\operatorname{ReLU}'(0) = 0$$",
            "",
            "$$\\tanh'(0) = 1 - \\tanh^2(0) = 1$$",
        ]
    )
    found = _found(tmp_path, text)
    first = found[_line(text, "Sigmoide")]
    assert [s for s, _ in first] == ["verified", "wrong"]
    assert "side 3 of 3 differs" in first[1][1]
    assert found[_line(text, f"= {ds0}$$")][0][0] == "verified"
    assert found[_line(text, "\\approx")][0][0] == "verified"  # 0.762, rounded
    assert found[_line(text, "= 0.77")][0][0] == "wrong"
    assert found[_line(text, "= 0.761")][0][0] == "not-understood"  # cut, not rounded
    assert found[_line(text, "ReLU}'(0)")][0][0] == "not-understood"  # a convention
    assert found[_line(text, "\\tanh'(0)")][0][0] == "verified"


# ------------------------------------------------- an operator on a matrix given by name
def test_operator_applied_to_a_named_matrix(tmp_path: Path) -> None:
    delta = np.array([[1, -2], [0, 3]])
    dilated = np.zeros((3, 3), dtype=int)
    dilated[::2, ::2] = delta
    k = np.array([[1, 2, 0], [0, 1, -1], [3, 0, 2]])
    text = "\n".join(
        [
            "## 4.4 Exemple numérique",
            "",
            f"Avec $\\delta = {_tex(delta)}$ (sortie $2 \\times 2$), la dilatation donne",
            "",
            f"$$\\operatorname{{dil}}_2(\\delta) = {_tex(dilated)}$$",
            "",
            f"$$\\operatorname{{pad}}_1(\\delta) = {_tex(np.pad(delta, 1), 'bmatrix')}$$",
            "",
            f"$$\\operatorname{{pad}}_1(\\operatorname{{dil}}_2(\\delta)) = "
            f"{_tex(np.pad(dilated, 1))}$$",
            "",
            f"$$\\operatorname{{pad}}_2(\\operatorname{{dil}}_2(\\delta)) = "
            f"{_tex(np.pad(dilated, 1))}$$",
            "",
            f"Le noyau $K = {_tex(k)}$ tourné :",
            "",
            f"$$\\operatorname{{rot}}_{{180}}(K) = {_tex(np.rot90(k, 2))}$$",
            "",
            f"$$\\operatorname{{rot}}_{{180}}(K) = {_tex(k.T)}$$",
        ]
    )
    found = _found(tmp_path, text)
    assert found[_line(text, "dil}_2")][0][0] == "verified"
    assert found[_line(text, "pad}_1(\\delta)")][0][0] == "verified"
    assert found[_line(text, "pad}_1(\\operatorname")][0][0] == "verified"
    assert found[_line(text, "pad}_2(\\operatorname")][0][0] == "wrong"  # 7x7, not 5x5
    rot = [i for i, t in enumerate(text.split("\n"), 1) if "rot}_{180}(K) =" in t]
    assert found[rot[0]][0][0] == "verified"
    assert found[rot[1]][0][0] == "wrong"  # the transpose is not the rotation


# ------------------------------------------------------ sums of correlations of givens
def test_sum_of_correlations_of_given_matrices(tmp_path: Path) -> None:
    x1 = np.array([[1, 0, 2], [0, 1, 0], [1, 1, 0]])
    g1 = np.array([[1, 0], [0, 1]])
    x2 = np.array([[0, 1, 1], [2, 0, 1], [1, 0, 0]])
    g2 = np.array([[0, 1], [1, 0]])
    a, b = correlate2d(x1, g1, mode="valid"), correlate2d(x2, g2, mode="valid")
    slipped = a + b
    slipped[1, 1] += 1
    text = "\n".join(
        [
            "# Resumo",
            "",
            "$\\star$ é a correlação válida.",
            "",
            f"$$X_1 = {_tex(x1)}, \\; G_1 = {_tex(g1)}, \\; X_2 = {_tex(x2)}, \\; "
            f"G_2 = {_tex(g2)}$$",
            "",
            f"$$X_1 \\star G_1 + X_2 \\star G_2 = {_tex(a)} + {_tex(b)} = {_tex(a + b)}$$",
            "",
            f"$$X_1 \\star G_1 + X_2 \\star G_2 = {_tex(a)} + {_tex(b)} = {_tex(slipped)}$$",
            "",
            f"$$\\frac{{\\partial L}}{{\\partial W}} = X_1 \\star G_1 + X_2 \\star G_2 = "
            f"{_tex(a)} + {_tex(b)} = {_tex(slipped)}$$",
        ]
    )
    found = _found(tmp_path, text)
    lines = [i for i, t in enumerate(text.split("\n"), 1) if t.startswith("$$X_1 \\star")]
    assert found[lines[0]][0][0] == "verified"
    status, message = found[lines[1]][0]
    assert status == "wrong" and "side 3 of 3 differs" in message
    # the layer's dL/dW is not bound to the numbers: never wrong, the differing side named
    status, message = found[_line(text, "\\partial W}")][0]
    assert status == "not-understood" and "side 4 of 4 differs" in message


# --------------------------------------------- a formula side before an unread number
def test_formula_side_before_a_worked_number(tmp_path: Path) -> None:
    x = torch.tensor([1.0, 2, 0, -1, 3, 1, 2], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([1.0, 0, -1], dtype=torch.float64)
    y = F.conv1d(x[None, None], w[None, None])[0, 0]
    (0.5 * (y**2).sum()).backward()
    assert x.grad is not None
    g = y.detach()
    # dL/dx_6 = g_4 w_2 (x_6 meets y_4 through the last tap)
    assert float(x.grad[6]) == float(g[4] * w[2])
    text = "\n".join(
        [
            "# Conv1D backprop",
            "",
            "One input $x \\in \\mathbb{R}^7$, one kernel $w \\in \\mathbb{R}^3$, stride 1, no",
            "padding, indices from 0:",
            "",
            "$$y_i = \\sum_{k=0}^{2} w_k \\, x_{i+k}$$",
            "",
            "and $g_i = \\partial L / \\partial y_i$, a vector of length 5.",
            "",
            "Take $x = (1, 2, 0, -1, 3, 1, 2)$ and $w = (1, 0, -1)$, with",
            "$L = \\tfrac12 \\lVert y \\rVert^2$. At the right end only the last output",
            "sees $x_6$:",
            "",
            "$$\\frac{\\partial L}{\\partial x_6} = g_4 \\, w_0 = 1$$",
        ]
    )
    found = _found(tmp_path, text)
    status, message = found[_line(text, "x_6} = g_4")][0]
    assert status == "wrong"
    assert "side 2 of 3 differs" in message and "side 3 of 3 is not understood" in message


def test_entry_formula_then_number_at_the_given_numbers(tmp_path: Path) -> None:
    x = torch.tensor([[2.0, 0, 1, 3], [1, -1, 0, 2], [0, 1, 2, 1], [1, 0, -2, 1]])
    k = torch.tensor([[1.0, 2], [-1, 3]])
    dy = torch.tensor([[1.0, -1, 2], [0, 1, 1], [2, 0, -1]])
    xr = x.clone().requires_grad_(True)
    (F.conv2d(xr[None, None], k[None, None])[0, 0] * dy).sum().backward()
    assert xr.grad is not None
    dx = xr.grad
    inner = int(dx[1, 1])  # dY00 K11 + dY01 K10 + dY10 K01 + dY11 K00
    corner = int(dx[3, 3])  # dY22 K11
    assert int(dy[2, 2] * k[0, 0]) != corner  # the slipped tap gives another number
    text = "\n".join(
        [
            "# Recitation",
            "",
            "A conv layer, stride 1, no padding, no bias, indices from 0:",
            "",
            f"$$X = {_tex(x.int())}, \\quad K = {_tex(k.int())}$$",
            "",
            "and $Y = X \\star K$ is $3 \\times 3$. The upstream gradient is",
            "",
            f"$$\\mathrm{{d}}Y = {_tex(dy.int(), 'bmatrix')}$$",
            "",
            "$$\\mathrm{d}X_{1,1}=\\mathrm{d}Y_{0,0}K_{1,1}+\\mathrm{d}Y_{0,1}K_{1,0}"
            f"+\\mathrm{{d}}Y_{{1,0}}K_{{0,1}}+\\mathrm{{d}}Y_{{1,1}}K_{{0,0}}={inner}$$",
            "",
            "$$\\mathrm{d}X_{1,1}=\\mathrm{d}Y_{0,0}K_{1,1}+\\mathrm{d}Y_{0,1}K_{1,0}"
            f"+\\mathrm{{d}}Y_{{1,0}}K_{{0,1}}+\\mathrm{{d}}Y_{{1,1}}K_{{0,0}}={inner + 1}$$",
            "",
            f"$$\\mathrm{{d}}X_{{3,3}}=\\mathrm{{d}}Y_{{2,2}}K_{{0,0}}={int(dy[2, 2] * k[0, 0])}$$",
        ]
    )
    found = _found(tmp_path, text)
    rows = [i for i, t in enumerate(text.split("\n"), 1) if t.startswith("$$\\mathrm{d}X_{1,1}")]
    assert found[rows[0]][0][0] == "verified"
    status, message = found[rows[1]][0]
    assert status == "wrong" and f"side 3 is {inner + 1}, side 1 is {inner}" in message
    status, message = found[_line(text, "X_{3,3}")][0]
    assert status == "wrong" and "side 2 of 3 differs" in message
    assert f"side 1 is {corner}" in message


def test_floor_in_one_based_indices_reads_past_the_end(tmp_path: Path) -> None:
    # 1-based A (4x4) and G (2x2): entry (i, j) of A lies in window (ceil(i/2), ceil(j/2));
    # floor(1/2) = 0 names no window, so the floor form is wrong at i = 1 (torch: every
    # entry of dL/dA is a quarter of its window's G)
    g = [[1.0, 2], [3, 4]]
    _, da = _pool2d("avg", A, g)
    assert float(da[0, 0]) == g[0][0] / 4
    text = "\n".join(
        [
            "# Average pooling",
            "",
            "Average pooling $2 \\times 2$ with stride 2 of a $4 \\times 4$ input $x$, upstream "
            "$g$ ($2 \\times 2$). Indices start at 1.",
            "",
            f"$$x = {_tex(A)}, \\quad g = {_tex(g)}$$",
            "",
            "$$\\frac{\\partial L}{\\partial x_{ij}} = \\frac{1}{4}\\, "
            "g_{\\lceil i/2 \\rceil,\\, \\lceil j/2 \\rceil}$$",
            "",
            "$$\\frac{\\partial L}{\\partial x_{ij}} = \\frac{1}{4}\\, "
            "g_{\\lfloor i/2 \\rfloor,\\, \\lfloor j/2 \\rfloor}$$",
        ]
    )
    found = _found(tmp_path, text)
    assert found[_line(text, "\\lceil i/2")][0][0] == "verified"
    assert found[_line(text, "\\lfloor i/2")][0][0] == "wrong"
