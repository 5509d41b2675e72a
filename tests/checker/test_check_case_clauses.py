"""A claim whose own clause (lead-in) states the case it is about: "For a 7x7 input, a 3x3
kernel, stride 2 and no padding: dL/dX = pad_2(dil_2(G)) * rot180(K)", a bullet after a
paragraph whose example had another padding; "with the same kernel and stride" taking the
case of the bullet before (clause_case.py, and case_sizes.py for the general reader).

Truth: torch autograd of a one-map convolution at the clause's sizes, and the claimed
operator form built with torch (zeros inserted, padded, correlated with the flipped kernel).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.report import ALL_SIZES, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _verdicts(text: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for v in check_text(text, "notes.md").verdicts:
        found.setdefault(v.line, []).append(v.status)
    return found


def _claim_holds(n: int, k: int, s: int, p: int, pad: int, dil: int, rot: bool = True) -> bool:
    """Whether dL/dX = pad_pad(dil_dil(G)) * rot180(K) (valid correlation) at this layer."""
    torch.manual_seed(n * 100 + k * 10 + s)
    x = torch.randn(1, 1, n, n, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, k, k, dtype=torch.float64)
    y = F.conv2d(x, w, stride=s, padding=p)
    g = torch.randn(y.shape, dtype=torch.float64)
    (y * g).sum().backward()
    side = (g.shape[-1] - 1) * dil + 1
    spread = torch.zeros(1, 1, side, side, dtype=torch.float64)
    spread[..., ::dil, ::dil] = g
    right = F.conv2d(F.pad(spread, (pad,) * 4), w.flip(-1, -2) if rot else w)
    return right.shape == x.grad.shape and torch.allclose(right, x.grad)


_DX = "\\frac{\\partial L}{\\partial X} = "
_FORM = "\\operatorname{pad}_{%d}(\\operatorname{dil}_%d(G)) \\star \\operatorname{rot}_{180}(K)"
# four cases, one a bullet: 7x7 (pad_2: right), 7x7 (pad_1: wrong), 8x8 and 9x9 with "the
# same" / "that" kernel and stride (8x8: the last row and column are missed; 9x9: right)
_BULLETS = (
    f"- For a $7 \\times 7$ input, a $3 \\times 3$ kernel, stride 2 and no padding: "
    f"${_DX}{_FORM % (2, 2)}$.\n"
    f"- For a $7 \\times 7$ input, a $3 \\times 3$ kernel, stride 2 and no padding: "
    f"${_DX}{_FORM % (1, 2)}$.\n"
    f"- For an $8 \\times 8$ input with the same kernel and stride: ${_DX}{_FORM % (2, 2)}$.\n"
    f"- For a $9 \\times 9$ input with that kernel and stride: ${_DX}{_FORM % (2, 2)}$.\n"
)


def test_bullets_state_their_own_layer_over_the_paragraph_before() -> None:
    """The paragraph before has padding 1; each bullet says "no padding", and the last two
    take the bullet before's kernel and stride ("the same", "that")."""
    assert _claim_holds(7, 3, 2, 0, 2, 2)
    assert not _claim_holds(7, 3, 2, 0, 1, 2)  # pad_1: a 5x5 result
    assert not _claim_holds(8, 3, 2, 0, 2, 2)  # the last row and column are not reached
    assert _claim_holds(9, 3, 2, 0, 2, 2)
    assert not _claim_holds(9, 3, 2, 1, 2, 2)  # under the paragraph's padding 1 it fails
    text = (
        "# Seminar notes, session 3: strided backward passes\n\n"
        "**Symbols:** input side $i$, kernel side $k$, stride $s$, padding $p$; one feature "
        "map, square sizes throughout.\n\n## Forward sizes\n\n"
        "For a $7 \\times 7$ input and a $3 \\times 3$ kernel with stride 2 and padding 1 the "
        "output is $4 \\times 4$.\n\n## Backward pass\n\n"
        "We write $G$ for the upstream gradient, $K$ for the kernel and $\\star$ for valid "
        "cross-correlation.\n\n" + _BULLETS
    )
    found = _verdicts(text)
    assert found[13] == [VERIFIED], found
    assert found[14] == [WRONG], found
    assert found[15] == [WRONG], found
    assert found[16] == [VERIFIED], found


def test_italian_clauses_with_a_stride_the_section_does_not_have() -> None:
    """ "Passo 1" on the first bullet; the next ones state stride 3 ("passo 3"), and the
    last "lo stesso kernel e passo" with a 10x10 input."""
    assert _claim_holds(9, 3, 3, 0, 2, 3)
    assert not _claim_holds(9, 3, 1, 0, 2, 3)  # at the first bullet's stride 1 it fails
    assert not _claim_holds(9, 3, 3, 0, 2, 2)
    assert not _claim_holds(10, 3, 3, 0, 2, 3)
    text = (
        "# Appunti del gruppo di lettura\n\n"
        "**Simboli:** lato d'ingresso $i$, lato del kernel $k$, passo $s$, padding $p$; una "
        "sola mappa, tutto quadrato.\n\n## Retropropagazione\n\n"
        "Scriviamo $G$ per il gradiente che arriva dall'alto, $K$ per il kernel e $\\star$ per "
        "la correlazione valida.\n\n"
        "- Passo 1, senza padding: $\\frac{\\partial L}{\\partial X} = "
        "\\operatorname{pad}_{k-1}(G) \\star \\operatorname{rot}_{180}(K)$.\n"
        f"- Per un ingresso $9 \\times 9$, un kernel $3 \\times 3$, passo 3 e senza padding: "
        f"${_DX}{_FORM % (2, 3)}$.\n"
        f"- Per un ingresso $9 \\times 9$, un kernel $3 \\times 3$, passo 3 e senza padding: "
        f"${_DX}{_FORM % (2, 2)}$.\n"
        f"- Con un ingresso $10 \\times 10$ e lo stesso kernel e passo: ${_DX}{_FORM % (2, 3)}$.\n"
    )
    found = _verdicts(text)
    assert found[10] == [VERIFIED], found
    assert found[11] == [WRONG], found
    assert found[12] == [WRONG], found


def test_general_reader_judges_inside_the_stated_case() -> None:
    """A section about transposed convolutions, read by the general reader: a bullet that
    states its whole case is judged at that case (the reader's own sizes would have stride
    1); "with the same kernel and stride" takes the bullet before's; a case with stride 1
    and no padding only is the general prover's unpadded, square case: proved there."""
    text = (
        "# Seminar notes, session 3\n\n"
        "**Symbols:** input size $n$, kernel size $k$, stride $s$, padding $p$, output size "
        "$m$; one feature map, square sizes throughout.\n\n## Forward sizes\n\n"
        "The output side is $m = \\left\\lfloor \\frac{n + 2p - k}{s} \\right\\rfloor + 1$; "
        "for a $7 \\times 7$ input and a $3 \\times 3$ kernel with stride 2 and padding 1 this "
        "is $m = \\lfloor 6/2 \\rfloor + 1 = 4$.\n\n## Transposed convolutions\n\n"
        "A transposed convolution is the input gradient of a convolution. We write $G$ for "
        "the upstream gradient, $K$ for the kernel and $\\star$ for valid cross-correlation.\n\n"
        "- With stride 1 and no padding: $\\frac{\\partial L}{\\partial X} = "
        "\\operatorname{pad}_{k-1}(G) \\star \\operatorname{rot}_{180}(K)$.\n" + _BULLETS
    )
    found = _verdicts(text)
    assert found[13] == [ALL_SIZES], found
    assert found[14] == [VERIFIED], found
    assert found[15] == [WRONG], found
    assert found[16] == [WRONG], found
    assert found[17] == [VERIFIED], found


def test_a_clause_of_letters_is_no_case() -> None:
    """ "For a $k \\times k$ window with stride $k$": sizes of any value, no layer to judge
    under (clause_case leaves the claim to the general reader)."""
    from symconv.checker.case_sizes import case_pins

    assert case_pins([("kernel", "kxk"), ("stride", "k")]) is None
    assert case_pins([("input", "5x5"), ("stride", "2")]) == (
        ("H", 5),
        ("W", 5),
        ("s_h", 2),
        ("s_w", 2),
    )
    assert case_pins([("padding", "1"), ("padding", "0")]) is None  # two values for one size
