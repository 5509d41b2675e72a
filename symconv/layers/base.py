"""What every polynomial layer provides to the prover, and how it is proved."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from symconv.algebra.tensors import Naming, SymbolicTensor
from symconv.algebra.termarray import Rows, TermArray
from symconv.algebra.terms import Poly, SymbolTable, to_sympy
from symconv.ops import Node, TensorSymbol
from symconv.proofs.chain_rule import chain_rule, restrict
from symconv.proofs.kernel_identities import KERNEL_BATCHES, KernelCheck, Target
from symconv.proofs.proof import FAILED, PROVED, Proof, compare


@dataclass(frozen=True)
class Identity:
    """``dL/d<of> = closed``; for ``of == "Z"`` the forward definition ``Z = closed``."""

    name: str
    statement: str
    of: str
    closed: Node | TensorSymbol


class PolyLayer:
    """A layer whose outputs are polynomials in its inputs and parameters."""

    label: str = "layer"
    batch: int  # the images of a proof (each layer sets it)

    def __init__(self, naming: Naming | None) -> None:
        self.table = SymbolTable()
        self.naming = naming or Naming()
        self.tensors: dict[str, SymbolicTensor] = {}

    def tensor(self, tag: str, role: str, shape: tuple[int, ...]) -> SymbolicTensor:
        made = SymbolicTensor(role, shape, self.table, self.naming, tag=tag)
        self.tensors[tag] = made
        return made

    # Each layer kind defines these.
    def forward(self) -> TermArray:
        """Z element by element, from the layer's index-level definition."""
        raise NotImplementedError

    def identities(self) -> list[Identity]:
        raise NotImplementedError

    def estimate_terms(self) -> int:
        raise NotImplementedError

    def config(self) -> dict[str, Any]:
        raise NotImplementedError

    def derivation(self) -> Derivation:
        """Z by its definition and every gradient by the chain rule, as SymPy on demand."""
        z = self.forward()
        return Derivation(self, z, chain_rule(z, self.tensors["G"].ids))

    def kernels(self) -> dict[str, Any]:
        """The printed kernels of :mod:`symconv.runtime.kernels`, keyed like ``Identity.of``."""
        raise NotImplementedError

    def prove(self, kernels: bool = True) -> list[Proof]:
        """Derive Z and every gradient, then compare each with its closed form; with
        ``kernels``, also check each proved form's running kernel against it exactly
        (:mod:`symconv.proofs.kernel_identities`)."""
        start = time.perf_counter()
        z = self.forward()
        grads = chain_rule(z, self.tensors["G"].ids)
        identities = self.identities()
        shared = (time.perf_counter() - start) / len(identities)
        flat = np.arange(int(np.prod(z.shape))).reshape(z.shape)
        proofs, targets = [], []
        for identity in identities:
            t0 = time.perf_counter()
            if identity.of == "Z":
                ids, derived = flat, Rows.of(z, flat)
            else:
                ids = self.tensors[identity.of].ids
                derived = restrict(grads, ids)
            proof = self._compare(identity, ids, derived)
            proof.seconds = shared + time.perf_counter() - t0
            proofs.append(proof)
            if proof.proved:
                targets.append(Target(identity.name, identity.of, derived, ids, identity.closed))
        if kernels and targets:
            proofs += self.kernel_proofs(targets)
        return proofs

    def _compare(self, identity: Identity, ids: np.ndarray, derived: Rows) -> Proof:
        """One identity: the closed form expanded, its shape, then its entries."""
        proof = Proof(
            layer=self.label,
            identity=identity.name,
            statement=identity.statement,
            config=self.config(),
            status=FAILED,
            expression=str(identity.closed),
        )
        try:
            closed = identity.closed.expand(self.tensors)
        except (ValueError, IndexError, KeyError, TypeError) as exc:  # does not fit here
            proof.note = f"the closed form cannot be evaluated here: {exc}"
            return proof
        if tuple(closed.shape) != tuple(ids.shape):
            # Shapes first: comparing entries of differently shaped arrays would broadcast
            # one onto the other (a size-1 axis read as any size).
            proof.note = (
                f"the closed form has shape {tuple(closed.shape)}, the target "
                f"{identity.of} has shape {tuple(ids.shape)}"
            )
            return proof
        proof.entries, proof.terms, proof.mismatch = compare(
            derived, Rows.of(closed, ids), ids, self.table
        )
        if proof.mismatch is None:
            proof.status = PROVED
        return proof

    def kernel_proofs(self, targets: list[Target]) -> list[Proof]:
        """The kernel identities of the proved targets (their kernels filled in here)."""
        printed = self.kernels()
        for t in targets:
            t.kernel = printed[t.of]
        return KernelCheck(self, targets, KERNEL_BATCHES).run()


@dataclass
class Derivation:
    """The derived (not closed-form) results of one layer, entry by entry.

    ``forward((n, f, i, j))`` is Z at that index and ``gradient("W", (f, c, a, b))`` is
    dL/dW there, both SymPy expressions over the layer's named symbols (x_{00}, g_{01}...).
    """

    layer: PolyLayer
    z: TermArray
    grads: Rows

    def forward(self, index: tuple[int, ...]) -> sympy.Expr:
        return to_sympy(self.z.entry(tuple(index)), self.layer.table)

    def gradient(self, tag: str, index: tuple[int, ...]) -> sympy.Expr:
        return to_sympy(self.gradient_poly(tag, index), self.layer.table)

    def gradient_poly(self, tag: str, index: tuple[int, ...]) -> Poly:
        """dL/d(entry) as an exact ``{monomial of variable ids: coefficient}`` dict."""
        return self.grads.poly(int(self.layer.tensors[tag].ids[tuple(index)]))

    def symbol(self, tag: str, index: tuple[int, ...]) -> sympy.Symbol:
        return self.layer.table.symbol(int(self.layer.tensors[tag].ids[tuple(index)]))
