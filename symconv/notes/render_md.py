"""Markdown with ``$...$`` and ``$$...$$`` math, as GitHub and Jupyter render it.

Figures are ``array`` environments whose highlighted entries are coloured with
``\\textcolor`` (MathJax on GitHub and in Jupyter shows them; latex2mathml converts them),
because Markdown renderers strip the styles of HTML tables.
"""

from __future__ import annotations

from symconv.notes.document import (
    Check,
    Document,
    Equation,
    Figure,
    Grid,
    Heading,
    Para,
    Segment,
    Table,
    Verified,
)
from symconv.notes.i18n import counts_text, method_text, phrase, status_text
from symconv.notes.rows import fit_rows
from symconv.printing.notation import PROSE_MARK

MARK = f"<!-- {PROSE_MARK} -->"  # the checker skips the displays up to the next blank line
COLOURS = {1: "red", 2: "blue", 3: "purple"}  # names every MathJax and latex2mathml know


def inline(segments: list[Segment]) -> str:
    return "".join(f"${text}$" if kind == "math" else text for kind, text in segments)


def grid_tex(grid: Grid) -> str:
    """A bordered array; marked entries bold and coloured (the colour says which window)."""
    cols = "|" + "c|" * len(grid.cells[0])
    rows = []
    for cells, marks in zip(grid.cells, grid.marks, strict=True):
        rows.append(
            " & ".join(
                rf"\textcolor{{{COLOURS[m]}}}{{\mathbf{{{c}}}}}" if m else c
                for c, m in zip(cells, marks, strict=True)
            )
        )
    return (
        rf"\begin{{array}}{{{cols}}} \hline "
        + r" \\ \hline ".join(rows)
        + r" \\ \hline \end{array}"
    )


def figure_rows(fig: Figure) -> list[str]:
    """One LaTeX formula per row of panels."""
    return [
        r" \quad ".join(grid_tex(p) if isinstance(p, Grid) else p for p in row)
        for row in fig.panels
    ]


def equation_latex(eq: Equation, tag: bool = True) -> str:
    """One formula: a single row as is, several as a two-column array aligned at the
    relation, every cell in display style (latex2mathml and MathJax both read ``array``;
    neither reads ``align`` the same way)."""
    fitted = fit_rows(eq.rows)
    if len(fitted) == 1:
        body = f"{fitted[0][0]} {fitted[0][1]}".strip()
    else:
        rows = [
            rf"{{\displaystyle {lhs}}} & {{\displaystyle {rhs}}}"
            if lhs
            else rf"& {{\displaystyle {rhs}}}"
            for lhs, rhs in fitted
        ]
        body = r"\begin{array}{rl} " + r" \\ ".join(rows) + r" \end{array}"
    if tag and eq.number is not None:
        body += rf" \tag{{{eq.number}}}"
    return body


def check_line(check: Check, doc: Document) -> str:
    lang = doc.lang
    status = status_text(lang, check.status)
    line = (
        f"- **{check.name}**: ${check.latex}$ — *{status}* ({counts_text(lang, check)}"
        f"{doc.seconds(check)}; {method_text(lang, check.method)})"
    )
    return "\n".join([line, *(f"  - {d}" for d in check.details)])


def front_matter(doc: Document) -> list[str]:
    """The ``---`` block ``symconv check`` reads: the layer these notes are about."""
    if not doc.front:
        return []
    return ["---", *(f"{key}: {value}" for key, value in doc.front.items()), "---", ""]


def markdown(doc: Document, front: bool = True) -> str:
    out = [*(front_matter(doc) if front else []), f"# {doc.title}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + block.text, ""]
        elif isinstance(block, Para):
            text = inline(block.segments)
            out += [f"> {text}" if block.style == "note" else text, ""]
        elif isinstance(block, Equation):
            out += [MARK] if block.prose else []
            out += ["$$", equation_latex(block), "$$", ""]
        elif isinstance(block, Figure):  # a picture drawn in math: prose-math
            out += [MARK, *(line for row in figure_rows(block) for line in ("$$", row, "$$"))]
            out += [
                "",
                f"*{phrase(doc.lang, 'figure')} {block.number}: {inline(block.caption)}*",
                "",
            ]
        elif isinstance(block, Table):
            out += ["| " + " | ".join(block.header) + " |", "|" + "---|" * len(block.header)]
            out += ["| " + " | ".join(inline(c) for c in row) + " |" for row in block.rows]
            out += [""]
        elif isinstance(block, Verified):
            out += [check_line(c, doc) for c in block.checks] + [""]
    return "\n".join(out).rstrip() + "\n"
