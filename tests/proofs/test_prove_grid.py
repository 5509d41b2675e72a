"""Every identity proved on a grid of small layers, and negative controls: the prover can fail."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from symconv.errors import BudgetError, SpecError
from symconv.layers.base import Identity
from symconv.layers.conv import ConvLayer
from symconv.layers.dense import DenseLayer
from symconv.layers.elementwise import ActivationLayer, SoftmaxCrossEntropyLayer
from symconv.layers.pool import AvgPoolLayer, MaxPoolLayer, pool_layer
from symconv.ops import (
    BiasAdd,
    Constant,
    Correlate,
    CorrelateWeight,
    Crop,
    Dilate,
    FullConvolveRot180,
    MatMul,
    Pad,
    Rot180,
    SumOver,
    TensorSymbol,
    Transpose,
)
from symconv.proofs.engine import check_budget, prove_all
from symconv.proofs.problems import network_layers
from symconv.proofs.proof import FAILED, PROVED
from symconv.spec.layer import Dense, conv, pool
from symconv.spec.network import lenet5

# (id, conv(...) arguments, input (H, W), batch)
CONV_GRID = [
    ("basic", dict(in_channels=1, out_channels=1, kernel=2), (3, 3), 1),
    ("non-square", dict(in_channels=1, out_channels=2, kernel=(2, 3)), (4, 6), 1),
    ("kernel-1x1", dict(in_channels=3, out_channels=2, kernel=1), (3, 4), 1),
    ("kernel-1x1-stride-2", dict(in_channels=2, out_channels=2, kernel=1, stride=2), (5, 4), 1),
    ("kernel-as-input", dict(in_channels=2, out_channels=3, kernel=(3, 4)), (3, 4), 1),
    ("kernel-as-padded-input", dict(in_channels=1, out_channels=2, kernel=4, padding=1), (2, 2), 1),
    ("stride-2", dict(in_channels=1, out_channels=2, kernel=3, stride=2), (7, 6), 1),
    ("stride-3", dict(in_channels=2, out_channels=1, kernel=2, stride=3), (8, 7), 1),
    ("stride-3-gap", dict(in_channels=1, out_channels=1, kernel=2, stride=(3, 2)), (7, 5), 1),
    ("stride-2x1", dict(in_channels=1, out_channels=1, kernel=(2, 3), stride=(2, 1)), (6, 5), 1),
    ("dilation-2", dict(in_channels=2, out_channels=2, kernel=2, dilation=2), (5, 6), 1),
    (
        "dilation-2x1-stride-2",
        dict(in_channels=1, out_channels=2, kernel=3, dilation=(2, 1), stride=2),
        (7, 6),
        1,
    ),
    (
        "padding-asym",
        dict(in_channels=1, out_channels=2, kernel=(2, 3), padding=(1, 0, 2, 1)),
        (4, 5),
        1,
    ),
    (
        "padding-asym-stride-2",
        dict(in_channels=2, out_channels=1, kernel=3, stride=2, padding=(0, 2, 1, 0)),
        (5, 6),
        1,
    ),
    ("padding-2", dict(in_channels=1, out_channels=1, kernel=3, padding=2), (3, 4), 1),
    ("same-odd", dict(in_channels=1, out_channels=2, kernel=3, padding="same"), (4, 5), 1),
    ("same-even", dict(in_channels=1, out_channels=1, kernel=(2, 4), padding="same"), (4, 5), 1),
    (
        "same-dilated",
        dict(in_channels=1, out_channels=1, kernel=2, padding="same", dilation=2),
        (5, 5),
        1,
    ),
    ("full", dict(in_channels=1, out_channels=1, kernel=3, padding="full"), (3, 3), 1),
    ("groups-2", dict(in_channels=4, out_channels=2, kernel=2, groups=2), (4, 4), 1),
    (
        "groups-2-wide",
        dict(in_channels=2, out_channels=4, kernel=(2, 3), groups=2, stride=2, padding=1),
        (4, 5),
        1,
    ),
    ("depthwise", dict(in_channels=3, out_channels=3, kernel=2, groups=3), (3, 4), 1),
    ("batch-2", dict(in_channels=2, out_channels=2, kernel=2), (3, 4), 2),
    (
        "batch-2-stride-2-pad",
        dict(in_channels=1, out_channels=2, kernel=3, stride=2, padding=(1, 1, 0, 2)),
        (5, 5),
        2,
    ),
    (
        "convolution",
        dict(in_channels=1, out_channels=1, kernel=(2, 3), mode="convolution"),
        (4, 5),
        1,
    ),
    (
        "convolution-all",
        dict(
            in_channels=4,
            out_channels=2,
            kernel=(3, 2),
            mode="convolution",
            stride=2,
            dilation=(1, 2),
            padding=(1, 0, 0, 1),
            groups=2,
        ),
        (6, 7),
        2,
    ),
    ("no-bias", dict(in_channels=2, out_channels=2, kernel=2, bias=False), (3, 3), 1),
    (
        "no-bias-convolution",
        dict(in_channels=1, out_channels=2, kernel=3, bias=False, mode="convolution", stride=2),
        (5, 5),
        1,
    ),
    ("1d", dict(in_channels=1, out_channels=1, kernel=2, dims=1), (1, 4), 1),
    (
        "1d-stride-2-pad",
        dict(in_channels=2, out_channels=3, kernel=3, stride=2, padding=(2, 1), dims=1),
        (1, 7),
        1,
    ),
    (
        "1d-dilation-groups",
        dict(in_channels=2, out_channels=2, kernel=2, dilation=3, groups=2, dims=1),
        (1, 8),
        2,
    ),
    (
        "1d-same-even",
        dict(in_channels=1, out_channels=1, kernel=4, padding="same", dims=1),
        (1, 6),
        1,
    ),
    (
        "1d-convolution-no-bias",
        dict(in_channels=1, out_channels=2, kernel=3, mode="convolution", bias=False, dims=1),
        (1, 5),
        2,
    ),
]


def conv_layer(kwargs, hw, batch):
    return ConvLayer(conv(**kwargs), hw, batch)


@pytest.mark.parametrize(
    ("kwargs", "hw", "batch"), [c[1:] for c in CONV_GRID], ids=[c[0] for c in CONV_GRID]
)
def test_conv_identities_are_proved(kwargs, hw, batch):
    layer = conv_layer(kwargs, hw, batch)
    proofs = layer.prove()
    bias = kwargs.get("bias", True)
    expected = ["Z", "dL/dW", "dL/dX"] + (["dL/db"] if bias else [])
    # each proved form, then its running kernel checked exactly against it
    assert [p.identity for p in proofs] == expected + [f"kernel {e}" for e in expected]
    for proof in proofs:
        assert proof.status == PROVED, str(proof)
        assert proof.mismatch is None
        assert proof.terms > 0
        assert proof.seconds >= 0
    spec = layer.spec
    sizes = {
        "Z": int(np.prod(layer.g.shape)),
        "dL/dW": len(layer.w),
        "dL/dX": len(layer.x),
        "dL/db": spec.out_channels,
    }
    for proof in proofs:
        assert proof.entries == sizes[proof.identity.removeprefix("kernel ")]
    # the forward has one term per window product that lies inside X, plus the bias
    z = layer.forward()
    inside = int(np.count_nonzero(z.coef))
    assert proofs[0].terms == inside
    assert (z.mono[..., 0][z.coef != 0] >= 0).all()


@pytest.mark.parametrize(
    ("kwargs", "hw", "batch"), [c[1:] for c in CONV_GRID], ids=[c[0] for c in CONV_GRID]
)
def test_conv_config_describes_the_layer(kwargs, hw, batch):
    layer = conv_layer(kwargs, hw, batch)
    config = layer.config()
    spec = layer.spec
    assert config["batch"] == batch
    assert config["groups"] == spec.groups and config["mode"] == spec.mode
    assert config["bias"] == spec.bias
    if spec.dims == 1:
        assert config["kind"] == "conv1d"
        assert config["input"] == [hw[1]] and config["output"] == [layer.wo]
        assert config["kernel"] == [spec.kernel[1]]
        assert config["padding"] == list(spec.padding[2:])
    else:
        assert config["kind"] == "conv2d"
        assert config["input"] == list(hw) and config["output"] == [layer.ho, layer.wo]
        assert config["padding"] == list(spec.padding)
    assert layer.g.shape == (batch, spec.out_channels, layer.ho, layer.wo)


POOL_GRID = [
    ("avg-2", "avg", dict(kernel=2), (1, 4, 4), 1),
    ("avg-non-square", "avg", dict(kernel=(2, 3), stride=(1, 2)), (2, 4, 7), 1),
    ("avg-padding", "avg", dict(kernel=3, stride=2, padding=1), (2, 5, 6), 1),
    ("avg-padding-asym", "avg", dict(kernel=(2, 4), stride=(2, 3), padding=(1, 2)), (1, 5, 7), 2),
    ("avg-overlap-batch", "avg", dict(kernel=3, stride=1), (2, 4, 5), 2),
    ("max-2", "max", dict(kernel=2), (1, 4, 4), 1),
    ("max-overlap", "max", dict(kernel=3, stride=1), (2, 4, 5), 1),
    ("max-padding", "max", dict(kernel=3, stride=2, padding=1), (1, 5, 6), 2),
    ("max-non-square", "max", dict(kernel=(2, 3), stride=(2, 1)), (2, 5, 5), 1),
]


@pytest.mark.parametrize(
    ("op", "kwargs", "shape", "batch"), [p[1:] for p in POOL_GRID], ids=[p[0] for p in POOL_GRID]
)
def test_pool_identities_are_proved(op, kwargs, shape, batch):
    layer = pool_layer(pool(op, **kwargs), shape, batch)
    assert isinstance(layer, AvgPoolLayer if op == "avg" else MaxPoolLayer)
    proofs = layer.prove()
    assert [p.identity for p in proofs] == (
        ["Z", "dL/dX", "kernel Z", "kernel dL/dX"]
        if op == "avg"
        else ["dL/dX", "kernel Z", "kernel dL/dX"]
    )
    for proof in proofs:
        assert proof.status == PROVED, str(proof)
        assert proof.terms > 0
    assert proofs[-1].entries == len(layer.x)


def test_max_pool_values_are_tie_free():
    layer = pool_layer(pool("max", 3, 1, padding=1), (2, 4, 5), 2)
    values = layer.values.reshape(-1)
    assert layer.values.shape == layer.x.shape
    assert sorted(values.tolist()) == list(range(1, values.size + 1))


@pytest.mark.parametrize(
    ("spec", "batch"),
    [
        (Dense(4, 3), 1),
        (Dense(5, 2), 2),
        (Dense(3, 4, bias=False), 2),
        (Dense(1, 1), 1),
    ],
)
def test_dense_identities_are_proved(spec, batch):
    layer = DenseLayer(spec, batch)
    proofs = layer.prove()
    expected = ["Z", "dL/dW", "dL/dX"] + (["dL/db"] if spec.bias else [])
    assert [p.identity for p in proofs] == expected + [f"kernel {e}" for e in expected]
    assert all(p.status == PROVED for p in proofs), "\n".join(map(str, proofs))
    entries = [
        batch * spec.out_features,
        spec.in_features * spec.out_features,
        batch * spec.in_features,
    ] + ([spec.out_features] if spec.bias else [])
    assert [p.entries for p in proofs] == entries + entries


@pytest.mark.parametrize("kind", ["tanh", "sigmoid", "relu"])
def test_activation_identity_is_proved(kind):
    proof, forward, backward = ActivationLayer(kind, (2, 3, 3), batch=2).prove()
    assert proof.status == PROVED and proof.entries == 2 * 2 * 3 * 3
    assert (forward.identity, backward.identity) == ("kernel A", "kernel dL/dZ")
    assert forward.proved and backward.proved, f"{forward}\n{backward}"


@pytest.mark.parametrize(
    ("classes", "batch", "labels"), [(3, 1, None), (4, 2, [3, 0]), (2, 3, None)]
)
def test_softmax_cross_entropy_is_proved(classes, batch, labels):
    layer = SoftmaxCrossEntropyLayer(classes, batch, labels=labels)
    proof, kernel = layer.prove()
    assert proof.status == PROVED and proof.entries == classes * batch
    assert kernel.identity == "kernel (L, dL/dZ)" and kernel.proved, str(kernel)
    assert proof.config["labels"] == (labels or [n % classes for n in range(batch)])


def test_small_network_every_identity_proved():
    net = lenet5()
    net.input_shape = (1, 12, 12)  # same layers, smaller image: C1 12x12, S2 6x6, C3 2x2 ...
    net.layers[4] = Dense(16, 120, activation="tanh", name="F5")
    layers = network_layers(net, batch=2)
    report = prove_all(layers, {"network": "small"}, progress=False)
    assert report.proved, str(report)
    # per layer: its identities, then one kernel identity each (an activation has two)
    assert len(report.proofs) == 2 * (4 + 1 + 2 + 4 + 1 + 2 + 4 + 1 + 4 + 1 + 4 + 1) + 4


@pytest.mark.slow
def test_lenet_full_size_every_identity_proved():
    layers = network_layers(lenet5())
    report = prove_all(layers, {"network": "lenet"}, progress=False)
    assert report.proved, str(report)
    labels = [p.layer for p in report.proofs]
    assert labels.count("C1") == 8 and labels.count("C3") == 8  # 4 forms, 4 kernels
    c1_dx = next(p for p in report.proofs if p.layer == "C1" and p.identity == "dL/dX")
    assert c1_dx.entries == 28 * 28


# ---------------------------------------------------------------------------- budget


def test_budget_refuses_before_expanding():
    layer = conv_layer(dict(in_channels=1, out_channels=1, kernel=2), (5, 5), 1)
    estimate = layer.estimate_terms()
    assert check_budget([layer], estimate) == estimate
    with pytest.raises(BudgetError) as info:
        prove_all([layer], {}, max_terms=estimate - 1, progress=False)
    message = str(info.value)
    assert f"{estimate:,} terms" in message and f"--max-terms {estimate}" in message


# ---------------------------------------------------------------------------- negative controls


def symbols(*names):
    return [sympy.Symbol(n) for n in names]


def as_set(terms: list[str]) -> set[str]:
    return set(terms)


def products(pairs):
    """The printed form of ``a*b`` for each pair of symbol names, as the mismatch shows it."""
    return {str(sympy.Symbol(a) * sympy.Symbol(b)) for a, b in pairs}


class NoDilateConv(ConvLayer):
    """dL/dW without the stride dilation of G: right for stride 1, wrong for stride 2."""

    def identities(self):
        found = super().identities()
        s = self.spec
        wrong = CorrelateWeight(
            Pad(TensorSymbol("X"), s.padding), TensorSymbol("G"), s.dilation, s.groups, s.kernel
        )
        return [Identity(i.name, i.statement, i.of, wrong) if i.of == "W" else i for i in found]


def test_dropping_dilate_fails_for_stride_2():
    layer = NoDilateConv(conv(1, 1, 2, stride=2), (5, 5))
    proofs = {p.identity: p for p in layer.prove()}
    assert proofs["Z"].status == proofs["dL/dX"].status == proofs["dL/db"].status == PROVED
    failed = proofs["dL/dW"]
    assert failed.status == FAILED and not failed.proved
    m = failed.mismatch
    assert m is not None and m.index == [0, 0, 0, 0]
    # derived dw_00 = Σ g_ij x_{2i,2j}; the wrong closed form reads x_{i,j}
    assert as_set(m.missing) == products(
        [("g_{01}", "x_{01}"), ("g_{10}", "x_{10}"), ("g_{11}", "x_{11}")]
    )
    assert as_set(m.extra) == products(
        [("g_{01}", "x_{02}"), ("g_{10}", "x_{20}"), ("g_{11}", "x_{22}")]
    )
    g00, g01, g10, g11, x00, x02, x20, x22, x01, x10, x11 = symbols(
        "g_{00}",
        "g_{01}",
        "g_{10}",
        "g_{11}",
        "x_{00}",
        "x_{02}",
        "x_{20}",
        "x_{22}",
        "x_{01}",
        "x_{10}",
        "x_{11}",
    )
    assert m.derived == str(g00 * x00 + g01 * x02 + g10 * x20 + g11 * x22)
    assert m.closed == str(g00 * x00 + g01 * x01 + g10 * x10 + g11 * x11)
    text = str(failed)
    assert "failed" in text and "first difference at (0, 0, 0, 0)" in text
    assert "missing: " in text and "extra: " in text


def test_dropping_dilate_is_harmless_for_stride_1():
    """The control above fails because of the stride, not because the subclass is broken."""
    proofs = NoDilateConv(conv(1, 1, 2), (4, 4)).prove()
    assert all(p.status == PROVED for p in proofs if not p.identity.startswith("kernel "))
    # but the runtime prints the layer's own node, not this one: its kernel identity fails
    kernel = next(p for p in proofs if p.identity == "kernel dL/dW")
    assert kernel.status == FAILED and "another node" in kernel.note


class RotatedForwardConv(ConvLayer):
    """A correlation layer whose closed forms wrongly rotate the kernel."""

    def identities(self):
        s = self.spec
        X, W, G = TensorSymbol("X"), TensorSymbol("W"), TensorSymbol("G")
        hp = self.input_shape[1] + s.padding[0] + s.padding[1]
        wp = self.input_shape[2] + s.padding[2] + s.padding[3]
        return [
            Identity(
                "Z",
                "Z = corr(X, rot180(W))",
                "Z",
                Correlate(Pad(X, s.padding), Rot180(W), s.stride, s.dilation, s.groups),
            ),
            Identity(
                "dL/dX",
                "dL/dX with rot180 twice",
                "X",
                Crop(
                    FullConvolveRot180(
                        G, Rot180(W), s.stride, s.dilation, s.groups, s.kernel, (hp, wp)
                    ),
                    s.padding,
                ),
            ),
        ]


def test_rot180_where_none_belongs_fails():
    layer = RotatedForwardConv(conv(1, 1, 2, bias=False), (3, 3))
    z, dx = layer.prove()
    assert z.status == FAILED and dx.status == FAILED
    assert z.mismatch.index == [0, 0, 0, 0]
    assert as_set(z.mismatch.missing) == products(
        [("w_{11}", "x_{00}"), ("w_{10}", "x_{01}"), ("w_{01}", "x_{10}"), ("w_{00}", "x_{11}")]
    )
    assert as_set(z.mismatch.extra) == products(
        [("w_{00}", "x_{00}"), ("w_{01}", "x_{01}"), ("w_{10}", "x_{10}"), ("w_{11}", "x_{11}")]
    )
    # dL/dx_00 = g_00 w_00 (only z_00 reads x_00); the double rotation gives g_00 w_11
    assert dx.mismatch.index == [0, 0, 0, 0]
    assert as_set(dx.mismatch.missing) == products([("g_{00}", "w_{11}")])
    assert as_set(dx.mismatch.extra) == products([("g_{00}", "w_{00}")])


def test_convolution_mode_needs_its_rotation():
    """The correct correlation-mode closed forms fail on a convolution-mode layer."""

    class Unrotated(ConvLayer):
        def identities(self):
            return ConvLayer(conv(1, 1, 2), (3, 3)).identities()

    proofs = {p.identity: p for p in Unrotated(conv(1, 1, 2, mode="convolution"), (3, 3)).prove()}
    assert proofs["dL/db"].status == PROVED
    for name in ("Z", "dL/dW", "dL/dX"):
        assert proofs[name].status == FAILED
        assert proofs[name].mismatch.missing and proofs[name].mismatch.extra


class WrongMeanPool(AvgPoolLayer):
    """Average pooling divided by kh·kw - 1: same monomials, wrong coefficients."""

    def identities(self):
        s = self.spec
        channels = self.input_shape[0]
        wrong = Constant(sympy.Rational(1, s.kernel[0] * s.kernel[1] - 1), (channels, 1, *s.kernel))
        return [
            Identity(
                "Z",
                "Z with 1/3",
                "Z",
                Correlate(Pad(TensorSymbol("X"), (0, 0, 0, 0)), wrong, s.stride, (1, 1), channels),
            )
        ]


def test_wrong_coefficient_fails():
    [proof] = WrongMeanPool(pool("avg", 2), (1, 4, 4)).prove()
    assert proof.status == FAILED
    x = symbols("x_{00}", "x_{01}", "x_{10}", "x_{11}")
    assert as_set(proof.mismatch.missing) == {str(v / 3) for v in x}
    assert as_set(proof.mismatch.extra) == {str(v / 4) for v in x}


class NoBiasDense(DenseLayer):
    def identities(self):
        X, W, G = TensorSymbol("X"), TensorSymbol("W"), TensorSymbol("G")
        return [
            Identity("Z", "Z = X W^T", "Z", MatMul(X, Transpose(W))),
            Identity("dL/db", "dL/db = 2 sum G", "b", SumOver(BiasAdd(G, TensorSymbol("b")), (0,))),
        ]


def test_dense_negative_controls():
    z, db = NoBiasDense(Dense(2, 2), batch=1).prove()
    assert z.status == FAILED and z.mismatch.index == [0, 0]
    assert z.mismatch.missing == []
    assert z.mismatch.extra == [str(sympy.Symbol("b_{0}"))]
    assert db.status == FAILED
    assert as_set(db.mismatch.missing) == {"b_{0}"}


def test_report_of_a_failed_layer():
    layer = NoDilateConv(conv(1, 1, 2, stride=2), (5, 5))
    report = prove_all([layer], {"case": "negative"}, progress=False)
    assert not report.proved
    data = report.to_dict()
    assert data["proved"] is False
    statuses = [i["status"] for i in data["identities"]]
    # the failed form has no kernel identity: only proved forms are run as kernels
    assert statuses == [PROVED, FAILED, PROVED, PROVED] + [PROVED] * 3
    failed = data["identities"][1]
    assert set(failed["mismatch"]) == {"index", "derived", "closed", "missing", "extra"}
    assert "6/7 identities proved" in str(report)


def test_empty_report_is_not_proved():
    assert not prove_all([], {}, progress=False).proved


def test_dilate_expand_places_entries():
    layer = conv_layer(dict(in_channels=1, out_channels=1, kernel=2, stride=3), (8, 8), 1)
    dilated = Dilate(TensorSymbol("G"), (3, 3)).expand(layer.tensors)
    assert dilated.shape == (1, 1, 7, 7)
    ids = layer.g.ids
    for i in range(7):
        for j in range(7):
            entry = dilated.entry((0, 0, i, j))
            if i % 3 == 0 and j % 3 == 0:
                assert entry == {(int(ids[0, 0, i // 3, j // 3]),): 1}
            else:
                assert entry == {}


# ---------------------------------------------------------------------------- random configurations


@st.composite
def conv_configs(draw):
    dims = draw(st.sampled_from([1, 2]))
    groups = draw(st.sampled_from([1, 2]))
    kwargs = dict(
        in_channels=groups * draw(st.integers(1, 2)),
        out_channels=groups * draw(st.integers(1, 2)),
        groups=groups,
        dims=dims,
        bias=draw(st.booleans()),
        mode=draw(st.sampled_from(["correlation", "convolution"])),
    )
    axes = 1 if dims == 1 else 2
    pick = st.tuples(*[st.integers(1, 3)] * axes)
    kernel, stride, dilation = draw(pick), draw(pick), draw(pick)
    padding = draw(
        st.one_of(
            st.sampled_from(["valid", "full", "same"]), st.tuples(*[st.integers(0, 2)] * (2 * axes))
        )
    )
    if padding == "same":
        stride = (1,) * axes
    kwargs.update(
        kernel=kernel[0] if dims == 1 else kernel,
        stride=stride[0] if dims == 1 else stride,
        dilation=dilation[0] if dims == 1 else dilation,
        padding=padding,
    )
    size = draw(st.tuples(*[st.integers(1, 7)] * axes))
    hw = (1, size[0]) if dims == 1 else size
    return kwargs, hw, draw(st.integers(1, 2))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(conv_configs())
def test_random_conv_configs_are_proved(config):
    kwargs, hw, batch = config
    spec = conv(**kwargs)
    try:
        layer = ConvLayer(spec, hw, batch)
    except SpecError:
        assume(False)
    proofs = layer.prove()
    assert all(p.status == PROVED for p in proofs), "\n".join(map(str, proofs))
