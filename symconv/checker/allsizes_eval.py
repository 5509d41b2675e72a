"""Claims with symbolic sizes at concrete sizes: exact polynomials, entry by entry.

A claim read by :mod:`.allsizes_parse` is evaluated at one *instance* (every size a
number, a convolution layer built with them) for every entry of its left side: sums run
over their bounds, Iverson brackets and deltas are 0 or 1, tensor entries are the layer's
variables, ``\\partial L/\\partial W_{...}`` the chain rule's derivation of the layer
(:class:`~symconv.layers.conv.ConvLayer`), ``\\partial Z/\\partial W`` the derivative of
one output entry, and an indexed closed form ``[...]_{idx}`` the node of
:mod:`symconv.ops` built by :mod:`.allsizes_ops` and expanded.  Reading an entry at a
fractional index is the claim's error (a divisibility condition is missing), and so is
reading one outside its tensor (a bound or a bracket is wrong): conditions are evaluated
before the entries they guard, so a guarded read never happens.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache
from math import ceil, floor

from symconv.checker.algebra import Poly
from symconv.checker.allsizes_dense import NAMES as DENSE_NAMES
from symconv.checker.allsizes_dense import ONED, axes_of, pooled
from symconv.checker.allsizes_instances import Instance, instances, make
from symconv.checker.allsizes_ops import build_node
from symconv.checker.allsizes_parse import Node, walk
from symconv.checker.limits import NotUnderstood

Num = int | Fraction  # ints while exact division keeps them whole (much faster)
Value = Num | Poly
MAX_ENTRIES = 80  # entries of the left side compared per instance, spread evenly


class ClaimError(Exception):
    """The claim reads an entry at a fractional index: false as written."""


class Outside(Exception):
    """An entry outside its tensor, read where the notes' own bounds make it zero."""


ZERO_OUTSIDE = "!outside"  # in an env: reads outside a tensor are 0 (named bounds)
BATCHED = ("X", "Z", "G", "Xp")  # tensors whose batch (and channel) a claim may leave out


# ---------------------------------------------------------------------- arithmetic
def _poly(v: Value) -> Poly:
    return v if isinstance(v, Poly) else Poly.const(v)


def _add(a: Value, b: Value) -> Value:
    if not isinstance(a, Poly) and not isinstance(b, Poly):
        return a + b
    return _poly(a) + _poly(b)


def _mul(a: Value, b: Value) -> Value:
    if not isinstance(a, Poly):
        return a * b if not isinstance(b, Poly) else b.scale(a)
    if not isinstance(b, Poly):
        return a.scale(b)
    return a.times(b)


def is_zero(v: Value) -> bool:
    return not v.terms if isinstance(v, Poly) else v == 0


def _has_entries(n: Node) -> bool:
    return any(m.kind in ("read", "deriv", "closed") for m in walk(n))


@lru_cache(maxsize=4096)
def _conditions_first(factors: tuple[Node, ...]) -> tuple[Node, ...]:
    return tuple(sorted(factors, key=_has_entries))


_UNKNOWN = object()
_METHODS: dict[str, Callable[..., Value] | None] = {}  # Evaluator._KIND by kind, or None


class Evaluator:
    """The value of a tree at one instance and one assignment of the free indices."""

    def __init__(
        self,
        inst: Instance,
        base: int = 0,
        definitions: dict[str, Node] | None = None,
        zero: frozenset[str] = frozenset(),
    ) -> None:
        self.inst = inst
        self.base = base  # the notes' first index (1 for 1-based notes)
        self.definitions = definitions or {}  # i_{lower} = ...: the notes' own bounds
        self.zero = zero  # tensors the notes say are zero outside ("x_{a,b} = 0 whenever")

    def num(self, n: Node, env: dict[str, Num]) -> Num:
        v = self.value(n, env)
        if isinstance(v, Poly):
            raise NotUnderstood("an index that depends on a tensor's entries")
        return v

    def integer(self, n: Node, env) -> int:
        v = self.num(n, env)
        if v.denominator != 1:
            raise ClaimError(f"the index {v} is not an integer")
        return int(v)

    def value(self, n: Node, env: dict[str, Num]) -> Value:
        # the method of each kind is looked up once (value runs millions of times a document)
        method = _METHODS.get(n.kind, _UNKNOWN)
        if method is _UNKNOWN:
            method = _METHODS[n.kind] = getattr(Evaluator, "_" + n.kind, None)
        if method is None:
            raise NotUnderstood(f"a {n.kind} where a value is needed")
        return method(self, n, env)

    def _num(self, n, env):
        return n.parts[0]

    def _sym(self, n, env):
        name = n.parts[0]
        if name in env:
            return env[name]
        if self.inst.sizes.get("dense") and name in DENSE_NAMES:  # D, M, n_in, n_out
            return self.inst.sizes[DENSE_NAMES[name]]
        if self.inst.sizes.get("oned") and name in ONED:  # n, k, s of a 1-D layer
            return self.inst.sizes[ONED[name]]
        if name in self.inst.sizes:
            return self.inst.sizes[name]
        if name in self.definitions:
            return self.value(self.definitions[name], env)
        if name == "b" and self.inst.sizes["F"] == 1:  # one filter: a scalar bias
            return Poly.var(self.var("b", (0,)))
        raise NotUnderstood(f"{name} is neither a size nor an index bound here")

    def _add(self, n, env):
        total: Value = 0
        for term, sign in zip(*n.parts, strict=True):
            v = self.value(term, env)
            total = _add(total, v if sign > 0 else _mul(-1, v))
        return total

    def _mul(self, n, env):
        # conditions first: a factor that is 0 spares reading entries it guards
        factors = _conditions_first(n.parts[0])
        total: Value = 1
        for f in factors:
            total = _mul(total, self.value(f, env))
            if is_zero(total):
                return 0
        return total

    def _frac(self, n, env):
        top, bottom = self.value(n.parts[0], env), self.num(n.parts[1], env)
        if bottom == 0:
            raise ClaimError("a division by zero")
        if isinstance(top, Poly):
            return top.scale(Fraction(1, 1) / bottom)
        q = Fraction(top) / bottom
        return int(q) if q.denominator == 1 else q

    def _pow(self, n, env):
        if n.parts[1] > 64:  # k^{99999999}: no size formula's power, and no time to spend
            raise NotUnderstood(f"a power {n.parts[1]} of a size")
        return self.num(n.parts[0], env) ** n.parts[1]

    def _floor(self, n, env):
        return floor(self.num(n.parts[0], env))

    def _ceil(self, n, env):
        return ceil(self.num(n.parts[0], env))

    def _max(self, n, env):
        return max(self.num(a, env) for a in n.parts[0])

    def _min(self, n, env):
        return min(self.num(a, env) for a in n.parts[0])

    def _delta(self, n, env):
        return int(self.num(n.parts[0], env) == self.num(n.parts[1], env))

    def _conj(self, n, env):
        return int(all(self.holds(c, env) for c in n.parts[0]))

    def _cases(self, n, env):
        for value, cond in (row.parts for row in n.parts[0]):  # the first that holds
            if cond is None or self.value(cond, env):
                return self.value(value, env)
        return 0

    def _iverson(self, n, env):
        return int(self.holds(n.parts[0], env))

    def _chain(self, n, env):
        return int(self.holds(n, env))

    def holds(self, n: Node, env) -> bool:
        exprs, rels = n.parts
        values = [self.num(e, env) for e in exprs]
        for a, rel, b in zip(values, rels, values[1:], strict=False):
            ok = {
                "=": a == b,
                "\\le": a <= b,
                "\\leq": a <= b,
                "<": a < b,
                "\\ge": a >= b,
                "\\geq": a >= b,
                ">": a > b,
                "\\mid": a != 0 and (Fraction(b) / a).denominator == 1,
            }[rel]
            if not ok:
                return False
        return True

    def _sum(self, n, env):
        var, lo, hi, body = n.parts
        start, stop = self.num(lo, env), self.num(hi, env)
        if start.denominator != 1 or stop.denominator != 1:
            raise ClaimError(
                f"a sum bound {start if start.denominator != 1 else stop} that is not an integer"
            )
        if any(b.kind == "sym" and b.parts[0] in self.definitions for b in (lo, hi)):
            # bounds the notes define (i_{lower}): a term past a tensor's end is zero there;
            # whether the bound itself is right is judged where it is defined
            env = {**env, ZERO_OUTSIDE: 1}
        total: Value = 0
        for k in range(int(start), int(stop) + 1):
            total = _add(total, self.value(body, {**env, var: k}))
        return total

    # ------------------------------------------------------------------ entries
    def full(self, tensor: str, idx: tuple[Node, ...], env) -> tuple[int, ...]:
        tag = {"Z": "G", "Xp": "X"}.get(tensor, tensor)
        ids = self.inst.layer.tensors[tag].ids
        axes = axes_of(tensor, len(idx), ids.ndim, self.inst.sizes, BATCHED)
        if axes is None:
            raise NotUnderstood(f"{tensor} has {ids.ndim} indices here, not {len(idx)}")
        placed = [0] * ids.ndim
        for axis, i in zip(axes, idx, strict=True):
            placed[axis] = self.integer(i, env) - self.base
        values, shape = tuple(placed), ids.shape
        if tensor == "Xp":  # the padded input: its border reads zero
            s = self.inst.sizes
            values = (*values[:-2], values[-2] - s["p_t"], values[-1] - s["p_l"])
            lows, highs = (
                (0, 0, -s["p_t"], -s["p_l"]),
                (*shape[:2], shape[2] + s["p_b"], shape[3] + s["p_r"]),
            )
            if any(not lo <= v < hi for v, lo, hi in zip(values, lows, highs, strict=True)):
                raise ClaimError(
                    f"it reads the padded input outside its "
                    f"{highs[2] - lows[2]}x{highs[3] - lows[3]} entries"
                )
            if not all(0 <= v < e for v, e in zip(values, shape, strict=True)):
                raise Outside
        if any(not 0 <= v < e for v, e in zip(values, shape, strict=True)):
            if env.get(ZERO_OUTSIDE) or tensor in self.zero:
                raise Outside
            # no condition of the claim kept this entry out: a bound or a bracket is wrong
            raise ClaimError(
                f"it reads {tensor} at {values}, outside its "
                f"{'x'.join(map(str, ids.shape))} entries"
            )
        return values

    def var(self, tensor: str, full: tuple[int, ...]) -> int:
        tag = "G" if tensor == "Z" else tensor
        return int(self.inst.layer.tensors[tag].ids[full])

    def _read(self, n, env):
        tensor, idx = n.parts
        try:
            full = self.full(tensor, idx, env)
        except Outside:
            return 0
        tensor = "X" if tensor == "Xp" else tensor
        if tensor == "Z":
            key = ("Z", full)
            if key not in self.inst.cache:
                found = Poly(dict(self.inst.z.entry(full)))
                self.inst.cache[key] = (
                    pooled(found, self.inst) if self.inst.sizes.get("avgpool") else found
                )
            return self.inst.cache[key]
        return Poly.var(self.var(tensor, full))

    def _deriv(self, n, env):
        of, wrt = n.parts
        try:
            full = self.full(wrt.parts[0], wrt.parts[1], env)
        except Outside:
            return 0
        ident = self.var(wrt.parts[0], full)
        if of is None:
            if wrt.parts[0] == "Z":
                return Poly.var(ident)
            found = Poly(self.inst.grads.poly(ident))
            return pooled(found, self.inst) if self.inst.sizes.get("avgpool") else found
        top = self.value(of, env)
        return top.diff(ident) if isinstance(top, Poly) else 0

    def closed_array(self, expr: Node):
        key = ("closed", expr)
        if key not in self.inst.cache:
            built = build_node(expr, self.inst.sizes, self.inst.spec)
            try:
                self.inst.cache[key] = built.expand(self.inst.layer.tensors)
            except (ValueError, IndexError) as exc:
                raise ClaimError(f"the closed form cannot be evaluated ({exc})") from None
        return self.inst.cache[key]

    def _closed(self, n, env):
        expr, idx = n.parts
        array = self.closed_array(expr)
        # the entry in the notes' own numbering, as every tensor read (``full``): the closed
        # form's array counts from 0, so 1-based notes' (n', c', i', j') = (1, 1, 1, 1) is
        # its first entry, (0, 0, 0, 0)
        values = tuple(self.integer(i, env) - self.base for i in idx)
        if len(values) != len(array.shape):
            raise ClaimError(
                f"the closed form has {len(array.shape)} indices, the claim reads {len(values)}"
            )
        if any(not 0 <= v < e for v, e in zip(values, array.shape, strict=True)):
            raise ClaimError(
                f"the closed form has shape {tuple(array.shape)}, the claim reads entry {values}"
            )
        return Poly(dict(array.entry(values)))


# ---------------------------------------------------------------------- free indices
def assignments(inst: Instance, target: Node, ev: Evaluator):
    """Each assignment of the left side's free index variables (at most MAX_ENTRIES, spread
    evenly): an index written ``A·v + r`` (a group and its member) splits the axis by A."""
    if target.kind == "read":
        reads = [target.parts]
    elif target.kind == "deriv":
        reads = ([target.parts[0].parts] if target.parts[0] is not None else []) + [
            target.parts[1].parts
        ]
    elif target.kind == "closed":
        shape = ev.closed_array(target.parts[0]).shape
        reads = [(None, target.parts[1], shape)]
    else:
        raise NotUnderstood("the left side is not one entry")
    axes = []
    for read in reads:
        tensor, idx = read[:2]
        shape = (
            read[2]
            if tensor is None
            else inst.layer.tensors["G" if tensor == "Z" else tensor].ids.shape
        )
        if tensor is not None:
            placed = axes_of(tensor, len(idx), len(shape), inst.sizes, BATCHED)
            shape = shape if placed is None else tuple(shape[a] for a in placed)
        if len(idx) != len(shape):
            raise NotUnderstood(f"{tensor} takes {len(shape)} indices, not {len(idx)}")
        axes += [
            _split(expr, extent, inst, ev.base) for expr, extent in zip(idx, shape, strict=True)
        ]
    combos = []
    for combo in itertools.product(*axes):
        env: dict[str, Num] = {}
        if all(env.setdefault(k, v) == v for part in combo for k, v in part.items()):
            combos.append(env)
    step = max(1, len(combos) // MAX_ENTRIES)
    yield from combos[::step]


def _split(expr: Node, extent: int, inst: Instance, base: int = 0) -> list[dict[str, Num]]:
    if expr.kind == "sym":  # a name, even a size's (p in X_{c,p,q}): the entry's index
        return [{expr.parts[0]: v + base} for v in range(extent)]
    if expr.kind == "add" and len(expr.parts[0]) == 2 and expr.parts[1] == (1, 1):
        group, rest = expr.parts[0]
        if group.kind == "mul" and len(group.parts[0]) == 2 and rest.kind == "sym":
            size, var = group.parts[0]
            if size.kind == "sym" and size.parts[0] in inst.sizes and var.kind == "sym":
                width = inst.sizes[size.parts[0]]
                return [{var.parts[0]: v // width, rest.parts[0]: v % width} for v in range(extent)]
    raise NotUnderstood("an index of the left side that is not a name or a group and member")


# Instance, instances and make live in allsizes_instances; importable from here as before.
__all__ = [
    "BATCHED",
    "ZERO_OUTSIDE",
    "ClaimError",
    "Evaluator",
    "Instance",
    "Outside",
    "assignments",
    "instances",
    "is_zero",
    "make",
]
