"""Activations (A = σ(Z)) and the softmax cross-entropy loss, proved with SymPy.

These are not polynomials, so the derivation is SymPy's ``diff`` itself:

- activation: each A[o] depends on Z[o] alone, so the Jacobian is diagonal and
  dL/dZ[o] = G[o]·dσ/dz at Z[o], which must equal the closed form dZ = dA ⊙ σ'(Z) with
  σ' written the textbook way (1 - tanh², σ(1 - σ), 1[z > 0]; relu'(0) = 0 as in
  PyTorch);
- loss: L = (1/N) Σ_n (log Σ_k e^{z_{n,k}} - z_{n,y_n}); dL/dz = (softmax(z) - onehot(y))/N.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import sympy

from symconv.algebra.tensors import Naming
from symconv.algebra.terms import SymbolTable
from symconv.ops.pointwise import (
    ActivationGrad,
    SoftmaxCrossEntropy,
    activation_function,
    slope_in_output,
)
from symconv.proofs.proof import FAILED, PROVED, Mismatch, Proof

_z, _g = sympy.Dummy("z"), sympy.Dummy("g")


def textbook_slope(kind: str, z: sympy.Expr) -> sympy.Expr:
    """σ'(z) as lecture notes write it, in z (the kernels' form in a = σ(z) is
    :func:`~symconv.ops.pointwise.slope_in_output`; the proof covers that one)."""
    if kind == "relu":
        return sympy.Piecewise((1, z > 0), (0, True))
    return slope_in_output(kind, activation_function(kind, z))


def activation_terms(shape: tuple[int, ...], batch: int) -> int:
    return 4 * batch * int(np.prod(shape))


def softmax_terms(classes: int, batch: int) -> int:
    """SymPy differentiates the whole loss once per logit: about classes² SymPy terms per
    sample, each some hundred times dearer than a term of the array prover."""
    return 400 * batch * classes * (classes + 1)


class ActivationLayer:
    """A = σ(Z) on a tensor of one concrete shape."""

    def __init__(
        self,
        kind: str,
        shape: tuple[int, ...],
        batch: int = 1,
        naming: Naming | None = None,
        name: str = "act",
    ) -> None:
        self.kind, self.shape, self.batch = kind, tuple(shape), batch
        self.label = f"{name}:{kind}"
        self.table = SymbolTable()
        from symconv.algebra.tensors import SymbolicTensor

        naming = naming or Naming()
        self.z = SymbolicTensor("z", (batch, *shape), self.table, naming, tag="Z")
        self.g = SymbolicTensor("g", (batch, *shape), self.table, naming, tag="G")

    def config(self) -> dict[str, Any]:
        return {
            "layer": self.label,
            "kind": self.kind,
            "batch": self.batch,
            "shape": list(self.shape),
        }

    def estimate_terms(self) -> int:
        return activation_terms(self.shape, self.batch)

    def prove(self, kernels: bool = True) -> list[Proof]:
        """The gradient proof; with ``kernels``, the kernels checked against the scalar
        forms (:mod:`symconv.proofs.kernel_identities_pointwise`)."""
        proofs = self.prove_gradient()
        if kernels and proofs[0].proved:
            from symconv.proofs.kernel_identities_pointwise import activation_kernel_proofs

            proofs += activation_kernel_proofs(self)
        return proofs

    def prove_gradient(self) -> list[Proof]:
        """Chain rule on the elementwise map, then one symbolic comparison.

        dL/dZ[j] = Σ_o G[o]·∂σ(Z[o])/∂Z[j]; ∂σ(Z[o])/∂Z[j] = 0 for o ≠ j because σ(Z[o])
        has Z[o] as its only variable, so dL/dZ[j] = G[j]·σ'(Z[j]) for every j, the same
        function of each entry's own variables: comparing it with the closed form once,
        for a generic (z, g), covers every entry.
        """
        start = time.perf_counter()
        a = activation_function(self.kind, _z)
        if a.free_symbols != {_z}:
            raise AssertionError(f"{self.kind}(z) depends on {a.free_symbols}")
        derived = _g * sympy.diff(a, _z)
        # The very node the kernels print, evaluated at a = σ(z).
        closed = ActivationGrad(_g, _z, self.kind).scalar(_g, a)
        equal = sympy.simplify(derived - closed) == 0
        entries = int(np.prod(self.z.shape))
        mismatch = (
            None if equal else Mismatch([0] * len(self.z.shape), str(derived), str(closed), [], [])
        )
        return [
            Proof(
                layer=self.label,
                identity="dL/dZ",
                statement=f"dZ = dA ⊙ {self.kind}'(Z)",
                config=self.config(),
                status=PROVED if equal else FAILED,
                entries=entries,
                terms=entries,
                seconds=time.perf_counter() - start,
                method="elementwise: SymPy diff of the scalar map, diagonal Jacobian",
                mismatch=mismatch,
                note="relu'(0) = 0, as in PyTorch" if self.kind == "relu" else "",
            )
        ]


class SoftmaxCrossEntropyLayer:
    """Mean softmax cross-entropy over N samples of K classes, labels fixed per sample."""

    def __init__(
        self,
        classes: int,
        batch: int = 1,
        naming: Naming | None = None,
        labels: list[int] | None = None,
        name: str = "loss",
    ) -> None:
        self.classes, self.batch, self.label = classes, batch, name
        self.labels = labels if labels is not None else [n % classes for n in range(batch)]
        self.table = SymbolTable()
        from symconv.algebra.tensors import SymbolicTensor

        self.z = SymbolicTensor("z", (batch, classes), self.table, naming or Naming(), tag="Z")

    def config(self) -> dict[str, Any]:
        return {
            "layer": self.label,
            "kind": "softmax_cross_entropy",
            "batch": self.batch,
            "classes": self.classes,
            "labels": self.labels,
        }

    def estimate_terms(self) -> int:
        return softmax_terms(self.classes, self.batch)

    def prove(self, kernels: bool = True) -> list[Proof]:
        """The gradient proof; with ``kernels``, the kernel checked against both forms."""
        proofs = self.prove_gradient()
        if kernels and proofs[0].proved:
            from symconv.proofs.kernel_identities_pointwise import loss_kernel_proofs

            proofs += loss_kernel_proofs(self)
        return proofs

    def prove_gradient(self) -> list[Proof]:
        start = time.perf_counter()
        z = [
            [self.table.symbol(int(self.z.ids[n, k])) for k in range(self.classes)]
            for n in range(self.batch)
        ]
        loss = SoftmaxCrossEntropy.loss(z, self.labels)
        mismatch, terms = None, 0
        for n, row in enumerate(z):
            for k, v in enumerate(row):
                derived = sympy.diff(loss, v)
                closed = SoftmaxCrossEntropy.gradient_entry(z, self.labels, n, k)
                terms += len(sympy.Add.make_args(sympy.expand(derived)))
                if sympy.cancel(derived - closed) != 0 and mismatch is None:
                    mismatch = Mismatch([n, k], str(derived), str(closed), [], [])
        return [
            Proof(
                layer=self.label,
                identity="dL/dZ",
                statement="dL/dz = (softmax(z) - onehot(y)) / N",
                config=self.config(),
                status=PROVED if mismatch is None else FAILED,
                entries=self.batch * self.classes,
                terms=terms,
                seconds=time.perf_counter() - start,
                method="SymPy diff, rational cancellation",
                mismatch=mismatch,
            )
        ]
