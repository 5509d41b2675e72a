"""Dense layer: Z = X Wᵀ + b with W of shape (out, in), X of shape (N, in).

∂Z[n,o]/∂W[o,i] = X[n,i] and ∂Z[n,o]/∂X[n,i] = W[o,i], so the chain rule sums give the
transposes: dW = Gᵀ X, dX = G W, db = Σ_n G.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from symconv.algebra.tensors import Naming
from symconv.algebra.termarray import TermArray, concat_terms
from symconv.layers.base import Identity, PolyLayer
from symconv.layers.conv import bias_terms
from symconv.ops import BiasAdd, MatMul, Node, SumOver, TensorSymbol, Transpose
from symconv.spec.layer import Dense


def dense_terms(spec: Dense, batch: int) -> int:
    return 6 * batch * spec.out_features * (spec.in_features + 1)


class DenseLayer(PolyLayer):
    def __init__(self, spec: Dense, batch: int = 1, naming: Naming | None = None) -> None:
        super().__init__(naming)
        self.spec, self.batch, self.label = spec, batch, spec.name
        self.x = self.tensor("X", "x", (batch, spec.in_features))
        self.w = self.tensor("W", "w", (spec.out_features, spec.in_features))
        self.b = self.tensor("b", "b", (spec.out_features,)) if spec.bias else None
        self.g = self.tensor("G", "g", (batch, spec.out_features))

    def config(self) -> dict[str, Any]:
        s = self.spec
        return {
            "layer": s.name,
            "kind": "dense",
            "batch": self.batch,
            "in_features": s.in_features,
            "out_features": s.out_features,
            "bias": s.bias,
        }

    def estimate_terms(self) -> int:
        return dense_terms(self.spec, self.batch)

    def forward(self) -> TermArray:
        """Z[n,o] = Σ_i W[o,i]·X[n,i] + b[o]."""
        n, o = (
            g[..., None] for g in np.ix_(np.arange(self.batch), np.arange(self.spec.out_features))
        )
        i = np.arange(self.spec.in_features)
        x, w = np.broadcast_arrays(self.x.ids[n, i], self.w.ids[o, i])
        z = TermArray(np.stack([w, x], axis=-1), np.ones(x.shape, dtype=np.int64))
        if self.b is None:
            return z
        return concat_terms([z, bias_terms(self.b.ids, self.g.shape)])

    def identities(self) -> list[Identity]:
        return dense_identities(self.spec.bias)

    def kernels(self) -> dict[str, Any]:
        from symconv.runtime.printed_kernels import (
            dense_kernels,  # the runtime imports the layers, not back
        )

        return dense_kernels(self.spec.bias)


def dense_identities(bias: bool) -> list[Identity]:
    """Z, dL/dW, dL/dX (and dL/db) of a dense layer; the same nodes at every size."""
    forms = dense_closed_forms(bias)
    plus = " + b" if bias else ""
    found = [
        Identity("Z", f"Z = X W^T{plus}", "Z", forms["Z"]),
        Identity("dL/dW", "dL/dW = G^T X", "W", forms["W"]),
        Identity("dL/dX", "dL/dX = G W", "X", forms["X"]),
    ]
    if bias:
        found.append(Identity("dL/db", "dL/db = sum_n G", "b", forms["b"]))
    return found


def dense_closed_forms(bias: bool) -> dict[str, Node]:
    """Z = X Wᵀ (+ b), dW = Gᵀ X, dX = G W, db = Σ_n G as closed-form nodes."""
    X, W, G = TensorSymbol("X"), TensorSymbol("W"), TensorSymbol("G")
    forward = MatMul(X, Transpose(W))
    forms = {
        "Z": BiasAdd(forward, TensorSymbol("b")) if bias else forward,
        "W": MatMul(Transpose(G), X),
        "X": MatMul(G, W),
    }
    if bias:
        forms["b"] = SumOver(G, (0,))
    return forms
