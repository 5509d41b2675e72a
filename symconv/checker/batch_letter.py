"""A size formula written with N: the batch size, or a length the notes call N.

``N - K + 1 = 8`` under "an input of length $N = 10$": every name is a size but N, which
the element-wise judge reads as the batch size (a sum's bound ``\\sum_{n=0}^{N-1}``) and
sets to its own batch of one or two samples, so the true length formula is called wrong.
A formula of numbers and sizes whose only other name is N (no entry, no derivative) says
nothing about tensors: which quantity N is, is not read unless the notes name it a size.
"""

from __future__ import annotations

import dataclasses

from symconv.checker.claims import _size_node
from symconv.checker.meaning import BATCH_NAMES
from symconv.checker.notation_options import Notation
from symconv.checker.syntax import Chain


def batch_letter_only(chain: Chain, notation: Notation) -> str | None:
    """Why the formula is not judged element by element, or None."""
    found: set[str] = set()
    for side in chain.sides:
        if len(side.exprs) != 1:
            return None
        _size_node(side.exprs[0], notation, True, found)
    unknown = {n[1:] for n in found if n.startswith("?")}
    if not unknown or not unknown <= BATCH_NAMES:
        return None
    if any(
        not _size_node(side.exprs[0], _with_batch(notation), True, set()) for side in chain.sides
    ):
        return None  # something else than sizes and N
    letter = sorted(unknown)[0]
    return (
        f"a formula in sizes and {letter}: whether {letter} is the batch size or a length of "
        "the notes' is not read"
    )


def _with_batch(notation: Notation) -> Notation:
    extra = tuple((n, "batch") for n in sorted(BATCH_NAMES))
    return dataclasses.replace(notation, named_sizes=(*notation.named_sizes, *extra))
