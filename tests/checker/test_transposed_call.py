"""``dX = conv_transpose2d(dY, W, stride=s, padding=p, output_padding=o)`` as an operator
claim (issue 16, fresh13's issue thread), and the kernel letter read from "the kernel $W$ is
$K \\times K$" / "cada uno de $C \\times K \\times K$" for size formulas.

Truth: torch autograd's input gradient of conv2d against torch's own conv_transpose2d of
the same upstream gradient, for each call as written; the checker's verdict must follow
(verified when torch says the call equals the gradient, wrong otherwise).  The size
formulas' truth is torch's output shape over a grid of sizes.
"""

from __future__ import annotations

import math

import pytest
import torch

from symconv.checker.kernel_letter import kernel_letter
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

CALLS = [
    # (as written, PyTorch keyword arguments)
    (
        r"\operatorname{conv\_transpose2d}(dY, W, \text{stride}=2, \text{padding}=1)",
        {"stride": 2, "padding": 1},
    ),
    (
        r"\mathrm{conv\_transpose2d}(dY, W, stride=2, padding=1, output\_padding=1)",
        {"stride": 2, "padding": 1, "output_padding": 1},
    ),
    (r"\operatorname{conv\_transpose2d}(dY, W, 2, 1)", {"stride": 2, "padding": 1}),
    (
        r"\operatorname{conv\_transpose2d}(dY, W, \text{stride}=1, \text{padding}=1)",
        {"stride": 1, "padding": 1},
    ),
    (r"\operatorname{conv\_transpose2d}(dY, W)", {}),
]


def _torch_truth(side: int, kwargs: dict[str, int]) -> bool:
    """Is conv_transpose2d(G, W, **kwargs) the input gradient of conv2d(X, W, s=2, p=1)?"""
    torch.manual_seed(0)
    x = torch.randn(2, 3, side, side, dtype=torch.float64, requires_grad=True)
    w = torch.randn(4, 3, 3, 3, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w, stride=2, padding=1)
    g = torch.randn_like(y)
    y.backward(g)
    try:
        call = torch.nn.functional.conv_transpose2d(g, w, **kwargs)
    except RuntimeError:
        return False
    return call.shape == x.grad.shape and torch.allclose(call, x.grad)


def _note(side: int, claim: str) -> str:
    return (
        "# conv2d backward\n\nbatch N = 2, C = 3 input channels, "
        f"{side}x{side} inputs, F = 4 filters of size 3x3, stride 2, padding 1, 0-based.\n\n"
        f"$$dX = {claim}$$\n"
    )


@pytest.mark.parametrize("side", [7, 8])
@pytest.mark.parametrize(("claim", "kwargs"), CALLS)
def test_a_transposed_call_is_the_input_gradient_where_torch_says_so(
    side: int, claim: str, kwargs: dict[str, int]
) -> None:
    truth = _torch_truth(side, kwargs)
    found = [v for v in check_text(_note(side, claim), "n.md").verdicts if "dX" in v.source]
    assert found and found[0].status == (VERIFIED if truth else WRONG), (side, claim, found)


def test_the_truth_table_is_not_trivial() -> None:
    table = [(_torch_truth(s, kw), s, c) for s in (7, 8) for c, kw in CALLS]
    assert any(t for t, *_ in table) and not all(t for t, *_ in table)
    assert _torch_truth(7, {"stride": 2, "padding": 1})
    assert not _torch_truth(8, {"stride": 2, "padding": 1})
    assert _torch_truth(8, {"stride": 2, "padding": 1, "output_padding": 1})


def test_an_unread_argument_is_not_understood() -> None:
    claim = r"\operatorname{conv\_transpose2d}(dY, W, \text{groups}=2)"
    found = [v for v in check_text(_note(7, claim), "n.md").verdicts if "dX" in v.source]
    assert found[0].status == NOT_UNDERSTOOD


# ------------------------------------------------------------------ the kernel letter
KERNEL_SENTENCES = [
    ("The input $X$ is $H \\times H$, the kernel $W$ is $K \\times K$, the stride is $S$.", "K"),
    ("Hay $F$ filtros, cada uno de $C \\times K \\times K$, y un sesgo por filtro.", "K"),
    ("Each filter is $C \\times R \\times R$ and there are $F$ of them.", "R"),
    ("The kernel slides over the $H \\times W$ input.", None),  # two letters: no square
]


@pytest.mark.parametrize(("sentence", "letter"), KERNEL_SENTENCES)
def test_the_kernel_letter_of_a_shape_sentence(sentence: str, letter: str | None) -> None:
    assert kernel_letter(sentence) == letter


def _out(h: int, k: int, s: int, p: int) -> int:
    conv = torch.nn.Conv2d(1, 1, k, stride=s, padding=p)
    return int(conv(torch.zeros(1, 1, h, h)).shape[-1])


FORMULAS = [
    (
        r"H' = \left\lfloor \frac{H + 2P - K}{S} \right\rfloor + 1",
        lambda h, k, s, p: (h + 2 * p - k) // s + 1,
    ),
    (
        r"H' = \left\lceil \frac{H + 2P - K + 1}{S} \right\rceil",
        lambda h, k, s, p: math.ceil((h + 2 * p - k + 1) / s),
    ),
    (
        r"H' = \left\lceil \frac{H + 2P - K}{S} \right\rceil + 1",
        lambda h, k, s, p: math.ceil((h + 2 * p - k) / s) + 1,
    ),
]


@pytest.mark.parametrize(("formula", "value"), FORMULAS)
def test_size_formulas_in_the_prose_kernel_letter(formula: str, value) -> None:
    grid = [
        (h, k, s, p)
        for h in range(3, 12)
        for k in (1, 2, 3, 5)
        for s in (1, 2, 3)
        for p in (0, 1, 2)
        if h + 2 * p >= k
    ]
    truth = all(value(*c) == _out(*c) for c in grid)
    note = (
        "## Sizes\n\nThe input $X$ is $H \\times H$, the kernel $W$ is $K \\times K$, the "
        f"stride is $S$, the padding is $P$.\n\n$${formula}$$\n"
    )
    found = [v for v in check_text(note, "n.md").verdicts if "H'" in v.source]
    assert found[0].status == VERIFIED if truth else found[0].status in (WRONG, "size-specific")


def _span(k: int, d: int) -> int:
    """The effective kernel span, as torch's output size shows it: H - H_out + 1."""
    conv = torch.nn.Conv2d(1, 1, k, dilation=d)
    return 9 - int(conv(torch.zeros(1, 1, 9, 9)).shape[-1]) + 1


@pytest.mark.parametrize(
    ("claim", "truth"),
    [
        (r"K_{\text{eff}} = d(K - 1) + 1 = 5", _span(3, 2) == 5),
        (r"K_{\text{eff}} = dK = 6", _span(3, 2) == 6),
        (r"K_{eff} = d(K-1) + 1", True),
    ],
)
def test_the_effective_kernel_names_the_kernel_letter(claim: str, truth: bool) -> None:
    assert _span(3, 2) == 5 and _span(2, 3) == 4
    note = (
        "# dilated\n\nZero-based. Input `x` is 7×7, kernel `w` is 3×3, dilation $d = 2$, "
        f"stride 1, no padding. The taps are $d$ apart, so the kernel covers\n\n$${claim}$$\n"
    )
    found = [v for v in check_text(note, "n.md").verdicts if "eff" in v.source]
    assert found[0].status == (VERIFIED if truth else WRONG), found
