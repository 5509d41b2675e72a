"""Reading entries: written indices -> layer indices -> what the entry means.

The zero convention: an index computed from sum or free variables that falls outside its
tensor names a zero (the padding of ``x_{r+a}``, the ``W_{m-i+1}`` of seed 004's dx formula).
An index written as a literal number outside the tensor (``w_3`` for a two-tap kernel) is
a mistake, not a zero: it becomes a symbol of its own, so the verdict can name it as an
extra term.  On the left side of an equation (``strict``), an entry outside the tensor
means the claim says nothing for those index values, which are skipped.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import product

import numpy as np

from symconv.checker.algebra import Arr, Poly, Value, array, transpose
from symconv.checker.counterexamples import subscript
from symconv.checker.layout_flag import COLUMNS
from symconv.checker.limits import (
    ENTRY_WORK,
    FractionalIndex,
    NotUnderstood,
    ProbeDone,
    SkipInstance,
    Wrong,
)
from symconv.checker.padding_band import in_zero_padding
from symconv.checker.refs import Ref, is_colon, split_run
from symconv.checker.scalar import Infinite, Scalar
from symconv.checker.sliding import rot180
from symconv.checker.sum_bounds import past_assumed_count, past_symbolic_end
from symconv.checker.syntax import Expr, Punct, Term
from symconv.checker.truth import Model, View
from symconv.checker.written_names import index_name, single_item

_COLON = Expr((("+", Term((Punct(":"),))),))  # a whole axis, as ``:`` writes it


def _names(expr: Expr) -> set[str]:
    """The index names an index expression uses (``m+2`` -> {m})."""
    return {
        n for _, term in expr.terms for item in term.items if (n := index_name(item)) is not None
    }


BATCH_INDICES = frozenset({"n"})  # the letter notes use for the sample in z_{n,i,j}


def _as_columns(a: Arr) -> Arr:
    """One sample's vector as a column; a batch's rows as columns."""
    if a.data.ndim == 1:
        return Arr(a.data.reshape(-1, 1).copy())
    return transpose(a)


def one_map(view: View) -> bool:
    """Whether one written index can only pick a map: three shown axes (a channel or a
    sample, then rows and columns) and more than one map (X_c of one image, x[n] of a
    batch of one-channel images, as code slices an array)."""
    return (
        len(view.shown) == 3
        and view.positions(1) is None
        and view.shape[view.shown[0]] > 1
        and view.axes[view.shown[0]] in (0, 1)  # the sample or the channel comes first
        and len(view.full_shape) == 4  # NCHW (W: F, C, KH, KW)
    )


def _run(indices: tuple[Expr, ...] | None) -> bool:
    """``y_{fij}``, ``x_{00}``: one written run of several indices, not one index."""
    return bool(indices) and len(split_run(indices[0])) > 1  # type: ignore[index]


def _sample_run(expr: Expr) -> bool:
    """``nk``, ``nj``: a run of index letters that starts with the sample index."""
    parts = split_run(expr)
    first = single_item(parts[0]) if len(parts) > 1 else None
    return (
        first is not None
        and index_name(first) in BATCH_INDICES
        and all(index_name(single_item(p)) is not None for p in parts)
    )


class TensorIndexing:
    """Entry and whole-tensor references for the evaluator (which supplies index values)."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.notation = model.notation
        self.styles: dict[tuple[str, bool], Ref] = {}
        self.loss_name = "L"
        self.foreign_used: list[str] = []
        self.probe: dict[str, tuple[int, int]] | None = None
        # while probing: the (role, layer axis) each free index was learned at (Z's axis 1
        # is the filter's, W's axis 0), for a lead-in's "for filters 1 to 3"
        self.probe_axes: dict[str, tuple[str, int]] = {}
        self._probing: tuple[str, int] | None = None
        self.free: set[str] = set()
        self.bound: dict[str, int] = {}
        self.strict = False
        self.sum_spans: dict[str, tuple[int, int]] = {}  # finite bounds of open sums
        self.batch_used = False  # a sample index written or the batch size N read
        self._memo: dict[tuple[str, int], tuple[object, object]] = {}

    def memo(self, kind: str, obj: object, make):
        """``make()`` once per syntax object: the same formula is evaluated at every index
        value and every sum iteration.  The object is kept with the result, so an id reused
        after garbage collection can never return a stale entry."""
        key = (kind, id(obj))
        found = self._memo.get(key)
        if found is not None and found[0] is obj:
            return found[1]
        value = make()
        self._memo[key] = (obj, value)
        return value

    def index_value(self, expr) -> int:  # supplied by the evaluator
        raise NotImplementedError

    def view(self, ref: Ref) -> View:
        if ref.role == "A":
            raise NotUnderstood(f"{ref.label()}: activations are outside this layer")
        view = self.model.views.get(ref.role)
        if view is None:
            raise NotUnderstood(
                f"{ref.label()}: this layer has no {'bias' if ref.role == 'b' else ref.role}"
            )
        return view

    def reference(self, ref: Ref) -> Value:
        self.budget.tick(ENTRY_WORK)
        view = self.view(ref)
        self.styles.setdefault((ref.role if ref.role != "Xpad" else "X", ref.grad), ref)
        value = self.whole(view, ref) if ref.indices is None else self.entries(view, ref)
        if isinstance(value, Poly):  # an entry is built term by term from the layer's model
            self.budget.tick(len(value))
        columns = COLUMNS.get() and ref.role in ("X", "Z", "A")
        if columns and ref.indices is None and isinstance(value, Arr):
            # z = Wx + b (a dense layer's notes with column vectors): x, z, dz as columns
            value = _arr(value, "transpose", _as_columns)
        if "T" in ref.flags:
            value = _arr(value, "transpose", transpose)
        if "rot" in ref.flags:
            value = _arr(value, "rot180", rot180)
        return value

    def whole(self, view: View, ref: Ref) -> Value:
        shape = view.squeezed
        positions = view.shown

        def entry(i: tuple[int, ...]) -> Poly:
            full = view.full_index(
                tuple(v + view.bases[p] for v, p in zip(i, positions, strict=True)), positions
            )
            assert full is not None
            return self.model.entry(ref.role, full, ref.grad)

        if not shape:
            return entry(())
        label = ("L", ref.role) if ref.grad else None
        return Arr(array(shape, entry), label, 0)

    def positions(self, view: View, ref: Ref) -> tuple[list[Expr], tuple[int, ...]]:
        exprs = list(ref.indices or ())
        if (
            len(exprs) == 1
            and ref.compact
            and (view.positions(1) is None or (view.batched and _sample_run(exprs[0])))
        ):
            exprs = split_run(exprs[0])  # x_{ij}; and x_{nk}, sample n and feature k
        found = view.positions(len(exprs))
        first = single_item(exprs[0]) if exprs else None
        # n of z_{n,i,j}, and the letter a sample's loss names (\ell_i: x_{i,t} is sample i's)
        sample = first is not None and (
            index_name(first) in BATCH_INDICES
            or index_name(first) in getattr(self, "sample_letters", ())
        )
        if view.batched and (
            sample or (self.model.prefer_batch and len(exprs) == len(view.shown) + 1)
        ):
            # z_{n,i,j}: n names the sample, the rest index the tensor as usual; so does
            # z_{0,i,j} (one channel) once the notes work with a batch
            rest = view.positions(len(exprs) - 1)
            if rest is not None and 0 not in rest:
                found = (0, *rest)
            name = index_name(first) if first is not None else None
            if (
                sample
                and found is not None
                and 0 in found
                and name not in self.bound
                and name not in self.free
                and name not in self.sum_spans
            ):
                raise Wrong(
                    f"the sample index {name} of {ref.label()} is bound by no sum: "
                    f"missing the sum over the batch, {name} = 0 to N-1"
                )
        if (
            first is not None
            and index_name(first) in getattr(self, "sample_letters", ())
            and (found is None or 0 not in found or not view.batched)
        ):  # \partial L^{(i)} / \partial b = ... z_{i,t}: i must be the sample here too
            raise NotUnderstood(
                f"the sample letter {index_name(first)} of the loss indexes another axis "
                f"of {ref.label()} in this layer"
            )
        if found is None:
            wanted = sorted({len(view.shown), len(view.axes)})
            raise NotUnderstood(
                f"{ref.label()} has {len(exprs)} ind{'ex' if len(exprs) == 1 else 'ices'}; "
                f"in this layer it takes {' or '.join(map(str, wanted))}"
            )
        return exprs, found

    def entries(self, view: View, ref: Ref) -> Value:
        exprs, positions, colons, literal = self.memo(
            "entries", ref, lambda: self._layout(view, ref)
        )
        # no sum learning its range and no probe: an index is its value (index_at's end)
        at = self.index_at if self.probe is not None or getattr(self, "learning", None) else None
        try:
            fixed = {}
            for k, e in enumerate(exprs):
                if k in colons:
                    continue
                if at is None:
                    fixed[k] = self.index_value(e)
                    continue
                self._probing = (view.role, view.axes[positions[k]])
                fixed[k] = at(e, view.shape[positions[k]], view.bases[positions[k]])
        except FractionalIndex:
            # dy_{(m-k+3)/2}: a computed index between two entries names the zero the
            # stride leaves there (the zero-dilated G), as one past the end does
            if literal:
                raise
            if self.strict:
                raise SkipInstance(ref.label()) from None
            return Poly()

        def entry(picked: tuple[int, ...]) -> Poly:
            values = dict(fixed)
            for k, v in zip(colons, picked, strict=True):
                values[k] = v + view.bases[positions[k]]
            written = tuple(values[k] for k in range(len(exprs)))
            full = view.full_index(written, positions)
            if full is None:
                self.past_end(view, ref, exprs, positions, written)
                self.into_padding(view, ref, exprs, written, literal)
                if literal and in_zero_padding(self.model.spec, view, ref, positions, written):
                    return Poly()  # x_{-1} under padding: the padding's zero (padding_band.py)
                return self.outside(ref, written, literal)
            return self.model.entry(ref.role, full, ref.grad)

        if not colons:
            return entry(())
        shape = tuple(view.shape[positions[k]] for k in colons)
        return Arr(array(shape, entry))

    def _layout(self, view: View, ref: Ref):
        written = len(ref.indices or ())
        if len(view.axes) == 4 and written == 2 and view.positions(2) is None:
            # X_{n,c}, W_{f,c}, G_{n,f}: one map of a 4-index tensor, its two spatial axes
            # whole (as X_{n,c,:,:} writes them)
            ref = replace(ref, indices=(*ref.indices, _COLON, _COLON))  # type: ignore[misc]
        elif written == 1 and one_map(view) and not (ref.compact and _run(ref.indices)):
            # X_c, \delta_f of one sample, x[n] of a one-channel batch: one map, X_{c,:,:}
            ref = replace(ref, indices=(*ref.indices, _COLON, _COLON))  # type: ignore[misc]
        elif written == 1 and self._sample_row(view, ref):
            # \sum_{n=1}^{N} \Delta_n over a batch with samples as rows: Delta's row n
            ref = replace(ref, indices=(*ref.indices, _COLON))  # type: ignore[misc]
        exprs, positions = self.positions(view, ref)
        if view.batched and 0 in positions:
            self.batch_used = True  # x_{n,i}: the claim is about a batch of samples
        colons = [k for k, e in enumerate(exprs) if is_colon(e)]
        return exprs, positions, colons, all(_literal(e) for e in exprs)

    def _sample_row(self, view: View, ref: Ref) -> bool:
        """A dense batch's matrix (samples by features) written with one index that a sum
        runs over the batch's samples: ``\\Delta_n`` is sample n's row, as ``X_n`` is."""
        if view.role not in ("X", "Z", "A", "G") or len(view.full_shape) != 2:
            return False
        if view.axes != (0, 1) or getattr(self.model, "batch", 1) < 2:
            return False
        item = single_item(ref.indices[0]) if ref.indices else None  # type: ignore[index]
        name = index_name(item) if item is not None else None
        span = self.sum_spans.get(name) if name is not None else None
        if span is None:
            return False
        rows, features = view.full_shape
        if span[1] - span[0] + 1 != rows:
            return False
        if rows == features:  # as many samples as features: row n or entry n alike
            raise NotUnderstood(
                f"{ref.letter} written with one index that the sum over the samples runs "
                "over: sample n's row or entry n is not read at these sizes"
            )
        return True

    def past_end(
        self,
        view: View,
        ref: Ref,
        exprs: list[Expr],
        positions: tuple[int, ...],
        written: tuple[int, ...],
    ) -> None:
        """A sum whose own bounds run past its tensor (``\\sum_{i=0}^{3} z_{ij}`` over a
        3x3 z) is a mistake of the claim, not a zero: the index is the summation variable
        itself, so nothing but the written bound puts it outside.  Computed indices
        (``x_{r+a}``, ``w_{m-i+1}``) keep the zero convention."""
        shown, culprit = list(written), None
        for k, expr in enumerate(exprs):
            item = single_item(expr)
            name = index_name(item) if item is not None else None
            span = self.sum_spans.get(name) if name is not None else None
            base, extent = view.bases[positions[k]], view.shape[positions[k]]
            if span is None or (base <= span[0] and span[1] < base + extent):
                continue
            # the entry named is the sum's far end on every such axis (z_{22}, not z_{02})
            shown[k] = span[1] if span[1] >= base + extent else span[0]
            culprit = culprit or (name, span, base, extent, positions[k])
        if culprit is None:
            past = past_symbolic_end(
                getattr(self, "symbolic_spans", {}), view, ref, exprs, positions
            )
            self.past_bound = getattr(self, "past_bound", None) or past
        if culprit is None or view.full_index(tuple(written), positions) is not None:
            return
        name, span, base, extent, axis = culprit
        if view.batched and axis == 0 and span == (base + 1, base + extent):
            # \sum_{n=1}^{8} over a batch of 8 in notes whose entry indices start at 0:
            # samples numbered from 1 (\ell^{(n)}, n = 1..N), a count, not an entry off
            # the end; which base the samples take is not read
            raise NotUnderstood(
                f"the sum over {name} runs from {span[0]} to {span[1]} over a batch of "
                f"{extent} samples numbered from {base}: the samples may be numbered "
                f"from {span[0]}, which is not read"
            )
        letter = ref.letter + ("_pad" if ref.role == "Xpad" else "")
        if past_assumed_count(view, ref.role, axis, extent):
            raise NotUnderstood(
                f"the sum over {name} runs from {span[0]} to {span[1]} over an axis of "
                f"{letter} the notes give no count for (taken as 1): how many there are "
                "is not read"
            )
        sizes = "x".join(str(n) for n in view.squeezed) or "1"
        raise Wrong(
            f"{subscript(letter, shown, ref.compact)} is not an entry of this "
            f"layer: the sum over {name} runs from {span[0]} to {span[1]}, but "
            f"{letter} is {sizes} ({name} from {base} to {base + extent - 1})"
        )

    def into_padding(
        self, view: View, ref: Ref, exprs: list[Expr], written: tuple[int, ...], literal: bool
    ) -> None:
        """One entry written out (no free index) whose sum runs its input index into the
        padding (``z_{4,4} = \\sum_{m=1}^{3} a_{m+2} ...`` reads a_5 of a 4-long input):
        the notes never said the input is zero there, so the entry it names is not the
        input's; a general formula (``x_{i+m-1}``, i free) keeps the zero convention."""
        if self.free or literal or ref.role != "X" or ref.grad or not self.sum_spans:
            return
        summed = {n for e in exprs for n in _names(e)} & set(self.sum_spans)
        if summed:
            name = subscript(ref.label(), written, ref.compact)
            sizes = "x".join(str(n) for n in view.squeezed) or "1"
            raise Wrong(
                f"{name} is not an entry of this layer: the sum over "
                f"{', '.join(sorted(summed))} runs into the padding, outside the "
                f"{sizes} input"
            )

    def outside(self, ref: Ref, written: tuple[int, ...], literal: bool) -> Poly:
        name = subscript(ref.label(), written, ref.compact)
        if literal:
            if self.strict:
                raise NotUnderstood(
                    f"{name} is not an entry of this layer's "
                    f"{ref.role}; are the layer options right?"
                )
            if name not in self.foreign_used:
                self.foreign_used.append(name)
            return Poly.var(self.model.foreign(name))
        if self.strict:
            raise SkipInstance(name)
        return Poly()

    def index_at(self, expr: Expr, extent: int, base: int) -> int:
        """One written index; while probing, a bare free index learns its range here."""
        where, self._probing = self._probing, None  # the axis of this index only
        if self.probe is not None:
            item = single_item(expr)
            name = index_name(item) if item is not None else None
            if name is not None and name in self.free and name not in self.bound:
                if name not in self.probe and where is not None:
                    self.probe_axes[name] = where
                self.probe.setdefault(name, (base, extent))
                if not self.free - set(self.probe):
                    raise ProbeDone
                return self.probe[name][0]
        return self.index_value(expr)

    def apply_indices(self, value: Arr, exprs: list[Expr]) -> Value:
        """``(w ⊗ I)_{i,j}``, ``\\frac{∂L}{∂Y}(i, j)``: index a computed array (base of the
        notation; outside it, zero)."""
        shape = value.shape
        squeezed = [a for a, n in enumerate(shape) if n != 1]
        if len(exprs) == len(shape):
            axes = list(range(len(shape)))
        elif len(exprs) == len(squeezed):
            axes = squeezed
        else:
            raise NotUnderstood(f"a {len(shape)}-axis array indexed with {len(exprs)} indices")
        base = self.notation.index_base
        full = [0] * len(shape)
        for axis, e in zip(axes, exprs, strict=True):
            if is_colon(e):
                raise NotUnderstood("slices of computed arrays are not understood")
            try:
                i = self.index_at(e, shape[axis], base) - base
            except FractionalIndex:  # between two entries: the stride's zero
                if self.strict:
                    raise SkipInstance("between the entries of the array") from None
                return Poly()
            if not 0 <= i < shape[axis]:
                if self.strict:
                    raise SkipInstance("outside the array")
                return Poly()
            full[axis] = i
        return value.data[tuple(full)]

    def variables_of(self, ref: Ref) -> int | np.ndarray:
        """The variable id(s) a derivative is taken with respect to."""
        view = self.view(ref)
        if ref.role not in ("X", "W", "b") or ref.grad or ref.flags - {"frac"}:
            raise NotUnderstood(f"cannot differentiate with respect to {ref.label()}")
        tag = view.tag
        if ref.indices is None:
            ids = np.empty(view.squeezed, dtype=np.int64)
            for i in product(*(range(n) for n in view.squeezed)):
                written = tuple(v + view.bases[p] for v, p in zip(i, view.shown, strict=True))
                ids[i] = self.model.var(tag, view.full_index(written, view.shown))
            return ids
        exprs, positions = self.positions(view, ref)
        if any(is_colon(e) for e in exprs):
            raise NotUnderstood("derivatives with respect to slices are not understood")
        values = []
        for e, p in zip(exprs, positions, strict=True):
            self._probing = (view.role, view.axes[p])
            values.append(self.index_at(e, view.shape[p], view.bases[p]))
        written = tuple(values)
        full = view.full_index(written, positions)
        if full is None:
            if self.strict and not all(_literal(e) for e in exprs):
                raise SkipInstance("derivative with respect to an entry outside the tensor")
            # Nothing depends on an entry the tensor does not have, so the derivative
            # would be 0 and "∂y_11/∂w_33 = 0" verified of a 2x2 kernel: a claim about an
            # entry the layer lacks is never verified (outside.explain names the fix).
            raise NotUnderstood(
                f"{subscript(ref.label(), written, ref.compact)} is not an entry of this "
                f"layer's {ref.role}; are the layer options right?"
            )
        return self.model.var(tag, full)


def _literal(expr: Expr) -> bool:
    """Written with numbers only (``w_3``), not computed from indices (``w_{m-i+1}``)."""
    try:
        Scalar(_no_names).value(expr)
    except (LookupError, NotUnderstood, Infinite):
        return False
    return True


def _no_names(name: str):
    raise LookupError(name)


def _arr(value: Value, what: str, fn) -> Value:
    if not isinstance(value, Arr):
        raise NotUnderstood(f"{what} of a scalar")
    return fn(value)
