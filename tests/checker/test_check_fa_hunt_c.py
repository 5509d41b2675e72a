"""The readings and guards that closed the third round of fa_hunt notes' false alarms and
misses (tests/data/check/fa_hunt/, keys and torch truth in fa_hunt_truth_c.py), each tested
again on notes written for this file, in other words, languages and numbers.  The truth of
every claim is worked out by hand in the comment above its note (torch conventions: cross-
correlation, PyTorch's sizes and parameter counts)."""

from __future__ import annotations

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _statuses(text: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for v in check_text(text, "notes.md", {}).verdicts:
        out.setdefault(v.line, []).append(v.status)
    return out


def _at(found: dict[int, list[str]], line: int) -> str:
    (status,) = found[line]
    return status


# --- a worked number written with decimals is the exact entry rounded ------------------------
# average pooling 3x3, stride 2, on 5x5: X_22 lies in all four windows of 9 entries, so
# dL/dX_22 = (2 + 1 + 0 + 1)/9 = 4/9 = 0.4444...: "\approx 0.444" holds to its decimals,
# "\approx 0.49" does not (off by 0.046, past a rounding of the last decimal).
ROUNDED_ES = r"""# Hoja 4: pooling promedio

Entrada de $5 \times 5$, pooling promedio con ventana $3 \times 3$ y paso 2 (las ventanas se
solapan), índices desde 0, y

$$G = \frac{\partial L}{\partial Y} = \begin{pmatrix} 2 & 1 \\ 0 & 1 \end{pmatrix}$$

$$\frac{\partial L}{\partial X_{2,2}} = \frac{G_{0,0} + G_{0,1} + G_{1,0} + G_{1,1}}{9} \approx 0.444$$

$$\frac{\partial L}{\partial X_{2,2}} = \frac{G_{0,0} + G_{0,1} + G_{1,0} + G_{1,1}}{9} \approx 0.49$$
"""  # noqa: E501


def test_a_rounded_worked_number_is_the_entry_to_its_decimals():
    found = _statuses(ROUNDED_ES)
    assert [_at(found, 8), _at(found, 10)] == [VERIFIED, WRONG]


# --- a sum of several layers' counts is no one layer's count ----------------------------------
# depthwise Conv2d(32, 32, 3, groups=32, bias=False): 32*9 = 288 weights; with the pointwise
# Conv2d(32, 64, 1) (2048 + 64) the pair has 288 + 2048 + 64 = 2400 parameters (right), though
# 288 = 32 * 9 is also C_in k^2 of the full Conv2d(32, 64, 3) written beside it (18496).
SUMMED_ES = r"""# Capas separables

La capa depthwise `nn.Conv2d(32, 32, 3, groups=32, bias=False)` tiene $32 \cdot 9 = 288$ pesos.
Con la pointwise `nn.Conv2d(32, 64, 1)` detrás suman $288 + 32 \cdot 64 + 64 = 2400$ parámetros,
frente a una `nn.Conv2d(32, 64, 3)` normal con $32 \cdot 64 \cdot 9 + 64 = 18496$.
"""


def test_a_sum_of_two_layers_counts_is_not_judged_as_one_layers():
    found = _statuses(SUMMED_ES)
    assert _at(found, 4) != WRONG
    assert [_at(found, 3), _at(found, 5)] == [VERIFIED, VERIFIED]


# --- a functional call in code states the layer -----------------------------------------------
# conv1d, x of 9, w of 3, stride 2 (0-based): x_j gets w_k g_i where 2i + k = j: x_4 = (2, 0)
# and (1, 2); x_5 = (2, 1) only; x_3 = (1, 1) only (w_0 g_2 reads x_4).
FUNCTIONAL_1D = r"""# Strided 1-D check

```python
x = torch.randn(1, 1, 9, requires_grad=True)
w = torch.randn(1, 1, 3, requires_grad=True)
y = torch.nn.functional.conv1d(x, w, stride=2)
```

With $g_i = \partial L / \partial y_i$ and indices from 0:

$$\frac{\partial L}{\partial x_4} = w_0 g_2 + w_2 g_1$$

$$\frac{\partial L}{\partial x_5} = w_1 g_2$$

$$\frac{\partial L}{\partial x_3} = w_1 g_1 + w_0 g_2$$
"""
# conv_transpose2d, x 2x2, w 2x2, stride 2: Y_{2i+m, 2j+n} = X_ij W_mn; Y_31 = X_10 W_11,
# Y_23 = X_11 W_01 (not W_00).
FUNCTIONAL_TRANSPOSED = r"""# Upsampling by hand

```python
x = torch.randn(1, 1, 2, 2)
w = torch.randn(1, 1, 2, 2)
y = F.conv_transpose2d(x, w, stride=2)
```

Indices from 0: each $X_{i,j}$ writes $X_{i,j} W_{m,n}$ to $Y_{2i+m,\,2j+n}$.

$$Y_{3,1} = X_{1,0} W_{1,1}$$

$$Y_{2,3} = X_{1,1} W_{0,0}$$
"""
# conv2d, x 7x7, k 2x2, dilation 3: X_33 is read by Y_33 (K_00), Y_30 (K_01), Y_03 (K_10) and
# Y_00 (K_11); X_41 only by Y_11 through K_10.
FUNCTIONAL_DILATED = r"""# Quick check

```python
x = torch.randn(1, 1, 7, 7, requires_grad=True)
k = torch.randn(1, 1, 2, 2, requires_grad=True)
out = F.conv2d(x, k, dilation=3)
```

$X$ is `x`, $K$ is `k`, $G$ the gradient of `out`, indices from 0.

$$\frac{\partial L}{\partial X_{3,3}} = G_{3,3} K_{0,0} + G_{3,0} K_{0,1} + G_{0,3} K_{1,0} + G_{0,0} K_{1,1}$$

$$\frac{\partial L}{\partial X_{4,1}} = G_{1,1} K_{1,0}$$
"""  # noqa: E501


def test_a_functional_call_states_its_layer():
    one = _statuses(FUNCTIONAL_1D)
    assert [_at(one, n) for n in (11, 13, 15)] == [VERIFIED, VERIFIED, WRONG]
    up = _statuses(FUNCTIONAL_TRANSPOSED)
    assert [_at(up, 11), _at(up, 13)] == [VERIFIED, WRONG]
    dilated = _statuses(FUNCTIONAL_DILATED)
    assert [_at(dilated, 11), _at(dilated, 13)] == [VERIFIED, VERIFIED]


# --- a guessed layer that fails the notes' own definition of the output -----------------------
# y_i = w_0 x_i + w_1 x_{i+2} + w_2 x_{i+4}: dilation 2, no sizes stated.  dL/dx_4 = w_2 g_0 +
# w_1 g_2 + w_0 g_4 and dL/dx_2 = w_1 g_0 + w_0 g_2 hold at dilation 2; at the guess
# (dilation 1) they fail, and so does the definition: nothing is wrong, the guess is.
DILATED_DEFINITION = r"""# Dilated filters

We index from 0 and write the layer as $y_i = w_0 x_i + w_1 x_{i+2} + w_2 x_{i+4}$, with
$g_i = \partial L / \partial y_i$.

$$\frac{\partial L}{\partial x_4} = w_2 g_0 + w_1 g_2 + w_0 g_4$$

$$\frac{\partial L}{\partial x_2} = w_1 g_0 + w_0 g_2$$
"""
# the same in German with a stride of 2 written only in the indices: Y_{i} = sum_k K_k X_{2i+k}
# with X_5 = K_1 G_2 (2*2 + 1 = 5) and X_4 = K_0 G_2 + K_2 G_1 (2*2 + 0 = 2*1 + 2 = 4).
STRIDED_DEFINITION_DE = r"""# Schrittweite in den Indizes

Indizes ab 0, $Y_i = K_0 X_{2i} + K_1 X_{2i+1} + K_2 X_{2i+2}$ und
$G_i = \partial L / \partial Y_i$.

$$\frac{\partial L}{\partial X_5} = K_1 G_2$$

$$\frac{\partial L}{\partial X_4} = K_0 G_2 + K_2 G_1$$
"""


@pytest.mark.parametrize("text", [DILATED_DEFINITION, STRIDED_DEFINITION_DE])
def test_a_guess_that_fails_the_notes_definition_calls_nothing_wrong(text):
    found = _statuses(text)
    assert all(s != WRONG for ss in found.values() for s in ss), found


# --- a later section with its own kernel takes nothing of an earlier constructor's layer -------
# toy section: one channel, K 3x3, stride 1, 0-based: X_01 is read by Y_00 through K_01 and by
# Y_01 through K_00, at every input size (X_33 = G_11 K_22 holds at the 4x4 the largest index
# gives, not at a larger input: not judged); the ResNet stem's 224x224 input, 64 filters and
# stride 2 are not this layer's (with them the toy layer was too large to be judged at all;
# a guard still leaves X_01's claim open, as the stem states a stride of 2).
STEM_THEN_TOY = r"""# Stem of a ResNet

`nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3)` maps a 224 x 224 image to
$\lfloor (224 + 6 - 7)/2 \rfloor + 1 = 112$ rows.

## Toy version

One channel, kernel $K$ of size $3 \times 3$, stride 1; $G = \partial L / \partial Y$.

$$\frac{\partial L}{\partial X_{0,1}} = G_{0,0} K_{0,1} + G_{0,1} K_{0,0}$$

$$\frac{\partial L}{\partial X_{3,3}} = G_{1,1} K_{2,2}$$
"""


def test_a_toy_section_does_not_take_an_earlier_constructors_input():
    verdicts = {v.line: v for v in check_text(STEM_THEN_TOY, "notes.md", {}).verdicts}
    assert (
        verdicts[8].status == VERIFIED and "conv2d 4x4, kernel 3x3, stride 1" in verdicts[8].message
    )
    assert verdicts[10].status != WRONG and "224" not in verdicts[10].message
    assert verdicts[4].status == VERIFIED


# --- G_{0,0} beside X_{1,1}: the indices start at 0 -------------------------------------------
# X 3x3, K 2x2, stride 1, 0-based: dL/dK_11 = sum_{i,j in 0..1} G_ij X_{i+1, j+1}.
ZERO_BY_G = r"""# Kernel gradient

Input $X$ of size $3 \times 3$, kernel $K$ of size $2 \times 2$, stride 1, no padding, and
$G = \partial L / \partial Y$.

$$\frac{\partial L}{\partial K_{1,1}} = G_{0,0} X_{1,1} + G_{0,1} X_{1,2} + G_{1,0} X_{2,1} + G_{1,1} X_{2,2}$$
"""  # noqa: E501


def test_an_upstream_entry_at_zero_makes_the_notes_zero_based():
    assert _at(_statuses(ZERO_BY_G), 6) == VERIFIED


# --- a supposition in other languages states no fact of the layer ----------------------------
# ConvTranspose1d(k=2, s=2) on x of 3 (0-based): y_{2i+k} = x_i w_k, so y_0 = x_0 w_0 and
# y_5 = x_2 w_1 (no padding; with the supposed padding 1, y_5 would not exist).  Dutch: k = 3,
# s = 2 on 3: y_4 = x_2 w_0 + x_1 w_2.
WENN_DE = r"""# Übung 3

Die Schicht `nn.ConvTranspose1d(1, 1, kernel_size=2, stride=2, bias=False)` bekommt $x$ der
Länge 3 (Indizes ab 0), also $y_{2i+k} = x_i w_k$. Wenn man `padding=1` verwendet, werden es
$(3 - 1) \cdot 2 - 2 + 2 = 4$ Ausgaben.

## Einträge

$$y_0 = x_0 w_0$$

$$y_5 = x_2 w_1$$
"""
ALS_NL = r"""# Werkcollege 7

De laag `nn.ConvTranspose1d(1, 1, kernel_size=3, stride=2, bias=False)` krijgt $x$ van lengte 3
(indices vanaf 0), dus $y_{2i+k} = x_i w_k$. Als je `padding=1` neemt, worden dat er
$(3 - 1) \cdot 2 - 2 + 3 = 5$.

## Elementen

$$y_4 = x_2 w_0 + x_1 w_2$$
"""


@pytest.mark.parametrize(("text", "line"), [(WENN_DE, 11), (ALS_NL, 9)])
def test_a_supposed_padding_is_not_the_layers(text, line):
    assert _at(_statuses(text), line) == VERIFIED


# --- a claim verified at a guessed input must hold at a longer one -----------------------------
# ConvTranspose1d(k=2, s=2), no input size stated (x_2 the largest index in the claim, x_3
# inside a sum's bound): dL/dw_0 = sum_i g_{2i} x_i needs g_6 x_3 where x has 4 entries; the
# hand-listed sum holds only at 3.
LONGER = r"""# Transposed, by hand

`nn.ConvTranspose1d(1, 1, kernel_size=2, stride=2, bias=False)`, indices from 0, $y_{2i+k} = x_i w_k$,
$g_j = \partial L / \partial y_j$.

$$\frac{\partial L}{\partial w_0} = g_0 x_0 + g_2 x_1 + g_4 x_2$$
"""  # noqa: E501
# with the signal listed x_1, ..., x_5 (1-based, w of 3 taps): the length is stated, and the
# sum missing delta_3 x_5 is wrong (w_3 meets x_{i+2}, i = 1..3)
LISTED = r"""# 1-D layer

A signal $x_1, \dots, x_5$ and a filter $w_1, \dots, w_3$, stride 1, with
$y_i = w_1 x_i + w_2 x_{i+1} + w_3 x_{i+2}$ and $\delta_i = \partial L / \partial y_i$.

$$\frac{\partial L}{\partial x_5} = w_3 \delta_3$$

$$\frac{\partial L}{\partial w_3} = \delta_1 x_3 + \delta_2 x_4$$
"""


def test_a_hand_listed_sum_at_a_guessed_input_is_not_verified():
    assert _at(_statuses(LONGER), 6) == NOT_UNDERSTOOD
    found = _statuses(LISTED)
    assert [_at(found, 6), _at(found, 8)] == [VERIFIED, WRONG]
