"""A sentence that supposes the layer changed -- "if we add padding $p = 1$, then ...",
"còn nếu thêm padding $p = 1$ thì ..." (vi), "αν προσθέσουμε ..." (el), "अगर हम ... जोड़ें"
(hi), "لو أضفنا ..." (ar), "si on ajoute ..." (fr), "если добавить ..." (ru) -- states the
variant's sizes, not the notes' layer's.

Before, the letter set alone in it (``$p = 1$``) was read as the layer's padding in every
language, and the Vietnamese words as well: the notes' "no padding" layer became a padding-1
layer and every later size claim was judged at it (a false alarm on a correct "12 - 2 =
10"), while the claim inside the what-if was judged under the notes' layer (its correct
"H_out = H_in" called wrong, its mistaken "H_out = H_in - 2" verified).  Now the setting is
set aside with the sentence (supposed_change.py, infer._supposed_setting) and the claim in
it is not understood, naming the supposition (counterfactual.supposed_layer).

Truth: torch's conv2d output side, at the notes' layer and at the variant."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

SIDE, KERNEL = 12, 3


def _side(padding: int) -> int:
    """The output side torch gives a 3x3 kernel, stride 1, on the 12x12 input."""
    x = torch.zeros(1, 1, SIDE, SIDE)
    return int(
        torch.nn.functional.conv2d(x, torch.zeros(1, 1, KERNEL, KERNEL), padding=padding).shape[-1]
    )


# (the layer stated, the what-if sentence with its claim, the claim about the notes' layer)
NOTES = {
    "en": (
        "A $3 \\times 3$ kernel, no padding, stride 1, on a $1 \\times 12 \\times 12$ input.",
        "If we add padding $p = 1$, then $H_{{out}} = {what_if}$.",
        "So here $H_{{out}} = 12 - 2 = {real}$.",
    ),
    "vi": (
        "Kernel $3 \\times 3$, không padding, stride 1, đầu vào $1 \\times 12 \\times 12$.",
        "Còn nếu thêm padding $p = 1$ thì $H_{{out}} = {what_if}$.",
        "Vậy ở đây $H_{{out}} = 12 - 2 = {real}$.",
    ),
    "el": (
        "Πυρήνας $3 \\times 3$, χωρίς συμπλήρωση, βήμα 1, είσοδος $1 \\times 12 \\times 12$.",
        "Αν προσθέσουμε padding $p = 1$, τότε $H_{{out}} = {what_if}$.",
        "Άρα εδώ $H_{{out}} = 12 - 2 = {real}$.",
    ),
    "hi": (
        "A $3 \\times 3$ kernel, no padding, stride 1, on a $1 \\times 12 \\times 12$ input.",
        "अगर हम padding $p = 1$ जोड़ें तो $H_{{out}} = {what_if}$ होगा।",
        "So here $H_{{out}} = 12 - 2 = {real}$.",
    ),
    "ar": (
        "A $3 \\times 3$ kernel, no padding, stride 1, on a $1 \\times 12 \\times 12$ input.",
        "لو أضفنا حشوًا $p = 1$ لكان $H_{{out}} = {what_if}$.",
        "So here $H_{{out}} = 12 - 2 = {real}$.",
    ),
    "fr": (
        "Un noyau $3 \\times 3$, sans remplissage, pas 1, sur une entrée "
        "$1 \\times 12 \\times 12$.",
        "Si on ajoute un remplissage $p = 1$, alors $H_{{out}} = {what_if}$.",
        "Ici donc $H_{{out}} = 12 - 2 = {real}$.",
    ),
    "ru": (
        "A $3 \\times 3$ kernel, no padding, stride 1, on a $1 \\times 12 \\times 12$ input.",
        "Если добавить padding $p = 1$, то $H_{{out}} = {what_if}$.",
        "So here $H_{{out}} = 12 - 2 = {real}$.",
    ),
}


def _note(lang: str, what_if: str, real: int) -> str:
    head, supposed, claim = NOTES[lang]
    return (
        f"# Output side\n\n{head}\n\n{supposed.format(what_if=what_if)}\n\n"
        f"{claim.format(real=real)}\n"
    )


def _at(report, line: int) -> list[str]:
    return [v.status for v in report.verdicts if v.line == line]


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_the_supposed_padding_is_not_the_layers(lang: str) -> None:
    unpadded, padded = _side(0), _side(1)
    assert (unpadded, padded) == (SIDE - 2, SIDE)  # the what-if's H_out = H_in, the notes' H - 2
    report = check_text(_note(lang, "H_{in}", unpadded), "notes.md")
    assert "padding 1" not in report.layers[-1]["text"]
    assert _at(report, 7) == [VERIFIED]  # 12 - 2 = 10 at the notes' own layer
    # the what-if's correct claim (true for padding 1) is not judged under padding 0
    assert WRONG not in _at(report, 5) and NOT_UNDERSTOOD in _at(report, 5)


@pytest.mark.parametrize("lang", sorted(NOTES))
def test_mistakes_on_either_side_of_the_supposition_are_not_let_through(lang: str) -> None:
    unpadded, padded = _side(0), _side(1)
    # the what-if's mistake (H_in - 2 is the unpadded side, not the padded one) is not
    # verified under the notes' layer; the variant's size claimed for the notes' layer is wrong
    report = check_text(_note(lang, "H_{in} - 2", padded), "notes.md")
    assert padded != unpadded
    assert VERIFIED not in _at(report, 5)
    assert _at(report, 7) == [WRONG]


@pytest.mark.parametrize(
    "stated",
    [
        "A $3 \\times 3$ kernel with padding $p = 1$, stride 1, on a "
        "$1 \\times 12 \\times 12$ input.",
        "Kernel $3 \\times 3$, padding $p = 1$, stride 1, đầu vào $1 \\times 12 \\times 12$.",
    ],
)
def test_a_padding_the_notes_state_is_still_read(stated: str) -> None:
    # no supposition: the letter set alone is the layer's padding, as before (torch: the
    # side is kept, 12 -> 12, at padding 1)
    assert _side(1) == SIDE
    report = check_text(f"# Output side\n\n{stated}\n", "notes.md")
    assert "padding 1" in report.layers[-1]["text"]
    assert _at(report, 3) == [VERIFIED]  # p = 1, the layer's own padding


NETWORK = """# A small net

| layer | config | output (C x H x W) |
|---|---|---|
| input | | 1 x 32 x 32 |
| conv1 | 8 filters 3x3, s1, p1 | 8 x 32 x 32 |
| pool1 | max 2x2, s2 | 8 x 16 x 16 |

## Variants

- {what_if}
"""
DROPPED = {
    "en": "If we dropped the padding of conv1, its map would be $H_1 = {formula}$ pixels high.",
    "vi": "Còn nếu bỏ padding của conv1 thì bản đồ cao $H_1 = {formula}$.",
}


def _network_verdict(lang: str, formula: str):
    text = NETWORK.format(what_if=DROPPED[lang].format(formula=formula))
    return next(v for v in check_text(text, "notes.md").verdicts if v.line == 11)


def _conv1_side(padding: int) -> int:
    layer = torch.nn.Conv2d(1, 8, 3, padding=padding)
    return int(layer(torch.zeros(1, 1, 32, 32)).shape[-1])


def test_a_network_layer_the_supposition_changes_is_judged_changed() -> None:
    # "If we dropped the padding of conv1": conv1 rebuilt without it (chain_claims), not
    # left unread because the sentence supposes a change
    unpadded = _conv1_side(0)
    assert (unpadded, _conv1_side(1)) == (30, 32)
    assert _network_verdict("en", f"32 - 3 + 1 = {unpadded}").status == VERIFIED
    wrong = _network_verdict("en", f"32 - 3 = {unpadded - 1}")
    assert wrong.status == WRONG and f"{unpadded}, not {unpadded - 1}" in wrong.message


def test_a_supposed_change_the_reader_cannot_build_is_not_judged_unchanged() -> None:
    # "Còn nếu bỏ padding của conv1" (and if we drop conv1's padding): the change is not read
    # from the Vietnamese, so the claim is not judged under the padded conv1 (32 was the
    # "truth" its correct 30 was called wrong against)
    unpadded = _conv1_side(0)
    assert _network_verdict("vi", f"32 - 3 + 1 = {unpadded}").status == NOT_UNDERSTOOD
    assert _network_verdict("vi", f"32 - 3 = {unpadded - 1}").status != VERIFIED


IM2COL = {
    "en": "# im2col\n\nA $3 \\times 3$ kernel, no padding, stride 1, on a $6 \\times 6$ input.\n\n"
    "If we add padding 1, the same kernel gives\n\n$$H' W' = (6 + 2 - 3 + 1)^2 = {count}$$\n",
    "el": "# im2col\n\nΠυρήνας $3 \\times 3$, χωρίς συμπλήρωση, βήμα 1, είσοδος $6 \\times 6$.\n\n"
    "Αν προσθέσουμε συμπλήρωση 1, ο ίδιος πυρήνας δίνει\n\n"
    "$$H' W' = (6 + 2 - 3 + 1)^2 = {count}$$\n",
}


@pytest.mark.parametrize("lang", sorted(IM2COL))
def test_the_arithmetic_of_a_supposed_count_is_still_judged(lang: str) -> None:
    # side 1 (the variant's count of windows) is not read; the numbers after it are plain
    # arithmetic, right or wrong under any layer (torch: 6x6 padded by 1, 3x3 windows -> 36)
    windows = torch.nn.functional.unfold(torch.zeros(1, 1, 6, 6), 3, padding=1).shape[-1]
    held = next(v for v in check_text(IM2COL[lang].format(count=windows), "n.md").verdicts)
    assert held.status == NOT_UNDERSTOOD and f"the arithmetic holds, {windows}" in held.message
    slip = next(v for v in check_text(IM2COL[lang].format(count=windows - 1), "n.md").verdicts)
    assert slip.status == WRONG and f"side 2 of 3 differs: it gives {windows}" in slip.message


def test_a_supposition_that_changes_more_than_the_padding_is_not_judged() -> None:
    # "dropped the padding and used a 5x5 kernel": the kernel is no change chain_claims
    # applies, so the claim is not judged under conv1 rebuilt with its 3x3 kernel
    side = int(torch.nn.Conv2d(1, 8, 5)(torch.zeros(1, 1, 32, 32)).shape[-1])
    text = NETWORK.format(
        what_if="If we dropped the padding of conv1 and used a 5x5 kernel, its map would be "
        f"$H_1 = 32 - 5 + 1 = {side}$ pixels high."
    )
    found = next(v for v in check_text(text, "notes.md").verdicts if v.line == 11)
    assert side == 28 and found.status == NOT_UNDERSTOOD
