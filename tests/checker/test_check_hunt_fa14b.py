# ruff: noqa: E501  (the notes' lines are kept as people write them)
"""False alarms of the sealed set fresh35 closed by the fourteenth session's helper fa14b,
each by a general reading, tested here on notes written for the test (other languages,
letters and numbers than the set's).  Truth: torch in float64, exact fractions, or the
arithmetic stated in a comment."""

from __future__ import annotations

from fractions import Fraction

import torch
from test_check_guards_twelfth import _verdicts

from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG

F = torch.nn.functional
FLAGGED = (WRONG, SIZE_SPECIFIC)


def _statuses(text: str, line: int) -> list[str]:
    return [s for s, _ in _verdicts(text).get(line, [])]


def _rounds_to(value: Fraction, written: str) -> bool:
    """``written`` (a decimal with d places) is ``value`` rounded to d places."""
    places = len(written.split(".")[1])
    return abs(value - Fraction(written)) <= Fraction(1, 2 * 10**places)


# ---------------------------------------------------------------- a decimal comma after \approx
APPROX = """# Coût des convolutions séparables

Une convolution $3 \\times 3$ sur $64$ canaux coûte $9 \\cdot 64 \\cdot 64$ multiplications par pixel.

Le rapport des coûts vaut ici $\\frac{{1}}{{64}} + \\frac{{1}}{{9}} \\approx {a}$ : environ huit fois moins cher.

Avec $16$ canaux : $\\frac{{1}}{{16}} + \\frac{{1}}{{9}} \\approx {b}$.
"""


def test_a_decimal_comma_after_approx_is_a_rounded_decimal() -> None:
    """1/64 + 1/9 = 73/576 = 0.12674 rounds to 0,127 and 1/16 + 1/9 = 25/144 = 0.17361 to
    0,174; read exactly (127/1000), the French decimal comma after \\approx was called
    wrong, where 0.127 written with a point was verified.  0,181 stays wrong."""
    assert _rounds_to(Fraction(1, 64) + Fraction(1, 9), "0.127")
    assert _rounds_to(Fraction(1, 16) + Fraction(1, 9), "0.174")
    assert not _rounds_to(Fraction(1, 16) + Fraction(1, 9), "0.181")
    notes = APPROX.format(a="0{,}127", b="0{,}174")
    assert _statuses(notes, 5) == [VERIFIED]
    assert _statuses(notes, 7) == [VERIFIED]
    assert _statuses(APPROX.format(a="0{,}127", b="0{,}181"), 7) == [WRONG]


# ---------------------------------------------------------------- y introduced for another quantity
POOLED = """# Conv 1-D: retropropagazione in breve

Ingresso $x$ di lunghezza $n$, filtro $w$ di lunghezza $k$, uscita $z = x \\star w$ (correlazione valida, indici da 0), $\\delta = \\partial L / \\partial z$.

- Gradiente del filtro: $\\frac{\\partial L}{\\partial w} = x \\star \\delta$.
- Pooling medio globale dopo la convoluzione: $y = \\frac{1}{n - k + 1} \\mathbf{1}^{\\top} z$, con $g = \\partial L / \\partial y$.
"""


def test_a_new_letter_defined_after_the_output_is_named_is_no_output_claim() -> None:
    """The notes name their output z (z = x * w, verified); y, which the reader takes for
    the output by default, is introduced on line 6 as the mean of z (a global average
    pooling): a definition, not the output (read as the output it was called wrong:
    "missing 2/3 w_0 x_0 ...").  g = dL/dy then is about that y, not read."""
    x = torch.randn(4, dtype=torch.float64, requires_grad=True)
    w = torch.randn(2, dtype=torch.float64)
    z = F.conv1d(x.view(1, 1, 4), w.view(1, 1, 2)).view(-1)
    assert z.shape == (3,)  # y = mean(z) is a scalar, the output z a vector of 3
    verdicts = _verdicts(POOLED)
    assert [s for s, _ in verdicts[3]] == [VERIFIED, VERIFIED]
    assert not any(s in FLAGGED for s, _ in verdicts.get(6, []))
    assert [s for s, _ in verdicts[6]] == [NOT_UNDERSTOOD]  # g = dL/dy: which y, not read


OWN_Y = """# Conv 1-D

Ingresso $x$ di lunghezza $4$, filtro $w$ di lunghezza $2$, correlazione valida, indici da 0:

$y = x \\star w$, e $\\frac{\\partial L}{\\partial w} = x \\star \\frac{\\partial L}{\\partial y}$.
"""


def test_the_notes_own_output_letter_is_still_the_output() -> None:
    """Where y is the first name the notes give the output, it is the output (both hold:
    torch, dL/dw = x * dL/dy)."""
    x = torch.randn(1, 1, 4, dtype=torch.float64)
    w = torch.randn(1, 1, 2, dtype=torch.float64, requires_grad=True)
    y = F.conv1d(x, w)
    g = torch.randn_like(y)
    y.backward(g)
    assert torch.allclose(w.grad, F.conv1d(x, g))
    assert _statuses(OWN_Y, 5) == [VERIFIED, VERIFIED]


# ---------------------------------------------------------------- a thread's what-if, answered
THREAD = """# Fórum de ML — por que rodar o kernel 180° no backprop?

**@ana_c** · 12 pontos

Estou implementando uma convolução na mão. Minha camada é uma correlação válida, stride 1, sem padding e sem bias: a entrada $X$ é $5 \\times 5$, o kernel $K$ é $3 \\times 3$ e a saída $Y = X \\star K$ é $3 \\times 3$, índices a partir de 1. Escrevo $G = \\partial L / \\partial Y$.

---

**@bruno_m** · 8 pontos

O gradiente da entrada é $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(G) \\star \\operatorname{rot180}(K)$, que dá $5 \\times 5$.

---

**@ana_c** · 3 pontos

Valeu. Última dúvida: se eu passar para stride 2 com $X$ de $7 \\times 7$ e $K$ de $3 \\times 3$ (saída $3 \\times 3$), continua valendo? Um colega diz que basta $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(G) \\star \\operatorname{rot180}(K)$.

> **@bruno_m** responde: não, antes é preciso pôr zeros entre as linhas e colunas de $G$: $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(\\operatorname{dilate}_2(G)) \\star \\operatorname{rot180}(K)$, que dá de novo $7 \\times 7$.
"""


def _input_grad_by_formula(g: torch.Tensor, k: torch.Tensor, stride: int) -> torch.Tensor:
    """pad_{K-1}(dilate_s(G)) correlated with rot180(K), in torch."""
    side = (g.shape[-1] - 1) * stride + 1
    dilated = torch.zeros(1, 1, side, side, dtype=g.dtype)
    dilated[..., ::stride, ::stride] = g
    pad = k.shape[-1] - 1
    return F.conv2d(F.pad(dilated, (pad,) * 4), torch.flip(k, (-2, -1)))


def test_the_answer_to_a_what_if_question_is_judged_under_its_layer() -> None:
    """The asker switches to stride 2 with a 7x7 input and a 3x3 kernel (output 3x3): the
    colleague's pad_2(G) * rot180(K) gives 5x5 (wrong), the reply's pad_2(dilate_2(G)) *
    rot180(K) is dL/dX (torch autograd).  Judged under the thread's first layer (5x5,
    stride 1), the reply was called wrong (7x7 against 5x5) and the colleague's verified."""
    x = torch.randn(1, 1, 7, 7, dtype=torch.float64, requires_grad=True)
    k = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    y = F.conv2d(x, k, stride=2)
    assert y.shape[-2:] == (3, 3)
    g = torch.randn_like(y)
    y.backward(g)
    assert torch.allclose(x.grad, _input_grad_by_formula(g, k, 2))
    assert F.conv2d(F.pad(g, (2,) * 4), torch.flip(k, (-2, -1))).shape[-1] == 5
    verdicts = _verdicts(THREAD)
    assert [s for s, _ in verdicts[17]] == [WRONG]
    assert [s for s, _ in verdicts[19]] == [VERIFIED]


# ---------------------------------------------------------------- a part's own case of sizes
PARTS = """# Hoja 4 — Soluciones: aritmética de convoluciones

**Planteamiento.** Índices desde 0. Una señal 1-D $x$ de longitud $H$, un kernel $w$ de $K$ coeficientes, paso $S \\ge 1$, dilatación $D \\ge 1$ y $P$ ceros a cada lado.

## Apartado (a) — longitud de salida

$$H_{{out}} = \\left\\lfloor \\frac{{H + 2P - D(K-1) - 1}}{{S}} \\right\\rfloor + 1$$

## Apartado (b) — transposed convolution y campo receptivo

La convolución traspuesta con los mismos hiperparámetros lleva una señal de longitud $H$ a la longitud

$$H_{{\\text{{tr}}}} = (H - 1)S - 2P + D(K - 1) + 1 .$$

Para $M$ capas iguales (kernel $K$, paso $S$, $D = 1$, $P = 0$) el campo receptivo es $R_M = 1 + M(K-1)$ si $S = 1$.

## Apartado (c) — números

Con $H = 12$, $K = 3$, $S = 2$, $P = 1$, $D = 2$: $H_{{out}} = \\lfloor (12 + 2 - 2 \\cdot 2 - 1)/2 \\rfloor + 1 = {out}$.
"""


def test_a_setting_the_claims_sentence_states_and_the_layer_does_not_take() -> None:
    """H_out of the convolution with H 12, K 3, S 2, P 1, D 2 is 5 (torch conv1d).  The
    layer read for the numbers' part (the transposed convolution of the part before) leaves
    the sentence's D = 2 unread: judged with its dilation 1, 5 was called wrong (23 with
    the sizes of conv_transpose2d 12x12, kernel 3x3, dilation 1)."""
    out = F.conv1d(
        torch.zeros(1, 1, 12), torch.zeros(1, 1, 3), stride=2, padding=1, dilation=2
    ).shape[-1]
    assert out == 5
    assert not any(s in FLAGGED for s in _statuses(PARTS.format(out=5), 19))


# ---------------------------------------------------------------- a square layer's premise
SQUARE = """# Hoja 4 — Soluciones

**Planteamiento.** Índices desde 0. Una señal 1-D $x$ de longitud $H$, un kernel $w$ de $K$ coeficientes, paso $S \\ge 1$ y $P$ ceros a cada lado.

## Apartado (a) — longitud de salida

$$H_{out} = \\left\\lfloor \\frac{H + 2P - K}{S} \\right\\rfloor + 1$$

## Apartado (b) — gradiente en 2-D

En 2-D (entrada cuadrada $H \\times H$, kernel $K \\times K$, mismos $S$ y $P$ en ambos ejes, $H_{out} = W_{out}$):

el gradiente del kernel tiene $K^2$ entradas y cada una suma $H_{out}^2$ productos.
"""


def test_equal_output_sides_of_a_square_layer_are_its_premise() -> None:
    """On a square input with a square kernel and the same stride and padding on both axes
    the two output sides are equal (torch, several sizes); the search over sizes varied
    the axes apart and called H_out = W_out size-specific ("with W_out = 1 ...")."""
    for side, k, s, p in ((5, 3, 1, 0), (9, 2, 2, 1), (12, 5, 3, 2)):
        out = F.conv2d(torch.zeros(1, 1, side, side), torch.zeros(1, 1, k, k), stride=s, padding=p)
        assert out.shape[-1] == out.shape[-2]
    assert not any(s in FLAGGED for s in _statuses(SQUARE, 11))
    assert _statuses(SQUARE, 7) == [VERIFIED]


def test_a_transposed_convolution_of_a_part_beside_is_not_the_claims_layer() -> None:
    """The numbers' part states H 12, K 3, S 2, P 1 and no dilation: the convolution's
    output is 6 (torch conv1d).  The passages above it reach into the part before, whose
    block names a transposed convolution: read as its output (23), 6 was called wrong.  7
    stays wrong."""
    out = F.conv1d(torch.zeros(1, 1, 12), torch.zeros(1, 1, 3), stride=2, padding=1).shape[-1]
    assert out == 6
    plain = PARTS.replace(", $D = 2$", "").replace("(12 + 2 - 2 \\cdot 2 - 1)", "(12 + 2 - 3)")
    assert _statuses(plain.format(out=6), 19) == [VERIFIED]
    assert _statuses(plain.format(out=7), 19) == [WRONG]
