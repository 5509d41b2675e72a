"""``symconv`` command line: ``shapes`` and ``prove``.

Bad input prints ``symconv: error: <value and rule>`` on stderr and exits 2 (the
traceback only with ``--debug``); so does a mistyped command, option or choice, with the
nearest name (:mod:`symconv.cli.argparsing`), and an option the target does not take
(:data:`symconv.spec.options.APPLIES_TO`).  ``prove`` exits 0 when every identity is proved
and 1 when one fails.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from symconv import __version__
from symconv.algebra.tensors import STYLES, Naming
from symconv.cli.argparsing import Parser, listing
from symconv.errors import INTERNAL_ERROR, STRICT_ENV, SymconvError, internal_error
from symconv.proofs.engine import DEFAULT_MAX_TERMS, check_budget
from symconv.proofs.problems import network_layers
from symconv.spec.layer import ACTIVATIONS, MODES, Dense, check_input, pool
from symconv.spec.network import Network, lenet5, load_network
from symconv.spec.options import (
    add_channel_options,
    conv_layer,
    conv_options,
    conv_transpose_layer,
    refuse_inapplicable,
    size,
)
from symconv.spec.shape_table import FORMATS

# Modules that add a subcommand (see _command_modules).
EXTRA_COMMANDS: list[str] = [
    "symconv.runtime.train",
    "symconv.cli.export_command",
    "symconv.cli.notes",
    "symconv.cli.check",
]

LAYER_KINDS = (
    "conv1d",
    "conv2d",
    "conv_transpose1d",
    "conv_transpose2d",
    "avgpool2d",
    "maxpool2d",
    "dense",
    *ACTIVATIONS,
    "softmax_cross_entropy",
)
DEBUG_HELP = "show the traceback of an error"
# proved for every size by --general
GENERAL_KINDS = ("conv2d", "conv_transpose2d", "avgpool2d", "dense")


def _network(name: str, layers_too: bool = False) -> Network:
    if name == "lenet":
        return lenet5()
    if name.endswith(".toml") or Path(name).exists():
        return load_network(name)
    if layers_too:
        raise SymconvError(
            f"{name!r} is unknown; the rule: a layer kind "
            f"({listing(LAYER_KINDS)}), 'lenet' or a .toml file"
        )
    raise SymconvError(f"network {name!r} is unknown; the rule: 'lenet' or a .toml file")


# Options that describe one layer, with their defaults.  The parser's defaults are None,
# so that an option the user gave is told apart from one left out: a network or a
# general proof has its own sizes, and a layer kind takes only its own options
# (options.APPLIES_TO); the others are refused rather than silently ignored.
LAYER_DEFAULTS: dict[str, object] = {
    "input": None,
    "in_channels": 1,
    "out_channels": 1,
    "kernel": "2",
    "stride": None,
    "padding": "0",
    "dilation": "1",
    "groups": 1,
    "mode": "correlation",
    "no_bias": False,
    "in_features": 4,
    "out_features": 3,
    "classes": 10,
    "output_padding": None,
}
# Options of every concrete proof (a layer kind or a network), not of --general.
PROOF_DEFAULTS: dict[str, object] = {
    "batch": 1,
    "index_base": 0,
    "index_style": "compact",
    "max_terms": DEFAULT_MAX_TERMS,
}
TARGETS = (*LAYER_KINDS, "lenet", "a network .toml")


def _layer_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("layer options (each layer kind takes its own)")
    group.add_argument(
        "--input",
        help="input size HxW, or N for NxN; L for conv1d (default: "
        "5x5 for convolutions, 5 for conv1d, 4x4 for pools and activations)",
    )
    group.add_argument("--kernel", help="KHxKW, or K for KxK; K for conv1d (default: 2)")
    group.add_argument("--stride", help="S or SHxSW (default: 1; pools: the kernel)")
    group.add_argument(
        "--padding", help="P, PH,PW, T,B,L,R, valid, same (stride 1 only) or full (default: 0)"
    )
    add_channel_options(group)
    group.add_argument(
        "--output-padding", help="OP or OPHxOPW, transposed convolutions (default: 0)"
    )
    group.add_argument("--batch", type=int, help="examples in the batch (default: 1)")
    group.add_argument(
        "--mode",
        help=f"{listing(MODES)}: correlation is what PyTorch "
        "computes, convolution flips the kernel (default: correlation)",
    )
    group.add_argument("--no-bias", action="store_true", default=None, help="the layer has no bias")
    group.add_argument("--in-features", type=int, help="dense inputs (default: 4)")
    group.add_argument("--out-features", type=int, help="dense outputs (default: 3)")
    group.add_argument("--classes", type=int, help="softmax_cross_entropy classes (default: 10)")
    names = parser.add_argument_group("naming of entries in reports")
    names.add_argument(
        "--index-base", type=int, choices=[0, 1], help="first index: x_{00} or x_{11} (default: 0)"
    )
    names.add_argument(
        "--index-style",
        choices=list(STYLES),
        help="compact: x_{01} while indices are single digits; comma: x_{0,1} (default: compact)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="symconv",
        description=("Derive, prove, print and run the mathematics of convolutional networks."),
    )
    parser.add_argument("--version", action="version", version=f"symconv {__version__}")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    shapes = sub.add_parser("shapes", help="per-layer shapes, activations and parameters")
    shapes.add_argument("net", help="'lenet' or a network .toml file")
    shapes.add_argument("--format", default="text", choices=FORMATS, help="output format")
    prove = sub.add_parser("prove", help="derive every gradient and prove its closed form")
    prove.add_argument("target", help=f"'lenet', a network .toml, or one of {listing(LAYER_KINDS)}")
    prove.add_argument("--json", action="store_true", help="a JSON report instead of text")
    prove.add_argument(
        "--max-terms",
        type=int,
        help=f"refuse configurations estimated to need more terms (default: {DEFAULT_MAX_TERMS:,})",
    )
    prove.add_argument(
        "--general",
        action="store_true",
        help="prove for symbolic sizes (conv2d cases a-d, avgpool2d, dense)",
    )
    prove.add_argument(
        "--general-cases",
        help="with --general: comma-separated subset, e.g. a,b (default: every case)",
    )
    _layer_options(prove)
    for p in (shapes, prove):
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)
    for module in _command_modules():
        command = module.add_parser(sub)
        command.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP
        )
        command.set_defaults(run=module.run)
    return parser


def _command_modules() -> list:
    """Further subcommands: each module has ``add_parser(subparsers)`` and ``run(args)``."""
    import importlib

    found = []
    for name in EXTRA_COMMANDS:
        found.append(importlib.import_module(name))
    return found


def _naming(args: argparse.Namespace) -> Naming:
    """How entries are named in proofs' mismatch reports (x_{00}, x_{11}, x_{0,1,2})."""
    return Naming(index_base=args.index_base, style=args.index_style)


def single_layer(args: argparse.Namespace) -> tuple[list, dict]:
    """The proof problem for ``symconv prove <kind> [options]``, within the term budget."""
    from symconv.layers.conv import ConvLayer, conv_terms
    from symconv.layers.dense import DenseLayer, dense_terms
    from symconv.layers.elementwise import (
        ActivationLayer,
        SoftmaxCrossEntropyLayer,
        activation_terms,
        softmax_terms,
    )
    from symconv.layers.pool import pool_layer, pool_terms

    kind, batch, naming = args.target, args.batch, _naming(args)
    for option in ("batch", "classes"):
        value = getattr(args, option)
        if value < 1:
            raise SymconvError(
                f"--{option.replace('_', '-')} {value} is not allowed; the rule: at least 1"
            )
    # a configuration beyond any budget is still proved for every size by --general
    hint = "use --general for every size" if kind in GENERAL_KINDS else "use smaller sizes"

    def budget(terms: int) -> None:
        check_budget(terms, args.max_terms, hint)

    if kind.startswith("conv_transpose"):
        from symconv.layers.conv_transpose import ConvTransposeLayer, conv_transpose_terms

        spec, hw = conv_transpose_layer(
            kind, {**conv_options(args), "output_padding": args.output_padding}, "4"
        )
        budget(conv_transpose_terms(spec, hw, batch))
        layer = ConvTransposeLayer(spec, hw, batch, naming)
    elif kind in ("conv1d", "conv2d"):
        spec, hw = conv_layer(kind, conv_options(args), "5")
        out = spec.output_shape((spec.in_channels, *hw))
        budget(conv_terms(spec, out[1:], batch))
        layer = ConvLayer(spec, hw, batch, naming)
    elif kind in ("avgpool2d", "maxpool2d"):
        kernel = size("--kernel", args.kernel, 2)
        stride = None if args.stride is None else size("--stride", args.stride, 2)
        spec = pool(kind[:3], kernel, stride, size("--padding", args.padding, 2), name=kind)
        shape = (args.in_channels, *size("--input", args.input or "4", 2))
        budget(pool_terms(spec, spec.output_shape(shape), batch))
        layer = pool_layer(spec, shape, batch, naming)
    elif kind == "dense":
        spec = Dense(args.in_features, args.out_features, not args.no_bias, name="dense")
        budget(dense_terms(spec, batch))
        layer = DenseLayer(spec, batch, naming)
    elif kind in ACTIVATIONS:
        shape = (args.in_channels, *size("--input", args.input or "4", 2))
        check_input(kind, shape)
        budget(activation_terms(shape, batch))
        layer = ActivationLayer(kind, shape, batch, naming)
    elif kind == "softmax_cross_entropy":
        budget(softmax_terms(args.classes, batch))
        layer = SoftmaxCrossEntropyLayer(args.classes, batch, naming)
    else:  # run_prove sends only LAYER_KINDS here
        raise AssertionError(kind)
    return [layer], layer.config()


def _given(args: argparse.Namespace) -> dict[str, object]:
    """The layer and proof options the user gave (the parser's defaults are None)."""
    return {
        name: getattr(args, name)
        for name in (*LAYER_DEFAULTS, *PROOF_DEFAULTS)
        if getattr(args, name) is not None
    }


def _fill_defaults(args: argparse.Namespace) -> None:
    for name, default in {**LAYER_DEFAULTS, **PROOF_DEFAULTS}.items():
        if getattr(args, name) is None:
            setattr(args, name, default)


def run_prove(args: argparse.Namespace) -> int:
    if args.general_cases is not None and not args.general:
        raise SymconvError(f"--general-cases {args.general_cases!r} needs --general")
    if args.general:
        refuse_inapplicable(
            _given(args),
            args.target,
            "--general (every size is a symbol)",
            dict.fromkeys(PROOF_DEFAULTS, TARGETS),
        )
        from symconv.cli.prove_general import run_general

        return run_general(args)
    from symconv.api.verbs import (
        prove_args,  # symconv.prove: the same proofs, as a result object
    )

    result = prove_args(args)
    print(json.dumps(result.to_dict(), indent=2) if args.json else result)
    return 0 if result.proved else 1


def prove_problem(args: argparse.Namespace) -> tuple[list, dict]:
    """The layers and configuration ``symconv prove TARGET`` proves (not --general), every
    option checked; ``args.target`` is a layer kind, 'lenet', a .toml path or a Network."""
    given = _given(args)
    if args.target in LAYER_KINDS:
        refuse_inapplicable(given, args.target)
        _fill_defaults(args)
        return single_layer(args)
    net = (
        args.target if isinstance(args.target, Network) else _network(args.target, layers_too=True)
    )
    refuse_inapplicable(given, args.target, f"network {net.name!r}")
    _fill_defaults(args)
    layers = network_layers(net, args.batch, _naming(args), args.max_terms)
    return layers, {"network": net.name, "batch": args.batch, "layers": len(layers)}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit:  # after --help or a usage error: its text meets the pipe here
            sys.stdout.flush()
            raise
        if getattr(args, "debug", False):
            os.environ[STRICT_ENV] = "1"  # a reader's internal error raises, with its traceback
        try:
            code = _run(args)
        except SymconvError as exc:
            if args.debug:
                raise
            print(f"symconv: error: {exc}", file=sys.stderr)
            code = 2
        except BrokenPipeError:
            raise  # the reader went away: handled below, not a bug
        except Exception as exc:  # a bug of symconv's, not the user's input: one line, no trace
            if args.debug or os.environ.get(STRICT_ENV) or isinstance(exc, OSError):
                raise  # (an OSError is the machine's -- a full disk -- and keeps its trace)
            print(f"symconv: {internal_error(exc)}", file=sys.stderr)
            code = INTERNAL_ERROR
        sys.stdout.flush()  # here, so a closed pipe is seen below, not at interpreter exit
        return code
    except BrokenPipeError:
        # The reader went away (``symconv check notes.md | head -1``): stop quietly, as
        # a tool killed by SIGPIPE would, and point stdout at /dev/null so that the
        # interpreter's own flush at exit finds nothing left to write to the closed pipe.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 141


def _run(args: argparse.Namespace) -> int:
    if args.command == "shapes":
        from symconv.api.verbs import shapes  # symconv.shapes: the same table, as a result object

        print(shapes(args.net).format(args.format))
        return 0
    if args.command == "prove":
        return run_prove(args)
    return args.run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
