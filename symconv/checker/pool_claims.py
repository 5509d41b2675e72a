"""Average pooling's claims in two forms the element-wise reader does not take.

* The gradient as a Kronecker product with a block of ones, ``\\frac{\\partial L}{\\partial
  X} = \\frac{1}{4}\\, G \\otimes \\mathbf{1}_{2\\times 2}``: G upsampled, each entry copied
  over a 2x2 block (``\\mathbf{1} \\otimes G`` tiles G instead).  Compared entry by entry,
  as exact polynomials in G, with the pool's derivation (dL/dX = G/(k_h k_w) spread over
  each window).
* The output written with a mark, ``\\bar{y}_{ij} = \\frac{1}{4}\\sum ...``: in notes about
  pooling a decorated output letter is the pool's output (:func:`plain_output`).
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.algebra import Poly
from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.worked_numbers import role_of

_SCALE = r"(?:\\[dt]?frac\s*\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\}|(\d+(?:\.\d+)?))"
# G, \\delta, dY; G_P, G_{Y}: the upstream gradient named by the map it is of
# \frac{\partial L}{\partial Y}, \partial L / \partial P: the gradient written out
_GRAD = (
    r"(?:(?:\\mathbf\s*\{\s*G\s*\}|G|\\delta|\\Delta)(?:_\s*\{?\s*[A-Za-z]\s*\}?)?|d[YZ]"
    r"|\\[dt]?frac\s*\{\s*\\partial\s*(?:L|\\mathcal\s*\{?\s*L\s*\}?|E|J)\s*\}"
    r"\s*\{\s*\\partial\s*[A-Z]\s*\}"
    r"|\\partial\s*(?:L|\\mathcal\s*\{?\s*L\s*\}?|E|J)\s*/\s*\\partial\s*[A-Z](?![A-Za-z]))"
)
_ONES = (
    r"(?:\\mathbf|\\mathbb|\\boldsymbol|\\mathds)\s*\{\s*(?:1|J)\s*\}\s*_\s*\{\s*(\d+)\s*"
    r"(?:\\times|x|,)\s*(\d+)\s*\}"
)
_SPACE = r"(?:\s|\\[,;:!]|\\cdot)*"
_KRON = re.compile(
    rf"^{_SPACE}(?:{_SCALE}{_SPACE})?(?:({_GRAD}){_SPACE}\\otimes{_SPACE}{_ONES}|"
    rf"{_ONES}{_SPACE}\\otimes{_SPACE}({_GRAD})){_SPACE}[,.;]?{_SPACE}$"
)
_MARKED_OUTPUT = re.compile(
    r"^(\s*)\\(?:bar|hat|overline|tilde)\s*\{\s*([yzYZ])\s*\}|^(\s*)\\(?:bar|hat|tilde)\s+([yzYZ])"
)


def plain_output(text: str, model) -> str:
    """``\\bar{y}_{ij} = ...`` as ``y_{ij} = ...`` when the layer is a pool (its output
    written with a mark, the bar of an average); anything else unchanged."""
    if getattr(model, "op", None) not in ("avg", "max"):
        return text
    return _MARKED_OUTPUT.sub(
        lambda m: (m.group(1) or m.group(3) or "") + (m.group(2) or m.group(4)), text
    )


def kronecker_parts(side: str) -> tuple[Fraction, tuple[int, int], bool] | None:
    """(scale c, block (a, b), whether G is upsampled) of a right side ``c G \\otimes
    \\mathbf{1}_{a\\times b}`` (upsampled) or ``c \\mathbf{1}_{a\\times b} \\otimes G``
    (tiled), else None."""
    m = _KRON.match(side)
    if m is None:
        return None
    top, bottom, plain, _, bh, bw, bh2, bw2, _ = m.groups()
    block = (int(bh or bh2), int(bw or bw2))
    if 0 in block or (top and int(bottom) == 0):
        return None  # a block of no entries, a scale 1/0: not this form
    scale = Fraction(int(top), int(bottom)) if top else Fraction(plain) if plain else Fraction(1)
    return scale, block, bh is not None


def judge_kronecker(text: str, model) -> dict | None:
    """The verdict of ``dL/dX = c\\, G \\otimes \\mathbf{1}_{a\\times b}`` for an average
    pool (None: not such a claim)."""
    if "\\otimes" not in text or getattr(model, "op", None) is None:
        return None
    sides = text.split("=")
    if len(sides) != 2 or role_of(sides[0]) != "dX":
        return None
    parts = kronecker_parts(sides[1])
    if parts is None:
        return None
    scale, block, upsample = parts
    if model.op != "avg":
        raise NotUnderstood(
            "how max pooling routes the gradient depends on which entry of each window is "
            "largest; G ⊗ 1 spreads it over every entry"
        )
    g = model.layer.tensors["G"].ids
    x = model.layer.tensors["X"].ids
    if g.shape[:2] != (1, 1):
        return None
    ho, wo = g.shape[2:]
    shape = (ho * block[0], wo * block[1])
    if shape != tuple(x.shape[2:]):
        return finding(
            WRONG,
            f"the right side is {shape[0]}x{shape[1]}, dL/dX {x.shape[2]}x{x.shape[3]}",
        )
    for a in range(shape[0]):
        for b in range(shape[1]):
            i, j = (a // block[0], b // block[1]) if upsample else (a % ho, b % wo)
            claimed = Poly.var(int(g[0, 0, i, j])).scale(scale)
            truth = model.gradient("X", (0, 0, a, b))
            if claimed != truth:
                want = _show(truth, model)
                return finding(
                    WRONG,
                    f"the right side differs at ({a}, {b}): dL/dX there is {want}, the claim "
                    f"{scale} G[{i},{j}]" + _hint(truth, claimed),
                )
    return finding(VERIFIED, f"holds for {model.describe_pool()} (every entry of dL/dX)")


def _show(p: Poly, model) -> str:
    parts = []
    for mono, c in sorted(p.terms.items()):
        names = []
        for v in mono:
            tag, idx = model.layer.table.key(v)
            names.append(f"{tag}[{','.join(map(str, idx[2:]))}]")
        parts.append(f"{c} " + "*".join(names))
    return " + ".join(parts) or "0"


def _hint(truth: Poly, claimed: Poly) -> str:
    if len(truth.terms) == 1 and len(claimed.terms) == 1:
        (m1, c1), (m2, c2) = next(iter(truth.terms.items())), next(iter(claimed.terms.items()))
        if m1 == m2 and c1 != c2:
            return f" (the factor is {c1}, not {c2})"
    return ""
