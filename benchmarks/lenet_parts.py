"""Why LeNet5 computes batch parts in worker processes: three ways to use 2 cores, measured.

For each batch size, in back-to-back windows of a fixed length (the order rotates), float32:

- ``one process``: ``LeNet5.cores = 1``, the whole batch in the calling process, NumPy's
  BLAS on 2 threads (what a plain NumPy program gets);
- ``two threads``: the batch cut as ``loss_and_grads`` cuts it, the parts run side by side
  on two threads of the calling process, each with single-threaded BLAS (what LeNet5 did
  before it had worker processes; NumPy and BLAS release the GIL, the interpreter between
  their calls does not);
- ``worker process``: ``LeNet5.cores = 2``, the calling process and one worker process.

    python benchmarks/lenet_parts.py [--batch 64 256] [--seconds 0.4] [--repeats 10]

Prints the median samples/s of each and the median ratio of each to ``one process`` over the
rounds (the machine's speed drifts; a round's windows see nearly the same machine).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from symconv.lenet import MIN_PART, LeNet5, _single_threaded_blas, add_parts, cut_batch


def throughput(step: Callable[[], object], batch: int, seconds: float) -> float:
    step()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step()
        count += 1
    return count * batch / (time.perf_counter() - start)


def threaded_parts(model: LeNet5, pool: ThreadPoolExecutor, x: np.ndarray, y: np.ndarray):
    """loss_and_grads' cut into two parts, the second on a thread of this process."""
    jobs = cut_batch(x, y, max(1, min(2, x.shape[0] // MIN_PART)))
    with _single_threaded_blas():
        futures = [pool.submit(model._loss_and_grads, *job) for job in jobs[1:]]
        return add_parts([model._loss_and_grads(*jobs[0])] + [f.result() for f in futures])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, nargs="+", default=[64, 256])
    parser.add_argument("--seconds", type=float, default=0.4)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()

    whole, parted = LeNet5(seed=0), LeNet5(seed=0)
    whole.cores, parted.cores = 1, 2
    print(f"worker processes ready: {parted.start_workers()}")
    pool = ThreadPoolExecutor(1)
    rng = np.random.default_rng(0)
    print("| batch | one process | two threads | worker process | two threads / one "
          "| worker / one |")
    print("|---:|---:|---:|---:|---:|---:|")
    for batch in args.batch:
        x = rng.standard_normal((batch, 1, 28, 28)).astype(np.float32)
        y = rng.integers(0, 10, batch)
        ways = {"one": lambda x=x, y=y: whole.loss_and_grads(x, y),
                "threads": lambda x=x, y=y: threaded_parts(whole, pool, x, y),
                "worker": lambda x=x, y=y: parted.loss_and_grads(x, y)}
        rates: dict[str, list[float]] = {name: [] for name in ways}
        for k in range(args.repeats):
            order = list(ways)[k % 3:] + list(ways)[:k % 3]  # rotate who goes first
            for name in order:
                rates[name].append(throughput(ways[name], batch, args.seconds))
        med = {name: statistics.median(values) for name, values in rates.items()}
        ratio = {name: statistics.median(a / b for a, b in zip(rates[name], rates["one"],
                                                                strict=True))
                 for name in ("threads", "worker")}
        print(f"| {batch} | {med['one']:,.0f} | {med['threads']:,.0f} | {med['worker']:,.0f} "
              f"| {ratio['threads']:.2f}x | {ratio['worker']:.2f}x |")


if __name__ == "__main__":
    main()
