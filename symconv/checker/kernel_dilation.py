"""A claim that dilates the kernel by a number, under a layer whose dilation is a guess.

``\\partial L/\\partial X = \\operatorname{pad}_4(\\delta) \\star
\\operatorname{rot180}(\\operatorname{dilate}_2(W))`` is the input gradient of a layer of
dilation 2 (a 3x3 kernel spans d(k - 1) + 1 = 5 rows, so the full correlation pads by 4):
the kernel's taps sit d apart in the forward pass, so they sit d apart in its adjoint too.
The number written on the kernel's dilate is the layer's dilation, a setting of the layer
and not something the claim derives.  Where the notes state no dilation for the section
(it is then 1, the default), judging such a claim compares it with an undilated layer, at
which a right formula for the dilated one fails (a false alarm), and a layer read with the
wrong dilation cannot be told from a mistake.  So the claim is not understood unless the
section states its dilation (it is then judged as before, against that dilation).
"""

from __future__ import annotations

from symconv.checker.limits import NotUnderstood
from symconv.checker.opparse import Op


def _kernel_root(op: Op) -> bool:
    """Whether a chain of unary operators (rot180, flip, transpose) ends at the kernel W."""
    while op.kind != "tensor":
        if len(op.args) != 1:
            return False
        op = op.args[0]
    return op.params[:1] == ("W",)


def written_kernel_dilation(op: Op) -> int | None:
    """The number a ``dilate_d`` applied to the kernel writes (d >= 2), or None."""
    written = op.params[0] if op.kind == "dilate" and op.params else None
    if isinstance(written, int) and written >= 2 and op.args and _kernel_root(op.args[0]):
        return written
    for arg in op.args:
        if isinstance(arg, Op):
            found = written_kernel_dilation(arg)
            if found is not None:
                return found
    return None


def refuse_unstated_dilation(right: Op, stated: frozenset[str], dilation: int) -> None:
    """NotUnderstood where ``right`` dilates the kernel by a number while the section
    states no dilation (``stated``: the settings the notes state; ``dilation``: the layer's)."""
    written = written_kernel_dilation(right)
    if written is None or "dilation" in stated:
        return
    raise NotUnderstood(
        f"the right side dilates the kernel by {written}, a layer of dilation {written}, and "
        f"the notes state no dilation for this section (assumed {dilation}); declare it to "
        "check the claim"
    )
