"""CPU time of the training loop of train_loop.py, one thread each: symconv.Model against torch.

On a shared machine the wall clock of train_loop.py mostly measures the other sessions; the
CPU time this process spends (``time.process_time``) moves far less.  Both sides run on one
thread (torch ``set_num_threads(1)``, ``Model.cores = 1``, single-threaded BLAS), in the
same process, on the same data and initial weights, running train_loop.py's own loops
(``symconv_loop``, ``torch_loop``: shuffle, batch copies, a step, SGD with momentum, the
evaluation forward) for ``--epochs`` epochs per run, in rounds whose order alternates.

Printed: each side's median CPU ms per epoch and the median of the rounds' ratios (torch
time / symconv time: above 1 symconv is faster), then the same runs split by phase (batch
copies and the shuffle, step, SGD update, evaluation: train_loop.py's ``Laps`` on the CPU
clock), so that a gap between the loop and the step figure (step_cpu.py) shows where it
comes from.

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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_loop import PHASES, Laps, dataset, loop_arguments, symconv_loop, torch_loop

from symconv import Model, to_torch
from symconv.runtime.parts import single_threaded_blas


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
    spent: dict = collections.defaultdict(list)  # (side, phase) -> CPU ms per epoch
    with single_threaded_blas():
        loops = {
            "symconv": lambda laps: symconv_loop(model, start, data, args, laps),
            "torch": lambda laps: torch_loop(net, start, data, args, laps),
        }
        for run in loops.values():  # warm up: printed kernels, buffers, torch's allocator
            run(None)
        for r in range(args.rounds):
            for side, run in list(loops.items())[:: 1 if r % 2 == 0 else -1]:
                laps = Laps(time.process_time)
                run(laps)
                for phase in PHASES:
                    spent[side, phase].append(laps.spent[phase] * 1e3 / args.epochs)
                spent[side, "whole loop"].append(sum(laps.spent.values()) * 1e3 / args.epochs)
    mine, others = spent["symconv", "whole loop"], spent["torch", "whole loop"]
    ratios = [b / a for a, b in zip(mine, others, strict=True)]
    print()
    print("| loop | symconv ms/epoch | torch ms/epoch | ratio torch/symconv: median (range) |")
    print("|---|---:|---:|---:|")
    print(
        f"| whole loop | {statistics.median(mine):.1f} | {statistics.median(others):.1f} | "
        f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}x-{max(ratios):.2f}x) |"
    )
    for phase in PHASES:
        a, b = spent["symconv", phase], spent["torch", phase]
        split = [q / p for p, q in zip(a, b, strict=True)]
        print(
            f"| {phase} | {statistics.median(a):.1f} | {statistics.median(b):.1f} | "
            f"{statistics.median(split):.2f}x ({min(split):.2f}x-{max(split):.2f}x) |"
        )


if __name__ == "__main__":
    main()
