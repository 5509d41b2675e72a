"""symconv.runtime.lenet.LeNet5 against the same network in torch.nn with the weights copied
over."""

from __future__ import annotations

import glob
import select

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import TOLERANCE, assert_close
from torch import nn

from symconv.runtime.lenet import (
    MIN_PART,
    PARAM_SHAPES,
    SIZE_QUANTUM,
    LeNet5,
    balanced_sizes,
    single_threaded_blas,
)
from symconv.runtime.parts import chunk_groups, chunk_sizes

TORCH_ACTIVATIONS = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu}


class TorchLeNet5(nn.Module):
    def __init__(self, activation: str, pool: str) -> None:
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5, padding=2)
        self.c3 = nn.Conv2d(6, 16, 5)
        self.f5 = nn.Linear(400, 120)
        self.f6 = nn.Linear(120, 84)
        self.out = nn.Linear(84, 10)
        self.act = TORCH_ACTIVATIONS[activation]
        self.pool = F.avg_pool2d if pool == "avg" else F.max_pool2d

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(self.act(self.c1(x)), 2)
        x = self.pool(self.act(self.c3(x)), 2)
        x = torch.flatten(x, 1)
        x = self.act(self.f5(x))
        x = self.act(self.f6(x))
        return self.out(x)


def torch_twin(model: LeNet5) -> TorchLeNet5:
    twin = TorchLeNet5(model.activation, model.pool).to(torch.float64)
    with torch.no_grad():
        for name, value in twin.state_dict().items():
            value.copy_(torch.from_numpy(model.params[name].astype(np.float64)))
    return twin


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    "activation, pool", [("tanh", "avg"), ("relu", "max"), ("sigmoid", "avg"), ("tanh", "max")]
)
def test_logits_loss_and_gradients_match_torch(activation, pool, dtype):
    model = LeNet5(activation, pool, seed=3, dtype=dtype)
    twin = torch_twin(model)  # float64 reference from the same (rounded) weights
    rng = np.random.default_rng(5)
    x = rng.standard_normal((5, 1, 28, 28)).astype(dtype)
    y = rng.integers(0, 10, 5)

    logits_t = twin(torch.from_numpy(x.astype(np.float64)))
    loss_t = F.cross_entropy(logits_t, torch.from_numpy(y))
    loss_t.backward()

    logits = model.forward(x)
    assert logits.dtype == np.dtype(dtype)
    assert_close(logits, logits_t, dtype)
    loss, grads = model.loss_and_grads(x, y)
    assert_close(np.asarray(loss), loss_t, tol=TOLERANCE[np.dtype(dtype)])  # loss: a float
    assert list(grads) == list(PARAM_SHAPES)
    for name, param in twin.named_parameters():
        assert grads[name].dtype == np.dtype(dtype), name
        assert_close(grads[name], param.grad, dtype)


@pytest.mark.parametrize("cores", [1, 3])
def test_batch_split_across_worker_processes_matches_torch(cores):
    """loss_and_grads shares the batch's chunks between ``cores`` processes, all but one
    worker processes (started and awaited here, so the workers really compute), some
    computing several chunks."""
    model = LeNet5("tanh", "avg", seed=4, dtype=np.float64)
    model.cores = cores
    assert model.start_workers() == cores - 1
    twin = torch_twin(model)
    rng = np.random.default_rng(8)
    batch = 300
    assert len(chunk_sizes(batch)) > cores  # every process computes, some several chunks
    x, y = rng.standard_normal((batch, 1, 28, 28)), rng.integers(0, 10, batch)
    loss_t = F.cross_entropy(twin(torch.from_numpy(x)), torch.from_numpy(y))
    loss_t.backward()
    loss, grads = model.loss_and_grads(x, y)
    assert_close(np.asarray(loss), loss_t, np.float64)
    for name, param in twin.named_parameters():
        assert_close(grads[name], param.grad, np.float64)


def chunked_reference(model, x, y):
    """loss_and_grads computed in this process, chunk by chunk (the fixed chunks of
    Model.chunk_sizes, each weighted by its size / batch, with single-threaded BLAS), the chunks'
    results added in chunk order: what every setting of ``cores`` must give bit for bit."""
    n, start, results = x.shape[0], 0, []
    with single_threaded_blas():
        for size in model.chunk_sizes(n):
            results.append(model._chunk(x[start : start + size], y[start : start + size], size / n))
            start += size
    loss, grads = results[0][0], {k: v.copy() for k, v in results[0][1].items()}
    for part_loss, part in results[1:]:
        loss += part_loss
        for name in grads:
            grads[name] += part[name]
    return loss, grads


def digest(loss, grads) -> bytes:
    return np.float64(loss).tobytes() + b"".join(grads[name].tobytes() for name in grads)


@pytest.mark.parametrize(
    ("activation", "pool", "batch"), [("tanh", "avg", 256), ("relu", "max", 70)]
)
def test_loss_and_grads_are_the_same_bytes_on_any_number_of_cores(activation, pool, batch):
    """Two runs with cores 1, 2 and 4 (workers started, the balanced share of chunks on):
    identical bytes, equal to the chunk-by-chunk reference computed here."""
    rng = np.random.default_rng(11)
    x = rng.standard_normal((batch, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, batch)
    want = digest(*chunked_reference(LeNet5(activation, pool, seed=6), x, y))
    for cores in (1, 2, 4):
        model = LeNet5(activation, pool, seed=6)
        model.cores = cores
        assert model.start_workers() == cores - 1
        for _ in range(2):
            assert digest(*model.loss_and_grads(x, y)) == want, cores


def test_worker_processes_give_the_in_process_result_exactly_and_survive_a_crash():
    """A worker computes its part with the same kernels: bit-for-bit the in-process result.
    A worker killed mid-run costs nothing but time: its part is computed here and the next
    call starts a new worker.  The shared file never stays on disk."""
    from symconv.runtime.workers import workers

    model = LeNet5("relu", "max", seed=2)  # float32
    model.cores = 2
    assert model.start_workers() == 1
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2 * MIN_PART + 5, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, x.shape[0])
    expected_loss, expected = chunked_reference(model, x, y)
    for _ in range(2):  # the second step reuses the worker's shared file
        loss, grads = model.loss_and_grads(x, y)
        assert loss == expected_loss
        for name in PARAM_SHAPES:
            np.testing.assert_array_equal(grads[name], expected[name])
    assert not glob.glob("/dev/shm/symconv-worker-*")

    (worker,) = workers(model.network, np.float32, 1)
    worker._process.kill()
    worker._process.wait()
    loss, grads = model.loss_and_grads(x, y)  # the dead worker's part is computed here
    assert loss == expected_loss
    for name in PARAM_SHAPES:
        np.testing.assert_array_equal(grads[name], expected[name])
    assert model.start_workers() == 1
    (replacement,) = workers(model.network, np.float32, 1)
    assert replacement is not worker and replacement.alive()


@pytest.mark.parametrize(
    ("n", "rates", "expected"),
    [
        # n_k + FIXED_IMAGES (8) proportional to the rates, n_k a multiple of 4, the last the rest
        (256, [1.0, 1.0], [128, 128]),
        (256, [1.2, 1.0], [140, 116]),  # 272 · 1.2/2.2 - 8 = 140.4 -> 140
        (256, [1.0, 1.3], [112, 144]),  # 272 / 2.3 - 8 = 110.3 -> 112
        (256, [5.0, 1.0], [196, 60]),  # the share is capped at 1.5/2: 0.75 · 272 - 8 = 196
        (256, [1.0, 0.0], [196, 60]),
        (69, [1.0, 1.0], [36, 33]),  # 85 / 2 - 8 = 34.5 -> 36
        (69, [3.0, 1.0], [56, 13]),  # 0.75 · 85 - 8 = 55.75 -> 56
        # 0.25 · 324 - 8 = 73 -> 72; capped 0.5 · 324 - 8 = 154: 38.5 quanta, to even: 152
        (300, [1.0, 2.0, 1.0], [72, 152, 76]),
        (6, [1.0, 1.0], [4, 2]),  # 22 / 2 - 8 = 3 -> at least one quantum, 4; the rest 2
    ],
)
def test_balanced_sizes_follow_the_rates(n, rates, expected):
    sizes = balanced_sizes(n, rates)
    assert sizes == expected
    assert sum(sizes) == n and all(size % SIZE_QUANTUM == 0 for size in sizes[:-1])


def test_balanced_sizes_never_leave_a_part_empty():
    assert balanced_sizes(2, [5.0, 1.0]) == [1, 1]  # 4 and -2 by the rule: equal parts


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, [1]),
        (63, [63]),
        (64, [32, 32]),
        (70, [35, 35]),
        (128, [64, 64]),
        (200, [66, 67, 67]),  # round(200 / 64) = 3 chunks
        (256, [64, 64, 64, 64]),
    ],
)
def test_chunk_sizes_depend_on_the_batch_size_only(n, expected):
    assert chunk_sizes(n) == expected


@pytest.mark.parametrize(
    ("chunks", "rates", "expected"),
    [
        ([64] * 4, [1.0, 1.0], [2, 2]),
        ([64] * 4, [3.0, 1.0], [3, 1]),  # balanced_sizes gives [196, 60]: boundary 192
        ([32] * 8, [1.2, 1.0], [4, 4]),  # [140, 116]: boundary 128 is nearer than 160
        ([32] * 8, [1.5, 1.0], [5, 3]),  # [156, 100]: 160
        ([32, 32], [100.0, 1.0], [1, 1]),  # every process keeps a chunk
        ([60] * 5, [1.0, 2.0, 1.0], [1, 3, 1]),  # [72, 152, 76]: boundaries 60 and 240
    ],
)
def test_chunk_groups_give_whole_chunks_by_speed(chunks, rates, expected):
    assert chunk_groups(chunks, rates) == expected


def test_balanced_step_shares_chunks_by_measured_speed_with_the_same_result():
    """With ``balance`` the share of chunks follows ``_rates`` (images/s of this process
    and of the worker); the result is the chunk-by-chunk reference bit for bit, and the
    step's own timings are folded into the rates."""
    model = LeNet5("tanh", "avg", seed=5)  # float32
    model.cores = 2
    assert model.start_workers() == 1
    rng = np.random.default_rng(6)
    x = rng.standard_normal((256, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, x.shape[0])
    model._rates = [3000.0, 1000.0]  # this process three times as fast as the worker
    assert chunk_groups(chunk_sizes(256), model._rates) == [3, 1]
    expected_loss, expected = chunked_reference(model, x, y)
    loss, grads = model.loss_and_grads(x, y)
    assert loss == expected_loss
    for name in PARAM_SHAPES:
        np.testing.assert_array_equal(grads[name], expected[name])
    assert len(model._rates) == 2 and model._rates != [3000.0, 1000.0]
    assert all(rate > 0 for rate in model._rates)


def test_params_follow_the_torch_state_dict_and_default_init():
    model = LeNet5()
    twin = TorchLeNet5("tanh", "avg")
    assert list(model.params) == list(twin.state_dict())
    for name, value in twin.state_dict().items():
        assert model.params[name].shape == tuple(value.shape), name
        assert model.params[name].dtype == np.float32
        bound = 1.0 / np.sqrt(PARAM_SHAPES[name][1])
        assert np.abs(model.params[name]).max() <= bound
        assert np.abs(model.params[name]).max() > 0.8 * bound  # uniform, not a narrower law
    same, other = LeNet5(seed=0), LeNet5(seed=1)
    assert all(np.array_equal(model.params[k], same.params[k]) for k in model.params)
    assert not np.array_equal(model.params["c1.weight"], other.params["c1.weight"])


def test_float32_batch_of_64_matches_torch_float32():
    """The benchmark's configuration: torch float32 next to ours."""
    model = LeNet5(seed=7)
    twin = torch_twin(model).to(torch.float32)
    rng = np.random.default_rng(6)
    x = rng.standard_normal((64, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, 64)
    loss_t = F.cross_entropy(twin(torch.from_numpy(x)), torch.from_numpy(y))
    loss_t.backward()
    loss, grads = model.loss_and_grads(x, y)
    assert abs(loss - loss_t.item()) < 1e-4
    for name, param in twin.named_parameters():
        np.testing.assert_allclose(
            grads[name], param.grad.numpy(), rtol=1e-3, atol=1e-4 * float(param.grad.abs().max())
        )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            dict(activation="gelu"),
            "activation 'gelu' is not allowed; the rule: one of tanh, sigmoid, relu",
        ),
        (dict(pool="min"), "pool 'min' is not allowed; the rule: one of avg, max"),
        (dict(dtype=np.int32), "dtype .* is not one of float32, float64"),
        (dict(dtype="no-such-type"), "dtype 'no-such-type' is not one of float32, float64"),
    ],
)
def test_bad_constructor_arguments_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        LeNet5(**kwargs)


def test_bad_input_shape_raises():
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        LeNet5().forward(np.zeros((2, 1, 32, 32), np.float32))


@pytest.mark.parametrize("labels", [[0, 10], [-1, 2], [0.0, 1.0], [0, 1, 2]])
def test_bad_labels_raise(labels):
    x = np.zeros((2, 1, 28, 28), np.float32)
    with pytest.raises(ValueError, match=r"must be 2 integers in \[0, 10\)"):
        LeNet5().loss_and_grads(x, labels)


def test_an_error_in_this_process_leaves_no_worker_answer_unread(monkeypatch):
    """If this process's own part fails while a worker computes, the worker's answer is
    still read: the next step gets its own answer, the in-process result bit for bit, and
    no answer is left in the pipe."""
    from symconv.runtime.workers import workers

    model = LeNet5("tanh", "avg", seed=3)
    model.cores = 2
    assert model.start_workers() == 1
    rng = np.random.default_rng(9)
    x = rng.standard_normal((2 * MIN_PART, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, x.shape[0])
    expected_loss, expected = chunked_reference(model, x, y)

    def fail(*args):
        raise RuntimeError("this process's part failed")

    monkeypatch.setattr(model, "_chunks", fail)
    with pytest.raises(RuntimeError, match="part failed"):
        model.loss_and_grads(x * 3, y)  # the worker computes another answer meanwhile
    monkeypatch.undo()
    loss, grads = model.loss_and_grads(x, y)
    assert loss == expected_loss
    for name in PARAM_SHAPES:
        np.testing.assert_array_equal(grads[name], expected[name])
    (worker,) = workers(model.network, np.float32, 1)
    waiting, _, _ = select.select([worker._process.stdout], [], [], 0.5)
    assert not waiting  # every answer was read by the step it belongs to


@pytest.mark.parametrize(("activation", "pool"), [("tanh", "avg"), ("sigmoid", "max")])
def test_gradients_match_central_differences(activation, pool):
    """dL/dθ against (L(θ + h e) - L(θ - h e)) / 2h in float64, a few entries per parameter.

    Inputs are random, so max-pool windows have no ties and L is smooth at θ (relu is left
    out: a unit at z = 0 has no derivative)."""
    model = LeNet5(activation, pool, seed=3, dtype=np.float64)
    model.cores = 1
    rng = np.random.default_rng(4)
    x, y = rng.standard_normal((3, 1, 28, 28)), np.array([2, 7, 0])
    _, grads = model.loss_and_grads(x, y)
    h = 1e-6
    for name in PARAM_SHAPES:
        param = model.params[name]
        for flat in rng.choice(param.size, size=3, replace=False):
            index = np.unravel_index(flat, param.shape)
            saved = param[index]
            param[index] = saved + h
            up = model.loss_and_grads(x, y)[0]
            param[index] = saved - h
            down = model.loss_and_grads(x, y)[0]
            param[index] = saved
            numeric = (up - down) / (2 * h)
            assert abs(numeric - grads[name][index]) <= 1e-6 * max(1.0, abs(numeric)), (
                name,
                index,
                numeric,
                grads[name][index],
            )
