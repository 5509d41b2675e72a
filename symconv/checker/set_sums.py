"""Sums over a set written in the subscript: ``\\sum_{p,q \\in \\{0,2,4,6\\}} X_{p,q}``,
``\\sum_{i \\in \\{1, \\dots, 4\\}}``, ``\\sum_{(p,q) \\in \\{0,2,4\\}^2}``,
``\\sum_{t \\in \\{0, 2, \\ldots, H-1\\}}``.

Such a sum is the sum of its body over every value of the set, for each index named (two
names before one set run over its square, as ``p, q \\in S`` means p \\in S and q \\in S; a
set raised to a power k is its k-th Cartesian power for k names in parentheses).  The set
is a list of integers or a progression ``a, b, \\dots, z`` (step b - a; ``a, \\dots, z`` step 1)
whose end is reached exactly; its elements may be size formulas (``H-1``), evaluated as a
sum's bounds are.  Anything else (a set named by a letter, ``V_{ij}``; a progression that
does not end on its last element) is not understood.

A range written with inequalities, ``\\sum_{0 \\le i \\le 2}``, ``\\sum_{0 \\le i,j < H}``,
is the set of the integers between its two bounds (a strict ``<`` leaves its bound out), for
each index named, the same reading as ``\\sum_{i=0}^{2}``.  Only both bounds written count:
``\\sum_{i < 3}`` leaves the first value to the notes' index base, which is not read here.

The explicit values are the claim's own range, as a written ``\\sum_{i=a}^{b}``'s: an entry
they address past its tensor's end is the claim's mistake (the index names the set's
smallest and largest value as the span, see indexing.past_end), never a padding zero.
"""

from __future__ import annotations

from itertools import product

from symconv.checker.algebra import Poly, Value, accumulate
from symconv.checker.limits import MAX_SUM_RANGE, NotUnderstood
from symconv.checker.syntax import Chain, Factor, Group, Node, Num, Sym
from symconv.checker.written_names import index_name, single_item

_DOTS = frozenset({"\\dots", "\\ldots", "\\cdots"})


def _set_parts(head: Node) -> tuple[list[str], Node] | None:
    """(the names, the written set) of ``\\sum_{names \\in set}``, else None."""
    if not isinstance(head, Factor) or head.base != Sym("\\sum") or head.sup is not None:
        return None
    sub = head.sub
    chain = sub.body if isinstance(sub, Group) else None
    if not isinstance(chain, Chain) or chain.rels != ("\\in",) or len(chain.sides) != 2:
        return None
    exprs = list(chain.sides[0].exprs)
    if len(exprs) == 1:
        item = single_item(exprs[0])
        inner = item.body if isinstance(item, Group) and item.kind == "paren" else None
        if isinstance(inner, Chain) and not inner.rels and len(inner.sides) == 1:
            exprs = list(inner.sides[0].exprs)  # (p, q) \in S^2
    names = _names(exprs)
    if names is None or len(chain.sides[1].exprs) != 1:
        return None
    written = single_item(chain.sides[1].exprs[0])
    return (names, written) if written is not None else None


_BELOW = {"\\le": 0, "<": 1}  # what a relation adds to the value on its left


def _range_parts(head: Node) -> tuple[list[str], Node | None, Node, int, int] | None:
    """(the names, the lower bound or None where none is written, the upper bound, and 1
    for each strict side) of ``\\sum_{a \\le names \\le b}`` (``<`` on either side) or
    ``\\sum_{names < b}``, else None."""
    if not isinstance(head, Factor) or head.base != Sym("\\sum") or head.sup is not None:
        return None
    chain = head.sub.body if isinstance(head.sub, Group) else None
    if not isinstance(chain, Chain) or not chain.rels or len(chain.rels) > 2:
        return None
    if any(rel not in _BELOW for rel in chain.rels):
        return None
    sides = chain.sides if len(chain.rels) == 2 else (None, *chain.sides)
    names = _names(sides[1].exprs)
    bounds = (sides[0], sides[2])
    if names is None or any(side is not None and len(side.exprs) != 1 for side in bounds):
        return None
    # \sum_{i,j < 3} has no lower bound: None, and set_values says so
    low = sides[0].exprs[0] if sides[0] is not None else None
    lower_open, upper_open = (_BELOW[rel] for rel in ("\\le", *chain.rels)[-2:])
    return names, low, sides[2].exprs[0], lower_open, upper_open


def _names(exprs) -> list[str] | None:
    """The distinct single index names of a comma list (``i, j``), else None."""
    names: list[str] = []
    for expr in exprs:
        item = single_item(expr)
        name = index_name(item) if item is not None else None
        if name is None or name in names:
            return None
        names.append(name)
    return names


def set_names(head: Node) -> list[str] | None:
    """The indices ``\\sum_{p,q \\in \\{...\\}}`` or ``\\sum_{0 \\le p,q \\le 2}`` binds,
    else None."""
    ranged = _range_parts(head)
    if ranged is not None:
        return ranged[0]
    parts = _set_parts(head)
    return None if parts is None or _elements(parts[1]) is None else parts[0]


def _elements(written: Node) -> tuple[list, int] | None:
    """(the set's element expressions, with the dots as None; the power) of ``\\{...\\}`` or
    ``\\{...\\}^k``, else None."""
    power = 1
    if isinstance(written, Factor) and written.sub is None and not written.primes:
        if not isinstance(written.sup, Num) or not written.sup.text.isdigit():
            return None
        power, written = int(written.sup.text), written.base
    if not isinstance(written, Group) or written.kind != "set" or written.body is None:
        return None
    body = written.body
    if body.rels or len(body.sides) != 1:
        return None
    elements = []
    for expr in body.sides[0].exprs:
        item = single_item(expr)
        elements.append(None if isinstance(item, Sym) and item.name in _DOTS else expr)
    if not elements or elements[0] is None or elements[-1] is None or elements.count(None) > 1:
        return None
    return elements, power


class SetSums:
    """Mixed into the evaluator (meaning.Evaluator): sums over a written set."""

    def set_values(self, head: Node) -> tuple[list[str], list[tuple[int, ...]]] | None:
        """(names, every tuple of values they take) of a set sum, else None."""
        ranged = _range_parts(head)
        if ranged is not None:
            names, low, high, lower_open, upper_open = ranged
            if low is None:
                raise NotUnderstood(
                    f"the sum over {', '.join(names)} writes no first value, only a last: "
                    "whether it starts at 0 or 1 is not read"
                )
            first = self._bound(low, 0) + lower_open  # type: ignore[attr-defined]
            last = self._bound(high, 0) - upper_open  # type: ignore[attr-defined]
            if last - first + 1 > MAX_SUM_RANGE:
                raise NotUnderstood(f"a sum over {last - first + 1} values")
            return names, list(product(range(first, last + 1), repeat=len(names)))
        parts = _set_parts(head)
        if parts is None:
            return None
        names, written = parts
        found = _elements(written)
        if found is None:
            raise NotUnderstood("a sum over a set that is not a list of integers")
        elements, power = found
        values = [self._bound(e, 0) if e is not None else None for e in elements]  # type: ignore[attr-defined]
        if None in values:  # a, b, \dots, z or a, \dots, z
            k = values.index(None)
            head_values, last = values[:k], values[-1]
            step = head_values[1] - head_values[0] if len(head_values) > 1 else 1
            first = head_values[0]
            if step <= 0 or (last - first) % step or len(values) - k != 2:
                raise NotUnderstood("a set written with dots that do not end on its last element")
            full = list(range(first, last + 1, step))
            if full[: len(head_values)] != head_values:
                raise NotUnderstood("a set written with dots that is no progression")
            values = full
        if len(values) > MAX_SUM_RANGE or len(set(values)) != len(values):
            raise NotUnderstood("a sum over a set that is too large or repeats a value")
        if power != 1 and power != len(names):
            raise NotUnderstood("a set's power is not the number of indices summed over it")
        return names, list(product(values, repeat=len(names)))

    def set_sum(self, names: list[str], tuples: list[tuple[int, ...]], body: list) -> Value:
        if not body:
            raise NotUnderstood("a sum without a body")
        bound: dict[str, int] = self.bound  # type: ignore[attr-defined]
        spans: dict = self.sum_spans  # type: ignore[attr-defined]
        saved = {n: bound.get(n) for n in names}
        saved_spans = {n: spans.pop(n, None) for n in names}
        for k, name in enumerate(names):  # the set's ends: an entry past them is the claim's
            spans[name] = (min(t[k] for t in tuples), max(t[k] for t in tuples))
        strict, self.strict = self.strict, False  # type: ignore[has-type]
        total: Value | None = None
        items = tuple(body)
        try:
            for values in tuples:
                bound.update(zip(names, values, strict=True))
                total = accumulate(total, self.term(items), self.budget)  # type: ignore[attr-defined]
        finally:
            self.strict = strict
            for name in names:
                spans.pop(name, None)
                if saved_spans[name] is not None:
                    spans[name] = saved_spans[name]
                if saved[name] is None:
                    bound.pop(name, None)
                else:
                    bound[name] = saved[name]  # type: ignore[assignment]
        return Poly() if total is None else total
