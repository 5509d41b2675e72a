"""The general results, instantiated at concrete sizes, equal the concrete derivations.

For every configuration of a grid (stride 1-3, dilation 1-2, symmetric and asymmetric
padding, groups 1-2, non-square inputs, kernel 1 and kernel as large as the input) and a
few seeded random ones, each entry of dL/dW, dL/dX and dL/db derived by
``ConvLayer(spec, (H, W), batch).derivation()`` must equal, exactly, the general sums at
those sizes: the derived sum after elimination, the closed form's own definition, and the
closed form after the change of index.
"""

from __future__ import annotations

import random

import pytest
import sympy

from symconv.layers.conv import ConvLayer
from symconv.layers.dense import DenseLayer
from symconv.layers.pool import AvgPoolLayer
from symconv.proofs.general import prove_general
from symconv.proofs.general.at_sizes import assignments, evaluate
from symconv.proofs.general.cases import config_for
from symconv.proofs.general.instantiate import layer_env
from symconv.spec.layer import Dense, conv, pool

TAGS = {"dL/dW": "W", "dL/dX": "X", "dL/db": "b"}

# (channels per group, kernel, stride, padding, dilation, groups, input, batch)
GRID = [
    (2, (2, 3), 1, 0, 1, 1, (5, 6), 1),
    (1, (2, 2), 1, (1, 0, 2, 1), 1, 1, (4, 5), 2),
    (2, (3, 2), 2, 1, 1, 1, (6, 5), 1),
    (1, (2, 3), 3, (0, 2, 1, 0), 1, 1, (7, 6), 2),
    (1, (2, 3), 1, 1, 2, 1, (6, 7), 1),
    (1, (2, 2), 1, (2, 0, 0, 1), (2, 1), 2, (5, 6), 1),
    (1, (2, 2), (2, 3), (1, 0, 0, 1), (2, 1), 2, (6, 7), 2),
    (1, (3, 2), (3, 1), 2, (1, 2), 2, (5, 7), 1),
    (1, (1, 1), 1, 0, 1, 2, (3, 4), 1),  # kernel 1
    (1, (3, 3), 1, 0, 1, 1, (3, 3), 1),  # kernel as large as the input
]


def _random(seed: int):
    rng = random.Random(seed)
    k = (rng.randint(1, 3), rng.randint(1, 3))
    pads = tuple(rng.randint(0, 2) for _ in range(4))
    size = (rng.randint(4, 7), rng.randint(4, 7))
    return (
        1,
        k,
        (rng.randint(1, 3), rng.randint(1, 3)),
        pads,
        (rng.randint(1, 2), rng.randint(1, 2)),
        rng.randint(1, 2),
        size,
        rng.randint(1, 2),
    )


CONFIGS = GRID + [_random(seed) for seed in range(4)]


@pytest.fixture(scope="module")
def general():
    return {
        case: {p.identity: p for p in prove_general(kind, case, with_steps=False)}
        for kind, case in (
            ("conv2d", "all"),
            ("conv2d", "a"),
            ("conv2d", "b"),
            ("conv2d", "c"),
            ("conv2d", "d"),
            ("conv2d", "convolution"),
            ("avgpool2d", "avgpool"),
            ("dense", "dense"),
        )
    }


def _monomials(expr: sympy.Expr) -> dict:
    out: dict = {}
    for term in sympy.Add.make_args(expr):
        if term == 0:
            continue
        coeff, factors = term.as_coeff_mul()
        key = tuple(sorted(str(f) for f in factors))
        out[key] = out.get(key, 0) + coeff
    return {k: v for k, v in out.items() if v != 0}


def _check(layer, proofs: dict, case: str) -> int:
    """Compare every entry of every gradient; the number of entries compared."""
    derivation = layer.derivation()
    cfg = config_for(case)
    env = layer_env(cfg, layer)
    compared = 0
    for name, proof in proofs.items():
        if name not in TAGS:
            continue
        tag = TAGS[name]
        sums = (proof.derived.final, proof.closed.definition, proof.outcome.closed)
        for idx, point in assignments(cfg.free[tag], env):
            want = _monomials(derivation.gradient(tag, idx))
            for terms in sums:
                got = {}
                for key, c in evaluate(terms, {**env, **point}).items():
                    names = tuple(sorted(str(derivation.symbol(t, i)) for t, i in key))
                    got[names] = got.get(names, 0) + sympy.Rational(c.numerator, c.denominator)
                assert got == want, (case, name, idx)
            compared += 1
    return compared


def _case_of(stride, dilation, groups) -> str:
    flags = (stride != (1, 1), dilation != (1, 1), groups != 1)
    return {
        (False, False, False): "a",
        (True, False, False): "b",
        (False, True, False): "c",
        (False, False, True): "d",
    }.get(flags, "all")


@pytest.mark.parametrize("config", CONFIGS, ids=[str(c) for c in CONFIGS])
def test_general_sums_equal_the_concrete_derivation(general, config):
    per_group, kernel, stride, padding, dilation, groups, hw, batch = config
    spec = conv(
        per_group * groups,
        2 * groups,
        kernel,
        stride=stride,
        padding=padding,
        dilation=dilation,
        groups=groups,
    )
    layer = ConvLayer(spec, hw, batch)
    assert _check(layer, general["all"], "all") > 0
    case = _case_of(spec.stride, spec.dilation, spec.groups)
    if case != "all":
        assert _check(layer, general[case], case) > 0


def test_a_case_refuses_a_layer_outside_it():
    layer = ConvLayer(conv(1, 1, 2, stride=2), (5, 5), 1)
    with pytest.raises(ValueError, match="fixes s_h"):
        layer_env(config_for("a"), layer)


@pytest.mark.parametrize("config", [GRID[2], GRID[7]])
def test_convolution_mode(general, config):
    per_group, kernel, stride, padding, dilation, groups, hw, batch = config
    spec = conv(
        per_group * groups,
        2 * groups,
        kernel,
        stride=stride,
        padding=padding,
        dilation=dilation,
        groups=groups,
        mode="convolution",
    )
    assert _check(ConvLayer(spec, hw, batch), general["convolution"], "convolution") > 0


@pytest.mark.parametrize(
    ("kernel", "stride", "padding", "shape"),
    [
        ((2, 2), None, (0, 0), (2, 4, 6)),
        ((3, 2), (2, 1), (1, 1), (1, 5, 4)),
    ],
)
def test_average_pooling(general, kernel, stride, padding, shape):
    layer = AvgPoolLayer(pool("avg", kernel, stride, padding), shape, 2)
    assert _check(layer, general["avgpool"], "avgpool") > 0


def test_dense(general):
    layer = DenseLayer(Dense(4, 3, True), 2)
    assert _check(layer, general["dense"], "dense") == 3 * 4 + 2 * 4 + 3


def test_the_crosscheck_detects_a_wrong_closed_form():
    """Negative control: the same comparison rejects the kernel left unrotated."""
    from symconv import ops as C
    from symconv.layers.base import Identity
    from symconv.proofs.general import prove_general

    def no_rotation(s, shape):
        padded = (shape[1] + s.padding[0] + s.padding[1], shape[2] + s.padding[2] + s.padding[3])
        node = C.Crop(
            C.FullConvolveRot180(
                C.TensorSymbol("G"),
                C.Rot180(C.TensorSymbol("W")),
                s.stride,
                s.dilation,
                s.groups,
                s.kernel,
                padded,
            ),
            s.padding,
        )
        return [Identity("dL/dX", "no rotation", "X", node)]

    (wrong,) = prove_general("conv2d", "all", with_steps=False, build=no_rotation)
    layer = ConvLayer(
        conv(2, 2, (2, 3), stride=(2, 1), padding=(1, 0, 2, 1), dilation=(1, 2), groups=2),
        (6, 7),
        1,
    )
    with pytest.raises(AssertionError):
        _check(layer, {"dL/dX": _Sums(wrong.closed.definition)}, "all")


class _Sums:
    """Just enough of a proof for _check: the same sums in the three places it reads."""

    def __init__(self, terms) -> None:
        self.derived = self.closed = self.outcome = self
        self.final = self.definition = terms


@pytest.mark.parametrize(
    ("length", "kernel", "stride", "padding"), [(4, 2, 1, 0), (7, 3, 2, (1, 2))]
)
def test_conv1d_is_the_height_one_case(general, length, kernel, stride, padding):
    """Seed 004's 1D example and a strided one: H = k_h = 1, no vertical padding."""
    spec = conv(1, 2, kernel, stride=stride, padding=padding, dims=1)
    case = "a" if stride == 1 else "b"
    assert _check(ConvLayer(spec, (1, length), 1), general[case], case) > 0
