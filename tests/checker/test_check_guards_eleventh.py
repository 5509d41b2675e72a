# ruff: noqa: E501  (the notes' lines are kept as people write them)
"""Readings and guards added in the eleventh session, each on notes written here.  Truth:
torch convolutions and autograd; a claim's verdict is asserted only where the notes settle
what it is about."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.prose_conditions import is_condition
from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text

F = torch.nn.functional


def _verdicts(text: str) -> dict[int, tuple[str, str]]:
    return {v.line: (v.status, v.message) for v in check_text(text, "notes.md").verdicts}


def _single_map_truth(side: int, kernel: int) -> None:
    """What the notes below claim for one map, stride 1, no padding, checked by autograd:
    dL/dW_{0,0} = sum_ij G_ij X_ij, dL/dX = pad_{k-1}(G) correlated with rot180(W), and
    G correlated with W (no padding, no rotation) has the wrong shape."""
    x = torch.randn(1, 1, side, side, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, kernel, kernel, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w)
    g = torch.randn_like(y)
    y.backward(g)
    assert torch.allclose(w.grad[0, 0, 0, 0], (g * x[..., : y.shape[-2], : y.shape[-1]]).sum())
    full = F.conv2d(F.pad(g, [kernel - 1] * 4), w.detach().flip(-1, -2))
    assert torch.allclose(x.grad, full)
    assert F.conv2d(g, w.detach()).shape[-1] != side


# "de modo que" (so that) is a conjunction, not a "mode" defining padding words: the
# exercise's "sin padding" is its own layer's
SHEET = """# Hoja de ejercicios 4

**Ejercicio 1.** Una imagen de $32 \\times 32 \\times 3$ pasa por 8 filtros de $3 \\times 3$ con padding 1 y stride 1.

El tamaño de salida es $O = (32 - 3 + 2 \\cdot 1)/1 + 1 = 32$.

**Ejercicio 2.** Sea $X$ una entrada de $4 \\times 4$ y $W$ un kernel de $2 \\times 2${options}, de modo que $Y = X \\star W$ es de $3 \\times 3$.

$$\\frac{{\\partial L}}{{\\partial W_{{0,0}}}} = \\sum_{{i=0}}^{{2}}\\sum_{{j=0}}^{{2}} \\frac{{\\partial L}}{{\\partial Y_{{i,j}}}} X_{{i,j}}$$

$$\\frac{{\\partial L}}{{\\partial X}} = \\operatorname{{pad}}_1\\left(\\frac{{\\partial L}}{{\\partial Y}}\\right) \\star \\operatorname{{rot}}_{{180}}(W)$$

$$\\frac{{\\partial L}}{{\\partial X}} = \\frac{{\\partial L}}{{\\partial Y}} \\star W$$
"""


@pytest.mark.parametrize("options", [" (stride 1, sin padding)", ""])
def test_a_numbered_exercise_poses_its_own_layer(options: str) -> None:
    """Exercise 2 states its own input and kernel: exercise 1's padding 1 and 3 -> 8
    channels are not its layer, whether it says "sin padding" (read despite "de modo que")
    or nothing (the defaults of a layer posed anew)."""
    _single_map_truth(4, 2)
    found = _verdicts(SHEET.replace("{options}", options).replace("{{", "{").replace("}}", "}"))
    assert found[5][0] == VERIFIED, found[5]  # (32 - 3 + 2)/1 + 1 = 32 by hand
    assert found[7][0] == VERIFIED, found[7]  # Y = X star W is 3x3 with no padding
    assert found[9][0] == VERIFIED, found[9]
    assert found[11][0] == VERIFIED, found[11]
    assert found[13][0] == WRONG, found[13]


QUESTIONS = """# Conv questions I was asked

**Q1. Output size?** A $64 \\times 64 \\times 3$ input, 16 filters of $5 \\times 5$, stride 2,
padding 2: $O = \\lfloor (64 - 5 + 4)/2 \\rfloor + 1 = 32$.

**Q2. Backprop through a conv?** The layer computes $Y = X \\star K$ with $X$ of size $5 \\times 5$
and $K$ of size $2 \\times 2$.

- weights: $\\frac{\\partial L}{\\partial K} = X \\star \\frac{\\partial L}{\\partial Y}$
- input: $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_1(\\frac{\\partial L}{\\partial Y}) \\star \\operatorname{rot180}(K)$
- input, a slip: $\\frac{\\partial L}{\\partial X} = \\operatorname{pad}_1(\\frac{\\partial L}{\\partial Y}) \\star K$
"""


def test_question_two_does_not_take_question_one_channels_or_stride() -> None:
    """Q2's single 5x5 map and 2x2 kernel are its own layer: Q1's 3 -> 16 channels, stride 2
    and padding 2 would make its true claims wrong."""
    _single_map_truth(5, 2)
    x = torch.randn(1, 1, 5, 5, dtype=torch.float64)
    g = torch.randn(1, 1, 4, 4, dtype=torch.float64)
    w = torch.randn(1, 1, 2, 2, dtype=torch.float64, requires_grad=True)
    F.conv2d(x, w).backward(g)
    assert torch.allclose(w.grad, F.conv2d(x, g))  # dK = X star G
    slip = F.conv2d(F.pad(g, [1] * 4), w.detach())  # no rotation: differs from dX
    xr = x.clone().requires_grad_(True)
    F.conv2d(xr, w.detach()).backward(g)
    assert not torch.allclose(slip, xr.grad)
    found = _verdicts(QUESTIONS)
    assert found[4][0] == VERIFIED, found[4]  # floor(63/2) + 1 = 32 by hand
    assert found[9][0] == VERIFIED, found[9]
    assert found[10][0] == VERIFIED, found[10]
    assert found[11][0] == WRONG, found[11]


BACK_REFERENCE = """# Problem set 3

**Question 1.** A $7 \\times 7$ input goes through a $3 \\times 3$ kernel with stride 2 and padding 1.
The output side is $O = \\lfloor (7 + 2 - 3)/2 \\rfloor + 1 = 4$.

**Question 2.** {lead} a $9 \\times 9$ input and a $3 \\times 3$ kernel.

$$y_{i,j} = \\sum_{u=0}^{2}\\sum_{v=0}^{2} w_{u,v}\\, x_{2i+u-1,\\, 2j+v-1}$$
"""


@pytest.mark.parametrize(
    "lead",
    [
        "Same stride and padding as in Question 1, but",
        "Gleiche Schrittweite und gleiches Padding wie in Aufgabe 1, aber",
        "Con el mismo stride y padding que en la pregunta anterior, pero",
    ],
)
def test_a_question_referring_back_keeps_the_earlier_options(lead: str) -> None:
    """A question that says it keeps question 1's stride and padding goes on from its layer:
    the stride-2, padding-1 formula is right for it (torch) and must not come out wrong."""
    x = torch.randn(1, 1, 9, 9, dtype=torch.float64)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    y = F.conv2d(x, w, stride=2, padding=1)
    padded = F.pad(x, [1] * 4)[0, 0]  # x_{2i+u-1} is padded[2i+u]
    for i, j in [(0, 0), (2, 3), (4, 4)]:
        assert torch.isclose(
            y[0, 0, i, j], (w[0, 0] * padded[2 * i : 2 * i + 3, 2 * j : 2 * j + 3]).sum()
        )
    found = _verdicts(BACK_REFERENCE.replace("{lead}", lead))
    assert found[4][0] == VERIFIED, found[4]
    assert found[8][0] == VERIFIED, found[8]


# ---------------------------------------------------------------- words of more languages
def _side(size: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """An output side by torch itself (a conv of one map)."""
    x = torch.zeros(1, 1, size, size, dtype=torch.float64)
    w = torch.zeros(1, 1, kernel, kernel, dtype=torch.float64)
    return F.conv2d(x, w, stride=stride, padding=padding, dilation=dilation).shape[-1]


@pytest.mark.parametrize(
    ("words", "padding_word"),
    [
        ("Entrada $3 \\times 128 \\times 128$, 32 filtres de $5 \\times 5$, pas 2", "farciment 2"),
        ("Entrée $3 \\times 128 \\times 128$, 32 filtres de $5 \\times 5$, pas 2", "remplissage 2"),
    ],
)
def test_catalan_and_french_layer_words(words: str, padding_word: str) -> None:
    """Catalan "filtres", "farciment" and French "remplissage" are the kernel and padding:
    read, the right side is verified; unread, the default padding 0 made it wrong."""
    assert _side(128, 5, stride=2, padding=2) == 64
    text = (
        "# Exercici 4\n\n"
        f"{words}, {padding_word}:\n\n"
        "$$H_{out} = \\left\\lfloor \\frac{128 + 4 - 5}{2} \\right\\rfloor + 1 = 64$$\n"
    )
    found = _verdicts(text)
    assert found[5][0] == VERIFIED, found[5]


# ---------------------------------------------------------------- channels-last letters
CHANNELS_LAST = """# Gruppanteckningar

Vi följer Keras: en minibatch $X$ har formen $(N, H, W, C)$ och kärnan $K$ har formen $(R, R, C, F)$.
Steg 1, ingen utfyllnad, $C = 3$ och $F = 4$. Alla index börjar på 0. $G_{n,i,j,f} = \\partial L / \\partial Y_{n,i,j,f}$.

$$\\frac{\\partial L}{\\partial b_f} = \\sum_{n=0}^{N-1} \\sum_{i=0}^{H'-1} \\sum_{j=0}^{W'-1} G_{n,i,j,f}$$

$$\\frac{\\partial L}{\\partial K_{u,v,c,f}} = \\sum_{n=0}^{N-1} \\sum_{i=0}^{H'-1} \\sum_{j=0}^{W'-1} G_{n,i,j,f}\\, X_{n,i+u,j+v,c}$$

$$\\frac{\\partial L}{\\partial K_{u,v,c,f}} = \\sum_{n=0}^{N-1} \\sum_{i=0}^{H'-1} \\sum_{j=0}^{W'-1} G_{n,i,j,c}\\, X_{n,i+u,j+v,f}$$
"""


@pytest.mark.parametrize("counts", [", $C = 3$ och $F = 4$", ""])
def test_a_shape_in_letters_sets_channels_last(counts: str) -> None:
    """``(R, R, C, F)`` puts the channels after rows and columns (Keras): the indices
    (n, i, j, f) are read in that order; with channels first the true claims were wrong.
    Without stated counts the swap of c and f is still caught: at a guessed layer of one
    channel and one filter both are 0, so other counts are tried."""
    x = torch.randn(2, 5, 5, 3, dtype=torch.float64)  # N, H, W, C
    k = torch.randn(2, 2, 3, 4, dtype=torch.float64, requires_grad=True)  # R, R, C, F
    b = torch.randn(4, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x.permute(0, 3, 1, 2), k.permute(3, 2, 0, 1), b).permute(0, 2, 3, 1)
    g = torch.randn_like(y)
    y.backward(g)
    assert torch.allclose(b.grad, g.sum((0, 1, 2)))
    mine = torch.einsum("nijf,nijc->cf", g, x[:, :4, :4, :])  # entry u = v = 0
    assert torch.allclose(k.grad[0, 0], mine)
    found = _verdicts(CHANNELS_LAST.replace(", $C = 3$ och $F = 4$", counts))
    assert found[6][0] == VERIFIED, found[6]
    assert found[8][0] == VERIFIED, found[8]
    assert found[10][0] == WRONG, found[10]  # c and f swapped


# ---------------------------------------------------------------- average pooling, French
AVERAGE_POOL = """# TP pooling

Les indices commencent à 1. L'entrée est une carte $4 \\times 4$, et $g_{pq} = \\partial L / \\partial y_{pq}$.

## Pooling moyen, fenêtre 2, pas 2

La sortie est la moyenne de chaque fenêtre ; chaque entrée reçoit le gradient de sa fenêtre divisé par 4 :

$$\\frac{\\partial L}{\\partial x_{ij}} = \\frac{1}{4}\\, g_{\\lceil i/2 \\rceil, \\lceil j/2 \\rceil}$$

$$\\frac{\\partial L}{\\partial x_{ij}} = g_{\\lceil i/2 \\rceil, \\lceil j/2 \\rceil}$$
"""


def test_pooling_moyen_is_an_average_pool() -> None:
    x = torch.randn(1, 1, 4, 4, dtype=torch.float64, requires_grad=True)
    g = torch.randn(1, 1, 2, 2, dtype=torch.float64)
    F.avg_pool2d(x, 2, 2).backward(g)
    # 1-based: x_{ij} sits in window (ceil(i/2), ceil(j/2))
    assert torch.allclose(x.grad[0, 0], g[0, 0].repeat_interleave(2, 0).repeat_interleave(2, 1) / 4)
    found = _verdicts(AVERAGE_POOL)
    assert found[9][0] == VERIFIED, found[9]
    assert found[11][0] == WRONG, found[11]


# ---------------------------------------------------------------- labelled items
ERRATA = """# Erratum list, handout 4

The handout's layer: one map, input $X$ of size $n \\times n$, kernel $W$ of size $k \\times k$,
stride 1, no padding, $dY = \\partial L / \\partial Y$. Examples use $n = 5$ and $k = 2$ unless stated.

**R3 — p. 6 (stride 2, $n = 9$, $k = 3$).** Should read $dX = \\operatorname{pad}_{2}(\\operatorname{dilate}_2(dY)) \\star \\operatorname{rot}_{180}(W)$.

**R4 — p. 7, the weight gradient of a batch with $L = \\sum_{m} L^{(m)}$.** Reads $dW = X^{(m)} \\star dY^{(m)}$.

**R5 — p. 8.** Should read $dW = X \\star dY$.
"""


def test_an_item_sets_its_letters_and_keeps_them_to_itself() -> None:
    """R3's "n = 9, k = 3" and stride 2 are its layer (the letters the preamble named);
    R5 is again the preamble's stride-1 layer; R4's one-sample tensors are not read."""
    x = torch.randn(1, 1, 9, 9, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    y = F.conv2d(x, w, stride=2)
    g = torch.randn_like(y)
    y.backward(g)
    dilated = torch.zeros(1, 1, 7, 7, dtype=torch.float64)
    dilated[..., ::2, ::2] = g
    assert torch.allclose(x.grad, F.conv2d(F.pad(dilated, [2] * 4), w.flip(-1, -2)))
    x5 = torch.randn(1, 1, 5, 5, dtype=torch.float64)
    w5 = torch.randn(1, 1, 2, 2, dtype=torch.float64, requires_grad=True)
    g5 = torch.randn(1, 1, 4, 4, dtype=torch.float64)
    F.conv2d(x5, w5).backward(g5)
    assert torch.allclose(w5.grad, F.conv2d(x5, g5))
    found = _verdicts(ERRATA)
    assert found[6][0] == VERIFIED, found[6]
    assert found[8][0] == NOT_UNDERSTOOD, found[8]  # no sum over the batch: never verified
    assert found[10][0] == VERIFIED, found[10]


# ---------------------------------------------------------------- a worked case apart
REVIEW = """# Review of `conv_backward`

Shapes in the tests: `X` is `(N, C, H, W) = (2, 3, 6, 6)`, `W` is `(F, C, k, k) = (4, 3, 3, 3)`.

$$dW[f, c, u, v] = \\sum_{n} \\sum_{i} \\sum_{j} dY[n, f, i, j]\\, X[n, c, i+u, j+v]$$

A case small enough by hand, one channel, one filter: $X = \\begin{bmatrix} 2 & 0 & 1 \\\\ 1 & 3 & 0 \\\\ 0 & 1 & 1 \\end{bmatrix}$, $W = \\begin{bmatrix} 1 & 0 \\\\ -1 & 2 \\end{bmatrix}$, upstream $dY = \\begin{bmatrix} 1 & 1 \\\\ 0 & 2 \\end{bmatrix}$, and $db = 1 + 1 + 0 + 2 = 4$.
"""


def test_a_worked_case_of_another_layer_is_not_judged_under_the_declared_one() -> None:
    """The hand case is one 3x3 map; judged under the declared 2x3x6x6 batch, its true
    db = 4 (torch) was "a scalar where a vector of 4 is expected"."""
    x = torch.tensor([[2.0, 0, 1], [1, 3, 0], [0, 1, 1]], dtype=torch.float64).reshape(1, 1, 3, 3)
    w = torch.tensor([[1.0, 0], [-1, 2]], dtype=torch.float64).reshape(1, 1, 2, 2)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    F.conv2d(x, w, b).backward(
        torch.tensor([[1.0, 1], [0, 2]], dtype=torch.float64).reshape(1, 1, 2, 2)
    )
    assert b.grad.item() == 4
    found = _verdicts(REVIEW)
    assert found[5][0] == VERIFIED, found[5]
    assert found[7][0] != WRONG, found[7]


# ---------------------------------------------------------------- a padding chosen by name
@pytest.mark.parametrize(
    ("line", "source", "condition"),
    [
        ('which for "same" padding, $P = (K-1)/2$, is just the padding', "P = (K-1)/2", True),
        (
            "para padding 'same', $p = \\lfloor k/2 \\rfloor$, la salida conserva",
            "p = \\lfloor k/2 \\rfloor",
            True,
        ),
        ("Here the layer pads by $P = (K-1)/2$ on each side", "P = (K-1)/2", False),
    ],
)
def test_a_padding_chosen_for_a_named_case_is_a_condition(
    line: str, source: str, condition: bool
) -> None:
    """ "for 'same' padding, P = (K-1)/2" sets P for that case: a condition, no claim about
    the notes' layer (whose padding the notes give only as the letter P); "the layer pads
    by P = (K-1)/2" states it."""
    for k in (3, 5, 7):  # the choice keeps the side (torch)
        assert _side(11, k, padding=(k - 1) // 2) == 11
    assert is_condition([line], 1, source) is condition


# ---------------------------------------------------------------- a constructor, any input
DILATED = """# Blatt 6, Aufgabe 2

`nn.Conv2d(4, 4, kernel_size=3, dilation=3, padding=2)`, Eingabe $H \\times H$. Die Ausgabe hat

$$H_{out} = H + 2 \\cdot 2 - 3 \\cdot (3 - 1) - 1 + 1 = H - 2$$

$$H_{out} = H + 2 \\cdot 2 - (3 - 1) - 1 + 1 = H + 2$$
"""


def test_a_constructor_applied_to_an_input_in_letters() -> None:
    """The constructor states kernel 3, dilation 3, padding 2 for an input of any side H:
    H + 4 - 6 = H - 2 (torch); forgetting the dilation gives H + 2."""
    assert all(_side(h, 3, padding=2, dilation=3) == h - 2 for h in (7, 10, 16))
    found = _verdicts(DILATED)
    assert found[5][0] == VERIFIED, found[5]
    assert found[7][0] == WRONG, found[7]


# ---------------------------------------------------------------- general claims, stated case
TRANSPOSED_1D = """# Hand-in, sheet 7

A 1-D transposed convolution (`nn.ConvTranspose1d`) with stride $S$, no padding: each $x_i$ is
spread with the kernel, $y_{S i + k} \\mathrel{+}= x_i w_k$. Worked case: $S = 3$, kernel $w$ of 2 taps,
input $x$ of 4 entries, and $g_t = \\partial L / \\partial y_t$.

$$\\frac{\\partial L}{\\partial x_i} = \\sum_{k=0}^{K-1} w_k\\, g_{S i + k}$$

$$\\frac{\\partial L}{\\partial w_k} = \\sum_{i=0}^{3} x_i\\, g_{S i + k}$$
"""


def test_general_claims_under_a_stated_padding_and_input() -> None:
    """Both claims hold for the stated layer (torch): the first for every S and K at
    padding 0 (a counterexample with another padding is not this layer's), the second
    with its bound 3 the notes' last input index (at another input the bound, not the
    claim, falls short): neither may come out wrong or size-specific."""
    for stride, taps, length in ((3, 2, 4), (2, 3, 5)):
        x = torch.randn(1, 1, length, dtype=torch.float64, requires_grad=True)
        w = torch.randn(1, 1, taps, dtype=torch.float64, requires_grad=True)
        y = F.conv_transpose1d(x, w, stride=stride)
        g = torch.randn_like(y)
        y.backward(g)
        for i in range(length):
            assert torch.isclose(
                x.grad[0, 0, i], sum(w[0, 0, k] * g[0, 0, stride * i + k] for k in range(taps))
            )
        for k in range(taps):
            assert torch.isclose(
                w.grad[0, 0, k], sum(x[0, 0, i] * g[0, 0, stride * i + k] for i in range(length))
            )
    found = _verdicts(TRANSPOSED_1D)
    assert found[7][0] not in (WRONG, SIZE_SPECIFIC), found[7]
    assert found[9][0] not in (WRONG, SIZE_SPECIFIC), found[9]


DILATED_WEIGHTS = """# Blatt 6, Aufgabe 3

`nn.Conv2d(2, 2, kernel_size=3, dilation=3, padding=3)`, Eingabe $H \\times H$, also $H_{out} = H$.

Für die Gewichte gilt mit $\\tilde{x} = \\operatorname{pad}_3(x)$ für jedes Kanalpaar

$$\\frac{\\partial L}{\\partial w_{u,v}} = \\sum_{i=0}^{H_{out}-1} \\sum_{j=0}^{H_{out}-1} g_{i,j}\\, \\tilde{x}_{i + 3u,\\, j + 3v}$$
"""


def test_a_general_counterexample_must_keep_the_constructor_options() -> None:
    """The constructor fixes stride 1 (its default), dilation 3, padding 3; the claim, true
    for every H (torch), writes none of them as a letter: a counterexample at another
    stride is not this layer's, so the claim is never wrong."""
    for h in (5, 8):
        x = torch.randn(1, 1, h, h, dtype=torch.float64)
        w = torch.randn(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
        y = F.conv2d(x, w, dilation=3, padding=3)
        g = torch.randn_like(y)
        y.backward(g)
        padded = F.pad(x, [3] * 4)[0, 0]
        for u, v in ((0, 0), (1, 2), (2, 2)):
            mine = (g[0, 0] * padded[3 * u : 3 * u + h, 3 * v : 3 * v + h]).sum()
            assert torch.isclose(w.grad[0, 0, u, v], mine)
    found = _verdicts(DILATED_WEIGHTS)
    assert found[7][0] != WRONG, found[7]


# ---------------------------------------------------------------- fresh29's first reading
def test_thin_space_groups_are_one_number() -> None:
    """$8 \\cdot 32 \\cdot 17 \\cdot 17 \\cdot 4 = 295\\,936$: 8*32*289*4 = 295936 by hand;
    read as the product 295 * 936 the right side was 276120, and the claim wrong."""
    assert 8 * 32 * 17 * 17 * 4 == 295936
    text = (
        "# Memory\n\n"
        "The output of `nn.Conv2d(16, 32, 3, stride=2, padding=1)` on a batch of 8 inputs of\n"
        "33 x 33 in float32 takes $8 \\cdot 32 \\cdot 17 \\cdot 17 \\cdot 4 = 295\\,936$ bytes.\n"
    )
    found = _verdicts(text)
    assert found.get(4, ("none", ""))[0] != WRONG, found


def test_a_capital_read_as_an_index_gives_no_verdict() -> None:
    """ "each output sees $d (K - 1) + 1 = 5$ inputs": 2 * (3 - 1) + 1 = 5 for the dilated
    kernel (torch: one output's gradient touches 5 inputs); K is the kernel's size, and
    read as an index it made the claim "wrong"."""
    x = torch.zeros(1, 1, 9, dtype=torch.float64, requires_grad=True)
    F.conv1d(x, torch.ones(1, 1, 3, dtype=torch.float64), dilation=2)[0, 0, 0].backward()
    assert int(x.grad[0, 0].nonzero()[-1, 0]) + 1 == 5
    text = (
        "# Issue: dilated Conv1d\n\n"
        "```python\nconv = nn.Conv1d(1, 1, kernel_size=3, dilation=2)\n```\n\n"
        "So $x = (1, 2, 3, 4, 5, 6, 7)$, $w = (1, -1, 2)$ and $g_t = \\partial L / \\partial y_t$.\n\n"
        "The taps are $d = 2$ apart, so each output sees $d (K - 1) + 1 = 5$ consecutive inputs.\n"
    )
    found = _verdicts(text)
    assert found.get(9, ("none", ""))[0] != WRONG, found


THREAD = """# Wrong input gradient for dilated `Conv1d`?

```python
conv = nn.Conv1d(1, 1, kernel_size=2, dilation=3, bias=False)
x = torch.arange(1., 10.).reshape(1, 1, 9)
```

So $x = (1, 2, 3, 4, 5, 6, 7, 8, 9)$ and $w = (1, -1)$.

**@ana** commented:

With $g_t = \\partial L / \\partial y_t$, zero outside the output: $$\\frac{\\partial L}{\\partial x_s} = \\sum_{k=0}^{1} w_k \\, g_{s - 3k}$$

**@ben** commented:

Same check with `stride=2` added.

For the input, outputs now start every second sample: $$\\frac{\\partial L}{\\partial x_s} = \\sum_{k=0}^{1} w_k \\, g_{(s - 3k)/2}$$ with $g$ zero at non-integer indices.
"""


def test_a_reply_stating_another_stride() -> None:
    """Ben's reply adds stride 2; its claim holds there (torch) and fails at the thread's
    stride 1: no "wrong" (which stride the section means is not read); Ana's stride-1
    claim stays verified."""
    for stride in (1, 2):
        x = torch.randn(1, 1, 9, dtype=torch.float64, requires_grad=True)
        w = torch.randn(1, 1, 2, dtype=torch.float64)
        y = F.conv1d(x, w, stride=stride, dilation=3)
        g = torch.randn_like(y)
        y.backward(g)
        for s in range(9):
            terms = [(s - 3 * k) for k in range(2)]
            mine = torch.zeros((), dtype=torch.float64)
            for k, t in enumerate(terms):
                if t >= 0 and t % stride == 0 and t // stride < y.shape[-1]:
                    mine = mine + w[0, 0, k] * g[0, 0, t // stride]
            assert torch.isclose(x.grad[0, 0, s], mine)
    found = _verdicts(THREAD)
    assert found[12][0] == VERIFIED, found[12]
    assert found[18][0] != WRONG, found[18]


def test_a_code_variable_with_a_digit_is_a_name() -> None:
    """``y2 = ...`` in the code and "$g = y_2 / 800$" in the prose: y_2 is the tensor y2
    (the gradient of mean(y2**2)/2 over 800 entries is y2/800, torch), not entry 2 of y."""
    y2 = torch.randn(2, 5, 5, 16, dtype=torch.float64, requires_grad=True)
    (y2.pow(2).mean() / 2).backward()
    assert torch.allclose(y2.grad, y2.detach() / 800)
    text = (
        "# Notebook\n\n"
        "```python\n"
        "y2 = jax.lax.conv_general_dilated(x, k, window_strides=(2, 2), padding='SAME')\n"
        "```\n\n"
        "With `L = jnp.mean(y2 ** 2) / 2` the upstream gradient is $g = y_2 / (N H' W' O) = y_2 / 800$.\n"
    )
    found = _verdicts(text)
    assert found.get(7, ("none", ""))[0] != WRONG, found
