"""A letter the notes' words name as the upstream gradient, and a correlation symbol whose
subscript the words define as the dilation (issue 16, fresh12's dilated gist: "`g` is the
upstream gradient `dL/dy`", "$\\star_d$ meaning a cross-correlation whose kernel taps are
$d$ apart").

Truth: torch autograd of a dilated conv2d (7x7 input, 3x3 kernel, dilation 2) against the
claims' own formulas evaluated in NumPy; the checker must agree claim by claim, in several
ways of writing the definition.  A letter defined as another tensor's gradient (dL/da) is
not taken for G.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from symconv.checker.prose_gradient import prose_gradient_letters
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

RNG = np.random.default_rng(7)
X = RNG.normal(size=(7, 7))
W = RNG.normal(size=(3, 3))
G = RNG.normal(size=(3, 3))  # dL/dy of the 3x3 output


def _torch_grads() -> tuple[np.ndarray, np.ndarray]:
    x = torch.tensor(X[None, None], requires_grad=True)
    w = torch.tensor(W[None, None], requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, dilation=2)
    y.backward(torch.tensor(G[None, None]))
    return x.grad[0, 0].numpy(), w.grad[0, 0].numpy()


DX, DW = _torch_grads()


def _g(i: int, j: int) -> float:
    return float(G[i, j]) if 0 <= i < 3 and 0 <= j < 3 else 0.0  # g is zero outside


def _dw(step: int) -> np.ndarray:  # sum_{i,j} g[i][j] x[i + step m][j + step n]
    return np.array(
        [
            [
                sum(G[i, j] * X[i + step * m, j + step * n] for i in range(3) for j in range(3))
                for n in range(3)
            ]
            for m in range(3)
        ]
    )


def _dx(step: int) -> np.ndarray:  # sum_{m,n} g[p - step m][q - step n] w[m][n]
    return np.array(
        [
            [
                sum(_g(p - step * m, q - step * n) * W[m, n] for m in range(3) for n in range(3))
                for q in range(7)
            ]
            for p in range(7)
        ]
    )


def _corr_dilated(a: np.ndarray, k: np.ndarray, d: int) -> np.ndarray:
    span = d * (k.shape[0] - 1) + 1
    side = a.shape[0] - span + 1
    return np.array(
        [
            [
                sum(a[i + d * u, j + d * v] * k[u, v] for u in range(3) for v in range(3))
                for j in range(side)
            ]
            for i in range(side)
        ]
    )


CLAIMS = [
    # (claim, is it true?) -- the truth asserted against torch below
    (
        r"\frac{\partial L}{\partial w[m][n]} = \sum_{i=0}^{2}\sum_{j=0}^{2} g[i][j] x[i+2m][j+2n]",
        np.allclose(_dw(2), DW),
    ),
    (
        r"\frac{\partial L}{\partial w[m][n]} = \sum_{i=0}^{2}\sum_{j=0}^{2} g[i][j]\, x[i+m][j+n]",
        np.allclose(_dw(1), DW),
    ),
    (
        r"\frac{\partial L}{\partial x[p][q]} = \sum_{m=0}^{2}\sum_{n=0}^{2} g[p-2m][q-2n] w[m][n]",
        np.allclose(_dx(2), DX),
    ),
    (
        r"\frac{\partial L}{\partial x[p][q]} = \sum_{m=0}^{2}\sum_{n=0}^{2} g[p-m][q-n]\, w[m][n]",
        np.allclose(_dx(1), DX),
    ),
]
OPERATOR_CLAIMS = [
    (
        r"\frac{\partial L}{\partial x} = \operatorname{pad}_4(g) \star_2 \operatorname{rot180}(w)",
        np.allclose(_corr_dilated(np.pad(G, 4), W[::-1, ::-1], 2), DX),
    ),
    (
        r"\frac{\partial L}{\partial x} = \operatorname{pad}_4(g) \star_2 w",
        np.allclose(_corr_dilated(np.pad(G, 4), W, 2), DX),
    ),
    (
        r"\frac{\partial L}{\partial x} = \operatorname{pad}_2(g) \star_2 \operatorname{rot180}(w)",
        False,
    ),  # a 3x3 result for a 7x7 gradient: wrong by its shape alone
]

DEFINITIONS = [
    "`g` is the upstream gradient `dL/dy`.",
    "Let $g$ denote $\\partial L/\\partial y$.",
    "We call the upstream gradient $g$ (it is $3 \\times 3$ like the output).",
    "Here `g = dL/dy` comes from the next layer.",
    "$g$ es el gradiente que llega de la capa siguiente.",
]
DILATED_STAR = [
    "with $\\star_d$ meaning a cross-correlation whose kernel taps are $d$ apart",
    "where $\\star_d$ is the dilated correlation",
    "writing the atrous correlation as $\\star_d$",
]


def _note(definition: str, claims: list[str], star: str = "") -> str:
    body = "\n\n".join(f"$${c}$$" for c in claims)
    return (
        "# dilated conv backward\n\nZero-based indices. Input `x` is 7×7, kernel `w` is 3×3, "
        f"dilation $d = 2$, stride 1, no padding, no bias. {definition}\n\n"
        "Treat `g` as zero outside its 3×3 range.\n\n"
        f"As one operation, {star}:\n\n{body}\n"
    )


def _verdicts(text: str) -> dict[str, str]:
    return {
        v.source.strip(): v.status
        for v in check_text(text, "notes.md").verdicts
        if v.status in (VERIFIED, WRONG, NOT_UNDERSTOOD) and "=" in v.source
    }


def test_the_claims_truth_is_torch_s() -> None:
    assert [truth for _, truth in CLAIMS] == [True, False, True, False]
    assert [truth for _, truth in OPERATOR_CLAIMS] == [True, False, False]


@pytest.mark.parametrize("definition", DEFINITIONS)
def test_a_letter_named_the_upstream_gradient_in_words_is_g(definition: str) -> None:
    found = _verdicts(_note(definition, [c for c, _ in CLAIMS]))
    for claim, truth in CLAIMS:
        assert found[claim] == (VERIFIED if truth else WRONG), (definition, claim)


@pytest.mark.parametrize("star", DILATED_STAR)
def test_a_subscript_the_words_call_the_dilation_dilates(star: str) -> None:
    found = _verdicts(_note(DEFINITIONS[0], [c for c, _ in OPERATOR_CLAIMS], star))
    for claim, truth in OPERATOR_CLAIMS:
        assert found[claim] == (VERIFIED if truth else WRONG), (star, claim)


def test_another_tensors_gradient_is_not_g() -> None:
    # dL/da, dL/dx: the letter names another gradient, never the layer's G
    assert prose_gradient_letters(["`g` is the upstream gradient `dL/da`."], 1) == []
    assert prose_gradient_letters(["Let $e$ denote $\\partial L/\\partial x$."], 1) == []
    # a letter the layer uses already is left to the layer
    assert prose_gradient_letters(["`w` is the upstream gradient."], 1) == []
    assert prose_gradient_letters(["`g` is the upstream gradient `dL/dy`."], 4) == [("g=G", 4)]


def test_without_the_definition_the_letter_is_not_read() -> None:
    text = _note("", [CLAIMS[0][0]])
    assert _verdicts(text)[CLAIMS[0][0]] == NOT_UNDERSTOOD
