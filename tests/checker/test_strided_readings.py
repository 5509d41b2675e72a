"""Strided layers as notes write them: a PyTorch constructor in a code block, the padding
said as a verb, a toolbox that defines ``*`` as true convolution, a size claim about
another configuration, a sum bounded by a size past its tensor, sizes only assumed.

Truth from torch (output shapes, autograd) and hand work; each capability in several
spellings, and the mistakes (must-fail) are never verified.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.code_layers import code_block_facts, input_shape_facts
from symconv.checker.prose_padding import padding_phrases
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.sentence_config import other_configuration
from symconv.checker.star_definitions import star_is_true_convolution


def _verdicts(text: str) -> dict[int, str]:
    """The status of each claim by line (the last verdict of a line)."""
    found = check_text(text, "notes.md").verdicts
    return {v.line: v.status for v in found if v.status != "assumed"}


def _transposed_side(k: int, s: int, p: int, side: int, out_pad: int = 0) -> int:
    layer = torch.nn.ConvTranspose2d(1, 1, k, stride=s, padding=p, output_padding=out_pad)
    return int(layer(torch.zeros(1, 1, side, side)).shape[-1])


# ---------------------------------------------------------------- constructors
@pytest.mark.parametrize(
    "call",
    [
        "nn.ConvTranspose2d(in_channels=16, out_channels=8, kernel_size=4, stride=2, padding=1)",
        "nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1)",
        "torch.nn.ConvTranspose2d(16, 8, (4, 4), 2, 1)",
        "nn.ConvTranspose2d(16, 8, kernel_size=4, stride=(2, 2), padding=1, bias=True)",
    ],
)
def test_a_constructor_in_a_code_block_states_the_layer(call: str) -> None:
    facts = dict((k, v) for k, v, _ in code_block_facts(f"up = {call}\n"))
    assert facts["layer"] == "conv_transpose2d"
    assert (facts["kernel"], facts["stride"], facts["padding"]) == ("4x4", "2", "1")
    assert facts["output-padding"] == "0" and facts["dilation"] == "1"  # PyTorch's defaults
    assert (facts["in-channels"], facts["out-channels"]) == ("16", "8")


def test_a_code_block_that_builds_a_network_states_no_single_layer() -> None:
    block = "net = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Conv2d(8, 16, 3))\n"
    assert code_block_facts(block) == []
    assert code_block_facts("conv = nn.Conv2d(3, 8, 3, padding='same')\n") == []


@pytest.mark.parametrize(
    "line",
    [
        "and the input is `(batch, 16, 16, 16)`.",
        "The input has shape (N, 16, 16, 16) in NCHW.",
    ],
)
def test_an_input_tuple_states_channels_and_sides(line: str) -> None:
    assert sorted((k, v) for k, v, _ in input_shape_facts(line)) == [
        ("in-channels", "16"),
        ("input", "16x16"),
    ]


_QA = (
    "**Why is my output 32x32?**\n\nThe layer is\n\n```python\n{call}\n```\n\n"
    "and the input is `(batch, 16, 16, 16)`.\n\n"
    "$$H_{{out}} = (16 - 1)\\cdot 2 - 2\\cdot 1 + 4 = 32$$\n\n"
    "The combination doubles the size for every input:\n\n$$H_{{out}} = 2 H_{{in}}$$\n\n"
    "I first computed $$H_{{out}} = (16 - 1)\\cdot 2 + 4 = 34$$ and was surprised.\n\n"
    "Careful, kernel 3, stride 2, padding 1 does not do the same. With `output_padding=0` "
    "I still expected $H_{{out}} = 2 H_{{in}}$ for kernel 3.\n"
)


@pytest.mark.parametrize(
    "call",
    [
        "up = nn.ConvTranspose2d(in_channels=16, out_channels=8, kernel_size=4, stride=2, "
        "padding=1)",
        "up = nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1)",
    ],
)
def test_transposed_sizes_are_judged_with_the_constructed_layer(call: str) -> None:
    # torch: kernel 4, stride 2, padding 1 doubles every side; kernel 3 gives 2H - 1
    assert all(_transposed_side(4, 2, 1, h) == 2 * h for h in range(1, 20))
    assert _transposed_side(4, 2, 1, 16) == 32 != 34
    assert _transposed_side(3, 2, 1, 16) == 31
    text = _QA.format(call=call)
    found = _verdicts(text)
    lines = text.split("\n")
    at = {k + 1: line for k, line in enumerate(lines)}
    by_text = {at[n]: s for n, s in found.items()}
    assert by_text["$$H_{out} = (16 - 1)\\cdot 2 - 2\\cdot 1 + 4 = 32$$"] == VERIFIED
    assert by_text["$$H_{out} = 2 H_{in}$$"] == VERIFIED
    assert [s for t, s in by_text.items() if "= 34" in t] == [WRONG]
    # the kernel-3 claim: its sentence names another kernel; never verified
    assert next(s for t, s in by_text.items() if "for kernel 3" in t) != VERIFIED


@pytest.mark.parametrize(
    ("sentence", "differs"),
    [
        ("I still expected $H_{out} = 2 H_{in}$ for kernel 3 and had to crop.", True),
        ("With kernel_size=3 the formula gives one less.", True),
        ("With stride 1 it would not shrink at all.", True),
        ("Kernel 4, stride 2, padding 1 doubles the size.", False),
        ("The layer's 3 outputs are summed.", False),
    ],
)
def test_a_sentence_naming_another_configuration(sentence: str, differs: bool) -> None:
    layer = {"k": 4, "stride": 2, "pad": 1, "out_pad": 0, "transposed": 1}
    assert (other_configuration(sentence, "", layer) is not None) is differs


# ---------------------------------------------------------------- padding as a verb
@pytest.mark.parametrize(
    ("line", "amount"),
    [
        ("Now let the layer pad the input by 1.", "1"),
        ("We pad the image with two rows of zeros.", "2"),
        ("The input is zero-padded by one pixel on every side.", "1"),
        ("Use one pixel of zero padding.", "1"),
        ("Rellenamos la entrada con una fila de ceros.", "1"),
    ],
)
def test_the_padding_said_as_a_verb(line: str, amount: str) -> None:
    assert padding_phrases(line) == [("padding", amount, "prose")]


@pytest.mark.parametrize(
    "line",
    [
        "Dilate $G$ to $5\\times 5$, pad it by two (kernel size minus one).",
        "Pad the gradient with 2 zeros before correlating.",
        "pad G by one",
    ],
)
def test_padding_a_gradient_is_not_the_layers_padding(line: str) -> None:
    assert padding_phrases(line) == []


_PADDED_SECTION = (
    "# Strided backward\n\n## The layer\n\nInput $X$ is $7\\times 7$, kernel $W$ is "
    "$3\\times 3$, stride 2, no padding, scalar bias $b$. The upstream gradient "
    "$G = \\partial L/\\partial Y$ is $3\\times 3$.\n\n"
    "$$\\frac{{\\partial L}}{{\\partial W}} = X \\star \\operatorname{{dilate}}_2(G)$$\n\n"
    "## Adding padding\n\n{verb} The output grows to "
    "$\\lfloor (7 + 2 - 3)/2 \\rfloor + 1 = 4$.\n\n"
    "$$\\frac{{\\partial L}}{{\\partial W}} = \\operatorname{{pad}}_1(X) \\star "
    "\\operatorname{{dilate}}_2(G)$$\n\n"
    "$$\\frac{{\\partial L}}{{\\partial X}} = \\operatorname{{pad}}_1\\big("
    "\\operatorname{{dilate}}_2(G)\\big) \\star \\operatorname{{rot}}_{{180}}(W)$$\n\n"
    "The padding forgotten: $\\frac{{\\partial L}}{{\\partial W}} = X \\star "
    "\\operatorname{{dilate}}_2(G)$.\n"
)


def _strided_gradients(padding: int) -> tuple[torch.Tensor, ...]:
    torch.manual_seed(0)
    x = torch.randn(1, 1, 7, 7, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, stride=2, padding=padding)
    g = torch.randn_like(y)
    y.backward(g)
    return x, w, g, y


@pytest.mark.parametrize(
    "verb",
    [
        "Now let the layer pad the input by 1.",
        "From here on the input is zero-padded by one pixel.",
        "Now the layer has padding 1.",
    ],
)
def test_a_section_that_pads_the_input_is_judged_with_its_padding(verb: str) -> None:
    x, w, g, y = _strided_gradients(1)
    assert y.shape[-1] == 4
    dilated = torch.zeros(1, 1, 7, 7, dtype=torch.float64)
    dilated[..., ::2, ::2] = g
    # dL/dW = pad_1(X) star dilate_2(G), dL/dX = pad_1(dilate_2(G)) star rot180(W)
    assert torch.allclose(w.grad, F.conv2d(F.pad(x.detach(), (1, 1, 1, 1)), dilated))
    assert torch.allclose(
        x.grad, F.conv2d(F.pad(dilated, (1, 1, 1, 1)), torch.flip(w.detach(), (2, 3)))
    )
    assert F.conv2d(x.detach(), dilated).shape[-1] == 1  # the padding forgotten: 1x1
    text = _PADDED_SECTION.format(verb=verb)
    statuses = list(_verdicts(text).values())
    assert statuses[-4:] == [VERIFIED, VERIFIED, VERIFIED, WRONG], statuses


# ---------------------------------------------------------------- * defined once
@pytest.mark.parametrize(
    ("document", "defines"),
    [
        ("- $A * B$ is valid *true* convolution (flip $B$ first).", True),
        ("Below, $*$ denotes convolution with the kernel flipped.", True),
        ("Aquí $A * B$ es la convolución verdadera.", True),
        ("- $A * B$ is valid true convolution.\n- $A * B$ is cross-correlation.", False),
        ("We write $Y = X * W$ for the layer.", False),
    ],
)
def test_a_toolbox_defines_star_as_true_convolution(document: str, defines: bool) -> None:
    assert star_is_true_convolution(document) is defines


def test_star_defined_in_the_toolbox_is_the_flipped_convolution() -> None:
    text = (
        "# Toolbox\n\n- $A * B$ is valid *true* convolution (flip $B$ first).\n\n"
        "## Layer\n\nInput $X$ is $7\\times 7$, kernel $W$ is $3\\times 3$, stride 2, no "
        "padding. The upstream gradient $G = \\partial L/\\partial Y$ is $3\\times 3$.\n\n"
        "Some words in between, long enough that the definition is far above the claims, "
        "as in a blog post with a toolbox at its top.\n\n"
        "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(\\operatorname{dilate}_2(G))"
        " * W$$\n\n"
        "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(\\operatorname{dilate}_2(G))"
        " * \\operatorname{rot}_{180}(W)$$\n"
    )
    x, w, g, _ = _strided_gradients(0)
    dilated = torch.zeros(1, 1, 5, 5, dtype=torch.float64)
    dilated[..., ::2, ::2] = g
    padded = F.pad(dilated, (2, 2, 2, 2))
    # true convolution with W = correlation with rot180(W): the input gradient
    assert torch.allclose(x.grad, F.conv2d(padded, torch.flip(w.detach(), (2, 3))))
    assert not torch.allclose(x.grad, F.conv2d(padded, w.detach()))
    statuses = list(_verdicts(text).values())
    assert statuses[-2:] == [VERIFIED, WRONG], statuses


# ---------------------------------------------------------------- sums past the end
_BIAS_SUMS = (
    "# Bias\n\nThe input `X` is 7x7, the kernel `w` is 3x3, stride 2, padding 1, a bias "
    "`b`. Write `dY[i, j]` for $\\partial L / \\partial Y[i, j]$.\n\n"
    "$$db = \\sum_{{i=0}}^{{{hi}}}\\sum_{{j=0}}^{{{hi}}} dY[i, j]$$\n"
)


@pytest.mark.parametrize("bound", ["H-1", "H - 1"])
def test_a_sum_over_the_input_size_is_never_verified(bound: str) -> None:
    y = _strided_gradients(1)[3]
    assert y.shape[-1] == 4 < 7  # dY has 4 rows: a sum over 7 rows names entries it lacks
    found = list(_verdicts(_BIAS_SUMS.format(hi=bound)).values())
    assert found[-1] in (NOT_UNDERSTOOD, WRONG), found


@pytest.mark.parametrize("bound", ["H_{out}-1", "3"])
def test_a_sum_over_the_output_size_is_verified(bound: str) -> None:
    x = torch.randn(1, 1, 7, 7, dtype=torch.float64)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, b, stride=2, padding=1)
    g = torch.randn_like(y)
    y.backward(g)
    assert torch.allclose(b.grad, g.sum().reshape(1))
    found = list(_verdicts(_BIAS_SUMS.format(hi=bound)).values())
    assert found[-1] == VERIFIED, found


# ---------------------------------------------------------------- assumed sizes
def test_size_claims_at_assumed_sizes_are_not_judged() -> None:
    text = (
        "# Shapes\n\nThe input `X` has shape `(H, W)`, the kernel has shape `(K, K)`. "
        "Stride `S`, zero padding `P`.\n\nThe padding adds $(H + 2P)(W + 2P) - HW = "
        "2P(H + W)$ zeros.\n\nTake `H, W, K, S, P = 7, 9, 3, 2, 1`. Then\n\n"
        "$$H_{out} = \\left\\lfloor \\frac{7 + 2 - 3}{2} \\right\\rfloor + 1 = 4$$\n"
    )
    h, p = 7, 1
    assert (h + 2 * p) * (9 + 2 * p) - h * 9 != 2 * p * (h + 9)  # the corners forgotten
    conv = torch.nn.Conv2d(1, 1, 3, stride=2, padding=1)
    assert conv(torch.zeros(1, 1, 7, 9)).shape[-2] == 4
    found = list(_verdicts(text).values())
    assert found[0] != VERIFIED, found  # 0 = 0 at an assumed padding 0 proves nothing
    assert found[-1] != WRONG, found  # "2, not 4" with an assumed 3x3 input is no finding


# ---------------------------------------------------------------- must fail
# The misses closed here, as notes: each claim is wrong (truth beside it) and must never be
# verified, whatever else the checker makes of the notes.
def _corner_count(h: int, w: int, p: int) -> tuple[int, int]:
    padded = torch.nn.functional.pad(torch.ones(h, w), (p, p, p, p))
    return int((padded == 0).sum()), 2 * p * (h + w)  # (the zeros added, the claim)


MUST_FAIL = [
    (  # the padding's zeros without the four corners, sizes only in letters
        "# 03\n\nThe input `X` has shape `(H, W)`, zero padding `P` on all four sides, "
        "at least 1.\n\nThe padding adds $(H + 2P)(W + 2P) - HW = 2P(H + W)$ zeros.\n",
        _corner_count(7, 9, 1),
    ),
    (  # the bias gradient summed over the input's size, dY being the smaller output's
        "# 03\n\nThe input `X` has shape `(H, W)`, the kernel `(K, K)`, stride at least 2. "
        "Write `dY[i, j]` for $\\partial L / \\partial Y[i, j]$.\n\n"
        "$$db = \\sum_{i=0}^{H-1}\\sum_{j=0}^{W-1} dY[i, j]$$\n",
        (7 * 9, 4 * 5),  # (terms claimed, dY's entries) at H, W, K, S, P = 7, 9, 3, 2, 1
    ),
    (  # the padding forgotten in the kernel gradient of a padded strided layer
        _PADDED_SECTION.format(verb="Now let the layer pad the input by 1."),
        (1, 3),  # (the side of X star dilate_2(G), the kernel's side), by torch below
    ),
]


@pytest.mark.parametrize(("text", "claimed_and_truth"), MUST_FAIL)
def test_a_closed_miss_is_never_verified(text: str, claimed_and_truth: tuple) -> None:
    claimed, truth = claimed_and_truth
    assert claimed != truth
    found = list(_verdicts(text).values())
    assert found, text
    assert found[-1] in (NOT_UNDERSTOOD, WRONG), found


def test_the_forgotten_padding_has_the_wrong_shape_by_torch() -> None:
    x = torch.randn(1, 1, 7, 7)
    g = torch.randn(1, 1, 4, 4)  # the padded layer's output gradient
    dilated = torch.zeros(1, 1, 7, 7)
    dilated[..., ::2, ::2] = g
    assert F.conv2d(x, dilated).shape[-1] == 1
    assert F.conv2d(F.pad(x, (1, 1, 1, 1)), dilated).shape[-1] == 3


@pytest.mark.parametrize(
    ("third", "holds"),
    [("\\operatorname{pad}_2(\\operatorname{dilate}_2(G)) * W", True), ("X * W", False)],
)
def test_a_chain_through_the_defined_star(third: str, holds: bool) -> None:
    x, w, g, _ = _strided_gradients(0)
    dilated = torch.zeros(1, 1, 5, 5, dtype=torch.float64)
    dilated[..., ::2, ::2] = g
    flipped = torch.flip(w.detach(), (2, 3))  # true convolution = correlation, flipped
    assert torch.allclose(x.grad, F.conv2d(F.pad(dilated, (2, 2, 2, 2)), flipped))
    text = (
        "# Toolbox\n\n- $A * B$ is valid *true* convolution (flip $B$ first).\n\n"
        "## Layer\n\nInput $X$ is $7\\times 7$, kernel $W$ is $3\\times 3$, stride 2, no "
        "padding. The upstream gradient $G = \\partial L/\\partial Y$ is $3\\times 3$.\n\n"
        "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(\\operatorname{dilate}_2(G))"
        f" \\star \\operatorname{{rot}}_{{180}}(W) = {third}$$\n"
    )
    status = list(_verdicts(text).values())[-1]
    assert status == (VERIFIED if holds else WRONG), status
