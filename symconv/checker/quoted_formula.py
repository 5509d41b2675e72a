"""A formula the prose quotes as what someone wrote is not the layer's definition.

Errata, corrections and answers quote the wrong formula before the right one: "Dice
$Y_{ij} = \\sum W_{mn} X_{i-m,j-n}$ ... Debe decir $$Y_{ij} = \\sum W_{mn} X_{i+m,j+n}$$",
"the book says $...$", "you wrote $...$", "instead of $...$".  The quoted formula is a
claim (judged, usually wrong), but what the layer is -- its mode, its sizes, its bias -- is
read from the other formulas only: read from the quote, a correlation layer would turn
the correction into a "wrong" convolution.

A display formula is quoted by the prose line that introduces it and ends in a colon:
"Some of you wrote the formula as:", "Bazılarınız formülü şöyle yazmış:", "Yazdığınız:"
(a teaching assistant's "what you wrote"), "Vous avez écrit :".
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
# a prose line that introduces the display formula below it as what someone wrote: a
# verb of writing (English, Spanish, Portuguese, French, Italian, German, Turkish,
# Russian) in its last clause, which ends in a colon
_QUOTING_LINE = re.compile(
    r"(?:\b(?:wrote|written|writes|write|say|says|said|had|has|gave|answered|put"
    r"|escribi(?:ó|o|eron|steis|ste)|escribe[ns]?|pusi(?:ste|eron)|pusieron|pone[ns]?"
    r"|escreve(?:u|ram)|escreveram|[ée]crit|[ée]crivez|[ée]crivent|scritto|scrivete"
    r"|geschrieben|schrieb(?:en|st)?|schreiben|steht"
    r"|yazm[ıi]ş(?:s[ıi]n[ıi]z|lar)?|yazd[ıi]ğ[ıi]n[ıi]z|yazan(?:lar)?"
    r"|написал[аи]?|пишете|пишут)\b|написали)"
    r"[^.:;!?]{0,60}:\s*(?:\*\*)?\s*$",
    re.IGNORECASE,
)
# ... unless the same line says what is right ("the correct formula, which many wrote
# wrongly, is:"); "should be", "olması gereken", "debe decir" introduce the right one
_RIGHT_WORDS = re.compile(
    r"\b(?:correct|right|should|must|debe|deber[íi]a|correct[oa]|doğru|dogru|olmas[ıi] gereken"
    r"|richtig|korrekt|juste|exact|giusta|corretta|правильн)",
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
    if before.strip().strip("$").strip():
        return bool(_QUOTES.search(before)) and not _NOT_AFTER.search(before)
    return _introduced_as_written(lines, block.line)


def _introduced_as_written(lines: list[str], line: int) -> bool:
    """Whether the display formula starting on ``line`` follows (past blank lines) a prose
    line that introduces it as what someone wrote."""
    above = line - 2
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above < 0 or line - 2 - above > 1:
        return False
    prose = lines[above]
    clause = re.split(r"[.;!?]\s", prose)[-1]
    return bool(_QUOTING_LINE.search(clause)) and not _RIGHT_WORDS.search(clause)
