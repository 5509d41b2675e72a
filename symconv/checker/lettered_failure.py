"""A claim that fails at a stride or padding the notes write only as a letter.

"$S$ le pas", "the input padded with $P$ zeros" and no number for either: every formula of
such notes is meant for every stride and padding (letter_parameters.py), so the checker's
grid tries the claim at other strides and paddings even where the claim omits them.  A
claim that holds at a layer with the guessed stride and padding and fails at the SAME
input, kernel and channel counts once only the lettered stride (or padding) changes is
wrong for the layer the notes mean, not specific to some sizes: nothing but the
parameter the notes leave general changed (``\\mathbf{W}_{f,c,p-i,q-j}`` is the stride-1
kernel index; at stride S it is ``p - Si``).

A stride is varied only where it divides the rows and columns the windows cover (H + 2P
- K a multiple of S): notes that assume so ("we assume S divides H - K") mean no other
layer, and a claim right only under that assumption is then no mistake.  Anything else
(a failure that needs another input size too) stays size-specific.
"""

from __future__ import annotations

from symconv.checker.judge import evaluate_claim
from symconv.checker.limits import GRID_INSTANCES, Budget, NotUnderstood, Wrong
from symconv.checker.othersizes import _like, quantities_of, variants
from symconv.checker.syntax import Chain
from symconv.checker.truth import Model

_AXES = {"stride": "stride", "pad": "padding"}


def broken_by_letter(
    chain: Chain,
    model: Model,
    lettered: set[str],
    budget: Budget,
    seed: int,
    square: tuple[bool, bool] = (False, False),
) -> tuple[Model, object, str] | None:
    """(layer, outcome, what) of the first grid layer where the claim fails and holds once
    only the lettered stride or padding (``what``) is set back to the guessed ``model``'s."""
    for other in variants(model, lettered, square):
        found = _broken(chain, other, model, lettered, budget, seed)
        if found is not None:
            return (other, *found)
    return None


def _broken(
    chain: Chain, other: Model, model: Model, lettered: set[str], budget: Budget, seed: int
):  # type: ignore[no-untyped-def]
    paired = letter_only_pair(other, model, lettered)
    if paired is None:
        return None
    base, what = paired
    try:
        failing = evaluate_claim(chain, other, quantities_of(other), budget, GRID_INSTANCES, seed)
        if not failing.failures:
            return None
        holding = evaluate_claim(chain, base, quantities_of(base), budget, GRID_INSTANCES, seed)
    except (NotUnderstood, Wrong):
        return None
    if holding.failures or holding.unknown:
        return None
    return failing, what


def letter_only_pair(other: Model, model: Model, lettered: set[str]) -> tuple[Model, str] | None:
    """The grid layer ``other`` with only its lettered stride or padding set back to the
    guessed ``model``'s (the same input, kernel and counts), and what differs ("the
    stride"); None where more than a lettered parameter differs, or a stride leaves rows
    no window reads."""
    spec, mine = other.spec, model.spec
    changed = [
        q
        for q in sorted(lettered)
        if getattr(spec, _AXES[q], None) != getattr(mine, _AXES[q], None)
    ]
    if not changed or not hasattr(spec, "kernel") or other.input_hw is None:
        return None
    for axis in ("in_channels", "out_channels", "dilation", "groups"):
        if getattr(spec, axis, None) != getattr(mine, axis, None):
            return None
    if "stride" in changed:
        top, bottom, left, right = spec.padding  # type: ignore[attr-defined]
        covered = (
            other.input_hw[0] + top + bottom - spec.kernel[0],  # type: ignore[attr-defined]
            other.input_hw[1] + left + right - spec.kernel[1],  # type: ignore[attr-defined]
        )
        if any(c % s for c, s in zip(covered, spec.stride, strict=True)):  # type: ignore[attr-defined]
            return None
    found = _like(model, [other.variant({_AXES[q]: getattr(mine, _AXES[q]) for q in changed})])
    if not found:
        return None
    return found[0], " and ".join("the stride" if q == "stride" else "the padding" for q in changed)
