"""Every layer the notes state, for a count or size written in numbers about one of them:
"La convolución tiene $2 \\cdot 2 \\cdot 2 \\cdot 2 + 2 = 18$ parámetros y la densa
$8 \\cdot 5 + 5 = 40$" in notes whose sections describe a convolution and then a dense layer;
"la del agrupamiento $\\lfloor (4 - 2)/2 \\rfloor + 1 = 2$" of the pooling after a
convolution.

A layer counts only when the notes state its sizes (input and kernel, or both feature
counts) and no two of its facts contradict each other; the sentence must name its kind
(convolution, dense, pooling), so a count is never matched to a layer by its value alone.
"""

from __future__ import annotations

import dataclasses
import re

from symconv.checker.assumed import compose
from symconv.checker.declared import LayerConfig
from symconv.checker.infer import POOLS, Reading
from symconv.checker.notation_options import notation as make_notation
from symconv.checker.pooling import pool_model
from symconv.checker.sizes import LayerSizes
from symconv.errors import SymconvError
from symconv.spec.layer import Conv, ConvTranspose, Dense, Pool


@dataclasses.dataclass(frozen=True)
class StatedLayer:
    sizes: LayerSizes
    where: str
    kind: type  # Conv, ConvTranspose, Dense or Pool (a pooling's spec is a convolution)


_KIND_WORDS = (
    (
        Pool,
        r"pool\w*|agrupamiento|submuestreo|submu\w+|subsampling",
    ),
    (ConvTranspose, r"transpos\w+|deconv\w*"),
    (Conv, r"conv\w*|convoluci[óo]n\w*|convolution\w*"),
    # "linear" names a layer only as one ("a linear layer", nn.Linear), not as the adjective
    # of "y is linear in x", which any convolution is
    (
        Dense,
        r"dense|densa|fully[- ]connected|linear(?=\s+(?:layers?|classifier|head|output))"
        r"|nn\.Linear|capas?\s+lineal(?:es)?|totalmente conectada",
    ),
)


def kinds_named(clause: str) -> set[type]:
    """The kinds of layer a clause names."""
    found: set[type] = set()
    for kind, words in _KIND_WORDS:
        if re.search(rf"\b(?:{words})\b", clause, re.IGNORECASE):
            found.add(kind)
    if ConvTranspose in found:
        found.discard(Conv)  # "transposed convolution": one layer
    return found


def kind_of_statement(clause: str, source: str) -> set[type]:
    """The kind of layer a statement in the clause is about: the last one named before it
    ("la salida de la convolución mide $4$ y la del agrupamiento $2$": the second is the
    pooling's), else the first named after it ("$10$ parameters for the convolution")."""
    at = clause.find(source)
    if at < 0:
        return kinds_named(clause)
    before, after = clause[:at], clause[at + len(source) :]
    found: list[tuple[int, type]] = []
    for kind, words in _KIND_WORDS:
        for m in re.finditer(rf"\b(?:{words})\b", before, re.IGNORECASE):
            found.append((m.start(), kind))
    if found:
        last = max(found, key=lambda f: f[0])
        near = {k for start, k in found if start == last[0]}
        return kinds_named(before[last[0] :]) or near
    return kinds_named(re.split(r",|;|\b(?:and|y|e|then|luego)\b", after, maxsplit=1)[0])


def stated_layers(readings: list[Reading], options: list) -> list[StatedLayer]:
    """The layers of every section (and of a section's stacked convolution and pooling)
    whose sizes the notes state without contradiction."""
    found: list[StatedLayer] = []
    for reading in readings:
        before = False  # the stacked layer before this one is stated: its output is
        for one in reading.layers or [reading]:  # this one's input (a conv, then a pool)
            assumed = compose(one, options)
            stated = assumed.stated | ({"input"} if before else set())
            before = False
            if one.conflicts or assumed.conflicts:
                continue
            if not ({"input", "kernel"} <= stated or {"in-features", "out-features"} <= stated):
                continue
            sizes = _sizes(assumed.settings)
            if sizes is not None:
                pool = (assumed.settings.get("layer") or "") in POOLS
                kind = Pool if pool else type(sizes.spec)
                found.append(StatedLayer(sizes, assumed.summary(), kind))
                before = True
    return found


def _sizes(settings) -> LayerSizes | None:
    try:
        kind = settings.get("layer") or ""
        if kind in POOLS:
            pool = pool_model(kind, settings, make_notation("subscript", None))
            return LayerSizes(pool.spec, (pool.spec.in_channels, *pool.input_hw))
        config = LayerConfig(settings)
        if config.kind == "dense":
            spec = config.dense_spec()
            return LayerSizes(spec, (spec.in_features,))
        conv, hw = config.conv_spec()
        return LayerSizes(conv, (conv.in_channels, *hw))
    except (SymconvError, ValueError, TypeError):
        return None


def section_kind(spec: object, where: str) -> type:
    """The kind of the section's layer (its description tells a pooling from the
    depthwise convolution that computes it)."""
    return Pool if "pool" in where else type(spec)


def last_kind_named(prose: str) -> type | None:
    """The kind of layer the prose names last ("**P6. Capa densa con un mini-lote.**"
    before a claim: a dense layer)."""
    found: list[tuple[int, type]] = []
    for kind, words in _KIND_WORDS:
        for m in re.finditer(rf"\b(?:{words})\b", prose, re.IGNORECASE):
            found.append((m.start(), kind))
    return max(found, key=lambda f: f[0])[1] if found else None


def read_as_convolution(message: str) -> bool:
    """The general reader's counterexample is a convolution's (a kernel larger than 1x1 or
    a map larger than 1x1), not the 1x1 convolution it reads a dense layer as."""
    kernel = re.search(r"kernel (\d+)x(\d+)", message)
    return kernel is not None and kernel.groups() != ("1", "1")


def restated_sizes(conflicts: list[str], line: int, settings) -> tuple | None:
    """(sizes, description) of the layer the notes restate before ``line`` (another input
    or kind, checker/restated_layer.py), or None."""
    from symconv.checker.restated_layer import restated

    again = restated(conflicts, line)
    if again is None:
        return None
    what, changes = again
    sizes = _sizes(settings.merged(changes))
    return None if sizes is None else (sizes, f"the layer restated above ({what})")
