"""symconv.Model on networks other than LeNet-5, against torch (the oracle)."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from test_lenet import chunked_reference, digest
from torch import nn

from symconv import Model, SymconvError, from_torch, load_network, to_torch
from symconv.spec.network import network_from_dict, network_to_dict

VGG = Path(__file__).parent.parent / "data" / "networks" / "vgg_like.toml"


def vgg_torch() -> nn.Sequential:
    """The VGG-like net of issue 15 written directly in torch (not through to_torch)."""
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(1024, 10),
    )


def copy_into(twin: nn.Module, model: Model) -> None:
    """The model's parameters into the torch module, matched by order."""
    with torch.no_grad():
        for (name, value), param in zip(model.params.items(), twin.parameters(), strict=True):
            assert tuple(param.shape) == value.shape, name
            param.copy_(torch.from_numpy(value.astype(np.float64)))


def check_against(
    twin: nn.Module, model: Model, x: np.ndarray, y: np.ndarray, tol: float = 1e-9
) -> None:
    copy_into(twin.double(), model)
    logits_t = twin(torch.from_numpy(x))
    loss_t = F.cross_entropy(logits_t, torch.from_numpy(y))
    loss_t.backward()
    np.testing.assert_allclose(model.forward(x), logits_t.detach().numpy(), rtol=tol, atol=tol)
    loss, grads = model.loss_and_grads(x, y)
    assert abs(loss - loss_t.item()) <= tol
    assert list(grads) == list(model.params)
    for (name, grad), param in zip(grads.items(), twin.parameters(), strict=True):
        assert grad.shape == tuple(param.shape), name
        scale = max(1.0, float(param.grad.abs().max()))
        np.testing.assert_allclose(
            grad, param.grad.numpy(), rtol=tol, atol=tol * scale, err_msg=name
        )


def test_vgg_like_toml_equals_torch_sequential_in_float64():
    model = Model.from_file(VGG, dtype=np.float64, seed=1)
    model.cores = 1
    assert list(model.params) == [
        "conv1.weight",
        "conv1.bias",
        "conv2.weight",
        "conv2.bias",
        "fc.weight",
        "fc.bias",
    ]
    assert sum(v.size for v in model.params.values()) == 11_642
    rng = np.random.default_rng(2)
    x, y = rng.standard_normal((6, 3, 32, 32)), rng.integers(0, 10, 6)
    check_against(vgg_torch(), model, x, y)


def test_from_torch_gives_the_toml_shapes_table_and_the_torch_keys():
    net = from_torch(vgg_torch(), (3, 32, 32))
    rows, want = net.table(), load_network(VGG).table()
    strip = [(r.kind, r.output, r.activations, r.params, r.formula) for r in rows]
    assert strip == [(r.kind, r.output, r.activations, r.params, r.formula) for r in want]
    assert sum(r.params for r in rows) == 11_642
    assert [layer.activation for layer in net.layers if hasattr(layer, "activation")] == [
        "relu",
        "relu",
        None,
    ]
    # Layers take the Sequential's child names, so the Model's keys are torch's.
    model = Model(net)
    assert list(model.params) == list(vgg_torch().state_dict())


def unnamed(net):
    return [dataclasses.replace(layer, name="-") for layer in net.layers]


NETWORKS = Path(__file__).parent.parent / "data" / "networks"


@pytest.mark.parametrize("case", ["conv1d", "pool_first", "conv_last"])
def test_other_networks_equal_their_torch_twin_and_round_trip(case):
    net = load_network(NETWORKS / f"{case}.toml")
    model = Model(net, dtype=np.float64, seed=3)
    model.cores = 1
    twin = to_torch(net)
    rng = np.random.default_rng(4)
    x = rng.standard_normal((5, *model.input_shape))
    y = rng.integers(0, model.classes, 5)
    check_against(twin, model, x, y)
    back = from_torch(to_torch(net), model.input_shape)
    assert unnamed(back) == unnamed(net)
    assert network_from_dict(network_to_dict(net)) == net


def test_state_dict_round_trip_and_refusals():
    model = Model.from_file(VGG, dtype=np.float64)
    other = Model.from_file(VGG, dtype=np.float64, seed=5)
    other.load_state_dict(model.state_dict())
    assert all(np.array_equal(model.params[k], other.params[k]) for k in model.params)
    state = model.state_dict()
    state["fc.weight"] += 1.0  # a copy: the model keeps its own
    assert not np.array_equal(state["fc.weight"], model.params["fc.weight"])
    torch_state = dict(vgg_torch().double().named_parameters())  # tensors with grad
    renamed = dict(zip(model.params, torch_state.values(), strict=True))
    other.load_state_dict(renamed)  # torch tensors are taken as they are
    np.testing.assert_array_equal(other.params["fc.bias"], torch_state["7.bias"].detach())
    with pytest.raises(SymconvError, match=r"missing \['fc.bias'\]"):
        other.load_state_dict({k: v for k, v in state.items() if k != "fc.bias"})
    state["fc.bias"] = np.zeros(9)
    with pytest.raises(SymconvError, match=r"fc.bias of shape \(9,\) must have shape \(10,\)"):
        other.load_state_dict(state)


@pytest.mark.parametrize(
    ("x_shape", "labels", "message"),
    [
        ((2, 3, 28, 28), [0, 1], r"input shape \(2, 3, 28, 28\) must be \(N, 3, 32, 32\)"),
        ((2, 3, 32, 32), [0, 10], r"labels .* must be 2 integers in \[0, 10\)"),
        ((2, 3, 32, 32), [0.0, 1.0], r"labels .* must be 2 integers in \[0, 10\)"),
    ],
)
def test_bad_inputs_and_labels_are_refused(x_shape, labels, message):
    model = Model.from_file(VGG)
    with pytest.raises(SymconvError, match=message):
        model.loss_and_grads(np.zeros(x_shape, np.float32), np.array(labels))


def test_bad_networks_and_dtypes_are_refused(tmp_path):
    with pytest.raises(SymconvError, match="dtype 'float16' is not one of float32, float64"):
        Model.from_file(VGG, dtype="float16")
    text = VGG.read_text().replace('name = "conv2"', 'name = "CONV1"')
    (tmp_path / "twice.toml").write_text(text)
    with pytest.raises(SymconvError, match="layer name 'CONV1' is used twice"):
        Model.from_file(tmp_path / "twice.toml")
    with pytest.raises(SymconvError, match="is not a symconv Network"):
        Model("net.toml")


def test_from_torch_refuses_what_it_cannot_run_naming_it():
    with pytest.raises(SymconvError, match=r"from_torch: Linear is not an nn\.Sequential"):
        from_torch(nn.Linear(3, 2), (3,))
    bad = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Dropout(0.5), nn.Flatten(), nn.Linear(8, 2))
    with pytest.raises(
        SymconvError,
        match=r"module '1' \(Dropout\) is not supported; the "
        r"rule: an nn.Sequential of Conv1d",
    ):
        from_torch(bad, (1, 4, 4))
    with pytest.raises(SymconvError, match=r"module '1' \(ReLU\) does not follow a Conv"):
        from_torch(nn.Sequential(nn.MaxPool2d(2), nn.ReLU()), (1, 4, 4))
    with pytest.raises(SymconvError, match=r"module '0' \(AvgPool2d\) has ceil_mode=True"):
        from_torch(nn.Sequential(nn.AvgPool2d(2, ceil_mode=True)), (1, 4, 4))
    with pytest.raises(
        SymconvError,
        match=r"expects 3 input channels, the layer before "
        r"gives 1",
    ):
        from_torch(nn.Sequential(nn.Conv2d(3, 2, 3)), (1, 4, 4))
    with pytest.raises(SymconvError, match="in_features is 7"):
        from_torch(nn.Sequential(nn.Flatten(), nn.Linear(7, 2)), (1, 4, 4))


@pytest.mark.parametrize("batch", [70, 256])
def test_worker_processes_serve_any_network_with_the_same_bytes(batch):
    """The VGG-like net: two runs of loss_and_grads with cores 1, 2 and 4 (workers
    started, so they compute) give identical bytes, the chunk-by-chunk reference's."""
    rng = np.random.default_rng(7)
    x = rng.standard_normal((batch, 3, 32, 32)).astype(np.float32)
    y = rng.integers(0, 10, batch)
    want = digest(*chunked_reference(Model.from_file(VGG, seed=2), x, y))
    for cores in (1, 2, 4):
        model = Model.from_file(VGG, seed=2)  # float32
        model.cores = cores
        assert model.start_workers() == cores - 1
        for _ in range(2):
            assert digest(*model.loss_and_grads(x, y)) == want, cores
        # Counted by the way they ran where there was a choice: the first with the workers.
        if cores > 1:
            assert model.ways["step with workers"] >= 1
            assert sum(model.ways.values()) == 2


def test_forward_runs_the_fixed_chunks_with_the_same_bytes_whatever_blas_threads():
    """forward cuts a batch into loss_and_grads' fixed chunks: the logits of a batch of
    100 (chunks of 33, 33, 34) are, bit for bit, those of its first chunk's images alone,
    and the same bytes with BLAS on one thread or two; and they match torch."""
    from threadpoolctl import threadpool_limits

    model = Model.from_file(VGG, seed=4)  # float32
    x = np.random.default_rng(4).standard_normal((100, 3, 32, 32)).astype(np.float32)
    with threadpool_limits(1):
        one = model.forward(x)
    with threadpool_limits(2):
        two = model.forward(x)
    assert one.tobytes() == two.tobytes()
    assert model.chunk_sizes(100) == [33, 33, 34]
    assert one[:33].tobytes() == model.forward(x[:33]).tobytes()
    assert model.forward(x[:0]).shape == (0, 10)
    reference = to_torch(model.network)
    with torch.no_grad():
        for param, value in zip(reference.parameters(), model.params.values(), strict=True):
            param.copy_(torch.from_numpy(value))
        want = reference(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(one, want, rtol=1e-4, atol=1e-5)


def test_forward_shared_with_workers_gives_the_same_bytes():
    """forward with cores 2 (a worker computes half of the chunks, whenever whole passes
    are faster so) gives the logits of cores 1 bit for bit, at every call; a batch of one
    chunk runs here."""
    x = np.random.default_rng(5).standard_normal((200, 3, 32, 32)).astype(np.float32)
    alone = Model.from_file(VGG, seed=5)
    alone.cores = 1
    want = alone.forward(x).tobytes()
    model = Model.from_file(VGG, seed=5)
    model.cores = 2
    assert model.start_workers() == 1
    for _ in range(4):
        assert model.forward(x).tobytes() == want
    assert (("forward", 200), True) in model._speeds  # the worker did compute
    assert model.forward(x[:40]).tobytes() == alone.forward(x[:40]).tobytes()
    # Shared by the processes' measured speeds (this one three times the worker's: 5 of
    # the 6 chunks here), the same bytes; and the passes are counted by the way they ran.
    model._rates = [3.0, 1.0]
    model._speeds[("forward", 200), False] = [0.0]  # alone never faster: always the worker
    for _ in range(2):
        assert model.forward(x).tobytes() == want
    assert model.ways["forward with workers"] >= 2
    assert sum(model.ways.values()) == 6  # the passes of 200 (one of 40 is one chunk)


def test_one_slow_step_does_not_switch_the_way_two_do():
    """The way taken is judged by the median of its last SPEED_MEMORY steps: one slow
    step with the workers (a worker woken from sleep, a garbage collection) keeps them;
    a second slow one in a row switches to one process; a try of the workers that finds
    them fast again switches back."""
    from symconv.runtime.model import SPEED_MEMORY

    assert SPEED_MEMORY == 3
    model = Model.from_file(VGG)
    assert model._worth_workers(64)
    model._step_speed(64, True, 13000.0)
    assert not model._worth_workers(64)  # alone timed once
    model._step_speed(64, False, 9800.0)
    for speed in (13000.0, 13000.0, 5000.0):  # workers, the last step slow
        assert model._worth_workers(64)
        model._step_speed(64, True, speed)
    assert model._worth_workers(64)  # median 13000: still the workers
    model._step_speed(64, True, 5000.0)
    assert not model._worth_workers(64)  # median 5000 < 9800: alone
    model._step_speed(64, False, 9800.0)
    model._step_speed(64, True, 13000.0)  # a try of the workers: fast again
    assert model._worth_workers(64)
    assert model._speeds[64, True] == [13000.0]  # its record restarts from the try


def test_relu_merged_into_max_pool_gives_the_same_bits():
    """plan() runs a ReLU that precedes a max pool as one merged node with the pool
    (relu(maxpool)); the result is the one of the written order, relu's kernels then the
    pool's, bit for bit (float32, inputs with many negative windows)."""
    from symconv.runtime import kernels

    merged = Model.from_file(VGG, seed=3)
    written = Model.from_file(VGG, seed=3)
    assert [s["act"] is not None for s in merged._steps] == [False] * 5
    assert [s["merged"] for s in merged._steps] == [None, "relu", None, "relu", None]
    relu = kernels.activation_kernels("relu")
    for step, layer in zip(written._steps, written.network.layers, strict=True):
        if step["op"] == "conv":  # back to the order of the file
            step["act"] = relu
        elif step["op"] == "pool":
            step.update(kernels.max_pool_kernels(layer), merged=None)
    merged.cores = written.cores = 1
    rng = np.random.default_rng(1)
    x = (rng.standard_normal((9, 3, 32, 32)) - 0.5).astype(np.float32)
    y = rng.integers(0, 10, 9)
    np.testing.assert_array_equal(merged.forward(x), written.forward(x))
    loss, grads = merged.loss_and_grads(x, y)
    want_loss, want = written.loss_and_grads(x, y)
    assert loss == want_loss
    for name, value in want.items():
        np.testing.assert_array_equal(grads[name], value, err_msg=name)


def test_every_kernel_the_model_runs_is_checked_by_prove():
    """`symconv prove NET.toml` checks the very function objects a Model of it calls."""
    from symconv.proofs.engine import prove_all
    from symconv.proofs.problems import network_layers
    from symconv.runtime import kernels

    layers = network_layers(load_network(VGG))
    report = prove_all(layers, {"network": "vgg_like"}, progress=False)
    assert report.proved, str(report)
    checked = {
        id(fn)
        for layer in layers
        if hasattr(layer, "kernels")
        for fn in layer.kernels().values()
        if fn is not None
    }
    checked |= {id(fn) for fn in kernels.activation_kernels("relu").values()}
    checked.add(id(kernels.loss_kernel()))
    running = Model.from_file(VGG).kernels_used()
    assert len(running) == (4 + 2) * 2 + 4 + 1  # (conv, merged relu + pool) x 2, dense, loss
    assert all(id(fn) in checked for fn in running)
    names = {(p.layer, p.identity) for p in report.proofs}
    assert {
        ("conv1:relu", "kernel dL/dZ"),
        ("pool1", "kernel Z"),
        ("pool1 (relu merged)", "Z"),
        ("pool1 (relu merged)", "dL/dX"),
        ("pool1 (relu merged)", "kernel relu(maxpool) dL/dX"),
        ("fc", "kernel dL/dW"),
    } <= names


def test_activation_layers_in_a_file_join_the_layer_before(tmp_path):
    """kind = "relu" as a layer of its own (as nn.ReLU in a Sequential) is the activation
    option of the convolution or dense layer before it."""
    text = VGG.read_text()
    split = text.replace('activation = "relu"\n', '\n[[layers]]\nkind = "relu"\n')
    assert split.count('kind = "relu"') == 2
    (tmp_path / "split.toml").write_text(split)
    assert load_network(tmp_path / "split.toml").layers == load_network(VGG).layers
    after_flatten = VGG.read_text().replace(
        'kind = "flatten"\n', 'kind = "flatten"\n[[layers]]\nkind = "tanh"\n'
    )
    after_flatten = after_flatten.replace('activation = "relu"\n', "", 2)
    after_flatten = after_flatten.replace('name = "conv2"', 'name = "conv2"\nactivation = "relu"')
    (tmp_path / "twice.toml").write_text(after_flatten)
    with pytest.raises(
        SymconvError,
        match=r"layer 6 \(tanh\): an activation layer must follow "
        "a conv or dense layer that has no activation yet",
    ):
        load_network(tmp_path / "twice.toml")
    (tmp_path / "first.toml").write_text('input = [4, 4, 1]\n[[layers]]\nkind = "sigmoid"\n')
    with pytest.raises(SymconvError, match=r"layer 1 \(sigmoid\): an activation layer must"):
        load_network(tmp_path / "first.toml")


def test_a_model_runs_without_importing_torch():
    """torch is imported by from_torch/to_torch only."""
    import subprocess
    import sys

    code = (
        "import sys, numpy as np, symconv\n"
        f"m = symconv.Model.from_file({str(VGG)!r})\n"
        "m.cores = 1\n"
        "m.loss_and_grads(np.zeros((2, 3, 32, 32), np.float32), np.array([1, 2]))\n"
        "print('torch' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_workers_start_from_this_symconv_whatever_the_current_folder(tmp_path, monkeypatch):
    """A folder holding another (here: broken) symconv package does not take the
    worker's import of symconv."""
    (tmp_path / "symconv").mkdir()
    (tmp_path / "symconv" / "__init__.py").write_text("raise ImportError('wrong symconv')\n")
    monkeypatch.chdir(tmp_path)
    model = Model(dataclasses.replace(load_network(VGG), name="from-another-folder"))
    model.cores = 2
    assert model.start_workers(timeout=120) == 1


def test_workers_that_cannot_start_are_not_started_again_and_again(monkeypatch):
    """Workers that exit before they are ready are replaced MAX_FAILED_STARTS times, then
    every part is computed here; the results do not change."""
    import sys

    from symconv.runtime import workers as workers_module

    monkeypatch.setattr(
        workers_module, "command", lambda: [sys.executable, "-c", "import sys; sys.exit(3)"]
    )
    net = dataclasses.replace(load_network(VGG), name="never-starts")
    model = Model(net, dtype=np.float64, seed=1)
    model.cores = 2
    rng = np.random.default_rng(2)
    x, y = rng.standard_normal((64, 3, 32, 32)), rng.integers(0, 10, 64)
    want_loss, want = chunked_reference(model, x, y)
    started = []
    real = workers_module.Worker.__init__

    def counting(self, *args):
        started.append(self)
        real(self, *args)

    monkeypatch.setattr(workers_module.Worker, "__init__", counting)
    with pytest.warns(RuntimeWarning, match="exited before they were ready 2 times"):
        for _ in range(40):
            loss, grads = model.loss_and_grads(x, y)
            assert loss == want_loss  # the same bytes, whoever computed the chunks
            for name, value in want.items():
                np.testing.assert_array_equal(grads[name], value, err_msg=name)
            if len(started) == workers_module.MAX_FAILED_STARTS and not any(
                w.alive() for w in started
            ):
                model.loss_and_grads(x, y)  # notices the second failure
                break
            __import__("time").sleep(0.05)
    assert len(started) == workers_module.MAX_FAILED_STARTS
    assert workers_module.workers(net, np.float64, 1) == []


def test_from_torch_refuses_a_linear_on_an_image_and_a_conv_on_a_vector():
    with pytest.raises(SymconvError, match=r"module '1' \(Linear\) receives an image"):
        from_torch(nn.Sequential(nn.Conv2d(1, 1, 3), nn.Linear(4, 2)), (1, 4, 4))
    with pytest.raises(SymconvError, match=r"module '1' \(Conv2d\) follows an nn.Flatten"):
        from_torch(nn.Sequential(nn.Flatten(), nn.Conv2d(1, 1, 3)), (1, 4, 4))


def test_spin_until_readable_returns_on_a_line_and_on_its_deadline():
    """A process polls its pipe before a blocking read (a worker stays awake across a short
    pause between steps): it returns as soon as a line is there, and with nothing coming
    it gives up (here after 10 ms) instead of waiting forever."""
    import os

    from symconv.runtime.workers import spin_until_readable

    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "rb") as reader, os.fdopen(write_end, "wb") as writer:
        spin_until_readable(reader, seconds=0.01)  # nothing written: returns all the same
        writer.write(b"step 64 32,32\n")
        writer.flush()
        spin_until_readable(reader, seconds=60.0)  # would take a minute without the line
        assert reader.readline() == b"step 64 32,32\n"


def test_workers_used_only_while_they_make_whole_steps_faster():
    """loss_and_grads times whole steps with workers and alone (per batch size) and takes
    the faster way, trying the other after PROBE_EVERY steps, the wait doubling (up to
    PROBE_MOST) while each try finds it still slower and back to PROBE_EVERY once a try
    changes the choice; a size not timed yet starts with the workers, then times a step
    alone."""
    from symconv.runtime.model import PROBE_EVERY, PROBE_MOST

    model = Model.from_file(VGG)
    chosen = [model._worth_workers(64)]  # nothing timed: workers
    model._step_speed(64, True, 1000.0)
    chosen.append(model._worth_workers(64))  # workers timed, alone not yet: alone
    model._step_speed(64, False, 3000.0)  # alone three times as fast (a busy machine)
    chosen += [model._worth_workers(64) for _ in range(8 * PROBE_MOST)]
    assert chosen[:2] == [True, False]
    tries = [k + 1 for k, c in enumerate(chosen[2:]) if c]
    waits = [b - a for a, b in itertools.pairwise([0, *tries])]
    assert waits[:3] == [PROBE_EVERY, 2 * PROBE_EVERY, 4 * PROBE_EVERY]  # 16, 32, 64
    assert set(waits[3:]) == {PROBE_MOST} and len(waits) > 5
    model._step_speed(64, True, 9000.0)  # the workers turned faster: (1000 + 9000) / 2
    assert model._worth_workers(64) and model._worth_workers(256)
    # That try changed the choice, so the wait is back to PROBE_EVERY: alone is tried
    # once in the next PROBE_EVERY steps.
    assert [model._worth_workers(64) for _ in range(PROBE_EVERY)].count(False) == 1
