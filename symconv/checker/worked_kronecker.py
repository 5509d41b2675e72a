"""``\\frac{\\partial L}{\\partial X} = c\\, G \\otimes \\mathbf{1}_{k \\times k}`` for a max
pool whose input the notes give as numbers.

Max pooling sends each G entry to the largest entry of its window only; ``G \\otimes
\\mathbf{1}`` copies it over the whole window (average pooling's routing, up to the 1/k^2).
Which entry is largest is known once the notes give the pool's input as numbers, so the
claim is then checkable: the truth is dL/dX = sum over windows of G_{i,j} at the window's
argmax (:meth:`.worked_numbers.Pool.routes`), a linear function of G.  The claim is compared
with it at the notes' G (when given) and at random G with distinct entries: a claim that is
the same linear function of G agrees at all of them, and one that differs at any of them is
wrong as written (a formula in G must hold for every G).

Without the input's numbers, with a tie in a window (which entry gets the gradient is a
convention), or where the pool is not a max pool named by the prose, this reader gives no
verdict and the claim goes the usual way.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.pool_claims import kronecker_parts
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.worked_conv import show_matrix
from symconv.checker.worked_numbers import Matrix, _sides
from symconv.checker.worked_pool import Example, NotPool, no_ties, routed
from symconv.checker.worked_pool_names import classify


def _spread(g: Matrix, scale: Fraction, block: tuple[int, int], upsample: bool) -> Matrix:
    """``scale * G ⊗ 1_block`` (upsample: each G entry over a block) or ``scale * 1 ⊗ G``
    (G tiled), as numbers."""
    ho, wo = len(g), len(g[0])
    h, w = ho * block[0], wo * block[1]
    out = []
    for a in range(h):
        row = []
        for b in range(w):
            i, j = (a // block[0], b // block[1]) if upsample else (a % ho, b % wo)
            row.append(scale * g[i][j])
        out.append(row)
    return out


def _random_gradient(shape: tuple[int, int], rng: random.Random) -> Matrix:
    values = rng.sample(range(1, 999), shape[0] * shape[1])  # distinct and nonzero
    return [[Fraction(values[r * shape[1] + c]) for c in range(shape[1])] for r in range(shape[0])]


def judge_max_kronecker(
    text: str, model: object, document: str, line: int, prefix: str
) -> dict[str, Any] | None:
    """The verdict of ``dL/dA = c G ⊗ 1`` in a max pooling example whose input A the notes
    give as numbers (None: not such a claim, or not decidable here)."""
    if "\\otimes" not in text:
        return None
    sides = _sides(text)
    if len(sides) != 2:
        return None
    kind = classify(sides[0])
    if kind is None or kind[0] != "gradient" or kind[1] is None:
        return None
    parts = kronecker_parts(sides[1])
    if parts is None:
        return None
    scale, block, upsample = parts
    try:
        ex = Example(document, line, prefix, model)
    except NotPool:
        return None
    if ex.op == "avg" and getattr(model, "op", None) == "avg":
        return None  # the layer read is this average pool: judge_kronecker's, exactly in G
    letter = kind[1]
    inputs = [
        g for g in ex.given if g.kind == "value" and (g.letter or "").lower() == letter.lower()
    ]
    if not inputs:
        return None
    x = ex.value(letter)
    pool = ex.pool((len(x.numbers), len(x.numbers[0])))
    if ex.op == "max":
        no_ties(pool, x)
    if pool.out[0] * block[0] != pool.hw[0] or pool.out[1] * block[1] != pool.hw[1]:
        return None  # a block that does not tile the input: not this reading
    given = ex.gradient(pool.out, letter)
    rng = random.Random(len(text))
    trials = ([given.numbers] if given is not None else []) + [
        _random_gradient(pool.out, rng) for _ in range(2)
    ]
    where = (
        f"{ex.op} pooling, window {ex.kernel[0]}x{ex.kernel[1]}, stride {ex.stride[0]}, at the "
        f"notes' {x.letter} (line {x.line})"
    )
    for k, g in enumerate(trials):
        truth = routed(pool, x.numbers, g)
        claimed = _spread(g, scale, block, upsample)
        for a, (row, good) in enumerate(zip(claimed, truth, strict=True)):
            for b, (v, t) in enumerate(zip(row, good, strict=True)):
                if v != t:
                    at = "the notes' G" if k == 0 and given else "a G of distinct entries"
                    said = (
                        "max pooling sends each G entry to its window's largest entry only; "
                        "G ⊗ 1 spreads it over the window: "
                        if ex.op == "max"
                        else ""
                    )
                    return finding(
                        WRONG,
                        f"{said}at {at}, entry ({a}, {b}) of "
                        f"dL/d{letter} is {json_number(t)}, the claim {json_number(v)} "
                        f"({where}); the routed gradient there: {show_matrix(truth)}",
                    )
    return finding(VERIFIED, f"every entry of dL/d{letter} is the routed gradient ({where})")
