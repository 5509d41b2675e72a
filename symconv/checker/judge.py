"""Judging a tensor equation: every side against the reference, at every index value.

1. Free indices are the index letters of the left side not bound by a sum (``a'``, ``b'``
   in ``∂L/∂w_{a',b'} = ...``); each ranges over the axis it indexes there.  A letter only
   on the right that is a size name (seed 002's kernel length m) is a size.
2. The sides are evaluated at every assignment of the free indices (all of them up to
   :data:`MAX_INSTANCES`, else the corners and a fixed random sample) and compared with
   the reference side, the left one unless only a later side is a plain tensor entry.
3. A claim written with size symbols (``k_1 - 1``, ``H - k_1``) is evaluated again at other
   sizes; holding here but failing there makes it ``size-specific``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import islice, product

from symconv.checker.algebra import Arr, Poly, Value, phrase, same_shape
from symconv.checker.declared_ranges import FILTERS, FREE_RANGES
from symconv.checker.einstein_sums import implied_in_force, with_implied_sums
from symconv.checker.free_index import openable
from symconv.checker.implicit_sums import implicit_names
from symconv.checker.index_functions import applied
from symconv.checker.items import derivative_parts, is_operator_frac, meaningful
from symconv.checker.limits import (
    INSTANCE_WORK,
    Budget,
    NotUnderstood,
    ProbeDone,
    SkipInstance,
    Wrong,
)
from symconv.checker.meaning import BATCH_NAMES, Evaluator
from symconv.checker.notation_options import LOSS_LETTERS, Notation
from symconv.checker.refs import resolve, sample_index
from symconv.checker.set_sums import set_names
from symconv.checker.sizes import size_quantity
from symconv.checker.syntax import (
    Chain,
    Env,
    Expr,
    Factor,
    Font,
    Frac,
    Group,
    Num,
    Op,
    Side,
    Sym,
    Term,
    Text,
)
from symconv.checker.truth import Model
from symconv.checker.written_names import index_name
from symconv.spec.layer import Dense


@dataclass
class Failure:
    side: int
    expected: Value | None
    claimed: Value | None
    instance: dict[str, int]
    entry: tuple[int, ...] | None = None
    message: str = ""


@dataclass
class Outcome:
    checked: int = 0
    total: int = 0
    failures: dict[int, Failure] = field(default_factory=dict)
    unknown: dict[int, str] = field(default_factory=dict)
    used_sizes: set[str] = field(default_factory=set)
    evaluator: Evaluator | None = None


# ---------------------------------------------------------------------- free indices
def free_names(side: Side, notation: Notation) -> set[str]:
    found: set[str] = set()
    _visit(side, frozenset(), False, found, notation)
    return found


def _visit(node, bound: frozenset, index: bool, out: set, notation: Notation) -> None:
    if isinstance(node, (Chain, Side, Expr)):
        children = (
            node.sides
            if isinstance(node, Chain)
            else node.exprs
            if isinstance(node, Side)
            else [t for _, t in node.terms]
        )
        for child in children:
            _visit(child, bound, index, out, notation)
    elif isinstance(node, Term):
        _visit_term(node.items, bound, index, out, notation)
    elif isinstance(node, Factor):
        if not isinstance(node.base, Sym):  # a letter base is the name itself (a', i^*)
            _visit(node.base, bound, index, out, notation)
        if node.sub is not None:
            _visit(node.sub, bound, True, out, notation)
        sample = sample_index(node.sup)
        if sample is not None:  # x^{(n)}_{i,j}: n indexes the batch (refs.sample_index)
            _visit(sample, bound, True, out, notation)
        name = index_name(node)
        if index and name and name not in bound:
            out.add(name)
    elif isinstance(node, Sym):
        if index and _is_index_letter(node.name, notation) and node.name not in bound:
            out.add(node.name)
    elif isinstance(node, Group):
        if node.body is not None:
            _visit(node.body, bound, index, out, notation)
    elif isinstance(node, Frac):
        _visit(node.num, bound, index, out, notation)
        _visit(node.den, bound, index, out, notation)
    elif isinstance(node, Font):
        _visit(node.body, bound, index, out, notation)
    elif isinstance(node, Env):
        for row in node.rows:
            for cell in row:
                if cell is not None:
                    _visit(cell, bound, index, out, notation)


def _visit_term(items, bound, index, out, notation) -> None:
    scope = set(bound)
    previous = None
    for k, item in enumerate(items):
        if index and applied(items, k) is not None:  # g(f) of the notes: no index g
            previous = item
            continue
        if isinstance(item, Factor) and item.base == Sym("\\sum"):
            chain = item.sub.body if isinstance(item.sub, Group) else None
            if isinstance(chain, Chain) and chain.sides and len(chain.sides[0].exprs) == 1:
                terms = chain.sides[0].exprs[0].terms
                if len(terms) == 1 and len(terms[0][1].items) == 1:
                    name = index_name(terms[0][1].items[0])
                    if name:
                        scope.add(name)
            scope.update(implicit_names(item) or ())  # \sum_m, \sum_{i,j}: range unwritten
            scope.update(set_names(item) or ())  # \sum_{p,q \in \{0,2,4\}}
            previous = item
            continue
        argument = (
            isinstance(item, Group)
            and item.kind in ("paren", "bracket")
            and previous is not None
            and not isinstance(previous, (Op, Text))
            and not (
                isinstance(previous, Sym)
                and previous.name.startswith("\\")
                and previous.name not in notation.letters
            )  # \delta(i,j) is one
            and not is_operator_frac(previous)
            and not _is_coefficient(previous)
            and not (isinstance(previous, Factor) and isinstance(previous.base, Text))
            and not (isinstance(previous, Factor) and previous.base == Sym("\\sum"))
        )
        _visit(item, frozenset(scope), index or argument, out, notation)
        previous = item


def _is_coefficient(item) -> bool:
    """A number or a fraction that is no derivative (``2``, ``\\frac{1}{9}``): a group after it
    is a factor, ``\\frac{1}{9}(g[0,0] + g[0,1])``, never the arguments of a function (a
    derivative's ``\\frac{\\partial L}{\\partial y}(m, n)`` in functional notation is)."""
    if isinstance(item, Num):
        return True
    return isinstance(item, Frac) and derivative_parts(item) is None


def _is_index_letter(name: str, notation: Notation) -> bool:
    """In an index, any letter is an index (``w_{a,b}``: b is not the bias there)."""
    return len(name) == 1 and name.isalpha() and name not in LOSS_LETTERS


def is_target(side: Side, notation: Notation) -> bool:
    """A side that is just an entry or a tensor (``dx_3``, ``∂L/∂w_{0,1}``, ``\\mathbf{Z}``)."""
    if len(side.exprs) != 1 or len(side.exprs[0].terms) != 1:
        return False
    items = meaningful(side.exprs[0].terms[0][1].items)
    if items and items[0] == Sym("d"):
        items = items[1:]
    if items and isinstance(items[-1], Group) and len(items) == 2:
        items = items[:1]
    if len(items) != 1:
        return False
    item = items[0]
    if isinstance(item, Frac):
        parts = derivative_parts(item)
        return (
            parts is not None
            and 1 <= len(parts[0]) <= 2
            and (len(parts[0]) == 1 or isinstance(parts[0][1], Group))
        )
    return resolve(item, notation) is not None


# ---------------------------------------------------------------------- instances
def instances(ranges: dict[str, range], limit: int, seed: int) -> tuple[list[dict], int]:
    """Assignments to check, corners first, then a fixed-seed shuffle (or sample) of the
    rest, so that stopping early for time still leaves a spread of values."""
    names = sorted(ranges)
    total = 1
    for r in ranges.values():
        total *= len(r)
    rng = random.Random(seed)
    corners = list(
        dict.fromkeys(
            islice(product(*((ranges[n][0], ranges[n][-1]) for n in names)), max(1, limit // 4))
        )
    )
    if total <= limit:
        rest = [v for v in product(*(ranges[n] for n in names)) if v not in set(corners)]
        rng.shuffle(rest)
    else:
        rest = [tuple(rng.choice(ranges[n]) for n in names) for _ in range(limit)]
    picked = list(dict.fromkeys(corners + rest))[:limit]
    return [dict(zip(names, v, strict=True)) for v in picked], total


# ---------------------------------------------------------------------- evaluation
def evaluate_claim(
    chain: Chain, model: Model, quantities: dict, budget: Budget, limit: int, seed: int
) -> Outcome:
    notation = model.notation
    sides = chain.sides
    ref = 0
    if not is_target(sides[0], notation):
        ref = next((k for k, s in enumerate(sides) if is_target(s, notation)), 0)
    sides = with_implied_sums(  # Δ_{nfij} x_{nc(i+u)(j+v)} under Einstein's convention
        sides,
        free_names(sides[ref], notation),
        lambda term: free_names(Side((Expr((("+", term),)),)), notation),
        lambda name: name[0].isupper() or name in dict(notation.named_sizes),
    )
    names = [free_names(s, notation) for s in sides]
    free = names[ref]
    sizes = set().union(*names) - free
    unbound = [
        name
        for name in sorted(sizes - BATCH_NAMES)
        if size_quantity(name, notation, secondary=True) is None
    ]
    opened = openable(unbound, sides, ref)  # g_{n,f,...} w_{f,c,...}, no sum over f
    if opened and implied_in_force():
        # under Einstein's convention a repeated index is summed, never a free one the
        # left side lacks: its implied sum was not read (a range not found, or two)
        raise NotUnderstood(
            f"the index {sorted(opened)[0]} is summed by the notes' convention, over a "
            "range that is not read"
        )
    for name in unbound:
        if name not in opened:
            raise NotUnderstood(
                f"the index {name} is bound by no sum and is not an index of the left side"
            )
    free, sizes = free | opened, sizes - opened
    ev = Evaluator(model, quantities, budget)
    ev.free, ev.size_names = free, sizes
    ranges = _probe(ev, sides, ref)
    declared = dict(FREE_RANGES.get() or {})
    filters = declared.pop(FILTERS, None)
    if filters is not None:
        declared.update(_filter_index(ev, filters, declared))
    for name in sorted(free & set(declared)):  # "for a, b \in \{0, 1\}": only those values
        if not set(declared[name]) <= set(ranges[name]):  # another use, or another base
            raise NotUnderstood(
                f"the notes give {name} the values {', '.join(map(str, declared[name]))}, "
                "which are not all values of the axis it indexes"
            )
        ranges[name] = list(declared[name])  # type: ignore[assignment]
    for name in opened:
        if len(ranges[name]) < 2:  # one filter read: true at f = 0 says nothing if guessed
            raise NotUnderstood(
                f"the index {name} is bound by no sum and is not an index of the left side"
            )
    outcome = Outcome(evaluator=ev)
    assignments, outcome.total = instances(ranges, limit, seed)
    began = budget.work
    for assignment in assignments:
        if not _one_instance(ev, sides, ref, assignment, outcome):
            continue
        outcome.checked += 1
        if len(outcome.failures) + len(outcome.unknown) == len(sides) - 1:
            break
        if budget.work - began > INSTANCE_WORK:
            break  # large sums: a spread of index values (sampled: see instances), bounded
    if outcome.checked == 0 and not outcome.unknown:
        raise NotUnderstood("there is no index value at which the left side exists")
    outcome.used_sizes = ev.used_sizes
    return outcome


def _filter_index(
    ev: Evaluator, filters: tuple[int, ...], declared: dict[str, tuple[int, ...]]
) -> dict[str, tuple[int, ...]]:
    """``{o: filters}`` for the one free index o that addresses the filter axis (the
    output's or its gradient's channel, the kernel's first axis, a bias per filter) of a
    claim whose lead-in restricts it to ``filters`` ("pour les filtres 1 à 3 :"); {} where
    no free index does (the words then say nothing of an index the claim has).  Not
    understood where two do, where the notes also give that letter values, or where the
    numbers could be counted from either 1 or 0 (a 0-based channel numbering and a range
    without 0: "filters 1 to 3" may be the first three)."""
    spec = ev.model.spec
    if isinstance(spec, Dense):
        return {}
    axes = {"Z": 1, "A": 1, "W": 0, "b": 0}  # the filter's axis of each tensor
    if getattr(ev.model, "untied", False):
        del axes["b"]  # a bias per position is laid out as the output, its axis 0 the batch
    named = sorted(
        name
        for name, (role, axis) in ev.probe_axes.items()
        if name in ev.free and axes.get(role) == axis
    )
    if not named:
        return {}
    said = ", ".join(map(str, filters))
    if len(named) > 1 or named[0] in declared:
        raise NotUnderstood(
            f"its lead-in restricts it to the filters {said}; which of its indices "
            f"({', '.join(named)}) counts them is not read"
        )
    if ev.notation.channel_base == 0 and 0 not in filters:
        raise NotUnderstood(
            f"its lead-in restricts it to the filters {said}, and the notes count channels "
            "from 0: whether those numbers count from 1 or 0 is not read"
        )
    return {named[0]: filters}


def _probe(ev: Evaluator, sides, ref: int) -> dict[str, range]:
    """Evaluate with the free indices open, to learn the axis each one indexes (stopping as
    soon as every one is known)."""
    ev.probe = {}
    for k in [ref] + [k for k in range(len(sides)) if k != ref]:
        if not ev.free - set(ev.probe):
            break
        try:
            ev.side(sides[k])
        except (SkipInstance, Wrong, ProbeDone):
            pass
        except NotUnderstood:
            if k == ref:
                raise
    found = ev.probe
    ev.probe = None
    widest = max(max(v.full_shape) for v in ev.model.views.values())
    base = ev.notation.index_base
    return {
        name: range(found[name][0], found[name][0] + found[name][1])
        if name in found
        else range(base, base + widest)
        for name in ev.free
    }


def _one_instance(ev: Evaluator, sides, ref: int, assignment: dict, out: Outcome) -> bool:
    ev.bound = dict(assignment)
    ev.strict = True
    try:
        expected = ev.side(sides[ref])
    except SkipInstance:
        return False
    finally:
        ev.strict = False
    for k, side in enumerate(sides):
        if k == ref or k in out.failures or k in out.unknown:
            continue
        try:
            claimed = ev.side(side)
            failure = compare(expected, claimed)
        except Wrong as exc:
            failure = Failure(k, expected, None, assignment, message=str(exc))
        except NotUnderstood as exc:
            out.unknown[k] = str(exc)
            continue
        if failure is not None:
            failure.side, failure.instance = k, dict(assignment)
            out.failures[k] = failure
    return True


def compare(expected: Value, claimed: Value) -> Failure | None:
    if isinstance(expected, Arr) and isinstance(claimed, Arr):
        pair = same_shape(expected, claimed)
        if pair is None:
            return Failure(
                0,
                expected,
                claimed,
                {},
                message=(
                    f"it is {phrase(claimed.shape)} where {phrase(expected.shape)} is expected"
                ),
            )
        for index in product(*(range(n) for n in pair[0].shape)):
            if pair[0][index] != pair[1][index]:
                return Failure(0, pair[0][index], pair[1][index], {}, entry=index)
        return None
    if isinstance(expected, Arr) or isinstance(claimed, Arr):
        arr = expected if isinstance(expected, Arr) else claimed
        scalar = claimed if isinstance(expected, Arr) else expected
        if arr.data.size == 1:
            return compare(arr.data.flat[0], scalar)  # type: ignore[arg-type]
        which = "a scalar" if isinstance(claimed, Poly) else phrase(arr.shape)
        wanted = "a scalar" if isinstance(expected, Poly) else phrase(arr.shape)
        return Failure(
            0, expected, claimed, {}, message=f"it is {which} where {wanted} is expected"
        )
    return None if expected == claimed else Failure(0, expected, claimed, {})
