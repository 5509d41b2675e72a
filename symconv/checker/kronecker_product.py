"""The input gradient of a convolution whose windows tile the input, written as a Kronecker
product: ``\\frac{\\partial L}{\\partial X} = G \\otimes K``.

When the stride equals the kernel and nothing is padded, the windows neither overlap nor
leave gaps, and each output entry's window is its own block of the input:
dL/dX[kh·i + a, kw·j + b] = G[i, j]·W[a, b] (a correlation), which is exactly the
Kronecker product G ⊗ W.  With overlapping windows the blocks would add up, and the
product is no longer the gradient.  ⊗ is read as Kronecker's product only where the notes
say so ("producto de Kronecker", "Kronecker product"): elsewhere the symbol is also a
convolution's, and the operator reader takes it.  Judged entry by entry, as exact
polynomials in G and W, against the layer's chain-rule derivation.
"""

from __future__ import annotations

import re

from symconv.checker.algebra import Poly
from symconv.checker.context import finding
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.worked_numbers import role_of

_KRONECKER_WORDS = re.compile(r"Kronecker", re.IGNORECASE)
_SPACE = r"(?:\s|\\[,;:!])*"
_GRAD = r"(?:\\mathbf\s*\{\s*G\s*\}|G|\\delta|\\Delta|d[YZ])"
_ROTATED = (
    r"(?:\\operatorname\s*\{\s*(?:rot|rot180|flip)\s*\}|\\text\s*\{\s*(?:rot|rot180|flip)\s*\}"
    r"|\\mathrm\s*\{\s*(?:rot|rot180|flip)\s*\})\s*(?:_\s*\{[^{}]*\}|_\s*\d+)?"
)
_KERNEL = r"(?:\\mathbf\s*\{\s*[WK]\s*\}|[WK])"
_PRODUCT = re.compile(
    rf"^{_SPACE}({_GRAD}){_SPACE}\\otimes{_SPACE}(?:({_ROTATED}){_SPACE}"
    rf"(?:\\left)?\(\s*{_KERNEL}\s*(?:\\right)?\)|{_KERNEL}){_SPACE}[,.;]?{_SPACE}$"
)


def judge_kronecker_product(text: str, document: str, model) -> dict | None:
    """The verdict of ``dL/dX = G ⊗ W`` (or ``G ⊗ rot180(W)``) on a convolution whose
    notes call ⊗ Kronecker's product; None for any other claim."""
    if "\\otimes" not in text or not _KRONECKER_WORDS.search(document):
        return None
    if getattr(model, "op", None) is not None or "W" not in getattr(model.layer, "tensors", {}):
        return None  # a pool's G ⊗ 1 is pool_claims'
    sides = text.split("=")
    if len(sides) != 2 or role_of(sides[0]) != "dX":
        return None
    m = _PRODUCT.match(sides[1])
    if m is None:
        return None
    g = model.layer.tensors["G"].ids
    w = model.layer.tensors["W"].ids
    x = model.layer.tensors["X"].ids
    if g.shape[:2] != (1, 1) or w.shape[:2] != (1, 1) or x.shape[:2] != (1, 1):
        return None  # one map each: the product of two matrices
    (ho, wo), (kh, kw) = g.shape[2:], w.shape[2:]
    shape = (ho * kh, wo * kw)
    if shape != tuple(x.shape[2:]):
        return finding(
            WRONG,
            f"G ⊗ W is {shape[0]}x{shape[1]} and dL/dX {x.shape[2]}x{x.shape[3]}: "
            "the windows do not tile the input",
        )
    rotated = m.group(2) is not None
    for r in range(shape[0]):
        for c in range(shape[1]):
            i, a, j, b = r // kh, r % kh, c // kw, c % kw
            tap = (kh - 1 - a, kw - 1 - b) if rotated else (a, b)
            claimed = Poly.var(int(g[0, 0, i, j])).times(Poly.var(int(w[0, 0, *tap])))
            truth = model.gradient("X", (0, 0, r, c))
            if claimed != truth:
                hint = "; the kernel is not rotated in this form" if rotated else ""
                return finding(
                    WRONG,
                    f"the right side differs at ({r}, {c}): the claim gives "
                    f"G[{i},{j}]·W[{tap[0]},{tap[1]}]{hint}",
                )
    return finding(VERIFIED, "holds: the windows tile the input, so dL/dX is G ⊗ W block by block")
