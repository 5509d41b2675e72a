"""Notes written to hunt the checker's false alarms and misses at first reading
(tests/data/check/fa_hunt/): a German exam solution, a Portuguese blog post, a Stack Exchange
answer, a French cheat sheet, an Italian homework, a code review, a Spanish study-group wiki
and an English textbook section, each with a key decided by hand (NAME.key.toml) and checked
here against torch autograd (fa_hunt_truth.py; the second round's in fa_hunt_truth_b.py, the
third round's -- a Korean Conv3d blog, a Reddit reply, an errata page, a mark scheme, a Zhihu
answer, a gist and a notebook whose layer is a functional call, a Hinglish blog, a table-only
appendix, Indonesian, Finnish and Danish notes, a Discord thread, a recitation handout -- in
fa_hunt_truth_c.py, their readings tested in test_check_fa_hunt_c.py; a folder of a round of
its own, f13h1/ -- many-index tensors and unusual letters --, in fa_hunt_truth_f13h1.py, its
readings tested in test_check_hunt_f13h1.py; f13h2/ -- worked numbers in grids, tables and
captions --, in fa_hunt_truth_f13h2.py, its readings tested in test_check_hunt_f13h2.py;
h14b/ -- operator-level and general-size claims --, in fa_hunt_truth_h14b.py, its readings
tested in test_check_hunt_h14b.py;
h14a/ -- networks declared in code and tables --, in fa_hunt_truth_h14a.py, its readings
tested in test_check_hunt_h14a.py).
Every note must come out with no false alarm (a correct claim called wrong or size-specific)
and no miss (a mistake verified), and each reading that closed one is tested again below on
notes in other words and languages."""

from __future__ import annotations

import tomllib
from pathlib import Path

import answer_key
import pytest
from fa_hunt_truth import TRUTH
from fa_hunt_truth_b import TRUTH_B
from fa_hunt_truth_c import TRUTH_C
from fa_hunt_truth_f13h1 import TRUTH_F13H1
from fa_hunt_truth_f13h2 import TRUTH_F13H2
from fa_hunt_truth_h14a import TRUTH_H14A
from fa_hunt_truth_h14b import TRUTH_H14B

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_file, check_text

HUNT = Path(__file__).resolve().parent.parent / "data" / "check" / "fa_hunt"
# a round's own folder (f13h1/) names its notes "folder/name"
NOTES = sorted(str(p.relative_to(HUNT).with_suffix("")) for p in HUNT.glob("**/*.md"))


def _key(name: str) -> dict:
    with open(HUNT / f"{name}.key.toml", "rb") as handle:
        return tomllib.load(handle)


TRUTHS = {
    **TRUTH,
    **TRUTH_B,
    **TRUTH_C,
    **{f"f13h1/{k}": v for k, v in TRUTH_F13H1.items()},
    **{f"f13h2/{k}": v for k, v in TRUTH_F13H2.items()},
    **{f"h14b/{k}": v for k, v in TRUTH_H14B.items()},
    **{f"h14a/{k}": v for k, v in TRUTH_H14A.items()},
}


def test_every_note_has_a_key_and_a_truth():
    assert len(NOTES) >= 21
    assert set(NOTES) == set(TRUTHS) and not set(TRUTH) & set(TRUTH_B)
    assert not (set(TRUTH) | set(TRUTH_B)) & set(TRUTH_C)


@pytest.mark.parametrize("name", NOTES)
def test_the_key_agrees_with_torch(name):
    truth = TRUTHS[name]()
    for line, rank, claim in answer_key.claims(_key(name)):
        if claim["verdict"] == "not-a-claim":
            continue
        assert (line, rank) in truth, (name, line, rank)
        holds = truth[(line, rank)]()
        assert holds == (claim["verdict"] == "correct"), (name, line, rank, claim["why"])


@pytest.mark.parametrize("name", NOTES)
def test_no_false_alarm_and_no_miss(name):
    path = HUNT / f"{name}.md"
    verdicts = check_file(str(path)).verdicts
    found, notes = answer_key.figures(verdicts, _key(name), (path.read_text(), str(path)))
    bad = [n for n in notes if "false_alarm" in n or " miss:" in n]
    assert found["false_alarms"] == 0 and found["misses"] == 0, bad


def _statuses(text: str, name: str = "notes.md") -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for v in check_text(text, name, {}).verdicts:
        out.setdefault(v.line, []).append(v.status)
    return out


def _at(statuses: dict[int, list[str]], line: int) -> str:
    (status,) = statuses[line]
    return status


# --- a part whose stem's stride is not read: the guessed stride 1 makes no claim wrong --------
# Italian exam: x of length 8, w of length 2, stride 2, 0-based; x_j feeds y_i where 2i + k = j:
# x_5 = (2, 1), x_6 = (3, 0), x_4 = (2, 0) only (the claim adds w_1 g_1: (1, 2) is no tap).
ESERCIZIO = r"""# Soluzioni dello scritto

**Esercizio 4 (6 punti).** Un segnale $x$ di lunghezza 8 passa per una correlazione 1-D con un
filtro $w$ di lunghezza 2, passo 2, senza padding (indici da 0); $g_i = \partial L / \partial y_i$.

**(a)** Alcune componenti del gradiente rispetto all'ingresso:

$$\frac{\partial L}{\partial x_5} = w_1 g_2$$

$$\frac{\partial L}{\partial x_6} = w_0 g_3$$

$$\frac{\partial L}{\partial x_4} = w_0 g_2 + w_1 g_1$$
"""


def test_a_part_judged_at_a_guessed_stride_is_not_called_wrong():
    found = _statuses(ESERCIZIO)
    assert [_at(found, n) for n in (8, 10, 12)] == [NOT_UNDERSTOOD, NOT_UNDERSTOOD, WRONG]


# --- a word of parameters belongs to the equation beside it ------------------------------------
# floor((17 - 3)/2) + 1 = 8 rows (torch: Conv2d(8, 16, 3, stride=2) on 17x17 gives 8x8); the
# count 16*8*9 + 16 = 1168 is the other equation's.  Spanish: 8*3*25 + 8 = 608 parameters, then
# floor((28 - 3)/2) + 1 = 13 rows, the first display's word of parameters ending its sentence.
ROWS_THEN_COUNT = r"""# Shapes in a small network

The second layer, `nn.Conv2d(8, 16, 3, stride=2)`, maps the $17 \times 17$ map to

$$\left\lfloor \frac{17 - 3}{2} \right\rfloor + 1 = 8$$

rows and columns, with $16 \cdot 8 \cdot 3 \cdot 3 + 16 = 1168$ parameters.
"""
COUNT_THEN_ROWS = r"""# Capas de la red

La primera capa, `nn.Conv2d(3, 8, 5)`, tiene

$$8 \cdot 3 \cdot 5 \cdot 5 + 8 = 608$$

parámetros. La segunda, `nn.Conv2d(8, 8, 3, stride=2)`, recibe el mapa de $28 \times 28$ y da

$$\left\lfloor \frac{28 - 3}{2} \right\rfloor + 1 = 13$$

filas.
"""


@pytest.mark.parametrize("text", [ROWS_THEN_COUNT, COUNT_THEN_ROWS])
def test_a_size_beside_a_count_is_no_count(text):
    found = _statuses(text)
    assert all(s not in (WRONG, "size-specific") for ss in found.values() for s in ss), found
    assert VERIFIED in [s for ss in found.values() for s in ss]


# --- a call's argument names give no size a role; its sentence goes on past the line ----------
# Conv2d(1, 1, kernel_size=2) on a 4x4 image: dL/dX_03 = G_02 K_01 (i + m = 0, j + n = 3).
ARGUMENT_NAMES = r"""# Retropropagación a mano

Usamos una capa `nn.Conv2d(1, 1, kernel_size=2, bias=False)`
sobre una imagen $X$ de $4 \times 4$ (paso 1, sin relleno), con $G = \partial L / \partial Y$.

$$\frac{\partial L}{\partial X_{03}} = G_{02} K_{01}$$

$$\frac{\partial L}{\partial K_{mn}} = \sum_{i=0}^{2}\sum_{j=0}^{2} G_{ij} X_{i+m, j+n}$$
"""


def test_the_constructor_on_the_line_before_its_input_gives_the_kernel():
    verdicts = check_text(ARGUMENT_NAMES, "notes.md", {}).verdicts
    claims = [v for v in verdicts if v.line in (6, 8)]
    assert [v.status for v in claims] == [VERIFIED, VERIFIED]
    assert all("kernel 2x2" in v.message for v in claims)


# --- under a guessed layer, a claim true at another stride is not the student's mistake --------
# y_i = sum_k w_k x_{s i + k} with s unstated: x_4 = w_0 d_2 + w_2 d_1 and x_7 = w_1 d_3 hold at
# stride 2 (2*2 + 0 = 2*1 + 2 = 4, 2*3 + 1 = 7) with 9 or more entries, not at stride 1.
OPEN_STRIDE = r"""# Notes on strided layers

Consider a strided 1-D convolution $y_i = \sum_k w_k x_{s i + k}$ whose sizes we leave open.
With $\delta_i = \partial L / \partial y_i$, two entries of the input gradient:

$$\frac{\partial L}{\partial x_4} = w_0 \delta_2 + w_2 \delta_1$$

$$\frac{\partial L}{\partial x_7} = w_1 \delta_3$$
"""


def test_a_guessed_stride_does_not_make_a_claim_wrong():
    found = _statuses(OPEN_STRIDE)
    assert _at(found, 6) == NOT_UNDERSTOOD and _at(found, 8) == NOT_UNDERSTOOD


# --- lists of worked cases, the transposed kind in other languages, a letter legend -----------
# torch: ConvTranspose2d(k=3, s=2) on 3x3 gives 7x7, (k=2, s=2) on 4x4 gives 8x8 (not 9);
# Conv2d(k=3, dilation=4) on 11x11 gives 3; (k=2, d=2) on 7 gives 5; (k=3, s=2) on 9 gives 4;
# (k=4, s=3, p=1) on 10 gives 3 (not 4).  D = 3 with no word for it: not read, not judged.
CASES_ES = r"""# Resumen de tamaños

## Convolución

- $H = 9$, $K = 3$, $D = 3$, $S = 1$, $P = 0$: $H_{out} = 3$.
- $H = 8$, $K = 3$, $D = 1$, $S = 1$, $P = 1$: $H_{out} = 8$.

## Convolución traspuesta

- $H = 3$, $K = 3$, $S = 2$, $P = 0$: $H_{out} = 7$.
- $H = 4$, $K = 2$, $S = 2$, $P = 0$: $H_{out} = 9$.
"""
CASES_EN = r"""# Size cheat sheet

Letters: input side $H$, kernel side $K$, stride $S$, padding $P$, dilation rate $D$.

## Dilated

- $H = 11$, $K = 3$, $D = 4$, $S = 1$, $P = 0$: $H_{out} = 3$.
- $H = 7$, $K = 2$, $D = 2$, $S = 1$, $P = 0$: $H_{out} = 5$.

## Strided

- $H = 9$, $K = 3$, $S = 2$, $P = 0$: $H_{out} = 4$.
- $H = 10$, $K = 4$, $S = 3$, $P = 1$: $H_{out} = 4$.
"""


def _last(statuses: dict[int, list[str]], line: int) -> str:
    return statuses[line][-1]


def test_worked_cases_each_keep_their_own_letters():
    es, en = _statuses(CASES_ES), _statuses(CASES_EN)
    assert _last(es, 5) == NOT_UNDERSTOOD  # D = 3, a letter no word names
    assert [_last(es, 10), _last(es, 11)] == [VERIFIED, WRONG]
    assert [_last(en, n) for n in (7, 8, 12, 13)] == [VERIFIED, VERIFIED, VERIFIED, WRONG]


# --- letters that stand for several sizes at once --------------------------------------------
# torch: Conv2d(C, C, K, groups=C) has C K^2 + C parameters (C = 2..5, K = 1..3): true, but
# not a formula in one channel count with one output channel and one group.
DEPTHWISE_EN = r"""# Parameter counts

A depthwise convolution ($G = C_{in} = C_{out} = C$) with a $K \times K$ kernel and a bias has
$P = C K^2 + C$ parameters.
"""
DEPTHWISE_DE = r"""# Zählen von Parametern

Bei einer Depthwise-Faltung mit $G$ Gruppen ($G = C_{in} = C_{out} = M$) und Bias hat die Schicht
$N_{param} = M K^2 + M$ Parameter.
"""


@pytest.mark.parametrize("text", [DEPTHWISE_EN, DEPTHWISE_DE])
def test_a_formula_in_letters_set_equal_to_several_sizes_is_not_judged(text):
    assert _at(_statuses(text), 4) == NOT_UNDERSTOOD


# --- a dense layer named in German; a batch's rows -------------------------------------------
# dL/db = delta, dL/dx = W^T delta (torch autograd of W x + b), dL/dW = delta x^T, not x delta^T.
DENSE_DE = r"""# Dichte Schicht

Eine vollständig verbundene Schicht bildet $x \in \mathbb{R}^{5}$ auf $z = W x + b$ ab, mit
$W \in \mathbb{R}^{2 \times 5}$ und $b \in \mathbb{R}^{2}$. Sei $\delta = \partial L / \partial z$.

$$\frac{\partial L}{\partial b} = \delta$$

$$\frac{\partial L}{\partial x} = W^{T} \delta$$

$$\frac{\partial L}{\partial W} = x \delta^{T}$$
"""
# dL/db = sum over the rows of G (torch: bias.grad == G.sum(0)); here as many samples as
# features, so G_n is not read (row or entry)
ROWS_EN = r"""# Dense layer on a batch

A fully connected layer maps a batch of $N$ samples, one per row of $X \in \mathbb{R}^{N \times 3}$,
to $Z = X W^{T} + \mathbf{1} b^{T}$ with $W \in \mathbb{R}^{2 \times 3}$.
Let $G = \partial L / \partial Z$, one row per sample.

$$\frac{\partial L}{\partial b} = \sum_{n=1}^{N} G_{n}$$
"""


def test_a_fully_connected_layer_in_german_and_a_batch_row():
    found = _statuses(DENSE_DE)
    assert [_at(found, n) for n in (6, 8, 10)] == [VERIFIED, VERIFIED, WRONG]
    assert _at(_statuses(ROWS_EN), 7) != WRONG


# --- worked softmax numbers: rounded arithmetic, the class base from the entries written ------
# softmax(2, 0, 1) = (0.6652, 0.0900, 0.2447); true class the first (z_1 of z_1..z_3):
# dL/dz_1 = 0.6652 - 1 = -0.3348 (right); dL/dz_3 = p_3 = 0.2447, not 0.2447 - 1.
SOFTMAX_ES = r"""# Softmax y entropía cruzada

Con logits $z = (2, 0, 1)$ y la clase correcta la primera ($y = (1, 0, 0)$),
$p = \operatorname{softmax}(z)$ y
$L = -\sum_k y_k \log p_k$. Entonces $\frac{\partial L}{\partial z} = p - y$ y

$$p = (0.6652,\ 0.0900,\ 0.2447)$$

$$\frac{\partial L}{\partial z_1} = 0.6652 - 1 = -0.3348$$

$$\frac{\partial L}{\partial z_3} = 0.2447 - 1 = -0.7553$$
"""


def test_softmax_numbers_to_their_decimals_and_classes_from_one():
    found = _statuses(SOFTMAX_ES)
    # line 9 names class 1 before anything says where the classes start: not wrong (the
    # lead's merge reads the base from the notes up to the claim, not from lines below it);
    # line 11 writes z_3 of three logits, so the classes start at 1 and it is wrong
    assert _at(found, 9) in (VERIFIED, NOT_UNDERSTOOD) and _at(found, 11) == WRONG


# --- N as a length, not the batch -------------------------------------------------------------
# torch: conv1d of a length-12 signal with a 5-tap kernel gives 8 outputs; with dilation 2 and
# 3 taps a length-10 signal gives 6.
LENGTH_DE = r"""# Länge der Ausgabe

Ein Eingangssignal der Länge $N = 12$ wird mit einem Kern der Länge $K = 5$ gefaltet
(Schrittweite 1, ohne Padding). Die Ausgabe hat $N - K + 1 = 8$ Einträge.
"""
LENGTH_EN = r"""# Dilated

A dilated convolution with a kernel of $K = 3$ taps and dilation $d = 2$. For an input
$x[1], \dots, x[10]$ of length $N = 10$ (stride 1, no padding) the output is $y[i]$.

The output has $N - d(K - 1) = 6$ entries.
"""


@pytest.mark.parametrize(("text", "line"), [(LENGTH_DE, 4), (LENGTH_EN, 6)])
def test_a_length_called_n_is_no_batch(text, line):
    assert _at(_statuses(text), line) == VERIFIED


# --- what an operation turns a tensor into is no role's size ---------------------------------
# X 5x5, K 3x3, stride 2 (torch autograd): dL/dX_22 gets all four G through K_22, K_20, K_02,
# K_00; dL/dX_21 gets G_00 K_21 and G_10 K_01.  "fica com 3x3" is the dilated G's size.
BECOMES_PT = r"""# Lista 3 — stride 2

Entrada $X$ de $5 \times 5$, núcleo $K$ de $3 \times 3$, stride 2, sem padding, índices de 0,
e $G = \partial L / \partial Y$ de $2 \times 2$.

1. Para o gradiente da entrada dilatamos $G$ com um zero entre as entradas
(fica com $3 \times 3$) e correlacionamos com o núcleo girado.

$$\frac{\partial L}{\partial X_{22}} = G_{00} K_{22} + G_{01} K_{20} + G_{10} K_{02} + G_{11} K_{00}$$

$$\frac{\partial L}{\partial X_{21}} = G_{00} K_{21} + G_{10} K_{01}$$
"""  # noqa: E501


def test_the_size_an_operation_gives_is_not_the_input():
    found = _statuses(BECOMES_PT)
    assert [_at(found, 9), _at(found, 11)] == [VERIFIED, VERIFIED]


# --- an output padding of a later example does not reach back --------------------------------
# torch: ConvTranspose2d(4, 2, 3, stride=2) on 5x5 gives 11x11; with output_padding=1 on 3x3, 8.
LATER_OUTPUT_PADDING = r"""# Upsampling layer sizes

For `nn.ConvTranspose2d(4, 2, kernel_size=3, stride=2)` on a $5 \times 5$ input the output is
$H_{out} = (5 - 1) \cdot 2 + 3 = 11$.

Another example, with `output_padding=1` and the same kernel and stride: a $3 \times 3$ input
gives $(3 - 1) \cdot 2 + 3 + 1 = 8$.
"""


def test_a_later_examples_output_padding_does_not_reach_back():
    found = _statuses(LATER_OUTPUT_PADDING)
    assert [_at(found, 4), _at(found, 7)] == [VERIFIED, VERIFIED]


# --- second round: a weight matrix times a vector is a dense layer in any language ----------
# torch autograd of z = W x + b: dL/dx = W^T delta (2x4 here: a vector of 4), dL/dW = delta x^T
# (2x4), not x delta^T (4x2).  Before, W \in R^{2x4} and x \in R^4 made a guessed conv2d 4x4
# with a 2x4 kernel, and the definition z = W x + b and the membership x \in R^4 were "wrong".
DENSE_TR = r"""# Ara sınav çözümleri

Tam bağlantılı bir katman $z = W x + b$ hesaplar; burada $W \in \mathbb{R}^{2 \times 4}$ ve
$x \in \mathbb{R}^{4}$. $\delta = \partial L / \partial z$ olsun.

$$\frac{\partial L}{\partial x} = W^{T} \delta$$

$$\frac{\partial L}{\partial W} = x \delta^{T}$$
"""
# y = W x + c with W 4x3: dL/dW = g x^T (4x3); dL/dx = W^T g, and W g does not multiply (4x3
# times a vector of 4)
DENSE_EN = r"""# Problem 2

Let $\mathbf{y} = W \mathbf{x} + \mathbf{c}$ with $W \in \mathbb{R}^{4 \times 3}$ and
$\mathbf{x} \in \mathbb{R}^{3}$, and write $\mathbf{g} = \partial L / \partial \mathbf{y}$.

$$\frac{\partial L}{\partial W} = \mathbf{g} \mathbf{x}^{T}$$

$$\frac{\partial L}{\partial \mathbf{x}} = W \mathbf{g}$$
"""
# a convolution's matrices (X 5x5, K 3x3) are no dense layer
CONV_MATRICES = r"""# Convolution

Let $X \in \mathbb{R}^{5 \times 5}$, $K \in \mathbb{R}^{3 \times 3}$ and $Y = X \star K$
(stride 1, indices from 0), $G = \partial L / \partial Y$.

$$\frac{\partial L}{\partial K} = X \star G$$
"""


def test_a_matrix_times_a_vector_is_a_dense_layer():
    tr, en = _statuses(DENSE_TR), _statuses(DENSE_EN)
    assert tr[3] == [VERIFIED, VERIFIED] and tr[4] == [VERIFIED, VERIFIED]
    assert [_at(tr, 6), _at(tr, 8)] == [VERIFIED, WRONG]
    assert all(s != WRONG for s in en[3] + en[4])
    assert [_at(en, 6), _at(en, 8)] == [VERIFIED, WRONG]
    verdicts = check_text(CONV_MATRICES, "notes.md", {}).verdicts
    assert [v.status for v in verdicts if v.line == 6] == [VERIFIED]
    assert all("dense" not in v.message for v in verdicts)


# --- a Keras layer the reader does not know is no other layer's -------------------------------
# Keras (channels last) = torch with groups: DepthwiseConv2D(5, strides=2, depth_multiplier=2)
# on 32x32x8 is Conv2d(8, 16, 5, stride=2, groups=8): side floor(27/2) + 1 = 14, 5*5*8*2 + 16 =
# 416 parameters.  SeparableConv2D(32, 3) (valid) on 15 gives 13, while the Conv2D(16, 3,
# padding="same") before it gives 15: the claim 15 - 3 + 1 = 13 is about the separable layer.
KERAS_DEPTHWISE = r"""# Shapes of a mobile-style model

```python
inputs = keras.Input(shape=(32, 32, 8))
x = layers.DepthwiseConv2D(5, strides=2, depth_multiplier=2)(inputs)
x = layers.BatchNormalization()(x)
```

The depthwise layer gives maps of side $\lfloor (32 - 5)/2 \rfloor + 1 = 14$ with
$5 \cdot 5 \cdot 8 \cdot 2 + 16 = 416$ parameters.
"""
KERAS_SEPARABLE = r"""# Shapes

```python
model = keras.Sequential([
    keras.Input(shape=(15, 15, 3)),
    layers.Conv2D(16, 3, padding="same"),
    layers.SeparableConv2D(32, 3),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10),
])
```

The first layer keeps the side 15. The separable convolution uses valid padding, so its maps
have side $15 - 3 + 1 = 13$.
"""


# torch: Conv2d(1, 8, 3, stride=2) on 28x28 gives 13x13 and has 3*3*1*8 + 8 = 80 parameters
KERAS_TUPLES = r"""# Model

```python
model = Sequential([
    Input(shape=(28, 28, 1)),
    Conv2D(8, (3, 3), strides=(2, 2), activation="relu"),
    MaxPooling2D((2, 2)),
])
```

The convolution gives maps of side $\lfloor (28 - 3)/2 \rfloor + 1 = 13$ and has
$3 \cdot 3 \cdot 1 \cdot 8 + 8 = 80$ parameters.
"""


def test_keras_layers_with_tuple_arguments_are_read():
    found = _statuses(KERAS_TUPLES)
    assert [_at(found, 11), _at(found, 12)] == [VERIFIED, VERIFIED]


def test_keras_depthwise_layers_are_read_and_unknown_ones_end_the_reading():
    found = _statuses(KERAS_DEPTHWISE)
    assert [_at(found, 9), _at(found, 10)] == [VERIFIED, VERIFIED]
    assert _at(_statuses(KERAS_SEPARABLE), 14) == NOT_UNDERSTOOD


# --- a pooling's size formula after a transposed part ----------------------------------------
# torch: max_pool2d(window F, stride S) on H gives floor((H - F)/S) + 1; ConvTranspose2d gives
# (H - 1)S - 2P + K (no output padding, dilation 1)
POOL_AFTER_TRANSPOSED = r"""# Fórmulas de tamaño

**Pregunta 3.** Para la convolución traspuesta (sin relleno de salida) el lado de salida es
$H_{out} = (H - 1) S - 2P + K$.

**Pregunta 4.** Una capa de max pooling con ventana $F$ y paso $S$, sin relleno, da
$H_{out} = \lfloor (H - F)/S \rfloor + 1$.
"""


def test_a_pooling_formula_is_not_the_transposed_layers():
    found = _statuses(POOL_AFTER_TRANSPOSED)
    assert [_at(found, 4), _at(found, 7)] == [VERIFIED, VERIFIED]


# --- a symbol the notes declare the true convolution ------------------------------------------
# X 4x4, W 2x2, stride 1: dL/dX = full correlation of G with rot180(W) = the true convolution
# of pad_1(G) with W (torch autograd); with rot180(W) inside the true convolution it is wrong.
CIRCLEDAST_FR = r"""# Fiche : rétropropagation

Entrée $X$ de $4 \times 4$, noyau $W$ de $2 \times 2$, pas 1, sans remplissage, corrélation
$Y = X \star W$ (indices depuis 0) et $G = \partial L / \partial Y$ de $3 \times 3$. On note
$\circledast$ la vraie convolution (noyau retourné).

$$\frac{\partial L}{\partial X} = \operatorname{pad}_1(G) \circledast W$$

$$\frac{\partial L}{\partial X} = \operatorname{pad}_1(G) \circledast \operatorname{rot180}(W)$$
"""
CIRCLEDAST_EN = CIRCLEDAST_FR.replace(
    "On note\n$\\circledast$ la vraie convolution (noyau retourné).",
    "We write\n$\\circledast$ for a true convolution (kernel flipped).",
)


# X 4x4, W 3x3: dL/dX = pad_2(G) convolved (truly) with W; dL/dW = X star G.  The sentence that
# declares \otimes runs over two lines.
OTIMES_DE = r"""# Spickzettel

Eingabe $X$ der Größe $4 \times 4$, Kern $W$ der Größe $3 \times 3$, Schrittweite 1, kein Padding,
Kreuzkorrelation $Y = X \star W$ (Indizes ab 0), $G = \partial L / \partial Y$. Mit $\otimes$
bezeichnen wir die echte Faltung.

$$\frac{\partial L}{\partial X} = \operatorname{pad}_2(G) \otimes W$$
"""


@pytest.mark.parametrize("text", [CIRCLEDAST_FR, CIRCLEDAST_EN])
def test_a_symbol_declared_the_true_convolution_flips_the_kernel(text):
    found = _statuses(text)
    assert [_at(found, 7), _at(found, 9)] == [VERIFIED, WRONG]


def test_a_declaration_wrapped_over_two_lines():
    assert _at(_statuses(OTIMES_DE), 7) == VERIFIED


# --- each side of a chain about a pooled entry is told ----------------------------------------
# max pooling 2x2/2 on the X below: X_10 = 5 is its window's maximum, X_11 = 1 is not, and G_00
# = 2.  dL/dX_11 = G_00 = 2: the first link is wrong, the second holds; dL/dX_10 = G_00 = 3:
# the first link holds (torch: x.grad[1, 0] == G[0, 0]), the second is wrong.
POOL_CHAINS = r"""# Lecture 9: max pooling

Consider the input

$$X = \begin{pmatrix} 2 & 0 & 1 & 1 \\ 5 & 1 & 3 & 0 \\ 0 & 2 & 4 & 6 \\ 1 & 1 & 0 & 2 \end{pmatrix}$$

and max pooling with a $2 \times 2$ window and stride 2.

**Backward.** From above comes $G = \begin{pmatrix} 2 & 0.5 \\ -1 & 3 \end{pmatrix}$. Each entry of
$G$ goes to the maximum of its window:

$$\frac{\partial L}{\partial X} = \begin{pmatrix} 0 & 0 & 0 & 0 \\ 2 & 0 & 0.5 & 0 \\ 0 & -1 & 0 & 3 \\ 0 & 0 & 0 & 0 \end{pmatrix}$$

A typical slip was $\frac{\partial L}{\partial X_{1,1}} = G_{0,0} = 2$, and another
$\frac{\partial L}{\partial X_{1,0}} = G_{0,0} = 3$.
"""  # noqa: E501


def test_each_side_of_a_pooling_chain_is_named():
    verdicts = {v.line: v for v in check_text(POOL_CHAINS, "notes.md", {}).verdicts}
    first = [link.status for link in answer_key.links(verdicts[14])]
    second = [link.status for link in answer_key.links(verdicts[15])]
    assert first[0] == WRONG and first[1] != WRONG
    assert second[0] != WRONG and second[1] == WRONG
