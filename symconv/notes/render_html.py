"""HTML with MathML from latex2mathml: no JavaScript, renders in any current browser.

Every formula goes through :func:`symconv.printing.to_mathml`, which refuses output with
LaTeX left in it.  Figures are HTML tables whose cells hold MathML and are coloured by
CSS, so the highlighting does not depend on MathML styling support.
"""

from __future__ import annotations

import html
import re

from symconv.notes.document import (
    Block,
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
from symconv.notes.render_md import equation_latex
from symconv.printing import to_mathml

# Every rule is scoped to the document's container, so the HTML of a Document shown in
# a notebook styles itself and nothing around it.
CLASS = "symconv-doc"
STYLE = """
.symconv-doc { font-family: Georgia, serif; max-width: 60rem; margin: 2rem auto;
               padding: 0 1rem; line-height: 1.5; color: #111; }
.symconv-doc .eq { display: flex; align-items: center; margin: 0.6rem 0; overflow-x: auto;
                   overflow-y: hidden; }
.symconv-doc .eq .rows { flex: 1; } .symconv-doc .eq .num { margin-left: 1rem; color: #555; }
.symconv-doc .eq mtable.align > mtr > mtd { padding: 0.2em 0; }
.symconv-doc .eq mtable.align > mtr > mtd:first-child { text-align: right; padding-right: 0; }
.symconv-doc .eq mtable.align > mtr > mtd:last-child { text-align: left; padding-left: 0; }
.symconv-doc .note { border-left: 4px solid #c90; padding: 0.3rem 0.8rem; background: #fff8e6; }
.symconv-doc .figure { margin: 1rem 0; }
.symconv-doc .panel { display: flex; align-items: center; gap: 0.8rem; margin: 0.4rem 0;
                      flex-wrap: wrap; }
.symconv-doc table.grid { border-collapse: collapse; }
.symconv-doc table.grid td { border: 1px solid #444; padding: 0.2rem 0.45rem;
                             text-align: center; }
.symconv-doc td.m1 { background: #f4a6a6; } .symconv-doc td.m2 { background: #a6c8f4; }
.symconv-doc td.m3 { background: #c9a6f4; }
.symconv-doc .caption { font-size: 0.92rem; color: #333; }
.symconv-doc .verified { border: 2px solid #2a7a2a; background: #f1fbf1; padding: 0.5rem 1rem;
                         border-radius: 6px; }
.symconv-doc table.data { border-collapse: collapse; }
.symconv-doc table.data td, .symconv-doc table.data th {
  border-bottom: 1px solid #ccc; padding: 0.25rem 0.7rem; text-align: left; }
"""


def inline(segments: list[Segment]) -> str:
    return "".join(
        to_mathml(text) if kind == "math" else html.escape(text) for kind, text in segments
    )


def display_limits(tex: str) -> str:
    """``\\sum\\limits_{..}``: limits under and over the sign in every row (latex2mathml
    writes a plain ``\\sum_`` inside an array as side scripts, whatever the style)."""
    return re.sub(r"\\(sum|prod)(?=\s*[_^])", r"\\\1\\limits", tex)


def equation(eq: Equation) -> str:
    rows = to_mathml(display_limits(equation_latex(eq, tag=False)), display=True)
    if "<mtable>" in rows:  # several rows: aligned at the relation, right then left
        rows = rows.replace(
            "<mtable>", '<mtable class="align" columnalign="right left" displaystyle="true">', 1
        )
    num = f'<span class="num">({eq.number})</span>' if eq.number is not None else ""
    return f'<div class="eq"><div class="rows">{rows}</div>{num}</div>'


def grid(g: Grid) -> str:
    rows = []
    for cells, marks in zip(g.cells, g.marks, strict=True):
        tds = "".join(
            f'<td class="m{m}">{to_mathml(c)}</td>' if m else f"<td>{to_mathml(c)}</td>"
            for c, m in zip(cells, marks, strict=True)
        )
        rows.append(f"<tr>{tds}</tr>")
    return f'<table class="grid">{"".join(rows)}</table>'


def figure(fig: Figure, lang: str) -> str:
    panels = "".join(
        '<div class="panel">'
        + "".join(grid(p) if isinstance(p, Grid) else to_mathml(p) for p in row)
        + "</div>"
        for row in fig.panels
    )
    caption = f"{phrase(lang, 'figure')} {fig.number}: {inline(fig.caption)}"
    return (
        f'<figure class="figure">{panels}<figcaption class="caption">{caption}'
        "</figcaption></figure>"
    )


def table(t: Table) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in t.header)
    rows = "".join(
        "<tr>" + "".join(f"<td>{inline(c)}</td>" for c in row) + "</tr>" for row in t.rows
    )
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def check_item(c: Check, doc: Document) -> str:
    lang = doc.lang
    status = status_text(lang, c.status)
    method = html.escape(method_text(lang, c.method))
    details = "".join(f"<li>{html.escape(d)}</li>" for d in c.details)
    return (
        f"<li><strong>{html.escape(c.name)}</strong>: {to_mathml(c.latex)} "
        f"— <em>{status}</em> ({html.escape(counts_text(lang, c))}{doc.seconds(c)}; "
        f"{method})" + (f'<ul class="details">{details}</ul>' if details else "") + "</li>"
    )


def block_html(block: Block, doc: Document) -> str:
    lang = doc.lang
    if isinstance(block, Heading):
        return f"<h{block.level}>{html.escape(block.text)}</h{block.level}>"
    if isinstance(block, Para):
        cls = ' class="note"' if block.style == "note" else ""
        return f"<p{cls}>{inline(block.segments)}</p>"
    if isinstance(block, Equation):
        return equation(block)
    if isinstance(block, Figure):
        return figure(block, lang)
    if isinstance(block, Table):
        return table(block)
    if isinstance(block, Verified):
        items = "".join(check_item(c, doc) for c in block.checks)
        return f'<div class="verified"><ul>{items}</ul></div>'
    raise TypeError(f"no HTML rule for {type(block).__name__}")


def fragment(doc: Document) -> str:
    """The body with its style, for Jupyter's ``_repr_html_``: every rule is scoped to the
    ``symconv-doc`` container, so the notebook around it keeps its own look."""
    blocks = "\n".join(block_html(b, doc) for b in doc.blocks)
    return (
        f'<div class="{CLASS}">\n<style>{STYLE}</style>\n<h1>{html.escape(doc.title)}</h1>\n'
        f"{blocks}\n</div>"
    )


def page(doc: Document) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{doc.lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(doc.title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f'<body>\n<main class="{CLASS}">\n<h1>{html.escape(doc.title)}</h1>\n'
        + "\n".join(block_html(b, doc) for b in doc.blocks)
        + "\n</main>\n</body>\n</html>\n"
    )
