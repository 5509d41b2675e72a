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
from itertools import product

from symconv.checker.algebra import Arr, Poly, array, mul
from symconv.checker.limits import Budget, NotUnderstood, Wrong

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
            raise NotUnderstood(f"{found.group(1)}_{{{found.group(2)}}}: the options must be "
                                "s=, d= or g= with a number")
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


def slide_options(a: Arr, b: Arr, options: dict[str, int], weight_gradient: bool,
                  budget: Budget) -> Arr:
    """A valid correlation of ``a`` with ``b`` under the written stride and dilation."""
    if set(options) - {"s", "d"} or a.data.ndim != b.data.ndim:
        raise NotUnderstood("only s= and d= are read between written-out arrays")
    s, d = options.get("s", 1), options.get("d", 1)
    x, k = a.data, b.data
    if weight_gradient:  # Y[o] = Σ_i x[s·i + d·o] k[i]
        out = tuple((xn - s * (kn - 1) - 1) // d + 1 for xn, kn in zip(x.shape, k.shape,
                                                                        strict=True))

        def at(o, m):
            return tuple(s * mi + d * oi for oi, mi in zip(o, m, strict=True))
    else:  # Y[o] = Σ_m x[s·o + d·m] k[m]
        out = tuple((xn - d * (kn - 1) - 1) // s + 1 for xn, kn in zip(x.shape, k.shape,
                                                                        strict=True))

        def at(o, m):
            return tuple(s * oi + d * mi for oi, mi in zip(o, m, strict=True))
    if any(n < 1 for n in out):
        raise Wrong(f"the {'x'.join(map(str, k.shape))} array does not fit in the "
                    f"{'x'.join(map(str, x.shape))} one with stride {s}, dilation {d}")
    windows = list(product(*(range(n) for n in k.shape)))

    def entry(o: tuple[int, ...]) -> Poly:
        total = Poly()
        for m in windows:
            total.iadd(mul(k[m], x[at(o, m)], budget))
        return total

    return Arr(array(out, entry))
