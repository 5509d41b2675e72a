"""A dense layer's forward pass written in another layout.

``Z = XW`` in notes whose W is 2x4 (PyTorch's out x in) does not multiply: the notes (or a
sentence quoting another convention, "pattern-matching from $Z = XW$") lay W out as in x out.
Which layout a forward definition uses is the definition's own choice, so a forward claim
whose products do not fit the shapes as read is not understood (naming the shapes), never
wrong; a gradient that does not multiply (``dX = dZ W^T``) stays a mistake, the forward pass
fixing the layout.
"""

from __future__ import annotations

from symconv.checker.context import finding
from symconv.checker.notation_options import Notation
from symconv.checker.report import NOT_UNDERSTOOD
from symconv.checker.syntax import Chain, Sym
from symconv.checker.written_names import single_item
from symconv.spec.layer import Dense


def other_layout(chain: Chain, failures: dict, model, notation: Notation) -> dict | None:
    """NOT_UNDERSTOOD for ``Z = XW`` that does not multiply, else None."""
    if not isinstance(model.spec, Dense) or not failures:
        return None
    if not all((f.message or "").startswith("cannot multiply") for f in failures.values()):
        return None
    side = chain.sides[0]
    item = single_item(side.exprs[0]) if len(side.exprs) == 1 else None
    if not isinstance(item, Sym) or notation.letters.get(item.name) != "Z":
        return None
    spec = model.spec
    message = next(iter(failures.values())).message
    return finding(
        NOT_UNDERSTOOD,
        f"the forward pass does not fit the layout read ({message}; W is "
        f"{spec.out_features}×{spec.in_features}, one row per output): written in another "
        "layout (W as in × out?)",
    )
