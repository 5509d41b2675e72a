"""The f13h1 round of fa_hunt notes (tests/data/check/fa_hunt/f13h1/: many-index tensors and
unusual letters -- Ng's conv_backward, delta and epsilon upstream, Einstein summation in
prose, row-vector dense layers, dilated and transposed layers, Goodfellow's functional
notation, NCHW and NHWC batches -- in English, Russian, Dutch, Swedish and Japanese), each
with a key decided by hand and checked against torch autograd (fa_hunt_truth_f13h1.py), and
the readings that closed their false alarms and misses, each tested again below on notes
written for this file in other words, languages and numbers (truth by hand in the comment
above each note; torch conventions: cross-correlation, PyTorch's sizes and counts)."""

from __future__ import annotations

import pytest
from test_check_fa_hunt import _at, _statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

# (the notes of tests/data/check/fa_hunt/f13h1/ and their keys are checked against torch, and
# for false alarms and misses, with every fa_hunt note in test_check_fa_hunt.py)


# --- a word of parameters ending an earlier sentence is that sentence's ----------------------
# ConvTranspose1d(3, 5, 4, stride=3): 3*5*4 + 5 = 65 parameters (60 without the bias).  Part
# (c) is about another kernel: length 6 in, kernel 2, stride 3 gives (6 - 1)*3 + 2 = 17, true
# (torch: ConvTranspose1d(1, 1, 2, stride=3) on 6 gives 17); "Parameter." closing (b) made it a
# parameter count of (b)'s layer, "65, not 17".
TRAILING_DE = r"""# Übung 7

(b) `nn.ConvTranspose1d(3, 5, 4, stride=3)` hat $3 \cdot 5 \cdot 4 + 5 = 65$ Parameter.

(c) Mit einem Kern der Länge 2 ist die Ausgabe $(6 - 1) \cdot 3 + 2 = 17$ lang.

(d) Ohne Bias wären es $3 \cdot 5 \cdot 4 = 60$ Parameter, nicht $3 \cdot 5 \cdot 4 + 5 = 60$.
"""


def test_a_word_of_parameters_closing_the_sentence_before_is_not_this_claims():
    found = _statuses(TRAILING_DE)
    assert _at(found, 3) == VERIFIED
    assert _at(found, 5) != WRONG
    assert found[7] == [VERIFIED, WRONG]  # the counts themselves are still judged


# --- a size claim whose wrapped sentence states another kernel is about that kernel ----------
# ConvTranspose2d(6, 3, 2, stride=2) on 4x4: (4 - 1)*2 + 2 = 8.  "with a 5x5 kernel" (wrapped
# onto the line above the formula): (4 - 1)*2 + 5 = 11, true for that kernel (torch:
# ConvTranspose2d(1, 1, 5, stride=2) on 4x4 gives 11); judged at (a)'s kernel 2 it was "8,
# not 11".  The same sentence on one line was already read as that case.
WRAPPED_CASE = r"""# Recitation 3 (decoder block)

(a) `nn.ConvTranspose2d(6, 3, 2, stride=2)` takes a $4 \times 4$ map to a side of $(4 - 1) \cdot 2 + 2 = 8$.

(b) A classmate asked about a wider kernel, which is not the layer of (a): with a $5 \times 5$ kernel
the side is $(4 - 1) \cdot 2 + 5 = 11$.

(c) For the layer of (a) some wrote $(4 - 1) \cdot 2 + 2 = 9$.
"""  # noqa: E501


def test_a_wrapped_sentence_stating_another_kernel_keeps_the_claim_from_the_layer():
    found = _statuses(WRAPPED_CASE)
    assert _at(found, 3) == VERIFIED
    assert _at(found, 6) != WRONG
    assert _at(found, 8) == WRONG  # (4 - 1)*2 + 2 is 8, not 9


# --- a product whose sizes do not meet at a guessed layer is the guess's ----------------------
# Row vectors: x (1x5) W (5x2) + b (1x2); a batch X (10x5): Y = X W + 1 b (1 a column of 10
# ones) is the batch's layer, true by the shapes alone (10x5 times 5x2, plus 10x1 times 1x2).
# With no word the reader takes for a dense layer, it guessed a 3x3 convolution, and "cannot
# multiply a 3x3 by a 2x2 array" became "wrong".
ROWS_NL = r"""# Oefening 5

We schrijven de invoer als rijvector: $\mathbf{x} \in \mathbb{R}^{1 \times 5}$, $W \in \mathbb{R}^{5 \times 2}$
en $\mathbf{b} \in \mathbb{R}^{1 \times 2}$, zodat $\mathbf{y} = \mathbf{x} W + \mathbf{b}$.

Voor een batch $X \in \mathbb{R}^{10 \times 5}$ (een rij per voorbeeld) is $Y = X W + \mathbf{1} \mathbf{b}$.
"""  # noqa: E501


# The control: notes that name a dense layer (rows are samples, G of N x M, 1 the column of
# N ones): dL/db = G 1 does not multiply at any size with N != M -- a mistake, 1^T G the
# right form (torch: Linear's bias.grad == G.sum(0)).
DENSE_NAMED = r"""# Dense layer, rows are samples

A fully connected layer $Y = X W + b$ with $X$ of $N \times D$ and $W$ of $D \times M$; $G$ is
the gradient of the loss with respect to $Y$ and $\mathbf{1}$ the column of $N$ ones.

$$\frac{\partial L}{\partial b} = G \mathbf{1}$$

$$\frac{\partial L}{\partial b} = \mathbf{1}^\top G$$
"""


def test_an_unmet_product_at_a_guessed_layer_is_not_wrong():
    verdicts = [v for v in check_text(ROWS_NL, "notes.md", {}).verdicts if v.line == 6]
    (product,) = [v for v in verdicts if v.source.startswith("Y =")]
    assert product.status == NOT_UNDERSTOOD
    assert "cannot multiply" in product.message  # the reading it had, named
    found = _statuses(DENSE_NAMED)  # a kind the notes name: the guess is only the sizes
    assert [_at(found, 6), _at(found, 8)] == [WRONG, VERIFIED]


# --- a size formula in a letter the notation uses as an index --------------------------------
# x of 12, w of 3, dilation 3 (1-based, k the notes' kernel index and their kernel size): the
# span is d(k - 1) + 1 = 3*2 + 1 = 7, true (12 - 7 + 1 = 6 outputs; torch: Conv1d(1, 1, 3,
# dilation=3) on 12 gives 6).  Read element by element, k was a free index: "differs at k = 1".
# In functional notation (I(i, j), K(m, n)) k is the filter index: a 3x3 kernel at dilation 2
# spans 2*2 + 1 = 5, true.
ONE_BASED_SV = r"""# Tenta, uppgift 2

Signalen $x$ har längd 12, kärnan $w$ längd 3, dilatation $d = 3$, index från 1:

$$y_i = \sum_{k=1}^{3} w_k\, x_{i + 3(k-1)}$$

Kärnans spännvidd är $d(k - 1) + 1 = 7$, så $y$ har $12 - 7 + 1 = 6$ element.
"""
FUNCTIONAL_EN = r"""# Reading notes, chapter 9

$$S(i, j) = \sum_m \sum_n I(i + 2m, j + 2n) K(m, n)$$

is a dilated correlation: the image $I$ is $8 \times 8$, the kernel $K$ is $3 \times 3$, dilation $d = 2$,
indices from 0. The kernel then covers $d(k - 1) + 1 = 5$ pixels per side.
"""  # noqa: E501


@pytest.mark.parametrize(("text", "line"), [(ONE_BASED_SV, 7), (FUNCTIONAL_EN, 6)])
def test_a_span_written_with_an_index_letter_is_not_judged_entry_by_entry(text, line):
    found = [
        v
        for v in check_text(text, "notes.md", {}).verdicts
        if v.line == line and "k - 1" in v.source
    ]
    assert [v.status for v in found] == [NOT_UNDERSTOOD]


# --- a claim verified only at a guessed single filter ----------------------------------------
# X_{n,c,i,j}, W_{f,c,u,v}, no counts stated: dL/dX_{n,c,0,0} = sum_f G_{n,f,0,0} W_{f,c,0,0}
# (only the window at (0, 0) reaches the corner; every filter's output does).  The first claim
# keeps filter 0 alone: true for one filter, false for two (torch: conv2d with 2 filters,
# dX[:, :, 0, 0] = einsum("nf,fc->nc", G[:, :, 0, 0], W[:, :, 0, 0])); at the guessed single
# filter it was verified.  The second, with the sum, holds at every count.
FILTERS_ES = r"""# Apuntes: gradiente de la entrada con varios filtros

La entrada es $X_{n,c,i,j}$ y los filtros $W_{f,c,u,v}$ (correlación, paso 1, sin relleno,
índices desde 0); $G_{n,f,i,j} = \partial L / \partial Y_{n,f,i,j}$.

$$\frac{\partial L}{\partial X_{n,c,0,0}} = G_{n,0,0,0}\, W_{0,c,0,0}$$

$$\frac{\partial L}{\partial X_{n,c,0,0}} = \sum_{f=0}^{F-1} G_{n,f,0,0}\, W_{f,c,0,0}$$
"""


def test_a_claim_true_only_at_a_guessed_single_filter_is_not_verified():
    found = _statuses(FILTERS_ES)
    assert [_at(found, 6), _at(found, 8)] == [NOT_UNDERSTOOD, VERIFIED]


# --- a vector against a matrix where no word names the layer's kind --------------------------
# Keras keeps a Dense(3) layer's kernel as W (5x3, inputs by outputs): z = W^T x + b with x a
# column of 5.  x in R^5 is true; dL/dx = W g (a 5-vector: dz/dx = W^T, its transpose W) is
# true; W^T g (3x5 times a 3-vector) does not multiply -- a mistake (torch: Linear(5, 3) with
# weight W^T, x.grad == W @ g).  No word the reader takes names a dense layer, so a
# convolution was assumed, its input 5x5 and kernel 5x3: "x is 1x1x5x5, not 5", and W g "a
# vector of 5 where a 5x5 array is expected", both wrong.
KERAS_KERNEL_SV = r"""# Anteckningar: Keras-kärnans form

I Keras lagras vikterna i ett `Dense(3)`-lager på 5 indata som $W \in \mathbb{R}^{5 \times 3}$
(indata gånger utdata). Med kolumnvektorer $\mathbf{x} \in \mathbb{R}^{5}$ blir lagret
$\mathbf{z} = W^{T} \mathbf{x} + \mathbf{b}$. Låt $\mathbf{g} = \partial L / \partial \mathbf{z}$.

$$\frac{\partial L}{\partial \mathbf{x}} = W \mathbf{g}$$

$$\frac{\partial L}{\partial \mathbf{x}} = W^{T} \mathbf{g}$$
"""


def test_a_vector_against_a_matrix_at_an_assumed_kind_is_not_wrong():
    verdicts = check_text(KERAS_KERNEL_SV, "notes.md", {}).verdicts
    member = [v for v in verdicts if v.line == 4 and "\\in" in v.source]
    assert [v.status for v in member] == [NOT_UNDERSTOOD]
    found = _statuses(KERAS_KERNEL_SV)
    assert _at(found, 7) == NOT_UNDERSTOOD
    assert _at(found, 9) == WRONG  # W^T g: 3 entries for the 5 of x, wrong at any kind
