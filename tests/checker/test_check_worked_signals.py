"""A 1-D layer's worked example written as lists of numbers (worked_signals.py): x, w, g
given as tuples or brackets, the output and the gradients claimed as lists, dL/db as a
number; a convolution with stride and padding, a transposed one, the upstream gradient set
by a number, by a summing loss or by PyTorch code.  The truth is torch's conv1d /
conv_transpose1d and autograd at those numbers, never symconv."""

from __future__ import annotations

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _lst(values, brackets="()") -> str:
    return brackets[0] + ", ".join(str(int(v)) for v in values) + brackets[1]


def _run(x, w, g, b, transposed=False, **options):
    xt = torch.tensor([[x]], dtype=torch.float64, requires_grad=True)
    wt = torch.tensor([[w]], dtype=torch.float64, requires_grad=True)
    bt = torch.tensor([b], dtype=torch.float64, requires_grad=True)
    op = F.conv_transpose1d if transposed else F.conv1d
    y = op(xt, wt, bt, **options)
    grad = torch.ones_like(y) if g is None else torch.tensor([[g]], dtype=torch.float64)
    (y * grad).sum().backward()
    return y.detach()[0, 0].tolist(), xt.grad[0, 0].tolist(), wt.grad[0, 0].tolist(), bt.grad[0]


# an English exercise: stride 2, padding 1, a bias, lists in brackets, G as a list
X_A, W_A, G_A, B_A = [2, -1, 0, 3, 1, 4], [1, 2, -1], [1, -2, 3], 1
HEAD_A = (
    "# Exercise 3: a strided 1-D convolution\n\n"
    "A 1-D convolution (cross-correlation, as PyTorch's Conv1d) with kernel size 3, "
    "stride 2 and padding 1, one channel.\n\n"
    "Take $\\mathbf{{x}} = {x}$, $\\mathbf{{w}} = {w}$ and the bias $b = {b}$.\n\n"
    "The upstream gradient is $\\delta = {g}$.\n\n"
)


def _claims_a():
    y, dx, dw, db = _run(X_A, W_A, G_A, B_A, stride=2, padding=1)
    off = list(dx)
    off[2] += 1
    return [
        ("\\mathbf{y}", _lst(y, "[]"), VERIFIED),
        ("\\frac{\\partial L}{\\partial \\mathbf{x}}", _lst(dx, "[]"), VERIFIED),
        ("\\frac{\\partial L}{\\partial \\mathbf{x}}", _lst(off, "[]"), WRONG),
        ("\\frac{\\partial L}{\\partial \\mathbf{w}}", _lst(dw, "[]"), VERIFIED),
        ("\\frac{\\partial L}{\\partial \\mathbf{w}}", _lst(dw[::-1], "[]"), WRONG),
        ("\\partial L / \\partial b", str(int(db)), VERIFIED),
        ("\\partial L / \\partial b", str(int(db) + 1), WRONG),
    ]


@pytest.mark.parametrize("k", range(7))
def test_a_strided_padded_signal_against_torch(k):
    left, right, status = _claims_a()[k]
    head = HEAD_A.format(x=_lst(X_A, "[]"), w=_lst(W_A, "[]"), b=B_A, g=_lst(G_A, "[]"))
    verdict = check_text(head + f"So ${left} = {right}$.\n").verdicts[-1]
    assert verdict.status == status, verdict.message
    assert "these numbers only" in verdict.message


# a Spanish transposed convolution: stride 2, no bias, L the sum of the outputs
X_B, W_B = [3, -1, 2], [2, 1, -1]
HEAD_B = (
    "## Ejemplo: convolución transpuesta 1-D\n\n"
    "Una convolución transpuesta 1-D (`nn.ConvTranspose1d(1, 1, kernel_size=3, stride=2, "
    "bias=False)`), índices desde 0.\n\n"
    "Sean $x = {x}$ y $w = {w}$, y la pérdida $L = \\sum_t y_t$.\n\n"
)


def _claims_b():
    y, dx, dw, _ = _run(X_B, W_B, None, 0.0, transposed=True, stride=2)
    y_off = list(y)
    y_off[2] = y[2] - W_B[2] * X_B[0]  # the overlap at 2 not added up
    return [
        ("y", _lst(y), VERIFIED),
        ("y", _lst(y_off), WRONG),
        ("\\frac{\\partial L}{\\partial x}", _lst(dx), VERIFIED),
        ("\\frac{\\partial L}{\\partial w}", _lst(dw), VERIFIED),
        ("\\frac{\\partial L}{\\partial w}", _lst([v + 1 for v in dw]), WRONG),
    ]


@pytest.mark.parametrize("k", range(5))
def test_a_transposed_signal_with_a_summing_loss_against_torch(k):
    left, right, status = _claims_b()[k]
    head = HEAD_B.format(x=_lst(X_B), w=_lst(W_B))
    verdict = check_text(head + f"Entonces $${left} = {right}$$\n").verdicts[-1]
    assert verdict.status == status, verdict.message


# PyTorch code sets the loss and zeroes the bias; a dilated kernel
CODE_C = (
    "Checking a dilated Conv1d by hand:\n\n"
    "```python\n"
    "conv = nn.Conv1d(1, 1, kernel_size=2, dilation=3)\n"
    "conv.bias.data.fill_(0)\n"
    "out = conv(x)\n"
    "out.sum().backward()\n"
    "```\n\n"
    "with $x = (4, 0, -2, 1, 5)$ and $w = (3, -1)$.\n\n"
)


def test_code_that_sums_the_outputs_and_zeroes_the_bias():
    y, dx, dw, db = _run([4, 0, -2, 1, 5], [3, -1], None, 0.0, dilation=3)
    for left, right, status in (
        ("y", _lst(y), VERIFIED),
        ("\\partial L / \\partial x", _lst(dx), VERIFIED),
        ("\\partial L / \\partial w", _lst(dw), VERIFIED),
        ("\\partial L / \\partial w", _lst([dw[1], dw[0]]), WRONG),
        ("\\partial L / \\partial b", str(int(db)), VERIFIED),
    ):
        verdict = check_text(CODE_C + f"Then ${left} = {right}$.\n").verdicts[-1]
        assert verdict.status == status, (left, right, verdict.message)


def test_the_given_lists_are_no_claims():
    head = HEAD_A.format(x=_lst(X_A, "[]"), w=_lst(W_A, "[]"), b=B_A, g=_lst(G_A, "[]"))
    report = check_text(head)
    assert not [v for v in report.verdicts if "comma list" in v.message]
    assert all(v.status != WRONG for v in report.verdicts)


def test_a_list_of_another_length_is_not_judged():
    # stride 2 and padding 1 give 3 outputs; a list of 4 is another example's settings
    head = HEAD_A.format(x=_lst(X_A, "[]"), w=_lst(W_A, "[]"), b=B_A, g=_lst(G_A, "[]"))
    verdict = check_text(head + "So $\\mathbf{y} = [1, 2, 3, 4]$.\n").verdicts[-1]
    assert verdict.status == NOT_UNDERSTOOD, verdict.message


def test_a_reply_stating_another_stride_leaves_a_verified_list_open():
    # the question's layer (stride 1) gives dL/dw = (6, 9, 12); under the reply's stride 2
    # only the windows at 0 and 2 remain: (1 + 3, 2 + 4, 3 + 5) = (4, 6, 8)
    x, w = [1, 2, 3, 4, 5], [1, 0, 1]
    _, _, dw1, _ = _run(x, w, None, 0.0)
    _, _, dw2, _ = _run(x, w, None, 0.0, stride=2)
    assert dw1 != dw2
    text = (
        "**Question.**\n\n```python\nlayer = nn.Conv1d(1, 1, kernel_size=3, bias=False)\n"
        "y = layer(x)\ny.sum().backward()\n```\n\n"
        f"with $x = {_lst(x)}$ and $w = {_lst(w)}$. "
        f"I get $\\partial L / \\partial w = {_lst(dw1)}$.\n\n"
        "---\n\n"
        "**Reply.** Same check with `stride=2` added: "
        f"$\\partial L / \\partial w = {_lst(dw1)}$ again.\n"
    )
    verdicts = check_text(text).verdicts
    first, second = verdicts[-2], verdicts[-1]
    assert first.status == VERIFIED, first.message
    assert second.status == NOT_UNDERSTOOD, second.message


def _column(values) -> str:
    return "\\begin{pmatrix} " + " \\\\ ".join(str(int(v)) for v in values) + " \\end{pmatrix}"


def test_column_vectors_transposed_lists_and_upright_d():
    # a linear-algebra style: the output drawn as a column, lists transposed
    x, w, g = [1, 4, -2, 0, 3], [2, -1, 1], [1, 0, -1]
    y, dx, dw, _ = _run(x, w, g, 0.0)
    head = (
        "### 1-D example (no bias, stride 1)\n\n"
        f"$$\\mathbf{{x}} = {_lst(x)}^T, \\quad \\mathbf{{w}} = {_lst(w)}^T, \\quad "
        f"\\frac{{dL}}{{d\\mathbf{{y}}}} = {_lst(g)}^\\top$$\n\n"
    )
    for left, right, status in (
        ("\\mathbf{y}", _column(y), VERIFIED),
        ("\\frac{dL}{d\\mathbf{x}}", _lst(dx) + "^\\top", VERIFIED),
        ("dL/d\\mathbf{w}", _lst(dw) + "^T", VERIFIED),
        ("dL/d\\mathbf{w}", _lst([dw[0], dw[1], dw[2] - 1]) + "^T", WRONG),
    ):
        verdict = check_text(head + f"$${left} = {right}$$\n").verdicts[-1]
        assert verdict.status == status, (left, right, verdict.message)


def test_a_transposed_example_at_sizes_of_its_own():
    # two inputs (a pair is read as no layer size): the example's own sizes, stride 2
    x, w, g = [2, -1], [1, 3, -2], [1, 0, 2, -1, 1]
    y, dx, dw, _ = _run(x, w, g, 0.0, transposed=True, stride=2)
    assert len(y) == len(g)
    head = (
        "**Beispiel.** `nn.ConvTranspose1d(1, 1, kernel_size=3, stride=2, bias=False)`, "
        f"Indizes ab 0. Sei $x = {_lst(x)}$, $w = {_lst(w)}$ und "
        f"$g = \\partial L / \\partial y = {_lst(g)}$.\n\n"
    )
    spread = list(y)
    spread[2] = w[2] * x[0]  # the overlap at 2 not summed
    for left, right, status in (
        ("y", _lst(y), VERIFIED),
        ("y", _lst(spread), WRONG),
        ("\\partial L / \\partial x", _lst(dx), VERIFIED),
        ("\\partial L / \\partial w", _lst(dw), VERIFIED),
        ("\\partial L / \\partial w", _lst(dw[::-1]), WRONG),
    ):
        verdict = check_text(head + f"Dann $${left} = {right}$$\n").verdicts[-1]
        assert verdict.status == status, (left, right, verdict.message)
