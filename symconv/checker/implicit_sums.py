"""Sums whose range is not written: ``\\sum_m \\sum_n a_{i+m,j+n} w_{m,n}``, ``\\sum_{i,j}``.

Notes often leave the range to the reader ("m and n iterate across the dimensions of the
kernel").  The range is read from the tensors the summation index addresses directly: an
index written alone at an axis (``w_{m,n}``: m runs over the kernel's rows) takes that
axis's values, and an index addressing several axes takes the values all of them have.
An index that addresses no axis on its own leaves the sum not understood: nothing says
how far it runs.
"""

from __future__ import annotations

from contextlib import suppress
from itertools import product

from symconv.checker.algebra import Poly, Value, accumulate
from symconv.checker.declared_ranges import RANGES
from symconv.checker.einstein_sums import implied_in_force
from symconv.checker.limits import MAX_SUM_RANGE, NotUnderstood, SkipInstance, Wrong
from symconv.checker.syntax import Chain, Factor, Group, Node
from symconv.checker.written_names import index_name, single_item


def implicit_names(head: Node) -> list[str] | None:
    """``\\sum_m`` -> ["m"], ``\\sum_{i,j}`` -> ["i", "j"]; None for a written range."""
    if not isinstance(head, Factor) or head.sup is not None or head.sub is None:
        return None
    sub = head.sub
    if isinstance(sub, Group) and isinstance(sub.body, Chain):
        if sub.body.rels or len(sub.body.sides) != 1:
            return None
        items = [single_item(e) for e in sub.body.sides[0].exprs]
        names = [index_name(i) if i is not None else None for i in items]
    else:
        names = [index_name(sub)]
    if not names or any(n is None for n in names) or len(set(names)) != len(names):
        return None
    return names  # type: ignore[return-value]


class ImplicitSums:
    """Mixed into the evaluator: learns a summation index's range where it indexes a tensor."""

    learning: dict[str, tuple[int, int] | None]

    def index_at(self, expr, extent: int, base: int) -> int:
        learning = getattr(self, "learning", None)
        if learning:
            item = single_item(expr)
            name = index_name(item) if item is not None else None
            if name in learning:
                old = learning[name]
                lo, hi = base, base + extent - 1
                if old is not None and old != (lo, hi):
                    # c alone on an axis of 6 and one of 2 (I_{n,i+u,j+v,c} K_{u,v,c,k} read
                    # in another layout than the notes'): the index is not one axis's, and
                    # the range its sum runs over is not read (never the overlap: a guess)
                    self.conflicts = {**getattr(self, "conflicts", {}), name: (old, (lo, hi))}
                learning[name] = (lo, hi) if old is None else (max(old[0], lo), min(old[1], hi))
        return super().index_at(expr, extent, base)  # type: ignore[misc]

    def implicit_sum(self, names: list[str], body: list) -> Value:
        if not body:
            raise NotUnderstood("a sum without a body")
        if not hasattr(self, "learning"):
            self.learning = {}
        items = tuple(body)
        bound: dict[str, int] = self.bound  # type: ignore[attr-defined]
        saved = {n: bound.get(n) for n in names}
        strict, self.strict = self.strict, False  # type: ignore[has-type]
        total: Value | None = None
        try:
            for name in names:
                self.learning[name] = None
                bound[name] = 0
            dry_wrong: Wrong | None = None
            with suppress(NotUnderstood, SkipInstance):  # a dry run: the body's entries
                try:  # show the ranges
                    self.term(items)  # type: ignore[attr-defined]
                except Wrong as exc:
                    dry_wrong = exc
            ranges = []
            for name in names:
                clash = getattr(self, "conflicts", {}).pop(name, None)
                # (a sum the notes write, \sum_{i,j} G_{ij} X_{ij}, runs where every factor
                # has entries, as it always did; a sum the convention implies has no such
                # writer's intent to lean on)
                convention = implied_in_force()
                if clash is not None and convention:
                    sizes = " and ".join(str(hi - lo + 1) for lo, hi in clash)
                    raise NotUnderstood(
                        f"the sum over {name} has no written range, and {name} addresses "
                        f"axes of {sizes} entries: which range it runs over is not read"
                    )
                found = self.learning.pop(name)
                if found is None:  # the range the prose declares, if it does
                    found = (RANGES.get() or {}).get(name)
                if found is None or found[1] < found[0]:
                    if dry_wrong is not None and "bound by no sum" in str(dry_wrong):
                        # \sum_{i,j} \delta[n,f,i,j] with n summed nowhere: the sample
                        # index stopped the dry run before i was read, and it is the
                        # claim's error whatever range i has
                        raise dry_wrong
                    raise NotUnderstood(
                        f"the sum over {name} has no written range, and {name} "
                        "addresses no tensor on its own to give one"
                    )
                if convention and found[0] == found[1] and name not in (RANGES.get() or {}):
                    # an axis of one entry: often a count the notes state in words not
                    # read (taken as 1), so the one-term sum would be a guess
                    raise NotUnderstood(
                        f"the sum over {name} has no written range, and {name} addresses an "
                        "axis of one entry: how many values it takes is not read"
                    )
                if found[1] - found[0] + 1 > MAX_SUM_RANGE:
                    raise NotUnderstood(f"a sum over {found[1] - found[0] + 1} values")
                ranges.append(range(found[0], found[1] + 1))
            for values in product(*ranges):
                bound.update(zip(names, values, strict=True))
                total = accumulate(total, self.term(items), self.budget)  # type: ignore
        finally:
            self.strict = strict
            for name, value in saved.items():
                self.learning.pop(name, None)
                if value is None:
                    bound.pop(name, None)
                else:
                    bound[name] = value
        return Poly() if total is None else total
