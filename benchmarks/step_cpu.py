"""CPU time of one training step on one thread: symconv.Model against torch nn.Sequential.

On a shared machine wall-clock windows mostly measure the other sessions; the CPU time
this process spends on a step (``time.process_time``) moves far less.  Both sides run on
one thread (torch ``set_num_threads(1)``, ``Model.cores = 1``: single-threaded BLAS, no
worker process), in the same process, on the same float32 data and weights, in rounds
whose order alternates; each round times ``--steps`` steps of each side.  Printed per
batch size: each side's median ms/step and the median of the rounds' ratios
(torch time / symconv time: above 1 symconv is faster).

    python benchmarks/step_cpu.py [NET.toml] [--batch 64 256] [--rounds 15] [--steps 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_step import VGG
from model_step import steps as model_steps

from symconv import Model


def cpu_ms(step, steps: int) -> float:
    """CPU milliseconds per call of ``step`` over ``steps`` calls."""
    start = time.process_time()
    for _ in range(steps):
        step()
    return (time.process_time() - start) / steps * 1e3


def measure(model: Model, batch: int, rounds: int, steps: int) -> tuple[list, list]:
    """([symconv ms/step], [torch ms/step]) of each round."""
    ours, theirs = model_steps(model, batch)
    for _ in range(3):  # warm up: printed kernels, buffers, torch's allocator
        ours()
        theirs()
    mine, others = [], []
    for r in range(rounds):
        if r % 2:
            others.append(cpu_ms(theirs, steps))
            mine.append(cpu_ms(ours, steps))
        else:
            mine.append(cpu_ms(ours, steps))
            others.append(cpu_ms(theirs, steps))
    return mine, others


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("net", nargs="?", default=str(VGG))
    parser.add_argument("--batch", type=int, nargs="+", default=[64, 256])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--steps", type=int, default=10)
    args = parser.parse_args()
    torch.set_num_threads(1)
    model = Model.from_file(args.net, dtype=np.float32, seed=0)
    model.cores = 1
    print(
        f"{model.network.name} ({args.net}); numpy {np.__version__}, torch {torch.__version__}; "
        f"one thread each, CPU time, {args.rounds} alternating rounds of {args.steps} steps"
    )
    print()
    print("| batch | symconv ms/step | torch ms/step | ratio torch/symconv: median (quartiles) |")
    print("|---:|---:|---:|---:|")
    for batch in args.batch:
        mine, others = measure(model, batch, args.rounds, args.steps)
        ratios = [b / a for a, b in zip(mine, others, strict=True)]
        q1, q2, q3 = statistics.quantiles(ratios, n=4)
        print(
            f"| {batch} | {statistics.median(mine):.2f} | {statistics.median(others):.2f} "
            f"| {q2:.2f}x ({q1:.2f}x-{q3:.2f}x) |"
        )


if __name__ == "__main__":
    main()
