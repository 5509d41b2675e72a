"""Why LeNet5 cuts a batch by measured speed: how fast each CPU runs the same step.

One process, single-threaded BLAS, pins itself to each CPU it may run on in turn and
measures ``loss_and_grads`` (float32, LeNet5.cores = 1) in a short window there; one line
per CPU, the windows in time order.  On a machine whose CPUs run at the same speed the
lines agree; where they differ for seconds at a time, equal parts of a batch would leave
the faster process waiting.  Linux only (``os.sched_setaffinity``).

    python benchmarks/vcpu_speeds.py [--batch 64] [--rounds 12] [--seconds 0.3]
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from symconv.runtime.lenet import LeNet5, _single_threaded_blas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=0.3)
    args = parser.parse_args()

    cpus = sorted(os.sched_getaffinity(0))
    model = LeNet5("tanh", "avg", seed=0, dtype=np.float32)
    model.cores = 1
    rng = np.random.default_rng(0)
    x = rng.standard_normal((args.batch, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, args.batch)
    speeds: dict[int, list[int]] = {cpu: [] for cpu in cpus}
    try:
        with _single_threaded_blas():
            for _ in range(20):
                model.loss_and_grads(x, y)
            for _ in range(args.rounds):
                for cpu in cpus:
                    os.sched_setaffinity(0, {cpu})
                    model.loss_and_grads(x, y)  # settle on the CPU
                    count, start = 0, time.perf_counter()
                    while time.perf_counter() - start < args.seconds:
                        model.loss_and_grads(x, y)
                        count += 1
                    speeds[cpu].append(round(args.batch * count / (time.perf_counter() - start)))
    finally:
        os.sched_setaffinity(0, cpus)
    for cpu, values in speeds.items():
        print(f"CPU {cpu}: " + ", ".join(f"{v:,}" for v in values) + " samples/s")


if __name__ == "__main__":
    main()
