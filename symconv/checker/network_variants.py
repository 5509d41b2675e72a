"""Statements about another configuration of the notes' network: "Si conv1 usara relleno 2,
su salida sería ... = 28 y tras el max-pooling ... = 14", "Con paso 2 y sin relleno, conv1
daría ... = 12", "If conv1 used padding 2, the dense layer would receive ...".

Such a sentence is not about the network as stated, so it is never judged against it.  The
variant is read when every stride or padding the paragraph sets can be given to one
convolution (the one named nearest before the setting in its sentence, else nearest after);
the layers after it are recomputed (a dense layer's input width follows the new shapes).
"""

from __future__ import annotations

import dataclasses
import re

from symconv.checker import lexicon
from symconv.checker.network_names import mentions
from symconv.checker.notes_network import NotesNetwork
from symconv.errors import SymconvError
from symconv.spec.layer import Conv, Dense, Layer
from symconv.spec.network import Network

_HYPOTHETICAL = re.compile(
    r"\b(?:if|si|suppose|supposing|supongamos|would|instead|en lugar de|au lieu de|"
    r"habr[íi]a|\w+(?:ar|er|ir)[íi]a|\w+dr[íi]a|\w+rait|"
    # the conditional's plural and other Romance forms: "serían", "serien", "tindrien",
    # "seriam", "hauria", "sarebbe(ro)", "avrebbe" (not German "wäre": "Falsch wäre ...",
    # "Ohne Bias wären es 60" name a wrong answer or a stated variant the count reader reads)
    r"\w+(?:ar|er|ir)(?:[íi]an|ien|iam)|\w+dr(?:[íi]an|ien|iam)|haur[íi](?:a|en)|"
    r"\w+rebber?o?|"
    # the layer without its groups: "without groups", "sense grups", "sin grupos"
    r"(?:without|sense|sin|sans|ohne|senza|sem)\s+(?:groups|grups|grupos|groupes|Gruppen|gruppi))\b",
    re.IGNORECASE,
)
_SETTING = re.compile(
    rf"\b(?P<word>{lexicon.STRIDE}|{lexicon.PADDING})\s*(?:=|of|de|di)?\s*(?P<n>\d+)|"
    rf"\b(?:{lexicon.NEGATION})\s+(?P<none>{lexicon.PADDING})\b",
    re.IGNORECASE,
)
_STRIDE_WORD = re.compile(rf"^(?:{lexicon.STRIDE})$", re.IGNORECASE)


def hypothetical(paragraph: str) -> bool:
    """The paragraph speaks of a configuration other than the stated one."""
    return _HYPOTHETICAL.search(re.sub(r"\$[^$]*\$", " ", paragraph)) is not None


def setting_in(sentence: str) -> bool:
    """The sentence's own words set a stride or padding ("conv1 with padding 2 gives")."""
    return _SETTING.search(re.sub(r"\$[^$]*\$", " ", sentence)) is not None


def settings_said(sentence: str) -> dict[str, int] | None:
    """The stride and padding the sentence's words give ("y paso 1", "without padding"), or
    None when it gives one of them twice over."""
    words = re.sub(r"\$[^$]*\$", " ", sentence)
    said: dict[str, int] = {}
    for m in _SETTING.finditer(words):
        if m.group("none") and not lexicon.negates(m.group(0).split()[0], words):
            continue  # Portuguese "no padding": in the padding, no setting
        word = (m.group("word") or m.group("none")).lower()
        key = "stride" if _STRIDE_WORD.match(word) else "padding"
        value = int(m.group("n") or 0)
        if said.setdefault(key, value) != value:
            return None
    return said


def restates(spec: object, said: dict[str, int]) -> bool:
    """The settings a sentence gives are the convolution's own: it describes the layer as
    the notes built it ("con paso 1 la primera convolución conserva el lado"), no variant."""
    if not isinstance(spec, Conv):
        return False
    own = {"stride": spec.stride[0], "padding": spec.padding[0]}
    return all(own[key] == value for key, value in said.items())


def varied(stated: NotesNetwork, paragraph: str) -> NotesNetwork | None:
    """The stated network with the strides and paddings the paragraph sets, or None."""
    words = re.sub(r"\$[^$]*\$", " ", paragraph)
    changes: dict[int, dict[str, int]] = {}
    for sentence in re.split(r"[.!?](?:\s|$)", words):
        named = [(at, t) for at, t in mentions(sentence, stated) if isinstance(t, int)]
        for m in _SETTING.finditer(sentence):
            if m.group("none") and not lexicon.negates(m.group(0).split()[0], sentence):
                continue  # Portuguese "no padding": in the padding, no setting
            word = (m.group("word") or m.group("none")).lower()
            key = "stride" if _STRIDE_WORD.match(word) else "padding"
            before = [t for at, t in named if at < m.start()]
            after = [t for at, t in named if at > m.start()]
            target = before[-1] if before else after[0] if after else None
            if target is None or not isinstance(stated.net.layers[target], Conv):
                return None
            changes.setdefault(target, {})[key] = int(m.group("n") or 0)
    if not changes:
        return None
    layers: list[Layer] = []
    shape: tuple[int, ...] = tuple(stated.net.input_shape)
    try:
        for index, spec in enumerate(stated.net.layers):
            if index in changes and isinstance(spec, Conv):
                s = changes[index].get("stride", spec.stride[0])
                p = changes[index].get("padding", spec.padding[0])
                spec = dataclasses.replace(spec, stride=(s, s), padding=(p, p, p, p))
            if isinstance(spec, Dense) and len(shape) == 3:
                spec = dataclasses.replace(spec, in_features=shape[0] * shape[1] * shape[2])
            shape = spec.output_shape(shape)
            layers.append(spec)
    except SymconvError:
        return None
    net = Network(stated.net.name, stated.net.input_shape, layers, stated.net.loss)
    return dataclasses.replace(stated, net=net)
