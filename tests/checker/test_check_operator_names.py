"""A decorated name the notes define by one operator, used whole later
(checker/operator_names.py): "Defino $\\tilde{\\delta} = \\operatorname{dilate}_2(\\delta)$ ...
$\\partial J/\\partial F = X \\star \\tilde{\\delta}$".  The definition gets no verdict; a use
means the operator expression.  Truth: torch conv2d at stride 2 (5x5 input, 3x3 kernel)
and autograd, the operators by NumPy / SciPy; a claim that misses the rotation or uses the
wrong definition stays wrong."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.signal import correlate2d

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _truth() -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(5)
    x = torch.randn((1, 1, 5, 5), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((1, 1, 3, 3), generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, stride=2)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    return {
        "X": x.detach().numpy()[0, 0],
        "W": w.detach().numpy()[0, 0],
        "G": g.numpy()[0, 0],
        "dW": w.grad.numpy()[0, 0],
        "dX": x.grad.numpy()[0, 0],
    }


def _dilate(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((a.shape[0] - 1) * s + 1, (a.shape[1] - 1) * s + 1))
    out[::s, ::s] = a
    return out


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.allclose(a, b)


T = _truth()
DILATED = _dilate(T["G"], 2)
# (definition sentence, claim, truth of the claim by NumPy)
CASES = {
    "spanish tilde delta, dW": (
        "Defino $\\tilde{\\delta} = \\operatorname{dilate}_2(\\delta)$, de $3 \\times 3$.",
        "\\frac{\\partial J}{\\partial F} = X \\star \\tilde{\\delta}",
        _same(correlate2d(T["X"], DILATED, "valid"), T["dW"]),
    ),
    "let hat G, dW": (
        "Let $\\hat{\\delta} = \\operatorname{dilate}_{2}(\\delta)$ be the dilated gradient.",
        "\\frac{\\partial J}{\\partial F} = X \\star \\hat{\\delta}",
        _same(correlate2d(T["X"], DILATED, "valid"), T["dW"]),
    ),
    "bar, colon-equals, dX with the rotation": (
        "We write $\\bar\\delta := \\mathrm{dilate}_2(\\delta)$.",
        "\\frac{\\partial J}{\\partial X} = \\operatorname{pad}_2(\\bar\\delta) \\star "
        "\\operatorname{rot180}(F)",
        _same(correlate2d(np.pad(DILATED, 2), np.rot90(T["W"], 2), "valid"), T["dX"]),
    ),
    "dX without the rotation": (
        "Defino $\\tilde{\\delta} = \\operatorname{dilate}_2(\\delta)$.",
        "\\frac{\\partial J}{\\partial X} = \\operatorname{pad}_2(\\tilde{\\delta}) \\star F",
        _same(correlate2d(np.pad(DILATED, 2), T["W"], "valid"), T["dX"]),
    ),
    "a padded, not dilated, definition": (
        "Defino $\\tilde{\\delta} = \\operatorname{pad}_1(\\delta)$.",
        "\\frac{\\partial J}{\\partial F} = X \\star \\tilde{\\delta}",
        _same(correlate2d(T["X"], np.pad(T["G"], 1), "valid"), T["dW"]),
    ),
    "the undecorated letter": (
        "Defino $\\tilde{\\delta} = \\operatorname{dilate}_2(\\delta)$.",
        "\\frac{\\partial J}{\\partial F} = X \\star \\delta",
        _same(correlate2d(T["X"], T["G"], "valid"), T["dW"]),
    ),
}
HEAD = (
    "Una imagen $X$ de $5 \\times 5$, un filtro $F$ de $3 \\times 3$ sin sesgo, paso 2 y sin "
    "relleno; índices desde 0. Llamo $\\delta = \\partial J / \\partial Y$ al gradiente que "
    "llega, de $2 \\times 2$.\n\n{definition}\n\n$${claim}$$\n"
)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_defined_name_means_its_operator_expression(name: str) -> None:
    definition, claim, holds = CASES[name]
    report = check_text(HEAD.format(definition=definition, claim=claim), "names.md")
    mine = [v for v in report.verdicts if v.source.startswith(claim[:25])]
    assert [v.status for v in mine] == [VERIFIED if holds else WRONG]
    # the definition itself claims nothing
    assert not [v for v in report.verdicts if "=" in v.source and v.source in definition]


def test_the_cases_mix_true_and_false() -> None:
    assert [c[2] for c in CASES.values()] == [True, True, True, False, False, False]


def test_two_definitions_of_one_name_are_not_carried() -> None:
    text = HEAD.format(
        definition="Defino $\\tilde{\\delta} = \\operatorname{dilate}_2(\\delta)$, y luego "
        "$\\tilde{\\delta} = \\operatorname{pad}_1(\\delta)$.",
        claim="\\frac{\\partial J}{\\partial F} = X \\star \\tilde{\\delta}",
    )
    mine = [v for v in check_text(text, "names.md").verdicts if v.source.startswith("\\frac")]
    assert [v.status for v in mine] == [NOT_UNDERSTOOD]


def test_display_and_text_fractions_read_as_frac() -> None:
    claim = "\\dfrac{\\partial J}{\\partial F} = X \\star \\tilde{\\delta}"
    definition = "Defino $\\tilde{\\delta} = \\operatorname{dilate}_2(\\delta)$."
    report = check_text(HEAD.format(definition=definition, claim=claim), "names.md")
    assert [v.status for v in report.verdicts if v.source.startswith("\\dfrac")] == [VERIFIED]
    # x_p (one index in a 2-D layer) is no whole tensor: not understood, never an error
    one_d = "\\tfrac{\\partial J}{\\partial x_p} = \\sum_{k=0}^{2} w_k\\, \\delta_{p + k}"
    report = check_text(HEAD.format(definition="", claim=one_d), "names.md")
    mine = [v for v in report.verdicts if v.source.startswith("\\tfrac")]
    assert [v.status for v in mine] == [NOT_UNDERSTOOD]
    assert "internal error" not in mine[0].message
