"""Layers stated in words the checker used to miss, and readings that turned a verdict around.

Each case is a short note in a style of its own (a German exercise solution, a TA's rubric,
a library README, an Italian handout, a Q&A post, Spanish exam notes, slides); each failed
before its fix with a false alarm, a miss or a wrong reading of the layer.  Truth: output
shapes and gradients from torch (``F.conv1d`` / ``F.conv2d`` / pooling with autograd), or
counts from the module's own parameters.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _statuses(text: str, line: int) -> list[str]:
    return [v.status for v in check_text(text, "notes.md").verdicts if v.line == line]


def _line_of(text: str, piece: str) -> int:
    return next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)


def _out_side(size: int, k: int, s: int, pool: bool = False) -> int:
    x = torch.zeros(1, 1, size, size)
    y = F.max_pool2d(x, k, s) if pool else F.conv2d(x, torch.zeros(1, 1, k, k), stride=s)
    return int(y.shape[-1])


# ---------------------------------------------------------------- German size words
GERMAN = (
    "Die Schicht bekommt ein Eingabebild $X \\in \\mathbb{{R}}^{{5\\times 5}}$ und einen Kern "
    "$K \\in \\mathbb{{R}}^{{3\\times 3}}$, Schrittweite 1, kein Padding.\n\n"
    "Teil (b) fragt nach einem $6\\times 6$-Bild, dem gleichen $3\\times3$-Kern, Schrittweite "
    "2 und ohne Padding:\n\n$$H_{{out}} = {claim}$$\n"
)


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("\\left\\lceil \\frac{6-3}{2} \\right\\rceil + 1 = 3", 3),
        ("\\left\\lfloor \\frac{6-3}{2} \\right\\rfloor + 1 = 2", 2),
    ],
)
def test_a_german_part_states_its_own_image_and_kernel(claim, value):
    right = value == _out_side(6, 3, 2)  # torch: floor((6-3)/2)+1 = 2
    text = GERMAN.format(claim=claim)
    got = _statuses(text, _line_of(text, "H_{out}"))
    assert got[0] == (VERIFIED if right else WRONG), got


# ---------------------------------------------------------------- a titled stem
RUBRIC = """HW5, Question 3: grading notes

**The question.** An input $x$ of size $5 \\times 5$ goes through a convolution with a \
$3 \\times 3$ kernel $w$, stride 2 and no padding. Indices are 0-based and \
$g_{{ij}} = \\partial L / \\partial y_{{ij}}$.

**Reference answers.**

(b) $\\dfrac{{\\partial L}}{{\\partial w_{{mn}}}} = {answer}$

(c) Student A wrote $\\frac{{\\partial L}}{{\\partial w_{{mn}}}} = {student}$.
"""


def test_lettered_parts_take_the_layer_from_a_titled_question():
    stride2 = "\\sum_{i=0}^{1}\\sum_{j=0}^{1} g_{ij}\\, x_{2i+m,\\,2j+n}"
    stride1 = "\\sum_{i,j} g_{ij}\\, x_{i+m,j+n}"  # the stride ignored
    x = torch.randn(1, 1, 5, 5, dtype=torch.float64)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    g = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    (dw,) = torch.autograd.grad(F.conv2d(x, w, stride=2), w, g)
    at = (x[0, 0, ::2, ::2][:2, :2] * g[0, 0]).sum()  # the stride-2 sum at m = n = 0
    assert torch.isclose(dw[0, 0, 0, 0], at)
    text = RUBRIC.format(answer=stride2, student=stride1)
    assert _statuses(text, _line_of(text, "(b)")) == [VERIFIED]
    assert _statuses(text, _line_of(text, "Student A")) == [WRONG]


# ---------------------------------------------------------------- samples from 1
def test_samples_numbered_from_one_over_a_zero_based_batch_are_not_called_wrong():
    text = (
        "A batch of 8 images of $5\\times 5$ goes through a $3\\times 3$ convolution with a "
        "bias $b$, stride 2, no padding; indices are 0-based and $g^{(n)}_{ij}$ is the "
        "gradient of image $n$. The loss is the mean over the batch.\n\n"
        "$$\\frac{\\partial L}{\\partial b} = \\frac{1}{8}\\sum_{n=1}^{8}\\sum_{i,j} "
        "g^{(n)}_{ij}$$\n"
    )
    got = _statuses(text, _line_of(text, "sum_{n=1}"))
    assert WRONG not in got and VERIFIED not in got


# ---------------------------------------------------------------- an interface's defaults
README = """## Layers

### `Conv1D(in_ch, out_ch, kernel, dilation=1)`

The running example has an input of length $L = 10$, kernel $K = 3$ and dilation $d = 2$, \
so the output has length $L - d(K-1) = {length}$.

$$y[t] = b + \\sum_{{k=0}}^{{K-1}} w[k]\\, x[t + d k]$$

$$\\text{{dW}}[k] = \\sum_{{t=0}}^{{5}} \\text{{dout}}[t]\\, x[t + d k]$$

Parameters: `Conv1D(4, 8, 3)` has $P = 4 \\cdot 8 \\cdot 3 + 8 = {count}$ trainable numbers.
"""


def _conv1d_truth() -> tuple[int, int]:
    out = F.conv1d(torch.zeros(1, 1, 10), torch.zeros(1, 1, 3), dilation=2).shape[-1]
    count = sum(p.numel() for p in torch.nn.Conv1d(4, 8, 3).parameters())
    return int(out), count


def test_a_signature_default_is_no_layer_fact_and_conv1d_counts_one_axis():
    out, count = _conv1d_truth()  # 6 and 104
    text = README.format(length=out, count=count)
    assert _statuses(text, _line_of(text, "L - d(K-1)"))[-1] == VERIFIED
    assert _statuses(text, _line_of(text, "y[t] = b")) == [VERIFIED]
    assert _statuses(text, _line_of(text, "Conv1D(4, 8, 3)"))[0] == VERIFIED
    wrong = README.format(length=out + 2, count=count - 8)  # 8 (dilation 1) and no biases
    assert _statuses(wrong, _line_of(wrong, "L - d(K-1)"))[-1] == WRONG
    assert _statuses(wrong, _line_of(wrong, "Conv1D(4, 8, 3)"))[0] == WRONG


def test_a_word_indexed_like_a_tensor_is_never_read_as_its_index():
    out, count = _conv1d_truth()
    text = README.format(length=out, count=count)
    # \text{dout}[t] is no tensor the checker knows: not understood, never wrong
    assert _statuses(text, _line_of(text, "dout")) == [NOT_UNDERSTOOD]


# ---------------------------------------------------------------- Kronecker's product
KRON = """Una entrada de $4\\times 4$, un filtro $K$ de $2\\times 2$, stride 2, sin padding, sin \
bias, índices desde 0.

Con stride 2 y filtro 2 las ventanas no se pisan: es el producto de Kronecker

$$\\frac{{\\partial L}}{{\\partial X}} = {right}$$
"""


@pytest.mark.parametrize(
    ("right", "holds"),
    [("G \\otimes K", True), ("G \\otimes \\operatorname{rot}_{180}(K)", False)],
)
def test_the_input_gradient_as_a_kronecker_product(right, holds):
    x = torch.randn(1, 1, 4, 4, dtype=torch.float64, requires_grad=True)
    k = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    g = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    (dx,) = torch.autograd.grad(F.conv2d(x, k, stride=2), x, g)
    block = k[0, 0] if holds else torch.flip(k[0, 0], (0, 1))
    assert torch.allclose(dx[0, 0], torch.kron(g[0, 0], block)) is holds
    text = KRON.format(right=right)
    assert _statuses(text, _line_of(text, "otimes")) == [VERIFIED if holds else WRONG]


# ---------------------------------------------------------------- Italian prose
ITALIAN = """### Impostazione

L'ingresso è una matrice $X$ di dimensione $5 \\times 5$, il filtro $W$ ha dimensione \
$3 \\times 3$, il bias $b$ è uno scalare; passo (stride) unitario e nessun padding. Tutti \
gli indici partono da 0.

$$H_{out} = 5 - 3 + 1 = 3$$
{delta}
Conviene porre $\\delta_{i,j} = 0$ quando $i$ oppure $j$ esce dall'insieme $\\{0, 1, 2\\}$.

$$\\frac{\\partial \\mathcal{L}}{\\partial w_{m,n}} = \\sum_{i=0}^{2} \\sum_{j=0}^{2} \
\\delta_{i,j} \\, x_{i+m,\\,j+n}$$
"""


DELTA = (
    "\nIl gradiente in arrivo è "
    "$\\delta_{i,j} = \\frac{\\partial \\mathcal{L}}{\\partial y_{i,j}}$.\n"
)


def test_an_italian_handout_states_its_layer_and_its_convention():
    x = torch.randn(1, 1, 5, 5, dtype=torch.float64)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    delta = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    (dw,) = torch.autograd.grad(F.conv2d(x, w), w, delta)
    assert torch.allclose(dw, F.conv2d(x, delta))  # the claim's sum: x correlated with δ
    text = ITALIAN.replace("{delta}", DELTA)
    assert _statuses(text, _line_of(text, "H_{out}"))[-1] == VERIFIED
    assert _statuses(text, _line_of(text, "Conviene")) == []  # a convention
    assert _statuses(text, _line_of(text, "partial w_{m,n}")) == [VERIFIED]
    # δ never defined: the same sum reads as an error term or as Kronecker's delta
    bare = ITALIAN.replace("{delta}", "")
    assert _statuses(bare, _line_of(bare, "partial w_{m,n}")) == [NOT_UNDERSTOOD]


# ---------------------------------------------------------------- an answer's own layer
QA = """**Q: kernel sizes**

My block has kernel $K = 2$ and dilations 1, 2, 4. Is that right?

---

**A:** (accepted)

A toy layer first: one channel, input $x$ of length $L = 12$, kernel $w$ of length $K = 3$, \
dilation $d = 2$, stride 1, no padding, 0-based indices, $x[t]$ bracket notation.

$$L_{out} = 12 - 2 \\cdot (3 - 1) = 8$$

$$y[t] = \\sum_{k=0}^{2} w[k] \\, x[t + 2k]$$

**Stride instead of dilation.** Now $d = 1$, $K = 3$, stride $S = 2$, input length $L = 13$, \
which gives 6 outputs.

$$L_{out} = \\lfloor (13 - 3)/2 \\rfloor + 1 = 6$$
"""


def test_an_answer_post_and_a_titled_variation_are_read_with_their_own_layers():
    dilated = F.conv1d(torch.zeros(1, 1, 12), torch.zeros(1, 1, 3), dilation=2).shape[-1]
    strided = F.conv1d(torch.zeros(1, 1, 13), torch.zeros(1, 1, 3), stride=2).shape[-1]
    assert (dilated, strided) == (8, 6)
    first = _line_of(QA, "12 - 2")
    assert _statuses(QA, first)[-1] == VERIFIED
    assert _statuses(QA, _line_of(QA, "y[t] =")) == [VERIFIED]
    assert _statuses(QA, _line_of(QA, "(13 - 3)/2"))[-1] == VERIFIED


# ---------------------------------------------------------------- global average pooling
GAP = """## 2. Max pooling

Ventana $2\\times 2$, paso 2, sobre un mapa $4 \\times 4$.

## 3. Global average pooling

La entrada $a$ tiene 3 canales de $4 \\times 4$; cada canal se reduce a un número $z_c$,

$$z_c = \\frac{{1}}{{{n}}} \\sum_{{i=1}}^{{4}} \\sum_{{j=1}}^{{4}} a_{{c,i,j}}$$

## 4. Tamaños

Para un mapa $4 \\times 4$ con ventana 3 y paso 2 (PyTorch por defecto):

$$H_{{out}} = \\left\\lceil \\frac{{4 - 3}}{{2}} \\right\\rceil + 1 = 2$$
"""


def test_global_average_pooling_takes_the_whole_map_and_a_window_in_words_is_read():
    a = torch.randn(1, 3, 4, 4, dtype=torch.float64)
    assert torch.allclose(F.adaptive_avg_pool2d(a, 1).flatten(), a.mean(dim=(2, 3)).flatten())
    right = GAP.format(n=16)
    assert _statuses(right, _line_of(right, "z_c ="))[0] == VERIFIED
    assert _out_side(4, 3, 2, pool=True) == 1  # the ceiling's 2 is wrong
    assert _statuses(right, _line_of(right, "lceil"))[0] == WRONG
    wrong = GAP.format(n=4)
    assert _statuses(wrong, _line_of(wrong, "z_c ="))[0] == WRONG


# ---------------------------------------------------------------- slides' sizes
SLIDES = """## Slide 1

- batch of 2 images, 2 channels each, 6×6 pixels
- 4 filters of size 3×3, stride 1, no padding

## Slide 2

$$H_{out} = 6 - 3 + 1 = 4$$

- so each image gives 4 maps of 4×4
"""


def test_pixels_are_the_input_and_what_an_image_gives_is_the_output():
    assert _out_side(6, 3, 1) == 4
    assert _statuses(SLIDES, _line_of(SLIDES, "H_{out}"))[-1] == VERIFIED


# ---------------------------------------------------------------- an operator's result's size
WORKED = """## A small example by hand

We take $X$ of size $3 \\times 3$ and $K$ of size $2 \\times 2$, $b = 0$, so that $Y$ is \
$2 \\times 2$.

For the input, with $\\operatorname{pad}_1(G)$ of size $4 \\times 4$,

$$\\frac{\\partial \\mathcal{L}}{\\partial X} = \\operatorname{pad}_1(G) \\star \
\\operatorname{rot}_{180}(K)$$
"""


def test_the_size_of_an_operators_result_is_not_the_inputs():
    x = torch.randn(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    k = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    g = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    (dx,) = torch.autograd.grad(F.conv2d(x, k), x, g)
    padded = F.pad(g, (1, 1, 1, 1))
    assert padded.shape[-1] == 4  # pad_1(G) is the 4x4 of the sentence
    assert torch.allclose(dx, F.conv2d(padded, torch.flip(k, (-2, -1))))
    got = check_text(WORKED, "notes.md").verdicts
    claim = [v for v in got if v.line == _line_of(WORKED, "rot}_{180}")]
    assert [v.status for v in claim] == [VERIFIED]
    assert "3x3" in claim[0].message  # judged on the 3x3 input, not on the padded G's 4x4
