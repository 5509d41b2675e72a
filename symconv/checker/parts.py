"""Lettered parts of a solution ("**(a)** ...", "(b) ...", "**(c) Gradiente de los pesos.**").

Homework and exam solutions answer one question in parts, and a part often varies the
question's layer for itself: "(e) With stride 1 instead the layer is ...", "(g) A
depthwise version (groups=2) takes a 4x4x2 input ...".  Read as facts of the whole
question, those would turn every other part's single-channel, stride-2 claims into claims
about a two-channel, stride-1 layer.  So each part is a section of its own: it reads the
layer the question states (the stem, the text before the first part) plus what it states
itself, and the notation and names every part before it has introduced ("the upstream
gradient is $g_{ij}$" in part (b) still names G in part (c)).
"""

from __future__ import annotations

import re
from typing import Any

from symconv.checker.declared import SHAPE_KEYS

# a line starting with a part label: **(a)**, (a), **a)**, **Part (b)**, **(c) Title.**
# **3(a)** or **Q3 (a)** (part a of question 3), (ii) (a roman-numbered sub-part)
PART = re.compile(
    r"^\s*(?:\*\*|__)?\s*(?:(?:Part|Parte|Apartado|Inciso)\s+)?(?:(?:Q|P|Question|Problem|Pregunta|Problema|Ejercicio|Exercise|Aufgabe|Esercizio)\s*)?"
    r"(?:\d{1,2}\s*(?=\())?"
    r"\(?(?:[a-h]|i{1,3}|iv|vi{0,3})\)(?:\*\*|__)?\s",
    re.IGNORECASE,
)

# what a part may state for itself only: the layer's shape
LOCAL_KEYS = frozenset({*SHAPE_KEYS, "groups", "output", "batch"})


# a paragraph opening with a short bold title that ends in a stop or a colon: "**Ec. (15),
# pág. 8.** Con entrada de ...", "**Bonus: stride 2.** ...", "**2. The input gradient.**",
# "**A:** ...".  Errata lists, answers and worked solutions set each item off this way, and
# an item may vary the layer for itself ("with stride 2 and an input of length 7")
# (a numbered item's title may run longer: "**3. Transposes on the wrong side (dense layer,
# rows are samples).**")
# (a labelled item's title -- "**E8 — p. 13, a batch of $N$ inputs with $L = \sum_{m}
# L^{(m)}$.**" -- may run longer still and hold inline mathematics, underscores and all)
_TITLE_UNIT = r"(?:[^*_\n$]|\$[^$\n]{1,80}\$)"
LEAD_IN = re.compile(
    r"^\s*(?:\*\*|__)(?=\S)([^*_\n]{1,60}?|\d{1,2}\.\s[^*_\n]{1,90}?|"
    rf"(?:[A-Z]{{1,2}}\d{{1,2}}|\d{{1,2}}\.)\s{_TITLE_UNIT}{{1,120}}?)"
    r"(?:\*\*|__)\s*([.:]?)(?:\s|$)"
)


def is_part(line: str) -> bool:
    return bool(PART.match(line)) or is_lead_in(line)


# a post's label, not an item: "**A:**", "**Answer (accepted)**", "**Comment:**", "**Reply:**"
# open a whole answer or remark about the question's own layer, as in one section
_POST = re.compile(
    r"^\s*(?:A|Q|Answer|Respuesta|Solution|Soluci[óo]n|Comments?|Comentarios?|Reply|"
    r"Replies|Follow-up(?: comment)?|Author|Autor|Course|Curso)\b",
    re.IGNORECASE,
)


# a post's addendum, bold or not: "edit: people asked about stride ...", "EDIT 2:",
# "Update:" -- each answers a new question, often about another layer
_ADDENDUM = re.compile(r"^\s*(?:\*\*|__)?\s*(?:edit|update|upd)\s*\d{0,2}\s*:", re.IGNORECASE)


def is_lead_in(line: str) -> bool:
    if _ADDENDUM.match(line):
        return True
    found = LEAD_IN.match(line)
    if found is not None and _POST.match(found.group(1)):
        return False
    return found is not None and (
        found.group(1).rstrip().endswith((".", ":")) or found.group(2) != ""
    )


def states_layer(facts: list[Any]) -> bool:
    """Whether a stem states the layer's shape itself (its input or its kernel): only then
    does a titled paragraph take the shape from it, rather than from the paragraph before
    ("**Setup.** X is 4x4 ..." then "**Forward.** ...": the setup is the layer)."""
    return any(f.key in ("input", "kernel") for f in facts)


def part_inheritance(previous: list, stem: list) -> tuple[list, list]:
    """What a part inherits: the question's and earlier parts' facts other than the layer's
    shape (put before the part's own, so that they win a tie as the first words said), and
    the layer's shape from the stem (after the part's own: a part may vary the layer)."""
    return [f for f in previous if f.key not in LOCAL_KEYS], [
        f for f in stem if f.key in LOCAL_KEYS
    ]


def opens_post(line: str) -> bool:
    """A post's label in bold ("**A:** (accepted)", "**Answer**"): an answer restates the
    layer it works on ("a toy layer first: input of length 12, kernel 3"), so it reads
    as a section of its own, inheriting whatever it does not state from the question."""
    found = LEAD_IN.match(line)
    return (
        found is not None
        and bool(_POST.match(found.group(1)))
        and not found.group(1)
        .lower()
        .startswith(("q", "comment", "course", "curso", "author", "autor"))
    )
