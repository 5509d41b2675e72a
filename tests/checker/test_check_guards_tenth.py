"""Readings and guards added after fresh25/fresh26's first measurement, each on notes
written here (other wording and numbers than those sets).  Truth: torch convolutions and
autograd, or the arithmetic written in a comment; a not-understood verdict is asserted
where the notes leave open what a claim is about."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.contradicted_layer import unless_stand_in
from symconv.checker.conventions import zero_outside
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

F = torch.nn.functional


def _verdicts(text: str) -> dict[int, tuple[str, str]]:
    return {v.line: (v.status, v.message) for v in check_text(text, "notes.md").verdicts}


# ---------------------------------------------------------------- dilation in more languages
def _dilated_1d_terms(length: int, taps: int, dilation: int, t: int) -> list[tuple[int, int]]:
    """(k, input index) of y[t] for conv1d with that dilation, found by autograd."""
    x = torch.zeros(1, 1, length, dtype=torch.float64, requires_grad=True)
    w = torch.arange(1.0, taps + 1, dtype=torch.float64).reshape(1, 1, taps)
    F.conv1d(x, w, dilation=dilation)[0, 0, t].backward()
    hit = [int(i) for i in torch.nonzero(x.grad[0, 0]).flatten()]
    return [(int(x.grad[0, 0, i].item()) - 1, i) for i in hit]


@pytest.mark.parametrize(
    "words",
    [
        "dilatazione $d = 2$, passo $1$, nessun padding",  # Italian
        "Dilatation $d = 2$, Schrittweite $1$, ohne Padding",  # German
        "dilatação $d = 2$, passo $1$, sem padding",  # Portuguese
    ],
)
def test_dilation_stated_in_other_languages(words: str) -> None:
    # y[t] takes x[t], x[t+2], x[t+4] with w[0], w[1], w[2] (autograd, dilation 2)
    assert _dilated_1d_terms(12, 3, 2, 0) == [(0, 0), (1, 2), (2, 4)]
    text = (
        "# Episode notes\n\n"
        f"A signal $x[0], \\dots, x[11]$, a filter $w[0], w[1], w[2]$, {words}.\n\n"
        "$$y[t] = \\sum_{k=0}^{2} w[k]\\, x[t + 2k]$$\n\n"
        "$$y[t] = \\sum_{k=0}^{2} w[k]\\, x[t + k]$$\n"
    )
    found = _verdicts(text)
    assert found[5][0] == VERIFIED, found[5]
    assert found[7][0] == WRONG, found[7]


# ---------------------------------------------------------------- a pool after a ReLU
POOL_AFTER_RELU = """# Max pooling after a ReLU

One channel. $Z = (z_{ij})$ is the $4 \\times 4$ pre-activation map, $A = \\operatorname{ReLU}(Z)$,
and $P = \\operatorname{maxpool}(A)$ with a $2 \\times 2$ window and stride $2$, so $P$ is
$2 \\times 2$. Indices start at $1$; $g_{kl} = \\partial L / \\partial p_{kl}$.

Each $g_{kl}$ is routed to exactly one entry, and after the ReLU:
$\\sum_{i,j} \\frac{\\partial L}{\\partial z_{ij}} = \\sum_{k,l} g_{kl}$.
"""


def test_a_pre_activation_is_not_the_pool_output() -> None:
    """The pool's output is P (p=Z); Z is the ReLU's argument, upstream of the pool.  The sum
    of dL/dz is the sum of g only where no routed entry is masked by the ReLU (a routed
    maximum of A can be a zero from a negative z): read as the pool's output z it would hold
    trivially, so it must not come out verified."""
    z = torch.tensor(
        [
            [-1.0, -2.0, 3.0, 1.0],
            [-3.0, -1.0, 0.5, 2.0],
            [1.0, 2.0, -1.0, -2.0],
            [0.0, 4.0, -3.0, -1.0],
        ],
        dtype=torch.float64,
        requires_grad=True,
    )
    g = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64)
    (F.max_pool2d(torch.relu(z)[None, None], 2)[0, 0] * g).sum().backward()
    assert z.grad.sum().item() != g.sum().item()  # the top-left window's maximum is a masked 0
    found = _verdicts(POOL_AFTER_RELU)
    assert found[8][0] == NOT_UNDERSTOOD, found[8]


def test_a_default_stand_in_layer_verifies_nothing() -> None:
    """A claim that holds for the default layer standing in for one the notes' facts could
    not make is a guess, as one that fails there is."""
    conflicts = [
        "the layer the notes describe cannot be used (kernel 2 is larger than the padded "
        "input width 1); using the defaults"
    ]
    where = "conv2d 3x3, kernel 2x2, stride 1, padding 0, dilation 1"
    held = {"status": VERIFIED, "message": f"holds for {where.split(', stride')[0]}, stride 1"}
    assert unless_stand_in(held, conflicts, where)["status"] == NOT_UNDERSTOOD
    assert unless_stand_in(held, [], where) == held  # the notes' own layer: kept
    arithmetic = {"status": VERIFIED, "message": "every side is 6"}
    assert unless_stand_in(arithmetic, conflicts, where) == arithmetic  # no layer in it


# ---------------------------------------------------------------- zero outside, in words
@pytest.mark.parametrize(
    ("sentence", "tensor"),
    [
        ("Einträge von $G$ mit Index außerhalb von $0, \\dots, 6$ sind null.", "G"),
        ("Conviene porre $g[t] = 0$ fuori da $0, \\dots, 9$.", "G"),
        ("($W$ zero outside its range), and so on.", "W"),
        ("Adota-se $\\delta_{f,t} = 0$ para $t$ fora de $\\{1, \\dots, T\\}$.", "G"),
    ],
)
def test_zero_outside_said_in_several_languages(sentence: str, tensor: str) -> None:
    assert tensor in zero_outside(sentence)


def test_a_convention_about_a_gradient_letter_is_no_claim() -> None:
    """ "$\\delta_{f,t} = 0$ para $t$ fora de ..." sets a convention; read as a claim about
    the spelled-out gradient it would be called wrong."""
    text = (
        "# Fundamentação\n\nSinal $x$ de comprimento $T = 8$ com $C = 2$ canais, $F = 3$ "
        "filtros de $K = 3$ coeficientes, passo 1, sem padding; índices a partir de 1. "
        "Seja $\\delta_{f,t} = \\partial \\mathcal{L} / \\partial y_{f,t}$.\n\n"
        "Adota-se a convenção de que $\\delta_{f,t} = 0$ para $t$ fora de "
        "$\\{1, \\dots, 6\\}$.\n"
    )
    found = _verdicts(text)
    assert 5 not in found or found[5][0] != WRONG, found.get(5)


# ---------------------------------------------------------------- one constructor, one layer
TRANSPOSED_PARTS = "\n".join(
    [
        "# Exercise sheet 9: transposed convolution",
        "",
        "## Task 1",
        "",
        "`nn.ConvTranspose2d(1, 1, 3, dilation=2)` on a $4 \\times 4$ input (stride $1$, no "
        "padding):",
        "",
        "$$H_\\text{out} = (4 - 1) \\cdot 1 + 2 \\cdot (3 - 1) + 1 = 8$$",
        "",
        "## Task 2",
        "",
        "One channel, no bias, $K = 2$, stride $1$, input $X = \\begin{pmatrix} 2 & 1 \\\\ "
        "-1 & 3 \\end{pmatrix}$ and $W = \\begin{pmatrix} 1 & -1 \\\\ 2 & 0 \\end{pmatrix}$:",
        "",
        "$$y_{1,1} = x_{0,0} w_{1,1} + x_{0,1} w_{1,0} + x_{1,0} w_{0,1} + x_{1,1} w_{0,0}"
        " = 0 + 2 + 1 + 3 = 6$$",
        "",
        "## Task 3",
        "",
        "Take `nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1)` on a mini-batch "
        "$X \\in \\mathbb{R}^{2 \\times 2 \\times 4 \\times 4}$. Entries of $G$ with an "
        "index outside $0, \\dots, 6$ are zero.",
        "",
        "$$\\frac{\\partial L}{\\partial X_{n,c,i,j}} = \\sum_{o=0}^{2} \\sum_{u=0}^{2} "
        "\\sum_{v=0}^{2} G_{n,o,\\,2i+u-1,\\,2j+v-1}\\, W_{c,o,u,v}$$",
        "",
        "$$\\frac{\\partial L}{\\partial X_{n,c,i,j}} = \\sum_{o=0}^{2} \\sum_{u=0}^{2} "
        "\\sum_{v=0}^{2} G_{n,o,\\,2i+u,\\,2j+v}\\, W_{c,o,u,v}$$",
        "",
        "$$\\frac{\\partial L}{\\partial W_{c,o,u,v}} = \\sum_{n=0}^{1} \\sum_{i=0}^{3} "
        "\\sum_{j=0}^{3} X_{n,c,i,j}\\, G_{n,o,\\,2i+u-1,\\,2j+v-1}$$",
        "",
    ]
)


def _transposed_truth() -> tuple[bool, bool, bool]:
    """Whether each of the three gradient formulas of Task 3 equals torch's, with G zero
    outside its 7x7 entries."""
    gen = torch.Generator().manual_seed(3)
    x = torch.randn(2, 2, 4, 4, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.randn(2, 3, 3, 3, dtype=torch.float64, generator=gen, requires_grad=True)
    y = F.conv_transpose2d(x, w, stride=2, padding=1)
    g = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    (y * g).sum().backward()
    assert y.shape[-1] == 7

    def at(n: int, o: int, a: int, b: int) -> float:
        return float(g[n, o, a, b]) if 0 <= a < 7 and 0 <= b < 7 else 0.0

    def dx(shift: int) -> torch.Tensor:
        out = torch.zeros_like(x)
        for n, c, i, j, o, u, v in torch.cartesian_prod(*map(torch.arange, (2, 2, 4, 4, 3, 3, 3))):
            out[n, c, i, j] += at(n, o, 2 * i + u - shift, 2 * j + v - shift) * w[c, o, u, v]
        return out

    dw = torch.zeros_like(w)
    for n, c, i, j, o, u, v in torch.cartesian_prod(*map(torch.arange, (2, 2, 4, 4, 3, 3, 3))):
        dw[c, o, u, v] += x[n, c, i, j] * at(n, o, 2 * i + u - 1, 2 * j + v - 1)
    close = torch.allclose
    return close(dx(1), x.grad), close(dx(0), x.grad), close(dw, w.grad)


def test_each_part_with_its_own_constructor_is_its_own_layer() -> None:
    """Task 1's dilation 2 is its constructor's, not Task 2's; Task 3's constructor sets
    its layer whole (dilation 1), applied to a batch given as a membership in R^{N x C x H x W}."""
    x = torch.tensor([[[[2.0, 1.0], [-1.0, 3.0]]]], dtype=torch.float64)
    w = torch.tensor([[[[1.0, -1.0], [2.0, 0.0]]]], dtype=torch.float64)
    assert F.conv_transpose2d(x, w)[0, 0, 1, 1].item() == 6.0
    assert (
        F.conv_transpose2d(torch.zeros(1, 1, 4, 4), torch.zeros(1, 1, 3, 3), dilation=2).shape[-1]
        == 8
    )
    assert _transposed_truth() == (True, False, True)
    report = check_text(TRANSPOSED_PARTS, "notes.md")
    task2 = [a["text"] for a in report.layers if a["line"] == 9]
    assert task2 and "dilation" not in task2[0], task2  # Task 1's dilation stays there
    found = {v.line: (v.status, v.message) for v in report.verdicts}
    assert found[7][0] == VERIFIED, found[7]
    assert found[19][0] == VERIFIED, found[19]
    assert found[21][0] == WRONG, found[21]
    assert found[23][0] == VERIFIED, found[23]


# ---------------------------------------------------------------- a table row is its own record
def test_a_table_row_does_not_borrow_the_row_above() -> None:
    """Row 2's arithmetic (2 * 2 + 1 = 5, a dilated kernel's extent) is no parameter count of
    the constructor in row 1."""
    assert 64 * (3 * 9 + 1) == 1792
    text = (
        "| # | what | formula | example |\n|---|---|---|---|\n"
        "| 1 | conv parameters | $N_p = C_o\\,(C_i K^2 + 1)$ | `Conv2d(3, 64, 3)`: "
        "$64\\,(3 \\cdot 9 + 1) = 1792$ |\n"
        "| 2 | dilated kernel extent | $K_{ef} = D\\,(K - 1) + 1$ | $K = 3$, $D = 2$: "
        "$2 \\cdot 2 + 1 = 5$ |\n"
    )
    found = _verdicts(text)
    assert found[3][0] == VERIFIED, found[3]
    assert found[4][0] != WRONG, found[4]


# ---------------------------------------------------------------- channels in an operator form
def test_an_operator_form_written_for_single_maps_is_not_wrong() -> None:
    """dX = pad_1(G) * rot180(W) written without channel sums over a 2 -> 3 channel layer:
    read literally W's channel axes do not fit; notes mean single maps, so no verdict."""
    text = (
        "# Review\n\nOne image with 2 channels of size $4 \\times 4$, three filters of size "
        "$2 \\times 2$, stride 1, no padding, 0-based indices; $G = \\partial L/\\partial Y$.\n\n"
        "- Undoing the vec gives the full convolution, $\\dfrac{\\partial L}{\\partial X} = "
        "\\operatorname{pad}_1(G) \\star \\operatorname{rot}_{180}(W)$, where $\\star$ is valid "
        "cross-correlation.\n"
    )
    found = _verdicts(text)
    assert found[5][0] == NOT_UNDERSTOOD, found[5]
    # padded by 2 instead of k - 1 = 1: wrong for every channel pair (a 6x6 map, not 4x4)
    assert (
        F.conv2d(F.pad(torch.zeros(1, 1, 3, 3), (2, 2, 2, 2)), torch.zeros(1, 1, 2, 2)).shape[-1]
        == 6
    )
    found = _verdicts(text.replace("\\operatorname{pad}_1", "\\operatorname{pad}_2"))
    assert found[5][0] == WRONG, found[5]


# ---------------------------------------------------------------- general sizes
def _out(i: int, k: int, p: int, s: int) -> int:
    return F.conv2d(torch.zeros(1, 1, i, i), torch.zeros(1, 1, k, k), stride=s, padding=p).shape[-1]


def test_output_size_letter_bound_from_the_notation_sentence() -> None:
    """ "output size $o$": o is the output side, not a count of channels."""
    assert all(
        _out(i, k, p, s) == (i + 2 * p - k) // s + 1 for i, k, p, s in [(5, 1, 0, 1), (7, 3, 1, 2)]
    )
    text = (
        "# Reading notes\n\n**Notation:** input size $i$, kernel size $k$, stride $s$, zero "
        "padding $p$, output size $o$. Square inputs and kernels, one channel.\n\n"
        "- The general case: $o = \\left\\lfloor \\frac{i + 2p - k}{s} \\right\\rfloor + 1$.\n"
        "- Example ($7 \\times 7$ input, $3 \\times 3$ kernel, stride 2, padding 1): "
        "$o = \\lfloor (7 + 2 - 3)/2 \\rfloor + 1 = 4$.\n"
    )
    found = _verdicts(text)
    assert found[5][0] == VERIFIED, found[5]
    assert found[6][0] == VERIFIED, found[6]


def test_a_claim_restricted_by_its_lead_in_is_not_wrong_for_all_sizes() -> None:
    """ "Stride 1, no padding: dX = pad_{k-1}(G) * rot180(K)" holds in the case it names
    (autograd below); a counterexample at stride 2 is not one of its cases."""
    x = torch.randn(1, 1, 6, 6, dtype=torch.float64, requires_grad=True)
    k = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    y = F.conv2d(x, k)
    g = torch.randn(y.shape, dtype=torch.float64)
    (y * g).sum().backward()
    assert torch.allclose(F.conv2d(F.pad(g, (2, 2, 2, 2)), k.flip(-1, -2)), x.grad)
    text = (
        "# Reading notes\n\n**Notation:** input size $i$, kernel $K$ of size $k$, stride $s$, "
        "padding $p$; $G$ is the incoming gradient and $\\star$ valid cross-correlation.\n\n"
        "- Stride 1, no padding: the input gradient is a full convolution with the flipped "
        "kernel, $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{k-1}(G) \\star "
        "\\operatorname{rot}_{180}(K)$.\n"
    )
    found = _verdicts(text)
    assert found[5][0] != WRONG, found[5]


# ---------------------------------------------------------------- a kernel given beside its indices
CHANNELS_LAST = (
    "# A channels-last convolution\n\n"
    "We follow TensorFlow: tensors are channels-last, $X_{n,i,j,c}$ is sample $n$, row $i$, "
    "column $j$, channel $c$. The input is a batch of 2 images of $6 \\times 6$ pixels with 3 "
    "channels, the kernel $W_{u,v,c,f}$ is $3 \\times 3$ with 3 input channels and 4 filters, "
    "stride 1, no padding. Write $Z_{n,i,j,f}$ for the output and "
    "$\\delta_{n,i,j,f} = \\partial L / \\partial Z_{n,i,j,f}$.\n\n"
    "$$\\frac{\\partial L}{\\partial W_{u,v,c,f}} = \\sum_{n=0}^{1} \\sum_{i=0}^{3} "
    "\\sum_{j=0}^{3} X_{n,\\,i+u,\\,j+v,\\,c}\\; \\delta_{n,i,j,f}$$\n"
)


def test_a_kernel_size_after_its_indexed_letter_is_read() -> None:
    """ "the kernel $W_{u,v,c,f}$ is $3 \\times 3$": the commas of the index list end no
    clause.  Truth: torch autograd in channels-last layout, the sums over a 4x4 output."""
    gen = torch.Generator().manual_seed(5)
    x = torch.randn(2, 6, 6, 3, dtype=torch.float64, generator=gen)
    w = torch.randn(3, 3, 3, 4, dtype=torch.float64, generator=gen, requires_grad=True)
    z = F.conv2d(x.permute(0, 3, 1, 2), w.permute(3, 2, 0, 1)).permute(0, 2, 3, 1)
    delta = torch.randn(z.shape, dtype=torch.float64, generator=gen)
    (z * delta).sum().backward()
    claimed = torch.einsum(
        "nuvijc,nijf->uvcf", x.unfold(1, 4, 1).unfold(2, 4, 1).permute(0, 1, 2, 4, 5, 3), delta
    )
    assert torch.allclose(claimed, w.grad)
    found = _verdicts(CHANNELS_LAST)
    assert found[5][0] == VERIFIED, found[5]
