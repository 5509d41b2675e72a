"""Notes that write a layer with their own symbolic sizes (n_{ch}, n_f, h_{new}, f_r, a
two-letter index ch, 1-based, no batch index), cases, and sum bounds they name.

Every verdict is tested against independent truth: the forward variants against torch's
conv2d at several sizes, the named bounds against a brute-force search for the first and
last i whose terms read the kernel inside it.  A variant that is false anywhere must come
out ``wrong``; a true one ``verified``.
"""

from __future__ import annotations

import itertools
import math

import pytest

from symconv.checker.extract import scan
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

SUMS = r"\sum_{ch=1}^{n_{ch}}\sum_{r=1}^{f_r}\sum_{c=1}^{f_c}"


def _verdicts(*claims: str):
    head = "A layer with a bias $b$ per filter.\n\n"
    return check_text(head + "\n\n".join(f"$${c}$$" for c in claims)).verdicts


# ------------------------------------------------------------------ the forward, vs torch
# (latex of X's two spatial indices, bias term, the same in Python: (i, j, r, c, s) -> (row,
# col), 1-based, None where the written sum differs in its range)
FORWARDS = [
    (
        "(i-1)s+r",
        "(j-1)s+c",
        " + b_f",
        lambda i, j, r, c, s: ((i - 1) * s + r, (j - 1) * s + c),
        True,
        None,
    ),
    (
        "(i-1)s+r-1",
        "(j-1)s+c",
        " + b_f",
        lambda i, j, r, c, s: ((i - 1) * s + r - 1, (j - 1) * s + c),
        True,
        None,
    ),
    ("is+r", "js+c", " + b_f", lambda i, j, r, c, s: (i * s + r, j * s + c), True, None),
    (
        "(i-1)s+r",
        "(j-1)s+c",
        "",
        lambda i, j, r, c, s: ((i - 1) * s + r, (j - 1) * s + c),
        False,
        None,
    ),
    (
        "(i-1)s+c",
        "(j-1)s+r",
        " + b_f",
        lambda i, j, r, c, s: ((i - 1) * s + c, (j - 1) * s + r),
        True,
        None,
    ),
    (
        "(i-1)s+r",
        "(j-1)s+c",
        " + b_f",
        lambda i, j, r, c, s: ((i - 1) * s + r, (j - 1) * s + c),
        True,
        "n_{ch}-1",
    ),
]


def _torch_agrees(index, bias: bool, channels_to: str | None) -> bool:
    """Whether the written forward equals torch's conv2d at a grid of sizes."""
    gen = torch.Generator().manual_seed(1)
    for h, w, fr, fc, s, nch, nf in [
        (7, 8, 3, 2, 2, 2, 2),
        (5, 5, 2, 2, 1, 2, 1),
        (6, 7, 2, 3, 3, 1, 2),
    ]:
        x = torch.randn((nch, h, w), generator=gen, dtype=torch.float64)
        wt = torch.randn((nf, nch, fr, fc), generator=gen, dtype=torch.float64)
        b = torch.randn((nf,), generator=gen, dtype=torch.float64)
        out = torch.nn.functional.conv2d(x[None], wt, b, stride=s)[0]
        top = nch if channels_to is None else nch - 1
        for f, i, j in itertools.product(
            range(nf), range(1, out.shape[1] + 1), range(1, out.shape[2] + 1)
        ):
            total = b[f].item() if bias else 0.0
            for ch, r, c in itertools.product(
                range(1, top + 1), range(1, fr + 1), range(1, fc + 1)
            ):
                row, col = index(i, j, r, c, s)
                if not (1 <= row <= h and 1 <= col <= w):
                    return False  # the written sum reads past the input
                total += wt[f, ch - 1, r - 1, c - 1].item() * x[ch - 1, row - 1, col - 1].item()
            if abs(total - out[f, i - 1, j - 1].item()) > 1e-9:
                return False
    return True


@pytest.mark.parametrize("row,col,bias,index,has_bias,top", FORWARDS)
def test_forward_variants_against_torch(row, col, bias, index, has_bias, top):
    sums = SUMS if top is None else SUMS.replace("n_{ch}", top, 1)
    claim = rf"O_{{f,i,j}} = {sums}W_{{f, ch, r, c}} * X_{{ch, {row}, {col}}}{bias}"
    (verdict,) = _verdicts(claim)
    truth = _torch_agrees(index, has_bias, top)
    assert verdict.status == (VERIFIED if truth else WRONG), verdict.message


def test_a_formula_split_across_math_spans_is_one_statement():
    text = (
        r"$$O_{f,i,j}$$ = ($$" + SUMS + r"W_{f, ch, r, c} * X_{ch, (i-1)s+r, (j-1)s+c})"
        r" + b_f$$ where $$s$$ is the stride."
    )
    texts = [e.text for e in scan(text) if e.kind == "math"]
    assert texts[0].startswith("O_{f,i,j} = ( \\sum")
    assert texts[1:] == ["s"]
    assert check_text(text).verdicts[0].status == VERIFIED
    # prose between the spans is not glue: two statements, the first no claim
    apart = text.replace("$$ = ($$", "$$, which is ($$")
    assert len([e for e in scan(apart) if e.kind == "math"]) == 3


# ------------------------------------------------------------------ cases and the chain rule
CHAIN = (
    r"\frac{\partial L}{\partial X_{ch,p,q}} = \sum_{f=1}^{n_f}\sum_{i=1}^{h_{new}}"
    r"\sum_{j=1}^{w_{new}}\frac{\partial L}{\partial O_{f,i,j}}\frac{\partial O_{f,i,j}}"
    r"{\partial X_{ch,p,q}}"
)
CASES = (
    r"\frac{\partial O_{f,i,j}}{\partial X_{ch,p,q}} = \begin{cases} W_{f,ch,p-(i-1)s,"
    r"q-(j-1)s}, \quad 1<=p-(i-1)s<=%s \cap 1<=q-(j-1)s<=f_c\\ 0, \quad otherwise "
    r"\end{cases}"
)


@pytest.mark.parametrize("top,status", [("f_r", VERIFIED), ("f_r-1", WRONG)])
def test_cases_with_le_and_cap(top, status):
    # the local derivative is W at p-(i-1)s inside the kernel (rows 1..f_r): a bound one
    # short drops the last kernel row, which torch's conv2d weights (test above) use
    forward = r"O_{f,i,j} = " + SUMS + r"W_{f, ch, r, c} * X_{ch, (i-1)s+r, (j-1)s+c} + b_f"
    found = _verdicts(forward, CHAIN, CASES % top)
    assert [v.status for v in found] == [VERIFIED, VERIFIED, status]


def test_an_and_written_as_text_and_if():
    claim = (
        r"\frac{\partial O_{f,i,j}}{\partial X_{ch,p,q}} = \begin{cases} W_{f,ch,"
        r"p-(i-1)s,q-(j-1)s} & \text{if } 1 \le p-(i-1)s \le f_r \text{ and } 1 \le "
        r"q-(j-1)s \le f_c \\ 0 & \text{otherwise} \end{cases}"
    )
    assert _verdicts(claim)[0].status == VERIFIED


# ------------------------------------------------------------------ named bounds, brute force
BOXED = (
    r"\frac{\partial L}{\partial X_{ch,p,q}} = \sum_{f=1}^{n_f}\sum_{i=i_{lower}}^"
    r"{i_{upper}}\sum_{j=j_{lower}}^{j_{upper}}\frac{\partial L}{\partial O_{f,i,j}}"
    r"W_{f,ch,p-(i-1)s,q-(j-1)s}"
)
BOUNDS = {  # latex of i_lower / i_upper, and the same in Python (p, f, s)
    "floor": (r"\lfloor{\frac{p-f_r}{s} + 1}\rfloor", lambda p, f, s: math.floor((p - f) / s + 1)),
    "ceil": (r"\lceil{\frac{p-f_r}{s}}\rceil + 1", lambda p, f, s: math.ceil((p - f) / s) + 1),
    "upper": (r"\lfloor{\frac{p-1}{s} + 1}\rfloor", lambda p, f, s: math.floor((p - 1) / s + 1)),
    "upper short": (r"\lfloor{\frac{p-1}{s}}\rfloor", lambda p, f, s: math.floor((p - 1) / s)),
    "upper ceil": (r"\lceil{\frac{p-1}{s}}\rceil + 1", lambda p, f, s: math.ceil((p - 1) / s) + 1),
}


def _brute_right(formula, lower: bool) -> bool:
    """Whether the formula is the first (last) 1-based i with 1 <= p-(i-1)s <= f."""
    for s, f, p in itertools.product(range(1, 5), range(1, 5), range(1, 12)):
        found = [i for i in range(-30, 30) if 1 <= p - (i - 1) * s <= f]
        if found and formula(p, f, s) != (found[0] if lower else found[-1]):
            return False
    return True


@pytest.mark.parametrize(
    "lower,upper",
    [("floor", "upper"), ("ceil", "upper"), ("ceil", "upper short"), ("ceil", "upper ceil")],
)
def test_named_bounds_against_brute_force(lower, upper):
    (lo, lo_py), (hi, hi_py) = BOUNDS[lower], BOUNDS[upper]
    text = (
        f"$${BOXED}$$\n\nwhere $$i_{{lower}} = {lo}, i_{{upper}} = {hi}, j_{{lower}} = "
        f"{lo.replace('p', 'q').replace('f_r', 'f_c')}, j_{{upper}} = "
        f"{hi.replace('p', 'q')}$$\n"
    )
    verdicts = check_text(text).verdicts
    by = {v.source.split("=")[0].strip(): v for v in verdicts}
    for name, formula, is_lower in (("i_{lower}", lo_py, True), ("i_{upper}", hi_py, False)):
        right = _brute_right(formula, is_lower)
        assert by[name].status == (VERIFIED if right else WRONG), (name, by[name].message)
    # the boxed sum: right whenever its bounds take in every term (zero terms past the ends)
    takes_all = all(
        lo_py(p, f, s) <= min(i for i in range(-30, 30) if 1 <= p - (i - 1) * s <= f)
        and hi_py(p, f, s) >= max(i for i in range(-30, 30) if 1 <= p - (i - 1) * s <= f)
        for s, f, p in itertools.product(range(1, 5), range(1, 5), range(1, 12))
        if any(1 <= p - (i - 1) * s <= f for i in range(-30, 30))
    )
    assert verdicts[0].status == (VERIFIED if takes_all else WRONG), verdicts[0].message


def test_a_bound_of_no_sum_is_not_understood():
    (verdict,) = _verdicts(r"i_{lower} = \lfloor{\frac{p-f_r}{s} + 1}\rfloor")
    assert verdict.status == NOT_UNDERSTOOD
    assert "bounds no sum" in verdict.message
