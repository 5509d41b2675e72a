"""Sizes and counts bound to the layer of their own passage (issue 16: fresh6-fresh8's
"which quantity H_out / N / P / O is, is not read", "which layer's count or size it is", and
the false alarms "28, not 32" where an answer key's part states its own layer).

A claim ``name = arithmetic = number`` about an output side or a parameter count is judged
against the layer its question, part, paragraph or sentence states (checker/bound_sizes.py,
scope_facts.py), or against the row or subscript of a chain of layers the notes list
(chain_claims.py, layer_chain.py).  Truth: the torch module's own output shape and parameter
count; the arithmetic's truth is Python's.  Where the binding is a guess the claim is not
understood, never wrong.
"""

from __future__ import annotations

import math

import answer_key
import pytest
import torch
from conftest import checked_text

from symconv.checker.bound_sizes import judge_named_size
from symconv.checker.chain_claims import judge_chain_claim
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _side(module: torch.nn.Module, channels: int, side: int) -> int:
    return int(module(torch.zeros(1, channels, side, side)).shape[-1])


def _verdict(text: str, source_part: str):
    # checked once per text (conftest.checked_text): the quiz's seven parts read one check
    found = [v for v in checked_text(text, "notes.md").verdicts if source_part in v.source]
    assert found, f"no verdict for {source_part!r}"
    return found[0]


# ---------------------------------------------------------------- a quiz, one layer a question
QUIZ = """# Week 6 quiz

**1.** A $7 \\times 7$ input goes through a conv with $K = 3$, stride $S = 2$, padding $P = 1$.

- (a) $H_{out} = \\lfloor (7 + 2 - 3)/2 \\rfloor + 1 = {A}$
- (b) $H_{out} = (7 - 3)/2 + 1 = 3$

**2.** A fully connected layer maps 128 features to 10 classes. Number of trainable parameters:

- (a) $N_\\theta = 128 \\cdot 10 = 1280$
- (b) $N_\\theta = 128 \\cdot 10 + 10 = {B}$

**3.** `ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1)` on a $3 \\times 3$ input gives

- (a) $H_{out} = (3 - 1) \\cdot 2 - 2 \\cdot 1 + 3 = {C}$

**4.** A conv layer with 64 input channels, 128 filters of $3 \\times 3$, with bias:

- (a) $N_\\theta = 64 \\cdot 128 \\cdot 9 + 128 = {D}$
- (b) $N_\\theta = 64 \\cdot 128 \\cdot 9 + 64 = 73792$
"""


def _quiz() -> str:
    truth = {
        "A": _side(torch.nn.Conv2d(1, 1, 3, stride=2, padding=1), 1, 7),
        "B": _count(torch.nn.Linear(128, 10)),
        "C": int(
            torch.nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)(torch.zeros(1, 1, 3, 3)).shape[
                -1
            ]
        ),
        "D": _count(torch.nn.Conv2d(64, 128, 3)),
    }
    text = QUIZ
    for key, value in truth.items():
        text = text.replace("{" + key + "}", str(value))
    return text


@pytest.mark.parametrize(
    ("part", "status", "right"),
    [
        ("\\lfloor (7 + 2 - 3)/2", VERIFIED, None),
        ("(7 - 3)/2 + 1 = 3", WRONG, (7 + 2 - 3) // 2 + 1),  # the padding forgotten
        ("128 \\cdot 10 = 1280", WRONG, 128 * 10 + 10),  # the biases forgotten
        ("128 \\cdot 10 + 10", VERIFIED, None),
        ("(3 - 1) \\cdot 2", VERIFIED, None),
        ("9 + 128", VERIFIED, None),
        ("9 + 64 = 73792", WRONG, 64 * 128 * 9 + 128),  # a bias per input channel
    ],
)
def test_each_question_states_its_own_layer(part: str, status: str, right: int | None) -> None:
    verdict = _verdict(_quiz(), part)
    assert verdict.status == status, verdict.message
    if right is not None:  # the message names the right value first: "4, not 3"
        assert verdict.message.startswith(f"{right}, not ")


# ---------------------------------------------------------------- an answer key's parts
def test_a_sentence_states_the_part_s_padding_and_stride() -> None:
    """ "With $P = 2$, $S = 2$:" sets the layer of its own sentence only; the part's input
    and kernel come from the part's first line.  An arithmetic slip in the last link is
    named as such (side 3), the name's own link holds."""
    h = _side(torch.nn.Conv2d(3, 16, 5, stride=2, padding=2), 3, 32)
    count = _count(torch.nn.Conv2d(3, 16, 5))
    text = (
        "# Answer key\n\n**Q3 (a)** A conv layer takes a $32 \\times 32 \\times 3$ image with "
        "sixteen $5 \\times 5$ filters.\n\n"
        "With $P = 2$, $S = 1$: $H_{out} = \\lfloor (32 + 4 - 5)/1 \\rfloor + 1 = 32$.\n\n"
        f"With $P = 2$, $S = 2$: $H_{{out}} = \\lfloor 31/2 \\rfloor + 1 = {h - 1}$.\n\n"
        "No. of learnable parameters: $N_{param} = 16 \\times 5 \\times 5 \\times 3 = 1200$.\n\n"
        "**Q3 (b)** Single channel input $X$ of size $4 \\times 4$, kernel $W$ of size "
        "$2 \\times 2$, stride 1, no padding.\n"
    )
    assert _verdict(text, "(32 + 4 - 5)/1").status == VERIFIED
    slip = _verdict(text, "31/2")
    assert slip.status == WRONG and f"side 3 is {h - 1}, side 1 is {h}" in slip.message
    forgot = _verdict(text, "N_{param}")
    assert forgot.status == WRONG and forgot.message.startswith(f"{count}, not 1200")


# ---------------------------------------------------------------- Spanish class notes
def test_spanish_notes_state_the_example_s_layer() -> None:
    same = _side(torch.nn.Conv2d(1, 1, 3, padding=1), 1, 5)
    pooled = _side(torch.nn.Conv2d(1, 1, 3, stride=2), 1, 14)
    text = (
        "# Tema 5: relleno\n\nTrabajamos con una imagen de un canal.\n\n## 1. Núcleo impar, "
        "paso 1\n\nEjemplo numérico: entrada $5 \\times 5$, $K = 3$, $P = 1$: "
        f"$H_{{sal}} = 5 + 2 - 3 + 1 = {same}$.\n\n## 2. Paso 2\n\n"
        "Con $H = 14$, $K = 3$, $S = 2$ y $P = 0$: "
        f"$H_{{sal}} = (14 - 3)/2 + 1 = {(14 - 3) / 2 + 1:g}$.\n"
    )
    assert _verdict(text, "5 + 2 - 3 + 1").status == VERIFIED
    floor_forgotten = _verdict(text, "(14 - 3)/2 + 1")
    assert floor_forgotten.status == WRONG
    assert floor_forgotten.message.startswith(f"{pooled}, not 13/2")


# ---------------------------------------------------------------- a model card's table
CARD = """# LeafNet: model card

| layer | config | output (C x H x W) | parameters |
|---|---|---|---|
| input | | 3 x 64 x 64 | 0 |
| conv1 | 16 filters 5x5, s1, p2 | 16 x 64 x 64 | $16 \\cdot 3 \\cdot 25 + 16 = 1216$ |
| pool1 | max 2x2, s2 | 16 x 32 x 32 | 0 |
| conv2 | 32 filters 3x3, s2, p1 | 32 x 16 x 16 | $P_2 = 32 \\cdot 3 \\cdot 9 + 32 = 896$ |
| pool2 | max 2x2, s2 | 32 x 8 x 8 | 0 |
| flatten | | $32 \\cdot 8 \\cdot 8 = 2048$ | 0 |
| fc1 | 2048 -> 10 | 10 | $2048 \\cdot 10 + 10 = 20490$ |

- conv2's height: $H_2 = \\lceil (32 + 2 - 3)/2 \\rceil + 1 = 17$.
- Total: $\\text{Total} = 1216 + 896 + 20490 = 22602$ trainable parameters.
- Without the padding of conv1 its map would be $H_1 = 64 - 5 = 59$ pixels high.
"""


def _card_truth() -> dict[str, int]:
    net = torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, 5, padding=2),
        torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 3, stride=2, padding=1),
        torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(2048, 10),
    )
    x = torch.zeros(1, 3, 64, 64)
    conv2_in = net[1](net[0](x))
    return {
        "conv1": _count(net[0]),
        "conv2": _count(net[2]),
        "h2": int(net[2](conv2_in).shape[-1]),
        "flat": int(net[:5](x).shape[-1]),
        "total": _count(net),
        "h1_valid": _side(torch.nn.Conv2d(3, 16, 5), 3, 64),
    }


def test_a_model_card_binds_each_row_and_subscript() -> None:
    truth = _card_truth()
    assert truth["flat"] == 2048
    assert _verdict(CARD, "16 \\cdot 3 \\cdot 25").status == VERIFIED  # the row's count
    assert _verdict(CARD, "32 \\cdot 8 \\cdot 8").status == VERIFIED  # the output column
    assert _verdict(CARD, "2048 \\cdot 10").status == VERIFIED
    conv2 = _verdict(CARD, "P_2")  # 3 input channels written for conv2's 16
    assert conv2.status == WRONG and conv2.message.startswith(f"{truth['conv2']}, not 896")
    ceil = _verdict(CARD, "H_2")
    assert ceil.status == WRONG and ceil.message.startswith(f"{truth['h2']}, not 17")
    total = _verdict(CARD, "Total")
    assert total.status == WRONG and total.message.startswith(f"{truth['total']}, not")
    valid = _verdict(CARD, "H_1")  # "Without the padding": the sentence changes conv1
    assert valid.status == WRONG and valid.message.startswith(f"{truth['h1_valid']}, not 59")


def test_a_bullet_chain_numbers_its_layers() -> None:
    conv1, conv2 = torch.nn.Conv2d(2, 3, 3), torch.nn.Conv2d(3, 2, 3)
    text = (
        "# Two convs\n\n- input $a^{(0)}$: $2\\times2\\times6\\times6$\n"
        "- conv1: 3 filters of $2\\times3\\times3$, bias, stride 1, no padding\n"
        "- conv2: 2 filters of $3\\times3\\times3$, bias, stride 1, no padding\n\n"
        f"Spatial sizes: $H^{{(1)}}=6-3+1={_side(conv1, 2, 6)}$.\n\n"
        f"Parameters: $P^{{(1)}}=3\\,(2\\cdot9+1)={_count(conv1)}$, and "
        "$P^{(2)}=2\\,(3\\cdot9)+3=57$.\n"
    )
    assert _verdict(text, "H^{(1)}").status == VERIFIED
    assert _verdict(text, "P^{(1)}").status == VERIFIED
    second = _verdict(text, "P^{(2)}")
    assert second.status == WRONG and second.message.startswith(f"{_count(conv2)}, not 57")


# ---------------------------------------------------------------- guesses stay guesses
@pytest.mark.parametrize(
    "text",
    [
        # the block states two strides and the claim's sentence none
        "# Sizes\n\nA $9 \\times 9$ input and a $3 \\times 3$ kernel, with stride 1 in the "
        "first run and stride 2 in the second.\n\nThe output: $H_{out} = (9 - 3)/2 + 1 = 4$.\n",
        # no input stated anywhere
        "# Sizes\n\nA $3 \\times 3$ kernel, stride 1.\n\nThe output: $H_{out} = 5 - 3 + 1 = 3$.\n",
        # the chain has two layers numbered 2 and the clause names neither
        "# Net\n\n| layer | config | output |\n|---|---|---|\n| input | | 1 x 8 x 8 |\n"
        "| conv1 | 4 filters 3x3 | 4 x 6 x 6 |\n| conv2 | 4 filters 3x3 | 4 x 4 x 4 |\n"
        "| pool2 | max 2x2, s2 | 4 x 2 x 2 |\n\nThe map size after it: $H_2 = 2$.\n",
    ],
)
def test_an_unread_layer_is_not_bound(text: str) -> None:
    """The passage's layer is a guess: the binding says so (the section's own reading,
    elsewhere in the checker, may still judge the claim)."""
    document = text.split("\n")
    line = len(document) - 1
    source = document[line - 1].split("$")[1]
    bound = judge_chain_claim(source, document, line, source) or judge_named_size(
        source, document, line, source
    )
    assert bound is not None and bound["status"] == NOT_UNDERSTOOD, bound


def test_an_unbound_count_with_wrong_arithmetic_verifies_no_link() -> None:
    """O = 3·2 - 2 + 4 = 9 with no layer read: 8 is not 9, and no link is verified."""
    text = "# Q\n\nSome output: $O = 3 \\cdot 2 - 2 + 4 = 9$.\n"
    verdict = _verdict(text, "O = ")
    assert verdict.status in (NOT_UNDERSTOOD, WRONG)
    assert 3 * 2 - 2 + 4 == 8
    assert VERIFIED not in [link.status for link in answer_key.links(verdict)]  # link by link


def test_same_padding_example_in_an_interview_list() -> None:
    """An interview list: each **Qn.** states its layer; Q2's count is the stem conv's."""
    stem = torch.nn.Conv2d(3, 64, 7, stride=2, padding=3)
    text = (
        "# Interview prep\n\n**Q1. Output size?**\n\nResNet stem, $224 \\times 224 \\times 3$ "
        "input, 64 filters of $7 \\times 7$, stride 2, padding 3. Then "
        f"$O = \\lfloor (224 - 7 + 6)/2 \\rfloor + 1 = {_side(stem, 3, 224)}$.\n\n"
        "**Q2. A 1x1 conv from 256 to 64 channels, with bias. Params?**\n\n"
        "$P = 1 \\cdot 1 \\cdot 256 \\cdot 64 = 16384$. It's just a per-pixel linear layer.\n"
    )
    assert _verdict(text, "O = ").status == VERIFIED
    one_by_one = _verdict(text, "P = 1")
    expected = _count(torch.nn.Conv2d(256, 64, 1))
    assert one_by_one.status == WRONG and one_by_one.message.startswith(f"{expected}, not")
    assert expected == math.prod((256, 64)) + 64


# ---------------------------------------------------------------- 'same' padding, receptive field
def _same_padding(k: int) -> int | None:
    """The symmetric padding with which torch keeps a 9-wide input 9 wide, or None.  ("sale
    $P = 1$" alone sets P, as a definition: no verdict, whatever its value.)"""
    for p in range(k):
        if _side(torch.nn.Conv2d(1, 1, k, padding=p), 1, 9) == 9:
            return p
    return None


def test_same_padding_for_odd_kernels_in_spanish_notes() -> None:
    assert _same_padding(4) is None  # an even kernel: no symmetric padding keeps the size
    p3, p5 = _same_padding(3), _same_padding(5)
    text = (
        "# Relleno 'same'\n\n## 1. Núcleo impar, paso 1\n\nQueremos que la salida tenga el "
        "mismo tamaño que la entrada. Ejemplos: para $K = 3$ sale "
        f"$P = {p3}$, y para $K = 5$ sale $P = (5-1)/2 = {p5}$; para $K = 7$ sale "
        "$P = (7-1)/3 = 2$.\n"
    )
    assert _verdict(text, "P = (5-1)/2").status == VERIFIED
    seven = _verdict(text, "P = (7-1)/3")
    assert seven.status == WRONG and seven.message.startswith(f"{_same_padding(7)}, not 2")


def _field(layers: int, k: int) -> int:
    """How many input rows one output entry of ``layers`` stacked convolutions depends on
    (torch autograd: the rows of the input gradient of one output entry that are not 0)."""
    net = torch.nn.Sequential(*[torch.nn.Conv2d(1, 1, k, bias=False) for _ in range(layers)])
    for conv in net:
        torch.nn.init.ones_(conv.weight)
    x = torch.zeros(1, 1, 21, 21, requires_grad=True)
    net(x)[0, 0, 0, 0].backward()
    assert x.grad is not None
    return int((x.grad[0, 0].abs().sum(dim=1) > 0).sum())


def test_receptive_field_of_stacked_convolutions() -> None:
    two, three = _field(2, 3), _field(3, 3)
    text = (
        "# Interview\n\n**Q6. Receptive field of stacked 3x3 convs (stride 1)?**\n\n"
        f"Each layer adds $K - 1$. Two layers: $RF = {two}$. Three layers: "
        "$RF = 3 \\cdot 3 = 9$.\n"
    )
    assert _verdict(text, f"RF = {two}").status == VERIFIED
    nine = _verdict(text, "RF = 3")
    assert nine.status == WRONG and nine.message.startswith(f"{three}, not 9")


def test_numbers_alone_about_an_output_are_verified_against_the_passage() -> None:
    """ "The output becomes 2 x 2, because floor((5 - 3)/2) + 1 = 2" under a bold title that
    sets the stride: the value is the layer's output side (torch), so it is verified."""
    side = _side(torch.nn.Conv2d(2, 3, 3, stride=2), 2, 5)
    text = (
        "# Notes\n\nThe layer has input tensor $X$ of dimension $N \\times C \\times 5 \\times 5$, "
        "$F = 3$ filters of $3 \\times 3$, stride 1 and no padding.\n\n"
        "**With stride $S = 2$.** The output becomes $2 \\times 2$, because "
        f"$\\lfloor (5 - 3)/2 \\rfloor + 1 = {side}$.\n"
    )
    assert _verdict(text, "\\lfloor (5 - 3)/2").status == VERIFIED


def test_height_and_width_of_a_rectangular_input() -> None:
    out = torch.nn.Conv2d(1, 1, 3, stride=2, padding=1)(torch.zeros(1, 1, 7, 9)).shape
    text = (
        "# Sizes\n\nAn input of $7 \\times 9$ pixels and a $3 \\times 3$ kernel, stride 2, "
        "padding 1.\n\n"
        f"Then $H_{{out}} = \\lfloor 6/2 \\rfloor + 1 = {out[-2]}$ and "
        f"$W_{{out}} = \\lfloor 8/2 \\rfloor + 1 = {out[-1]}$, while $O = 4$ names no side.\n"
    )
    assert _verdict(text, "H_{out}").status == VERIFIED
    assert _verdict(text, "W_{out}").status == VERIFIED
    assert [v.status for v in check_text(text, "n.md").verdicts if "O = 4" in v.source] != [WRONG]
