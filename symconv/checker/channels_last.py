"""Entries written channels last, as the general prover reads them (channels first).

Notes in TensorFlow's or the deeplearning.ai course's layout index a map as (row, column,
channel) and a batch as (sample, row, column, channel): ``dZ_{h,w,c}``, ``A_{i,h,w,c}``; their
filters as (row, column, input channel, filter): ``W_{u,v,c',c}``.  The general prover's
entries are PyTorch's: X, Z, G as (n, c, h, w) and W as (f, c, a, b).  The same entry under
either layout is one number, so moving the indices to the prover's positions changes no
claim's meaning.  The layout is the one the notes state (runner: settings "layout" =
"hwc"), or, where they state none, the one the claim's own sums show (:func:`laid_last`).
A kernel entry with three indices (row, column and which?) is not placed.
"""

from __future__ import annotations

import functools
import re

from symconv.checker.allsizes_eval import BATCHED
from symconv.checker.allsizes_parse import Node, walk
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


_SIDES = {"H", "W", "H_o", "W_o"}  # the sizes a row or column index runs up to


def laid_last(exprs: tuple[Node, ...]) -> bool | None:
    """The layout the claim's own sums show where the notes state none: an index summed
    up to a height or width (``\\sum_{h=0}^{H_{out}-1}``) that stands in the first two of
    three places of an entry (``Z_{h,w,c}``) or the middle two of four (``Z_{n,h,w,c}``) is
    a row or column written before the channel.  True: channels last; False: first; None:
    the sums do not tell (or tell both)."""
    spatial: set[str] = set()
    for e in exprs:
        for m in walk(e):
            if m.kind == "sum" and any(
                n.kind == "sym" and n.parts[0] in _SIDES for n in walk(m.parts[2])
            ):
                spatial.add(m.parts[0])
    votes: set[bool] = set()
    for e in exprs:
        for m in walk(e):
            if m.kind != "read" or m.parts[0] not in BATCHED or len(m.parts[1]) not in _MAPS:
                continue
            at = [k for k, i in enumerate(m.parts[1]) if i.kind == "sym" and i.parts[0] in spatial]
            rows = (0, 1) if len(m.parts[1]) == 3 else (1, 2)
            if at and set(at) <= set(rows):
                votes.add(True)
            elif at:
                votes.add(False)
    return votes.pop() if len(votes) == 1 else None


def _each(part: object) -> object:
    if isinstance(part, Node):
        return channels_first(part)
    if isinstance(part, tuple):
        return tuple(_each(p) for p in part)
    return part


# the course's (and CS231n's code's) names of the loss's gradients: dW, db, dZ, dX written
# where the notes use them as a pair (dW and db), so that d is no dilation times W
_PREFIXED = re.compile(
    r"(?<![A-Za-z\\])d([WZXb])(?![A-Za-z])((?:\s*[_^]\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\w))*)"
)


@functools.lru_cache(maxsize=8)  # one document's, read for each of its claims
def _names_both(document: str) -> bool:
    """Whether the notes write both dW and db (as the loss's gradients)."""
    return bool(
        re.search(r"(?<![A-Za-z\\])dW(?![A-Za-z])", document)
        and re.search(r"(?<![A-Za-z\\])db(?![A-Za-z])", document)
    )


def course_gradients(text: str, document: str) -> str:
    """``dW_{u,v}`` as ``\\frac{\\partial L}{\\partial W_{u,v}}`` (and db, dZ, dX) in notes that
    name the loss's gradients so (both dW and db appear); else ``text`` unchanged."""
    if not _names_both(document):
        return text
    return _PREFIXED.sub(
        lambda m: rf"\frac{{\partial L}}{{\partial {m.group(1)}{m.group(2)}}}", text
    )


def four_index(exprs: tuple[Node, ...]) -> bool:
    """Whether the claim writes a map or kernel entry with four indices (``I_{n,h,w,c}``,
    ``K_{u,v,c,k}``), whose order depends on the layout."""
    return any(
        m.kind == "read" and m.parts[0] in (*BATCHED, "W") and len(m.parts[1]) == 4
        for e in exprs
        for m in walk(e)
    )
