"""The chain rule, element by element: dL/dθ = Σ_o G[o] · ∂Z[o]/∂θ.

``Z`` holds one exact polynomial per output element and ``G = dL/dZ`` is a symbolic
tensor of the same shape.  We differentiate each output's own expression term by term:
for a term ``c · v_1 ··· v_D`` the partial with respect to the variable in slot s is
``c · Π_{t≠s} v_t`` (a repeated variable appears in several slots, which gives the power
rule).  Multiplying by ``G[o]`` and collecting by variable is the sum over outputs; an
output contributes only to the variables of its own window, so the giant loss
``Σ_o G[o]·Z[o]`` is never formed.  The result equals ``sympy.diff`` of that loss (the
tests check it); here it is NumPy over all terms at once.
"""

from __future__ import annotations

import numpy as np

from symconv.algebra.termarray import EMPTY, Rows, TermArray
from symconv.errors import ArgumentError


def chain_rule(z: TermArray, grad_ids: np.ndarray, only: int | None = None) -> Rows:
    """Rows ``(v, monomial) -> coefficient`` of dL/dv for every variable v of ``z``, or for
    the one variable ``only``: its rows are the same, as the other variables' terms never
    reach it (the checker asks for a few entries of many layers)."""
    if z.shape != grad_ids.shape:
        raise ArgumentError(f"Z {z.shape} and G {grad_ids.shape} differ in shape")
    k, d = z.mono.shape[-2:]
    mono = z.mono.reshape(-1, k, d)
    coef = z.coef.reshape(-1, k)
    g = np.broadcast_to(grad_ids.reshape(-1, 1, 1).astype(np.int64), (mono.shape[0], k, 1))
    keys, monos, coefs = [], [], []
    for slot in range(d):
        var = mono[:, :, slot]
        keep = (var != EMPTY) & (coef != 0)
        if only is not None:
            keep &= var == only
        kept = mono[keep]  # (terms, D): the terms whose slot holds a variable
        keys.append(var[keep])
        monos.append(np.concatenate([np.delete(kept, slot, axis=1), g[keep]], axis=1))
        coefs.append(coef[keep])  # G[o]·∂/∂v: the slot's variable replaced by G[o]
    return Rows.build(np.concatenate(keys), np.concatenate(monos), np.concatenate(coefs), z.den)


def restrict(rows: Rows, ids: np.ndarray) -> Rows:
    """The rows whose variable belongs to one tensor (its ids are one contiguous block)."""
    lo, hi = int(ids.min()), int(ids.max()) + 1
    start, stop = np.searchsorted(rows.key, lo), np.searchsorted(rows.key, hi)
    return Rows(rows.key[start:stop], rows.mono[start:stop], rows.coef[start:stop], rows.den)
