"""The derived and the closed-form expressions, evaluated at random numbers, against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
import torch
import torch.nn.functional as F
from conftest import assert_close

import symconv.layers.pool as pool_module
from symconv.algebra.termarray import EMPTY, Rows, TermArray
from symconv.layers.conv import ConvLayer
from symconv.layers.dense import DenseLayer
from symconv.layers.elementwise import (
    ActivationLayer,
    SoftmaxCrossEntropyLayer,
    activation_function,
    textbook_slope,
)
from symconv.layers.pool import pool_layer
from symconv.ops import CorrelateWeight, Dilate, TensorSymbol
from symconv.proofs.chain_rule import chain_rule
from symconv.spec.layer import Dense, conv, pool

TOL = dict(rtol=1e-10, atol=1e-10)


# ---------------------------------------------------------------------------- evaluators


def monomial_values(mono: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Product over the last axis of values[id], an empty slot (-1) counting as 1."""
    return np.where(mono == EMPTY, 1.0, values[np.where(mono == EMPTY, 0, mono)]).prod(axis=-1)


def eval_terms(a: TermArray, values: np.ndarray) -> np.ndarray:
    """Every entry of a TermArray at ``values`` (indexed by variable id)."""
    return (a.coef * monomial_values(a.mono, values)).sum(axis=-1) / a.den


def eval_rows(rows: Rows, values: np.ndarray) -> np.ndarray:
    """dL/dv for every variable id v (0 where no row has key v)."""
    weights = rows.coef * monomial_values(rows.mono, values) / rows.den
    return np.bincount(rows.key, weights=weights, minlength=len(values))


def random_values(layer, rng, overrides=None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    values = np.zeros(len(layer.table))
    arrays = {}
    for tag, tensor in layer.tensors.items():
        data = (overrides or {}).get(tag)
        if data is None:
            data = rng.standard_normal(tensor.shape)
        arrays[tag] = np.asarray(data, dtype=np.float64)
        values[tensor.ids] = arrays[tag]
    return values, arrays


def symconv_results(layer, values):
    """Z from the forward, and dL/d<tag> both derived (chain rule) and closed form."""
    z = layer.forward()
    rows = chain_rule(z, layer.g.ids)
    grads = eval_rows(rows, values)
    derived = {tag: grads[t.ids] for tag, t in layer.tensors.items() if tag not in ("G",)}
    closed = {}
    for identity in layer.identities():
        array = eval_terms(identity.closed.expand(layer.tensors), values)
        closed["Z" if identity.of == "Z" else identity.of] = array
    return eval_terms(z, values), derived, closed


def leaf(array):
    return torch.tensor(array, dtype=torch.float64, requires_grad=True)


# ---------------------------------------------------------------------------- convolution

CONV_CASES = [
    ("basic", dict(in_channels=1, out_channels=1, kernel=2), (3, 3), 1),
    ("non-square", dict(in_channels=2, out_channels=3, kernel=(2, 3)), (4, 6), 1),
    ("stride-2", dict(in_channels=1, out_channels=2, kernel=3, stride=2), (7, 6), 1),
    ("stride-3x2", dict(in_channels=2, out_channels=2, kernel=2, stride=(3, 2)), (8, 7), 1),
    (
        "padding-asym",
        dict(in_channels=1, out_channels=2, kernel=(2, 3), padding=(1, 0, 2, 1)),
        (4, 5),
        1,
    ),
    (
        "padding-asym-stride",
        dict(in_channels=2, out_channels=1, kernel=3, stride=2, padding=(0, 2, 1, 0)),
        (5, 6),
        1,
    ),
    ("dilation", dict(in_channels=2, out_channels=2, kernel=2, dilation=(2, 3)), (5, 7), 1),
    (
        "dilation-stride-pad",
        dict(in_channels=1, out_channels=2, kernel=3, dilation=2, stride=2, padding=(2, 1, 1, 2)),
        (7, 6),
        1,
    ),
    ("groups-2", dict(in_channels=4, out_channels=2, kernel=2, groups=2), (4, 4), 1),
    (
        "groups-2-wide",
        dict(in_channels=2, out_channels=6, kernel=(3, 2), groups=2, stride=2, padding=1),
        (5, 4),
        1,
    ),
    ("depthwise", dict(in_channels=3, out_channels=3, kernel=2, groups=3), (3, 4), 2),
    ("batch-2", dict(in_channels=2, out_channels=2, kernel=2, padding=(0, 1, 1, 0)), (3, 4), 2),
    (
        "convolution",
        dict(in_channels=1, out_channels=2, kernel=(2, 3), mode="convolution"),
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
    ("no-bias", dict(in_channels=2, out_channels=3, kernel=2, bias=False, stride=2), (5, 5), 1),
    ("kernel-as-padded-input", dict(in_channels=1, out_channels=2, kernel=4, padding=1), (2, 2), 1),
    ("full", dict(in_channels=1, out_channels=1, kernel=3, padding="full", dilation=2), (3, 4), 1),
    ("1d", dict(in_channels=1, out_channels=1, kernel=2, dims=1), (1, 4), 1),
    (
        "1d-stride-pad",
        dict(in_channels=2, out_channels=3, kernel=3, stride=2, padding=(2, 1), dims=1),
        (1, 7),
        2,
    ),
    (
        "1d-dilation-groups-convolution",
        dict(
            in_channels=2,
            out_channels=4,
            kernel=3,
            dilation=2,
            groups=2,
            mode="convolution",
            dims=1,
        ),
        (1, 8),
        1,
    ),
]


def torch_conv(spec, arrays):
    """z and the gradients of (z·G).sum() with respect to x, w, b by autograd."""
    x, w = leaf(arrays["X"]), leaf(arrays["W"])
    b = leaf(arrays["b"]) if spec.bias else None
    top, bottom, left, right = spec.padding
    weight = w.flip(-2, -1) if spec.mode == "convolution" else w
    if spec.dims == 1:
        xp = F.pad(x[:, :, 0, :], (left, right))
        z = F.conv1d(
            xp,
            weight[:, :, 0, :],
            b,
            stride=spec.stride[1],
            dilation=spec.dilation[1],
            groups=spec.groups,
        )
        z = z[:, :, None, :]
    else:
        xp = F.pad(x, (left, right, top, bottom))
        z = F.conv2d(xp, weight, b, stride=spec.stride, dilation=spec.dilation, groups=spec.groups)
    (z * torch.tensor(arrays["G"])).sum().backward()
    grads = {"X": x.grad, "W": w.grad}
    if b is not None:
        grads["b"] = b.grad
    return z, grads


@pytest.mark.parametrize(
    ("kwargs", "hw", "batch"), [c[1:] for c in CONV_CASES], ids=[c[0] for c in CONV_CASES]
)
def test_conv_against_torch(kwargs, hw, batch):
    layer = ConvLayer(conv(**kwargs), hw, batch)
    rng = np.random.default_rng(len(kwargs) * 1000 + hw[0] * 10 + hw[1])
    values, arrays = random_values(layer, rng)
    z, derived, closed = symconv_results(layer, values)
    z_torch, grads = torch_conv(layer.spec, arrays)
    assert z.shape == tuple(z_torch.shape)
    assert_close(z, z_torch, what="Z (forward)", tol=1e-10)
    assert_close(closed["Z"], z_torch, what="Z (closed form)", tol=1e-10)
    assert set(grads) == set(derived) == set(closed) - {"Z"}
    for tag, expected in grads.items():
        assert_close(derived[tag], expected, what=f"dL/d{tag} (chain rule)", tol=1e-10)
        assert_close(closed[tag], expected, what=f"dL/d{tag} (closed form)", tol=1e-10)


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@pytest.mark.parametrize(
    ("kernel", "dilation", "hw"),
    [
        (2, 1, (4, 5)),
        (4, 1, (5, 6)),
        ((2, 3), (1, 2), (5, 6)),
        ((4, 1), (2, 1), (7, 3)),
    ],
)
def test_same_padding_matches_torch_same(kernel, dilation, hw):
    """PyTorch puts the odd padding row/column at the end (bottom/right); so does symconv."""
    spec = conv(1, 2, kernel, padding="same", dilation=dilation)
    layer = ConvLayer(spec, hw)
    values, arrays = random_values(layer, np.random.default_rng(7))
    z, derived, closed = symconv_results(layer, values)
    x, w, b = leaf(arrays["X"]), leaf(arrays["W"]), leaf(arrays["b"])
    z_torch = F.conv2d(x, w, b, padding="same", dilation=dilation)
    (z_torch * torch.tensor(arrays["G"])).sum().backward()
    assert_close(z, z_torch, what="Z", tol=1e-10)
    assert_close(derived["X"], x.grad, what="dL/dX", tol=1e-10)
    assert_close(closed["X"], x.grad, what="dL/dX closed", tol=1e-10)
    assert_close(closed["W"], w.grad, what="dL/dW closed", tol=1e-10)


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
def test_1d_same_padding_matches_torch_same():
    layer = ConvLayer(conv(1, 1, 4, padding="same", dims=1), (1, 6))
    values, arrays = random_values(layer, np.random.default_rng(3))
    z, derived, _ = symconv_results(layer, values)
    x, w = leaf(arrays["X"][:, :, 0, :]), leaf(arrays["W"][:, :, 0, :])
    z_torch = F.conv1d(x, w, torch.tensor(arrays["b"]), padding="same")
    (z_torch * torch.tensor(arrays["G"][:, :, 0, :])).sum().backward()
    assert_close(z[:, :, 0, :], z_torch, what="Z", tol=1e-10)
    assert_close(derived["X"][:, :, 0, :], x.grad, what="dL/dX", tol=1e-10)


def test_the_oracle_sees_a_wrong_closed_form():
    """Negative control: dL/dW without the stride dilation differs from torch's w.grad."""
    layer = ConvLayer(conv(1, 1, 2, stride=2), (5, 5))
    values, arrays = random_values(layer, np.random.default_rng(0))
    wrong = CorrelateWeight(TensorSymbol("X"), TensorSymbol("G"), (1, 1), 1, (2, 2))
    got = eval_terms(wrong.expand(layer.tensors), values)
    _, grads = torch_conv(layer.spec, arrays)
    assert got.shape == tuple(grads["W"].shape)
    assert not np.allclose(got, grads["W"].numpy(), **TOL)
    right = CorrelateWeight(TensorSymbol("X"), Dilate(TensorSymbol("G"), (2, 2)), (1, 1), 1, (2, 2))
    assert_close(
        eval_terms(right.expand(layer.tensors), values), grads["W"], what="dL/dW", tol=1e-10
    )


# ---------------------------------------------------------------------------- pooling


@pytest.mark.parametrize(
    ("kernel", "stride", "padding", "shape", "batch"),
    [
        (2, None, 0, (1, 4, 4), 1),
        ((2, 3), (1, 2), 0, (2, 4, 7), 1),
        (3, 2, 1, (2, 5, 6), 2),
        ((2, 4), (2, 3), (1, 2), (1, 5, 7), 1),
        (3, 1, 1, (1, 4, 4), 1),
    ],
)
def test_avgpool_against_torch(kernel, stride, padding, shape, batch):
    spec = pool("avg", kernel, stride, padding)
    layer = pool_layer(spec, shape, batch)
    values, arrays = random_values(layer, np.random.default_rng(11))
    z, derived, closed = symconv_results(layer, values)
    x = leaf(arrays["X"])
    z_torch = F.avg_pool2d(x, spec.kernel, spec.stride, spec.padding)  # zeros counted
    (z_torch * torch.tensor(arrays["G"])).sum().backward()
    assert_close(z, z_torch, what="Z", tol=1e-10)
    assert_close(closed["Z"], z_torch, what="Z closed", tol=1e-10)
    assert_close(derived["X"], x.grad, what="dL/dX", tol=1e-10)
    assert_close(closed["X"], x.grad, what="dL/dX closed", tol=1e-10)


@pytest.mark.parametrize(
    ("kernel", "stride", "padding", "shape", "batch"),
    [
        (2, None, 0, (1, 4, 4), 1),
        (3, 1, 0, (2, 4, 5), 1),
        (3, 2, 1, (1, 5, 6), 2),
        ((2, 3), (2, 1), (1, 1), (2, 5, 5), 1),
    ],
)
def test_maxpool_against_torch(monkeypatch, kernel, stride, padding, shape, batch):
    """The rows the prover compares (derived and closed), evaluated at G, against torch."""
    captured = []
    original = pool_module.compare

    def spy(derived, closed, ids, table):
        captured.append((derived, closed))
        return original(derived, closed, ids, table)

    monkeypatch.setattr(pool_module, "compare", spy)
    spec = pool("max", kernel, stride, padding)
    layer = pool_layer(spec, shape, batch)
    [proof] = layer.prove(kernels=False)
    assert proof.proved
    [(derived, closed)] = captured
    values, arrays = random_values(layer, np.random.default_rng(5), {"X": layer.values})
    x = leaf(arrays["X"])
    z_torch = F.max_pool2d(x, spec.kernel, spec.stride, spec.padding)
    (z_torch * torch.tensor(arrays["G"])).sum().backward()
    ids = layer.x.ids
    assert_close(eval_rows(derived, values)[ids], x.grad, what="dL/dX derived", tol=1e-10)
    assert_close(eval_rows(closed, values)[ids], x.grad, what="dL/dX closed", tol=1e-10)
    assert np.count_nonzero(x.grad.numpy()) > 0


# ---------------------------------------------------------------------------- dense


@pytest.mark.parametrize(
    ("spec", "batch"), [(Dense(4, 3), 1), (Dense(5, 2), 3), (Dense(3, 4, bias=False), 2)]
)
def test_dense_against_torch(spec, batch):
    layer = DenseLayer(spec, batch)
    values, arrays = random_values(layer, np.random.default_rng(2))
    z, derived, closed = symconv_results(layer, values)
    x, w = leaf(arrays["X"]), leaf(arrays["W"])
    b = leaf(arrays["b"]) if spec.bias else None
    z_torch = F.linear(x, w, b)
    (z_torch * torch.tensor(arrays["G"])).sum().backward()
    assert_close(z, z_torch, what="Z", tol=1e-10)
    assert_close(closed["Z"], z_torch, what="Z closed", tol=1e-10)
    expected = {"X": x.grad, "W": w.grad} | ({"b": b.grad} if b is not None else {})
    assert set(derived) == set(expected)
    for tag, grad in expected.items():
        assert_close(derived[tag], grad, what=f"dL/d{tag}", tol=1e-10)
        assert_close(closed[tag], grad, what=f"dL/d{tag} closed", tol=1e-10)


# ---------------------------------------------------------------------------- activations

TORCH_ACTIVATIONS = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu}


@pytest.mark.parametrize("kind", ["tanh", "sigmoid", "relu"])
def test_activation_closed_form_against_torch(kind):
    assert ActivationLayer(kind, (2, 3), batch=2).prove(kernels=False)[0].proved
    z_sym, g_sym = sympy.symbols("z g")
    act = sympy.lambdify(z_sym, activation_function(kind, z_sym), "numpy")
    closed = sympy.lambdify((z_sym, g_sym), g_sym * textbook_slope(kind, z_sym), "numpy")
    rng = np.random.default_rng(13)
    z = np.concatenate([rng.standard_normal(40) * 3, [0.0, -0.0, 1e-3, -1e-3]])
    g = rng.standard_normal(z.shape)
    zt = leaf(z)
    a = TORCH_ACTIVATIONS[kind](zt)
    (a * torch.tensor(g)).sum().backward()
    np.testing.assert_allclose(np.vectorize(act)(z), a.detach().numpy(), **TOL)
    np.testing.assert_allclose(np.vectorize(closed)(z, g), zt.grad.numpy(), **TOL)


# ---------------------------------------------------------------------------- loss


@pytest.mark.parametrize(
    ("classes", "batch", "labels"), [(3, 1, None), (4, 3, [3, 0, 0]), (5, 2, None)]
)
def test_softmax_cross_entropy_against_torch(classes, batch, labels):
    layer = SoftmaxCrossEntropyLayer(classes, batch, labels=labels)
    [proof] = layer.prove(kernels=False)
    assert proof.proved
    assert proof.statement == "dL/dz = (softmax(z) - onehot(y)) / N"
    rng = np.random.default_rng(17)
    z = rng.standard_normal((batch, classes))
    # the statement at the layer's labels
    y = np.array(layer.labels)
    soft = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    closed = (soft - np.eye(classes)[y]) / batch
    # the derivative of the loss written with the layer's own symbols, by SymPy
    symbols = [
        [layer.table.symbol(int(layer.z.ids[n, k])) for k in range(classes)] for n in range(batch)
    ]
    loss = (
        sum(
            sympy.log(sum(sympy.exp(v) for v in row)) - row[label]
            for row, label in zip(symbols, layer.labels, strict=True)
        )
        / batch
    )
    flat = [v for row in symbols for v in row]
    derived = np.array(
        [sympy.lambdify(flat, sympy.diff(loss, v), "math")(*z.reshape(-1)) for v in flat]
    ).reshape(batch, classes)
    zt = leaf(z)
    F.cross_entropy(zt, torch.tensor(y), reduction="mean").backward()
    np.testing.assert_allclose(closed, zt.grad.numpy(), **TOL)
    np.testing.assert_allclose(derived, zt.grad.numpy(), **TOL)
