"""A size claim whose own sentence names another configuration than the layer's.

"With ``output_padding=0`` I still expected $H_{out} = 2 H_{in}$ for kernel 3" stands in
notes whose layer has kernel 4: the claim is about a kernel-3 layer the notes only mention
("kernel 3, stride 2, padding 1 does *not* do the same").  Judged with the layer's kernel
it would hold (a miss); judged with kernel 3 and the layer's other settings, the result
rests on a guess of the settings the sentence does not repeat.  So such a claim is not
understood, and the message names the setting that differs.

Settings are read as words with a whole number ("kernel 3", "stride 2", "padding 1",
"kernel_size=3", "output_padding=0", "k = 3"), never evaluated.
"""

from __future__ import annotations

import re
from typing import Any

from symconv.checker import lexicon
from symconv.checker.context import Context, finding
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

# (quantity of LayerSizes.quantities, the words that name it)
_SETTINGS = (
    ("k", r"\b(?:kernel(?:[_ ]size)?|filter(?: size)?)", r"k"),
    ("stride", rf"(?:\bstride|(?:{lexicon.STRIDE_CJK}){lexicon.CJK_IS})", r"s"),
    ("pad", rf"(?:(?<!output[_ ])\bpadding|(?:{lexicon.PADDING_CJK}){lexicon.CJK_IS})", r"p"),
    ("out_pad", r"\boutput[_ ]padding", r"p_\{?out\}?"),
)
_VALUE = r"\s*(?:=|of|is|:)?\s*`?\s*(\d{1,3})\b(?!\s*[x×]|\s*\\times)"
_LETTER_VALUE = r"\s*=\s*(\d{1,3})\b"  # a letter states a setting only with "=": "k = 3"


# a padding the sentence takes away states it as 0: "without `output_padding` it would
# come out", "bez dopełnienia", "tanpa padding"
_NO = rf"\b(?:{lexicon.NEGATION})\s+(?:the\s+|any\s+)?"
_WITHOUT = (
    ("pad", rf"{_NO}`?(?:zero[- ])?(?:{lexicon.PADDING})\b|{lexicon.NO_PADDING_CJK}"),
    ("out_pad", rf"{_NO}`?output[_ ]padding\b"),
)


def _stated(sentence: str) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for quantity, words, letter in _SETTINGS:
        for pattern in (words + _VALUE, rf"(?<![\w\\']){letter}{_LETTER_VALUE}"):
            for m in re.finditer(pattern, sentence, re.IGNORECASE):
                found.setdefault(quantity, set()).add(int(m.group(1)))
    for quantity, pattern in _WITHOUT:
        if lexicon.negated(re.compile(pattern, re.IGNORECASE), sentence):
            found.setdefault(quantity, set()).add(0)
    return found


def other_configuration(sentence: str, claim: str, layer: dict[str, int | None]) -> str | None:
    """Why the claim's sentence is about another layer than ``layer``, or None.  The claim's
    own text is taken out first: ``H_{out} = (H - 1)s - 2p + k`` names no setting."""
    if not layer:
        return None
    prose = sentence.replace(claim, " ") if claim else sentence
    prose = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " ", prose, flags=re.DOTALL)  # math names no setting
    differ = []
    for quantity, values in _stated(prose).items():
        have = layer.get(quantity)
        if quantity == "out_pad" and have is None and "transposed" not in layer:
            continue
        if have is None or values != {have}:
            named = dict(_NAMES)[quantity]
            differ.append(f"{named} {', '.join(map(str, sorted(values)))} (the layer's: {have})")
    if not differ:
        return None
    return (
        "the sentence is about another configuration than the layer's: "
        + "; ".join(differ)
        + "; its other settings would be a guess"
    )


_NAMES = (("k", "kernel"), ("stride", "stride"), ("pad", "padding"), ("out_pad", "output_padding"))


def on_stated_sizes(found: dict[str, Any], ctx: Context, one_size: bool = False) -> dict[str, Any]:
    """A size claim's verdict "with the sizes of" the layer, kept only where it rests on
    sizes the notes state and does not hold by every side vanishing.

    ``(H + 2P)(W + 2P) - HW = 2P(H + W)`` evaluated at an assumed padding 0 is "0 = 0",
    true of the wrong formula too; ``H_{out} = \\lfloor (7 + 2 - 3)/2 \\rfloor + 1 = 4``
    compared with an assumed 3x3 input is "2, not 4", false of a right one.  Neither says
    anything about the notes.  ``one_size``: the claim names a single size (``p = 0``, the
    padding's value): a 0 there is the value stated, not a formula vanishing."""
    message = str(found.get("message", ""))
    if found.get("status") not in (VERIFIED, WRONG) or "with the sizes of" not in message:
        return found
    if ctx.extras.get("guessed"):
        return finding(
            NOT_UNDERSTOOD,
            f"judged only with the assumed sizes of {ctx.where}, which the notes do not "
            f"state ({message})",
        )
    if found["status"] == VERIFIED and message.startswith("every side is 0 ") and not one_size:
        return finding(
            NOT_UNDERSTOOD,
            f"every side vanishes with the sizes of {ctx.where}: that proves nothing of "
            "the formula",
        )
    return found


# "que es la fórmula de paso 1 sin relleno", "which is the formula for stride 1": a clause
# saying which case a formula shown above belongs to (a mistake's), not the layer's settings
_SHOWN_FORMULA = re.compile(
    r"\b(?:que|which|that|this)\s+(?:es|is|was|ser[íi]a|would be)\s+(?:just\s+|s[óo]lo\s+)?"
    r"(?:la\s+f[óo]rmula|the\s+formula|la\s+versi[óo]n|the\s+version)\b",
    re.IGNORECASE,
)


def names_a_shown_formula(line: str) -> bool:
    """Whether the line only says which case a formula shown before it is."""
    return _SHOWN_FORMULA.search(line) is not None
