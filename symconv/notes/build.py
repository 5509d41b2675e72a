"""``derivations/``: one TOML spec per lecture-note document, and its generated outputs.

A spec names the layer and its configuration, the sections, the formats, the language
and the notation; ``symconv build derivations/`` writes ``<output>.<format>`` beside it.
Committed outputs leave timings out, so regenerating them is byte-for-byte repeatable
and a test can tell when one is stale::

    seed = "001_d87cf6922e45da5e"
    layer = "conv2d"
    output = "001_conv2d_3x3"
    notation = "subscript"
    lang = "es"
    formats = ["md", "tex", "html", "json"]

    [config]
    input = "3x3"
    kernel = "2"
    bias = false

A general proof (every size a symbol, ``symconv derive KIND --general``) instead names
its case and has no ``[config]`` or notation::

    layer = "conv2d"
    general = true
    case = "all"
    output = "006_general_conv2d"
    lang = "es"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from symconv.errors import SymconvError
from symconv.files import read_user_text, write_atomic
from symconv.notes.conv_notes import conv_document
from symconv.notes.document import Document
from symconv.notes.layers import conv_from_options, transpose_from_options
from symconv.notes.render import check_format, render

SPEC_KEYS = {
    "seed",
    "title",
    "layer",
    "output",
    "notation",
    "index_base",
    "lang",
    "formats",
    "sections",
    "config",
    "values",
    "general",
    "case",
}
GENERAL_KEYS = {"notation", "index_base", "sections", "config", "values"}  # not with general
CONFIG_KEYS = {
    "input",
    "kernel",
    "stride",
    "padding",
    "output_padding",
    "dilation",
    "in_channels",
    "out_channels",
    "groups",
    "mode",
    "bias",
    "in_features",
    "out_features",
    "classes",
}


@dataclass
class DerivationSpec:
    path: Path
    layer: str
    output: str
    notation: str = "subscript"
    lang: str = "en"
    formats: list[str] = field(default_factory=lambda: ["md", "tex", "html", "json"])
    sections: list[str] | None = None
    config: dict[str, Any] = field(default_factory=dict)
    index_base: int | None = None
    title: str | None = None
    seed: str | None = None
    values: dict[str, Any] | None = None  # numbers for X, W (and b) to evaluate the outputs at
    general: bool = False  # the general (symbolic-size) proofs of one case
    case: str | None = None

    def outputs(self) -> dict[Path, str]:
        """Every output file of this spec and the text it must hold."""
        doc = self.document()
        return {self.path.parent / f"{self.output}.{fmt}": render(doc, fmt) for fmt in self.formats}

    def document(self) -> Document:
        if self.general:
            from symconv.notes.general_doc import general_document  # loads the prover

            doc = general_document(self.layer, self.case, self.lang, self.title)
            doc.show_seconds = False
            return doc
        doc = make_document(
            self.layer,
            self.config,
            self.notation,
            self.lang,
            self.sections,
            self.index_base,
            self.title,
            self.values,
        )
        doc.show_seconds = False
        return doc


def make_document(
    layer: str,
    config: dict[str, Any],
    notation: str,
    lang: str,
    sections: list[str] | tuple[str, ...] | None = None,
    index_base: int | None = None,
    title: str | None = None,
    values: dict[str, Any] | None = None,
) -> Document:
    """The document of ``symconv derive LAYER``: a convolution, another layer kind that
    ``symconv prove`` takes, LeNet-5 or a network .toml file."""
    if layer == "lenet" or layer.endswith(".toml"):
        from symconv.notes.lenet_doc import lenet_document, network_document
        from symconv.spec.network import load_network

        if layer == "lenet":
            return lenet_document(notation, lang, index_base, title)
        return network_document(
            load_network(layer), notation, lang, index_base, title, source=layer
        )
    if layer.startswith("conv_transpose"):
        from symconv.notes.transpose_notes import transpose_document

        transposed, hw = transpose_from_options(layer, config)
        return transpose_document(transposed, hw, notation, lang, sections, index_base, title)
    if layer not in ("conv1d", "conv2d"):
        from symconv.notes.single import layer_document

        return layer_document(layer, config, notation, lang, index_base, title)
    spec, input_hw = conv_from_options(layer, config)
    return conv_document(spec, input_hw, notation, lang, sections, index_base, title, values)


def load_spec(path: Path) -> DerivationSpec:
    try:
        data = tomllib.loads(read_user_text(path, "derivation spec "))
    except tomllib.TOMLDecodeError as exc:
        raise SymconvError(f"cannot read derivation spec {str(path)!r}: {exc}") from exc
    unknown = set(data) - SPEC_KEYS
    if unknown:
        raise SymconvError(
            f"{path}: unknown key(s) {sorted(unknown)}; the rule: only "
            f"{', '.join(sorted(SPEC_KEYS))}"
        )
    if "layer" not in data or "output" not in data:
        raise SymconvError(f"{path}: 'layer' and 'output' are required")
    _check_types(path, data)
    bad = set(data.get("config", {})) - CONFIG_KEYS
    if bad:
        raise SymconvError(
            f"{path}: unknown config key(s) {sorted(bad)}; the rule: only "
            f"{', '.join(sorted(CONFIG_KEYS))}"
        )
    spec = DerivationSpec(
        path,
        data["layer"],
        data["output"],
        **{
            k: data[k]
            for k in (
                "notation",
                "lang",
                "formats",
                "sections",
                "config",
                "index_base",
                "title",
                "seed",
                "values",
                "general",
                "case",
            )
            if k in data
        },
    )
    for fmt in spec.formats:
        try:
            check_format(fmt)
        except SymconvError as exc:
            raise SymconvError(f"{path}: {exc}") from exc
    _check_general(path, data)
    if spec.layer != "lenet" and not spec.layer.endswith(".toml"):
        from symconv.notes.single import refuse_other_options

        try:  # a key the kind does not read, or a bad value (bias = "false"), fails here
            refuse_other_options(spec.layer, sorted(spec.config))
            if spec.layer in ("conv1d", "conv2d"):
                conv_from_options(spec.layer, spec.config)
            elif spec.layer.startswith("conv_transpose"):
                transpose_from_options(spec.layer, spec.config)
        except SymconvError as exc:
            raise SymconvError(f"{path}: {exc}") from exc
    return spec


# The TOML type each key must have (bool is an int in Python, so it is refused apart).
SPEC_TYPES: dict[str, tuple[type, str]] = {
    "seed": (str, "a string"),
    "title": (str, "a string"),
    "layer": (str, "a string"),
    "output": (str, "a string"),
    "notation": (str, "a string"),
    "lang": (str, "a string"),
    "index_base": (int, "0 or 1"),
    "formats": (list, "a list of formats"),
    "sections": (list, "a list of section names"),
    "config": (dict, "a table"),
    "values": (dict, "a table"),
    "general": (bool, "true or false"),
    "case": (str, "a string"),
}


def _check_types(path: Path, data: dict[str, Any]) -> None:
    """Every key has its TOML type, and the output stays in the spec's folder."""
    for key, (kind, rule) in SPEC_TYPES.items():
        if key not in data:
            continue
        value = data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            hint = f" (write [{value!r}])" if key == "formats" and isinstance(value, str) else ""
            raise SymconvError(f"{path}: {key} = {value!r} is not allowed; the rule: {rule}{hint}")
    for key in ("formats", "sections"):
        for item in data.get(key, ()):
            if not isinstance(item, str):
                raise SymconvError(
                    f"{path}: {key} item {item!r} is not allowed; the rule: a string"
                )
    output = data["output"]
    folder = path.parent.resolve()
    target = (folder / output).resolve()
    if not output or folder not in target.parents:
        raise SymconvError(
            f"{path}: output = {output!r} is not allowed; the rule: a file "
            "name inside the spec's folder"
        )


def _check_general(path: Path, data: dict[str, Any]) -> None:
    """``general = true`` takes ``case`` and none of the concrete layer's keys."""
    if not data.get("general"):
        if "case" in data:
            raise SymconvError(f"{path}: 'case' needs 'general = true'")
        return
    mixed = sorted(GENERAL_KEYS & set(data))
    if mixed:
        raise SymconvError(
            f"{path}: {mixed} do not apply to a general proof; the rule: "
            "'layer', 'case', 'output', 'lang', 'formats', 'title', 'seed'"
        )
    from symconv.notes.general_doc import check_general

    try:
        check_general(data["layer"], data.get("case"))
    except SymconvError as exc:
        raise SymconvError(f"{path}: {exc}") from exc


def specs(directory: str | Path) -> list[DerivationSpec]:
    directory = Path(directory)
    if not directory.is_dir():
        raise SymconvError(
            f"{str(directory)!r} is not a directory; the rule: a folder of derivation .toml specs"
        )
    found = [load_spec(p) for p in sorted(directory.glob("*.toml"))]
    if not found:
        raise SymconvError(f"{str(directory)!r} holds no .toml derivation spec")
    return found


def stale(directory: str | Path) -> list[Path]:
    """Outputs that are missing or differ from what their spec generates now."""
    return [
        path
        for spec in specs(directory)
        for path, text in spec.outputs().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def build(directory: str | Path) -> list[Path]:
    """Regenerate every output; returns the files that changed.

    Every document is rendered before any file is written, so a spec that fails partway
    leaves the folder as it was rather than half updated."""
    rendered = {path: text for spec in specs(directory) for path, text in spec.outputs().items()}
    changed = [
        path
        for path, text in rendered.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    for path in changed:
        write_atomic(path, rendered[path])
    return changed
