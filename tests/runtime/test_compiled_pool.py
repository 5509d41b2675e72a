"""The compiled loops of the 2x2 max pool, merged with a relu or alone
(symconv.runtime.numeric.compiled): the same bits as the NumPy path in every case (ties,
zeros at relu's edge, -0.0, infinities, odd sides, float32 and float64, either memory
order, a cropped G), NaN left to the NumPy path, torch autograd's values, and a wrong
compiled loop caught by the proof that checks the printed kernels (so the prover covers
the compiled numerics, not only NumPy's)."""

from __future__ import annotations

import types

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.layers.pool import MaxPoolLayer, MaxPoolReLULayer
from symconv.proofs.kernel_identities_pointwise import MaxPoolCheck, MaxPoolReLUCheck
from symconv.runtime import numeric
from symconv.runtime import printed_kernels as printed
from symconv.runtime.numeric import compiled, pool2x2
from symconv.spec.layer import pool

KERNEL, STRIDE, PADS = (2, 2), (2, 2), (0, 0, 0, 0)


def test_numba_is_there():
    """numba is a dependency: without it the fast path would silently be NumPy's."""
    assert compiled.loops() is not None


def pool_both_ways(x: np.ndarray, g: np.ndarray, reuse: bool, relu: bool = True) -> tuple:
    """(Y, dX for G) of relu(maxpool(x)) (or of the pool alone) through the primitives the
    printed kernels call, as bytes-comparable C-ordered copies, and the route."""
    forward, backward = (
        (numeric.max_pool2d_relu, numeric.max_pool2d_relu_grad)
        if relu
        else (numeric.max_pool2d, numeric.max_pool2d_grad)
    )
    with numeric.reuse_gathers() if reuse else _nothing():
        y, route = forward(x, KERNEL, STRIDE, PADS)
        dx = backward(g, route, x.shape, KERNEL, STRIDE, PADS)
    return np.ascontiguousarray(y), np.ascontiguousarray(dx), route


def winners(route) -> object:
    """The winners object of a relu pool's route, or a plain pool's second item."""
    return route.pair[1] if isinstance(route, numeric._Rectified) else route


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def numpy_only(monkeypatch) -> None:
    monkeypatch.setattr(pool2x2, "_compiled_loops", lambda: None)


def at_index(x: np.ndarray, route, reuse: bool) -> np.ndarray:
    """X[n, c, I[n, c, i, j]]: each window's first maximum, read from X itself."""
    index = np.asarray(route.index() if reuse else route)
    flat = np.ascontiguousarray(x).reshape(*x.shape[:2], -1)
    return np.take_along_axis(flat, index.reshape(*x.shape[:2], -1), axis=2).reshape(index.shape)


def spy(patch) -> dict[str, int]:
    """Count the calls of each compiled loop (run for real)."""
    real, calls = compiled.loops(), {"max_pool2x2": 0, "route_max2x2": 0}

    def counted(name):
        def call(*args):
            calls[name] += 1
            return getattr(real, name)(*args)

        return call

    loops = types.SimpleNamespace(**{name: counted(name) for name in calls})
    patch.setattr(pool2x2, "_compiled_loops", lambda: loops)
    return calls


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
@pytest.mark.parametrize("relu", [True, False])
def test_compiled_equals_numpy_bit_for_bit(monkeypatch, dtype, size, reuse, relu):
    for name, x in draws(dtype, size, seed=sum(size)):
        for order, xs in layouts(x):
            out_shape = (x.shape[0], x.shape[1], size[0] // 2, size[1] // 2)
            for g_kind, g in gradients(out_shape, dtype, seed=len(name)):
                with monkeypatch.context() as patch:
                    calls = spy(patch)
                    fast = pool_both_ways(xs, g, reuse, relu)
                assert calls["max_pool2x2"] == 1, "the compiled forward ran"
                # the compiled route runs where the winners reach it (a plain pool outside
                # a step hands its index I on instead: NumPy's scatter routes by it)
                assert calls["route_max2x2"] == (1 if relu or reuse else 0)
                with monkeypatch.context() as patch:
                    numpy_only(patch)
                    slow = pool_both_ways(xs, g, reuse, relu)
                where = f"{name}, x {order}, G {g_kind}"
                assert fast[0].dtype == slow[0].dtype == dtype, where
                if relu or name != "signed zeros":
                    assert fast[0].tobytes() == slow[0].tobytes(), f"Y differs: {where}"
                else:
                    # the pool of zeros of both signs: NumPy's maximum returns either zero
                    # (its SIMD loops keep the second operand of equal values); the compiled
                    # loop returns the winner's own entry, X[I], as PyTorch does
                    assert np.array_equal(fast[0], slow[0]), where
                    assert fast[0].tobytes() == at_index(xs, fast[2], reuse).tobytes()
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
    y, dx, route = pool_both_ways(x, g, reuse=True)
    assert not isinstance(route.pair[1], pool2x2._CompiledWinners)
    numpy_only(monkeypatch)
    y0, dx0, _ = pool_both_ways(x, g, reuse=True)
    assert y.tobytes() == y0.tobytes() and dx.tobytes() == dx0.tobytes()
    assert np.isnan(y[1, 2, 1, 0])


@pytest.mark.parametrize("relu", [True, False])
def test_compiled_equals_torch_autograd(relu):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((4, 5, 9, 10)) - 0.3
    g = rng.standard_normal((4, 5, 4, 5))
    y, dx, route = pool_both_ways(x, g, reuse=True, relu=relu)
    assert isinstance(winners(route), pool2x2._CompiledWinners)
    xt = torch.tensor(x, requires_grad=True)
    yt = F.max_pool2d(torch.relu(xt) if relu else xt, 2)
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(y, yt.detach().numpy(), rtol=0, atol=0)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=0, atol=0)


def _misrouted(real: types.SimpleNamespace) -> types.SimpleNamespace:
    """The compiled loops with the route sending G to the window's first entry always."""
    return types.SimpleNamespace(
        max_pool2x2=real.max_pool2x2,
        route_max2x2=lambda g, sn, sh, won, dx: real.route_max2x2(g, sn, sh, won & 0b1000, dx),
    )


def _unrectified(real: types.SimpleNamespace) -> types.SimpleNamespace:
    """The compiled loops with every window marked (relu's mask forgotten)."""
    return types.SimpleNamespace(
        max_pool2x2=real.max_pool2x2,
        route_max2x2=lambda g, sn, sh, won, dx: real.route_max2x2(g, sn, sh, won | 0b1000, dx),
    )


def _last_wins(real: types.SimpleNamespace) -> types.SimpleNamespace:
    """The compiled loops with the forward's winner moved to the window's last entry (the
    maximum right wherever entries are distinct: only the index, hence the route, wrong)."""

    def pool(x, y, won, rectify):
        nan = real.max_pool2x2(x, y, won, rectify)
        won |= 0b0011
        return nan

    return types.SimpleNamespace(max_pool2x2=pool, route_max2x2=real.route_max2x2)


def proofs_of(layer_class, check_class) -> list:
    layer = layer_class(pool("max", 2, name="P"), (2, 4, 4))
    return layer.prove() + check_class(layer).run()


@pytest.mark.parametrize(
    ("wrong", "layer_class", "check_class", "identity"),
    [
        (_misrouted, MaxPoolReLULayer, MaxPoolReLUCheck, "kernel relu(maxpool) dL/dX"),
        (_unrectified, MaxPoolReLULayer, MaxPoolReLUCheck, "kernel relu(maxpool) dL/dX"),
        (_misrouted, MaxPoolLayer, MaxPoolCheck, "kernel dL/dX"),
        (_last_wins, MaxPoolLayer, MaxPoolCheck, "kernel dL/dX"),
    ],
)
def test_a_wrong_compiled_loop_fails_the_proof(
    monkeypatch, wrong, layer_class, check_class, identity
):
    real = compiled.loops()
    monkeypatch.setattr(pool2x2, "_compiled_loops", lambda: wrong(real))
    printed.clear_caches()
    try:
        failed = {p.identity for p in proofs_of(layer_class, check_class) if not p.proved}
    finally:
        monkeypatch.undo()
        printed.clear_caches()
    assert identity in failed
    # and the true loops pass the same proofs
    assert all(p.proved for p in proofs_of(layer_class, check_class))
