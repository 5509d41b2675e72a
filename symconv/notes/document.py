"""The structure of a derivation document: blocks of prose, equations, figures and proofs.

Blocks hold LaTeX already printed by :mod:`symconv.printing` from SymPy objects; the
renderers (Markdown, LaTeX, HTML, JSON) only lay those strings out, so every format
shows the same formulas.  A :class:`Document` displays itself in Jupyter.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

Segment = tuple[str, str]  # ("text", words) or ("math", latex)


@dataclass
class Heading:
    level: int
    text: str
    kind: str = "heading"


@dataclass
class Para:
    segments: list[Segment]
    style: str = "plain"  # plain | note (a large case falls back) | caption
    kind: str = "para"


@dataclass
class Equation:
    """One displayed formula; several rows continue it (``= ...`` or ``+ ...``)."""

    rows: list[tuple[str, str]]  # (left side, the rest starting with a relation or sign)
    number: int | None = None
    text: str = ""  # the SymPy form, for JSON readers
    kind: str = "equation"
    # prose-math: an illustration (a worked example's numbers), not a claim symconv check
    # reads; the Markdown and LaTeX renderers mark it (PROSE_MARK) and the checker skips it
    prose: bool = False


@dataclass
class Grid:
    """A matrix of entries; ``marks`` colours cells (0 none, 1 first, 2 second, 3 both)."""

    cells: list[list[str]]
    marks: list[list[int]]
    kind: str = "grid"


@dataclass
class Figure:
    panels: list[list[Grid | str]]  # one row of the figure: grids and LaTeX between them
    caption: list[Segment]
    number: int = 0
    kind: str = "figure"


@dataclass
class Table:
    header: list[str]
    rows: list[list[list[Segment]]]
    kind: str = "table"


@dataclass
class Check:
    """One line of the verified box: an identity or a general form and its verdict."""

    name: str
    latex: str
    status: str
    entries: int
    terms: int
    seconds: float
    method: str
    details: list[str] = field(default_factory=list)  # what a general proof checked
    general: bool = False  # proved for symbolic sizes: it has no entry count


@dataclass
class Verified:
    checks: list[Check]
    kind: str = "verified"


Block = Heading | Para | Equation | Figure | Table | Verified


@dataclass
class Document:
    """A whole derivation: title, language, notation, configuration and blocks."""

    title: str
    lang: str
    notation: str
    config: dict[str, Any]
    blocks: list[Block] = field(default_factory=list)
    show_seconds: bool = True  # committed outputs leave timings out, to be reproducible
    # general proofs: their steps as data
    proofs: list[dict[str, Any]] = field(default_factory=list)
    # The settings ``symconv check`` reads from Markdown front matter (layer, input, ...).
    front: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        blocks = [asdict(b) for b in self.blocks]
        for block in blocks:
            for check in block.get("checks", []):
                if not self.show_seconds:
                    check.pop("seconds")
                # Defaults are left out, so the JSON of concrete documents keeps its shape.
                if not check["details"]:
                    check.pop("details")
                if not check["general"]:
                    check.pop("general")
        out = {
            "title": self.title,
            "lang": self.lang,
            "notation": self.notation,
            "config": self.config,
            "blocks": blocks,
        }
        if self.proofs:
            out["proofs"] = self.proofs
        return out

    def seconds(self, check: Check) -> str:
        return f", {check.seconds:.3f} s" if self.show_seconds else ""

    def render(self, fmt: str) -> str:
        from symconv.notes.render import render

        return render(self, fmt)

    def equations(self) -> list[str]:
        """Every displayed formula as one LaTeX string (rows joined)."""
        from symconv.notes.render_md import equation_latex

        return [equation_latex(b) for b in self.blocks if isinstance(b, Equation)]

    # Jupyter shows the richest of these it supports.
    def _repr_markdown_(self) -> str:
        from symconv.notes.render_md import markdown

        return markdown(self, front=False)  # a notebook shows front matter as text

    def _repr_html_(self) -> str:
        from symconv.notes.render_html import fragment

        return fragment(self)

    def _repr_latex_(self) -> str:
        return "\n".join(f"$${eq}$$" for eq in self.equations())


def segments(template: str, math: dict[str, str]) -> list[Segment]:
    """Split ``template`` at ``{name}`` placeholders, filled with inline math."""
    out: list[Segment] = []
    pos = 0
    for m in re.finditer(r"\{(\w+)\}", template):
        if m.start() > pos:
            out.append(("text", template[pos : m.start()]))
        out.append(("math", math[m.group(1)]))
        pos = m.end()
    if pos < len(template):
        out.append(("text", template[pos:]))
    return out
