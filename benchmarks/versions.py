"""symconv against another checkout of itself: a network's training step and forward pass
(the VGG-like net unless ``--net``), in fresh processes of the two checkouts that
alternate (who goes first too).

On a shared machine the ratio to torch measures the other sessions as much as the code
(torch's threads lose most under sharing); two versions of symconv measured back to back,
each process alone on the same machine, show what a change of the code gained.  Each
process builds the model with ``Model.cores`` = C (1: one process, single-threaded BLAS;
2: this process and a worker), takes its best step time over ``--seconds`` at batch 64 and
256 (and ``forward`` at 256), and prints samples/s; this script prints, per figure and C,
the median over the rounds of the ratio this checkout / the other.  With ``--cpu`` each
process counts samples per second of its own CPU time instead (``time.process_time``, the
median of 7 blocks of calls), which a loaded machine moves far less than the wall clock;
it measures this process only, so it takes ``--cores 1``.

    python benchmarks/versions.py OTHER_CHECKOUT [--net NET.toml|lenet] [--rounds 6]
                                  [--cores 1 2] [--seconds 1.5] [--cpu]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
CHILD = """
import json, sys, time
import numpy as np
from symconv import Model
from symconv.runtime.lenet import LeNet5
cores, seconds, cpu = int(sys.argv[1]), float(sys.argv[2]), sys.argv[4] == "cpu"
model = LeNet5() if sys.argv[3] == "lenet" else Model.from_file(sys.argv[3])
model.cores = cores
if cores > 1 and model.start_workers() != cores - 1:
    raise SystemExit("no worker")
rng = np.random.default_rng(0)
found = {}

def best(fn, n):
    for _ in range(3):
        fn()
    if cpu:  # samples per CPU second: the median of 7 blocks of about seconds / 7 each
        start = time.process_time()
        fn()
        calls = max(1, round(seconds / 7 / max(time.process_time() - start, 1e-6)))
        blocks = []
        for _ in range(7):
            start = time.process_time()
            for _ in range(calls):
                fn()
            blocks.append((time.process_time() - start) / calls)
        return n / sorted(blocks)[3]
    began, times = time.perf_counter(), []
    while time.perf_counter() - began < seconds:
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return n / min(times)

for batch in (64, 256):
    x = rng.standard_normal((batch, *model.input_shape)).astype(np.float32)
    y = rng.integers(0, model.classes, batch)
    found[f"step {batch}"] = best(lambda: model.loss_and_grads(x, y), batch)
found["forward 256"] = best(lambda: model.forward(x), 256)
print(json.dumps(found))
"""


def run(tree: Path, cores: int, seconds: float, net: str, cpu: bool) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(tree), OPENBLAS_NUM_THREADS=str(cores))
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(cores), str(seconds), net, "cpu" if cpu else "wall"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path)
    parser.add_argument(
        "--net",
        default=str(HERE / "tests" / "data" / "networks" / "vgg_like.toml"),
        help="a network file, or lenet (symconv.runtime.lenet.LeNet5)",
    )
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seconds", type=float, default=1.5)
    parser.add_argument(
        "--cpu", action="store_true", help="samples per CPU second of each process (cores 1)"
    )
    args = parser.parse_args()
    if args.cpu and args.cores != [1]:
        parser.error("--cpu measures one process: use --cores 1")
    loads = [os.getloadavg()[0]]
    results = {(tree, c): [] for tree in ("this", "other") for c in args.cores}
    for k in range(args.rounds):
        trees = [("this", HERE), ("other", args.other.resolve())]
        for name, tree in trees if k % 2 == 0 else trees[::-1]:
            for cores in args.cores:
                results[name, cores].append(run(tree, cores, args.seconds, args.net, args.cpu))
        loads.append(os.getloadavg()[0])
    print(
        f"{args.net}: this checkout {HERE} against {args.other}; {args.rounds} rounds; load "
        f"average {min(loads):.2f}-{max(loads):.2f}"
    )
    print()
    measure = "samples per CPU second" if args.cpu else "best samples/s"
    print(f"| figure | cores | this: {measure} (median) | other | this / other: median (range) |")
    print("|---|---:|---:|---:|---:|")
    for cores in args.cores:
        for key in results["this", cores][0]:
            mine = [r[key] for r in results["this", cores]]
            theirs = [r[key] for r in results["other", cores]]
            ratios = [a / b for a, b in zip(mine, theirs, strict=True)]
            print(
                f"| {key} | {cores} | {statistics.median(mine):,.0f} | "
                f"{statistics.median(theirs):,.0f} | {statistics.median(ratios):.2f}x "
                f"({min(ratios):.2f}x-{max(ratios):.2f}x) |"
            )


if __name__ == "__main__":
    main()
