"""``symconv check``: verify a hand derivation and say which term is wrong.

Registered by ``symconv/cli/main.py`` (``EXTRA_COMMANDS``); the check itself is the API's
(:func:`symconv.api.checked.check_sources`, as :func:`symconv.check` runs it), and the
output is the result's text, GitHub annotations or JSON.  Exit status: 0 when nothing is
wrong, 1 when an equation is wrong or size-specific, 2 (raised as
:class:`~symconv.errors.SymconvError`, printed by the main CLI) for unusable input,
including input in which nothing could be checked (no equation, or none understood).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from symconv.checker.declared import LAYERS
from symconv.checker.notation_options import NOTATIONS
from symconv.errors import SymconvError
from symconv.spec.options import add_channel_options

if TYPE_CHECKING:
    from symconv.api.results import Checks

EPILOG = """\
The layer can also be declared in the file: a front-matter block at the top
  ---
  layer: conv2d
  input: 3x3
  kernel: 2
  bias: false
  notation: subscript
  ---
or a directive on a line of its own, valid from that line on:
  % symconv: layer=conv1d input=4 kernel=2 notation=onebased
  <!-- symconv: network=lenet notation=superscript -->
Command-line options override the front matter; directives override both.

Notations: subscript (x_{00}, 0-based, * = correlation), onebased (x_{11}),
functional (I(i+m, j+n); * = convolution, \\otimes = correlation),
superscript (Z^{[1]}_{i,j,k}, H x W x C, channels from 1).
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "check",
        help="verify hand derivations in Markdown/LaTeX notes",
        description="Find the equations in notes, compare each with the derived truth for "
        "the layer and say which term is wrong.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="*", help="Markdown or LaTeX files")
    parser.add_argument(
        "--allow-empty",
        action="store_true",
        help="a file with no checkable equation is not an error (for hooks "
        "that pass every changed file)",
    )
    parser.add_argument(
        "--expr", help="check one LaTeX formula instead of a file (default: none, check FILE)"
    )
    layer = parser.add_argument_group(
        "layer options (default: read from the notes; with --expr: conv2d, input 3x3, kernel 2)"
    )
    layer.add_argument(
        "--layer", choices=LAYERS, help="the layer kind (default: from the notes, else conv2d)"
    )
    layer.add_argument(
        "--network", help="'lenet' or a network .toml (tables, C1, ...; default: none, one layer)"
    )
    layer.add_argument(
        "--input", help="HxW, L for conv1d (default: from the notes, else 3x3, 4 for conv1d)"
    )
    layer.add_argument("--kernel", help="KHxKW, K for conv1d (default: from the notes, else 2)")
    layer.add_argument("--stride", help="S or SHxSW (default: from the notes, else 1)")
    layer.add_argument(
        "--padding", help="P, PH,PW, T,B,L,R, valid, same or full (default: from the notes, else 0)"
    )
    add_channel_options(layer, count=str)
    layer.add_argument(
        "--mode", help="correlation or convolution (default: from the notes, else correlation)"
    )
    layer.add_argument("--no-bias", action="store_true", help="the layer has no bias")
    layer.add_argument("--in-features", help="dense layer inputs (default: 4)")
    layer.add_argument("--out-features", help="dense layer outputs (default: 3)")
    notes = parser.add_argument_group("notation and output")
    notes.add_argument(
        "--notation",
        choices=sorted(NOTATIONS),
        help="what x_{00}, I(i, j), Z^{[1]} and * mean (default: from the notes, else subscript)",
    )
    notes.add_argument(
        "--index-base", choices=("0", "1"), help="first index (default: the notation's own)"
    )
    notes.add_argument("--json", action="store_true", help="a JSON report")
    notes.add_argument(
        "--format",
        choices=("human", "github"),
        default="human",
        help="github: workflow annotations for CI",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    if (not args.file) == (args.expr is None):
        raise SymconvError(
            "check needs a FILE or --expr 'LATEX' (one of them); the rule: "
            "symconv check notes.md [options] or symconv check --expr '...'"
        )
    from symconv.api.checked import OPTIONS, check_sources  # loaded when a check runs

    options = {name: getattr(args, name) for name in OPTIONS}
    return _show(check_sources(args.file, args.expr, options), args)


def _show(result: Checks, args: argparse.Namespace) -> int:
    """Print every report; exit 2 for an unusable file (unless --allow-empty), else 1 when
    any equation is wrong or size-specific."""
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(result.github() if args.format == "github" else result)
    unusable = result.unusable()
    if unusable and not args.allow_empty:
        if len(result.reports) == 1:  # the report above says why each equation was not understood
            raise SymconvError(unusable[0])
        for reason in unusable:
            print(f"symconv: error: {reason}", file=sys.stderr)
        return 2
    return result.exit_code
