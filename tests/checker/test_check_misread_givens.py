# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
"""Misreadings that called correct claims wrong, and the mistakes that must stay wrong.

* a letter the notes give one number: "$x = 2$" in a 1x1 toy example, "at $z = 0$" as the
  point of sigma' -- and the claims of that toy paragraph -- are no tensor shapes
  (scalar_given.py); "$y = 3$" of the layer's output stays a claim;
* a labelling subscript: ``Y_{in}`` indexed as ``Y_{in}[0,0]`` is one version of Y, not
  the entry i, n (label_subscript.py);
* ordinals: "the shortcut gets `A` and the first convolution becomes `B`" numbers the
  layers otherwise than the text lists them, so P_2 is no second constructor written
  (constructor_claims.py, formula_layer.py);
* a letter's value stated in another part of a question ("a) ... k = 5") does not make a
  later part's formula ("b) for a 3x3 kernel p = (k - 1)/2 = 1") wrong (stated_values.py);
* a size formula with no padding, stated as a general fact under a worked example's padded
  layer, holds for unpadded layers (formula_padding.py).

Truth: torch (autograd for the toy derivatives, F.avg_pool2d, parameter counts of
nn.Conv2d, output shapes of F.conv2d), put into the notes or compared with what they write.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _verdicts(text: str) -> list[tuple[int, str, str]]:
    return [(v.line, v.source, v.status) for v in check_text(text, "notes.md").verdicts]


def _status(text: str, source_start: str) -> str:
    found = [s for _, src, s in _verdicts(text) if src.startswith(source_start)]
    assert found, f"no verdict for {source_start!r}"
    return found[0]


def _number(value: float) -> str:
    """A value as the notes write it (a whole number without its .0)."""
    return str(int(value)) if float(value).is_integer() else str(value)


def _toy(x0: float, w1: float, w2: float, act) -> tuple[float, float]:
    """y = x + w2 act(w1 x) and dy/dx at x0, by torch autograd."""
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    y = x + w2 * act(w1 * x)
    y.backward()
    assert x.grad is not None
    return float(y.detach()), float(x.grad)


# ------------------------------------------------------------------ scalar givens
def _toy_en() -> str:
    y, dy = _toy(3.0, 2.0, 0.5, torch.relu)
    _, dy_off = _toy(-1.0, 2.0, 0.5, torch.relu)
    return rf"""# Residual blocks

## Shapes

Let the input $x$ be a $4 \times 4$ map and $w$ a $2 \times 2$ kernel, stride 1, no padding: $y = w \star x$ is $3 \times 3$.

## A scalar toy case

Shrink everything to $1 \times 1$: $F(x) = w_2\, \mathrm{{ReLU}}(w_1 x)$ with $w_1 = 2$, $w_2 = 0.5$, $x = 3$. Forward: $y = 3 + 0.5 \cdot 6 = {_number(y)}$. Backward: $\frac{{dy}}{{dx}} = 1 + w_2 w_1 = {_number(dy)}$. For $x = -1$ the ReLU is off and $\frac{{dy}}{{dx}} = {_number(dy_off)}$.
"""


def _toy_es() -> str:
    y, dy = _toy(0.0, 1.0, 4.0, torch.tanh)
    return rf"""# Bloques residuales

## Tamaños

La entrada $x$ es un mapa de $5 \times 5$ y el núcleo $w$ es de $3 \times 3$, paso 1, sin relleno: $y = w \star x$ es de $3 \times 3$.

## Caso escalar

Reducimos todo a $1 \times 1$: $F(x) = w_2 \tanh(w_1 x)$ con $w_1 = 1$, $w_2 = 4$, $x = 0$. Hacia adelante: $y = 0 + 4 \cdot 0 = {_number(y)}$. La derivada de la tangente hiperbólica en $z = 0$ vale 1, así que $\frac{{dy}}{{dx}} = 1 + 4 = {_number(dy)}$.
"""


def test_a_scalar_toy_example_is_not_judged_by_the_layers_shapes() -> None:
    for text in (_toy_en(), _toy_es()):
        toy = [(src, s) for line, src, s in _verdicts(text) if line == 9]
        assert toy, "the toy paragraph is read"
        assert all(s != WRONG for _, s in toy), toy
        # the givens themselves are no claims: not understood, never wrong
        assert all(s == NOT_UNDERSTOOD for src, s in toy if src.startswith("x = ")), toy


SIGMOID = r"""# Convolution and sigmoid

Let $x$ be a $3 \times 3$ input and $w$ a $2 \times 2$ kernel, stride 1, no padding, with $z = w \star x$ and $a = \sigma(z)$.

The sigmoid's derivative is $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$, which at $z = 0$ equals {value}.
"""


def test_the_point_a_function_is_taken_at_is_no_claim() -> None:
    z = torch.zeros((), dtype=torch.float64, requires_grad=True)
    torch.sigmoid(z).backward()
    assert z.grad is not None
    text = SIGMOID.format(value=f"${_number(float(z.grad))}$")
    assert _status(text, "z = 0") == NOT_UNDERSTOOD
    assert _status(text, r"\sigma'(z)") == VERIFIED


SCALAR_CLAIMS = r"""# Filter gradient

Let the input $x$ be a $4 \times 4$ map and $w$ a $2 \times 2$ kernel, stride 1, no padding, $y = w \star x$.

The gradient is $\frac{\partial L}{\partial w} = \sum_{i}\sum_{j} \frac{\partial L}{\partial y_{ij}}$ and $y = 3$.
"""


def test_a_scalar_claimed_for_the_layers_arrays_stays_wrong() -> None:
    # torch: dL/dw of a 2x2 kernel is 2x2, and y on a 4x4 input is 3x3: no scalar is either
    x = torch.randn(1, 1, 4, 4, dtype=torch.float64)
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w)
    (y * torch.randn_like(y)).sum().backward()
    assert w.grad is not None and w.grad.shape[-2:] == (2, 2) and y.shape[-2:] == (3, 3)
    assert _status(SCALAR_CLAIMS, r"\frac{\partial L}{\partial w}") == WRONG
    assert _status(SCALAR_CLAIMS, "y = 3") == WRONG


# ------------------------------------------------------------------ labelling subscripts
_X = [[1, 3, 0, 2], [4, 0, 2, 1], [2, 2, 5, 0], [1, 0, 3, 3]]
_X_TEX = r" \\ ".join(" & ".join(str(v) for v in row) for row in _X)


def _pooled_sums() -> list[list[int]]:
    """Nine times torch's average (count_include_pad=True divides by the 9 cells)."""
    x = torch.tensor(_X, dtype=torch.float64).reshape(1, 1, 4, 4)
    sums = F.avg_pool2d(x, 3, stride=2, padding=1) * 9
    return [[round(float(v)) for v in row] for row in sums[0, 0]]


def _pool_note(template: str, side: int) -> str:
    s = _pooled_sums()
    matrix = rf"{s[0][0]} & {s[0][1]} \\ {s[1][0]} & {s[1][1]}"
    return template.format(x=_X_TEX, first=s[0][0], matrix=matrix, side=side)


POOL_EN = r"""# Average pooling at the border

We pool the map $X = \begin{{bmatrix}} {x} \end{{bmatrix}}$ with `nn.AvgPool2d(kernel_size=3, stride=2, padding=1)`: $H_{{out}} = \left\lfloor \frac{{4 + 2 - 3}}{{2}} \right\rfloor + 1 = {side}$.

### Padding counted

The first window holds ${first}$, so $Y_{{in}}[0,0] = \frac{{{first}}}{{9}}$ and

$$Y_{{in}} = \frac{{1}}{{9}} \begin{{bmatrix}} {matrix} \end{{bmatrix}}$$
"""

POOL_FR = r"""# Moyenne avec remplissage

On réduit $X = \begin{{bmatrix}} {x} \end{{bmatrix}}$ par `nn.AvgPool2d(kernel_size=3, stride=2, padding=1)` : $H_{{out}} = \left\lfloor \frac{{4 + 2 - 3}}{{2}} \right\rfloor + 1 = {side}$.

### Remplissage compté

La première fenêtre somme ${first}$, donc $Y_{{avec}}(0, 0) = \frac{{{first}}}{{9}}$ et

$$Y_{{avec}} = \frac{{1}}{{9}} \begin{{bmatrix}} {matrix} \end{{bmatrix}}$$
"""


def test_a_labelled_tensor_is_no_entry_and_a_wrong_size_stays_wrong() -> None:
    x = torch.zeros(1, 1, 4, 4)
    side = F.avg_pool2d(x, 3, stride=2, padding=1).shape[-1]
    for template, name in ((POOL_EN, "Y_{in} ="), (POOL_FR, "Y_{avec} =")):
        text = _pool_note(template, side)
        assert _status(text, name) != WRONG
        assert _status(text, "H_{out}") == VERIFIED
        wrong = _pool_note(template, side + 1)  # a slip in the output side
        assert _status(wrong, "H_{out}") == WRONG


# ------------------------------------------------------------------ ordinals
def _count(layer: nn.Module) -> int:
    return sum(p.numel() for p in layer.parameters())


RENUMBERED_EN = r"""# A downsampling residual block

## Parameter counts

When the block halves the map and doubles the channels (32 to 64, `stride=2`), the identity cannot be added: the shortcut gets `nn.Conv2d(32, 64, 1, stride=2)` and the first convolution becomes `nn.Conv2d(32, 64, 3, stride=2, padding=1)`.

Parameters: second convolution $P_2 = 3 \cdot 3 \cdot 64 \cdot 64 + 64 = {second}$, first convolution $P_1 = {first}$.
"""

RENUMBERED_DE = r"""# Ein Residualblock mit Verkleinerung

## Parameter

Von 32 auf 64 Kanäle mit `stride=2`: die Abkürzung bekommt `nn.Conv2d(32, 64, 1, stride=2)`, und die erste Faltung wird `nn.Conv2d(32, 64, 3, stride=2, padding=1)`.

Parameter: zweite Faltung $P_2 = 3 \cdot 3 \cdot 64 \cdot 64 + 64 = {second}$, erste Faltung $P_1 = {first}$.
"""

IN_ORDER = r"""# Two layers

## Parameter counts

The first layer is `nn.Conv2d(3, 16, 3)`, the second `nn.Conv2d(16, 32, 3)`.

Parameters: $P_1 = 3 \cdot 3 \cdot 3 \cdot 16 + 16 = {first}$, $P_2 = 3 \cdot 3 \cdot 16 \cdot 32 = {second}$.
"""


def test_layers_the_notes_number_otherwise_than_they_write_them() -> None:
    first = nn.Conv2d(32, 64, 3, stride=2, padding=1)
    second = _count(nn.Conv2d(64, 64, 3, padding=1))  # the block's second convolution
    with_bias = rf"3 \cdot 3 \cdot 32 \cdot 64 + 64 = {_count(first)}"
    without = rf"3 \cdot 3 \cdot 32 \cdot 64 = {first.weight.numel()}"  # the biases forgotten
    for template in (RENUMBERED_EN, RENUMBERED_DE):
        text = template.format(second=second, first=with_bias)
        assert _status(text, "P_2") != WRONG  # the 1x1 shortcut is written second-to-last
        assert _status(text, "P_1") == VERIFIED  # the layer called the first convolution
        assert _status(template.format(second=second, first=without), "P_1") == WRONG


def test_layers_written_in_their_order_keep_their_numbers() -> None:
    one, two = nn.Conv2d(3, 16, 3), nn.Conv2d(16, 32, 3)
    text = IN_ORDER.format(first=_count(one), second=two.weight.numel())  # P_2 without biases
    assert _status(text, "P_1") == VERIFIED
    assert _status(text, "P_2") == WRONG


# ------------------------------------------------------------------ another part's values
PARTS_EN = r"""# Homework 2, question 1: reading a layer table

**a) conv_1's kernel.** From 16 to 32 channels with 12 832 parameters: $k^2 = \frac{{12\,800}}{{16 \cdot 32}} = 25$, so $k = 5$.

**b) conv_2.** Its side stays 9, so the padding is "same"; for a $3 \times 3$ kernel that is $p = \frac{{k - 1}}{{2}} = {pad}$ on each side.
"""

PARTS_ES = r"""# Tarea 2, pregunta 1

**a) Núcleo de conv_1.** De 16 a 32 canales con 12 832 parámetros: $k^2 = \frac{{12\,800}}{{16 \cdot 32}} = 25$, luego $k = 5$.

**b) conv_2.** Su lado sigue en 9, así que el relleno es "same"; con un núcleo de $3 \times 3$ eso es $p = \frac{{k - 1}}{{2}} = {pad}$ por lado.
"""

ONE_PART = r"""# Homework 2, question 1: reading a layer table

**a) conv_1's kernel.** From 16 to 32 channels with 12 832 parameters: $k^2 = \frac{12\,800}{16 \cdot 32} = 25$, so $k = 5$, and "same" padding is $p = \frac{k - 1}{2} = 1$.
"""


PREAMBLE = r"""# Homework 2, question 1

A convolution with a $5 \times 5$ kernel, $k = 5$, keeps the side of its 9 x 9 input.

**a) Padding.** "Same" padding is $p = \frac{k - 1}{2} = 1$ on each side.
"""


def _same_padding(k: int, side: int = 9) -> int:
    """The padding that keeps the side, found with torch's output shapes."""
    x = torch.zeros(1, 1, side, side)
    return next(
        p for p in range(k) if F.conv2d(x, torch.zeros(1, 1, k, k), padding=p).shape[-1] == side
    )


def test_a_value_of_another_part_does_not_make_this_part_wrong() -> None:
    assert _same_padding(5) * 2 + 1 == 5  # k = 5 is the kernel of part a)
    pad = _same_padding(3)
    for template in (PARTS_EN, PARTS_ES):
        assert _status(template.format(pad=pad), "p = ") != WRONG


def test_a_formula_in_the_part_that_states_its_letter_stays_wrong() -> None:
    # torch: a 5x5 kernel keeps the side 9 with padding 2, not the 1 the part claims
    assert _same_padding(5) == 2
    assert _status(ONE_PART, "p = ") == WRONG
    # a value the question states before its parts holds in each of them
    assert _status(PREAMBLE, "p = ") == WRONG


# ------------------------------------------------------------------ unpadded formulas
FACTS_EN = r"""# im2col notes

## Worked example

A $5 \times 5$ input, a $3 \times 3$ kernel, stride 2 and padding 1: $H_{{out}} = \left\lfloor \frac{{5 + 2 - 3}}{{2}} \right\rfloor + 1 = {side}$.

## Facts worth remembering

- With stride $s$ the windows start every $s$ pixels: $H_{{out}} = {formula}$ columns per row.
"""

FACTS_DE = r"""# Notizen zu im2col

## Beispiel

Eingabe $5 \times 5$, Kern $3 \times 3$, Schrittweite 2, Padding 1: $H_{{out}} = \left\lfloor \frac{{5 + 2 - 3}}{{2}} \right\rfloor + 1 = {side}$.

## Merksätze

- Mit Schrittweite $s$ beginnt alle $s$ Pixel ein Fenster: $H_{{out}} = {formula}$ Spalten pro Zeile.
"""

STATED_PADDING = r"""# im2col notes

## Worked example

A $5 \times 5$ input, a $3 \times 3$ kernel, stride 2 and padding 1.

## Sizes

- With padding $p$ on each side and stride $s$: $H_{out} = \left\lfloor \frac{H - k}{s} \right\rfloor + 1$.
"""

_FLOORED = r"\left\lfloor \frac{H - k}{s} \right\rfloor"


def test_an_unpadded_size_formula_is_not_wrong_under_a_padded_example() -> None:
    # torch: without padding the output side is floor((H - k)/s) + 1 at every size tried
    for h in range(3, 12):
        for k in range(1, h + 1):
            for s in (1, 2, 3):
                out = F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s)
                assert out.shape[-1] == math.floor((h - k) / s) + 1
    side = F.conv2d(torch.zeros(1, 1, 5, 5), torch.zeros(1, 1, 3, 3), stride=2, padding=1)
    for template in (FACTS_EN, FACTS_DE):
        text = template.format(side=side.shape[-1], formula=f"{_FLOORED} + 1")
        assert _status(text, r"H_{out} = \left\lfloor \frac{H") != WRONG
        # the + 1 left out fails without padding too (torch: 5, 3, stride 2 gives 2, not 1)
        slip = template.format(side=side.shape[-1], formula=_FLOORED)
        assert _status(slip, r"H_{out} = \left\lfloor \frac{H") == WRONG


def test_a_formula_that_leaves_out_the_padding_its_section_states_stays_wrong() -> None:
    # torch: padding 1 on a 5x5 input, kernel 3, stride 2 gives 3; the formula gives 2
    out = F.conv2d(torch.zeros(1, 1, 5, 5), torch.zeros(1, 1, 3, 3), stride=2, padding=1)
    assert out.shape[-1] == 3 != math.floor((5 - 3) / 2) + 1
    assert _status(STATED_PADDING, "H_{out}") == WRONG


TWO_TASKS = r"""# Homework 5

## Task 1. Volumes

The input is a $1 \times 32 \times 32 \times 32$ volume and the network is

```python
conv1 = nn.Conv3d(1, 8, kernel_size=3, padding=1)
conv2 = nn.Conv3d(8, 16, kernel_size=3, stride=2, padding=1)
```

**(a) Sizes.** The first layer keeps $32^3$. For the second, along each axis, $D_2 = \left\lfloor \frac{32 + 2 - 3}{2} \right\rfloor = 15$.

## Task 2. Audio

A second of audio is $x_0, \dots, x_{15999}$. The first layer is `nn.Conv1d(1, 16, kernel_size=80, stride=4)`, the second `nn.Conv1d(16, 32, kernel_size=3, stride=2)`.
"""


def test_another_sections_ordinals_leave_this_sections_numbers_alone() -> None:
    # torch: conv2 on conv1's 32^3 output gives 16 per axis; the claim's 15 drops the + 1
    x = torch.zeros(1, 1, 32, 32, 32)
    conv1 = nn.Conv3d(1, 8, kernel_size=3, padding=1)
    conv2 = nn.Conv3d(8, 16, kernel_size=3, stride=2, padding=1)
    with torch.no_grad():
        assert conv2(conv1(x)).shape[-1] == 16
    assert _status(TWO_TASKS, "D_2") == WRONG
