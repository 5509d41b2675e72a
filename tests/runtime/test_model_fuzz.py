"""symconv.Model on hypothesis-drawn sequential networks, against torch (float64)."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from symconv import Model, SymconvError, to_torch
from symconv.spec.network import network_from_dict

ACTIVATION = st.sampled_from([None, "relu", "tanh", "sigmoid"])


@st.composite
def networks(draw) -> dict:
    """A network file's contents: one to three convolutions (2D, or 1D on a signal), each
    maybe pooled, then maybe dense layers; sizes small enough for a quick comparison."""
    channels, one_d = draw(st.integers(1, 3)), draw(st.booleans())
    size = (
        [draw(st.integers(5, 11))]
        if one_d
        else [draw(st.integers(5, 11)), draw(st.integers(5, 11))]
    )
    data = {"name": "drawn", "input": [*size, channels], "layers": []}
    for _ in range(draw(st.integers(1, 3))):
        groups = draw(st.sampled_from([g for g in (1, 2, 3) if channels % g == 0]))
        out = groups * draw(st.integers(1, 2))
        kernel = draw(st.integers(1, 3))
        conv = {
            "kind": "conv1d" if one_d else "conv2d",
            "out_channels": out,
            "groups": groups,
            "kernel": kernel if one_d else [kernel, draw(st.integers(1, 3))],
            "stride": draw(st.integers(1, 2)),
            "padding": draw(st.integers(0, 1)),
            "dilation": draw(st.integers(1, 2)),
            "bias": draw(st.booleans()),
        }
        activation = draw(ACTIVATION)
        if activation:
            conv["activation"] = activation
        data["layers"].append(conv)
        channels = out
        if draw(st.booleans()):
            kernel, stride = draw(st.integers(1, 2)), draw(st.integers(1, 2))
            padding = draw(st.integers(0, kernel // 2))
            data["layers"].append(
                {
                    "kind": draw(st.sampled_from(["avgpool2d", "maxpool2d"])),
                    "kernel": [1, kernel] if one_d else kernel,
                    "stride": [1, stride] if one_d else stride,
                    "padding": [0, padding] if one_d else padding,
                }
            )
    for last in range(draw(st.integers(0, 2)), 0, -1):
        dense = {
            "kind": "dense",
            "out_features": draw(st.integers(2, 5)),
            "bias": draw(st.booleans()),
        }
        activation = draw(ACTIVATION)
        if activation and last > 1:
            dense["activation"] = activation
        data["layers"].append(dense)
    for number, layer in enumerate(data["layers"]):
        layer["name"] = f"L{number}"
    return data


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.integers(0, 2**31))
def test_drawn_networks_equal_torch(data, seed):
    try:
        net = network_from_dict(data)
    except SymconvError:
        assume(False)  # the drawn sizes do not chain (a kernel larger than its input)
    model = Model(net, dtype=np.float64, seed=seed % 1000)
    model.cores = 1
    twin = to_torch(net).double()
    with torch.no_grad():
        for param, value in zip(twin.parameters(), model.params.values(), strict=True):
            assert tuple(param.shape) == value.shape
            param.copy_(torch.from_numpy(value))
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((3, *model.input_shape))
    y = rng.integers(0, model.classes, 3)
    logits_t = twin(torch.from_numpy(x))
    loss_t = F.cross_entropy(logits_t, torch.from_numpy(y))
    loss_t.backward()
    np.testing.assert_allclose(model.forward(x), logits_t.detach().numpy(), rtol=1e-9, atol=1e-9)
    loss, grads = model.loss_and_grads(x, y)
    assert abs(loss - loss_t.item()) <= 1e-9
    for (name, grad), param in zip(grads.items(), twin.parameters(), strict=True):
        np.testing.assert_allclose(grad, param.grad.numpy(), rtol=1e-9, atol=1e-9, err_msg=name)
