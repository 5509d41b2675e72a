"""A subscript that labels a tensor is no index: no "an array where a scalar is expected".

Notes tell two versions of one tensor apart by a word under its letter: ``Y_{incl}`` and
``Y_{excl}`` (a pooling with and without the padding counted), ``X_{pad}``, ``G_{up}``.
The checker reads the letters of a subscript as the entry's indices (``Y_{ncij}`` is the
entry n, c, i, j), so ``Y_{incl} = \\frac{1}{9}[\\ldots]`` became the entry at i, n, c, l
and its written-out matrix "a 2x2 array where a scalar is expected".  The notes show it is a
label when they index the labelled name itself elsewhere (``Y_{incl}[0,0] = 16/9``): an
entry has no entries.  Then the failure is the reading's, and the verdict is not understood,
naming the label (which version of the tensor it is, the layer read does not say: judging
it as the layer's own output could call the other version's matrix wrong).

Only a "wrong" whose every failure is an array where a scalar is expected at an assignment
of exactly the subscript's letters is changed; ``Y_{ij} = [matrix]`` in notes that never
index ``Y_{ij}`` itself keeps its verdict.
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD, WRONG

# "the right side at c = 0, i = 0, l = 0, n = 0: it is a 2×2 array where a scalar is expected"
_ARRAY_FAILURE = re.compile(
    r"^(?:the (?:right|left) side|side \d+ of \d+) at (?P<at>[^:]+): it is an? [^;]*?"
    r"(?:array|vector)[^;]*? where a scalar is expected$"
)
# the left side: a letter (or \command) with a subscript of letters only
_LEFT = re.compile(
    r"^\s*(?P<base>\\?[A-Za-z]+)\s*_\s*(?:\{\s*(?P<braced>[A-Za-z]+)\s*\}|(?P<bare>[A-Za-z]))\s*="
)


def _assigned(at: str) -> set[str] | None:
    """The letters of "c = 0, i = 0, l = 0", or None when it is not such a list."""
    letters = set()
    for part in at.split(","):
        m = re.fullmatch(r"\s*([A-Za-z])\s*=\s*-?\d+\s*", part)
        if m is None:
            return None
        letters.add(m.group(1))
    return letters


def _indexed_elsewhere(base: str, sub: str, document: str) -> bool:
    """The notes index the labelled name itself: ``Y_{incl}[0,0]``, ``Y_{incl}(0, 1)``."""
    name = rf"{re.escape(base)}\s*_\s*(?:\{{\s*{sub}\s*\}}|{sub})"
    return re.search(rf"(?<![A-Za-z\\]){name}\s*(?:\[\s*-?\d|\(\s*-?\d)", document) is not None


def unless_label_subscript(found: dict | None, text: str, document: str) -> dict | None:
    """``found``, or not-understood where its "wrong" reads a labelling subscript as the
    entry's indices (module docstring)."""
    if found is None or found.get("status") != WRONG:
        return found
    left = _LEFT.match(text)
    if left is None:
        return found
    base, sub = left.group("base"), left.group("braced") or left.group("bare")
    message = str(found.get("message", ""))
    parts = [p.strip() for p in message.split(";") if p.strip()]
    if not parts:
        return found
    for part in parts:
        m = _ARRAY_FAILURE.match(part)
        if m is None or _assigned(m.group("at")) != set(sub):
            return found
    if not _indexed_elsewhere(base, sub, document):
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"the notes index {base}_{{{sub}}} itself elsewhere, so its subscript labels which "
            f"{base} it is rather than an entry; which one the layer read gives is not read "
            f"(read as an entry: {message})"
        ),
    }
