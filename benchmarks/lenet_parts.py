"""Why LeNet5 computes batch parts in worker processes, cut by speed: four ways to use 2 cores.

For each batch size, in back-to-back windows of a fixed length (the order rotates), float32:

- ``one process``: ``LeNet5.cores = 1``, the whole batch in the calling process, NumPy's
  BLAS on 2 threads (what a plain NumPy program gets);
- ``two threads``: the batch cut as ``loss_and_grads`` cuts it, the parts run side by side
  on two threads of the calling process, each with single-threaded BLAS (what LeNet5 did
  before it had worker processes; NumPy and BLAS release the GIL, the interpreter between
  their calls does not);
- ``worker, equal``: ``LeNet5.cores = 2``, the calling process and one worker process, with
  ``balance = False`` (equal parts);
- ``worker, balanced``: the same with ``balance = True`` (the default: part sizes follow
  each process's measured speed).

    python benchmarks/lenet_parts.py [--batch 64 256] [--seconds 0.4] [--repeats 12]

Prints the median samples/s of each, the median ratio of each to ``one process`` over the
rounds (the machine's speed drifts; a round's windows see nearly the same machine), and the
median ratio of balanced to equal parts.
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
    parser.add_argument("--repeats", type=int, default=12)
    args = parser.parse_args()

    whole, equal, balanced = LeNet5(seed=0), LeNet5(seed=0), LeNet5(seed=0)
    whole.cores, equal.cores, balanced.cores = 1, 2, 2
    equal.balance = False  # the two share the worker process (one per configuration)
    print(f"worker processes ready: {balanced.start_workers()}")
    pool = ThreadPoolExecutor(1)
    rng = np.random.default_rng(0)
    print("| batch | one process | two threads | worker, equal | worker, balanced "
          "| two threads / one | worker, equal / one | worker, balanced / one "
          "| balanced / equal |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for batch in args.batch:
        x = rng.standard_normal((batch, 1, 28, 28)).astype(np.float32)
        y = rng.integers(0, 10, batch)
        ways = {"one": lambda x=x, y=y: whole.loss_and_grads(x, y),
                "threads": lambda x=x, y=y: threaded_parts(whole, pool, x, y),
                "equal": lambda x=x, y=y: equal.loss_and_grads(x, y),
                "balanced": lambda x=x, y=y: balanced.loss_and_grads(x, y)}
        for _ in range(20):  # the balanced model measures both processes' speeds first
            balanced.loss_and_grads(x, y)
        rates: dict[str, list[float]] = {name: [] for name in ways}
        for k in range(args.repeats):
            order = list(ways)[k % 4:] + list(ways)[:k % 4]  # rotate who goes first
            for name in order:
                rates[name].append(throughput(ways[name], batch, args.seconds))
        med = {name: statistics.median(values) for name, values in rates.items()}
        ratio = {(name, base): statistics.median(a / b for a, b in zip(rates[name], rates[base],
                                                                        strict=True))
                 for name, base in (("threads", "one"), ("equal", "one"), ("balanced", "one"),
                                    ("balanced", "equal"))}
        print(f"| {batch} | {med['one']:,.0f} | {med['threads']:,.0f} | {med['equal']:,.0f} "
              f"| {med['balanced']:,.0f} | {ratio['threads', 'one']:.2f}x "
              f"| {ratio['equal', 'one']:.2f}x | {ratio['balanced', 'one']:.2f}x "
              f"| {ratio['balanced', 'equal']:.3f}x |")


if __name__ == "__main__":
    main()
