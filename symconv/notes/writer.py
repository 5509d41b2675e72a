"""Appends blocks to a document: localised prose, numbered equations, figures."""

from __future__ import annotations

import re
from collections.abc import Sequence

import sympy

from symconv.notes.document import (
    Check,
    Document,
    Equation,
    Figure,
    Grid,
    Heading,
    Para,
    Verified,
    segments,
)
from symconv.notes.i18n import number, phrase
from symconv.printing import PrintContext, latex

# A displayed row longer than this (in printed characters, commands not counted) is
# continued on the next row, so that equations fit a page and a phone screen.
ROW_WIDTH = 70


def visible_width(tex: str) -> int:
    """Roughly how wide ``tex`` prints: letters and digits, not command names."""
    tex = re.sub(r"\\(frac|partial|mathcal|left|right|operatorname|text|cdot|mathbf|hat)", "", tex)
    return len(re.sub(r"[{}\\_^ ]", "", tex))


class Writer:
    """Collects the blocks of one document in one language and one notation."""

    def __init__(self, doc: Document, ctx: PrintContext | None) -> None:
        """``ctx`` None: a document whose formulas come printed (the general proofs')."""
        self.doc, self.ctx = doc, ctx
        self.equation_count = 0
        self.figure_count = 0
        self.shift = 0  # a layer's sections sit one level deeper in the LeNet document

    @property
    def lang(self) -> str:
        return self.doc.lang

    def tex(self, expr: sympy.Basic, ctx: PrintContext | None = None) -> str:
        return latex(expr, self.context(ctx))

    def context(self, ctx: PrintContext | None = None) -> PrintContext:
        """The context to print in: ``ctx``, else the document's own."""
        context = ctx or self.ctx
        if context is None:
            raise ValueError("this document has no notation to print formulas in")
        return context

    def words(self, key: str, **fields: object) -> str:
        return phrase(self.lang, key).format(**fields)

    def heading(self, level: int, key: str, **fields: object) -> None:
        self.doc.blocks.append(Heading(level + self.shift, self.words(key, **fields)))

    def para(self, key: str | tuple[str, ...], style: str = "plain", **fields: str | int) -> None:
        """A paragraph: ``{n_...}`` are numbers (int), ``{t_...}`` words, the rest inline
        math (LaTeX text)."""
        keys = key if isinstance(key, tuple) else (key,)  # a sentence built of parts
        text = "".join(phrase(self.lang, k) for k in keys)

        def plain(m: re.Match[str]) -> str:
            value = fields[m.group(1)]
            if m.group(1).startswith("n_") and isinstance(value, int):
                return number(self.lang, value)
            return str(value)

        text = re.sub(r"\{((?:n|t)_\w+)\}", plain, text)
        formulas = {k: str(v) for k, v in fields.items() if not k.startswith(("n_", "t_"))}
        self.doc.blocks.append(Para(segments(text, formulas), style))

    def equation(
        self,
        lhs: str,
        rhs: Sequence[str | list[str]],
        expr: sympy.Basic | None = None,
        numbered: bool = True,
        prose: bool = False,
    ) -> int:
        """``lhs = rhs[0] = rhs[1] ...``; a long right side is split at its terms."""
        rows: list[tuple[str, str]] = []
        for part in rhs:
            pieces = part if isinstance(part, list) else [part]
            rows.extend(self._pack(lhs if not rows else "", pieces))
        self.equation_count += numbered
        number = self.equation_count if numbered else None
        text = str(expr) if expr is not None else ""
        self.doc.blocks.append(Equation(rows, number, text, prose=prose))
        return self.equation_count

    def _pack(self, lhs: str, pieces: list[str]) -> list[tuple[str, str]]:
        """Rows of at most ROW_WIDTH: the first starts with ``=``, the others continue."""
        rows: list[str] = []
        current = "= " + pieces[0]
        for piece in pieces[1:]:
            if visible_width(current + piece) > ROW_WIDTH:
                rows.append(current)
                current = piece
            else:
                current += " " + piece
        rows.append(current)
        return [(lhs if k == 0 else "", r if k == 0 else r"\quad " + r) for k, r in enumerate(rows)]

    def terms(self, expr: sympy.Expr) -> list[str]:
        """The terms of a sum printed one by one with their signs, in lecture order."""
        from symconv.printing.latex import NotesLatexPrinter

        printer = NotesLatexPrinter(self.context())
        if not isinstance(expr, sympy.Add):
            return [printer.doprint(expr)]
        out: list[str] = []
        for k, term in enumerate(sorted(expr.args, key=printer._term_key)):
            neg = term.could_extract_minus_sign()
            body = printer.doprint(-term if neg else term)
            out.append(("- " if neg else ("+ " if k else "")) + body)
        return out

    def figure(self, panels: list[list[Grid | str]], caption_key: str, **math: str) -> None:
        self.figure_count += 1
        caption = segments(phrase(self.lang, caption_key), math)
        self.doc.blocks.append(Figure(panels, caption, self.figure_count))

    def verified(self, checks: list[Check]) -> None:
        self.doc.blocks.append(Verified(checks))
