"""A matrix of entries written out is the whole tensor only when nothing says it is a
window of it.

Notes often show the patches a kernel meets, side by side in one equation: "dL/dW =
dL/dy_{11} [x_{11} x_{12}; x_{21} x_{22}] + dL/dy_{12} [x_{12} x_{13}; x_{22} x_{23}] + ...".
Each bracket is 2x2, but the input is 3x3: reading the first bracket as "the input written
out" makes a 2x2 input, a layer no stride fits, and every claim of the section is then
judged against the wrong layer.  Two facts tell a window from the tensor, whatever the
letters:

* its entries do not start at the first index: a tensor's entries start at index 0 or 1
  on every axis, so a grid whose smallest index on some axis is 2 or more is a part of one;
* another matrix of the same tensor in the same equation has other entries: at most one
  of them is the tensor, the one holding every entry the others hold (a tensor shown
  beside its windows); when none holds them all, all are windows.

The largest index the windows use still bounds the tensor's size from below (scan_math
reads every index for that), so nothing is lost by not reading the window's size.
"""

from __future__ import annotations

import re

# x_{12}, x_{1,2}, x_{10, 11}, x_1 (one index)
_TWO = re.compile(r"[A-Za-z]_\{(\d)(\d)\}|[A-Za-z]_\{(\d+)\s*,\s*(\d+)\}")
_ONE = re.compile(r"[A-Za-z]_(?:\{(\d+)\}|(\d))")


def entries(flat: list[str]) -> frozenset[tuple[int, ...]] | None:
    """The index tuples of the cells, or None when a cell is not one indexed entry."""
    found: set[tuple[int, ...]] = set()
    for cell in flat:
        two = _TWO.fullmatch(cell.strip())
        if two is not None:
            a, b = (two.group(1), two.group(2)) if two.group(1) else (two.group(3), two.group(4))
            found.add((int(a), int(b)))
            continue
        one = _ONE.fullmatch(cell.strip())
        if one is None:
            return None
        found.add((int(one.group(1) or one.group(2)),))
    return frozenset(found)


def is_window(flat: list[str], same_tensor: list[list[str]]) -> bool:
    """Whether the matrix with cells ``flat`` is a window of its tensor, given every matrix
    of that tensor written out in the same equation (``same_tensor``, ``flat`` included)."""
    mine = entries(flat)
    if not mine:
        return False
    arity = {len(e) for e in mine}
    if len(arity) != 1:
        return False
    if any(min(e[axis] for e in mine) > 1 for axis in range(arity.pop())):
        return True  # a tensor's entries start at index 0 or 1 on every axis
    others = {entries(f) for f in same_tensor} - {mine, None}
    # beside other grids of the same tensor, only the one holding all of them is the tensor
    return any(not other <= mine for other in others if other is not None)
