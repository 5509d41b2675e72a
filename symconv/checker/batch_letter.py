"""A size formula written with N: the batch size, or a length the notes call N.

``N - K + 1 = 8`` under "an input of length $N = 10$": every name is a size but N, which
the element-wise judge reads as the batch size (a sum's bound ``\\sum_{n=0}^{N-1}``) and
sets to its own batch of one or two samples, so the true length formula is called wrong.
A formula of numbers and sizes whose only other name is N (no entry, no derivative) says
nothing about tensors: which quantity N is, is not read unless the notes name it a size.

So with a letter the notation uses as an index: ``d(k - 1) + 1 = 3`` in 1-based notes (whose
kernel indices are k and l) or in functional ones (k the filter index) is the dilated
kernel's span, with k the kernel size; read element by element, k became a free index that
indexes no tensor, and the true span was called wrong "at k = 1".
"""

from __future__ import annotations

import dataclasses

from symconv.checker.claims import _size_node
from symconv.checker.meaning import BATCH_NAMES
from symconv.checker.notation_options import Notation
from symconv.checker.syntax import Chain
from symconv.printing.notation import _INDEX_KEYS, plain_name


def batch_letter_only(chain: Chain, notation: Notation) -> str | None:
    """Why the formula is not judged element by element, or None."""
    found: set[str] = set()
    for side in chain.sides:
        if len(side.exprs) != 1:
            return None
        _size_node(side.exprs[0], notation, True, found)
    unknown = {n[1:] for n in found if n.startswith("?")}
    indices = _index_letters(notation) - set(notation.letters)
    if not unknown:  # k a size only as a second reading, and this notation's index
        strict: set[str] = set()
        for side in chain.sides:
            _size_node(side.exprs[0], notation, False, strict)
        unknown = {n[1:] for n in strict if n.startswith("?")} & indices
    if not unknown or not unknown <= BATCH_NAMES | indices:
        return None
    if any(
        not _size_node(side.exprs[0], _with_batch(notation, indices), True, set())
        for side in chain.sides
    ):
        return None  # something else than sizes, N and index letters
    letter = sorted(unknown)[0]
    if letter in indices:
        return (
            f"a formula in sizes and {letter}, a letter this notation uses as an index (which "
            f"indexes no tensor here): which size {letter} is, is not read"
        )
    return (
        f"a formula in sizes and {letter}: whether {letter} is the batch size or a length of "
        "the notes' is not read"
    )


def _index_letters(notation: Notation) -> set[str]:
    """The bare letters the notation writes its indices with (k, l in 1-based notes)."""
    names = (plain_name(notation.names.get(key, "")) for key in _INDEX_KEYS)
    return {n for n in names if n and n.isalpha()}


def _with_batch(notation: Notation, indices: set[str] = frozenset()) -> Notation:
    extra = tuple((n, "batch") for n in sorted(BATCH_NAMES | indices))
    return dataclasses.replace(notation, named_sizes=(*notation.named_sizes, *extra))
