"""``symconv derive KIND --general``: a general (symbolic-size) proof as a lecturer's document.

The mathematics comes from :mod:`symconv.proofs.general`: every displayed formula is the LaTeX
of one :class:`~symconv.proofs.general.steps.Step` (an ``align*`` body, split here into the rows
of an :class:`Equation`), and the prose of each step is the step's own text in the
chosen language.  This module only adds the frame: title, statement, setting (the shapes
and parameters, printed from the case's :class:`~symconv.proofs.general.size_config.SymConfig`),
headings, and the verified box from the proofs' statuses and checks.

One adaptation is made for every format, because the Markdown and HTML outputs go
through latex2mathml: an operator name with a subscript or digits inside the braces
(``\\operatorname{corr_w}``), which latex2mathml turns into an empty ``<mo/>``, is written
``\\operatorname{corr}_{w}``: the same formula for pdflatex, and one latex2mathml reads.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from symconv.errors import SymconvError
from symconv.notes.document import Check, Document, Equation, Heading, Para, Segment, Table
from symconv.notes.i18n import check_language, phrase
from symconv.notes.i18n_general import CASE_TITLES_ES, check_text
from symconv.notes.writer import Writer
from symconv.proofs.general.api import CASES, prove_general
from symconv.proofs.general.cases import TITLES, config_for
from symconv.proofs.general.prover import GeneralProof
from symconv.proofs.general.size_config import Axis, SymConfig
from symconv.proofs.general.steps import Step

KINDS = ("conv2d", "avgpool2d", "dense")  # the kinds whose general proofs have steps
DEFAULT_CASE = {"conv2d": "all", "avgpool2d": "avgpool", "dense": "dense"}
TENSORS = ("X", "W", "b", "G", "Z")
PARAMETERS = ("kernel", "stride", "dilation", "padding", "groups")


def check_general(kind: str, case: str | None) -> str:
    """The case to prove (the default for ``kind`` when None); bad input raises at once."""
    if kind not in KINDS:
        why = " (max pooling has no closed form of this kind)" if kind == "maxpool2d" else ""
        raise SymconvError(
            f"--general is not available for {kind!r}{why}; the rule: one of {', '.join(KINDS)}"
        )
    case = case or DEFAULT_CASE[kind]
    if case not in CASES[kind]:
        raise SymconvError(
            f"--case {case!r} is not a case of {kind}; the rule: one of {', '.join(CASES[kind])}"
        )
    return case


_OPERATOR = re.compile(r"\\operatorname\{([A-Za-z]+)(?:_\{?([A-Za-z0-9]+)\}?|(\d+))\}")


def for_mathml(tex: str) -> str:
    """``\\operatorname{corr_w}`` as ``\\operatorname{corr}_{w}`` (see the module docstring)."""
    return _OPERATOR.sub(lambda m: rf"\operatorname{{{m[1]}}}_{{{m[2] or m[3]}}}", tex)


def equation_rows(tex: str) -> list[tuple[str, str]]:
    """An ``align*`` body as (left side, rest from the ``&``) rows of an Equation."""
    rows = []
    for line in re.split(r"\s*\\\\\n", for_mathml(tex).strip()):
        left, _, right = line.partition("&")
        rows.append((left.strip(), right))
    return rows


_UNESCAPE = re.compile(r"\\textbackslash\{\}|\\\^\{\}|\\~\{\}|\\([_{}#%&$])")


def _plain(text: str) -> str:
    """Prose outside ``$...$`` as plain text: a failure note quoted in ``\\texttt{...}``
    (escaped by ``symconv.proofs.general.steps.escape_text``) loses its LaTeX markup."""
    text = re.sub(r"\\texttt\{(.*)\}", r"\1", text, flags=re.S)
    marks = {r"\textbackslash{}": "\\", r"\^{}": "^", r"\~{}": "~"}
    return _UNESCAPE.sub(lambda m: marks.get(m[0], m[1]), text)


def prose(text: str) -> list[Segment]:
    """A step's prose (text with inline ``$...$`` math) as paragraph segments."""
    out: list[Segment] = []
    for k, part in enumerate(re.split(r"(?<!\\)\$", text)):
        if part:
            out.append(("math", for_mathml(part)) if k % 2 else ("text", _plain(part)))
    return out


def case_title(case: str, lang: str) -> str:
    return CASE_TITLES_ES.get(case, TITLES[case]) if lang == "es" else TITLES[case]


def general_document(
    kind: str, case: str | None = None, lang: str = "en", title: str | None = None
) -> Document:
    """Prove every identity of ``kind`` in ``case`` for symbolic sizes and write it up."""
    case = check_general(kind, case)
    lang = check_language(lang)
    proofs = prove_general(kind, case)
    cfg = config_for(case)
    config = {**proofs[0].config, "general": True}
    doc = Document(title or phrase(lang, f"g_title_{kind}"), lang, "index", config)
    # No notation context: the formulas are the steps' own, or the case's SymPy sizes.
    w = Writer(doc, None)
    statement(w, proofs, case)
    shown = setting(w, cfg, proofs)
    for proof in proofs:
        identity_section(w, proof, shown)
    w.heading(2, "verified")
    w.para("g_verified_intro")
    w.verified([general_check(p, lang) for p in proofs])
    doc.proofs = [proof_data(p, lang) for p in proofs]
    return doc


def _equation(w: Writer, tex: str) -> None:
    w.equation_count += 1
    w.doc.blocks.append(Equation(equation_rows(tex), w.equation_count))


def _step(proof: GeneralProof, kind: str) -> Step | None:
    return next((s for s in proof.steps if s.kind == kind), None)


def statement(w: Writer, proofs: list[GeneralProof], case: str) -> None:
    """The identities proved, each the formula of its proof's conclusion step (one that
    failed is not stated: the verified box and its own section say what happened)."""
    w.heading(2, "g_statement")
    w.para("g_statement_intro", t_case=case, t_title=case_title(case, w.lang))
    for proof in proofs:
        last = _step(proof, "conclusion")
        if proof.proved and last is not None:
            _equation(w, last.latex)
    w.para("g_statement_after")


def setting(w: Writer, cfg: SymConfig, proofs: list[GeneralProof]) -> str:
    """Which sizes are symbols, the shapes and parameters, the output size, the forward
    pass; returns the forward pass's LaTeX, which the proofs then need not repeat."""
    w.heading(2, "g_setting")
    sizes = ", ".join(sympy.latex(s) for s in sorted(cfg.size_symbols(), key=str))
    w.para("g_symbols_padded" if "padding" in cfg.roles else "g_symbols", sizes=sizes)
    w.para("g_table_intro" if set(PARAMETERS) & set(cfg.roles) else "g_table_shapes")
    w.doc.blocks.append(
        Table(
            [phrase(w.lang, "g_header_what"), phrase(w.lang, "g_header_value")],
            setting_rows(cfg, w.lang),
        )
    )
    if cfg.axes:
        w.para("g_output_size")
        rows = [output_size(a) for a in cfg.axes]
        w.equation_count += 1
        w.doc.blocks.append(Equation([(lhs, "= " + rhs) for lhs, rhs in rows], w.equation_count))
    first = next((s for p in proofs for s in p.steps if s.kind == "definition"), None)
    if first is None:
        return ""
    w.heading(2, "g_forward")
    w.doc.blocks.append(Para(prose(first.text(w.lang))))
    _equation(w, first.latex)
    return first.latex


def setting_rows(cfg: SymConfig, lang: str) -> list[list[list[Segment]]]:
    """One row per tensor (its shape) and per parameter of the layer (its value)."""
    rows = []
    for name in TENSORS:
        if name in cfg.shapes:
            shape = r" \times ".join(sympy.latex(e) for e in cfg.shapes[name])
            key = "g_row_W_dense" if name == "W" and cfg.kind == "dense" else f"g_row_{name}"
            rows.append(
                [
                    [("text", phrase(lang, key) + " "), ("math", sympy.latex(sympy.Symbol(name)))],
                    [("math", shape)],
                ]
            )
    for role in PARAMETERS:
        if role in cfg.roles:
            value = cfg.roles[role]
            # (s_h, s_w) as the closed forms of the steps print a parameter pair
            tex = (
                r"\left(" + ", ".join(sympy.latex(e) for e in value) + r"\right)"
                if isinstance(value, tuple)
                else sympy.latex(value)
            )
            rows.append([[("text", phrase(lang, f"g_row_{role}"))], [("math", tex)]])
    return rows


def output_size(axis: Axis) -> tuple[str, str]:
    """``H_o = ⌊(H + p_t + p_b - d_h (k_h - 1) - 1) / s_h⌋ + 1``, from the axis itself."""
    inner = axis.padded - axis.dilation * (axis.kernel - 1) - 1
    return sympy.latex(axis.out), sympy.latex(sympy.floor(inner / axis.stride) + 1)


def identity_section(w: Writer, proof: GeneralProof, shown: str) -> None:
    """One identity: a heading, then each step (its prose, then its formula)."""
    w.heading(2, f"g_id_{proof.identity}")
    if not proof.steps:
        # The note is the prover's plain text: kept out of the {placeholder} machinery.
        why = phrase(w.lang, "g_not_proved").replace("{t_note}", proof.note or proof.status)
        w.doc.blocks.append(Para([("text", why)], "note"))
        return
    number = 0
    for step in proof.steps:
        if step.kind == "definition" and step.latex == shown:
            continue  # the forward pass is written once, in the setting
        number += 1
        w.doc.blocks.append(
            Heading(
                3,
                f"{phrase(w.lang, 'g_step').format(n=number)} "
                f"{phrase(w.lang, 'g_kind_' + step.kind)}",
            )
        )
        w.doc.blocks.append(Para(prose(step.text(w.lang))))
        if step.latex:
            _equation(w, step.latex)


def general_check(proof: GeneralProof, lang: str) -> Check:
    """One line of the verified box: the proved identity, its status and its checks."""
    last = _step(proof, "conclusion")
    tex = for_mathml(last.latex.replace("&", "")) if last else rf"\text{{{proof.identity}}}"
    details = [check_text(lang, c) for c in getattr(proof, "checks", [])]
    if proof.note:
        details.append(proof.note)
    return Check(
        proof.identity,
        tex,
        proof.status,
        proof.entries,
        proof.terms,
        proof.seconds,
        proof.method,
        details,
        general=True,
    )


def proof_data(proof: GeneralProof, lang: str) -> dict[str, Any]:
    """A proof for JSON readers: verdict, checks and the steps exactly as the prover made
    them (LaTeX unchanged, prose in the document's language)."""
    data: dict[str, Any] = {
        "identity": proof.identity,
        "status": proof.status,
        "statement": proof.statement,
        "checks": list(getattr(proof, "checks", [])),
        "steps": [{"kind": s.kind, "latex": s.latex, "text": s.text(lang)} for s in proof.steps],
    }
    if proof.note:
        data["note"] = proof.note
    return data
