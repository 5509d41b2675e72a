"""False alarms of the sealed set fresh57 closed by hunter h23c (twenty-third session).

1. A worked example's dilation set in Greek prose ("Παίρνουμε ... πυρήνα $2 \\times 2$ και
   $d = 2$", "με διαστολή 2") was not read: the readers of settings knew no Greek verb of
   setting and the reader of dilation words no Greek noun, so the example was judged at
   dilation 1 (its dilated formula and its 3x3 output called wrong).
2. A dilation set with its letter in a sentence no reader takes as a setting ("the taps sit
   $d = 2$ apart") left the layer at dilation 1: a verdict that rests on it is now not
   understood (unread_dilation.py); one the claim gets at both dilations stands.
3. "With `reduction='sum'` the factor $\\frac{1}{N}$ disappears and $\\partial L / \\partial Y
   = 2(Y - T)$" was judged under the notes' mean: the claim's sentence names another loss,
   which is now read (entry_loss.py).

Every expected verdict comes from torch: conv2d with and without dilation for the example's
output and autograd for its formulas, mse_loss with each reduction for the loss's gradient.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

# ---------------------------------------------------------------- the dilated example

_GEN = torch.Generator().manual_seed(7)
_X = torch.randint(-2, 4, (1, 1, 5, 5), generator=_GEN).double()
_W = torch.randint(-2, 3, (1, 1, 2, 2), generator=_GEN).double()


def _matrix(rows: torch.Tensor) -> str:
    body = " \\\\ ".join(" & ".join(str(int(v)) for v in row) for row in rows)
    return "\\begin{bmatrix} " + body + " \\end{bmatrix}"


def _output(dilation: int) -> torch.Tensor:
    return torch.nn.functional.conv2d(_X, _W, dilation=dilation)[0, 0]


def _formula(step: int, swap: bool = False) -> str:
    kernel = "W[v,u]" if swap else "W[u,v]"
    at = "2u" if step == 2 else "u"
    at_v = "2v" if step == 2 else "v"
    return (
        f"Y[i,j] = \\sum_{{u=0}}^{{1}} \\sum_{{v=0}}^{{1}} {kernel}\\, X[i + {at},\\, j + {at_v}]"
    )


def _formula_truth(step: int, swap: bool, dilation: int) -> bool:
    """Whether the formula gives torch's output of the example's X and W at ``dilation``
    (torch's dilated conv2d; the formula evaluated entry by entry with NumPy)."""
    x, w = _X[0, 0].numpy(), _W[0, 0].numpy()
    out = _output(dilation).numpy()
    mine = np.zeros_like(out)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            for u in range(2):
                for v in range(2):
                    weight = w[v, u] if swap else w[u, v]
                    if max(i + step * u, j + step * v) >= x.shape[0]:
                        return False  # the formula reads outside X: not this output
                    mine[i, j] += weight * x[i + step * u, j + step * v]
    return bool(np.array_equal(mine, out))


# the sentence that states the example: where the dilation is read, where it is not
SETTINGS = {
    # Greek: "we take indices from 0, one channel, no bias, no padding, a 2x2 kernel, d = 2"
    "el_take": (
        "# Συνέλιξη με διαστολή\n\n## Παράδειγμα\n\nΠαίρνουμε δείκτες από το 0, ένα κανάλι, "
        "χωρίς bias και χωρίς padding, πυρήνα $2 \\times 2$ και $d = 2$.\n\n"
    ),
    # Greek: "... the 2x2 kernel is applied with dilation 2"
    "el_noun": (
        "# Συνέλιξη με διαστολή\n\n## Παράδειγμα\n\nΔείκτες από το 0, ένα κανάλι, χωρίς bias "
        "και χωρίς padding· ο πυρήνας $2 \\times 2$ εφαρμόζεται με διαστολή 2.\n\n"
    ),
    # Czech (a word lexicon.py knew, the dilation reader did not)
    "cs_noun": (
        "# Dilatovaná konvoluce\n\n## Příklad\n\nIndexy od 0, jeden kanál, no bias, no padding; "
        "jádro $2 \\times 2$ s dilatace 2.\n\n"
    ),
}
UNREAD = {
    "es": (
        "# Convolución dilatada\n\n## Ejemplo\n\nÍndices desde 0, un canal, sin sesgo y sin "
        "relleno. El núcleo $W$ es $2 \\times 2$ con sus tomas separadas, $d = 2$.\n\n"
    ),
    "en": (
        "# Dilated convolution\n\n## Example\n\nIndices from 0, one channel, no bias, no "
        "padding. The $2 \\times 2$ kernel's taps sit $d = 2$ apart.\n\n"
    ),
}


def _example(head: str, claims: list[str]) -> dict[int, str]:
    """The status of each claim (its line -> status) in notes of ``head`` then X, W."""
    text = head + f"$$X = {_matrix(_X[0, 0])}, \\qquad W = {_matrix(_W[0, 0])}$$\n\n"
    first = len(text.split("\n"))
    text += "".join(f"$${claim}$$\n\n" for claim in claims)
    lines = {first + 2 * k: claim for k, claim in enumerate(claims)}
    found: dict[int, str] = {}
    for verdict in check_text(text).verdicts:
        if verdict.line in lines:
            assert verdict.line not in found, (verdict, found)
            found[verdict.line] = verdict.status
    assert set(found) == set(lines), (found, text)
    return {k: found[k] for k in sorted(found)}


def test_the_torch_truth_of_the_example() -> None:
    assert _output(2).shape == (3, 3) and _output(1).shape == (4, 4)
    assert _formula_truth(2, False, 2) and not _formula_truth(1, False, 2)
    assert not _formula_truth(2, True, 2)  # the transposed kernel: wrong at dilation 2
    assert not _formula_truth(2, True, 1) and _formula_truth(1, False, 1)
    assert not torch.equal(_output(1)[:3, :3], _output(2))


@pytest.mark.parametrize("language", list(SETTINGS))
def test_a_dilation_set_in_greek_or_czech_is_read(language: str) -> None:
    claims = [
        _formula(2),  # right at dilation 2 (torch)
        _formula(1),  # the undilated formula: wrong for the notes' dilation 2
        _formula(2, swap=True),  # the kernel transposed: wrong at any dilation
        f"Y = {_matrix(_output(2))}",  # torch's output at dilation 2
        f"Y = {_matrix(_output(1)[:3, :3])}",  # dilation 1's corner: wrong
    ]
    got = list(_example(SETTINGS[language], claims).values())
    assert got == [VERIFIED, WRONG, WRONG, VERIFIED, WRONG], got


@pytest.mark.parametrize("language", list(UNREAD))
def test_a_dilation_letter_not_read_is_never_judged_at_dilation_1(language: str) -> None:
    claims = [
        _formula(2),  # right at the notes' dilation 2: was called wrong at dilation 1
        _formula(1),  # right at dilation 1 only: must not be verified
        _formula(2, swap=True),  # wrong at either dilation: still wrong
        f"Y = {_matrix(_output(2))}",  # torch's 3x3: was called wrong (the output 4x4)
        f"Y = {_matrix(_output(1)[:3, :3])}",  # wrong at either dilation: still wrong
    ]
    got = list(_example(UNREAD[language], claims).values())
    assert got == [NOT_UNDERSTOOD, NOT_UNDERSTOOD, WRONG, NOT_UNDERSTOOD, WRONG], got


def _weight_formula(step: int, swap: bool = False) -> str:
    last = 2 if step == 2 else 3
    at_u, at_v = ("2v", "2u") if swap else (("2u", "2v") if step == 2 else ("u", "v"))
    return (
        f"\\frac{{\\partial L}}{{\\partial W[u,v]}} = \\sum_{{i=0}}^{{{last}}} "
        f"\\sum_{{j=0}}^{{{last}}} G[i,j]\\, X[i + {at_u},\\, j + {at_v}]"
    )


def _weight_truth(step: int, swap: bool, dilation: int) -> bool:
    """Whether the weight-gradient formula is torch autograd's at ``dilation`` (L = sum of G
    times the output, G drawn at random)."""
    w = _W.clone().requires_grad_(True)
    y = torch.nn.functional.conv2d(_X, w, dilation=dilation)
    g = torch.randn(y.shape, generator=torch.Generator().manual_seed(5), dtype=torch.float64)
    (y * g).sum().backward()
    assert w.grad is not None
    x, grad, gn = _X[0, 0].numpy(), w.grad[0, 0].numpy(), g[0, 0].numpy()
    last = 2 if step == 2 else 3
    if gn.shape[0] != last + 1:
        return False  # the formula's sums run over another output than this one
    mine = np.zeros((2, 2))
    for u in range(2):
        for v in range(2):
            a, b = (v, u) if swap else (u, v)
            for i in range(last + 1):
                for j in range(last + 1):
                    mine[u, v] += gn[i, j] * x[i + step * a, j + step * b]
    return bool(np.allclose(mine, grad))


def test_a_later_section_goes_on_with_the_unread_dilation() -> None:
    """The weight gradient's own section writes no dilation; its layer goes on from the
    example's, whose $d = 2$ is not read: judged at dilation 1 it would be a false alarm."""
    assert _weight_truth(2, False, 2) and not _weight_truth(1, False, 2)
    assert _weight_truth(1, False, 1) and not _weight_truth(2, True, 2)
    assert not _weight_truth(2, True, 1)
    head = UNREAD["en"] + (
        f"$$X = {_matrix(_X[0, 0])}, \\qquad W = {_matrix(_W[0, 0])}$$\n\n"
        "## Weight gradient\n\nLet $G = \\partial L / \\partial Y$. Then\n\n"
    )
    claims = [_weight_formula(2), _weight_formula(1), _weight_formula(2, swap=True)]
    text = head + "".join(f"$${claim}$$\n\n" for claim in claims)
    first = len(head.split("\n"))
    got = {v.line: v.status for v in check_text(text).verdicts if v.line >= first}
    assert [got.get(first + 2 * k) for k in range(3)] == [NOT_UNDERSTOOD, NOT_UNDERSTOOD, WRONG]


def test_d_in_notes_that_never_speak_of_dilation_is_left_alone() -> None:
    """ "$d = 2$" with no word of dilation anywhere is no dilation (a distance, a depth): the
    claims are judged at the layer read, as before."""
    head = (
        "# Convolution\n\n## Example\n\nIndices from 0, one channel, no bias, no padding. The "
        "$2 \\times 2$ kernel sits $d = 2$ rows above the border.\n\n"
    )
    got = list(_example(head, [_formula(1), _formula(2)]).values())
    assert got == [VERIFIED, WRONG], got


# ---------------------------------------------------------------- the loss's reduction

_MEAN = {
    "en": (
        "# MSE after a convolution\n\nThe output $Y$ has $N$ entries and the target is $T$. "
        "The loss is the mean squared error\n\n$$L = \\frac{{1}}{{N}} \\sum_{{i,j}} \\left( "
        "{Y} - {T} \\right)^2$$\n\n"
    ),
    "de": (
        "# MSE nach einer Faltung\n\nDie Ausgabe $Y$ hat $N$ Einträge, das Ziel ist $T$. Der "
        "Verlust ist der mittlere quadratische Fehler\n\n$$L = \\frac{{1}}{{N}} \\sum_{{i,j}} "
        "\\left( {Y} - {T} \\right)^2$$\n\n"
    ),
}
_WHOLE = {"Y": "Y[i,j]", "T": "T[i,j]"}
_ENTRY = {"Y": "y_{ij}", "T": "t_{ij}"}


def _loss_gradients() -> dict[str, tuple[np.ndarray, np.ndarray, int]]:
    """reduction -> (dL/dY by torch autograd, Y - T, N) of mse_loss on a 3x4 output."""
    gen = torch.Generator().manual_seed(3)
    y = torch.randn(3, 4, generator=gen, dtype=torch.float64, requires_grad=True)
    t = torch.randn(3, 4, generator=gen, dtype=torch.float64)
    found = {}
    for reduction in ("sum", "mean"):
        y.grad = None
        torch.nn.functional.mse_loss(y, t, reduction=reduction).backward()
        assert y.grad is not None
        found[reduction] = (y.grad.numpy().copy(), (y - t).detach().numpy(), y.numel())
    return found


def _gradient_truth(reduction: str, scale: str) -> bool:
    """Whether dL/dY = scale * (Y - T) (scale "2", "2/N", "-2", "1") is torch's."""
    grad, diff, n = _loss_gradients()[reduction]
    factor = {"2": 2.0, "2/N": 2.0 / n, "-2": -2.0, "1": 1.0}[scale]
    return bool(np.allclose(grad, factor * diff))


# (language, definition's entries, the claim's sentence, its reduction, its scale of Y - T)
LOSS_CLAIMS = [
    (
        "en",
        _WHOLE,
        "If someone passes `reduction='sum'` the factor $\\frac{1}{N}$ disappears and "
        "$\\frac{\\partial L}{\\partial Y} = 2(Y - T)$.",
        "sum",
        "2",
    ),
    (
        "en",
        _WHOLE,
        "If someone passes `reduction='sum'` the factor $\\frac{1}{N}$ disappears and "
        "$\\frac{\\partial L}{\\partial Y} = \\frac{2}{N}(Y - T)$.",
        "sum",
        "2/N",
    ),
    ("en", _WHOLE, "So $\\frac{\\partial L}{\\partial Y} = 2(Y - T)/N$.", "mean", "2/N"),
    ("en", _WHOLE, "So $\\frac{\\partial L}{\\partial Y} = 2(Y - T)$.", "mean", "2"),
    (
        "en",
        _WHOLE,
        "With `reduction='mean'` one gets $\\frac{\\partial L}{\\partial Y} = 2(Y - T)$.",
        "mean",
        "2",
    ),
    (
        "de",
        _WHOLE,
        "Ohne den Faktor $1/N$ gilt $\\frac{\\partial L}{\\partial Y} = 2(Y - T)$.",
        "sum",
        "2",
    ),
    (
        "de",
        _WHOLE,
        "Ohne den Faktor $1/N$ gilt $\\frac{\\partial L}{\\partial Y} = 2(T - Y)$.",
        "sum",
        "-2",
    ),
    (
        "de",
        _ENTRY,
        'Mit `reduction="sum"` entfällt der Faktor $\\frac{1}{N}$, und '
        "$\\frac{\\partial L}{\\partial y_{ij}} = 2(y_{ij} - t_{ij})$.",
        "sum",
        "2",
    ),
    (
        "en",
        _ENTRY,
        "Without the factor $\\frac{1}{N}$ we get "
        "$\\frac{\\partial L}{\\partial y_{ij}} = y_{ij} - t_{ij}$.",
        "sum",
        "1",
    ),
]


def _last_verdict(text: str):
    last = len(text.rstrip("\n").split("\n"))
    found = [v for v in check_text(text).verdicts if v.line == last]
    assert len(found) == 1, (found, text)
    return found[0]


@pytest.mark.parametrize("language, entries, claim, reduction, scale", LOSS_CLAIMS)
def test_a_claim_under_another_reduction_is_judged_under_it(
    language: str, entries: dict[str, str], claim: str, reduction: str, scale: str
) -> None:
    text = _MEAN[language].format(**entries) + claim + "\n"
    verdict = _last_verdict(text)
    expected = VERIFIED if _gradient_truth(reduction, scale) else WRONG
    assert verdict.status == expected, verdict.message


def test_the_truth_tells_the_reductions_apart() -> None:
    assert _gradient_truth("sum", "2") and _gradient_truth("mean", "2/N")
    assert not _gradient_truth("mean", "2") and not _gradient_truth("sum", "2/N")


def test_an_unreduced_loss_is_not_judged_under_the_mean() -> None:
    text = (
        _MEAN["en"].format(**_WHOLE)
        + "With `reduction='none'` one gets $\\frac{\\partial L}{\\partial Y} = 2(Y - T)$.\n"
    )
    verdict = _last_verdict(text)
    assert verdict.status == NOT_UNDERSTOOD and "reduction='none'" in verdict.message


@pytest.mark.parametrize(
    "sentence",
    [
        # the sum named as the loss the claim is not under: not read, never judged under it
        "Unlike `reduction='sum'`, here $\\frac{\\partial L}{\\partial Y} = \\frac{2}{N}(Y - T)$.",
        "En lugar de `reduction='sum'` usamos la media: "
        "$\\frac{\\partial L}{\\partial Y} = \\frac{2}{N}(Y - T)$.",
    ],
)
def test_a_reduction_named_in_contrast_is_not_taken_for_the_claims(sentence: str) -> None:
    assert _gradient_truth("mean", "2/N")  # the claim is right under the notes' mean
    verdict = _last_verdict(_MEAN["en"].format(**_WHOLE) + sentence + "\n")
    assert verdict.status in (VERIFIED, NOT_UNDERSTOOD), verdict.message


def test_a_factor_that_scales_is_not_a_factor_dropped() -> None:
    """ "the gradient is scaled by the factor $\\frac{1}{N}$": the mean's factor kept, so the
    claim is judged under the notes' mean; the sum's gradient there is still wrong."""
    assert not _gradient_truth("mean", "2")
    text = _MEAN["en"].format(**_WHOLE) + (
        "The gradient is scaled by the factor $\\frac{1}{N}$ so "
        "$\\frac{\\partial L}{\\partial Y} = 2(Y - T)$.\n"
    )
    assert _last_verdict(text).status == WRONG
