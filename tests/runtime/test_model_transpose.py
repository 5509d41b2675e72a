"""Transposed convolutions in networks: symconv.Model, from_torch/to_torch, export, train and
derive, against torch's nn.ConvTranspose2d inside an nn.Sequential (the oracle)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from test_lenet import chunked_reference, digest
from test_model import check_against, unnamed
from torch import nn

from symconv import Model, SymconvError, from_torch, load_network, to_torch
from symconv.cli.main import main
from symconv.spec.network import network_from_dict, network_to_dict

UPSAMPLE = Path(__file__).parent.parent / "data" / "networks" / "upsample8.toml"


def upsample_torch() -> nn.Sequential:
    """upsample8.toml written directly in torch (not through to_torch)."""
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, stride=2, padding=1),
        nn.ReLU(),
        nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2),
        nn.Tanh(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(96, 10),
    )


# (input C, H, W), torch ConvTranspose2d keyword arguments: every option, and an
# output_padding at or above the stride (allowed below the dilation)
GRID = [
    (
        (2, 3, 4),
        dict(in_channels=2, out_channels=3, kernel_size=3, stride=2, padding=1, output_padding=1),
    ),
    (
        (4, 3, 3),
        dict(
            in_channels=4,
            out_channels=6,
            kernel_size=(2, 3),
            stride=(2, 3),
            padding=(1, 0),
            output_padding=(1, 2),
            groups=2,
        ),
    ),
    (
        (2, 3, 2),
        dict(
            in_channels=2,
            out_channels=4,
            kernel_size=2,
            stride=3,
            dilation=2,
            padding=(0, 1),
            groups=2,
            bias=False,
        ),
    ),
    (
        (1, 3, 3),
        dict(
            in_channels=1,
            out_channels=2,
            kernel_size=2,
            stride=1,
            dilation=3,
            padding=1,
            output_padding=2,
        ),
    ),  # output_padding 2 >= stride 1
    (
        (3, 2, 3),
        dict(
            in_channels=3,
            out_channels=3,
            kernel_size=3,
            stride=2,
            dilation=3,
            padding=2,
            output_padding=(2, 1),
            groups=3,
        ),
    ),  # op_h 2 >= stride 2
]


def _sequential(shape, options) -> nn.Sequential:
    """A small classifier around one transposed convolution, each followed by a ReLU."""
    up = nn.ConvTranspose2d(**options)
    with torch.no_grad():
        out = up(torch.zeros((1, *shape))).shape[1:]
    return nn.Sequential(
        up, nn.ReLU(), nn.Conv2d(out[0], 2, 1), nn.Flatten(), nn.Linear(2 * out[1] * out[2], 5)
    )


@pytest.mark.parametrize(("shape", "options"), GRID)
def test_a_transposed_layer_in_a_model_equals_torch(shape, options):
    """from_torch of an nn.Sequential holding nn.ConvTranspose2d: the Model's logits, loss
    and every gradient equal torch's in float64 (1e-9); the keys are the state_dict's."""
    twin = _sequential(shape, options)
    net = from_torch(twin, shape)
    model = Model(net, dtype=np.float64, seed=2)
    model.cores = 1
    assert list(model.params) == list(twin.state_dict())
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal((4, *shape)), rng.integers(0, 5, 4)
    check_against(twin, model, x, y)
    back = from_torch(to_torch(net), shape)
    assert unnamed(back) == unnamed(net)
    assert network_from_dict(network_to_dict(net)) == net


def test_the_example_network_equals_its_torch_twin_and_its_table():
    net = load_network(UPSAMPLE)
    model = Model(net, dtype=np.float64, seed=1)
    model.cores = 1
    assert list(model.params) == [
        "c1.weight",
        "c1.bias",
        "u2.weight",
        "u2.bias",
        "f4.weight",
        "f4.bias",
    ]
    assert model.params["u2.weight"].shape == (4, 3, 3, 3)  # (C_in, C_out/groups, kh, kw)
    twin = upsample_torch()
    assert sum(r.params for r in net.table()) == sum(p.numel() for p in twin.parameters())
    rng = np.random.default_rng(5)
    x, y = rng.standard_normal((6, 1, 8, 8)), rng.integers(0, 10, 6)
    check_against(twin, model, x, y)
    table = from_torch(upsample_torch(), (1, 8, 8)).table()
    assert [(r.kind, r.output, r.params) for r in table] == [
        (r.kind, r.output, r.params) for r in net.table()
    ]


def test_default_initialisation_has_torchs_bound():
    """PyTorch initialises a ConvTranspose2d weight within 1/sqrt(fan_in), fan_in read from
    the weight's axis 1: (C_out/groups)·kh·kw."""
    model = Model.from_file(UPSAMPLE, dtype=np.float64)
    bound = 1 / np.sqrt(3 * 3 * 3)
    for name in ("u2.weight", "u2.bias"):
        value = model.params[name]
        assert np.abs(value).max() <= bound and np.abs(value).max() > 0.8 * bound, name


def test_every_kernel_the_model_runs_is_checked_by_prove():
    from symconv.proofs.engine import prove_all
    from symconv.proofs.problems import network_layers
    from symconv.runtime import kernels

    layers = network_layers(load_network(UPSAMPLE))
    report = prove_all(layers, {"network": "upsample8"}, progress=False)
    assert report.proved, str(report)
    checked = {
        id(fn)
        for layer in layers
        if hasattr(layer, "kernels")
        for fn in layer.kernels().values()
        if fn is not None
    }
    checked |= {
        id(fn) for kind in ("relu", "tanh") for fn in kernels.activation_kernels(kind).values()
    }
    checked.add(id(kernels.loss_kernel()))
    running = Model.from_file(UPSAMPLE).kernels_used()
    assert all(id(fn) in checked for fn in running)
    names = {(p.layer, p.identity) for p in report.proofs}
    assert {("U2", f"kernel {k}") for k in ("Z", "dL/dW", "dL/dX", "dL/db")} <= names


def test_worker_processes_give_the_same_bytes():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((70, 1, 8, 8)).astype(np.float32)
    y = rng.integers(0, 10, 70)
    want = digest(*chunked_reference(Model.from_file(UPSAMPLE, seed=2), x, y))
    model = Model.from_file(UPSAMPLE, seed=2)
    model.cores = 2
    assert model.start_workers() == 1
    for _ in range(2):
        assert digest(*model.loss_and_grads(x, y)) == want


def test_train_learns_the_digits_and_derive_writes_the_transposed_section(tmp_path, capsys):
    prefix = tmp_path / "up"
    assert main(["train", str(UPSAMPLE), "--epochs", "3", "--out", str(prefix), "--json"]) == 0
    history = json.loads(capsys.readouterr().out)
    assert history["loss"][-1] < history["loss"][0]
    assert history["test_accuracy"][-1] > 0.7
    assert list(np.load(f"{prefix}.npz").files) == list(Model.from_file(UPSAMPLE).params)
    out = tmp_path / "notes.json"
    assert main(["derive", str(UPSAMPLE), "--format", "json", "-o", str(out)]) == 0
    text = out.read_text()
    assert "Transposed convolution U2" in text
    assert '"failed"' not in text and text.count('"proved"') >= 20


NET = """name = "bad"
input = [4, 4, 2]
[[layers]]
name = "U1"
kind = "conv_transpose2d"
out_channels = 2
kernel = 3
stride = 2
{extra}
[[layers]]
name = "C2"
kind = "conv2d"
out_channels = 2
kernel = {kernel}
[[layers]]
name = "F"
kind = "dense"
out_features = 3
"""


@pytest.mark.parametrize(
    ("extra", "kernel", "words"),
    [
        # U1 gives 9x9: a 10x10 kernel after it does not fit
        ("", 10, "C2: kernel 10 (dilated extent 10) is larger than the padded input"),
        ("padding = 5", 3, "U1: padding (5, 5) leaves output height -1"),  # 6 - 10 + 2 + 1
        ("output_padding = 2", 3, "output_padding 2 is not allowed with stride 2 and dilation 1"),
        (
            "output_padding = 3\ndilation = 3",
            3,
            "output_padding 3 is not allowed with stride 2 and dilation 3",
        ),
    ],
)
@pytest.mark.parametrize("verb", ["shapes", "export", "train", "derive"])
def test_bad_networks_are_one_line_errors_and_write_nothing(
    tmp_path, capsys, extra, kernel, words, verb
):
    path = tmp_path / "bad.toml"
    path.write_text(NET.format(extra=extra, kernel=kernel))
    out = {
        "shapes": [],
        "export": ["-o", str(tmp_path / "x.py")],
        "train": ["--out", str(tmp_path / "r")],
        "derive": ["-o", str(tmp_path / "x.md")],
    }[verb]
    assert main([verb, str(path), *out]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


def test_from_torch_refuses_a_transposed_layer_that_does_not_chain():
    with pytest.raises(
        SymconvError,
        match=r"module '0' \(ConvTranspose2d\) expects 3 input "
        r"channels, the layer before gives 1",
    ):
        from_torch(nn.Sequential(nn.ConvTranspose2d(3, 2, 3)), (1, 4, 4))
    module = nn.ConvTranspose2d(1, 2, 3)
    module.padding_mode = "reflect"  # torch's constructor refuses it; set afterwards
    with pytest.raises(SymconvError, match=r"has padding_mode 'reflect', not 'zeros'"):
        from_torch(nn.Sequential(module), (1, 4, 4))


def test_to_torch_refuses_uneven_padding():
    net = network_from_dict(
        {
            "input": [4, 4, 1],
            "layers": [
                {
                    "name": "U",
                    "kind": "conv_transpose2d",
                    "out_channels": 1,
                    "kernel": 2,
                    "padding": [0, 1, 0, 0],
                },
                {"kind": "dense", "out_features": 2},
            ],
        }
    )
    with pytest.raises(
        SymconvError,
        match=r"U has padding \(0, 1, 0, 0\); the rule: torch "
        "pads both sides",
    ):
        to_torch(net)
    model = Model(net, dtype=np.float64)  # symconv itself runs uneven padding
    assert model.forward(np.ones((1, 1, 4, 4))).shape == (1, 2)
