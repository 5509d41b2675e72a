"""What the verbs of :mod:`symconv.api.verbs` return: data, the CLI's text, and notebook displays.

Each result keeps its structured data (rows, proofs, verdicts), prints as the matching
command prints (``str(result)``; ``to_dict()`` is its ``--json``), and shows itself in a
notebook: ``_repr_html_`` (formulas as MathML, no JavaScript), ``_repr_markdown_`` and,
where the content is mathematics, ``_repr_latex_``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from symconv.layers.base import PolyLayer
from symconv.printing import PrintContext, PrintError, latex, notation, to_mathml
from symconv.proofs.proof import Proof, Report

if TYPE_CHECKING:
    from symconv.checker.report import Report as CheckReport
    from symconv.checker.report import Verdict
    from symconv.proofs.problems import Layer
    from symconv.spec.network import Network, ShapeRow

STYLE = "border-collapse:collapse"
CELL = "border:1px solid #ccc;padding:2px 6px;text-align:left"


def html_table(header: list[str], rows: list[list[str]], caption: str = "") -> str:
    """A small bordered table; ``rows`` hold HTML already escaped."""
    head = "".join(f'<th style="{CELL}">{html.escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td style="{CELL}">{c}</td>' for c in row) + "</tr>" for row in rows
    )
    title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f'<table style="{STYLE}">{title}<tr>{head}</tr>{body}</table>'


def md_cell(text: str) -> str:
    return text.replace("|", r"\|").replace("\n", " ")


def md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def math_html(latex: str) -> str:
    """``latex`` as MathML, or as code when latex2mathml cannot read it (a user's note)."""
    try:
        return to_mathml(latex)
    except PrintError:
        return f"<code>{html.escape(latex)}</code>"


def identity_formulas(layer: Layer, notation_name: str = "subscript") -> dict[str, str]:
    """Each identity of a polynomial layer as ``lhs = closed form`` in LaTeX (the notes'
    printer, from the closed-form node itself); {} for a layer proved another way."""
    if not isinstance(layer, PolyLayer):  # an activation or the loss
        return {}
    identities = layer.identities()
    if not identities:
        return {}
    nt = notation(notation_name)
    ctx = PrintContext(
        nt, {tag: t.shape[1:] if tag in ("X", "G") else t.shape for tag, t in layer.tensors.items()}
    )
    ctx.shapes["Z"] = ctx.shapes.get("G", ())
    return {
        i.name: (nt.tensor("Z") if i.of == "Z" else nt.grad_tensor(i.of))
        + " = "
        + latex(i.closed, ctx)
        for i in identities
    }


# ------------------------------------------------------------------------------- shapes


@dataclass
class Shapes:
    """``symconv shapes``: one row per layer (``rows``) and the totals."""

    network: Network
    rows: list[ShapeRow] = field(default_factory=list)

    @property
    def total_activations(self) -> int:
        return sum(r.activations for r in self.rows)

    @property
    def total_params(self) -> int:
        return sum(r.params for r in self.rows)

    def format(self, fmt: str = "text") -> str:
        """text, md, tex or json: exactly what ``symconv shapes --format FMT`` prints."""
        from symconv.spec.shape_table import render

        return render(self.network, fmt)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.format("json"))
        return data

    def __str__(self) -> str:
        return self.format("text")

    def __repr__(self) -> str:
        return (
            f"<Shapes {self.network.name}: {len(self.rows)} layers, "
            f"{self.total_params:,} parameters>"
        )

    def _repr_markdown_(self) -> str:
        return self.format("md")

    def _repr_latex_(self) -> str:
        return self.format("tex")

    def _repr_html_(self) -> str:
        data = self.to_dict()
        rows = [
            [
                html.escape(str(v))
                for v in (
                    r["name"],
                    r["kind"],
                    " × ".join(map(str, r["output"])),
                    r["activations"],
                    r["params"],
                    r["formula"].replace("*", "·"),
                )
            ]
            for r in data["layers"]
        ]
        rows.append(
            ["<b>Total</b>", "", "", str(data["total_activations"]), str(data["total_params"]), ""]
        )
        return html_table(
            ["Layer", "Kind", "Output", "#Act.", "#Params", "Formula"], rows, self.network.name
        )


# -------------------------------------------------------------------------------- prove


@dataclass
class Proofs:
    """``symconv prove``: every identity proved (``proofs``), each with its verdict, sizes
    and time; ``formulas`` maps (layer, identity) to the closed form's LaTeX."""

    report: Report | None = None  # concrete sizes
    general: dict[str, list[Proof]] | None = None  # --general: case -> proofs
    cases: tuple[str, ...] = ()
    target: str = ""
    seconds: float = 0.0
    layers: list[Layer] = field(default_factory=list, repr=False)  # the layers proved

    @cached_property
    def formulas(self) -> dict[tuple[str, str], str]:
        """(layer, identity) -> ``lhs = closed form`` in LaTeX, printed from the node."""
        return {
            (layer.label, name): tex
            for layer in self.layers
            for name, tex in identity_formulas(layer).items()
        }

    @property
    def proofs(self) -> list[Proof]:
        if self.report is not None:
            return list(self.report.proofs)
        return [p for ps in (self.general or {}).values() for p in ps]

    @property
    def proved(self) -> bool:
        if self.report is not None:
            return self.report.proved
        from symconv.cli.prove_general import _proved

        return _proved(self.general or {}, self.cases)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``symconv prove --json`` (without ``--general``: identities)."""
        if self.report is not None:
            return self.report.to_dict()
        from symconv.proofs.general.cases import TITLES

        return {
            "proved": self.proved,
            "target": self.target,
            "required": list(self.cases),
            "seconds": round(self.seconds, 3),
            "titles": {c: TITLES.get(c, c) for c in self.cases},
            "cases": {c: [p.to_dict() for p in ps] for c, ps in (self.general or {}).items()},
        }

    def __str__(self) -> str:
        if self.report is not None:
            return str(self.report)
        from symconv.cli.prove_general import _text

        return _text(self.general or {}, self.cases, self.seconds)

    def __repr__(self) -> str:
        done = sum(p.proved for p in self.proofs)
        return f"<Proofs: {done}/{len(self.proofs)} identities proved in {self.seconds:.2f} s>"

    def __iter__(self) -> Iterator[Proof]:
        return iter(self.proofs)

    def __len__(self) -> int:
        return len(self.proofs)

    def _cells(self, p: Proof) -> list[str]:
        return [p.layer, p.identity, p.status, f"{p.entries:,}", f"{p.terms:,}", f"{p.seconds:.3f}"]

    def _summary(self) -> str:
        done = sum(p.proved for p in self.proofs)
        return f"{done}/{len(self.proofs)} identities proved in {self.seconds:.2f} s"

    def _repr_markdown_(self) -> str:
        rows = []
        for p in self.proofs:
            cells = self._cells(p)
            formula = self.formulas.get((p.layer, p.identity))
            cells.insert(2, f"${formula}$" if formula else f"`{p.statement}`")
            rows.append(cells)
        return (
            md_table(["layer", "identity", "closed form", "status", "entries", "terms", "s"], rows)
            + f"\n\n{self._summary()}"
        )

    def _repr_html_(self) -> str:
        rows = []
        for p in self.proofs:
            cells = [html.escape(c) for c in self._cells(p)]
            formula = self.formulas.get((p.layer, p.identity))
            cells.insert(
                2, math_html(formula) if formula else f"<code>{html.escape(p.statement)}</code>"
            )
            mark = "✔" if p.proved else "✘"
            cells[3] = f"{mark} {cells[3]}"
            rows.append(cells)
        return html_table(
            ["layer", "identity", "closed form", "status", "entries", "terms", "s"],
            rows,
            self._summary(),
        )

    def _repr_latex_(self) -> str | None:
        lines = [
            f"{formula} \\quad \\text{{({layer} {identity})}}"
            for (layer, identity), formula in self.formulas.items()
        ]
        return "$$\\begin{aligned}" + r"\\".join(lines) + "\\end{aligned}$$" if lines else None


# -------------------------------------------------------------------------------- check


@dataclass
class Checks:
    """``symconv check``: one report per file (``reports``), each with its verdicts
    (line, source, status, expected, missing, extra, counterexample, message)."""

    reports: list[CheckReport] = field(default_factory=list)

    @property
    def verdicts(self) -> list[Verdict]:
        return [v for r in self.reports for v in r.verdicts]

    def summary(self) -> dict[str, int]:
        """Verdicts counted by status, over every file."""
        from symconv.checker.report import Report as CheckReport

        return CheckReport("", self.verdicts).summary()

    @property
    def ok(self) -> bool:
        """Nothing wrong or size-specific (the CLI's exit status 0)."""
        return self.exit_code == 0

    @property
    def exit_code(self) -> int:
        return max((r.exit_code for r in self.reports), default=0)

    def unusable(self) -> list[str]:
        """Why a report holds nothing checked (no equation, or none understood), one
        line per such report; ``symconv check`` exits 2 for these unless --allow-empty."""
        return [u for u in (r.unusable() for r in self.reports) if u is not None]

    def to_dict(self) -> dict[str, Any] | list[dict[str, Any]]:
        data = [r.to_dict() for r in self.reports]
        return data[0] if len(data) == 1 else data

    def github(self) -> str:
        return "\n".join(r.github() for r in self.reports)

    def __str__(self) -> str:
        return "\n".join(r.human() for r in self.reports)

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {s}" for s, n in self.summary().items())
        return f"<Checks {', '.join(r.path for r in self.reports)}: {counts}>"

    def __iter__(self) -> Iterator[Verdict]:
        return iter(self.verdicts)

    def __len__(self) -> int:
        return len(self.verdicts)

    def _rows(self) -> list[tuple[str, Verdict]]:
        return [(r.path, v) for r in self.reports for v in r.verdicts]

    def _repr_markdown_(self) -> str:
        rows = [
            [f"{path}:{v.line}", f"**{v.status}**", f"${' '.join(v.source.split())}$", v.message]
            for path, v in self._rows()
        ]
        counts = ", ".join(f"{n} {s}" for s, n in self.summary().items())
        return md_table(["line", "status", "equation", "why"], rows) + f"\n\n{counts}"

    def _repr_html_(self) -> str:
        colours = {"verified": "#1a7f37", "wrong": "#cf222e", "size-specific": "#9a6700"}
        rows = []
        for path, v in self._rows():
            colour = colours.get(v.status, "#57606a")
            rows.append(
                [
                    html.escape(f"{path}:{v.line}"),
                    f'<b style="color:{colour}">{html.escape(v.status)}</b>',
                    math_html(" ".join(v.source.split())),
                    html.escape(v.message),
                ]
            )
        counts = ", ".join(f"{n} {s}" for s, n in self.summary().items())
        return html_table(["line", "status", "equation", "why"], rows, counts)
