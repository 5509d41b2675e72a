"""Identities between matrices the notes name only by their sizes ("for a $4 \\times 4$ $A$
and a $3 \\times 3$ $B$"): judged with the matrices drawn at random at those sizes.

Truth: SciPy's ``correlate2d`` / ``convolve2d`` ('valid' and 'full') on random matrices of
the stated sizes, and NumPy's rot90 / pad, never symconv."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import convolve2d, correlate2d

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

RNG = np.random.default_rng(0)
A = RNG.standard_normal((4, 4))
B = RNG.standard_normal((3, 3))


def rot(m: np.ndarray) -> np.ndarray:
    return np.rot90(m, 2)


def corr(a: np.ndarray, k: np.ndarray, mode: str = "valid") -> np.ndarray:
    return correlate2d(a, k, mode=mode)


SIZES = {
    "words": "for a $4 \\times 4$ $A$ and a $3 \\times 3$ $B$",
    "membership": "with $A \\in \\mathbb{R}^{4 \\times 4}$ and $B \\in \\mathbb{R}^{3 \\times 3}$",
    "of size": "where $A$ is $4 \\times 4$ and $B$ of size $3 \\times 3$",
}

CLAIMS = [
    (
        "\\operatorname{rot}_{180}(A \\star B) = \\operatorname{rot}_{180}(A) \\star "
        "\\operatorname{rot}_{180}(B)",
        lambda: (rot(corr(A, B)), corr(rot(A), rot(B))),
    ),
    (
        "\\operatorname{rot}_{180}(A \\star B) = A \\star \\operatorname{rot}_{180}(B)",
        lambda: (rot(corr(A, B)), corr(A, rot(B))),
    ),
    (
        "(A \\star B)^{\\top} = A^{\\top} \\star B^{\\top}",
        lambda: (corr(A, B).T, corr(A.T, B.T)),
    ),
    (
        "\\operatorname{conv}(A, B) = A \\star \\operatorname{rot}_{180}(B)",
        lambda: (convolve2d(A, B, mode="valid"), corr(A, rot(B))),
    ),
    (
        "\\operatorname{conv}(A, B) = A \\star B",
        lambda: (convolve2d(A, B, mode="valid"), corr(A, B)),
    ),
    (
        "\\operatorname{pad}_2(A) \\star B = \\operatorname{pad}_1(A \\star B)",
        lambda: (corr(np.pad(A, 2), B), np.pad(corr(A, B), 1)),
    ),
]


@pytest.mark.parametrize("style", list(SIZES))
@pytest.mark.parametrize(("claim", "sides"), CLAIMS)
def test_identities_at_the_stated_sizes(style: str, claim: str, sides) -> None:  # type: ignore[no-untyped-def]
    left, right = sides()
    holds = left.shape == right.shape and bool(np.allclose(left, right))
    text = f"# Card\n\nA: ${claim}$, {SIZES[style]}.\n"
    verdicts = [v for v in check_text(text, "c.md").verdicts if v.status != "assumed"]
    assert verdicts[-1].status == (VERIFIED if holds else WRONG), (claim, verdicts[-1].message)


def test_sizes_stated_on_an_earlier_card() -> None:
    text = (
        "**Card 8.** $\\operatorname{rot}_{180}(A \\star B) = \\operatorname{rot}_{180}(A) "
        "\\star \\operatorname{rot}_{180}(B)$, for a $4 \\times 4$ $A$ and a $3 \\times 3$ $B$\n\n"
        "**Card 9.** So the rotation moves to the kernel alone: "
        "$\\operatorname{rot}_{180}(A \\star B) = A \\star \\operatorname{rot}_{180}(B)$\n"
    )
    assert not np.allclose(rot(corr(A, B)), corr(A, rot(B)))
    statuses = [v.status for v in check_text(text, "c.md").verdicts if v.status != "assumed"]
    assert statuses == [VERIFIED, WRONG]


@pytest.mark.parametrize(
    "claim",
    [
        "C = A \\star B",  # a definition: C appears on one side only
        "B \\star A = \\operatorname{rot}_{180}(A \\star B)",  # the smaller operand first
        "A * B = A \\star B",  # * without the notes saying what it is
    ],
)
def test_what_is_not_an_identity_of_stated_sizes_gets_no_verdict_from_it(claim: str) -> None:
    text = (
        "Take $A \\in \\mathbb{R}^{4 \\times 4}$, $B \\in \\mathbb{R}^{3 \\times 3}$.\n\n"
        f"$${claim}$$\n"
    )
    verdicts = [v for v in check_text(text, "c.md").verdicts if v.source.strip() == claim]
    assert all(v.status == NOT_UNDERSTOOD for v in verdicts), [v.message for v in verdicts]
