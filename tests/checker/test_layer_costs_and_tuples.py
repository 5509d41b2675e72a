"""Sizes and counts of a layer the notes state in code or by a worked example's numbers:
an input tensor made in code (``x = torch.randn(8, 16, 33, 33)``) or written as a shape
tuple beside the word input, a constructor that leaves dilation, groups, bias and output
padding at their defaults, the effective kernel under other names (K_{ef}, k_{dil}), the
multiply-accumulates and bytes of a layer, and the sizes of literal matrices and vectors.

Truth: torch -- the output shape of conv2d / conv_transpose2d on zeros of the stated
shapes; a count of multiply-accumulates is the output's values times one filter's weights
(out.numel() * w[0].numel()), a tensor's bytes out.numel() * out.element_size().
"""

from __future__ import annotations

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")


def _on_line(text: str, needle: str):  # type: ignore[no-untyped-def]
    line = next(k for k, row in enumerate(text.split("\n"), start=1) if needle in row)
    found = [v for v in check_text(text).verdicts if v.line == line]
    assert found, (line, needle)
    return found


def _out(shape, c_out, k, stride=1, padding=0, dilation=1):  # type: ignore[no-untyped-def]
    x = torch.zeros(*shape)
    w = torch.zeros(c_out, shape[1], k, k)
    return torch.nn.functional.conv2d(x, w, stride=stride, padding=padding, dilation=dilation)


# ------------------------------------------------------------------ input made in code
CODE_NOTE = """# Reference: `mini.Conv2d`

A layer with dilated kernels is described at the end of this page (`dilation=2`).

**Example.**

```python
conv = mini.Conv2d(3, 8, 5, stride=2, padding=1)
x = mini.randn(4, 3, 20, 20)
y = conv(x)
```

Here $H_{{out}} = \\lfloor (20 + 2 - 5)/2 \\rfloor + 1 = {h}$ for this call.
"""


@pytest.mark.parametrize("claimed", [9, 10])
def test_an_input_made_in_code_states_the_layers_input(claimed):
    truth = _out((4, 3, 20, 20), 8, 5, stride=2, padding=1).shape[-1]  # 9
    # floor(17/2) + 1 = 9: the arithmetic holds only for 9; 10 is wrong on side 1 and 2
    verdicts = _on_line(CODE_NOTE.format(h=claimed), "Here $H_")
    assert [v.status for v in verdicts] == [VERIFIED if claimed == truth else WRONG]


TUPLE_NOTE = """## Aufgabe 2

Mit `output_padding=1` wird die Ausgabe eine Zeile größer.

## Aufgabe 3

`nn.ConvTranspose2d(8, 4, kernel_size=3, stride=2, padding=1)` auf eine Eingabe der Form
$(N, 8, 6, 6)$:

$$H_{{out}} = (6 - 1) \\cdot 2 - 2 \\cdot 1 + 3 = {h}$$
"""


@pytest.mark.parametrize("claimed", [11, 12])
def test_a_shape_tuple_after_the_word_input_and_the_constructors_output_padding(claimed):
    x, w = torch.zeros(1, 8, 6, 6), torch.zeros(8, 4, 3, 3)
    truth = torch.nn.functional.conv_transpose2d(x, w, stride=2, padding=1).shape[-1]  # 11
    verdicts = _on_line(TUPLE_NOTE.format(h=claimed), "$$H_")
    assert [v.status for v in verdicts] == [VERIFIED if claimed == truth else WRONG]


def test_channels_last_is_read_only_where_the_notes_say_so():
    from symconv.checker.input_tuples import input_tuple_facts

    # (N, H, W, C) with the layout stated: 12 x 12 maps of 3 channels
    assert input_tuple_facts("channels last: x = jnp.zeros((2, 12, 12, 3))") == [
        ("c_in", 3), ("in_h", 12), ("in_w", 12), ("batch", 2)
    ]  # fmt: skip
    # with no layout stated the channels could be 12 or 3: nothing read
    assert input_tuple_facts("x = jnp.zeros((2, 12, 12, 3))") == []
    # the weights' tensor is no input
    assert input_tuple_facts("w = torch.randn(8, 3, 5, 5)") == []


# ------------------------------------------------------------------ costs
COST_NOTE = """# Coût d'une couche

```python
couche = nn.Conv2d(6, 10, 3, padding=1)
x = torch.randn(2, 6, 14, 14)
```

Le passage avant coûte $\\text{{MACs}} = {macs}$ multiplications-accumulations.

La sortie en float32 occupe ${nbytes}$ octets.
"""


def _truths():  # type: ignore[no-untyped-def]
    out = _out((2, 6, 14, 14), 10, 3, padding=1)
    per_output = 6 * 3 * 3  # one filter's weights: torch.zeros(10, 6, 3, 3)[0].numel()
    return out.numel() * per_output, out.numel() * out.element_size(), out


def test_the_multiply_accumulates_of_the_batch_and_of_one_sample():
    macs, _, out = _truths()
    one = macs // out.shape[0]
    for written in (
        f"2 \\cdot 10 \\cdot 14^2 \\cdot 6 \\cdot 9 = {macs}",
        f"10 \\cdot 196 \\cdot 54 = {one}",
    ):
        text = COST_NOTE.format(macs=written, nbytes="1")
        assert _on_line(text, "MACs")[0].status == VERIFIED, written


def test_a_count_that_forgets_the_input_channels_is_wrong():
    macs, _, _ = _truths()
    forgot = macs // 6  # 2·10·14²·9
    text = COST_NOTE.format(macs=f"2 \\cdot 10 \\cdot 14^2 \\cdot 9 = {forgot}", nbytes="1")
    assert _on_line(text, "MACs")[0].status == WRONG


def test_the_bytes_of_the_output_tensor():
    _, nbytes, _ = _truths()
    text = COST_NOTE.format(macs="1", nbytes=f"2 \\cdot 10 \\cdot 14 \\cdot 14 \\cdot 4 = {nbytes}")
    assert _on_line(text, "octets")[0].status == VERIFIED
    # a count with no name that is neither: not called wrong (it may count something else)
    text = COST_NOTE.format(macs="1", nbytes=f"2 \\cdot 10 \\cdot 14 \\cdot 4 = {nbytes // 14}")
    assert _on_line(text, "octets")[0].status != WRONG


# ------------------------------------------------------------------ effective kernel names
@pytest.mark.parametrize("name", ["K_{ef}", "K_{dil}", "k_{\\mathrm{ef}}", "F_{efectivo}"])
@pytest.mark.parametrize("written", ["D(K - 1) + 1", "D K"])
def test_other_names_of_the_effective_kernel(name, written):
    # a dilated kernel spans n - out + 1 rows: D(K-1)+1 at every K, D; DK is 6 at K=3, D=2
    n = 20
    span = n - _out((1, 1, n, n), 1, 3, dilation=2).shape[-1] + 1  # 5
    text = (
        "# Dilatació\n\nEl filtre de costat $K$ amb dilatació $D$ cobreix "
        f"${name} = {written}$ files.\n"
    )
    status = _on_line(text, "cobreix")[0].status
    assert status == (VERIFIED if written.startswith("D(") else WRONG), (span, status)


# ------------------------------------------------------------------ literal sizes
LITERAL_NOTE = """## Problema 2

Entrada y filtro:

$$X = \\begin{{pmatrix}} 1 & 0 & 2 & 1 \\\\ 0 & 3 & 1 & 0 \\\\ 2 & 1 & 0 & 1 \\\\
1 & 1 & 2 & 0 \\end{{pmatrix}}, \\quad W = \\begin{{pmatrix}} 1 & -1 \\\\ 0 & 2 \\end{{pmatrix}}$$

con paso 2 y sin relleno. El tamaño de la salida es $H_{{out}} = (4 - 2)/2 + 1 = {h}$.
"""


@pytest.mark.parametrize("claimed", [2, 3])
def test_a_worked_examples_matrices_state_the_input_and_kernel(claimed):
    truth = _out((1, 1, 4, 4), 1, 2, stride=2).shape[-1]  # 2
    verdicts = _on_line(LITERAL_NOTE.format(h=claimed), "El tamaño")
    assert [v.status for v in verdicts] == [VERIFIED if claimed == truth else WRONG]


def test_literal_sizes_read_numbers_only():
    from symconv.checker.literal_sizes import literal_size_facts

    assert literal_size_facts("x = (1, 2, -1, 0.5), w = (1, -1)") == [
        ("in_h", 4),
        ("length_1d", 1),  # a signal's length (bound_sizes: no side of a 2-D map)
        ("k", 2),
    ]
    assert literal_size_facts("x = (N, C, H, W)") == []
    assert literal_size_facts("K = (3, 3)") == []  # a kernel size, not a kernel's taps
    assert NOT_UNDERSTOOD  # (the statuses above are the report's)


# ------------------------------------------------------------------ transposed names, Keras
MARKED_NOTE = """## Exercici 5. Convolució transposada

Una convolució transposada (sense `output_padding`) desfà la mida d'una convolució.

Exemple: entrada $5 \\times 5$, filtre $3 \\times 3$, pas 2, farciment 1:
$H^{{T}}_{{out}} = (5 - 1) \\cdot 2 - 2 + 3 = {h}$
"""


@pytest.mark.parametrize("claimed", [9, 10])
def test_a_name_marked_transposed_reads_the_transposed_layer(claimed):
    x, w = torch.zeros(1, 1, 5, 5), torch.zeros(1, 1, 3, 3)
    truth = torch.nn.functional.conv_transpose2d(x, w, stride=2, padding=1).shape[-1]  # 9
    verdicts = _on_line(MARKED_NOTE.format(h=claimed), "H^{T}")
    assert [v.status for v in verdicts] == [VERIFIED if claimed == truth else WRONG]


KERAS_NOTE = """# Anteckningar (Keras)

Indata $(4, 10, 10, 6)$, `layers.Conv2D(12, 3)` och sedan `Dense(5)`.

Antal parametrar i faltningen: ${count}$.
"""


@pytest.mark.parametrize("right", [True, False])
def test_a_keras_call_with_a_channels_last_input(right):
    conv = torch.nn.Conv2d(6, 12, 3)  # Keras Conv2D(12, 3) on 6 input channels
    truth = sum(p.numel() for p in conv.parameters())  # 12·6·9 + 12 = 660
    written = (
        "3 \\cdot 3 \\cdot 6 \\cdot 12 + 12 = 660" if right else "3 \\cdot 3 \\cdot 12 + 12 = 120"
    )
    assert truth == 660
    status = _on_line(KERAS_NOTE.format(count=written), "parametrar")[0].status
    assert status == (VERIFIED if right else WRONG) or (not right and status == NOT_UNDERSTOOD)


def test_keras_calls_are_told_from_pytorch_calls():
    from symconv.checker.scope_facts import facts

    keras = facts("layers.Conv2D(filters=8, kernel_size=3, strides=2, padding='valid')")
    assert (keras["c_out"], keras["k"], keras["s"], keras["p"]) == ([8], [3], [2], [0])
    assert "c_in" not in facts("Conv2D(32, 3)")  # filters 32, kernel 3: no input channels
    assert facts("nn.Conv2d(3, 16, 5)")["c_in"] == [3]


# ------------------------------------------------------------------ transposed formulas
def _transposed_side(h, k, s, p, d=1, a=0):  # type: ignore[no-untyped-def]
    x, w = torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k)
    return torch.nn.functional.conv_transpose2d(
        x, w, stride=s, padding=p, dilation=d, output_padding=a
    ).shape[-1]


@pytest.mark.parametrize(
    ("written", "holds"),
    [
        ("(H - 1) S - 2P + D(K - 1) + A + 1", True),
        ("(H - 1) S - 2P + D(K - 1) + A", False),  # one short
    ],
)
def test_an_output_padding_written_a_capital_a(written, holds):
    # torch agrees with the first at every size of a small grid, not with the second
    grid = [(h, k, s, p, d, a) for h in (3, 5) for k in (2, 3) for s in (2, 3) for p in (0, 1)
            for d in (1, 2) for a in (0, 1)]  # fmt: skip
    truth = all(
        _transposed_side(h, k, s, p, d, a) == (h - 1) * s - 2 * p + d * (k - 1) + a + 1
        for h, k, s, p, d, a in grid
    )
    assert truth
    text = (
        "## Transponierte Faltung\n\nEingabelänge $H$, Kern $K$, Schrittweite $S$, Padding "
        f"$P$, Dilatation $D$ und `output_padding` $A$:\n\n$$H_{{out}} = {written}$$\n"
    )
    status = check_text(text).verdicts[-1].status
    assert status == (VERIFIED if holds else WRONG)


@pytest.mark.parametrize("name", ["H^{T}_{out}", "H_{out}^{T}", "W^T_{\\text{out}}"])
def test_a_transposed_output_marked_before_or_after_its_subscript(name):
    assert _transposed_side(4, 3, 2, 1) == (4 - 1) * 2 - 2 * 1 + 3
    text = (
        "## Convolució transposada\n\nUna convolució transposada fa el camí invers:\n\n"
        f"$${name} = (H - 1) S - 2P + K$$\n"
    )
    assert check_text(text).verdicts[-1].status == VERIFIED


def test_a_dilation_letter_the_notes_name_in_their_language():
    # D(K - 1) + 1 at K = 3, D = 2 is 5 (torch: a 20-wide input gives 16 outputs)
    assert 20 - _out((1, 1, 20, 20), 1, 3, dilation=2).shape[-1] + 1 == 5
    text = (
        "# Dilatació\n\nEl filtre té costat $K$ i dilatació $D$.\n\n"
        "Exemple ($K = 3$, $D = 2$): $K_{ef} = 2 \\cdot 3 = 6$.\n"
    )
    found = [v for v in check_text(text).verdicts if v.line == 5]
    assert found[0].status == WRONG and "5, not 6" in found[0].message


# ------------------------------------------------------------------ a sequence's length T
SEQUENCE_NOTE = """# Temporal convolution

One input sequence is $x \\in \\mathbb{{R}}^{{C \\times T}}$; the block has $F$ filters of width
$K$, stride $s$ and no padding, so $T' = \\lfloor (T - K)/s \\rfloor + 1$.

With $C = 8$, $F = 16$, $K = 3$, $s = 2$, $T = 50$: $T' = \\lfloor (50 - 3)/2 \\rfloor + 1 = {t}$.
"""


@pytest.mark.parametrize("claimed", [24, 25])
def test_the_output_length_of_a_temporal_convolution(claimed):
    x, w = torch.zeros(1, 8, 50), torch.zeros(16, 8, 3)
    truth = torch.nn.functional.conv1d(x, w, stride=2).shape[-1]  # 24
    verdicts = check_text(SEQUENCE_NOTE.format(t=claimed)).verdicts
    symbolic = [v for v in verdicts if v.line == 4]
    numeric = [v for v in verdicts if v.line == 6]
    assert [v.status for v in symbolic] == [VERIFIED]  # floor((T - K)/s) + 1 for all sizes
    assert [v.status for v in numeric] == [VERIFIED if claimed == truth else WRONG]


LISTED_NOTE = """# Mides

Notació: filtre $K$, pas $S$, farciment $P$ i dilatació $D$.

## Dilatació

Exemple ($K = 3$, $D = 2$): la finestra efectiva té 5 files.

## La primera capa

Entrada $3 \\times 64 \\times 64$, 16 filtres de $5 \\times 5$, pas 2, farciment 2:
$H_{{out}} = \\lfloor 63/2 \\rfloor + 1 = {h}$
"""


@pytest.mark.parametrize("claimed", [32, 31])
def test_a_layer_listed_in_its_sentence_is_undilated_whatever_a_section_above_sets(claimed):
    truth = _out((1, 3, 64, 64), 16, 5, stride=2, padding=2).shape[-1]  # 32
    verdicts = [v for v in check_text(LISTED_NOTE.format(h=claimed)).verdicts if v.line == 12]
    assert [v.status for v in verdicts] == [VERIFIED if claimed == truth else WRONG]


FORUM_NOTE = """# Q12: is my parameter count right?

My layer has $C$ input channels and $F$ filters of size $K \\times K$, stride 1, no padding.

The gradient check passes. Also, I counted ${count}$ parameters
(for $C = 16$, $F = 8$, $K = 5$). Is that right?
"""


@pytest.mark.parametrize("right", [True, False])
def test_a_sentence_that_states_its_layer_on_the_next_line(right):
    truth = sum(p.numel() for p in torch.nn.Conv2d(16, 8, 5).parameters())  # 3208
    written = (
        "\\#\\theta = 8 \\cdot 16 \\cdot 25 + 8 = 3208"
        if right
        else "\\#\\theta = 8 \\cdot 16 \\cdot 25 + 16 = 3216"  # a bias per input channel
    )
    assert truth == 3208
    verdicts = [v for v in check_text(FORUM_NOTE.format(count=written)).verdicts if v.line == 5]
    assert [v.status for v in verdicts] == [VERIFIED if right else WRONG]


# ------------------------------------------------------------------ 'same' padding
def _tf_same(h, k, s):  # type: ignore[no-untyped-def]
    """TensorFlow's 'same': the total padding that lets ceil(h / s) windows fit, the larger
    half after; computed with torch on zeros."""
    out = -(-h // s)
    total = max((out - 1) * s + k - h, 0)
    x = torch.nn.functional.pad(torch.zeros(1, 1, h, h), (total // 2, total - total // 2) * 2)
    return torch.nn.functional.conv2d(x, torch.zeros(1, 1, k, k), stride=s).shape[-1]


SAME_NOTE = """# Keras-anteckningar

```python
x = tf.zeros((8, 15, 15, 3))
y = layers.Conv2D(16, 4, strides=2, padding="same")(x)
```

Utdata har sidan $H_{{out}} = \\lceil 15 / 2 \\rceil = {h}$.
"""


@pytest.mark.parametrize("claimed", [8, 7])
def test_same_padding_gives_the_ceiling_of_the_input_over_the_stride(claimed):
    truth = _tf_same(15, 4, 2)  # 8
    verdicts = [v for v in check_text(SAME_NOTE.format(h=claimed)).verdicts if v.line == 8]
    assert [v.status for v in verdicts] == [VERIFIED if claimed == truth else WRONG]


def test_a_count_over_a_batch_the_notes_do_not_size_is_not_called_wrong():
    # per sample: 10·14·14 outputs of 6·3·3 products = 105840; over a batch of unknown size
    # the count 2·105840 may be right, so the reader only verifies the per-sample count
    note = COST_NOTE.replace("x = torch.randn(2, 6, 14, 14)", "x = next(loader)  # a batch")
    note = note.replace("```python", "Input $6 \\times 14 \\times 14$.\n\n```python")
    text = note.format(macs=f"2 \\cdot 10 \\cdot 196 \\cdot 54 = {2 * 105840}", nbytes="1")
    assert _on_line(text, "MACs")[0].status != WRONG
