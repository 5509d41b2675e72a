"""Sums whose range is written with inequalities: ``\\sum_{0 \\le i,j \\le 2}``,
``\\sum_{1 \\le i \\le 3}``, ``\\sum_{0 < i,j < 4}``.

Lecture notes write a sum's range this way as often as ``\\sum_{i=0}^{2}``; the checker read
only the latter and called every such claim "not understood: the index i is bound by no
sum".  A range with both bounds is now the integers between them (set_sums._range_parts),
for each index named; a range with only a last value (``\\sum_{i,j < 3}``) is not read,
saying why (whether it starts at 0 or 1 is the notes' index base).

Truth: each variant's sum is evaluated with NumPy on random numbers and compared with
torch autograd's dL/dW (L = <Y, G>); the claim must be verified exactly when they agree,
and called wrong otherwise (a range one too long, one too short, or starting one late)."""

from __future__ import annotations

import numpy as np
import pytest
from conv_truth import conv2d_autograd

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

HEAD_EN = """# Weight gradient

The input is $X \\in \\mathbb{{R}}^{{4 \\times 4}}$, the kernel
$W \\in \\mathbb{{R}}^{{2 \\times 2}}$, stride 1, no padding, and $G = \\partial L / \\partial Y$.

$$\\frac{{\\partial L}}{{\\partial W_{{ab}}}} = {sums} G_{{ij}} X_{{i+a,\\,j+b}}$$
"""

HEAD_FR = """# Gradient du noyau

L'entrée est $X \\in \\mathbb{{R}}^{{4 \\times 4}}$, le noyau
$W \\in \\mathbb{{R}}^{{2 \\times 2}}$, pas 1, sans remplissage, et $G = \\partial L / \\partial Y$.
Les indices commencent à 1.

$$\\frac{{\\partial L}}{{\\partial W_{{ab}}}} = {sums} G_{{ij}} X_{{i+a-1,\\,j+b-1}}$$
"""

# (the sum's head, the values i and j take); the 0-based notes' entries run 0..2, the
# 1-based notes' 1..3
EN = [
    ("\\sum_{0 \\le i \\le 2} \\sum_{0 \\le j \\le 2}", range(0, 3)),
    ("\\sum_{0 \\le i,j \\le 2}", range(0, 3)),
    ("\\sum_{0 \\le i,j < 3}", range(0, 3)),
    ("\\sum_{0 \\le i,j < 2}", range(0, 2)),
    ("\\sum_{1 \\le i,j \\le 2}", range(1, 3)),
]
FR = [
    ("\\sum_{1 \\le i,j \\le 3}", range(1, 4)),
    ("\\sum_{0 < i,j < 4}", range(1, 4)),
    ("\\sum_{1 \\le i,j < 3}", range(1, 3)),
    ("\\sum_{2 \\le i,j \\le 3}", range(2, 4)),
]


def _claims(head: str, sums: str) -> list:
    """The verdicts on the notes' formula line (the one displayed equation)."""
    text = head.format(sums=sums)
    line = 1 + text.splitlines().index(next(t for t in text.splitlines() if t.startswith("$$")))
    return [v for v in check_text(text, "n.md").verdicts if v.line == line]


def _layer() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """X (4 x 4), G (3 x 3) and torch autograd's dL/dW (2 x 2) of L = <X star W, G>."""
    t = conv2d_autograd((1, 1, 4, 4), (1, 1, 2, 2), seed=7)
    return t["X"][0, 0], t["G"][0, 0], t["dW"][0, 0]


def _written_sum(x: np.ndarray, g: np.ndarray, values: range, base: int) -> np.ndarray | None:
    """The claim's sum at every (a, b), or None where it reads past G's end (the checker's
    'not an entry': a mistake too)."""
    out = np.zeros((2, 2))
    for a in range(2):
        for b in range(2):
            for i in values:
                for j in values:
                    gi, gj = i - base, j - base
                    if not (0 <= gi < 3 and 0 <= gj < 3):
                        return None
                    out[a, b] += g[gi, gj] * x[gi + a, gj + b]
    return out


@pytest.mark.parametrize(
    ("head", "sums", "values", "base"),
    [(HEAD_EN, s, v, 0) for s, v in EN] + [(HEAD_FR, s, v, 1) for s, v in FR],
    ids=[f"en-{k}" for k in range(len(EN))] + [f"fr-{k}" for k in range(len(FR))],
)
def test_a_range_written_with_inequalities_is_read(head, sums, values, base):
    x, g, truth = _layer()
    written = _written_sum(x, g, values, base)
    right = written is not None and np.allclose(written, truth)
    assert [v.status for v in _claims(head, sums)] == [VERIFIED if right else WRONG]


def test_the_right_ranges_are_among_the_variants():
    # the grid is not all mistakes: the first three of each language are the gradient
    x, g, truth = _layer()
    for variants, base in ((EN, 0), (FR, 1)):
        agree = [_written_sum(x, g, v, base) for _, v in variants]
        assert [a is not None and np.allclose(a, truth) for a in agree][:2] == [True, True]


@pytest.mark.parametrize("sums", ["\\sum_{i,j \\le 2}", "\\sum_{i,j < 3}"])
def test_a_range_with_only_a_last_value_is_not_read(sums):
    claims = _claims(HEAD_EN, sums)
    assert [v.status for v in claims] == [NOT_UNDERSTOOD]
    assert "writes no first value" in claims[0].message
