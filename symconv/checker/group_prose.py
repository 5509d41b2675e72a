"""Grouped and depthwise convolutions as notes state them in prose.

A grouped convolution splits the C_in input and C_out output channels into g groups; output
channel f sees only the C_in/g input channels of its own group, so the weight tensor is
C_out x (C_in/g) x kh x kw.  Depthwise is g = C_in (each channel its own filter).  A note
that says so and then writes ``Y_{n,c,i,j} = sum_{u,v} W_{c,0,u,v} X_{n,c,i+u,j+v}`` is
right, and is judged wrong against an ordinary layer (every output channel sums over every
input channel).  So the groups are a fact of the section, read from:

- ``groups = 2``, ``groups=2``, ``$g = 2$ groups``, ``2 groups``, ``two groups``, ``en 2
  grupos``, ``2 groupes``, ``2 gruppi``, ``2 Gruppen``;
- ``depthwise`` / ``depth-wise`` / ``groups = C`` / ``groups = C_in`` / ``groups = in_channels``
  / ``each channel has its own filter``: g is the number of input channels (a depthwise
  *separable* block, a depthwise then a pointwise layer, states two layers and is left
  alone);
- the weight's shape ``C x 1 x 3 x 3`` / ``4 x 2 x 3 x 3`` stated near a weight word: its
  second axis is C_in/g, not C_in, so with the groups it gives C_in = (C_in/g) * g.

What cannot be settled (groups that do not divide the channels, depthwise with no channel
count) drops the groups fact: the claims are then judged as before, never against a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

GROUPS = "groups"
PER_GROUP = "in-channels-per-group"  # private: resolved into in-channels by ``resolve``
_OF_SHAPE = "in-channels-of-weight"  # private: an in-channels read off the weight's shape
_WEIGHT_OUT = "out-channels-of-weight"  # private: the weight's first axis (C_out of a conv)
_WEIGHT_KERNEL = "kernel-of-weight"  # private: the weight's last two axes
_KEEPS = "depthwise-keeps-channels"  # private: "a depthwise version (groups=2)"
_PRIVATE = (GROUPS, PER_GROUP, _WEIGHT_OUT, _KEEPS, _WEIGHT_KERNEL)
DEPTHWISE = "depthwise"
_HOW = "prose"

_COUNT_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "eight": 8,
    "dos": 2, "tres": 3, "cuatro": 4, "deux": 2, "trois": 3, "quatre": 4,
    "due": 2, "tre": 3, "quattro": 4, "zwei": 2, "drei": 3, "vier": 4,
    "dwie": 2, "dwa": 2, "trzy": 3, "cztery": 4, "две": 2, "два": 2, "три": 3, "четыре": 4,
}  # fmt: skip
# (Russian "2 группы", "на 4 группы", "групп", "группами")
_GROUP_WORD = (
    r"(?:groups?|grupos?|grups?|groupes?|gruppi|gruppo|gruppen|grupy|grup|групп(?:ы|ами|а)?)"
)
_NUM = r"(\d{1,3}|" + "|".join(_COUNT_WORDS) + r")"
# "groups = 2", "groups=2", "groups: 2", "G = 2 groups" (the number after the word)
_GROUPS_IS = re.compile(
    r"\b" + _GROUP_WORD + r"\s*(?:=|:|is|of|es|est|ist|è)\s*\$?\s*" + _NUM + r"\b(?!\s*[x×/])",
    re.IGNORECASE,
)
# "2 groups", "two groups", "$g = 2$ groups", "en 2 grupos"
_N_GROUPS = re.compile(
    r"(?:\b|\$)(?:[a-z]\s*=\s*)?" + _NUM + r"\$?\s+(?:channel\s+)?" + _GROUP_WORD + r"\b",
    re.IGNORECASE,
)
# "groups = C", "groups = C_in", "groups = in_channels", "groups equal to the channels"
_GROUPS_ALL = re.compile(
    r"\b" + _GROUP_WORD + r"\s*(?:=|:)\s*\$?\s*(?:C(?:_\{?in\}?|_\{?\\text\{in\}\}?)?|in_channels"
    r"|C_\{?\\mathrm\{in\}\}?)(?![\w/])"
    r"|\b" + _GROUP_WORD + r"\s+(?:equal to|equals|igual al?)\s+(?:the\s+)?(?:number of\s+)?"
    r"(?:input\s+)?(?:channels|canales)",
    re.IGNORECASE,
)
_DEPTHWISE = re.compile(
    r"\bdepth[- ]?wise\b|\bchannel[- ]wise conv|\beach (?:input )?channel has its own "
    r"(?:\$?\d\s*\\times\s*\d\$?\s+)?(?:filter|kernel)",
    re.IGNORECASE,
)
# a line about two layers: "depthwise separable", "followed by a pointwise 1x1 conv"
_TWO_LAYERS = re.compile(r"separable|pointwise|point-wise|followed by", re.IGNORECASE)
# what a line says is NOT the layer: "unlike depthwise", "instead of 2 groups"
_NOT_THIS = re.compile(r"\b(?:unlike|instead of|rather than|not a|would be|sin grupos)\b", re.I)
_WEIGHT_WORD = re.compile(r"\b(?:weights?|kernel|filters?|pesos?|W)\b", re.IGNORECASE)
# a 4-axis shape: "C \times 1 \times 3 \times 3", "4 x 2 x 3 x 3", "4×2×3×3"
_TIMES = r"\s*(?:\\times|×|x)\s*"
_SHAPE4 = re.compile(
    r"(?<![\w\\])(\d{1,4}|[A-Z](?:_\{?\w+\}?)?)" + _TIMES + r"(\d{1,4})" + _TIMES + r"(\d{1,2})"
    + _TIMES + r"(\d{1,2})(?![\w.])"
)  # fmt: skip


def hide_weight_shape(line: str) -> str:
    """The line with a weight's 4-axis shape blanked, for the 2- and 3-axis size reader
    (which would take ``4 x 2 x 3`` of ``4 x 2 x 3 x 3`` for an input and its channels);
    :func:`group_facts` reads the shape whole."""
    for shape in _SHAPE4.finditer(line):
        if _WEIGHT_WORD.search(line[max(0, shape.start() - 60) : shape.start()]):
            line = line[: shape.start()] + "S" * (shape.end() - shape.start()) + line[shape.end() :]
    return line


def _channels_first(shape: re.Match[str]) -> bool:
    """``F x C x k x k`` (PyTorch's layout) and not possibly ``k x k x C x F``: a square
    kernel last, and not a square pair first with other sizes (``5 x 5 x 3 x 3``)."""
    d0, d1, d2, d3 = shape.groups()
    return d2 == d3 and not (d0 == d1 and d0 != d2)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _COUNT_WORDS[word.lower()]


def counted_groups(text: str) -> list[int] | None:
    """The group counts ``text`` states ("groups=2", "2 gruppi", "две группы"), or None
    where it speaks of groups (or depthwise) in a way no count is read from: a reader that
    takes the groups from here reads no layer then, rather than one without its groups."""
    counts = [_number(m.group(1)) for m in _GROUPS_IS.finditer(text)]
    counts += [_number(m.group(1)) for m in _N_GROUPS.finditer(text)]
    if not counts and (GROUPED.search(text) or _DEPTHWISE.search(text)):
        return None
    return counts


# groups named with or without a count: "2 groups", "a grouped convolution", "convolución
# agrupada", "gruppierte Faltung", "сгруппированная свёртка", "分组卷积", "depthwise"
GROUPED = re.compile(
    rf"\b(?:{_GROUP_WORD}|grouped|agrupad[ao]s?|raggruppat[ao]|group[ée]e?s?|gruppiert\w*|"
    r"gegroepeerd\w*|grupowan\w*|сгруппированн\w*|gruplu|gruplanmış|theo nhóm|"
    r"ομαδοποιημέν\w*|depth[- ]?wise)\b|分组|分組|グループ化|그룹",
    re.IGNORECASE,
)


def group_facts(line: str) -> list[tuple[str, str, str]]:
    """(key, value, how) for the groups and the weight's per-group channels one line of
    prose states."""
    if _NOT_THIS.search(line):
        return []
    found: list[tuple[str, str, str]] = []
    counts = {_number(m.group(1)) for m in _GROUPS_IS.finditer(line)}
    counts |= {_number(m.group(1)) for m in _N_GROUPS.finditer(line)}
    depthwise = bool(_DEPTHWISE.search(line)) and not _TWO_LAYERS.search(line)
    if len(counts) == 1:
        found.append((GROUPS, str(counts.pop()), _HOW))
        if depthwise:  # "a depthwise version (groups=2)": one output channel per input one
            found.append((_KEEPS, "true", _HOW))
    elif not counts and (_GROUPS_ALL.search(line) or depthwise):
        found.append((GROUPS, DEPTHWISE, _HOW))
    for shape in _SHAPE4.finditer(line):
        if _WEIGHT_WORD.search(line[max(0, shape.start() - 60) : shape.start()]):
            if not _channels_first(shape):
                break  # 3 x 3 x 2 x 4 (kernel first?): which axis is which is not read
            found.append((PER_GROUP, shape.group(2), _HOW))
            found.append((_WEIGHT_KERNEL, f"{shape.group(3)}x{shape.group(4)}", _HOW))
            if shape.group(1).isdigit():  # C_out of a conv; a transposed one's C_in
                found.append((_WEIGHT_OUT, shape.group(1), _HOW))
            break
    return found


def set_aside(reading: Any) -> None:
    """Before a section takes what it does not say from the one before: an in-channels read
    off the weight's shape (``C x 1 x 3 x 3``) is C_in only without groups, so it is set
    aside and the channel count said elsewhere still comes in; ``resolve`` decides.  The
    shape's last two axes are the kernel (never an input the size reader took them for)."""
    kernels = {f.line: f.value for f in reading.facts if f.key == _WEIGHT_KERNEL}
    shaped = {(f.line, f.value) for f in reading.facts if f.key == PER_GROUP}
    reading.facts = [
        type(f)(_OF_SHAPE, f.value, f.line, f.how)
        if f.key == "in-channels" and (f.line, f.value) in shaped
        else f
        for f in reading.facts
        # "the input has 4 channels; the weight is 4 x 1 x 3 x 3": its tail is no input
        if not (f.key == "input" and kernels.get(f.line) == f.value)
    ]
    for line, value in kernels.items():
        if not any(f.key == "kernel" and f.line == line for f in reading.facts):
            reading.facts.append(type(reading.facts[0])("kernel", value, line, _HOW))


def _value(facts: list[Any], key: str, strength: Callable[[Any], int]) -> Any:
    return next((f for f in sorted(facts, key=strength) if f.key == key), None)


def resolve(reading: Any, make: Callable[..., Any], strength: Callable[[Any], int]) -> None:
    """Turn the section's groups facts into settings: ``depthwise`` into the channel count,
    the weight's per-group channels into C_in; drop what cannot be settled.

    Notes name several groups: a title's "grouped / depthwise", the example's
    ``groups=2``, a remark's "with ``groups=1``".  Each is tried in turn (strongest, then
    first written) and the first that splits the section's channels is the layer's; a
    statement the channels rule out (depthwise over 4 -> 6 channels) is not the layer's."""
    facts = list(reading.facts)
    tried = sorted((f for f in facts if f.key == GROUPS), key=lambda f: (strength(f), f.line))
    for stated in tried:
        reading.facts = [f for f in facts if f.key != GROUPS or f is stated]
        _resolve_one(reading, make, strength)
        if any(f.key == GROUPS for f in reading.facts):
            return
    reading.facts = [f for f in facts if f.key != GROUPS or (tried and f is tried[0])]
    _resolve_one(reading, make, strength)


def _resolve_one(reading: Any, make: Callable[..., Any], strength: Callable[[Any], int]) -> None:
    """:func:`resolve` with at most one groups statement in the section."""
    stated = _value(reading.facts, GROUPS, strength)
    per_group = _value(reading.facts, PER_GROUP, strength)
    weight_out = _value(reading.facts, _WEIGHT_OUT, strength)
    kind = _value(reading.facts, "layer", strength)
    keeps = stated is not None and (
        stated.value == DEPTHWISE or _value(reading.facts, _KEEPS, strength) is not None
    )
    if kind is not None and (not kind.value.startswith("conv") or "transpose" in kind.value):
        stated = None  # a transposed layer's weight is C_in x C_out/g x k x k: not read here
    # without groups the weight's axes are C_out, C_in themselves, in their place (a
    # transposed layer's weight is C_in x C_out/g x k x k: not read here)
    conv = kind is None or "transpose" not in kind.value
    as_is = {_OF_SHAPE: "in-channels"} | (
        {PER_GROUP: "in-channels", _WEIGHT_OUT: "out-channels"} if conv and stated is None else {}
    )
    reading.facts = [
        make(as_is[f.key], f.value, f.line, f.how) if f.key in as_is else f
        for f in reading.facts
        if f.key in as_is or f.key not in _PRIVATE
    ]
    shaped = (_line(per_group), per_group.value if per_group is not None else None)
    facts = [f for f in reading.facts if (f.key, (f.line, f.value)) != ("in-channels", shaped)]
    plain = [f for f in sorted(facts, key=strength) if f.key == "in-channels"]
    if stated is None or (stated.value == DEPTHWISE and not (plain and plain[0].value.isdigit())):
        return  # no groups, or depthwise over a channel count not read
    groups = int(plain[0].value) if stated.value == DEPTHWISE else int(stated.value)
    if per_group is not None and per_group.value.isdigit():
        # the weight's second axis is C_in/g; stated (strength 0) as the shape and groups are
        channels = int(per_group.value) * groups
        facts.insert(0, make("in-channels", str(channels), per_group.line, _HOW))
    if weight_out is not None and _value(facts, "out-channels", strength) is None:
        facts.append(make("out-channels", weight_out.value, weight_out.line, _HOW))
    ins = _value(facts, "in-channels", strength)
    outs = _value(facts, "out-channels", strength)
    if outs is None and keeps and ins is not None:
        outs = make("out-channels", ins.value, stated.line, "a depthwise layer keeps its channels")
        facts.append(outs)
    if ins is None or outs is None:
        return  # the channels the groups split are not read
    if not all(f.value.isdigit() and int(f.value) % groups == 0 for f in (ins, outs)):
        return  # the groups do not divide the channels: not this layer's groups
    reading.facts = [*facts, make(GROUPS, str(groups), stated.line, stated.how)]


def _line(fact: Any) -> int | None:
    return None if fact is None else int(fact.line)
