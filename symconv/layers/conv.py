"""Convolution (1D and 2D): the forward definition and the closed-form gradients.

Forward, by definition (correlation mode; convolution mode reads the kernel rotated):

    Z[n,f,i,j] = Σ_{c,a,b} W[f,c,a,b] · X[n, g(f)·C_g + c, s_h·i + d_h·a - p_t, s_w·j + d_w·b - p_l]
                 + b[f]

with X zero outside its range (the padding).  ∂Z[n,f,i,j]/∂W[f,c,a,b] is the single
X entry that multiplies that weight, so the chain rule gives

    dW[f,c,a,b] = Σ_{n,i,j} G[n,f,i,j] · Xpad[n, ·, s·i + d·a, s·j + d·b]
                = corr_w(pad(X), dilate(G, s), d)[f,c,a,b]

and each X entry t collects the weights that touched it, s·i + d·a = t + p:

    dXpad[n,c,t] = Σ_{f,i,a : s·i + d·a = t} G[n,f,i] · W[f,c,a]
                 = full(dilate(G, s) * rot180(W))[n,c,t],   dX = crop(dXpad, p).

In convolution mode the forward uses rot180(W), so dW is rot180 of the same correlation
and dX uses W itself (rot180 twice).  db[f] = Σ_{n,i,j} G[n,f,i,j].
"""

from __future__ import annotations

from typing import Any

import numpy as np

from symconv.algebra.tensors import Naming
from symconv.algebra.termarray import TermArray, concat_terms
from symconv.layers.base import Identity, PolyLayer
from symconv.ops import (
    BiasAdd,
    Correlate,
    CorrelateWeight,
    Crop,
    Dilate,
    FullConvolveRot180,
    Node,
    Pad,
    Rot180,
    SumOver,
    TensorSymbol,
)
from symconv.spec.layer import Conv


def window_grid(*sizes: int) -> list[np.ndarray]:
    """Flattened window offsets: one 1-D array per window axis, all the same length."""
    return [g.reshape(-1) for g in np.meshgrid(*(np.arange(n) for n in sizes), indexing="ij")]


def output_grid(*sizes: int) -> list[np.ndarray]:
    """Output indices with a trailing window axis of length 1, for broadcasting."""
    return [g[..., None] for g in np.ix_(*(np.arange(n) for n in sizes))]


def bias_terms(b_ids: np.ndarray, shape: tuple[int, ...]) -> TermArray:
    """The term ``b[f]`` in every output ``[n, f, ...]``, as a degree-1 array."""
    view = [1] * len(shape)
    view[1] = len(b_ids)
    ids = np.broadcast_to(b_ids.reshape(view), shape)
    return TermArray.variables(np.ascontiguousarray(ids))


def conv_terms(spec: Conv, output_hw: tuple[int, int], batch: int) -> int:
    """Terms a proof expands: the forward, its two partials per product, three closed forms."""
    per_output = spec.group_in * spec.kernel[0] * spec.kernel[1]
    return 6 * batch * spec.out_channels * output_hw[0] * output_hw[1] * (per_output + 1)


class ConvLayer(PolyLayer):
    """A convolution at one concrete configuration, with symbolic X, W, b and G."""

    def __init__(
        self, spec: Conv, input_hw: tuple[int, int], batch: int = 1, naming: Naming | None = None
    ) -> None:
        super().__init__(naming)
        self.spec, self.batch = spec, batch
        self.label = spec.name
        self.input_shape = (spec.in_channels, *input_hw)
        _, self.ho, self.wo = spec.output_shape(self.input_shape)
        self.x = self.tensor("X", "x", (batch, *self.input_shape))
        self.w = self.tensor("W", "w", spec.weight_shape)
        self.b = self.tensor("b", "b", (spec.out_channels,)) if spec.bias else None
        self.g = self.tensor("G", "g", (batch, spec.out_channels, self.ho, self.wo))

    def config(self) -> dict[str, Any]:
        s = self.spec
        h, w = self.input_shape[1:]
        one = s.dims == 1
        return {
            "layer": s.name,
            "kind": f"{s.kind}{s.dims}d",
            "batch": self.batch,
            "input": [w] if one else [h, w],
            "in_channels": s.in_channels,
            "out_channels": s.out_channels,
            "kernel": [s.kernel[1]] if one else list(s.kernel),
            "stride": [s.stride[1]] if one else list(s.stride),
            "padding": list(s.padding[2:]) if one else list(s.padding),
            "dilation": [s.dilation[1]] if one else list(s.dilation),
            "groups": s.groups,
            "bias": s.bias,
            **self.options(),
            "output": [self.wo] if one else [self.ho, self.wo],
        }

    def options(self) -> dict[str, Any]:
        """The options of this kind besides the shared ones (a transposed one differs)."""
        return {"mode": self.spec.mode}

    def estimate_terms(self) -> int:
        return conv_terms(self.spec, (self.ho, self.wo), self.batch)

    def forward(self) -> TermArray:
        """Z[n,f,i,j] = Σ_{c,a,b} W[f,c,a,b]·X[n, g(f)·C_g + c, s·i + d·a - p_t, ...] + b[f]."""
        s = self.spec
        (sh, sw), (dh, dw), (pt, _, pl, _) = s.stride, s.dilation, s.padding
        _, height, width = self.input_shape
        n, f, i, j = output_grid(*self.g.shape)
        c, a, b = window_grid(s.group_in, *s.kernel)
        rows, cols = sh * i + dh * a - pt, sw * j + dw * b - pl
        inside = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
        channel = (f // s.group_out) * s.group_in + c
        full = (*self.g.shape, s.group_in * s.kernel[0] * s.kernel[1])
        x = np.broadcast_to(
            self.x.ids[n, channel, rows.clip(0, height - 1), cols.clip(0, width - 1)], full
        )
        inside = np.broadcast_to(inside, full)
        if s.mode == "convolution":  # the kernel is read rotated by 180 degrees
            a, b = s.kernel[0] - 1 - a, s.kernel[1] - 1 - b
        w = np.broadcast_to(self.w.ids[f, c, a, b], full)
        # Outside the input the padded X is a real zero: the term has coefficient 0.
        z = TermArray(np.stack([w, np.where(inside, x, -1)], axis=-1), inside.astype(np.int64))
        if self.b is None:
            return z
        return concat_terms([z, bias_terms(self.b.ids, self.g.shape)])

    def identities(self) -> list[Identity]:
        return conv_identities(self.spec, self.input_shape[1:])

    def kernels(self) -> dict[str, Any]:
        # Imported here: the runtime imports the layers, not back
        from symconv.runtime.printed_kernels import conv_kernels

        return conv_kernels(self.spec, tuple(self.input_shape[1:]))


def conv_identities(s: Conv, input_hw: tuple[int, int]) -> list[Identity]:
    """Z, dL/dW, dL/dX (and dL/db) of a convolution: what the provers prove and the
    kernels print.  A function of the spec and input size alone (no symbolic tensors),
    so the general prover can build it at templates far too large to expand."""
    forms = closed_forms(s, input_hw)
    rotated = "rot180(W)" if s.mode == "convolution" else "W"
    bias = " + b" if s.bias else ""
    found = [
        Identity("Z", f"Z = corr(pad(X), {rotated}){bias}", "Z", forms["Z"]),
        Identity(
            "dL/dW",
            (
                "dL/dW = "
                + ("rot180 of " if s.mode == "convolution" else "")
                + "corr_w(pad(X, p), dilate(G, stride), dilation)"
            ),
            "W",
            forms["W"],
        ),
        Identity(
            "dL/dX",
            f"dL/dX = crop(full(dilate(G, stride) * rot180({rotated})), p)",
            "X",
            forms["X"],
        ),
    ]
    if s.bias:
        found.append(Identity("dL/db", "dL/db = sum_{n,i,j} G", "b", forms["b"]))
    return found


def closed_forms(s: Conv, input_hw: tuple[int, int]) -> dict[str, Node]:
    """Z and the gradients with respect to W, X and b as closed-form nodes."""
    X, W, G = TensorSymbol("X"), TensorSymbol("W"), TensorSymbol("G")
    rotated = s.mode == "convolution"
    kernel = Rot180(W) if rotated else W
    xpad = Pad(X, s.padding)
    forward = Correlate(xpad, kernel, s.stride, s.dilation, s.groups)
    dw = CorrelateWeight(xpad, Dilate(G, s.stride), s.dilation, s.groups, s.kernel)
    padded = (input_hw[0] + s.padding[0] + s.padding[1], input_hw[1] + s.padding[2] + s.padding[3])
    forms = {
        "Z": BiasAdd(forward, TensorSymbol("b")) if s.bias else forward,
        "W": Rot180(dw) if rotated else dw,
        "X": Crop(
            FullConvolveRot180(G, kernel, s.stride, s.dilation, s.groups, s.kernel, padded),
            s.padding,
        ),
    }
    if s.bias:
        forms["b"] = SumOver(G, (0, 2, 3))
    return forms
