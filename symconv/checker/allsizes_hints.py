"""The nearest correct form of a wrong closed form with symbolic sizes.

Each single repair of the students' usual mistakes is tried on the claim's tree (rotate or
unrotate the kernel, dilate G by the stride, exchange the two operands of a correlation,
sum over the batch too, pad by the layer's padding), and the first one that makes the
claim hold at a typical size is the hint ("missing rot180 of the kernel").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from symconv.checker.allsizes_eval import ClaimError
from symconv.checker.allsizes_parse import Node, node
from symconv.checker.limits import NotUnderstood

STRIDE = node("tuple", (node("sym", "s_h"), node("sym", "s_w")))
DILATION = node("tuple", (node("sym", "d_h"), node("sym", "d_w")))
_X, _W, _G = (Node("sym", (t,)) for t in ("X", "W", "G"))


def _rotated(n: Node) -> bool:
    return n.kind == "call" and (n.parts[0].startswith("rot") or n.parts[0] == "flip")


def _local(n: Node) -> Iterator[tuple[Node, str]]:
    """Single repairs at this node."""
    if n == _W:
        yield node("call", "rot", ("180",), (n,)), "missing rot180 of the kernel"
    if _rotated(n) and n.parts[2][0] == _W:
        yield _W, "the kernel must not be rotated here"
    if n == _G:
        yield (
            node("call", "dilate", (), (n, STRIDE)),
            "G must be zero-dilated by the stride (s_h, s_w)",
        )
    if n == _X:
        yield node("call", "pad", (), (n,)), "X must be padded by the layer's padding"
    if n.kind == "call" and n.parts[0] == "pad" and len(n.parts[2]) > 1:
        yield (
            node("call", "pad", (), n.parts[2][:1]),
            "pad by the layer's padding (p_t, p_b, p_l, p_r)",
        )
    if n.kind == "call" and n.parts[0] in ("corr", "conv") and len(n.parts[2]) >= 2:
        args = n.parts[2]
        yield (
            node("call", n.parts[0], n.parts[1], (args[1], args[0], *args[2:])),
            "the operands are exchanged: X first, then G",
        )
    if n.kind == "conv" and len(n.parts[1:3]) == 2:
        yield (
            node("conv", n.parts[0], n.parts[2], n.parts[1], *n.parts[3:]),
            "the operands are exchanged: X first, then G",
        )
    if n.kind == "conv" and n.parts[1].kind == "call" and n.parts[1].parts[0] == "pad":
        inner = node("conv", n.parts[0], n.parts[1].parts[2][0], *n.parts[2:])
        yield (
            node("call", "full", (), (inner, DILATION)),
            "pad by d(k-1) on every side (the full correlation), not as written",
        )
    if n.kind == "sumaxes" and "n" not in n.parts[0]:
        yield node("sumaxes", ("n", *n.parts[0]), n.parts[1]), "sum over the batch n too"


def repairs(n: Node) -> Iterator[tuple[Node, str]]:
    """The tree with one repair applied, anywhere in it, and the repair's name."""
    yield from _local(n)
    for k, part in enumerate(n.parts):
        if isinstance(part, Node):
            for fixed, hint in repairs(part):
                yield Node(n.kind, (*n.parts[:k], fixed, *n.parts[k + 1 :])), hint
        elif isinstance(part, tuple):
            for j, item in enumerate(part):
                if isinstance(item, Node):
                    for fixed, hint in repairs(item):
                        items = (*part[:j], fixed, *part[j + 1 :])
                        yield Node(n.kind, (*n.parts[:k], items, *n.parts[k + 1 :])), hint


MAX_TRIES = 12  # repairs tried (each evaluates the claim at one typical size)


def nearest(other: Node, holds: Callable[[Node], bool]) -> str | None:
    """The first single repair of the right side ``other`` for which ``holds``."""
    for k, (fixed, hint) in enumerate(repairs(other)):
        if k >= MAX_TRIES:
            return None
        try:
            if holds(fixed):
                return hint
        except (NotUnderstood, ClaimError, ValueError, IndexError, KeyError, TypeError):
            continue  # a repair that cannot be evaluated is no hint
    return None
