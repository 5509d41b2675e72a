"""This checkout's Model against another checkout's, both in one process, one thread each.

On the shared 2-core machine two fresh processes (``versions.py``) differ by their luck as
much as by their code, and step_cpu.py's ratio to torch moves by 0.2-0.4 between runs at
load 10-16: a change of a few percent cannot be seen.  Here the other checkout's package is
copied to a temporary directory under the name ``symconv_other`` (every ``symconv`` word of
its source renamed), so both versions run in the same process, on the same data and
weights, in alternating rounds of CPU time (``time.process_time``, ``cores = 1``,
single-threaded BLAS; who goes first alternates).  Printed per case: each side's median
CPU ms per call, the median of the rounds' ratios (other / this: above 1 this checkout is
faster) with quartiles, and whether both give the same bytes (loss and every gradient, or
the logits).  ``--kernels`` also prints each printed kernel's CPU ms per step on both sides
(a kernel called through a wrapper that times it), where a change's time moved.

    python benchmarks/same_process.py OTHER_CHECKOUT [NET.toml] [--cases step64 step256
        forward256] [--rounds 15] [--kernels]
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))
VGG = HERE / "tests" / "data" / "networks" / "vgg_like.toml"

import symconv  # noqa: E402  (this checkout's, from the path set above)


def other_package(checkout: Path, where: Path):
    """The other checkout's symconv, imported as ``symconv_other`` from a renamed copy."""
    target = where / "symconv_other"
    shutil.copytree(checkout / "symconv", target, ignore=shutil.ignore_patterns("__pycache__"))
    for path in target.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bsymconv\b", "symconv_other", text), encoding="utf-8")
    sys.path.insert(0, str(where))
    import symconv_other

    return symconv_other


def timed_kernels(model, tag: str, spent: dict) -> None:
    """Every printed kernel of the model's steps wrapped to add its CPU time to spent."""

    def wrap(name, fn):
        def timed(*args):
            start = time.process_time()
            result = fn(*args)
            spent[tag, name] += time.process_time() - start
            return result

        return timed

    steps = []
    for step in model._steps:
        step = dict(step)
        for key in ("Z", "W", "X", "b"):
            if step.get(key) is not None:
                step[key] = wrap(f"{step['name']}.{key}", step[key])
        if step["act"] is not None:
            step["act"] = {k: wrap(f"{step['name']}.act {k}", f) for k, f in step["act"].items()}
        steps.append(step)
    model._steps = steps


def same_bytes(a, b) -> bool:
    if isinstance(a, tuple):
        return a[0] == b[0] and all(np.array_equal(a[1][k], b[1][k]) for k in a[1])
    return np.array_equal(a, b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path)
    parser.add_argument("net", nargs="?", default=str(VGG))
    parser.add_argument("--cases", nargs="+", default=["step64", "step256", "forward256"])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--kernels", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        other = other_package(args.other.resolve(), Path(tmp))
        print(
            f"{args.net}: this checkout {HERE} against {args.other} in one process, one "
            f"thread, CPU time, {args.rounds} alternating rounds; load average "
            f"{os.getloadavg()[0]:.1f}"
        )
        print()
        print("| case | this ms | other ms | other / this: median (quartiles) | same bytes |")
        print("|---|---:|---:|---:|---|")
        spent: dict = collections.defaultdict(float)
        for case in args.cases:
            kind, batch = case.rstrip("0123456789"), int(case.lstrip("stepforwad"))
            mine = symconv.Model.from_file(args.net, dtype=np.float32, seed=0)
            theirs = other.Model.from_file(args.net, dtype=np.float32, seed=0)
            mine.cores = theirs.cores = 1
            if args.kernels:
                timed_kernels(mine, "this", spent)
                timed_kernels(theirs, "other", spent)
            rng = np.random.default_rng(0)
            x = rng.standard_normal((batch, *mine.input_shape)).astype(np.float32)
            y = rng.integers(0, mine.classes, batch)
            calls = max(2, 640 // batch) * (1 if kind == "step" else 2)

            def run(model, n=calls, kind=kind, x=x, y=y):
                call = model.loss_and_grads if kind == "step" else model.forward
                start = time.process_time()
                for _ in range(n):
                    result = call(x, y) if kind == "step" else call(x)
                return (time.process_time() - start) / n * 1e3, result

            same = same_bytes(run(mine, 3)[1], run(theirs, 3)[1])
            spent.clear()
            ours, others = [], []
            for r in range(args.rounds):
                pair = (theirs, mine) if r % 2 else (mine, theirs)
                for model in pair:
                    (ours if model is mine else others).append(run(model)[0])
            ratios = [b / a for a, b in zip(ours, others, strict=True)]
            q1, q2, q3 = statistics.quantiles(ratios, n=4)
            print(
                f"| {kind} {batch} | {statistics.median(ours):.2f} | "
                f"{statistics.median(others):.2f} | {q2:.3f}x ({q1:.3f}-{q3:.3f}) | {same} |",
                flush=True,
            )
            if args.kernels:
                per = args.rounds * calls
                for name in sorted({n for _, n in spent}):
                    print(
                        f"|   {name} | {spent['this', name] / per * 1e3:.3f} | "
                        f"{spent['other', name] / per * 1e3:.3f} | | |"
                    )


if __name__ == "__main__":
    main()
