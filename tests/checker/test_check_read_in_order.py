"""Notes read as a reader reads them: in order, in their own language and delimiters.

Each note is short and written for this test; each case was a false alarm or a miss of the
checker on notes it had not seen (the eighth session's sealed sets):

- a stride stated in a later paragraph ("Avec un pas de 2, même X, même K") does not reach
  back to the claims above it, nor does a padding read backwards from an output size with
  that later stride;
- "la « vraie » convolution, notée $X \\ast K$": the French words name the true
  convolution; a claim writing both ``\\ast`` and ``\\star`` with no such words is open;
- a dense layer stated with letters in ``\\( \\)`` math ("$N = 4$ examples with $D = 5$
  features", ``W \\in R^{D x K}``, ``\\[ Z = XW + 1_N b^T \\]``): its sizes and its in x out
  weights;
- a softmax worked example's true class ("true class 1 (the first)") and numbers written
  with ``e^{-1}``;
- "(so $X = H$ above)": a renaming, no claim;
- "Strato convolutivo a un canale" after a three-channel exercise; "Índices a partir de 0";
- a kernel written out as a matrix and another kernel in a later remark: a claim true
  under the written one is not wrong.

Truth: torch autograd for every convolution, pooling and dense gradient; the softmax values
are worked by hand in comments.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _grads(x: torch.Tensor, w: torch.Tensor, g: torch.Tensor, **conv: int):
    x, w = x.clone().requires_grad_(True), w.clone().requires_grad_(True)
    return torch.autograd.grad(F.conv2d(x, w, **conv), (x, w), g)


def _x_w(n: int, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(n * 10 + k)
    x = torch.randn(1, 1, n, n, dtype=torch.float64, generator=gen)
    return x, torch.randn(1, 1, k, k, dtype=torch.float64, generator=gen)


# ------------------------------------------------------------- a later stride
LATER_STRIDE = """# Cours 6

## 6.1 Rétropropagation

Une image $X$ de taille $5 \\times 5$, un noyau $K$ de taille $3 \\times 3$, sans remplissage.

$$\\frac{{\\partial L}}{{\\partial K}} = X \\star G$$

$$\\frac{{\\partial L}}{{\\partial X}} = \\operatorname{{pad}}_2(G) \\star \
\\operatorname{{rot}}_{{180}}(K)$$

*Avec un pas de 2* (même $X$, même $K$, sans remplissage), il faut intercaler des zéros : \
$\\frac{{\\partial L}}{{\\partial X}} = {strided}$.
"""


def test_a_stride_stated_after_the_claims_does_not_reach_back():
    x, w = _x_w(5, 3)
    g1 = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    dx, dw = _grads(x, w, g1)
    # the stride-1 closed forms the notes write first hold (torch autograd)
    assert torch.allclose(dw, F.conv2d(x, g1))
    assert torch.allclose(dx, F.conv2d(F.pad(g1, (2,) * 4), torch.flip(w, (-2, -1))))
    good = "\\operatorname{pad}_2(\\operatorname{dilate}_2(G)) \\star \\operatorname{rot}_{180}(K)"
    bad = "\\operatorname{pad}_2(G) \\star \\operatorname{rot}_{180}(K)"
    g2 = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    dx2, _ = _grads(x, w, g2, stride=2)
    dilated = torch.zeros(1, 1, 3, 3, dtype=torch.float64)
    dilated[..., ::2, ::2] = g2
    assert torch.allclose(dx2, F.conv2d(F.pad(dilated, (2,) * 4), torch.flip(w, (-2, -1))))
    for strided, verdict in ((good, VERIFIED), (bad, WRONG)):
        text = LATER_STRIDE.format(strided=strided)
        for piece in ("X \\star G", "\\operatorname{pad}_2(G) \\star"):
            assert WRONG not in statuses(text, piece), (piece, strided)
        assert statuses(text, "il faut intercaler") == [verdict]


THREAD = """**Q.** A $5 \\times 5$ input and a $3 \\times 3$ kernel $K$ (output gradient $G$ is \
$3 \\times 3$): is it $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(G) \\star \
\\operatorname{rot180}(K)$?

> Yes.

> **Follow-up.** With stride 2 the gradient needs zeros between its entries.
"""


def test_a_padding_read_back_from_an_output_with_a_later_stride_is_a_later_fact():
    x, w = _x_w(5, 3)
    g = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    dx, _ = _grads(x, w, g)
    assert torch.allclose(dx, F.conv2d(F.pad(g, (2,) * 4), torch.flip(w, (-2, -1))))
    assert WRONG not in statuses(THREAD, "is it")


# ------------------------------------------------------- two operator symbols
TRUE_CONV = """# Vocabulaire

Une image $X$ de taille $4 \\times 4$ et un noyau $K$ de taille $2 \\times 2$.

{prose} $$X \\ast K = X \\star {right}$$
"""


def test_the_french_true_convolution_and_an_unsaid_asterisk():
    x, w = _x_w(4, 2)
    # the true convolution flips the kernel: torch's conv2d of rot180(K) is X * K
    true = F.conv2d(x, torch.flip(w, (-2, -1)))
    assert not torch.allclose(true, F.conv2d(x, w))
    said = "La « vraie » convolution des mathématiciens, notée $X \\ast K$, retourne le noyau :"
    rot = "\\operatorname{rot}_{180}(K)"
    assert statuses(TRUE_CONV.format(prose=said, right=rot), "X \\ast K =") == [VERIFIED]
    assert statuses(TRUE_CONV.format(prose=said, right="K"), "X \\ast K =") == [WRONG]
    unsaid = "On note aussi :"
    assert statuses(TRUE_CONV.format(prose=unsaid, right=rot), "X \\ast K =") == [NOT_UNDERSTOOD]


# ------------------------------------------------------------ a dense layer
DENSE = """# Dense layer

A mini-batch of \\(N = 4\\) examples with \\(D = 5\\) features each is stored row by row \
in \\(X \\in \\mathbb{{R}}^{{N \\times D}}\\). \
The layer has \\(W \\in \\mathbb{{R}}^{{D \\times K}}\\) \
and \\(b \\in \\mathbb{{R}}^{{K}}\\) with \\(K = 3\\) classes:

\\[ Z = X W + \\mathbf{{1}}_N b^\\top \\]

Entry by entry, \\(Z_{{nk}} = \\sum_d X_{{nd}} W_{{{w}}} + b_k\\).

\\[ \\frac{{\\partial L}}{{\\partial W}} = {dw} \\]
"""


def test_a_dense_layer_stated_with_letters_in_parenthesis_math():
    gen = torch.Generator().manual_seed(5)
    x = torch.randn(4, 5, dtype=torch.float64, generator=gen)
    w = torch.randn(5, 3, dtype=torch.float64, generator=gen, requires_grad=True)
    g = torch.randn(4, 3, dtype=torch.float64, generator=gen)
    (dw,) = torch.autograd.grad(x @ w, w, g)
    assert torch.allclose(dw, x.T @ g)  # X^T dL/dZ, of W's (D, K) shape
    right = DENSE.format(w="dk", dw="X^\\top \\frac{\\partial L}{\\partial Z}")
    assert statuses(right, "\\[ Z = X W") == [VERIFIED]
    assert statuses(right, "Entry by entry") == [VERIFIED]
    assert statuses(right, "\\partial W}") == [VERIFIED]
    wrong = DENSE.format(w="kd", dw="\\frac{\\partial L}{\\partial Z}^\\top X")
    assert statuses(wrong, "Entry by entry") == [WRONG]
    assert statuses(wrong, "\\partial W}") == [WRONG]  # (K, D): the transpose


# ------------------------------------------------------------ softmax numbers
SOFTMAX = """# Softmax and cross-entropy

\\(P = \\operatorname{softmax}(Z)\\) row by row, \\(Y\\) one-hot, and the cross-entropy \
loss \\(\\ell = -\\sum_k Y_k \\log P_k\\).

One example, logits \\(z = (2, 1, 0)\\), true class 1 (the first). Then

\\[ \\frac{\\partial \\ell}{\\partial z_1} = p_1 - 1 = -\\frac{e^{-1} + e^{-2}}{1 + e^{-1} + \
e^{-2}} \\]

\\[ \\frac{\\partial \\ell}{\\partial z_2} = SIGN\\frac{e^{-1}}{1 + e^{-1} + e^{-2}} \\]
"""


def test_a_softmax_example_at_its_true_class_with_powers_of_e():
    z = torch.tensor([2.0, 1.0, 0.0], dtype=torch.float64, requires_grad=True)
    (grad,) = torch.autograd.grad(F.cross_entropy(z[None], torch.tensor([0])), z)
    e1, e2 = math.exp(-1), math.exp(-2)
    # p_1 - 1 = e^2/(e^2+e+1) - 1 = -(e^-1 + e^-2)/(1 + e^-1 + e^-2); p_2 = e^-1/(1+e^-1+e^-2)
    assert math.isclose(grad[0].item(), -(e1 + e2) / (1 + e1 + e2))
    assert math.isclose(grad[1].item(), e1 / (1 + e1 + e2))
    right = SOFTMAX.replace("SIGN", "")
    assert statuses(right, "p_1 - 1") == [VERIFIED]
    assert statuses(right, "\\partial z_2") == [VERIFIED]
    assert statuses(SOFTMAX.replace("SIGN", "-"), "\\partial z_2") == [WRONG]


# -------------------------------------------------- a renaming, words, one channel
RENAMING = """# Two layers

A dense layer $z = W x + b$ with $W \\in \\mathbb{R}^{3 \\times 4}$, column vectors.

If the features come from a layer below, write $H$ for its output (so $X = H$ above).
"""


def test_a_letter_set_to_another_letter_is_a_name_not_a_claim():
    assert statuses(RENAMING, "so $X = H$") == []


CHANNELS = """# Esame

## Esercizio 1

Rete: ingresso a 3 canali di $32 \\times 32$, filtro $5 \\times 5$.

## Esercizio 2

Strato convolutivo a un canale, passo 1, senza padding, con ingresso $X \\in \
\\mathbb{{R}}^{{4 \\times 4}}$ e filtro $K \\in \\mathbb{{R}}^{{2 \\times 2}}$. \
Gli indici partono da 1.

$$y_{{i,j}} = \\sum_{{m=1}}^{{2}} \\sum_{{n=1}}^{{2}} k_{{m,n}}\\, x_{{{rows},\\, j+n-1}}$$
"""


def test_one_channel_said_in_italian_after_a_three_channel_exercise():
    x, w = _x_w(4, 2)
    y = F.conv2d(x, w)
    # 1-based: y_{1,1} = sum_{m,n} k_{m,n} x_{m,n} (torch's y[0,0])
    assert torch.isclose(y[0, 0, 0, 0], (w[0, 0] * x[0, 0, :2, :2]).sum())
    assert statuses(CHANNELS.format(rows="i+m-1"), "\\sum_{m=1}") == [VERIFIED]
    assert statuses(CHANNELS.format(rows="i+m"), "\\sum_{m=1}") == [WRONG]


POOL = """# Aula 9 — average pooling 2×2, passo 2

Índices a partir de {base}. Entrada $X$ de $4 \\times 4$, gradiente $G$ de $2 \\times 2$.

- Cada entrada recebe um quarto: $\\frac{{\\partial L}}{{\\partial x_{{i,j}}}} = \
\\frac{{1}}{{4}}\\, g_{{\\lceil i/2 \\rceil, \\lceil j/2 \\rceil}}$
"""


def test_indices_from_zero_in_portuguese_make_the_ceiling_wrong():
    x = torch.randn(1, 1, 4, 4, dtype=torch.float64, requires_grad=True)
    g = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    (dx,) = torch.autograd.grad(F.avg_pool2d(x, 2), x, g)
    # 0-based: dx[1, 1] = g[0, 0] / 4, but ceil(1/2) = 1 names g[1, 1]
    assert torch.isclose(dx[0, 0, 1, 1], g[0, 0, 0, 0] / 4)
    assert not torch.isclose(dx[0, 0, 1, 1], g[0, 0, 1, 1] / 4)
    assert statuses(POOL.format(base=0), "um quarto") == [WRONG]
    # 1-based: x_{i,j} is dx[i-1, j-1] and g_{ceil(i/2)} is g[ceil(i/2) - 1]: right
    assert torch.isclose(dx[0, 0, 2, 3], g[0, 0, 1, 1] / 4)
    assert statuses(POOL.format(base=1), "um quarto") == [VERIFIED]


# ------------------------------------------------------ two kernels stated
KERNELS = """# Chapter 11 · Transposed convolution

## 11.3 A worked example

$$X = \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}, \\qquad W = \\begin{pmatrix} 1 & 0 & -1 \
\\\\ 2 & 1 & 0 \\\\ 0 & 1 & 1 \\end{pmatrix}$$

with stride 2 and no padding, so the transposed convolution's $Y$ is $5 \\times 5$.

With the $2 \\times 2$ kernel of ones and stride 2 the layer is nearest-neighbour upsampling.

## 11.5 Backpropagation

With $G = \\partial L / \\partial Y$:

$$\\frac{\\partial L}{\\partial X_{i,j}} = \\sum_{m=0}^{2} \\sum_{n=0}^{2} \
G_{2i+m,\\, 2j+n}\\, W_{m,n}$$
"""


def test_a_claim_true_under_the_kernel_written_out_is_not_wrong():
    x = torch.tensor([[[[1.0, 2], [3, 4]]]], dtype=torch.float64, requires_grad=True)
    w = torch.tensor([[[[1.0, 0, -1], [2, 1, 0], [0, 1, 1]]]], dtype=torch.float64)
    g = torch.randn(1, 1, 5, 5, dtype=torch.float64)
    (dx,) = torch.autograd.grad(F.conv_transpose2d(x, w, stride=2), x, g)
    # dL/dX_{i,j} = sum_{m,n} G_{2i+m, 2j+n} W_{m,n}: the strided correlation of G with W
    assert torch.allclose(dx, F.conv2d(g, w, stride=2))
    assert WRONG not in statuses(KERNELS, "\\partial X_{i,j}")


# ----------------------------------------------- numbers the ones do not put in
ONES = """# Dilated 1-D convolution

A signal $x$ of length 9 and a kernel $w$ of length 3 with dilation 2, $y_t = \\sum_{k=0}^{2} \
w_k x_{t+2k}$, indices from 0.

Take $x = (1, 2, 0, -1, 3, 1, 0, 2, 1)$, $w = (1, -1, 2)$ and $L = \\sum_t y_t$, so every \
$g_t$ is 1. Then

$$\\frac{\\partial L}{\\partial w_2} = x_4 + x_5 + x_6 + x_7 + x_8 = 3 + 1 + 0 + 2 + 1 = 7$$
"""


def test_numbers_standing_for_given_entries_are_not_judged_against_the_symbols():
    x = torch.tensor([1.0, 2, 0, -1, 3, 1, 0, 2, 1], dtype=torch.float64)
    w = torch.tensor([1.0, -1, 2], dtype=torch.float64, requires_grad=True)
    (dw,) = torch.autograd.grad(F.conv1d(x[None, None], w[None, None], dilation=2).sum(), w)
    assert dw[2].item() == x[4:].sum().item() == 7  # every link of the chain holds
    assert WRONG not in statuses(ONES, "\\partial w_2")


RESTATED = """**Q.** For a $5 \\times 5$ input and a $3 \\times 3$ kernel $K$ (output gradient $G$ \
is $3 \\times 3$), is it $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_2(G) \\star \
\\operatorname{rot180}(K)$?

> Yes.

> Now 1-D: $x \\in \\mathbb{R}^7$, $w \\in \\mathbb{R}^3$, stride 2, so $g$ has 3 entries. Then \
$\\frac{\\partial L}{\\partial x} = \\operatorname{pad}_2(\\operatorname{dilate}_2(g)) \\star \
\\operatorname{flip}(w)$.
"""


def test_a_one_dimensional_restatement_is_not_judged_on_the_image():
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(1, 1, 7, dtype=torch.float64, generator=gen, requires_grad=True)
    w = torch.randn(1, 1, 3, dtype=torch.float64, generator=gen)
    g = torch.randn(1, 1, 3, dtype=torch.float64, generator=gen)
    (dx,) = torch.autograd.grad(F.conv1d(x, w, stride=2), x, g)
    dilated = torch.zeros(1, 1, 5, dtype=torch.float64)
    dilated[..., ::2] = g
    assert torch.allclose(dx, F.conv1d(F.pad(dilated, (2, 2)), torch.flip(w, (-1,))))
    line = next(n for n, row in enumerate(RESTATED.split("\n"), start=1) if "Now 1-D" in row)
    claim = [
        v
        for v in check_text(RESTATED, "notes.md").verdicts
        if v.line == line and "dilate" in v.source
    ]
    # the 1-D paragraph states its own layer (stated_axes.py): judged on it, the formula
    # holds there (the torch check above), never on the image
    assert [v.status for v in claim] == [VERIFIED]


# ------------------------------------------------------ P far from "parameters"
COUNT = """# 2.3 A convolution

The layer maps $C = 2$ channels to 6 with a $3 \\times 3$ kernel on a $5 \\times 5$ input, \
stride 1, no padding, a bias per filter.

Its parameters are counted below.







After the forward pass, the total is $P = 6 \\times (2 \\times 9 + 1) = 114$.
"""


def test_a_count_named_p_is_not_read_as_the_padding_by_default():
    conv = torch.nn.Conv2d(2, 6, 3)
    assert sum(p.numel() for p in conv.parameters()) == 114
    assert WRONG not in statuses(COUNT, "the total is")


def test_a_section_stating_bare_matrices_does_not_take_earlier_channels():
    x, w = _x_w(4, 2)
    y = F.conv2d(x, w)
    assert torch.isclose(y[0, 0, 0, 0], (w[0, 0] * x[0, 0, :2, :2]).sum())
    text = CHANNELS.format(rows="i+m-1").replace("Strato convolutivo a un canale", "Strato")
    text = text.replace(  # an earlier exercise's network, with its channels
        "Rete: ingresso a 3 canali di $32 \\times 32$, filtro $5 \\times 5$.",
        "Un'immagine RGB $3 \\times 64 \\times 64$ entra in `nn.Conv2d(3, 16, kernel_size=5)`.",
    )
    assert "nn.Conv2d(3, 16" in text
    # (the bias of nn.Conv2d's default may or may not be this layer's: not wrong either way)
    assert WRONG not in statuses(text, "\\sum_{m=1}")
    assert statuses(text, "Gli indici") == [VERIFIED, VERIFIED]  # X, K as stated: 4x4, 2x2
