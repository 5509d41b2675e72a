"""Closed forms as unevaluated SymPy nodes: written once, expanded for proofs, printed.

Each node is a ``sympy.Basic`` whose arguments are tensors (:class:`TensorSymbol`) or other
nodes, plus integer parameters.  ``expand(env)`` evaluates it into exact polynomials over the
variables of the symbolic tensors in ``env`` (a :class:`~symconv.termarray.TermArray`);
that array is what a proof compares with the chain rule.
The printers (``_sympystr`` and ``_latex`` here; NumPy in :mod:`symconv.kernels`) turn
the same node into text, notes and code.

Index conventions (all tensors NCHW, kernels (F, C/groups, kh, kw)); for one spatial
axis, with stride s, dilation d, kernel k, padding (p0, p1) and padded size Hp:

- ``Correlate(A, K, s, d, g)[n,f,i] = sum_{c,a} A[n, g(f)·C_g + c, s·i + d·a] K[f,c,a]``;
- ``Dilate(G, s)`` inserts s-1 zeros between entries: ``Dilate(G)[s·i] = G[i]``;
- ``Rot180(K)[..., a] = K[..., k-1-a]``;
- ``CorrelateWeight(A, D, d, g, k)[f,c,a] = sum_{n,i} A[n, g(f)·C_g + c, i + d·a] D[n,f,i]``:
  with ``D = Dilate(G, s)`` this is ``sum_i A[s·i + d·a] G[i]``, the weight gradient;
- ``FullConvolveRot180(G, K, s, d, g, Hp)`` is defined as
  ``Correlate(Pad(Dilate(G, s), d·(k-1), Hp - (Ho-1)·s - 1), Rot180(SwapChannels(K)), 1, d, g)``:
  entry t collects ``G[i]·K[a]`` over ``s·i + d·a = t``, the input gradient before cropping.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from .termarray import TermArray, concat_terms, fold_axes, product


def _ints(values) -> sympy.Tuple:
    return sympy.Tuple(*(sympy.Integer(int(v)) for v in values))


def _py(values: sympy.Tuple) -> tuple[int, ...]:
    return tuple(int(v) for v in values)


def _grid(*sizes: int) -> list[np.ndarray]:
    """Open index grids: the k-th array varies along axis k only (for broadcasting)."""
    return list(np.ix_(*(np.arange(n) for n in sizes)))


class TensorSymbol(sympy.Symbol):
    """A whole tensor by name (X, W, b, G); its entries come from the environment."""

    def expand(self, env) -> TermArray:
        return TermArray.variables(env[self.name].ids)


class Node(sympy.Basic):
    """Shared behaviour: an operator name for printing."""

    op = "node"

    def expand(self, env) -> TermArray:  # pragma: no cover - every node overrides
        raise NotImplementedError(type(self).__name__)

    def _sympystr(self, printer) -> str:
        return f"{self.op}({', '.join(printer.doprint(a) for a in self.args)})"

    def _latex(self, printer) -> str:
        inner = ", ".join(printer.doprint(a) for a in self.args if not isinstance(a, sympy.Tuple))
        return rf"\operatorname{{{self.op}}}\left({inner}\right)"

    def _numpycode(self, printer) -> str:
        """A call of the primitive of the same name in :mod:`symconv.numeric`."""
        return f"{self.primitive}({', '.join(_code(printer, a) for a in self.args)})"

    primitive = "unprintable"


def _code(printer, arg) -> str:
    """Integer tuples print as Python tuples; tensors and nodes through the printer."""
    if isinstance(arg, sympy.Tuple):
        return repr(tuple(int(v) for v in arg))
    if isinstance(arg, sympy.Integer):
        return str(int(arg))
    return printer._print(arg)


class Constant(Node):
    """A tensor of one exact value (the averaging kernel 1/(kh·kw) of a pool)."""

    op = "const"

    def _numpycode(self, printer) -> str:
        value = self.args[0]
        return f"full({_code(printer, self.args[1])}, {int(value.p)} / {int(value.q)})"

    def __new__(cls, value, shape) -> Constant:
        return super().__new__(cls, sympy.Rational(value), _ints(shape))

    def expand(self, env) -> TermArray:
        value = self.args[0]
        return TermArray.constant(Fraction(int(value.p), int(value.q)), _py(self.args[1]))

    def _latex(self, printer) -> str:
        return printer.doprint(self.args[0]) + r"\,\mathbf{1}"


class Pad(Node):
    """Zero padding of the two spatial axes by (top, bottom, left, right)."""

    op = "pad"
    primitive = "pad2d"

    def __new__(cls, arg, pads) -> Pad:
        return super().__new__(cls, arg, _ints(pads))

    def expand(self, env) -> TermArray:
        inner = self.args[0].expand(env)
        top, bottom, left, right = _py(self.args[1])
        n, c, h, w = inner.shape
        return inner.place((n, c, h + top + bottom, w + left + right),
                           (slice(None), slice(None), slice(top, top + h), slice(left, left + w)))


class Crop(Node):
    """Drops (top, bottom, left, right) rows and columns: the inverse of :class:`Pad`."""

    op = "crop"
    primitive = "crop2d"

    def __new__(cls, arg, pads) -> Crop:
        return super().__new__(cls, arg, _ints(pads))

    def expand(self, env) -> TermArray:
        inner = self.args[0].expand(env)
        top, bottom, left, right = _py(self.args[1])
        h, w = inner.shape[-2:]
        return inner.spatial(slice(top, h - bottom), slice(left, w - right))


class Dilate(Node):
    """Zero-dilation by the stride: ``Dilate(G, s)[s·i] = G[i]``, zeros between."""

    op = "dilate"

    def __new__(cls, arg, strides) -> Dilate:
        return super().__new__(cls, arg, _ints(strides))

    def expand(self, env) -> TermArray:
        inner = self.args[0].expand(env)
        sh, sw = _py(self.args[1])
        n, c, h, w = inner.shape
        return inner.place((n, c, (h - 1) * sh + 1, (w - 1) * sw + 1),
                           (slice(None), slice(None), slice(None, None, sh),
                            slice(None, None, sw)))


class Rot180(Node):
    """The kernel rotated by 180 degrees: both spatial axes reversed."""

    op = "rot180"

    def _numpycode(self, printer) -> str:
        return f"{_code(printer, self.args[0])}[..., ::-1, ::-1]"

    def expand(self, env) -> TermArray:
        return self.args[0].expand(env).spatial(slice(None, None, -1), slice(None, None, -1))

    def _latex(self, printer) -> str:
        return rf"\operatorname{{rot}}_{{180^\circ}}\left({printer.doprint(self.args[0])}\right)"


class SwapChannels(Node):
    """(F, C/g, kh, kw) -> (C, F/g, kh, kw), group by group: the kernel of the transpose."""

    op = "swap"

    def __new__(cls, arg, groups) -> SwapChannels:
        return super().__new__(cls, arg, sympy.Integer(int(groups)))

    def expand(self, env) -> TermArray:
        kernel = self.args[0].expand(env)
        groups = int(self.args[1])
        filters, group_in, kh, kw = kernel.shape
        group_out = filters // groups
        # new[g·C_g + c, f', a, b] = old[g·F_g + f', c, a, b]
        g, c, f, a, b = _grid(groups, group_in, group_out, kh, kw)
        picked = kernel.index((g * group_out + f, c, a, b))  # (g, C_g, F_g, kh, kw)
        k, d = picked.mono.shape[-2:]
        return TermArray(picked.mono.reshape(groups * group_in, group_out, kh, kw, k, d),
                         picked.coef.reshape(groups * group_in, group_out, kh, kw, k),
                         picked.den)

    def _latex(self, printer) -> str:
        return printer.doprint(self.args[0]) + r"^{\top}"


def window_mean_size(kernel, groups, dilation) -> tuple[int, int] | None:
    """(kh, kw) when ``kernel`` is the depthwise constant 1/(kh·kw) without dilation."""
    if not isinstance(kernel, Constant) or _py(dilation) != (1, 1):
        return None
    channels, per_group, kh, kw = _py(kernel.args[1])
    if per_group != 1 or channels != int(groups) or kernel.args[0] != sympy.Rational(1, kh * kw):
        return None
    return kh, kw


class Correlate(Node):
    """Grouped, strided, dilated cross-correlation of A (N,C,H,W) with K (F,C/g,kh,kw)."""

    op = "corr"
    primitive = "correlate2d"

    def __new__(cls, arg, kernel, stride, dilation, groups=1) -> Correlate:
        return super().__new__(cls, arg, kernel, _ints(stride), _ints(dilation),
                               sympy.Integer(int(groups)))

    def _numpycode(self, printer) -> str:
        """``correlate2d(A, K, stride, dilation, groups)``, or ``avg_pool2d`` for a mean.

        A depthwise correlation (one channel per group) with the constant kernel
        1/(kh·kw) and no dilation is, entry by entry, the mean of each kh×kw window of
        the padded input, zeros included: average pooling, which has a cheaper
        primitive than a general correlation."""
        arg, kernel, stride, dilation, groups = self.args
        size = window_mean_size(kernel, groups, dilation)
        if size is None:
            return super()._numpycode(printer)
        inner, pads = arg.args if isinstance(arg, Pad) else (arg, _ints((0, 0, 0, 0)))
        return (f"avg_pool2d({_code(printer, inner)}, {size!r}, {_code(printer, stride)}, "
                f"{_code(printer, pads)})")

    def expand(self, env) -> TermArray:
        a = self.args[0].expand(env)
        k = self.args[1].expand(env)
        (sh, sw), (dh, dw), groups = _py(self.args[2]), _py(self.args[3]), int(self.args[4])
        n_batch, _, h, w = a.shape
        filters, group_in, kh, kw = k.shape
        group_out = filters // groups
        ho, wo = (h - dh * (kh - 1) - 1) // sh + 1, (w - dw * (kw - 1) - 1) // sw + 1
        n, f, i, j = (x[..., None] for x in _grid(n_batch, filters, ho, wo))
        c, p, q = (x.reshape(-1) for x in np.meshgrid(
            np.arange(group_in), np.arange(kh), np.arange(kw), indexing="ij"))
        channel = (f // group_out) * group_in + c
        return product(a, (n, channel, sh * i + dh * p, sw * j + dw * q), k, (f, c, p, q))


class CorrelateWeight(Node):
    """``[f,c,a,b] = Σ_{n,i,j} A[n, g(f)·C_g + c, i + d_h·a, j + d_w·b] · D[n,f,i,j]``."""

    op = "corr_w"

    def _numpycode(self, printer) -> str:
        """``correlate2d_grad_weight(xpad, G, stride, dilation, groups, kernel)``."""
        arg, grad, dilation, groups, kernel = self.args
        stride = sympy.Tuple(1, 1)
        if isinstance(grad, Dilate):  # the primitive dilates G by the stride itself
            grad, stride = grad.args
        return (f"correlate2d_grad_weight({_code(printer, arg)}, {_code(printer, grad)}, "
                f"{_code(printer, stride)}, {_code(printer, dilation)}, {int(groups)}, "
                f"{_code(printer, kernel)})")

    def __new__(cls, arg, grad, dilation, groups, kernel) -> CorrelateWeight:
        return super().__new__(cls, arg, grad, _ints(dilation), sympy.Integer(int(groups)),
                               _ints(kernel))

    def expand(self, env) -> TermArray:
        a = self.args[0].expand(env)
        d = self.args[1].expand(env)
        (dh, dw), groups, (kh, kw) = _py(self.args[2]), int(self.args[3]), _py(self.args[4])
        n_batch, channels, _, _ = a.shape
        _, filters, hg, wg = d.shape
        group_in, group_out = channels // groups, filters // groups
        f, c, p, q = (x[..., None] for x in _grid(filters, group_in, kh, kw))
        n, i, j = (x.reshape(-1) for x in np.meshgrid(
            np.arange(n_batch), np.arange(hg), np.arange(wg), indexing="ij"))
        channel = (f // group_out) * group_in + c
        return product(a, (n, channel, i + dh * p, j + dw * q), d, (n, f, i, j))


class FullConvolveRot180(Node):
    """Full convolution of the stride-dilated G with the rotated kernel (JAX's lhs rule)."""

    op = "fullconv"

    def _numpycode(self, printer) -> str:
        """``full_convolve2d_rot180(G, W, stride, dilation, groups, padded)``, or
        ``avg_pool2d_grad`` for a window mean (see :meth:`Correlate._numpycode`): every
        entry of the padded input receives G[o]/(kh·kw) from each window o that holds it,
        so the full convolution with the constant kernel is the average pool's spreading."""
        grad, kernel, stride, dilation, groups, _, padded = self.args
        size = window_mean_size(kernel, groups, dilation)
        if size is not None and isinstance(grad, TensorSymbol):
            g = _code(printer, grad)
            shape = f"({g}.shape[0], {int(groups)}, {int(padded[0])}, {int(padded[1])})"
            return (f"avg_pool2d_grad({g}, {shape}, {size!r}, {_code(printer, stride)}, "
                    "(0, 0, 0, 0))")
        return (f"full_convolve2d_rot180({_code(printer, grad)}, {_code(printer, kernel)}, "
                f"{_code(printer, stride)}, {_code(printer, dilation)}, {int(groups)}, "
                f"{_code(printer, padded)})")

    def __new__(cls, grad, kernel, stride, dilation, groups, kernel_size,
                padded) -> FullConvolveRot180:
        return super().__new__(cls, grad, kernel, _ints(stride), _ints(dilation),
                               sympy.Integer(int(groups)), _ints(kernel_size), _ints(padded))

    def as_correlation(self, grad_shape: tuple[int, ...]) -> Correlate:
        """The definition: pad the dilated G by d·(k-1) in front and enough behind."""
        grad, kernel, stride, dilation, groups, ksize, padded = self.args
        (sh, sw), (dh, dw), (kh, kw), (hp, wp) = (_py(stride), _py(dilation), _py(ksize),
                                                  _py(padded))
        hg, wg = (grad_shape[-2] - 1) * sh + 1, (grad_shape[-1] - 1) * sw + 1
        pads = (dh * (kh - 1), hp - hg, dw * (kw - 1), wp - wg)
        return Correlate(Pad(Dilate(grad, (sh, sw)), pads),
                         Rot180(SwapChannels(kernel, groups)), (1, 1), (dh, dw), groups)

    def expand(self, env) -> TermArray:
        return self.as_correlation(self.args[0].expand(env).shape).expand(env)

    def _latex(self, printer) -> str:
        # \star is cross-correlation (the sliding dot product), so the kernel is rotated
        # once: dXpad = full correlation of the dilated G with rot180(W).
        g, k = (printer.doprint(a) for a in self.args[:2])
        s = printer.doprint(self.args[2])
        return (rf"\operatorname{{full}}\left(\operatorname{{dilate}}_{{{s}}}\left({g}\right)"
                rf" \star \operatorname{{rot}}_{{180^\circ}}\left({k}\right)\right)")


class SumOver(Node):
    """Sum over the given axes (the bias gradient sums G over n, i, j)."""

    op = "sum"

    def _numpycode(self, printer) -> str:
        return f"sum_axes({_code(printer, self.args[0])}, {_code(printer, self.args[1])})"

    def __new__(cls, arg, axes) -> SumOver:
        return super().__new__(cls, arg, _ints(axes))

    def expand(self, env) -> TermArray:
        return fold_axes(self.args[0].expand(env), _py(self.args[1]))


class BiasAdd(Node):
    """``Z + b`` with b broadcast along axis 1 (filters or features)."""

    op = "addbias"

    def _numpycode(self, printer) -> str:
        """``correlate2d_bias(...)`` for a convolution's output (the bias inside the
        product), else ``add_bias(Z, b)``, which adds in place: Z must be a fresh result,
        so a bare tensor is copied first."""
        inner = self.args[0]
        if isinstance(inner, Correlate) and window_mean_size(
                inner.args[1], inner.args[4], inner.args[3]) is None:
            # Z + b[f] = (A1·T1) with a ones column in A1 and the bias row in T1: the sum
            # over taps gains the one term 1·b[f] (see numeric.correlate2d_bias).
            xpad, kernel, stride, dilation, groups = (_code(printer, a) for a in inner.args)
            return (f"correlate2d_bias({xpad}, {kernel}, {_code(printer, self.args[1])}, "
                    f"{stride}, {dilation}, {groups})")
        z, b = (_code(printer, a) for a in self.args)
        if isinstance(self.args[0], TensorSymbol):
            z += ".copy()"
        return f"add_bias({z}, {b})"

    def expand(self, env) -> TermArray:
        z = self.args[0].expand(env)
        b = self.args[1].expand(env)
        shape = [1] * len(z.shape)
        shape[1] = b.shape[0]
        k, d = b.mono.shape[-2:]
        spread = TermArray(np.broadcast_to(b.mono.reshape(*shape, k, d), (*z.shape, k, d)),
                           np.broadcast_to(b.coef.reshape(*shape, k), (*z.shape, k)), b.den)
        return concat_terms([z, spread])

    def _latex(self, printer) -> str:
        return " + ".join(printer.doprint(a) for a in self.args)


class Transpose(Node):
    """Matrix transpose of a 2-D tensor."""

    op = "T"

    def _numpycode(self, printer) -> str:
        return f"{_code(printer, self.args[0])}.T"

    def expand(self, env) -> TermArray:
        return self.args[0].expand(env).transpose((1, 0))

    def _latex(self, printer) -> str:
        return printer.doprint(self.args[0]) + r"^{\top}"


class MatMul(Node):
    """Matrix product of two 2-D tensors (the dense layer's transposes)."""

    op = "matmul"

    def _numpycode(self, printer) -> str:
        return f"matmul({_code(printer, self.args[0])}, {_code(printer, self.args[1])})"

    def expand(self, env) -> TermArray:
        a, b = (arg.expand(env) for arg in self.args)
        i, j = (x[..., None] for x in _grid(a.shape[0], b.shape[1]))
        t = np.arange(a.shape[1])
        return product(a, (i, t), b, (t, j))

    def _latex(self, printer) -> str:
        return " ".join(printer.doprint(a) for a in self.args)


class MaxPool(Node):
    """``Y[n,c,i,j] = max_{a,b} Xpad[n, c, s_h·i + a, s_w·j + b]``, Xpad padded with -inf.

    Not a polynomial, so it has no ``expand``: max pooling is proved by SymPy's derivative
    of ``Max`` at an input without ties (:class:`~symconv.layers.pool.MaxPoolLayer`)."""

    op = "maxpool"

    def __new__(cls, arg, kernel, stride, pads) -> MaxPool:
        return super().__new__(cls, arg, _ints(kernel), _ints(stride), _ints(pads))

    def _numpycode(self, printer) -> str:
        x, kernel, stride, pads = (_code(printer, a) for a in self.args)
        return f"max_pool2d({x}, {kernel}, {stride}, {pads})[0]"


class RouteToMax(Node):
    """``dX[t] = sum of G[o] over the windows o whose first maximum (row-major) is t``."""

    op = "route_max"

    def __new__(cls, grad, arg, kernel, stride, pads) -> RouteToMax:
        return super().__new__(cls, grad, arg, _ints(kernel), _ints(stride), _ints(pads))

    def _numpycode(self, printer) -> str:
        g, x, kernel, stride, pads = (_code(printer, a) for a in self.args)
        return (f"max_pool2d_grad({g}, max_pool2d({x}, {kernel}, {stride}, {pads})[1], "
                f"{x}.shape, {kernel}, {stride}, {pads})")
