"""The truth a statement is compared with: one layer's derivation, seen in a notation.

:class:`Model` wraps a :class:`~symconv.layers.conv.ConvLayer` or
:class:`~symconv.layers.dense.DenseLayer` and its :class:`~symconv.layers.base.Derivation`
(Z by definition, every gradient by the chain rule).  It translates the indices a student
writes (``x_{11}`` 1-based, ``X_{i,j,c}`` in H, W, C order, channels from 1) into the
layer's N, C, H, W indices, and reads derived entries as exact polynomials (SymPy
expressions of 784-term gradients would cost seconds each).

The padded input ``X_pad`` of seed 000 is X shifted by the padding, zero in the border;
its gradient dL/dX_pad is the input gradient of the same layer applied to a pre-padded
input (padding 0), whose G and W are the same tensors.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, lru_cache

from symconv.algebra.termarray import Rows
from symconv.checker.algebra import Poly
from symconv.checker.limits import MAX_LAYER_TERMS
from symconv.checker.notation_options import Notation
from symconv.errors import SymconvError
from symconv.layers.conv import ConvLayer
from symconv.layers.conv_transpose import ConvTransposeLayer, conv_transpose_terms
from symconv.layers.dense import DenseLayer
from symconv.proofs.chain_rule import chain_rule
from symconv.spec.layer import Conv, ConvTranspose, Dense


@dataclass(frozen=True)
class View:
    """How one tensor is indexed by the user: which layer axes, in which order, from what base.

    ``axes`` lists every meaningful axis (a 1D layer has no height; one sample has no batch
    axis); ``shown`` the positions in ``axes`` whose extent is not 1, the form people write
    when they leave out a single channel.
    """

    role: str
    tag: str  # the layer tensor holding the entries (Z entries live on G's grid)
    full_shape: tuple[int, ...]
    axes: tuple[int, ...]
    bases: tuple[int, ...]

    @property
    def batched(self) -> bool:
        """Does axis 0 (first in ``axes``) count the samples?"""
        return self.role in ("X", "Xpad", "Z", "A") and self.axes[:1] == (0,)

    @cached_property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.full_shape[a] for a in self.axes)

    @cached_property
    def shown(self) -> tuple[int, ...]:
        return tuple(i for i, a in enumerate(self.axes) if self.full_shape[a] != 1)

    @property
    def squeezed(self) -> tuple[int, ...]:
        return tuple(self.shape[i] for i in self.shown)

    def positions(self, count: int) -> tuple[int, ...] | None:
        """Which user axes ``count`` written indices address: all axes, the shown ones, or
        the shown ones with every spatial axis (extent 1 or not)."""
        if count == len(self.axes):
            return tuple(range(len(self.axes)))
        if count == len(self.shown):
            return self.shown
        if self.batched and count == len(self.axes) - 1:  # every axis but the batch
            return tuple(range(1, len(self.axes)))
        unbatched = tuple(i for i in self.shown if not (self.batched and i == 0))
        if count == len(unbatched):  # x_{00} at a batch of two: the first sample
            return unbatched
        spatial = tuple(
            i
            for i, a in enumerate(self.axes)
            if i in self.shown or (len(self.full_shape) == 4 and a >= 2)
        )
        if count == len(spatial):  # a 1x1 output written z_{i-a,j-b}: unit channel left out
            return spatial
        return None

    def full_index(self, values: tuple[int, ...], positions: tuple[int, ...]):
        """Layer index of the written values, or None when one falls outside the tensor."""
        full = [0] * len(self.full_shape)
        for value, pos in zip(values, positions, strict=True):
            axis = self.axes[pos]
            i = value - self.bases[pos]
            if not 0 <= i < self.full_shape[axis]:
                return None
            full[axis] = i
        return tuple(full)


@lru_cache(maxsize=64)
def built_layer(
    spec: Conv | ConvTranspose | Dense, input_hw: tuple[int, int] | None, batch: int
) -> ConvLayer | DenseLayer:
    """The layer at these sizes, built once per process.

    A note's claims are judged at the same few layers again and again (the layer read, its
    batched twin, the neighbours of a size-specific check), and building one is the
    checker's largest cost.  Sharing is safe because a layer is not changed after it is
    built: its constructor interns every entry in its symbol table, and a Model keeps its
    own per-claim state (foreign names, the batch a claim is judged at).  The specs are
    frozen dataclasses, so equal layers hash alike."""
    if isinstance(spec, ConvTranspose):  # Z by its scatter definition, W (C_in, C_out/g)
        assert input_hw is not None
        return ConvTransposeLayer(spec, input_hw, batch=batch)
    if isinstance(spec, Conv):
        assert input_hw is not None
        return ConvLayer(spec, input_hw, batch=batch)
    return DenseLayer(spec, batch=batch)


class LayerGradients:
    """Z of one built layer and dL/dv of its variables, one variable at a time.

    A claim reads a few gradient entries of many layers (the layer read, its batched twin,
    the other sizes of a size-specific search), so the rows of one variable come from the
    chain rule restricted to it (the same rows: no other variable's term reaches it).  A
    layer whose entries are read by the dozen (a whole gradient map) gets every row at
    once after :attr:`ONE_BY_ONE` single reads."""

    ONE_BY_ONE = 24

    def __init__(self, layer: ConvLayer | DenseLayer) -> None:
        self.layer = layer
        self.z = layer.forward()
        self._rows: Rows | None = None
        self._asked = 0

    def poly(self, var: int) -> dict[tuple[int, ...], Fraction | int]:
        grad_ids = self.layer.tensors["G"].ids
        if self._rows is None:
            self._asked += 1
            if self._asked <= self.ONE_BY_ONE:
                return chain_rule(self.z, grad_ids, only=var).poly(var)
            self._rows = chain_rule(self.z, grad_ids)
        return self._rows.poly(var)


@lru_cache(maxsize=64)
def gradients(layer: ConvLayer | DenseLayer) -> LayerGradients:
    """The one :class:`LayerGradients` of a built layer (keyed by the layer object)."""
    return LayerGradients(layer)


class Model:
    """A layer at concrete sizes, its derivation, and the notation's view of its tensors."""

    def __init__(
        self,
        spec: Conv | ConvTranspose | Dense,
        input_hw: tuple[int, int] | None,
        notation: Notation,
        untied: bool = False,
    ) -> None:
        self.spec, self.input_hw, self.notation = spec, input_hw, notation
        self.untied = untied  # a bias per output position: b has Z's shape, spec.bias is off
        _refuse_huge(spec, input_hw)
        self.layer: ConvLayer | DenseLayer = built_layer(spec, input_hw, 1)
        self.views = self._views()
        self.prefer_batch = False  # the notes index samples: z_{0,i,j} is sample 0
        self.batch_size = 2  # the samples a claim naming them is judged at (N the notes state)
        self._foreign: dict[str, int] = {}
        self._foreign_names: dict[int, str] = {}

    # ------------------------------------------------------------------ layout
    def _views(self) -> dict[str, View]:
        t = self.layer.tensors
        n = self.notation
        g_shape = t["G"].ids.shape
        # X, Z and A carry the batch axis 0 first: x_{n,i} and z_{n,c,i,j} name a sample
        # (extent 1 unless the claim uses it, see batched); x_i leaves it out
        if isinstance(self.spec, Dense):
            pair = (n.index_base,) * 2
            # notes writing Z = XW + b lay W out as in x out: their w_{jk} is the
            # checker's W[k, j] (weights_in_out.py)
            weights = (1, 0) if n.dense_in_by_out else (0, 1)
            dense = {
                "X": View("X", "X", t["X"].ids.shape, (0, 1), pair),
                "W": View("W", "W", t["W"].ids.shape, weights, pair),
                "Z": View("Z", "G", g_shape, (0, 1), pair),
                "A": View("A", "G", g_shape, (0, 1), pair),
            }
            if "b" in t:  # a dense layer read without a bias has no b to name
                dense["b"] = View("b", "b", (self.spec.out_features,), (0,), (n.index_base,))
            return dense
        one = self.spec.dims == 1
        space = (3,) if one else (2, 3)
        if n.layout == "hwc":
            image, kernel = (0, *space, 1), (*space, 1, 0)
        else:
            image, kernel = (0, 1, *space), (0, 1, *space)
        if one and n.keep_unit_axes and n.layout == "hwc":
            # seed 000 writes a 1-D layer's X_{0,j,c} and W_{0,n,c,k} with their unit
            # height first: that 0 is the height (axis 2), no sample index, so these notes
            # get no batch axis and every printed index has its axis
            image, kernel = (2, *space, 1), (2, *space, 1, 0)

        def bases(axes: tuple[int, ...], channels: tuple[int, ...]) -> tuple[int, ...]:
            return tuple(n.channel_base if a in channels else n.index_base for a in axes)

        kernel_bases = bases(kernel, (0, 1))

        x_shape = t["X"].ids.shape
        top, bottom, left, right = self.spec.padding
        pad_shape = (x_shape[0], x_shape[1], x_shape[2] + top + bottom, x_shape[3] + left + right)
        views = {
            "X": View("X", "X", x_shape, image, bases(image, (1,))),
            "Xpad": View("Xpad", "X", pad_shape, image, bases(image, (1,))),
            "W": View("W", "W", t["W"].ids.shape, kernel, kernel_bases),
            "Z": View("Z", "G", g_shape, image, bases(image, (1,))),
            "A": View("A", "G", g_shape, image, bases(image, (1,))),
        }
        if isinstance(self.spec, ConvTranspose):  # its input is not padded: no X_pad
            del views["Xpad"]
        if self.spec.bias:
            views["b"] = View("b", "b", (self.spec.out_channels,), (0,), (n.channel_base,))
        elif self.untied:
            views["b"] = View("b", "b", g_shape, image, bases(image, (1,)))
        return views

    # ------------------------------------------------------------------ entries
    def var(self, tag: str, full: tuple[int, ...]) -> int:
        if tag == "b" and self.untied:
            return self._untied(full)
        return int(self.layer.tensors[tag].ids[full])

    def entry(self, role: str, full: tuple[int, ...], grad: bool) -> Poly:
        """What an entry means: a variable, Z by its definition, or a derived gradient.

        Built once per layer and entry (a claim reads the same entries at every index
        value checked, and every claim of a section reads the same layer); each caller gets
        its own copy.  A layer with a bias per position names its bias variables as they are
        first read (foreign ids), so its entries are built on every read, as before."""
        if self.untied:
            return self._entry(role, full, grad)
        kept = self.__dict__.get("_entries")
        if kept is None or kept[0] is not self.layer:  # batched() copies the model
            kept = self.__dict__["_entries"] = (self.layer, {})
        key = (role, full, grad)
        found = kept[1].get(key)
        if found is None:
            found = kept[1][key] = self._entry(role, full, grad)
        return Poly(found)

    def _entry(self, role: str, full: tuple[int, ...], grad: bool) -> Poly:
        if role == "Z":
            return Poly.var(self.var("G", full)) if grad else self.forward(full)
        if role == "b" and self.untied:  # dL/db_{i,j} = dL/dz_{i,j}
            return Poly.var(self.var("G", full)) if grad else Poly.var(self._untied(full))
        if role == "Xpad":
            return self.grad_pad(full) if grad else self._padded_x(full)
        tag = "b" if role == "b" else role
        if grad:
            return self.gradient(tag, full)
        return Poly.var(self.var(tag, full))

    def forward(self, full: tuple[int, ...]) -> Poly:
        z = Poly(dict(gradients(self.layer).z.entry(full)))
        return z + Poly.var(self._untied(full)) if self.untied else z

    def _untied(self, full: tuple[int, ...]) -> int:
        """The variable of the bias at one output position (named for messages)."""
        return self.foreign("b_{" + ",".join(map(str, full[1:])) + "}")

    def gradient(self, tag: str, full: tuple[int, ...]) -> Poly:
        """dL/d(entry) from the derivation's chain-rule rows (as Derivation.gradient, exact)."""
        return Poly(gradients(self.layer).poly(self.var(tag, full)))

    def _padded_x(self, full: tuple[int, ...]) -> Poly:
        top, _, left, _ = self.spec.padding  # type: ignore[union-attr]
        n, c, h, w = full
        x = self.layer.tensors["X"]
        inner = (n, c, h - top, w - left)
        var = x.var(inner)
        return Poly() if var is None else Poly.var(var)

    @cached_property
    def _padded_layer(self) -> tuple[ConvLayer | DenseLayer, dict[int, int]]:
        spec = dataclasses.replace(self.spec, padding=(0, 0, 0, 0), padding_word=None)
        shape = self.views["Xpad"].full_shape
        layer = built_layer(spec, (shape[2], shape[3]), shape[0])
        remap = {}
        for tag in ("G", "W"):
            ours, theirs = self.layer.tensors[tag].ids, layer.tensors[tag].ids
            remap.update(zip(theirs.reshape(-1).tolist(), ours.reshape(-1).tolist(), strict=True))
        return layer, remap

    def grad_pad(self, full: tuple[int, ...]) -> Poly:
        layer, remap = self._padded_layer
        poly = gradients(layer).poly(int(layer.tensors["X"].ids[full]))
        return Poly({tuple(sorted(remap[v] for v in mono)): c for mono, c in poly.items()})

    def foreign(self, name: str) -> int:
        """A variable for a symbol the layer does not have (``w_3``), kept by name."""
        if name not in self._foreign:
            ident = -1 - len(self._foreign)
            self._foreign[name] = ident
            self._foreign_names[ident] = name
        return self._foreign[name]

    def describe(self, ident: int) -> tuple[str, tuple[int, ...]] | str:
        if ident < 0:
            return self._foreign_names[ident]
        return self.layer.table.key(ident)

    @property
    def batch(self) -> int:
        return int(self.layer.tensors["X"].ids.shape[0])

    def batched(self) -> Model:
        """The same layer with a batch of two samples (the checker's layers have one): what
        a claim naming the sample (z_{n,j}, a sum over n, a sum over the batch) is judged
        at."""
        found = self.__dict__.get("_batched")
        if found is None:
            found = copy.copy(self)
            found.__dict__.pop("_padded_layer", None)
            found.layer = built_layer(self.spec, self.input_hw, self.batch_size)
            found.views = found._views()
            found.__dict__.pop("_batched", None)
            self.__dict__["_batched"] = found
        return found

    # ------------------------------------------------------------------ variants
    def variant(self, changes: dict[str, object]) -> Model | None:
        """The same layer with other sizes (for the grid of size-specific checks)."""
        try:
            if isinstance(self.spec, Dense):
                return Model(dataclasses.replace(self.spec, **changes), None, self.notation)
            hw = changes.pop("input_hw", self.input_hw)
            if isinstance(self.spec, Conv):
                if self.spec.padding_word == "causal" and "padding" not in changes:
                    # a causal layer's d(k-1) zeros on the left, at the other sizes too
                    k = changes.get("kernel", self.spec.kernel)[1]  # type: ignore[index]
                    d = changes.get("dilation", self.spec.dilation)[1]  # type: ignore[index]
                    changes["padding"] = (0, 0, d * (k - 1), 0)
                changes["padding_word"] = None
            spec = dataclasses.replace(self.spec, **changes)
            spec.output_shape((spec.in_channels, *hw))  # type: ignore[misc]
            return Model(spec, hw, self.notation)  # type: ignore[arg-type]
        except SymconvError:
            return None


def _refuse_huge(spec: Conv | Dense, input_hw: tuple[int, int] | None) -> None:
    """Element-by-element checking expands every output; refuse layers that would not fit
    (the estimate of ``ConvLayer.estimate_terms``, made before building anything)."""
    if isinstance(spec, Dense):
        terms, inputs = 6 * spec.out_features * (spec.in_features + 1), spec.in_features
    elif isinstance(spec, ConvTranspose):
        assert input_hw is not None
        terms = conv_transpose_terms(spec, input_hw, 1)
        inputs = spec.in_channels * input_hw[0] * input_hw[1]
    else:
        assert input_hw is not None
        _, ho, wo = spec.output_shape((spec.in_channels, *input_hw))
        window = spec.group_in * spec.kernel[0] * spec.kernel[1]
        terms = 6 * spec.out_channels * ho * wo * (window + 1)
        inputs = spec.in_channels * input_hw[0] * input_hw[1]
    if terms > MAX_LAYER_TERMS or inputs > MAX_LAYER_TERMS // 6:
        raise SymconvError(
            f"{spec.name}: checking this layer element by element needs about "
            f"{terms:,} terms; the rule: at most {MAX_LAYER_TERMS:,}"
        )
