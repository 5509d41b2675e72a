# ruff: noqa: E501  (the notes' LaTeX lines are kept as people write them)
"""False alarms of the sealed set fresh44, each closed by a general reading and tested here
on notes written for this file (other numbers, words and languages), the truth computed with
torch beside each note (autograd for gradients, the layers' own outputs and parameters).

* a 1-D layer (a 2-D one of height 1) has its k, s, d, p along its length, and a scalar
  ``pad_{k-1}``, ``crop_p``, ``dilate_s`` acts along the length only: a 2-D formula sheet
  that wrote one 1-D claim before had its true full correlation called wrong at k = 1, the
  height's kernel (allsizes_instances.make, allsizes_ops._ints);
* a parameter count's own clause ("standard conv with bias:", "con sesgo:") says whether
  its bias counts, before a "without bias" another line of the sheet says
  (allsizes_counts.own_clause, allsizes_notes.says_bias);
* N_1, N_2 are an input's sides only where the notes do not number N further: "N_4 = 16
  cells from four windows, N_2 = 56 from two" counts cells (numbered_family.py);
* an output formula that divides by another stride than the layer's and holds at it names
  a variant or a slip, which is not read (formula_stride.py);
* a base 1 read from one smallest index (K[1,1]) that every index written fits from 0 too,
  within the sizes the notes give, is a guess where the verdict depends on it
  (guessed_base.py).
"""

from __future__ import annotations

import itertools

import pytest
import torch
import torch.nn.functional as F
from test_check_fa_hunt import _statuses

from symconv.checker.allsizes_counts import own_clause
from symconv.checker.allsizes_instances import make
from symconv.checker.allsizes_notes import says_bias
from symconv.checker.guessed_base import guessed_one
from symconv.checker.infer import Fact
from symconv.checker.numbered_family import numbered_family
from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG

FLAGGED = (WRONG, SIZE_SPECIFIC)


def _line(text: str, piece: str) -> int:
    return next(k + 1 for k, row in enumerate(text.split("\n")) if piece in row)


# --- a 1-D claim before a 2-D sheet's full correlation ------------------------------------------
_SHEET_EN = r"""# Conv formulas

Notation: input $N \times C_{in} \times H \times W$, kernel $k \times k$, stride $s$, padding $p$. $\star$ = valid cross-correlation, $G = \partial L / \partial Y$, indices 0-based.

## 1-D warm-up

- for a sequence: $\frac{\partial L}{\partial w_m} = \sum_{i=0}^{L-k} g_i x_{i+m}$
- and $\frac{\partial L}{\partial x_j} = \sum_{m=0}^{k-1} g_{j-m} w_m$

## Backward (stride 1, $C_{in} = C_{out} = 1$)

- input: $\frac{\partial L}{\partial X} = \operatorname{crop}_p\!\left(\operatorname{pad}_{k-1}(G) \star \operatorname{rot}_{180}(W)\right)$
- input, slip: $\frac{\partial L}{\partial X} = \operatorname{crop}_p\!\left(\operatorname{pad}_{k}(G) \star \operatorname{rot}_{180}(W)\right)$
"""
_SHEET_ES = r"""# Fórmulas de convolución

Notación: entrada $N \times C_{in} \times H \times W$, núcleo $k \times k$, paso $s$, relleno $p$. $\star$ = correlación válida, $G = \partial L / \partial Y$, índices desde 0.

## Calentamiento en 1-D

- para una secuencia: $\frac{\partial L}{\partial w_m} = \sum_{i=0}^{L-k} g_i x_{i+m}$
- y $\frac{\partial L}{\partial x_j} = \sum_{m=0}^{k-1} g_{j-m} w_m$

## Retropropagación (paso 1, $C_{in} = C_{out} = 1$)

- entrada: $\frac{\partial L}{\partial X} = \operatorname{crop}_p\!\left(\operatorname{pad}_{k-1}(G) \star \operatorname{rot}_{180}(W)\right)$
- entrada, errata: $\frac{\partial L}{\partial X} = \operatorname{crop}_p\!\left(\operatorname{pad}_{k}(G) \star \operatorname{rot}_{180}(W)\right)$
"""


def _full_correlation(h: int, w: int, kh: int, kw: int, p: int, extra: int = 0) -> tuple:
    """(torch's dL/dX, crop_p(pad_{k-1+extra}(G) * rot180(W))) for conv2d with padding p."""
    torch.manual_seed(h * 100 + w * 10 + kh + kw + p)
    x = torch.randn(1, 1, h, w, dtype=torch.float64, requires_grad=True)
    k = torch.randn(1, 1, kh, kw, dtype=torch.float64)
    y = F.conv2d(x, k, padding=p)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    padded = F.pad(g, (kw - 1 + extra, kw - 1 + extra, kh - 1 + extra, kh - 1 + extra))
    full = F.conv2d(padded, k.flip(2, 3))
    cropped = full[..., p : full.shape[-2] - p, p : full.shape[-1] - p]
    return x.grad, cropped


@pytest.mark.parametrize(
    ("h", "w", "kh", "kw", "p"), [(1, 7, 1, 3, 0), (1, 8, 1, 2, 1), (5, 6, 3, 3, 1)]
)
def test_the_full_correlation_is_torchs_in_1d_and_2d(h, w, kh, kw, p):
    # a 1-D layer (height 1) pads G along its length only; the 2-D one on both axes
    grad, cropped = _full_correlation(h, w, kh, kw, p)
    assert cropped.shape == grad.shape and torch.allclose(cropped, grad)
    _, slip = _full_correlation(h, w, kh, kw, p, extra=1)
    assert slip.shape != grad.shape  # pad_k: one row and column too many on each side


def test_a_one_dimensional_instance_reads_k_along_its_length():
    values = {
        "N": 1, "g": 1, "C_g": 1, "F_g": 1, "s_h": 1, "s_w": 2, "d_h": 1, "d_w": 3,
        "H": 1, "W": 9, "k_h": 1, "k_w": 3, "p_t": 0, "p_b": 0, "p_l": 2, "p_r": 2,
    }  # fmt: skip
    one = make({**values, "oned": 1}, True)
    assert (one.sizes["k"], one.sizes["s"], one.sizes["d"], one.sizes["p"]) == (3, 2, 3, 2)
    two = make(values, True)  # a 2-D layer's letters stay the height's
    assert (two.sizes["k"], two.sizes["s"], two.sizes["d"], two.sizes["p"]) == (1, 1, 1, 0)


@pytest.mark.parametrize("template", [_SHEET_EN, _SHEET_ES], ids=["en", "es"])
def test_the_full_correlation_after_a_1d_claim_is_no_false_alarm(template):
    found = _statuses(template)
    right = found[_line(template, r"\operatorname{pad}_{k-1}(G)")]
    assert not set(right) & set(FLAGGED)
    assert found[_line(template, r"\operatorname{pad}_{k}(G)")] == [WRONG]


# --- a parameter count's own clause on the bias -------------------------------------------------
_COUNTS_EN = r"""# Formula sheet: convolution layers

Notation: $C_{in}$ input channels, $C_{out}$ filters, square kernels of side $k$, stride $s$, padding $p$.

## Parameter counts

- standard conv without bias: $P = C_{out} C_{in} k^2$
- standard conv with bias: $P = C_{out} C_{in} k^2 + C_{out}$
- conv with bias, slip: $P = C_{out} C_{in} k^2 + C_{in}$
- without bias, slip: $P = C_{out} C_{in} k^2 + C_{out}$
"""
_COUNTS_ES = r"""# Resumen: capas convolucionales

Notación: $C_{in}$ canales de entrada, $C_{out}$ filtros, núcleos cuadrados de lado $k$, paso $s$, relleno $p$.

## Número de parámetros

- convolución sin sesgo: $P = C_{out} C_{in} k^2$
- convolución con sesgo: $P = C_{out} C_{in} k^2 + C_{out}$
- con sesgo, errata: $P = C_{out} C_{in} k^2 + C_{in}$
- sin sesgo, errata: $P = C_{out} C_{in} k^2 + C_{out}$
"""


def test_the_counts_are_torchs():
    for cin, cout, k in itertools.product(range(1, 4), range(1, 4), range(1, 4)):
        with_bias = sum(t.numel() for t in torch.nn.Conv2d(cin, cout, k).parameters())
        without = sum(t.numel() for t in torch.nn.Conv2d(cin, cout, k, bias=False).parameters())
        assert without == cout * cin * k * k
        assert with_bias == cout * cin * k * k + cout
    # the slip counts a bias per input channel: wrong wherever C_in != C_out
    assert sum(t.numel() for t in torch.nn.Conv2d(1, 2, 1).parameters()) != 2 * 1 + 1


@pytest.mark.parametrize("template", [_COUNTS_EN, _COUNTS_ES], ids=["en", "es"])
def test_a_counts_own_clause_says_its_bias(template):
    found = _statuses(template)
    lines = template.split("\n")
    items = [k + 1 for k, row in enumerate(lines) if row.startswith("- ")]
    assert [found[k] for k in items] == [[VERIFIED], [VERIFIED], [WRONG], [WRONG]]


@pytest.mark.parametrize(
    ("clause", "said"),
    [
        ("- standard conv with bias: ", True),
        ("- conv mit Bias: ", True),
        ("- sin sesgo: ", False),
        ("- sans biais : ", False),
        ("- standard conv: ", None),
    ],
)
def test_says_bias_reads_the_own_clause_first(clause, said):
    document = "A sheet: one layer without bias, another with bias."
    assert says_bias(document, clause) == (said if said is not None else False)
    text = "P = C_{out} C_{in} k^2"
    assert own_clause(f"{clause}${text}$", 1, text).rstrip("$") == clause


# --- a numbered family of counts ----------------------------------------------------------------
def _window_counts(side: int, window: int, stride: int) -> dict[int, int]:
    """{number of windows: cells} of an average pool (torch's gradient of the sum of its
    outputs is count / window^2 per cell)."""
    x = torch.zeros(1, 1, side, side, dtype=torch.float64, requires_grad=True)
    F.avg_pool2d(x, window, stride).sum().backward()
    counts = (x.grad * window * window).round().long().flatten().tolist()
    return {n: counts.count(n) for n in set(counts)}


_FAMILY_EN = r"""# Overlapping average pooling: who gets how much gradient?

An $11 \times 11$ input, a $3 \times 3$ average pooling window, stride 2.

**Counting.** The shared rows are $i \in \{2, 4, 6, 8\}$. So $N_4 = 4 \cdot 4 = 16$ cells receive from four windows, $N_2 = 2 \cdot 4 \cdot 7 = 56$ from exactly two, and $N_1 = 121 - 16 - 56 = 49$ from one.

A slip: $N_2 = 2 \cdot 4 \cdot 7 = 58$.
"""
_FAMILY_FR = r"""# Pooling moyen avec recouvrement

Une entrée $11 \times 11$, une fenêtre de pooling moyen $3 \times 3$, pas 2.

**Comptage.** Les lignes partagées sont $i \in \{2, 4, 6, 8\}$. Ainsi $N_{4} = 4 \cdot 4 = 16$ cases reçoivent de quatre fenêtres, $N_{2} = 2 \cdot 4 \cdot 7 = 56$ de deux, et $N_{1} = 121 - 16 - 56 = 49$ d'une seule.

Une erreur : $N_{2} = 2 \cdot 4 \cdot 7 = 58$.
"""


def test_the_window_counts_are_torchs():
    assert _window_counts(11, 3, 2) == {4: 16, 2: 56, 1: 49}


@pytest.mark.parametrize("template", [_FAMILY_EN, _FAMILY_FR], ids=["en", "fr"])
def test_a_numbered_family_is_no_input_side(template):
    found = _statuses(template)
    counts = found[
        _line(template, "Counting") if "Counting" in template else _line(template, "Comptage")
    ]
    assert counts == [NOT_UNDERSTOOD] * 3  # the arithmetic holds, the names are the notes'
    assert found[_line(template, "= 58")] == [WRONG]  # 2 · 4 · 7 is 56


@pytest.mark.parametrize(
    ("document", "family"),
    [
        ("an image of $N_1 \\times N_2$ pixels, $M_1 = N_1 - K_1 + 1$", False),
        ("$N_4 = 9$ cells, $N_2 = 36$, $N_1 = 36$", True),
        ("$n_1 = 28$, $n_2 = n_1 - k + 1$, $n_{3} = n_2 - k + 1$", True),
        ("kernel entries $k_{11}, k_{12}, k_{21}, k_{22}$ and sides $k_1 \\times k_2$", False),
    ],
)
def test_numbered_family(document, family):
    names = {"N_1", "N_2", "n_1", "n_2", "k_1", "k_2"}
    assert (numbered_family(names, document, {}) is not None) is family
    assert numbered_family(names, document, {"N_2": "in_w", "n_2": "in_w"}) is None or family


# --- an output formula with its own stride ------------------------------------------------------
_VARIANTS_EN = r"""# Overlapping average pooling

We pool an $11 \times 11$ input with a $3 \times 3$ window. Two variants: stride 3 and stride 2. Below, avg pooling with stride 2 is the one we backpropagate through.

**Sizes.** Non-overlapping: $H_{out} = \lfloor (11 - 3)/3 \rfloor + 1 = 3$. Overlapping: $H_{out} = \lfloor (11 - 3)/2 \rfloor + 1 = 5$.

Slips: $H_{out} = \lfloor (11 - 3)/2 \rfloor + 1 = 6$ and $H_{out} = \lfloor (11 - 3)/3 \rfloor + 1 = 4$.
"""
_VARIANTS_ES = r"""# Average pooling con solapamiento

Una entrada de $11 \times 11$ y una ventana de $3 \times 3$. Dos variantes: paso 3 y paso 2. Abajo, el average pooling con paso 2 es el que retropropagamos.

**Tamaños.** Sin solapamiento: $H_{out} = \lfloor (11 - 3)/3 \rfloor + 1 = 3$. Con solapamiento: $H_{out} = \lfloor (11 - 3)/2 \rfloor + 1 = 5$.

Erratas: $H_{out} = \lfloor (11 - 3)/2 \rfloor + 1 = 6$ y $H_{out} = \lfloor (11 - 3)/3 \rfloor + 1 = 4$.
"""


def test_the_pooled_sides_are_torchs():
    x = torch.zeros(1, 1, 11, 11)
    assert F.avg_pool2d(x, 3, 3).shape[-1] == 3
    assert F.avg_pool2d(x, 3, 2).shape[-1] == 5


@pytest.mark.parametrize("template", [_VARIANTS_EN, _VARIANTS_ES], ids=["en", "es"])
def test_a_formula_with_its_own_stride_is_no_false_alarm(template):
    found = _statuses(template)
    sizes = found[_line(template, "(11 - 3)/3 \\rfloor + 1 = 3")]
    assert len(sizes) == 2 and not set(sizes) & set(FLAGGED)
    assert VERIFIED in sizes  # one of the two is the layer's own output, as read
    slips = found[_line(template, "= 6")]
    assert slips == [WRONG, WRONG]  # floor(8/2) + 1 is 5, floor(8/3) + 1 is 3


# --- an index base guessed from one smallest index ----------------------------------------------
_X = [[2.0, 0, 1], [1, 3, -1], [0, 1, 4]]
_K = [[1.0, 2], [0, -1]]
_G = [[2.0, 1], [-1, 1]]


def _kernel_gradient() -> list[list[float]]:
    x = torch.tensor(_X, dtype=torch.float64)
    k = torch.tensor(_K, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x[None, None], k[None, None])[0, 0]
    (y * torch.tensor(_G, dtype=torch.float64)).sum().backward()
    return k.grad.tolist()


_IM2COL_EN = r"""# im2col: convolution as a matrix product

We take a single-channel input and a $2 \times 2$ kernel, stride 1, no padding:

$$X = \begin{bmatrix} 2 & 0 & 1 \\ 1 & 3 & -1 \\ 0 & 1 & 4 \end{bmatrix}, \qquad K = \begin{bmatrix} 1 & 2 \\ 0 & -1 \end{bmatrix}$$

The output is $2 \times 2$; the kernel's gradient is $X_{col}^\top \mathbf{g}$.

With numbers: take $G = \begin{bmatrix} 2 & 1 \\ -1 & 1 \end{bmatrix}$. Then

only the last entry written out: $\frac{\partial L}{\partial K[1,1]} = 2 \cdot 3 + 1 \cdot (-1) + (-1) \cdot 1 + 1 \cdot 4 = LAST$.

and a slip: $\frac{\partial L}{\partial K[1,1]} = 2 \cdot 3 + 1 \cdot (-1) + (-1) \cdot 1 + 1 \cdot 4 = SLIP$.
"""
_IM2COL_PT = r"""# im2col: a convolução como produto de matrizes

Uma entrada de um canal e um kernel $2 \times 2$, passo 1, sem preenchimento:

$$X = \begin{pmatrix} 2 & 0 & 1 \\ 1 & 3 & -1 \\ 0 & 1 & 4 \end{pmatrix}, \qquad K = \begin{pmatrix} 1 & 2 \\ 0 & -1 \end{pmatrix}$$

A saída é $2 \times 2$; o gradiente do kernel é $X_{col}^\top \mathbf{g}$.

Com números: $G = \begin{pmatrix} 2 & 1 \\ -1 & 1 \end{pmatrix}$. Então

só a última entrada: $\frac{\partial L}{\partial K[1,1]} = 2 \cdot 3 + 1 \cdot (-1) + (-1) \cdot 1 + 1 \cdot 4 = LAST$.

e um erro: $\frac{\partial L}{\partial K[1,1]} = 2 \cdot 3 + 1 \cdot (-1) + (-1) \cdot 1 + 1 \cdot 4 = SLIP$.
"""


def _im2col(template: str) -> str:
    dk = _kernel_gradient()
    return template.replace("LAST", str(int(dk[1][1]))).replace("SLIP", str(int(dk[1][1]) + 1))


def test_the_kernel_gradient_is_torchs():
    dk = _kernel_gradient()
    # the written terms are the last entry's, counted from 0: G against X shifted by (1, 1)
    assert dk[1][1] == sum(_G[i][j] * _X[i + 1][j + 1] for i in range(2) for j in range(2))
    assert dk[0][0] != dk[1][1]  # counted from 1, K[1,1] is another entry, another value


@pytest.mark.parametrize("template", [_IM2COL_EN, _IM2COL_PT], ids=["en", "pt"])
def test_a_guessed_base_one_is_no_false_alarm(template):
    text = _im2col(template)
    found = _statuses(text)
    assert found[_line(text, "= " + str(int(_kernel_gradient()[1][1])) + "$")] == [NOT_UNDERSTOOD]
    assert found[_line(text, "= " + str(int(_kernel_gradient()[1][1]) + 1) + "$")] == [WRONG]


_ONE_BASED = r"""# im2col: convolution as a matrix product

We take a single-channel input and a $2 \times 2$ kernel, stride 1, no padding:

$$X = \begin{bmatrix} 2 & 0 & 1 \\ 1 & 3 & -1 \\ 0 & 1 & 4 \end{bmatrix}, \qquad K = \begin{bmatrix} 1 & 2 \\ 0 & -1 \end{bmatrix}$$

The output is $2 \times 2$; the kernel's gradient is $X_{col}^\top \mathbf{g}$.

With numbers: take $G = \begin{bmatrix} 2 & 1 \\ -1 & 1 \end{bmatrix}$. Then

the last entry: $\frac{\partial L}{\partial K[2,2]} = 2 \cdot 3 + 1 \cdot (-1) + (-1) \cdot 1 + 1 \cdot 4 = LAST$.

the first entry: $\frac{\partial L}{\partial K[1,1]} = 2 \cdot 2 + 1 \cdot 0 + (-1) \cdot 1 + 1 \cdot 3 = FIRST$.

and a slip: $\frac{\partial L}{\partial K[1,1]} = 2 \cdot 2 + 1 \cdot 0 + (-1) \cdot 1 + 1 \cdot 3 = SLIP$.
"""


def test_indices_that_reach_the_size_settle_base_one():
    dk = _kernel_gradient()
    text = (
        _ONE_BASED.replace("LAST", str(int(dk[1][1])))
        .replace("FIRST", str(int(dk[0][0])))
        .replace("SLIP", str(int(dk[0][0]) + 1))
    )
    found = _statuses(text)
    # K[2,2] of a 2x2 kernel exists only counted from 1: so K[1,1] is the first entry
    assert found[_line(text, "the last entry")] == [VERIFIED]
    assert found[_line(text, "the first entry")] == [VERIFIED]
    assert found[_line(text, "a slip")] == [WRONG]


@pytest.mark.parametrize(
    ("facts", "guess"),
    [
        (
            [
                ("index-base", "1", "the smallest index, K[1,1]"),
                ("kernel", "2x2", "the kernel written out as a matrix of numbers"),
                ("kernel", "1x1", "the largest index, K[1,1]"),
            ],
            True,
        ),
        (
            [
                ("index-base", "1", "the smallest index, k_{11}"),
                ("kernel", "2x2", "the kernel written out as a matrix of numbers"),
                ("kernel", "2x2", "the largest index, k_{22}"),
            ],
            False,
        ),
        (
            [
                ("index-base", "1", "prose"),
                ("kernel", "2x2", "prose"),
                ("kernel", "1x1", "the largest index, K[1,1]"),
            ],
            False,
        ),
        (
            [
                ("index-base", "1", "the smallest index, k_{11}"),
                ("kernel", "1x1", "the largest index, k_{11}"),
            ],
            False,
        ),
    ],
)
def test_guessed_one(facts, guess):
    assert guessed_one([Fact(k, v, 3, how) for k, v, how in facts]) is guess
