"""The effective size of a dilated kernel, claimed by name: "Effective size of a $3 \\times 3$
kernel with dilation $d = 3$: $K_{eff} = d(K-1) + 1 = 7$".

A kernel of K taps dilated by d puts d - 1 zeros between neighbouring taps: its first and
last tap lie d(K - 1) apart, so it spans d(K - 1) + 1 input rows -- the side of the smallest
input that still gives one output, the size an undilated kernel would need to see as far.
(dK, a common slip, counts d rows for the last tap too.)

The name (``K_{eff}``, ``k_{\\text{eff}}``, ``F_{eff}``) says which quantity; the passages
around the claim (scope_facts.py, nearest first, within its question) say the kernel and
the dilation.  A side written in the letters K and d is valued with those same facts, not
with a K set in another question.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.bound_sizes import (
    QUESTION_READ,
    Unbound,
    _cut_after,
    _fact,
    _get,
    _own_words,
    compare,
    numeric_sides,
)
from symconv.checker.layer_counts import sentence_around
from symconv.checker.limits import NotUnderstood
from symconv.checker.scope_facts import CLOSED, facts, passages
from symconv.checker.size_names import flatten, left_side

_NAME = re.compile(r"^[KkFf]_(?:eff|effective|\\?text\{?eff\}?)$")
_LETTERS = {"K": "k", "k": "k", "F": "k", "d": "d", "D": "d"}


def judge_effective_kernel(text: str, document: list[str], line: int, source: str) -> dict | None:
    """The verdict on ``K_eff = ... = n``, or None when the name is no effective size."""
    left = left_side(text)
    if left is None or not _NAME.match(flatten(left)):
        return None
    sentence = sentence_around(document, line, source)
    own = _own_words(sentence, source, document[line - 1] if 0 < line <= len(document) else "")
    around = passages(_cut_after(document, line, source), line, own)
    levels = [(where, facts(t)) for where, t in around]
    if around[-1][0].startswith(CLOSED):
        whole = facts(scope := "\n".join(t for _, t in around))
    else:
        whole, scope = facts("\n".join(document)), "\n".join(document)
    used: list[str] = []
    try:
        k = _get(levels, whole, scope, "k", used)
        d = _get(levels, whole, scope, "d", used)
        values = numeric_sides(text) or _letter_sides(text, levels)
    except Unbound:
        return None  # the kernel or dilation is a guess: the arithmetic's readers judge it
    if values is None:
        return None
    about = (
        f"a kernel of {k} taps dilated by {d} spans d(K - 1) + 1 = {d * (k - 1) + 1} rows "
        f"({', '.join(used)})"
    )
    if around[-1][0].startswith(CLOSED):
        about = f"{about}; {QUESTION_READ} {around[-1][0].removeprefix(CLOSED).strip()}"
    return compare(Fraction(d * (k - 1) + 1), values, about)


def _letter_sides(text: str, levels) -> list[Fraction] | None:
    """The sides after the name valued with the passage's kernel and dilation for K and d."""

    def lookup(name: str) -> Fraction:
        key = _LETTERS.get(name)
        found = _fact(levels, key) if key else None
        if found is None:
            raise NotUnderstood(f"{name} is not the kernel or the dilation")
        return Fraction(found[0])

    return numeric_sides(text, lookup)
