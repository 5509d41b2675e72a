"""Letters a worked example defines as a function of another letter: ``A =
\\operatorname{ReLU}(Z)``, ``P = \\operatorname{maxpool}(A)``, ``Y = \\max(0, X)``.

Notes often name the maps of a small example in their notation paragraph, before any number
("$A = \\operatorname{ReLU}(Z)$ the activated map and $P = \\operatorname{maxpool}(A)$ the
output of a max pooling"), then give Z as numbers and claim A, P, dL/dA and dL/dZ.  Such a
definition settles what each letter is, wherever it stands, before or after the numbers:

* A's numbers are ReLU(Z) entry by entry once Z is given, so the notes' own "A = [numbers]"
  after that is a claim, not data (:func:`derive`);
* P is the pool of A, not of another matrix of A's shape;
* for Z the argument of A = ReLU(Z), dL/dZ = dL/dA ⊙ 1[Z > 0] entry by entry (the chain
  rule; ReLU'(0) = 0 as in PyTorch), with dL/dA the pool's routing of dL/dP.

An upstream gradient may be named by its entries with no numbers ("Sia $H = (h_{kl})$ il
gradiente in arrivo", "Let $D = (d_{ij})$ be the incoming gradient"): its letters are the
gradient's, and numbers given for an earlier gradient are not its own
(:func:`declared_gradients`).

A letter defined twice in different ways has no definition here (which one holds is not
read), and a definition is used only from its own line on.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from fractions import Fraction

from symconv.checker.tie_convention import ALL, FIRST, LAST, SPLIT


@dataclasses.dataclass(frozen=True)
class Definition:
    """``letter = kind(source)``: kind "relu" or "pooled" (op "max" / "avg" / None)."""

    line: int
    letter: str
    kind: str
    source: str
    op: str | None = None


@functools.lru_cache(maxsize=4)
def _all_definitions(document: str) -> tuple[Definition, ...]:
    from symconv.checker.extract import scan
    from symconv.checker.split import statements
    from symconv.checker.worked_numbers import _sides
    from symconv.checker.worked_pool_names import classify

    found = []
    for event in scan(document):
        if event.kind != "math":
            continue
        for piece in statements(event.text):
            sides = _sides(piece.text)
            if len(sides) != 2:
                continue
            left, right = classify(sides[0]), classify(sides[1])
            if left is None or left[0] != "value" or right is None:
                continue
            if right[0] not in ("relu", "pooled") or right[1] in (None, left[1]):
                continue
            at = event.line + event.text[: piece.offset].count("\n")
            found.append(Definition(at, left[1], right[0], right[1], right[2]))
    return tuple(found)


def definitions(document: str, line: int) -> dict[str, Definition]:
    """letter -> its one definition stated on a line before ``line``."""
    out: dict[str, Definition] = {}
    twice: set[str] = set()
    for d in _all_definitions(document):
        if d.line >= line:
            continue
        old = out.get(d.letter)
        if old is not None and (old.kind, old.source, old.op) != (d.kind, d.source, d.op):
            twice.add(d.letter)
        out.setdefault(d.letter, d)
    return {k: v for k, v in out.items() if k not in twice}


def consumer(
    defs: dict[str, Definition], letter: str, kind: str, defined: str = ""
) -> Definition | None:
    """The one definition of kind ``kind`` whose argument is ``letter`` (A = ReLU(Z) for
    Z), or (``defined``) that defines that letter (A = ReLU(Z) for A or a), else None."""
    found = [
        d
        for d in defs.values()
        if d.kind == kind
        and (d.letter.lower() == defined.lower() if defined else d.source.lower() == letter.lower())
    ]
    return found[0] if len(found) == 1 else None


# $H = (h_{kl})$, $D = [d_{ij}]$: a matrix named by its entries
_BY_ENTRIES = re.compile(
    r"\$\s*([A-Za-z])\s*=\s*(?:\\left\s*)?[(\[]\s*([A-Za-z])_\{?\s*[a-z]\s*,?\s*[a-z]\s*\}?"
    r"\s*(?:\\right\s*)?[)\]]\s*\$"
)
_GRADIENT_WORDS = re.compile(
    r"gradient|gradiente|Gradienten?|upstream|incoming|in arrivo|que (?:llega|chega)"
    r"|\\partial\s*(?:L|\\mathcal\{?L\}?|E|J)\s*/",
    re.I,
)


_ENTRY_LETTER = re.compile(r"\\partial\s*(?:\\mathbf\s*\{\s*)?([A-Za-z])\s*\}?\s*_")
_ENTRY_HEAD = re.compile(r"^\s*([A-Za-z])\s*_")


def declared_gradients(document: str, line: int) -> dict[str, int]:
    """{entry letter (lower case): line} of every gradient the prose before ``line`` names
    by its entries, in a sentence about a gradient."""
    out: dict[str, int] = {}
    for at, text in enumerate(document.split("\n")[: line - 1], start=1):
        for m in _BY_ENTRIES.finditer(text):
            if m.group(1).lower() != m.group(2).lower():
                continue
            start = max(text.rfind(". ", 0, m.start()), 0)
            end = text.find(". ", m.end())
            if _GRADIENT_WORDS.search(text[start : end if end >= 0 else len(text)]):
                out[m.group(2).lower()] = at
    return out


def chained_op(document: str, line: int, left: str) -> str | None:
    """The op ("max" / "avg") of the pool the notes define the claim's letter through: the
    letter's own definition (P = maxpool(A)), or the pool of what it feeds (A for P =
    maxpool(A), Z for A = ReLU(Z) and P = maxpool(A)); None when there is none."""
    from symconv.checker.worked_pool_names import classify

    kind = classify(left)
    letter = kind[1] if kind is not None else None
    if letter is None:  # dL/da_{22}, \sum_{i,j} dL/dz_{ij}, a_{22}: the entry's letter
        found = _ENTRY_LETTER.findall(left) or _ENTRY_HEAD.findall(left)
        if not found:
            return None
        letter = found[-1]
    defs = definitions(document, line)
    for _ in range(len(defs) + 1):  # along the chain Z -> A -> P
        own = defs.get(letter)
        if own is not None and own.kind == "pooled":
            return own.op
        nxt = consumer(defs, letter, "pooled") or consumer(defs, letter, "relu")
        if nxt is None:
            return None
        letter = nxt.letter
    return None


def derive(found: list, document: str) -> list:
    """``found`` (the Given values of numbers_in, in order) with the values a ReLU
    definition makes: A = ReLU(Z) stated before Z's numbers gives A's numbers at Z's line;
    a later "A = [numbers]" is then a claim about A, not data, and is left out."""
    from symconv.checker.worked_pool_names import Given, relu

    relus = [d for d in _all_definitions(document) if d.kind == "relu"]
    if not relus:
        return found
    out: list = []
    derived: set[str] = set()
    for g in found:
        if g.kind == "value" and g.letter in derived and not g.derived:
            continue  # A = [numbers] after A = ReLU(Z) and Z's numbers: a claim
        out.append(g)
        if g.kind != "value":
            continue
        if g.derived:
            derived.add(g.letter)
            continue
        for d in relus:
            if d.source == g.letter and d.line <= g.line and d.letter not in derived:
                source = f"{d.letter} = ReLU({g.letter})"
                out.append(Given(g.line, "value", d.letter, relu(g.numbers), None, "", source))
                derived.add(d.letter)
    return out


RULES = (FIRST, LAST, SPLIT, ALL)


def under_every_rule(pool, compute) -> list | None:
    """``compute()`` with ``pool.tie`` set to each rule for a tied window; the one result
    when every rule gives it (the tie cannot change the claim's truth), else None."""
    if pool.tie is not None:
        return compute()
    results = []
    for rule in RULES:
        pool.tie = rule
        try:
            results.append(compute())
        finally:
            pool.tie = None
    return results[0] if all(r == results[0] for r in results) else None


def masked(grad: list, z: list) -> list:
    """dL/dZ = dL/dA ⊙ 1[Z > 0] for A = ReLU(Z), entry by entry (ReLU'(0) = 0)."""
    return [
        [g if v > 0 else Fraction(0) for g, v in zip(gr, zr, strict=True)]
        for gr, zr in zip(grad, z, strict=True)
    ]
