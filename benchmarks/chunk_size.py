"""One process's loss_and_grads at one batch size with the batch cut into chunks of at
most each given size (``Model.max_part``), in interleaved windows: which chunk size a
network's steps run fastest in (symconv.runtime.parts.part_limit picks it by the bytes of a
sample's activations).

One core, single-threaded BLAS (``Model.cores = 1``).  Each window takes the best step time
of ``--seconds``; the windows of the chunk sizes alternate (and their order too), and the
median over ``--repeats`` rounds of each size's time relative to the first size is printed.

    python benchmarks/chunk_size.py [NET.toml] [--batch 256] [--parts 64 32]
                                    [--repeats 6] [--seconds 0.4]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_step import VGG

from symconv import Model
from symconv.runtime.parts import single_threaded_blas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("net", nargs="?", default=str(VGG))
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--parts", type=int, nargs="+", default=[64, 32])
    parser.add_argument("--repeats", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=0.4)
    args = parser.parse_args()
    model = Model.from_file(args.net)
    model.cores = 1
    default = model.max_part
    rng = np.random.default_rng(0)
    x = rng.standard_normal((args.batch, *model.input_shape)).astype(np.float32)
    y = rng.integers(0, model.classes, args.batch)

    def best_step(part: int) -> float:
        model.max_part = part
        began, best = time.perf_counter(), float("inf")
        while time.perf_counter() - began < args.seconds:
            start = time.perf_counter()
            model.loss_and_grads(x, y)
            best = min(best, time.perf_counter() - start)
        return best

    times: dict[int, list[float]] = {part: [] for part in args.parts}
    with single_threaded_blas():
        for part in args.parts:  # warm-up
            best_step(part)
        for k in range(args.repeats):
            for part in args.parts if k % 2 == 0 else args.parts[::-1]:
                times[part].append(best_step(part))
    print(
        f"{model.network.name}, batch {args.batch}, default max_part {default}, load "
        f"average {os.getloadavg()[0]:.2f}"
    )
    first = args.parts[0]
    for part in args.parts:
        ratios = [a / b for a, b in zip(times[first], times[part], strict=True)]
        print(
            f"chunks of at most {part}: best step {min(times[part]) * 1e3:.1f} ms, "
            f"speed relative to {first}: median {statistics.median(ratios):.2f}x "
            f"({min(ratios):.2f}x-{max(ratios):.2f}x)"
        )


if __name__ == "__main__":
    main()
