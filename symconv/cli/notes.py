"""``symconv derive`` (one derivation document) and ``symconv build`` (derivations/).

    symconv derive conv2d --input 3x3 --kernel 2 --no-bias --lang es -o notes.tex
    symconv derive conv1d --input 4 --kernel 2 --notation onebased --format html
    symconv derive lenet --notation superscript --lang es --format md
    symconv derive conv2d --general --case b --lang es -o general.tex  # symbolic sizes
    symconv build derivations/          # regenerate every committed document
    symconv build derivations/ --check  # exit 1 when an output is stale

Registered by ``symconv/cli/main.py`` through ``EXTRA_COMMANDS``: :func:`add_parser` adds both
subcommands and returns ``derive``; :func:`run` serves both.
"""

from __future__ import annotations

import argparse
import sys

from symconv.notes.build import build, stale
from symconv.spec.options import add_channel_options

# Every layer option defaults to None (each layer kind has its own defaults), so a given
# option is known: with --general every size is a symbol, and a layer kind that does not
# read an option refuses it rather than silently ignoring it.
LAYER_DEFAULTS = {
    "input": None,
    "kernel": None,
    "stride": None,
    "padding": None,
    "dilation": None,
    "in_channels": None,
    "out_channels": None,
    "groups": None,
    "mode": None,
    "no_bias": False,
    "in_features": None,
    "out_features": None,
    "classes": None,
    "output_padding": None,
}


def add_parser(subparsers) -> argparse.ArgumentParser:
    derive = subparsers.add_parser("derive", help="write a whole derivation document")
    derive.add_argument(
        "layer",
        help="conv2d, conv1d, conv_transpose2d, conv_transpose1d, "
        "avgpool2d, maxpool2d, dense, tanh, sigmoid, relu, "
        "softmax_cross_entropy, lenet or a network .toml file "
        "(with --general: conv2d, avgpool2d or dense)",
    )
    group = derive.add_argument_group("layer options (as for symconv prove)")
    group.add_argument(
        "--input",
        help="HxW, L for conv1d (default: 3x3 for conv2d, 4 for "
        "conv1d, 4x4 for pools and activations)",
    )
    group.add_argument("--kernel", help="KHxKW, K for conv1d (default: 2)")
    group.add_argument("--stride", help="S or SHxSW (default: 1; pools: the kernel)")
    group.add_argument("--padding", help="P, PH,PW, T,B,L,R, valid, same, full (default: 0)")
    group.add_argument(
        "--output-padding", help="OP or OPHxOPW, transposed convolutions only (default: 0)"
    )
    add_channel_options(group)
    group.add_argument("--mode", help="correlation or convolution (default: correlation)")
    group.add_argument("--no-bias", action="store_true", help="the layer has no bias")
    group.add_argument("--in-features", type=int, help="dense inputs (default: 4)")
    group.add_argument("--out-features", type=int, help="dense outputs (default: 3)")
    group.add_argument("--classes", type=int, help="softmax_cross_entropy classes (default: 10)")
    general = derive.add_argument_group("proof for every size")
    general.add_argument(
        "--general",
        action="store_true",
        help="every size a symbol: the general proofs, step by step",
    )
    general.add_argument(
        "--case",
        help="with --general: a, b, c, d, all or convolution for "
        "conv2d (default: all; avgpool2d and dense have one case)",
    )
    out = derive.add_argument_group("document")
    out.add_argument("--format", help="md, tex, html, json or pdf (default: from -o, else md)")
    out.add_argument(
        "--body",
        action="store_true",
        help="with --format tex: the body only, to \\input into a course document",
    )
    out.add_argument("--lang", default="en", help="en or es")
    out.add_argument(
        "--notation",
        help="subscript, functional, superscript or onebased "
        "(default: superscript for lenet, as seed 000; else subscript)",
    )
    out.add_argument(
        "--index-base", type=int, choices=(0, 1), help="first index (default: the notation's own)"
    )
    out.add_argument(
        "--sections",
        help="comma-separated: setup,forward,backward,jacobians,closed,verified (default: all)",
    )
    out.add_argument("-o", "--output", help="file to write (default: standard output)")
    out.add_argument("--force", action="store_true", help="overwrite an existing output")
    builder = subparsers.add_parser("build", help="regenerate the documents of derivations/")
    builder.add_argument("directory", help="a folder of derivation .toml specs")
    builder.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when an output is stale"
    )
    builder.add_argument(
        "--quiet", action="store_true", help="print nothing (the exit status still tells)"
    )
    builder.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the traceback of an error",
    )
    builder.set_defaults(run=run)
    return derive


def run(args: argparse.Namespace) -> int:
    if args.command == "build":
        return run_build(args)
    return run_derive(args)


def run_derive(args: argparse.Namespace) -> int:
    """The API's document (:func:`symconv.derive`: every check before any work), written
    to -o or to standard output."""
    from symconv.api.derived import output_format
    from symconv.api.verbs import derive

    fmt = output_format(args.format, args.output, args.body)  # bad input fails at once
    options: dict[str, object] = {}  # the options given, in order (--no-bias: bias=False)
    for name, default in LAYER_DEFAULTS.items():
        if getattr(args, name) != default:
            options["bias" if name == "no_bias" else name] = (
                False if name == "no_bias" else getattr(args, name)
            )
    result = derive(
        args.layer,
        lang=args.lang,
        notation=args.notation,
        index_base=args.index_base,
        sections=args.sections,
        general=args.general,
        case=args.case,
        path=args.output,
        force=args.force,
        fmt=fmt,
        body=args.body,
        **options,
    )
    if not args.output:
        sys.stdout.write(result.format(fmt, args.body))
    return 0


def run_build(args: argparse.Namespace) -> int:
    """One line per document (its formats written, stale or up to date), then a summary."""
    from symconv.notes.build import specs

    changed = set(stale(args.directory) if args.check else build(args.directory))
    verb = "stale" if args.check else "wrote"
    counts = {verb: 0, "up to date": 0}
    for spec in specs(args.directory):
        paths = {fmt: spec.path.parent / f"{spec.output}.{fmt}" for fmt in spec.formats}
        done = [fmt for fmt, path in paths.items() if path in changed]
        same = [fmt for fmt in paths if fmt not in done]
        counts[verb if done else "up to date"] += 1
        name = spec.path.parent / spec.output
        line = (
            f"{verb}: {name} ({', '.join(done)})"
            if done
            else f"up to date: {name} ({', '.join(same)})"
        )
        if done and same:
            line += f"; up to date: {', '.join(same)}"
        if not args.quiet:
            print(line)
    if not args.quiet:
        total = sum(counts.values())
        print(
            f"{args.directory}: {total} document{'s' * (total != 1)}, {counts[verb]} "
            f"{verb if args.check else 'written'}, {counts['up to date']} up to date"
        )
    return 1 if args.check and changed else 0
