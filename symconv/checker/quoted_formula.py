"""A formula the prose quotes as what someone wrote is not the layer's definition.

Errata, corrections and answers quote the wrong formula before the right one: "Dice
$Y_{ij} = \\sum W_{mn} X_{i-m,j-n}$ ... Debe decir $$Y_{ij} = \\sum W_{mn} X_{i+m,j+n}$$",
"the book says $...$", "you wrote $...$", "instead of $...$".  The quoted formula is a
claim (judged, usually wrong), but what the layer is -- its mode, its sizes, its bias -- is
read from the other formulas only: read from the quote, a correlation layer would turn
the correction into a "wrong" convolution.
"""

from __future__ import annotations

import re

from symconv.checker.scan_math import Block

# the words right before an inline formula that make it a quotation of someone's formula
_QUOTES = re.compile(
    r"(?:\b(?:dice|dec[íi]a|pone|pon[íi]a|escribe|escribi[óo]|escrib[íi]|puse|pusiste"
    r"|says|said|writes|wrote|reads|read|has|had|gives|gave|instead of|rather than"
    r"|en lugar de|en vez de|first try was|mi primer intento fue)"
    r"(?:\s+(?:that|que))?|\b(?:it|you|I|the (?:book|notes|slides|text))\s+(?:has|had|wrote))"
    r"\s*[:,]?\s*\$+\s*$",
    re.IGNORECASE,
)
_NOT_AFTER = re.compile(
    r"\b(?:debe decir|should read|correct(?:ed)?|instead)\s*[:,]?\s*\$+\s*$", re.I
)


def quoted_as_written(block: Block, lines: list[str]) -> bool:
    """Whether ``block`` is an inline formula the prose of its line introduces as what
    someone wrote ("Dice $...$", "you wrote $...$", "instead of $...$")."""
    if not 1 <= block.line <= len(lines):
        return False
    line = lines[block.line - 1]
    head = block.text.strip()[:25]
    at = line.find(head) if head else -1
    if at < 0:
        return False
    before = line[:at]
    return bool(_QUOTES.search(before)) and not _NOT_AFTER.search(before)
