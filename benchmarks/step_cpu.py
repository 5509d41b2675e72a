"""CPU time of one training step on one thread: symconv.Model against torch nn.Sequential.

On a shared machine wall-clock windows mostly measure the other sessions; the CPU time
this process spends on a step (``time.process_time``) moves far less.  Both sides run on
one thread (torch ``set_num_threads(1)``, ``Model.cores = 1``: single-threaded BLAS, no
worker process), in the same process, on the same float32 data and weights, in rounds
whose order alternates; each round times ``--steps`` steps of each side.  Printed per
case: each side's median ms/step and the median of the rounds' ratios (torch time /
symconv time: above 1 symconv is faster).

Cases: ``step B`` a training step (loss and every gradient) of the network at batch B,
``forward B`` the evaluation pass (logits; torch under ``no_grad``), ``lenet B`` LeNet-5's
training step (tanh, average pooling) against ``symconv.to_torch`` of its network.

    python benchmarks/step_cpu.py [NET.toml] [--batch 64 256] [--forward 256] [--lenet 64]
        [--rounds 15] [--steps 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_step import VGG
from model_step import steps as model_steps

from symconv import Model
from symconv.runtime.lenet import LeNet5


def cpu_ms(step, steps: int) -> float:
    """CPU milliseconds per call of ``step`` over ``steps`` calls."""
    start = time.process_time()
    for _ in range(steps):
        step()
    return (time.process_time() - start) / steps * 1e3


def forwards(model: Model, batch: int):
    """(symconv's evaluation pass, torch's under no_grad) on the same random batch."""
    from symconv import to_torch

    reference = to_torch(model.network)
    with torch.no_grad():
        for param, value in zip(reference.parameters(), model.params.values(), strict=True):
            param.copy_(torch.from_numpy(value))
    x = np.random.default_rng(1).standard_normal((batch, *model.input_shape)).astype(np.float32)
    xt = torch.from_numpy(x)

    def ours():
        return model.forward(x)

    def theirs():
        with torch.no_grad():
            return reference(xt)

    return ours, theirs


def measure(pair, rounds: int, steps: int) -> tuple[list, list]:
    """([symconv ms/step], [torch ms/step]) of each round."""
    ours, theirs = pair
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
    parser.add_argument("--batch", type=int, nargs="*", default=[64, 256])
    parser.add_argument("--forward", type=int, nargs="*", default=[256])
    parser.add_argument("--lenet", type=int, nargs="*", default=[64])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--steps", type=int, default=10)
    args = parser.parse_args()
    torch.set_num_threads(1)
    model = Model.from_file(args.net, dtype=np.float32, seed=0)
    model.cores = 1
    lenet = LeNet5("tanh", "avg", seed=0, dtype=np.float32)
    lenet.cores = 1
    print(
        f"{model.network.name} ({args.net}); numpy {np.__version__}, torch {torch.__version__}; "
        f"one thread each, CPU time, {args.rounds} alternating rounds of {args.steps} steps"
    )
    print()
    print("| case | symconv ms | torch ms | ratio torch/symconv: median (quartiles) |")
    print("|---|---:|---:|---:|")
    name = model.network.name
    cases = (
        [(f"{name} step {b}", lambda b=b: model_steps(model, b)) for b in args.batch]
        + [(f"{name} forward {b}", lambda b=b: forwards(model, b)) for b in args.forward]
        + [(f"lenet5 step {b}", lambda b=b: model_steps(lenet, b)) for b in args.lenet]
    )
    for name, make in cases:
        mine, others = measure(make(), args.rounds, args.steps)
        ratios = [b / a for a, b in zip(mine, others, strict=True)]
        q1, q2, q3 = statistics.quantiles(ratios, n=4)
        print(
            f"| {name} | {statistics.median(mine):.2f} | {statistics.median(others):.2f} "
            f"| {q2:.2f}x ({q1:.2f}x-{q3:.2f}x) |",
            flush=True,
        )


if __name__ == "__main__":
    main()
