"""Proof objects: which identity, for which configuration, what was compared, the verdict.

Two arrays of exact polynomials are compared entry by entry; polynomials are canonical
dicts, so equality is dict equality.  A failure records the first differing entry with
the terms the closed form has and the derivation lacks (missing) and the reverse (extra).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from symconv.algebra.termarray import Rows, first_difference
from symconv.algebra.terms import Poly, SymbolTable, to_sympy

PROVED, FAILED, NOT_PROVED = "proved", "failed", "not proved"


@dataclass
class Mismatch:
    """The first entry where the derivation and the closed form differ."""

    index: list[int]
    derived: str
    closed: str
    missing: list[str]
    extra: list[str]


@dataclass
class Proof:
    """One identity checked for one configuration."""

    layer: str
    identity: str
    statement: str
    config: dict[str, Any]
    status: str
    entries: int = 0
    terms: int = 0
    seconds: float = 0.0
    method: str = "exact polynomial comparison"
    mismatch: Mismatch | None = None
    note: str = ""
    expression: str = ""  # the closed-form node itself, printed: what was compared

    @property
    def proved(self) -> bool:
        return self.status == PROVED

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 4)
        if self.mismatch is None:
            data.pop("mismatch")
        if not self.note:
            data.pop("note")
        if not self.expression:
            data.pop("expression")
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def __str__(self) -> str:
        head = (
            f"{self.layer}: {self.identity}: {self.status} "
            f"({self.entries} entries, {self.terms} terms, {self.seconds:.3f} s)"
        )
        lines = [head, f"    {self.statement}"]
        if self.expression:
            lines.append(f"    closed form: {self.expression}")
        if self.mismatch is not None:
            m = self.mismatch
            lines.append(
                f"    first difference at {tuple(m.index)}: derived {m.derived} "
                f"!= closed {m.closed}"
            )
            lines.append(
                f"    missing: {', '.join(m.missing) or '-'}; extra: {', '.join(m.extra) or '-'}"
            )
        if self.note:
            lines.append(f"    {self.note}")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return f"**{self.layer}** {self.identity}: *{self.status}*  \n`{self.statement}`"


def _terms_text(terms: Poly, table: SymbolTable) -> list[str]:
    return [str(to_sympy({m: c}, table)) for m, c in sorted(terms.items())]


def compare(
    derived: Rows, closed: Rows, ids: np.ndarray, table: SymbolTable
) -> tuple[int, int, Mismatch | None]:
    """Entries and terms compared, and the first mismatch (None when all agree).

    ``ids`` maps each entry of the compared tensor to its row key.
    """
    entries, terms = int(ids.size), len(derived)
    key = first_difference(derived, closed)
    if key is None:
        return entries, terms, None
    left, right = derived.poly(key), closed.poly(key)
    missing = {m: c for m, c in right.items() if left.get(m) != c}
    extra = {m: c for m, c in left.items() if right.get(m) != c}
    index = [int(i) for i in np.argwhere(ids == key)[0]]
    return (
        entries,
        terms,
        Mismatch(
            index,
            str(to_sympy(left, table)),
            str(to_sympy(right, table)),
            _terms_text(missing, table),
            _terms_text(extra, table),
        ),
    )


@dataclass
class Report:
    """All proofs of one command: a layer or a whole network."""

    config: dict[str, Any]
    proofs: list[Proof] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def proved(self) -> bool:
        return bool(self.proofs) and all(p.proved for p in self.proofs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "proved": self.proved,
            "config": self.config,
            "seconds": round(self.seconds, 3),
            "identities": [p.to_dict() for p in self.proofs],
        }

    def __str__(self) -> str:
        lines = [str(p) for p in self.proofs]
        done = sum(p.proved for p in self.proofs)
        lines.append(f"{done}/{len(self.proofs)} identities proved in {self.seconds:.2f} s")
        return "\n".join(lines)
