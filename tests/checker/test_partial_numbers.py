"""A worked 1-D example's chain whose middle side has some tensors' numbers put in
(partial_numbers.py): ``dL/dw[0] = 2 x[3] - x[1] = 7`` after g is given (G put in, X in
letters), ``dL/dx_4 = 3 g_4 - 2 g_2 = 3`` after w is given; and the layer stated in words
those notes use (tap_prose.py): "the filter has 3 taps", "padded with 1 zero on each side",
"der Filter hat 2 Koeffizienten", "dopełnienie zerami po 2 próbki z każdej strony".

The truth is torch's conv1d and autograd: a formula side is the entry with the given numbers
put in iff it equals torch's gradient at several random values of the tensor it writes in
letters (it is linear in them), and a number iff it equals torch's gradient at the notes'
numbers.  Never symconv."""

from __future__ import annotations

import random

import pytest

from symconv.checker.prose import prose_facts
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _grads(x, w, g, **options):
    xt = torch.tensor([[x]], dtype=torch.float64, requires_grad=True)
    wt = torch.tensor([[w]], dtype=torch.float64, requires_grad=True)
    y = F.conv1d(xt, wt, **options)
    (y * torch.tensor([[g]], dtype=torch.float64)).sum().backward()
    return [round(v) for v in xt.grad[0, 0].tolist()], [round(v) for v in wt.grad[0, 0].tolist()]


def _truth(x, w, g, wrt, at, terms, number, **options):
    """The status a claim ``d/d wrt[at] = sum(c * letter[i]) = number`` deserves: the letters
    are x's for a weight gradient (g put in), g's for an input gradient (w put in)."""
    rng = random.Random(7)
    ok_formula = True
    for _ in range(3):  # linear in the letters' tensor: three random points decide it
        if wrt == "w":
            free = [rng.randint(-9, 9) for _ in x]
            exact = _grads(free, w, g, **options)[1][at]
        else:
            free = [rng.randint(-9, 9) for _ in g]
            exact = _grads(x, w, free, **options)[0][at]
        ok_formula &= sum(c * free[i] for c, i in terms) == exact
    dx, dw = _grads(x, w, g, **options)
    ok_number = (dw if wrt == "w" else dx)[at] == number
    return VERIFIED if ok_formula and ok_number else WRONG


def _side(terms, letter, brackets):
    out = ""
    for c, i in terms:
        sign = "-" if c < 0 else "+"
        mag = "" if abs(c) == 1 else f"{abs(c)} "
        entry = f"{letter}[{i}]" if brackets else f"{letter}_{{{i}}}"
        out += f" {sign} {mag}{entry}" if out else f"{'-' if c < 0 else ''}{mag}{entry}"
    return out


def _lst(values, brackets):
    return brackets[0] + ", ".join(str(v) for v in values) + brackets[1]


# English, brackets, padding 1 in words, G's numbers put in for dL/dw and W's for dL/dx
X_A, W_A, G_A = [2, -1, 0, 3, 1, 4], [1, 2, -1], [1, 0, -1, 0, 2, 0]
HEAD_A = (
    "# Worked 1-D example\n\nIndices start at 0. The signal $x$ has length 6, the filter $w$ "
    "has 3 taps, padded with 1 zero on each side, stride 1, no bias: "
    "$y[n] = \\sum_{{k=0}}^{{2}} w[k]\\, x[n + k - 1]$.\n\n$$x = {x}, \\qquad w = {w}.$$\n\n"
    "The upstream gradient is $g[n] = \\partial L / \\partial y[n]$ with $g = {g}$.\n\n"
)
CLAIMS_A = [
    ("w", 0, [(2, 3), (-1, 1)], 7),  # g0 x[-1] - g2 x[1] + 2 g4 x[3]: right, 7 right
    ("w", 2, [(1, 1), (2, 5)], 7),  # misses -x[3]; its own arithmetic holds
    ("w", 1, [(1, 0), (-1, 2), (2, 4)], 5),  # the right formula, the wrong number (4)
    ("x", 3, [(1, 4), (2, 3), (-1, 2)], 3),  # w0 g4 + w1 g3 + w2 g2: right
    ("x", 3, [(1, 2), (2, 3), (-1, 4)], -3),  # the taps the wrong way round
]


def _judged(head, example, claim, brackets, **options):
    """The checker's verdict and torch's status of one claim after the example's head."""
    x, w, g = example
    wrt, at, terms, number = claim
    status = _truth(x, w, g, wrt, at, terms, number, **options)
    head = head.format(x=_lst(x, brackets), w=_lst(w, brackets), g=_lst(g, brackets))
    entry = f"{wrt}[{at}]" if brackets == "[]" else f"{wrt}_{at}"
    right = _side(terms, "x" if wrt == "w" else "g", brackets == "[]")
    text = f"$$\\frac{{\\partial L}}{{\\partial {entry}}} = {right} = {number}$$\n"
    return check_text(head + text).verdicts[-1], status


@pytest.mark.parametrize("k", range(len(CLAIMS_A)))
def test_english_brackets_against_torch(k):
    verdict, status = _judged(HEAD_A, (X_A, W_A, G_A), CLAIMS_A[k], "[]", padding=1)
    assert verdict.status == status, verdict.message
    assert "these numbers only" in verdict.message


# German, subscripts, parentheses, dilation 2, no padding
X_B, W_B, G_B = [1, 4, -2, 0, 3, -1, 2], [3, -2], [1, -1, 0, 2, 1]
HEAD_B = (
    "# Übung 5: eindimensionale Faltung\n\nIndizes beginnen bei 0. Das Signal $x$ hat die "
    "Länge 7, der Filter $w$ hat 2 Koeffizienten, Dilatation 2, Schrittweite 1, ohne "
    "Padding, ohne Bias: $y_n = \\sum_{{k=0}}^{{1}} w_k x_{{n + 2k}}$.\n\nGegeben sind "
    "$x = {x}$ und $w = {w}$, dazu $g = {g}$ mit $g_n = \\partial L / \\partial y_n$.\n\n"
)
CLAIMS_B = [
    ("x", 4, [(3, 4), (-2, 2)], 3),
    ("x", 2, [(3, 2), (-2, 1)], 2),  # g_1 where g_0 belongs
    ("w", 1, [(1, 2), (-1, 3), (2, 5), (1, 6)], -6),  # the right formula, a wrong sum
    ("w", 0, [(1, 0), (-1, 1), (2, 3), (1, 4)], 0),  # g_n x_n: 1 - 4 + 0 + 3 = 0
]


@pytest.mark.parametrize("k", range(len(CLAIMS_B)))
def test_german_subscripts_against_torch(k):
    verdict, status = _judged(HEAD_B, (X_B, W_B, G_B), CLAIMS_B[k], "()", dilation=2)
    assert verdict.status == status, verdict.message


def test_both_statuses_occur():
    """The claims above are not all of one kind (a test that cannot fail would)."""
    found = {_truth(X_A, W_A, G_A, *c, padding=1) for c in CLAIMS_A} | {
        _truth(X_B, W_B, G_B, *c, dilation=2) for c in CLAIMS_B
    }
    assert found == {VERIFIED, WRONG}


def test_a_wrong_formula_with_the_right_value_leaves_its_number_unread():
    """dL/dw[0] = 2 x[3] - x[1] + x[2] = 7: x[2] = 0 in the notes, so the wrong formula has
    the entry's value; its number's link is not judged (named not understood), the formula's
    link is wrong."""
    head = HEAD_A.format(x=_lst(X_A, "[]"), w=_lst(W_A, "[]"), g=_lst(G_A, "[]"))
    claim = "\\frac{\\partial L}{\\partial w[0]} = 2 x[3] - x[1] + x[2] = 7"
    assert _truth(X_A, W_A, G_A, "w", 0, [(2, 3), (-1, 1), (1, 2)], 7, padding=1) == WRONG
    verdict = check_text(head + f"$${claim}$$\n").verdicts[-1]
    assert verdict.status == WRONG
    assert "side 2 of 3 differs" in verdict.message
    assert "side 3 of 3 is not understood" in verdict.message


def test_without_the_upstream_numbers_nothing_is_read_so():
    """No g given: x[1]'s chain is not the entry with anything put in; never verified."""
    head = HEAD_A.format(x=_lst(X_A, "[]"), w=_lst(W_A, "[]"), g="G")
    verdict = check_text(head + "$$\\frac{\\partial L}{\\partial w[0]} = 2 x[3] - x[1] = 7$$\n")
    assert verdict.verdicts[-1].status in (NOT_UNDERSTOOD, WRONG)
    assert verdict.verdicts[-1].status != VERIFIED


@pytest.mark.parametrize(
    ("sentence", "facts"),
    [
        (
            "Sygnał $x[n]$ ma długość 9, filtr $w[k]$ ma 4 współczynniki, dylatacja wynosi 3, "
            "dopełnienie zerami po 1 próbce z każdej strony, krok 2.",
            {("input", "9"), ("kernel", "4"), ("dilation", "3"), ("padding", "1")},
        ),
        (
            "La señal tiene longitud 10 y el filtro tiene 5 coeficientes; se rellena con 2 "
            "ceros a cada lado.",
            {("input", "10"), ("kernel", "5"), ("padding", "2")},
        ),
        (
            "An input of length 7 and a 3-tap filter, padded with 1 zero on each side.",
            {("input", "7"), ("kernel", "3"), ("padding", "1")},
        ),
        (
            # weights of a 1-D filter, a count written as k = 4, the instrumental "dylatacją"
            "Sygnał $x$ ma długość $n = 11$, filtr $w$ ma $k = 4$ wagi; splot z krokiem "
            "$s = 1$ i dylatacją $d = 3$.",
            {("input", "11"), ("kernel", "4"), ("dilation", "3")},
        ),
        (
            "Le signal est de longueur 6 ; le filtre a 2 coefficients, 1 zéro de chaque côté.",
            {("kernel", "2"), ("padding", "1")},
        ),
    ],
)
def test_taps_and_zeros_on_each_side_in_words(sentence, facts):
    found = {(k, v) for k, v, _ in prose_facts(sentence)}
    assert facts <= found, found


@pytest.mark.parametrize(
    "sentence",
    [
        # a 2-D filter's coefficients are k^2, no length: nothing read as the kernel
        "The $3 \\times 3$ filter has 9 coefficients, applied to a $6 \\times 6$ image.",
        "Each $3 \\times 3$ filter has 9 weights and one bias; the image is $8 \\times 8$.",
        # zeros between the entries dilate; zeros at one end are no symmetric padding
        "We insert 1 zero between neighbouring entries on each side of the kernel.",
        "The signal of length 8 gets 2 zeros at the end.",
    ],
)
def test_no_kernel_or_padding_read_where_the_words_mean_otherwise(sentence):
    found = {(k, v) for k, v, _ in prose_facts(sentence)}
    assert ("kernel", "9") not in found
    assert not any(k == "padding" for k, _ in found), found
