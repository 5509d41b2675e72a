"""What the checker assumed for each section: inferred facts merged under what the user
declared, and the one line that says so.

Precedence, lowest first: what the notes state (inference), front matter, command-line
options, directives.  A user who declares the layer itself (``layer``, ``network``,
``input`` or ``kernel``) declares its shape: the inferred shape keys are then dropped as
a whole, so an inferred kernel is never paired with a declared input; the inferred
notation, index base, mode and bias still apply unless declared too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from symconv.checker.declared import SHAPE_KEYS, LayerConfig, Settings
from symconv.checker.infer import POOLS, Fact, Reading, strength
from symconv.checker.single_layer import SINGLE

_DECLARES_SHAPE = ("layer", "network", "input", "kernel", "in-features")
_LABEL = {
    "input": "input",
    "kernel": "kernel",
    "stride": "stride",
    "padding": "padding",
    "dilation": "dilation",
    "bias": "bias",
    "notation": "notation",
    "index-base": "index base",
    "mode": "mode",
    "layer": "kind",
    "network": "network",
    "output": "output",
    "in-channels": "channels",
    "in-features": "inputs",
    "out-features": "outputs",
}


@dataclass
class Assumed:
    """One section's layer: the settings used and the words that explain them."""

    line: int
    settings: Settings
    facts: list[Fact] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    declared: dict[str, str] = field(default_factory=dict)  # key -> "option", ...

    @property
    def stated(self) -> set[str]:
        """Keys the user or the notes' own words state (not defaults, not largest
        indices); the output counts as stated when the input and kernel are."""
        keys = set(self.declared) | {f.key for f in self.facts if strength(f) == 0}
        if {"input", "kernel"} <= keys or "network" in keys:
            keys.add("output")
        return keys

    def summary(self) -> str:
        config = LayerConfig(self.settings)
        get = self.settings.get
        if config.network:
            words = [f"network {config.network}"]
        elif get("layer") in SINGLE:  # an activation or the loss: its own few settings
            words = [get("layer") or ""] + [
                f"{k} {get(k)}" for k in ("input", "in-channels", "classes") if get(k)
            ]
        elif get("layer") in POOLS:
            kernel = get("kernel") or "2"
            words = [
                f"{get('layer')} {get('input') or '4x4'}, window {kernel}, stride "
                f"{get('stride') or kernel}"
            ]
        else:
            words = [config.describe().replace(", no bias", "").replace(", bias per position", "")]
            if config.kind != "dense" and "padding" not in words[0]:
                words.append("no padding")
            words.append(
                "bias per position"
                if config.bias_per_position()
                else "bias"
                if config.bias()
                else "no bias"
            )
        notation = get("notation") or "subscript"
        base = get("index-base") or ("1" if notation == "onebased" else "0")
        words.append(f"{notation} notation, {base}-based")
        if get("names"):
            words.append(f"names {get('names')}")
        if get("sizes"):
            words.append(f"sizes {get('sizes')}")
        return ", ".join(words)

    def sources(self) -> str:
        """``input and kernel from line 11, bias from line 9, ...``: each key once."""
        used = self.settings_used()
        by: dict[str, list[str]] = {}
        done: set[str] = set()
        for fact in sorted(self.facts, key=strength):
            value = used.get(fact.key) or ""
            merged = fact.key in ("names", "sizes") and set(fact.value.split(",")) & set(
                value.split(",")
            )
            if (
                (value != fact.value and not merged)
                or fact.key in self.declared
                or fact.key in done
            ):
                continue
            done.add(fact.key)
            where = f"line {fact.line}" if fact.line else "the equations"
            by.setdefault(where, []).append(_LABEL.get(fact.key, fact.key))
        parts = [f"{_words(keys)} from {where}" for where, keys in by.items()]
        for source in dict.fromkeys(self.declared.values()):
            keys = [_LABEL.get(k, k) for k, s in self.declared.items() if s == source]
            parts.append(f"{', '.join(keys)} from the {source}")
        return ", ".join(parts) if parts else "nothing stated: the defaults"

    def settings_used(self) -> dict[str, str]:
        return {k: v for k, v in self.settings.values}

    def text(self) -> str:
        line = f"assumed: {self.summary()} ({self.sources()})"
        for conflict in self.conflicts:
            line += f"; contradiction: {conflict}"
        return line

    def to_dict(self) -> dict:
        return {
            "line": self.line,
            "layer": self.summary(),
            "facts": [
                {"key": f.key, "value": f.value, "line": f.line, "how": f.how} for f in self.facts
            ],
            "declared": dict(self.declared),
            "conflicts": list(self.conflicts),
        }


def compose(reading: Reading | None, layers: list[tuple[str, dict[str, str]]]) -> Assumed:
    """The settings for a section: ``reading`` under ``layers`` ((source, settings), lowest
    first: front matter, options, directive)."""
    declared: dict[str, str] = {}
    for source, values in layers:
        for key in values:
            declared[key] = source
    inferred = reading.settings() if reading else {}
    shape_declared = any(k in declared for k in _DECLARES_SHAPE)
    if shape_declared:
        inferred = {k: v for k, v in inferred.items() if k not in SHAPE_KEYS}
    if "notation" in declared:  # a declared notation brings its own index base
        inferred.pop("index-base", None)
    if "network" in inferred:  # a network's layers have their own sizes
        inferred = {k: v for k, v in inferred.items() if k not in SHAPE_KEYS or k == "network"}
    merged: dict[str, str] = dict(inferred)
    for _, values in layers:
        merged.update(values)
    facts = [
        f for f in (reading.facts if reading else []) if f.key in inferred or f.key == "output"
    ]
    conflicts = [
        c
        for c in (reading.conflicts if reading else [])
        if not _settled(c, declared, shape_declared)
    ]
    return Assumed(
        reading.line if reading else 1, Settings(tuple(merged.items())), facts, conflicts, declared
    )


def _settled(conflict: str, declared: dict[str, str], shape_declared: bool) -> bool:
    """A contradiction among the notes' facts about a key the user declared is moot."""
    key = conflict.split(" ", 1)[0]
    if key in declared:
        return True
    return shape_declared and (key in SHAPE_KEYS or key in ("output", "no", "the"))


def _words(keys: list[str]) -> str:
    return keys[0] if len(keys) == 1 else ", ".join(keys[:-1]) + " and " + keys[-1]
