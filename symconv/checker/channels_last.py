"""Entries written channels last, as the general prover reads them (channels first).

Notes in TensorFlow's or the deeplearning.ai course's layout index a map as (row, column,
channel) and a batch as (sample, row, column, channel): ``dZ_{h,w,c}``, ``A_{i,h,w,c}``; their
filters as (row, column, input channel, filter): ``W_{u,v,c',c}``.  The general prover's
entries are PyTorch's: X, Z, G as (n, c, h, w) and W as (f, c, a, b).  The same entry under
either layout is one number, so moving the indices to the prover's positions changes no
claim's meaning; only the layout the notes state (runner: settings "layout" = "hwc") is
read so.  A kernel entry with three indices (row, column and which?) is not placed.
"""

from __future__ import annotations

from symconv.checker.allsizes_eval import BATCHED
from symconv.checker.allsizes_parse import Node
from symconv.checker.limits import NotUnderstood

# where each channels-last position goes: (h, w, c) -> (c, h, w), (n, h, w, c) -> (n, c, h, w)
_MAPS = {3: (2, 0, 1), 4: (0, 3, 1, 2)}
# the filters: (a, b, c, f) -> (f, c, a, b)
_KERNEL = (3, 2, 0, 1)


def channels_first(node: Node) -> Node:
    """``node`` with every channels-last entry's indices in the prover's order."""
    if node.kind == "read":
        name, idx = node.parts[0], node.parts[1]
        order = None
        if name in BATCHED and len(idx) in _MAPS:
            order = _MAPS[len(idx)]
        elif name == "W" and len(idx) == 4:
            order = _KERNEL
        elif name == "W" and len(idx) == 3:
            raise NotUnderstood(
                "a kernel entry with three indices in notes that lay the channels last: "
                "which index is the filter is not read"
            )
        if order is not None:
            idx = tuple(idx[k] for k in order)
        return Node(node.kind, (name, tuple(channels_first(i) for i in idx), *node.parts[2:]))
    return Node(node.kind, tuple(_each(p) for p in node.parts))


def _each(part: object) -> object:
    if isinstance(part, Node):
        return channels_first(part)
    if isinstance(part, tuple):
        return tuple(_each(p) for p in part)
    return part
