"""Inline values the prose assumes rather than claims.

"if $w_{11} = 2$ and $\\delta_{11} = -0.5$, then ...", "taking $\\delta_{ij} = 0$ whenever i
falls outside ...", "Con la convención $\\delta_{n,f,i,j} = 0$ si (i,j) cae fuera ...":
an entry set to a number inside a sentence that supposes it is a hypothesis (a worked
example's value, a zero-outside convention), not a statement about the layer; it gets no
verdict.  Only a lone ``entry = number`` in inline math is read this way: a formula
after "if" is still a claim.
"""

from __future__ import annotations

import re

from symconv.checker.extract import INLINE_MATH

# the statement: one indexed name set to a plain number
_VALUE = re.compile(
    r"\s*\\?[A-Za-z]+\s*(?:\^\s*(?:\{[^{}]*\}|\w))?\s*_\s*(?:\{[^{}]*\}|\w)\s*"
    r"(?:\^\s*(?:\{[^{}]*\}|\w))?\s*=\s*[-+]?\s*\d+(?:\.\d+)?\s*"
)
# the words just before it that suppose it
_BEFORE = re.compile(
    r"(?:\b(?:if|suppose|assume|assuming|let|taking|take|given|with|where|setting|set|"
    r"say|si|sea|sean|tomando|suponiendo|supongamos|dado|dados|con|donde|convention|"
    r"convenci[óo]n)\b|\band\b|\by\b)\s*$",
    re.IGNORECASE,
)
# the words just after it that make it a convention ("= 0 whenever ... outside")
_AFTER = re.compile(
    r"^\s*(?:whenever|when|if|for (?:all|every|any)|outside|si|cuando|fuera|para todo)\b",
    re.IGNORECASE,
)
# a chain: "if $a = 1$ and $b = 2$": the words before the first value suppose it
_CHAIN = re.compile(r"\b(?:and|y)\s*$", re.IGNORECASE)
_SUPPOSING = re.compile(
    r"\b(?:if|suppose|assume|assuming|let|taking|given|si|sea|tomando|suponiendo|"
    r"supongamos|with|con)\b[^.;]{0,80}$",
    re.IGNORECASE,
)


def is_hypothesis(source: str, document: list[str], line: int) -> bool:
    """Whether ``source`` (one statement, written inline on ``line``) is a value the
    sentence around it supposes."""
    if not _VALUE.fullmatch(source) or not 1 <= line <= len(document):
        return False
    own = document[line - 1]
    at = _inline_at(own, source)
    if at is None:
        return False
    start, end = at
    before = (document[line - 2] + " " if line > 1 else "") + own[:start]
    before = re.sub(r"\$[^$]*\$", " X ", before)  # other inline math: a name in the prose
    after = own[end:]
    if _AFTER.match(after):
        return True
    if not _BEFORE.search(before):
        return False
    if _CHAIN.search(before):  # "... and $b = 2$": the first of the chain decides
        return _SUPPOSING.search(before) is not None
    return True


# a letter set to a whole number right after the words for the given class or label:
# "with the true class $y = 2$", "label $t = 0$", "la clase correcta $c = 1$", "la classe
# cible $y = 3$", "die wahre Klasse $y = 2$": the class index the example gives, not a
# claim about the layer's output y (a predicted class, "the predicted class $y = 2$", is
# a claim and is left to the readers)
_LETTER_NUMBER = re.compile(r"\s*[A-Za-z]\s*=\s*\d+\s*")
_GIVEN_CLASS = re.compile(
    r"(?:\b(?:true|correct|target|ground[- ]truth|actual|gold|wahre|richtige|vera|corretta)"
    r"\s+(?:class|label|Klasse|classe)"
    r"|\b(?:class|clas+e|classe)\s+(?:vraie|correcte|cible|r[ée]elle|correcta|verdadera|"
    r"real|objetivo|certa|correta|verdadeira|vera|corretta|giusta)"
    r"|Zielklasse|\b(?:the\s+|its\s+|la\s+|l['’]\s*|die\s+|o\s+)?(?:label|labels|etiqueta|"
    r"r[óo]tulo|[ée]tiquette|Label|etichetta))"
    r"(?:\s+(?:is|es|est|ist|[èé]|was|será|sera))?\s*(?::\s*)?$",
    re.IGNORECASE,
)


def is_class_given(source: str, document: list[str], line: int) -> bool:
    """Whether ``source``, a letter set to a whole number in inline math on ``line``,
    follows the words for the example's given class or label (the class index, not a
    statement about the layer)."""
    if not _LETTER_NUMBER.fullmatch(source) or not 1 <= line <= len(document):
        return False
    own = document[line - 1]
    at = _inline_at(own, source)
    if at is None:
        return False
    before = own[: at[0]]
    if re.search(
        r"\b(?:predicted|prédite|predicha|prevista|vorhergesagte|argmax)\b", before[-60:], re.I
    ):
        return False
    return _GIVEN_CLASS.search(before) is not None


def _inline_at(line: str, source: str) -> tuple[int, int] | None:
    """(start, end) of the ``$...$`` span holding ``source`` on ``line``, else None."""
    for m in INLINE_MATH.finditer(line):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if source.strip() in inner:
            return m.start(), m.end()
    return None


# a size the notes set for an example: "para $H = 7,\ k = 3,\ s = 2,\ p = 1$", "for $k = 4$"
_SIZE = (
    r"\s*(?:\\[ ,;:!]\s*)*(?:H|W|L|k|K|s|S|p|P|C|N|F|d|D)"
    r"(?:_\s*\{?\s*(?:\\(?:text|mathrm)\s*\{\s*)?(?:in|h|w)\s*\}?\s*\}?)?\s*=\s*\d+\s*"
)
_SETTING = re.compile(_SIZE)
_SETTING_WORDS = re.compile(
    r"\b(?:for|take|taking|let|if|suppose|assume|e\.g\.|say|para|sea|sean|si|"
    r"tomando|supongamos|por ejemplo)\s*$",
    re.IGNORECASE,
)


# a sentence that says it works an example: every lone size set in it is the example's
_EXAMPLE_WORDS = re.compile(
    r"\b(?:for example|for instance|e\.g\.|numerically|with numbers|worked example|"
    r"por ejemplo|con n[úu]meros|num[ée]ricamente|en n[úu]meros)"
    # a label that opens the line: "**Ejemplos.** Con $H = 5$, ventana $K = 2$, ..."
    r"|^\W*(?:examples?|ejemplos?|ejercicios?|exercises?)\b",
    re.IGNORECASE,
)


def is_size_setting(source: str, document: list[str], line: int) -> bool:
    """Whether ``source`` is a size the prose sets for an example (an input side, a kernel,
    a stride, a padding, a count of channels, samples or filters set to a number), not a
    claim about the layer: a list of such settings in one inline span ("$H = 7,\\ k = 3$")
    or in neighbouring spans ("$k = 4$, $s = 2$"), one right after "for", "para", "sea",
    or one in a sentence that says it works an example ("con números", "for example").
    "We pad with $p = 1$" describes the layer and is still judged, as is a size the notes
    compute (H_{out} = ... = 4, a chain)."""
    if not _SETTING.fullmatch(source) or not 1 <= line <= len(document):
        return False
    own = document[line - 1]
    at = _inline_at(own, re.sub(r"^\s*(?:\\[ ,;:!]\s*)*", "", source))
    if at is None:
        return False
    span = own[at[0] : at[1]].strip("$ ")
    if span.startswith("\\("):
        span = span[2:-2]
    pieces = [p for p in re.split(r",\s*(?:\\[ ,;!]|~)?\s*|\\quad|\\qquad", span) if p.strip()]
    if len(pieces) >= 2 and all(_SETTING.fullmatch(p) for p in pieces):
        return True
    if _in_a_run_of_settings(own, at):  # "$k = 4$, $s = 2$, $p = 1$"
        return True
    before = re.sub(r"\$[^$]*\$", " X ", own[: at[0]])
    sentence = re.split(r"[.!?]\s", before)[-1]  # "Con números: ..., y con $H = 8$ queda"
    return bool(
        _SETTING_WORDS.search(before)
        or _EXAMPLE_WORDS.search(sentence)
        or _EXAMPLE_WORDS.match(before)
    )


def _in_a_run_of_settings(line: str, at: tuple[int, int]) -> bool:
    """Whether the inline span at ``at`` is one of two or more neighbouring spans, joined
    by commas or "and"/"y" only, each a size set to a number."""
    spans = [
        (m.start(), m.end(), m.group(1)) for m in re.finditer(r"(?<!\$)\$([^$]+)\$(?!\$)", line)
    ]
    here = next((k for k, (a, b, _) in enumerate(spans) if (a, b) == at), None)
    if here is None:
        return False

    def joined(k: int) -> bool:  # span k and span k + 1 with only a separator between
        gap = line[spans[k][1] : spans[k + 1][0]]
        return re.fullmatch(r"\s*(?:,|;|and|y|e)?\s*(?:,|and|y)?\s*", gap) is not None

    first = last = here
    while first > 0 and joined(first - 1):
        first -= 1
    while last + 1 < len(spans) and joined(last):
        last += 1
    run = spans[first : last + 1]
    return len(run) >= 2 and all(_SETTING.fullmatch(text) for _, _, text in run)
