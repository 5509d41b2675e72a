"""A wrong verdict that rests on a guess about the notes' axes is not given.

Where the notes never say how they order a tensor's axes, or from where they count
channels, the checker falls back on the notation's preset (seed 000's superscript notes
are channels-last with channels from 1).  A claim that comes out wrong under that guess
but holds under the other reading may well be right: it is not understood, and the
message names what the notes leave open.  A claim wrong under every reading stays wrong.
"""

from __future__ import annotations

from symconv.checker.declared import Settings
from symconv.checker.report import NOT_UNDERSTOOD
from symconv.printing.notation import Notation


def alternatives(settings: Settings, notation: Notation) -> list[tuple[str, dict[str, str]]]:
    """(what the other reading assumes, the settings it changes) for each reading the
    notes leave open."""
    found: list[tuple[str, dict[str, str]]] = []
    if settings.get("layout") is None and notation.channels_last:
        found.append(("the channels come before the rows and columns", {"layout": "chw"}))
    if settings.get("channel-base") is None and notation.channel_base != notation.index_base:
        base = str(notation.index_base)
        found.append((f"the channels are counted from {base}", {"channel-base": base}))
    if len(found) == 2:  # both at once: PyTorch's order, every index from the same base
        found.append(
            (
                "the channels come first and are counted like the rows",
                {"layout": "chw", "channel-base": str(notation.index_base)},
            )
        )
    return found


def open_reading(found: dict, what: str) -> dict:
    """The not-understood verdict for a claim that holds only under a reading the notes
    do not state."""
    wrong = found.get("message", "")
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"it holds if {what}, and the notes do not say which (read the other way: "
            f"{wrong[:120]}); "
            + (
                "say which layer this section is about"
                if what.startswith("the layer is a")
                else "state the shapes, e.g. W \\in \\mathbb{R}^{F\\times C\\times k\\times k}"
            )
        ),
    }


_OTHER_KIND = {
    "conv_transpose2d": "conv2d",
    "conv_transpose1d": "conv1d",
    "conv2d": "conv_transpose2d",
    "conv1d": "conv_transpose1d",
}


def kind_alternatives(
    settings: Settings, current, restated: bool = False
) -> list[tuple[str, dict[str, str]]]:
    """The other kind (a convolution for a transposed one, and back) when the section does
    not state its kind itself: it takes it from an earlier line (a title "Transposed
    convolution is just the backward pass" above a section about the convolution); with
    ``restated``, whenever the notes restate the layer (another input) before the claim."""
    kind = settings.get("layer")
    if kind not in _OTHER_KIND:
        return []
    if restated:
        other = _OTHER_KIND[kind]
        return [(f"the layer is a {other.replace('_', ' ')}", {"layer": other})]
    if current is None:
        return []
    facts = [f for f in current.facts if f.key == "layer" and f.value == kind]
    own = [f for f in facts if f.line >= current.line and f.how != "default"]
    if own or "layer" in (getattr(current, "declared", None) or {}):
        return []
    other = _OTHER_KIND[kind]
    return [(f"the layer is a {other.replace('_', ' ')}", {"layer": other})]
