"""A sum over the values of an index that satisfy a condition, written under the sum:
``\\sum_{m:\\, 2m \\le i \\le 2m+2} g[m, n]`` ("over every window row m that contains row i"),
``\\sum_{m \\mid i - m \\in [0, 2]}`` aside.

Such a sum is the sum over the index's whole range of the terms times the condition's
Iverson brackets, ``\\sum_{m} [2m \\le i] [i \\le 2m+2]\\, g[m, n]``: a term whose m fails
the condition contributes 0, one whose m meets it contributes itself, which is what the
notes' sum means; a chained comparison holds where each of its links does, one bracket per
link (the one-relation brackets factors.Factors.iverson reads).  The range of m is then the
one the checker reads for an unbounded ``\\sum_m`` (the axis of the tensor m indexes).
Only a condition made of comparisons (=, <, >, \\le, \\ge, \\neq) is rewritten; any other
(``m \\in S``, words) is left as written, for the readers that refuse it.  A chained bracket
the notes write themselves (``[0 \\le m - 2i \\le 2]``) is not split here: it is their
formula, left to the readers of brackets.
"""

from __future__ import annotations

import re

# \sum_{m:\, ...}, \sum_{m \,:\, ...}, \sum_{m\colon ...}, \sum_{m \mid ...}
_HEAD = re.compile(
    r"\\sum\s*_\s*\{\s*(?P<var>[a-zA-Z](?:'|_\{?\d\}?)?)\s*(?:\\[,;:! ])*\s*"
    r"(?::|\\colon|\\mid)\s*(?:\\[,;:! ]|\s)*"
)
_COMPARISONS = re.compile(
    r"(\\le(?:q)?(?![A-Za-z])|\\ge(?:q)?(?![A-Za-z])|<|>|=|\\neq?(?![A-Za-z]))"
)
_NOT_ARITHMETIC = re.compile(r"\\in(?![A-Za-z])|\\text|\\mathrm|\\operatorname|,|\\land|\\wedge")


def _closing(text: str, start: int) -> int | None:
    """The index of the ``}`` that closes the brace group open before ``start``."""
    depth = 1
    for k in range(start, len(text)):
        depth += (text[k] == "{") - (text[k] == "}")
        if depth == 0:
            return k
    return None


def conditioned_sums(text: str) -> str:
    """``text`` with every ``\\sum_{m: condition}`` written as ``\\sum_{m} [condition]``."""
    out, at = [], 0
    for m in _HEAD.finditer(text):
        if m.start() < at:
            continue
        end = _closing(text, m.end())
        if end is None:
            return text
        condition = text[m.end() : end].strip()
        if not _COMPARISONS.search(condition) or _NOT_ARITHMETIC.search(condition):
            continue
        parts = _COMPARISONS.split(condition)  # a, <=, b, <=, c: one bracket per link
        links = [
            f"[{parts[k].strip()} {parts[k + 1]} {parts[k + 2].strip()}]"
            for k in range(0, len(parts) - 2, 2)
        ]
        if any(not parts[k].strip() for k in range(0, len(parts), 2)):
            continue
        out.append(text[at : m.start()])
        out.append(f"\\sum_{{{m.group('var')}}} " + " ".join(links))
        at = end + 1
    out.append(text[at:])
    return "".join(out)
