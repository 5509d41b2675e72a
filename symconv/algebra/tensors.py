"""Symbolic tensors: arrays of interned variables with printable names.

``X[n, c, i, j]`` is a variable for every index inside the shape; an index outside it
(a padding position) is a real zero, not a variable, so padded sums need no special
case.  Names follow a :class:`Naming` convention: seed 001 writes ``x_{00}`` (0-based,
digits run together), seed 004 writes ``x_{11}`` (1-based), larger tensors need commas
``x_{n,c,i,j}``.  Axes of extent 1 (one sample, one channel) are left out of names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import product

import numpy as np

from symconv.algebra.terms import Poly, SymbolTable
from symconv.errors import SymconvError

STYLES = ("compact", "comma")


@dataclass(frozen=True)
class Naming:
    """How entries are named: index base, index style and one letter per tensor role."""

    index_base: int = 0
    style: str = "compact"
    letters: dict[str, str] = field(
        default_factory=lambda: {"x": "x", "w": "w", "b": "b", "z": "z", "g": "g", "a": "a"}
    )

    def __post_init__(self) -> None:
        if self.index_base not in (0, 1):
            raise SymconvError(f"index base {self.index_base!r} must be 0 or 1")
        if self.style not in STYLES:
            raise SymconvError(f"index style {self.style!r} must be one of {', '.join(STYLES)}")

    def namer(self, role: str, shape: tuple[int, ...]) -> Callable[[tuple[int, ...]], str]:
        """``index -> name`` for a tensor of this role and shape."""
        letter = self.letters.get(role, role)
        shown = [axis for axis, extent in enumerate(shape) if extent > 1]
        digits_fit = all(extent + self.index_base <= 10 for extent in shape)
        joiner = "" if self.style == "compact" and digits_fit else ","
        base = self.index_base

        def name(index: tuple[int, ...]) -> str:
            if not shown:
                return letter
            return letter + "_{" + joiner.join(str(index[a] + base) for a in shown) + "}"

        return name


class SymbolicTensor:
    """A tensor whose entries are distinct variables of a :class:`SymbolTable`."""

    def __init__(
        self,
        role: str,
        shape: tuple[int, ...],
        table: SymbolTable,
        naming: Naming | None = None,
        tag: str | None = None,
    ) -> None:
        self.role = role
        self.tag = tag or role
        self.shape = tuple(shape)
        self.table = table
        self.ids = np.empty(self.shape, dtype=np.int64)
        for index in product(*(range(n) for n in self.shape)):
            self.ids[index] = table.intern(self.tag, index)
        table.set_namer(self.tag, (naming or Naming()).namer(role, self.shape))

    def var(self, index: tuple[int, ...]) -> int | None:
        """The variable at ``index``, or None outside the shape (a padding zero)."""
        for i, n in zip(index, self.shape, strict=True):
            if i < 0 or i >= n:
                return None
        return int(self.ids[index])

    def poly(self, index: tuple[int, ...]) -> Poly:
        var = self.var(index)
        return {} if var is None else {(var,): 1}

    def indices(self) -> Iterator[tuple[int, ...]]:
        return product(*(range(n) for n in self.shape))

    def __len__(self) -> int:
        return int(self.ids.size)
