"""Layers next to a guessed one: what the notes leave unstated, varied one kind at a time.

Where a section states no input or no kernel, the checker judges its claims at a guessed
layer, and a claim false there is called wrong only if it is false at the other layers the
notes may mean (verdicts._holds_elsewhere).  The fixed grid of other sizes
(othersizes.variants) changes the input and the kernel together and keeps the guess's
stride and padding, so a claim about the notes' real layer -- an input of 9 and a kernel
of 3 that the indices show, with a stride of 2 stated in another section -- may hold at
none of them: ``dL/dx_4 = w_0 delta_2 + w_2 delta_1`` is then called wrong though it holds
at stride 2.  A claim is a statement about the notes' layer, so the layers to try are the
guess with each unstated quantity changed: the stride and the padding (1-3, 0-2), the
input (a few entries longer, with each stride and padding), the kernel (sides 1-5), each
kept where the notes state it, and each with every entry the notes write.  A claim that
holds at one of them is not the student's mistake but the guess's.
"""

from __future__ import annotations

from symconv.checker.othersizes import _like
from symconv.checker.truth import Model

_STRIDES = (1, 2, 3)
_PADDINGS = (0, 1, 2)
_KERNELS = (1, 2, 3, 4, 5)
_LONGER = (1, 2, 3, 4)


def neighbours(
    model: Model, stated: frozenset[str] | set[str], written: dict[str, tuple[int, ...]]
) -> list[Model]:
    """The layers next to ``model`` that change only what the notes do not state, each with
    every entry the notes write (``w_2`` written: no kernel of 1 or 2)."""
    spec = model.spec
    if not hasattr(spec, "kernel") or model.input_hw is None:
        return []
    one = spec.dims == 1  # type: ignore[union-attr]
    changes: list[dict[str, object]] = []
    strides = _STRIDES if "stride" not in stated else (None,)
    paddings = _PADDINGS if "padding" not in stated else (None,)
    h, w = model.input_hw
    # (the input a few entries longer with each stride and padding: an input guessed from
    # the largest index written, x_7, is shorter than the strided layer that has delta_3)
    longer = (0, *_LONGER) if "input" not in stated else (0,)
    for n in longer:
        for s in strides:
            for p in paddings:
                change: dict[str, object] = {}
                if n:
                    change["input_hw"] = (h, w + n) if one else (h + n, w + n)
                if s is not None:
                    change["stride"] = (1, s) if one else (s, s)
                if p is not None:
                    change["padding"] = (0, 0, p, p) if one else (p,) * 4
                changes.append(change)
    if "kernel" not in stated:
        changes += [{"kernel": (1, k) if one else (k, k)} for k in _KERNELS]
    out = []
    seen = {_key(model)}
    for change in changes:
        other = model.variant(dict(change)) if change else None
        if other is not None and _key(other) not in seen and _has_written(other, written):
            seen.add(_key(other))
            out.append(other)
    return _like(model, out)  # with the guess's samples where its claims name them


def _has_written(model: Model, written: dict[str, tuple[int, ...]]) -> bool:
    """Whether the layer has the largest entries the notes write, a 1-D layer's too."""
    have = {
        "input": tuple(model.input_hw),  # type: ignore[arg-type]
        "kernel": tuple(model.spec.kernel),  # type: ignore[union-attr]
        "output": tuple(model.layer.tensors["G"].ids.shape[-2:]),
    }
    return all(
        all(h >= w for h, w in zip(have[role][-len(size) :], size, strict=True))
        for role, size in written.items()
        if role in have and len(size) in (1, 2)
    )


def _key(model: Model) -> tuple:
    spec = model.spec
    return (model.input_hw, spec.kernel, spec.stride, spec.padding)  # type: ignore[union-attr]
