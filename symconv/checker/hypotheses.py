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


def _inline_at(line: str, source: str) -> tuple[int, int] | None:
    """(start, end) of the ``$...$`` span holding ``source`` on ``line``, else None."""
    for m in re.finditer(r"(?<!\$)\$([^$]+)\$(?!\$)|\\\((.+?)\\\)", line):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if source.strip() in inner:
            return m.start(), m.end()
    return None
