"""Digests of a checkout's results on fixed inputs, to show a speed change keeps the bits.

For every network under tests/data/networks and LeNet-5, in float32 and float64, at batch
sizes 1 to 256 (inputs with exact zeros, so the pools' and ReLU's tie rules are exercised):
a short hash of the bytes of the loss, of every gradient and of the logits, after each of a
few SGD-like updates (so later steps see other weights).  Run it under two checkouts (and
with several cores) and compare the printed JSON:

    PYTHONPATH=/work/main python benchmarks/same_bits.py > main.json
    PYTHONPATH=$PWD python benchmarks/same_bits.py --cores 2 > mine.json
    diff main.json mine.json && echo same bits

With ``--cores`` > 1 each step is taken three times (the workers share the chunks out
differently as they measure their speeds); a step whose bytes change from one time to the
next is reported on stderr.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from symconv import Model, lenet5

NETWORKS = Path(__file__).resolve().parent.parent / "tests" / "data" / "networks"


def digest(a) -> str:
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=1)
    args = parser.parse_args()
    makers = [
        (path.name, lambda dtype, path=path: Model.from_file(path, dtype=dtype, seed=3))
        for path in sorted(NETWORKS.glob("*.toml"))
    ]
    makers.append(("lenet5", lambda dtype: Model(lenet5(), dtype=dtype, seed=3)))
    found = {}
    for name, make in makers:
        for dtype in (np.float32, np.float64):
            model = make(dtype)
            model.cores = args.cores
            if args.cores > 1:
                model.start_workers()
            rng = np.random.default_rng(7)
            for n in (1, 5, 33, 64, 100, 256):
                x = (rng.standard_normal((n, *model.input_shape)) * 3).astype(dtype)
                x.reshape(-1)[::7] = 0.0
                y = rng.integers(0, model.classes, n)
                key = f"{name}/{np.dtype(dtype).name}/{n}"
                for _ in range(3 if args.cores > 1 else 1):
                    loss, grads = model.loss_and_grads(x, y)
                    entry = {
                        "loss": digest(np.float64(loss)),
                        **{k: digest(v) for k, v in grads.items()},
                        "logits": digest(model.forward(x)),
                    }
                    if key in found and found[key] != entry:
                        print(f"{key}: the bytes changed between times", file=sys.stderr)
                    found[key] = entry
                for k, value in model.params.items():
                    value -= 0.01 * grads[k]
    json.dump(found, sys.stdout, indent=0, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
