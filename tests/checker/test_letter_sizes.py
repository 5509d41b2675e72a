"""Size letters the notes bind themselves (checker/letter_sizes.py), a causal 1-D layer's
left-only padding, and a batch of 1-D signals with channels (x[n,c,t], w[o,c,k]).

Truth: torch autograd of torch.nn.functional.conv1d / conv2d, with the causal layer built
as F.pad(x, (d(k-1), 0)) followed by a valid convolution, and hand work on the readers.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.letter_sizes import (
    count_bindings,
    letter_size_facts,
    range_bindings,
    shape_bindings,
)
from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _verdicts(text: str) -> list[tuple[int, str, str]]:
    found = check_text(text, "notes.md").verdicts
    return [(v.line, v.status, v.message) for v in found if v.status != "assumed"]


def _last(text: str) -> str:
    return _verdicts(text)[-1][1]


# ---------------------------------------------------------------- the readers, by hand
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Signal $x[t]$, $t = 0,\\dots,T-1$ with $T = 10$", [("T", "input")]),
        ("kernel $w_k$ for $k = 1, \\ldots, K$", [("K", "kernel")]),
        ("$y(t)$ for $0 \\le t \\le L-1$", [("L", "output")]),
        ("the error $\\delta[i]$, $0 \\le i < M$", [("M", "output")]),
        ("$g[t]$ with $t \\in \\{0, \\dots, T_{out}-1\\}$", [("T_out", "output")]),
        ("$x[t - dk]$, $t = 0,\\dots,T-1$", []),  # not the index alone: no range over x
        ("$x[t]$ and $y[t]$ for $t = 0,\\dots,T-1$", []),  # two roles: which is a guess
        ("$x[t]$, $t = 0,\\dots,T$", []),  # T + 1 entries: not an axis's size
    ],
)
def test_a_range_beside_an_entry_binds_its_letter(line: str, expected: list) -> None:
    assert range_bindings(line) == expected


def test_a_stated_shape_binds_each_axis_letter() -> None:
    line = (
        "a mini-batch $\\mathbf{X} \\in \\mathbb{R}^{N \\times C \\times H \\times W}$ enters "
        "$F$ filters $\\mathbf{K} \\in \\mathbb{R}^{F \\times C \\times R \\times R}$ and "
        "biases $b \\in \\mathbb{R}^{F}$"
    )
    found, tensors = shape_bindings(line)
    assert tensors == {"X", "K", "b"}
    assert set(found) == {
        ("N", "batch"),
        ("C", "in-channels"),
        ("H", "input-height"),
        ("W", "input-width"),
        ("F", "out-channels"),
        ("R", "kernel"),
    }
    # channels last (TensorFlow): N, H, W, C and kh, kw, C_in, C_out
    found, _ = shape_bindings("$X \\in \\mathbb{R}^{B \\times H \\times W \\times C}$")
    assert ("C", "in-channels") in found and ("B", "batch") in found
    # an order the letters do not show is not guessed
    assert shape_bindings("$X \\in \\mathbb{R}^{A \\times B \\times P \\times Q}$")[0] == []


def test_a_letter_of_a_stated_tensor_is_not_a_size() -> None:
    # W is the kernel here, so X's last axis letter W is not bound as a size
    line = "$X \\in \\mathbb{R}^{N \\times C \\times H \\times W}$, $W \\in \\mathbb{R}^{F}$"
    facts = letter_size_facts(line)
    assert facts and "W=" not in facts[0][1]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "$C = 2$ input and $O = 3$ output channels",
            [("C", "in-channels"), ("O", "out-channels")],
        ),
        ("Lote de $B = 2$, $C = 2$ canales de entrada", [("B", "batch"), ("C", "in-channels")]),
        ("a batch of $N = 2$ clips", [("N", "batch")]),
        ("$F = 16$ filters", [("F", "out-channels")]),
        ("a kernel $w$ with $K = 3$ taps", [("K", "kernel")]),
        ("$C = 4$ channels", []),  # input or output: not said
    ],
)
def test_a_count_with_its_word_binds_its_letter(line: str, expected: list) -> None:
    assert count_bindings(line) == expected


# ---------------------------------------------------------------- a causal 1-D layer
_CAUSAL = (
    "# A causal dilated 1-D convolution\n\n"
    "A causal layer pads only on the left. Signal $x[t]$, $t = 0,\\dots,T-1$ with $T = 8$, "
    "kernel $w[k]$, $k = 0,\\dots,K-1$ with $K = 3$, dilation $d = 2$, and $x[t] = 0$ "
    "for $t < 0$:\n\n"
    "$$y[t] = b + \\sum_{{k=0}}^{{K-1}} w[k]\\, x[t - d k], \\qquad t = 0,\\dots,T-1.$$\n\n"
    "With $g[t] = \\partial L/\\partial y[t]$:\n\n$${claim}$$\n"
)


def _causal_truth() -> tuple[torch.Tensor, ...]:
    """y[t] = sum_k w[k] x[t - 2k] (x zero before 0), as torch computes it: the kernel
    flipped over a valid correlation of the input padded by d(K-1) = 4 on the left."""
    torch.manual_seed(1)
    x = torch.randn(1, 1, 8, dtype=torch.float64, requires_grad=True)
    w = torch.randn(3, dtype=torch.float64, requires_grad=True)
    y = F.conv1d(F.pad(x, (4, 0)), w.flip(0).reshape(1, 1, 3), dilation=2)
    g = torch.randn_like(y)
    y.backward(g)
    return x, w, g, y


def test_the_causal_truth_is_the_notes_sum() -> None:
    x, w, g, y = _causal_truth()
    xs, ws, gs = x.detach()[0, 0], w.detach(), g[0, 0]
    at = lambda v, i: v[i] if 0 <= i < len(v) else 0.0  # noqa: E731
    for t in range(8):
        assert torch.isclose(y[0, 0, t], sum(ws[k] * at(xs, t - 2 * k) for k in range(3)))
    for k in range(3):  # dL/dw[k] = sum_t g[t] x[t - dk]
        assert torch.isclose(w.grad[k], sum(gs[t] * at(xs, t - 2 * k) for t in range(8)))
    for s in range(8):  # dL/dx[s] = sum_k w[k] g[s + dk], g zero past T-1
        assert torch.isclose(x.grad[0, 0, s], sum(ws[k] * at(gs, s + 2 * k) for k in range(3)))


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ("\\frac{\\partial L}{\\partial w[k]} = \\sum_{t=0}^{T-1} g[t]\\, x[t - dk]", VERIFIED),
        ("\\frac{\\partial L}{\\partial b} = \\sum_{t=0}^{T-1} g[t]", VERIFIED),
        ("\\frac{\\partial L}{\\partial x[s]} = \\sum_{k=0}^{K-1} w[k]\\, g[s + dk]", VERIFIED),
        # the gradient runs backwards in time, and the dilation stays in the weight's
        ("\\frac{\\partial L}{\\partial x[s]} = \\sum_{k=0}^{K-1} w[k]\\, g[s - dk]", WRONG),
        ("\\frac{\\partial L}{\\partial w[k]} = \\sum_{t=0}^{T-1} g[t]\\, x[t - k]", WRONG),
    ],
)
def test_a_causal_layer_with_its_own_letters(claim: str, expected: str) -> None:
    _causal_truth()  # the formulas above, checked against autograd
    assert _last(_CAUSAL.format(claim=claim)) == expected


def test_a_causal_forward_sum_is_the_definition() -> None:
    found = _verdicts(_CAUSAL.format(claim="g[t] = \\partial L/\\partial y[t]"))
    forward = [status for line, status, _ in found if line == 5]
    assert forward and forward[0] == VERIFIED


# ---------------------------------------------------------------- a batch of signals
_SIGNALS = (
    "# Channels and batch\n\n"
    "Signal length $L = 6$, kernel $K = 3$ taps, a batch of $B = 2$, $C = 2$ input and "
    "$O = 3$ output channels, no padding, stride 1, 0-based, $g = \\partial L/\\partial y$.\n\n"
    "$$y[n,o,t] = b[o] + \\sum_{{c=0}}^{{C-1}}\\sum_{{k=0}}^{{K-1}} w[o,c,k]\\, x[n,c,t+k]$$\n\n"
    "$${claim}$$\n"
)


def test_the_signals_truth() -> None:
    torch.manual_seed(2)
    x = torch.randn(2, 2, 6, dtype=torch.float64, requires_grad=True)
    w = torch.randn(3, 2, 3, dtype=torch.float64, requires_grad=True)
    b = torch.randn(3, dtype=torch.float64, requires_grad=True)
    y = F.conv1d(x, w, b)
    g = torch.randn_like(y)
    y.backward(g)
    dw = torch.einsum("not,nctk->ock", g, x.detach().unfold(2, 3, 1))
    assert torch.allclose(w.grad, dw)
    assert torch.allclose(b.grad, g.sum(dim=(0, 2)))
    assert not torch.allclose(b.grad, g[0].sum(dim=1))  # one sample's sum is not it


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (
            "\\frac{\\partial L}{\\partial w[o,c,k]} = "
            "\\sum_{n=0}^{B-1}\\sum_{t=0}^{L-K} g[n,o,t]\\, x[n,c,t+k]",
            VERIFIED,
        ),
        (
            "\\frac{\\partial L}{\\partial b[o]} = \\sum_{n=0}^{B-1}\\sum_{t=0}^{L-K} g[n,o,t]",
            VERIFIED,
        ),
        # the batch's sum forgotten: the sample index n is free
        ("\\frac{\\partial L}{\\partial b[o]} = \\sum_{t=0}^{L-K} g[n,o,t]", WRONG),
        # summed over the input channels instead of the output channels
        (
            "\\frac{\\partial L}{\\partial x[n,c,s]} = "
            "\\sum_{o=0}^{C-1}\\sum_{k=0}^{K-1} w[o,c,k]\\, g[n,o,s-k]",
            WRONG,
        ),
        (
            "\\frac{\\partial L}{\\partial x[n,c,s]} = "
            "\\sum_{o=0}^{O-1}\\sum_{k=0}^{K-1} w[o,c,k]\\, g[n,o,s-k]",
            VERIFIED,
        ),
    ],
)
def test_a_batch_of_signals_with_channels(claim: str, expected: str) -> None:
    assert _last(_SIGNALS.format(claim=claim)) == expected


def test_a_depthwise_2d_map_is_not_a_signal_batch() -> None:
    # x[c,i,j] with w[c,u,v]: the kernel shares the first index, a 2-D depthwise layer
    from symconv.checker.scan_math import Block, batched_signals

    assert not batched_signals([Block(1, "y[c,i,j] = \\sum_{u,v} w[c,u,v] x[c,i+u,j+v]")])
    assert not batched_signals([Block(1, "z_{f,i,j} = \\sum_{u,v} w_{f,u,v} x_{i+u,j+v}")])
    assert batched_signals([Block(1, "y[n,o,t] = \\sum_{c,k} w[o,c,k] x[n,c,t+k]")])


# ---------------------------------------------------------------- letters of a shape
_SHAPED = (
    "## Gradients\n\nA mini-batch of $N$ images $\\mathbf{{X}} \\in \\mathbb{{R}}^{{N \\times C "
    "\\times H \\times W}}$ enters a layer with $F$ filters $\\mathbf{{K}} \\in "
    "\\mathbb{{R}}^{{F \\times C \\times R \\times R}}$, stride 1, no padding; write "
    "$\\Delta_{{n,f,i,j}} = \\partial L / \\partial Y_{{n,f,i,j}}$. Indices start at $0$.\n\n"
    "$$Y_{{n,f,i,j}} = b_f + \\sum_{{c=0}}^{{C-1}} \\sum_{{u=0}}^{{R-1}} \\sum_{{v=0}}^{{R-1}} "
    "K_{{f,c,u,v}}\\, X_{{n,c,i+u,j+v}}$$\n\n$${claim}$$\n"
)


def test_the_shaped_truth() -> None:
    torch.manual_seed(3)
    x = torch.randn(2, 2, 5, 5, dtype=torch.float64, requires_grad=True)
    k = torch.randn(3, 2, 3, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, k)
    d = torch.randn_like(y)
    y.backward(d)
    # dX[n,c,h,w] = sum_f sum_{u,v} Delta[n,f,h-u,w-v] K[f,c,u,v]: the full correlation
    full = F.conv_transpose2d(d, k)
    assert torch.allclose(x.grad, full)
    flipped = F.conv2d(F.pad(d, (2, 2, 2, 2)), k.flip(2, 3).transpose(0, 1))
    assert torch.allclose(x.grad, flipped)


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (
            "\\frac{\\partial L}{\\partial X_{n,c,h,w}} = \\sum_{f=0}^{F-1} \\sum_{u=0}^{R-1} "
            "\\sum_{v=0}^{R-1} \\Delta_{n,f,h-u,w-v}\\, K_{f,c,u,v}",
            VERIFIED,
        ),
        (  # the flip dropped
            "\\frac{\\partial L}{\\partial X_{n,c,h,w}} = \\sum_{f=0}^{F-1} \\sum_{u=0}^{R-1} "
            "\\sum_{v=0}^{R-1} \\Delta_{n,f,h+u,w+v}\\, K_{f,c,u,v}",
            WRONG,
        ),
    ],
)
def test_letters_of_a_stated_shape(claim: str, expected: str) -> None:
    assert _last(_SHAPED.format(claim=claim)) == expected


def test_channel_letters_are_tried_at_other_channel_counts() -> None:
    # the notes give no counts, so the layer read has C = F = 1, where a sum over the
    # channels is the sum over the filters; at other counts it is not (test_the_shaped_truth:
    # the filters' sum is autograd's), so it is never verified
    claim = (
        "\\frac{\\partial L}{\\partial X_{n,c,h,w}} = \\sum_{f=0}^{C-1} \\sum_{u=0}^{R-1} "
        "\\sum_{v=0}^{R-1} \\Delta_{n,f,h-u,w-v}\\, K_{f,c,u,v}"
    )
    assert _last(_SHAPED.format(claim=claim)) in (WRONG, SIZE_SPECIFIC)


def test_an_unbound_letter_stays_not_understood() -> None:
    text = _SHAPED.format(
        claim="\\frac{\\partial L}{\\partial b_f} = \\sum_{n=0}^{N-1} \\sum_{i=0}^{Q-1} "
        "\\sum_{j=0}^{Q-1} \\Delta_{n,f,i,j}"
    )
    assert _last(text) == NOT_UNDERSTOOD


# ---------------------------------------------------------------- the section's reading
def test_a_heading_names_the_convolution() -> None:
    from symconv.checker.heading_kind import heading_kind

    assert heading_kind("## Conv2D") == [("layer", "conv2d", "prose")]
    assert heading_kind("### 3.2 1-D convolution") == [("layer", "conv1d", "prose")]
    assert heading_kind("## Convolución 2D") == [("layer", "conv2d", "prose")]
    assert heading_kind("## Convolutions") == []  # no dimension: the equations decide
    assert heading_kind("## MaxPool2D") == []
    assert heading_kind("Conv2D in prose") == []  # not a heading


_AFTER_POOL = (
    "# Layers\n\n## MaxPool\n\nA $4\\times 4$ map $X$, max pooling with a $2\\times 2$ window "
    "and stride 2, output $Z$, 0-based.\n\n"
    "$$Z_{{i,j}} = \\max(X_{{2i,2j}}, X_{{2i,2j+1}}, X_{{2i+1,2j}}, X_{{2i+1,2j+1}})$$\n\n"
    "## Conv2D\n\nA $4\\times 4$ input $X$ and a $3\\times 3$ kernel $W$, stride 1, no padding, "
    "0-based, $G = \\partial L/\\partial Z$.\n\n$${claim}$$\n"
)


def test_a_conv_section_after_a_pool_one() -> None:
    torch.manual_seed(4)
    x = torch.randn(1, 1, 4, 4, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w)
    g = torch.randn_like(y)
    y.backward(g)
    dw = torch.stack(
        [
            torch.stack([(g[0, 0] * x[0, 0, u : u + 2, v : v + 2]).sum() for v in range(3)])
            for u in range(3)
        ]
    )
    assert torch.allclose(w.grad[0, 0], dw)
    right = "\\sum_{i=0}^{1}\\sum_{j=0}^{1} G_{i,j}\\, X_{i+u,j+v}"
    assert (
        _last(_AFTER_POOL.format(claim=f"\\frac{{\\partial L}}{{\\partial W_{{u,v}}}} = {right}"))
        == VERIFIED
    )
    wrong = "\\sum_{i=0}^{1}\\sum_{j=0}^{1} G_{i,j}\\, X_{i-u,j-v}"
    assert (
        _last(_AFTER_POOL.format(claim=f"\\frac{{\\partial L}}{{\\partial W_{{u,v}}}} = {wrong}"))
        == WRONG
    )


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("\\partial L/\\partial b_f", "\\sum_{n,i,j} G_{n,f,i,j}", VERIFIED),
        ("\\frac{\\partial L}{\\partial b_f}", "\\sum_{n,i,j} G_{n,f,i,j}", VERIFIED),
        ("\\partial L/\\partial b_f", "\\sum_{i,j} G_{0,f,i,j}", WRONG),  # one sample only
    ],
)
def test_a_bias_gradient_where_the_forward_writes_none(
    left: str, right: str, expected: str
) -> None:
    torch.manual_seed(5)
    x = torch.randn(2, 2, 4, 4, dtype=torch.float64)
    w = torch.randn(3, 2, 3, 3, dtype=torch.float64)
    b = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, b)
    g = torch.randn_like(y)
    y.backward(g)
    assert torch.allclose(b.grad, g.sum(dim=(0, 2, 3)))
    assert not torch.allclose(b.grad, g[0].sum(dim=(1, 2)))
    text = (
        "## Conv2D\n\nA batch of 2 inputs $X$ with 2 channels of $4\\times 4$, 3 filters "
        "$W_{f,c,u,v}$ of $3\\times 3$, stride 1, no padding, 0-based, "
        "$G_{n,f,i,j} = \\partial L/\\partial Z_{n,f,i,j}$.\n\n"
        f"$${left} = {right}$$\n"
    )
    assert _last(text) == expected


def test_the_padded_input_defined_in_symbols() -> None:
    from symconv.checker.padded_names import padded_letters

    assert padded_letters(
        "we write $\\tilde{\\mathbf{X}} = \\operatorname{pad}_P(\\mathbf{X})$"
    ) == {
        "x",
        "X",
    }
    assert padded_letters("$\\tilde G = \\operatorname{pad}_1(G)$") == frozenset()  # not the input
    assert padded_letters("$\\tilde X = \\operatorname{pad}_1(W)$") == frozenset()


def test_a_dense_batch_as_rows() -> None:
    found, _ = shape_bindings("$X \\in \\mathbb{R}^{B \\times D}$")
    assert found == [("B", "batch"), ("D", "in-features")]


_FORUM = (
    "**Re: backprop through a conv layer**\n\n"
    "Say your input $X$ is $5\\times 5$ and your kernel $K$ is $3\\times 3$, stride 1, no "
    "padding, 0-indexed. Forward is $Y_{{ij}} = \\sum_{{a=0}}^{{2}}\\sum_{{b=0}}^{{2}} "
    "X_{{i+a,j+b}}K_{{ab}} + c$. Call the upstream grad "
    "$G_{{ij}} = \\partial L/\\partial Y_{{ij}}$.\n\n"
    "Bias: $\\partial L/\\partial c = {bias}$.\n\n"
    "edit: max pool is the easy one. $2\\times2$ window, everything goes to the max.\n"
)


@pytest.mark.parametrize(
    ("bias", "expected"),
    [("\\sum_{i,j} G_{ij}", VERIFIED), ("\\frac{1}{9}\\sum_{i,j} G_{ij}", WRONG)],
)
def test_a_forum_edit_is_its_own_case_and_c_the_named_bias(bias: str, expected: str) -> None:
    # the bias c is added to all 9 outputs: its gradient is G's sum (autograd)
    torch.manual_seed(6)
    x = torch.randn(1, 1, 5, 5, dtype=torch.float64)
    k = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    c = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, k, c)
    g = torch.randn_like(y)
    y.backward(g)
    assert torch.allclose(c.grad, g.sum().reshape(1))
    found = _verdicts(_FORUM.format(bias=bias))
    assert [s for line, s, _ in found if line == 5] == [expected]
    # the addendum's max pooling does not make the answer's layer a pooling
    assert [s for line, s, _ in found if line == 3] == [VERIFIED, VERIFIED]


def test_a_bold_channels_paragraph_is_its_own_layer() -> None:
    # one signal first, then "**Channels and batch.**": the counts of the second are not
    # the first's (its dL/dw[k] of one signal stays verified: autograd in _causal_truth's
    # style, here without padding)
    torch.manual_seed(7)
    x = torch.randn(1, 1, 10, dtype=torch.float64)
    w = torch.randn(1, 1, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv1d(x, w, dilation=2)
    g = torch.randn_like(y)
    y.backward(g)
    dw = torch.stack([(g[0, 0] * x[0, 0, 2 * k : 2 * k + 6]).sum() for k in range(3)])
    assert torch.allclose(w.grad[0, 0], dw)
    text = (
        "Input $x$ of length $L = 10$, a kernel $w$ with $K = 3$ taps, dilation $d = 2$, "
        "stride 1, no padding, 0-indexed, $g[t] = \\partial E / \\partial y[t]$:\n\n"
        "$$y[t] = \\sum_{k=0}^{2} w[k] \\, x[t + 2k]$$\n\n"
        "$$\\frac{\\partial E}{\\partial w[k]} = \\sum_{t=0}^{5} g[t] \\, x[t + 2k]$$\n\n"
        "**Channels and batch.** With a batch of $N = 3$ sequences, $C_{in} = 4$ input "
        "channels and $C_{out} = 8$ output channels:\n\n"
        "$$\\frac{\\partial E}{\\partial w_{o,c,k}} = \\sum_{n=0}^{2} \\sum_{t=0}^{5} "
        "g_{n,o,t} \\, x_{n,c,t+2k}$$\n"
    )
    found = _verdicts(text)
    assert [s for line, s, _ in found if line == 5] == [VERIFIED]
