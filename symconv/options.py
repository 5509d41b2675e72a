"""Command-line option values (``28x28``, ``2``, ``1,2,3,4``, ``same``) parsed by rule."""

from __future__ import annotations

import re

from .errors import SymconvError

_INT = re.compile(r"[0-9]+")


def ints(option: str, text: str, counts: tuple[int, ...],
         separators: str = "x,") -> tuple[int, ...]:
    """``text`` as positive-or-zero integers split on any of ``separators``."""
    parts = re.split("[" + re.escape(separators) + "]", text.strip().lower())
    if not all(_INT.fullmatch(p) for p in parts) or len(parts) not in counts:
        wanted = " or ".join(str(c) for c in counts)
        raise SymconvError(f"{option} {text!r} is not allowed; the rule: {wanted} whole "
                           f"number(s) separated by {' or '.join(repr(s) for s in separators)}")
    return tuple(int(p) for p in parts)


def size(option: str, text: str, dims: int) -> tuple[int, ...]:
    """``HxW`` for 2D (``N`` means NxN), ``L`` for 1D."""
    values = ints(option, text, (1,) if dims == 1 else (1, 2))
    return values * (1 if dims == 1 or len(values) == 2 else 2)


def padding(text: str, dims: int) -> int | str | tuple[int, ...]:
    word = text.strip().lower()
    if word in ("valid", "same", "full"):
        return word
    return ints("--padding", text, (1, 2) if dims == 1 else (1, 2, 4), ",x")
