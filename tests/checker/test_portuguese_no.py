"""Portuguese "no" is the contraction "em + o" ("os produtos que caem no padding": the
products that fall in the padding), never a negation.  Read as English "no padding", it gave
a layer stated with padding 1 a padding of 0, and the stride-2 kernel gradient written for
padding 1 was called wrong.  An English "no padding" still states padding 0.  The truth is
torch's conv2d and autograd: which operator form is dL/dW at which padding."""

from __future__ import annotations

import pytest
from line_verdicts import one_verdict

from symconv.checker import lexicon
from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")
F = torch.nn.functional

_PADDED = r"\operatorname{pad}_1(X) \star \operatorname{dilate}_2(G)"
_BARE = r"X \star \operatorname{dilate}_2(G)"


def _dilate(g, s: int):
    """g with s - 1 zeros between neighbouring entries."""
    h, w = g.shape[-2:]
    out = torch.zeros(1, 1, (h - 1) * s + 1, (w - 1) * s + 1, dtype=g.dtype)
    out[..., ::s, ::s] = g
    return out


def _holds(form: str, padding: int) -> bool:
    """Whether ``form`` is dL/dW of a 5x5 input, 3x3 kernel, stride 2, ``padding``, by
    autograd at random numbers (L = sum(G * Y))."""
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(1, 1, 5, 5, generator=gen, dtype=torch.float64)
    w = torch.randn(1, 1, 3, 3, generator=gen, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, stride=2, padding=padding)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    xp = F.pad(x, (1, 1, 1, 1)) if form == _PADDED else x
    got = F.conv2d(xp, _dilate(g, 2))
    return got.shape == w.grad.shape and torch.allclose(got, w.grad)


_PORTUGUESE = (
    "# Gradiente do kernel com passo 2\n\n"
    "Camada: correlação cruzada com preenchimento $p = 1$ e passo $s = 2$, entrada $X$ de "
    "$5 \\times 5$, kernel $K$ de $3 \\times 3$, sem viés; $G = \\partial L / \\partial Y$.\n\n"
    "**Questão 1.** Forma de operador.\n\n"
    "Na borda os produtos que caem no padding valem zero, e então\n\n"
    "$$\\frac{{\\partial L}}{{\\partial K}} = {form}$$\n"
)
_PORTUGUESE_SAME_SENTENCE = (
    "# Passo 2, gradiente do filtro\n\n"
    "A camada tem preenchimento $p = 1$ e passo $s = 2$; entrada $X$ de $5 \\times 5$, "
    "kernel $K$ de $3 \\times 3$, sem viés, e $G = \\partial L / \\partial Y$.\n\n"
    "**Item b.** Como os termos que caem no padding somem, "
    "$\\frac{{\\partial L}}{{\\partial K}} = {form}$.\n"
)
# the negation, in English notes: padding 0, so the bare form is dL/dW
_ENGLISH = (
    "# Kernel gradient, stride 2\n\n"
    "The layer: cross-correlation, stride $s = 2$, no padding; input $X$ is $5 \\times 5$, "
    "kernel $K$ is $3 \\times 3$, no bias; $G = \\partial L / \\partial Y$.\n\n"
    "**Question 1.** Operator form.\n\n"
    "$$\\frac{{\\partial L}}{{\\partial K}} = {form}$$\n"
)


@pytest.mark.parametrize(
    ("template", "padding"),
    [(_PORTUGUESE, 1), (_PORTUGUESE_SAME_SENTENCE, 1), (_ENGLISH, 0)],
    ids=["pt", "pt same sentence", "en"],
)
@pytest.mark.parametrize("form", [_PADDED, _BARE], ids=["padded", "bare"])
def test_no_before_padding_is_a_negation_only_where_it_negates(template, padding, form):
    holds = _holds(form, padding)
    assert holds == ((form == _PADDED) == (padding == 1))  # torch: one form per padding
    found = one_verdict(template.format(form=form), "\\partial K} = ")
    assert found.status == (VERIFIED if holds else WRONG), found.message
    assert f"padding {padding}" in found.message or found.status == WRONG


@pytest.mark.parametrize(
    ("word", "sentence", "negates"),
    [
        ("no", "o resto cai no padding", False),
        ("no", "o gradiente no viés é a soma de G", False),
        ("no", "stride 1, no padding, no bias", True),
        ("no", "we use no padding here", True),
        ("sem", "passo 2, sem padding", True),
    ],
)
def test_negates(word, sentence, negates):
    assert lexicon.negates(word, sentence) is negates
