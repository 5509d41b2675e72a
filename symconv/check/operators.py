"""Judging operator-level claims with the closed-form nodes at the layer's concrete sizes.

A claim such as ``dx = \\operatorname{pad}_1(dy) \\star \\operatorname{rot}_{180}(w)`` is
read by :mod:`.opparse`, translated into the nodes of :mod:`symconv.closed` (``Correlate``,
``Pad``, ``Rot180``, ``Dilate``, ``Crop``, ``SumOver``, ``BiasAdd``, ``MatMul``,
``Transpose``), expanded into exact polynomials over the layer's variables and compared,
entry by entry, with the derivation (Z by definition, gradients by the chain rule), as
``PolyLayer._compare`` compares the printed closed forms.

The convention (documented in README's check section):

- ``\\star`` is cross-correlation: ``(A \\star K)[t] = Σ_a A[t + a] K[a]``, the second
  operand slides over the first; written the other way round (the smaller operand first),
  the result is that correlation rotated by 180 degrees, as NumPy's ``correlate`` gives.
- ``*``, ``\\ast``, ``\\otimes``, ``\\circledast`` mean what the notation says
  (:mod:`.notation`): cross-correlation for the subscript notations, convolution (the
  kernel flipped) for ``*`` in the functional one, full correlation for ``*`` in the
  superscript one; ``\\operatorname{conv}(A, K)`` is convolution, ``\\operatorname{corr}``
  correlation, both valid.
- ``\\operatorname{full}(A)`` pads A by k-1 (the layer's kernel), ``\\operatorname{full}(A
  \\star K)`` is the full correlation; ``\\operatorname{pad}_p``, ``\\operatorname{crop}_p``
  and ``\\operatorname{dilate}_s`` take their size, or without one k-1, the padding and
  the stride of the layer; ``rot_{180}``, ``rot180`` and ``flip`` reverse both spatial axes.

A wrong claim is compared again after each single repair (rotate or unrotate the kernel,
pad by k-1, dilate G by the stride, rotation for a transpose, swap the operands, sum over
every axis); the first repair that makes it hold is the hint, "missing rot180".
"""

from __future__ import annotations

import copy

import numpy as np
import sympy

from ..closed import (
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
from ..layers.conv import ConvLayer
from ..layers.dense import DenseLayer
from ..termarray import TermArray, concat_terms
from .algebra import Poly
from .context import Context, finding
from .limits import NotUnderstood
from .model import Model
from .notation import CORR_VALID, Notation
from .opparse import Op, has_operator, parse_side, sides
from .othersizes import describe_sizes, variants
from .render import Renderer, counterexample
from .report import NOT_UNDERSTOOD, VERIFIED, WRONG

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


def operator_claim(text: str, notation: Notation) -> tuple[Op, Op] | None:
    """(left, right) when ``text`` is an operator claim about a whole tensor, else None."""
    found = sides(text)
    if found is None or not has_operator(found[1]):
        return None
    try:
        left = parse_side(found[0], notation)
    except NotUnderstood:
        return None  # an element-wise left side: the element-wise checker's claim
    if left.kind != "tensor":
        return None
    try:
        return left, parse_side(found[1], notation)
    except NotUnderstood as exc:
        if str(exc).startswith("the operator"):
            raise  # \operatorname{blur}: an operator claim, but not one we know
        return None  # e.g. indexed entries: left to the element-wise checker


# ---------------------------------------------------------------------- semantics
class Builder:
    """Closed-form nodes for a parsed side, at one model's sizes."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.env = model.layer.tensors
        self.one = getattr(model.spec, "dims", 2) == 1
        self.dense = not hasattr(model.spec, "kernel")

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
        value = {"kernel": spec.kernel, "stride": spec.stride,  # type: ignore[union-attr]
                 "padding": spec.padding[2:]}[name]  # type: ignore[union-attr]
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
            return TensorSymbol(_NAMES[role])
        args = [self.build(a) for a in op.args]
        if op.params and isinstance(op.params[0], tuple) and op.params[0][:1] == ("size",):
            op = Op(kind, (self.size(*op.params[0][1:]),), op.args)
        if kind == "rot":
            return Rot180(args[0])
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
        spatial = (3,) if self.one else (2, 3)
        named = [x for x in letters if x not in ("n", "N")]
        if letters and len(named) != len(spatial):
            raise NotUnderstood(f"a sum over {', '.join(letters)} of a "
                                f"{'1-D' if self.one else '2-D'} array")
        return SumOver(arg, ((0,) if not letters or "n" in letters else ()) + spatial)

    def binary(self, op: Op, full: bool):
        symbol, options = op.params
        written = dict(options)
        left, right = (self.build(a) for a in op.args)
        meaning = {"conv": ("convolution", "valid"), "corr": CORR_VALID,
                   "\\star": CORR_VALID}.get(symbol) or \
            self.model.notation.operators.get(symbol, CORR_VALID)
        flip, mode = meaning[0] == "convolution", meaning[1]
        if full:
            mode = "full"
        a_shape, k_shape = self.shape(left), self.shape(right)
        if len(a_shape) != 4 or len(k_shape) != 4:
            raise NotUnderstood("a correlation of a dense layer's matrices")
        rotate = False
        if all(x <= y for x, y in zip(a_shape[2:], k_shape[2:], strict=True)) and \
                a_shape != k_shape:
            # the smaller operand first: NumPy's valid correlation, rotated (a convolution
            # commutes); the full modes are symmetric the same way
            left, right = right, left
            a_shape, k_shape = k_shape, a_shape
            rotate = not flip
        kernel = Rot180(right) if flip else right
        if mode == "full":
            kh, kw = k_shape[2:]
            left = Pad(left, (kh - 1, kh - 1, kw - 1, kw - 1) if not self.one
                       else (0, 0, kw - 1, kw - 1))
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
                raise ValueError(f"groups {value}, the layer has "
                                 f"{self.model.spec.groups}")  # type: ignore[union-attr]
        groups = self.model.spec.groups  # type: ignore[union-attr]
        image_shape, k_shape = self.shape(left), self.shape(kernel)
        if _root(kernel) == "G":
            # X \star dY: the weight gradient, one filter per channel of G, summed over n
            if k_shape[0] != image_shape[0]:
                raise ValueError(f"{k_shape[0]} samples of G against {image_shape[0]}")
            size = tuple(a - k + 1 for a, k in zip(image_shape[2:], k_shape[2:], strict=True))
            kernel_hw = self.model.spec.kernel  # type: ignore[union-attr]
            strides = self.model.spec.stride  # type: ignore[union-attr]
            if dilation != (1, 1) or all(0 <= v - k < st for v, k, st in
                                         zip(size, kernel_hw, strides, strict=True)):
                # taps d apart (X \star_{d=2} dY) cover the kernel's k entries; rows of X
                # that no window of a strided layer reaches (H - k not a multiple of s)
                # would give entries past the kernel: the weight gradient is its first k
                size = tuple(kernel_hw)
            result = CorrelateWeight(left, kernel, dilation, groups, size)
        else:
            if k_shape[1] * groups != image_shape[1]:
                raise ValueError(f"a kernel of {k_shape[1]} channel(s) per group slides over "
                                 f"{image_shape[1]} channel(s)")
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


# ---------------------------------------------------------------------- truth
def truth(model: Model, role: str, grad: bool) -> tuple[np.ndarray, list[Poly]]:
    """The indices of the target tensor and its entries as exact polynomials."""
    if role == "Z":
        ids = model.layer.tensors["G"].ids
        indices = list(np.ndindex(ids.shape))
        if grad:
            return ids, [Poly.var(int(ids[i])) for i in indices]
        return ids, [model.forward(i) for i in indices]
    if role not in model.layer.tensors:
        raise NotUnderstood(f"this layer has no {role}")
    ids = model.layer.tensors[role].ids
    indices = list(np.ndindex(ids.shape))
    if grad:
        return ids, [model.gradient(role, i) for i in indices]
    return ids, [Poly.var(int(ids[i])) for i in indices]


def _squeezed(shape) -> tuple[int, ...]:
    return tuple(s for s in shape if s != 1)


def compare(model: Model, left: Op, right: Op) -> tuple[str, dict] | None:
    """None when the claim holds at the model's sizes; else (why, details)."""
    ids, expected = truth(model, *left.params)
    try:
        node = Builder(model).build(right)
        claimed = node.expand(model.layer.tensors)
    except (ValueError, IndexError) as exc:
        return f"the right side cannot be evaluated here ({exc})", {}
    if _squeezed(claimed.shape) != _squeezed(ids.shape):
        return (f"the right side has shape {tuple(claimed.shape)}, the left side "
                f"{tuple(ids.shape)}"), {}
    flat = list(np.ndindex(tuple(claimed.shape)))
    for k, want in enumerate(expected):
        got = Poly(dict(claimed.entry(flat[k])))
        if got.terms != want.terms:
            return "differs", {"entry": np.unravel_index(k, ids.shape), "expected": want,
                               "claimed": got}
    return None


# ---------------------------------------------------------------------- repairs
def _repairs(op: Op, model: Model):
    """(repaired tree, hint) for each single change of ``op``."""
    spec = model.spec
    kernel = getattr(spec, "kernel", (1, 1))
    k = kernel[1] if getattr(spec, "dims", 2) == 1 else kernel[0]
    stride = getattr(spec, "stride", (1, 1))[1]
    if op.kind == "tensor" and op.params == ("W", False):
        yield Op("rot", (None,), (op,)), "missing rot180 of the kernel"
    pad = getattr(spec, "padding", (0, 0, 0, 0))[2]
    if op.kind == "tensor" and op.params == ("X", False) and pad:
        yield Op("pad", (pad,), (op,)), f"missing padding: pad X by p = {pad}"
    if op.kind == "tensor" and op.params == ("Z", True) and stride > 1:
        yield (Op("dilate", (stride,), (op,)),
               f"G must be zero-dilated by the stride {stride}")
    if op.kind == "tensor" and op.params == ("Z", True):
        yield (Op("pad", (k - 1,), (op,)),
               f"missing full padding: pad G by k-1 = {k - 1}")
    if op.kind == "rot":
        yield op.args[0], "rotated once too often: \\star is cross-correlation"
    written = op.params[0] if op.kind == "pad" else None
    if isinstance(written, tuple) and written[:1] == ("size",):
        written = Builder(model).size(*written[1:])  # pad_{k}: its value here
    if isinstance(written, int) and written != k - 1:
        yield Op("pad", (k - 1,), op.args), f"pad by k-1 = {k - 1}, not {written}"
    if op.kind == "T" and getattr(spec, "dims", None) is not None:
        yield Op("rot", (None,), op.args), "rot180, not the transpose"
    if op.kind == "bin":
        yield Op("bin", op.params, op.args[::-1]), "the operands are swapped"
    if op.kind == "sum" and op.params and "n" not in op.params:
        yield Op("sum", (), op.args), "sum over the batch n too"
    for k_arg, arg in enumerate(op.args):
        for fixed, hint in _repairs(arg, model):
            args = (*op.args[:k_arg], fixed, *op.args[k_arg + 1:])
            yield Op(op.kind, op.params, args), hint


MAX_REPAIRS = 80  # comparisons spent looking for a hint (each expands the claim once)


def nearest(model: Model, left: Op, right: Op) -> str | None:
    """The hint of the first single repair that makes the claim hold, else of the first
    pair of repairs (a stride-2 gradient with neither dilation nor padding needs both)."""
    singles = list(_repairs(right, model))
    spent = 0
    for depth in (1, 2):
        for fixed, hint in singles:
            candidates = [(fixed, hint)] if depth == 1 else [
                (twice, f"{hint}; {second}") for twice, second in _repairs(fixed, model)
                if second != hint]
            for tree, text in candidates:
                spent += 1
                if spent > MAX_REPAIRS:
                    return None
                try:
                    if compare(model, left, tree) is None:
                        return text
                except NotUnderstood:
                    continue
    return None


# ---------------------------------------------------------------------- batch
def _names_batch(op: Op) -> bool:
    if op.kind == "sum" and ("n" in op.params or "N" in op.params):
        return True
    return any(_names_batch(a) for a in op.args)


def _has(op: Op, kind: str) -> bool:
    return op.kind == kind or any(_has(a, kind) for a in op.args)


def batched(model: Model) -> Model:
    """The same layer with a batch of two samples (the checker's layers have one)."""
    found = model.__dict__.get("_batched")
    if found is None:
        found = copy.copy(model)
        found.__dict__.pop("_padded_layer", None)
        if isinstance(model.layer, ConvLayer):
            found.layer = ConvLayer(model.spec, model.input_hw, batch=2)  # type: ignore
        else:
            found.layer = DenseLayer(model.spec, batch=2)  # type: ignore[arg-type]
        found.derivation = found.layer.derivation()
        found.views = found._views()
        model.__dict__["_batched"] = found
    return found


# ---------------------------------------------------------------------- verdict
def judge_operator(claim: tuple[Op, Op], ctx: Context) -> dict:
    model = ctx.model
    if model is None:
        raise NotUnderstood(f"operator claims need a conv or dense layer; {ctx.where} is "
                            "not one")
    left, right = claim
    if _names_batch(right):
        ctx.extras["batch"] = True  # the notes work with a mini-batch from here on
    failed = compare(model, left, right)
    batch = ""
    if failed is None and ctx.extras.get("batch") and not _has(right, "bin"):
        # per-sample correlations stay at one sample; sums and matrix products must
        # also hold for a batch of two
        model = batched(model)
        failed, batch = compare(model, left, right), " and a batch of 2"
    if failed is None:
        return finding(VERIFIED, f"holds for {ctx.where}{batch} (the operators expanded "
                       "entry by entry and compared with the derivation)")
    why, details = failed
    if ctx.extras.get("guessed"):  # sizes we only guessed: not the student's mistake
        for other in variants(model, {"stride", "pad"}):
            try:
                if compare(other, left, right) is None:
                    return finding(NOT_UNDERSTOOD, f"it does not hold for the assumed "
                                   f"{ctx.where} but holds for {describe_sizes(other)}, and "
                                   "the notes do not state the sizes; declare them to check "
                                   "it")
            except NotUnderstood:
                continue
    hint = nearest(model, left, right)
    head = f"{hint}; " if hint else ""
    if not details:
        return finding(WRONG, head + why)
    renderer = Renderer(model, {}, "L")
    expected, claimed = details["expected"], details["claimed"]
    diff = expected - claimed
    missing = renderer.terms(Poly({m: c for m, c in diff.terms.items() if c > 0}))
    extra = renderer.terms(Poly({m: -c for m, c in diff.terms.items() if c < 0}))
    entry = [int(i) for i in details["entry"]]
    example = counterexample(expected, claimed, renderer, ctx.seed)
    example["entry"] = entry
    where = ", ".join(str(i) for i in entry)
    parts = ([f"missing {', '.join(missing[:4])}"] if missing else []) + \
        ([f"extra {', '.join(extra[:4])}"] if extra else [])
    return finding(WRONG, f"{head}the right side differs at entry ({where}): "
                   f"{'; '.join(parts)}", expected=renderer.poly(expected), missing=missing,
                   extra=extra, counterexample=example)


__all__ = ["judge_operator", "operator_claim"]
