"""A claim restricted after it to another setting ("..., but that only holds for stride 1",
"..., gilt aber nur für Schrittweite 1") in notes whose layer has stride 2.  The prose reader
took "stride 1" as the layer's stride, so the stride-1 formula was verified and the stride-2
formula beside it called wrong.  Read right, the layer keeps its stride 2 and the restricted
claim is judged at both settings: not understood where it holds at the named one only (the
words may claim that case or the layer), wrong where it holds at neither.  The truth is
torch's conv2d and autograd."""

from __future__ import annotations

import pytest
from line_verdicts import one_verdict

from symconv.checker.formula_case import validity_case
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

torch = pytest.importorskip("torch")
F = torch.nn.functional

# dL/dX forms: (padding of what is correlated with rot180(W), dilate G by the stride?)
_FORMS = {
    "stride-1 form": (r"\operatorname{pad}_1(G) \star \operatorname{rot}_{180}(W)", 1, False),
    "slip": (r"\operatorname{pad}_2(G) \star \operatorname{rot}_{180}(W)", 2, False),
    "stride-2 form": (
        r"\operatorname{pad}_1(\operatorname{dilate}_2(G)) \star \operatorname{rot}_{180}(W)",
        1,
        True,
    ),
}


def _holds(form: str, stride: int) -> bool:
    """Whether the form is dL/dX of a 5x5 input, 3x3 kernel, padding 1, ``stride``."""
    _, pad, dilated = _FORMS[form]
    gen = torch.Generator().manual_seed(3)
    x = torch.randn(1, 1, 5, 5, generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 3, 3, generator=gen, dtype=torch.float64)
    y = F.conv2d(x, w, stride=stride, padding=1)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    if dilated:
        h = (g.shape[-1] - 1) * 2 + 1
        spread = torch.zeros(1, 1, h, h, dtype=g.dtype)
        spread[..., ::2, ::2] = g
        g = spread
    got = F.conv2d(F.pad(g, (pad,) * 4), torch.flip(w, [2, 3]))
    return got.shape == x.grad.shape and torch.allclose(got, x.grad)


_ENGLISH = (
    "# Input gradient of a strided layer\n\n"
    "The layer is a cross-correlation with stride $s = 2$ and padding $p = 1$; input $X$ is "
    "$5 \\times 5$, kernel $W$ is $3 \\times 3$, no bias, and $G = \\partial L / \\partial Y$."
    "\n\n**Part (c).** Operator forms.\n\n"
    "Careful: $\\frac{{\\partial L}}{{\\partial X}} = {form}$ looks plausible, but that only "
    "holds for stride 1.\n\n"
    "With zeros between the entries of $G$, $\\frac{{\\partial L}}{{\\partial X}} = {good}$.\n"
)
_GERMAN = (
    "# Eingabegradient bei Schrittweite 2\n\n"
    "Die Schicht ist eine Kreuzkorrelation mit Schrittweite $s = 2$ und Padding $p = 1$; "
    "Eingabe $X$ ist $5 \\times 5$, Kern $W$ ist $3 \\times 3$, ohne Bias, und "
    "$G = \\partial L / \\partial Y$.\n\n**Teil (c).** Operatorform.\n\n"
    "Achtung: $\\frac{{\\partial L}}{{\\partial X}} = {form}$ sieht ähnlich aus, gilt aber nur "
    "für Schrittweite 1.\n\n"
    "Mit Nullen zwischen den Einträgen von $G$ gilt "
    "$\\frac{{\\partial L}}{{\\partial X}} = {good}$.\n"
)


@pytest.mark.parametrize("template", [_ENGLISH, _GERMAN], ids=["en", "de"])
@pytest.mark.parametrize("form", ["stride-1 form", "slip"])
def test_a_claim_restricted_to_stride_1_leaves_the_layer_at_stride_2(template, form):
    at_layer, at_case = _holds(form, 2), _holds(form, 1)
    assert not at_layer and at_case == (form == "stride-1 form")  # torch
    assert _holds("stride-2 form", 2)
    text = template.format(form=_FORMS[form][0], good=_FORMS["stride-2 form"][0])
    restricted = one_verdict(text, _FORMS[form][0])
    assert restricted.status == (NOT_UNDERSTOOD if at_case else WRONG), restricted.message
    after = one_verdict(text, _FORMS["stride-2 form"][0])
    assert after.status == VERIFIED and "stride 2" in after.message, after.message


@pytest.mark.parametrize(
    ("after", "case"),
    [
        (", but that only holds for stride 1.", ("stride", "1")),
        ("$, mas isso vale só para o passo 1.", ("stride", "1")),
        ("$; isso só vale para o passo 1.", ("stride", "1")),
        # English "so", no restriction: "so for stride 2 ..." goes on about the layer
        (", so for stride 2 the output is smaller.", None),
        (" pero solo vale para un padding de 0.", ("padding", "0")),
        (", ce n'est valable que pour un pas de 1.", ("stride", "1")),
        # a restatement of the layer, or a case named for the next claim: none
        (". This holds for stride 2.", None),
        (", and the formula for stride 1 is", None),
    ],
)
def test_validity_case(after, case):
    assert validity_case(after) == case
