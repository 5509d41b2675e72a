"""A ReLU right before a max pool runs as one merged node each way (relu(maxpool) and its
gradient): equal to torch autograd (float64, 1e-9), to the unmerged kernels (relu's, then
the pool's) bit for bit, proved by `symconv prove`, and a wrong merged kernel is caught."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from test_model import check_against

from symconv import Model, to_torch
from symconv.layers.pool import MaxPoolReLULayer
from symconv.proofs.kernel_identities_pointwise import MaxPoolReLUCheck
from symconv.runtime import kernels, numeric
from symconv.runtime import printed_kernels as printed
from symconv.spec.layer import pool
from symconv.spec.network import network_from_dict


def net(size: int, pool_options: dict, channels: int = 3) -> dict:
    """conv 3x3 (ReLU) -> the max pool -> dense 4, on (channels, size, size) images."""
    return {
        "name": "merged",
        "input": [size, size, channels],
        "loss": "softmax_cross_entropy",
        "layers": [
            {"name": "c", "kind": "conv2d", "out_channels": 5, "kernel": 3, "padding": 1},
            {"kind": "relu"},
            {"name": "p", "kind": "maxpool2d", **pool_options},
            {"name": "fc", "kind": "dense", "out_features": 4},
        ],
    }


# 2x2 tiled (the (N, H, W, C) winners path, odd sides leave a row and a column out),
# overlapping 3x3 windows with padding (the general windows path), tiled 3x3.
POOLS = [
    (8, {"kernel": 2}),
    (9, {"kernel": 2}),
    (9, {"kernel": 3, "stride": 2, "padding": 1}),
    (9, {"kernel": 3}),
]


def batch(size: int, channels: int = 3, n: int = 5, seed: int = 0) -> tuple:
    """Images with many windows below zero, one image all zero (every conv output is the
    bias there: ties at relu's edge when a bias is negative)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, channels, size, size)) - 0.7
    x[1] = 0.0
    return x, rng.integers(0, 4, n)


@pytest.mark.parametrize(("size", "options"), POOLS)
def test_merged_model_equals_torch_autograd_in_float64(size, options):
    network = network_from_dict(net(size, options))
    model = Model(network, dtype=np.float64, seed=4)
    model.cores = 1
    assert [s["merged"] for s in model._steps] == [None, "relu", None]
    # negative biases: the zero image's windows of those filters are all below 0
    model.params["c.bias"][:] = np.linspace(-0.5, 0.4, 5)
    x, y = batch(size)
    # torch's own modules, written out: relu before the pool, as the network file has it
    twin = torch.nn.Sequential(
        torch.nn.Conv2d(3, 5, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(
            options["kernel"], options.get("stride", options["kernel"]), options.get("padding", 0)
        ),
        torch.nn.Flatten(),
        torch.nn.Linear(model.params["fc.weight"].shape[1], 4),
    )
    check_against(twin, model, x, y)


@pytest.mark.parametrize(("size", "options"), POOLS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_merged_model_equals_the_unmerged_kernels_bit_for_bit(size, options, dtype):
    network = network_from_dict(net(size, options))
    merged, written = Model(network, dtype=dtype, seed=5), Model(network, dtype=dtype, seed=5)
    relu = kernels.activation_kernels("relu")
    for step, layer in zip(written._steps, network.layers, strict=True):
        if step["op"] == "conv":
            step["act"] = relu
        elif step["op"] == "pool":
            step.update(kernels.max_pool_kernels(layer), merged=None)
    merged.cores = written.cores = 1
    for model in (merged, written):
        model.params["c.bias"][:] = np.linspace(-0.5, 0.4, 5).astype(dtype)
    x, y = batch(size, n=9, seed=1)
    x = x.astype(dtype)
    np.testing.assert_array_equal(merged.forward(x), written.forward(x))
    loss, grads = merged.loss_and_grads(x, y)
    want_loss, want = written.loss_and_grads(x, y)
    assert loss == want_loss
    for name, value in want.items():
        np.testing.assert_array_equal(grads[name], value, err_msg=name)


def test_the_torch_module_of_the_network_keeps_relu_before_the_pool():
    """to_torch writes the network as its file does; the merge is the runtime's alone."""
    network = network_from_dict(net(8, {"kernel": 2}))
    kinds = [type(m).__name__ for m in to_torch(network)]
    assert kinds[kinds.index("ReLU") + 1] == "MaxPool2d"
    model = Model(network, dtype=np.float64, seed=2)
    twin = to_torch(network)
    x, y = batch(8, seed=3)
    check_against(twin, model, x, y)


@pytest.mark.parametrize(
    ("kernel", "stride", "padding", "shape"),
    [(2, 2, 0, (3, 6, 6)), (2, 2, 0, (2, 5, 7)), (3, 2, 1, (2, 7, 7)), (3, 3, 0, (2, 6, 6))],
)
def test_merged_layer_is_proved(kernel, stride, padding, shape):
    proofs = MaxPoolReLULayer(pool("max", kernel, stride, padding, name="P"), shape).prove()
    assert [p.identity for p in proofs] == [
        "Z",
        "dL/dX",
        "kernel relu(maxpool) Z",
        "kernel relu(maxpool) dL/dX",
    ]
    assert all(p.proved for p in proofs), [str(p.mismatch) for p in proofs if not p.proved]


def _routed_without_relu(g, route, x_shape, kernel, stride, pads):
    """A wrong merged gradient: the pool's route of G, relu's mask forgotten."""
    return numeric.max_pool2d_grad(g, route.pair[1], x_shape, kernel, stride, pads)


def _pooled_without_relu(x, kernel, stride, pads):
    """A wrong merged forward: the pool alone."""
    y, found = numeric.max_pool2d(x, kernel, stride, pads)
    return y, numeric._Rectified((y, found), y)


@pytest.mark.parametrize(
    ("name", "wrong", "failed"),
    [
        ("max_pool2d_relu_grad", _routed_without_relu, {"dL/dX", "kernel relu(maxpool) dL/dX"}),
        ("max_pool2d_relu", _pooled_without_relu, {"kernel relu(maxpool) Z"}),
    ],
)
def test_a_wrong_merged_kernel_is_caught(monkeypatch, name, wrong, failed):
    monkeypatch.setitem(printed.NAMESPACE, name, wrong)
    printed.clear_caches()
    try:
        layer = MaxPoolReLULayer(pool("max", 2, name="P"), (2, 4, 4))
        # prove() runs the kernel check after the routing proof holds: here both, each alone
        proofs = layer.prove() + MaxPoolReLUCheck(layer).run()
    finally:
        monkeypatch.undo()
        printed.clear_caches()
    assert {p.identity for p in proofs if not p.proved} >= failed
    assert not all(p.proved for p in proofs)


def test_an_exported_network_runs_the_merged_kernels(tmp_path):
    """The exported module's graph calls the merged functions, printed and proved with the
    network, and gives the Model's loss and gradients (float64, torch's to 1e-9)."""
    import importlib.util

    from symconv.runtime.export import render_module
    from symconv.runtime.export_network import network_bundle

    network = network_from_dict(net(9, {"kernel": 2}))
    text = render_module(network_bundle(network), "merged")
    assert "def _l1_p_relu_forward(X):" in text and "def _l1_p_relu_dX(G, X):" in text
    assert "relu + maxpool2d (merged)" in text
    path = tmp_path / "merged_net.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("merged_net", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert [s["tag"] for s in module._STEPS][1] == "l1_p_relu"
    model = Model(network, dtype=np.float64, seed=6)
    x, y = batch(9, seed=4)
    loss, grads = module.loss_and_grads(model.params, x, y)
    want_loss, want = model.loss_and_grads(x, y)
    assert loss == want_loss
    for name, value in want.items():
        np.testing.assert_array_equal(grads[name], value, err_msg=name)
    twin = to_torch(network).double()
    with torch.no_grad():
        for param, value in zip(twin.parameters(), model.params.values(), strict=True):
            param.copy_(torch.from_numpy(value))
    loss_t = F.cross_entropy(twin(torch.from_numpy(x)), torch.from_numpy(y))
    assert abs(loss - loss_t.item()) <= 1e-9
