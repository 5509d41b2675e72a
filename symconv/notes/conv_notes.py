"""The whole derivation document of one convolution, section by section."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from symconv.errors import SymconvError
from symconv.notes.case import ConvCase, Point
from symconv.notes.conv_backward import (
    bias_gradient,
    closed_forms,
    input_gradient,
    jacobians,
    local_derivatives,
    weight_gradient,
)
from symconv.notes.conv_forward import example, forward, setup
from symconv.notes.document import Check, Document
from symconv.notes.i18n import check_language, phrase
from symconv.notes.writer import Writer
from symconv.printing import Notation, latex, notation
from symconv.proofs.proof import Proof
from symconv.spec.layer import Conv, ConvTranspose

SECTIONS = ("setup", "forward", "backward", "jacobians", "closed", "verified")

Case = TypeVar("Case", bound=ConvCase)  # the case class of a layer kind
Spec = TypeVar("Spec", Conv, ConvTranspose)  # the layer spec that case class takes


def check_sections(sections: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    if sections is None:
        return SECTIONS
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        raise SymconvError(
            f"section {unknown[0]!r} is unknown; the rule: any of {', '.join(SECTIONS)}"
        )
    return tuple(sections)


def conv_document(
    spec: Spec,
    input_hw: tuple[int, int],
    notation_name: str = "subscript",
    lang: str = "en",
    sections: list[str] | tuple[str, ...] | None = None,
    index_base: int | None = None,
    title: str | None = None,
    values: dict[str, Any] | None = None,
    kind: tuple[Callable[[Spec, tuple[int, int], Notation], Case], str, Builders[Case]]
    | None = None,
) -> Document:
    """Derive, prove and write up one convolution configuration; ``kind`` is another
    layer's (case class, title phrase, section builders), as the transposed notes give."""
    if kind is None:
        if not isinstance(spec, Conv):
            raise TypeError(f"{type(spec).__name__} has notes of its own kind: pass kind=")
        return conv_document(
            spec,
            input_hw,
            notation_name,
            lang,
            sections,
            index_base,
            title,
            values,
            (ConvCase, "title_conv", Builders()),
        )
    make_case, title_key, builders = kind
    nt = notation(notation_name, index_base)
    lang = check_language(lang)
    chosen = check_sections(sections)
    case = make_case(spec, input_hw, nt)
    config = case.layer.config() | {"notation": nt.name, "index_base": nt.index_base}
    doc = Document(title or phrase(lang, title_key).format(dims=spec.dims), lang, nt.name, config)
    doc.front = conv_front(spec, case.input_hw) | {
        "notation": nt.name,
        "index-base": str(nt.index_base),
    }
    write_conv(Writer(doc, case.ctx), case, chosen, values, builders)
    return doc


def conv_front(spec: Conv | ConvTranspose, input_hw: tuple[int, int]) -> dict[str, str]:
    """The layer as ``symconv check`` reads it from front matter (its option syntax): a
    convolution has a mode, a transposed one an output padding."""

    def pair(values: tuple[int, ...]) -> str:
        return str(values[1]) if spec.dims == 1 else "x".join(map(str, values))

    top, bottom, left, right = spec.padding
    padding = f"{left},{right}" if spec.dims == 1 else f"{top},{bottom},{left},{right}"
    front = {
        "layer": f"{spec.kind}{spec.dims}d",
        "input": pair(input_hw),
        "kernel": pair(spec.kernel),
        "stride": pair(spec.stride),
        "padding": padding,
    }
    if isinstance(spec, ConvTranspose):
        front["output-padding"] = pair(spec.output_padding)
    front |= {
        "dilation": pair(spec.dilation),
        "in-channels": str(spec.in_channels),
        "out-channels": str(spec.out_channels),
        "groups": str(spec.groups),
    }
    if isinstance(spec, Conv):
        front["mode"] = spec.mode
    return front | {"bias": "true" if spec.bias else "false"}


@dataclass(frozen=True)
class Builders(Generic[Case]):
    """The sections a layer kind writes its own way (a transposed convolution has its
    own set-up, forward and closed forms; the chain rule and the proofs are shared)."""

    setup: Callable[[Writer, Case], None] = setup
    forward: Callable[[Writer, Case], None] = forward
    closed: Callable[[Writer, Case], None] = closed_forms
    jacobians: Callable[[Writer, Case], list[bool]] = jacobians


def write_conv(
    w: Writer,
    case: Case,
    sections: tuple[str, ...],
    values: dict[str, Any] | None = None,
    builders: Builders[Case] = Builders(),
) -> None:
    """Append the chosen sections of one convolution's derivation to ``w``."""
    written: list[bool] = []
    if "setup" in sections:
        builders.setup(w, case)
    if "forward" in sections:
        builders.forward(w, case)
        if values:
            example(w, case, values)
    if "backward" in sections:
        w.heading(2, "backward")
        w.para("backward_intro", G=case.nt.tensor("G"))
        local_derivatives(w, case)
        written += weight_gradient(w, case)
        written += input_gradient(w, case)
        bias_gradient(w, case)
    if "jacobians" in sections:
        written += builders.jacobians(w, case)
    if "closed" in sections:
        builders.closed(w, case)
    if not all(written):  # the written-out chain rule disagrees with the derivation
        raise AssertionError("a written-out chain-rule sum differs from the derivation")
    if "verified" in sections:
        w.heading(2, "verified")
        w.para("verified_intro")
        w.verified(proof_checks(case) + general_checks(w, case))


def proof_checks(case: ConvCase) -> list[Check]:
    """The Proof objects of the layer's closed forms, as lines of the verified box."""
    forms = {i.name: i.closed for i in case.layer.identities()}
    checks = []
    for proof in case.proofs:
        node = forms.get(proof.identity)
        lhs = (
            case.nt.tensor("Z")
            if proof.identity == "Z"
            else case.nt.grad_tensor(proof.identity[-1] if proof.identity[-1] != "b" else "b")
        )
        tex = f"{lhs} = {latex(node, case.ctx)}" if node is not None else proof.statement
        checks.append(check_of(proof, tex))
    return checks


def check_of(proof: Proof, tex: str) -> Check:
    return Check(
        proof.identity, tex, proof.status, proof.entries, proof.terms, proof.seconds, proof.method
    )


def general_checks(w: Writer, case: ConvCase) -> list[Check]:
    """Each general index form, instantiated and compared with the derived entries."""
    g = case.general
    outs, weights, inputs = case.outputs(), case.weights(), case.inputs()
    found = [
        case.check(
            "Z",
            f"{w.tex(g.z())} = {w.tex(g.forward())}",
            g.forward(),
            lambda p: case.forward(_at(case, p, ("f", "i", "j"))),
            case.points(("f", "i", "j"), outs),
        ),
        case.check(
            "dL/dW",
            f"{w.tex(g.dw_entry())} = {w.tex(g.dw_chain()[1])}",
            g.dw_chain()[1],
            lambda p: case.gradient("W", _at(case, p, g.weight_keys)),
            case.points(g.weight_keys, weights),
        ),
        case.check(
            "dL/dX",
            f"{w.tex(g.dx_entry())} = {w.tex(g.dx_general())}",
            g.dx_general(),
            lambda p: case.gradient("X", _at(case, p, ("cx", "t", "u"))),
            case.points(("cx", "t", "u"), inputs),
        ),
    ]
    if case.spec.bias:
        found.append(
            case.check(
                "dL/db",
                w.tex(g.db_general()),
                g.db_general(),
                lambda p: case.gradient("b", _at(case, p, ("f",))),
                case.points(("f",), [(f,) for f in range(case.spec.out_channels)]),
            )
        )
    label = phrase(w.lang, "verified_general")
    for check in found:
        check.name = f"{check.name} ({label})"
    return found


def _at(case: ConvCase, point: Point, keys: tuple[str, ...]) -> tuple[int, ...]:
    g = case.general
    return tuple(int(point[g.sym[k]]) - g.key_base(k) for k in keys)
