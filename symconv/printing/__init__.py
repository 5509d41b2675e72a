"""Printers for lecture notes: notation presets, a strict LaTeX printer, MathML."""

from .latex import NotesLatexPrinter, PrintContext, PrintError, latex
from .mathml import leftovers, to_mathml
from .notation import PRESETS, PROSE_MARK, Notation, notation

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
