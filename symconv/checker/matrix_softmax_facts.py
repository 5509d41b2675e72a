"""Facts about a softmax's probabilities and the one-hot labels written as matrices: "every
row of it sums to zero, $(P - Y)\\,\\mathbf{1}_K = 0$", "$P \\mathbf{1}_K = \\mathbf{1}_N$",
"$\\mathbf{1}_N^\\top Y \\mathbf{1}_K = N$".

Under the notes' softmax cross-entropy (:class:`symconv.checker.matrix_world.Notes`
``softmax``) each sample's row (or column, samples as columns) of P is a distribution and
each of Y one-hot.  :mod:`symconv.checker.matrix_eval` builds P and Y as symbols whose last
entry per sample is 1 minus the others.  That is exact for P (the softmax's values fill an
open piece of that hyperplane, where a polynomial that vanishes vanishes everywhere on it)
and for anything affine in Y (the one-hot rows span the same hyperplane affinely), so a claim
in which each product holds at most one of P and Y, with all-ones vectors, numbers, sums and
transposes, holds exactly when both sides agree as polynomials; a 0 written on one side is
the zero matrix of the other side's shape.  Both sides are worked out at every size the
notes leave open (the stated ones as stated): verified when they agree at every one, wrong
when they differ at every one.
"""

from __future__ import annotations

import sympy

from symconv.checker.context import finding
from symconv.checker.matrix_eval import ShapeError, World
from symconv.checker.matrix_parse import Node, Num, Ones, Ref
from symconv.checker.matrix_shapes import ShapePass
from symconv.checker.report import VERIFIED, WRONG

MAX_ASSIGNMENTS = 6


def _affine(tree, letters: set[str]) -> int | None:
    """How many of P and Y a product of ``tree`` holds at most (None: a form not read)."""
    if isinstance(tree, (Num, Ones)):
        return 0
    if isinstance(tree, Ref):
        if tree.grad or tree.indices or tree.sample is not None or tree.name not in letters:
            return None
        return 1
    if isinstance(tree, Node) and tree.kind in ("add", "T"):
        counts = [_affine(a, letters) for a in tree.args]
        return None if None in counts else max(counts, default=0)  # type: ignore[type-var]
    if isinstance(tree, Node) and tree.kind == "prod":
        counts = [_affine(a, letters) for a in tree.args]
        return None if None in counts else sum(counts)  # type: ignore[arg-type]
    return None


def judge_softmax_fact(sides: list, notes, names, sizes, passer) -> dict | None:  # type: ignore[no-untyped-def]
    """The verdict on ``lhs = rhs`` about P and Y alone (module doc), or None."""
    if notes.softmax is None or len(sides) != 2:
        return None
    p, y = notes.softmax[0], notes.softmax[1]
    counts = [_affine(side, {p, y}) for side in sides]
    if None in counts or max(counts) != 1:  # type: ignore[type-var]
        return None
    claim_sizes = sizes.copy()
    claim_pass = ShapePass(claim_sizes, names, notes.letters)
    claim_pass.keys = dict(passer.keys)
    for side in sides:
        claim_pass.shape(side)
    outcomes = set()
    for assignment in claim_sizes.assignments(list(claim_sizes.parent))[:MAX_ASSIGNMENTS]:
        full = {claim_sizes.find(k): v for k, v in assignment.items()}
        world = World(notes, names, claim_pass, full, {}, set())
        try:
            left, right = (world.evaluate(side, {}) for side in sides)
        except ShapeError:
            outcomes.add("differs")
            continue
        outcomes.add(_agree(left, right, world.constraints))
    if outcomes == {"holds"}:
        return finding(
            VERIFIED,
            f"holds for every {p} whose samples are distributions and {y} one-hot (exactly, "
            "at every size tried)",
        )
    if outcomes == {"differs"}:
        return finding(
            WRONG,
            f"it does not hold for {p} whose samples are distributions and {y} one-hot",
        )
    return None


def _agree(left, right, constraints: dict) -> str:
    matrices = [isinstance(v, sympy.MatrixBase) for v in (left, right)]
    if matrices == [True, False] and right == 0:
        right = sympy.zeros(*left.shape)
    elif matrices == [False, True] and left == 0:
        left = sympy.zeros(*right.shape)
    elif matrices[0] != matrices[1]:
        return "differs"
    if matrices[0] or matrices[1]:
        if left.shape != right.shape:
            return "differs"
        pairs = list(zip(left, right, strict=True))
    else:
        pairs = [(left, right)]
    zero = all(sympy.expand(sympy.Add(a, -b).subs(constraints)) == 0 for a, b in pairs)
    return "holds" if zero else "differs"
