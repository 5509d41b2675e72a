"""A training step after a pause: LeNet-5 ``loss_and_grads`` with ``cores = 1`` against
``cores = 2`` (worker processes) when every step follows a sleep (data loading, the
optimizer's update), as in a training loop, not back to back.

Each window runs steps with ``--pause`` seconds of sleep before each and counts only the
steps' own time; the two settings alternate window by window (who goes first alternates
too), and the table gives each side's median samples/s and the median of the per-pair
ratios (cores 2 / cores 1).  Issue 15 asks that the ratio never fall below 1.

    python benchmarks/pause_step.py [--batch 64 256] [--pause 0.03] [--steps 20]
                                    [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from symconv.runtime.lenet import LeNet5


def window(model: LeNet5, x: np.ndarray, y: np.ndarray, steps: int, pause: float) -> float:
    """Samples per second of ``steps`` steps, each after ``pause`` seconds of sleep."""
    busy = 0.0
    for _ in range(steps):
        time.sleep(pause)
        start = time.perf_counter()
        model.loss_and_grads(x, y)
        busy += time.perf_counter() - start
    return x.shape[0] * steps / busy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, nargs="+", default=[64, 256])
    parser.add_argument("--pause", type=float, default=0.03)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    one, two = LeNet5(seed=0), LeNet5(seed=0)
    one.cores, two.cores = 1, 2
    print(
        f"worker processes ready: {two.start_workers()}; pause {args.pause * 1000:.0f} ms "
        f"before each step, {args.steps} steps a window, {args.repeats} pairs of windows"
    )
    print("| batch | cores 1 samples/s | cores 2 samples/s | cores 2 / cores 1 (median, range) |")
    print("|---:|---:|---:|---:|")
    rng = np.random.default_rng(0)
    for batch in args.batch:
        x = rng.standard_normal((batch, 1, 28, 28)).astype(np.float32)
        y = rng.integers(0, 10, batch)
        for model in (one, two):  # warm up (and let the cut learn both processes' speeds)
            window(model, x, y, 10, args.pause)
        pairs = []
        for k in range(args.repeats):
            first, second = (one, two) if k % 2 == 0 else (two, one)
            a = window(first, x, y, args.steps, args.pause)
            b = window(second, x, y, args.steps, args.pause)
            pairs.append((a, b) if first is one else (b, a))
        ratios = [b / a for a, b in pairs]
        print(
            f"| {batch} | {statistics.median(a for a, _ in pairs):,.0f} "
            f"| {statistics.median(b for _, b in pairs):,.0f} "
            f"| {statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f}) |"
        )


if __name__ == "__main__":
    main()
