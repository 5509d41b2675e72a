"""Worked examples whose numbers the notes give or use in forms read since the eighth
session: ``\\tfrac14`` (TeX's two one-digit arguments), a given on the claim's own line before
it (``X = [...], \\qquad Y = [...]``), an average pool's gradient with G and no X, a sum (or
max) over every entry of a tensor, an entry the sentence supposes changed ("if $x_{22}$ is
changed to $20$"), an upstream gradient of ones set by the loss ("E = sum of y, so dy is all
ones"), and tensors given in NumPy / PyTorch code.  Every truth is computed here by torch
autograd (float64, exact for these small integers and quarters) or by hand in a comment,
never by symconv; the notes are written for this test (numbers and wording of their own)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from symconv.checker.code_values import code_values
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _tex(m) -> str:
    rows = " \\\\ ".join(" & ".join(_num(v) for v in row) for row in m)
    return f"\\begin{{bmatrix}} {rows} \\end{{bmatrix}}"


def _num(v) -> str:
    return str(int(v)) if float(v).is_integer() else str(float(v))


def _pool_grad(op: str, x, g, k: int, s: int):
    xt = torch.tensor([[x]], dtype=torch.float64, requires_grad=True)
    pool = F.max_pool2d if op == "max" else F.avg_pool2d
    y = pool(xt, k, stride=s)
    (y * torch.tensor([[g]], dtype=torch.float64)).sum().backward()
    return y.detach()[0, 0].tolist(), xt.grad[0, 0].tolist()


def _at(text: str, line: int):
    return [v for v in check_text(text).verdicts if v.line == line]


X = [[2, 7, 1, 3], [5, 0, 8, 4], [6, 1, 2, 9], [3, 4, 0, 1]]
G = [[2, -4], [1, 6]]


# ------------------------------------------------------------------ \tfrac14 and the kind
def _kinds_note(claim: str) -> str:
    return (
        "Questions from the review session. Indices are 1-based.\n\n"
        f"The map is $$X = {_tex(X)}$$\n\n"
        "with max pooling, $2 \\times 2$ windows, stride 2, and $G = "
        f"\\partial L/\\partial Y = {_tex(G)}$ from above.\n\n"
        f"Answer: for average pooling, each cell gets a quarter, e.g. ${claim}$. "
        "With max pooling the window's largest entry takes all.\n"
    )


@pytest.mark.parametrize("value", ["\\tfrac12", "\\tfrac14 \\cdot 2", "\\frac 12", "2"])
def test_tfrac_in_an_entry_claim_under_the_kind_its_lead_in_names(value):
    _, dx = _pool_grad("avg", X, G, 2, 2)
    truth = Fraction(dx[0][1])  # x_{12}: window (1,1), G_11 / 4 = 1/2
    written = {"\\tfrac12": Fraction(1, 2), "\\tfrac14 \\cdot 2": Fraction(1, 2)}
    written |= {"\\frac 12": Fraction(1, 2), "2": Fraction(2)}
    found = _at(_kinds_note(f"\\partial L / \\partial x_{{12}} = {value}"), 7)
    assert len(found) == 1
    expected = VERIFIED if written[value] == truth else WRONG
    assert found[0].status == expected, found[0].message


def test_tfrac_under_max_pooling_is_the_routed_gradient():
    # max pooling: x_{11} = 2 is not the largest of (2, 7, 5, 0): it gets 0, not 1/4
    text = (
        "Indices are 1-based. Max pooling, $2 \\times 2$ windows, stride 2, on\n\n"
        f"$$X = {_tex(X)}$$\n\nwith upstream $G = {_tex(G)}$.\n\n"
        "A student thought every cell shares it: $\\partial L / \\partial x_{11} = \\tfrac14$.\n"
    )
    found = _at(text, 7)
    assert len(found) == 1 and found[0].status == WRONG, found[0].message


# ------------------------------------------------------------------ givens on the same line
def test_a_conv_input_given_beside_the_claimed_output():
    # stride 2, kernel 2x2 of the first part, a new 4x4 input set beside its output
    k = [[2, 0], [-1, 1]]
    x4 = [[1, 2, 0, 3], [4, 1, 1, 0], [2, 2, 5, 1], [0, 3, 1, 2]]
    y = F.conv2d(
        torch.tensor([[x4]], dtype=torch.float64),
        torch.tensor([[k]], dtype=torch.float64),
        stride=2,
    )
    truth = [[int(v) for v in row] for row in y[0, 0].tolist()]
    wrong = [row[:] for row in truth]
    wrong[1][0] += 1
    for claimed, status in ((truth, VERIFIED), (wrong, WRONG)):
        text = (
            "One channel, cross-correlation, no padding, no bias, 1-based indices.\n\n"
            f"$$K = {_tex(k)}$$\n\n"
            "Now stride 2 and a $4\\times 4$ input:\n\n"
            f"$$X = {_tex(x4)}, \\qquad Y = {_tex(claimed)}$$\n"
        )
        found = _at(text, 7)
        assert [v.status for v in found] == [status], [v.message for v in found]


def test_a_pool_input_given_beside_the_pooled_map():
    y, _ = _pool_grad("max", X, G, 2, 2)
    for claimed, status in ((y, VERIFIED), ([[7, 8], [6, 2]], WRONG)):
        text = (
            "**Q3.** $2\\times 2$ max pooling with stride 2, indices from 1:\n\n"
            f"$$X = {_tex(X)}, \\qquad \\text{{hence}} \\qquad Y = {_tex(claimed)}.$$\n"
        )
        found = _at(text, 3)
        assert [v.status for v in found] == [status], [v.message for v in found]


# ------------------------------------------------------------------ average pool, no X
def test_average_pool_gradient_needs_no_input_numbers():
    _, dx = _pool_grad("avg", X, G, 2, 2)  # X only for torch: the spread does not use it
    slip = [[G[a // 2][b // 2] for b in range(4)] for a in range(4)]  # the 1/4 forgotten
    for claimed, status in ((dx, VERIFIED), (slip, WRONG)):
        text = (
            "## Mean pooling\n\nA $4\\times 4$ feature map $x$, average pooling with "
            "$2\\times 2$ windows and stride 2 (0-based).\n\n"
            f"With $g = {_tex(G)}$ from the next layer:\n\n"
            f"$$\\frac{{\\partial L}}{{\\partial x}} = {_tex(claimed)}$$\n"
        )
        found = _at(text, 7)
        assert [v.status for v in found] == [status], [v.message for v in found]


def test_average_pool_gradient_of_another_shape_is_not_judged():
    text = (
        "## Mean pooling\n\nA $4\\times 4$ feature map $x$, average pooling with "
        "$2\\times 2$ windows and stride 2 (0-based).\n\n"
        f"With $g = {_tex(G)}$ from the next layer:\n\n"
        "$$\\frac{\\partial L}{\\partial x} = \\begin{bmatrix} 0.5 & 0.5 & 1 \\\\ 0.5 & 0.5 & 1"
        " \\end{bmatrix}$$\n"
    )
    assert [v.status for v in _at(text, 7)] == [NOT_UNDERSTOOD]


# ------------------------------------------------------------------ sums and changed entries
X5 = [[3, 1, 0, 2, 4], [1, 5, 2, 0, 1], [0, 2, 6, 1, 3], [2, 0, 1, 4, 0], [1, 3, 0, 2, 8]]
G5 = [[2, 1], [-1, 3]]


def _overlap_note(tail: str) -> str:
    return (
        "Indices are 1-based. Max pooling, window 3, stride 2, on\n\n"
        f"$$X = {_tex(X5)}$$\n\nwith $G = {_tex(G5)}$.\n\n{tail}\n"
    )


def test_the_sum_of_every_entry_of_the_input_gradient():
    _, dx = _pool_grad("max", X5, G5, 3, 2)
    total = sum(sum(r) for r in dx)  # 5: each g lands once (no ties in X5's windows)
    assert total == 5
    right = "$$\\sum_{i,j} \\frac{\\partial L}{\\partial x_{ij}} = \\sum_{p,q} g_{pq} = 5$$"
    wrong = (
        "$$\\sum_{i,j} \\frac{\\partial L}{\\partial x_{ij}} = \\frac{1}{4} \\sum_{p,q} g_{pq}$$"
    )
    assert [v.status for v in _at(_overlap_note(right), 7)] == [VERIFIED]
    assert [v.status for v in _at(_overlap_note(wrong), 7)] == [WRONG]


@pytest.mark.parametrize(
    "rhs", ["g_{11} + g_{12} + g_{21} + g_{22}", "\\max_{p,q} g_{pq}", "g_{22}", "5"]
)
def test_an_entry_the_sentence_supposes_changed(rhs):
    # x_{33} = 6 already wins every window but the top-left one? torch says where it goes;
    # with x_{33} set to 20 it is the largest of all four 3x3 windows
    changed = [row[:] for row in X5]
    changed[2][2] = 20
    _, dx = _pool_grad("max", changed, G5, 3, 2)
    truth = dx[2][2]  # 2 + 1 - 1 + 3 = 5
    value = {
        "g_{11} + g_{12} + g_{21} + g_{22}": 5,
        "\\max_{p,q} g_{pq}": 3,
        "g_{22}": 3,
        "5": 5,
    }[rhs]
    text = _overlap_note(
        "If $x_{33}$ is changed to $20$, then "
        f"$\\frac{{\\partial L}}{{\\partial x_{{33}}}} = {rhs}$."
    )
    found = _at(text, 7)
    assert len(found) == 1
    assert found[0].status == (VERIFIED if value == truth else WRONG), found[0].message
    assert "as the sentence supposes" in found[0].message


def test_a_change_to_a_letter_without_numbers_stays_unread():
    text = _overlap_note(
        "If $w_{11}$ is changed to $2$, then $\\frac{\\partial L}{\\partial x_{33}} = g_{11}$."
    )
    assert [v.status for v in _at(text, 7)] == [NOT_UNDERSTOOD]


# ------------------------------------------------------------------ ones upstream
W3 = "w[0][0]", "w[0][1]", "w[1][0]", "w[1][1]"


@pytest.mark.parametrize(
    "entry,rhs",
    [
        ((0, 0), "w[0][0]"),
        ((1, 1), "w[0][0] + w[0][1] + w[1][0] + w[1][1]"),
        ((0, 2), "w[0][0] + w[0][1]"),
        ((2, 0), "w[0][0] + w[0][1]"),  # the slip: w[0][0] + w[1][0]
        ((3, 3), "w[1][1]"),
        ((3, 3), "w[0][0]"),
    ],
)
def test_an_upstream_gradient_of_ones_set_by_the_loss(entry, rhs):
    # truth: dE/dx with E = sum(y) for a 4x4 input and a 2x2 kernel, stride 1, by autograd
    # on symbolic-free random weights; the claim is compared coefficient by coefficient
    w = torch.tensor([[[[1.0, 10.0], [100.0, 1000.0]]]], dtype=torch.float64)
    x = torch.zeros((1, 1, 4, 4), dtype=torch.float64, requires_grad=True)
    F.conv2d(x, w).sum().backward()
    truth = x.grad[0, 0, entry[0], entry[1]].item()
    weights = {"w[0][0]": 1, "w[0][1]": 10, "w[1][0]": 100, "w[1][1]": 1000}
    claimed = sum(weights[t.strip()] for t in rhs.split("+"))
    text = (
        "A 4x4 input `x` and a 2x2 kernel `w`, stride 1, no padding, 0-indexed, no bias:\n\n"
        "$$y[i][j] = \\sum_{m=0}^{1} \\sum_{n=0}^{1} w[m][n] \\, x[i+m][j+n]$$\n\n"
        "Check with $E = \\sum_{i,j} y[i][j]$ (so `dy` is all ones):\n\n"
        f"$$\\frac{{\\partial E}}{{\\partial x[{entry[0]}][{entry[1]}]}} = {rhs}$$\n"
    )
    found = _at(text, 7)
    assert len(found) == 1
    assert found[0].status == (VERIFIED if claimed == truth else WRONG), found[0].message


# ------------------------------------------------------------------ numbers in code
def test_tensors_given_in_numpy_code():
    x = torch.arange(1, 26, dtype=torch.float64).reshape(1, 1, 5, 5).requires_grad_(True)
    w = torch.tensor([[[[1.0, 0.0, -1.0], [2.0, 1.0, 0.0], [0.0, 1.0, 1.0]]]], dtype=torch.float64)
    w.requires_grad_(True)
    F.conv2d(x, w, stride=2).sum().backward()  # dY = ones, 2x2
    dw = [[int(v) for v in row] for row in w.grad[0, 0].tolist()]
    dw_wrong = [row[:] for row in dw]
    dw_wrong[0][0] -= 2
    for claimed, status in ((dw, VERIFIED), (dw_wrong, WRONG)):
        text = (
            "Repro: `X = np.arange(1, 26).reshape(5, 5)`, kernel $W = "
            "\\begin{pmatrix} 1 & 0 & -1 \\\\ 2 & 1 & 0 \\\\ 0 & 1 & 1 \\end{pmatrix}$, "
            "stride 2, no padding, no bias, and `dY = np.ones((2, 2))`.\n\n"
            f"$$dW = {_tex(claimed)}$$\n"
        )
        found = _at(text, 3)
        assert [v.status for v in found] == [status], [v.message for v in found]


@pytest.mark.parametrize(
    "code,shape",
    [
        ("X = np.arange(1, 7).reshape(2, 3)", (2, 3)),
        ("G = torch.ones(2, 2)", (2, 2)),
        ("K = torch.tensor([[1., -1], [2, 0]], requires_grad=True)", (2, 2)),
        ("g = np.full((1, 3), 0.5)", (1, 3)),
        ("X = np.zeros((1, 1, 3, 3))", (3, 3)),
        ("X = np.arange(6).reshape(2, 3).T", None),  # transposed after: not this call's value
        ("X = np.ones((2, 2)) * 3", None),
        ("X = np.random.randn(3, 3)", None),
        ("dW = np.zeros((K, K))", None),
        ("X = np.ones((2, 2, 2))", None),  # three axes
    ],
)
def test_code_constructors_read_without_running_them(code, shape):
    found = code_values(f"Setup: `{code}` and then")
    if shape is None:
        assert found == []
    else:
        assert len(found) == 1 and (len(found[0][1]), len(found[0][1][0])) == shape


# ------------------------------------------------------------------ offsets declared in prose
RHS = {
    "\\frac{1}{4} g_{i,j}": lambda g, i, j, a, b: g[i][j] / 4,
    "\\frac{g_{i,j}}{4}": lambda g, i, j, a, b: g[i][j] / 4,
    "g_{i,j}": lambda g, i, j, a, b: g[i][j],
    "\\frac{1}{4} g_{i+a,j}": lambda g, i, j, a, b: g[i + a][j] if i + a < 3 else None,
}


@pytest.mark.parametrize("rhs", sorted(RHS))
@pytest.mark.parametrize(
    "before,after",
    [
        ("so for $a, b \\in \\{0, 1\\}$", ""),
        ("so", "where $a, b$ are in $\\{0,1\\}$."),
        ("so for $0 \\le a, b \\le 1$", ""),
    ],
)
def test_window_offsets_declared_in_prose(rhs, before, after):
    """Average pooling 2x2 / 2 on a 6x6 map: dL/dx_{2i+a,2j+b} for the offsets the prose
    allows; torch gives the truth at every (i, j, a, b)."""
    g = torch.randn((1, 1, 3, 3), dtype=torch.float64, generator=torch.Generator().manual_seed(3))
    x = torch.zeros((1, 1, 6, 6), dtype=torch.float64, requires_grad=True)
    (F.avg_pool2d(x, 2, stride=2) * g).sum().backward()
    grid = g[0, 0].tolist()
    right = True
    for i in range(3):
        for j in range(3):
            for a in range(2):
                for b in range(2):
                    value = RHS[rhs](grid, i, j, a, b)
                    truth = x.grad[0, 0, 2 * i + a, 2 * j + b].item()
                    right &= value is not None and abs(value - truth) < 1e-12
    text = (
        "# Backward of mean pooling\n\nA $6 \\times 6$ input, average pooling with "
        "$2\\times 2$ windows and stride 2, 0-based. Each input entry is in one window, "
        f"{before}\n\n$$\\frac{{\\partial L}}{{\\partial x_{{2i+a,2j+b}}}} = {rhs}$$\n\n"
        f"{after}\n"
    )
    found = _at(text, 5)
    assert len(found) == 1
    assert found[0].status == (VERIFIED if right else WRONG), found[0].message


def test_code_numbers_give_way_to_the_math_ones():
    """A notebook cell that tries other numbers for X (arange) after the math gave X: the
    claim is about the math's X (a correct output, torch at the math's numbers)."""
    x = [[1, 0, 2], [3, 1, 1], [0, 2, 4]]
    k = [[1, -1], [0, 2]]
    y = F.conv2d(torch.tensor([[x]], dtype=torch.float64), torch.tensor([[k]], dtype=torch.float64))
    truth = [[int(v) for v in row] for row in y[0, 0].tolist()]
    text = (
        "One channel, stride 1, no padding, no bias, cross-correlation.\n\n"
        f"$$X = {_tex(x)}, \\qquad K = {_tex(k)}$$\n\n"
        "```python\nX = np.arange(9).reshape(3, 3)  # a quick shape test\n```\n\n"
        f"$$Y = {_tex(truth)}$$\n"
    )
    assert [v.status for v in _at(text, 9)] == [VERIFIED]


# ------------------------------------------------------------------ max pool routing forms
@pytest.mark.parametrize(
    "rhs,right",
    [
        # the mask: only the window's maximum gets g (torch's max_pool2d gradient at any X
        # without ties); spreading g, or g/4, to every entry is average pooling's rule
        (
            "g_{\\lfloor i/2 \\rfloor, \\lfloor j/2 \\rfloor} \\cdot \\mathbb{1}\\big[Z_{ij} = "
            "Q_{\\lfloor i/2 \\rfloor, \\lfloor j/2 \\rfloor}\\big]",
            True,
        ),
        ("g_{\\lfloor i/2 \\rfloor, \\lfloor j/2 \\rfloor}", False),
        ("\\frac{1}{4} g_{\\lfloor i/2 \\rfloor, \\lfloor j/2 \\rfloor}", False),
    ],
)
def test_max_pool_routing_of_a_map_named_z_written_inline(rhs, right):
    x = torch.tensor([[[[4.0, 1, 0, 2], [3, 2, 5, 1], [0, 7, 1, 1], [2, 3, 6, 0]]]])
    x.requires_grad_(True)
    g = torch.tensor([[[[1.0, -2.0], [3.0, 0.5]]]])
    (F.max_pool2d(x, 2, stride=2) * g).sum().backward()
    spread = x.grad[0, 0, 0, 1].item() == g[0, 0, 0, 0].item()  # x_{01} = 1 is no maximum
    assert not spread  # so the two spreading forms differ from torch at (0, 1)
    text = (
        "## Pooling\n\nIndices from 0. The notes now take a map $Z$ of $4 \\times 4$ with max "
        "pooling $2 \\times 2$ and stride 2, output $Q$ and $g_{pq} = \\partial E / \\partial "
        f"Q_{{pq}}$. For every $(i, j)$: $\\partial E / \\partial Z_{{ij}} = {rhs}$.\n"
    )
    found = [v for v in _at(text, 3) if "Z_{ij}" in v.source]
    assert len(found) == 1
    assert found[0].status == (VERIFIED if right else WRONG), found[0].message


@pytest.mark.parametrize(
    "values,status",
    [
        # a in {1, 2}: 2i + 2 is the next window's row, where g_{i+1,j} is routed, not g_{i,j}
        # (the avg_pool2d gradient of the 6x6 test above, by hand: x_{2i+a} lies in window
        # floor((2i+a)/2) = i + 1 for a = 2)
        ("1, 2", WRONG),
        # 7 is no row offset of a 6x6 input's window: the declaration is not the axis's
        ("0, 1, 7", NOT_UNDERSTOOD),
    ],
)
def test_offsets_declared_with_other_values(values, status):
    text = (
        "# Backward of mean pooling\n\nA $6 \\times 6$ input, average pooling with "
        "$2\\times 2$ windows and stride 2, 0-based. Each input entry is in one window, "
        f"so for $a, b \\in \\{{{values}\\}}$\n\n"
        "$$\\frac{\\partial L}{\\partial x_{2i+a,2j+b}} = \\frac{1}{4} g_{i,j}$$\n"
    )
    assert [v.status for v in _at(text, 5)] == [status]


def test_ones_said_of_a_kernel_are_not_the_upstream_gradient():
    """'a kernel of all ones' sets W, not dE/dy: dE/dx[0][0] = w[0][0] (missing the
    upstream factor dE/dy[0][0]) is wrong, as the chain rule gives dE/dy[0][0] w[0][0]."""
    text = (
        "A 4x4 input `x` and a 2x2 kernel `w` of all ones, stride 1, no padding, 0-indexed, "
        "no bias:\n\n"
        "$$y[i][j] = \\sum_{m=0}^{1} \\sum_{n=0}^{1} w[m][n] \\, x[i+m][j+n]$$\n\n"
        "$$\\frac{\\partial E}{\\partial x[0][0]} = w[0][0]$$\n"
    )
    assert [v.status for v in _at(text, 5)] != [VERIFIED]
