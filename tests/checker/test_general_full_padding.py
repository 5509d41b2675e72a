"""The textbook dX of a layer without padding, ``\\operatorname{pad}_{k-1}(G) \\star
\\operatorname{rot}_{180}(K)``, written with one kernel letter k: "verified for all sizes"
by the general prover's square, unpadded case (it was not understood: the templates' 2x3
kernel has no k), and never where the notes' layer is another one:

- a stride the section states as a number (2) and the claim does not write: judged at that
  stride, where the undilated form is wrong (it had been judged at stride 1);
- a stride the notes name with a letter s and never set: every stride is meant, so
  ``X \\star G`` is wrong (it holds at stride 1 only) and the undilated dX is not verified;
- a claim whose own lead-in says "stride 1, no padding" keeps that case.

Torch autograd is the truth that each form the tests call wrong is not the gradient."""

from __future__ import annotations

import pytest
from line_verdicts import one_verdict

from symconv.checker.report import ALL_SIZES, VERIFIED, WRONG

torch = pytest.importorskip("torch")
F = torch.nn.functional

_ES = (
    "# Retropropagación en una capa convolucional (tamaños generales)\n\n"
    "La capa no tiene relleno y su paso es 1: $Y = X \\star K$, con $X$ de tamaño "
    "$H \\times W$ y el núcleo $K$ de tamaño $k \\times k$. Sea $G = \\partial L / \\partial Y$."
    "\n\nEl gradiente de la entrada es una correlación completa:\n"
    "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{k-1}(G) \\star "
    "\\operatorname{rot}_{180}(K)$$\n\n"
    "Un error frecuente es rellenar con $k$ ceros:\n"
    "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{k}(G) \\star "
    "\\operatorname{rot}_{180}(K) \\quad (a)$$\n\n"
    "Y otro, olvidar la rotación:\n"
    "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{k-1}(G) \\star K \\quad (b)$$\n"
)

_EN_STRIDE_2 = (
    "# Strided layer\n\n"
    "Our layer uses stride 2 and no padding: $Y = X \\star_2 W$ for an $H \\times H$ input "
    "and a $k \\times k$ kernel; $G = \\partial L / \\partial Y$.\n\n"
    "The input gradient, copied from the stride-1 lecture: $\\frac{\\partial L}{\\partial X} = "
    "\\operatorname{pad}_{k-1}(G) \\star \\operatorname{rot}_{180}(W)$.\n"
)

_FR_STRIDE_S = (
    "# Couche avec un pas\n\n"
    "La couche a un pas $s$ et pas de remplissage : $Y = X \\star_s W$, et "
    "$G = \\partial L / \\partial Y$.\n\n"
    "Gradient des poids (vu en TD) : $\\frac{\\partial L}{\\partial W} = X \\star G$.\n\n"
    "Gradient de l'entrée : $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{k-1}(G) "
    "\\star \\operatorname{rot}_{180}(W)$.\n"
)

_DE_CASE = (
    "# Transponierte Faltung\n\n"
    "Ein Beispiel mit Schrittweite 2: Eingabe $5 \\times 5$, Kern $k \\times k$ mit $k = 3$.\n\n"
    "Schrittweite 1, kein Padding: $\\frac{\\partial L}{\\partial X} = "
    "\\operatorname{pad}_{k-1}(G) \\star \\operatorname{rot}_{180}(K)$.\n"
)


def _grads(h: int, k: int, stride: int) -> tuple[torch.Tensor, ...]:
    """(dX, dW by autograd, G, W) of a one-channel valid correlation."""
    gen = torch.Generator().manual_seed(h * 10 + k + stride)
    x = torch.randn(1, 1, h, h, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.randn(1, 1, k, k, dtype=torch.float64, generator=gen, requires_grad=True)
    y = F.conv2d(x, w, stride=stride)
    g = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    (y * g).sum().backward()
    return x.grad, w.grad, g, w


def _undilated_dx(g: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    k = w.shape[-1]
    return F.conv2d(F.pad(g, (k - 1,) * 4), torch.flip(w, (2, 3)).detach())


def test_the_full_correlation_is_proved_for_all_sizes():
    found = one_verdict(_ES, "pad}_{k-1}(G) \\star \\operatorname{rot}")
    assert found.status == ALL_SIZES, found.message
    assert "no padding" in found.message


@pytest.mark.parametrize("piece", ["(a)", "(b)"])
def test_its_usual_slips_are_wrong(piece):
    assert one_verdict(_ES, piece).status == WRONG
    for h, k in ((5, 2), (6, 3)):
        dx, _, g, w = _grads(h, k, 1)
        pad = k if piece == "(a)" else k - 1
        kernel = torch.flip(w, (2, 3)) if piece == "(a)" else w
        slip = F.conv2d(F.pad(g, (pad,) * 4), kernel.detach())
        assert slip.shape != dx.shape or not torch.allclose(slip, dx)
        assert torch.allclose(_undilated_dx(g, w), dx)  # the form the tests prove


def test_a_stated_stride_is_the_claims_stride():
    found = one_verdict(_EN_STRIDE_2, "copied from")
    assert found.status == WRONG and "stride 2" in found.message, found.message
    dx, _, g, w = _grads(7, 3, 2)
    assert _undilated_dx(g, w).shape != dx.shape


def test_a_stride_named_by_a_letter_is_every_stride():
    found = one_verdict(_FR_STRIDE_S, "vu en TD")
    assert found.status == WRONG and "stride" in found.message, found.message
    _, dw, g, _ = _grads(7, 3, 2)
    x = torch.randn(1, 1, 7, 7, dtype=torch.float64)
    assert F.conv2d(x, g).shape != dw.shape  # X ⋆ G at stride 2: not even dW's shape
    assert one_verdict(_FR_STRIDE_S, "Gradient de l'entrée").status not in (VERIFIED, ALL_SIZES)


def test_a_lead_in_case_is_kept():
    found = one_verdict(_DE_CASE, "Schrittweite 1, kein Padding")
    assert found.status == ALL_SIZES, found.message  # not judged at the example's stride 2


_IT_PAD1 = (
    "# Strato con passo 2\n\n"
    "Uno strato `nn.Conv2d(1, 1, k, stride=2, padding=1)`: ingresso $X$ di lato $H$, nucleo "
    "$W$ di lato $k$, e supponiamo $H + 2 - k$ pari; $G = \\partial L / \\partial Y$.\n\n"
    "$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{k-2}(\\operatorname{dil}_2(G)) "
    "\\star \\operatorname{rot}_{180}(W)$$\n"
)


def test_the_stated_padding_is_kept_with_the_stated_stride():
    # pad_{k-2} = pad_{k-1-p} at the stated padding 1: judged at stride 2 with padding 0 it
    # would have been called wrong (and is right wherever the windows tile the input)
    found = one_verdict(_IT_PAD1, "pad}_{k-2}")
    assert found.status != WRONG, found.message
    for h, k in ((7, 3), (8, 2)):
        gen = torch.Generator().manual_seed(h + k)
        x = torch.randn(1, 1, h, h, dtype=torch.float64, generator=gen, requires_grad=True)
        w = torch.randn(1, 1, k, k, dtype=torch.float64, generator=gen)
        y = F.conv2d(x, w, stride=2, padding=1)
        g = torch.randn(y.shape, dtype=torch.float64, generator=gen)
        (y * g).sum().backward()
        dilated = torch.zeros(1, 1, 2 * g.shape[-2] - 1, 2 * g.shape[-1] - 1, dtype=torch.float64)
        dilated[..., ::2, ::2] = g
        form = F.conv2d(F.pad(dilated, (k - 2,) * 4), torch.flip(w, (2, 3)))
        assert torch.allclose(form, x.grad)


_LATER_LETTER = (
    "# Backward pass, two parts\n\n"
    "## Part (a)\n\n"
    "A stride-1 layer, a valid correlation: $Y = X \\star W$, $G = \\partial L / \\partial Y$.\n\n"
    "Weight gradient: $\\frac{\\partial L}{\\partial W} = X \\star G$.\n\n"
    "## Part (b)\n\n"
    "Now the zero padding is $p$ on every side.\n"
)


def test_a_later_parts_letter_is_not_an_earlier_parts():
    # the padding letter of part (b) said nothing of part (a)'s layer: X star G is its dW
    found = one_verdict(_LATER_LETTER, "Weight gradient")
    assert found.status == VERIFIED, found.message
    gen = torch.Generator().manual_seed(6)
    x = torch.randn(1, 1, 6, 6, dtype=torch.float64, generator=gen)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, generator=gen, requires_grad=True)
    g = torch.randn(1, 1, 4, 4, dtype=torch.float64, generator=gen)
    (F.conv2d(x, w) * g).sum().backward()
    assert torch.allclose(F.conv2d(x, g), w.grad)  # X star G is dW at stride 1, no padding


_TRANSPOSE_CALL = (
    "# Input gradient as a library call\n\n"
    "Input of side $H$, kernel of side $k$, stride $s$; $\\delta = \\partial L / \\partial y$.\n\n"
    "The input gradient is the transposed convolution called on $\\delta$ with the forward "
    "kernel: $\\nabla_x L = \\operatorname{conv2d\\_transpose}(\\delta, w)$.\n"
)


def test_a_library_call_takes_the_layers_stride():
    # conv2d_transpose(δ, w) is called with the layer's strides: no stride written is not
    # "stride 1 only", so the lettered stride does not make it wrong
    assert one_verdict(_TRANSPOSE_CALL, "conv2d").status != WRONG
    gen = torch.Generator().manual_seed(3)
    x = torch.randn(1, 1, 7, 7, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, generator=gen)
    y = F.conv2d(x, w, stride=2)
    g = torch.randn(y.shape, dtype=torch.float64, generator=gen)
    (y * g).sum().backward()
    assert torch.allclose(F.conv_transpose2d(g, w, stride=2), x.grad)
