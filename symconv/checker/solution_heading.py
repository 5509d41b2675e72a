"""A solution's heading continues the statement it answers.

Exam papers and problem sets state the network under one heading and answer under the
next: "## Esercizio 2 — Testo" (the table of layers) then "## Soluzione" (``H_1 = ... =
24``, ``P_5 = ... = 11530``).  The solution heading stands at the statement's level, so a
reader that ends a section at the next heading of its level loses the network the answers
speak of.  The answers are about the statement right above them: a heading that only says
"solution" ("Soluzione", "Solución", "Lösung", "Rozwiązanie", "Çözüm", "Answer") and
directly follows the statement's heading continues it.  Only then: a heading naming
another exercise ("### Esercizio 1") between them still ends it, and a solutions heading
after several statements (which one it answers is not read) is not this.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"\s*(#+)\s+(.*)")
# a heading saying only "solution": en, it, es, fr, de, pt, pl, tr, nl, sv ("Solution (b)")
_SOLUTION = re.compile(
    r"^\W*(?:solutions?|soluzion[ei]|soluci[óo]n(?:es)?|lösung(?:en)?|solu[çc][ãa]o|"
    r"rozwiązanie|çözüm|oplossing|lösning|answers?|risposta|respuesta|réponse|antwort)\b"
    r"[\s\W]*(?:\(?[a-z]\)|\d+)?[\s\W]*$",
    re.I,
)


def continues(document: list[str], start: int, end: int) -> bool:
    """The (0-based) lines ``start`` (a statement's first line) to ``end`` (the claim's)
    cross only headings that continue the statement: one solution heading right after
    the statement's own heading, at its level."""
    own = _heading_before(document, start)
    if own is None:
        return False
    level, _ = own
    crossed = [
        (k, len(m.group(1)), m.group(2))
        for k in range(start + 1, end)
        if (m := _HEADING.match(document[k])) is not None
    ]
    top = [(k, lv, title) for k, lv, title in crossed if lv <= level]
    if len(top) != 1 or top[0][1] != level or not _SOLUTION.match(top[0][2]):
        return False
    # nothing but the statement between its heading and the solution's, and no part of
    # the solution naming another exercise
    between = [t for k, lv, t in crossed if k < top[0][0]]
    return not between and not any(_EXERCISE.search(t) for _, _, t in crossed)


# a heading naming an exercise or problem by number: another statement's
_EXERCISE = re.compile(
    r"\b(?:exercises?|esercizio|ejercicio|exercice|aufgabe|problem\w*|zadanie|soru|question|"
    r"domanda|pregunta|task)\s*\d",
    re.I,
)


def _heading_before(document: list[str], at: int) -> tuple[int, str] | None:
    for text in reversed(document[: at + 1]):
        m = _HEADING.match(text)
        if m:
            return len(m.group(1)), m.group(2)
    return None
