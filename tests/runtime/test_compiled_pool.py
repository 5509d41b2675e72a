"""The compiled loops of the merged relu + 2x2 max pool (symconv.runtime.numeric.compiled):
the same bits as the NumPy path in every case (ties, zeros at relu's edge, -0.0,
infinities, odd sides, float32 and float64, either memory order, a cropped G), NaN left to
the NumPy path, torch autograd's values, and a wrong compiled loop caught by the proof that
checks the printed kernels (so the prover covers the compiled numerics, not only NumPy's)."""

from __future__ import annotations

import types

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.layers.pool import MaxPoolReLULayer
from symconv.proofs.kernel_identities_pointwise import MaxPoolReLUCheck
from symconv.runtime import numeric
from symconv.runtime import printed_kernels as printed
from symconv.runtime.numeric import compiled, pool2x2
from symconv.spec.layer import pool

KERNEL, STRIDE, PADS = (2, 2), (2, 2), (0, 0, 0, 0)


def test_numba_is_there():
    """numba is a dependency: without it the fast path would silently be NumPy's."""
    assert compiled.loops() is not None


def relu_pool_both_ways(x: np.ndarray, g: np.ndarray, reuse: bool) -> tuple:
    """(relu(maxpool(x)), its gradient dX for G) through the primitives the printed kernels
    call, as bytes-comparable C-ordered copies."""
    with numeric.reuse_gathers() if reuse else _nothing():
        y, route = numeric.max_pool2d_relu(x, KERNEL, STRIDE, PADS)
        dx = numeric.max_pool2d_relu_grad(g, route, x.shape, KERNEL, STRIDE, PADS)
    return np.ascontiguousarray(y), np.ascontiguousarray(dx), route


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def numpy_only(monkeypatch) -> None:
    monkeypatch.setattr(pool2x2, "_compiled_loops", lambda: None)


def draws(dtype, size: tuple[int, int], seed: int) -> list[tuple[str, np.ndarray]]:
    """Inputs (N, C, H, W) that stress the tie rule and relu's edge."""
    rng = np.random.default_rng(seed)
    shape = (3, 4, *size)
    ties = rng.integers(-2, 3, shape).astype(dtype)  # many equal maxima, many zeros
    signed_zeros = np.where(rng.random(shape) < 0.5, -0.0, 0.0).astype(dtype)
    infinite = rng.standard_normal(shape).astype(dtype)
    infinite[rng.random(shape) < 0.15] = np.inf
    infinite[rng.random(shape) < 0.15] = -np.inf
    return [
        ("normal", rng.standard_normal(shape).astype(dtype)),
        ("ties", ties),
        ("signed zeros", signed_zeros),
        ("infinities", infinite),
    ]


def layouts(a: np.ndarray) -> list[tuple[str, np.ndarray]]:
    nhwc = np.ascontiguousarray(a.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2)
    return [("nchw", np.ascontiguousarray(a)), ("nhwc", nhwc)]


def gradients(shape: tuple[int, ...], dtype, seed: int) -> list[tuple[str, np.ndarray]]:
    """G dense in either order, and cropped out of a padded (N, H, W, C) array as a
    convolution's input gradient is (pixel rows dense, the array not)."""
    rng = np.random.default_rng(seed + 1)
    g = rng.standard_normal(shape).astype(dtype)
    g[0, 0, 0, 0] = np.inf
    n, c, h, w = shape
    padded = np.zeros((n, h + 2, w + 2, c), dtype)
    padded[:, 1:-1, 1:-1] = g.transpose(0, 2, 3, 1)
    cropped = padded[:, 1:-1, 1:-1].transpose(0, 3, 1, 2)
    return [*layouts(g), ("cropped", cropped)]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("size", [(6, 8), (7, 5)])
@pytest.mark.parametrize("reuse", [False, True])
def test_compiled_equals_numpy_bit_for_bit(monkeypatch, dtype, size, reuse):
    for name, x in draws(dtype, size, seed=sum(size)):
        for order, xs in layouts(x):
            out_shape = (x.shape[0], x.shape[1], size[0] // 2, size[1] // 2)
            for g_kind, g in gradients(out_shape, dtype, seed=len(name)):
                fast = relu_pool_both_ways(xs, g, reuse)
                assert isinstance(fast[2].pair[1], pool2x2._CompiledWinners)
                with monkeypatch.context() as patch:
                    numpy_only(patch)
                    slow = relu_pool_both_ways(xs, g, reuse)
                assert not isinstance(slow[2].pair[1], pool2x2._CompiledWinners)
                where = f"{name}, x {order}, G {g_kind}"
                assert fast[0].dtype == slow[0].dtype == dtype, where
                assert fast[0].tobytes() == slow[0].tobytes(), f"Y differs: {where}"
                assert fast[1].tobytes() == slow[1].tobytes(), f"dX differs: {where}"


def test_the_compiled_index_is_the_pools_first_maximum():
    """np.asarray of the compiled winners is max_pool2d's index I (the route other
    callers read), also where relu(Y) = 0."""
    x = np.random.default_rng(5).integers(-3, 2, (2, 3, 6, 4)).astype(np.float64)
    _, route = numeric.max_pool2d_relu(x, KERNEL, STRIDE, PADS)
    _, index = numeric.max_pool2d(x, KERNEL, STRIDE, PADS)
    assert isinstance(route.pair[1], pool2x2._CompiledWinners)
    assert np.array_equal(np.asarray(route.pair[1]), np.asarray(index))


def test_a_nan_window_takes_the_numpy_path(monkeypatch):
    x = np.random.default_rng(2).standard_normal((2, 3, 4, 4))
    x[1, 2, 3, 0] = np.nan
    g = np.random.default_rng(3).standard_normal((2, 3, 2, 2))
    y, dx, route = relu_pool_both_ways(x, g, reuse=True)
    assert not isinstance(route.pair[1], pool2x2._CompiledWinners)
    numpy_only(monkeypatch)
    y0, dx0, _ = relu_pool_both_ways(x, g, reuse=True)
    assert y.tobytes() == y0.tobytes() and dx.tobytes() == dx0.tobytes()
    assert np.isnan(y[1, 2, 1, 0])


def test_compiled_equals_torch_autograd():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((4, 5, 9, 10)) - 0.3
    g = rng.standard_normal((4, 5, 4, 5))
    y, dx, route = relu_pool_both_ways(x, g, reuse=True)
    assert isinstance(route.pair[1], pool2x2._CompiledWinners)
    xt = torch.tensor(x, requires_grad=True)
    yt = F.max_pool2d(torch.relu(xt), 2)
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(y, yt.detach().numpy(), rtol=0, atol=0)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=0, atol=0)


def _misrouted(real: types.SimpleNamespace) -> types.SimpleNamespace:
    """The compiled loops with the route sending G to the window's first entry always."""

    def route(g, sn, sh, won, dx):
        real.route_relu_max2x2(g, sn, sh, won & 0b1000, dx)  # the position bits dropped

    return types.SimpleNamespace(relu_max_pool2x2=real.relu_max_pool2x2, route_relu_max2x2=route)


def _unrectified(real: types.SimpleNamespace) -> types.SimpleNamespace:
    """The compiled loops with every window marked positive (relu's mask forgotten)."""
    return types.SimpleNamespace(
        relu_max_pool2x2=real.relu_max_pool2x2,
        route_relu_max2x2=lambda g, sn, sh, won, dx: real.route_relu_max2x2(
            g, sn, sh, won | 0b1000, dx
        ),
    )


@pytest.mark.parametrize("wrong", [_misrouted, _unrectified])
def test_a_wrong_compiled_loop_fails_the_proof(monkeypatch, wrong):
    real = compiled.loops()
    monkeypatch.setattr(pool2x2, "_compiled_loops", lambda: wrong(real))
    printed.clear_caches()
    try:
        layer = MaxPoolReLULayer(pool("max", 2, name="P"), (2, 4, 4))
        proofs = layer.prove() + MaxPoolReLUCheck(layer).run()
    finally:
        monkeypatch.undo()
        printed.clear_caches()
    failed = {p.identity for p in proofs if not p.proved}
    assert "kernel relu(maxpool) dL/dX" in failed
    # and the true loops pass the same proofs
    layer = MaxPoolReLULayer(pool("max", 2, name="P"), (2, 4, 4))
    assert all(p.proved for p in layer.prove() + MaxPoolReLUCheck(layer).run())
