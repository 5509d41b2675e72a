"""Claims about another case than the section's layer, and layers only guessed.

Each note is short and in a style of its own (a forum thread, a cheat sheet, a French
course, a Spanish lecture, a README); each case was a false alarm or a miss before its fix:

- an answer to "What if the layer had padding 1?" is judged under padding 1;
- "assume s divides H - k": a stride-s claim is not judged where s does not divide;
- an H_out formula under a 1-D layer the checker only guessed is judged over 2-D sizes;
- ``b_{u,v}`` in the definition of ``(A \\star B)_{i,j}`` is B's entry, not an untied bias;
- a general claim whose sums run to fixed numbers is not "false for all sizes";
- a heading's stride ("## 3. Stride 2") belongs to its own section, not to the next;
- a display whose lead-in sets another kernel ("for the even kernel $K = 4$") is not judged
  under the section's kernel;
- ``X^{(s)}``, ``\\delta^{(p)}``: a letter in brackets numbering samples is the batch index;
- ``\\delta^{(p)} = \\partial E_p / \\partial z^{(p)}`` under a mean loss is not dL/dz.

Truth: gradients and shapes from torch autograd (``F.conv2d``, ``F.avg_pool2d``).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG


def _dx_by_formula(g: torch.Tensor, w: torch.Tensor, stride: int, pad: int) -> torch.Tensor:
    """pad_pad(dilate_stride(G)) correlated with rot180(W), for one map (torch ops only)."""
    n = g.shape[-1]
    dilated = torch.zeros(1, 1, stride * (n - 1) + 1, stride * (n - 1) + 1, dtype=g.dtype)
    dilated[..., ::stride, ::stride] = g
    return F.conv2d(F.pad(dilated, (pad,) * 4), torch.flip(w, (-2, -1)))


def _dx_true(size: int, w: torch.Tensor, g: torch.Tensor, stride: int, pad: int):
    x = torch.randn(1, 1, size, size, dtype=torch.float64, requires_grad=True)
    (dx,) = torch.autograd.grad(F.conv2d(x, w, stride=stride, padding=pad), x, g)
    return dx


# ---------------------------------------------------------------- a what-if answered
THREAD = """**Q:** My layer takes a $5\\times 5$ input $\\mathbf{{X}}$, a $3\\times 3$ kernel \
$\\mathbf{{K}}$, stride 2, no padding, and $\\mathbf{{G}} = \\partial L/\\partial \\mathbf{{Y}}$. \
Is $\\frac{{\\partial L}}{{\\partial \\mathbf{{X}}}} = \\operatorname{{pad}}_2(\
\\operatorname{{dilate}}_2(\\mathbf{{G}})) \\star \\operatorname{{rot}}_{{180}}(\\mathbf{{K}})$ \
right?

> Yes, that is right.

> And what if the layer had padding 1?

> Then G is still $3\\times 3$ and only the padding changes: \
$\\frac{{\\partial L}}{{\\partial \\mathbf{{X}}}} = {answer}$.
"""


def test_an_answer_to_what_if_padding_1_is_judged_under_padding_1():
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    g = torch.randn(1, 1, 3, 3, dtype=torch.float64)  # (5 + 2 - 3) // 2 + 1 = 3
    true = _dx_true(5, w, g, 2, 1)
    for pad in (1, 2):
        holds = torch.allclose(_dx_by_formula(g, w, 2, pad), true) if pad == 1 else False
        if pad == 2:  # pad_2 gives a 7x7 map where X is 5x5: false under padding 1
            assert _dx_by_formula(g, w, 2, pad).shape[-1] != true.shape[-1]
        answer = (
            f"\\operatorname{{pad}}_{pad}(\\operatorname{{dilate}}_2(\\mathbf{{G}})) \\star "
            "\\operatorname{rot}_{180}(\\mathbf{K})"
        )
        got = statuses(THREAD.format(answer=answer), "only the padding changes")
        assert got == [VERIFIED if holds else WRONG], (pad, got)
    # the question's own claim, under the stated layer (padding 0), is right
    g2 = g[..., :2, :2]  # (5 - 3) // 2 + 1 = 2 outputs per side without padding
    assert torch.allclose(_dx_by_formula(g2, w, 2, 2), _dx_true(5, w, g2, 2, 0))
    asked = statuses(THREAD.format(answer="0"), "Is $")  # (G's definition shares the line)
    assert asked and set(asked) == {VERIFIED}, asked


# ---------------------------------------------------------------- an exact-fit assumption
SHEET = """Setup: one channel. $X$ is $H\\times W$, $K$ is $k\\times k$, $Y = X\\star_s K$ \
(valid cross-correlation, no padding), $G = \\partial L/\\partial Y$.

**Stride $s$** ({assumption}no padding)

1. $\\frac{{\\partial L}}{{\\partial X}}=\\operatorname{{pad}}_{{k-1}}(\
\\operatorname{{dilate}}_s(G))\\star\\operatorname{{rot180}}(K)$
"""


def test_an_assumed_exact_fit_is_not_judged_where_the_stride_does_not_fit():
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    # s = 3 divides H - k = 6 at H = 8: the formula gives dL/dX exactly
    g = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    assert torch.allclose(_dx_by_formula(g, w, 3, 1), _dx_true(8, w, g, 3, 0))
    # at H = 9 (H - k = 7) the last row and column of X get no gradient from it: 8x8, not 9x9
    assert _dx_by_formula(g, w, 3, 1).shape[-1] != _dx_true(9, w, g, 3, 0).shape[-1]
    assumed = statuses(SHEET.format(assumption="assume $s$ divides $H-k$, "), "1. $")
    assert assumed != [WRONG] and assumed[0] in (VERIFIED, NOT_UNDERSTOOD), assumed
    # unassumed, the formula is right at every fitting size and short of the unread rows
    # elsewhere: which sizes the notes mean is not read (never verified, never a false alarm)
    assert statuses(SHEET.format(assumption=""), "1. $") == [NOT_UNDERSTOOD]
    unturned = SHEET.replace("\\operatorname{{rot180}}(K)", " K")
    assert unturned != SHEET
    flipped = torch.flip(w, (-2, -1))  # correlating with it: the kernel left unturned
    assert not torch.allclose(_dx_by_formula(g, flipped, 3, 1), _dx_true(8, w, g, 3, 0))
    assert statuses(unturned.format(assumption=""), "1. $") == [WRONG]  # wrong where s fits


# ---------------------------------------------------------------- a guessed 1-D layer
# (the last section's maps X^{(n)}_c, one per channel, make the checker guess a 1-D layer)
SIZES = """Setup: $X$ is $H\\times W$, $K$ is $k\\times k$, $Y = X\\star K$.

**Sizes** (padding $p\\ge 0$, stride $s\\ge1$)

$$H_{\\text{out}}=\\left\\lfloor\\frac{H+2p-k}{s}\\right\\rfloor+1$$

$$H_{\\text{out}}=\\left\\lceil\\frac{H+2p-k}{s}\\right\\rceil+1$$

**Channels and batch** ($X^{(n)}_c$: sample $n$, channel $c$; $K_{f,c}$; \
$Y^{(n)}_f=\\sum_c X^{(n)}_c\\star K_{f,c}$)

$\\frac{\\partial L}{\\partial K_{f,c}}=\\sum_{n}X^{(n)}_c\\star G^{(n)}_f$
"""


def test_an_output_size_formula_is_judged_over_2d_sizes_under_a_guessed_layer():
    def torch_side(h: int, k: int, s: int, p: int) -> int:
        x = torch.zeros(1, 1, h, h)
        return int(F.conv2d(x, torch.zeros(1, 1, k, k), stride=s, padding=p).shape[-1])

    grid = [(h, k, s, p) for h in range(2, 9) for k in range(1, 4) for s in (1, 2, 3)
            for p in (0, 1) if k <= h + 2 * p]  # fmt: skip
    assert all(torch_side(h, k, s, p) == (h + 2 * p - k) // s + 1 for h, k, s, p in grid)
    assert torch_side(3, 2, 2, 0) != -(-(3 - 2) // 2) + 1  # the ceiling is one too many
    assert statuses(SIZES, "\\rfloor+1") == [VERIFIED]
    assert statuses(SIZES, "\\rceil+1") == [WRONG]


# ---------------------------------------------------------------- b_{u,v} of a matrix B
LECTURE = """## 5.3 Backpropagation of the convolutional layer

The input is $\\mathbf{{X}}\\in\\mathbb{{R}}^{{C\\times H\\times W}}$ with $C=2$ and $H=W=5$. \
The layer has $F=3$ kernels $\\mathbf{{W}}_f\\in\\mathbb{{R}}^{{C\\times 3\\times 3}}$ and one \
bias $b_f$ for each kernel, stride 1, no padding. Indices start from 0.

$$z_{{f,i,j}}={forward}$$

Each output channel is a $3\\times 3$ matrix. For matrices we write \
$(\\mathbf{{A}}\\star\\mathbf{{B}})_{{i,j}}=\\sum_{{u}}\\sum_{{v}}\
a_{{i+u,j+v}}\\,b_{{u,v}}$.
"""


def test_the_entries_of_a_matrix_b_are_no_untied_bias():
    x = torch.randn(1, 2, 5, 5, dtype=torch.float64)
    w = torch.randn(3, 2, 3, 3, dtype=torch.float64)
    b = torch.randn(3, dtype=torch.float64)
    z = F.conv2d(x, w, b)
    by_sum = torch.einsum("fcuv,cijuv->fij", w, x[0].unfold(1, 3, 1).unfold(2, 3, 1))
    assert torch.allclose(z[0], by_sum + b[:, None, None])  # one bias per filter
    right = "\\sum_{c=0}^{C-1}\\sum_{u=0}^{2}\\sum_{v=0}^{2} w_{f,c,u,v}\\, x_{c,i+u,j+v}+b_f"
    dropped = "\\sum_{c=0}^{C-1}\\sum_{u=0}^{2}\\sum_{v=0}^{2} w_{f,c,u,v}\\, x_{c,i+u,j+v}"
    assert statuses(LECTURE.format(forward=right), "z_{f,i,j}=") == [VERIFIED]
    assert statuses(LECTURE.format(forward=dropped), "z_{f,i,j}=") == [WRONG]


# ---------------------------------------------------------------- literal bounds, symbolic F
def test_a_general_claim_with_fixed_kernel_bounds_is_not_false_for_all_sizes():
    note = LECTURE.format(forward="0") + (
        "\nand the error sent back is (with $\\delta_{f,i,j}=0$ outside $0..2$)\n\n"
        "$$\\frac{\\partial E}{\\partial x_{c,p,q}}=\\sum_{f=0}^{F-1}\\sum_{u=0}^{2}"
        "\\sum_{v=0}^{2}\\delta_{f,p-u,q-v}\\,w_{f,c,u,v}$$\n"
    )
    x = torch.randn(1, 2, 5, 5, dtype=torch.float64, requires_grad=True)
    w = torch.randn(3, 2, 3, 3, dtype=torch.float64)
    delta = torch.randn(1, 3, 3, 3, dtype=torch.float64)
    (dx,) = torch.autograd.grad(F.conv2d(x, w), x, delta)
    padded = F.pad(delta, (2, 2, 2, 2))  # delta_{f,p-u,q-v}, zero outside
    windows = padded[0].unfold(1, 3, 1).unfold(2, 3, 1).flip(-1, -2)
    by_sum = torch.einsum("fcuv,fpquv->cpq", w, windows)
    assert torch.allclose(dx[0], by_sum)  # the claim holds for the notes' layer
    assert WRONG not in statuses(note, "\\sum_{f=0}^{F-1}")


# ---------------------------------------------------------------- a heading's own stride
COURSE = """# Tema 5: relleno 'same'

Una sola imagen de un canal, de tamaño $5 \\times 5$, y un núcleo $W$ de $3 \\times 3$. \
Índices desde 0.

## 3. Paso 2

Con paso $S$ el criterio 'same' da una salida de $\\lceil H/S \\rceil$.

## 4. Retropropagación con relleno 1

Sea $G = \\partial L / \\partial Y$, del mismo tamaño que la entrada. Con relleno 1:

$$\\frac{{\\partial L}}{{\\partial X}} = {claim}$$
"""


def test_a_stride_named_by_a_heading_stays_in_its_section():
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    g = torch.randn(1, 1, 5, 5, dtype=torch.float64)
    true = _dx_true(5, w, g, 1, 1)
    assert torch.allclose(_dx_by_formula(g, w, 1, 1), true)
    right = "\\operatorname{pad}_1(G) \\star \\operatorname{rot}_{180}(W)"
    text = COURSE.replace("{{", "{").replace("}}", "}").replace("{claim}", right)
    assert statuses(text, "\\partial X}") == [VERIFIED]


# ---------------------------------------------------------------- a lead-in's own kernel
LEAD_IN = """## 4. Backward pass with 'same' padding

The input is $5\\times 5$, the kernel $W$ is $3\\times 3$, stride 1, padding 1, and \
$G = \\partial L / \\partial Y$ is $5\\times 5$.

For the even kernel $K = 4$ with the asymmetric padding of section 2, G must be padded the \
other way round. If one forgets and uses the same formula,

$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_1(G) \\star \\operatorname{rot}_{180}(W)$$

the sizes do not even match.
"""


def test_a_display_after_a_lead_in_with_another_kernel_is_not_judged_with_the_layers():
    w4 = torch.randn(1, 1, 4, 4, dtype=torch.float64)
    g = torch.randn(1, 1, 5, 5, dtype=torch.float64)
    # 'same' for K = 4 pads 1 before and 2 after; pad_1(G) * rot(W) is then 4x4, not 5x5
    assert _dx_by_formula(g, w4, 1, 1).shape[-1] == 4
    assert statuses(LEAD_IN, "\\partial X}") == [NOT_UNDERSTOOD]


# ---------------------------------------------------------------- samples named in brackets
BATCH = """## 3.5 Several channels and a mini-batch

The input has $C = 2$ channels of $4 \\times 4$, the layer has $F = 2$ filters of size \
$3 \\times 3$, stride 1, no padding, and one treats a mini-batch of $N = 3$ images \
$X^{{(s)}}$, $s = 1, \\dots, 3$. The loss is the **sum** of the three losses. Indices start \
at 1. With $G^{{(s)}}_{{f,i,j}} = \\partial \\mathcal{{L}} / \\partial Y^{{(s)}}_{{f,i,j}}$,

$$\\frac{{\\partial \\mathcal{{L}}}}{{\\partial K_{{f,c,u,v}}}} = {claim}$$
"""


def test_a_sample_letter_s_in_brackets_is_the_batch_index():
    x = torch.randn(3, 2, 4, 4, dtype=torch.float64)
    k = torch.randn(2, 2, 3, 3, dtype=torch.float64, requires_grad=True)
    g = torch.randn(3, 2, 2, 2, dtype=torch.float64)
    (dk,) = torch.autograd.grad(F.conv2d(x, k), k, g)
    windows = x.unfold(2, 3, 1).unfold(3, 3, 1)  # (s, c, i, j, u, v)
    assert torch.allclose(dk, torch.einsum("sfij,scijuv->fcuv", g, windows))  # summed over s
    summed = (
        "\\sum_{s=1}^{3} \\sum_{i=1}^{2} \\sum_{j=1}^{2} G^{(s)}_{f,i,j} \\, "
        "X^{(s)}_{c,\\, i+u-1,\\, j+v-1}"
    )
    one = "\\sum_{i=1}^{2} \\sum_{j=1}^{2} G^{(1)}_{f,i,j} \\, X^{(1)}_{c,\\, i+u-1,\\, j+v-1}"
    assert not torch.allclose(dk, torch.einsum("fij,cijuv->fcuv", g[0], windows[0]))
    assert statuses(BATCH.format(claim=summed), "\\partial K_") == [VERIFIED]
    assert statuses(BATCH.format(claim=one), "\\partial K_") != [VERIFIED]


MEAN = """my derivation, conv layer

setup: input $x$ is $4\\times4$, filter $w$ is $2\\times2$, stride 1, no padding, so $z$ is \
$3\\times3$. indices start at 1.

$z_{ij} = \\sum_{m=1}^{2}\\sum_{n=1}^{2} w_{mn}\\,x_{i+m-1,\\,j+n-1} + b$ and \
$\\delta_{ij} = \\dfrac{\\partial E}{\\partial z_{ij}}$.

batch version: $N$ images, $E = \\frac{1}{N}\\sum_{p=1}^{N} E_p$, \
$\\delta^{(p)}_{ij} = \\partial E_p/\\partial z^{(p)}_{ij}$. So \
$\\dfrac{\\partial E}{\\partial w_{mn}} = SUM\\sum_{p=1}^{N}\\sum_{i,j}\\delta^{(p)}_{ij}\\,\
x^{(p)}_{i+m-1,\\,j+n-1}$.
"""


def test_a_sample_losss_named_gradient_under_a_mean_is_not_taken_for_dl_dz():
    x = torch.randn(2, 1, 4, 4, dtype=torch.float64)
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64, requires_grad=True)
    per_sample = torch.randn(2, 1, 3, 3, dtype=torch.float64)  # delta^(p) = dE_p/dz^(p)
    z = F.conv2d(x, w)
    mean = (z * per_sample).sum() / 2  # E = (1/N) sum_p E_p, each E_p linear in z^(p)
    (dw,) = torch.autograd.grad(mean, w)
    windows = x.unfold(2, 2, 1).unfold(3, 2, 1)
    by_sum = torch.einsum("pij,pijmn->mn", per_sample[:, 0], windows[:, 0])
    assert torch.allclose(dw[0, 0], by_sum / 2)  # the 1/N belongs in the formula
    right = statuses(MEAN.replace("SUM", "\\frac{1}{N}"), "batch version")
    forgot = statuses(MEAN.replace("SUM", ""), "batch version")
    assert WRONG not in right and VERIFIED not in forgot, (right, forgot)


# ---------------------------------------------------------------- a pooling window by its side
HOMEWORK = """# HW 6, Problem 2 (solution)

Indices are 1-based and the input is

$$X = \\begin{pmatrix} 1 & 4 & 2 & 0 & 3 \\\\ 5 & 2 & 7 & 1 & 2 \\\\ 0 & 6 & 3 & 8 & 1 \\\\ \
2 & 1 & 4 & 2 & 9 \\\\ 3 & 0 & 5 & 6 & 4 \\end{pmatrix}$$

## (a) Max pooling, window 3, stride 2

$$Y = \\begin{pmatrix} 7 & 8 \\\\ 6 & 9 \\end{pmatrix}$$
"""


def test_a_pooling_window_given_by_its_side_is_square():
    x = torch.tensor(
        [[1, 4, 2, 0, 3], [5, 2, 7, 1, 2], [0, 6, 3, 8, 1], [2, 1, 4, 2, 9], [3, 0, 5, 6, 4]],
        dtype=torch.float64,
    )
    y = F.max_pool2d(x[None, None], 3, 2)[0, 0]
    assert y.tolist() == [[7, 8], [6, 9]]
    assert statuses(HOMEWORK, "Y = ") == [VERIFIED]
    assert statuses(HOMEWORK.replace("7 & 8", "7 & 7"), "Y = ") == [WRONG]


# ---------------------------------------------------------------- a feature map named x
POOL_LECTURE = """## 12.1 Average pooling

Take a $4\\times 4$ feature map $x$ (0-based indices) and $2\\times 2$ windows with stride 2, \
so the output $y$ is $2\\times 2$:

$$y_{i,j} = \\frac{1}{4}\\sum_{a=0}^{1}\\sum_{b=0}^{1} x_{2i+a,\\,2j+b}$$
"""


def test_a_feature_map_named_x_is_the_poolings_input():
    x = torch.randn(1, 1, 4, 4, dtype=torch.float64)
    y = F.avg_pool2d(x, 2, 2)
    assert torch.isclose(y[0, 0, 1, 0], x[0, 0, 2:4, 0:2].mean())
    assert statuses(POOL_LECTURE, "y_{i,j} =") == [VERIFIED]


# ---------------------------------------------------------------- an upstream gradient of ones
BLOG = """## Gradient for the input

We take a single-channel input `x` of size 5×5 and a 3×3 kernel `w`, stride 1, no padding, \
0-indexed.

$$\\frac{\\partial E}{\\partial x[p][q]} = \\sum_{m=0}^{2} \\sum_{n=0}^{2} \
\\frac{\\partial E}{\\partial y[p-m][q-n]} \\, w[m][n]$$

Sanity check with $E = \\sum_{i,j} y[i][j]$ (so `dy` is all ones): the corner pixel is only \
ever seen by the top-left weight:

$$\\frac{\\partial E}{\\partial x[0][0]} = w[0][0]$$

$$\\frac{\\partial E}{\\partial x[0][1]} = w[0][0] + w[0][1]$$
"""


def test_a_claim_under_an_upstream_gradient_of_ones_is_not_called_wrong():
    x = torch.randn(1, 1, 5, 5, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    (dx,) = torch.autograd.grad(F.conv2d(x, w).sum(), x)  # E = sum of y: dy all ones
    assert torch.isclose(dx[0, 0, 0, 0], w[0, 0, 0, 0])
    assert torch.isclose(dx[0, 0, 0, 1], w[0, 0, 0, 0] + w[0, 0, 0, 1])
    for piece in ("x[0][0]} = w", "x[0][1]} = w"):
        got = statuses(BLOG, piece)
        assert got and WRONG not in got, (piece, got)
    assert statuses(BLOG, "\\partial x[p][q]") == [VERIFIED]  # dL/dy kept symbolic


# ---------------------------------------------------------------- counts set with "say"
CHANNELS = """## More channels

We take an input `x` of size 5×5 and a 3×3 kernel, stride 1, no padding, 0-indexed. Real \
layers have $C$ input channels and $F$ filters. With `x[c][i][j]` and `w[f][c][m][n]`, say \
$C = 3$ and $F = 8$:

$$\\frac{{\\partial E}}{{\\partial w[f][c][m][n]}} = {claim}$$
"""


def test_channel_counts_set_by_letter_are_the_layers():
    x = torch.randn(1, 3, 5, 5, dtype=torch.float64)
    w = torch.randn(8, 3, 3, 3, dtype=torch.float64, requires_grad=True)
    g = torch.randn(1, 8, 3, 3, dtype=torch.float64)
    (dw,) = torch.autograd.grad(F.conv2d(x, w), w, g)
    windows = x[0].unfold(1, 3, 1).unfold(2, 3, 1)  # (c, i, j, m, n)
    assert torch.allclose(dw[:, 1], torch.einsum("fij,ijmn->fmn", g[0], windows[1]))
    one = (
        "\\sum_{i=0}^{2} \\sum_{j=0}^{2} \\frac{\\partial E}{\\partial y[f][i][j]} \\, "
        "x[c][i+m][j+n]"
    )
    summed = "\\sum_{c=0}^{C-1} " + one  # c is the left side's own index: summed, it is wrong
    assert statuses(CHANNELS.format(claim=one), "w[f][c][m][n]} =") == [VERIFIED]
    assert statuses(CHANNELS.format(claim=summed), "w[f][c][m][n]} =") == [WRONG]
