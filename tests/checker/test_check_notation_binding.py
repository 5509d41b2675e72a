"""Notation the notes define and the checker binds to the layer's quantities: a delta
defined through an activation's derivative (a product after a thin space), the padded
input's size (not the input's), the upright differential d (\\mathrm{d}X, \\text{d}Y, {\\rm
d}W), a claim under a supposed other layer, the full convolution under one name
(full\\_conv), chains of operator forms, the input's size name and its output's (N,
N_out), Delta as the matrix of the deltas, \\#param, a pooling section's own letters (g =
dL/dp, the map A and its entries a_{k,l}, the matrix G), setext headings.

Each capability has correct claims (which must be verified) and deliberately wrong ones
(which must be caught, or left not understood where the reading would be a guess); the
expected verdict of each claim is decided here by torch autograd (float64) on the formula
the claim writes, never by symconv."""

from __future__ import annotations

import itertools

import pytest

from symconv.checker.prose import prose_facts
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _verdicts(note: str) -> dict[int, list]:
    found: dict[int, list] = {}
    for v in check_text(note, "note.md").verdicts:
        found.setdefault(v.line, []).append(v)
    return found


def _one(note: str, line: int):
    got = _verdicts(note).get(line, [])
    assert len(got) == 1, (line, [(v.source, v.status, v.message) for v in got])
    return got[0]


def _conv(h: int, k: int, stride: int = 1, padding: int = 0, seed: int = 0):
    """x, w, upstream g, and the autograd gradients dx, dw of one single-channel conv."""
    gen = torch.Generator().manual_seed(seed + 7 * h + k)
    x = torch.randn((1, 1, h, h), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((1, 1, k, k), generator=gen, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, stride=stride, padding=padding)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return x.detach(), w.detach(), g, x.grad, w.grad


def _expected(holds: bool) -> str:
    return VERIFIED if holds else WRONG


def _close(a, b) -> bool:
    return a.shape == b.shape and bool(torch.allclose(a, b, atol=1e-9))


# ---------------------------------------------------------------- delta through a ReLU
def _dw_offset_holds(offset) -> bool:
    x, _, g, _, dw = _conv(4, 2)
    for m, n in itertools.product(range(2), repeat=2):
        total = sum(
            (g[0, 0, i, j] * x[0, 0][offset(i, j, m, n)]).item()
            for i, j in itertools.product(range(3), repeat=2)
        )
        if abs(total - dw[0, 0, m, n].item()) > 1e-9:
            return False
    return True


@pytest.mark.parametrize(
    "written, offset",
    [
        ("x_{{i+m,j+n}}", lambda i, j, m, n: (i + m, j + n)),
        ("x_{{i+n,j+m}}", lambda i, j, m, n: (i + n, j + m)),  # the kernel's axes swapped
        ("x_{{i-m,j-n}}", lambda i, j, m, n: (i - m, j - n)),  # a convolution's index
    ],
)
@pytest.mark.parametrize(
    "definition",
    [
        r"$\delta_{i,j}=\frac{\partial E}{\partial a_{i,j}}\,\mathbb{1}(z_{i,j}>0)$",
        r"$\delta_{i,j} = \frac{\partial E}{\partial a_{i,j}} \, \mathbf{1}[z_{i,j} > 0]$",
    ],
)
def test_delta_defined_through_the_relu_is_the_pre_activation_gradient(definition, written, offset):
    """``\\delta = \\partial E/\\partial a\\, 1(z>0)``: the thin space starts a product, so
    delta is dE/dz (the layer's G), not dE/da; claims with it are judged."""
    note = (
        "Input $x$ is $4\\times 4$, kernel $w$ is $2\\times 2$, stride 1, no padding, "
        "no bias, indices from 0. $E$ is the loss and $\\delta_{i,j}=\\partial E/\\partial "
        "z_{i,j}$.\n\nA ReLU follows, $a=\\max(0,z)$, and the " + definition + ".\n\n"
        "$$\\frac{\\partial E}{\\partial w_{m,n}}=\\sum_{i=0}^{2}\\sum_{j=0}^{2}"
        "\\delta_{i,j}\\," + written.format() + "$$\n"
    )
    # a wrong index may read past x's end: the checker names it, never verifies it
    holds = all(
        0 <= r < 4 and 0 <= c < 4
        for i, j, m, n in itertools.product(range(3), range(3), range(2), range(2))
        for r, c in [offset(i, j, m, n)]
    ) and _dw_offset_holds(offset)
    assert _one(note, 5).status == _expected(holds)


# ---------------------------------------------------------------- the padded input's size
@pytest.mark.parametrize(
    "sentence",
    [
        r"The padded input $\tilde{X}$ is $7\times7$.",
        r"The zero-padded input is $7\times 7$.",
        r"After zero padding the input is $7\times7$.",
        r"a $5\times 5$ input, padded to $7\times 7$",
        r"la entrada rellenada es de $7\times7$",
    ],
)
def test_the_padded_input_size_is_not_the_input_size(sentence):
    assert ("input", "7x7", "prose") not in prose_facts(sentence)


def test_a_padded_input_sentence_leaves_the_layer_input():
    # torch: a 5x5 input, 3x3 kernel, stride 2, padding 1 gives a 3x3 output
    x, w, *_ = _conv(5, 3, stride=2, padding=1)
    out = F.conv2d(x, w, stride=2, padding=1).shape[-1]
    note = (
        "Input $X$ is $5\\times5$, kernel $W$ is $3\\times3$, stride 2, padding 1, no bias. "
        "The padded input $\\tilde{X}$ is $7\\times7$.\n\n"
        f"$$H_{{out}} = \\frac{{5 + 2 - 3}}{{2}} + 1 = {out}$$\n\n"
        f"$$H_{{out}} = \\frac{{5 + 2 - 3}}{{2}} + 1 = {out + 1}$$\n"
    )
    assert _one(note, 3).status == VERIFIED
    assert _one(note, 5).status == WRONG


# ---------------------------------------------------------------- the upright differential
def _dx_forms() -> dict[str, bool]:
    """dX = pad_1(dY) star rot180(W) and the unrotated kernel, at 4x4 input, kernel 2."""
    _, w, g, dx, _ = _conv(4, 2)
    padded = F.pad(g, (1, 1, 1, 1))
    return {
        "\\operatorname{rot180}(W)": _close(F.conv2d(padded, torch.flip(w, (2, 3))), dx),
        "W": _close(F.conv2d(padded, w), dx),
    }


@pytest.mark.parametrize("d", [r"\mathrm{d}", r"\text{d}", r"{\rm d}", r"\mathrm d ", "d"])
@pytest.mark.parametrize("kernel, holds", list(_dx_forms().items()))
def test_the_upright_d_is_the_differential(d, kernel, holds):
    note = (
        "Input $X$ is $4\\times4$, kernel $W$ is $2\\times2$, stride 1, no padding, no "
        "bias; $Y$ is the output.\n\n"
        f"$${d}X=\\operatorname{{pad}}_1({d}Y)\\star {kernel}$$\n"
    )
    assert _one(note, 3).status == _expected(holds)


def test_an_upright_d_entry_claim():
    _, w, g, dx, _ = _conv(4, 2)
    truth = (g[0, 0, 2, 2] * w[0, 0, 1, 1]).item()
    assert abs(truth - dx[0, 0, 3, 3].item()) < 1e-12  # the corner sees one output
    note = (
        "Input $X$ is $4\\times4$, kernel $K$ is $2\\times2$, stride 1, no padding, no "
        "bias; $Y$ is the output, indices from 0.\n\n"
        "$$\\mathrm{d}X_{3,3}=\\mathrm{d}Y_{2,2}K_{1,1}$$\n\n"
        "$$\\mathrm{d}X_{3,3}=\\mathrm{d}Y_{2,2}K_{0,0}$$\n"
    )
    assert _one(note, 3).status == VERIFIED
    assert _one(note, 5).status == WRONG


# ---------------------------------------------------------------- a supposed other layer
@pytest.mark.parametrize(
    "supposition",
    [
        "If we had used padding 1 in the forward pass, the same",
        "Had we used stride 2, the same",
        "Si hubiéramos usado relleno 1, la misma fórmula",
    ],
)
def test_a_claim_under_a_supposed_layer_is_not_judged(supposition):
    """At padding 1 the true dX is pad_0(dY) star rot180(W) (pad_{k-1-p}): the claim below,
    right for the notes' padding 0, is wrong for the supposed layer; it is not read."""
    _, w, g, dx, _ = _conv(4, 2, padding=1)
    assert _close(F.conv2d(g, torch.flip(w, (2, 3))), dx)
    note = (
        "Input $X$ is $4\\times4$, kernel $W$ is $2\\times2$, stride 1, no padding, no "
        "bias; $Y$ is the output.\n\n"
        f"{supposition} $dX=\\operatorname{{pad}}_1(dY)\\star\\operatorname{{rot180}}(W)$ "
        "would give the right size.\n\n"
        "$$dX=\\operatorname{pad}_1(dY)\\star\\operatorname{rot180}(W)$$\n"
    )
    assert _one(note, 3).status == NOT_UNDERSTOOD
    assert _one(note, 5).status == _expected(_dx_forms()["\\operatorname{rot180}(W)"])


# ---------------------------------------------------------------- full_conv and chains
def _full_forms() -> dict[str, bool]:
    """The full convolution of dY with W (= pad_{k-1}(dY) star rot180(W)) at input 5x5,
    kernel 3, and the forms students write."""
    _, w, g, dx, _ = _conv(5, 3)
    full_conv = F.conv2d(F.pad(g, (2, 2, 2, 2)), torch.flip(w, (2, 3)))
    full_corr = F.conv2d(F.pad(g, (2, 2, 2, 2)), w)
    return {
        r"\operatorname{full\_conv}(dY, W)": _close(full_conv, dx),
        r"\text{full\_conv}(dY, W)": _close(full_conv, dx),
        r"\operatorname{conv\_full}(dY, W)": _close(full_conv, dx),
        r"\operatorname{fullconv}(dY, W)": _close(full_conv, dx),
        r"\operatorname{full\_corr}(dY, \operatorname{rot180}(W))": _close(full_conv, dx),
        r"\operatorname{full\_conv}(dY, \operatorname{rot180}(W))": _close(full_corr, dx),
    }


_LAYER_5 = (
    "Input $X$ is $5\\times5$, kernel $W$ is $3\\times3$, stride 1, no padding, no bias; "
    "$Y$ is the output.\n\n"
)


def _as_correlation(form: str) -> bool:
    """Whether the form holds when its "conv" is the cross-correlation deep-learning notes
    call a convolution (full_conv(dY, rot180(W)) is then pad_2(dY) star rot180(W))."""
    if "conv" not in form:
        return False
    _, w, g, dx, _ = _conv(5, 3)
    kernel = torch.flip(w, (2, 3)) if "rot180" in form else w
    return _close(F.conv2d(F.pad(g, (2, 2, 2, 2)), kernel), dx)


@pytest.mark.parametrize("form, holds", list(_full_forms().items()))
def test_the_full_convolution_under_one_name(form, holds):
    note = _LAYER_5 + f"$$dX = {form}$$\n"
    found = _one(note, 3)
    if not holds and _as_correlation(form):  # notes that never say which "conv" they mean
        assert found.status == NOT_UNDERSTOOD and "cross-correlation" in found.message
    else:
        assert found.status == _expected(holds)


def _sides() -> dict[str, bool]:
    _, w, g, dx, _ = _conv(5, 3)
    rot = torch.flip(w, (2, 3))
    return {
        r"\operatorname{pad}_2(dY)\star\operatorname{rot180}(W)": _close(
            F.conv2d(F.pad(g, (2, 2, 2, 2)), rot), dx
        ),
        r"dY\star\operatorname{rot180}(W)": _close(F.conv2d(g, rot), dx),
        r"\operatorname{pad}_1(dY)\star\operatorname{rot180}(W)": _close(
            F.conv2d(F.pad(g, (1, 1, 1, 1)), rot), dx
        ),
    }


@pytest.mark.parametrize("third, holds", list(_sides().items()))
def test_a_chain_of_operator_forms_is_judged_side_by_side(third, holds):
    assert _full_forms()[r"\operatorname{full\_conv}(dY, W)"]
    note = _LAYER_5 + f"$$dX = \\operatorname{{full\\_conv}}(dY, W) = {third}$$\n"
    verdict = _one(note, 3)
    assert verdict.status == _expected(holds)
    if not holds:
        assert "side 3 of 3 differs" in verdict.message


def test_a_chain_with_a_side_not_read_and_a_wrong_side_is_not_understood():
    """Which link the mistake is in is unknown when a middle side is not read."""
    assert not _sides()[r"dY\star\operatorname{rot180}(W)"]
    note = _LAYER_5 + ("$$dX = \\operatorname{blur}(dY, W) = dY\\star\\operatorname{rot180}(W)$$\n")
    verdict = _one(note, 3)
    assert verdict.status == NOT_UNDERSTOOD
    assert "side 3 of 3 differs" in verdict.message


# ---------------------------------------------------------------- conv, ReLU, then a pool
def test_conv_claims_beside_a_pool_after_the_relu():
    """ "Then $A = \\text{ReLU}(O)$, and a 2x2 max pooling gives a $2\\times2$ map $P$": the
    section describes two layers; the convolution's claims are judged with it."""
    x, _, g, _, dw = _conv(6, 3)
    forms = {
        r"X \star \frac{\partial L}{\partial O}": _close(F.conv2d(x, g), dw),
        # the operands swapped: a 6x6 map does not slide inside a 4x4 one
        r"\frac{\partial L}{\partial O} \star X": False,
    }
    note = (
        "Our input $X$ is a $6\\times 6$ patch, the filter $F$ is $3\\times 3$, stride 1, no "
        "padding, no bias. Indices start at 1. The output $O$ is $4 \\times 4$.\n\n"
        "Then $A = \\text{ReLU}(O)$, and a $2\\times2$ max pooling with stride 2 gives a "
        "$2\\times 2$ map $P$.\n\n"
        + "\n\n".join(f"$$\\frac{{\\partial L}}{{\\partial F}} = {f}$$" for f in forms)
        + "\n"
    )
    for k, holds in enumerate(forms.values()):
        assert _one(note, 5 + 2 * k).status in ((VERIFIED,) if holds else (WRONG, NOT_UNDERSTOOD))
    assert _one(note, 5).status == VERIFIED


# ---------------------------------------------------------------- N and N_out
@pytest.mark.parametrize(
    "formula, holds",
    [
        (r"\left\lfloor \frac{N + 2p - f}{s} \right\rfloor + 1", True),
        (r"\left\lfloor \frac{N + p - f}{s} \right\rfloor + 1", False),
    ],
)
@pytest.mark.parametrize("out", ["N_{out}", "N_{\\text{out}}", "N'"])
def test_the_output_size_named_after_the_input_size(formula, holds, out):
    # torch: the output side of a 6x6 input, 3x3 kernel, padding 1, stride 1
    x, w, *_ = _conv(6, 3, padding=1)
    side = F.conv2d(x, w, padding=1).shape[-1]
    assert (side == (6 + 2 * 1 - 3) // 1 + 1) and (side != (6 + 1 - 3) // 1 + 1)
    note = (
        "Our input $X$ is a $6\\times 6$ patch, the filter is $3\\times 3$, stride 1, "
        "padding 1, no bias (input size $N$, filter $f$, padding $p$, stride $s$).\n\n"
        f"$${out} = {formula}$$\n"
    )
    status = _one(note, 3).status
    assert status == VERIFIED if holds else status in (WRONG, "size-specific")


# ---------------------------------------------------------------- Delta, the deltas' matrix
@pytest.mark.parametrize(
    "named",
    [
        r"$\Delta$ (the $3\times3$ matrix of $\delta$'s)",
        r"the matrix $\Delta$ of the $\delta_{i,j}$",
        r"$\boldsymbol{\Delta}$ the $3\times3$ map of $\delta_{i,j}$",
    ],
)
@pytest.mark.parametrize("kernel, holds", list(_dx_forms().items()))
def test_delta_capital_named_the_matrix_of_deltas(named, kernel, holds):
    note = (
        "Input $X$ is $4\\times4$, kernel $W$ is $2\\times2$, stride 1, no padding, no "
        "bias. $E$ is the loss and $\\delta_{i,j}=\\partial E/\\partial z_{i,j}$. We write "
        f"{named}.\n\n"
        "$$\\frac{\\partial E}{\\partial X}=\\operatorname{pad}_1(\\Delta)\\star "
        f"{kernel}$$\n"
    )
    assert _one(note, 3).status == _expected(holds)


# ---------------------------------------------------------------- counts
@pytest.mark.parametrize("name", [r"\#\text{param}", r"\#\text{parameters}", r"N_{\text{param}}"])
def test_parameter_count_names(name):
    count = sum(p.numel() for p in torch.nn.Conv2d(1, 1, 3).parameters())  # 10
    note = (
        "Input $X$ is $7\\times7$ (one channel), kernel $W$ is $3\\times3$, bias $b$, stride 2, "
        "padding 1.\n\n"
        f"$${name}=3\\cdot3+1={count}$$\n\n"
        f"$${name}=3\\cdot3={count - 1}$$\n"
    )
    assert _one(note, 3).status == VERIFIED
    assert _one(note, 5).status == WRONG


def test_a_channel_count_where_the_layer_read_has_one_channel():
    """ "$C = 4$ channels" where the layer read has one channel (a depthwise layer the
    reader does not take): the count with C is never called wrong."""
    depthwise = torch.nn.Conv2d(4, 4, 3, groups=4)
    count = sum(p.numel() for p in depthwise.parameters())  # 40
    note = (
        "Setup: $C = 4$ channels, $6 \\times 6$ each, kernel $K = 3$, stride 1, no padding.\n\n"
        "Each channel has its own $3 \\times 3$ filter; the weight tensor is "
        "$C \\times 1 \\times 3 \\times 3$.\n\n"
        f"Parameters: $C K^2 + C = 4 \\cdot 9 + 4 = {count}$.\n"
    )
    for v in _verdicts(note).get(5, []):
        assert v.status != WRONG, v.message


# ---------------------------------------------------------------- a pooling section's letters
def _avg_pool_forms() -> dict[str, bool]:
    gen = torch.Generator().manual_seed(3)
    a = torch.randn((1, 1, 4, 4), generator=gen, dtype=torch.float64, requires_grad=True)
    p = F.avg_pool2d(a, 2, 2)
    g = torch.randn(p.shape, generator=gen, dtype=torch.float64)
    (p * g).sum().backward()
    da = a.grad[0, 0]
    floor = all(
        abs(da[k, m].item() - g[0, 0, k // 2, m // 2].item() / 4) < 1e-12
        for k, m in itertools.product(range(4), repeat=2)
    )
    ceil = all(
        -(-k // 2) < 2
        and -(-m // 2) < 2
        and abs(da[k, m].item() - g[0, 0, -(-k // 2), -(-m // 2)].item() / 4) < 1e-12
        for k, m in itertools.product(range(4), repeat=2)
    )
    kron = _close(torch.kron(g[0, 0], torch.ones((2, 2), dtype=torch.float64)) / 4, da)
    kron_half = _close(torch.kron(g[0, 0], torch.ones((2, 2), dtype=torch.float64)) / 2, da)
    return {
        r"\frac{\partial L}{\partial a_{k,l}} = \frac{1}{4} \, g_{\lfloor k/2 \rfloor,\, "
        r"\lfloor l/2 \rfloor}": floor,
        r"\frac{\partial L}{\partial a_{k,l}} = \frac{1}{4} \, g_{\lceil k/2 \rceil,\, "
        r"\lceil l/2 \rceil}": ceil,
        r"\frac{\partial L}{\partial A} = \frac{1}{4} \, G \otimes \mathbf{1}_{2 \times 2},": kron,
        r"\frac{\partial L}{\partial A} = \frac{1}{2} \, G \otimes \mathbf{1}_{2 \times 2}": (
            kron_half
        ),
    }


@pytest.mark.parametrize("claim, holds", list(_avg_pool_forms().items()))
def test_a_pooling_section_with_its_own_letters(claim, holds):
    """Setext headings start sections; the map $A$ is the pool's input (its entries a_{k,l},
    the capital by its small letter), g = dL/dp names G and p the pooled output, and G the
    matrix of the g's."""
    note = (
        "Pooling, backward\n=================\n\n"
        "We use indices that begin in 0, the map of entrance is $A$, of size $4 \\times 4$, "
        "and we call $g_{i,j} = \\frac{\\partial L}{\\partial p_{i,j}}$ the gradient that "
        "comes from the layer above.\n\n"
        "1) Average pooling 2x2 with stride 2\n------------------------------------\n\n"
        f"$${claim}$$\n"
    )
    status = _one(note, 9).status
    assert status == VERIFIED if holds else status in (WRONG, NOT_UNDERSTOOD)
    if not holds and "otimes" in claim:
        assert status == WRONG


# ---------------------------------------------------------------- a scaled forward pass
@pytest.mark.parametrize("scale", ["\\Delta ", "\\alpha\\, ", ""])
def test_a_forward_pass_scaled_by_a_constant(scale):
    """y_n = Delta sum_k w_k x_{n+k}: every gradient is Delta times the unscaled layer's,
    so the claim dropping Delta is wrong for the notes' layer (torch, Delta = 0.1); it is
    never verified against the unscaled layer.  Without the factor it is verified."""
    gen = torch.Generator().manual_seed(5)
    x = torch.randn((1, 1, 8), generator=gen, dtype=torch.float64)
    w = torch.randn((1, 1, 3), generator=gen, dtype=torch.float64, requires_grad=True)
    factor = 0.1 if scale else 1.0
    y = factor * F.conv1d(x, w)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    dropped = torch.stack([sum(g[0, 0, n] * x[0, 0, n + k] for n in range(6)) for k in range(3)])
    holds = _close(dropped, w.grad[0, 0])
    note = (
        "The input $x$ is of length 8, the kernel $w$ of length 3, stride 1, no padding, no "
        "bias; $g_n = \\partial E / \\partial y_n$, indices from 0.\n\n"
        f"$$y_n = {scale}\\sum_{{k=0}}^{{2}} w_k\\, x_{{n+k}}$$\n\n"
        "$$\\frac{\\partial E}{\\partial w_k} = \\sum_{n=0}^{5} g_n\\, x_{n+k}$$\n"
    )
    status = _one(note, 5).status
    assert status == VERIFIED if holds else status == NOT_UNDERSTOOD


def test_a_loss_letter_beside_a_tensor_is_not_a_size():
    """vec(Y) = C vec(X): C is a matrix here, never the channel count."""
    note = (
        "Take a $4\\times 4$ input $X$ and a $3\\times 3$ kernel $K$, stride 1, no padding, "
        "no bias; there is a $4\\times 16$ matrix $C$ with "
        "$\\operatorname{vec}(Y) = C\\,\\operatorname{vec}(X)$.\n"
    )
    for v in _verdicts(note).get(1, []):
        assert v.status != WRONG, v.message
