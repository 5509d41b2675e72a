"""Transposed convolution: spec, kernels against torch autograd, concrete and general proofs."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from symconv.cli.main import main
from symconv.errors import SpecError
from symconv.layers.base import Identity
from symconv.layers.conv_transpose import ConvTransposeLayer, conv_transpose_identities
from symconv.ops import (
    BiasAdd,
    Correlate,
    CorrelateWeight,
    Crop,
    Dilate,
    FullConvolveRot180,
    Pad,
    SwapChannels,
    TensorSymbol,
)
from symconv.proofs.general.api import prove_general
from symconv.proofs.proof import FAILED, PROVED
from symconv.runtime import kernels as K
from symconv.spec.layer import conv_transpose

X, W, G, B = (TensorSymbol(n) for n in ("X", "W", "G", "b"))
TOL = dict(rtol=1e-12, atol=1e-12)


# ------------------------------------------------------------------ kernels against torch


@st.composite
def configs(draw, dims: int):
    """A valid PyTorch configuration: groups divide both channel counts, output_padding
    below max(stride, dilation), padding small enough for an output of at least 1."""
    groups = draw(st.integers(1, 3))
    c_in, c_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    axes = 1 if dims == 1 else 2
    kernel = tuple(draw(st.integers(1, 4)) for _ in range(axes))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(axes))
    dilation = tuple(draw(st.integers(1, 3)) for _ in range(axes))
    size = tuple(draw(st.integers(1, 5)) for _ in range(axes))
    out_pad = tuple(
        draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation, strict=True)
    )
    padding = []
    for n, k, s, d, op in zip(size, kernel, stride, dilation, out_pad, strict=True):
        most = ((n - 1) * s + d * (k - 1) + op) // 2  # keeps the output at least 1
        padding.append(draw(st.integers(0, min(most, 3))))
    return dict(
        batch=draw(st.integers(1, 3)),
        c_in=c_in,
        c_out=c_out,
        groups=groups,
        kernel=kernel,
        stride=stride,
        dilation=dilation,
        size=size,
        output_padding=out_pad,
        padding=tuple(padding),
        bias=draw(st.booleans()),
        seed=draw(st.integers(0, 2**16)),
    )


def _against_torch(cfg: dict, dims: int) -> None:
    rng = np.random.default_rng(cfg["seed"])
    x = rng.standard_normal((cfg["batch"], cfg["c_in"], *cfg["size"]))
    w = rng.standard_normal((cfg["c_in"], cfg["c_out"] // cfg["groups"], *cfg["kernel"]))
    b = rng.standard_normal(cfg["c_out"]) if cfg["bias"] else None
    one = (lambda v: v[0]) if dims == 1 else (lambda v: v)
    options = dict(
        stride=one(cfg["stride"]),
        padding=one(cfg["padding"]),
        output_padding=one(cfg["output_padding"]),
        groups=cfg["groups"],
        dilation=one(cfg["dilation"]),
    )
    xt, wt = (torch.tensor(v, requires_grad=True) for v in (x, w))
    bt = torch.tensor(b, requires_grad=True) if b is not None else None
    torch_fn = F.conv_transpose1d if dims == 1 else F.conv_transpose2d
    zt = torch_fn(xt, wt, bt, **options)
    dy = rng.standard_normal(tuple(zt.shape))
    zt.backward(torch.tensor(dy))
    ours = K.conv_transpose1d if dims == 1 else K.conv_transpose2d
    backward = K.conv_transpose1d_backward if dims == 1 else K.conv_transpose2d_backward
    z = ours(x, w, b, **options)
    assert z.shape == tuple(zt.shape)
    np.testing.assert_allclose(z, zt.detach().numpy(), **TOL)
    dx, dw, db = backward(dy, x, w, **options)
    np.testing.assert_allclose(dx, xt.grad.numpy(), **TOL)
    np.testing.assert_allclose(dw, wt.grad.numpy(), **TOL)
    np.testing.assert_allclose(db, dy.sum(axis=(0, *range(2, dy.ndim))), **TOL)
    if bt is not None:
        np.testing.assert_allclose(db, bt.grad.numpy(), **TOL)


@settings(max_examples=60, deadline=None)
@given(configs(2))
def test_conv_transpose2d_equals_torch(cfg):
    _against_torch(cfg, 2)


@settings(max_examples=40, deadline=None)
@given(configs(1))
def test_conv_transpose1d_equals_torch(cfg):
    _against_torch(cfg, 1)


@settings(max_examples=40, deadline=None)
@given(configs(2))
def test_output_size_is_torchs(cfg):
    spec = conv_transpose(
        cfg["c_in"],
        cfg["c_out"],
        cfg["kernel"],
        stride=cfg["stride"],
        padding=cfg["padding"],
        output_padding=cfg["output_padding"],
        dilation=cfg["dilation"],
        groups=cfg["groups"],
    )
    layer = torch.nn.ConvTranspose2d(
        cfg["c_in"],
        cfg["c_out"],
        cfg["kernel"],
        cfg["stride"],
        cfg["padding"],
        cfg["output_padding"],
        cfg["groups"],
        dilation=cfg["dilation"],
    )
    out = layer(torch.zeros(1, cfg["c_in"], *cfg["size"]))
    assert spec.output_shape((cfg["c_in"], *cfg["size"])) == tuple(out.shape[1:])
    assert spec.param_count() == sum(p.numel() for p in layer.parameters())


def test_asymmetric_padding_crops_each_side():
    """(top, bottom, left, right) padding is the symmetric output cropped further: checked
    against torch with the larger padding on both sides and the extra row added back."""
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((1, 2, 3, 4)), rng.standard_normal((2, 3, 3, 2))
    full = F.conv_transpose2d(torch.tensor(x), torch.tensor(w), stride=2).numpy()
    ours = K.conv_transpose2d(x, w, stride=2, padding=(1, 2, 0, 1))
    np.testing.assert_allclose(ours, full[:, :, 1:-2, 0:-1], **TOL)


# ------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (dict(stride=2, output_padding=2), ["output_padding 2", "max(stride, dilation)"]),
        (dict(groups=2), ["groups 2", "divide"]),
        (dict(padding=5), ["padding (5, 5)", ">= 1"]),
        (dict(padding="same"), ["padding 'same'", "no padding words"]),
        (dict(output_padding=-1), ["output_padding (-1, -1)", "non-negative"]),
        (dict(kernel=0), ["kernel 0", "positive integer"]),
    ],
)
def test_bad_options_are_one_line_errors(kwargs, words):
    options = dict(kernel=3, stride=1, padding=0, output_padding=0, groups=1)
    options.update(kwargs)
    kernel = options.pop("kernel")
    with pytest.raises(SpecError) as err:
        conv_transpose(3, 4, kernel, **options).output_shape((3, 2, 2))
    message = str(err.value)
    assert "\n" not in message
    for word in words:
        assert word in message, message


def test_kernel_refuses_a_weight_that_does_not_fit():
    with pytest.raises(SpecError, match="expects 3 input channels, the input has 2"):
        K.conv_transpose2d(np.zeros((1, 2, 3, 3)), np.zeros((3, 1, 2, 2)))
    with pytest.raises(SpecError, match="dy of shape"):
        K.conv_transpose2d_backward(
            np.zeros((1, 1, 2, 2)), np.zeros((1, 1, 3, 3)), np.zeros((1, 1, 2, 2))
        )


# ------------------------------------------------------------------ concrete proofs


GRID = [
    (conv_transpose(2, 3, 3, stride=2, padding=1, output_padding=1), (4, 5), 1),
    (conv_transpose(1, 1, 2), (2, 3), 1),
    (
        conv_transpose(
            4, 6, (2, 3), stride=(2, 3), padding=(1, 0), output_padding=(1, 2), groups=2
        ),
        (3, 4),
        2,
    ),
    (
        conv_transpose(2, 2, 2, stride=3, dilation=2, padding=(0, 1, 2, 0), groups=2, bias=False),
        (3, 2),
        1,
    ),
    # output_padding >= stride (allowed because the dilation is larger): the cut path
    (conv_transpose(1, 2, 2, output_padding=2, dilation=3, padding=1), (3, 3), 1),
    (conv_transpose(2, 2, 3, stride=2, padding=(0, 1), output_padding=1, dims=1), (1, 5), 2),
    (conv_transpose(3, 3, 1, stride=2, groups=3, dims=1, bias=False), (1, 4), 1),
]


@pytest.mark.parametrize(("spec", "hw", "batch"), GRID)
def test_concrete_proofs_and_kernel_identities(spec, hw, batch):
    proofs = ConvTransposeLayer(spec, hw, batch).prove()
    names = [p.identity for p in proofs]
    expected = ["Z", "dL/dW", "dL/dX"] + (["dL/db"] if spec.bias else [])
    assert names == expected + [f"kernel {n}" for n in expected]
    for p in proofs:
        assert p.status == PROVED, str(p)


def _with(identity: str, closed):
    """A layer whose identity ``identity`` has another closed form."""
    layer = ConvTransposeLayer(*GRID[2])
    own = layer.identities()
    layer.identities = lambda: [
        Identity(i.name, i.statement, i.of, closed(layer.spec)) if i.name == identity else i
        for i in own
    ]
    return layer


WRONG = {
    "Z": lambda s: BiasAdd(
        Crop(
            FullConvolveRot180(X, W, s.stride, s.dilation, s.groups, s.kernel, (7 - 1, 14 - 2)),
            s.padding,
        ),
        B,
    ),
    "dL/dX": lambda s: Correlate(
        Pad(G, s.padding), SwapChannels(W, s.groups), s.stride, s.dilation, s.groups
    ),
    "dL/dW": lambda s: CorrelateWeight(Pad(G, s.padding), X, s.dilation, s.groups, s.kernel),
}


@pytest.mark.parametrize("identity", list(WRONG))
def test_a_wrong_closed_form_is_not_proved(identity):
    """output_padding (1, 2) dropped from Z's padded size (7, 14) (the output too small),
    dL/dX with W's channel roles exchanged, dL/dW with X not dilated by the stride."""
    proofs = {p.identity: p for p in _with(identity, WRONG[identity]).prove()}
    assert proofs[identity].status == FAILED, str(proofs[identity])
    assert f"kernel {identity}" not in proofs  # only proved forms have kernel identities


def test_a_broken_primitive_fails_the_kernel_identity(monkeypatch):
    """full_convolve2d_rot180 shifted by one column: the proof of Z still holds (it does
    not run the kernel), its kernel identity fails with the first differing entry."""

    def shifted(fn):
        return lambda *args: np.roll(fn(*args), 1, axis=-1)

    K.clear_caches()
    monkeypatch.setitem(
        K.NAMESPACE, "full_convolve2d_rot180", shifted(K.NAMESPACE["full_convolve2d_rot180"])
    )
    try:
        proofs = {p.identity: p for p in ConvTransposeLayer(*GRID[0]).prove()}
    finally:
        monkeypatch.undo()
        K.clear_caches()
    assert proofs["Z"].status == PROVED
    assert proofs["kernel Z"].status == FAILED
    assert proofs["kernel Z"].mismatch.index is not None
    assert proofs["kernel dL/dX"].status == PROVED


# ------------------------------------------------------------------- general proofs


def test_general_proof_of_every_identity():
    proofs = prove_general("conv_transpose2d", with_steps=False)
    assert [p.identity for p in proofs] == ["Z", "dL/dW", "dL/dX", "dL/db"]
    for p in proofs:
        assert p.status == PROVED, str(p)
    # The output padding is a size symbol, read at both templates inside the full
    # convolution's padded size (H_o written with it), bounded by the output-size facts.
    assert any(
        "padded = (d_h*(k_h - 1) + o_h + s_h*(H - 1) + 1, d_w*(k_w - 1) + o_w + "
        "s_w*(W - 1) + 1)" in c
        for c in proofs[0].checks
    ), proofs[0].checks


def test_general_proof_with_output_padding_at_or_above_the_stride():
    """stride <= output_padding = s·q + r < dilation: the last s·q rows receive nothing and
    the closed forms pad and crop them (the cut), read as (0, s_h·q_h, 0, s_w·q_w)."""
    proofs = prove_general("conv_transpose2d", "conv_transpose_high", with_steps=False)
    assert [p.identity for p in proofs] == ["Z", "dL/dW", "dL/dX", "dL/db"]
    for p in proofs:
        assert p.status == PROVED, str(p)
    for p in proofs[:3]:
        assert any("cut = (0, q_h*s_h, 0, q_w*s_w)" in c for c in p.checks), p.checks
    from symconv.proofs.general.cases import HIGH_TEMPLATE, HIGH_TWIN, config_for

    cfg = config_for("conv_transpose_high")
    for values in (HIGH_TEMPLATE, HIGH_TWIN):  # op at or above the stride, below the dilation
        for axis in ("h", "w"):
            s, q, r = values[f"s_{axis}"], values[f"q_{axis}"], values[f"r_{axis}"]
            assert s <= s * q + r < values[f"d_{axis}"] and r < s
    spec, _ = cfg.site(dict(cfg.env))
    assert spec.output_padding == (4 * 2 + 1, 5 * 1 + 2)


def _general_with(name: str, wrong):
    def build(spec, shape):
        return [
            Identity(i.name, i.statement, i.of, wrong(spec, shape)) if i.name == name else i
            for i in conv_transpose_identities(spec, shape[1:])
        ]

    return prove_general("conv_transpose2d", identities=(name,), with_steps=False, build=build)[0]


def _padded(spec, shape, drop_op: bool):
    _, ho, wo = spec.output_shape(shape)
    top, bottom, left, right = spec.padding
    return (ho + top + bottom - (spec.output_padding[0] if drop_op else 0), wo + left + right)


GENERAL_WRONG = {
    "output_padding dropped": (
        "Z",
        lambda s, sh: BiasAdd(
            Crop(
                FullConvolveRot180(
                    X, W, s.stride, s.dilation, s.groups, s.kernel, _padded(s, sh, True)
                ),
                s.padding,
            ),
            B,
        ),
    ),
    "crop top/bottom swapped": (
        "Z",
        lambda s, sh: BiasAdd(
            Crop(
                FullConvolveRot180(
                    X, W, s.stride, s.dilation, s.groups, s.kernel, _padded(s, sh, False)
                ),
                (s.padding[1], s.padding[0], *s.padding[2:]),
            ),
            B,
        ),
    ),
    "crop right dropped": (
        "Z",
        lambda s, sh: BiasAdd(
            Crop(
                FullConvolveRot180(
                    X, W, s.stride, s.dilation, s.groups, s.kernel, _padded(s, sh, False)
                ),
                (*s.padding[:3], 0),
            ),
            B,
        ),
    ),
    "stride <- kernel": (
        "dL/dX",
        lambda s, sh: Correlate(Pad(G, s.padding), W, s.kernel, s.dilation, s.groups),
    ),
    "groups <- C_g": (
        "dL/dX",
        lambda s, sh: Correlate(Pad(G, s.padding), W, s.stride, s.dilation, s.group_in),
    ),
    "one group": ("dL/dX", lambda s, sh: Correlate(Pad(G, s.padding), W, s.stride, s.dilation, 1)),
    "X not dilated": (
        "dL/dW",
        lambda s, sh: CorrelateWeight(Pad(G, s.padding), X, s.dilation, s.groups, s.kernel),
    ),
    "G not padded": (
        "dL/dW",
        lambda s, sh: CorrelateWeight(G, Dilate(X, s.stride), s.dilation, s.groups, s.kernel),
    ),
}


@pytest.mark.parametrize("name", list(GENERAL_WRONG))
def test_a_wrong_form_is_not_proved_for_all_sizes(name):
    identity, wrong = GENERAL_WRONG[name]
    proof = _general_with(identity, wrong)
    assert proof.status != PROVED, str(proof)
    assert proof.note


# ------------------------------------------------------------------------------ CLI


def test_cli_proves_concrete_and_general(capsys):
    assert (
        main(
            [
                "prove",
                "conv_transpose2d",
                "--input",
                "4x5",
                "--kernel",
                "3",
                "--stride",
                "2",
                "--padding",
                "1",
                "--output-padding",
                "1",
                "--in-channels",
                "2",
                "--out-channels",
                "3",
            ]
        )
        == 0
    )
    assert "8/8 identities proved" in capsys.readouterr().out
    assert (
        main(
            [
                "prove",
                "conv_transpose1d",
                "--input",
                "5",
                "--kernel",
                "3",
                "--stride",
                "2",
                "--output-padding",
                "1",
                "--dilation",
                "2",
                "--batch",
                "2",
            ]
        )
        == 0
    )
    assert "8/8 identities proved" in capsys.readouterr().out
    assert main(["prove", "conv_transpose2d", "--general"]) == 0
    assert "8/8 identities proved" in capsys.readouterr().out  # both cases


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--stride", "2", "--output-padding", "2"], "output_padding 2 is not allowed"),
        (["--output-padding", "1x2x3"], "--output-padding '1x2x3'"),
        (["--padding", "full"], "--padding 'full'"),
        (["--mode", "convolution"], "--mode convolution does not apply"),
    ],
)
def test_cli_bad_input_exit_2(capsys, argv, words):
    assert main(["prove", "conv_transpose2d", *argv]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_output_padding_is_refused_elsewhere(capsys):
    assert main(["prove", "conv2d", "--output-padding", "1"]) == 2
    assert "applies to conv_transpose1d, conv_transpose2d" in capsys.readouterr().err


# --------------------------------------------------------------------- network TOML

NET = """name = "up"
input = [4, 4, 2]
[[layers]]
name = "C1"
kind = "conv2d"
out_channels = 3
kernel = 3
stride = 2
padding = 1
activation = "relu"
[[layers]]
name = "U1"
kind = "conv_transpose2d"
out_channels = 2
kernel = 3
stride = 2
padding = 1
{extra}
[[layers]]
kind = "flatten"
[[layers]]
name = "F"
kind = "dense"
out_features = 3
"""


def test_network_kind_shapes_and_proof(tmp_path, capsys):
    path = tmp_path / "up.toml"
    path.write_text(NET.format(extra='output_padding = 1\nactivation = "tanh"'))
    assert main(["shapes", str(path), "--format", "json"]) == 0
    import json

    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)["layers"]}
    upsample = torch.nn.ConvTranspose2d(3, 2, 3, 2, 1, 1)
    assert rows["U1"]["output"] == [4, 4, 2]  # (2-1)·2 - 2 + 2 + 1 + 1 = 4
    assert rows["U1"]["params"] == sum(p.numel() for p in upsample.parameters()) == 56
    assert rows["U1"]["formula"] == "3*3*3*2 + 2"
    assert main(["prove", str(path)]) == 0
    out = capsys.readouterr().out
    assert "U1: kernel dL/dX: proved" in out and "identities proved" in out


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("output_padding = 2", "output_padding 2 is not allowed with stride 2"),
        ('mode = "convolution"', "unknown option(s) ['mode'] for conv_transpose2d"),
    ],
)
def test_network_kind_bad_options(tmp_path, capsys, extra, words):
    path = tmp_path / "bad.toml"
    path.write_text(NET.format(extra=extra))
    assert main(["shapes", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
