"""A whole training loop: symconv.Model against the same loop in torch nn.Sequential.

Measures training as a user runs it, not back-to-back steps: each epoch shuffles a data
set, cuts it into batches (an index copy per batch), takes one ``loss_and_grads`` step per
batch, applies SGD with momentum (PyTorch's rule: v <- mu·v + g, p <- p - lr·v), then
evaluates the accuracy on a held-out set in batches.  torch runs ``symconv.to_torch`` of
the same network file (default: the VGG-like net of issue 15, tests/data/networks/
vgg_like.toml) with ``torch.optim.SGD(momentum=mu)``, ``no_grad`` evaluation, the same data,
the same shuffles and the same initial weights.  Both float32, T threads each
(``Model.cores = T``, ``torch.set_num_threads(T)``), in the same process.

The data set is synthetic, so nothing is downloaded: ten smooth random class patterns plus
noise (learnable: the accuracy printed at the end shows both loops learn alike).  A run is
``--epochs`` epochs from the initial weights; runs alternate between the two loops
(who goes first alternates too), ``--repeats`` pairs.  samples/s counts training samples
over the whole loop's time, evaluation and the optimizer included.  The ratio of the two
runs of a pair is the figure least moved by a shared machine's drifting speed; the median
over the pairs is printed.  Then each side's wall time per run in each phase (batch copies
with the shuffle, step, SGD update, evaluation: where a loop spends beyond its steps) and,
with several threads, how many of symconv's steps and evaluation passes ran with its worker
processes (``Model.ways``: the Model runs alone while that is faster).

    python benchmarks/train_loop.py [NET.toml] [--batch 64] [--train 2048] [--test 512]
                                    [--epochs 2] [--repeats 6] [--lr 0.01] [--momentum 0.9]
                                    [--threads T]
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lenet_step import blas_info
from model_step import VGG

from symconv import Model, to_torch
from symconv.runtime.parts import single_threaded_blas


def dataset(
    shape: tuple[int, ...], classes: int, n: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """n float32 samples of ``shape``: one of ``classes`` smooth patterns plus noise."""
    rng = np.random.default_rng(seed)
    patterns = np.cumsum(np.cumsum(rng.standard_normal((classes, *shape)), -1), -2)
    patterns /= patterns.std(axis=tuple(range(1, patterns.ndim)), keepdims=True)
    y = rng.integers(0, classes, n)
    x = patterns[y] + 6.0 * rng.standard_normal((n, *shape))
    return x.astype(np.float32), y


PHASES = ("batch copies", "step", "SGD update", "evaluation")


class Laps:
    """Time per phase of a loop: ``lap(name)`` adds the time since the previous lap (or
    since the start) to ``spent[name]``; ``clock`` is the wall clock or a CPU clock."""

    def __init__(self, clock=time.perf_counter) -> None:
        self.clock = clock
        self.spent: collections.Counter = collections.Counter()
        self.last = clock()

    def __call__(self, name: str) -> None:
        now = self.clock()
        self.spent[name] += now - self.last
        self.last = now


def symconv_loop(
    model: Model, start: dict, data: tuple, args: argparse.Namespace, laps: Laps | None = None
) -> tuple[float, float, float]:
    """(seconds, first batch's loss, final test accuracy) of the loop with symconv; each
    phase's time added to ``laps`` (the shuffle counts with the batch copies)."""
    x, y, x_test, y_test = data
    model.load_state_dict(start)
    velocity = {name: np.zeros_like(v) for name, v in model.params.items()}
    order = np.random.default_rng(1)
    lap = laps or Laps()
    first, began = None, time.perf_counter()
    lap.last = lap.clock()
    for _ in range(args.epochs):
        index = order.permutation(len(x))
        for k in range(0, len(x), args.batch):
            rows = index[k : k + args.batch]
            xb, yb = x[rows], y[rows]
            lap("batch copies")
            loss, grads = model.loss_and_grads(xb, yb)
            lap("step")
            first = loss if first is None else first
            for name, p in model.params.items():
                v = velocity[name]
                v *= args.momentum
                v += grads[name]
                p -= args.lr * v
            lap("SGD update")
        right = sum(
            int((model.forward(x_test[k : k + 256]).argmax(1) == y_test[k : k + 256]).sum())
            for k in range(0, len(x_test), 256)
        )
        lap("evaluation")
    return time.perf_counter() - began, float(first), right / len(x_test)


def torch_loop(
    net: torch.nn.Module,
    start: dict,
    data: tuple,
    args: argparse.Namespace,
    laps: Laps | None = None,
) -> tuple[float, float, float]:
    """(seconds, first batch's loss, final test accuracy) of the same loop in torch, its
    phases added to ``laps`` as symconv_loop's."""
    x, y, x_test, y_test = (torch.from_numpy(a) for a in data)
    with torch.no_grad():
        for param, value in zip(net.parameters(), start.values(), strict=True):
            param.copy_(torch.from_numpy(value))
    sgd = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=args.momentum)
    order = np.random.default_rng(1)
    lap = laps or Laps()
    first, began = None, time.perf_counter()
    lap.last = lap.clock()
    for _ in range(args.epochs):
        index = torch.from_numpy(order.permutation(len(x)))
        net.train()
        for k in range(0, len(x), args.batch):
            rows = index[k : k + args.batch]
            xb, yb = x[rows], y[rows]
            lap("batch copies")
            sgd.zero_grad(set_to_none=True)
            loss = F.cross_entropy(net(xb), yb)
            loss.backward()
            lap("step")
            sgd.step()
            lap("SGD update")
            first = loss.item() if first is None else first
        net.eval()
        with torch.no_grad():
            right = sum(
                int((net(x_test[k : k + 256]).argmax(1) == y_test[k : k + 256]).sum())
                for k in range(0, len(x_test), 256)
            )
        lap("evaluation")
    return time.perf_counter() - began, float(first), right / len(x_test)


def loop_arguments(description: str, epochs: int) -> argparse.ArgumentParser:
    """The loop's options (network, batch, data sizes, epochs per run, SGD), shared by the
    scripts that run this loop (train_cpu.py, loop_trace.py)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("net", nargs="?", default=str(VGG))
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--train", type=int, default=2048)
    parser.add_argument("--test", type=int, default=512)
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--momentum", type=float, default=0.9)
    return parser


def main() -> None:
    parser = loop_arguments(__doc__.splitlines()[0], epochs=2)
    parser.add_argument("--repeats", type=int, default=6)
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="threads of each side (default: NumPy's BLAS threads); 1: one "
        "process with single-threaded BLAS against one torch thread",
    )
    args = parser.parse_args()
    threads, kernel = blas_info()
    threads = args.threads or threads
    with single_threaded_blas() if threads == 1 else contextlib.nullcontext():
        run(args, threads, kernel)


def run(args: argparse.Namespace, threads: int, kernel: str) -> None:
    """The paired runs of the two loops, printed."""
    torch.set_num_threads(threads)
    model = Model.from_file(args.net, dtype=np.float32, seed=0)
    model.cores = threads
    if threads > 1 and model.start_workers() != threads - 1:
        raise SystemExit("symconv worker processes did not start")
    net = to_torch(model.network)
    start = {name: v.copy() for name, v in model.params.items()}
    x, y = dataset(model.input_shape, model.classes, args.train + args.test, seed=0)
    data = (x[: args.train], y[: args.train], x[args.train :], y[args.train :])
    samples = args.epochs * args.train
    print(
        f"{model.network.name} ({args.net}); {args.train} training and {args.test} test "
        f"samples, batch {args.batch}, {args.epochs} epoch(s) per run, SGD lr {args.lr} "
        f"momentum {args.momentum}; numpy {np.__version__}, BLAS {kernel}, {threads} "
        f"thread(s); torch {torch.__version__}; Model.cores = {threads}; load average "
        f"before: {os.getloadavg()[0]:.2f}"
    )
    ours_run = lambda laps=None: symconv_loop(model, start, data, args, laps)  # noqa: E731
    theirs_run = lambda laps=None: torch_loop(net, start, data, args, laps)  # noqa: E731
    _, loss_a, acc_a = ours_run()  # warm-up runs, and the two loops checked to agree
    _, loss_b, acc_b = theirs_run()
    if abs(loss_a - loss_b) > 1e-4 * max(1.0, abs(loss_b)):
        raise SystemExit(f"first losses differ: symconv {loss_a}, torch {loss_b}")
    ours, theirs = [], []
    split: dict = collections.defaultdict(list)  # (side, phase) -> ms of each run
    model.ways.clear()  # the measured runs' steps and passes, by the way they ran
    for k in range(args.repeats):
        laps = {"symconv": Laps(), "torch": Laps()}
        if k % 2 == 0:
            a, b = ours_run(laps["symconv"])[0], theirs_run(laps["torch"])[0]
        else:
            b, a = theirs_run(laps["torch"])[0], ours_run(laps["symconv"])[0]
        ours.append(samples / a)
        theirs.append(samples / b)
        for side, lap in laps.items():
            for phase in PHASES:
                split[side, phase].append(lap.spent[phase] * 1e3)
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    q1, q2, q3 = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    print()
    print("| loop | samples/s (best / median) | final test accuracy |")
    print("|---|---:|---:|")
    print(f"| symconv | {max(ours):,.0f} / {statistics.median(ours):,.0f} | {acc_a:.3f} |")
    print(f"| torch | {max(theirs):,.0f} / {statistics.median(theirs):,.0f} | {acc_b:.3f} |")
    print()
    print(
        f"ratio of paired runs: median {q2:.2f}x (quartiles {q1:.2f}x-{q3:.2f}x) over "
        f"{args.repeats} pairs; each run's ratio: " + ", ".join(f"{r:.2f}x" for r in ratios)
    )
    print()
    print("| phase, wall ms per run (median) | symconv | torch | torch/symconv: median |")
    print("|---|---:|---:|---:|")
    for phase in PHASES:
        a, b = split["symconv", phase], split["torch", phase]
        each = statistics.median(q / p for p, q in zip(a, b, strict=True))
        middle = f"{statistics.median(a):.1f} | {statistics.median(b):.1f}"
        print(f"| {phase} | {middle} | {each:.2f}x |")
    ways = model.ways
    if threads > 1:
        print(
            f"symconv's steps with the worker processes: {ways['step with workers']} of "
            f"{ways['step with workers'] + ways['step alone']}, evaluation passes: "
            f"{ways['forward with workers']} of "
            f"{ways['forward with workers'] + ways['forward alone']} (the rest in one "
            "process: the Model's choice, by the speed of whole steps)"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
