"""The Python API: each command of the CLI as a function that returns a result object.

    import symconv
    symconv.shapes("lenet")                                  # a table, shown in a notebook
    symconv.prove("conv2d", input=(6, 7), kernel=3, stride=2)   # every identity, proved
    d = symconv.derive("conv2d", input=3, kernel=2, bias=False)  # the notes, and SymPy:
    d.dW, d.X, d.closed["dL/dW"]
    symconv.check("notes.md")                                  # verdicts per equation
    symconv.export("conv2d", "c1.py", input=28, kernel=5, padding=2, out_channels=6)

Arguments mirror the command line: a layer kind with its options as keywords
(``kernel=3``, ``kernel=(2, 3)`` or ``kernel="2x3"``; ``padding=(1, 0, 2, 1)`` or
``"same"``; ``bias=False`` for ``--no-bias``), ``"lenet"``, a network ``.toml`` path or a
:class:`~symconv.spec.network.Network`.  The same rules apply, and a value that breaks one
raises the CLI's one-line :class:`~symconv.errors.SymconvError`.  The commands ``shapes``,
``prove``, ``derive``, ``check`` and ``export`` print or write what these functions return
(:mod:`symconv.cli`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from symconv.api.results import Checks, Proofs, Shapes
from symconv.api.symbolic import SymbolicDerivation
from symconv.cli.argparsing import did_you_mean, listing
from symconv.errors import SymconvError
from symconv.spec.network import Network

if TYPE_CHECKING:
    from symconv.api.derived import Derived
    from symconv.api.exported import Exported

SIZES = ("input", "kernel", "stride", "dilation", "output_padding")  # "AxB"
COUNTS = ("in_channels", "out_channels", "groups", "in_features", "out_features", "classes")
LAYER_OPTIONS = (*SIZES, "padding", *COUNTS, "mode", "bias")


def _spelled(
    verb: str, options: dict[str, object], known: tuple[str, ...] = LAYER_OPTIONS
) -> dict[str, object]:
    """Keyword options as the command line spells them (``(2, 3)`` -> ``"2x3"``);
    ``bias=False`` becomes ``no_bias=True``.  An unknown keyword is refused by name."""
    out: dict[str, object] = {}
    for name, value in options.items():
        if name not in known:
            hint = did_you_mean(name, known)
            raise SymconvError(
                f"option {name!r} is unknown to symconv.{verb}; the rule: one "
                f"of {listing(known)}{'; ' + hint if hint else ''}"
            )
        if value is None:
            continue
        if name == "bias":
            if not isinstance(value, bool):
                raise SymconvError(f"bias={value!r} is not allowed; the rule: True or False")
            if not value:
                out["no_bias"] = True
        elif name in COUNTS:
            if isinstance(value, bool) or not isinstance(value, int):
                raise SymconvError(f"{name}={value!r} is not allowed; the rule: a whole number")
            out[name] = value
        elif name == "mode":
            out[name] = str(value)
        else:
            out[name] = _size_text(name, value, "," if name == "padding" else "x")
    return out


def _size_text(name: str, value: object, separator: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if (
        isinstance(value, tuple | list)
        and value
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return separator.join(str(v) for v in value)
    raise SymconvError(
        f"{name}={value!r} is not allowed; the rule: a whole number, a tuple "
        "of them or the command line's text (e.g. '3x3', 'same')"
    )


def _network(target: str | Path | Network) -> Network:
    if isinstance(target, Network):
        return target
    from symconv.cli.main import _network as named

    return named(str(target))


# ------------------------------------------------------------------------------ shapes


def shapes(net: str | Path | Network = "lenet") -> Shapes:
    """Per-layer output shapes, activations and parameters (``symconv shapes``)."""
    network = _network(net)
    return Shapes(network, network.table())


# ------------------------------------------------------------------------------- prove


def _prove_args(
    target: str | Path | Network,
    general: bool,
    cases: str | list[str] | tuple[str, ...] | None,
    batch: int | None,
    max_terms: int | None,
    index_base: int | None,
    index_style: str | None,
    options: dict[str, object],
) -> argparse.Namespace:
    """The namespace ``symconv prove`` would parse from the same request (None: not given)."""
    from symconv.cli.main import LAYER_DEFAULTS

    spelled = _spelled("prove", options)
    if isinstance(cases, list | tuple):
        cases = ",".join(cases)
    values = dict.fromkeys(LAYER_DEFAULTS) | spelled
    target = target if isinstance(target, Network) else str(target)
    return argparse.Namespace(
        target=target,
        json=False,
        general=general,
        general_cases=cases,
        batch=batch,
        max_terms=max_terms,
        index_base=index_base,
        index_style=index_style,
        **values,
    )


def prove(
    target: str | Path | Network,
    *,
    general: bool = False,
    cases: str | list[str] | None = None,
    batch: int | None = None,
    max_terms: int | None = None,
    index_base: int | None = None,
    index_style: str | None = None,
    **options: object,
) -> Proofs:
    """Derive every gradient of a layer kind, LeNet-5 or a network and prove each equal to
    its closed form (``symconv prove``); ``general=True`` proves them for every size.

    The result lists each identity (``result.proofs``: layer, identity, status, entries,
    terms, seconds, mismatch) and is true-ish through ``result.proved``."""
    args = _prove_args(target, general, cases, batch, max_terms, index_base, index_style, options)
    if general:
        return prove_general_args(args)
    return prove_args(args)


def prove_args(args: argparse.Namespace) -> Proofs:
    """``symconv prove`` at concrete sizes, from its parsed arguments."""
    from symconv.cli.main import prove_problem
    from symconv.proofs.engine import prove_all

    layers, config = prove_problem(args)
    report = prove_all(layers, config, args.max_terms)
    return Proofs(report=report, seconds=report.seconds, layers=layers)


def prove_general_args(args: argparse.Namespace) -> Proofs:
    """``symconv prove --general``, from its parsed arguments."""
    import time

    from symconv.cli.main import PROOF_DEFAULTS, TARGETS, _given
    from symconv.cli.prove_general import _cases
    from symconv.proofs.general.api import prove_cases
    from symconv.spec.options import refuse_inapplicable

    if isinstance(args.target, Network):
        raise SymconvError(
            f"network {args.target.name!r} has no general proof; the rule: "
            "general=True takes a layer kind"
        )
    refuse_inapplicable(
        _given(args),
        args.target,
        "--general (every size is a symbol)",
        dict.fromkeys(PROOF_DEFAULTS, TARGETS),
    )
    target, cases = _cases(args)
    start = time.perf_counter()
    results = prove_cases(cases)
    return Proofs(general=results, cases=cases, target=target, seconds=time.perf_counter() - start)


# ------------------------------------------------------------------------- derivation


def derivation(
    target: str | Path | Network,
    *,
    layer: str | None = None,
    batch: int = 1,
    index_base: int = 0,
    index_style: str = "compact",
    **options: object,
) -> SymbolicDerivation:
    """One layer's tensors, Z, gradients and closed forms as SymPy objects.

    ``target`` is a polynomial layer kind (conv1d, conv2d, conv_transpose1d/2d,
    avgpool2d, dense) with its options (the defaults of ``symconv prove``), or a network
    with ``layer=`` naming one of its layers (``derivation("lenet", layer="C1")``)."""
    from symconv.cli.main import LAYER_KINDS
    from symconv.proofs.engine import DEFAULT_MAX_TERMS

    args = _prove_args(
        target, False, None, batch, DEFAULT_MAX_TERMS, index_base, index_style, options
    )
    if isinstance(target, str) and target in LAYER_KINDS:
        if layer is not None:
            raise SymconvError(
                f"layer={layer!r} does not apply to {target}; the rule: "
                "layer= names a layer of a network"
            )
        from symconv.cli.main import prove_problem

        return SymbolicDerivation(prove_problem(args)[0][0])
    from symconv.algebra.tensors import Naming
    from symconv.proofs.problems import network_layers

    net = _network(target)
    if options:
        raise SymconvError(
            f"option {next(iter(options))!r} does not apply to network "
            f"{net.name!r}; the rule: a network's layers have their own sizes"
        )
    names = [spec.name for spec in net.layers]
    if layer not in names:
        raise SymconvError(
            f"layer={layer!r} is not a layer of {net.name!r}; the rule: one of {listing(names)}"
        )
    built = network_layers(net, batch, Naming(index_base=index_base, style=index_style))
    return SymbolicDerivation(next(item for item in built if item.label == layer))


# ------------------------------------------------------------------------------ derive


def derive(
    target: str | Path | Network,
    *,
    lang: str = "en",
    notation: str | None = None,
    index_base: int | None = None,
    sections: str | list[str] | None = None,
    general: bool = False,
    case: str | None = None,
    path: str | Path | None = None,
    force: bool = False,
    fmt: str | None = None,
    body: bool = False,
    **options: object,
) -> Derived:
    """The derivation document of ``symconv derive`` (notes with every formula), with the
    SymPy side of a single layer at hand: ``d.X``, ``d.W``, ``d.Z``, ``d.dW``, ``d.closed``
    (see :class:`~symconv.api.derived.Derived`).  With ``path`` the document is written
    there (``-o``: never over a file without ``force``) in ``fmt`` (default: from the
    suffix), ``body=True`` writing a LaTeX fragment (``--body``)."""
    from symconv.api.derived import derive_document

    return derive_document(
        target,
        lang,
        notation,
        index_base,
        sections,
        general,
        case,
        _spelled("derive", options),
        path,
        force,
        fmt,
        body,
    )


# ------------------------------------------------------------------------------- check


def _is_path(source: str | Path) -> bool:
    if isinstance(source, Path):
        return True
    text = source.strip()
    return Path(text).is_file() or (
        "\n" not in text
        and "$" not in text
        and "\\" not in text
        and text.lower().endswith((".md", ".tex", ".txt", ".markdown"))
    )


def check(
    source: str | Path | list[str | Path] | None = None,
    *,
    expr: str | None = None,
    allow_empty: bool = False,
    layer: str | None = None,
    network: str | None = None,
    notation: str | None = None,
    index_base: int | None = None,
    **options: object,
) -> Checks:
    """Verdicts on hand derivations (``symconv check``): ``source`` is a file, a list of
    files, or the text of a note; ``expr`` checks one LaTeX formula.  Layer options as for
    :func:`prove` (else read from the notes)."""
    from symconv.api.checked import check_sources

    if (source is None) == (expr is None):
        raise SymconvError(
            "check needs a source (a file, files or the text of a note) or "
            "expr='LATEX' (one of them)"
        )
    sources = (
        list(source) if isinstance(source, list | tuple) else [] if source is None else [source]
    )
    spelled = _spelled("check", options, tuple(n for n in LAYER_OPTIONS if n != "classes"))
    given = {
        "layer": layer,
        "network": network,
        "notation": notation,
        "index_base": index_base,
        **spelled,
    }
    result = check_sources(sources, expr, given, _is_path)
    if result.unusable() and not allow_empty:
        raise SymconvError("; ".join(result.unusable()))
    return result


# ------------------------------------------------------------------------------ export


def export(
    target: str | Path | Network,
    path: str | Path | None = None,
    *,
    force: bool = False,
    max_terms: int | None = None,
    **options: object,
) -> Exported:
    """A standalone NumPy module of proved kernels (``symconv export``): ``conv2d`` with
    its options, ``"lenet"``, a network .toml or a Network.  With ``path`` the module is
    written there (never over a file without ``force``); the result has its ``source``."""
    from symconv.api.exported import export_module

    return export_module(target, path, force, max_terms, _spelled("export", options))
