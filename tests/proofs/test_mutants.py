"""Deliberately wrong closed forms and broken primitives: none may come out proved.

Each closed-form mutant is a builder ``(spec, input_shape) -> [Identity]``, the same
signature as the layers' own identity builders, so one definition serves both provers: the
concrete prover (a layer whose ``identities`` is the mutant) and the general prover (which
calls the builder at both of its templates).  Each must be 'failed' or 'not proved' at a
concrete configuration where it is wrong, and for symbolic sizes where the general prover
covers the layer kind; the layer's correct forms, built the same way, must still prove.

Each broken primitive replaces one function of the kernels' namespace, so the printed
kernels call it; ``symconv prove`` must then report the kernel identity failed, naming the
kernel and the first differing entry, while the symbolic identities still prove.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from symconv import ops as C
from symconv.cli.main import main
from symconv.layers.base import Identity
from symconv.layers.conv import ConvLayer, conv_identities
from symconv.layers.conv_transpose import (
    ConvTransposeLayer,
    conv_transpose_forms,
    conv_transpose_identities,
)
from symconv.layers.dense import DenseLayer, dense_identities
from symconv.layers.elementwise import ActivationLayer, SoftmaxCrossEntropyLayer
from symconv.layers.pool import AvgPoolLayer, MaxPoolLayer, avg_pool_identities
from symconv.proofs.general import prove_general
from symconv.proofs.proof import FAILED, NOT_PROVED, PROVED
from symconv.runtime import kernels as K
from symconv.runtime import numeric
from symconv.spec.layer import Dense, conv, conv_transpose, pool

X, W, G, B = (C.TensorSymbol(n) for n in ("X", "W", "G", "b"))

# Concrete configurations where every mutant below is wrong: kernel (2, 3), stride (2, 1)
# (neither the kernel nor its reversal), dilation (1, 2), asymmetric padding with p_r != 0,
# groups 2 with C_g = 3 and F_g = 2 (all different).
CONV = conv(6, 4, (2, 3), stride=(2, 1), padding=(1, 2, 0, 3), dilation=(1, 2), groups=2)
CONV_ROT = conv(
    6, 4, (2, 3), stride=(2, 1), padding=(1, 2, 0, 3), dilation=(1, 2), groups=2, mode="convolution"
)
CONV_HW = (7, 9)
AVG = pool("avg", (3, 2), (2, 1), (1, 0), name="avgpool2d")  # k_h·k_w = 6, s_h·s_w = 2
AVG_SHAPE = (2, 7, 6)
DENSE = Dense(3, 4)


def _padded(s, shape) -> tuple[int, int]:
    return (shape[1] + s.padding[0] + s.padding[1], shape[2] + s.padding[2] + s.padding[3])


def _dx(
    s,
    shape,
    grad=G,
    kernel=W,
    stride=None,
    dilation=None,
    groups=None,
    ksize=None,
    padded=None,
    crop=None,
):
    """dL/dX as the layer writes it, with any one part replaced."""
    return C.Crop(
        C.FullConvolveRot180(
            grad,
            kernel,
            s.stride if stride is None else stride,
            s.dilation if dilation is None else dilation,
            s.groups if groups is None else groups,
            s.kernel if ksize is None else ksize,
            padded or _padded(s, shape),
        ),
        s.padding if crop is None else crop,
    )


def _dw(s, x=None, grad=None, dilation=None, groups=None, ksize=None):
    return C.CorrelateWeight(
        C.Pad(X, s.padding) if x is None else x,
        C.Dilate(G, s.stride) if grad is None else grad,
        s.dilation if dilation is None else dilation,
        s.groups if groups is None else groups,
        s.kernel if ksize is None else ksize,
    )


def _z(s, pads=None, stride=None, dilation=None, kernel=W, bias=True):
    z = C.Correlate(
        C.Pad(X, s.padding if pads is None else pads),
        kernel,
        s.stride if stride is None else stride,
        s.dilation if dilation is None else dilation,
        s.groups,
    )
    return C.BiasAdd(z, B) if bias else z


def _t(s) -> tuple[int, int, int, int]:
    return s.padding


# name -> (target, builder of the wrong node)
CONV_MUTANTS = {
    "dX without rot180": ("X", lambda s, sh: _dx(s, sh, kernel=C.Rot180(W))),
    "dX, G not zero-dilated by the stride": ("X", lambda s, sh: _dx(s, sh, stride=(1, 1))),
    "dX crop off by one": ("X", lambda s, sh: _dx(s, sh, crop=(_t(s)[0] + 1, *_t(s)[1:]))),
    "dX crop (t, b, l, 0)": ("X", lambda s, sh: _dx(s, sh, crop=(*_t(s)[:3], 0))),
    "dX groups <- C_g": ("X", lambda s, sh: _dx(s, sh, groups=s.group_in)),
    "dX without dilation": ("X", lambda s, sh: _dx(s, sh, dilation=(1, 1))),
    "dX padded size one short": (
        "X",
        lambda s, sh: _dx(s, sh, padded=(_padded(s, sh)[0] - 1, _padded(s, sh)[1])),
    ),
    "dX stride <- kernel": ("X", lambda s, sh: _dx(s, sh, stride=s.kernel)),
    "dX with an extra row (shape)": ("X", lambda s, sh: C.Pad(_dx(s, sh), (0, 1, 0, 0))),
    "dW, G not zero-dilated by the stride": ("W", lambda s, sh: _dw(s, grad=G)),
    "dW stride <- (k_w, k_h)": ("W", lambda s, sh: _dw(s, grad=C.Dilate(G, s.kernel[::-1]))),
    "dW stride <- kernel": ("W", lambda s, sh: _dw(s, grad=C.Dilate(G, s.kernel))),
    "dW groups <- C_g": ("W", lambda s, sh: _dw(s, groups=s.group_in)),
    "dW without dilation": ("W", lambda s, sh: _dw(s, dilation=(1, 1))),
    "dW dilation reversed": ("W", lambda s, sh: _dw(s, dilation=s.dilation[::-1])),
    "dW, X not padded": ("W", lambda s, sh: _dw(s, x=X)),
    "dW paddings of the two axes swapped": (
        "W",
        lambda s, sh: _dw(s, x=C.Pad(X, (*_t(s)[2:], *_t(s)[:2]))),
    ),
    "dW p_r dropped": ("W", lambda s, sh: _dw(s, x=C.Pad(X, (*_t(s)[:3], 0)))),
    "Z from Pad(X, (t, b, l, 0))": ("Z", lambda s, sh: _z(s, pads=(*_t(s)[:3], 0))),
    "Z top and bottom padding swapped": (
        "Z",
        lambda s, sh: _z(s, pads=(_t(s)[1], _t(s)[0], *_t(s)[2:])),
    ),
    "Z stride <- dilation": ("Z", lambda s, sh: _z(s, stride=s.dilation)),
    "Z dilation reversed": ("Z", lambda s, sh: _z(s, dilation=s.dilation[::-1])),
    "Z without its bias": ("Z", lambda s, sh: _z(s, bias=False)),
    "db summed over n only": ("b", lambda s, sh: C.SumOver(G, (0,))),
    "db not summed over the batch": ("b", lambda s, sh: C.SumOver(G, (2, 3))),
}
# Convolution mode: the forward reads rot180(W), so dW is rot180 of the correlation.
ROT_MUTANTS = {
    "convolution mode, Z without the rotation": ("Z", lambda s, sh: _z(s)),
    "convolution mode, dW without the rotation": ("W", lambda s, sh: _dw(s)),
    "convolution mode, dX from W, not rot180(W)": ("X", lambda s, sh: _dx(s, sh, kernel=W)),
}


def _mean(s, shape, value=None):
    kh, kw = s.kernel
    return C.Constant(
        value if value is not None else 1 / sympy.Integer(kh * kw), (shape[0], 1, kh, kw)
    )


def _avg_pads(s):
    return (s.padding[0], s.padding[0], s.padding[1], s.padding[1])


def _avg_padded(s, shape):
    return (shape[1] + 2 * s.padding[0], shape[2] + 2 * s.padding[1])


AVG_MUTANTS = {
    "avg mean 1/(s_h s_w)": (
        "Z",
        lambda s, sh: C.Correlate(
            C.Pad(X, _avg_pads(s)),
            _mean(s, sh, sympy.Rational(1, s.stride[0] * s.stride[1])),
            s.stride,
            (1, 1),
            sh[0],
        ),
    ),
    "avg paddings swapped": (
        "Z",
        lambda s, sh: C.Correlate(
            C.Pad(X, (s.padding[1], s.padding[1], s.padding[0], s.padding[0])),
            _mean(s, sh),
            s.stride,
            (1, 1),
            sh[0],
        ),
    ),
    "avg dX, G not dilated": (
        "X",
        lambda s, sh: C.Crop(
            C.FullConvolveRot180(
                G, _mean(s, sh), (1, 1), (1, 1), sh[0], s.kernel, _avg_padded(s, sh)
            ),
            _avg_pads(s),
        ),
    ),
    "avg dX mean 1/k_h": (
        "X",
        lambda s, sh: C.Crop(
            C.FullConvolveRot180(
                G,
                _mean(s, sh, sympy.Rational(1, s.kernel[0])),
                s.stride,
                (1, 1),
                sh[0],
                s.kernel,
                _avg_padded(s, sh),
            ),
            _avg_pads(s),
        ),
    ),
}
DENSE_MUTANTS = {
    "dense dW = X^T G (transposed)": ("W", lambda s, sh: C.MatMul(C.Transpose(X), G)),
    "dense dX = G W^T": ("X", lambda s, sh: C.MatMul(G, C.Transpose(W))),
    "dense Z without bias": ("Z", lambda s, sh: C.MatMul(X, C.Transpose(W))),
    "dense db over features": ("b", lambda s, sh: C.SumOver(G, (1,))),
}
# Transposed convolutions: output_padding below the stride (CT), and at or above it, below
# the dilation (CT_HIGH: the last s·⌊op/s⌋ rows get no input entry, the forms cut them).
CT = conv_transpose(
    6,
    4,
    (2, 3),
    stride=(2, 3),
    padding=(1, 2, 0, 1),
    output_padding=(1, 2),
    dilation=(1, 2),
    groups=2,
)
CT_HIGH = conv_transpose(
    6,
    4,
    (2, 3),
    stride=(2, 1),
    padding=(1, 2, 0, 1),
    output_padding=(3, 1),
    dilation=(4, 2),
    groups=2,
)
CT_SHAPE = (6, 3, 4)  # C_g = 3, F_g = 2, g = 2


def _cut(s) -> tuple[int, int]:
    return tuple(op // st * st for op, st in zip(s.output_padding, s.stride, strict=True))


def _ct_z(s, shape, cut_pads=None, crop=None, kernel=W, short=0):
    """Z as the transposed layer writes it (the full convolution of the dilated X, the cut
    rows padded back, cropped), with any one part replaced; ``short`` rows fewer."""
    _, ho, wo = s.output_shape(shape)
    (ch, cw), (top, bottom, left, right) = _cut(s), s.padding
    z = C.FullConvolveRot180(
        X,
        kernel,
        s.stride,
        s.dilation,
        s.groups,
        s.kernel,
        (ho - ch + top + bottom - short, wo - cw + left + right),
    )
    if ch or cw:
        z = C.Pad(z, cut_pads or (0, ch, 0, cw))
    return C.BiasAdd(C.Crop(z, crop or s.padding), B)


def _ct_g(s, cut=None, pads=None):
    """G padded as the transposed forms read it, cropped by the cut rows (if any)."""
    padded, (ch, cw) = C.Pad(G, pads or s.padding), _cut(s)
    cut = cut or (0, ch, 0, cw)
    return C.Crop(padded, cut) if any(cut) else padded


def _ct_dx(s, g=None, kernel=W, stride=None, groups=None):
    return C.Correlate(g or _ct_g(s), kernel, stride or s.stride, s.dilation, groups or s.groups)


def _ct_dw(s, g=None, x=None, dilation=None):
    return C.CorrelateWeight(
        g or _ct_g(s), x or C.Dilate(X, s.stride), dilation or s.dilation, s.groups, s.kernel
    )


def _ct_pads(s):
    top, bottom, left, right = s.padding
    return (bottom, top, left, right)


CT_MUTANTS = {
    "transposed Z without rot180": ("Z", lambda s, sh: _ct_z(s, sh, kernel=C.Rot180(W))),
    "transposed Z crop (t, b, l, 0)": ("Z", lambda s, sh: _ct_z(s, sh, crop=(*s.padding[:3], 0))),
    "transposed Z output_padding dropped": (
        "Z",
        lambda s, sh: _ct_z(s, sh, short=s.output_padding[0] - _cut(s)[0]),
    ),
    "transposed dX stride <- dilation": ("X", lambda s, sh: _ct_dx(s, stride=s.dilation)),
    "transposed dX groups <- C_g": ("X", lambda s, sh: _ct_dx(s, groups=s.group_in)),
    "transposed dX, W's channel roles swapped": (
        "X",
        lambda s, sh: _ct_dx(s, kernel=C.SwapChannels(W, s.groups)),
    ),
    "transposed dW, X not dilated by the stride": ("W", lambda s, sh: _ct_dw(s, x=X)),
    "transposed dW, G's top and bottom padding swapped": (
        "W",
        lambda s, sh: _ct_dw(s, g=_ct_g(s, pads=_ct_pads(s))),
    ),
    "transposed dW dilation reversed": ("W", lambda s, sh: _ct_dw(s, dilation=s.dilation[::-1])),
    "transposed db summed over n only": ("b", lambda s, sh: C.SumOver(G, (0,))),
}
# At or above the stride: the cut rows in the wrong place or of the wrong size.
CT_HIGH_MUTANTS = {
    "op >= stride: Z's cut rows padded on top": (
        "Z",
        lambda s, sh: _ct_z(s, sh, cut_pads=(_cut(s)[0], 0, _cut(s)[1], 0)),
    ),
    "op >= stride: dX's G cut one stride short": (
        "X",
        lambda s, sh: _ct_dx(s, g=_ct_g(s, cut=(0, _cut(s)[0] - s.stride[0], 0, _cut(s)[1]))),
    ),
    "op >= stride: dW's G cut at the top": (
        "W",
        lambda s, sh: _ct_dw(s, g=_ct_g(s, cut=(_cut(s)[0], 0, _cut(s)[1], 0))),
    ),
    "op >= stride: Z's full convolution without the rest r": (
        "Z",
        lambda s, sh: _ct_z(s, sh, short=s.output_padding[0] - _cut(s)[0]),
    ),
}
NAMES = {"Z": "Z", "W": "dL/dW", "X": "dL/dX", "b": "dL/db"}


def _builder(target: str, node):
    return lambda s, shape: [Identity(NAMES[target], "a wrong form", target, node(s, shape))]


class _Mutant:
    """A layer whose identities are one mutant (built from its spec and input shape)."""

    build = None

    def identities(self):
        return self.build(self.spec, self.input_shape)


class MutantConv(_Mutant, ConvLayer):
    pass


class MutantAvg(_Mutant, AvgPoolLayer):
    pass


class MutantConvTranspose(_Mutant, ConvTransposeLayer):
    pass


class MutantDense(_Mutant, DenseLayer):
    @property
    def input_shape(self):
        return (self.spec.in_features,)


def _concrete(kind: str, build):
    if kind == "conv":
        layer = MutantConv(CONV, CONV_HW, 2)
    elif kind == "rot":
        layer = MutantConv(CONV_ROT, CONV_HW, 2)
    elif kind == "avg":
        layer = MutantAvg(AVG, AVG_SHAPE, 2)
    elif kind in ("ct", "ct_high"):
        layer = MutantConvTranspose(CT if kind == "ct" else CT_HIGH, CT_SHAPE[1:], 2)
    else:
        layer = MutantDense(DENSE, 2)
    layer.build = build
    return layer.prove(kernels=False)


CASES = (
    [("conv", n, *m) for n, m in CONV_MUTANTS.items()]
    + [("rot", n, *m) for n, m in ROT_MUTANTS.items()]
    + [("avg", n, *m) for n, m in AVG_MUTANTS.items()]
    + [("dense", n, *m) for n, m in DENSE_MUTANTS.items()]
    + [("ct", n, *m) for n, m in CT_MUTANTS.items()]
    + [("ct_high", n, *m) for n, m in CT_HIGH_MUTANTS.items()]
)
GENERAL = {
    "conv": ("conv2d", "all"),
    "rot": ("conv2d", "convolution"),
    "avg": ("avgpool2d", "avgpool"),
    "dense": ("dense", "dense"),
    "ct": ("conv_transpose2d", "conv_transpose"),
    "ct_high": ("conv_transpose2d", "conv_transpose_high"),
}
CORRECT = {
    "conv": lambda s, sh: conv_identities(s, sh[1:]),
    "rot": lambda s, sh: conv_identities(s, sh[1:]),
    "avg": avg_pool_identities,
    "dense": lambda s, sh: dense_identities(s.bias),
    "ct": lambda s, sh: conv_transpose_identities(s, sh[1:]),
    "ct_high": lambda s, sh: conv_transpose_identities(s, sh[1:]),
}


def test_there_are_at_least_thirty_closed_form_mutants():
    assert len(CASES) >= 30


@pytest.mark.parametrize(("kind", "name", "target", "node"), CASES, ids=[c[1] for c in CASES])
def test_a_wrong_closed_form_is_not_proved_at_concrete_sizes(kind, name, target, node):
    [proof] = _concrete(kind, _builder(target, node))
    assert proof.status == FAILED, str(proof)
    assert proof.mismatch is not None or "shape" in proof.note or "cannot" in proof.note


@pytest.mark.parametrize(("kind", "name", "target", "node"), CASES, ids=[c[1] for c in CASES])
def test_a_wrong_closed_form_is_not_proved_for_all_sizes(kind, name, target, node):
    layer_kind, case = GENERAL[kind]
    [proof] = prove_general(layer_kind, case, with_steps=False, build=_builder(target, node))
    assert proof.status in (FAILED, NOT_PROVED), str(proof)
    assert proof.note, "a verdict other than proved says why"


@pytest.mark.parametrize("kind", sorted(GENERAL))
def test_the_correct_forms_next_to_them_prove(kind):
    """The negative controls' positive twin: the same configurations, the layer's forms."""
    concrete = _concrete(kind, CORRECT[kind])
    assert concrete and all(p.status == PROVED for p in concrete), "\n".join(map(str, concrete))
    layer_kind, case = GENERAL[kind]
    general = prove_general(layer_kind, case, with_steps=False, build=CORRECT[kind])
    assert general and all(p.status == PROVED for p in general), "\n".join(map(str, general))


@pytest.mark.parametrize("spec", [CT, CT_HIGH])
def test_the_transposed_builders_rebuild_the_layers_own_forms(spec):
    """The mutants above change one part of these builders; unchanged, they give the very
    nodes the layer proves."""
    forms = conv_transpose_forms(spec, CT_SHAPE[1:])
    assert _ct_z(spec, CT_SHAPE) == forms["Z"]
    assert _ct_dx(spec) == forms["X"] and _ct_dw(spec) == forms["W"]


def test_a_size_one_axis_is_no_wildcard():
    """A 1-D dL/dX of shape (1, 1, 2, 7) against X of shape (1, 1, 1, 7) fails on its shape
    (the comparison once broadcast the target onto it)."""
    spec = conv(1, 1, 2, dims=1)
    layer = MutantConv(spec, (1, 7), 1)
    layer.build = _builder("X", lambda s, sh: C.Pad(_dx(s, sh), (0, 1, 0, 0)))
    [proof] = layer.prove(kernels=False)
    assert proof.status == FAILED
    assert "(1, 1, 2, 7)" in proof.note and "(1, 1, 1, 7)" in proof.note


# ------------------------------------------------------------------- broken primitives


def _rot(f):
    return lambda *a: np.ascontiguousarray(f(*a)[..., ::-1, ::-1])


def _shifted(f):
    return lambda *a: np.roll(f(*a), 1, axis=-1)


def _no_bias(f):
    return lambda xpad, w, b, *rest: numeric.correlate2d(xpad, w, *rest)


def _doubled_first_row(f):
    def broken(*a):
        out = np.array(f(*a))
        out[..., 0, :] *= 2
        return out

    return broken


def _drop_first_column(f):
    return lambda g, axes: (
        g[..., 1:].sum(axis=tuple(axes)) if g.ndim == 4 else g.sum(axis=tuple(axes))
    )


def _matmul_plus_first(f):
    return lambda a, b: f(a, b) + np.outer(a[:, 0], b[0, :]).astype(a.dtype)


def _one_minus_a(f):
    return lambda g, a: (g * (1 - a)).astype(g.dtype)


def _relu_grad_at_zero(f):
    return lambda g, a: np.where(a >= 0, g, 0).astype(g.dtype)


def _sigmoid_off(f):
    return lambda z: (f(z) * (1 + 1e-5)).astype(z.dtype)


def _loss_not_mean(f):
    def broken(z, y):
        loss, grad = f(z, y)
        return loss, grad * z.shape[0]

    return broken


def _max_doubled_first_row(f):
    def broken(x, kernel, stride, pads):
        y, index = f(x, kernel, stride, pads)
        y = np.array(y)
        y[..., 0, :] *= 2
        return y, index

    return broken


def _conv_layer():
    return ConvLayer(CONV, CONV_HW, 2)


PRIMITIVES = [
    ("full_convolve2d_rot180", _rot, _conv_layer, "kernel dL/dX"),
    ("full_convolve2d_rot180", _shifted, _conv_layer, "kernel dL/dX"),
    ("correlate2d_grad_weight", _shifted, _conv_layer, "kernel dL/dW"),
    ("correlate2d_bias", _no_bias, _conv_layer, "kernel Z"),
    ("correlate2d_bias", _doubled_first_row, _conv_layer, "kernel Z"),
    ("pad2d", _shifted, _conv_layer, "kernel Z"),
    ("crop2d", _rot, _conv_layer, "kernel dL/dX"),
    ("sum_axes", _drop_first_column, _conv_layer, "kernel dL/db"),
    ("avg_pool2d", _doubled_first_row, lambda: AvgPoolLayer(AVG, AVG_SHAPE, 2), "kernel Z"),
    ("avg_pool2d_grad", _shifted, lambda: AvgPoolLayer(AVG, AVG_SHAPE, 2), "kernel dL/dX"),
    (
        "avg_pool2d",
        _doubled_first_row,
        lambda: AvgPoolLayer(pool("avg", 2, 2), (3, 8, 8), 1),
        "kernel Z",
    ),  # tiled path
    ("matmul", _matmul_plus_first, lambda: DenseLayer(DENSE, 2), "kernel dL/dX"),
    # the max-pool routing proof itself runs the printed kernel: it fails first
    (
        "max_pool2d_grad",
        _doubled_first_row,
        lambda: MaxPoolLayer(pool("max", 2, 2), (2, 6, 6), 1),
        "dL/dX",
    ),
    (
        "max_pool2d",
        _max_doubled_first_row,
        lambda: MaxPoolLayer(pool("max", 3, 2, 1), (2, 7, 7), 1),
        "kernel Z",
    ),  # general path
    ("tanh_grad", _one_minus_a, lambda: ActivationLayer("tanh", (2, 3)), "kernel dL/dZ"),
    ("relu_grad", _relu_grad_at_zero, lambda: ActivationLayer("relu", (2, 3)), "kernel dL/dZ"),
    ("sigmoid", _sigmoid_off, lambda: ActivationLayer("sigmoid", (2, 3)), "kernel A"),
    (
        "softmax_cross_entropy",
        _loss_not_mean,
        lambda: SoftmaxCrossEntropyLayer(4, 3),
        "kernel (L, dL/dZ)",
    ),
]


@pytest.fixture
def broken(monkeypatch):
    """Replace one primitive in the kernels' namespace; kernels printed afresh around it."""

    def apply(name: str, wrap) -> None:
        K.clear_caches()
        monkeypatch.setitem(K.NAMESPACE, name, wrap(K.NAMESPACE[name]))

    yield apply
    monkeypatch.undo()
    K.clear_caches()


@pytest.mark.parametrize(
    ("primitive", "wrap", "layer", "kernel"),
    PRIMITIVES,
    ids=[f"{p[0]}-{p[1].__name__.strip('_')}" for p in PRIMITIVES],
)
def test_a_broken_primitive_fails_its_kernel_identity(broken, primitive, wrap, layer, kernel):
    broken(primitive, wrap)
    proofs = {p.identity: p for p in layer().prove()}
    failed = proofs[kernel]
    assert failed.status == FAILED, str(failed)
    assert failed.mismatch is not None and failed.mismatch.index is not None
    if kernel.startswith("kernel "):  # the symbolic identities do not run the kernels
        assert all(p.proved for name, p in proofs.items() if not name.startswith("kernel "))


def test_prove_exits_1_naming_the_kernel_and_the_first_difference(broken, capsys):
    broken("full_convolve2d_rot180", _rot)
    code = main(["prove", "conv2d", "--input", "5", "--kernel", "3"])
    out = capsys.readouterr().out
    assert code == 1
    assert "conv2d: kernel dL/dX: failed" in out
    assert "full_convolve2d_rot180" in out and "first difference at (0, 0, " in out
    assert out.strip().splitlines()[-1].startswith("7/8 identities proved")


@pytest.mark.parametrize(
    ("target", "node"),
    [
        ("X", C.SumOver(X, (7,))),  # an axis the tensor does not have
        ("X", C.Crop(X, (100, 0, 0, 0))),  # a crop larger than the input
        ("X", C.Dilate(X, (0, 1))),  # a stride of 0
    ],
)
def test_an_unreadable_form_is_a_verdict_not_a_crash(target, node):
    build = _builder(target, lambda s, sh: node)
    [general] = prove_general("conv2d", "all", with_steps=False, build=build)
    assert general.status in (FAILED, NOT_PROVED) and general.note
    [concrete] = _concrete("conv", build)
    assert concrete.status == FAILED and (concrete.note or concrete.mismatch)


def test_a_kernel_that_raises_fails_its_identity(broken):
    def boom(f):
        def raising(*a):
            raise RuntimeError("primitive out of order")

        return raising

    broken("sum_axes", boom)
    proofs = {p.identity: p for p in ConvLayer(CONV, CONV_HW, 1).prove()}
    assert proofs["kernel dL/db"].status == FAILED
    assert "primitive out of order" in proofs["kernel dL/db"].mismatch.closed
