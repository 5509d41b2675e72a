"""How notes name the upstream gradient, and how they index tensors: a Greek letter the
notes define as dL/d(output) in many spellings (\\dfrac, brackets, a layer mark, bold,
\\nabla, words), and one they define as another tensor's gradient (never read as G);
x[n][i][j] written as in code; the input implied by a stated output; the lettered parts of
a solution.  Each claim's truth is computed here from torch autograd (float64) with the
formula the claim writes, never by symconv."""

from __future__ import annotations

import itertools

import pytest

from symconv.checker.chained_index import merge_chained
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.stated_output import implied_input

torch = pytest.importorskip("torch")


def _grads(h: int, k: int, stride: int = 1, batch: int = 1, seed: int = 0):
    gen = torch.Generator().manual_seed(seed + 17 * h + k + 5 * stride + 11 * batch)
    x = torch.randn((batch, 1, h, h), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((1, 1, k, k), generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, stride=stride)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return x.detach()[:, 0], w.detach()[0, 0], g[:, 0], x.grad[:, 0], w.grad[0, 0]


def _dw_claim_holds(offset) -> bool:
    """dL/dw_{m,n} = sum_{i,j} delta_{i,j} x_{offset(i,j,m,n)} at input 4x4, kernel 2x2."""
    x, _, g, _, dw = _grads(4, 2)
    for m, n in itertools.product(range(2), repeat=2):
        total = sum(
            (g[0, i, j] * x[0][offset(i, j, m, n)]).item()
            for i, j in itertools.product(range(3), repeat=2)
        )
        if abs(total - dw[m, n].item()) > 1e-9:
            return False
    return True


OFFSETS = {
    "i+m, j+n": lambda i, j, m, n: (i + m, j + n),
    "i+n, j+m": lambda i, j, m, n: (i + n, j + m),  # the kernel's axes swapped
}

# (definition in the notes' own words, how an entry of delta / x / w is written)
DEFINITIONS = {
    "dfrac, brackets": (
        r"abreviamos $\delta[i,j] = \dfrac{\partial \mathcal{L}}{\partial Y[i,j]}$",
        "\\delta[{}]",
        "X[{}]",
        "K[{}]",
        "\\frac{{\\partial \\mathcal{{L}}}}{{\\partial K[{}]}}",
    ),
    "layer mark, slash": (
        r"we write $\delta^{(1)}_{i,j} = \partial E / \partial z^{(1)}_{i,j}$",
        "\\delta^{{(1)}}_{{{}}}",
        "x_{{{}}}",
        "w_{{{}}}",
        "\\frac{{\\partial E}}{{\\partial w_{{{}}}}}",
    ),
    "bold nabla": (
        r"and $\boldsymbol{\delta} = \nabla_{\mathbf{z}} L$ is the gradient at the output",
        "\\delta_{{{}}}",
        "x_{{{}}}",
        "w_{{{}}}",
        "\\frac{{\\partial L}}{{\\partial w_{{{}}}}}",
    ),
    "words": (
        r"Below, $\delta$ is the upstream gradient of this layer",
        "\\delta_{{{}}}",
        "x_{{{}}}",
        "w_{{{}}}",
        "\\frac{{\\partial L}}{{\\partial w_{{{}}}}}",
    ),
    "chained brackets, coloneqq": (
        r"Sea $\delta[i][j] \coloneqq \frac{\partial J}{\partial y[i][j]}$",
        "\\delta[{}]",
        "x[{}]",
        "w[{}]",
        "\\frac{{\\partial J}}{{\\partial w[{}]}}",
    ),
}


def _note(definition: str) -> str:
    head = (
        "The input $x$ is $4\\times 4$, the kernel $w$ is $2\\times 2$, stride 1, no padding, "
        "no bias. Indices start at 0. "
    )
    return head + definition + ".\n\n"


@pytest.mark.parametrize("offset", list(OFFSETS))
@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_a_defined_gradient_letter_is_the_layers_upstream_gradient(name, offset):
    definition, delta, x, _, dw = DEFINITIONS[name]
    chained = "chained" in name
    join = "][" if chained else ","
    row, col = offset.split(", ")
    claim = (
        dw.format(join.join("mn"))
        + " = \\sum_{i=0}^{2}\\sum_{j=0}^{2} "
        + delta.format(join.join("ij"))
        + "\\, "
        + x.format(join.join((row, col)))
    )
    report = check_text(_note(definition) + f"$$ {claim} $$\n")
    verdict = report.verdicts[-1]
    expected = VERIFIED if _dw_claim_holds(OFFSETS[offset]) else WRONG
    assert verdict.status == expected, (verdict.status, verdict.message)


@pytest.mark.parametrize(
    "definition",
    [
        # the activation's gradient: A = sigma(Z) makes dL/dA another tensor than G
        r"Let $A = \sigma(Z)$ and $\delta_{i,j} = \frac{\partial L}{\partial A_{i,j}}$",
        # the input's gradient
        r"Let $\delta_{i,j} = \frac{\partial L}{\partial x_{i,j}}$",
        # y named as the activation's result: then dL/dy is not the conv output's gradient
        r"After the conv, $y_{i,j} = \max(0, z_{i,j})$; write "
        r"$\delta_{i,j} = \partial L/\partial y_{i,j}$",
    ],
)
def test_a_letter_defined_as_another_tensors_gradient_is_never_read_as_G(definition):
    claim = (
        r"\frac{\partial L}{\partial w_{m,n}} = \sum_{i=0}^{2}\sum_{j=0}^{2} "
        r"\delta_{i,j}\, x_{i+m, j+n}"
    )
    verdict = check_text(_note(definition) + f"$$ {claim} $$\n").verdicts[-1]
    # true only if delta were dL/dz, which the notes say it is not: never verified.  Where
    # the letter is written out as the derivative the notes define (gradient_spelled.py)
    # the claim is false as written (dL/dx in place of dL/dz, checked with torch below)
    assert verdict.status in (NOT_UNDERSTOOD, WRONG), verdict.message
    if "x_{i,j}}" in definition:
        assert verdict.status == WRONG, verdict.message


def test_the_input_gradient_in_place_of_the_output_gradient_is_false() -> None:
    # truth for the case above: sum_ij dL/dx_ij x_{i+m,j+n} is not dL/dw_mn
    x = torch.randn(1, 1, 4, 4, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64, requires_grad=True)
    g = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    (torch.nn.functional.conv2d(x, w) * g).sum().backward()
    assert x.grad is not None and w.grad is not None
    dx, xs = x.grad[0, 0], x.detach()[0, 0]
    claimed = torch.tensor(
        [
            [sum(dx[i, j] * xs[i + m, j + n] for i in range(3) for j in range(3)) for n in range(2)]
            for m in range(2)
        ],
        dtype=torch.float64,
    )
    assert not torch.allclose(claimed, w.grad[0, 0])


BATCH_NOTE = (
    "Un lote de $N = 2$ imágenes de un canal. El filtro $w[m][k]$ es de $2\\times 2$, "
    "paso 1, sin relleno, así que la salida $y[n][i][j]$ es de $3\\times 3$ por imagen; "
    "sin sesgo. Llamo $\\delta[n][i][j] = \\partial L/\\partial y[n][i][j]$. "
    "Índices desde 0.\n\n"
)


def _batch_dw_holds(samples: tuple[int, ...]) -> bool:
    """dL/dw[m][k] = sum over ``samples`` and the 3x3 output of delta[n][i][j] x[n][i+m][j+k]."""
    x, _, g, _, dw = _grads(4, 2, batch=2)
    for m, k in itertools.product(range(2), repeat=2):
        total = sum(
            (g[n, i, j] * x[n, i + m, j + k]).item()
            for n in samples
            for i, j in itertools.product(range(3), repeat=2)
        )
        if abs(total - dw[m, k].item()) > 1e-9:
            return False
    return True


@pytest.mark.parametrize(
    "sum_n,samples",
    [(r"\sum_{n=0}^{1}", (0, 1)), ("", (0,))],  # the second forgets the batch
)
def test_indices_written_as_in_code(sum_n, samples):
    body = r"\delta[n][i][j]\; x[n][i+m][j+k]" if sum_n else r"\delta[0][i][j]\; x[0][i+m][j+k]"
    sums = rf"{sum_n}\sum_{{i=0}}^{{2}}\sum_{{j=0}}^{{2}}"
    claim = rf"\frac{{\partial L}}{{\partial w[m][k]}} = {sums} {body}"
    verdict = check_text(BATCH_NOTE + f"$$ {claim} $$\n").verdicts[-1]
    assert verdict.status == (VERIFIED if _batch_dw_holds(samples) else WRONG), verdict.message


@pytest.mark.parametrize(
    "claim,terms",
    [
        # x[1][3][3] is in the last window only, at kernel entry (1, 1)
        (r"\frac{\partial L}{\partial x[1][3][3]} = \delta[1][2][2]\,w[1][1]", [(2, 2, 1, 1)]),
        # x[1][0][0] is in window (0, 0) only: the second term is extra
        (
            r"\frac{\partial L}{\partial x[1][0][0]} = \delta[1][0][0]\,w[0][0] + "
            r"\delta[1][0][1]\,w[0][1]",
            [(0, 0, 0, 0), (0, 1, 0, 1)],
        ),
    ],
)
def test_an_entry_of_the_second_sample(claim, terms):
    _, w, g, dx, _ = _grads(4, 2, batch=2)
    total = sum((g[1, i, j] * w[m, k]).item() for i, j, m, k in terms)
    p, q = (3, 3) if "[3][3]" in claim else (0, 0)
    holds = abs(total - dx[1, p, q].item()) < 1e-9
    general = (  # a claim that indexes samples first, as the notes do
        "$$ \\frac{\\partial L}{\\partial x[n][p][q]} = \\sum_{m=0}^{1}\\sum_{k=0}^{1} "
        "\\delta[n][p-m][q-k]\\; w[m][k] $$\n\n"
    )
    verdict = check_text(BATCH_NOTE + general + f"Check: ${claim}$.\n").verdicts[-1]
    assert verdict.status == (VERIFIED if holds else WRONG), verdict.message


def test_merging_brackets_leaves_iverson_brackets_and_single_lists():
    assert merge_chained(r"x[n][i+m][j+k]") == "x[n, i+m, j+k]"
    assert merge_chained(r"\mathbb{1}[y > 0][a]") == r"\mathbb{1}[y > 0][a]"
    assert merge_chained(r"\operatorname{pad}_1(\delta[n])") == r"\operatorname{pad}_1(\delta[n])"
    assert merge_chained(r"[a+b][c]") == "[a+b][c]"  # no name before: a group, not indices


@pytest.mark.parametrize("out,k,p", [(3, 2, 0), (5, 3, 1), (4, 3, 0), (6, 5, 2)])
def test_the_input_a_stated_output_implies(out, k, p):
    # out = in + 2p - k + 1 at stride 1 (hand arithmetic), checked against torch's shape
    size = implied_input(f"{out}x{out}", f"{k}x{k}", "1", str(p))
    h = int(size.split("x")[0])
    y = torch.nn.functional.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), padding=p)
    assert y.shape[-1] == out


def test_a_stride_above_one_implies_no_input():
    # out = floor((in - k) / 2) + 1 = 2 for in = 4 and in = 5: the output does not say which
    assert implied_input("2x2", "2x2", "2", "0") is None


def test_a_whole_tensor_set_to_zero_outside_its_range_is_a_convention():
    note = BATCH_NOTE + "Tomando $\\delta = 0$ fuera de $0..2$, la entrada recibe\n\n"
    report = check_text(note)
    assert not [v for v in report.verdicts if v.line == 3 and "\\delta = 0" in v.source]


PARTS = (
    "**Q1.** A $4\\times 4$ input $x$, a $2\\times 2$ kernel $w$, stride 2, no padding, no "
    "bias; $g_{{ij}} = \\partial J/\\partial y_{{ij}}$. Indices run from 1.\n\n"
    "**(a)** With stride 1 instead, the output is $3\\times 3$ and $y = x \\star w$.\n\n"
    "**(b)** Back to the question's layer:\n\n$$ {claim} $$\n"
)


def _stride2_dw12(offset) -> bool:
    x, _, g, _, dw = _grads(4, 2, stride=2)
    total = sum(
        (g[0, i, j] * x[0][offset(i, j)]).item() for i, j in itertools.product(range(2), repeat=2)
    )
    return abs(total - dw[0, 1].item()) < 1e-9


@pytest.mark.parametrize(
    "row,col,offset",
    [
        ("2i-1", "2j", lambda i, j: (2 * i, 2 * j + 1)),  # 1-based 2i-1, 2j at 0-based i, j
        ("i+1", "j", lambda i, j: (i + 1, j)),  # stride 1's offsets (the (a) variant)
    ],
)
def test_a_part_varies_the_layer_for_itself_only(row, col, offset):
    claim = (
        r"\frac{\partial J}{\partial w_{12}} = \sum_{i=1}^{2}\sum_{j=1}^{2} g_{ij}\, "
        rf"x_{{{row},\,{col}}}"
    )
    verdict = check_text(PARTS.format(claim=claim)).verdicts[-1]
    assert verdict.status == (VERIFIED if _stride2_dw12(offset) else WRONG), verdict.message
