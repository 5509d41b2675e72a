"""General-index claims written the way published derivations write them: the upstream
gradient as \\delta_{i,j} (defined as dL/dy_{i,j}), index lists with commas and
differences (\\delta_{a-m,\\, b-n}), \\max/\\min/\\lfloor/\\lceil bounds, the convention
"x_{a,b} = 0 whenever (a,b) lies in the padding", and prose that fixes (or only mentions)
stride 1 and no padding.  Each claim's truth comes from torch autograd over a grid of
sizes, evaluated by the hand-written formula below, never by symconv."""

from __future__ import annotations

import itertools

import pytest

from symconv.checker.report import ALL_SIZES, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

GRID = [(h, k, s, p) for h in (3, 5, 6) for k in (1, 2, 3) for s in (1, 2, 3) for p in (0, 1, 2)]


def _grads(h, k, s, p, seed=0):
    gen = torch.Generator().manual_seed(seed + 31 * h + 7 * k + 3 * s + p)
    x = torch.randn((1, 1, h, h), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((1, 1, k, k), generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, stride=s, padding=p)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return x.detach()[0, 0], w.detach()[0, 0], g[0, 0], x.grad[0, 0], w.grad[0, 0]


def _dw_holds(row, sizes) -> bool:
    """The claim dL/dw_{m,n} = sum_i sum_j delta_{i,j} x_{row(i,m), row(j,n)}, x zero
    outside (the notes' convention), against autograd at every size of ``sizes``."""
    for h, k, s, p in sizes:
        x, _, g, _, dw = _grads(h, k, s, p)
        ho = g.shape[0]
        for m, n in itertools.product(range(k), repeat=2):
            total = 0.0
            for i, j in itertools.product(range(ho), repeat=2):
                a, b = row(i, m, s, p), row(j, n, s, p)
                if 0 <= a < h and 0 <= b < h:
                    total += (g[i, j] * x[a, b]).item()
            if abs(total - dw[m, n].item()) > 1e-9:
                return False
    return True


DW_ROWS = {
    "si+m-p": lambda i, m, s, p: s * i + m - p,
    "i+m": lambda i, m, s, p: i + m,
    "si+m+p": lambda i, m, s, p: s * i + m + p,
    "si+m": lambda i, m, s, p: s * i + m,
}

HEAD_EN = (
    "The input $x$ is $H \\times W$, the kernel $w$ is $k \\times k$, the stride is $s$ and "
    "the zero padding is $p$ on each side. Indices are 0-based; "
    "$\\delta_{i,j} = \\partial L/\\partial y_{i,j}$ is the upstream gradient.\n\n"
    "With $x_{a,b} = 0$ whenever $(a,b)$ lies in the padding,\n\n"
)
HEAD_ES = (
    "La entrada $x$ es de $H \\times W$, el filtro $w$ de $k \\times k$, el paso es $s$ y el "
    "relleno $p$. Índices desde 0, y $\\delta_{i,j} := \\frac{\\partial L}{\\partial "
    "y_{i,j}}$.\n\nTomamos $x_{a,b} = 0$ fuera de la imagen.\n\n"
)


@pytest.mark.parametrize("row", list(DW_ROWS))
@pytest.mark.parametrize("head,wrap", [(HEAD_EN, "$$ {} $$"), (HEAD_ES, "\\[ {} \\]")])
def test_weight_gradient_with_stride_and_padding(row, head, wrap):
    col = row.replace("i", "j").replace("m", "n")
    claim = (
        r"\frac{\partial L}{\partial w_{m,n}} = \sum_{i=0}^{H_{out}-1}\sum_{j=0}^{W_{out}-1} "
        rf"\delta_{{i,j}}\, x_{{{row},\; {col}}}"
    )
    verdict = check_text(head + wrap.format(claim) + "\n").verdicts[-1]
    if _dw_holds(DW_ROWS[row], GRID):
        assert verdict.status in (VERIFIED, ALL_SIZES), verdict.message
    else:
        assert verdict.status in (WRONG, SIZE_SPECIFIC), verdict.message


def test_the_convention_itself_gets_no_verdict():
    lines = [v.line for v in check_text(HEAD_EN + "$$ y_{i,j} = 1 $$\n").verdicts]
    assert 5 in lines and 3 not in lines  # line 3: "x_{a,b} = 0 whenever ...", a convention


def _dx_holds(lower, upper, sizes) -> bool:
    """dL/dx_{a,b} = sum_{m=lower(a)}^{upper(a)} sum_n delta_{a-m,b-n} w_{m,n}, every read
    inside its tensor (a read outside is the claim's error), at stride 1, no padding."""
    for h, k, _, _ in sizes:
        if k > h:
            continue
        _, w, g, dx, _ = _grads(h, k, 1, 0)
        ho = g.shape[0]
        for a, b in itertools.product(range(h), repeat=2):
            total = 0.0
            for m in range(lower(a, k, ho), upper(a, k, ho) + 1):
                for n in range(lower(b, k, ho), upper(b, k, ho) + 1):
                    if not (0 <= a - m < ho and 0 <= b - n < ho and 0 <= m < k and 0 <= n < k):
                        return False
                    total += (g[a - m, b - n] * w[m, n]).item()
            if abs(total - dx[a, b].item()) > 1e-9:
                return False
    return True


LOWERS = {
    r"\max(0,\, a-H_{out}+1)": lambda a, k, ho: max(0, a - ho + 1),
    r"\max(0,\, a-H_{out})": lambda a, k, ho: max(0, a - ho),
    r"0": lambda a, k, ho: 0,
}
UPPERS = {
    r"\min(k-1,\, a)": lambda a, k, ho: min(k - 1, a),
    r"\min(k,\, a)": lambda a, k, ho: min(k, a),
}


@pytest.mark.parametrize("lower", list(LOWERS))
@pytest.mark.parametrize("upper", list(UPPERS))
def test_input_gradient_with_clipped_bounds_and_differences(lower, upper):
    lo_b = lower.replace("a", "b").replace("H_{out}", "W_{out}").replace("\\mbx", "\\max")
    up_b = upper.replace("a", "b")
    claim = (
        rf"\frac{{\partial L}}{{\partial x_{{a,b}}}} = \sum_{{m={lower}}}^{{{upper}}} \;"
        rf"\sum_{{n={lo_b}}}^{{{up_b}}} \delta_{{a-m,\, b-n}}\, w_{{m,n}}"
    )
    text = (
        "Sizes are symbols: input $H \\times W$, kernel $k \\times k$, $\\delta_{i,j} = "
        "\\partial L/\\partial y_{i,j}$.\n\n## Input gradient\n\nFor $s = 1$, $p = 0$ "
        "(so $H_{out} = H - k + 1$):\n\n$$ " + claim + " $$\n"
    )
    verdict = check_text(text).verdicts[-1]
    sizes = [(h, k, 1, 0) for h in (3, 4, 6) for k in (1, 2, 3)]
    if _dx_holds(LOWERS[lower], UPPERS[upper], sizes):
        assert verdict.status in (VERIFIED, ALL_SIZES), verdict.message
    else:
        assert verdict.status in (WRONG, SIZE_SPECIFIC), verdict.message


def test_prose_that_shows_a_slip_does_not_fix_the_stride():
    """ "A version that silently assumes stride 1 and no padding" introduces a wrong
    general formula: it is judged with the notes' stride and padding, not at s = 1."""
    claim = (
        r"\frac{\partial L}{\partial w_{m,n}} = \sum_{i=0}^{H_{out}-1}\sum_{j=0}^{W_{out}-1}"
        r" \delta_{i,j}\, x_{i+m,\; j+n}"
    )
    assert not _dw_holds(DW_ROWS["i+m"], GRID)
    slip = "A version that silently assumes stride 1 and no padding:\n\n"
    text = HEAD_EN + slip + "$$" + claim + "$$\n"
    assert check_text(text).verdicts[-1].status in (WRONG, SIZE_SPECIFIC)
    # stated as the case (no slip): the same formula holds at stride 1, no padding
    assert _dw_holds(DW_ROWS["i+m"], [(h, k, 1, 0) for h in (3, 5) for k in (1, 2, 3)])
    text = HEAD_EN + "For stride 1 and no padding:\n\n$$" + claim + "$$\n"
    assert check_text(text).verdicts[-1].status in (VERIFIED, ALL_SIZES)


def test_a_general_stride_after_a_stride_one_paragraph():
    """The nearest line that speaks of the stride decides ("for a general stride")."""
    claim = (
        r"\frac{\partial L}{\partial x_{a,b}} = \sum_{i=\max(0,\lceil (a-k+1)/s \rceil)}"
        r"^{\min(H_{out}-1,\lceil a/s \rceil)}\sum_{j=\max(0,\lceil (b-k+1)/s \rceil)}"
        r"^{\min(W_{out}-1,\lceil b/s \rceil)} \delta_{i,j}\, w_{a-si,\, b-sj}"
    )
    # ceil(a/s) as the last output: at s = 2, k = 2, a = 1 it reads w_{1-2} (hand-checked)
    text = (
        "Input $H\\times W$, kernel $k \\times k$, stride $s$, $\\delta_{i,j} = \\partial "
        "L/\\partial y_{i,j}$.\n\n## Input gradient\n\nFor stride 1 and no padding the "
        "bounds are clipped.\n\nFor a general stride (still $p = 0$):\n\n$$" + claim + "$$\n"
    )
    assert check_text(text).verdicts[-1].status in (WRONG, SIZE_SPECIFIC)


def _avg_spread_holds(scale_power: int) -> bool:
    """dL/dx_{a,b} = k^{-scale_power} delta_{floor(a/k), floor(b/k)} for k x k average
    pooling with stride k, k dividing H, against torch's avg_pool2d."""
    for k, tiles in itertools.product((1, 2, 3), (1, 2, 3)):
        h = k * tiles
        gen = torch.Generator().manual_seed(h * 10 + k)
        x = torch.randn((1, 1, h, h), generator=gen, dtype=torch.float64, requires_grad=True)
        y = torch.nn.functional.avg_pool2d(x, k, stride=k)
        g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
        (y * g).sum().backward()
        for a, b in itertools.product(range(h), repeat=2):
            claimed = g[0, 0, a // k, b // k].item() / k**scale_power
            if abs(claimed - x.grad[0, 0, a, b].item()) > 1e-9:
                return False
    return True


@pytest.mark.parametrize("scale,power", [(r"\frac{1}{k^2}\,", 2), ("", 0), (r"\frac{1}{k}\,", 1)])
def test_average_pooling_with_stride_k_after_a_convolution_section(scale, power):
    """The pool section's own stride ("stride $k$", k dividing H) and no padding, though
    the notes' convolution before it had a stride s and a padding p."""
    text = (
        HEAD_EN + "$$ \\frac{\\partial L}{\\partial w_{m,n}} = \\sum_{i=0}^{H_{out}-1}"
        "\\sum_{j=0}^{W_{out}-1} \\delta_{i,j}\\, x_{si+m-p,\\; sj+n-p} $$\n\n## Pooling\n\n"
        "For $k\\times k$ average pooling with stride $k$ (and "
        "$k$ dividing $H$ and $W$):\n\n$$ \\frac{\\partial L}{\\partial x_{a,b}} = "
        + scale
        + " \\delta_{\\lfloor a/k \\rfloor,\\, \\lfloor b/k \\rfloor} $$\n"
    )
    verdict = check_text(text).verdicts[-1]
    if _avg_spread_holds(power):
        assert verdict.status in (VERIFIED, ALL_SIZES), verdict.message
    else:
        assert verdict.status in (WRONG, SIZE_SPECIFIC), verdict.message


def _count_right(formula) -> bool:
    for cin, cout, k in itertools.product((1, 2, 3), (1, 2, 4), (1, 2, 3)):
        layer = torch.nn.Conv2d(cin, cout, k)  # a bias per filter
        if formula(cin, cout, k) != sum(p.numel() for p in layer.parameters()):
            return False
    return True


COUNTS = {
    r"C_{out}\left(C_{in} k^2 + 1\right)": lambda cin, cout, k: cout * (cin * k * k + 1),
    r"C_{in} C_{out} k^2 + C_{in}": lambda cin, cout, k: cin * cout * k * k + cin,
    r"(C_{in} k^2 + 1)\, C_{out}": lambda cin, cout, k: (cin * k * k + 1) * cout,
}


@pytest.mark.parametrize("formula", list(COUNTS))
def test_a_parameter_count_named_p_in_notes_with_a_padding_p(formula):
    """P is the padding elsewhere in these notes; a right side made of channels and the
    kernel makes it a parameter count, judged for all sizes (not the padding's value)."""
    text = (
        "A transposed convolution with input side $H_{in}$, kernel $k$, stride $s$ and "
        "padding $p$ has $H_{out} = (H_{in} - 1)\\,s - 2p + k$.\n\nA conv layer with "
        "$C_{in}$ input channels, $C_{out}$ filters of size $k\\times k$ and one bias per "
        "filter has\n\n$$ P = " + formula + " $$\n\nparameters.\n"
    )
    verdict = check_text(text).verdicts[-1]
    expected = VERIFIED if _count_right(COUNTS[formula]) else WRONG
    assert verdict.status == expected, verdict.message


MARKED = (
    "Layer $l$ has input $x^{{l-1}}$ ($H \\times W$), kernel $w^{{l}}$ ($k \\times k$), stride 1, "
    "no padding, output $H' \\times W'$, and $\\delta^{{l}}_{{i,j}} = \\partial E/\\partial "
    "y^{{l}}_{{i,j}}$.\n\n$$ \\frac{{\\partial E}}{{\\partial w^{{l}}_{{m,n}}}} = "
    "\\sum_{{i=0}}^{{H'-1}}\\sum_{{j=0}}^{{W'-1}} \\delta^{{{g}}}_{{i,j}}\\, "
    "x^{{{x}}}_{{i+m{shift},\\, j+n}} $$\n"
)


@pytest.mark.parametrize("shift", ["", "+1"])
def test_layer_marks_and_primed_output_sizes(shift):
    row = "i+m" if not shift else "i+m+1"
    rows = {"i+m": lambda i, m, s, p: i + m, "i+m+1": lambda i, m, s, p: i + m + 1}
    right = _dw_holds(rows[row], [(h, k, 1, 0) for h in (3, 5) for k in (1, 2, 3)])
    text = MARKED.format(g="l", x="l-1", shift=shift)
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if right else WRONG), verdict.message


def test_layer_marks_of_two_layers_are_not_read_as_one_claim():
    """The general reader refuses delta^{l+1} next to w^{l}: another layer's gradient."""
    from symconv.checker.allsizes_parse import parse
    from symconv.checker.limits import NotUnderstood

    claim = (
        r"\frac{\partial E}{\partial w^{l}_{m,n}} = "
        r"\sum_{i=0}^{H'-1} \delta^{l+1}_{i,j} x^{l-1}_{i+m,j}"
    )
    with pytest.raises(NotUnderstood, match="two layers"):
        parse(claim, True)
    assert parse(claim.replace("l+1", "l"), True).kind == "chain"


def test_a_max_pool_claim_in_notes_that_also_average_is_not_read_as_average():
    """dL/dx = delta/k^2 is average pooling's gradient; under a max pooling heading it is
    max pooling's claim (wrong there), which the general reader does not read."""
    assert _avg_spread_holds(2)  # true for average pooling (torch)
    text = (
        "Average pooling spreads the gradient; max pooling routes it.\n\n## Max pooling\n\n"
        "For $k\\times k$ max pooling with stride $k$:\n\n$$ \\frac{\\partial L}{\\partial "
        "x_{a,b}} = \\frac{1}{k^2}\\, \\delta_{\\lfloor a/k \\rfloor,\\, \\lfloor b/k \\rfloor}"
        " $$\n"
    )
    assert check_text(text).verdicts[-1].status != VERIFIED


def test_a_stride_s_paragraph_after_a_stride_one_one_frees_the_stride():
    """Far above, "for stride 1"; just above, "now with stride $s$": the claim is about s."""
    claim = (
        r"\frac{\partial L}{\partial w_{m,n}} = \sum_{i=0}^{H_{out}-1}\sum_{j=0}^{W_{out}-1}"
        r" \delta_{i,j}\, x_{i+m,\; j+n}"
    )
    # true at stride 1 (hand-checked above), false at stride 2 with no padding
    assert not _dw_holds(DW_ROWS["i+m"], [(5, 2, 2, 0)])
    text = (
        "Sizes: input $H\\times W$, kernel $k\\times k$, $\\delta_{i,j} = \\partial L/\\partial"
        " y_{i,j}$, no padding.\n\n## Weight gradient\n\nFor stride 1 the windows touch.\n\n"
        "Line two.\n\nLine three.\n\nLine four.\n\nNow with stride $s$:\n\n$$" + claim + "$$\n"
    )
    assert check_text(text).verdicts[-1].status in (WRONG, SIZE_SPECIFIC)
