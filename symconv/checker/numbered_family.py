"""A size name with a number (N_1, n_2, K_1, k_2) that the notes number further.

``N_1`` and ``N_2`` are an input's height and width in notes that write an $N_1 \\times
N_2$ image, ``k_1 \\times k_2`` a kernel's sides (written_names.SIZE_NAMES).  But "$N_4 =
3 \\cdot 3 = 9$ cells receive from four windows, $N_2 = 36$ from two, $N_1 = 36$ from one"
numbers counts of the notes' own, and "$n_1 = 28$, $n_2 = n_1 - k + 1$, $n_3 = ...$" the
sides of successive layers: where the same letter carries another one-digit number in the
notes (N_0, N_3, N_4, ...), its 1 and 2 are members of that numbering, not the two axes,
and which quantity each is, is not read.  Names the notes tie to a size in words ("an
image of $N_1 \\times N_2$ pixels" read into the notation's named sizes) keep their
meaning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from symconv.checker.written_names import SIZE_NAMES

_AXIS_NAME = re.compile(r"([A-Za-z])_([12])")


def numbered_family(names: Iterable[str], document: str, named: dict[str, str]) -> str | None:
    """Why a size name among ``names`` is not read as an axis, or None."""
    for name in sorted(names):
        m = _AXIS_NAME.fullmatch(name)
        if m is None or name not in SIZE_NAMES or name in named:
            continue
        letter = re.escape(m.group(1))
        # the letter with a one-digit number, braced or not (k_{12}, an entry, is no member)
        found = re.findall(rf"(?<![A-Za-z\\]){letter}_(?:\{{\s*(\d)\s*\}}|(\d)(?!\d))", document)
        others = sorted({a or b for a, b in found} - {"1", "2"})
        if others:
            shown = ", ".join(f"{m.group(1)}_{n}" for n in others)
            return (
                f"the notes number {m.group(1)} beyond two axes ({shown} besides {name}): "
                f"{name} is one of their own numbered quantities, and which one, is not read"
            )
    return None
