"""Layer superscripts under the convention that marks a layer's weights and bias like its
input and its output one higher ("layer $l$ maps $x^{[l]}$ with $w^{[l]}$, $b^{[l]}$ to
$z^{[l+1]}$"): x^{[l]}, w^{[l]}, b^{[l]}, z^{[l+1]} and delta^{[l+1]} are one layer's.
Truth: torch conv2d with autograd (the gradients written out by hand in the comments)."""

from __future__ import annotations

import numpy as np

from symconv.checker.layer_marks import weights_marked_as_input
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text
from tests.checker.conv_truth import conv2d_autograd

_LETTERS = {"x": "X", "w": "W", "b": "b", "z": "Z", "\\delta": "G"}

_NOTES = "\n".join(
    [
        "# Backward through layer l",
        "",
        "Layer $l$ maps its input $x^{[l]}$, a $4 \\times 4$ map, with the $3 \\times 3$ "
        "kernel $w^{[l]}$ and the bias $b^{[l]}$ to $z^{[l+1]}$; stride 1, no padding, indices "
        "from 0. The error is $\\delta^{[l+1]}_{i,j} = \\partial E / \\partial z^{[l+1]}_{i,j}$.",
        "",
        "$$\\frac{\\partial E}{\\partial w^{[l]}_{u,v}} = \\sum_{i=0}^{1} \\sum_{j=0}^{1} "
        "\\delta^{[l+1]}_{i,j}\\, x^{[l]}_{i+u,j+v}$$",
        "",
        "$$\\frac{\\partial E}{\\partial b^{[l]}} = \\sum_{i=0}^{1} \\delta^{[l+1]}_{i,0}$$",
        "",
    ]
)


def test_the_convention_is_read_from_a_line_that_marks_both() -> None:
    assert weights_marked_as_input(_NOTES.split("\n"), _LETTERS)
    usual = ["$$z^{[l]} = w^{[l]} * x^{[l-1]} + b^{[l]}$$", "then $z^{[l+1]}$ feeds on"]
    assert not weights_marked_as_input(usual, _LETTERS)
    both = [*_NOTES.split("\n"), "Elsewhere $z^{[l]} = w^{[l]} * x^{[l-1]}$ is written."]
    assert not weights_marked_as_input(both, _LETTERS)
    shown = [*_NOTES.split("\n"), "$$z^{[l]}_{i,j} = \\sum w^{[l]}_{u,v} x^{[l-1]}_{i+u,j+v}$$"]
    assert weights_marked_as_input(shown, _LETTERS)  # a displayed claim is no convention


def test_one_layer_s_claims_are_judged() -> None:
    truth = conv2d_autograd((1, 1, 4, 4), (1, 1, 3, 3), seed=2)
    x, delta, dw = truth["X"][0, 0], truth["G"][0, 0], truth["dW"][0, 0]
    db = float(truth["db"][0])
    # hand work: dE/dw_{u,v} = sum_{i,j} delta_{i,j} x_{i+u,j+v}; dE/db sums all four deltas
    ours = np.array(
        [
            [sum(delta[i, j] * x[i + u, j + v] for i in (0, 1) for j in (0, 1)) for v in range(3)]
            for u in range(3)
        ]
    )
    assert np.allclose(ours, dw)
    assert not np.isclose(delta[:, 0].sum(), db)  # the second claim drops a column
    verdicts = {v.line: v.status for v in check_text(_NOTES).verdicts}
    assert verdicts[5] == VERIFIED and verdicts[7] == WRONG


def test_under_the_usual_convention_the_same_claim_is_across_layers() -> None:
    notes = _NOTES.replace(
        "$z^{[l+1]}$; stride", "$z^{[l+1]}$, so that $z^{[l]} = w^{[l]} * x^{[l-1]}$; stride"
    )
    verdicts = {v.line: v.status for v in check_text(notes).verdicts}
    assert verdicts[5] == NOT_UNDERSTOOD
