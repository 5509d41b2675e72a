# ruff: noqa: E501  (the notes' lines are kept as people write them)
"""Readings behind the sealed fresh50-52 false alarms and misses, on notes of our own.

* ``\\operatorname{pad}_{2,3}`` that the notes define as "2 zeros before and 3 after"
  (pad_pairs.py): an asymmetric padding, not 2 rows and 3 columns;
* a stride set only as a case tried out ("the same recipe for $s = 1$") is no layer of the
  notes, and does not make a verified gradient under the worked example's layer a guess
  (read_guards._hypothesis);
* Keras's ``strides=2`` in a sentence whose formula writes the stride's letter: the letter
  is that sentence's stride (bound_sizes._sentence_letters, scope_facts' ``strides=``);
* "`x` is $N \\times C \\times H \\times W$" with the test's "$N = 2$, ..., $H = W = 5$": the
  layer's sizes (shape_tuples._TENSOR_IS), so corner entries are judged at them;
* a claim whose text stands twice on its line is led in by the words before its own place
  (output_case.lead_in, the n-th occurrence), and by its own sentence's case where an
  earlier sentence of the line states another;
* a pooling has no parameters and no kernel W: a count or an operator claim naming them is
  another layer's (sizes.PoolSizes, opbuild).

Every truth is torch autograd's or NumPy's; each correct form must be verified (or, where
the layer is another, not called wrong), each deliberately wrong variant must not pass.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from symconv.checker.pad_pairs import pairs_are_ends, with_pad_pair_meaning
from symconv.checker.read_guards import _hypothesis
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.shape_tuples import shape_tuple_facts


def _verdicts(text: str, line: int) -> list:
    return [v for v in check_text(text).verdicts if v.line == line]


def _rot(a: np.ndarray) -> np.ndarray:
    return a[::-1, ::-1]


def _corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    n, m = a.shape[0] - k.shape[0] + 1, a.shape[1] - k.shape[1] + 1
    return np.array(
        [
            [np.sum(a[i : i + k.shape[0], j : j + k.shape[1]] * k) for j in range(m)]
            for i in range(n)
        ]
    )


def _dilate(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((a.shape[0] - 1) * s + 1, (a.shape[1] - 1) * s + 1))
    out[::s, ::s] = a
    return out


def _strided_input_gradient(size: int, seed: int = 5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(W, G, dL/dX) of F.conv2d(x, w, stride=2, padding=1) with a 3x3 kernel, by autograd."""
    rng = np.random.default_rng(seed)
    x = torch.tensor(rng.integers(-4, 5, (1, 1, size, size)), dtype=torch.float64)
    w = torch.tensor(rng.integers(-4, 5, (1, 1, 3, 3)), dtype=torch.float64)
    x.requires_grad_(True)
    y = torch.nn.functional.conv2d(x, w, stride=2, padding=1)
    g = torch.tensor(rng.integers(-4, 5, tuple(y.shape)), dtype=torch.float64)
    (y * g).sum().backward()
    assert x.grad is not None
    return w[0, 0].detach().numpy(), g[0, 0].numpy(), x.grad[0, 0].numpy()


def _crop_pad_dilate(w: np.ndarray, g: np.ndarray, before: int, after: int) -> np.ndarray:
    """crop_1(pad_{before, after}(dil_2(G)) star rot180(W)), each axis padded alike."""
    padded = np.pad(_dilate(g, 2), ((before, after), (before, after)))
    full = _corr(padded, _rot(w))
    return full[1:-1, 1:-1]


# ------------------------------------------------------------------ pad_{a,b}: before, after
PAD_EN = r"""# Input gradient of a strided convolution

One map, indices from 0. Here $\star$ means the valid cross-correlation, $\operatorname{dil}_s(A)$ spreads the entries of $A$ apart with $s - 1$ zeros between them, and $\operatorname{crop}_p$ cuts $p$ rows and columns off each border. The layer is `F.conv2d(x, w, stride=2, padding=1)` on a $6 \times 6$ input with a $3 \times 3$ kernel and no bias.

Since $6 + 2 - 3 = 5$ is odd, the last padded row is never read, so the dilated gradient is padded unevenly: $2$ zeros before and $3$ after along each axis, written $\operatorname{pad}_{2,3}$ here. Then

$$\frac{\partial L}{\partial X} = \operatorname{crop}_1\left(\operatorname{pad}_{2,3}(\operatorname{dil}_2(G)) \star \operatorname{rot}_{180}(W)\right)$$
"""

PAD_DE = r"""# Eingabegradient bei Schrittweite 2

Ein Kanal, Indizes ab 0; $\star$ ist die gültige Kreuzkorrelation. Die Schicht ist `F.conv2d(x, w, stride=2, padding=1)` auf einer $6 \times 6$ Eingabe mit einem $3 \times 3$ Kern, ohne Bias.

Die letzte aufgefüllte Zeile wird nie gelesen, daher füllen wir den gedehnten Gradienten ungleich auf, mit $2$ Nullen vorne und $3$ hinten je Achse, kurz $\operatorname{pad}_{(2, 3)}$:

$$\frac{\partial L}{\partial X} = \operatorname{crop}_1\left(\operatorname{pad}_{(2, 3)}(\operatorname{dilate}_2(G)) \star \operatorname{rot}_{180}(W)\right)$$
"""


def test_pad_pair_defined_as_ends_is_read_so():
    w, g, truth = _strided_input_gradient(6)
    # the forward reads padded rows 0..6 of 8: 2 zeros before the dilated G and 3 after
    assert np.allclose(_crop_pad_dilate(w, g, 2, 3), truth)
    assert not np.allclose(_crop_pad_dilate(w, g, 3, 2), truth)  # the ends swapped
    for note, written in ((PAD_EN, "{2,3}"), (PAD_DE, "{(2, 3)}")):
        right = _verdicts(note, 7)
        assert [v.status for v in right] == [VERIFIED], right
        swapped = written.replace("2", "#").replace("3", "2").replace("#", "3")
        claim = note.split("\n")[6]
        wrong_note = note.replace(claim, claim.replace(written, swapped))
        wrong = _verdicts(wrong_note, 7)
        assert [v.status for v in wrong] == [WRONG], wrong


def test_pad_pair_reading_needs_words_for_both_ends():
    ends = "pad it $2$ zeros before and $3$ after, written $\\operatorname{pad}_{2,3}$."
    axes = "pad $2$ rows and $3$ columns on every side, written $\\operatorname{pad}_{2,3}$."
    alone = "the last row is never read; we write $\\operatorname{pad}_{2,3}$."
    assert pairs_are_ends(ends)
    assert not pairs_are_ends(axes)  # rows and columns: the default reading
    assert not pairs_are_ends(alone)  # one axis word names nothing
    assert not pairs_are_ends(ends + "\n\n" + axes)  # both said: neither is read
    claim = r"dX = \operatorname{pad}_{2,3}(G) \star W"
    assert with_pad_pair_meaning(claim, ends, 2) == (
        r"dX = \operatorname{pad}_{2,3,2,3}(G) \star W"
    )
    assert with_pad_pair_meaning(claim, ends, 1) == claim  # 1-D: pad_{l,r} already
    assert with_pad_pair_meaning(claim, axes, 2) == claim


# ------------------------------------------------------------ a stride tried out, no layer
HYPOTHESIS = r"""# Backward of a stride-2, padding-1 convolution by hand

One map, indices from 0. Here $\star$ means the valid cross-correlation, $\operatorname{dil}_s(A)$ spreads the entries of $A$ apart with $s - 1$ zeros between them, and $\operatorname{crop}_p$ cuts $p$ rows and columns off each border.

**First step.** Write $G = \partial L / \partial Y$ and spread it: $\operatorname{dil}_s(G)$.

**Second step.** Flip the kernel, correlate, crop. SANITY

**Numbers.** $H = 6$, $k = 3$, $s = 2$, $p = 1$, with

$$W = \begin{bmatrix} 1 & 0 & 2 \\ -1 & 1 & 0 \\ 0 & 3 & 1 \end{bmatrix}, \qquad G = \begin{bmatrix} 1 & 0 & 2 \\ -1 & 1 & 1 \\ 2 & 0 & 1 \end{bmatrix}$$

Entry $X[5,5]$ is the bottom-right corner. Here $6 + 2 - 3$ is odd, so the dilated map is padded $2$ before and $3$ after, written $\operatorname{pad}_{2,3}$:

$$\frac{\partial L}{\partial X} = \operatorname{crop}_1\left(\operatorname{pad}_{2,3}(\operatorname{dil}_2(G)) \star \operatorname{rot}_{180}(W)\right)$$
"""


def _hypothesis_note(sentence: str) -> str:
    return HYPOTHESIS.replace("SANITY", sentence)


def test_a_stride_tried_out_is_no_layer_of_the_notes():
    w = np.array([[1, 0, 2], [-1, 1, 0], [0, 3, 1]], dtype=float)
    g = np.array([[1, 0, 2], [-1, 1, 1], [2, 0, 1]], dtype=float)
    x = torch.zeros((1, 1, 6, 6), dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, torch.tensor(w)[None, None], stride=2, padding=1)
    (y * torch.tensor(g)[None, None]).sum().backward()
    assert x.grad is not None
    assert np.allclose(_crop_pad_dilate(w, g, 2, 3), x.grad[0, 0].numpy())
    for said in (
        "When $s = 1$ there is nothing to spread, and this is the usual rule.",
        "The same recipe for $s = 1$ reduces to the textbook rule.",
        "Cuando $s = 1$ no hay nada que dispersar y es la regla de siempre.",
    ):
        found = _verdicts(_hypothesis_note(said), 15)
        assert [v.status for v in found] == [VERIFIED], found
    # a stride the notes set for a layer of theirs still leaves the guessed layer in doubt
    stated = _verdicts(_hypothesis_note("Take $s = 1$ for the first layer."), 15)
    assert [v.status for v in stated] == [NOT_UNDERSTOOD], stated
    assert "stride 1" in stated[0].message


def test_hypothesis_words_before_or_after_the_setting():
    doc = [
        "The same recipe for $s = 1$ reduces to the textbook rule.",
        "Cuando $p = 0$ no hay relleno.",
        "Take $s = 1$ for the first layer.",
        "$s = 1$ のとき、拡張は何もしない。",
    ]
    assert _hypothesis(doc, 1, "1")
    assert _hypothesis(doc, 2, "0")
    assert not _hypothesis(doc, 3, "1")
    assert _hypothesis(doc, 4, "1")


# -------------------------------------------------- a sentence's own stride, in Keras words
KERAS_EN = r"""# Output sizes with 'same' padding in Keras

The first block has an input of $H = 32$ with a kernel $K = 3$ and stride $S = 1$ under `padding='same'`, so the map keeps its size.

For the downsampling block, `Conv2D(64, 3, strides=2, padding='same')`, the output has $H_{out} = \lceil H / S \rceil = OUT$ rows.
"""

KERAS_ES = r"""# Tamaños de salida con relleno 'same' en Keras

El primer bloque recibe una entrada de $H = 30$ con un kernel $K = 3$ y paso $S = 1$ bajo `padding='same'`, así que el mapa conserva su tamaño.

En el bloque de reducción, con `strides=4, padding='same'` y un kernel de 5, la salida tiene $H_{out} = \lceil H / S \rceil = OUT$ filas.
"""


def _same_output(size: int, kernel: int, stride: int) -> int:
    """TensorFlow's 'same': pad max((ceil(H/S) - 1)S + K - H, 0) rows in all (the extra one
    after), then a valid strided convolution; its output side, by torch."""
    total = max((math.ceil(size / stride) - 1) * stride + kernel - size, 0)
    x = torch.nn.functional.pad(torch.zeros(1, 1, size, size), (total // 2, total - total // 2) * 2)
    return int(
        torch.nn.functional.conv2d(x, torch.zeros(1, 1, kernel, kernel), stride=stride).shape[-1]
    )


def test_the_stride_letter_takes_its_sentence_stride():
    for note, (size, kernel, stride) in ((KERAS_EN, (32, 3, 2)), (KERAS_ES, (30, 5, 4))):
        out = _same_output(size, kernel, stride)
        assert out == math.ceil(size / stride)
        right = _verdicts(note.replace("OUT", str(out)), 5)
        assert [v.status for v in right] == [VERIFIED], right
        for wrong_value in (size, out - 1):  # the first block's side; one too few
            wrong = _verdicts(note.replace("OUT", str(wrong_value)), 5)
            assert [v.status for v in wrong] == [WRONG], wrong


# ------------------------------------------------ "`x` is N x C x H x W" and the test sizes
SHAPES_EN = r"""# Backward of a NumPy conv layer

Shapes: `x` is $N \times C \times H \times W$, `w` is $F \times C \times K \times K$ and `dy` is $N \times F \times H' \times W'$, stride $S$, no padding, no bias, with $\delta = \partial L / \partial y$.

The unit test uses $N = 2$, $C = 2$, $F = 3$, $H = W = 5$, $K = 3$, $S = 2$.

At the test sizes pixel $(0,0)$ lies in one window only, $\frac{\partial L}{\partial x_{n,c,0,0}} = \sum_f \delta_{n,f,0,0}\, w_{f,c,0,0}$, and pixel $(2,2)$ gives $\frac{\partial L}{\partial x_{n,c,2,2}} = SECOND$.
"""

SHAPES_ES = r"""# Retropropagación de una capa convolucional en NumPy

Formas: `x` es $N \times C \times H \times W$, `w` es $F \times C \times K \times K$, paso $S$, sin relleno y sin sesgo, con $\delta = \partial L / \partial y$.

La prueba usa $N = 2$, $C = 3$, $F = 2$, $H = W = 6$, $K = 2$, $S = 2$.

Con esos tamaños cada píxel está en una sola ventana: $\frac{\partial L}{\partial x_{n,c,3,3}} = \sum_f \delta_{n,f,1,1}\, w_{f,c,1,1}$ y $\frac{\partial L}{\partial x_{n,c,2,3}} = SECOND$.
"""

# pixel (2, 2) of a 5x5 input, kernel 3, stride 2: windows (0,0), (0,1), (1,0), (1,1)
ALL_FOUR = (
    r"\sum_f \left(\delta_{n,f,0,0} w_{f,c,2,2} + \delta_{n,f,0,1} w_{f,c,2,0} + "
    r"\delta_{n,f,1,0} w_{f,c,0,2} + \delta_{n,f,1,1} w_{f,c,0,0}\right)"
)


def _entry_terms(size: int, kernel: int, p: int, q: int) -> set[tuple[int, int, int, int]]:
    """(i, j, u, v) of every delta_{i,j} w_{u,v} in dL/dx_{p,q} at stride 2, by autograd:
    each term's coefficient is d^2 L / (d delta d w), read off one pair at a time."""
    found = set()
    out = (size - kernel) // 2 + 1
    for i in range(out):
        for j in range(out):
            for u in range(kernel):
                for v in range(kernel):
                    x = torch.zeros(1, 1, size, size, dtype=torch.float64, requires_grad=True)
                    w = torch.zeros(1, 1, kernel, kernel, dtype=torch.float64)
                    w[0, 0, u, v] = 1
                    delta = torch.zeros(1, 1, out, out, dtype=torch.float64)
                    delta[0, 0, i, j] = 1
                    (torch.nn.functional.conv2d(x, w, stride=2) * delta).sum().backward()
                    assert x.grad is not None
                    if x.grad[0, 0, p, q] != 0:
                        found.add((i, j, u, v))
    return found


def test_tensor_shapes_as_products_give_the_layer_its_sizes():
    assert _entry_terms(5, 3, 0, 0) == {(0, 0, 0, 0)}
    assert _entry_terms(5, 3, 2, 2) == {(0, 0, 2, 2), (0, 1, 2, 0), (1, 0, 0, 2), (1, 1, 0, 0)}
    wrong = _verdicts(SHAPES_EN.replace("SECOND", r"\sum_f \delta_{n,f,1,1}\, w_{f,c,0,0}"), 7)
    assert [v.status for v in wrong] == [VERIFIED, WRONG], wrong
    assert "5x5, kernel 3x3, stride 2" in wrong[0].message
    right = _verdicts(SHAPES_EN.replace("SECOND", ALL_FOUR), 7)
    assert [v.status for v in right] == [VERIFIED, VERIFIED], right
    # 6x6, kernel 2, stride 2: every pixel in one window; (2, 3) is window (1, 1), tap (0, 1)
    assert _entry_terms(6, 2, 3, 3) == {(1, 1, 1, 1)}
    assert _entry_terms(6, 2, 2, 3) == {(1, 1, 0, 1)}
    es_wrong = _verdicts(SHAPES_ES.replace("SECOND", r"\sum_f \delta_{n,f,1,1}\, w_{f,c,1,0}"), 7)
    assert [v.status for v in es_wrong] == [VERIFIED, WRONG], es_wrong
    es_right = _verdicts(SHAPES_ES.replace("SECOND", r"\sum_f \delta_{n,f,1,1}\, w_{f,c,0,1}"), 7)
    assert [v.status for v in es_right] == [VERIFIED, VERIFIED], es_right


def test_shape_product_after_the_tensor_letter():
    lines = SHAPES_EN.split("\n")
    facts = {key: value for key, value, _ in shape_tuple_facts(lines, 1)}
    assert facts == {
        "input": "5x5",
        "kernel": "3x3",
        "batch": "2",
        "in-channels": "2",
        "out-channels": "3",
    }


# --------------------------------------------------- the n-th place a claim's text stands
TCONV_EN = r"""# Transposed convolution sizes

For input side $H$, kernel $k$, stride $s$, padding $p$ and `output_padding` $a$, PyTorch gives

$$H_{out} = (H - 1)\, s - 2p + k + a$$

In a DCGAN generator one takes $k = 4$, $s = 2$, $p = 1$, and every layer doubles exactly: $H_{out} = 2H$. With $k = 3$, $s = 2$, $p = 1$ and $a = 0$ one gets $H_{out} = SECOND$.
"""

TCONV_DE = r"""# Größen der transponierten Faltung

Für Eingabegröße $H$, Kernel $k$, Stride $s$, Padding $p$ und `output_padding` $a$ liefert PyTorch

$$H_{out} = (H - 1)\, s - 2p + k + a$$

Mit $k = 2$, $s = 2$, $p = 0$ verdoppelt jede Schicht: $H_{out} = 2H$. Mit $k = 3$, $s = 2$, $p = 0$ und $a = 0$ gilt $H_{out} = SECOND$.
"""


def _transposed_side(size: int, kernel: int, padding: int) -> int:
    layer = torch.nn.ConvTranspose2d(1, 1, kernel, stride=2, padding=padding, bias=False)
    return int(layer(torch.zeros(1, 1, size, size)).shape[-1])


def test_a_claim_written_twice_on_its_line_has_its_own_lead_in():
    for note, (k1, p1), (k2, p2) in ((TCONV_EN, (4, 1), (3, 1)), (TCONV_DE, (2, 0), (3, 0))):
        sizes = range(2, 9)
        assert all(_transposed_side(h, k1, p1) == 2 * h for h in sizes)
        offset = {_transposed_side(h, k2, p2) - 2 * h for h in sizes}
        assert len(offset) == 1 and offset != {0}
        right_side = f"2H {'+' if offset.pop() > 0 else '-'} 1"
        right = _verdicts(note.replace("SECOND", right_side), 7)
        assert [v.status for v in right] == [VERIFIED, VERIFIED], right
        wrong = _verdicts(note.replace("SECOND", "2H"), 7)
        assert wrong[0].status == VERIFIED  # the first case's own 2H
        assert wrong[1].status in (WRONG, NOT_UNDERSTOOD), wrong  # never verified
        assert "kernel 3" in wrong[1].message


# ------------------------------------------------- a pooling: no parameters, no kernel W
POOL_DE = r"""# Blatt 3: Faltung und Max-Pooling

Gegeben ist ein Eingabebild $X$ der Größe $6 \times 6$ und ein Kern $K$ der Größe $3 \times 3$.

Die Faltungsschicht hat Schrittweite 1 und einen Bias $b$; danach folgt ein Max-Pooling mit Fenster $2 \times 2$ und Schrittweite 2.

## b) Parameter

Die Faltungsschicht hat $n_{\text{param}} = COUNT$ trainierbare Parameter, das Pooling keine.
"""

POOL_EN = r"""# Sheet 3: convolution and max pooling

The input image $X$ is $6 \times 6$ and the kernel $K$ is $3 \times 3$.

The conv layer has stride 1 and a bias $b$; a max pooling with a $2 \times 2$ window and stride 2 follows.

## b) Parameters

The conv layer has $n_{\text{param}} = COUNT$ trainable parameters, the pooling none.
"""


def test_a_pooling_has_no_parameter_count_of_its_window():
    conv = torch.nn.Conv2d(1, 1, 3, stride=1, bias=True)
    pool = torch.nn.MaxPool2d(2, stride=2)
    assert sum(p.numel() for p in conv.parameters()) == 10
    assert sum(p.numel() for p in pool.parameters()) == 0
    for note in (POOL_DE, POOL_EN):
        forgot_bias = _verdicts(note.replace("COUNT", r"3 \cdot 3 = 9"), 9)
        assert forgot_bias and all(v.status != VERIFIED for v in forgot_bias), forgot_bias
        with_bias = _verdicts(note.replace("COUNT", r"3 \cdot 3 + 1 = 10"), 9)
        assert with_bias and all(v.status != WRONG for v in with_bias), with_bias


POOL_W_EN = r"""# Global average pooling and the conv layer before it

The network ends with a conv layer with a $3 \times 3$ kernel, stride 1 and padding 1, then global average pooling.

For the conv layer the input gradient is the padded upstream gradient correlated with the flipped kernel:

$$\frac{\partial L}{\partial X} = \operatorname{pad}_{PAD}(G) \star \operatorname{rot}_{180}(W)$$
"""

POOL_W_FR = r"""# Pooling moyen global après une convolution

Le réseau finit par une convolution de noyau $3 \times 3$, pas 1 et remplissage 1, suivie d'un average pooling global.

Pour la convolution, le gradient de l'entrée est le gradient amont rempli corrélé avec le noyau retourné :

$$\frac{\partial L}{\partial X} = \operatorname{pad}_{PAD}(G) \star \operatorname{rot}_{180}(W)$$
"""


def test_a_kernel_named_under_a_pooling_is_another_layers():
    rng = np.random.default_rng(2)
    x = torch.tensor(rng.normal(size=(1, 1, 5, 5)), requires_grad=True)
    w = torch.tensor(rng.normal(size=(1, 1, 3, 3)))
    y = torch.nn.functional.conv2d(x, w, padding=1)
    g = torch.tensor(rng.normal(size=tuple(y.shape)))
    (y * g).sum().backward()
    assert x.grad is not None
    wn, gn = w[0, 0].numpy(), g[0, 0].numpy()
    assert np.allclose(_corr(np.pad(gn, 1), _rot(wn)), x.grad[0, 0].numpy())  # pad_1: right
    assert _corr(np.pad(gn, 2), _rot(wn)).shape != (5, 5)  # pad_2: wrong
    for note in (POOL_W_EN, POOL_W_FR):
        for pad in ("1", "2"):
            found = _verdicts(note.replace("PAD", pad), 7)
            assert [v.status for v in found] == [NOT_UNDERSTOOD], found
            assert "pooling" in found[0].message
