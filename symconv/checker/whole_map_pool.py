"""An average taken over the whole map is a global pooling, not the notes' windowed pool.

A windowed average pool's output entry sums a k_h x k_w window and divides by its size:
``z_{c,i,j} = \\frac{1}{k^2} \\sum_{u=0}^{k-1} \\sum_{v=0}^{k-1} x_{c, si+u, sj+v}``.  A sum
that runs to the input's own height or width (``\\sum_{i=1}^{H}``, ``\\sum_{j=0}^{W-1}``)
covers every row or column of the map: that is global average pooling (one number per
channel, ``y_c = \\frac{1}{HW} \\sum_{i} \\sum_{j} x_{c,i,j}``), the window as large as the
map, whatever window the section's pool has.  Read as a claim about the windowed pool it
is evaluated at sizes where its indices mean other axes (the channel index of ``y_c`` as
a position along a 1-D map) and called wrong: a false alarm.  So the general reader does
not judge it against the windowed pool (not understood).
"""

from __future__ import annotations

from symconv.checker.allsizes_parse import Node, walk
from symconv.checker.limits import NotUnderstood

# the input's extent along a spatial axis, as the general reader names it
_INPUT_EXTENT = frozenset({"H", "W"})


def refuse_whole_map(exprs: tuple[Node, ...]) -> None:
    """Raise NotUnderstood where a sum of the claim runs to the input's height or width, or
    the claim divides by them (``\\partial L / \\partial x_{c,i,j} = g_c / (HW)``: the
    share of each entry in a mean over the whole map; a windowed pool divides by its
    window's size, and read as its claim the prover varies the window apart from the map)."""
    for expr in exprs:
        for m in walk(expr):
            if m.kind == "frac" and any(
                s.kind == "sym" and s.parts[0] in _INPUT_EXTENT for s in walk(m.parts[1])
            ):
                raise NotUnderstood(
                    "it divides by the map's height or width: a global pooling's mean, "
                    "not the section's windowed pool"
                )
            if m.kind != "sum":
                continue
            stop = m.parts[2]
            if isinstance(stop, Node) and any(
                s.kind == "sym" and s.parts[0] in _INPUT_EXTENT for s in walk(stop)
            ):
                raise NotUnderstood(
                    "a sum runs over the whole map (to its height or width): a global "
                    "pooling, not the section's windowed pool"
                )
