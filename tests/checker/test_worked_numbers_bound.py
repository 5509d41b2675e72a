"""A worked example's numbers bound to the layer's tensors where the binding is unambiguous
(issue 16, the twenty-third session):

* W's slices written with one subscript pair, ``w_{0,1} = [...]`` / ``W_{2,1} = [...]``,
  in the order the notes' own forward formula fixes (the letter marking X is the input
  channel, the letter marking Y the filter); with no such formula the pair is not read;
  and a bias given as one list per filter, ``b = (1, -1)`` (worked_channels.py);
* the bias a worked example gives as one number, bound to a one-filter layer's bias, so a
  chain ``Y[0,1] = <formula> = <number>`` is judged at every side's value
  (formula_then_number.py);
* a chain with a side the checker does not read (a sum that runs into the padding) between
  the entry and a formula that holds: the number after the formula is still judged.

Every note is the test's own (Italian, English, German, French), its numbers computed by
torch autograd in the test, and each reading has a deliberately wrong variant that must be
called wrong (or left not understood where the binding is not the notes').
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from answer_key import links
from line_verdicts import one_verdict, statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

X2 = [[[1, 0, 2], [-1, 3, 1], [0, 2, -2]], [[2, 1, 0], [0, -1, 1], [1, 0, 3]]]
W22 = [[[[1, -1], [0, 2]], [[0, 1], [1, 0]]], [[[2, 0], [-1, 1]], [[1, 1], [0, -1]]]]
G2 = [[[1, -2], [0, 3]], [[2, 1], [-1, 0]]]
BIAS2 = [1, -1]


def _mat(m) -> str:
    rows = [" & ".join(str(int(v)) for v in row) for row in m]
    return "\\begin{pmatrix} " + " \\\\ ".join(rows) + " \\end{pmatrix}"


def _two_by_two():
    """Y, dL/dX and dL/dW (torch's layout: W[f, c]) of the two-channel, two-filter example."""
    x = torch.tensor(X2, dtype=torch.float64, requires_grad=True)
    w = torch.tensor(W22, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(BIAS2, dtype=torch.float64)
    y = F.conv2d(x[None], w, b)[0]
    dx, dw = torch.autograd.grad((y * torch.tensor(G2, dtype=torch.float64)).sum(), (x, w))
    return y.detach(), dx, dw


def _off_by_one(m):
    """``m`` with its last entry one more: a deliberately wrong matrix."""
    out = [list(map(int, row)) for row in m]
    out[-1][-1] += 1
    return out


def _italian() -> tuple[str, torch.Tensor, torch.Tensor]:
    """0-based, w_{f,c}: filter first, as the forward formula writes it."""
    _, dx, dw = _two_by_two()
    w = W22
    slices = ", \\quad ".join(
        f"w_{{{f},{c}}} = {_mat(w[f][c])}" for f in range(2) for c in range(2)
    )
    forward = (
        "y_f[i, j] = \\sum_{c=0}^{1} \\sum_{u=0}^{1} \\sum_{v=0}^{1} w_{f,c}[u, v]\\, x_c[i+u, j+v]"
    )
    text = f"""# Esercizio: convoluzione con due canali e due filtri

Uno strato `nn.Conv2d(2, 2, kernel_size=2)` con passo 1, senza padding e senza bias, su un
ingresso di 2 canali $3 \\times 3$. Indici da 0: ingresso $x_c$, filtro $w_{{f,c}}$.

$${forward}$$

Dati:

$$x_0 = {_mat(X2[0])}, \\quad x_1 = {_mat(X2[1])}$$

$${slices}$$

e il gradiente che arriva dall'alto

$$g_0 = {_mat(G2[0])}, \\quad g_1 = {_mat(G2[1])}$$

Il gradiente del filtro 1 sul canale 0:

$$\\frac{{\\partial L}}{{\\partial w_{{1,0}}}} = {_mat(dw[1, 0])}$$

e quello del filtro 0 sul canale 1, con un errore di calcolo:

$$\\frac{{\\partial L}}{{\\partial w_{{0,1}}}} = {_mat(_off_by_one(dw[0, 1]))}$$

Il gradiente dell'ingresso, canale 1:

$$\\frac{{\\partial L}}{{\\partial x_1}} = {_mat(dx[1])}$$
"""
    return text, dx, dw


def test_the_truth_of_the_italian_note():
    _, _, dw = _italian()
    assert dw[1, 0].tolist() != dw[0, 1].tolist()  # the order of the pair matters
    assert dw[1, 0].tolist() != dw[0, 1].t().tolist()


def test_a_pair_of_marks_in_the_forward_formulas_order():
    text, _, _ = _italian()
    assert statuses(text, "w_{1,0}} = ") == [VERIFIED]
    assert statuses(text, "w_{0,1}} = ") == [WRONG]  # the off-by-one entry
    assert statuses(text, "x_1} = \\begin") == [VERIFIED]


def _english(order: str) -> tuple[str, torch.Tensor]:
    """1-based, the pair channel first (W_{c,f}) as the forward formula writes it; with
    ``order="none"`` the notes write no forward formula, only prose."""
    y, _, dw = _two_by_two()
    w = W22  # torch's w[f][c]
    slices = ", \\quad ".join(
        f"W_{{{c + 1},{f + 1}}} = {_mat(w[f][c])}" for c in range(2) for f in range(2)
    )
    formula = (
        "$$Y_f[i,j] = b_f + \\sum_{c=1}^{2} \\sum_{u=1}^{2} \\sum_{v=1}^{2} "
        "W_{c,f}[u,v]\\, X_c[i+u-1, j+v-1]$$"
        if order == "cf"
        else "Each output map adds the two channels' correlations and its bias."
    )
    text = f"""# Worked example: two channels, two filters

The layer is `nn.Conv2d(2, 2, kernel_size=2)`, stride 1, no padding, with a bias per filter;
indices and channels count from 1, and the input is two $3 \\times 3$ maps.

{formula}

The example's numbers:

$$X_1 = {_mat(X2[0])}, \\quad X_2 = {_mat(X2[1])}$$

$${slices}$$

with biases $b = (1, -1)$ and upstream gradients

$$G_1 = {_mat(G2[0])}, \\quad G_2 = {_mat(G2[1])}$$

The outputs, each with its filter's bias:

$$Y_1 = {_mat(y[0])}$$

$$Y_2 = {_mat(_off_by_one(y[1]))}$$

The gradient of channel 2's slice of filter 1:

$$\\frac{{\\partial L}}{{\\partial W_{{2,1}}}} = {_mat(dw[0, 1])}$$

and channel 1's slice of filter 2, transposed by mistake:

$$\\frac{{\\partial L}}{{\\partial W_{{1,2}}}} = {_mat(dw[1, 0].t())}$$
"""
    return text, dw


def test_the_truth_of_the_english_note():
    _, dw = _english("cf")
    assert dw[1, 0].t().tolist() != dw[1, 0].tolist()
    y, _, _ = _two_by_two()
    x = torch.tensor(X2, dtype=torch.float64)
    w = torch.tensor(W22, dtype=torch.float64)
    assert (F.conv2d(x[None], w)[0, 0] + 1).tolist() == y[0].tolist()  # b_1 = 1


def test_a_pair_written_channel_first():
    text, _ = _english("cf")
    assert statuses(text, "W_{2,1}} = ") == [VERIFIED]
    assert statuses(text, "W_{1,2}} = ") == [WRONG]  # channel 1's slice of filter 2, transposed
    assert statuses(text, "Y_1 = ") == [VERIFIED]  # with b_1 = 1 from the list b = (1, -1)
    assert statuses(text, "Y_2 = ") == [WRONG]


def test_a_pair_no_formula_orders_is_not_read():
    text, _ = _english("none")
    assert statuses(text, "W_{2,1}} = ") == [NOT_UNDERSTOOD]
    assert statuses(text, "W_{1,2}} = ") == [NOT_UNDERSTOOD]
    assert statuses(text, "Y_1 = ") == [NOT_UNDERSTOOD]  # it needs W's slices


# ---------------------------------------------------------------- the bias's one number
XB = [[1, 0, 2], [-1, 3, 1], [0, 2, -2]]
WB = [[1, -1], [0, 2]]
BIAS = 2


def _forward_entry(i: int, j: int) -> int:
    """Y[i, j] of the one-filter example with bias 2, by torch."""
    x = torch.tensor(XB, dtype=torch.float64)[None, None]
    w = torch.tensor(WB, dtype=torch.float64)[None, None]
    return int(F.conv2d(x, w, torch.tensor([float(BIAS)], dtype=torch.float64))[0, 0, i, j])


def _french(number: int) -> str:
    claim = (
        "Y[0,1] = X[0,1]\\, W[0,0] + X[0,2]\\, W[0,1] + X[1,1]\\, W[1,0] + X[1,2]\\, W[1,1] "
        f"+ b = {number}"
    )
    return f"""# TD : une convolution avec biais

Couche `nn.Conv2d(1, 1, kernel_size=2)`, pas 1, sans padding, entrée $3 \\times 3$, indices
à partir de 0. On prend

$$X = {_mat(XB)}, \\qquad W = {_mat(WB)}, \\qquad b = {BIAS}$$

Un coefficient de la sortie :

$${claim}$$
"""


def _german(number: int) -> str:
    claim = (
        "y_{22} = w_{11} x_{22} + w_{12} x_{23} + w_{21} x_{32} + w_{22} x_{33} "
        f"+ b = {number}"
    )
    return f"""## Übung: Faltung mit Bias

Eine Schicht `nn.Conv2d(1, 1, kernel_size=2)` mit Schrittweite 1, ohne Padding, Eingabe
$3 \\times 3$, Indizes ab 1 in der Form $x_{{ij}}$. Gegeben sind

$$X = {_mat(XB)}, \\quad W = {_mat(WB)}, \\quad b = {BIAS}$$

Damit ist

$${claim}$$
"""


def test_the_truth_of_the_bias_notes():
    x, w = XB, WB
    y01 = x[0][1] * w[0][0] + x[0][2] * w[0][1] + x[1][1] * w[1][0] + x[1][2] * w[1][1] + BIAS
    assert _forward_entry(0, 1) == y01
    y11 = x[1][1] * w[0][0] + x[1][2] * w[0][1] + x[2][1] * w[1][0] + x[2][2] * w[1][1] + BIAS
    assert _forward_entry(1, 1) == y11


def test_a_given_bias_is_bound_to_the_layers_bias():
    right, other = _forward_entry(0, 1), _forward_entry(1, 1)
    assert statuses(_french(right), "Y[0,1] = ") == [VERIFIED]
    assert statuses(_french(right + 1), "Y[0,1] = ") == [WRONG]
    assert statuses(_german(other), "y_{22} = ") == [VERIFIED]
    assert statuses(_german(other - 3), "y_{22} = ") == [WRONG]


def _french_formula_wrong() -> tuple[str, int]:
    """Y[0,1] with a term dropped, then that formula's own value: the formula is wrong, its
    arithmetic right (the key of such notes counts both links)."""
    x, w = XB, WB
    dropped = x[0][1] * w[0][0] + x[1][1] * w[1][0] + x[1][2] * w[1][1] + BIAS
    text = (
        _french(0)
        .replace(" + X[0,2]\\, W[0,1] + X[1,1]", " + X[1,1]")
        .replace(" + b = 0$$", f" + b = {dropped}$$")
    )
    return text, dropped


def test_a_wrong_formula_whose_arithmetic_holds_at_the_bias():
    text, dropped = _french_formula_wrong()
    assert dropped != _forward_entry(0, 1)  # X[0,2] W[0,1] is not 0 here
    found = one_verdict(text, "Y[0,1] = ")
    assert found.status == WRONG
    assert [link.status for link in links(found)] == [WRONG, VERIFIED]


# ---------------------------------------------------------------- a side not read
XP = [[2, -1, 0], [1, 3, -2], [0, 1, 1]]
GP = [[1, 0, -1], [2, 1, 0], [-1, 3, 2]]
WP = [[1, 0, 1], [0, 2, 0], [1, 0, -1]]


def _padded_kernel_gradient() -> torch.Tensor:
    x = torch.tensor(XP, dtype=torch.float64)[None, None]
    w = torch.tensor(WP, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w[None, None], padding=1)
    (dw,) = torch.autograd.grad((y * torch.tensor(GP, dtype=torch.float64)).sum(), (w,))
    return dw


def _english_padded(number: int, expansion: str = "") -> str:
    expansion = (
        expansion or "G[1,1]\\, X[0,0] + G[1,2]\\, X[0,1] + G[2,1]\\, X[1,0] + G[2,2]\\, X[1,1]"
    )
    claim = (
        "\\frac{\\partial L}{\\partial W[0,0]} = \\sum_{i=0}^{2} \\sum_{j=0}^{2} G[i,j]\\, "
        f"X[i-1, j-1] = {expansion} = {number}"
    )
    return f"""# Padding and the kernel gradient

A `nn.Conv2d(1, 1, kernel_size=3, padding=1)` layer, stride 1, no bias, on a $3 \\times 3$
input; indices from 0, and $X$ is read as 0 outside its range. The example's numbers:

$$X = {_mat(XP)}, \\quad W = {_mat(WP)}, \\quad G = {_mat(GP)}$$

The corner weight sees the padding in its first row and column of windows:

$${claim}$$
"""


def _spanish_padded(number: int) -> str:
    claim = (
        "\\frac{\\partial L}{\\partial W[2,2]} = \\sum_{i=0}^{2} \\sum_{j=0}^{2} G[i,j]\\, "
        "X[i+1, j+1] = G[0,0]\\, X[1,1] + G[0,1]\\, X[1,2] + G[1,0]\\, X[2,1] + G[1,1]\\, "
        f"X[2,2] = {number}"
    )
    return f"""## Ejercicio 3: relleno y gradiente del filtro

Capa `nn.Conv2d(1, 1, kernel_size=3, padding=1)` con paso 1 y sin sesgo, entrada de
$3 \\times 3$, índices desde 0 ($X$ vale cero fuera de su rango). Datos:

$$X = {_mat(XP)}, \\quad W = {_mat(WP)}, \\quad G = {_mat(GP)}$$

La última esquina del filtro:

$${claim}$$
"""


def test_the_truth_of_the_padded_notes():
    dw = _padded_kernel_gradient()
    g, x = GP, XP
    corner = g[1][1] * x[0][0] + g[1][2] * x[0][1] + g[2][1] * x[1][0] + g[2][2] * x[1][1]
    assert dw[0, 0].item() == corner
    last = g[0][0] * x[1][1] + g[0][1] * x[1][2] + g[1][0] * x[2][1] + g[1][1] * x[2][2]
    assert dw[2, 2].item() == last


def test_a_number_after_an_unread_side_is_still_judged():
    dw = _padded_kernel_gradient()
    right = int(dw[0, 0])
    # the sum into the padding is not read, so the chain is not verified as a whole
    assert statuses(_english_padded(right), "W[0,0]} = ") == [NOT_UNDERSTOOD]
    found = one_verdict(_english_padded(right + 2), "W[0,0]} = ")
    assert found.status == WRONG
    assert [link.status for link in links(found)] == [NOT_UNDERSTOOD, NOT_UNDERSTOOD, WRONG]
    last = int(dw[2, 2])
    assert statuses(_spanish_padded(last), "W[2,2]} = ") == [NOT_UNDERSTOOD]
    found = one_verdict(_spanish_padded(last - 1), "W[2,2]} = ")
    assert [link.status for link in links(found)] == [NOT_UNDERSTOOD, NOT_UNDERSTOOD, WRONG]


def test_a_wrong_expansion_after_an_unread_side_is_wrong():
    dw = _padded_kernel_gradient()
    swapped = "G[1,1]\\, X[1,1] + G[1,2]\\, X[0,1] + G[2,1]\\, X[1,0] + G[2,2]\\, X[0,0]"
    found = one_verdict(_english_padded(int(dw[0, 0]), swapped), "W[0,0]} = ")
    assert found.status == WRONG
    assert links(found)[0].status == NOT_UNDERSTOOD  # the entry and the unread sum
    assert links(found)[1].status == NOT_UNDERSTOOD  # the unread sum and the expansion


# ------------------------------------- a chain at the slices of a two-channel example
XC = [[[1, 2, 0], [0, 1, 3], [2, 0, 1]], [[0, 1, 1], [1, 0, 2], [1, 1, 0]]]
KC = [[[1, 0], [-1, 2]], [[0, 1], [2, -1]]]
DC = [[2, -1], [0, 3]]


def _channel_gradients() -> tuple[torch.Tensor, torch.Tensor]:
    """dL/dx and dL/dk of one filter over two channels, dL/dz = DC (torch autograd)."""
    x = torch.tensor(XC, dtype=torch.float64, requires_grad=True)
    k = torch.tensor([KC], dtype=torch.float64, requires_grad=True)
    z = F.conv2d(x[None], k)[0, 0]
    dx, dk = torch.autograd.grad((z * torch.tensor(DC, dtype=torch.float64)).sum(), (x, k))
    return dx, dk[0]


def _slices(x: str, k: str, base: int) -> str:
    """``x[0] = [..], x[1] = [..], k[0] = [..], k[1] = [..]``: the example's slices."""
    named = [(f"{x}[{c + base}]", XC[c]) for c in (0, 1)] + [
        (f"{k}[{c + base}]", KC[c]) for c in (0, 1)
    ]
    return ", \\quad ".join(f"{name} = {_mat(m)}" for name, m in named)


def _english_channels(number: int) -> str:
    """0-based, x[c, i, j] and w[c, u, v]; the upstream gradient delta computed through a
    ReLU and named before its expression."""
    claim = (
        "\\frac{\\partial L}{\\partial x[1, 0, 1]} = \\delta[0, 1]\\, w[1, 0, 0] + "
        f"\\delta[0, 0]\\, w[1, 0, 1] = {number}"
    )
    return f"""# Two channels, one filter, then a ReLU

A layer `nn.Conv2d(2, 1, kernel_size=2)`, stride 1, no padding, no bias, takes an input of 2
channels of size $3 \\times 3$; indices from 0, $x[c, i, j]$ for the input and $w[c, u, v]$
for the filter, and $a = \\operatorname{{ReLU}}(z)$.

$${_slices("x", "w", 0)}$$

Through the ReLU's mask the layer's upstream gradient is

$$\\delta = \\frac{{\\partial L}}{{\\partial z}} = g \\odot \\mathbb{{1}}[z > 0] = {_mat(DC)}$$

One entry of the input gradient:

$${claim}$$
"""


def _german_channels(number: int, entry: tuple[int, int] = (1, 1)) -> str:
    """1-based, X[c, i, j] and W[c, u, v]; G computed from a target and named first."""
    u, v = entry
    terms = " + ".join(
        f"G[{i},{j}]\\, X[2,{i + u - 1},{j + v - 1}]" for i in (1, 2) for j in (1, 2)
    )
    claim = f"\\frac{{\\partial L}}{{\\partial W[2, {u}, {v}]}} = {terms} = {number}"
    return f"""## Übung: zwei Kanäle, ein Filter

Eine Schicht `nn.Conv2d(2, 1, kernel_size=2)` mit Schrittweite 1, ohne Padding und ohne Bias,
Eingabe mit 2 Kanälen der Größe $3 \\times 3$; Kanäle und Indizes ab 1, Eintrag $X[c, i, j]$,
Kern $W[c, u, v]$.

$${_slices("X", "W", 1)}$$

Der Gradient von oben wird aus dem Ziel berechnet:

$$G = \\frac{{\\partial L}}{{\\partial Y}} = Y - T = {_mat(DC)}$$

Ein Eintrag des Kerngradienten:

$${claim}$$
"""


def test_the_truth_of_the_channel_notes():
    dx, dk = _channel_gradients()
    d, k, x = DC, KC, XC
    assert dx[1, 0, 1].item() == d[0][1] * k[1][0][0] + d[0][0] * k[1][0][1]
    corner = sum(d[i][j] * x[1][i + 1][j + 1] for i in (0, 1) for j in (0, 1))
    assert dk[1, 1, 1].item() == corner


def test_a_chain_at_the_slices_of_a_two_channel_example():
    dx, dk = _channel_gradients()
    right = int(dx[1, 0, 1])
    assert statuses(_english_channels(right), "x[1, 0, 1]} = ") == [VERIFIED]
    assert statuses(_english_channels(right + 3), "x[1, 0, 1]} = ") == [WRONG]
    assert statuses(_german_channels(int(dk[1, 0, 0]), (1, 1)), "W[2, 1, 1]} = ") == [VERIFIED]
    wrong = int(dk[1, 1, 1]) + 4
    assert statuses(_german_channels(wrong, (2, 2)), "W[2, 2, 2]} = ") == [WRONG]


def _portuguese_bias(number: int) -> str:
    """A bias gradient's chain, a sum then a number, in a two-channel example."""
    claim = (
        "\\frac{\\partial L}{\\partial b} = \\sum_{i=0}^{1} \\sum_{j=0}^{1} \\delta[i, j] "
        f"= {number}"
    )
    return f"""# Exercício: dois canais e um viés

Uma camada `nn.Conv2d(2, 1, kernel_size=2)` com passo 1, sem padding e com viés, recebe uma
entrada de 2 canais de tamanho $3 \\times 3$; índices a partir de 0, $x[c, i, j]$ para a
entrada e $w[c, u, v]$ para o filtro.

$${_slices("x", "w", 0)}$$

com $b = 1$; a saída é $z$ e o gradiente que vem de cima

$$\\delta = \\frac{{\\partial L}}{{\\partial z}} = {_mat(DC)}$$

O gradiente do viés soma $\\delta$:

$${claim}$$
"""


def test_a_sum_then_a_number_names_the_chains_sides():
    """The pair ``dL/db = number`` judged alone says "side 2 is ..."; in the chain that side
    is the last, and the sum before it holds (the link between them is the wrong one)."""
    total = sum(sum(row) for row in DC)
    b = torch.tensor([1.0], dtype=torch.float64, requires_grad=True)
    z = F.conv2d(
        torch.tensor([XC], dtype=torch.float64), torch.tensor([KC], dtype=torch.float64), b
    )
    (db,) = torch.autograd.grad((z[0, 0] * torch.tensor(DC, dtype=torch.float64)).sum(), (b,))
    assert db.item() == total
    assert statuses(_portuguese_bias(total), "partial b} = ") == [VERIFIED]
    found = one_verdict(_portuguese_bias(total + 1), "partial b} = ")
    assert [link.status for link in links(found)] == [VERIFIED, WRONG]


def test_a_gradient_after_the_activation_is_not_the_layers():
    """``g = dL/da = [..]`` with a = ReLU(z): g is the gradient after the activation, not
    the layer's dL/dz, so a chain written with g's numbers is not judged at them (were it,
    this one, g put in for dL/dz, would pass)."""
    dx, _ = _channel_gradients()
    text = (
        _english_channels(int(dx[1, 0, 1]))
        .replace(
            "\\delta = \\frac{\\partial L}{\\partial z} = g \\odot \\mathbb{1}[z > 0] =",
            "g = \\frac{\\partial L}{\\partial a} =",
        )
        .replace("\\delta[", "g[")
    )
    assert "\\partial a} =" in text and "\\delta" not in text
    assert statuses(text, "x[1, 0, 1]} = ") == [NOT_UNDERSTOOD]
