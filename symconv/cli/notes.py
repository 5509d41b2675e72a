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
from pathlib import Path

from symconv.errors import SymconvError
from symconv.files import refuse_existing, write_atomic
from symconv.notes.build import build, make_document, stale
from symconv.notes.conv_notes import check_sections
from symconv.notes.i18n import check_language
from symconv.notes.render import FORMATS
from symconv.notes.render_tex import tex_body
from symconv.printing import notation as check_notation
from symconv.spec.options import add_channel_options, refuse_inapplicable

SUFFIXES = {".md": "md", ".tex": "tex", ".html": "html", ".htm": "html", ".json": "json",
            ".pdf": "pdf"}
# Every layer option defaults to None (each layer kind has its own defaults), so a given
# option is known: with --general every size is a symbol, and a layer kind that does not
# read an option refuses it rather than silently ignoring it.
LAYER_DEFAULTS = {"input": None, "kernel": None, "stride": None, "padding": None,
                  "dilation": None, "in_channels": None, "out_channels": None, "groups": None,
                  "mode": None, "no_bias": False, "in_features": None, "out_features": None,
                  "classes": None, "output_padding": None}


def add_parser(subparsers) -> argparse.ArgumentParser:
    derive = subparsers.add_parser("derive", help="write a whole derivation document")
    derive.add_argument("layer", help="conv2d, conv1d, conv_transpose2d, conv_transpose1d, "
                        "avgpool2d, maxpool2d, dense, tanh, sigmoid, relu, "
                        "softmax_cross_entropy, lenet or a network .toml file "
                        "(with --general: conv2d, avgpool2d or dense)")
    group = derive.add_argument_group("layer options (as for symconv prove)")
    group.add_argument("--input", help="HxW, L for conv1d (default: 3x3 for conv2d, 4 for "
                       "conv1d, 4x4 for pools and activations)")
    group.add_argument("--kernel", help="KHxKW, K for conv1d (default: 2)")
    group.add_argument("--stride", help="S or SHxSW (default: 1; pools: the kernel)")
    group.add_argument("--padding", help="P, PH,PW, T,B,L,R, valid, same, full (default: 0)")
    group.add_argument("--output-padding", help="OP or OPHxOPW, transposed convolutions "
                       "only (default: 0)")
    add_channel_options(group)
    group.add_argument("--mode", help="correlation or convolution (default: correlation)")
    group.add_argument("--no-bias", action="store_true", help="the layer has no bias")
    group.add_argument("--in-features", type=int, help="dense inputs (default: 4)")
    group.add_argument("--out-features", type=int, help="dense outputs (default: 3)")
    group.add_argument("--classes", type=int, help="softmax_cross_entropy classes "
                       "(default: 10)")
    general = derive.add_argument_group("proof for every size")
    general.add_argument("--general", action="store_true",
                         help="every size a symbol: the general proofs, step by step")
    general.add_argument("--case", help="with --general: a, b, c, d, all or convolution for "
                         "conv2d (default: all; avgpool2d and dense have one case)")
    out = derive.add_argument_group("document")
    out.add_argument("--format", help="md, tex, html, json or pdf (default: from -o, else md)")
    out.add_argument("--body", action="store_true",
                     help="with --format tex: the body only, to \\input into a course document")
    out.add_argument("--lang", default="en", help="en or es")
    out.add_argument("--notation", help="subscript, functional, superscript or onebased "
                     "(default: superscript for lenet, as seed 000; else subscript)")
    out.add_argument("--index-base", type=int, choices=(0, 1),
                     help="first index (default: the notation's own)")
    out.add_argument("--sections", help="comma-separated: setup,forward,backward,jacobians,"
                     "closed,verified (default: all)")
    out.add_argument("-o", "--output", help="file to write (default: standard output)")
    out.add_argument("--force", action="store_true", help="overwrite an existing output")
    builder = subparsers.add_parser("build", help="regenerate the documents of derivations/")
    builder.add_argument("directory", help="a folder of derivation .toml specs")
    builder.add_argument("--check", action="store_true",
                         help="write nothing; exit 1 when an output is stale")
    builder.add_argument("--quiet", action="store_true",
                         help="print nothing (the exit status still tells)")
    builder.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                         help="show the traceback of an error")
    builder.set_defaults(run=run)
    return derive


def run(args: argparse.Namespace) -> int:
    if args.command == "build":
        return run_build(args)
    return run_derive(args)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        if args.format != "pdf" and args.format not in FORMATS:
            raise SymconvError(f"--format {args.format!r} is unknown; the rule: one of "
                               f"{', '.join((*FORMATS, 'pdf'))}")
        fmt = args.format
    elif args.output:
        fmt = SUFFIXES.get(Path(args.output).suffix.lower(), "md")
    else:
        fmt = "md"
    if args.body and fmt != "tex":
        raise SymconvError(f"--body does not apply to --format {fmt}; the rule: --body "
                           "writes a LaTeX fragment, with --format tex")
    if fmt == "pdf" and not args.output:
        raise SymconvError("--format pdf needs -o FILE.pdf; the rule: a PDF is not written "
                           "to the terminal")
    return fmt


def run_derive(args: argparse.Namespace) -> int:
    # Every check that needs no derivation comes first, so bad input fails at once.
    if args.general:
        return run_general_derive(args)
    if args.case is not None:
        raise SymconvError(f"--case {args.case!r} needs --general; the rule: --case chooses "
                           "one of the general proofs")
    fmt = _format(args)
    check_language(args.lang)
    network = args.layer == "lenet" or args.layer.endswith(".toml")
    name = args.notation or ("superscript" if network else "subscript")
    check_notation(name, args.index_base)
    given = {k: getattr(args, k) for k, v in LAYER_DEFAULTS.items() if getattr(args, k) != v}
    refuse_inapplicable(given, args.layer, f"network {args.layer!r}" if network else None)
    sections = check_sections(args.sections.split(",")) if args.sections else None
    if args.output:
        refuse_existing(args.output, args.force)
    config = {"input": args.input, "kernel": args.kernel, "stride": args.stride,
              "padding": args.padding, "dilation": args.dilation,
              "in_channels": args.in_channels, "out_channels": args.out_channels,
              "groups": args.groups, "mode": args.mode, "bias": not args.no_bias,
              "in_features": args.in_features, "out_features": args.out_features,
              "classes": args.classes, "output_padding": args.output_padding}
    doc = make_document(args.layer, config, name, args.lang, sections, args.index_base)
    _emit(doc, fmt, args.output, args.body)
    return 0


def _emit(doc, fmt: str, output: str | None, body: bool = False) -> None:
    if fmt == "pdf":
        from symconv.notes.pdf import write_pdf

        write_pdf(doc.render("tex"), output)
        return
    text = tex_body(doc) if body else doc.render(fmt)
    if output:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)


def run_general_derive(args: argparse.Namespace) -> int:
    """``derive KIND --general``: the general proofs of one case as a document."""
    from symconv.notes.general_doc import check_general, general_document  # loads the prover

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
    _emit(general_document(args.layer, case, args.lang), fmt, args.output, args.body)
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
        line = (f"{verb}: {name} ({', '.join(done)})" if done else
                f"up to date: {name} ({', '.join(same)})")
        if done and same:
            line += f"; up to date: {', '.join(same)}"
        if not args.quiet:
            print(line)
    if not args.quiet:
        total = sum(counts.values())
        print(f"{args.directory}: {total} document{'s' * (total != 1)}, {counts[verb]} "
              f"{verb if args.check else 'written'}, {counts['up to date']} up to date")
    return 1 if args.check and changed else 0
