"""``symconv.derive``: the derivation document, and the SymPy side of the same layer.

A :class:`Derived` shows the notes in a notebook (``_repr_html_`` with MathML,
``_repr_markdown_``, ``_repr_latex_``), renders or saves them in every format of
``symconv derive``, and for a single polynomial layer hands out its SymPy objects (``X``,
``W``, ``b``, ``G``, ``Z``, ``dX``, ``dW``, ``db``, ``closed``, ``loss``), built on first
use by :class:`~symconv.api.symbolic.SymbolicDerivation` at the document's own sizes.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from symconv.api.symbolic import SymbolicDerivation
from symconv.errors import SymconvError
from symconv.files import refuse_existing, write_atomic
from symconv.spec.network import Network

if TYPE_CHECKING:
    from sympy import ImmutableDenseNDimArray

    from symconv.notes.document import Document

# The layer kinds whose derivation is polynomial (SymPy arrays of exact polynomials).
POLYNOMIAL = ("conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d", "avgpool2d", "dense")
# Options the notes read as the command line does; the document's input defaults differ
# from a proof's (3x3 for conv2d), so the SymPy side is built with the document's.
NOTES_INPUT = {"conv2d": "3", "conv1d": "4", "conv_transpose2d": "3", "conv_transpose1d": "4"}
SUFFIXES = {
    ".md": "md",
    ".tex": "tex",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".pdf": "pdf",
}


def output_format(fmt: str | None, path: str | Path | None, body: bool = False) -> str:
    """The format a document is written in: ``fmt``, else the one of ``path``'s suffix,
    else md; ``body`` (a LaTeX fragment to \\input) with tex only, and pdf to a file only."""
    from symconv.notes.render import FORMATS

    if fmt:
        if fmt != "pdf" and fmt not in FORMATS:
            raise SymconvError(
                f"--format {fmt!r} is unknown; the rule: one of {', '.join((*FORMATS, 'pdf'))}"
            )
    elif path:
        fmt = SUFFIXES.get(Path(path).suffix.lower(), "md")
    else:
        fmt = "md"
    if body and fmt != "tex":
        raise SymconvError(
            f"--body does not apply to --format {fmt}; the rule: --body "
            "writes a LaTeX fragment, with --format tex"
        )
    if fmt == "pdf" and not path:
        raise SymconvError(
            "--format pdf needs -o FILE.pdf; the rule: a PDF is not written to the terminal"
        )
    return fmt


class Derived:
    """A derivation document and (single polynomial layers) its SymPy objects."""

    def __init__(
        self, document: Document, target: str, options: dict[str, object], general: bool = False
    ) -> None:
        self.document = document
        self.target = target
        self.options = options  # as spelled for the command line
        self.general = general  # every size a symbol: no arrays of entries

    # ------------------------------------------------------------------ the document

    def format(self, fmt: str = "md", body: bool = False) -> str:
        """md, tex, html or json: what ``symconv derive --format FMT`` writes (``body``:
        with tex, the body only, as ``--body``)."""
        fmt = output_format(fmt, None, body)
        if body:
            from symconv.notes.render_tex import tex_body

            return tex_body(self.document)
        return self.document.render(fmt)

    def save(
        self, path: str | Path, force: bool = False, fmt: str | None = None, body: bool = False
    ) -> Path:
        """Write the document whole, in ``fmt`` (default: from the suffix; .pdf through
        pdflatex), never over a file without ``force``."""
        fmt = output_format(fmt, path, body)
        refuse_existing(path, force)  # messages name the path as given
        if fmt == "pdf":
            from symconv.notes.pdf import write_pdf

            write_pdf(self.document.render("tex"), path)
        else:
            write_atomic(path, self.format(fmt, body))
        return Path(path)

    @property
    def equations(self) -> list[str]:
        """Every displayed formula of the notes, in LaTeX."""
        return self.document.equations()

    def __str__(self) -> str:
        return self.format("md")

    def __repr__(self) -> str:
        return (
            f"<Derived {self.document.title!r}: {len(self.equations)} equations; "
            f"SymPy: {'yes' if self.has_sympy else 'no'}>"
        )

    def _repr_markdown_(self) -> str:
        return self.document._repr_markdown_()

    def _repr_html_(self) -> str:
        return self.document._repr_html_()

    def _repr_latex_(self) -> str:
        return self.document._repr_latex_()

    # ------------------------------------------------------------------ the SymPy side

    @property
    def has_sympy(self) -> bool:
        return self.target in POLYNOMIAL and not self.general

    @cached_property
    def sympy(self) -> SymbolicDerivation:
        """The layer of the document, derived in SymPy (built on first use)."""
        if not self.has_sympy:
            raise SymconvError(
                f"{self.target!r}{' --general' if self.general else ''} has no "
                "SymPy arrays here; the rule: a single "
                f"layer of kind {', '.join(POLYNOMIAL)} (for a network: "
                "symconv.derivation('lenet', layer='C1'))"
            )
        from symconv.api.verbs import derivation

        # derivation's layer options, by name: mypy cannot match a dict's keys to keywords
        options: dict[str, Any] = dict(self.options)
        options.setdefault("input", NOTES_INPUT.get(self.target))
        bias = not options.pop("no_bias", False)
        return derivation(self.target, **options, bias=bias)

    X = property(lambda self: self.sympy.X)
    W = property(lambda self: self.sympy.W)
    b = property(lambda self: self.sympy.b)
    G = property(lambda self: self.sympy.G)
    Z = property(lambda self: self.sympy.Z)
    dX = property(lambda self: self.sympy.dX)
    dW = property(lambda self: self.sympy.dW)
    db = property(lambda self: self.sympy.db)
    closed = property(lambda self: self.sympy.closed)
    loss = property(lambda self: self.sympy.loss)

    def grad(self, tag: str) -> ImmutableDenseNDimArray:
        return self.sympy.grad(tag)

    def closed_array(self, name: str) -> ImmutableDenseNDimArray:
        return self.sympy.closed_array(name)


def derive_document(
    target: str | Path | Network,
    lang: str,
    notation_name: str | None,
    index_base: int | None,
    sections: str | list[str] | None,
    general: bool,
    case: str | None,
    options: dict[str, object],
    path: str | Path | None = None,
    force: bool = False,
    fmt: str | None = None,
    body: bool = False,
) -> Derived:
    """What ``symconv derive`` checks and builds, from :func:`symconv.derive`'s
    arguments; with ``path``, written there (every check done before any work)."""
    from symconv.notes.build import make_document
    from symconv.notes.conv_notes import check_sections
    from symconv.notes.i18n import check_language
    from symconv.printing import notation as check_notation
    from symconv.spec.options import refuse_inapplicable

    output_format(fmt, path, body)
    check_language(lang)
    if isinstance(target, Network):
        raise SymconvError(
            f"network {target.name!r} is not a file; the rule: derive takes "
            "'lenet' or a network .toml path (it names the source)"
        )
    target = str(target)
    if general:
        from symconv.notes.general_doc import check_general, general_document

        chosen = check_general(target, case)
        given = [
            *options,
            *(
                k
                for k, v in (
                    ("notation", notation_name),
                    ("index_base", index_base),
                    ("sections", sections),
                )
                if v is not None
            ),
        ]
        if given:
            raise SymconvError(
                f"--{given[0].replace('_', '-')} does not apply to --general; "
                "the rule: every size is a symbol, and the proof's own "
                "notation is used"
            )
        if path is not None:
            refuse_existing(path, force)
        return _written(
            Derived(general_document(target, chosen, lang), target, {}, general=True),
            path,
            force,
            fmt,
            body,
        )
    if case is not None:
        raise SymconvError(
            f"--case {case!r} needs --general; the rule: --case chooses one of the general proofs"
        )
    network = target == "lenet" or target.endswith(".toml")
    name = notation_name or ("superscript" if network else "subscript")
    check_notation(name, index_base)
    refuse_inapplicable(options, target, f"network {target!r}" if network else None)
    if isinstance(sections, str):
        sections = sections.split(",")
    chosen_sections = check_sections(list(sections)) if sections else None
    config = {
        key: options.get(key)
        for key in (
            "input",
            "kernel",
            "stride",
            "padding",
            "dilation",
            "in_channels",
            "out_channels",
            "groups",
            "mode",
            "in_features",
            "out_features",
            "classes",
            "output_padding",
        )
    }
    config["bias"] = not options.get("no_bias", False)
    if path is not None:
        refuse_existing(path, force)
    doc = make_document(target, config, name, lang, chosen_sections, index_base)
    return _written(Derived(doc, target, options), path, force, fmt, body)


def _written(
    derived: Derived, path: str | Path | None, force: bool, fmt: str | None, body: bool
) -> Derived:
    if path is not None:
        derived.save(path, force, fmt, body)
    return derived
