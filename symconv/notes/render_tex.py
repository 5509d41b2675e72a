"""A standalone LaTeX document that pdflatex compiles (TeX Live's base packages only).

Figures are arrays with coloured cells (colortbl), so no TikZ is needed; Spanish babel
is loaded without shorthands so that no character becomes active inside math.
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
from symconv.notes.rows import fit_rows, fits, width
from symconv.printing.notation import PROSE_MARK

CELL_COLOURS = {1: "red!30", 2: "blue!25", 3: "violet!40"}
_SPECIAL = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
    "\u2009": r"\,",
    # In OT1 text '<' and '>' print as '¡' and '¿' (the method's '->' arrows).
    "<": r"$<$",
    ">": r"$>$",
}
ITEM_WIDTH = 360.0  # a formula in the verified box: the box and the list indent take room
BABEL = {"en": "english", "es": "spanish,es-noshorthands,es-nodecimaldot"}


def escape(text: str) -> str:
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def inline(segments: list[Segment]) -> str:
    return "".join(f"${text}$" if kind == "math" else escape(text) for kind, text in segments)


def grid(g: Grid) -> str:
    cols = "|" + "c|" * len(g.cells[0])
    rows = []
    for cells, marks in zip(g.cells, g.marks, strict=True):
        rows.append(
            " & ".join(
                rf"\cellcolor{{{CELL_COLOURS[m]}}}{c}" if m else c
                for c, m in zip(cells, marks, strict=True)
            )
        )
    return (
        rf"\begin{{array}}{{{cols}}}\hline " + r" \\ \hline ".join(rows) + r" \\ \hline\end{array}"
    )


def equation(eq: Equation) -> str:
    """One display: several rows as ``aligned`` at the relation (display style in every
    row), the number beside the block; long rows broken by :func:`fit_rows`."""
    tag = rf" \tag{{{eq.number}}}" if eq.number is not None else ""
    rows = fit_rows(eq.rows)
    if len(rows) == 1:
        body = f"{rows[0][0]} {rows[0][1]}".strip()
    else:
        body = (
            r"\begin{aligned}"
            + "\n"
            + " \\\\\n".join(f"{lhs} &{rhs}" for lhs, rhs in rows)
            + "\n"
            + r"\end{aligned}"
        )
    mark = f"% {PROSE_MARK}\n" if eq.prose else ""  # the checker skips it
    if not tag:
        return rf"{mark}\[ {body} \]"
    return rf"{mark}\begin{{equation*}} {body}{tag} \end{{equation*}}"


def figure(fig: Figure, lang: str) -> str:
    rows = [
        r" \quad ".join(grid(p) if isinstance(p, Grid) else p for p in row) for row in fig.panels
    ]
    body = " \\\\[1ex]\n".join(f"${r}$" for r in rows)
    # a picture drawn in math: prose-math, up to the blank line before the caption
    return (
        r"\begin{center}"
        + "\n"
        + f"% {PROSE_MARK}\n"
        + body
        + "\n\n"
        + r"\smallskip{\small "
        + f"{phrase(lang, 'figure')} {fig.number}: {inline(fig.caption)}"
        + "}\n"
        + r"\end{center}"
    )


def table(t: Table) -> str:
    spec = "l" * len(t.header)
    lines = [
        rf"\begin{{center}}\begin{{tabular}}{{{spec}}}",
        r"\hline",
        " & ".join(escape(h) for h in t.header) + r" \\",
        r"\hline",
    ]
    lines += [" & ".join(inline(c) for c in row) + r" \\" for row in t.rows]
    lines += [r"\hline", r"\end{tabular}\end{center}"]
    return "\n".join(lines)


def check_item(c: Check, doc: Document) -> str:
    lang = doc.lang
    status = status_text(lang, c.status)
    method = escape(method_text(lang, c.method))
    formula = rf"$\displaystyle {c.latex}$"
    if not fits(c.latex, ITEM_WIDTH):  # a general form whose bracket cannot be broken
        formula = rf"{{\small {formula}}}"
    if width(c.latex) > ITEM_WIDTH / 2:
        # A long formula with no break TeX may take in it: let it start a new line rather
        # than run past the box after the bold name (\hfil fills the line it leaves).
        formula = r"\hfil\penalty0\hfilneg" + formula
    item = (
        rf"\item \textbf{{{escape(c.name)}}}: {formula} --- "
        rf"\emph{{{status}}} ({escape(counts_text(lang, c))}{doc.seconds(c)}; {method})"
    )
    if not c.details:
        return item
    # An explicit label: Spanish babel's second-level bullet needs a bitmap TS1 font.
    details = "\n".join(rf"\item[--] {escape(d)}" for d in c.details)
    # Compact: the box is a minipage, which cannot break across pages.
    return (
        item + "\n" + r"\begin{itemize}\footnotesize\setlength{\itemsep}{0pt}"
        r"\setlength{\parskip}{0pt}" + "\n" + details + "\n" + r"\end{itemize}"
    )


def verified(v: Verified, doc: Document) -> str:
    items = "\n".join(check_item(c, doc) for c in v.checks)
    return (
        r"\par\noindent\fcolorbox{green!50!black}{green!4}{\begin{minipage}"
        r"{\dimexpr\linewidth-2\fboxsep-2\fboxrule\relax}"
        + "\n"
        + r"\begin{itemize}"
        + "\n"
        + items
        + "\n"
        + r"\end{itemize}\end{minipage}}\par"
    )


def body(doc: Document, shift: int = 0) -> str:
    """The blocks as LaTeX; ``shift`` moves every heading one level down per step."""
    parts = []
    commands = ("section", "subsection", "subsubsection", "paragraph")
    for block in doc.blocks:
        if isinstance(block, Heading):
            cmd = commands[min(max(block.level - 2, 0) + shift, len(commands) - 1)]
            parts.append(rf"\{cmd}*{{{escape(block.text)}}}")
        elif isinstance(block, Para):
            text = inline(block.segments)
            parts.append(
                rf"\begin{{quote}}\itshape {text}\end{{quote}}" if block.style == "note" else text
            )
        elif isinstance(block, Equation):
            parts.append(equation(block))
        elif isinstance(block, Figure):
            parts.append(figure(block, doc.lang))
        elif isinstance(block, Table):
            parts.append(table(block))
        elif isinstance(block, Verified):
            parts.append(verified(block, doc))
    return "\n\n".join(parts)


def packages(doc: Document) -> list[str]:
    """The preamble lines the body needs; a fragment lists them in its first comment."""
    return [
        r"\usepackage[utf8]{inputenc}",
        rf"\usepackage[{BABEL[doc.lang]}]{{babel}}",
        r"\usepackage{amsmath,amssymb}",
        r"\usepackage[table]{xcolor}",
    ]


def directive(doc: Document) -> list[str]:
    """``% symconv: layer=conv2d input=3x3 ...``: what the Markdown's front matter says, as
    the comment ``symconv check`` reads in a LaTeX file (the layer these notes are about)."""
    if not doc.front:
        return []
    return [
        "% symconv: " + " ".join(f"{k}={str(v).replace(' ', '')}" for k, v in doc.front.items())
    ]


def tex_body(doc: Document) -> str:
    """The document without a preamble, to ``\\input`` into a course's own document:
    the title is a ``\\section*`` and the sections sit one level below it."""
    comment = [
        "% symconv derive: a LaTeX fragment to \\input into a document whose preamble has",
        *(f"% {line}" for line in packages(doc)),
        "% (it sets MaxMatrixCols to 30 for its wider matrices)",
        *directive(doc),
    ]
    return (
        "\n".join(comment)
        + "\n\n"
        + r"\setcounter{MaxMatrixCols}{30}"
        + "\n"
        + rf"\section*{{{escape(doc.title)}}}"
        + "\n\n"
        + body(doc, shift=1)
        + "\n"
    )


def standalone(doc: Document) -> str:
    preamble = [
        r"\documentclass[11pt]{article}",
        *directive(doc),
        *packages(doc),
        r"\usepackage[margin=2cm]{geometry}",
        r"\setcounter{MaxMatrixCols}{30}",
        r"\setlength{\parindent}{0pt}\setlength{\parskip}{0.6ex}",
        rf"\title{{{escape(doc.title)}}}\date{{}}",
        r"\begin{document}",
        r"\maketitle",
    ]
    return "\n".join(preamble) + "\n\n" + body(doc) + "\n\n" + r"\end{document}" + "\n"
