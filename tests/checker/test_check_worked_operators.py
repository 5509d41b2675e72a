"""A named operator (corr, conv, full) applied to a worked example's numbers
(worked_operators.py): lists and matrices given by name or written in place, conv's meaning
from the notes' own definition, both meanings where they give none.  The truth is NumPy's
correlate / convolve and torch's conv2d, never symconv."""

from __future__ import annotations

import numpy as np
import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

A, K = [3, 1, -2, 0, 4], [2, -1, 1]


def _lst(values) -> str:
    return "(" + ", ".join(str(int(v)) for v in values) + ")"


TRUE_CONV = (
    "# Operators on signals\n\n"
    "We write $\\operatorname{{xcorr}}(a, k)$ for the valid cross-correlation and define "
    "$\\operatorname{{conv}}(A, B) = \\operatorname{{xcorr}}(A, \\operatorname{{flip}}(B))$ "
    "(the true convolution).\n\n"
    "Let $a = {a}$ and $k = {k}$.\n\n"
)


@pytest.mark.parametrize(
    "claim,status",
    [
        (f"\\operatorname{{xcorr}}(a, k) = {_lst(np.correlate(A, K, 'valid'))}", VERIFIED),
        (f"\\operatorname{{xcorr}}(a, k) = {_lst(np.convolve(A, K, 'valid'))}", WRONG),
        (f"\\operatorname{{conv}}(a, k) = {_lst(np.convolve(A, K, 'valid'))}", VERIFIED),
        (f"\\operatorname{{conv}}(a, k) = {_lst(np.correlate(A, K, 'valid'))}", WRONG),
        (f"\\operatorname{{full}}(a, k) = {_lst(np.convolve(A, K, 'full'))}", VERIFIED),
        (f"\\operatorname{{full}}((3, 1), k) = {_lst(np.convolve([3, 1], K, 'full'))}", VERIFIED),
        (f"\\operatorname{{full}}(a, k) = {_lst(np.convolve(A, K, 'full')[:-1])}", WRONG),
    ],
)
def test_operators_on_lists_with_conv_defined_as_the_true_convolution(claim, status):
    text = TRUE_CONV.format(a=_lst(A), k=_lst(K)) + f"Then ${claim}$.\n"
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == status, verdict.message


def test_the_names_may_be_given_on_the_claims_own_line():
    text = (
        f"With $a = {_lst(A)}$ and $k = {_lst(K)}$ we get "
        f"$\\operatorname{{corr}}(a, k) = {_lst(np.correlate(A, K, 'valid'))}$.\n"
    )
    assert check_text(text).verdicts[-1].status == VERIFIED


X2 = [[1, 0, 2], [3, -1, 1], [0, 2, 2]]
W2 = [[1, 2], [0, -1]]


def _tex(m) -> str:
    rows = " \\\\ ".join(" & ".join(map(str, r)) for r in m)
    return f"\\begin{{pmatrix}} {rows} \\end{{pmatrix}}"


def test_matrices_with_conv_defined_as_the_correlation():
    x = torch.tensor([[X2]], dtype=torch.float64)
    w = torch.tensor([[W2]], dtype=torch.float64)
    corr = [[int(v) for v in r] for r in torch.nn.functional.conv2d(x, w)[0, 0].tolist()]
    flipped = torch.nn.functional.conv2d(x, w.flip(2, 3))[0, 0].tolist()
    true = [[int(v) for v in r] for r in flipped]
    head = (
        "## Ejemplo\n\nAquí $\\mathrm{conv}(A, B) = \\mathrm{corr}(A, B)$, como en PyTorch.\n\n"
        f"$$X = {_tex(X2)}, \\qquad W = {_tex(W2)}$$\n\n"
    )
    good = check_text(head + f"$$\\mathrm{{conv}}(X, W) = {_tex(corr)}$$\n").verdicts[-1]
    assert good.status == VERIFIED, good.message
    bad = check_text(head + f"$$\\mathrm{{conv}}(X, W) = {_tex(true)}$$\n").verdicts[-1]
    assert bad.status == WRONG, bad.message


def test_conv_undefined_holding_under_one_meaning_is_not_understood():
    head = f"Let $a = {_lst(A)}$ and $k = {_lst(K)}$.\n\n"
    one = check_text(
        head + f"$\\operatorname{{conv}}(a, k) = {_lst(np.convolve(A, K, 'valid'))}$\n"
    ).verdicts[-1]
    assert one.status == NOT_UNDERSTOOD, one.message
    neither = np.convolve(A, K, "valid") + 1
    none = check_text(head + f"$\\operatorname{{conv}}(a, k) = {_lst(neither)}$\n").verdicts[-1]
    assert none.status == WRONG, none.message


@pytest.mark.parametrize(
    "lead,claim,status",
    [
        # a convolution symbol: the full convolution where the list has n + k - 1 entries,
        # the true one where the notes say so, else either
        (
            "$*$ es la convolución verdadera. ",
            f"a * k = {_lst(np.convolve(A, K, 'full'))}",
            VERIFIED,
        ),
        ("", f"a * k = {_lst(np.convolve(A, K, 'full'))}", NOT_UNDERSTOOD),
        ("", f"a \\ast k = {_lst(np.convolve(A, K, 'full') + 1)}", WRONG),
        # \star: the valid cross-correlation
        ("", f"a \\star k = {_lst(np.correlate(A, K, 'valid'))}", VERIFIED),
        ("", f"a \\star k = {_lst(np.convolve(A, K, 'valid'))}", WRONG),
        # a valid-length list: which convolution * means is not said
        ("", f"a * k = {_lst(np.correlate(A, K, 'valid'))}", NOT_UNDERSTOOD),
    ],
)
def test_operator_symbols_between_two_signals(lead, claim, status):
    text = f"{lead}Sea $a = {_lst(A)}$ y $k = {_lst(K)}$; entonces ${claim}$.\n"
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == status, verdict.message
