"""Notes about the transposed convolution that recall the forward layer's output side in
letters ("Recall that a `Conv2d` with kernel size $K$, stride $S$, padding $P$ and dilation
$D$ maps a height $H$ to ..."): that formula is the forward layer's, judged as such, while
the transposed formula of the same notes stays the transposed layer's.  Judged against the
transposed layer, the correct forward formula was called wrong (a false alarm).

Each formula's expected verdict comes from torch: its value against the output height of
``conv2d`` / ``conv_transpose2d`` over a grid of sizes."""

from __future__ import annotations

import itertools

import pytest
from line_verdicts import statuses

from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")
F = torch.nn.functional

GRID = list(itertools.product(range(5, 9), range(1, 4), range(1, 3), range(0, 2), range(1, 3)))


def _forward_side(h: int, k: int, s: int, p: int, d: int) -> int | None:
    if h + 2 * p < d * (k - 1) + 1:
        return None
    x, w = torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k)
    return F.conv2d(x, w, stride=s, padding=p, dilation=d).shape[-1]


def _transposed_side(h: int, k: int, s: int, p: int, d: int) -> int | None:
    if (h - 1) * s - 2 * p + d * (k - 1) + 1 < 1:
        return None
    x, w = torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k)
    return F.conv_transpose2d(x, w, stride=s, padding=p, dilation=d).shape[-1]


def _holds(formula, truth) -> bool:
    return all(formula(*sizes) == truth(*sizes) for sizes in GRID if truth(*sizes) is not None)


FORWARD = "\\left\\lfloor \\frac{H + 2P - D(K-1) - 1}{S} \\right\\rfloor + 1"
FORWARD_SLIP = "\\left\\lfloor \\frac{H + 2P - D(K-1)}{S} \\right\\rfloor + 1"
TRANSPOSED = "(H - 1)S - 2P + D(K - 1) + 1"
TRANSPOSED_SLIP = "(H - 1)S - 2P + DK + 1"
FORMULAS = {  # the LaTeX above and the same formula in Python
    FORWARD: lambda h, k, s, p, d: (h + 2 * p - d * (k - 1) - 1) // s + 1,
    FORWARD_SLIP: lambda h, k, s, p, d: (h + 2 * p - d * (k - 1)) // s + 1,
    TRANSPOSED: lambda h, k, s, p, d: (h - 1) * s - 2 * p + d * (k - 1) + 1,
    TRANSPOSED_SLIP: lambda h, k, s, p, d: (h - 1) * s - 2 * p + d * k + 1,
}

_ENGLISH = (
    "# Exercises: transposed convolutions and their shapes\n\n"
    "Inputs and kernels are square, so we track the height only. Recall that a `Conv2d` "
    "with kernel size $K$, stride $S$, padding $P$ and dilation $D$ maps a height $H$ to\n\n"
    "$$H_{{out}} = {forward},$$\n\n"
    "and that a `ConvTranspose2d` with the same arguments maps a height $H$ to\n\n"
    "$$H_{{out}} = {transposed}.$$\n"
)
_SPANISH = (
    "# Convolución traspuesta: tamaños\n\n"
    "Entradas y núcleos cuadrados. Recordemos que una `Conv2d` con núcleo $K$, paso $S$, "
    "relleno $P$ y dilatación $D$ lleva una altura $H$ a\n\n"
    "$$H_{{out}} = {forward},$$\n\n"
    "y que la `ConvTranspose2d` traspuesta, con los mismos argumentos, la lleva a\n\n"
    "$$H_{{out}} = {transposed}.$$\n"
)


@pytest.mark.parametrize(
    ("template", "forward", "transposed"),
    [
        (_ENGLISH, FORWARD, TRANSPOSED),
        (_ENGLISH, FORWARD_SLIP, TRANSPOSED_SLIP),
        (_SPANISH, FORWARD_SLIP, TRANSPOSED),
        (_SPANISH, FORWARD, TRANSPOSED_SLIP),
    ],
    ids=["en both right", "en both slips", "es forward slip", "es transposed slip"],
)
def test_each_formula_is_judged_as_its_own_layers(template, forward, transposed):
    text = template.format(forward=forward, transposed=transposed)
    expected_forward = VERIFIED if _holds(FORMULAS[forward], _forward_side) else WRONG
    expected_transposed = VERIFIED if _holds(FORMULAS[transposed], _transposed_side) else WRONG
    assert statuses(text, "\\lfloor") == [expected_forward]
    assert statuses(text, "(H - 1)S") == [expected_transposed]


def test_the_truth_tells_the_slips_apart():
    assert [_holds(FORMULAS[f], _forward_side) for f in (FORWARD, FORWARD_SLIP)] == [True, False]
    assert [_holds(FORMULAS[f], _transposed_side) for f in (TRANSPOSED, TRANSPOSED_SLIP)] == [
        True,
        False,
    ]


_FORWARD_NOTES = (
    "# Exam, question 5\n\n"
    "A 2-D convolution layer takes an $H \\times H$ input with kernel size $K$, stride $S$, "
    "padding $P$ and dilation $D$.\n\n"
    "(a) The output side is\n"
    "$$H_{{out}} = {forward}$$\n\n"
    "(b) For the transposed layer (no output padding) the output side is\n"
    "$$H_{{out}} = {transposed}$$\n"
)


@pytest.mark.parametrize("transposed", [TRANSPOSED, TRANSPOSED_SLIP], ids=["right", "slip"])
def test_a_transposed_formula_in_notes_on_the_forward_layer(transposed):
    """The other way round: notes on a forward layer whose sizes are letters only, with a
    part on the transposed layer; the formula its lead-in names the transposed one's."""
    text = _FORWARD_NOTES.format(forward=FORWARD, transposed=transposed)
    expected = VERIFIED if _holds(FORMULAS[transposed], _transposed_side) else WRONG
    assert statuses(text, "\\lfloor") == [VERIFIED]
    assert statuses(text, "(H - 1)S") == [expected]
