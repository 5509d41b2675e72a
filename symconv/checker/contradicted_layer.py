"""A layer the notes' own facts contradict is no ground for "wrong".

The reader assembles a section's layer from facts found in different places (a sentence, a
matrix written out, the largest index used, an output size).  When those facts cannot all
hold -- no stride turns the input read and the kernel read into the output read, the two
axes need different strides, or the padding that fits does not exist -- at least one fact
was misread, and the layer used
is certainly not the one the notes describe.  A claim that fails under that layer may well
hold under the notes' real one, so calling it wrong (or size-specific) would rest on the
misreading.  Such a verdict is not understood, naming the contradiction; a verified claim
keeps its verdict (it holds under the layer stated, which the assumed line reports with its
contradiction) and arithmetic with no letters is judged as it is (wrong under any layer).
A layer that cannot be built at all ("--layer 'maxpool2d' is unknown; using the defaults")
counts only for verdicts about the default layer standing in (their message names it:
"fails for conv2d 3x3, kernel 2x2, ..."): the other claims then judged (a pooling's
routing, an activation's derivative, worked numbers) do not use its sizes.  A claim that
holds for the stand-in is no more verified than one that fails there (:func:`unless_stand_in`).
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD

# the conflicts infer.py and runner.py note when the facts make no consistent layer
_IMPOSSIBLE = (
    "no stride gives ",
    "needs a different stride per axis",
    "does not follow from input",
)


def impossible_layer(conflicts: list[str]) -> str | None:
    """The first conflict saying the section's facts make no consistent layer, or None."""
    return next((c for c in conflicts if any(w in c for w in _IMPOSSIBLE)), None)


# the layer could not be built from the notes' facts at all and the defaults stand in
_DEFAULTS = "the layer the notes describe cannot be used"


# a verdict the default layer's own tensors made: its entries compared term by term
# ("missing w_{00} g_{0,0}; extra 1/4 g_{0,0}") or its shapes ("the right side has shape")
_ENTRYWISE = re.compile(r"\b(?:missing|extra) [^;]*?[A-Za-z]_\{|\bhas shape \(")


def unless_contradicted(found: dict, conflicts: list[str], where: str = "") -> dict:
    """``found`` (a wrong or size-specific verdict), or not-understood when the layer it
    was judged under is one the notes' own facts contradict -- or the defaults standing in
    for a layer the notes' facts could not make, when the verdict is about that default
    layer (its message names it, ``where``: "fails for conv2d 3x3, kernel 2x2, ...")."""
    conflict = impossible_layer(conflicts)
    if conflict is None and where:
        layer = where.split(", stride")[0]
        message = str(found.get("message", ""))
        # (a pooling the notes describe stands in for no default: only a convolution does)
        if layer in message or (layer.startswith("conv") and _ENTRYWISE.search(message)):
            conflict = next((c for c in conflicts if _DEFAULTS in c), None)
    if conflict is None:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"the layer read for this section contradicts the notes ({conflict}), so a "
            "verdict under it is a guess (read with it: "
            f"{str(found.get('message', ''))[:120]})"
        ),
    }


def unless_stand_in(found: dict, conflicts: list[str], where: str) -> dict:
    """``found`` (verified), or not-understood when it holds for the default layer standing
    in for one the notes' facts could not make (its message names that layer: "holds for
    conv2d 3x3, kernel 2x2, ..."): the notes never describe that layer, so its letters'
    roles are the defaults' (z the output, g its gradient), and a claim about another
    tensor (a pre-activation's gradient, summed) can hold there trivially."""
    standing_in = next((c for c in conflicts if _DEFAULTS in c), None)
    layer = where.split(", stride")[0]
    if standing_in is None or not layer or layer not in str(found.get("message", "")):
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"it holds for {layer}, which stands in for the layer the notes describe "
            f"({standing_in.split(' (')[0]}): a verdict under it is a guess"
        ),
    }
