"""A standalone NumPy module printed from the proved closed forms (``symconv export``,
:func:`symconv.export`, whose command line is :mod:`symconv.cli.export_command`).

The module holds the primitives of :mod:`symconv.runtime.numeric` verbatim, the functions that
``lambdify`` printed from each layer's closed-form nodes (their source, unchanged), and
public functions with :mod:`symconv.runtime.kernels`' names that dispatch to them.  Its header
names the symconv version, every identity proved for every exported configuration (the
proofs run before anything is written) and the expression each function came from.
It imports NumPy and the standard library only.  The file is written to a temporary
name in the target folder and renamed, so it is whole or absent.

What a module holds: the convolutions of the target (``lenet``: C1 and C3; ``conv2d``:
the one configuration given), the pooling layers of LeNet-5 (average and max, ``lenet``
only), and in every module the size-free kernels: ``linear``, the three activations and
the softmax cross-entropy.  A configuration that was not exported is refused with a
one-line ``ValueError`` that says so.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from symconv import __version__
from symconv.errors import SymconvError
from symconv.layers.conv import ConvLayer, closed_forms, conv_terms
from symconv.layers.conv_transpose import conv_transpose_forms, conv_transpose_terms
from symconv.layers.dense import DenseLayer, dense_closed_forms
from symconv.layers.elementwise import ActivationLayer, SoftmaxCrossEntropyLayer
from symconv.layers.pool import (
    AvgPoolLayer,
    MaxPoolLayer,
    avg_pool_closed_forms,
    max_pool_closed_forms,
)
from symconv.ops.pointwise import ACTIVATIONS, Activate, ActivationGrad, SoftmaxCrossEntropy
from symconv.proofs.engine import DEFAULT_MAX_TERMS, check_budget, prove_all
from symconv.proofs.problems import network_layers
from symconv.runtime import export_api, kernels, numeric
from symconv.spec.layer import Conv, ConvTranspose, Dense, Pool, resolve_padding
from symconv.spec.network import Network, load_network


@dataclass
class ConvConfig:
    """One exported convolution: its spec, input size and the spellings that select it."""

    spec: Conv
    input_hw: tuple[int, int]
    label: str = ""  # the functions' name part; default: from the layer's name

    @property
    def tag(self) -> str:
        return self.label or "".join(ch if ch.isalnum() else "_" for ch in self.spec.name).lower()

    def selector(self) -> dict:
        """Every way a caller may spell this configuration's options (resolved at export)."""
        s = self.spec
        pads = [
            p
            for p in ([s.padding[0]] if len(set(s.padding)) == 1 else [])
            + (
                [(s.padding[0], s.padding[2])]
                if s.padding[0] == s.padding[1] and s.padding[2] == s.padding[3]
                else []
            )
            + [tuple(s.padding)]
        ]
        for word in ("valid", "same", "full"):
            try:
                if resolve_padding(s.name, word, s.kernel, s.dilation, s.stride)[0] == s.padding:
                    pads.append(word)
            except SymconvError:
                continue
        return {
            "x_shape": (s.in_channels, *self.input_hw),
            "w_shape": (s.out_channels, s.group_in, *s.kernel),
            "stride": _spellings(s.stride),
            "dilation": _spellings(s.dilation),
            "padding": pads,
            "groups": s.groups,
        }


@dataclass
class PoolConfig:
    """One exported pooling layer and the input shape (C, H, W) it was proved for."""

    spec: Pool
    input_shape: tuple[int, int, int]
    label: str = ""  # as ConvConfig.label
    # A max pool right after a ReLU in a network: its merged relu + pool kernels are
    # printed too, as ``_<tag>_relu_forward`` and ``_<tag>_relu_dX`` (the network's step).
    merged: bool = False

    @property
    def tag(self) -> str:
        return self.label or f"{self.spec.op}_{self.spec.name}".lower()

    def selector(self) -> dict:
        s = self.spec
        return {
            "x_shape": self.input_shape,
            "kernel": s.kernel,
            "stride": s.stride,
            "padding": s.padding,
        }


@dataclass
class TransposeConfig:
    """One exported transposed convolution (a network's layer): spec, input size and the
    functions' name part; the network's graph calls its functions, nothing dispatches."""

    spec: ConvTranspose
    input_hw: tuple[int, int]
    tag: str


@dataclass
class Bundle:
    """Everything one module holds: the layers to prove and the functions to print."""

    convs: list[ConvConfig]
    pools: list[PoolConfig] = field(default_factory=list)
    dense: list[Dense] = field(default_factory=list)
    extra: str = ""  # code appended after the public functions
    # The proofs of a whole network (symconv.proofs.problems.network_layers) instead of the
    # per-configuration ones, with the size-free kernels' proofs added.
    network: Network | None = None
    transposes: list[TransposeConfig] = field(default_factory=list)

    def estimate_terms(self) -> int:
        """The convolutions' proof cost, from the specs alone (before any tensor exists)."""
        return sum(
            conv_terms(c.spec, c.spec.output_shape((c.spec.in_channels, *c.input_hw))[1:], 1)
            for c in self.convs
        ) + sum(conv_transpose_terms(t.spec, t.input_hw, 1) for t in self.transposes)

    def layers(self, max_terms: int = DEFAULT_MAX_TERMS) -> list:
        """The proofs behind every printed function."""
        if self.network is not None:
            return [
                *network_layers(self.network, 1, None, max_terms),
                DenseLayer(Dense(3, 2, name="linear"), batch=2),
                *(ActivationLayer(kind, (4,), name="act") for kind in ACTIVATIONS),
            ]
        found: list = [ConvLayer(c.spec, c.input_hw) for c in self.convs]
        for p in self.pools:
            cls = AvgPoolLayer if p.spec.op == "avg" else MaxPoolLayer
            found.append(cls(p.spec, p.input_shape))
        dense = self.dense or [Dense(3, 2, name="linear")]
        found += [DenseLayer(d, batch=2) for d in dense]
        found += [ActivationLayer(kind, (4,), name="act") for kind in ACTIVATIONS]
        found.append(SoftmaxCrossEntropyLayer(dense[-1].out_features, batch=2))
        return found

    def functions(self) -> list[tuple[str, object, object]]:
        """(name, printed function, the expression it was printed from), in module order."""
        out = []
        for c in self.convs:
            forms, fns = closed_forms(c.spec, c.input_hw), kernels.conv_kernels(c.spec, c.input_hw)
            out += _named(
                f"_{c.tag}", forms, fns, {"Z": "forward", "X": "dX", "W": "dW", "b": "db"}
            )
        for tc in self.transposes:
            forms = conv_transpose_forms(tc.spec, tc.input_hw)
            fns = kernels.conv_transpose_kernels(tc.spec, tc.input_hw)
            out += _named(
                f"_{tc.tag}", forms, fns, {"Z": "forward", "X": "dX", "W": "dW", "b": "db"}
            )
        for p in self.pools:
            if p.spec.op == "avg":
                forms = avg_pool_closed_forms(p.spec, p.input_shape)
                fns = kernels.avg_pool_kernels(p.spec, p.input_shape)
            else:
                forms, fns = max_pool_closed_forms(p.spec), kernels.max_pool_kernels(p.spec)
            out += _named(f"_{p.tag}", forms, fns, {"Z": "forward", "X": "dX"})
            if p.merged:
                forms = max_pool_closed_forms(p.spec, relu=True)
                fns = kernels.max_pool_kernels(p.spec, relu=True)
                out += _named(f"_{p.tag}_relu", forms, fns, {"Z": "forward", "X": "dX"})
        for bias in (True, False):
            forms, fns = dense_closed_forms(bias), kernels.dense_kernels(bias)
            names = (
                {"Z": "forward"}
                if not bias
                else {"Z": "forward_bias", "X": "dX", "W": "dW", "b": "db"}
            )
            out += _named("_linear", forms, fns, names)
        for kind in ACTIVATIONS:
            fns = kernels.activation_kernels(kind)
            out.append((f"_{kind}_forward", fns["A"], Activate(kernels.Z, kind)))
            out.append((f"_{kind}_dZ", fns["Z"], ActivationGrad(kernels.G, kernels.A, kind)))
        out.append(
            (
                "_softmax_cross_entropy",
                kernels.loss_kernel(),
                SoftmaxCrossEntropy(kernels.Z, kernels.Y),
            )
        )
        return out


def _named(prefix: str, forms: dict, fns: dict, names: dict) -> list:
    return [
        (f"{prefix}_{suffix}", fns[key], forms[key])
        for key, suffix in names.items()
        if fns.get(key) is not None
    ]


def _spellings(pair: tuple[int, int]) -> list:
    return ([pair[0]] if pair[0] == pair[1] else []) + [tuple(pair)]


def _function_source(fn, name: str) -> str:
    """The printed source of a lambdified function, renamed."""
    return inspect.getsource(fn).replace("def _lambdifygenerated(", f"def {name}(", 1)


def _numeric_source() -> str:
    """The primitives of :mod:`symconv.runtime.numeric` as one file: its modules in import
    order (``numeric.ORDER``), each without its docstring and its imports of siblings, the
    other imports gathered once on top.  The source files are the truth; nothing is retyped."""
    imports: list[str] = []
    bodies: list[str] = []
    for name in numeric.ORDER:
        text = inspect.getsource(importlib.import_module(f"{numeric.__name__}.{name}"))
        tree = ast.parse(text)
        lines = text.splitlines(keepends=True)
        skip: set[int] = set()
        for node in tree.body:
            is_doc = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            if isinstance(node, ast.Import | ast.ImportFrom) or (is_doc and node is tree.body[0]):
                skip.update(range(node.lineno - 1, node.end_lineno))
                own = "".join(lines[node.lineno - 1 : node.end_lineno]).strip()
                is_import = isinstance(node, ast.Import | ast.ImportFrom)
                sibling = isinstance(node, ast.ImportFrom) and node.level > 0
                if is_import and not sibling and own not in imports:
                    imports.append(own)
        bodies.append("".join(line for i, line in enumerate(lines) if i not in skip).strip())
    future = "from __future__ import annotations"
    head = [future, *sorted(i for i in imports if i != future)]
    return "\n".join(head) + "\n\n\n" + "\n\n\n".join(bodies) + "\n"


# Primitives of symconv.runtime.numeric that share a name with a public kernel (``tanh``,
# ``avg_pool2d``...): in the module they are renamed ``_primitive_<name>``, so the public
# function and the primitive its printed code calls can live in one file.
CLASHES = sorted({n for n in dir(numeric) if not n.startswith("_")} & set(kernels.__all__))


def _rename_clashes(code: str) -> str:
    """Each clashing name -> ``_primitive_<name>`` where it is code (a name token not
    after a dot: ``np.tanh`` stays, and so do strings and docstrings)."""
    lines = code.splitlines(keepends=True)
    edits: list[tuple[int, int, int, str]] = []
    previous = None
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if (
            token.type == tokenize.NAME
            and token.string in CLASHES
            and not (previous is not None and previous.string == ".")
        ):
            (row, start), (_, end) = token.start, token.end
            edits.append((row - 1, start, end, f"_primitive_{token.string}"))
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            previous = token
    for row, start, end, text in reversed(edits):  # right to left keeps columns valid
        lines[row] = lines[row][:start] + text + lines[row][end:]
    return "".join(lines)


def render_module(bundle: Bundle, title: str, max_terms: int = DEFAULT_MAX_TERMS) -> str:
    """The whole module text; proves every configuration first."""
    check_budget(bundle.estimate_terms(), max_terms)
    report = prove_all(bundle.layers(max_terms), {"export": title}, max_terms, progress=False)
    if not report.proved:
        failed = next(p for p in report.proofs if not p.proved)
        raise SymconvError(f"refusing to export: {failed.layer} {failed.identity} is not proved")
    header = [
        f"{title}: NumPy kernels generated by symconv {__version__}.",
        "",
        "Each function below was printed by sympy.lambdify from a closed form that",
        "symconv proved equal to the chain-rule derivation, exactly, for the",
        "configuration named.",
        "",
        "Proved identities:",
    ]
    for proof in report.proofs:
        header.append(
            f"  {proof.layer}: {proof.statement}  [{proof.status}: "
            f"{proof.entries} entries, {proof.terms} terms; "
            f"{_config_text(proof.config)}]"
        )
    header += ["", "Functions and the expressions they were printed from:"]
    printed = []
    for name, fn, form in bundle.functions():
        header.append(f"  {name}: {form}")
        printed.append(_function_source(fn, name))
    # Names come from the user's network file: quoted so that no name can end the
    # docstring (or start an escape) and turn text into code.
    docstring = '"""' + _docstring_safe("\n".join(header)) + '\n"""'
    helpers = [inspect.getsource(f) for f in (kernels.add_bias, kernels.sum_axes)]
    code = _rename_clashes("\n".join([_numeric_source(), *helpers, "full = np.full", "", *printed]))
    parts = [docstring, "", code, _dispatch_source(bundle) + bundle.extra]
    return "\n".join(parts)


def _docstring_safe(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _config_text(config: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in config.items() if k not in ("layer",))


def exported_section(name: str) -> str:
    """One ``# section: NAME`` of :mod:`symconv.runtime.export_api`, the real source an exported
    module carries beside its printed kernels (up to the next section)."""
    text = inspect.getsource(export_api)
    sections = dict(
        re.findall(r"^# section: (\w+)\n(.*?)(?=^# section: |\Z)", text, flags=re.M | re.S)
    )
    return "\n" + sections[name].rstrip("\n") + "\n"


def _dispatch_source(bundle: Bundle) -> str:
    convs = []
    for c in bundle.convs:
        tag = c.tag
        convs.append(
            f"    ({c.selector()!r},\n     _{tag}_forward, _{tag}_dX, _{tag}_dW, "
            f"{'_' + tag + '_db' if c.spec.bias else 'None'}),"
        )
    pools: dict[str, list[str]] = {"avg": [], "max": []}
    for p in bundle.pools:
        pools[p.spec.op].append(f"    ({p.selector()!r}, _{p.tag}_forward, _{p.tag}_dX),")
    tables = {"CONVS": convs, "AVG": pools["avg"], "MAX": pools["max"]}
    return re.sub(
        r"^(\w+): list = \[\]  # @(\w+)@$",
        lambda m: f"{m.group(1)} = [\n" + "\n".join(tables[m.group(2)]) + "\n]",
        exported_section("dispatch"),
        flags=re.M,
    )


def _network_file(target: str) -> Network:
    if not (target.endswith(".toml") or Path(target).is_file()):
        raise SymconvError(
            f"export target {target!r} is unknown; the rule: conv2d, lenet or a network .toml file"
        )
    return load_network(target)
