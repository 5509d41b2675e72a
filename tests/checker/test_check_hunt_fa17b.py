# ruff: noqa: E501  (the notes' LaTeX lines are kept as people write them)
"""False alarms and misses of the sealed set fresh41, each closed by a general reading and
tested here on notes written for this file (other numbers, words and languages), the truth
computed with torch (the layer run forward, autograd for the gradients, output shapes)
beside each note.

* a setting a Chinese, Japanese or Korean sentence takes ("取单通道，无补零，$d = 3$", "$d = 3$
  とする"): the same words as "take $d = 3$" in a script without spaces
  (symconv/checker/parameter_settings.py, lexicon.SETS_CJK);
* "$\\partial L / \\partial w = (3, 9, -1)$" is the gradient's tuple, not the kernel written
  out: a numbered section ("## 2. ...") writing its gradients' numbers poses no layer of its
  own, so it keeps the dilation stated above (symconv/checker/scan_math.py);
* "$C k^2$ input values" states no input side (an exponent, a count of values), and "Input
  $X$ with $C = 2$ channels of $6 \\times 6$ pixels" states it (scope_facts.py);
* the general prover reads a closed form's entry in the notes' own numbering: 1-based notes
  (a batch n = 1, ..., N) read its first entry at (1, 1, 1, 1) (allsizes_eval.py);
* "la fórmula de paso 1", "the formula for stride 1" names the case a formula was derived
  for, not the layer's stride: a claim that applies it ("who uses the formula of stride 1")
  is judged for the layer, one that only names it is not understood where the two differ
  (formula_case.py).
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from test_check_fa_hunt import _statuses

from symconv.checker.formula_case import formula_case
from symconv.checker.parameter_settings import setting_facts
from symconv.checker.prose import prose_facts
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.scope_facts import facts

# --- a dilated 1-D convolution: the dilation set in CJK prose, kept by a numbered section --------
_X1 = [2.0, 0, -1, 1, 3, -2, 1, 0, 2]
_W1 = [1.0, -2, 1]
_G1 = [1.0, 2, -1]
_D = 3


def _dilated() -> tuple[list[float], list[float], list[float]]:
    """y, dL/dw and dL/dx of conv1d(x, w, dilation 3) with upstream g (torch autograd)."""
    x = torch.tensor(_X1, dtype=torch.float64, requires_grad=True)
    w = torch.tensor(_W1, dtype=torch.float64, requires_grad=True)
    y = F.conv1d(x[None, None], w[None, None], dilation=_D)[0, 0]
    (y * torch.tensor(_G1, dtype=torch.float64)).sum().backward()
    return y.tolist(), w.grad.tolist(), x.grad.tolist()


def _tuple(values: list[float]) -> str:
    return "(" + ", ".join(str(int(v)) for v in values) + ")"


def _dilated_notes(template: str, forward: str, backward: str) -> str:
    _, dw, dx = _dilated()
    return (
        template.replace("FORWARD", forward)
        .replace("BACKWARD", backward)
        .replace("DW", _tuple(dw))
        .replace("DX", _tuple(dx))
    )


_DILATED_ZH = r"""# 膨胀卷积练习

记号：序列长度 $N$，卷积核长度 $K$，空洞率 $d$。

## 1. 前向

取单通道，无偏置，无补零，$d = 3$：

$$x = (2, 0, -1, 1, 3, -2, 1, 0, 2), \qquad w = (1, -2, 1)$$

$$FORWARD$$

## 2. 反向

上游梯度给定为 $g = (1, 2, -1)$。

$$BACKWARD$$

最后一个采样点只被 $t = 2$ 的窗口读到：$\frac{\partial L}{\partial x_8} = g_2 w_2$。

代入得 $\partial L / \partial w = DW$。

全部写出来是 $\partial L / \partial x = DX$。

$$\frac{\partial L}{\partial x} = \operatorname{pad}_2(g) \star \operatorname{rot}_{180}(w)$$
"""
_DILATED_JA = r"""# 膨張畳み込みの演習

## 1. 順伝播

1 チャネル、バイアスなし、パディングなし、$d = 3$ とする。

$$x = (2, 0, -1, 1, 3, -2, 1, 0, 2), \qquad w = (1, -2, 1)$$

$$FORWARD$$

## 2. 逆伝播

上流の勾配は $g = (1, 2, -1)$ とする。

$$BACKWARD$$

最後のサンプルは $t = 2$ の窓だけが読む：$\frac{\partial L}{\partial x_8} = g_2 w_2$。

$\partial L / \partial w = DW$、$\partial L / \partial x = DX$。

$$\frac{\partial L}{\partial x} = \operatorname{pad}_2(g) \star \operatorname{rot}_{180}(w)$$
"""
_FORWARD = r"y_t = \sum_{k=0}^{2} w_k\, x_{t+3k}"
_BACKWARD = r"\frac{\partial L}{\partial x_s} = \sum_{k=0}^{2} g_{s-3k}\, w_k"
_FORWARD_UNDILATED = r"y_t = \sum_{k=0}^{2} w_k\, x_{t+k}"
_BACKWARD_UNDILATED = r"\frac{\partial L}{\partial x_s} = \sum_{k=0}^{2} g_{s-k}\, w_k"


def test_the_dilated_truths_are_torchs():
    y, dw, dx = _dilated()
    n_out = len(_X1) - _D * (len(_W1) - 1)
    assert len(y) == n_out == len(_G1)
    # the dilated sums are torch's forward and input gradient; the undilated ones are not
    assert y == [sum(_W1[k] * _X1[t + _D * k] for k in range(3)) for t in range(n_out)]
    assert y != [sum(_W1[k] * _X1[t + k] for k in range(3)) for t in range(n_out)]

    def g(t: int) -> float:
        return _G1[t] if 0 <= t < len(_G1) else 0.0

    assert dx == [sum(g(s - _D * k) * _W1[k] for k in range(3)) for s in range(len(_X1))]
    assert dx != [sum(g(s - k) * _W1[k] for k in range(3)) for s in range(len(_X1))]
    assert dx[8] == _G1[2] * _W1[2]  # the last sample: the window t = 2 alone
    assert dw == [sum(_G1[t] * _X1[t + _D * k] for t in range(n_out)) for k in range(3)]
    # pad_2(g) * rot180(w): 3 + 4 - 3 + 1 = 5 entries, x has 9 (the kernel's zeros are missing)
    padded = F.pad(torch.tensor(_G1)[None, None], (2, 2))
    assert F.conv1d(padded, torch.tensor(_W1).flip(0)[None, None]).shape[-1] == 5 != len(_X1)


@pytest.mark.parametrize("template", [_DILATED_ZH, _DILATED_JA], ids=["zh", "ja"])
def test_a_dilation_set_in_cjk_prose_is_the_layers(template):
    text = _dilated_notes(template, _FORWARD, _BACKWARD)
    at = {k + 1: row for k, row in enumerate(text.split("\n"))}
    found = _statuses(text)

    def line(piece: str) -> int:
        return next(k for k, row in at.items() if piece in row)

    assert found[line("x_{t+3k}")] == [VERIFIED]
    assert found[line("g_{s-3k}")] == [VERIFIED]  # the numbered section keeps d = 3
    assert found[line("x_8}")] == [VERIFIED]
    assert VERIFIED in found[line("partial w = (")]  # torch's dL/dw at the notes' numbers
    assert VERIFIED in found[line("partial x = (")]
    assert found[line("operatorname{pad}_2(g)")] == [WRONG]  # the kernel's zeros are missing


@pytest.mark.parametrize("template", [_DILATED_ZH, _DILATED_JA], ids=["zh", "ja"])
def test_undilated_sums_stay_wrong_for_the_dilated_layer(template):
    text = _dilated_notes(template, _FORWARD_UNDILATED, _BACKWARD_UNDILATED)
    at = {k + 1: row for k, row in enumerate(text.split("\n"))}
    found = _statuses(text)
    assert found[next(k for k, row in at.items() if "x_{t+k}" in row)] == [WRONG]
    assert found[next(k for k, row in at.items() if "g_{s-k}" in row)] == [WRONG]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("取单通道，无偏置，$d = 2$：", "2"),
        ("令 $d = 4$，其余不变。", "4"),
        ("设 $d = 2$。", "2"),
        ("1 チャネル、$d = 2$ とする。", "2"),
        ("채널 하나, $d = 2$로 두자.", "2"),
    ],
)
def test_a_cjk_sentence_sets_the_dilation(sentence, value):
    assert ("dilation", value, "prose") in setting_facts(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "输出长度取决于 $d = 2$ 吗？",  # depends on: nothing set
        "提取 $d = 2$ 的特征。",  # extract
        "$d = 2$ とすると出力は短くなる。",  # "if d = 2": a supposition
        "取 $d = 2$ 时参数个数不变。",  # a parameter count's sentence
    ],
)
def test_cjk_words_that_set_nothing(sentence):
    assert not [f for f in setting_facts(sentence) if f[0] == "dilation"]


# --- an input side stated in pixels, and no side in an exponent ---------------------------------
_IM2COL_EN = r"""# Unrolling a convolution

## Setup

Input $X$ with $C = 2$ channels of $6 \times 6$ pixels, $F = 3$ filters of size $k = 3$, stride 1, no padding. The output side is

$$H_o = 6 - 3 + 1 = 4$$

## Columns

Each output position gets a column with the $C k^2$ input values under its window, so the column matrix has $C k^2 = 18$ rows and $H_o W_o = 16$ columns.

## Other settings

With stride 2 and padding 1 on the same input, $H_o = \lfloor (6 + 2 - 3)/2 \rfloor + 1 = SIDE_PADDED$.

With stride 2 and no padding on the same input, $H_o = \lfloor (6 - 3)/2 \rfloor + 1 = SIDE_VALID$.
"""
_IM2COL_ES = r"""# Desenrollar una convolución

## Planteamiento

Entrada $X$ con $C = 2$ canales de $6 \times 6$ píxeles, $F = 3$ filtros de tamaño $k = 3$, paso 1, sin relleno. El lado de la salida es

$$H_o = 6 - 3 + 1 = 4$$

## Columnas

Cada posición de salida recibe una columna con los $C k^2$ valores de entrada de su ventana: $C k^2 = 18$ filas y $H_o W_o = 16$ columnas.

## Otros ajustes

Con paso 2 y relleno 1 sobre la misma entrada, $H_o = \lfloor (6 + 2 - 3)/2 \rfloor + 1 = SIDE_PADDED$.

Con paso 2 y sin relleno sobre la misma entrada, $H_o = \lfloor (6 - 3)/2 \rfloor + 1 = SIDE_VALID$.
"""


def _side(stride: int, padding: int) -> int:
    x = torch.zeros(1, 2, 6, 6)
    return F.conv2d(x, torch.zeros(3, 2, 3, 3), stride=stride, padding=padding).shape[-1]


def test_the_unrolled_sides_are_torchs():
    assert (_side(1, 0), _side(2, 1), _side(2, 0)) == (4, 3, 2)


@pytest.mark.parametrize("template", [_IM2COL_EN, _IM2COL_ES], ids=["en", "es"])
def test_the_input_in_pixels_is_read_and_an_exponent_is_no_side(template):
    text = template.replace("SIDE_PADDED", str(_side(2, 1))).replace("SIDE_VALID", str(_side(2, 0)))
    rows = text.split("\n")
    found = _statuses(text)
    padded = next(k + 1 for k, row in enumerate(rows) if "(6 + 2 - 3)/2" in row)
    valid = next(k + 1 for k, row in enumerate(rows) if "(6 - 3)/2" in row)
    assert found[padded] == [VERIFIED]
    assert found[valid] == [VERIFIED]


@pytest.mark.parametrize("template", [_IM2COL_EN, _IM2COL_ES], ids=["en", "es"])
def test_a_wrong_strided_side_is_still_wrong(template):
    wrong = _side(2, 1) + 1  # floor(5/2) + 1 = 3; 4 is the slip
    text = template.replace("SIDE_PADDED", str(wrong)).replace("SIDE_VALID", str(_side(2, 0)))
    rows = text.split("\n")
    padded = next(k + 1 for k, row in enumerate(rows) if "(6 + 2 - 3)/2" in row)
    assert _statuses(text)[padded] == [WRONG]


def test_pixels_and_exponents_in_passages():
    assert facts("Input $X$ with $C = 3$ channels of $8 \\times 8$ pixels, stride 1.")["in_h"] == [
        8
    ]
    assert facts("Input $X$ with $C = 3$ channels of $8 \\times 8$ pixels.")["c_in"] == [3]
    assert "in_h" not in facts("a column of the $C k^2$ input values of its window")
    assert "in_h" not in facts("the kernel covers 3 x 3 pixels of the input")
    assert facts("224 input, kernel 7")["in_h"] == [224]  # a bare side is still read


# --- the general prover reads a closed form in 1-based notes ------------------------------------
_OPERATOR_EN = r"""# Backward operators

## Problem 2 (one channel, stride 1)

Forward: $Y = X \star W + b$, where $X$ is $H \times H$ and $W$ is $k \times k$; write $G = \partial L / \partial Y$.

Over a batch $n = 1, \dots, N$ the bias gradient is $\frac{\partial L}{\partial b} = \sum_{n=1}^{N} \sum_{i,j} G_{n,i,j}$.

The input gradient is a full correlation with the flipped kernel:

$$\frac{\partial L}{\partial X} = \operatorname{pad}_{k-1}(G) \star KERNEL$$
"""
_OPERATOR_ZH = r"""# 反向传播的算子

## 题 2（单通道，步长 1）

前向：$Y = X \star W + b$，其中 $X$ 是 $H \times H$，$W$ 是 $k \times k$，记 $G = \partial L / \partial Y$。

对批次 $n = 1, \dots, N$ 求和，偏置的梯度是 $\frac{\partial L}{\partial b} = \sum_{n=1}^{N} \sum_{i,j} G_{n,i,j}$。

输入的梯度是与翻转卷积核的完全互相关：

$$\frac{\partial L}{\partial X} = \operatorname{pad}_{k-1}(G) \star KERNEL$$
"""


def test_the_full_correlation_is_torchs_input_gradient():
    torch.manual_seed(17)
    for h, k in ((5, 3), (6, 2)):
        x = torch.randn(1, 1, h, h, dtype=torch.float64, requires_grad=True)
        w = torch.randn(1, 1, k, k, dtype=torch.float64)
        y = F.conv2d(x, w)
        g = torch.randn_like(y)
        (y * g).sum().backward()
        full = F.pad(g, (k - 1,) * 4)
        assert torch.allclose(F.conv2d(full, w.flip(2, 3)), x.grad)
        assert not torch.allclose(F.conv2d(full, w), x.grad)  # the unflipped kernel


@pytest.mark.parametrize("template", [_OPERATOR_EN, _OPERATOR_ZH], ids=["en", "zh"])
def test_a_closed_form_in_one_based_notes_is_not_called_wrong(template):
    text = template.replace("KERNEL", r"\operatorname{rot}_{180}(W)")
    last = len(text.rstrip("\n").split("\n"))
    (status,) = _statuses(text)[last]
    assert status != WRONG  # (the general prover proves no pad_{k-1} yet: not understood)


@pytest.mark.parametrize("template", [_OPERATOR_EN, _OPERATOR_ZH], ids=["en", "zh"])
def test_the_unflipped_kernel_is_still_wrong_in_one_based_notes(template):
    text = template.replace("KERNEL", "W")
    last = len(text.rstrip("\n").split("\n"))
    assert _statuses(text)[last] == [WRONG]


# --- "the formula for stride 1" in notes of a stride-2 layer --------------------------------
_MATRICES = r"""$$X = \begin{bmatrix} 2 & 0 & 1 & -1 & 1 \\ 1 & 3 & 0 & 2 & 0 \\ -1 & 1 & 2 & 0 & 1 \\ 0 & 2 & 1 & 1 & -2 \\ 1 & 0 & -1 & 3 & 2 \end{bmatrix}, \qquad W = \begin{bmatrix} 0 & 1 & 2 \\ -1 & 1 & 0 \\ 1 & 0 & 1 \end{bmatrix}$$"""
_STRIDED_ES = rf"""# Convolución con paso 2

## Planteamiento

Una capa convolucional (correlación cruzada) con un canal de entrada y un filtro, sin sesgo, paso $s = 2$ y relleno de ceros $P = 1$:

{_MATRICES}

## Operadores

Con ceros entre las entradas de $G$: $\frac{{\partial L}}{{\partial X}} = \operatorname{{pad}}_1(\operatorname{{dil}}_2(G)) \star \operatorname{{rot}}_{{180}}(W)$.

LEAD_IN $\frac{{\partial L}}{{\partial X}} = \operatorname{{pad}}_1(G) \star \operatorname{{rot}}_{{180}}(W)$.
"""
_STRIDED_EN = rf"""# Convolution with stride 2

## Setup

One convolutional layer (cross-correlation) with one input channel and one filter, no bias, stride $s = 2$ and zero padding $P = 1$:

{_MATRICES}

## Operators

With zeros between the entries of $G$: $\frac{{\partial L}}{{\partial X}} = \operatorname{{pad}}_1(\operatorname{{dil}}_2(G)) \star \operatorname{{rot}}_{{180}}(W)$.

LEAD_IN $\frac{{\partial L}}{{\partial X}} = \operatorname{{pad}}_1(G) \star \operatorname{{rot}}_{{180}}(W)$.
"""


def _dilated_by_2(g: torch.Tensor) -> torch.Tensor:
    out = torch.zeros(*g.shape[:2], 2 * g.shape[2] - 1, 2 * g.shape[3] - 1, dtype=g.dtype)
    out[..., ::2, ::2] = g
    return out


def test_the_strided_input_gradient_is_torchs():
    torch.manual_seed(41)
    x = torch.randn(1, 1, 5, 5, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    y = F.conv2d(x, w, stride=2, padding=1)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    rot = w.flip(2, 3)
    assert torch.allclose(F.conv2d(F.pad(_dilated_by_2(g), (1,) * 4), rot), x.grad)
    # the stride-1 form without the dilation of G: a 3x3 result for a 5x5 input
    assert F.conv2d(F.pad(g, (1,) * 4), rot).shape[-2:] == (3, 3) != x.grad.shape[-2:]
    # ... which is the input gradient of the stride-1 layer with that padding
    x1 = x.detach().clone().requires_grad_(True)
    y1 = F.conv2d(x1, w, padding=1)
    g1 = torch.randn_like(y1)
    (y1 * g1).sum().backward()
    assert torch.allclose(F.conv2d(F.pad(g1, (1,) * 4), rot), x1.grad)


@pytest.mark.parametrize(
    ("template", "lead_in"),
    [
        (_STRIDED_ES, "Recordemos la fórmula de paso 1:"),
        (_STRIDED_EN, "Recall the formula for stride 1:"),
        (_STRIDED_EN, "With the stride-1 formula one would write"),
    ],
    ids=["es", "en", "en-compound"],
)
def test_a_formula_named_for_stride_1_is_not_verified_for_the_stride_2_layer(template, lead_in):
    text = template.replace("LEAD_IN", lead_in)
    found = _statuses(text)
    last = len(text.rstrip("\n").split("\n"))
    assert found[last - 2] == [VERIFIED]  # the dilated form, at the layer's stride 2
    assert found[last] == [NOT_UNDERSTOOD]  # that case's formula, or the layer's? not read


@pytest.mark.parametrize(
    ("template", "lead_in"),
    [
        (_STRIDED_ES, "Nota para quien aplique la fórmula de paso 1 de memoria:"),
        (_STRIDED_EN, "A note for anyone who applies the formula for stride 1 from memory:"),
        (_STRIDED_EN, "I tried to copy the stride-1 formula,"),
    ],
    ids=["es", "en", "en-compound"],
)
def test_a_stride_1_formula_applied_to_the_stride_2_layer_is_wrong(template, lead_in):
    text = template.replace("LEAD_IN", lead_in)
    last = len(text.rstrip("\n").split("\n"))
    assert _statuses(text)[last] == [WRONG]  # used for this layer: G's zeros are missing


@pytest.mark.parametrize(
    ("template", "lead_in"),
    [(_STRIDED_ES, "Otra forma de escribirlo:"), (_STRIDED_EN, "Another way to write it:")],
    ids=["es", "en"],
)
def test_the_undilated_form_is_wrong_where_no_case_is_named(template, lead_in):
    text = template.replace("LEAD_IN", lead_in)
    last = len(text.rstrip("\n").split("\n"))
    assert _statuses(text)[last] == [WRONG]


@pytest.mark.parametrize(
    ("prose", "case"),
    [
        ("para quien use la fórmula de paso 1 sin pensar", ("stride", "1")),
        ("the formula for stride 1", ("stride", "1")),
        ("the stride-1 formula", ("stride", "1")),
        ("la formule du pas 2", ("stride", "2")),
        ("die Formel für Schrittweite 1", ("stride", "1")),
        ("步长为 1 的公式", ("stride", "1")),
        ("the formula for the output side", None),
        ("the formula for stride 1 and the formula for stride 2", None),  # two cases: none
    ],
)
def test_formula_cases(prose, case):
    assert formula_case(prose) == case


def test_a_formula_case_is_no_fact_of_the_layer():
    assert ("stride", "1", "prose") not in prose_facts(
        "Observación para quien use la fórmula de paso 1 sin pensar: también vale."
    )
    assert ("stride", "2", "prose") in prose_facts("La capa tiene paso 2 y relleno 1.")
