"""Sizes and counts whose layer the notes state in other spellings (fresh16/fresh17's "which
quantity it is, is not read"): a network's input shape written before its word ("takes
$3 \\times 32 \\times 32$ images"), the bias sentence right under a network's list, German and
Italian prose counts ("3 Eingangskanälen und 8 Filtern der Größe 3x3", "canali di ingresso"),
a sentence finished after its display ("hat $$...$$ Parameter."), a 1-D dilated layer on "a
length-100 signal" with "kernel size 5", and a bare computation under a bullet that lists
its layer's options ("224 input, kernel 7, stride 2, padding 3").  Truth: the torch modules'
own parameter counts and output shapes."""

from __future__ import annotations

import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

nn = torch.nn


def _count(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _side(module: nn.Module, *shape: int) -> int:
    return int(module(torch.zeros(1, *shape)).shape[-1])


def _of(text: str, written: str):
    verdicts = [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]
    found = [v for v in verdicts if written in v.source]
    assert len(found) == 1, [(v.source, v.message) for v in verdicts]
    return found[0]


# ------------------------------------------------ the input shape before its word
CONV2 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
NET_SIDE = _side(nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), CONV2), 3, 32, 32)
TINY = """# TinyNet

TinyNet takes $3 \\times 32 \\times 32$ images and has four layers:

1. conv1: 16 filters $3\\times 3$, stride 1, padding 1, ReLU
2. conv2: 32 filters $3 \\times 3$, stride 2, padding 1, ReLU
3. global average pooling
4. dense $32 \\to 10$

All convolutions and the dense layer have biases.

## {heading}

conv2: {claim}
"""


def test_count_named_for_a_layer_of_a_net_whose_input_precedes_its_word() -> None:
    truth = _count(CONV2)  # 4640: the bias sentence under the list counts
    assert _of(
        TINY.format(heading="Parameters", claim=f"$P_2 = 32 \\cdot 16 \\cdot 9 + 32 = {truth}$"),
        "P_2",
    ).status == (VERIFIED)
    wrong = _of(
        TINY.format(heading="Parameters", claim="$P_2 = 32 \\cdot 16 \\cdot 9 = 4608$"), "P_2"
    )
    assert wrong.status == WRONG and str(truth) in wrong.message


def test_size_of_a_named_layer_of_that_net() -> None:
    claim = f"the floor matters, $\\lfloor (32 + 2 - 3)/2 \\rfloor + 1 = {NET_SIDE}$."
    assert _of(TINY.format(heading="Output sizes", claim=claim), "rfloor").status == VERIFIED


def test_spanish_input_before_its_word() -> None:
    text = """# Red

La red recibe $1 \\times 28 \\times 28$ imágenes:

- conv1: 8 filtros $5\\times5$, paso 1, relleno 2
- conv2: 16 filtros $3\\times3$, paso 2, relleno 1
- capa densa de 10 salidas

Todas las capas con sesgo.

## Parámetros

conv2: $P_2 = 16 \\cdot 8 \\cdot 9 + 16 = {n}$
"""
    truth = _count(nn.Conv2d(8, 16, 3))
    assert _of(text.replace("{n}", str(truth)), "P_2").status == VERIFIED
    assert _of(text.replace("{n}", str(truth - 16)), "P_2").status == WRONG


# ------------------------------------------------ prose counts in German and Italian
GERMAN = """# Lösung

(b) Eine Faltungsschicht mit 3 Eingangskanälen und 8 Filtern der Größe $3\\times 3$ ({bias}) hat

$${formula}$$

Parameter.
"""


def test_german_count_with_bias_finished_after_its_display() -> None:
    truth = _count(nn.Conv2d(3, 8, 3))  # 224
    text = GERMAN.format(bias="mit Bias", formula=f"8 \\cdot 3 \\cdot 3 \\cdot 3 + 8 = {truth}")
    assert _of(text, "cdot").status == VERIFIED
    text = GERMAN.format(bias="mit Bias", formula="8 \\cdot 3 \\cdot 3 \\cdot 3 = 216")
    assert _of(text, "cdot").status == WRONG


def test_german_count_without_bias() -> None:
    truth = _count(nn.Conv2d(3, 8, 3, bias=False))  # 216
    text = GERMAN.format(bias="ohne Bias", formula=f"8 \\cdot 3 \\cdot 3 \\cdot 3 = {truth}")
    assert _of(text, "cdot").status == VERIFIED


def test_italian_count() -> None:
    truth = _count(nn.Conv2d(4, 6, 5))  # 606
    text = (
        "# Esercizio\n\nUno strato con 4 canali di ingresso e 6 filtri di dimensione "
        "$5 \\times 5$ ha $6 \\cdot 4 \\cdot 25 + 6 = {n}$ parametri.\n"
    )
    assert _of(text.replace("{n}", str(truth)), "cdot").status == VERIFIED
    assert _of(text.replace("{n}", "606").replace("+ 6", "+ 60"), "cdot").status == WRONG


# ------------------------------------------------ a 1-D dilated layer on a signal's length
def test_dilated_1d_output_named_on_a_length_signal() -> None:
    truth = _side(nn.Conv1d(1, 1, 5, dilation=3), 1, 100)  # 88
    text = (
        "**8.** A 1-D convolution with kernel size 5 and dilation 3 applied to a length-100 "
        "signal (no padding, stride 1) gives {claim} outputs.\n"
    )
    wrong = _of(text.format(claim="$L_{out} = 100 - 5 \\cdot 3 + 1 = 86$"), "L_{out}")
    assert wrong.status == WRONG and str(truth) in wrong.message
    right = _of(text.format(claim=f"$L_{{out}} = 100 - 3 \\cdot 4 = {truth}$"), "L_{out}")
    assert right.status == VERIFIED


def test_signal_of_length_in_spanish() -> None:
    truth = _side(nn.Conv1d(1, 1, 3, dilation=2), 1, 50)  # 46
    text = (
        "Una convolución 1-D con núcleo 3 y dilatación 2 sobre una señal de longitud 50 "
        "(sin relleno, paso 1) da una salida de {claim} entradas.\n"
    )
    assert _of(text.format(claim=f"$L_{{out}} = 50 - 2 \\cdot 2 = {truth}$"), "L_").status == (
        VERIFIED
    )
    assert _of(text.format(claim="$L_{out} = 50 - 3 + 1 = 48$"), "L_").status == WRONG


# ------------------------------------------------ a bare computation under its layer's options
SHEET = """# sheet

notation: stride $S$, padding $P$; a dilated kernel, dilation $d$ of 2 or more, spans more.

## numbers

- [x] ✓ {layer}

$${claim}$$
"""


def test_bare_computation_under_a_bullet_listing_the_layer() -> None:
    side = _side(nn.Conv2d(3, 64, 7, stride=2, padding=3), 3, 224, 224)  # 112
    claim = f"\\left\\lfloor \\frac{{224 + 6 - 7}}{{2}} \\right\\rfloor + 1 = {side}"
    text = SHEET.format(layer="ResNet stem: 224 input, kernel 7, stride 2, padding 3", claim=claim)
    assert _of(text, "lfloor").status == VERIFIED
    side = _side(nn.Conv2d(1, 1, 3, stride=2, padding=1), 1, 28, 28)  # 14
    claim = f"\\lfloor (28 + 2 - 3)/2 \\rfloor + 1 = {side}"
    text = SHEET.format(layer="MNIST-size input 28, kernel 3, stride 2, padding 1", claim=claim)
    assert _of(text, "lfloor").status == VERIFIED


def test_bare_computation_of_another_quantity_is_not_verified() -> None:
    # (224 - 7)/7 + 1 = 32 holds, but it is no output side of that layer: nothing proved
    text = SHEET.format(
        layer="ResNet stem: 224 input, kernel 7, stride 2, padding 3",
        claim="(224 - 7)/7 + 1 = 32",
    )
    assert _of(text, "224 - 7").status == NOT_UNDERSTOOD


# ------------------------------------------------ the notes' own classes, by their signature
README = """# tinylib

## Layers

### `{signature}`

{body}

{claim}

## License
"""


def test_dense_of_the_notes_own_class() -> None:
    truth = _count(nn.Linear(64, 10))  # 650
    body = "Row convention: $\\text{out} = XW + b$, and `backward` returns $\\text{db}$ too."
    text = README.format(
        signature="Dense(in_features, out_features)",
        body=body,
        claim=f"`Dense(64, 10)` has $64 \\cdot 10 + 10 = {truth}$ parameters.",
    )
    assert _of(text, "cdot").status == VERIFIED
    text = README.format(
        signature="Dense(in_features, out_features)",
        body=body,
        claim="`Dense(64, 10)` has $64 \\cdot 10 = 640$ parameters.",
    )
    wrong = _of(text, "cdot")
    assert wrong.status == WRONG and str(truth) in wrong.message


def test_conv1d_of_the_notes_own_class_with_a_keyword() -> None:
    truth = _count(nn.Conv1d(4, 8, 3, dilation=2))  # 104
    body = "Each output channel adds its bias $b_o$: $y_o = b_o + \\sum_c w_{o,c} \\star x_c$."
    for claim, status in (
        (
            f"`Conv1D(4, 8, 3, dilation=2)` has $8 \\cdot 4 \\cdot 3 + 8 = {truth}$ parameters.",
            VERIFIED,
        ),
        ("`Conv1D(4, 8, 3, dilation=2)` has $8 \\cdot 4 \\cdot 9 + 8 = 296$ parameters.", WRONG),
    ):
        text = README.format(
            signature="Conv1D(in_ch, out_ch, kernel, dilation=1)", body=body, claim=claim
        )
        assert _of(text, "cdot").status == status


def test_conv2d_class_with_its_bias_unstated_is_judged_only_where_both_readings_agree() -> None:
    with_bias = _count(nn.Conv2d(3, 16, 5))  # 1216
    without = _count(nn.Conv2d(3, 16, 5, bias=False))  # 1200
    body = "A valid cross-correlation of every input channel with its kernel."
    text = README.format(
        signature="Conv2D(in_channels, out_channels, kernel_size)",
        body=body,
        claim=f"`Conv2D(3, 16, 5)` has $16 \\cdot 3 \\cdot 25 = {without}$ parameters.",
    )
    assert _of(text, "cdot").status == NOT_UNDERSTOOD  # right if the class has no bias
    text = README.format(
        signature="Conv2D(in_channels, out_channels, kernel_size)",
        body=body,
        claim="`Conv2D(3, 16, 5)` has $16 \\cdot 3 \\cdot 5 + 16 = 256$ parameters.",
    )
    wrong = _of(text, "cdot")
    assert wrong.status == WRONG and str(with_bias) in wrong.message


# ------------------------------------------------ letters valued by a declared shape and words
D2L = """# Backprop through a convolution

Let the input be a tensor
$\\mathsf{{X}} \\in \\mathbb{{R}}^{{N \\times c_i \\times n_h \\times n_w}}$ and the kernel
$\\mathsf{{W}} \\in \\mathbb{{R}}^{{c_o \\times c_i \\times k_h \\times k_w}}$, with one bias
per output channel. In our running example $N = 2$, $c_i = 3$ and $c_o = 2$, the images are
$5 \\times 5$, the kernel is $3 \\times 3$, and we pad with one zero on every side.

For $k_h = k_w = 1$ (and no padding) the kernel is just a $c_o \\times c_i$ matrix.

{claim}
"""
EXAMPLE = nn.Conv2d(3, 2, 3, padding=1)
OUT = EXAMPLE(torch.zeros(1, 3, 5, 5))


def test_count_in_letters_valued_by_the_declared_shape() -> None:
    truth = _count(EXAMPLE)  # 56: the case k_h = k_w = 1 above is no setting of the example
    claim = f"The layer of our example has $c_o (c_i k_h k_w + 1) = {truth}$ parameters."
    assert _of(D2L.format(claim=claim), "c_o (").status == VERIFIED
    claim = f"The layer of our example has $c_o c_i k_h k_w + c_o = {truth}$ parameters."
    assert _of(D2L.format(claim=claim), "c_o c_i").status == VERIFIED
    claim = "The layer of our example has $c_o c_i k_h k_w + c_o = 8$ parameters."
    assert _of(D2L.format(claim=claim), "c_o c_i").status == WRONG


def test_cost_in_letters_against_its_numbers() -> None:
    # one multiply-add per kernel tap and input channel, for every output entry
    truth = OUT.numel() * 3 * 3 * 3  # 1350
    claim = (
        f"One example costs $c_o c_i k_h k_w n_h n_w = 2 \\cdot 3 \\cdot 9 \\cdot 25 = {truth}$."
    )
    assert _of(D2L.format(claim=claim), "c_o c_i").status == VERIFIED
    claim = "One example costs $c_o c_i k_h k_w n_h n_w = 2 \\cdot 3 \\cdot 9 \\cdot 25 = 1250$."
    assert _of(D2L.format(claim=claim), "c_o c_i").status == WRONG


def test_a_case_holds_on_its_own_line() -> None:
    truth = _count(nn.Conv2d(3, 2, 1))  # 8
    claim = f"For $k_h = k_w = 1$ the layer has $c_o (c_i k_h k_w + 1) = {truth}$ parameters."
    assert _of(D2L.format(claim=claim), "c_o (").status == VERIFIED


def test_two_kernel_sizes_in_words_give_no_value() -> None:
    text = D2L.replace("For $k_h", "A second layer's kernel is $5 \\times 5$. For $k_h")
    claim = "The layer of our example has $c_o c_i k_h k_w + c_o = 8$ parameters."
    verdicts = check_text(text.format(claim=claim), "notes.md").verdicts
    assert not [v for v in verdicts if "c_o c_i" in v.source and v.status in (VERIFIED, WRONG)]
