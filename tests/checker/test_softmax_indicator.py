"""The indicator of the true class in a softmax claim: "$\\frac{\\partial L}{\\partial z_k} =
p_k - \\mathbb{1}[k = y]$" (also ``\\mathbb{1}_{k=y}``, ``\\mathbf{1}(y = k)``), read as the
one-hot label's entry y_k, and ``\\mathbb{1}[k = j]`` between two index letters as
\\delta_{kj} (softmax_notes.py).  Truth: torch autograd (test_softmax_claims' helpers)."""

from __future__ import annotations

import pytest
from test_softmax_claims import _gradient_truth, _jacobian_truth, _notes

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

GRADIENTS = {
    "brackets": ("p_k - \\mathbb{1}[k = y]", lambda p, y: p - y),
    "subscript": ("p_k - \\mathbb{1}_{k=y}", lambda p, y: p - y),
    "bold, swapped": ("p_k - \\mathbf{1}(y = k)", lambda p, y: p - y),
    "sign": ("\\mathbb{1}[k = y] - p_k", lambda p, y: y - p),
    "product": ("p_k\\, \\mathbb{1}[k = y]", lambda p, y: p * y),
}

JACOBIANS = {
    "indicator": ("p_k\\,(\\mathbb{1}[k = j] - p_j)", lambda p, k, j: p[k] * ((k == j) - p[j])),
    "missing": ("p_k\\, \\mathbb{1}[k = j]", lambda p, k, j: p[k] * (k == j)),
}


@pytest.mark.parametrize("setting", ["en", "es"])
@pytest.mark.parametrize("form", list(GRADIENTS))
def test_the_true_class_indicator(setting, form):
    written, value = GRADIENTS[form]
    text = _notes(setting, 1, f"$$\\frac{{\\partial \\ell}}{{\\partial z_k}} = {written}$$")
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if _gradient_truth(value) else WRONG), verdict.message


@pytest.mark.parametrize("form", list(JACOBIANS))
def test_an_indicator_of_two_class_letters(form):
    written, value = JACOBIANS[form]
    text = _notes("en", 0, f"$$\\frac{{\\partial p_k}}{{\\partial z_j}} = {written}$$")
    verdict = check_text(text).verdicts[-1]
    assert verdict.status == (VERIFIED if _jacobian_truth(value) else WRONG), verdict.message


def test_an_indicator_of_another_condition_is_not_read():
    text = _notes("en", 1, "$$\\frac{\\partial \\ell}{\\partial z_k} = p_k - \\mathbb{1}[k > y]$$")
    assert check_text(text).verdicts[-1].status == NOT_UNDERSTOOD
