"""A network file's ``loss_and_grads`` throughput: symconv.Model against torch nn.Sequential.

The network is the VGG-like net of issue 15 (``tests/data/networks/vgg_like.toml``:
32x32x3, conv 3x3 padding 1 + ReLU, max pool 2, conv 3x3 padding 1 + ReLU, max pool 2,
dense 10; 11,642 parameters) unless another file is given; torch runs ``symconv.to_torch`` of it
with the same weights.  Both run float32 with the same thread count T (torch
``set_num_threads(T)``, ``Model.cores = T``), in the same process, in back-to-back windows
whose order alternates, at every batch size asked for (default 64 and 256).  The ratio of
the two windows of a pair is the figure least moved by a shared machine's drifting speed;
each side's best and median samples/s are printed too.  See benchmarks/lenet_step.py for
the same measurement of LeNet-5 over several fresh processes.

    python benchmarks/model_step.py [NET.toml] [--batch 64 256] [--seconds 0.5]
                                    [--repeats 6] [--quiet-wait 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lenet_step import blas_info, paired_windows

from symconv import Model, to_torch

VGG = Path(__file__).resolve().parent.parent / "tests" / "data" / "networks" / "vgg_like.toml"


def steps(model: Model, batch: int) -> tuple[Callable[[], object], Callable[[], object]]:
    """(symconv's step, torch's step) on the same random float32 batch, torch running
    ``symconv.to_torch`` of the network with the model's weights."""
    reference = to_torch(model.network)
    with torch.no_grad():
        for param, value in zip(reference.parameters(), model.params.values(), strict=True):
            param.copy_(torch.from_numpy(value))
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, *model.input_shape)).astype(np.float32)
    y = rng.integers(0, model.classes, batch)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)

    def ours():
        return model.loss_and_grads(x, y)

    def theirs():
        reference.zero_grad(set_to_none=True)
        loss = F.cross_entropy(reference(xt), yt)
        loss.backward()
        return loss

    return ours, theirs


def measure(
    model: Model, batch: int, repeats: int, seconds: float, quiet_wait: float
) -> tuple[list[tuple[float, float]], int]:
    """[(symconv, torch) samples/s of each pair of windows], pairs started while busy."""
    ours, theirs = steps(model, batch)
    return paired_windows(ours, theirs, batch, repeats, seconds, quiet_wait)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("net", nargs="?", default=str(VGG))
    parser.add_argument("--batch", type=int, nargs="+", default=[64, 256])
    parser.add_argument("--seconds", type=float, default=0.5)
    parser.add_argument("--repeats", type=int, default=6)
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=20.0,
        help="seconds to wait, before each pair of windows, for the other "
        "processes on the machine to go idle (0: do not wait)",
    )
    args = parser.parse_args()
    threads, kernel = blas_info()
    torch.set_num_threads(threads)
    model = Model.from_file(args.net, dtype=np.float32, seed=0)
    model.cores = threads
    if model.start_workers() != threads - 1:
        raise SystemExit("symconv worker processes did not start")
    count = sum(v.size for v in model.params.values())
    print(
        f"{model.network.name} ({args.net}, {count:,} parameters); numpy {np.__version__}, "
        f"BLAS {kernel}, {threads} thread(s); torch {torch.__version__} with "
        f"set_num_threads({threads}); Model.cores = {threads}; load average before: "
        f"{os.getloadavg()[0]:.2f}"
    )
    print()
    print(
        "| batch | symconv samples/s (best / median) | torch samples/s (best / median) "
        "| ratio of back-to-back windows: median (quartiles) |"
    )
    print("|---:|---:|---:|---:|")
    noisy = 0
    for batch in args.batch:
        pairs, busy = measure(model, batch, args.repeats, args.seconds, args.quiet_wait)
        noisy += busy
        ours, theirs = [a for a, _ in pairs], [b for _, b in pairs]
        ratios = [a / b for a, b in pairs]
        q1, q2, q3 = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
        print(
            f"| {batch} | {max(ours):,.0f} / {statistics.median(ours):,.0f} "
            f"| {max(theirs):,.0f} / {statistics.median(theirs):,.0f} "
            f"| {q2:.2f}x ({q1:.2f}x-{q3:.2f}x) |"
        )
    print()
    print(
        f"load average after: {os.getloadavg()[0]:.2f}; {noisy} window pair(s) started "
        "while other processes kept a core busy (a shared machine: the figures are noisy)"
    )


if __name__ == "__main__":
    main()
