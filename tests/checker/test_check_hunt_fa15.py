"""False alarms and a miss of the sealed sets fresh36/fresh37, each closed by a general
reading or guard and tested here on notes written for this file (other words, numbers and
languages), the truth computed with torch autograd or NumPy beside each note."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from test_check_fa_hunt import _statuses

from symconv.checker.prose import _what_if, prose_facts
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.summed_superscripts import summed_superscript


def _corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid cross-correlation of two 2-D arrays."""
    h, w = a.shape[0] - k.shape[0] + 1, a.shape[1] - k.shape[1] + 1
    return np.array(
        [
            [(a[i : i + k.shape[0], j : j + k.shape[1]] * k).sum() for j in range(w)]
            for i in range(h)
        ]
    )


def _dilate(k: np.ndarray, d: int) -> np.ndarray:
    out = np.zeros((d * (k.shape[0] - 1) + 1, d * (k.shape[1] - 1) + 1))
    out[::d, ::d] = k
    return out


# --- a claim that dilates the kernel by a number, under a layer whose dilation is a guess -----
# x 10x10, w 3x3, dilation 3, stride 1: y and delta are 4x4, and dL/dx = pad_6(delta) star
# rot180(dilate_3(w)) (checked against torch below); pad_3 gives a 4x4 map, no gradient of x.
# Where the section states no dilation (it is then 1, the default), the right formula fails at
# the layer read: it must not be called wrong.
DILATED_UNSTATED = r"""# Dilated convolution backward

A layer with kernel $w$ of size $k \times k$ reads the input at steps of some dilation factor.

From here on: stride 1, no padding, $x$ of $10 \times 10$, $k = 3$.

The input gradient is a full convolution with the dilated, flipped kernel:

$$\frac{\partial L}{\partial x} = \operatorname{pad}_{6}(\delta) \star \operatorname{rot180}(\operatorname{dilate}_3(w))$$

A wrong version: $\frac{\partial L}{\partial x} = \operatorname{pad}_{3}(\delta) \star \operatorname{rot180}(\operatorname{dilate}_3(w))$.
"""  # noqa: E501

# the dilation set after "From here on" (English) or stated in words (Spanish): judged
DILATED_FROM_HERE = DILATED_UNSTATED.replace("$k = 3$.", "$k = 3$, $d = 3$.")
DILATED_STATED = r"""# Convolución dilatada hacia atrás

Una capa con entrada $x$ de $10 \times 10$, núcleo $w$ de $3 \times 3$, dilatación 3, paso 1 y sin relleno; la salida $y$ y $\delta = \partial L / \partial y$ son de $4 \times 4$.

$$\frac{\partial L}{\partial x} = \operatorname{pad}_{6}(\delta) \star \operatorname{rot180}(\operatorname{dilate}_3(w))$$

Con menos relleno: $\frac{\partial L}{\partial x} = \operatorname{pad}_{3}(\delta) \star \operatorname{rot180}(\operatorname{dilate}_3(w))$.
"""  # noqa: E501


def test_truth_of_the_dilated_input_gradient():
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(1, 1, 10, 10, generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 3, 3, generator=gen, dtype=torch.float64)
    y = F.conv2d(x, w, dilation=3)
    delta = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * delta).sum().backward()
    k = np.rot90(_dilate(w[0, 0].numpy(), 3), 2)
    assert y.shape[-2:] == (4, 4)
    assert np.allclose(_corr(np.pad(delta[0, 0].numpy(), 6), k), x.grad[0, 0].numpy())
    assert _corr(np.pad(delta[0, 0].numpy(), 3), k).shape == (4, 4)  # no 10x10 gradient


def test_a_kernel_dilated_by_a_number_under_an_unstated_dilation_is_not_judged():
    found = _statuses(DILATED_UNSTATED)
    assert found[9] == [NOT_UNDERSTOOD]
    assert found[11] == [NOT_UNDERSTOOD]


def test_a_kernel_dilated_by_the_stated_dilation_is_still_judged():
    found = _statuses(DILATED_STATED)
    assert found[5] == [VERIFIED]
    assert found[7] == [WRONG]
    found = _statuses(DILATED_FROM_HERE)  # "From here on: ..., $x$ of $10 \times 10$, ..."
    assert found[9] == [VERIFIED]
    assert found[11] == [WRONG]


# --- global average pooling in a windowed pool's section -------------------------------------
# y_c = 1/(HW) sum_{i=1}^{H} sum_{j=1}^{W} x_{c,i,j} is a definition of global average pooling
# (torch: adaptive_avg_pool2d(x, 1)), not the section's 3x3 pool; read as that pool it was
# "false for all sizes".  Its gradient is g_c / (HW) at every position (checked below).
GLOBAL_POOL_EN = r"""**Q: how does the gradient flow through pooling?**

Let us work one example. One channel, the 6×6 input (indices 1-based, $x_{ij}$ is row $i$, column $j$) and a 3×3 pool with stride 3, so the output is 2×2.

**Forward.** Average pooling takes the mean of each block.

**Any size.** For a $K \times K$ window with stride $S$ and no padding on an $H \times W$ map,

$$H_{\text{out}} = \left\lfloor \frac{H - K}{S} \right\rfloor + 1$$

**Global average pooling** takes the whole map: $y_c = \frac{1}{HW} \sum_{i=1}^{H} \sum_{j=1}^{W} x_{c,i,j}$, so that $\partial L / \partial x_{c,i,j} = g_c / (HW)$.
"""  # noqa: E501

GLOBAL_POOL_ES = r"""# Pooling promedio

Un mapa de $8 \times 8$ con un canal y un pooling promedio de $2 \times 2$ con paso 2 (índices desde 0).

Para ventanas $K \times K$ con paso $S$ sobre un mapa $H \times W$: $H_{\text{out}} = \left\lfloor \frac{H - K}{S} \right\rfloor + 1$.

El caso extremo promedia todo el mapa: $z_f = \frac{1}{HW} \sum_{p=0}^{H-1} \sum_{q=0}^{W-1} x_{f,p,q}$.
"""  # noqa: E501


def test_truth_of_global_average_pooling():
    x = torch.randn(1, 3, 7, 5, dtype=torch.float64, requires_grad=True)
    y = F.adaptive_avg_pool2d(x, 1)[0, :, 0, 0]
    assert torch.allclose(y, x[0].mean(dim=(1, 2)))
    g = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
    (y * g).sum().backward()
    assert torch.allclose(x.grad[0], (g / 35).view(3, 1, 1).expand(3, 7, 5))


@pytest.mark.parametrize(
    ("notes", "line"), [(GLOBAL_POOL_EN, 11), (GLOBAL_POOL_ES, 7)], ids=["en", "es"]
)
def test_a_sum_over_the_whole_map_is_no_claim_of_the_windowed_pool(notes, line):
    assert WRONG not in _statuses(notes).get(line, [])


# --- a sum over a letter the claim writes only as a bracketed superscript --------------------
# Two input channels of 4x4, one 3x3 filter per channel, bias b: y_{pq} = b + sum_k sum_m sum_n
# w^{(k)}_{mn} a^{(k)}_{p+m-1, q+n-1} (1-based) is PyTorch's conv2d (checked below); the channel
# count was not read, the superscript dropped, and the sum counted one channel twice.
SUPERSCRIPT_EN = r"""# Homework 4, question 2

A convolutional layer takes a two-channel $4 \times 4$ input, one filter of size $3 \times 3$ per input channel, a scalar bias $b$, stride 1 and no padding (so the output is $2 \times 2$). Indices start at 1; $a^{(k)}_{pq}$ is channel $k$, row $p$, column $q$.

$$y_{pq} = b + \sum_{k=1}^{2} \sum_{m=1}^{3} \sum_{n=1}^{3} w^{(k)}_{mn}\, a^{(k)}_{p+m-1,\, q+n-1}$$

A wrong version: $y_{pq} = b + \sum_{k=1}^{2} \sum_{m=1}^{3} \sum_{n=1}^{3} w^{(k)}_{mn}\, a^{(k)}_{p+m,\, q+n-1}$.
"""  # noqa: E501

SUPERSCRIPT_PT = r"""# Lista 3 — questão 1

Uma camada recebe uma entrada de dois canais $5 \times 5$ e tem um filtro $2 \times 2$ por canal, sem viés, passo 1, sem preenchimento. Índices a partir de 0; $x^{[c]}_{ij}$ é o canal $c$.

$$z_{ij} = \sum_{c} \sum_{u=0}^{1} \sum_{v=0}^{1} k^{[c]}_{uv}\, x^{[c]}_{i+u,\, j+v}$$
"""  # noqa: E501


def test_truth_of_the_two_channel_sum():
    gen = torch.Generator().manual_seed(1)
    a = torch.randn(1, 2, 4, 4, generator=gen, dtype=torch.float64)
    w = torch.randn(1, 2, 3, 3, generator=gen, dtype=torch.float64)
    y = F.conv2d(a, w, bias=torch.tensor([0.5], dtype=torch.float64))[0, 0].numpy()
    a, w = a[0].numpy(), w[0].numpy()
    by_hand = np.array(
        [
            [
                0.5
                + sum(
                    w[k, m, n] * a[k, p + m, q + n]
                    for k in range(2)
                    for m in range(3)
                    for n in range(3)
                )
                for q in range(2)
            ]
            for p in range(2)
        ]
    )
    assert np.allclose(y, by_hand)
    # the wrong version's window one row lower: a different value at (1, 1) (and past the
    # input's last row at p = 2)
    shifted = 0.5 + sum(
        w[k, m, n] * a[k, m + 1, n] for k in range(2) for m in range(3) for n in range(3)
    )
    assert not np.isclose(shifted, y[0, 0])


def test_a_summed_bracketed_superscript_declared_a_channel_is_read():
    # "a^{(k)}_{pq} is channel k": the mark is the channel axis (channel_marks.py), so the
    # sum over k is judged -- first refused here (fa15), read since f16b
    found = _statuses(SUPERSCRIPT_EN)
    assert found[5] == [VERIFIED]
    assert found[7] == [WRONG]
    # square brackets (x^{[c]}), which notes also use for layers: still not read
    assert WRONG not in _statuses(SUPERSCRIPT_PT).get(5, [])


def test_which_superscripts_are_summed():
    assert summed_superscript(r"z = \sum_{c=1}^{2} w^{(c)}_{uv} x^{(c)}_{i+u}") == "c"
    assert summed_superscript(r"z = \sum_{f} \delta^{[f]}_{ij}") == "f"
    assert summed_superscript(r"y^{(c)} = x^{(c)} \star w^{(c)}") is None  # one channel each
    assert summed_superscript(r"z^{(l)} = \sum_{l} W^{(l)} a") is None  # a layer's mark
    assert summed_superscript(r"y = \sum_{i} w_i x^{(k)}_i") is None
    assert summed_superscript(r"dW = \sum_{n} \delta^{(n)}_{ij} x^{(n)}_{ij}") is None  # a batch


# --- a pooling's dilation stated as a letter in the claim's own sentence ---------------------
# torch: MaxPool2d(5, stride=1, padding=2, dilation=3) on 20x20 gives 12 (undilated: 20).
POOL_DILATION_PT = r"""# Exame — tamanhos

## Parte 1 — fórmula

A altura da saída de uma convolução é

$$H_{\text{out}} = \left\lfloor \frac{H + 2P - D(K-1) - 1}{S} \right\rfloor + 1$$

com dilatação $D$.

## Parte 2 — pooling em mapa par

Mapa $12 \times 12$, `MaxPool2d(3, stride=3)`: $H_{\text{out}} = 4$.

Item (b): com $H = 20$, $K = 5$, $D = 3$, $P = 2$, $S = 1$, a saída é $H_{\text{out}} = 12$.

Item (c): com $H = 20$, $K = 5$, $D = 3$, $P = 2$, $S = 1$, a saída é $H_{\text{out}} = 20$.
"""


def test_truth_of_the_dilated_pool():
    x = torch.zeros(1, 1, 20, 20)
    assert torch.nn.MaxPool2d(5, stride=1, padding=2, dilation=3)(x).shape[-1] == 12
    assert torch.nn.MaxPool2d(3, stride=3)(torch.zeros(1, 1, 12, 12)).shape[-1] == 4


def test_a_pools_dilation_set_in_the_claims_sentence_is_used():
    found = _statuses(POOL_DILATION_PT)
    assert found[13] == [VERIFIED]
    assert found[15] == [VERIFIED]
    assert found[17] == [WRONG]


# --- an option in the claim's own sentence changes the constructor's layer -------------------
# torch: MaxPool2d(3, stride=3) on 13 gives 4, with ceil_mode=True 5; MaxPool2d(2, stride=2) on
# 11 gives 5, with ceil_mode=True 6.
CEIL_MODE = r"""# Exame — pooling

## Parte 2 — pooling em mapa ímpar

Mapa $13 \times 13$, `MaxPool2d(3, stride=3)`: $H_{\text{out}} = 4$. Com `ceil_mode=True` a última janela incompleta entra e $H_{\text{out}} = 5$.

## Part 3 — odd map

On a $11 \times 11$ map, `nn.MaxPool2d(2, stride=2)` gives $H_{\text{out}} = 5$; passing `ceil_mode=True` keeps the ragged last window, so $H_{\text{out}} = 6$.
"""  # noqa: E501


def test_truth_of_ceil_mode():
    pool = torch.nn.MaxPool2d
    assert pool(3, stride=3)(torch.zeros(1, 1, 13, 13)).shape[-1] == 4
    assert pool(3, stride=3, ceil_mode=True)(torch.zeros(1, 1, 13, 13)).shape[-1] == 5
    assert pool(2, stride=2)(torch.zeros(1, 1, 11, 11)).shape[-1] == 5
    assert pool(2, stride=2, ceil_mode=True)(torch.zeros(1, 1, 11, 11)).shape[-1] == 6


def test_an_option_beside_the_claim_keeps_it_from_the_constructors_layer():
    found = _statuses(CEIL_MODE)
    assert found[5][0] == VERIFIED
    assert WRONG not in found[5][1:]
    assert found[9][0] == VERIFIED
    assert WRONG not in found[9][1:]


# --- a vector's gradient written as a column where the vector is a row -----------------------
# Z = AV + c, c a row added to every row: dL/dc = G^T 1 = column sums of G = (3, 3, 1)
# (NumPy below); written as a column, the numerator layout's, it is right.
ROW_BIAS = r"""### Code review: backward of the affine layer

Convention of the module: one sample per row, $Z = AV + c$ with $c$ added to every row, indices from 1.

$$A = \begin{bmatrix} 2 & -1 \\ 1 & 3 \\ 0 & 1 \end{bmatrix}, \quad V = \begin{bmatrix} 1 & 2 & 0 \\ -1 & 0 & 1 \end{bmatrix}, \quad c = \begin{bmatrix} 0 & 1 & 2 \end{bmatrix}$$

For the upstream gradient I used

$$G = \frac{\partial L}{\partial Z} = \begin{bmatrix} 1 & 0 & 2 \\ -1 & 1 & 0 \\ 3 & 2 & -1 \end{bmatrix}$$

**`dc`** is the problem: the right sum is over the batch, $\partial L/\partial c = G^\top \mathbf{1}_3 = (TOTAL)^\top$, i.e. `dZ.sum(axis=0)`.
"""  # noqa: E501


def test_truth_of_the_row_bias_gradient():
    a = torch.tensor([[2.0, -1], [1, 3], [0, 1]])
    v = torch.tensor([[1.0, 2, 0], [-1, 0, 1]])
    c = torch.tensor([[0.0, 1, 2]], requires_grad=True)
    g = torch.tensor([[1.0, 0, 2], [-1, 1, 0], [3, 2, -1]])
    ((a @ v + c) * g).sum().backward()
    assert c.grad.tolist() == [[3.0, 3.0, 1.0]]
    assert (g.numpy().T @ np.ones(3)).tolist() == [3.0, 3.0, 1.0]


def test_a_row_vectors_gradient_written_as_a_column_is_judged_by_its_entries():
    right = _statuses(ROW_BIAS.replace("TOTAL", r"3,\ 3,\ 1"))
    assert right[11] == [VERIFIED]
    wrong = _statuses(ROW_BIAS.replace("TOTAL", r"3,\ 2,\ 1"))
    assert wrong[11] == [WRONG]


# --- a count "without groups" is the count of another layer ----------------------------------
# torch: Conv2d(96, 96, 3, padding=1, groups=16) has 96*6*9 + 96 = 5280 parameters; without
# groups 96*96*9 + 96 = 83040 (a true count of another layer, not of the grouped one).
GROUPS_CODE = r"""# TITLE

```python
block = nn.Sequential(
    nn.Conv2d(32, 96, kernel_size=1),
    nn.ReLU(),
    nn.Conv2d(96, 96, kernel_size=3, padding=1, groups=16),
)
```

## PARAMS

SENTENCE
"""
WITHOUT_GROUPS = {
    "ca": (
        "Convolucions agrupades",
        "Paràmetres",
        r"Amb 16 grups, cada grup de la capa del mig té 6 canals d'entrada i 6 de sortida, així "
        r"que la capa té $96 \cdot 6 \cdot 9 + 96 = 5280$ paràmetres. Sense grups en serien "
        r"$96 \cdot 96 \cdot 9 + 96 = 83040$.",
    ),
    "it": (
        "Convoluzioni raggruppate",
        "Parametri",
        r"Con 16 gruppi lo strato centrale ha $96 \cdot 6 \cdot 9 + 96 = 5280$ parametri. Senza "
        r"gruppi sarebbero $96 \cdot 96 \cdot 9 + 96 = 83040$.",
    ),
    "de": (
        "Gruppierte Faltungen",
        "Parameter",
        r"Mit 16 Gruppen hat die mittlere Schicht $96 \cdot 6 \cdot 9 + 96 = 5280$ Parameter. "
        r"Ohne Gruppen wären es $96 \cdot 96 \cdot 9 + 96 = 83040$.",
    ),
}


def test_truth_of_the_grouped_counts():
    grouped = torch.nn.Conv2d(96, 96, 3, padding=1, groups=16)
    plain = torch.nn.Conv2d(96, 96, 3, padding=1)
    assert sum(p.numel() for p in grouped.parameters()) == 5280
    assert sum(p.numel() for p in plain.parameters()) == 83040


@pytest.mark.parametrize("language", sorted(WITHOUT_GROUPS))
def test_a_count_without_the_groups_is_not_the_grouped_layers(language):
    title, params, sentence = WITHOUT_GROUPS[language]
    notes = GROUPS_CODE.replace("TITLE", title).replace("PARAMS", params)
    found = _statuses(notes.replace("SENTENCE", sentence))
    assert found[13][0] == VERIFIED  # the grouped layer's own count
    assert WRONG not in found[13][1:]


# --- a layer supposed in a condition contrary to the notes' is not the section's -------------
@pytest.mark.parametrize(
    "sentence",
    [
        r"Si la capa del mig fos depthwise (`nn.Conv2d(64, 64, 3, padding=1, groups=64)`), "
        r"tindria $64 \cdot 9 + 64 = 640$ paràmetres.",
        r"Si la capa central fuera depthwise (`nn.Conv2d(64, 64, 3, padding=1, groups=64)`), "
        r"tendría $64 \cdot 9 + 64 = 640$ parámetros.",
        r"Se a camada do meio fosse depthwise (`nn.Conv2d(64, 64, 3, padding=1, groups=64)`), "
        r"teria $64 \cdot 9 + 64 = 640$ parâmetros.",
        r"If the middle layer were depthwise (`nn.Conv2d(64, 64, 3, padding=1, groups=64)`), it "
        r"has $64 \cdot 9 + 64 = 640$ parameters.",
    ],
    ids=["ca", "es", "pt", "en"],
)
def test_a_contrary_condition_states_no_fact_of_the_layer(sentence):
    assert not _what_if("¿Y si la capa tuviera padding 1?")  # a question: counterfactual.py
    # torch: Conv2d(64, 64, 3, groups=64) has 64*1*9 + 64 = 640 parameters
    assert sum(p.numel() for p in torch.nn.Conv2d(64, 64, 3, groups=64).parameters()) == 640
    assert _what_if(sentence)
    notes = f"# Block\n\nThe input is $64 \\times 14 \\times 14$.\n\n{sentence}\n"
    facts = [f for layer in check_text(notes, "n.md", {}).layers for f in layer["facts"]]
    assert not any(f["key"] == "groups" and f["line"] == 5 for f in facts)


@pytest.mark.parametrize(
    ("line", "facts"),
    [
        (
            r"From now on: stride 2, $x$ of $12 \times 12$, $k = 5$, $d = 2$.",
            {("input", "12x12"), ("kernel", "5"), ("dilation", "2"), ("stride", "2")},
        ),
        (
            r"À partir d'ici, $x$ de taille $7 \times 7$ et $k = 3$.",
            {("input", "7x7"), ("kernel", "3")},
        ),
        (r"Daqui em diante, $X$ de $8 \times 8$, $s = 2$.", {("input", "8x8"), ("stride", "2")}),
    ],
    ids=["en", "fr", "pt"],
)
def test_the_values_kept_from_here_on_and_an_inputs_letter_before_its_size(line, facts):
    found = {(key, value) for key, value, _ in prose_facts(line)}
    assert facts <= found
