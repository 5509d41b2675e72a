"""The SymPy side of a derivation: X, W, b, G, Z and every gradient as SymPy arrays.

:func:`symconv.derivation` hands out the tensors of one layer as ``sympy.Array`` objects
of named symbols (``x_{00}``, ``w_{10}``, ``g_{01}``), Z and dL/dX, dL/dW, dL/db as
arrays of the exact polynomials the prover derived (the chain rule, element by element),
and each closed form as its SymPy node (:mod:`symconv.ops`), so that a notebook can go
on with ``subs``, ``diff`` or ``lambdify``.

Why a converter of our own: :func:`symconv.algebra.terms.to_sympy` builds each term through
SymPy's general constructors, about 40 µs a term, and LeNet-5's C1 has 360,000 terms
(15 s).  Here the terms are built from the arrays directly: each monomial's factors are
put in SymPy's canonical order (symbols sorted by name, the number first) with
``Mul._from_args``, and only the sum of each entry goes through ``Add``, which keeps every
expression canonical (the tests check each equals :func:`~symconv.algebra.terms.to_sympy`'s).
"""

from __future__ import annotations

from functools import cached_property
from itertools import repeat
from typing import TYPE_CHECKING

import numpy as np
import sympy
from sympy.core.add import Add
from sympy.core.mul import Mul

from symconv.algebra.termarray import EMPTY, Rows, TermArray, reduced
from symconv.algebra.terms import SymbolTable
from symconv.errors import SymconvError
from symconv.layers.base import PolyLayer
from symconv.proofs.chain_rule import chain_rule

if TYPE_CHECKING:
    from symconv.proofs.problems import Layer


class Converter:
    """Rows of exact polynomials over one :class:`~symconv.algebra.terms.SymbolTable` -> SymPy."""

    def __init__(self, table: SymbolTable) -> None:
        self.symbols = [table.symbol(v) for v in range(len(table))]
        names = [s.name for s in self.symbols]
        order = sorted(range(len(names)), key=names.__getitem__)
        # rank[v]: v's place among the names; the slot of EMPTY (-1, the last) ranks first
        self.rank = np.empty(len(names) + 1, dtype=np.int64)
        self.rank[order] = np.arange(len(names))
        self.rank[-1] = -1
        self.objects = np.array([*self.symbols, None], dtype=object)

    def terms(self, rows: Rows) -> tuple[list[sympy.Expr], np.ndarray]:
        """One SymPy term per row (``coef/den`` times its variables), and per row whether
        its entry must go through ``Add`` (a power or a constant; see :meth:`array`).

        Rows are built a group at a time (one coefficient, one number of factors), with
        ``map`` over the factor columns: one Python call per term."""
        mono = rows.mono
        width = mono.shape[1]
        by_name = np.take_along_axis(mono, np.argsort(self.rank[mono], axis=1), axis=1)
        counts = (mono != EMPTY).sum(axis=1)
        # a repeated variable is a power, which SymPy writes as Pow: its constructor does it
        power = np.zeros(len(mono), dtype=bool)
        if width > 1:
            power = ((by_name[:, 1:] == by_name[:, :-1]) & (by_name[:, 1:] != EMPTY)).any(1)
        factors = self.objects[by_name]  # EMPTY (-1) picks the trailing None
        out: list[sympy.Expr | None] = [None] * len(mono)
        kinds = (
            np.stack([rows.coef, counts, power], axis=1)
            if len(mono)
            else np.zeros((0, 3), dtype=np.int64)
        )
        for c, n, pw in np.unique(kinds, axis=0).tolist():
            where = np.flatnonzero((rows.coef == c) & (counts == n) & (power == pw))
            value = reduced(c, rows.den)
            number = (
                sympy.Integer(value)
                if isinstance(value, int)
                else sympy.Rational(value.numerator, value.denominator)
            )
            columns = [factors[where, width - n + k].tolist() for k in range(n)]
            if pw:
                built = [Mul(number, *f) for f in zip(*columns, strict=True)]
            elif n == 0:
                built = [number] * len(where)
            elif number == 1:
                built = (
                    columns[0]
                    if n == 1
                    else list(map(Mul._from_args, zip(*columns, strict=True), repeat(True)))
                )
            else:
                built = list(map(Mul._from_args, zip(repeat(number), *columns), repeat(True)))
            for i, term in zip(where.tolist(), built, strict=True):
                out[i] = term
        return out, power | (counts == 0)

    def array(self, rows: Rows, keys: np.ndarray) -> sympy.ImmutableDenseNDimArray:
        """The polynomial of each key of ``keys`` (any shape), as a SymPy array of it.

        ``Add`` sorts its terms with ``Basic.compare``, one Python call per comparison:
        most of the time at LeNet's size.  When an entry's terms share one coefficient and
        have no power or constant, that order is known: fewer factors first (a Symbol
        before a Mul, a shorter Mul before a longer), then the factors' names in turn,
        which is the order NumPy sorts the rows in below; such an entry is built with
        ``Add._from_args``.  Any other entry goes through ``Add`` itself.
        """
        flat = np.asarray(keys).reshape(-1)
        lo = np.searchsorted(rows.key, flat)
        hi = np.searchsorted(rows.key, flat, side="right")
        first, last = (int(lo.min()), int(hi.max())) if flat.size else (0, 0)
        rows = Rows(rows.key[first:last], rows.mono[first:last], rows.coef[first:last], rows.den)
        lo, hi = lo - first, hi - first
        ranks = self.rank[
            np.take_along_axis(rows.mono, np.argsort(self.rank[rows.mono], axis=1), axis=1)
        ]
        counts = (rows.mono != EMPTY).sum(axis=1)
        order = np.lexsort((*ranks.T[::-1], counts, rows.key))
        rows = Rows(rows.key[order], rows.mono[order], rows.coef[order], rows.den)
        terms, odd = self.terms(rows)
        # an entry takes the fast path when no row of it is odd and its coefficients agree
        # rows.key is sorted: searchsorted finds the first row of each row's entry
        slow = odd | (rows.coef != rows.coef[np.searchsorted(rows.key, rows.key)])
        slow_before = np.concatenate([[0], np.cumsum(slow)])  # slow rows before each row
        slow_entry = slow_before[hi] > slow_before[lo]
        entries = []
        for a, b, bad in zip(lo.tolist(), hi.tolist(), slow_entry.tolist(), strict=True):
            if a == b:
                entries.append(sympy.S.Zero)
            elif b == a + 1:
                entries.append(terms[a])
            elif bad:
                entries.append(sympy.Add(*terms[a:b]))
            else:
                entries.append(Add._from_args(terms[a:b], True))
        return sympy.ImmutableDenseNDimArray(entries, tuple(np.shape(keys)))

    def tensor(self, ids: np.ndarray) -> sympy.ImmutableDenseNDimArray:
        """A symbolic tensor's own symbols, as an array of its shape."""
        s = self.symbols
        return sympy.ImmutableDenseNDimArray([s[v] for v in ids.reshape(-1).tolist()], ids.shape)


class SymbolicDerivation:
    """One layer's derivation in SymPy: tensors, Z, the gradients and the closed forms.

    ``X``, ``W``, ``b``, ``G`` (= dL/dZ, a tensor of its own symbols) are arrays of
    symbols; ``Z`` and ``grad("X")`` (``dX``, ``dW``, ``db``) arrays of the polynomials the
    chain rule derived; ``closed[name]`` the closed-form node of each identity ("Z",
    "dL/dW", ...) and ``closed_array(name)`` that node expanded to an array, equal to the
    derived one when the identity holds.  Arrays are built on first use.
    """

    def __init__(self, layer: Layer) -> None:
        # only the polynomial layers (PolyLayer) have identities
        if not isinstance(layer, PolyLayer) or not layer.identities():
            raise SymconvError(
                f"{layer.label} is not a polynomial layer; the rule: "
                "derivation() takes convolutions, transposed convolutions, "
                "average pooling and dense layers (max pooling, activations "
                "and the loss are proved with SymPy's own diff)"
            )
        self.layer = layer
        self.label = layer.label
        self.config = layer.config()
        self.identities = {i.name: i for i in layer.identities()}
        self.closed = {name: i.closed for name, i in self.identities.items()}

    @cached_property
    def _converter(self) -> Converter:
        return Converter(self.layer.table)

    @cached_property
    def _forward(self) -> TermArray:
        return self.layer.forward()

    @cached_property
    def _rows(self) -> Rows:
        return chain_rule(self._forward, self.layer.tensors["G"].ids)

    @property
    def tensors(self) -> tuple[str, ...]:
        """The tags of the layer's symbolic tensors (X, W, b, G; no W for a pool)."""
        return tuple(self.layer.tensors)

    def tensor(self, tag: str) -> sympy.ImmutableDenseNDimArray:
        found = self.layer.tensors.get(tag)
        if found is None:
            raise SymconvError(
                f"tensor {tag!r} is not a tensor of {self.label}; the rule: one "
                f"of {', '.join(self.tensors)}"
            )
        return self._converter.tensor(found.ids)

    @cached_property
    def Z(self) -> sympy.ImmutableDenseNDimArray:
        """Z by the layer's index-level definition (the forward pass)."""
        z = self._forward
        keys = np.arange(int(np.prod(z.shape))).reshape(z.shape)
        return self._converter.array(Rows.of(z, keys), keys)

    def grad(self, tag: str) -> sympy.ImmutableDenseNDimArray:
        """dL/d(tag) by the chain rule, Σ_o G[o]·∂Z[o]/∂(tag), entry by entry."""
        if tag == "G" or tag not in self.layer.tensors:
            raise SymconvError(
                f"gradient of {tag!r} is not derived for {self.label}; the "
                f"rule: one of {', '.join(t for t in self.tensors if t != 'G')}"
            )
        if tag not in self._grads:
            self._grads[tag] = self._converter.array(self._rows, self.layer.tensors[tag].ids)
        return self._grads[tag]

    @cached_property
    def _grads(self) -> dict[str, sympy.ImmutableDenseNDimArray]:
        return {}

    def closed_array(self, name: str) -> sympy.ImmutableDenseNDimArray:
        """The closed form of identity ``name`` ("Z", "dL/dW", ...) expanded at this size."""
        if name not in self.identities:
            raise SymconvError(
                f"identity {name!r} is not one of {self.label}; the rule: one "
                f"of {', '.join(self.identities)}"
            )
        expanded = self.closed[name].expand(self.layer.tensors)
        keys = np.arange(int(np.prod(expanded.shape))).reshape(expanded.shape)
        return self._converter.array(Rows.of(expanded, keys), keys)

    @cached_property
    def loss(self) -> sympy.Expr:
        """L = Σ_o G[o]·Z[o]: the part of the loss the layer's gradients come from
        (``sympy.diff(d.loss, w)`` equals ``d.dW`` at w)."""
        g = self.G
        return sympy.Add(*(g[i] * self.Z[i] for i in np.ndindex(*g.shape)))

    # The notes' names for the tensors and gradients.
    X = property(lambda self: self.tensor("X"))
    W = property(lambda self: self.tensor("W"))
    b = property(lambda self: self.tensor("b"))
    G = property(lambda self: self.tensor("G"))
    dX = property(lambda self: self.grad("X"))
    dW = property(lambda self: self.grad("W"))
    db = property(lambda self: self.grad("b"))

    def __repr__(self) -> str:
        shapes = ", ".join(f"{t} {tuple(self.layer.tensors[t].shape)}" for t in self.tensors)
        return (
            f"<SymbolicDerivation {self.label}: {shapes}; identities {', '.join(self.identities)}>"
        )
