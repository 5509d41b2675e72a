"""A chain of operator forms: ``\\frac{\\partial L}{\\partial X} = \\operatorname{full\\_conv}(G, F)
= \\operatorname{pad}_2(G) \\star \\operatorname{rot180}(F)``.

Notes restate a closed form in a second spelling on the same line.  Each side after the
first claims to equal the first (a whole tensor, dL/dX), so each ``first = side k`` is
judged on its own, as a two-sided operator claim, and the verdicts are joined: every
side that holds agrees, a side that differs is named ("side 3 of 3 differs"), a side not
read is named too.  A chain with a side not read and a side that differs is not
understood as a whole: which link the mistake is in (first = k, or k = k + 1) is then
unknown, and calling both wrong could flag a correct link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.notation_options import Notation
from symconv.checker.opparse import has_operator, parse_side, tokens
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.texclean import typing_only

_OPEN, _CLOSE = "({[", ")}]"


def top_level_sides(text: str) -> list[str]:
    """``text`` cut at each ``=`` outside brackets and braces (``\\left(`` counts as one)."""
    out, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        if ch in _OPEN and text[max(0, k - 1) : k] != "\\":
            depth += 1
        elif ch in _CLOSE and text[max(0, k - 1) : k] != "\\":
            depth -= 1
        elif ch == "=" and depth == 0:
            out.append(text[start:k])
            start = k + 1
    out.append(text[start:])
    return out


def _is_tensor_side(side: str, notation: Notation) -> bool:
    try:
        return parse_side(tokens(typing_only(side)), notation, set()).kind == "tensor"
    except NotUnderstood:
        return False


_PAIR_SIDE = re.compile(r"\bside ([12])( of 2)?\b")


def _in_chain_sides(message: str, k: int, count: int) -> str:
    """A pair's message (``first = side k`` judged alone: "3, not 4: side 2 is 4, side 1 is
    3") with its sides numbered as the chain's: the pair's side 2 is the chain's side k, its
    side 1 the chain's first (a reader of the links would otherwise take "side 2 is 4" for
    the chain's side 2, which holds)."""

    def number(m: re.Match[str]) -> str:
        side = k if m.group(1) == "2" else 1
        return f"side {side} of {count}" if m.group(2) else f"side {side}"

    return _PAIR_SIDE.sub(number, message)


def judge_operator_chain(
    text: str, notation: Notation, judge_pair: Callable[[str], dict[str, Any] | None]
) -> dict[str, Any] | None:
    """The verdict of a chain of three or more sides whose first is a whole tensor and
    whose later sides include an operator form; None for any other statement."""
    if "\\begin" in text:  # a written matrix among the sides: a worked example's reading
        return None
    sides = top_level_sides(text)
    if len(sides) < 3 or not all(s.strip() for s in sides):
        return None
    if not _is_tensor_side(sides[0], notation):
        return None
    if not any(has_operator(tokens(typing_only(s))) for s in sides[1:]):
        return None
    count = len(sides)
    verdicts = [(k, judge_pair(f"{sides[0]} = {side}")) for k, side in enumerate(sides[1:], 2)]
    if any(v is None for _, v in verdicts):
        return None  # a side the pair judge passes over: not an operator chain
    differ = [(k, v) for k, v in verdicts if v is not None and v["status"] == WRONG]
    unread = [(k, v) for k, v in verdicts if v is not None and v["status"] == NOT_UNDERSTOOD]
    other = [(k, v) for k, v in verdicts if v is not None and v["status"] not in (WRONG, VERIFIED)]
    if any(v["status"] != NOT_UNDERSTOOD for _, v in other):
        return None  # size-specific and other verdicts: left to the element-wise reading
    parts = [
        f"side {k} of {count} is not understood: {_in_chain_sides(v['message'], k, count)}"
        for k, v in unread
    ]
    parts += [
        f"side {k} of {count} differs: {_in_chain_sides(v['message'], k, count)}" for k, v in differ
    ]
    if differ and not unread:
        last = differ[-1][1]
        return {**last, "status": WRONG, "message": "; ".join(parts)}
    if unread:
        agree = count - len(unread)
        head = "; ".join(parts)
        if agree > 1 and not differ:
            head += f" (the other {agree} sides agree)"
        return finding(NOT_UNDERSTOOD, head)
    first = verdicts[0][1]
    assert first is not None
    return {**first, "message": f"every side holds: {first['message']}"}
