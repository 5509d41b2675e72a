"""Why LeNet5 computes parts of more than MAX_PART images as sub-parts: measured.

Two processes run side by side, as the calling process and a worker do at batch 2·N, each
computing ``_loss_and_grads`` on its own part of N images (float32, single-threaded BLAS),
in windows that alternate between MAX_PART = N (the part whole) and the default MAX_PART
(sub-parts one after another).  Each process prints the median samples/s of both and the
median ratio over its rounds.

    python benchmarks/lenet_max_part.py [--part 128] [--rounds 16] [--seconds 0.4]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

import numpy as np

from symconv import lenet
from symconv import model as model_module


def measure(part: int, rounds: int, seconds: float) -> str:
    model = lenet.LeNet5()
    model.cores = 1
    rng = np.random.default_rng(0)
    x = rng.standard_normal((part, *lenet.INPUT_SHAPE)).astype(np.float32)
    y = rng.integers(0, 10, part)
    default = lenet.MAX_PART
    rates: dict[int, list[float]] = {part: [], default: []}
    with lenet._single_threaded_blas():
        for _ in range(rounds):
            for limit in rates:
                model_module.MAX_PART = limit  # read by Model._loss_and_grads
                model.loss_and_grads(x, y)
                count, start = 0, time.perf_counter()
                while time.perf_counter() - start < seconds:
                    model.loss_and_grads(x, y)
                    count += 1
                rates[limit].append(count * part / (time.perf_counter() - start))
    ratio = statistics.median(a / b for a, b in zip(rates[default], rates[part], strict=True))
    return (f"part {part}: whole {statistics.median(rates[part]):,.0f} samples/s, "
            f"sub-parts of about {default}: {statistics.median(rates[default]):,.0f} "
            f"samples/s, ratio {ratio:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=0.4)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(measure(options.part, options.rounds, options.seconds), flush=True)
        return
    command = [sys.executable, __file__, "--child", "--part", str(options.part),
               "--rounds", str(options.rounds), "--seconds", str(options.seconds)]
    children = [subprocess.Popen(command) for _ in range(2)]
    sys.exit(max(child.wait() for child in children))


if __name__ == "__main__":
    main()
