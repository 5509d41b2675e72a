"""A claim verified at a guessed input holds only if it holds at the longer inputs too.

Where the notes state no input size the checker takes the largest index they write (x_2:
an input of 3), a lower bound: the notes' input may be longer ("Syöte $x$ on pituudeltaan
4" in words the reader does not take, or an x_3 only inside a sum's bound).  A claim that
lists terms by hand, ``dL/dw_2 = g_2 x_0 + g_5 x_1 + g_8 x_2``, holds at the guess and
misses ``g_{11} x_3`` at the notes' own input: verified there, the mistake would pass.  So a
claim verified at a guessed input (with every other size as read) is tried again at inputs
one and two entries longer; where it fails at one of them, the verdict depends on the
guess and the claim is not understood.  This is done for a 1-D layer and for a layer whose
guessed output is one entry (a stride shows at no size of it); a 2-D input guessed from the
entries X_{11} ... X_{33} the notes write out as a grid is theirs.  A claim that holds at
every length (an entry formula ``g_{3i+k} w_k``, a corner ``dx_0 = w_0 g_0``) keeps its
verdict.  A claim judged again under other settings, for a guard that weighs one reading
against another, is not tried: there "it holds as read" is the question.

So with the channels: where the notes state neither count (Ng's $n_C^{[1]} = 2$ in words the
reader does not take), the checker guesses one input channel and one filter, at which
``dA_{0,0,c} = dZ_{0,0,1} W_{0,0,c,1}`` -- the sum over the filters forgotten -- holds.  A
claim that writes channel or filter indices (three or more on an entry), verified at a
guessed single channel or filter, is tried again with two of each count the notes leave
unstated; where it fails there, it is not understood.
"""

from __future__ import annotations

from symconv.checker.judge import evaluate_claim
from symconv.checker.limits import GRID_INSTANCES, Budget, NotUnderstood, Wrong
from symconv.checker.othersizes import describe_sizes, quantities_of
from symconv.checker.syntax import Chain
from symconv.checker.truth import Model

_LONGER = (1, 2)


def fails_when_longer(chain: Chain, model: Model, budget: Budget, seed: int) -> Model | None:
    """A layer like ``model`` with a longer input at which the claim fails, or None."""
    spec = model.spec
    if not hasattr(spec, "kernel") or model.input_hw is None:
        return None
    one = spec.dims == 1  # type: ignore[union-attr]
    single = model.layer is not None and model.layer.tensors["G"].ids.size == 1
    if not (one or single):
        # a 2-D input is guessed from the notes' entries X_{11} ... X_{33}, written as a
        # grid as often as not; a one-entry output (a strided layer at a 3x3 guess) shows
        # no stride, and is tried longer all the same
        return None
    h, w = model.input_hw
    for n in _LONGER:
        try:
            other = model.variant({"input_hw": (h, w + n) if one else (h + n, w + n)})
            if other is None:
                continue  # no such layer (a pooling's windows that do not tile it)
            outcome = evaluate_claim(
                chain, other, quantities_of(other), budget, GRID_INSTANCES, seed
            )
        except (NotUnderstood, Wrong, ValueError):
            continue
        if outcome.failures:
            return other
    return None


def fails_with_more_channels(
    chain: Chain, model: Model, budget: Budget, seed: int, stated: frozenset[str]
) -> Model | None:
    """A layer like ``model`` with two input channels or filters where it has one and the
    notes state no count, at which the claim fails; else None."""
    spec = model.spec
    changes = {
        field: 2
        for field, said in (("in_channels", "in-channels"), ("out_channels", "out-channels"))
        if getattr(spec, field, None) == 1 and said not in stated
    }
    if not changes or getattr(spec, "groups", 1) != 1:
        return None
    try:
        other = model.variant(changes)
        if other is None:
            return None
        outcome = evaluate_claim(chain, other, quantities_of(other), budget, GRID_INSTANCES, seed)
    except (NotUnderstood, Wrong, ValueError):
        return None
    return other if outcome.failures else None


def at_the_guessed_channels(other: Model, where: str) -> str:
    return (
        f"it holds for {where}, whose single channel or filter is a guess (the notes state "
        f"no count the reader takes), but not for {describe_sizes(other)}: whether it holds "
        "at the notes' own channels is not read"
    )


def at_the_guess_only(other: Model, where: str) -> str:
    return (
        f"it holds for {where}, whose input is a guess (the largest index written; the notes "
        f"state no input size), but not for {describe_sizes(other)}: whether it holds at the "
        "notes' own input is not read"
    )
