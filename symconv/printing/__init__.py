"""Printers for lecture notes: notation presets, a strict LaTeX printer, MathML."""

from symconv.printing.latex import NotesLatexPrinter, PrintContext, PrintError, latex
from symconv.printing.mathml import leftovers, to_mathml
from symconv.printing.notation import PRESETS, PROSE_MARK, Notation, notation

__all__ = [
    "PRESETS",
    "PROSE_MARK",
    "Notation",
    "NotesLatexPrinter",
    "PrintContext",
    "PrintError",
    "latex",
    "leftovers",
    "notation",
    "to_mathml",
]
