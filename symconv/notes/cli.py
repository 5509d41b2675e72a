"""``symconv derive`` (one derivation document) and ``symconv build`` (derivations/).

    symconv derive conv2d --input 3x3 --kernel 2 --no-bias --lang es -o notes.tex
    symconv derive conv1d --input 4 --kernel 2 --notation onebased --format html
    symconv derive lenet --notation superscript --lang es --format md
    symconv derive conv2d --general --case b --lang es -o general.tex  # symbolic sizes
    symconv build derivations/          # regenerate every committed document
    symconv build derivations/ --check  # exit 1 when an output is stale

Registered by ``symconv/cli.py`` through ``EXTRA_COMMANDS``: :func:`add_parser` adds both
subcommands and returns ``derive``; :func:`run` serves both.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import SymconvError
from ..files import refuse_existing, write_atomic
from ..printing import notation as check_notation
from .build import build, make_document, stale
from .conv_notes import check_sections
from .i18n import check_language
from .render import check_format

SUFFIXES = {".md": "md", ".tex": "tex", ".html": "html", ".htm": "html", ".json": "json"}
# The layer options' defaults: with --general every size is a symbol, so a value other
# than these is refused rather than silently ignored.
LAYER_DEFAULTS = {"input": None, "kernel": "2", "stride": "1", "padding": "0",
                  "dilation": "1", "in_channels": 1, "out_channels": 1, "groups": 1,
                  "mode": "correlation", "no_bias": False}


def add_parser(subparsers) -> argparse.ArgumentParser:
    derive = subparsers.add_parser("derive", help="write a whole derivation document")
    derive.add_argument("layer", help="conv2d, conv1d or lenet (with --general: conv2d, "
                        "avgpool2d or dense)")
    group = derive.add_argument_group("layer options (as for symconv prove)")
    group.add_argument("--input", help="HxW (L for conv1d)")
    group.add_argument("--kernel", default=LAYER_DEFAULTS["kernel"])
    group.add_argument("--stride", default=LAYER_DEFAULTS["stride"])
    group.add_argument("--padding", default=LAYER_DEFAULTS["padding"],
                       help="P, PH,PW, T,B,L,R, valid, same, full")
    group.add_argument("--dilation", default=LAYER_DEFAULTS["dilation"])
    group.add_argument("--in-channels", type=int, default=LAYER_DEFAULTS["in_channels"])
    group.add_argument("--out-channels", type=int, default=LAYER_DEFAULTS["out_channels"])
    group.add_argument("--groups", type=int, default=LAYER_DEFAULTS["groups"])
    group.add_argument("--mode", default=LAYER_DEFAULTS["mode"])
    group.add_argument("--no-bias", action="store_true")
    general = derive.add_argument_group("proof for every size (issue 6)")
    general.add_argument("--general", action="store_true",
                         help="every size a symbol: the general proofs, step by step")
    general.add_argument("--case", help="with --general: a, b, c, d, all (default) or "
                         "convolution for conv2d")
    out = derive.add_argument_group("document")
    out.add_argument("--format", help="md, tex, html or json (default: from -o, else md)")
    out.add_argument("--lang", default="en", help="en or es")
    out.add_argument("--notation", help="subscript, functional, superscript or onebased "
                     "(default: superscript for lenet, as seed 000; else subscript)")
    out.add_argument("--index-base", type=int, choices=(0, 1))
    out.add_argument("--sections", help="comma-separated: setup,forward,backward,jacobians,"
                     "closed,verified")
    out.add_argument("-o", "--output", help="file to write (default: standard output)")
    out.add_argument("--force", action="store_true", help="overwrite an existing output")
    builder = subparsers.add_parser("build", help="regenerate the documents of derivations/")
    builder.add_argument("directory", help="a folder of derivation .toml specs")
    builder.add_argument("--check", action="store_true",
                         help="write nothing; exit 1 when an output is stale")
    builder.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)
    builder.set_defaults(run=run)
    return derive


def run(args: argparse.Namespace) -> int:
    if args.command == "build":
        return run_build(args)
    return run_derive(args)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return check_format(args.format)
    if args.output:
        return SUFFIXES.get(Path(args.output).suffix.lower(), "md")
    return "md"


def run_derive(args: argparse.Namespace) -> int:
    # Every check that needs no derivation comes first, so bad input fails at once.
    if args.general:
        return run_general_derive(args)
    if args.case is not None:
        raise SymconvError(f"--case {args.case!r} needs --general; the rule: --case chooses "
                           "one of the general proofs")
    fmt = _format(args)
    check_language(args.lang)
    name = args.notation or ("superscript" if args.layer == "lenet" else "subscript")
    check_notation(name, args.index_base)
    sections = check_sections(args.sections.split(",")) if args.sections else None
    if args.output:
        refuse_existing(args.output, args.force)
    config = {"input": args.input, "kernel": args.kernel, "stride": args.stride,
              "padding": args.padding, "dilation": args.dilation,
              "in_channels": args.in_channels, "out_channels": args.out_channels,
              "groups": args.groups, "mode": args.mode, "bias": not args.no_bias}
    doc = make_document(args.layer, config, name, args.lang, sections, args.index_base)
    _emit(doc.render(fmt), args.output)
    return 0


def _emit(text: str, output: str | None) -> None:
    if output:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)


def run_general_derive(args: argparse.Namespace) -> int:
    """``derive KIND --general``: the general proofs of one case as a document."""
    from .general_doc import check_general, general_document  # loads the prover

    fmt = _format(args)
    check_language(args.lang)
    case = check_general(args.layer, args.case)
    given = [k for k, v in LAYER_DEFAULTS.items() if getattr(args, k) != v]
    given += [k for k in ("notation", "index_base", "sections") if getattr(args, k) is not None]
    if given:
        option = "--" + given[0].replace("_", "-")
        raise SymconvError(f"{option} does not apply to --general; the rule: every size is a "
                           "symbol, and the proof's own notation is used")
    if args.output:
        refuse_existing(args.output, args.force)
    _emit(general_document(args.layer, case, args.lang).render(fmt), args.output)
    return 0


def run_build(args: argparse.Namespace) -> int:
    if args.check:
        found = stale(args.directory)
        for path in found:
            print(f"stale: {path}")
        return 1 if found else 0
    for path in build(args.directory):
        print(f"wrote {path}")
    return 0
