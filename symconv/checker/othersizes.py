"""The same claim at other sizes: how ``size-specific`` is told from ``verified``.

A claim written with size symbols (``k_1 - 1``, ``H - k_1``, ``s``) is re-evaluated, with
the same free indices and the same written formula, on the same layer at other sizes:
non-square inputs and kernels, a kernel of 1, and other strides and paddings when the
claim names them.  Seed 001's eq. (7) bounds the output index by ``k_1 - 1``; that is the
output's last index only when H = 2 k_1 - 1, as for its 3x3 input and 2x2 kernel.
"""

from __future__ import annotations

from symconv.checker.judge import evaluate_claim
from symconv.checker.limits import GRID_INSTANCES, Budget, NotUnderstood, Wrong
from symconv.checker.sizes import LayerSizes
from symconv.checker.syntax import Chain
from symconv.checker.truth import Model

_SIZES_2D = ((4, 5, 2, 3), (5, 4, 3, 2), (6, 6, 2, 2), (5, 6, 3, 3), (6, 5, 2, 4), (3, 3, 1, 1))
# square inputs first, of several sides and kernels (a stride or padding varies on them)
_SIZES_SQUARE = ((5, 5, 2, 2), (6, 6, 3, 3), (7, 7, 2, 2), (6, 6, 2, 3), (4, 4, 1, 1), (3, 3, 1, 1))
_SIZES_1D = ((5, 2), (6, 3), (7, 2), (4, 3), (3, 1))
_COUNTS = frozenset({"c_in", "c_out", "batch"})


def variants(
    model: Model, used: set[str], square: tuple[bool, bool] = (False, False)
) -> list[Model]:
    """The layer at other input and kernel sizes, and other strides and paddings when
    ``used`` (the quantities the claim names) includes them.  ``square``: the notes state
    the input (and the kernel) with one letter for both sides, so every other size keeps
    them square (:mod:`.square_sizes`)."""
    spec = model.spec
    counts = _count_changes(model) if used & _COUNTS else []
    if used and used <= _COUNTS and counts:
        # F, O, B: counts of channels or samples, written where the spatial sizes are the
        # notes' own numbers (pad_2, \sum_{u=0}^{2}); other counts at the same geometry
        # tell a sum over the filters from one over the channels
        return _like(model, [model.variant(c) for c in counts])
    if not hasattr(spec, "kernel"):
        changes = [{"in_features": i, "out_features": o} for i, o in ((3, 2), (5, 4), (2, 5))]
    elif spec.dims == 1:  # type: ignore[union-attr]
        changes = [{"input_hw": (1, n), "kernel": (1, k)} for n, k in _SIZES_1D]
    else:
        sizes = _SIZES_2D
        if square[0]:  # H x H: only square inputs (and K x K kernels) are the notes' layers
            sizes = tuple(
                (h, w, kh, kw)
                for h, w, kh, kw in _SIZES_SQUARE
                if h == w and (kh == kw or not square[1])
            )
        changes = [{"input_hw": (h, w), "kernel": (kh, kw)} for h, w, kh, kw in sizes]
    one = getattr(spec, "dims", 2) == 1
    extra = []
    for change in changes[:3] if hasattr(spec, "kernel") else []:  # a dense layer has neither
        if "stride" in used:
            extra += [dict(change, stride=(1, s) if one else (s, s)) for s in (2, 3)]
        if "pad" in used:
            extra += [dict(change, padding=(0, 0, p, p) if one else (p,) * 4) for p in (1, 2)]
    # a claim with both: the counts vary too, else F = C = 1 of a guessed layer would let
    # a sum over the channels pass for one over the filters
    # (one of them square: R x R, a kernel written with one letter, has a size only there)
    square = [c for c in changes if len(set(c.get("kernel", ()))) == 1][:1]
    extra += [dict(change, **count) for change in changes[:1] + square for count in counts]
    found = _like(model, [model.variant(c) for c in extra + changes])
    return [
        m
        for m in found
        if m is not None
        and _key(m) != _key(model)
        and all(more or not before for before, more in zip(_shown(model), _shown(m), strict=True))
    ]


def tiled_variants(model: Model) -> list[Model]:
    """A strided 2-D layer at its own stride, padding and dilation with inputs its windows
    cover to the last row and column (``s`` dividing ``H + p_t + p_b - d(k-1) - 1``), for
    kernels of 2 and 3: the sizes a strided closed form without a crop is written for
    (``pad_1(dil_2(G)) \\star rot_180(W)``).  None of the grid's sizes need be such
    (``variants``), so where the notes state no sizes, a claim right only there would be
    called wrong at a guess that leaves rows no window reads."""
    spec = model.spec
    if not hasattr(spec, "kernel") or getattr(spec, "dims", 2) != 2 or model.input_hw is None:
        return []
    (sh, sw), (dh, dw) = spec.stride, spec.dilation  # type: ignore[union-attr]
    if (sh, sw) == (1, 1):
        return []
    pt, pb, pl, pr = spec.padding  # type: ignore[union-attr]

    def side(s: int, pads: int, d: int, k: int, least: int) -> int:
        n = least
        while (n + pads - d * (k - 1) - 1) % s:
            n += 1
        return n

    changes = []
    for k in (3, 2):
        h = side(sh, pt + pb, dh, k, max(dh * (k - 1) + 2, 4))
        w = side(sw, pl + pr, dw, k, h + 1)  # a non-square input, and a square one
        changes += [{"input_hw": (h, w), "kernel": (k, k)}, {"input_hw": (h, h), "kernel": (k, k)}]
    found = _like(model, [model.variant(c) for c in changes])
    return [m for m in found if _key(m) != _key(model)]


def _like(model: Model, found: list[Model | None]) -> list[Model]:
    """The variants with the samples of ``model`` where its claims name them (z_{n,f,i,j},
    a sum over the batch): one sample's layer cannot evaluate such a claim at all."""
    batched = model.batch > 1 or getattr(model, "prefer_batch", False)
    out = []
    for m in found:
        if m is None:
            continue
        if batched:
            m.batch_size = model.batch_size
            m = m.batched()
        out.append(m)
    return out


def _count_changes(model: Model) -> list[dict[str, int]]:
    """Other channel counts of the same layer (none for a grouped one, whose counts are
    tied to its groups, or a dense one)."""
    spec = model.spec
    if getattr(spec, "groups", 0) != 1:
        return []
    c, o = spec.in_channels, spec.out_channels  # type: ignore[union-attr]
    return [
        {"in_channels": c + 1, "out_channels": o + 2},
        {"in_channels": c + 2, "out_channels": o + 1},
    ]


def _shown(model: Model) -> tuple[bool, ...]:
    """Which axes of the output have more than one entry: an entry written ``y_{ij}`` names
    only those, so a size that makes one of them 1 reads the same text differently."""
    return tuple(n > 1 for n in model.layer.tensors["G"].ids.shape)


def written_sizes(facts) -> dict[str, tuple[int, ...]]:
    """The least size of each tensor whose entries the notes write (``O_{22}``: the output
    has at least 2 rows and 2 columns), from the facts read off the largest indices."""
    found: dict[str, tuple[int, ...]] = {}
    for fact in facts:
        if fact.key in ("input", "kernel", "output") and fact.how.startswith("the largest"):
            found[fact.key] = tuple(int(v) for v in fact.value.split("x"))
    return found


def admits(model: Model, written: dict[str, tuple[int, ...]]) -> bool:
    """Does the layer ``model`` have every entry the notes write?"""
    if not hasattr(model.spec, "kernel") or model.input_hw is None:
        return True
    output = model.layer.tensors["G"].ids.shape[-2:]
    have = {
        "input": tuple(model.input_hw),
        "kernel": tuple(model.spec.kernel),
        "output": tuple(output),
    }
    return all(
        len(size) != 2 or all(h >= w for h, w in zip(have[role], size, strict=True))
        for role, size in written.items()
    )


def _key(model: Model) -> tuple:
    spec = model.spec
    return (
        model.input_hw,
        getattr(spec, "kernel", None),
        getattr(spec, "stride", None),
        getattr(spec, "padding", None),
        getattr(spec, "in_features", 0),
    )


def quantities_of(model: Model) -> dict:
    spec = model.spec
    shape = (
        (spec.in_features,)
        if not hasattr(spec, "kernel")  # type: ignore[union-attr]
        else (spec.in_channels, *model.input_hw)
    )  # type: ignore[union-attr,misc]
    return LayerSizes(spec, shape).quantities()


def describe_sizes(model: Model) -> str:
    spec = model.spec
    if not hasattr(spec, "kernel"):
        return f"{spec.in_features} -> {spec.out_features} features"  # type: ignore[union-attr]
    h, w = model.input_hw  # type: ignore[misc]
    kh, kw = spec.kernel  # type: ignore[union-attr]
    text = (
        f"input {w}, kernel {kw}"
        if spec.dims == 1
        # type: ignore[union-attr]
        else (f"input {h}x{w}, kernel {kh}x{kw}")
    )
    stride = spec.stride[1]  # type: ignore[union-attr]
    pad = spec.padding[2]  # type: ignore[union-attr]
    return (
        text + (f", stride {stride}" if stride != 1 else "") + (f", padding {pad}" if pad else "")
    )


def grid_failure(
    chain: Chain,
    model: Model,
    used: set[str],
    budget: Budget,
    seed: int,
    square: tuple[bool, bool] = (False, False),
):
    """The first other size at which the claim fails, with its outcome (or None)."""
    for other in variants(model, used, square):
        try:
            outcome = evaluate_claim(
                chain, other, quantities_of(other), budget, GRID_INSTANCES, seed
            )
        except (NotUnderstood, Wrong):
            continue
        if outcome.failures:
            return other, outcome
    return None
