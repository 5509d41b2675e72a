"""Index ranges the prose declares, for sums that do not write theirs.

"$x_{pq}$ with $1 \\le p, q \\le 4$, $w_{mn}$ with $1 \\le m, n \\le 2$, and ... $\\sum_{m}
\\sum_{n} \\delta_{ma}\\,\\delta_{nb}\\, x_{i+m-1,\\,j+n-1}$": the sum over m addresses no
tensor at an axis of its own (m appears in a delta and shifted in x), so its range cannot
be learned from the body (implicit_sums.py); the notes said it a few lines above.  The
latest declaration of a letter before the claim gives its range, as written (in the notes'
own index base, as the evaluator binds indices).

A free index's values may be declared too, in the claim's own sentence or the clause right
after its display: "so for $a, b \\in \\{0, 1\\}$ ... $\\frac{\\partial L}{\\partial
x_{2i+a,2j+b}} = \\frac{1}{4} g_{i,j}$", "where $a, b$ are in $\\{0,1\\}$".  The offsets a, b
index no axis of their own (2i + a does), so the evaluator would run them over the whole
axis; the claim states it only for those values (:data:`FREE_RANGES`, applied by
judge.evaluate_claim, within the axis).
"""

from __future__ import annotations

import re
from contextvars import ContextVar

RANGES: ContextVar[dict[str, tuple[int, int]] | None] = ContextVar("declared_ranges", default=None)

# "1 \le m, n \le 2", "0 \leq i,j \leq 4", "1 ≤ p ≤ 4"
_RANGE = re.compile(
    r"(-?\d+)\s*(?:\\leq?|≤|<=)\s*([a-z](?:\s*,\s*(?:\\[,;! ]\s*)?[a-z])*)\s*"
    r"(?:\\leq?|≤|<=)\s*(-?\d+)"
)


def declared_ranges(document: list[str], line: int) -> dict[str, tuple[int, int]]:
    """Each letter's latest declared range in the lines before ``line`` (1-based)."""
    found: dict[str, tuple[int, int]] = {}
    for text in document[: max(0, line - 1)]:
        for m in _RANGE.finditer(text):
            lo, hi = int(m.group(1)), int(m.group(3))
            if lo > hi:
                continue
            for letter in re.findall(r"[a-z]", m.group(2)):
                found[letter] = (lo, hi)
    return found


FREE_RANGES: ContextVar[dict[str, tuple[int, ...]] | None] = ContextVar(
    "declared_free_ranges", default=None
)

# "a, b \in \{0, 1\}", "$a, b$ are in $\{0,1\}$", "a, b ∈ {0, 1}": the values listed
_SET = re.compile(
    r"(?<![A-Za-z\\])([a-z](?:\s*,\s*(?:\\[,;! ]\s*)?[a-z])*)\s*\$?\s*"
    r"(?:\\in(?![A-Za-z])|∈|(?:(?:are|is|lie|lies|run|runs)\s+)?in\b)\s*\$?\s*"
    r"(?:\\\{|\{)\s*(-?\d+(?:\s*,\s*-?\d+)*)\s*(?:\\\}|\})"
)
# the clause after a display that qualifies it: "where ...", "with ...", "for ..."
_AFTER = re.compile(
    r"^\s*(?:where|with|for|here|donde|con|para|wobei|f[üu]r|o[ùu]|avec|pour|onde|com)\b",
    re.IGNORECASE,
)


def _values(text: str) -> dict[str, tuple[int, ...]]:
    found: dict[str, tuple[int, ...]] = {}
    for m in _SET.finditer(text):
        values = tuple(sorted({int(v) for v in re.findall(r"-?\d+", m.group(2))}))
        for letter in re.findall(r"[a-z]", m.group(1)):
            found[letter] = values
    for m in _RANGE.finditer(text):
        lo, hi = int(m.group(1)), int(m.group(3))
        if lo <= hi:
            for letter in re.findall(r"[a-z]", m.group(2)):
                found[letter] = tuple(range(lo, hi + 1))
    return found


# the key under which free_ranges gives the filters a claim's lead-in restricts it to ("pour
# les filtres 1 à 3 :"); judge.evaluate_claim gives those values to the free index that
# addresses the filter axis (the output's channel, the kernel's first axis, the bias)
FILTERS = "#filters"
_FILTER_WORDS = (
    r"filters?|filtres?|filtros?|filtri|Filtern?|output channels?|"
    r"canaux de sortie|canales de salida|canais de sa[íi]da|canali di uscita|"
    r"Ausgabekan[äa]len?|Ausgangskan[äa]len?"
)
# ("kernels 3 to 5" is more often a range of kernel sizes than of filters: not read)
# "for filters 1 to 3", "pour les filtres 4 à 6", "para los filtros 1 a 3", "für die Filter
# 1 bis 3", "per i filtri 1-3": a run of filter numbers at the end of the lead-in, so the
# clause is the claim's own (a relative clause of a few words may follow: ", qui lisent le
# second bloc :"), not a filter range the paragraph mentions on the way
_FILTER_RANGE = re.compile(
    r"(?<![A-Za-z])(?:for|pour|para|per|f[üu]r)\s+"
    r"(?:(?:the|les|los|las|i|gli|le|die|den|os|as)\s+)?"
    rf"(?:{_FILTER_WORDS})\s+\$?\s*(\d+)\s*\$?\s*"
    r"(?:to|through|à|a|al|bis|até|-|–|\$?\\ldots\$?|\.\.\.)\s*\$?\s*(\d+)\s*\$?"
    r"[^$]{0,60}$",
    re.IGNORECASE,
)


def filter_range(lead_in: str) -> tuple[int, ...] | None:
    """The filter numbers the end of a claim's lead-in restricts it to ("pour les filtres 1
    à 3 :" -> (1, 2, 3)), as written (in the notes' channel numbering), or None."""
    m = _FILTER_RANGE.search(lead_in.rstrip())
    if m is None:
        return None
    lo, hi = int(m.group(1)), int(m.group(2))
    return tuple(range(lo, hi + 1)) if lo <= hi else None


def after_display(document: list[str], line: int) -> str:
    """The first line after the display that starts at ``line`` (1-based; a display over
    several lines ends at its closing $$), if it follows with at most one blank line."""
    end = line
    if document[line - 1].count("$$") == 1:  # a display over several lines: its last
        while end < len(document) and "$$" not in document[end]:
            end += 1
        end += 1
    following = [t for t in document[end : end + 2] if t.strip()][:1]
    return following[0] if following else ""


def free_ranges(document: list[str], line: int) -> dict[str, tuple[int, ...]]:
    """The values the claim's sentence (its lead-in and its own line) or the clause right
    after its display gives a letter ({"a": (0, 1)}); a later one wins."""
    from symconv.checker.lead_in_settings import lead_in

    if not 1 <= line <= len(document):
        return {}
    texts = [lead_in(document, line), document[line - 1]]
    following = after_display(document, line)
    if following and _AFTER.match(following):
        texts.append(following)
    found: dict[str, tuple[int, ...]] = {}
    for text in texts:
        found.update(_values(text))
    filters = filter_range(texts[0])
    if filters is not None:
        found[FILTERS] = filters
    return found
