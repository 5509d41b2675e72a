"""CPU time of the training loop of train_loop.py, one thread each: symconv.Model against torch.

On a shared machine the wall clock of train_loop.py mostly measures the other sessions; the
CPU time this process spends (``time.process_time``) moves far less.  Both sides run on one
thread (torch ``set_num_threads(1)``, ``Model.cores = 1``, single-threaded BLAS), in the
same process, on the same data and initial weights, running train_loop.py's own loops
(``symconv_loop``, ``torch_loop``: shuffle, batch copies, a step, SGD with momentum, the
evaluation forward) for ``--epochs`` epochs per run, in rounds whose order alternates.

Printed: each side's median CPU ms per epoch and the median of the rounds' ratios (torch
time / symconv time: above 1 symconv is faster), then the same split by phase (batch
copies, step, SGD update, evaluation), measured in epochs of the two loops written out
phase by phase, alternating, so that a gap between the loop and the step figure
(step_cpu.py) shows where it comes from.

    python benchmarks/train_cpu.py [NET.toml] [--batch 64] [--train 2048] [--test 512]
                                   [--epochs 1] [--rounds 8]
"""

from __future__ import annotations

import collections
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_loop import dataset, loop_arguments, symconv_loop, torch_loop

from symconv import Model, to_torch
from symconv.runtime.parts import single_threaded_blas


def cpu_ms(run) -> float:
    """CPU milliseconds of one call of ``run``."""
    start = time.process_time()
    run()
    return (time.process_time() - start) * 1e3


def phases(model: Model, net: torch.nn.Module, data: tuple, args, rounds: int) -> dict:
    """Per epoch CPU ms of each phase of both loops: {(side, phase): [ms of each epoch]}."""
    x, y, x_test, y_test = data
    xt, yt, xt_test, yt_test = (torch.from_numpy(a) for a in data)
    velocity = {name: np.zeros_like(v) for name, v in model.params.items()}
    sgd = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=args.momentum)
    spent: dict = collections.defaultdict(list)

    def timed(totals, phase, run):
        start = time.process_time()
        out = run()
        totals[phase] += (time.process_time() - start) * 1e3
        return out

    def ours(index):
        totals: dict = collections.Counter()
        for k in range(0, len(x), args.batch):
            rows = index[k : k + args.batch]
            xb, yb = timed(totals, "batch copies", lambda rows=rows: (x[rows], y[rows]))
            _, grads = timed(totals, "step", lambda xb=xb, yb=yb: model.loss_and_grads(xb, yb))

            def update(grads=grads):
                for name, p in model.params.items():
                    v = velocity[name]
                    v *= args.momentum
                    v += grads[name]
                    p -= args.lr * v

            timed(totals, "SGD update", update)
        for k in range(0, len(x_test), 256):
            timed(
                totals,
                "evaluation",
                lambda k=k: int(
                    (model.forward(x_test[k : k + 256]).argmax(1) == y_test[k : k + 256]).sum()
                ),
            )
        return totals

    def theirs(index):
        totals: dict = collections.Counter()
        index = torch.from_numpy(index)
        net.train()
        for k in range(0, len(x), args.batch):
            rows = index[k : k + args.batch]
            xb, yb = timed(totals, "batch copies", lambda rows=rows: (xt[rows], yt[rows]))

            def step(xb=xb, yb=yb):
                sgd.zero_grad(set_to_none=True)
                F.cross_entropy(net(xb), yb).backward()

            timed(totals, "step", step)
            timed(totals, "SGD update", sgd.step)
        net.eval()
        with torch.no_grad():
            for k in range(0, len(x_test), 256):
                timed(
                    totals,
                    "evaluation",
                    lambda k=k: int(
                        (net(xt_test[k : k + 256]).argmax(1) == yt_test[k : k + 256]).sum()
                    ),
                )
        return totals

    order = np.random.default_rng(2)
    for r in range(rounds):
        index = order.permutation(len(x))
        for side, run in (("symconv", ours), ("torch", theirs))[:: 1 if r % 2 == 0 else -1]:
            for phase, ms in run(index).items():
                spent[side, phase].append(ms)
    return spent


def main() -> None:
    parser = loop_arguments(__doc__.splitlines()[0], epochs=1)
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    torch.set_num_threads(1)
    model = Model.from_file(args.net, dtype=np.float32, seed=0)
    model.cores = 1
    net = to_torch(model.network)
    start = {name: v.copy() for name, v in model.params.items()}
    x, y = dataset(model.input_shape, model.classes, args.train + args.test, seed=0)
    data = (x[: args.train], y[: args.train], x[args.train :], y[args.train :])
    print(
        f"{model.network.name} ({args.net}); {args.train} training and {args.test} test "
        f"samples, batch {args.batch}; numpy {np.__version__}, torch {torch.__version__}; one "
        f"thread each, CPU time, {args.rounds} alternating rounds of {args.epochs} epoch(s); "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    with single_threaded_blas():
        ours = lambda: symconv_loop(model, start, data, args)  # noqa: E731
        theirs = lambda: torch_loop(net, start, data, args)  # noqa: E731
        ours(), theirs()  # warm up: printed kernels, buffers, torch's allocator
        mine, others = [], []
        for r in range(args.rounds):
            for side, run in ((mine, ours), (others, theirs))[:: 1 if r % 2 == 0 else -1]:
                side.append(cpu_ms(run) / args.epochs)
        model.load_state_dict(start)
        with torch.no_grad():
            for param, value in zip(net.parameters(), start.values(), strict=True):
                param.copy_(torch.from_numpy(value))
        spent = phases(model, net, data, args, args.rounds)
    ratios = [b / a for a, b in zip(mine, others, strict=True)]
    print()
    print("| loop | symconv ms/epoch | torch ms/epoch | ratio torch/symconv: median (range) |")
    print("|---|---:|---:|---:|")
    print(
        f"| whole loop | {statistics.median(mine):.1f} | {statistics.median(others):.1f} | "
        f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}x-{max(ratios):.2f}x) |"
    )
    for phase in ("batch copies", "step", "SGD update", "evaluation"):
        a, b = spent["symconv", phase], spent["torch", phase]
        split = [q / p for p, q in zip(a, b, strict=True)]
        print(
            f"| {phase} | {statistics.median(a):.1f} | {statistics.median(b):.1f} | "
            f"{statistics.median(split):.2f}x ({min(split):.2f}x-{max(split):.2f}x) |"
        )


if __name__ == "__main__":
    main()
