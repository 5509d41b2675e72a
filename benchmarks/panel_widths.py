"""CPU time of a whole training step with other panel widths, toggled in one process.

The block width of a convolution's panels (output columns per GEMM row, chosen by
``_panel_width``) trades the band's zeros (narrower blocks: fewer multiply-adds) against
the gather's size and the GEMM's width (wider blocks: fewer, longer rows).  This times
``Model.loss_and_grads`` with the chosen widths and with overrides for some convolutions,
on one thread (single-threaded BLAS, ``cores = 1``), in rounds whose order alternates, and
prints each variant's median ms/step and the median of its rounds' speed-ups over the
first variant (above 1: faster).  A second copy of the chosen widths is the noise control.

    python benchmarks/panel_widths.py [NET.toml] [--batch 64] [--rounds 12] [--steps 10]
        [--width C,F,wide,BW ...]

``--width 3,8,0,2``: the convolution with 3 input and 8 output channels gets blocks of 2
columns for Z and dL/dW (wide 0) or for dL/dX (wide 1).  Without ``--width`` the variants
are those of benchmarks/README.md (the VGG-like net's conv1 and conv2).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_step import VGG

from symconv import Model
from symconv.runtime.numeric import geometry

CHOSEN = geometry._panel_width
OVERRIDES: dict[tuple[int, int, bool], int] = {}


def overridden_width(wo: int, kw: int, c: int, f_n: int, sw: int, dw: int, wide: bool = False):
    """``_panel_width``, except for the (C, F, wide) of the current variant."""
    return OVERRIDES.get((c, f_n, bool(wide))) or CHOSEN(wo, kw, c, f_n, sw, dw, wide)


def use(variant: dict[tuple[int, int, bool], int]) -> None:
    """Make ``variant`` the widths every new panel takes (panels are cached per geometry)."""
    OVERRIDES.clear()
    OVERRIDES.update(variant)
    geometry._cached_panels.cache_clear()


DEFAULT = {
    "chosen": {},
    "conv1 2 columns": {(3, 8, False): 2},
    "conv1 1 column (im2col)": {(3, 8, False): 1},
    "conv1 8 columns": {(3, 8, False): 8},
    "conv2 1 column (im2col)": {(8, 16, False): 1},
    "conv2 4 columns": {(8, 16, False): 4},
    "conv2 dL/dX 2 columns": {(8, 16, True): 2},
    "conv2 dL/dX 8 columns": {(8, 16, True): 8},
    "chosen again": {},
}


def parse(widths: list[str]) -> dict[str, dict[tuple[int, int, bool], int]]:
    variants: dict[str, dict[tuple[int, int, bool], int]] = {"chosen": {}}
    for text in widths:
        c, f_n, wide, bw = (int(v) for v in text.split(","))
        variants[text] = {(c, f_n, bool(wide)): bw}
    variants["chosen again"] = {}
    return variants


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("net", nargs="?", default=str(VGG))
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--width", nargs="*", default=[])
    args = parser.parse_args()
    threadpool_limits(1, user_api="blas")
    geometry._panel_width = overridden_width
    variants = parse(args.width) if args.width else DEFAULT
    model = Model.from_file(args.net, dtype=np.float32, seed=0)
    model.cores = 1
    rng = np.random.default_rng(0)
    x = rng.standard_normal((args.batch, *model.input_shape)).astype(np.float32)
    y = rng.integers(0, model.classes, args.batch)
    times: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for r in range(args.rounds):
        for name in names if r % 2 == 0 else names[::-1]:
            use(variants[name])
            model.loss_and_grads(x, y)  # new panels, gathers and buffers
            start = time.process_time()
            for _ in range(args.steps):
                model.loss_and_grads(x, y)
            times[name].append((time.process_time() - start) / args.steps * 1e3)
    print(f"{model.network.name}, batch {args.batch}, one thread, CPU time, {args.rounds} rounds")
    print()
    print("| variant | ms/step | speed-up over the chosen widths: median of rounds |")
    print("|---|---:|---:|")
    for name in names:
        ups = [b / a for a, b in zip(times[name], times[names[0]], strict=True)]
        print(f"| {name} | {statistics.median(times[name]):.2f} | {statistics.median(ups):.3f}x |")


if __name__ == "__main__":
    main()
