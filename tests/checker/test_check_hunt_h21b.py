# ruff: noqa: E501  (the notes' LaTeX lines are kept as people write them)
"""False alarms of the sealed sets fresh47 / fresh48 (gradient claims), each closed by a
general reading and tested here on notes written for this file (other numbers, words and
languages), the truth computed with torch beside each note (autograd for the gradients):

* "the kernel $W$ is $p \\times q$" ("カーネル $W$ は $p \\times q$", "卷积核 $W$ 为 ..."): the
  letters are the kernel's sides; p was read as the padding (0), which made
  ``\\sum_{u=0}^{p-1}`` empty and the input gradient's sum "wrong" (prose._LETTER_SIZES_AFTER,
  prose._LETTER_SIZES_CJK); a parameter's default letter the notes write as a side in
  words not read is refused, never read as the parameter (letter_parameters.side_parameter_letters);
* a section beside a case heading ("## With stride 2", then "## Summary") goes back to the
  layer the case varied (infer._after_sibling_case): the summary's stride-1 weight gradient
  was judged at stride 2;
* a tempting wrong form ("resist the temptation to write it as ... 2x2 windows") names the
  temptation's sizes, not the layer's (prose._WRONG_CASE): its 2x2 became the kernel;
* ``\\partial L / \\partial Y = Y`` under ``L = \\frac{1}{2} \\sum_{i,j} Y[i,j]^2``: the whole
  tensor's derivative under the notes' entry-wise loss (entry_loss._judge_whole), not the
  free upstream gradient;
* ``\\partial L / \\partial b_f = 0`` where the section says a training-mode BatchNorm
  follows the convolution (bias_before_norm.py).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from conftest import checked_text
from line_verdicts import statuses

from symconv.checker.bias_before_norm import judge_bias_before_norm
from symconv.checker.entry_loss import judge_entry_loss
from symconv.checker.letter_parameters import side_parameter_letters
from symconv.checker.notation_options import notation
from symconv.checker.prose import prose_facts
from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.sizes import SIDE

FLAGGED = (WRONG, SIZE_SPECIFIC)


def _corr(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """The valid cross-correlation of two 2-D arrays (torch's conv2d is one)."""
    return F.conv2d(a[None, None], b[None, None])[0, 0]


def _dilate(a: torch.Tensor, s: int) -> torch.Tensor:
    """s - 1 zeros between neighbouring entries (the notes' dil_s)."""
    h, w = a.shape
    out = torch.zeros((h - 1) * s + 1, (w - 1) * s + 1, dtype=a.dtype)
    out[::s, ::s] = a
    return out


def _conv_grads(m: int, n: int, p: int, q: int, stride: int = 1, seed: int = 0):
    """X, W, G and torch autograd's dL/dX, dL/dW of Y = conv2d(X, W) with L = sum(G * Y)."""
    torch.manual_seed(seed)
    x = torch.randn(m, n, dtype=torch.float64, requires_grad=True)
    w = torch.randn(p, q, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x[None, None], w[None, None], stride=stride)[0, 0]
    g = torch.randn_like(y)
    (y * g).sum().backward()
    return x.detach(), w.detach(), g, x.grad, w.grad


def _sum_input_gradient(g: torch.Tensor, w: torch.Tensor, m: int, n: int, sign: int):
    """sum_{u<p, v<q} G[a - u, b - v] W[u, v] (sign -1), or G[a + u, b + v] (sign +1), G zero
    outside its range: the notes' two sums, entry by entry."""
    p, q = w.shape
    out = torch.zeros(m, n, dtype=g.dtype)
    for a in range(m):
        for b in range(n):
            for u in range(p):
                for v in range(q):
                    i, j = a + sign * u, b + sign * v
                    if 0 <= i < g.shape[0] and 0 <= j < g.shape[1]:
                        out[a, b] += g[i, j] * w[u, v]
    return out


# --- the kernel's sides written as letters p x q ---------------------------------------------
_SIDES_EN = r"""# Backprop of one convolution, in sums

The input $X$ is $m \times n$, the kernel $W$ is $p \times q$, stride 1, no padding, indices from 0. Write $G = \partial L / \partial Y$ for $Y = X \star W$, and take $G$ as zero outside its range.

$$\frac{\partial L}{\partial X[a,b]} = \sum_{u=0}^{p-1} \sum_{v=0}^{q-1} G[a-u, b-v]\, W[u,v]$$

A tempting slip flips the sign of the shift:

$$\frac{\partial L}{\partial X[a,b]} = \sum_{u=0}^{p-1} \sum_{v=0}^{q-1} G[a+u, b+v]\, W[u,v]$$
"""

_SIDES_ZH = r"""# 卷积反向传播的求和式

设输入 $X$ 为 $m \times n$，卷积核 $W$ 为 $p \times q$，步长为 1，无填充，下标从 0 开始。前向为 $Y = X \star W$，记 $G = \partial L / \partial Y$，超出范围的 $G$ 取 0。

$$\frac{\partial L}{\partial X[r,c]} = \sum_{u=0}^{p-1} \sum_{v=0}^{q-1} W[u,v]\, G[r-u, c-v]$$

错误写法：

$$\frac{\partial L}{\partial X[r,c]} = \sum_{u=0}^{p-1} \sum_{v=0}^{q-1} W[u,v]\, G[r+u, c+v]$$
"""

_SIDES_JA = r"""# 入力勾配を和で書く

入力 $X$ は $m \times n$、カーネル $W$ は $p \times q$ とします（ストライド 1、パディングなし、0 始まり）。$Y = X \star W$、$G = \partial L / \partial Y$ で、範囲外の $G$ は 0 とします。

$$\frac{\partial L}{\partial X[r,c]} = \sum_{u=0}^{p-1} \sum_{v=0}^{q-1} G[r-u, c-v]\, W[u,v]$$

$$\frac{\partial L}{\partial X[r,c]} = \sum_{u=0}^{p-1} \sum_{v=0}^{q-1} G[r-u, c-v]\, W[v,u]$$
"""


def test_the_sums_truth_by_autograd() -> None:
    """The shifted-back sum is torch's input gradient at several sizes, p != q included;
    the shifted-forward one and the transposed kernel are not."""
    for m, n, p, q in ((3, 3, 2, 2), (5, 4, 3, 2), (4, 6, 2, 3)):
        _, w, g, dx, _ = _conv_grads(m, n, p, q, seed=m + n + p)
        assert torch.allclose(_sum_input_gradient(g, w, m, n, -1), dx)
        assert not torch.allclose(_sum_input_gradient(g, w, m, n, +1), dx)
    _, w, g, dx, _ = _conv_grads(4, 4, 2, 2, seed=7)
    assert not torch.allclose(_sum_input_gradient(g, w.T, 4, 4, -1), dx)


def test_kernel_sides_as_letters_are_read() -> None:
    for text, right, wrong in (
        (_SIDES_EN, "G[a-u, b-v]", "G[a+u, b+v]"),
        (_SIDES_ZH, "G[r-u, c-v]", "G[r+u, c+v]"),
        (_SIDES_JA, "G[r-u, c-v]\\, W[u,v]", "W[v,u]"),
    ):
        assert statuses(text, right) == [VERIFIED]
        assert statuses(text, wrong) == [WRONG]


def test_a_side_letter_in_words_not_read_is_no_padding() -> None:
    """ "the kernel $W$, a $p \\times q$ array": p is some side, never the padding 0 (the sum
    would be empty): not understood, not wrong."""
    text = _SIDES_EN.replace(
        "the kernel $W$ is $p \\times q$", "the kernel $W$, a $p \\times q$ array"
    )
    assert "a $p \\times q$ array" in text
    assert statuses(text, "G[a-u, b-v]") == [NOT_UNDERSTOOD]
    base = notation("subscript")
    assert side_parameter_letters(base, "a $p \\times q$ array") == (("p", SIDE),)
    assert side_parameter_letters(base, "padding $p = 1$, a $3 \\times 3$ kernel") == ()
    # "is $p \\times q$" binds two sides; a batch of feature vectors binds none
    assert ("sizes", "p=kernel-height,q=kernel-width", "prose") in prose_facts(
        "the kernel $W$ is $p \\times q$"
    )
    assert not [f for f in prose_facts("the input $X$ is $N \\times D$") if f[0] == "sizes"]
    # the words name s the stride: the window's side equals it, s stays the stride
    assert side_parameter_letters(base, "$s \\times s$ windows with stride $s$") == ()


# --- a section beside a case heading goes back to the notes' layer ----------------------------
_CASE_EN = r"""# Closed forms for the gradients of a convolution

## Setup

The input $X$ is $m \times n$, the kernel $W$ is $k \times k$, stride 1, no padding, indices from 0. $\star$ is the valid cross-correlation, $Y = X \star W$ and $G = \partial L / \partial Y$.

## Weight gradient

$$\frac{\partial L}{\partial W} = X \star G$$

## With stride 2

If the stride is 2 instead, with $\operatorname{dil}_2$ putting one zero between the rows and between the columns of $G$,

$$\frac{\partial L}{\partial W} = X \star \operatorname{dil}_2(G)$$

## Summary

| gradient | closed form |
|---|---|
| weights | $\frac{\partial L}{\partial W} = X \star G$ |
| flipped | $\frac{\partial L}{\partial W} = X \star \operatorname{rot}_{180}(G)$ |
"""

_CASE_DE = r"""# Gradienten einer Faltung in geschlossener Form

## Aufbau

Eingabe $X$ der Größe $5 \times 5$, Kern $W$ der Größe $3 \times 3$, Schrittweite 1, kein Padding, Indizes ab 0. $\star$ ist die gültige Kreuzkorrelation, $Y = X \star W$, $G = \partial L / \partial Y$.

$$\frac{\partial L}{\partial W} = X \star G$$

## Schrittweite 2

Bei Schrittweite 2 werden zwischen die Einträge von $G$ Nullen gesetzt:

$$\frac{\partial L}{\partial W} = X \star \operatorname{dil}_2(G)$$

## Zusammenfassung

| Gradient | Form |
|---|---|
| Gewichte | $\frac{\partial L}{\partial W} = X \star G$ |
| gespiegelt | $\frac{\partial L}{\partial W} = X \star \operatorname{rot}_{180}(G)$ |
"""


def test_the_summary_truth_by_autograd() -> None:
    """At stride 1 the weight gradient is X * G, not X * rot180(G); at stride 2 it is
    X * dil_2(G) and X * G does not even have the kernel's shape."""
    x, _, g, _, dw = _conv_grads(5, 5, 3, 3, seed=3)
    assert torch.allclose(_corr(x, g), dw)
    assert not torch.allclose(_corr(x, torch.flip(g, (0, 1))), dw)
    x, _, g, _, dw = _conv_grads(5, 5, 3, 3, stride=2, seed=4)
    assert torch.allclose(_corr(x, _dilate(g, 2)), dw)
    assert _corr(x, g).shape != dw.shape


def test_a_summary_beside_a_case_is_not_read_in_that_case() -> None:
    for text in (_CASE_EN, _CASE_DE):
        line = [
            n
            for n, row in enumerate(text.split("\n"), 1)
            if "| Gewichte |" in row or "| weights |" in row
        ]
        assert line
        assert not set(statuses(text, text.split("\n")[line[0] - 1])) & set(FLAGGED)
        assert statuses(text, "rot}_{180}(G)$ |") == [WRONG]
    # the case's own claim is still read in its case
    assert statuses(_CASE_DE, "= X \\star \\operatorname{dil}_2(G)$$") == [VERIFIED]


# --- a tempting wrong form names no size of the layer -----------------------------------------
_TEMPT_EN = r"""# Backward of a stride-2 convolution

## The layer

A single channel, a $3 \times 3$ kernel, stride 2, no padding and no bias for now (`nn.Conv2d(1, 1, 3, stride=2, bias=False)`), indices from 0, on a $5 \times 5$ input $X$. The output is $2 \times 2$ and $G = \partial L / \partial Y$.

## Deriving it

Each weight meets the input at $(2i+u, 2j+v)$, so the weight gradient is the correlation of $X$ with $G$ spread out by zeros:

$$\frac{\partial L}{\partial W} = X \star \operatorname{dil}_2(G)$$

Resist the temptation to write it as a strided correlation, $\frac{\partial L}{\partial W} = X \star_2 G$ (the $2 \times 2$ windows of $X$ taken every second step): the stride belongs in $G$.

## The input gradient

$$\frac{\partial L}{\partial X} = \operatorname{pad}_2\big(\operatorname{dil}_2(G)\big) \star \operatorname{rot}_{180}(W)$$

$$\frac{\partial L}{\partial X} = \operatorname{pad}_1\big(\operatorname{dil}_2(G)\big) \star \operatorname{rot}_{180}(W)$$
"""

_TEMPT_ES = _TEMPT_EN.replace(
    "Resist the temptation to write it as a strided correlation",
    "Cuidado con la tentación de escribirlo como una correlación con paso 2",
).replace(
    "(the $2 \\times 2$ windows of $X$ taken every second step): the stride belongs in $G$.",
    "(ventanas de $2 \\times 2$ de $X$ tomadas de dos en dos): el paso va en $G$.",
)


def test_the_stride2_input_gradient_truth_by_autograd() -> None:
    _, w, g, dx, _ = _conv_grads(5, 5, 3, 3, stride=2, seed=5)
    assert torch.allclose(_corr(F.pad(_dilate(g, 2), (2, 2, 2, 2)), torch.flip(w, (0, 1))), dx)
    assert _corr(F.pad(_dilate(g, 2), (1, 1, 1, 1)), torch.flip(w, (0, 1))).shape != dx.shape


def test_a_temptation_names_no_kernel() -> None:
    assert "tentación" in _TEMPT_ES
    for text in (_TEMPT_EN, _TEMPT_ES):
        assert statuses(text, "\\operatorname{pad}_2") == [VERIFIED]
        assert statuses(text, "\\operatorname{pad}_1") == [WRONG]
    for sentence in (
        "Resist the temptation to write it with the $2 \\times 2$ windows of $X$.",
        "Ojo con la tentación de usar ventanas de $2 \\times 2$ de $X$.",
    ):
        assert not [f for f in prose_facts(sentence) if f[0] == "kernel"]


# --- dL/dY of the whole tensor under the notes' entry-wise loss -------------------------------
_LOSS_EN = r"""# Lab 3: checking a convolution's backward pass numerically

## Setup

A single-channel valid cross-correlation, stride 1, no bias, indices from 0:

$$X = \begin{bmatrix} 2 & 0 & 1 \\ 1 & -1 & 0 \\ 0 & 3 & 1 \end{bmatrix}, \qquad W = \begin{bmatrix} 1 & 2 \\ 0 & -1 \end{bmatrix}$$

The loss is $L = \frac{1}{2} \sum_{i,j} Y[i,j]^2$ for $Y = X \star W$.

## Gradients

Because of the one half, the gradient reaching the output is the output: $\frac{\partial L}{\partial Y} = Y$.

A wrong version doubles it: $\frac{\partial L}{\partial Y} = 2 Y$.
"""

_LOSS_DE = r"""# Gradientenprüfung einer Faltung

Eingabe $X$ der Größe $4 \times 4$, Kern $W$ der Größe $2 \times 2$, Schrittweite 1, ohne Bias, Indizes ab 0. Das Ziel $T$ hat die Form von $Y = X \star W$, und der Verlust ist

$$E = \sum_{i,j} \left(Y_{ij} - T_{ij}\right)^2$$

Damit gilt $\frac{\partial E}{\partial Y} = 2\left(Y - T\right)$.

Falsch wäre $\frac{\partial E}{\partial Y} = Y - T$.
"""


def test_the_loss_truth_by_autograd() -> None:
    x = torch.tensor([[2.0, 0, 1], [1, -1, 0], [0, 3, 1]], dtype=torch.float64)
    w = torch.tensor([[1.0, 2], [0, -1]], dtype=torch.float64)
    y = _corr(x, w).requires_grad_(True)
    (0.5 * (y**2).sum()).backward()
    assert torch.allclose(y.grad, y.detach())
    assert not torch.allclose(y.grad, 2 * y.detach())
    torch.manual_seed(11)
    y = torch.randn(3, 3, dtype=torch.float64, requires_grad=True)
    t = torch.randn(3, 3, dtype=torch.float64)
    ((y - t) ** 2).sum().backward()
    assert torch.allclose(y.grad, 2 * (y.detach() - t))
    assert not torch.allclose(y.grad, y.detach() - t)


def test_the_whole_tensors_loss_derivative() -> None:
    assert statuses(_LOSS_EN, "is the output: $") == [VERIFIED]
    assert statuses(_LOSS_EN, "doubles it") == [WRONG]
    assert statuses(_LOSS_DE, "Damit gilt") == [VERIFIED]
    assert statuses(_LOSS_DE, "Falsch wäre") == [WRONG]
    # a right side naming what the loss does not define (the notes' G) is not judged there
    doc = ["$L = \\frac{1}{2} \\sum_{i,j} Y[i,j]^2$", ""]
    assert judge_entry_loss("\\frac{\\partial L}{\\partial Y} = G", doc, 3) is None
    assert judge_entry_loss("\\frac{\\partial L}{\\partial Y} = Y", doc, 3)["status"] == VERIFIED


# --- a bias in front of a training-mode BatchNorm ----------------------------------------------
_NORM_EN = r"""# Conv followed by BatchNorm

## The block

```python
net = nn.Sequential(nn.Conv2d(2, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4), nn.ReLU())
```

on a batch of $N = 4$ images of side $8$.

## The bias gradient of a plain convolution

With a bias and $G = \partial L / \partial Z$, every position of channel $f$ gets $b_f$ once:

$$\frac{\partial L}{\partial b_f} = \sum_{n} \sum_{i,j} G[n,f,i,j]$$

## A bias in front of BatchNorm

In training mode BatchNorm subtracts each channel's mean over the batch and positions, so a constant $b_f$ added to all of them cancels, and

$$\frac{\partial L}{\partial b_f} = 0$$

Some write $\frac{\partial L}{\partial b_f} = 1$ here.
"""

_NORM_ES = r"""# Convolución seguida de BatchNorm

## El bloque

Una convolución `nn.Conv2d(3, 8, 3, padding=1)` seguida de `nn.BatchNorm2d(8)` sobre un lote de $N = 2$ imágenes.

## El sesgo antes de la normalización por lotes

Durante el entrenamiento, la BatchNorm resta la media de cada canal sobre el lote y las posiciones; el sesgo $b_c$ se suma a todas ellas y se cancela:

$$\frac{\partial L}{\partial b_c} = 0$$

No es $\frac{\partial L}{\partial b_c} = 2$.
"""


def _bias_grad(train: bool) -> torch.Tensor:
    torch.manual_seed(2)
    conv = torch.nn.Conv2d(2, 4, 3, padding=1).double()
    norm = torch.nn.BatchNorm2d(4).double()
    norm.train(train)
    if not train:  # running statistics of their own, as after training
        norm.running_mean.uniform_(-1, 1)
        norm.running_var.uniform_(0.5, 2)
    x = torch.randn(4, 2, 8, 8, dtype=torch.float64)
    out = norm(conv(x))
    (out * torch.randn_like(out)).sum().backward()
    return conv.bias.grad


def test_the_bias_truth_by_autograd() -> None:
    assert torch.allclose(_bias_grad(train=True), torch.zeros(4, dtype=torch.float64), atol=1e-10)
    assert not torch.allclose(_bias_grad(train=False), torch.zeros(4, dtype=torch.float64))


def test_a_bias_before_batchnorm_has_no_gradient() -> None:
    assert statuses(_NORM_EN, "G[n,f,i,j]$$") == [VERIFIED]  # the plain section: sum of G
    assert statuses(_NORM_EN, "b_f} = 0$$") == [VERIFIED]
    assert statuses(_NORM_EN, "Some write") == [WRONG]
    assert statuses(_NORM_ES, "b_c} = 0$$") == [VERIFIED]
    assert statuses(_NORM_ES, "No es") == [WRONG]


def test_batchnorm_words_that_do_not_cancel_the_bias() -> None:
    claim = "\\frac{\\partial L}{\\partial b_f} = 0"
    sections = {
        "in evaluation mode BatchNorm uses its running mean": None,  # the bias passes on
        "without BatchNorm, in training mode": None,  # no BatchNorm follows
        "a plain convolution, in training mode": None,
        # BatchNorm normalises the input, the convolution comes after it
        "in training mode a BatchNorm normalises the input of the convolution": None,
    }
    for words, expected in sections.items():
        assert judge_bias_before_norm(claim, ["## Bias", words, ""], 3) is expected
    # a sum of G there is also 0 but not what the free upstream gradient can judge
    found = judge_bias_before_norm(
        "\\frac{\\partial L}{\\partial b_f} = \\sum_{n,i,j} G[n,f,i,j]",
        ["## Bias", "In training mode the BatchNorm subtracts the batch mean: b cancels.", ""],
        3,
    )
    assert found is not None and found["status"] == NOT_UNDERSTOOD


# --- a recap beside a case: the row's own words say which case, else not judged --------------
_RECAP_EN = r"""# Gradients of a convolution in closed form

## Setup

Input $X$ of size $5 \times 5$, kernel $W$ of size $3 \times 3$, stride 1, no padding, indices from 0. $\star$ is the valid cross-correlation, $Y = X \star W$, $G = \partial L / \partial Y$.

$$\frac{\partial L}{\partial W} = X \star G$$

## Stride 2

With stride 2, zeros go between the entries of $G$:

$$\frac{\partial L}{\partial W} = X \star \operatorname{dil}_2(G)$$

## Recap

$$\frac{\partial L}{\partial W} = X \star \operatorname{dil}_2(G)$$

| case | weight gradient |
|---|---|
| stride 1 | $\frac{\partial L}{\partial W} = X \star G$ |
| stride 2 | $\frac{\partial L}{\partial W} = X \star \operatorname{dil}_2(G)$ |
| stride 2, no dilation | $\frac{\partial L}{\partial W} = X \star G$ |
"""

_RECAP_FR = (
    _RECAP_EN.replace(
        "# Gradients of a convolution in closed form", "# Gradients d'une convolution"
    )
    .replace("## Setup", "## Cadre")
    .replace(
        "Input $X$ of size $5 \\times 5$, kernel $W$ of size $3 \\times 3$, stride 1, no padding, indices from 0.",
        "Entrée $X$ de taille $5 \\times 5$, noyau $W$ de taille $3 \\times 3$, pas 1, sans padding, indices à partir de 0.",
    )
    .replace("## Stride 2", "## Pas 2")
    .replace(
        "With stride 2, zeros go between the entries of $G$:",
        "Avec un pas de 2, on intercale des zéros dans $G$ :",
    )
    .replace("## Recap", "## Récapitulatif")
    .replace("| case | weight gradient |", "| cas | gradient des poids |")
    .replace("| stride 1 |", "| pas 1 |")
    .replace("| stride 2, no dilation |", "| pas 2, sans dilatation |")
    .replace("| stride 2 |", "| pas 2 |")
)


def test_a_recap_beside_a_case() -> None:
    """The recap's display restates the stride-2 form with no word of its case: wrong at
    the notes' stride 1, right at the case's 2, so not judged; each table row says its
    case, and is judged in it (the stride-2 row without the dilation is caught)."""
    for text in (_RECAP_EN, _RECAP_FR):
        rows = [n for n, row in enumerate(text.split("\n"), 1) if row.startswith("| ")][1:]
        by_line = {v.line: v.status for v in checked_text(text, "notes.md").verdicts}
        recap = [n for n, row in enumerate(text.split("\n"), 1) if "dil}_2(G)$$" in row][-1]
        assert by_line[recap] == NOT_UNDERSTOOD
        assert [by_line[n] for n in rows] == [VERIFIED, VERIFIED, WRONG]


def test_the_pooled_gradient_of_a_global_mean_is_refused_as_a_windowed_pool() -> None:
    """g_c / (HW) is a global mean's share (torch: AdaptiveAvgPool2d(1)); the general
    reader does not judge it against a windowed pool, whose share is 1 / k^2."""
    from symconv.checker.allsizes_parse import parse
    from symconv.checker.limits import NotUnderstood
    from symconv.checker.whole_map_pool import refuse_whole_map

    torch.manual_seed(1)
    x = torch.randn(1, 2, 3, 4, dtype=torch.float64, requires_grad=True)
    y = torch.nn.AdaptiveAvgPool2d(1)(x)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    assert torch.allclose(x.grad, g.expand_as(x) / 12)
    tree = parse(r"\frac{\partial L}{\partial x_{c,i,j}} = \frac{g_c}{HW}")
    try:
        refuse_whole_map(tree.parts[0])
    except NotUnderstood:
        pass
    else:
        raise AssertionError("a division by the map's sides was judged as a windowed pool")
    refuse_whole_map(parse(r"\frac{\partial L}{\partial x_{c,i,j}} = \frac{g_c}{k^2}").parts[0])
