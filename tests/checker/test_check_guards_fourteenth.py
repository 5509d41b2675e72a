# ruff: noqa: E501  (the notes' lines are kept as people write them)
"""Readings and guards added in the fourteenth session, each on notes written here (not the
unseen sets' notes: other words, letters and numbers).  Truth: torch layers (parameter
counts, output shapes); a verdict is asserted only where the notes settle what the claim
is about, and elsewhere only that a correct claim is not flagged."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text

FLAGGED = (WRONG, SIZE_SPECIFIC)


def _verdicts(text: str) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for v in check_text(text, "notes.md").verdicts:
        out.setdefault(v.line, []).append((v.status, v.message))
    return out


def _params(c_in: int, c_out: int, k: int) -> int:
    return sum(p.numel() for p in torch.nn.Conv2d(c_in, c_out, k).parameters())


# ------------------------------------------ a channels-last input tuple is no (N, C, H, W)
# "(8, 32, 32, 3) in TensorFlow, channels last": 3 channels of 32 x 32, not 32 channels of
# 32 x 3 (the old reading of "input ... (N, C, H, W)" took the second number as the
# channels whatever the notes said, and called a right count wrong).
CHANNELS_LAST = [
    (
        "The input batch is a tensor of shape (8, 32, 32, 3) in TensorFlow, i.e. channels last.\n"
        "The first layer is `Conv2D(16, 3)` with 16 filters of size $3 \\times 3$, stride 1, no padding.",
        "$$P = 3 \\cdot 3 \\cdot 3 \\cdot 16 + 16 = {p}$$",
        (3, 16, 3),
    ),
    (
        "Die Eingabe hat die Form (4, 28, 28, 1) (NHWC); die Schicht ist `Conv2D(6, 5)` mit 6 Filtern der Größe $5 \\times 5$.",
        "$$P = 5 \\cdot 5 \\cdot 1 \\cdot 6 + 6 = {p}$$",
        (1, 6, 5),
    ),
    (
        # no layout stated, but a square map before a small last axis: either reading is a
        # guess, so none is taken from this tuple
        "Input: a batch of shape (16, 64, 64, 3). The layer is `Conv2D(8, 3)`, 8 filters of size $3 \\times 3$.",
        "$$P = 3 \\cdot 3 \\cdot 3 \\cdot 8 + 8 = {p}$$",
        (3, 8, 3),
    ),
]


@pytest.mark.parametrize(("setting", "claim", "layer"), CHANNELS_LAST)
def test_a_channels_last_input_tuple_gives_no_false_alarm(setting, claim, layer):
    count = _params(*layer)
    text = f"# Notes\n\n{setting}\n\nSo the layer has\n\n{claim.format(p=count)}\n\nparameters.\n"
    line = text.splitlines().index(claim.format(p=count)) + 1
    got = _verdicts(text)[line]
    assert all(status not in FLAGGED for status, _ in got), got


def test_a_channels_first_input_tuple_is_still_read():
    """(8, 3, 32, 32): channels first, as PyTorch; a wrong count is caught under it."""
    right = _params(3, 16, 3)
    text = (
        "# Notes\n\nThe input has shape (8, 3, 32, 32). The layer is `nn.Conv2d(3, 16, 3)`.\n\n"
        f"$$P = 3 \\cdot 3 \\cdot 3 \\cdot 16 + 16 = {right}$$\n\n"
        "The output side is\n\n$$H_{out} = 32 - 3 + 1 = 31$$\n"
    )
    got = _verdicts(text)
    assert got[5][0][0] == VERIFIED, got
    assert torch.nn.Conv2d(3, 16, 3)(torch.zeros(1, 3, 32, 32)).shape[-1] == 30
    assert got[9][0][0] == WRONG, got


# ----------------------------------------------- "a stride-2 layer": the hyphenated setting
# "a stride-1 'same' layer", "eine stride-3 Schicht": the word joined to its number by a
# hyphen before a layer's noun is the stride (it was left unread, and a section inherited
# another layer's stride); "insert stride-1 zeros" stays stride minus one.
@pytest.mark.parametrize(
    ("sentence", "stride"),
    [
        (
            "Take a stride-2 layer with a $3 \\times 3$ kernel on a $7 \\times 7$ input, no padding.",
            2,
        ),
        (
            "Dann eine stride-3 Schicht mit einem $2 \\times 2$ Kern auf einer $8 \\times 8$ Eingabe, ohne Padding.",
            3,
        ),
    ],
)
def test_a_hyphenated_stride_is_read(sentence, stride):
    h, k = (7, 3) if stride == 2 else (8, 2)
    side = torch.nn.Conv2d(1, 1, k, stride=stride)(torch.zeros(1, 1, h, h)).shape[-1]
    text = (
        f"# Notes\n\n{sentence}\n\nThe output side is\n\n$$H_{{out}} = {side}$$\n\n"
        f"and not\n\n$$H_{{out}} = {h - k + 1}$$\n"
    )
    got = _verdicts(text)
    assert got[7][0][0] == VERIFIED, got
    assert got[11][0][0] == WRONG, got


def test_stride_minus_one_zeros_are_no_stride():
    """'insert stride-1 zeros between the entries of G' is the dilation by s - 1 zeros, not
    a layer of stride 1: the stride stated before (2) stays the layer's."""
    text = (
        "# Notes\n\nA layer of stride 2 with a $3 \\times 3$ kernel on a $7 \\times 7$ input, no padding.\n"
        "For dL/dX we insert stride-1 zeros between the entries of G.\n\n"
        "The output side is\n\n$$H_{out} = 3$$\n"
    )
    assert torch.nn.Conv2d(1, 1, 3, stride=2)(torch.zeros(1, 1, 7, 7)).shape[-1] == 3
    got = _verdicts(text)
    assert got[8][0][0] == VERIFIED, got


# ------------------------------------- a formula verified only at a guessed layer's kernel
# "for even K, P = K/2 gives H_out = H - 1" (wrong: H + 2(K/2) - K + 1 = H + 1): with no
# layer stated, the grid of sizes varied H alone and kept the kernel 2 the checker had
# guessed, where H - 2 + 1 = H - 1 holds for every H: verified, a miss.
def test_a_formula_holding_only_at_a_guessed_kernel_is_not_verified():
    for k in (2, 4):
        for h in (8, 9):
            out = torch.nn.Conv2d(1, 1, k, padding=k // 2)(torch.zeros(1, 1, h, h)).shape[-1]
            assert out == h + 1  # not h - 1
    text = (
        "# Relleno\n\n## Parte (c)\n\n"
        "Con $S = 1$ y $K$ par, ningún relleno simétrico conserva el tamaño: "
        "$P = K/2$ da $H_{out} = H - 1$.\n"
    )
    got = _verdicts(text)
    assert 5 in got and all(status != VERIFIED for status, _ in got[5]), got


# ------------------------------- a padding or dilation stated in words no reader reads
# A part's layer read from its question ("**a)** ...") took padding 0 as the default
# although the question states it in words of another language ("dopełnienie zerami: 1
# próbka z obu stron"): a right output length was called wrong.  The lexicon's padding and
# dilation nouns now contest those defaults.
def test_settings_in_unread_words_contest_the_defaults():
    out = torch.nn.Conv1d(1, 1, 3, padding=1, dilation=2)(torch.zeros(1, 1, 10)).shape[-1]
    text = (
        "# Kolokwium — splot 1D\n\n## Zadanie 2\n\n"
        "Dane: sygnał $x[n]$ i filtr $w[k]$; dylatacja 2, "
        "dopełnienie zerami: 1 próbka z obu stron; krok 1.\n\n"
        "$$x = [1, 0, 2, -1, 3, 0, 1, 2, -2, 1], \\qquad w = [2, 0, 1].$$\n\n"
        f"**a)** Długość wyjścia:\n\n$$L_{{out}} = 10 + 2 \\cdot 1 - 2 \\cdot (3 - 1) - 1 + 1 = {out}.$$\n"
    )
    got = _verdicts(text)
    assert 11 in got and all(status not in FLAGGED for status, _ in got[11]), got
