# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
r"""Claims written for a case their own notes state (issue 16, closing false alarms of the
sealed set fresh39 in general; these notes are the tests' own, in several languages).

- An output-size formula led in by its case ("for odd $K$, $P = (K-1)/2$ and stride 2",
  "$K = 4$ ... $P = 2$"): judged inside that case (output_case.py), where a side without P
  has the stated padding put in and the literal 2 is the stated stride; a wrong side is
  still wrong there.  A layer only guessed (its stride from another section) gives way to
  the case the claim's own sentence states.
- A gradient under a padding the notes tie to the kernel ($P = (K-1)/2$ above
  $\operatorname{pad}_P(G) \star \operatorname{rot}_{180}(W)$): judged inside the tie
  (tied_padding.py), not at the general prover's kernel 2 with padding 1.
- The depthwise case "$G = C_{in} = C_{out}$" (one channel, one filter per group) and an
  upstream gradient "taken as zero outside the output" in Spanish and English.
- ``p = (k-1)/2`` as the 'same' padding, judged at every odd kernel (same_padding.py).
- A sequence's output length named ``N_{out}``, whose own numbers are a constructor's.

Truth: torch layers and autograd, computed in the tests.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from line_verdicts import one_verdict, statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

CASE_EN = """# Keeping the size

Input $H \\times W$, kernel $K \\times K$, stride 1 unless said, $P$ zeros on each side.

## Odd kernels

The output height is $H + 2P - K + 1$. For odd $K$ we may take $P = (K-1)/2$, so

$$H_{out} = H + (K - 1) - K + 1 = H$$

With odd $K$, $P = (K-1)/2$ and stride 2,

$$H_{out} = \\left\\lfloor \\frac{H + 2P - K}{2} \\right\\rfloor + 1 = \\left\\lceil \\frac{H}{2} \\right\\rceil$$

A classmate writes, with odd $K$, $P = (K-1)/2$ and stride 2,

$$H_{out} = \\left\\lfloor \\frac{H + 2P - K}{2} \\right\\rfloor + 1 = \\left\\lfloor \\frac{H}{2} \\right\\rfloor$$

## Even kernels

For $K = 4$ the padding must add $K - 1 = 3$ rows; split evenly as $P = 2$ we get $H_{out} = H + 1$.

And with $K = 4$ and $P = 1$ on both sides one gets $H_{out} = H$.
"""

CASE_JA = """# サイズを保つパディング

入力は $H \\times W$、カーネルは $K \\times K$、ストライドは特に断らなければ 1、各辺のパディングを $P$ とする。

## 奇数の場合

出力の高さは $H + 2P - K + 1$ である。$K$ が奇数なら $P = (K-1)/2$ とおけるので

$$H_{out} = H + (K - 1) - K + 1 = H$$

$K$ が奇数で $P = (K-1)/2$、ストライド 2 のときは

$$H_{out} = \\left\\lfloor \\frac{H + 2P - K}{2} \\right\\rfloor + 1 = \\left\\lceil \\frac{H}{2} \\right\\rceil$$

## 偶数の場合

$K = 4$ では $K - 1 = 3$ 行を足すことになる。$P = 2$ ずつ足すと $H_{out} = H + 1$ となる。

$K = 4$ で $P = 1$ ずつ足すと $H_{out} = H$ となる。
"""

TIED_EN = """# Same padding by hand

The input is $H \\times W$, the kernel $K \\times K$, stride 1, and $P$ rows of zeros on each side.

## Odd kernels

The output height is $H + 2P - K + 1$. For odd $K$ we may take $P = (K-1)/2$, so

$$H_{out} = H + (K - 1) - K + 1 = H$$

and the size is kept.

The backward pass is as simple: with $G = \\partial L / \\partial Y$ the upstream gradient, the input gradient is the correlation of $G$ padded by the same $P$ with the kernel turned by 180 degrees.

$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_P(G) \\star \\operatorname{rot}_{180}(W)$$

A slip seen in homework pads by one row more:

$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_{P+1}(G) \\star \\operatorname{rot}_{180}(W)$$

## Stride two

With odd $K$, $P = (K-1)/2$ and stride 2,

$$H_{out} = \\left\\lfloor \\frac{H + 2P - K}{2} \\right\\rfloor + 1 = \\left\\lceil \\frac{H}{2} \\right\\rceil$$
"""

TIED_JA = """# same パディングのメモ

入力は $H \\times W$、カーネルは $K \\times K$、ストライド 1、上下左右のパディングを $P$ とする。

## 奇数の場合

$K$ が奇数のときは $P = (K-1)/2$ を選ぶ。

入力側の勾配は、同じ $P$ で埋めた $G$ と 180 度回したカーネルの相互相関である。

$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_P(G) \\star \\operatorname{rot}_{180}(W)$$

誤った版:

$$\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_P(G) \\star W$$
"""

DEPTHWISE_ES = """# Tema 7: convolución por grupos

Entrada $x$ de forma $N \\times C_{in} \\times H \\times W$, filtros $w$ de forma $C_{out} \\times C_g \\times k \\times k$, con $G$ grupos, $C_g = C_{in}/G$ canales y $F_g = C_{out}/G$ filtros por grupo; paso 1, sin relleno, índices desde 0.

## Retropropagación

Sea $\\delta_{n,f,i,j} = \\partial L / \\partial y_{n,f,i,j}$, tomado como cero fuera de la salida. El gradiente de la entrada es

$$\\frac{\\partial L}{\\partial x_{n,c,p,q}} = \\sum_{f=0}^{C_{out}-1} \\sum_{u=0}^{k-1} \\sum_{v=0}^{k-1} \\delta_{n,f,p-u,q-v}\\, w_{f,\\, c \\bmod C_g,\\, u,\\, v}$$

En el caso depthwise ($G = C_{in} = C_{out}$) cada canal sólo ve su propio filtro:

$$\\frac{\\partial L}{\\partial x_{n,c,p,q}} = \\sum_{u=0}^{k-1} \\sum_{v=0}^{k-1} \\delta_{n,c,p-u,q-v}\\, w_{c,0,u,v}$$

Un error frecuente, en el caso depthwise ($G = C_{in} = C_{out}$), es no girar el filtro:

$$\\frac{\\partial L}{\\partial x_{n,c,p,q}} = \\sum_{u=0}^{k-1} \\sum_{v=0}^{k-1} \\delta_{n,c,p+u,q+v}\\, w_{c,0,u,v}$$
"""

DEPTHWISE_EN = """# Grouped convolutions

Input $x$ of shape $N \\times C_{in} \\times H \\times W$, weights $w$ of shape $C_{out} \\times C_g \\times k \\times k$, $G$ groups with $C_g = C_{in}/G$ channels and $F_g = C_{out}/G$ filters each; stride 1, no padding, 0-based.

## Backward

Let $g_{n,f,i,j} = \\partial L / \\partial y_{n,f,i,j}$, taken to be zero outside the output. Then

$$\\frac{\\partial L}{\\partial x_{n,c,p,q}} = \\sum_{f=0}^{C_{out}-1} \\sum_{u=0}^{k-1} \\sum_{v=0}^{k-1} g_{n,f,p-u,q-v}\\, w_{f,\\, c \\bmod C_g,\\, u,\\, v}$$

For a depthwise layer ($G = C_{in} = C_{out}$) only the channel's own filter is left:

$$\\frac{\\partial L}{\\partial x_{n,c,p,q}} = \\sum_{u=0}^{k-1} \\sum_{v=0}^{k-1} g_{n,c,p-u,q-v}\\, w_{c,0,u,v}$$

A tempting slip for the depthwise layer ($G = C_{in} = C_{out}$) sums over every filter:

$$\\frac{\\partial L}{\\partial x_{n,c,p,q}} = \\sum_{f=0}^{C_{out}-1} \\sum_{u=0}^{k-1} \\sum_{v=0}^{k-1} g_{n,f,p-u,q-v}\\, w_{c,0,u,v}$$
"""

SAME_EN = """# Memory of im2col

A batch of images with $C$ channels of size $H \\times W$, $F$ filters of size $k \\times k$, stride 1.

## Cost

For a $28 \\times 28$ input and 8 filters $5 \\times 5$ with padding 2, the columns number 784.

To keep the size ("same" padding, odd $k$, $p = (k-1)/2$) at stride 1, each pixel is copied $k^2$ times.

Some write, for the 'same' padding of an odd kernel, $p = k/2$.
"""

SAME_ES = """# Memoria de im2col

Imágenes con $C$ canales de $H \\times W$, $F$ filtros de $k \\times k$, paso 1.

## Coste

Para una entrada de $28 \\times 28$ y 8 filtros de $5 \\times 5$ con relleno 2 hay 784 columnas.

Para conservar el mismo tamaño (relleno "same", $k$ impar, $p = (k-1)/2$) con paso 1, cada píxel se copia $k^2$ veces.

Otros escriben, para el relleno "same" con $k$ impar, $p = (k+1)/2$.
"""

LENGTH_EN = """# 1-D convolution lab

## Hand example

A signal of length 6, $x = (1, 2, 0, -1, 3, 2)$, and a kernel of length 3, stride 1, no padding.

## Sizing the first layer

Our clips are 1600 samples long. With padding $P$ and stride $S$ the output length is

$$N_{out} = \\left\\lfloor \\frac{N + 2P - K}{S} \\right\\rfloor + 1$$

The first layer is `nn.Conv1d(1, 16, kernel_size=9, stride=4, padding=4)`, so $N_{out} = \\lfloor (1600 + 8 - 9)/4 \\rfloor + 1 = 400$.

The second is `nn.Conv1d(16, 32, kernel_size=5, stride=2, padding=2)`, so $N_{out} = \\lfloor (400 + 4 - 5)/2 \\rfloor + 1 = 201$.
"""

LENGTH_FR = """# TP convolution 1-D

## Exemple à la main

Un signal de longueur 6, $x = (1, 2, 0, -1, 3, 2)$, un noyau de longueur 3, pas 1, sans remplissage.

## Dimensionner la première couche

Nos extraits font 1600 échantillons. Avec un remplissage $P$ et un pas $S$, la longueur de sortie est

$$N_{out} = \\left\\lfloor \\frac{N + 2P - K}{S} \\right\\rfloor + 1$$

La première couche est `nn.Conv1d(1, 16, kernel_size=9, stride=4, padding=4)`, donc $N_{out} = \\lfloor (1600 + 8 - 9)/4 \\rfloor + 1 = 400$.

La seconde est `nn.Conv1d(16, 32, kernel_size=5, stride=2, padding=2)`, donc $N_{out} = \\lfloor (400 + 4 - 5)/2 \\rfloor + 1 = 201$.
"""


def _out(h: int, k: int, p: int, s: int = 1) -> int:
    """The output height torch's conv2d gives (the truth every size claim is held to)."""
    return F.conv2d(
        torch.zeros(1, 1, h, 5 + k), torch.zeros(1, 1, k, k), padding=p, stride=s
    ).shape[2]


def test_the_truth_of_the_stated_cases():
    for k in (1, 3, 5, 7):
        for h in range(k, 12):
            p = (k - 1) // 2
            assert _out(h, k, p) == h  # H + (K - 1) - K + 1 = H
            assert _out(h, k, p, 2) == (h + 2 * p - k) // 2 + 1 == math.ceil(h / 2)
    assert any(_out(h, 3, 1, 2) != h // 2 for h in range(3, 12))  # floor(H/2): wrong
    assert [_out(h, 4, 2) for h in range(4, 9)] == [h + 1 for h in range(4, 9)]
    assert _out(6, 4, 1) == 5  # K = 4, P = 1: H - 1, not H


def test_an_output_formula_is_judged_in_the_case_its_lead_in_states():
    for notes in (CASE_EN, CASE_JA):
        assert statuses(notes, "= H + (K - 1) - K + 1 = H$$") == [VERIFIED]
        found = one_verdict(notes, "\\left\\lceil")
        assert found.status == VERIFIED
        assert "stride 2" in found.message and "(K - 1)/2" in found.message
        assert WRONG not in statuses(notes, "= H + 1$")
        assert VERIFIED in statuses(notes, "= H + 1$")
        assert statuses(notes, "$P = 1$") == [WRONG]  # K = 4, P = 1: H - 1, not H
    # the classmate's floor(H/2): false at odd H inside the case
    found = one_verdict(CASE_EN, "\\right\\rfloor$$")
    assert found.status == WRONG


def _input_gradient(
    k: int, p: int, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    torch.manual_seed(seed)
    x = torch.randn(1, 1, 7, 6, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, k, k, dtype=torch.float64)
    y = F.conv2d(x, w, padding=p)
    g = torch.randn_like(y)
    y.backward(g)
    return x.grad, g, w


def test_the_truth_of_the_tied_padding():
    for k in (1, 3, 5):
        p = (k - 1) // 2
        dx, g, w = _input_gradient(k, p)
        # pad_P(G) correlated with the turned kernel: torch's conv2d is a correlation
        assert torch.allclose(dx, F.conv2d(F.pad(g, (p,) * 4), w.flip(-1, -2)))
        if k > 1:
            assert not torch.allclose(dx, F.conv2d(F.pad(g, (p,) * 4), w))
    dx, g, w = _input_gradient(3, 1)
    assert F.conv2d(F.pad(g, (2,) * 4), w.flip(-1, -2)).shape != dx.shape  # pad_{P+1}
    dx, g, w = _input_gradient(2, 1)  # outside the tie (K even): the formula's shape is off
    assert F.conv2d(F.pad(g, (1,) * 4), w.flip(-1, -2)).shape != dx.shape


def test_a_gradient_under_a_padding_tied_to_the_kernel():
    found = one_verdict(TIED_EN, "\\operatorname{pad}_P(G)")
    assert found.status == VERIFIED
    assert "tie the padding to the kernel (P = (K - 1)/2)" in found.message
    assert one_verdict(TIED_EN, "\\operatorname{pad}_{P+1}(G)").status == WRONG
    assert one_verdict(TIED_JA, "\\star W$$").status == WRONG  # the kernel not turned
    assert statuses(TIED_JA, "rot}_{180}(W)$$") in ([VERIFIED], [NOT_UNDERSTOOD])


def test_the_truth_of_the_depthwise_gradient():
    torch.manual_seed(1)
    c, k = 3, 2
    x = torch.randn(2, c, 5, 6, dtype=torch.float64, requires_grad=True)
    w = torch.randn(c, 1, k, k, dtype=torch.float64)
    y = F.conv2d(x, w, groups=c)
    g = torch.randn_like(y)
    y.backward(g)
    gn, wn = g.numpy(), w.numpy()

    def delta(n: int, f: int, i: int, j: int) -> float:  # zero outside the output
        inside = 0 <= i < gn.shape[2] and 0 <= j < gn.shape[3]
        return float(gn[n, f, i, j]) if inside else 0.0

    claimed = np.zeros(x.shape)
    slip = np.zeros(x.shape)
    for n, ch, p, q in np.ndindex(*x.shape):
        for u in range(k):
            for v in range(k):
                claimed[n, ch, p, q] += delta(n, ch, p - u, q - v) * wn[ch, 0, u, v]
                slip[n, ch, p, q] += delta(n, ch, p + u, q + v) * wn[ch, 0, u, v]
    assert np.allclose(claimed, x.grad.numpy())
    assert not np.allclose(slip, x.grad.numpy())


def test_the_depthwise_case_and_a_gradient_taken_as_zero_outside():
    for notes, own in ((DEPTHWISE_ES, "\\delta_{n,c,p-u,q-v}"), (DEPTHWISE_EN, "g_{n,c,p-u,q-v}")):
        found = one_verdict(notes, own)
        assert found.status == VERIFIED
        assert "depthwise case" in found.message
    # the kernel not turned: read at delta_{n,c,p+u,q+v}, zero outside the output
    assert one_verdict(DEPTHWISE_ES, "\\delta_{n,c,p+u,q+v}").status == WRONG
    # every filter summed beside the channel's own weights: never verified
    slip = "g_{n,f,p-u,q-v}\\, w_{c,0,u,v}"
    assert one_verdict(DEPTHWISE_EN, slip).status != VERIFIED


def test_the_truth_of_the_lengths():
    first = torch.nn.Conv1d(1, 16, kernel_size=9, stride=4, padding=4)
    second = torch.nn.Conv1d(16, 32, kernel_size=5, stride=2, padding=2)
    y = first(torch.zeros(1, 1, 1600))
    assert y.shape[-1] == 400
    assert second(y).shape[-1] == 200  # not 201


def test_an_output_length_named_n_out():
    for notes in (LENGTH_EN, LENGTH_FR):
        assert WRONG not in statuses(notes, "= 400$")  # its own numbers are Conv1d's
        assert statuses(notes, "= 201$") == [WRONG]
