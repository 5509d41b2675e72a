"""Transposed convolution (1D and 2D): the forward definition and its closed forms.

Forward, by definition (PyTorch's ``conv_transpose2d``, weight (C_in, C_out/g, kh, kw)):
each input entry spreads over a window of the output,

    Z[n, g(c)·F_g + f, s_h·i + d_h·a - p_t, s_w·j + d_w·b - p_l] += W[c,f,a,b] · X[n,c,i,j]

(entries that land outside the output are dropped), plus b[f] everywhere.  This is the
input gradient of the convolution ``spec.adjoint()`` (in and out channels swapped) on an
input of the output's size, with X in G's place, so every closed form is one of the
convolution's nodes (:func:`symconv.layers.conv.closed_forms`) with X and G exchanged:

    Z     = crop(full(dilate(X, s) * rot180(W)), p)   (conv's dL/dX; output_padding is
            the slack at the bottom/right: the full convolution is (H-1)s + d(k-1) + 1 + op
            long, its last op rows receive nothing)
    dL/dX = corr(pad(G, p), W, s, d, g)               (conv's forward: X_c reads
            G at s·i + d·a - p, the very entries it was spread to)
    dL/dW = corr_w(pad(G, p), dilate(X, s), d)        (conv's dL/dW with the roles of
            input and gradient exchanged: W[c,f,a] met X[n,c,i] at G[n,f,s·i + d·a - p])
    dL/db = sum_{n,t,u} G.

When output_padding >= stride (allowed when the dilation is larger) the last
s·floor(op/s) output rows receive nothing and would give the correlation of dL/dX extra
rows: see :func:`conv_transpose_forms`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from symconv.algebra.termarray import TermArray, concat_terms
from symconv.layers.base import Identity
from symconv.layers.conv import ConvLayer, bias_terms, closed_forms
from symconv.ops import BiasAdd, Crop, Node, Pad, SumOver, TensorSymbol
from symconv.spec.layer import ConvTranspose

if TYPE_CHECKING:
    from symconv.algebra.tensors import Naming

X, G = TensorSymbol("X"), TensorSymbol("G")


def conv_transpose_terms(spec: ConvTranspose, input_hw: tuple[int, int], batch: int) -> int:
    """Terms a proof expands: the forward (every product and a bias per output entry),
    two partials per product, three closed forms."""
    _, ho, wo = spec.output_shape((spec.in_channels, *input_hw))
    products = spec.in_channels * input_hw[0] * input_hw[1] * spec.group_out
    products *= spec.kernel[0] * spec.kernel[1]
    return 6 * batch * (products + spec.out_channels * ho * wo)


class ConvTransposeLayer(ConvLayer):
    """A transposed convolution at one concrete configuration, symbolic X, W, b and G
    (the convolution's tensors, with the weight (C_in, C_out/g, kh, kw))."""

    # ConvLayer's machinery (tensors, chain rule) serves unchanged; only the spec differs.
    spec: ConvTranspose  # type: ignore[assignment]

    if TYPE_CHECKING:  # ConvLayer's constructor, given this layer's spec

        def __init__(
            self,
            spec: ConvTranspose,
            input_hw: tuple[int, int],
            batch: int = 1,
            naming: Naming | None = None,
        ) -> None: ...

    def options(self) -> dict[str, Any]:
        op = self.spec.output_padding
        return {"output_padding": [op[1]] if self.spec.dims == 1 else list(op)}

    def estimate_terms(self) -> int:
        return conv_transpose_terms(self.spec, self.input_shape[1:], self.batch)

    def forward(self) -> TermArray:
        """Z[n, f, t, u] = Σ W[c, f', a, b]·X[n, c, i, j] over s·i + d·a - p_t = t,
        s·j + d·b - p_l = u, f = g(c)·F_g + f' (written as the scatter it is)."""
        s = self.spec
        (sh, sw), (dh, dw), (pt, _, pl, _) = s.stride, s.dilation, s.padding
        batch, channels, height, width = self.x.shape
        # every product W[c,f',a,b]·X[n,c,i,j], with the output entry it lands in
        n, c, i, j, f, a, b = (
            v.reshape(-1)
            for v in np.meshgrid(
                np.arange(batch),
                np.arange(channels),
                np.arange(height),
                np.arange(width),
                *(np.arange(k) for k in (s.group_out, *s.kernel)),
                indexing="ij",
            )
        )
        rows, cols = sh * i + dh * a - pt, sw * j + dw * b - pl
        keep = (rows >= 0) & (rows < self.ho) & (cols >= 0) & (cols < self.wo)
        n, c, i, j, f, a, b, rows, cols = (v[keep] for v in (n, c, i, j, f, a, b, rows, cols))
        filters = (c // s.group_in) * s.group_out + f
        target = np.ravel_multi_index((n, filters, rows, cols), self.g.shape)
        order = np.argsort(target, kind="stable")
        counts = np.bincount(target, minlength=int(np.prod(self.g.shape)))
        width_terms = max(1, int(counts.max()) if counts.size else 1)
        # Row r of the output lists its products in slots 0..counts[r]-1; the rest are
        # empty terms (coefficient 0, no variables).
        slot = np.arange(len(target)) - np.repeat(np.cumsum(counts) - counts, counts)
        mono = np.full((counts.size, width_terms, 2), -1, dtype=np.int64)
        coef = np.zeros((counts.size, width_terms), dtype=np.int64)
        sorted_target = target[order]
        mono[sorted_target, slot, 0] = self.w.ids[c, f, a, b][order]
        mono[sorted_target, slot, 1] = self.x.ids[n, c, i, j][order]
        coef[sorted_target, slot] = 1
        z = TermArray(
            mono.reshape(*self.g.shape, width_terms, 2), coef.reshape(*self.g.shape, width_terms)
        )
        if self.b is None:
            return z
        return concat_terms([z, bias_terms(self.b.ids, self.g.shape)])

    def identities(self) -> list[Identity]:
        return conv_transpose_identities(self.spec, self.input_shape[1:])

    def kernels(self) -> dict[str, Any]:
        # Imported here: the runtime imports the layers, not back
        from symconv.runtime.printed_kernels import conv_transpose_kernels

        return conv_transpose_kernels(self.spec, tuple(self.input_shape[1:]))


def conv_transpose_identities(s: ConvTranspose, input_hw: tuple[int, int]) -> list[Identity]:
    """Z, dL/dW, dL/dX (and dL/db) of a transposed convolution, built from the spec and
    input size alone (the general prover builds them at its templates)."""
    forms = conv_transpose_forms(s, input_hw)
    found = [
        Identity(
            "Z",
            "Z = crop(full(dilate(X, stride) * rot180(W)), p)" + (" + b" if s.bias else ""),
            "Z",
            forms["Z"],
        ),
        Identity(
            "dL/dW", "dL/dW = corr_w(pad(G, p), dilate(X, stride), dilation)", "W", forms["W"]
        ),
        Identity("dL/dX", "dL/dX = corr(pad(G, p), W, stride, dilation)", "X", forms["X"]),
    ]
    if s.bias:
        found.append(Identity("dL/db", "dL/db = sum_{n,i,j} G", "b", forms["b"]))
    return found


def conv_transpose_forms(s: ConvTranspose, input_hw: tuple[int, int]) -> dict[str, Node]:
    """The convolution's closed forms of :meth:`ConvTranspose.adjoint`, X and G exchanged.

    With output_padding >= stride (possible when the dilation is larger), the last
    ``cut = s·floor(op/s)`` rows of the output are reached by no input entry: the full
    convolution is built ``cut`` shorter and padded back, and dL/dX, dL/dW read the padded
    G without those rows, so every primitive sees a convolution of the usual size."""
    _, ho, wo = s.output_shape((s.in_channels, *input_hw))
    cut_h, cut_w = (op // st * st for op, st in zip(s.output_padding, s.stride, strict=True))
    conv = closed_forms(s.adjoint(), (ho - cut_h, wo - cut_w))
    z, dw, dx = (conv[k].xreplace({X: G, G: X}) for k in ("X", "W", "Z"))
    if cut_h or cut_w:
        cut = (0, cut_h, 0, cut_w)
        full, pads = z.args
        z = Crop(Pad(full, cut), pads)
        padded = Pad(G, s.padding)
        dw, dx = (f.xreplace({padded: Crop(padded, cut)}) for f in (dw, dx))
    forms = {"Z": BiasAdd(z, TensorSymbol("b")) if s.bias else z, "W": dw, "X": dx}
    if s.bias:
        forms["b"] = SumOver(G, (0, 2, 3))
    return forms
