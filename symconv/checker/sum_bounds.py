"""A sum whose bound is a size and whose own variable indexes a tensor past its end:
``db = \\sum_{i=0}^{H-1}\\sum_{j=0}^{W-1} dY[i, j]`` where dY has only H_out < H rows.

The element-wise evaluator takes an entry past a tensor's end as zero: that is the
padding's convention for a computed index (``x_{i+m-1}``, the zero-dilated G of
``dy_{(m-k)/2}``).  For an index that is the summation variable itself nothing but the
written bound puts it outside, so a zero there would make the claim hold by vanishing
terms (a sum over the input's size collapsing to the sum over the output's), and hold
again at every other size.  Which size the bound's letter means is a reading of the notes
(H may be the input's or, in other notes, the output's height), so a claim that holds is
not understood, never verified; the message names the bound and the tensor's extent.  One
that fails still fails (seed 003's ``\\sum_{i=0}^{k_1}``, right only when the output is as
large as the kernel, is size-specific): the evaluator keeps the zero and notes the reading.
"""

from __future__ import annotations

from contextvars import ContextVar

from symconv.checker.refs import Ref
from symconv.checker.syntax import Expr
from symconv.checker.truth import View
from symconv.checker.written_names import index_name, single_item

# Which counts the notes state for the claim being judged ("batch", "in-channels",
# "out-channels"): a sum past a tensor's single sample or channel, where the notes never
# said there is one, runs past a count the checker assumed (runner.py sets it per claim).
STATED_COUNTS: ContextVar[frozenset[str] | None] = ContextVar("stated_counts", default=None)


def past_assumed_count(view: View, role: str, axis: int, extent: int) -> bool:
    """Whether ``axis`` of the ``role`` tensor's ``view`` is a sample or channel axis of one
    entry whose count the notes never stated: \\sum_{f=0}^{3} \\delta_{nfij} beside
    "filters with $F = 4$" that the reader did not take as the filters' count is not an
    entry off the end of a stated layer."""
    stated = STATED_COUNTS.get()
    if stated is None or extent != 1 or len(view.shape) < 3:
        return False
    spatial = 2 if len(view.shape) >= 4 else 1
    lead = len(view.shape) - spatial  # the axes before the rows and columns
    if axis >= lead:
        return False  # a row or column of one entry: a size the notes' sizes give
    if role == "W":  # (F, C, kh, kw)
        count = "out-channels" if axis == 0 else "in-channels"
    elif lead == 2 and axis == 0:  # (N, C, H, W)
        count = "batch"
    else:
        count = "in-channels" if role in ("X", "Xpad") else "out-channels"
    return count not in stated and "network" not in stated


def past_symbolic_end(
    spans: dict[str, tuple[int, int]],
    view: View,
    ref: Ref,
    exprs: list[Expr],
    positions: tuple[int, ...],
) -> str | None:
    """Why the claim may hold only by vanishing terms, when a bare summation variable with
    a size as its bound runs past the tensor on its axis; else None."""
    if not spans:
        return None
    for k, expr in enumerate(exprs):
        item = single_item(expr)
        name = index_name(item) if item is not None else None
        span = spans.get(name) if name is not None else None
        if span is None:
            continue
        base, extent = view.bases[positions[k]], view.shape[positions[k]]
        if base <= span[0] and span[1] < base + extent:
            continue
        return (
            f"the sum over {name} runs from {span[0]} to {span[1]} (a bound written "
            f"with a size), past {ref.letter}'s {extent} entries on that axis "
            f"({base} to {base + extent - 1}); which size the bound means is not read"
        )
    return None
