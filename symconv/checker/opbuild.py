"""Operator claims as closed-form nodes: what each operator of :mod:`.opparse` builds.

The convention is documented in :mod:`.operators`; this module only translates a parsed
side into nodes of :mod:`symconv.ops` at one model's sizes.
"""

from __future__ import annotations

import sympy

from symconv.algebra.termarray import TermArray, concat_terms
from symconv.checker.limits import NotUnderstood
from symconv.checker.notation_options import CORR_VALID
from symconv.checker.opparse import CONVOLVE, Op
from symconv.checker.transposed_call import build_call
from symconv.checker.truth import Model
from symconv.ops import (
    BiasAdd,
    Correlate,
    CorrelateWeight,
    Crop,
    Dilate,
    MatMul,
    Node,
    Pad,
    Rot180,
    SumOver,
    SwapChannels,
    TensorSymbol,
    Transpose,
)

_NAMES = {"X": "X", "W": "W", "b": "b", "Z": "G"}  # layer tag of a role's plain tensor


class SpatialTranspose(Node):
    """The two spatial axes exchanged: what ``W^T`` means for a kernel."""

    op = "transpose_hw"

    def expand(self, env) -> TermArray:
        return self.args[0].expand(env).transpose((0, 1, 3, 2))


class Plus(Node):
    """Entry-wise sum (or difference, with ``sign`` -1) of two arrays of the same shape."""

    op = "plus"

    def expand(self, env) -> TermArray:
        a, b = (arg.expand(env) for arg in self.args[:2])
        if a.shape != b.shape:
            raise ValueError(f"cannot add arrays of shapes {a.shape} and {b.shape}")
        if int(self.args[2]) < 0:
            b = TermArray(b.mono, -b.coef, b.den)
        return concat_terms([a, b])


class Neg(Node):
    """The entries negated: ``-A``."""

    op = "neg"

    def expand(self, env) -> TermArray:
        a = self.args[0].expand(env)
        return TermArray(a.mono, -a.coef, a.den)


# ---------------------------------------------------------------------- semantics
class Builder:
    """Closed-form nodes for a parsed side, at one model's sizes."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.env = model.layer.tensors
        self.one = getattr(model.spec, "dims", 2) == 1
        self.dense = not hasattr(model.spec, "kernel")
        self.constant = None  # c of a kernel c·1 written (a pool's weights, each c)

    def shape(self, node) -> tuple[int, ...]:
        return tuple(node.expand(self.env).shape)

    def pads(self, p: int | tuple[int, ...]) -> tuple[int, ...]:
        """pad_p on every side; as symconv prints them, pad_{l,r} in 1-D, pad_{v,h}
        (rows, columns) and pad_{t,b,l,r} in 2-D."""
        if isinstance(p, tuple):
            if len(p) == 4:
                return p
            return (0, 0, *p) if self.one else (p[0], p[0], p[1], p[1])
        return (0, 0, p, p) if self.one else (p, p, p, p)

    def size(self, name: str, offset: int) -> int:
        """k-1, s, p written in a subscript: the layer's kernel, stride or padding."""
        spec = self.model.spec
        if self.dense:
            raise NotUnderstood(f"a dense layer has no {name}")
        value = {
            "kernel": spec.kernel,
            "stride": spec.stride,  # type: ignore[union-attr]
            "padding": spec.padding[2:],
        }[name]  # type: ignore[union-attr]
        if len(set(value)) != 1 and not self.one:
            raise NotUnderstood(f"the {name} differs along the two axes")
        return int(value[-1]) + offset

    def kernel_pad(self) -> tuple[int, int, int, int]:
        kh, kw = self.model.spec.kernel  # type: ignore[union-attr]
        return (0, 0, kw - 1, kw - 1) if self.one else (kh - 1, kh - 1, kw - 1, kw - 1)

    def build(self, op: Op):
        kind = op.kind
        if kind == "tensor":
            role, grad = op.params
            if role == "Z" and grad:
                return TensorSymbol("G")
            if grad or role not in _NAMES or role == "Z":
                raise NotUnderstood(f"{'d' if grad else ''}{role} cannot be an operand here")
            if role not in self.env:
                raise NotUnderstood(f"this layer has no {role}")
            if role == "W" and hasattr(self.model, "with_weights"):
                # a pooling's window weights are fixed (1/k^2 or the max's routing), never
                # variables of a claim: a W with a rotation or a correlation is a
                # convolution's kernel, and the pooling read is another layer than the
                # claim's (a title's "Global Average Pooling" over notes on a conv layer)
                raise NotUnderstood(
                    "the claim names a kernel W, but the layer read is a pooling, which has "
                    "no weights: it is about another layer"
                )
            if role == "W" and self.dense and self.model.notation.dense_in_by_out:
                return Transpose(TensorSymbol("W"))  # the notes' W (in x out) is W^T
            return TensorSymbol(_NAMES[role])
        if kind == "bias1":  # b 1 (a scalar bias per map), 1 b^T (a row per example)
            if op.params[0] not in (("1bT",) if self.dense else ("1b", "b1")):
                raise NotUnderstood(
                    "this product of the bias with a vector of ones is not read for this layer"
                )
            return self.build(Op("tensor", ("b", False)))
        if kind == "ones":  # G \otimes \mathbf{1}_{2x2}: a Kronecker product, not read
            raise NotUnderstood("a matrix of ones other than a bias broadcast (b 1) is not read")
        if kind == "const":
            if not hasattr(self.model, "with_weights"):
                raise NotUnderstood(
                    "a constant kernel c·1 is a pooling layer's; this layer has weights of its own"
                )
            if self.constant not in (None, op.params[0]):
                raise NotUnderstood("two different constant kernels in one claim")
            self.constant = op.params[0]
            return TensorSymbol("W")  # every weight replaced by c once expanded
        args = [self.build(a) for a in op.args]
        if op.params and isinstance(op.params[0], tuple) and op.params[0][:1] == ("size",):
            op = Op(kind, (self.size(*op.params[0][1:]),), op.args)
        if kind == "convT":  # conv_transpose2d(G, W, stride=s, padding=p): transposed_call
            return build_call(self, op, args[0], args[1])
        if kind == "rot":
            return Rot180(args[0])
        if kind == "neg":
            return Neg(args[0])
        if kind == "pad":
            p = op.params[0]
            return Pad(args[0], self.kernel_pad() if p is None else self.pads(p))
        if kind == "xpad":
            return Pad(args[0], self.model.spec.padding)  # type: ignore[union-attr]
        if kind == "full":
            if op.args[0].kind == "bin":
                return self.binary(op.args[0], full=True)
            return Pad(args[0], self.kernel_pad())
        if kind == "crop":
            p = op.params[0]
            pads = self.model.spec.padding if p is None else self.pads(p)  # type: ignore
            return Crop(args[0], pads)
        if kind == "dilate":
            s = op.params[0]
            sh, sw = self.model.spec.stride if s is None else (s, s)  # type: ignore
            return Dilate(args[0], (1, sw) if self.one else (sh, sw))
        if kind == "T":
            if self.dense:
                return Transpose(args[0])
            if self.shape(args[0])[:2] == (1, 1):  # one channel: the matrix transpose
                return SpatialTranspose(args[0])
            # a kernel's channel axes exchanged, as the printed closed forms mean W^T
            return SwapChannels(args[0], self.model.spec.groups)  # type: ignore[union-attr]
        if kind == "sum":
            return self.sum(op.params, args[0])
        if kind == "add":
            return self.add(args[0], args[1], op.params[0])
        if kind == "mat":
            if not self.dense:
                raise NotUnderstood("a product of two tensors without an operator")
            return MatMul(args[0], args[1])
        return self.binary(op, full=False)

    def add(self, a, b, sign: str):
        if isinstance(b, TensorSymbol) and b.name == "b" and sign == "+":
            return BiasAdd(a, b)
        return Plus(a, b, sympy.Integer(-1 if sign == "-" else 1))

    def sum(self, letters: tuple[str, ...], arg):
        rank = len(self.shape(arg))
        if rank != 4:
            return SumOver(arg, (0,))  # dense: the batch rows
        named = [x for x in letters if x not in ("n", "N")]
        # seed 000 writes a 1-D layer's unit height too: \sum_{i,j} over (1, n_out)
        unit_height = self.one and self.model.notation.keep_unit_axes and len(named) == 2
        spatial = (3,) if self.one and not unit_height else (2, 3)
        if letters and len(named) != len(spatial):
            raise NotUnderstood(
                f"a sum over {', '.join(letters)} of a {'1-D' if self.one else '2-D'} array"
            )
        return SumOver(arg, ((0,) if not letters or "n" in letters else ()) + spatial)

    def option(self, key: str, value: int | str) -> int:
        """\\star_{s=2} as written; \\otimes_s, \\star_{d=d}: the layer's own value."""
        if isinstance(value, int):
            return value
        if key == "s":
            return self.size("stride", 0)
        spec = self.model.spec
        if self.dense:
            raise NotUnderstood(f"a dense layer has no {key}")
        if key == "g":
            return int(spec.groups)  # type: ignore[union-attr]
        if len(set(spec.dilation)) != 1 and not self.one:  # type: ignore[union-attr]
            raise NotUnderstood("the dilation differs along the two axes")
        return int(spec.dilation[-1])  # type: ignore[union-attr]

    def binary(self, op: Op, full: bool):
        symbol, options = op.params
        written = {key: self.option(key, value) for key, value in options}
        left, right = (self.build(a) for a in op.args)
        meaning = {
            "conv": ("convolution", "valid"),
            CONVOLVE: ("convolution", "valid"),
            "corr": CORR_VALID,
            "\\star": CORR_VALID,
        }.get(symbol)
        meaning = meaning or self.model.notation.operators.get(symbol, CORR_VALID)
        flip, mode = meaning[0] == "convolution", meaning[1]
        if full:
            mode = "full"
        a_shape, k_shape = self.shape(left), self.shape(right)
        if len(a_shape) != 4 or len(k_shape) != 4:
            raise NotUnderstood("a correlation of a dense layer's matrices")
        rotate = False
        if (
            all(x <= y for x, y in zip(a_shape[2:], k_shape[2:], strict=True))
            and a_shape != k_shape
        ):
            # the smaller operand first: NumPy's valid correlation, rotated (a convolution
            # commutes); the full modes are symmetric the same way
            # W \star X, the layer's filter first: the textbook (f \star g)(i) = sum_t f(t)
            # g(t + i) slides its first operand, which is the layer itself, not rotated
            filter_first = _root(left) == "W" and _root(right) == "X" and mode == "valid"
            left, right = right, left
            a_shape, k_shape = k_shape, a_shape
            rotate = not flip and not filter_first
        kernel = Rot180(right) if flip else right
        if mode == "full":
            kh, kw = k_shape[2:]
            left = Pad(
                left, (kh - 1, kh - 1, kw - 1, kw - 1) if not self.one else (0, 0, kw - 1, kw - 1)
            )
        stride, dilation = (1, 1), (1, 1)
        image = left.args[0] if isinstance(left, Pad) else left
        if _is(right.args[0] if isinstance(right, Rot180) else right, "W") and _is(image, "X"):
            # the forward correlation X \star W: the layer's own stride and dilation
            stride, dilation = self.model.spec.stride, self.model.spec.dilation  # type: ignore
        for key, value in written.items():  # \star_{s=2,d=2}: as written, not the layer's
            pair = (1, value) if self.one else (value, value)
            if key == "s":
                stride = pair
            elif key == "d":
                dilation = pair
            elif value != self.model.spec.groups:  # type: ignore[union-attr]
                raise ValueError(f"groups {value}, the layer has {self.model.spec.groups}")  # type: ignore[union-attr]
        groups = self.model.spec.groups  # type: ignore[union-attr]
        image_shape, k_shape = self.shape(left), self.shape(kernel)
        if _root(kernel) == "G":
            # X \star dY: the weight gradient, one filter per channel of G, summed over n
            if k_shape[0] != image_shape[0]:
                raise ValueError(f"{k_shape[0]} samples of G against {image_shape[0]}")
            size = tuple(a - k + 1 for a, k in zip(image_shape[2:], k_shape[2:], strict=True))
            kernel_hw = self.model.spec.kernel  # type: ignore[union-attr]
            if dilation != (1, 1):
                # taps d apart (X \star_{d=2} dY) cover the kernel's k entries
                size = tuple(kernel_hw)
            if "s" in written and stride != (1, 1):
                # X \star_{s=2} dY, a stride the notes write on it: a valid correlation
                # whose windows start s apart, entry a = sum_i X[s a + i] G[i] (the weight
                # gradient of a layer dilated by s; of a strided one it is X \star dil_s(G),
                # G's taps s apart).  Dropping the stride judged X \star G instead
                if "d" in written:
                    raise NotUnderstood("a stride and a dilation written on one correlation")
                size = tuple(
                    (a - k) // st + 1
                    for a, k, st in zip(image_shape[2:], k_shape[2:], stride, strict=True)
                )
                if min(size) < 1:
                    raise ValueError(f"G of {k_shape[2:]} does not fit in {image_shape[2:]}")
                dilation = stride
            # else the correlation's own size: where rows of X no window of a strided layer
            # reaches (H + 2p - k not a multiple of s) it has entries past the kernel, and
            # the claim must crop them (symconv prints crop_{0,r,0,r}(X^pad \star ...))
            result = CorrelateWeight(left, kernel, dilation, groups, size)
        else:
            if k_shape[1] * groups != image_shape[1]:
                raise ValueError(
                    f"a kernel of {k_shape[1]} channel(s) per group slides over "
                    f"{image_shape[1]} channel(s)"
                )
            result = Correlate(left, kernel, stride, dilation, groups)
        return Rot180(result) if rotate else result


def _root(node) -> str | None:
    """The tensor a chain of unary nodes (pad, rot180, dilate, ...) starts from."""
    while not isinstance(node, TensorSymbol):
        if not isinstance(node, Node) or not node.args:
            return None
        node = node.args[0]
    return node.name


def _is(node, name: str) -> bool:
    return isinstance(node, TensorSymbol) and node.name == name
