"""A what-if sentence takes only itself out of a paragraph's facts.

A sentence that shows a wrong answer or a what-if ("Si alguien encuentra más, que me
escriba", "if you forget the flip ...") names sizes that are not the layer's, so
:func:`symconv.checker.prose.prose_facts` reads nothing of it.  But a paragraph is one line
in Markdown, and the layer is often stated in the sentence before ("una imagen de un solo
canal $X$ de $5 \\times 5$, un filtro $W$ de $3 \\times 3$ ... Si alguien encuentra más,
que me escriba"): only the what-if sentence and those after it (which may still speak of
it) are set aside, the ones before are read as usual.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# a sentence ends at . ! or ? followed by a space and a capital (or ¿ ¡): "5x5. El", not
# "Ec. (3)", "pág. 4" or "0.5" ("(Your post ..." opens one); a math span is never split
# ($...$ is skipped whole)
_BOUNDARY = re.compile(r"\$[^$]*\$|(?<=[.!?])\s+(?=\(?[A-ZÁÉÍÓÚÑ¿¡*])")

Facts = list[tuple[str, str, str]]


def sentence_start(text: str, at: int) -> int:
    """Where the sentence of ``text`` around position ``at`` begins (after ". " or "; ")."""
    return max(text.rfind(". ", 0, at), text.rfind("; ", 0, at)) + 1


def sentence_around(text: str, at: int) -> str:
    """The sentence of ``text`` around position ``at`` (between ". " or "; " marks)."""
    end = min((k for k in (text.find(". ", at), text.find("; ", at)) if k >= 0), default=len(text))
    return text[sentence_start(text, at) : end]


def sentences(line: str) -> list[str]:
    """The sentences of one line, in order, math spans kept whole."""
    cuts = [m for m in _BOUNDARY.finditer(line) if not m.group().startswith("$")]
    starts = [0, *(m.end() for m in cuts)]
    ends = [*(m.start() for m in cuts), len(line)]
    return [line[a:b] for a, b in zip(starts, ends, strict=True) if line[a:b].strip()]


def facts_outside_what_ifs(
    line: str,
    before: str,
    after: str,
    is_what_if: Callable[[str], bool],
    read: Callable[[str, str, str], Facts],
) -> Facts:
    """``read``'s facts of the sentences of ``line`` before the first that ``is_what_if``
    marks; the line before counts only beside the first sentence."""
    parts = sentences(line)
    if len(parts) < 2:
        return []
    found: Facts = []
    for at, sentence in enumerate(before_what_ifs(parts, is_what_if)):
        found += read(sentence, before if at == 0 else "", "")
    return found


def before_what_ifs(parts: list[str], is_what_if: Callable[[str], bool]) -> list[str]:
    """The sentences before the first what-if: the ones after it may still speak of it
    ("Common wrong answer: ... That is the rule for average pooling, not max pooling")."""
    kept: list[str] = []
    for sentence in parts:
        if is_what_if(sentence):
            break
        kept.append(sentence)
    return kept
