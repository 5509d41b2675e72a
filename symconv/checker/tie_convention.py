"""The notes' rule for a tie in a max-pooling window: which entry gets the gradient.

Where a window's largest value occurs twice, max pooling's gradient is a convention:
PyTorch gives all of it to the first maximum in reading order (row by row, left to right),
some notes split it equally among the tied entries, a few give each tied entry all of it.
The checker judges such a window only under the rule the notes state themselves, in a
sentence about ties: "ties are broken by the first index", "si hay empate ... el gradiente
va entero al primer máximo en orden de lectura", "bei Gleichstand wird der Gradient zu
gleichen Teilen aufgeteilt", "in case of a tie the gradient is split equally".  A sentence
that names no rule, names two, or says the rule is not one ("not split"), gives none, and
two different rules stated in the notes give none either: the window stays not understood.
"""

from __future__ import annotations

import re

FIRST, LAST, SPLIT, ALL = "first", "last", "split", "all"

_TIE = re.compile(
    r"\bties?\b|\btied\b|\bempat(?:e|es|ad[oa]s?)\b|\bGleichstand|\bgleich gro[sß]e?"
    r"|\bégalités?\b|\bex[- ]?aequo|\bpareggi|more than one maxim|several maxima|two maxima"
    r"|varios máximos|dos máximos|mehrere Maxima"
    # Italian: "in caso di parità", "a pari merito", "più massimi"
    r"|\bparit[àa]\b|\bpari merito\b|pi[ùu] massimi|due massimi",
    re.IGNORECASE,
)
_RULES = {
    FIRST: re.compile(
        r"\bfirst\b|\bprimer[oa]?\b|\berste[nmrs]?\b|\bpremi(?:er|ère)\b|\bprimo\b"
        r"|\b(?:lowest|smallest) (?:flat )?index\b",
        re.IGNORECASE,
    ),
    LAST: re.compile(r"\blast\b|\b[úu]ltim[oa]\b|\bletzte[nmrs]?\b|\bdernier\b", re.IGNORECASE),
    SPLIT: re.compile(
        r"\b(?:split|shared|divided|distributed|spread)\s+(?:\w+\s+)?(?:equally|evenly)\b"
        r"|\b(?:equally|evenly)\s+(?:split|shared|divided|distributed)\b"
        r"|\bequal (?:shares|parts)\b|\bse reparte\b|\ba partes iguales\b|\bpor igual\b"
        r"|\bzu gleichen Teilen\b|\bgleichmäßig (?:auf|ver)teil|\bà parts égales\b"
        r"|\bpartagé[e]? (?:également|équitablement)\b"
        r"|\bin parti uguali\b|\b(?:diviso|ripartito|distribuito) equamente\b",
        re.IGNORECASE,
    ),
    ALL: re.compile(
        r"\b(?:each|every|all)\b[^.;]{0,40}\b(?:gets?|receives?)\s+the\s+(?:full|whole|entire)"
        r"|\btodos reciben\b|\bcada (?:uno|máximo) recibe (?:el gradiente )?(?:entero|completo)",
        re.IGNORECASE,
    ),
}
# words that make a sentence's rule something else than the notes' own
_NOT_OWN = re.compile(
    r"\b(?:error|mistake|wrong|incorrect|falsch|Fehler|faux|erreur|typical|típico|común)\b",
    re.IGNORECASE,
)
_NEGATED = r"\b(?:not|no|never|nicht|nie|kein|pas|nunca|jamás|non|mai)\s+(?:\w+\s+){0,2}$"
# "the first maximum by columns": an order other than reading order
_OTHER_ORDER = re.compile(r"\bcolumn|\bcolumna|\bSpalte|\bcolonn[ae]", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]|$)", re.MULTILINE)


def _rules_of(sentence: str) -> set[str]:
    found = set()
    for rule, pattern in _RULES.items():
        for m in pattern.finditer(sentence):
            if re.search(_NEGATED, sentence[: m.start()], re.IGNORECASE):
                return {"negated"}
            found.add(rule)
    if FIRST in found and SPLIT in found:
        found.discard(FIRST)  # "the first step splits it equally": the split is the rule
    if found & {FIRST, LAST} and _OTHER_ORDER.search(sentence):
        return {"other order"}
    return found


def stated_tie_rule(document: str, line: int) -> str | None:
    """The rule for ties the notes state before ``line`` (1-based; its own line counts),
    or None when they state none or several."""
    before = "\n".join(document.split("\n")[:line])
    rules: set[str] = set()
    for m in _SENTENCE.finditer(before):
        sentence = m.group(0)
        if not _TIE.search(sentence) or _NOT_OWN.search(sentence):
            continue
        rules |= _rules_of(sentence)
    if len(rules) != 1:
        return None
    rule = rules.pop()
    return rule if rule in (FIRST, LAST, SPLIT, ALL) else None


def tie_share(cells: list[tuple[int, int]], rule: str) -> dict[tuple[int, int], tuple[int, int]]:
    """{cell: (numerator, denominator)} of the gradient each tied maximum (in reading
    order) gets under ``rule``."""
    if rule == FIRST:
        return {cells[0]: (1, 1)}
    if rule == LAST:
        return {cells[-1]: (1, 1)}
    if rule == SPLIT:
        return {c: (1, len(cells)) for c in cells}
    return {c: (1, 1) for c in cells}
