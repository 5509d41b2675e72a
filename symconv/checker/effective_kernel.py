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

import itertools
import re
from fractions import Fraction

from symconv.checker.bound_sizes import (
    OWN_SENTENCE,
    QUESTION_READ,
    Unbound,
    _fact,
    _get,
    claim_layer,
    compare,
    numeric_sides,
)
from symconv.checker.context import finding
from symconv.checker.layer_counts import sentence_around
from symconv.checker.letter_roles import roles
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import SIZE_SPECIFIC
from symconv.checker.scope_facts import CLOSED
from symconv.checker.size_names import effective_kernel_name, flatten, left_side
from symconv.checker.unread_settings import unread_setting

_LETTERS = {"K": "k", "k": "k", "F": "k", "d": "d", "D": "d"}


def judge_effective_kernel(text: str, document: list[str], line: int, source: str) -> dict | None:
    """The verdict on ``K_eff = ... = n``, or None when the name is no effective size."""
    left = left_side(text)
    if left is None or not effective_kernel_name(flatten(left)):
        return None
    sentence = sentence_around(document, line, source)
    around, levels, whole, scope = claim_layer(document, line, source, sentence)
    if around[0][0] == OWN_SENTENCE and unread_setting(
        around[0][1], source, roles("\n".join(document))
    ):
        # "Für $K = 5$ und $D = 3$ ergibt sich $K_{eff} = ...$" in notes whose D no reader
        # takes for the dilation: the dilation read would be the default 1, not the 3 the
        # sentence sets, so the kernel's span is not read (the arithmetic's readers judge it)
        return None
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
    truth = Fraction(d * (k - 1) + 1)
    slip = _not_general(text)
    if slip is not None and all(v == truth for v in values):
        return finding(  # dK - 1 = 5 at K = 3, d = 2: right here, not for other kernels
            SIZE_SPECIFIC,
            f"side 1 of {len(values) + 1} differs: the effective size is d(K - 1) + 1, and "
            f"the formula equals it at these sizes but not at {slip}; {about}",
        )
    return compare(truth, values, about)


def _not_general(text: str) -> str | None:
    """Where a side written in K and d is not d(K - 1) + 1 (``K = 2, d = 1: 1, not 2``), or
    None when every such side is that formula (checked for K 1..6, d 1..4: the sides are
    polynomials of low degree in K and d, which agree on that grid only if equal)."""
    for kk, dd in itertools.product(range(1, 7), range(1, 5)):
        given = {"k": Fraction(kk), "d": Fraction(dd)}

        def lookup(name: str, given=given) -> Fraction:
            if name not in _LETTERS:
                raise NotUnderstood(f"{name} is not the kernel or the dilation")
            return given[_LETTERS[name]]

        values, plain = numeric_sides(text, lookup), _plain(text)
        if values is None or len(values) != len(plain):
            return None
        if any(v != dd * (kk - 1) + 1 for v, p in zip(values, plain, strict=True) if not p):
            return f"K = {kk}, d = {dd}"
    return None


def _plain(text: str) -> list[bool]:
    """Per side after the name: written in numbers alone."""
    return [
        not re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", side))
        for side in _SIDES.split(text)[1:]
    ]


_SIDES = re.compile(r"=")


def _letter_sides(text: str, levels) -> list[Fraction] | None:
    """The sides after the name valued with the passage's kernel and dilation for K and d."""

    def lookup(name: str) -> Fraction:
        key = _LETTERS.get(name)
        found = _fact(levels, key) if key else None
        if found is None:
            raise NotUnderstood(f"{name} is not the kernel or the dilation")
        return Fraction(found[0])

    return numeric_sides(text, lookup)
