"""Code's names of tensors in notes (issue 16: fresh16's README of a NumPy CNN library,
``\\text{dout}[t]`` "is words, not mathematics").

Where the notes' own words define a code name as the gradient of the loss with respect to
the layer's output ("`dout` is always the gradient of the loss with respect to the layer's
output", "`grad_out` es el gradiente de la pérdida respecto a la salida", "`dout` ist der
Gradient des Verlusts nach der Ausgabe", ``\\texttt{g\\_out} = \\partial L/\\partial y``),
claims in that name are judged as claims in G (checker/code_names.py), and ``out`` by the
d-prefix as the output.  Truth: torch autograd of conv1d with dilation, max_pool2d and
avg_pool2d, each claim's formula evaluated with NumPy against it.  A name defined as
another tensor's gradient, or used as a label (``H_{\\text{out}}``), stays as written.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from symconv.checker.code_names import code_gradient_left, code_names, in_code_letters
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

L, K, D = 10, 3, 2  # the notes' conv1d: input 10, kernel 3, dilation 2
OUT = L - D * (K - 1)


def _verdict(text: str, part: str):
    found = [v for v in check_text(text, "notes.md").verdicts if part in v.source]
    assert found, f"no verdict for {part!r}"
    return found[0]


def _conv_truth() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """x, w, dout and torch's dX, dW of y = conv1d(x, w, dilation 2)."""
    gen = torch.Generator().manual_seed(3)
    x = torch.randn(1, 1, L, generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, K, generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv1d(x, w, dilation=D)
    dout = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    y.backward(dout)
    assert x.grad is not None and w.grad is not None
    return (
        x.detach().numpy()[0, 0],
        w.detach().numpy()[0, 0],
        dout.numpy()[0, 0],
        x.grad.numpy()[0, 0],
        w.grad.numpy()[0, 0],
    )


def _dx_claim(shift: int) -> np.ndarray:
    """dX[s] = sum_k w[k] dout[s - shift k], dout zero outside 0..OUT-1."""
    _, w, dout, _, _ = _conv_truth()
    return np.array(
        [
            sum(w[k] * dout[s - shift * k] for k in range(K) if 0 <= s - shift * k < OUT)
            for s in range(L)
        ]
    )


def test_torch_decides_the_dilated_input_gradients() -> None:
    _, _, _, dx, _ = _conv_truth()
    assert np.allclose(_dx_claim(D), dx)  # the dilation in the shift: right
    assert not np.allclose(_dx_claim(1), dx)  # v0.1's shift by k: wrong


NOTES = {
    "english": (
        "# tinylib\n\n- `dout` is always the gradient of the loss with respect to the layer's "
        "output, same shape as the output. `dX` is the gradient w.r.t. the input.\n"
        "- Arrays are 0-indexed like NumPy; an index outside the array means the term is "
        "skipped.\n\n## `Conv1D`\n\nThe running example has an input of length $L = 10$, "
        "kernel $K = 3$ and dilation $d = 2$, so the output has length $L - d(K-1) = 6$.\n\n"
        "$$y[t] = b + \\sum_{k=0}^{K-1} w[k]\\, x[t + d k]$$\n\n",
        "\\text{dout}",
    ),
    "spanish": (
        "# Apuntes\n\n`grad_out` es el gradiente de la pérdida respecto a la salida de la capa. "
        "Los índices empiezan en 0; fuera del arreglo el término no cuenta.\n\n## Conv1D\n\n"
        "Entrada de longitud $L = 10$, núcleo $K = 3$ y dilatación $d = 2$: la salida "
        "tiene longitud $L - d(K-1) = 6$.\n\n"
        "$$y[t] = b + \\sum_{k=0}^{K-1} w[k]\\, x[t + d k]$$\n\n",
        "\\mathrm{grad\\_out}",
    ),
    "german": (
        "# Skript\n\n`dout` ist der Gradient des Verlusts nach der Ausgabe. Indizes beginnen "
        "bei 0; außerhalb des Arrays fällt der Term weg.\n\n## Conv1D\n\n"
        "(test_conv1d.py) An input of length $L = 10$, kernel $K = 3$ and dilation $d = 2$: "
        "output length $L - d(K-1) = 6$.\n\n"
        "$$y[t] = b + \\sum_{k=0}^{K-1} w[k]\\, x[t + d k]$$\n\n",
        "\\texttt{dout}",
    ),
    "equation": (
        "# Notes\n\nWe write $\\texttt{g\\_out} = \\frac{\\partial L}{\\partial y}$ as in the "
        "code. Indices start at 0 and an index outside the array is a zero term.\n\n"
        "## Conv1D\n\nInput length $L = 10$, kernel $K = 3$, dilation $d = 2$, output length "
        "$L - d(K-1) = 6$.\n\n$$y[t] = b + \\sum_{k=0}^{K-1} w[k]\\, x[t + d k]$$\n\n",
        "\\texttt{g\\_out}",
    ),
}


@pytest.mark.parametrize("style", sorted(NOTES))
def test_dilated_input_gradient_in_code_names(style: str) -> None:
    head, name = NOTES[style]
    _, _, _, dx, _ = _conv_truth()
    right = f"$$\\text{{dX}}[s] = \\sum_{{k=0}}^{{K-1}} w[k]\\, {name}[s - d k]$$\n\n"
    slip = f"$$\\text{{dX}}[s] = \\sum_{{k=0}}^{{K-1}} w[k]\\, {name}[s - k]$$\n"
    report = check_text(head + right + slip, "notes.md")
    by_text = {v.source: v.status for v in report.verdicts}
    expect_right = VERIFIED if np.allclose(_dx_claim(D), dx) else WRONG
    expect_slip = VERIFIED if np.allclose(_dx_claim(1), dx) else WRONG
    assert by_text[right.strip("$\n ")] == expect_right
    assert by_text[slip.strip("$\n ")] == expect_slip


def test_bias_gradient_in_code_names() -> None:
    head, name = NOTES["english"]
    _, _, dout, _, _ = _conv_truth()
    gen = torch.Generator().manual_seed(5)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    x = torch.randn(1, 1, L, generator=gen, dtype=torch.float64)
    w = torch.randn(1, 1, K, generator=gen, dtype=torch.float64)
    torch.nn.functional.conv1d(x, w, b, dilation=D).backward(torch.tensor(dout)[None, None])
    assert b.grad is not None and math.isclose(float(b.grad[0]), float(dout.sum()))
    claim = f"\\text{{db}} = \\sum_{{t=0}}^{{5}} {name}[t]"
    assert _verdict(head + f"$${claim}$$\n", claim[:20]).status == VERIFIED


def test_a_name_defined_as_another_gradient_is_not_read() -> None:
    notes = (
        "# lib\n\n`dout` is the gradient of the loss with respect to the input of the "
        "layer.\n\n## Conv1D\n\nInput length $L = 10$, kernel $K = 3$, dilation $d = 2$.\n\n"
        "$$y[t] = b + \\sum_{k=0}^{K-1} w[k]\\, x[t + d k]$$\n\n"
        "$$\\text{dX}[s] = \\sum_{k=0}^{K-1} w[k]\\, \\text{dout}[s - d k]$$\n"
    )
    assert code_names(notes) == ()
    assert _verdict(notes, "\\text{dX}[s]").status == NOT_UNDERSTOOD


def test_names_and_labels() -> None:
    doc = "`dout` is the upstream gradient."
    assert dict(code_names(doc)) == {"dout": "G", "out": "Z"}
    doc2 = "- `d_out`: upstream derivatives, of shape (N, F, H', W')"
    assert dict(code_names(doc2)) == {"d_out": "G", "out": "Z"}
    # a label stays a label, a word containing the name is no tensor
    assert in_code_letters("H_{\\text{out}} = dout[t]", doc, {}) == "H_{\\text{out}} = G[t]"
    assert in_code_letters("\\delta_{out} + output", doc, {}) == "\\delta_{out} + output"
    # a claim that writes G itself keeps the code name: G and dout would merge
    assert in_code_letters("G = \\text{dout}", doc, {}) == "G = \\text{dout}"
    # the notes' G is another tensor: no rewrite
    assert in_code_letters("\\text{dout}", doc, {"G": "W"}) == "\\text{dout}"
    # dy, dZ: the grammar reads the d-prefix of one letter itself
    assert code_names("`dy` is the upstream gradient") == ()


def test_code_gradient_on_the_left() -> None:
    assert code_gradient_left("\\text{dX}_{i,j} = G_{i,j}") == (
        "\\frac{\\partial L}{\\partial X_{i,j}} = G_{i,j}"
    )
    assert code_gradient_left("dX[i][j] = 0") == "\\frac{\\partial L}{\\partial X[i][j]} = 0"
    assert code_gradient_left("dW_{i,j} = 0") == "dW_{i,j} = 0"


# ---------------------------------------------------------------- pooling in code names
POOL = (
    "# pocket\n\n`dout` is always the gradient of the loss with respect to the layer's "
    "output. Arrays are 0-indexed.\n\n### `{kind}(2)`\n\nWindow $2\\times2$, stride 2, on a "
    "$4 \\times 4$ map.\n\n"
)


def _routing_claims(kind: str) -> dict[str, np.ndarray]:
    """Each claim's dL/dX at one input, and torch's."""
    gen = torch.Generator().manual_seed(11)
    x = torch.randn(1, 1, 4, 4, generator=gen, dtype=torch.float64, requires_grad=True)
    pool = torch.nn.functional.max_pool2d if kind == "max" else torch.nn.functional.avg_pool2d
    y = pool(x, 2, 2)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    y.backward(g)
    assert x.grad is not None
    xs, ys, gs = x.detach().numpy()[0, 0], y.detach().numpy()[0, 0], g.numpy()[0, 0]

    def floor_max(i: int, j: int) -> float:
        return gs[i // 2, j // 2] * float(xs[i, j] == ys[i // 2, j // 2])

    def ceil_max(i: int, j: int) -> float:
        a, b = math.ceil(i / 2), math.ceil(j / 2)
        return gs[a, b] * float(xs[i, j] == ys[a, b]) if a < 2 and b < 2 else math.nan

    def floor_avg(i: int, j: int) -> float:
        return gs[i // 2, j // 2] / 4

    rules = {"floor max": floor_max, "ceil max": ceil_max, "floor avg": floor_avg}
    found = {n: np.array([[f(i, j) for j in range(4)] for i in range(4)]) for n, f in rules.items()}
    found["torch"] = x.grad.numpy()[0, 0]
    return found


@pytest.mark.parametrize(
    ("kind", "claim", "rule"),
    [
        (
            "MaxPool2D",
            "\\text{dX}_{i,j} = \\text{dout}_{\\lfloor i/2 \\rfloor,\\lfloor j/2 \\rfloor}\\, "
            "\\big[X_{i,j} = \\text{out}_{\\lfloor i/2 \\rfloor,\\lfloor j/2 \\rfloor}\\big]",
            "floor max",
        ),
        (
            "MaxPool2D",
            "\\text{dX}_{i,j} = \\text{dout}_{\\lceil i/2 \\rceil,\\lceil j/2 \\rceil}\\, "
            "\\big[X_{i,j} = \\text{out}_{\\lceil i/2 \\rceil,\\lceil j/2 \\rceil}\\big]",
            "ceil max",
        ),
        (
            "AvgPool2D",
            "\\text{dX}_{i,j} = \\frac{1}{4}\\, "
            "\\text{dout}_{\\lfloor i/2 \\rfloor,\\lfloor j/2 \\rfloor}",
            "floor avg",
        ),
    ],
)
def test_pool_gradient_in_code_names(kind: str, claim: str, rule: str) -> None:
    op = "max" if kind.startswith("Max") else "avg"
    truths = _routing_claims(op)
    holds = bool(np.allclose(truths[rule], truths["torch"]))
    verdict = _verdict(POOL.replace("{kind}", kind) + f"$${claim}$$\n", claim[:30])
    assert verdict.status == (VERIFIED if holds else WRONG), verdict.message
