"""``A \\star_{d=2} B`` between written-out matrices: the options the printer writes on its
correlations (``s=`` stride, ``d=`` dilation), read in the element-wise checker.

The printer's two correlations with options mean (``symconv.ops``):

* ``pad(G) \\star_{s,d} rot180(W)`` and ``X \\star_{s,d} W``: the second operand is the
  kernel, ``Y[o] = Σ_m A[s·o + d·m] B[m]``;
* ``X \\star_{d} G`` (dL/dW, the kernel-sized result): G slides with the layer's stride and
  its windows dilated by d, ``Y[a] = Σ_i A[s·i + d·a] G[i]``; this is the case whenever the
  second operand holds entries of G (as the operator checker decides it by G's role).
"""

from __future__ import annotations

import re

from symconv.checker.algebra import Arr, fmt_shape
from symconv.checker.limits import Budget, NotUnderstood, Wrong
from symconv.checker.sliding import Given, _as_tensor, _from_terms, _Ids, _to_terms
from symconv.ops import Correlate, CorrelateWeight, Dilate, Node

_OPTIONS = re.compile(r"^(\\[a-z]+|\*)_\{(.*)\}$")
_PAIR = re.compile(r"^([sdg])=(\d+)$")


def split_options(op: str | None) -> tuple[str | None, dict[str, int]]:
    """``\\star_{s=2,d=2}`` -> (``\\star``, {"s": 2, "d": 2}); any other op unchanged."""
    found = _OPTIONS.match(op or "")
    if found is None:
        return op, {}
    options = {}
    for part in found.group(2).split(","):
        pair = _PAIR.match(part.strip())
        if pair is None:
            raise NotUnderstood(
                f"{found.group(1)}_{{{found.group(2)}}}: the options must be "
                "s=, d= or g= with a number"
            )
        options[pair.group(1)] = int(pair.group(2))
    return found.group(1), options


def options_text(chain) -> str:
    """The written options of a subscript brace (``s = 2, d = 2``) as plain text."""
    if chain is None:
        return ""
    parts = []
    for k, side in enumerate(chain.sides):
        if k:
            parts.append(chain.rels[k - 1])
        parts.append(",".join(_plain(expr) for expr in side.exprs))
    return "".join(parts)


def _plain(expr) -> str:
    words = []
    for sign, term in expr.terms:
        words.append("" if sign == "+" and not words else sign)
        words.extend(getattr(i, "name", getattr(i, "text", "?")) for i in term.items)
    return "".join(words)


def slide_options(
    a: Arr, b: Arr, options: dict[str, int], weight_gradient: bool, budget: Budget
) -> Arr:
    """A valid correlation of ``a`` with ``b`` under the written stride and dilation, by
    the closed-form nodes (:class:`~symconv.ops.Correlate`, or
    :class:`~symconv.ops.CorrelateWeight` for the weight gradient, G dilated by the
    stride first), as :mod:`symconv.checker.sliding` runs the plain ones."""
    if set(options) - {"s", "d"} or a.data.ndim != b.data.ndim or a.data.ndim > 2:
        raise NotUnderstood("only s= and d= are read, between two rows or two matrices")
    s, d = options.get("s", 1), options.get("d", 1)
    ids = _Ids()
    xt, kt = (_to_terms(_as_tensor(v.data, True), ids) for v in (a, b))
    (xh, xw), (kh, kw) = xt.shape[-2:], kt.shape[-2:]
    if weight_gradient:  # [a,b] = Σ_{i,j} X[s·i + d·a, s·j + d·b] G[i,j]
        grad: Node = Dilate(Given("K"), (s, s)) if s != 1 else Given("K")
        size = ((xh - s * (kh - 1) - 1) // d + 1, (xw - s * (kw - 1) - 1) // d + 1)
        node: Node = CorrelateWeight(Given("A"), grad, (d, d), 1, size)
    else:  # [o] = Σ_m X[s·o + d·m] K[m]
        size = ((xh - d * (kh - 1) - 1) // s + 1, (xw - d * (kw - 1) - 1) // s + 1)
        node = Correlate(Given("A"), Given("K"), (s, s), (d, d), 1)
    if min(size) < 1:
        raise Wrong(
            f"the {fmt_shape(b.shape)} array does not fit in the {fmt_shape(a.shape)} "
            f"one with stride {s}, dilation {d}"
        )
    budget.spend(size[0] * size[1] * kt.coef.size * xt.coef.shape[-1])
    out = node.expand({"A": xt, "K": kt})
    return Arr(_from_terms(out, ids, size if a.data.ndim == 2 else size[-1:]))
