"""What one side of a tensor equation means, as exact polynomials in the layer's variables.

Each written symbol evaluates to its meaning: ``x_{00}`` and ``w_{01}`` are variables,
``z_{00}`` is Z[0,0] *by the layer's definition*, ``dy_{ij}`` and ``∂L/∂z_{r,c}`` are G
entries, ``dw_1`` and ``∂L/∂w_{0,1}`` are the gradients *derived by the chain rule*, and
``∂z_{r,c}/∂w_{a',b'}`` differentiates Z's definition.  So ``z_{00} = w_{00} x_{00} + ...``
becomes "definition = what the student wrote", ``dx_3 = w_2 ∂L/∂y_2 + w_3 ∂L/∂y_3``
becomes "derived gradient = what the student wrote", and both are polynomial identities.

A term is evaluated left to right: ``\\sum`` and ``∂/∂v`` take the rest of the term,
``rot180`` takes the next factor, a tensor followed by ``(i, j)`` or ``[i]`` is indexed,
juxtaposition and ``\\cdot`` multiply (matrices by the matrix product, ``∂y/∂w · ∂L/∂y``
by the chain rule), and ``*``, ``\\star``, ``\\otimes`` are what the notation says.
"""

from __future__ import annotations

from fractions import Fraction

from symconv.checker.algebra import (
    Arr,
    Poly,
    Value,
    accumulate,
    add,
)
from symconv.checker.derivatives import Derivatives
from symconv.checker.factors import Factors
from symconv.checker.implicit_sums import ImplicitSums, implicit_names
from symconv.checker.index_functions import INDEX_FUNCTIONS
from symconv.checker.indexing import TensorIndexing
from symconv.checker.items import (
    function_name,
    is_operator_frac,
    is_sum,
    linear,
    meaningful,
    negate,
)
from symconv.checker.limits import (
    EXPRESSION_WORK,
    MAX_SUM_RANGE,
    Budget,
    FractionalIndex,
    NotUnderstood,
)
from symconv.checker.operator_calls import call, operator_call
from symconv.checker.refs import resolve
from symconv.checker.scalar import Infinite, Scalar
from symconv.checker.set_sums import SetSums
from symconv.checker.sizes import lookup_in, size_quantity
from symconv.checker.syntax import (
    Chain,
    Expr,
    Factor,
    Group,
    Node,
    Op,
    Side,
    Sym,
)
from symconv.checker.truth import Model
from symconv.checker.vec import column, is_vec
from symconv.checker.written_names import index_list, index_name, single_item

BATCH_NAMES = frozenset({"N", "N_b", "N_batch"})  # the batch size in a sum's bound


class Evaluator(Factors, ImplicitSums, SetSums, Derivatives, TensorIndexing):
    """Evaluates sides of one statement against one model, for one assignment of indices."""

    def __init__(self, model: Model, quantities: dict, budget: Budget) -> None:
        super().__init__(model)
        self.quantities = quantities
        self.budget = budget
        self.bound: dict[str, int] = {}
        self.free: set[str] = set()
        self.size_names: set[str] = set()
        self.probe: dict[str, tuple[int, int]] | None = None
        self.strict = False
        self.used_sizes: set[str] = set()
        self.infinite = False  # a bound of the sum being read is +-infinity
        self.size_reads = 0  # sizes read so far (a bound written with k_1 is symbolic)
        # per evaluator (one model, one set of quantities): what each size name read, and
        # each sum bound's value by the values of the names it read (see _bound)
        self._sizes: dict[str, tuple[bool, Fraction]] = {}
        self._bounds: dict[int, tuple[Node, object, tuple[str, ...], dict]] = {}
        self._indices: dict[int, tuple[Node, object, tuple[str, ...], dict]] = {}
        self._brackets: dict[int, tuple[Node, object, tuple[str, ...], dict]] = {}
        self._limit: int | None = None
        self._linear: dict[int, tuple[Node, object]] = {}  # each index's linear form

    # ------------------------------------------------------------------ numbers
    def size(self, name: str) -> Fraction:
        known = self._sizes.get(name)  # read before: the same value, the same marks
        if known is not None:
            batch, value = known
            if batch:
                self.batch_used = True
            else:
                self.used_sizes.add(name)
                self.size_reads += 1
            return value
        if name in BATCH_NAMES:  # \sum_{n=0}^{N-1}: the samples of the batch
            self.batch_used = True
            value = self._sizes[name] = (True, Fraction(self.model.batch))
            return value[1]
        quantity = size_quantity(name, self.notation, secondary=True)
        if quantity is None:
            raise NotUnderstood(f"{name} is neither a size of this layer nor a bound index")
        if quantity == "batch":  # the notes' own letter for it ("a batch of $B = 2$")
            self.batch_used = True
            value = self._sizes[name] = (True, Fraction(self.model.batch))
            return value[1]
        self.used_sizes.add(name)
        self.size_reads += 1
        found = lookup_in(self.quantities, name, quantity)
        self._sizes[name] = (False, found)
        return found

    def index_lookup(self, name: str) -> Fraction:
        if name in self.bound:
            return Fraction(self.bound[name])
        if self.probe is not None and name in self.free:
            return Fraction(self.probe.get(name, (0, 0))[0])
        if name in self.size_names or (
            len(name) > 1 and name[-1] not in "'*" and size_quantity(name, self.notation)
        ):
            return self.size(name)
        raise NotUnderstood(f"the index {name} is not bound by a sum and not on the left side")

    def bound_lookup(self, name: str) -> Fraction:
        if name in self.bound:
            return Fraction(self.bound[name])
        if self.probe is not None and name in self.free:
            return Fraction(self.probe.get(name, (0, 0))[0])
        return self.size(name)

    def index_value(self, expr: Node) -> int:
        kept = self._linear.get(id(expr))  # memo("linear"), without a closure per call
        if kept is not None and kept[0] is expr:
            form = kept[1]
        else:
            form = linear(expr)
            self._linear[id(expr)] = (expr, form)
        if form is None:
            if self.memo("mod", expr, lambda: "mod'" in repr(expr)) and not _grouped(self):
                # c \bmod 2 picks a channel's slot within its group: under a layer read
                # with no groups, the notes' layer is not the one read
                raise NotUnderstood(
                    "an index \\bmod a group size, but the layer read has no groups"
                )
            try:
                value = self._once(
                    self._indices, expr, self.index_lookup, lambda look: Scalar(look).value(expr)
                )
            except Infinite:  # x_\infty: only a sum's bound may be infinite
                raise NotUnderstood("an index is infinite") from None
            if value.denominator != 1:
                raise FractionalIndex(f"the index {value} is not a whole number")
            return int(value)
        const, coefs = form
        total = const
        bound = self.bound
        for name, coef in coefs:
            value = bound.get(name)
            total += coef * (value if value is not None else self.index_lookup(name))
        if isinstance(total, Fraction):
            if total.denominator != 1:
                raise FractionalIndex(f"the index {total} is not a whole number")
            return int(total)
        return total

    # ------------------------------------------------------------------ structure
    def side(self, node: Side) -> Value:
        if len(node.exprs) != 1:
            raise NotUnderstood("a comma list is not one value")
        return self.expr(node.exprs[0])

    def expr(self, node: Expr) -> Value:
        total: Value | None = None
        for sign, term in node.terms:
            value = self.term(term.items)
            if sign == "-":
                value = negate(value)
            total = value if total is None else add(total, value, self.budget)
        if total is None:
            raise NotUnderstood("an empty expression")
        return total

    def term(self, items: tuple) -> Value:
        self.budget.tick(EXPRESSION_WORK)
        items, kinds = self.memo("plan", items, lambda: _plan(items))
        result: Value | None = None
        pending: str | None = None
        i = 0
        while i < len(items):
            item = items[i]
            kind, what = kinds[i]
            if kind == "op":
                if result is None or pending is not None:
                    raise NotUnderstood(f"{item.name} has no left operand")
                pending, i = item.name, i + 1
                continue
            if kind == "sum":  # the rest of the term, one tuple for every evaluation
                value, i = self.sum(item, what), len(items)
            elif kind == "derivative":
                value, i = self.apply_derivative(item, items[i + 1 :]), len(items)
            elif kind == "function":
                value, i = self.applied(what, items, i + 1)
            elif kind == "vec":  # vec(A): A's entries as a column
                value, i = self.operand(items, i + 1)
                value = column(value)
            elif kind == "operator":  # pad_2(G_{n,f}), corr_2(a, W), conv_full
                value, i = self.operator_applied(what, items, i + 1)
            else:
                value, i = self.operand(items, i)
            result = value if result is None else self.combine(pending, result, value)
            pending = None
        if result is None or pending is not None:
            raise NotUnderstood("an operator without its operand")
        return result

    def applied(self, name: str, items: list, i: int) -> tuple[Value, int]:
        """``rot180(W)`` and ``\\text{rot}_{180}(W)_{a,b}``: the script after the bracket
        indexes the function's result, not its argument (so not "rot180 of a scalar")."""
        nxt = items[i] if i < len(items) else None
        if (
            name == "\\max"
            and hasattr(self.model, "max_of")
            and isinstance(nxt, Group)
            and nxt.kind == "paren"
        ):  # max pooling: max(x_{00}, ...) over a window
            return self.max_of(nxt), i + 1
        if (
            isinstance(nxt, Factor)
            and isinstance(nxt.base, Group)
            and nxt.base.kind in ("paren", "bracket")
            and nxt.sub is not None
            and nxt.sup is None
            and not nxt.primes
        ):
            whole = self.function(name, self.factor(nxt.base))
            exprs = index_list(nxt.sub)
            if not isinstance(whole, Arr) or not exprs:
                raise NotUnderstood("only arrays can be indexed")
            return self.apply_indices(whole, exprs), i + 1
        after = items[i + 1] if i + 1 < len(items) else None
        if (  # rot180(K)(m, n): in functional notation, the result indexed by (m, n)
            isinstance(nxt, Group)
            and nxt.kind == "paren"
            and isinstance(after, Group)
            and after.kind in ("paren", "bracket")
        ):
            whole = self.function(name, self.factor(nxt))
            if not isinstance(whole, Arr):
                raise NotUnderstood("only arrays can be indexed")
            return self.apply_indices(whole, self.arguments(after)), i + 2
        arg, i = self.operand(items, i)
        return self.function(name, arg), i

    def operator_applied(self, found: tuple[str, str], items: list, i: int) -> tuple[Value, int]:
        nxt = items[i] if i < len(items) else None
        if not isinstance(nxt, Group) or nxt.kind != "paren":
            raise NotUnderstood(f"{found[0]} without its arguments in parentheses")
        args = [self.expr(e) for e in self.arguments(nxt)]
        return call(found[0], found[1], args, self.budget), i + 1

    def max_of(self, group: Group) -> Poly:
        entries = set()
        for expr in self.arguments(group):
            value = self.expr(expr)
            if not isinstance(value, Poly) or len(value.terms) != 1:
                raise NotUnderstood("a max of something other than entries of the input")
            ((mono, coef),) = value.terms.items()
            if coef != 1 or len(mono) != 1:
                raise NotUnderstood("a max of something other than entries of the input")
            entries.add(mono[0])
        return Poly.var(self.model.max_of(frozenset(entries)))  # type: ignore[attr-defined]

    def operand(self, items: list, i: int) -> tuple[Value, int]:
        if i >= len(items):
            raise NotUnderstood("a function without its argument")
        item = items[i]
        ref = None
        if item == Sym("d") and i + 1 < len(items):
            ref = self.memo(
                "dref", items[i + 1], lambda: resolve(items[i + 1], self.notation, grad=True)
            )
            step = 2
        if ref is None:
            ref, step = self.memo("ref", item, lambda: resolve(item, self.notation)), 1
        if ref is not None:
            i += step
            if i < len(items) and self._applies(items[i], ref.indices is None, tensor=True):
                group, base = items[i], ref
                ref = self.memo(
                    "applied", group, lambda: base.with_indices(self.arguments(group), func=True)
                )
                i += 1
            return self.reference(ref), i
        value = self.factor(item)
        i += 1
        while i < len(items) and isinstance(value, Arr) and self._applies(items[i], True):
            value, i = self.apply_indices(value, self.arguments(items[i])), i + 1
        return value, i

    def _applies(self, nxt: Node, open_: bool, tensor: bool = False) -> bool:
        """Is ``nxt`` an index list for what precedes it (``I(i, j)``, ``y[i]``, ``(..)(m, n)``)?"""
        if not open_ or not isinstance(nxt, Group) or nxt.kind not in ("paren", "bracket"):
            return False
        if nxt.kind == "bracket" or self.notation.functional:
            return True
        body = nxt.body
        return bool(
            body and len(body.sides) == 1 and (len(body.sides[0].exprs) > 1 or "':'" in repr(body))
        )

    def arguments(self, group: Group) -> list[Expr]:
        if group.body is None or len(group.body.sides) != 1 or group.body.leading:
            raise NotUnderstood("an empty or relational index list")
        return list(group.body.sides[0].exprs)

    # ------------------------------------------------------------------ sums
    def sum(self, head: Node, body: list) -> Value:
        self.infinite, reads = False, self.size_reads
        names = implicit_names(head)
        if names is not None:
            return self.implicit_sum(names, body)
        over_set = self.set_values(head)  # \sum_{p,q \in \{0,2,4\}}
        if over_set is not None:
            return self.set_sum(*over_set, body)
        var, lo, hi = self.sum_range(head)
        # bounds written in numbers only: a symbolic bound past the end (k_1 where the
        # output is smaller) is a size question for the size-specific verdict
        finite = not self.infinite and self.size_reads == reads
        if not body:
            raise NotUnderstood("a sum without a body")
        if hi - lo + 1 > MAX_SUM_RANGE:
            raise NotUnderstood(f"a sum over {hi - lo + 1} values")
        saved, strict = self.bound.get(var), self.strict
        span = self.sum_spans.pop(var, None)
        if finite:
            self.sum_spans[var] = (lo, hi)
        symbolic = getattr(self, "symbolic_spans", {})
        self.symbolic_spans = symbolic
        outer = symbolic.pop(var, None)
        if not finite and not self.infinite:
            # \sum_{i=0}^{H-1} dY[i, j]: its bound is a size (sum_bounds.py); an infinite
            # sum (\sum_{m=-\infty}^{\infty}) means zeros outside, by its convention
            symbolic[var] = (lo, hi)
        self.strict = False
        total: Value | None = None
        body_items = tuple(body)
        try:
            for v in range(lo, hi + 1):
                self.bound[var] = v
                total = accumulate(total, self.term(body_items), self.budget)
        finally:
            self.strict = strict
            self.sum_spans.pop(var, None)
            if span is not None:
                self.sum_spans[var] = span
            symbolic.pop(var, None)
            if outer is not None:
                symbolic[var] = outer
            if saved is None:
                self.bound.pop(var, None)
            else:
                self.bound[var] = saved
        return Poly() if total is None else total

    def sum_range(self, head: Node) -> tuple[str, int, int]:
        if not isinstance(head, Factor):
            raise NotUnderstood("a sum needs bounds written as \\sum_{i=a}^{b}")
        sub, sup = head.sub, head.sup
        chain = sub.body if isinstance(sub, Group) else None
        if not isinstance(chain, Chain) or chain.rels != ("=",) or sup is None:
            raise NotUnderstood("a sum needs bounds written as \\sum_{i=a}^{b}")
        var_node = single_item(chain.sides[0].exprs[0]) if len(chain.sides[0].exprs) == 1 else None
        var = index_name(var_node) if var_node is not None else None
        if var is None:
            raise NotUnderstood("the summation index is not a single letter")
        upper = sup.body if isinstance(sup, Group) else sup
        if isinstance(upper, Chain) and upper.rels == ("=",):  # \sum_{k=0}^{k=m-1}
            upper = upper.sides[-1]
        if self._limit is None:
            self._limit = max(max(v.full_shape) for v in self.model.views.values()) + 2
        limit = self._limit
        return var, self._bound(chain.sides[1], -limit), self._bound(upper, limit)

    def _bound(self, node: Node, infinite: int) -> int:
        """A sum's bound, evaluated once for each set of values of the names it reads
        (:meth:`_once`); an infinite bound is marked and given as ``infinite``."""

        def evaluate(lookup) -> tuple[int, int]:
            try:
                return Scalar(lookup).integer(node, "the sum bound"), 0
            except Infinite as inf:
                return 0, inf.sign

        value, sign = self._once(self._bounds, node, self.bound_lookup, evaluate)
        if sign:
            self.infinite = True
            return infinite if sign * infinite > 0 else -infinite
        return value

    def _once(self, store: dict, node: Node, lookup_name, evaluate):
        """``evaluate(lookup)`` of ``node``, once for each set of values of the names it
        reads through ``lookup_name``.

        A sum's bound, a computed index (``\\frac{m - k + 3}{2}``) or a side of an Iverson
        bracket (``[a = s i + m - p]``) is re-read at every iteration of the sums around it
        and at every index value checked; its value depends only on what its names look up
        to (an index's value, a probed free index, a size: sizes are fixed for the
        evaluator), so the first evaluation records the names it looked up, in order, and a
        later one whose names look up the same is answered from it, with the same marks of
        the sizes read (used_sizes, size_reads, batch_used).  An evaluation that raised is
        never kept (it is evaluated again, as before).  No work is charged to the budget
        here either way (Scalar charges none)."""
        defined = INDEX_FUNCTIONS.get()
        kept = store.get(id(node))
        if kept is not None and kept[0] is node and kept[1] is defined:
            hit = kept[3].get(self._bound_key(kept[2]))
            if hit is not None:
                result, sizes = hit
                for name in sizes:
                    self.size(name)
                return result
        names: list[str] = []
        sizes: list[str] = []

        def lookup(name: str) -> Fraction:
            names.append(name)
            if name not in self.bound and not (self.probe is not None and name in self.free):
                sizes.append(name)
            return lookup_name(name)

        result = evaluate(lookup)
        read = tuple(names)
        if kept is None or kept[0] is not node or kept[1] is not defined or kept[2] != read:
            kept = (node, defined, read, {})
            store[id(node)] = kept
        kept[3][self._bound_key(read)] = (result, tuple(sizes))
        return result

    def _bound_key(self, names: tuple[str, ...]) -> tuple:
        """What ``names`` look up to now, as bound_lookup reads them (None: a size)."""
        bound, probe, free = self.bound, self.probe, self.free
        return tuple(
            bound[n]
            if n in bound
            else (("probe", probe.get(n, (0, 0))[0]) if probe is not None and n in free else None)
            for n in names
        )


def _plan(written: tuple) -> tuple[list, tuple[tuple[str, object], ...]]:
    """A term's meaningful items and what each one is (Evaluator.term reads them in this
    order: an operator, a sum, a derivative, a function, vec, an operator's call, else an
    operand), worked out once per term rather than at every evaluation of it."""
    items = meaningful(written)
    kinds: list[tuple[str, object]] = []
    for i, item in enumerate(items):
        if isinstance(item, Op):
            kinds.append(("op", None))
        elif is_sum(item):
            kinds.append(("sum", tuple(items[i + 1 :])))
        elif is_operator_frac(item):
            kinds.append(("derivative", None))
        elif function_name(item) is not None:
            kinds.append(("function", function_name(item)))
        elif is_vec(item):
            kinds.append(("vec", None))
        elif operator_call(item) is not None:
            kinds.append(("operator", operator_call(item)))
        else:
            kinds.append(("operand", None))
    return items, tuple(kinds)


def _grouped(evaluator) -> bool:
    """Whether the layer being judged is a grouped convolution."""
    spec = getattr(getattr(evaluator, "model", None), "spec", None)
    return getattr(spec, "groups", 1) > 1
