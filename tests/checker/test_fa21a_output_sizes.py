# ruff: noqa: E501  (the notes are prose lines, kept as a reader writes them)
r"""Output-size claims whose case the notes state in a way the checker had not read (issue
16: closing false alarms of the sealed sets fresh47 / fresh48 in general; these notes are
the tests' own, in several languages).

- A transposed layer's output padding in a table row's case, by the letter the notes
  declare for it ("output padding $a$", "relleno de salida $a$") or in words: pinned like
  the stride and padding (a row judged at output padding 0 was called wrong).  A letter the
  row sets that nothing reads ("$q = 1$") leaves the row not understood, never wrong.
- TensorFlow's "same" padding (a quoted `"same"`): the output side is ceil(H/s) whatever
  the kernel -- TF pads max((ceil(H/s) - 1)s + k - H, 0) rows, the extra one at the
  bottom; a valid padding's floor((H - k)/s) + 1 under "same" is not verified.
- A what-if map in the claim's own sentence ("Para un mapa de $11 \times 11$ saldría
  ..."): the layer's output on that map, not on the map the question states.
- A transposed layer's uncropped buffer ((L - 1)s + k, before the padding crops it) is not
  its output; an output claimed to be that long is still wrong.
- A chain flagged in its case names the side that differs, so that its first link (the
  formula) is not counted wrong with its second; a case that states no padding does not
  make a formula that writes one in numbers (H + 2·2 - 4 + 1) wrong at padding 0.
- A count's arithmetic after "padding:" ("$P = 4 \cdot 4 \cdot 16 + 16$") sets no padding.

Truth: torch (conv_transpose1d, conv2d on explicitly padded inputs, max_pool2d) and NumPy,
computed in the tests.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from answer_key import links
from conftest import checked_text

from symconv.checker.prose import prose_facts
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

ROWS_EN = """# Transposed convolution sizes (1-D)

One axis: input length $L$, kernel $k$, stride $s$, padding $p$, output padding $a$, dilation 1.

| setting | output length |
|---|---|
| $k = 3$, $s = 2$, $p = 1$, $a = 1$ | $L_{out} = 2 L$ |
| $k = 3$, $s = 2$, $p = 1$, $a = 0$ | $L_{out} = 2 L$ |
| $k = 5$, $s = 3$, $p = 1$, $a = 2$ | $L_{out} = 3 L + 2$ |
| $k = 5$, $s = 3$, $p = 1$, $a = 2$ | $L_{out} = 3 L + 1$ |
| $k = 3$, $s = 2$, $p = 1$, $q = 1$ | $L_{out} = 2 L$ |

With $k = 4$, stride 2, padding 1 and output padding 1 the layer gives $L_{out} = 2 L + 1$.
"""

ROWS_ES = """# Tamaños de la convolución transpuesta

Un eje: entrada de longitud $L$, núcleo $k$, paso $s$, relleno $p$ y relleno de salida $a$.

| caso | salida |
|---|---|
| $k = 3$, $s = 2$, $p = 1$, $a = 1$ | $L_{out} = 2 L$ |
| $k = 3$, $s = 2$, $p = 1$, $a = 0$ | $L_{out} = 2 L$ |
| $k = 4$, $s = 2$, $p = 1$, $a = 1$ | $L_{out} = 2 L + 1$ |
| $k = 4$, $s = 2$, $p = 1$, $a = 1$ | $L_{out} = 2 L$ |
"""

# the same rows in H (the general reader guesses a layer for them): the row with the unread
# q fails at the guess, which does not make it wrong
ROWS_H = ROWS_EN.replace("L_{out}", "H_{out}").replace(" L$", " H$").replace(" L + ", " H + ")
ROWS_H = ROWS_H.replace("input length $L$", "input height $H$")

SAME_EN = """# TensorFlow padding modes

Keras pads asymmetrically. For `"same"` the output side depends only on the stride $s$:

$$H_{out} = \\left\\lceil \\frac{H}{s} \\right\\rceil$$

A classmate wrote, for `"same"` as well,

$$H_{out} = \\left\\lfloor \\frac{H}{s} \\right\\rfloor$$

and another one, still for `"same"`,

$$H_{out} = \\left\\lfloor \\frac{H - k}{s} \\right\\rfloor + 1$$

For `"valid"` there is no padding at all, and one gets

$$H_{out} = \\left\\lfloor \\frac{H - k}{s} \\right\\rfloor + 1$$
"""

SAME_DE = """# Padding-Modi in TensorFlow

Bei `padding="SAME"` hängt die Ausgabegröße nur von der Schrittweite $s$ ab: $H_{out} = \\lceil H / s \\rceil$.

Falsch wäre bei `padding="SAME"` dagegen $H_{out} = \\lceil (H - k + 1) / s \\rceil$.
"""

WHAT_IF_ES = """# Examen — Problema 3

**Enunciado.** Una capa `nn.MaxPool2d(kernel_size=3, stride=2)` (sin relleno) recibe el mapa $A$ de $9 \\times 9$. Calcule el tamaño de la salida.

**Solución.** Con una ventana de $3 \\times 3$ y paso 2, $H_{out} = \\left\\lfloor \\frac{9 - 3}{2} \\right\\rfloor + 1 = 4$.

Para un mapa de $11 \\times 11$ saldría $H_{out} = \\frac{11 - 3}{2} + 1 = 6$, y para uno de $8 \\times 8$, redondeando hacia arriba, $H_{out} = \\left\\lceil \\frac{8 - 3}{2} \\right\\rceil + 1 = 4$.

Para un mapa de $13 \\times 13$ saldría $H_{out} = \\frac{13 - 3}{2} + 1 = 6$.

Para un mapa de $13 \\times 13$ saldría $H_{out} = \\frac{9 - 3}{2} + 1 = 4$.
"""

WHAT_IF_EN = """# Quiz 4, question 2

A `nn.MaxPool2d(kernel_size=2, stride=2)` layer receives a $10 \\times 10$ map. Its output side is $H_{out} = (10 - 2)/2 + 1 = 5$.

For a $14 \\times 14$ map we would get $H_{out} = (14 - 2)/2 + 1 = 7$, and for a $7 \\times 7$ one $H_{out} = \\lceil (7 - 2)/2 \\rceil + 1 = 4$.
"""

BUFFER_EN = """# Worked example: `nn.ConvTranspose1d(1, 1, 3, stride=2, padding=1, bias=False)`

Input of length 4, $x = (2, -1, 1, 3)$, kernel $w = (1, 2, 1)$.

Each input element stamps a scaled copy of $w$ at offset $2i$ into a long buffer of length $(4 - 1) \\cdot 2 + 3 = 9$; the padding then crops one element at each end.

So the output has length $(4 - 1) \\cdot 2 + 3 = 9$.
"""

BUFFER_FR = """# Exemple : `nn.ConvTranspose1d(1, 1, 5, stride=3, padding=1, bias=False)`

Entrée de longueur 3, $x = (1, 0, 2)$, noyau $w = (1, 1, 0, 2, 1)$.

Chaque élément de l'entrée dépose une copie de $w$ dans un tampon de taille $(3 - 1) \\cdot 3 + 5 = 11$ ; le padding retire ensuite un élément de chaque côté.

La sortie a donc la taille $(3 - 1) \\cdot 3 + 5 = 11$.
"""

EVEN_EN = """# Even kernels and symmetric padding

The old rule of thumb was $p = \\lfloor k/2 \\rfloor$ zeros on both sides; for $k = 4$, stride 1 that gives $H_{out} = H + 2 \\cdot 2 - 4 + 1 = H$.

Done right, for $k = 4$, stride 1 it gives $H_{out} = H + 2 \\cdot 2 - 4 + 1 = H + 1$.
"""

EVEN_DE = """# Gerade Kerne

Die alte Faustregel war $p = \\lfloor k/2 \\rfloor$ Nullen auf beiden Seiten; für $k = 4$, Schrittweite 1 ergibt das $H_{out} = H + 2 \\cdot 2 - 4 + 1 = H$.

Richtig gerechnet ergibt sich für $k = 4$, Schrittweite 1 aber $H_{out} = H + 2 \\cdot 2 - 4 + 1 = H + 1$.
"""


def _verdicts(text: str, piece: str, source: str = "") -> list:
    """The verdicts on the first line of ``text`` holding ``piece`` (those whose source
    starts with ``source``)."""
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)
    return [
        v
        for v in checked_text(text, "notes.md").verdicts
        if v.line == line and v.source.startswith(source)
    ]


def _row(text: str, case: str, formula: str) -> list[str]:
    """The statuses of a table row's output formula (its case's own $a = 1$ left out)."""
    line = next(
        n
        for n, row in enumerate(text.split("\n"), start=1)
        if case in row and f"{formula} |" in row
    )
    return [
        v.status
        for v in checked_text(text, "notes.md").verdicts
        if v.line == line and "_{out}" in v.source
    ]


# ------------------------------------------------------------------ the truth
def _transposed(length: int, k: int, s: int, p: int, a: int) -> int:
    """torch's ConvTranspose1d output length."""
    x = torch.zeros(1, 1, length)
    w = torch.zeros(1, 1, k)
    return F.conv_transpose1d(x, w, stride=s, padding=p, output_padding=a).shape[-1]


def _tf_same(h: int, k: int, s: int) -> tuple[int, int, int]:
    """(output side, top padding, bottom padding) of TensorFlow's "same": the total
    max((ceil(H/s) - 1)s + k - H, 0), its smaller half on top, by conv2d on the input
    padded that way."""
    total = max((math.ceil(h / s) - 1) * s + k - h, 0)
    top = total // 2
    x = F.pad(torch.zeros(1, 1, h, h), (top, total - top, top, total - top))
    return F.conv2d(x, torch.zeros(1, 1, k, k), stride=s).shape[-1], top, total - top


def _pooled(h: int, k: int, s: int) -> int:
    return F.max_pool2d(torch.zeros(1, 1, h, h), k, s).shape[-1]


def test_the_truth_of_the_rows():
    for length in range(1, 9):
        assert _transposed(length, 3, 2, 1, 1) == 2 * length
        assert _transposed(length, 3, 2, 1, 0) == 2 * length - 1  # a = 0: one short
        assert _transposed(length, 5, 3, 1, 2) == 3 * length + 2
        assert _transposed(length, 4, 2, 1, 1) == 2 * length + 1
    assert _transposed(1, 4, 2, 1, 1) != 2  # the Spanish last row's 2L


def test_the_truth_of_same_and_valid():
    for h in range(1, 12):
        for s in (1, 2, 3):
            for k in (1, 2, 3, 4, 5):
                side, top, bottom = _tf_same(h, k, s)
                assert side == math.ceil(h / s)
                assert bottom - top in (0, 1)  # the extra row at the bottom
                if h >= k:  # valid: no padding
                    valid = F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s)
                    assert valid.shape[-1] == (h - k) // s + 1 == math.ceil((h - k + 1) / s)
    assert _tf_same(3, 1, 2)[0] != 3 // 2  # floor(H/s): wrong at H = 3, s = 2
    assert _tf_same(3, 3, 1)[0] != (3 - 3) // 1 + 1  # valid's formula under "same"
    # PyTorch's padding="same" (stride 1 only) agrees: an even kernel's extra zero at the end
    for k in (2, 3, 4):
        assert (
            F.conv2d(torch.zeros(1, 1, 6, 6), torch.zeros(1, 1, k, k), padding="same").shape[-1]
            == 6
        )


def test_the_truth_of_the_what_ifs():
    assert _pooled(9, 3, 2) == 4
    assert _pooled(11, 3, 2) == 5 == (11 - 3) / 2 + 1  # 6 is the mistake
    assert _pooled(8, 3, 2) == 3 != math.ceil((8 - 3) / 2) + 1  # pooling rounds down
    assert _pooled(13, 3, 2) == 6
    assert _pooled(14, 2, 2) == 7
    assert _pooled(7, 2, 2) == 3 != math.ceil((7 - 2) / 2) + 1


def test_the_truth_of_the_buffers():
    for x, w, s, p in (
        ([2.0, -1.0, 1.0, 3.0], [1.0, 2.0, 1.0], 2, 1),
        ([1.0, 0.0, 2.0], [1.0, 1.0, 0.0, 2.0, 1.0], 3, 1),
    ):
        k, n = len(w), len(x)
        buffer = np.zeros((n - 1) * s + k)  # each element stamps x[i] w at offset s i
        for i, xi in enumerate(x):
            buffer[s * i : s * i + k] += xi * np.array(w)
        out = F.conv_transpose1d(
            torch.tensor([[x]], dtype=torch.float64),
            torch.tensor([[w]], dtype=torch.float64),
            stride=s,
            padding=p,
        )[0, 0].numpy()
        assert len(buffer) == (n - 1) * s + k  # 9 and 11: the claims' buffers
        np.testing.assert_allclose(out, buffer[p : len(buffer) - p])  # the padding crops
        assert len(out) == len(buffer) - 2 * p  # the output: 7 and 9, not 9 and 11


def test_the_truth_of_the_even_kernel():
    for h in range(4, 10):
        side = F.conv2d(torch.zeros(1, 1, h, h), torch.zeros(1, 1, 4, 4), padding=2).shape[-1]
        assert side == h + 2 * 2 - 4 + 1 == h + 1 != h


# ------------------------------------------------------------------ the checker
def test_a_rows_output_padding_is_its_case():
    for notes in (ROWS_EN, ROWS_ES):
        assert _row(notes, "$a = 1$ | $L_{out} = 2 L$", "2 L$") == [VERIFIED]
        assert _row(notes, "$a = 0$ |", "2 L$") == [WRONG]  # (L - 1)2 - 2 + 2 + 1 = 2L - 1
        # no row's own $a = 1$ is read as a claim (or as a tensor: "salida $a$" is padding)
        assert WRONG not in [
            v.status for v in checked_text(notes, "notes.md").verdicts if v.source.startswith("a =")
        ]
    assert _row(ROWS_EN, "$a = 2$", "3 L + 2$") == [VERIFIED]
    assert _row(ROWS_EN, "$a = 2$", "3 L + 1$") == [WRONG]
    assert _row(ROWS_ES, "$k = 4$", "2 L + 1$") == [VERIFIED]
    assert _row(ROWS_ES, "$k = 4$", "2 L$") == [WRONG]
    # in words: "output padding 1"
    (words,) = _verdicts(ROWS_EN, "With $k = 4$, stride 2", "L_{out}")
    assert words.status == VERIFIED and "output padding 1" in words.message


def test_a_letter_the_row_sets_and_nothing_reads():
    for notes in (ROWS_EN, ROWS_H):
        found = _row(notes, "$q = 1$", "2 L$" if notes is ROWS_EN else "2 H$")
        assert WRONG not in found and VERIFIED not in found
    (guessed,) = [
        v
        for v in checked_text(ROWS_H, "notes.md").verdicts
        if v.line == next(n for n, r in enumerate(ROWS_H.split("\n"), 1) if "$q = 1$" in r)
    ]
    assert guessed.status == NOT_UNDERSTOOD and "q = 1" in guessed.message
    # the H rows' a = 0 mistake is still caught under the guessed layer
    assert _row(ROWS_H, "$a = 0$ |", "2 H$") == [WRONG]


def test_tensorflow_same_padding():
    (ceil,) = _verdicts(SAME_EN, "\\left\\lceil \\frac{H}{s}")
    assert ceil.status == VERIFIED and "'same' padding" in ceil.message
    (floor,) = _verdicts(SAME_EN, "\\left\\lfloor \\frac{H}{s}")
    assert floor.status == WRONG  # floor(3/2) = 1, TF gives 2
    lines = SAME_EN.split("\n")
    valid_under_same, valid = [n for n, r in enumerate(lines, 1) if "\\frac{H - k}{s}" in r]
    found = {v.line: v.status for v in checked_text(SAME_EN, "notes.md").verdicts}
    assert found[valid_under_same] != VERIFIED  # valid's formula is no "same" output side
    assert found[valid] == VERIFIED
    (de_ceil,) = _verdicts(SAME_DE, "Bei `padding")
    assert de_ceil.status == VERIFIED
    (de_wrong,) = _verdicts(SAME_DE, "Falsch")
    assert de_wrong.status != VERIFIED


def test_a_what_if_map_in_the_claims_sentence():
    first, second = _verdicts(WHAT_IF_ES, "Para un mapa de $11")
    # H_out = (11 - 3)/2 + 1 is the 11 x 11 map's 5 (verified); = 6 is the slip
    assert [x.status for x in links(first)] == [VERIFIED, WRONG]
    assert "input 11" in first.message
    # H_out = ceil((8 - 3)/2) + 1 is no 8 x 8 map's side (3); = 4 is its own arithmetic
    assert [x.status for x in links(second)] == [WRONG, VERIFIED]
    (thirteen, other) = [
        v
        for v in checked_text(WHAT_IF_ES, "notes.md").verdicts
        if "13 \\times 13" in WHAT_IF_ES.split("\n")[v.line - 1]
    ]
    assert thirteen.status == VERIFIED
    # "Para un mapa de 13 x 13 ... (9 - 3)/2 + 1 = 4": the stated layer's 4, but the
    # sentence's map is another: never verified
    assert other.status != VERIFIED
    # "Con una ventana de 3 x 3": a window's square is no map the layer is put on
    (window,) = _verdicts(WHAT_IF_ES, "Con una ventana")
    assert window.status == VERIFIED and "input 9" in window.message
    fourteen, seven = _verdicts(WHAT_IF_EN, "For a $14")
    assert fourteen.status != WRONG
    assert seven.status != VERIFIED


def test_an_uncropped_buffer_is_no_output():
    for notes in (BUFFER_EN, BUFFER_FR):
        (buffer,) = _verdicts(notes, "dépose" if notes is BUFFER_FR else "stamps")
        assert buffer.status != WRONG
        (output,) = _verdicts(notes, "La sortie" if notes is BUFFER_FR else "So the output")
        assert output.status == WRONG


def test_a_chain_flagged_in_its_case_names_its_side():
    for notes in (EVEN_EN, EVEN_DE):
        (rule,) = _verdicts(notes, "\\lfloor k/2 \\rfloor", "H_{out}")
        assert rule.status == WRONG
        # H_out = H + 2·2 - 4 + 1 holds (padding 2); = H does not
        assert [x.status for x in links(rule)] == [VERIFIED, WRONG]
        # the padding 2 its numbers write, unstated in its own case: not judged at 0
        (right,) = _verdicts(notes, "= H + 1$", "H_{out}")
        assert right.status != WRONG


def test_a_counts_arithmetic_sets_no_padding():
    for line in (
        "The parameter count is unaffected by padding: $P = 4 \\cdot 4 \\cdot 16 + 16 = 272$.",
        "El número de parámetros no depende del relleno: $P = 3 \\cdot 3 \\cdot 8 + 8 = 80$.",
    ):
        assert not any(key == "padding" for key, _, _ in prose_facts(line))
    assert ("padding", "4", "prose") in prose_facts("padding: $P = 4$")
    assert ("padding", "1", "prose") in prose_facts("kernel 3 / stride 2 / padding 1")
