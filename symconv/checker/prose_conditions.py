"""Equations the prose makes conditions, not claims.

* "plain $\\otimes$ when $s = 1$", "si $p = 0$", "had we used $s = 2$": a size set to a
  value as a hypothesis (the notes' layer has another value, and says nothing false).
* "Taking $W_{m,n} = 0$ when $m$ or $n$ is outside $0..2$", "$x_{i,j} = 0$ fuera de la
  imagen": the zero convention for entries outside a tensor.

Neither gets a verdict.  Only the words right around the equation are read (its sentence).
"""

from __future__ import annotations

import re

from symconv.checker.layer_counts import sentence_around

# "when", "if", "whenever", "for", "unless", "cuando", "si", "para", "quand", "se"
_IF = re.compile(
    r"(?:\b(?:when|whenever|if|unless|suppose|assuming|assume|cuando|si|quand|se|wenn)"
    r"|\bfor (?:a |the )?(?:case )?|\bhad we used(?: [a-z]+)?|\bin the case)\s*$",
    re.IGNORECASE,
)
_SIZE_SET = re.compile(r"\s*[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?\s*=\s*\d+\s*")
# "for "same" padding, $P = (K-1)/2$", "para padding 'same', $p = \lfloor k/2 \rfloor$":
# a size letter set by a formula for a named case is that case's choice, not a claim
_SIZE_CHOICE = re.compile(r"\s*[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?\s*=\s*[^=<>]+")
_NAMED_CASE = re.compile(
    r"\b(?:for|para|pour|per|für|f[üu]r)\s+(?:a\s+|the\s+|un\s+|le\s+|el\s+)?"
    r"(?:[\"“'`]?\w+[\"”'`]?\s+(?:padding|relleno|preenchimento|remplissage)|"
    r"(?:padding|relleno|preenchimento|remplissage)\s+[\"“'`]?\w+[\"”'`]?)\s*,?\s*$",
    re.IGNORECASE,
)
_ZERO = re.compile(
    r"\s*(?!d[A-Z])\\?[A-Za-z]+\s*(?:\^\{[^{}]*\})?\s*(?:_\{[^{}]*\}|_[A-Za-z]{1,2}|\([^()]*\))"
    r"\s*=\s*0\s*"
)
_TAKING = re.compile(
    r"\b(?:taking|take|set|setting|with|assuming|assume|define|defining|tomando|con|"
    r"suponiendo|convention|convenci[óo]n)\s*$",
    re.IGNORECASE,
)
# "... = 0 when m or n is outside 0..2": a condition that puts the indices outside a range
_OUTSIDE = re.compile(
    r"^\s*(?:[,;:]\s*)?(?:(?:outside|beyond|fuera)\b|(?:when|whenever|if|for|cuando|si|para)\b"
    r".{0,80}?(?:outside|out of|beyond|fuera|padding|relleno|range|rango|\\notin|not in))",
    re.IGNORECASE | re.DOTALL,
)


def is_condition(document: list[str], line: int, source: str) -> bool:
    """Whether the statement is a hypothesis or a convention of its sentence."""
    text = source.strip()
    choice = _SIZE_CHOICE.fullmatch(text) is not None
    if not (_SIZE_SET.fullmatch(text) or _ZERO.fullmatch(text) or choice):
        return False
    sentence = sentence_around(document, line, source)
    at = sentence.find(source)
    if at < 0:
        return False
    before, after = sentence[:at], sentence[at + len(source) :]
    before = re.sub(r"[\s$]|\\\(", " ", before).rstrip()
    after = re.sub(r"^[\s$]+|^\\\)", " ", after)
    if _SIZE_SET.fullmatch(text) and not _ZERO.fullmatch(text):
        return bool(_IF.search(before) or _NAMED_CASE.search(before))
    if choice and not _ZERO.fullmatch(text):
        return _NAMED_CASE.search(before) is not None
    # an entry set to zero with its indices free: the zero convention
    return bool(_TAKING.search(before) or _OUTSIDE.search(after))
