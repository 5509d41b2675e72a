"""Jupyter display for proofs: a :class:`ProofView` shows a Proof with its closed form.

A :class:`~symconv.notes.document.Document` already displays itself; a bare
:class:`~symconv.proofs.proof.Proof` only has Markdown, so this wrapper adds LaTeX and HTML
printed by the notes printer:

>>> from symconv.layers.conv import ConvLayer
>>> from symconv.spec.layer import conv
>>> layer = ConvLayer(conv(1, 1, 2, bias=False), (3, 3))
>>> views = proof_views(layer)
>>> views[1].proof.identity, views[1].proof.status
('dL/dW', 'proved')
>>> views[1]._repr_latex_().startswith("$$") and "star" in views[1].formula
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from symconv.layers.base import PolyLayer
from symconv.printing import to_mathml
from symconv.proofs.proof import Proof


@dataclass
class ProofView:
    proof: Proof
    formula: str  # LaTeX of the identity, printed from its closed-form node

    def _repr_latex_(self) -> str:
        return f"$${self.formula}$$"

    def _repr_markdown_(self) -> str:
        p = self.proof
        return (
            f"**{p.layer}** {p.identity}: $${self.formula}$$ *{p.status}* "
            f"({p.entries} entries, {p.terms} terms, {p.seconds:.3f} s)"
        )

    def _repr_html_(self) -> str:
        p = self.proof
        return (
            f"<div><strong>{html.escape(p.layer)}</strong> {html.escape(p.identity)}: "
            f"{to_mathml(self.formula, display=True)}<em>{html.escape(p.status)}</em> "
            f"({p.entries} entries, {p.terms} terms, {p.seconds:.3f} s)</div>"
        )


def proof_views(layer: PolyLayer, notation_name: str = "subscript") -> list[ProofView]:
    """Prove ``layer`` and wrap each proof with its identity printed in a notation."""
    from symconv.api.results import identity_formulas

    formulas = identity_formulas(layer, notation_name)
    return [ProofView(proof, formulas[proof.identity]) for proof in layer.prove(kernels=False)]
