"""The Kronecker delta ``\\delta_{a a'}`` (``\\delta_{a,a'}``, ``\\delta_{0 m'}``): 1 where its
two indices are equal, else 0.  The notes print it in the local derivative
``∂z_{r,c}/∂w_{a',b'} = Σ_{a,b} δ_{a a'} δ_{b b'} x_{r+a,c+b}``, before the sum collapses."""

from __future__ import annotations

from symconv.checker.syntax import Expr, Factor, Op, Sym, Term
from symconv.checker.written_names import index_list

DELTAS = frozenset({"\\delta"})


def kronecker_pair(node: Factor) -> tuple[Expr, Expr] | None:
    """The two index expressions of a Kronecker delta, or None when ``node`` is none."""
    if (
        not (isinstance(node.base, Sym) and node.base.name in DELTAS)
        or node.sub is None
        or node.sup is not None
        or node.primes
    ):
        return None
    exprs = index_list(node.sub)
    if exprs is None:
        return None
    if len(exprs) == 2:
        return exprs[0], exprs[1]
    if len(exprs) != 1 or len(exprs[0].terms) != 1 or exprs[0].terms[0][0] != "+":
        return None
    # δ_{a a'}: two one-item indices side by side (a space between them, or none)
    items = [i for i in exprs[0].terms[0][1].items if not (isinstance(i, Op) and i.name == "space")]
    if len(items) != 2:
        return None
    return tuple(Expr((("+", Term((item,))),)) for item in items)  # type: ignore[return-value]
