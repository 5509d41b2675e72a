"""Pooling worked examples whose window and stride the notes state in words or headings:
"### Pooling máximo 2x2/2", "average pooling 3×3/1", "a 2×2 pool with stride 2", and the
routed gradient named with an evaluation bar, ``\\frac{\\partial L}{\\partial A}\\Big|_{\\max}``.
Notes in Portuguese (1-based) and Italian (0-based).  Truth: torch max_pool2d / avg_pool2d
and their autograd (float64) at the notes' numbers; each wrong variant (one entry off) is
checked wrong against the same truth."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

A = np.array([[1, 7, 2, 0], [4, 3, 9, 5], [8, 6, 11, 2], [10, 12, 3, 13]], dtype=np.float64)
G = np.array([[9, -18], [27, 4.5]])


def _pool(op: str, k: int, s: int) -> tuple[np.ndarray, np.ndarray]:
    """(pooled map, dL/dA) for L = <pool(A), G>, by torch."""
    a = torch.tensor(A)[None, None].requires_grad_()
    f = torch.nn.functional.max_pool2d if op == "max" else torch.nn.functional.avg_pool2d
    y = f(a, k, s)
    assert y.shape[-2:] == G.shape
    (y * torch.tensor(G)[None, None]).sum().backward()
    assert a.grad is not None
    return y[0, 0].detach().numpy(), a.grad[0, 0].numpy()


def _number(v: float) -> str:
    """v as notes write it: an integer, a terminating decimal, else a fraction."""
    f = Fraction(v).limit_denominator(1000)
    assert abs(float(f) - v) < 1e-12  # only numbers the notes can write exactly
    if f.denominator == 1:
        return str(f.numerator)
    q = f.denominator
    while q % 2 == 0:
        q //= 2
    while q % 5 == 0:
        q //= 5
    return f"{float(f):g}" if q == 1 else f"\\frac{{{f.numerator}}}{{{f.denominator}}}"


def _matrix(m: np.ndarray) -> str:
    rows = " \\\\ ".join(" & ".join(_number(float(v)) for v in row) for row in m)
    return f"\\begin{{bmatrix}} {rows} \\end{{bmatrix}}"


def _off(m: np.ndarray) -> np.ndarray:
    out = m.copy()
    out[-1, -1] += 1
    return out


NOTES = {
    # (head, the op's heading for max 2x2/2, for avg 3x3/1)
    "pt": (
        "# Resolução: pooling\n\nTome a entrada $A$ (índices a partir de 1) e o gradiente "
        "$G$ que chega da camada de cima:\n\n",
        "### Pooling máximo 2x2/2\n\n",
        "### Average pooling 3×3/1 sobre a mesma entrada\n\n",
    ),
    "it": (
        "# Esempio di pooling\n\nSia $A$ l'ingresso (indici da 0) e $G$ il gradiente che "
        "arriva dallo strato successivo:\n\n",
        "## Max pooling 2×2/2\n\n",
        "## Average pooling con finestra 3×3 e passo 1, stesso ingresso\n\n",
    ),
}


def _head(language: str) -> str:
    return NOTES[language][0] + f"$$A = {_matrix(A)}, \\qquad G = {_matrix(G)}$$\n\n"


def _last(text: str) -> str:
    last = len(text.rstrip("\n").split("\n"))
    found = [v.status for v in check_text(text).verdicts if v.line == last]
    assert found, "no verdict on the claim's line"
    return found[0]


CASES = [
    (language, op, what, wrong)
    for language in NOTES
    for op in ("max", "avg")
    for what in ("pooled", "gradient")
    for wrong in (False, True)
]


@pytest.mark.parametrize(("language", "op", "what", "wrong"), CASES)
def test_the_window_and_stride_from_the_heading(
    language: str, op: str, what: str, wrong: bool
) -> None:
    k, s = (2, 2) if op == "max" else (3, 1)
    pooled, grad = _pool(op, k, s)
    truth = pooled if what == "pooled" else grad
    claimed = _off(truth) if wrong else truth
    assert np.allclose(claimed, truth) != wrong
    heading = NOTES[language][1 if op == "max" else 2]
    left = "P" if what == "pooled" else "\\frac{\\partial L}{\\partial A}"
    text = _head(language) + heading + f"$${left} = {_matrix(claimed)}$$\n"
    assert _last(text) == (WRONG if wrong else VERIFIED)


@pytest.mark.parametrize("language", list(NOTES))
@pytest.mark.parametrize("wrong", [False, True])
def test_the_gradient_named_under_its_pool(language: str, wrong: bool) -> None:
    # both pools worked in one section; the bar after the derivative says which one
    _, max_grad = _pool("max", 2, 2)
    _, avg_grad = _pool("avg", 2, 2)
    assert not np.allclose(max_grad, avg_grad)
    head = _head(language) + (
        "Pooling 2x2/2: max pooling guarda o máximo de cada bloco, average pooling a média.\n\n"
        if language == "pt"
        else "Pooling 2x2/2: il max pooling tiene il massimo di ogni blocco, l'average "
        "pooling la media.\n\n"
    )
    for bar, truth in (("\\max", max_grad), ("\\text{avg}", avg_grad)):
        claimed = _off(truth) if wrong else truth
        text = head + (
            f"$$\\frac{{\\partial L}}{{\\partial A}}\\Big|_{{{bar}}} = {_matrix(claimed)}$$\n"
        )
        assert _last(text) == (WRONG if wrong else VERIFIED)
