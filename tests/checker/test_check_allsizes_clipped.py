"""Symbolic-size claims in lower case (x_{a,b}, w_{m,n}, g_{i,j}), with clipped bounds
(``\\max``/``\\min`` of floors and ceilings), the padded input ``\\tilde x``, assumptions
stated in the prose above a claim ("for stride 1 and no padding"), and operator forms whose
parameters are symbols (``\\operatorname{pad}_{k-1}``, ``\\operatorname{dilate}_s``).

The truth is independent of symconv: torch's conv2d and autograd at a grid of sizes, and the
written sum evaluated in Python (an entry read outside its tensor makes the claim false).
"""

from __future__ import annotations

import itertools
import math

import pytest

from symconv.checker.report import ALL_SIZES, NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

CAUGHT = (WRONG, SIZE_SPECIFIC)
GRID = [(h, k, s) for h in (5, 6, 7, 8) for k in (1, 2, 3) for s in (1, 2, 3) if k <= h]


def _grads(h: int, k: int, s: int, seed: int = 0):
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn((1, 1, h, h), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((1, 1, k, k), generator=gen, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w, stride=s)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return x.grad[0, 0].numpy(), w[0, 0].numpy(), g[0, 0].numpy()


def _true_everywhere(lower, upper, strides=(1, 2, 3)) -> bool:
    """dL/dx_{a,b} = sum_{i=lower}^{upper} sum_{j=...} g_{i,j} w_{a-si,b-sj} at every size."""
    for h, k, s in GRID:
        if s not in strides:
            continue
        dx, w, g = _grads(h, k, s)
        ho = g.shape[0]
        for a, b in itertools.product(range(h), repeat=2):
            total = 0.0
            for i in range(lower(a, k, s, ho), upper(a, k, s, ho) + 1):
                for j in range(lower(b, k, s, ho), upper(b, k, s, ho) + 1):
                    if not (
                        0 <= i < ho and 0 <= j < ho and 0 <= a - s * i < k and 0 <= b - s * j < k
                    ):
                        return False  # the written sum reads past a tensor
                    total += g[i, j] * w[a - s * i, b - s * j]
            if abs(total - dx[a, b]) > 1e-9:
                return False
    return True


LOW_CEIL = (
    r"\max\left(0,\,\left\lceil \frac{%s-k+1}{s}\right\rceil\right)",
    lambda a, k, s, ho: max(0, math.ceil((a - k + 1) / s)),
)
UP_FLOOR = (
    r"\min\left(%s,\,\left\lfloor \frac{%s}{s}\right\rfloor\right)",
    lambda a, k, s, ho: min(ho - 1, a // s),
)
UP_CEIL = (
    r"\min\left(%s,\,\left\lceil \frac{%s}{s}\right\rceil\right)",
    lambda a, k, s, ho: min(ho - 1, math.ceil(a / s)),
)
LOW_LATE = (
    r"\max\left(0,\,\left\lceil \frac{%s-k+2}{s}\right\rceil\right)",
    lambda a, k, s, ho: max(0, math.ceil((a - k + 2) / s)),
)
UP_NO_CLIP = (r"\left\lfloor \frac{%s}{s}\right\rfloor%s", lambda a, k, s, ho: a // s)


def _sum_claim(lower: str, upper: str) -> str:
    def bound(form: str, letter: str, out: str) -> str:
        return form % (
            (letter,)
            if form.count("%s") == 1
            else (out, letter)
            if form.startswith("\\min")
            else (letter, "")
        )

    return (
        r"\frac{\partial L}{\partial x_{a,b}} = \sum_{i="
        + bound(lower, "a", "")
        + "}^{"
        + bound(upper, "a", "H_{out}-1")
        + r"} \sum_{j="
        + bound(lower, "b", "")
        + "}^{"
        + bound(upper, "b", "W_{out}-1")
        + r"} g_{i,j}\, w_{a-si,\, b-sj}"
    )


@pytest.mark.parametrize(
    "lower,upper",
    [(LOW_CEIL, UP_FLOOR), (LOW_CEIL, UP_CEIL), (LOW_LATE, UP_FLOOR), (LOW_CEIL, UP_NO_CLIP)],
)
def test_clipped_bounds_against_torch(lower, upper):
    text = (
        "The input is $H\\times W$, kernel $k\\times k$, stride $s$, no padding, no bias."
        "\n\n$$" + _sum_claim(lower[0], upper[0]) + "$$\n"
    )
    (verdict,) = check_text(text).verdicts
    truth = _true_everywhere(lower[1], upper[1])
    if truth:
        assert verdict.status == VERIFIED, verdict.message
    else:
        assert verdict.status in CAUGHT, verdict.message


def test_the_prose_above_fixes_the_stride():
    """max(0, a-k+1) .. min(a, H_out-1) is right for stride 1 only: true when the prose
    says so, caught where the notes' stride is a symbol."""
    claim = (
        r"\frac{\partial L}{\partial x_{a,b}} = \sum_{i=\max(0,\,a-k+1)}^{\min(a,\,"
        r"H_{out}-1)} \sum_{j=\max(0,\,b-k+1)}^{\min(b,\,W_{out}-1)} g_{i,j}\, w_{a-i,\,b-j}"
    )

    def lower(a, k, s, ho):
        return max(0, a - k + 1)

    def upper(a, k, s, ho):
        return min(a, ho - 1)

    assert _true_everywhere(lower, upper, strides=(1,))
    assert not _true_everywhere(lower, upper)
    strided = r"y_{i,j} = \sum_{m=0}^{k-1}\sum_{n=0}^{k-1} x_{si+m,\, sj+n}\, w_{m,n}"
    unit = check_text(f"$${strided}$$\n\nFor stride 1 and no padding:\n\n$${claim}$$\n")
    assert [v.status for v in unit.verdicts] == [VERIFIED, VERIFIED]
    assert check_text(f"$${strided}$$\n\n$${claim}$$\n").verdicts[1].status in CAUGHT


@pytest.mark.parametrize(
    "declared,written,status",
    [("no bias", "", VERIFIED), ("a bias $b$", "", WRONG), ("a bias $b$", " + b", VERIFIED)],
)
def test_padded_input_and_the_bias_the_notes_declare(declared, written, status):
    # the written sum, evaluated here at one entry, against torch's conv2d (padding 1,
    # stride 2, with or without a bias): the bias the notes declare must not be left out
    gen = torch.Generator().manual_seed(2)
    x, w = (
        torch.randn(shape, generator=gen, dtype=torch.float64)
        for shape in ((1, 1, 6, 6), (1, 1, 3, 3))
    )
    b = torch.randn((1,), generator=gen, dtype=torch.float64) if declared != "no bias" else None
    padded = torch.nn.functional.pad(x, (1, 1, 1, 1))
    mine = sum(padded[0, 0, m, 2 + n] * w[0, 0, m, n] for m in range(3) for n in range(3))
    mine = mine + (b[0] if written else 0)
    truth = torch.nn.functional.conv2d(x, w, b, stride=2, padding=1)[0, 0, 0, 1]
    assert (abs(mine - truth) < 1e-12) == (status == VERIFIED)
    claim = r"y_{i,j} = \sum_{m=0}^{k-1}\sum_{n=0}^{k-1} \tilde x_{si+m,\, sj+n}\, w_{m,n}"
    text = f"Stride $s$, $p$ zeros of padding, {declared}.\n\n$${claim}{written}$$\n"
    assert check_text(text).verdicts[-1].status == status


def _dx_shape(h: int, k: int, s: int, pad: int) -> tuple[int, int]:
    """The shape of pad_pad(dilate_s(G)) correlated with a k x k kernel, by torch."""
    g = torch.zeros((1, 1, (h - k) // s + 1, (h - k) // s + 1), dtype=torch.float64)
    dil = torch.nn.functional.conv_transpose2d(
        g, torch.ones((1, 1, 1, 1), dtype=torch.float64), stride=s
    )
    out = torch.nn.functional.conv2d(
        torch.nn.functional.pad(dil, (pad,) * 4), torch.zeros((1, 1, k, k), dtype=torch.float64)
    )
    return tuple(out.shape[2:])


@pytest.mark.parametrize("pad", ["k-1", "k"])
def test_operator_form_with_symbolic_parameters(pad):
    claim = (
        r"\frac{\partial L}{\partial X} = \operatorname{pad}_{" + pad + r"}\left("
        r"\operatorname{dilate}_s(G)\right) \star \operatorname{rot}_{180}(W)"
    )
    extra = 0 if pad == "k-1" else 1
    shapes_right = [_dx_shape(h, k, s, k - 1 + extra) == (h, h) for h, k, s in GRID]
    assert not all(shapes_right)  # false somewhere: the checker must not verify it
    text = f"Input $H$, kernel $k$, stride $s$, no padding.\n\n$${claim}$$\n"
    verdict = check_text(text).verdicts[-1]
    fitting = [_dx_shape(h, k, s, k - 1 + extra) == (h, h) for h, k, s in GRID if (h - k) % s == 0]
    if all(fitting):  # right wherever the windows reach the last row: which sizes the
        # notes mean is not read (never verified, never a false alarm)
        assert verdict.status == NOT_UNDERSTOOD, verdict.message
        assert "no window reads" in verdict.message and "shape" in verdict.message
        return
    assert verdict.status in CAUGHT, verdict.message
    assert "shape" in verdict.message


def test_a_claim_at_the_notes_own_sizes_is_not_judged_for_all_sizes():
    text = (
        "A $5\\times 5$ input, a $3\\times 3$ kernel, stride 2, padding 1, no bias.\n\n"
        "$$H_{out} = \\left\\lfloor \\frac{H + 2p - k}{s} \\right\\rfloor + 1$$\n\n"
        "$$y_{i,j} = \\sum_{m=0}^{2}\\sum_{n=0}^{2} \\tilde{x}_{2i+m,\\,2j+n}\\, w_{m,n}$$\n"
    )
    verdicts = check_text(text).verdicts
    assert verdicts[0].status == VERIFIED
    assert "for all sizes" not in verdicts[-1].message
    assert verdicts[-1].status != WRONG or "all sizes" not in verdicts[-1].message


def test_a_restricted_layer_is_not_refuted_by_the_prover():
    # with stride 1 and no padding, X * dilate_s(G) is X * G: right, and proved by the
    # general prover's unpadded case (its padded templates could not prove it)
    text = (
        "With stride 1 and no padding:\n\n$$\\frac{\\partial L}{\\partial W} = X \\star "
        "\\operatorname{dilate}_s(G)$$\n"
    )
    assert check_text(text).verdicts[-1].status in (ALL_SIZES, VERIFIED, NOT_UNDERSTOOD)


# ------------------------------------------------------------------ counts and a chosen padding
def _torch_count(cin: int, cout: int, k: int, bias: bool) -> int:
    layer = torch.nn.Conv2d(cin, cout, k, bias=bias)
    return sum(p.numel() for p in layer.parameters())


COUNTS = [  # (latex, the same in Python)
    (r"C_{out}\left(C_{in} k^2 + 1\right)", lambda cin, cout, k: cout * (cin * k * k + 1)),
    (r"C_{out} C_{in} k^2", lambda cin, cout, k: cout * cin * k * k),
    (r"(C_{out} + 1) C_{in} k^2", lambda cin, cout, k: (cout + 1) * cin * k * k),
    (r"C_{out} C_{in} k + C_{out}", lambda cin, cout, k: cout * cin * k + cout),
]


@pytest.mark.parametrize(
    "prose,bias", [("a bias per filter", (True,)), ("no bias", (False,)), ("", (True, False))]
)
@pytest.mark.parametrize("latex,formula", COUNTS)
def test_parameter_counts_against_torch(prose, bias, latex, formula):
    # right when it is torch's count at every size, with the bias the notes say (either
    # when they say nothing)
    right = all(
        formula(cin, cout, k) in {_torch_count(cin, cout, k, b) for b in bias}
        for cin, cout, k in itertools.product(range(1, 4), range(1, 4), range(1, 5))
    )
    text = f"A 2-D layer with {prose or 'C_in input channels'}.\n\n$$P = {latex}$$\n"
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if right else WRONG), verdict.message


@pytest.mark.parametrize(
    "choice,claim",
    [
        (r"\frac{k-1}{2}", "H"),
        (r"\frac{k-1}{2}", "H + 1"),
        (r"\frac{k}{2}", "H"),
        (r"k-1", "H + k - 1"),
    ],
)
def test_a_chosen_padding_then_the_output_size(choice, claim):
    def chosen(h, k):
        p = {r"\frac{k-1}{2}": (k - 1) / 2, r"\frac{k}{2}": k / 2, "k-1": k - 1}[choice]
        return int(p) if p == int(p) else None

    def value(h, k):
        return {"H": h, "H + 1": h + 1, "H + k - 1": h + k - 1}[claim]

    right = True
    for h, k in itertools.product(range(3, 9), range(1, 5)):
        p = chosen(h, k)
        if p is None:
            continue
        out = torch.nn.functional.conv2d(
            torch.zeros((1, 1, h, h)), torch.zeros((1, 1, k, k)), padding=p
        ).shape[2]
        right &= out == value(h, k)
    text = f"With stride 1, choosing $p = {choice}$ gives $H_{{out}} = {claim}$.\n"
    verdicts = check_text(text).verdicts
    assert verdicts[0].status == NOT_UNDERSTOOD  # the choice: an assumption, not a claim
    assert verdicts[1].status == (VERIFIED if right else WRONG), verdicts[1].message
