"""A symmetry of one kernel: "the identity is symmetric, $\\operatorname{rot}_{180}(W) = W$",
"since $K^T = K$ here", "$\\operatorname{rot}_{180}(W) = W^{\\top}$ for this kernel".

Both sides are the same tensor rearranged (rotated by 180 degrees, transposed), and nothing
else.  Read for a general kernel the claim is false (it holds for the kernels with that
symmetry only), but notes write it about the kernel of their example: a claim about a
particular kernel.  Where the notes give that kernel's numbers before the claim and the
symmetry holds for them, the claim may be about them (or, said of every kernel, a
mistake): which one is not read, so it is not understood.  Where it fails for those numbers
too, or the notes give none, the reading in general stands.
"""

from __future__ import annotations

import re

# one rearrangement wrapped around the tensor: \operatorname{rot}_{180}(W), \mathrm{rot180}(W),
# \text{rot}180(W), rot_{180}(W), \operatorname{rot180}\left(W\right)
_ROT = re.compile(
    r"^\\?(?:operatorname|mathrm|text|textrm)?\s*\{?\s*rot\s*(?:_\s*\{?\s*180\s*\}?|180)?\s*\}?"
    r"\s*(?:_\s*\{?\s*180\s*\}?)?\s*(?:\\left)?\s*\((?P<inner>.*)(?:\\right)?\s*\)$"
)
# a transpose after it: W^T, W^{T}, W^\top, W^{\top}, W^{\intercal}, W^\mathsf{T}
_TRANSPOSE = re.compile(
    r"^(?P<inner>.*?)\s*\^\s*(?:\{\s*)?(?:T|\\top|\\intercal|\\mathsf\s*\{\s*T\s*\}|\\mathrm"
    r"\s*\{\s*T\s*\})\s*\}?$"
)


def _rearranged(side: str, letter: str) -> tuple[str, ...] | None:
    """The rearrangements applied to ``letter`` on one side, innermost first ("rot",
    "T"), or None when the side is anything else."""
    side = side.strip()
    ops: list[str] = []
    for _ in range(6):
        side = re.sub(r"^\\left\s*\(|^\(", "(", side).strip()
        if re.fullmatch(rf"\{{?\s*{re.escape(letter)}\s*\}}?", side):
            return tuple(reversed(ops))
        rot = _ROT.match(side)
        if rot is not None:
            ops.append("rot")
            side = rot.group("inner").replace("\\right", "").strip()
            continue
        transpose = _TRANSPOSE.match(side)
        if transpose is not None:
            ops.append("T")
            side = transpose.group("inner").strip()
            if side.startswith("(") and side.endswith(")"):
                side = side[1:-1]
            continue
        return None
    return None


def symmetry_sides(text: str, letter: str) -> list[tuple[str, ...]] | None:
    """The rearrangements of each side of a claim whose every side is ``letter``
    rearranged (at least one side not ``letter`` alone), else None."""
    sides = text.split("=")
    if len(sides) < 2:
        return None
    found = [_rearranged(side, letter) for side in sides]
    if any(f is None for f in found) or len({f for f in found if f is not None}) < 2:
        return None
    return [f for f in found if f is not None]


def _apply(matrix: list[list], ops: tuple[str, ...]) -> list[list]:
    for op in ops:
        if op == "rot":
            matrix = [list(reversed(row)) for row in reversed(matrix)]
        else:
            matrix = [list(col) for col in zip(*matrix, strict=True)]
    return matrix


def symmetry_at_given(text: str, letter: str, given: tuple[list[list], int] | None) -> str | None:
    """Why a symmetry claim about ``letter`` (the kernel) is not understood: it holds for
    the numbers the notes give that kernel (``given``: the matrix and its line); None when
    it is no such claim, no numbers are given, or it fails for them as well."""
    sides = symmetry_sides(text, letter)
    if sides is None or given is None:
        return None
    matrix, line = given
    if not matrix or any(len(row) != len(matrix[0]) for row in matrix):
        return None
    values = [_apply(matrix, ops) for ops in sides]
    if any(v != values[0] for v in values[1:]):
        return None
    return (
        f"it is false for a general kernel, and holds for the kernel the notes give at line "
        f"{line} (a symmetric one): whether the claim is about those numbers is not read"
    )
