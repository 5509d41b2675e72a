"""Layer specifications: output sizes, padding words, parameter counts, LeNet-5 (seed 000), TOML."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from symconv.cli.main import main
from symconv.errors import SpecError, SymconvError
from symconv.spec.layer import Conv, Dense, Pool, conv, output_size, pool, resolve_padding
from symconv.spec.network import lenet5, load_network, network_from_dict
from symconv.spec.shape_table import formula, render

# ---------------------------------------------------------------------------- output size


def brute_force_size(n: int, k: int, s: int, pad: int, d: int) -> int:
    """Count the window positions that fit in the padded input, one by one."""
    count, start = 0, 0
    while start + d * (k - 1) <= n + pad - 1:
        count += 1
        start += s
    return count


@pytest.mark.parametrize(
    ("n", "k", "s", "pad", "d", "expected"),
    [
        (28, 5, 1, 4, 1, 28),  # LeNet C1: (28 + 2·2 - 5)/1 + 1
        (14, 5, 1, 0, 1, 10),  # LeNet C3
        (28, 2, 2, 0, 1, 14),  # LeNet S2
        (10, 2, 2, 0, 1, 5),  # LeNet S4
        (7, 3, 2, 0, 1, 3),  # floor((7 - 3)/2) + 1
        (8, 3, 2, 0, 1, 3),  # floor((8 - 3)/2) + 1 = floor(2.5) + 1
        (5, 3, 1, 0, 2, 1),  # dilated extent 5 on 5
        (9, 3, 3, 3, 2, 3),  # floor((9 + 3 - 5)/3) + 1
        (4, 4, 1, 0, 1, 1),  # kernel as large as the input
        (3, 2, 1, 2, 1, 4),  # 'full' on a 3-vector with a 2-kernel
    ],
)
def test_output_size_known_values(n, k, s, pad, d, expected):
    assert output_size(n, k, s, pad, d) == expected
    assert brute_force_size(n, k, s, pad, d) == expected


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(1, 30),
    k=st.integers(1, 6),
    s=st.integers(1, 4),
    pad=st.integers(0, 6),
    d=st.integers(1, 3),
)
def test_output_size_counts_window_positions(n, k, s, pad, d):
    assume(d * (k - 1) + 1 <= n + pad)  # else no window fits: refused (tested below)
    assert output_size(n, k, s, pad, d) == brute_force_size(n, k, s, pad, d)


@settings(max_examples=100, deadline=None)
@given(
    h=st.integers(1, 12),
    w=st.integers(1, 12),
    kh=st.integers(1, 5),
    kw=st.integers(1, 5),
    dh=st.integers(1, 3),
    dw=st.integers(1, 3),
)
def test_same_keeps_the_size_and_full_grows_it(h, w, kh, kw, dh, dw):
    same = conv(1, 1, (kh, kw), padding="same", dilation=(dh, dw))
    assert same.output_shape((1, h, w)) == (1, h, w)
    top, bottom, left, right = same.padding
    assert (top + bottom, left + right) == (dh * (kh - 1), dw * (kw - 1))
    assert (bottom - top, right - left) in {(0, 0), (1, 0), (0, 1), (1, 1)}
    full = conv(1, 1, (kh, kw), padding="full", dilation=(dh, dw))
    assert full.output_shape((1, h, w)) == (1, h + dh * (kh - 1), w + dw * (kw - 1))


# ---------------------------------------------------------------------------- padding words


@pytest.mark.parametrize(
    ("padding", "kernel", "dilation", "expected"),
    [
        ("valid", (3, 3), (1, 1), (0, 0, 0, 0)),
        ("same", (3, 3), (1, 1), (1, 1, 1, 1)),
        ("same", (5, 5), (1, 1), (2, 2, 2, 2)),
        ("same", (2, 2), (1, 1), (0, 1, 0, 1)),  # even kernel: the extra row/col at the end
        ("same", (4, 2), (1, 1), (1, 2, 0, 1)),
        ("same", (3, 3), (2, 2), (2, 2, 2, 2)),  # dilated extent 5
        ("same", (2, 5), (3, 2), (1, 2, 4, 4)),  # totals 3 and 8
        ("SAME ", (3, 1), (1, 1), (1, 1, 0, 0)),
        ("full", (3, 3), (1, 1), (2, 2, 2, 2)),
        ("full", (2, 3), (2, 1), (2, 2, 2, 2)),
        ("full", (3, 2), (2, 3), (4, 4, 3, 3)),
        (2, (3, 3), (1, 1), (2, 2, 2, 2)),
        ((1, 2), (3, 3), (1, 1), (1, 1, 2, 2)),
        ((1, 0, 2, 3), (3, 3), (1, 1), (1, 0, 2, 3)),
    ],
)
def test_resolve_padding(padding, kernel, dilation, expected):
    pads, word = resolve_padding("c", padding, kernel, dilation, (1, 1))
    assert pads == expected
    assert word == (padding.strip().lower() if isinstance(padding, str) else None)


def test_padding_word_is_kept_on_the_spec():
    assert conv(1, 1, 3, padding="same").padding_word == "same"
    assert conv(1, 1, 3, padding=1).padding_word is None


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"padding": 2}, (0, 0, 2, 2)),
        ({"padding": (1, 3)}, (0, 0, 1, 3)),
        ({"padding": "same"}, (0, 0, 1, 1)),
        ({"padding": "same", "dilation": 2}, (0, 0, 2, 2)),
        ({"padding": "full"}, (0, 0, 2, 2)),
    ],
)
def test_1d_padding_is_only_in_width(kwargs, expected):
    spec = conv(2, 3, 3, dims=1, **kwargs)
    assert spec.kernel == (1, 3)
    assert spec.padding == expected
    assert spec.dims == 1


def test_1d_output_shape():
    spec = conv(2, 4, 3, stride=2, padding=(1, 2), dilation=1, dims=1)
    assert spec.output_shape((2, 1, 9)) == (4, 1, (9 + 3 - 3) // 2 + 1)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: conv(1, 1, 3, padding="same", stride=2), "'same' needs stride 1"),
        (lambda: conv(1, 1, 3, padding="same", stride=(1, 2)), "padding 'same' with stride"),
        (lambda: conv(1, 1, 3, padding="half"), "padding 'half' must be an integer or one of"),
        (lambda: conv(1, 1, 3, padding=-1), "non-negative integers"),
        (lambda: conv(1, 1, 3, padding=(1, 2, 3)), "must have 1, 2 or 4 values"),
        (lambda: conv(1, 1, 3, padding=(1, 2, 3), dims=1), "1D padding"),
        (lambda: conv(1, 1, 0), "kernel 0 is not allowed"),
        (lambda: conv(1, 1, (3, -1)), "kernel -1 is not allowed"),
        (lambda: conv(1, 1, True), "kernel True is not allowed"),
        (lambda: conv(1, 1, 3, stride=0), "stride 0 is not allowed"),
        (lambda: conv(1, 1, 3, dilation=0), "dilation 0 is not allowed"),
        (lambda: conv(0, 1, 3), "in_channels 0 is not allowed"),
        (lambda: conv(1, 0, 3), "out_channels 0 is not allowed"),
        (lambda: conv(3, 4, 3, groups=2), "groups 2 does not divide in_channels 3"),
        (lambda: conv(4, 3, 3, groups=2), "groups 2 does not divide"),
        (lambda: conv(1, 1, 3, mode="flipped"), "mode 'flipped' is unknown"),
        (lambda: conv(1, 1, 3, activation="swish"), "activation 'swish' is unknown"),
        (lambda: conv(1, 1, (2, 3), dims=1), "1D kernel (2, 3) must be a single integer"),
        (lambda: conv(1, 1, 3, dims=3), "dims 3 must be 1 or 2"),
        (lambda: pool("min", 2), "pooling 'min' must be avg or max"),
        (lambda: pool("avg", 2, padding=2), "0 <= padding <= kernel/2"),
        (lambda: pool("max", 3, padding=(1, 2)), "0 <= padding <= kernel/2"),
        (lambda: Dense(0, 3), "in_features 0 is not allowed"),
        (lambda: Dense(3, 0), "out_features 0 is not allowed"),
        (lambda: Dense(3, 2, activation="gelu"), "activation 'gelu' is unknown"),
    ],
)
def test_bad_specs_are_refused_with_the_rule(build, message):
    with pytest.raises(SpecError) as info:
        build()
    assert message in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("spec", "shape", "message"),
    [
        (
            conv(1, 1, 4),
            (1, 3, 5),
            "kernel 4 (dilated extent 4) is larger than the padded input height 3",
        ),
        (
            conv(1, 1, (1, 3), dilation=3),
            (1, 5, 6),
            "dilated extent 7) is larger than the padded input width 6",
        ),
        (conv(2, 1, 3), (1, 5, 5), "input has 1 channels but in_channels is 2"),
        (conv(1, 1, 3), (5, 5), "must be (C, H, W)"),
        (pool("avg", 3), (1, 2, 5), "pool kernel 3 is larger than the padded input 2"),
        (Dense(10, 2), (1, 3, 3), "has 9 features but in_features is 10"),
    ],
)
def test_shape_errors(spec, shape, message):
    with pytest.raises(SpecError) as info:
        spec.output_shape(shape)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("spec", "shape", "expected"),
    [
        (conv(1, 1, 4), (1, 4, 4), (1, 1, 1)),  # kernel as large as the input
        (conv(1, 1, 4, padding=1), (1, 2, 2), (1, 1, 1)),  # ... as the padded input
        (conv(3, 8, (2, 3), stride=(2, 1), padding=(1, 0, 2, 1)), (3, 5, 6), (8, 3, 7)),
        (conv(4, 6, 3, groups=2, dilation=2), (4, 9, 7), (6, 5, 3)),
        (pool("avg", 3, 2, padding=1), (2, 7, 8), (2, 4, 4)),
        (pool("max", (2, 3)), (1, 6, 7), (1, 3, 2)),
        (Dense(12, 5), (3, 2, 2), (5,)),
    ],
)
def test_output_shapes(spec, shape, expected):
    assert spec.output_shape(shape) == expected


def test_pool_stride_defaults_to_the_kernel():
    assert pool("avg", 3).stride == (3, 3)
    assert pool("max", (2, 3)).stride == (2, 3)
    assert pool("max", 2, 1).stride == (1, 1)


def test_conv_rejects_an_empty_input():
    """An empty input has no entries: a padded 0x0 image must not give a 2x2 output."""
    with pytest.raises(SpecError):
        conv(1, 1, 1, padding=1).output_shape((1, 0, 0))


# ---------------------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (conv(1, 6, 5, padding=2), (5 * 5 * 1 + 1) * 6),
        (conv(6, 16, 5), (5 * 5 * 6 + 1) * 16),
        (conv(3, 8, (2, 3)), (2 * 3 * 3 + 1) * 8),
        (conv(3, 8, (2, 3), bias=False), 2 * 3 * 3 * 8),
        (conv(4, 6, 3, groups=2), (3 * 3 * 2 + 1) * 6),
        (conv(4, 4, 3, groups=4, bias=False), 3 * 3 * 1 * 4),
        (conv(2, 5, 4, dims=1), (4 * 2 + 1) * 5),
        (Dense(400, 120), 400 * 120 + 120),
        (Dense(7, 3, bias=False), 21),
        (pool("avg", 2), 0),
        (pool("max", 3, 1, 1), 0),
    ],
)
def test_parameter_counts(spec, expected):
    assert spec.param_count() == expected


@pytest.mark.parametrize(
    ("spec", "factors"),
    [
        (conv(1, 6, 5), ([5, 5, 1], True, 6)),
        (conv(4, 6, (2, 3), groups=2, bias=False), ([2, 3, 2], False, 6)),
        (conv(2, 5, 4, dims=1), ([4, 2], True, 5)),
    ],
)
def test_param_factors(spec, factors):
    assert spec.param_factors() == factors
    kernel_factors, bias, count = factors
    product = 1
    for f in kernel_factors:
        product *= f
    assert (product + bias) * count == spec.param_count()


# ---------------------------------------------------------------------------- LeNet-5 (seed 000)

SEED_000 = [
    # name, kind, output (H, W, C), #act, #params, formula
    ("Input", "input", (28, 28, 1), 784, 0, "-"),
    ("C1", "conv", (28, 28, 6), 4704, 156, "(5·5·1 + 1)·6"),
    ("S2", "avgpool", (14, 14, 6), 1176, 0, "-"),
    ("C3", "conv", (10, 10, 16), 1600, 2416, "(5·5·6 + 1)·16"),
    ("S4", "avgpool", (5, 5, 16), 400, 0, "-"),
    ("F5", "dense", (120,), 120, 48120, "400·120 + 120"),
    ("F6", "dense", (84,), 84, 10164, "120·84 + 84"),
    ("Output", "dense", (10,), 10, 850, "84·10 + 10"),
]


def test_lenet_table_is_seed_000():
    rows = lenet5().table()
    got = [
        (r.name, r.kind, tuple(r.output), r.activations, r.params, formula(r, "·")) for r in rows
    ]
    assert got == SEED_000
    assert sum(r.activations for r in rows) == 8878
    assert sum(r.params for r in rows) == 61706


def test_lenet_activation_counts_are_products_of_the_output_shape():
    for row in lenet5().table():
        product = 1
        for n in row.output:
            product *= n
        assert row.activations == product


@pytest.mark.parametrize("pool_op", ["avg", "max"])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_lenet_variants_keep_the_counts(pool_op, activation):
    rows = lenet5(activation=activation, pool_op=pool_op).table()
    assert sum(r.params for r in rows) == 61706
    assert sum(r.activations for r in rows) == 8878
    assert rows[2].kind == f"{pool_op}pool"


def test_lenet_shapes_chain():
    found = lenet5().shapes()
    assert [(shape_in, shape_out) for _, shape_in, shape_out in found] == [
        ((1, 28, 28), (6, 28, 28)),
        ((6, 28, 28), (6, 14, 14)),
        ((6, 14, 14), (16, 10, 10)),
        ((16, 10, 10), (16, 5, 5)),
        ((16, 5, 5), (120,)),
        ((120,), (84,)),
        ((84,), (10,)),
    ]


def test_render_text_and_markdown():
    text = render(lenet5(), "text").splitlines()
    assert text[0].split() == ["Layer", "Kind", "Output", "#Act.", "#Params", "Formula"]
    assert text[2].split() == [
        "C1",
        "conv",
        "28",
        "x",
        "28",
        "x",
        "6",
        "4704",
        "156",
        "(5·5·1",
        "+",
        "1)·6",
    ]
    assert text[-1].split() == ["Total", "8878", "61706"]
    md = render(lenet5(), "md").splitlines()
    assert md[0] == "| Layer | Kind | Output | #Act. | #Params | Formula |"
    assert "| C3 | conv | 10 x 10 x 16 | 1600 | 2416 | (5·5·6 + 1)·16 |" in md
    assert md[-1].startswith("| Total |") and "| 8878 | 61706 |" in md[-1]


def test_render_tex():
    tex = render(lenet5(), "tex")
    assert tex.startswith(r"\begin{tabular}") and tex.endswith(r"\end{tabular}")
    assert (
        r"C3 & $10 \times 10 \times 16$ & 1600 & 2416 & $(5 \cdot 5 \cdot 6 + 1) \cdot 16$" in tex
    )
    assert r"Total & & 8878 & 61706 & \\" in tex


def test_shapes_json_from_the_cli(capsys):
    assert main(["shapes", "lenet", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"network", "layers", "total_activations", "total_params"}
    assert data["network"] == "lenet"
    assert data["total_activations"] == 8878
    assert data["total_params"] == 61706
    assert len(data["layers"]) == 8
    for layer, (name, kind, output, act, params, shown) in zip(
        data["layers"], SEED_000, strict=True
    ):
        assert set(layer) == {"name", "kind", "output", "activations", "params", "formula"}
        assert layer["name"] == name and layer["kind"] == kind
        assert layer["output"] == list(output)
        assert layer["activations"] == act and layer["params"] == params
        assert layer["formula"] == shown.replace("·", "*")


def test_shapes_text_from_the_cli(capsys):
    assert main(["shapes", "lenet"]) == 0
    assert capsys.readouterr().out.strip() == render(lenet5(), "text")


# ---------------------------------------------------------------------------- TOML networks

TINY = """
name = "tiny"
input = [12, 10, 2]          # H, W, C
loss = "softmax_cross_entropy"

[[layers]]
name = "C1"
kind = "conv2d"
out_channels = 4
kernel = [3, 2]
padding = [1, 0, 1, 1]
stride = 1
activation = "tanh"

[[layers]]
name = "P1"
kind = "maxpool2d"
kernel = 2

[[layers]]
kind = "conv2d"
out_channels = 6
kernel = 3
groups = 2
dilation = 2
padding = "same"
bias = false
mode = "convolution"

[[layers]]
kind = "avgpool2d"
kernel = [3, 3]
stride = 2
padding = 1

[[layers]]
kind = "flatten"

[[layers]]
name = "F"
kind = "dense"
out_features = 5
activation = "relu"
"""


def write(tmp_path, text, name="net.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_network(tmp_path):
    net = load_network(write(tmp_path, TINY))
    assert net.name == "tiny"
    assert net.input_shape == (2, 12, 10)
    assert net.loss == "softmax_cross_entropy"
    c1, p1, c2, p2, dense = net.layers
    assert isinstance(c1, Conv) and c1.in_channels == 2 and c1.out_channels == 4
    assert c1.kernel == (3, 2) and c1.padding == (1, 0, 1, 1) and c1.activation == "tanh"
    assert isinstance(p1, Pool) and p1.op == "max" and p1.stride == (2, 2)
    assert c2.in_channels == 4 and c2.groups == 2 and c2.dilation == (2, 2)
    assert c2.padding == (2, 2, 2, 2) and not c2.bias and c2.mode == "convolution"
    assert p2.op == "avg" and p2.padding == (1, 1) and p2.stride == (2, 2)
    assert isinstance(dense, Dense) and dense.activation == "relu"
    # 12x10 -> C1 (12+1-3+1)x(10+2-2+1) = 11x11 -> P1 5x5 -> C2 5x5 -> P2 3x3 -> 6·3·3 = 54
    assert [out for _, _, out in net.shapes()] == [
        (4, 11, 11),
        (4, 5, 5),
        (6, 5, 5),
        (6, 3, 3),
        (5,),
    ]
    assert dense.in_features == 54
    assert dense.name == "F" and c1.name == "C1"
    rows = net.table()
    assert rows[0].output == (12, 10, 2)
    assert [r.params for r in rows] == [0, (3 * 2 * 2 + 1) * 4, 0, 3 * 3 * 2 * 6, 0, 54 * 5 + 5]


def test_toml_1d_network(tmp_path):
    text = """
input = [9, 2]    # L, C
[[layers]]
kind = "conv1d"
out_channels = 3
kernel = 3
stride = 2
padding = [1, 0]
[[layers]]
kind = "dense"
out_features = 2
"""
    net = load_network(write(tmp_path, text, "line.toml"))
    assert net.name == "line"
    assert net.input_shape == (2, 1, 9)
    layer = net.layers[0]
    assert layer.dims == 1 and layer.kernel == (1, 3) and layer.padding == (0, 0, 1, 0)
    assert net.shapes()[0][2] == (3, 1, (9 + 1 - 3) // 2 + 1)
    assert net.layers[1].in_features == 3 * 4


def test_toml_network_round_trip_through_network_from_dict():
    net = network_from_dict(
        {"input": [6, 6, 1], "layers": [{"kind": "conv2d", "out_channels": 2, "kernel": 3}]}, "dict"
    )
    assert net.shapes()[0][2] == (2, 4, 4)


BAD_TOML = [
    ("malformed", 'input = [8, 8, 1\n[[layers]]\nkind = "conv2d"\n', "malformed TOML"),
    (
        "unknown kind",
        'input = [8, 8, 1]\n[[layers]]\nkind = "conv3d"\nout_channels = 1\nkernel = 2\n',
        "layer 1: kind 'conv3d' is unknown; use one of",
    ),
    (
        "unknown option",
        'input = [8, 8, 1]\n[[layers]]\nkind = "conv2d"\nout_channels = 1\nkernal = 2\n',
        "unknown option(s) ['kernal'] for conv2d",
    ),
    (
        "pool option",
        'input = [8, 8, 1]\n[[layers]]\nkind = "avgpool2d"\nkernel = 2\ngroups = 2\n',
        "unknown option(s) ['groups'] for avgpool2d",
    ),
    (
        "unknown activation",
        'input = [8, 8, 1]\n[[layers]]\nkind = "conv2d"\nout_channels = 1\n'
        'kernel = 2\nactivation = "swish"\n',
        "activation 'swish' is unknown",
    ),
    (
        "unknown key",
        'input = [8, 8, 1]\noptimizer = "sgd"\n[[layers]]\nkind = "flatten"\n',
        "unknown key(s) ['optimizer']",
    ),
    ("no layers", "input = [8, 8, 1]\n", "'layers' must be a non-empty list"),
    ("bad input", 'input = [8, 0, 1]\n[[layers]]\nkind = "flatten"\n', "input [8, 0, 1] must be"),
    (
        "unknown loss",
        'input = [8, 8, 1]\nloss = "mse"\n[[layers]]\nkind = "flatten"\n',
        "loss 'mse' is unknown",
    ),
    (
        "missing kernel",
        'input = [8, 8, 1]\n[[layers]]\nkind = "conv2d"\nout_channels = 1\n',
        "needs out_channels and kernel",
    ),
    (
        "kernel too large",
        'input = [4, 4, 1]\n[[layers]]\nkind = "conv2d"\nout_channels = 1\nkernel = 5\n',
        "larger than the padded input",
    ),
    (
        "conv after dense",
        'input = [4, 4, 1]\n[[layers]]\nkind = "dense"\nout_features = 3\n'
        '[[layers]]\nkind = "conv2d"\nout_channels = 1\nkernel = 1\n',
        "needs an image input",
    ),
    (
        "float kernel",
        'input = [8, 8, 1]\n[[layers]]\nkind = "conv2d"\nout_channels = 1\nkernel = 2.5\n',
        "kernel 2.5",
    ),
    (
        "float padding",
        'input = [8, 8, 1]\n[[layers]]\nkind = "conv2d"\nout_channels = 1\n'
        "kernel = 3\npadding = 1.5\n",
        "padding 1.5",
    ),
    (
        "string bias",
        'input = [8, 8, 1]\n[[layers]]\nkind = "conv2d"\nout_channels = 1\n'
        'kernel = 3\nbias = "no"\n',
        "bias 'no'",
    ),
]


@pytest.mark.parametrize(
    ("text", "message"), [(t, m) for _, t, m in BAD_TOML], ids=[name for name, _, _ in BAD_TOML]
)
def test_bad_toml_is_one_line_spec_error(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(SymconvError) as info:
        load_network(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_toml_file(tmp_path):
    with pytest.raises(SpecError, match="cannot read network file"):
        load_network(tmp_path / "absent.toml")
