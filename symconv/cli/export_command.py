"""``symconv export``: write a standalone NumPy module of proved kernels.

    symconv export conv2d --input 28 --kernel 5 --padding 2 --out-channels 6 -o c1.py
    symconv export lenet -o lenet_kernels.py
    symconv export net.toml -o net_kernels.py

Registered by ``symconv/cli/main.py`` through ``EXTRA_COMMANDS``.  The module is the API's
(:func:`symconv.export`, printed by :mod:`symconv.runtime.export`); the command prints the
result, ``wrote PATH (what it holds)``.
"""

from __future__ import annotations

import argparse

from symconv.proofs.engine import DEFAULT_MAX_TERMS
from symconv.spec.options import add_channel_options

# The layer options of ``export conv2d`` (defaults None: an option given with ``lenet`` or a
# network is refused, not ignored), in the order of spec.options.APPLIES_TO, which names
# the first one refused; --no-bias (bias=False) comes last there too.
LAYER_OPTIONS = (
    "input",
    "in_channels",
    "out_channels",
    "kernel",
    "stride",
    "padding",
    "dilation",
    "groups",
)


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser("export", help="write a standalone NumPy module of proved kernels")
    parser.add_argument("target", help="conv2d, lenet or a network .toml file")
    parser.add_argument("-o", "--output", required=True, help="the .py file to write")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument(
        "--max-terms",
        type=int,
        default=DEFAULT_MAX_TERMS,
        help="refuse configurations whose proof needs more terms",
    )
    group = parser.add_argument_group("layer options (conv2d)")
    group.add_argument("--input", help="HxW (default: 5x5)")
    add_channel_options(group)
    group.add_argument("--kernel", help="KHxKW (default: 2)")
    group.add_argument("--stride", help="S or SHxSW (default: 1)")
    group.add_argument("--padding", help="P, PH,PW, T,B,L,R, valid, same, full (default: 0)")
    group.add_argument("--no-bias", action="store_true", default=None, help="the layer has no bias")
    return parser


def run(args: argparse.Namespace) -> int:
    from symconv.api.verbs import export  # the prover and printer load only for this command

    options = {name: getattr(args, name) for name in LAYER_OPTIONS}
    if args.no_bias:
        options["bias"] = False
    print(export(args.target, args.output, force=args.force, max_terms=args.max_terms, **options))
    return 0
