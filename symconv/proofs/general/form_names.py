"""The closed form of a general proof in a formula, printed by the notes printer's own rules.

The node rules (``_print_Correlate``, ``_print_Pad``, ...) are those of
:class:`~symconv.printing.latex.NotesLatexPrinter`, which print integer parameters and, here,
the size symbols the general proof reads in their place (``\\star_{s=(s_h,s_w)}``); only
the tensors are written as the proof's sums write them (X, W, b, G), and the batch is N.
"""

from __future__ import annotations

import sympy

from symconv.ops import TensorSymbol
from symconv.printing.latex import NotesLatexPrinter, PrintContext
from symconv.printing.notation import Notation
from symconv.proofs.general.size_config import SymConfig

_PLAIN = {"X": "X", "W": "W", "b": "b", "Z": "Z"}
NOTATION = Notation(
    "general", _PLAIN, _PLAIN, grad="d", times=" ", names={"f": "f", "i": "i", "j": "j"}
)


class ClosedFormPrinter(NotesLatexPrinter):
    """The notes printer at the general proof's symbolic sizes."""

    def __init__(self, cfg: SymConfig) -> None:
        batch_first = ("X", "G", "Z")
        shapes = {
            name: tuple(shape[1:]) if name in batch_first else tuple(shape)
            for name, shape in cfg.shapes.items()
        }
        super().__init__(PrintContext(NOTATION, shapes))
        self.batch = cfg.shapes["G"][0] if "G" in cfg.shapes else 1
        self.named_padded_input = False  # the general documents define no X^pad

    def _print_TensorSymbol(self, expr: TensorSymbol) -> str:
        name: str = expr.name
        return name


def node_tex(node: sympy.Basic, cfg: SymConfig) -> str:
    """``node`` (with symbolic parameters, see :mod:`.translate`) as LaTeX."""
    return ClosedFormPrinter(cfg).doprint(node)
