"""The layers of a network the notes state that a stretch of prose names: by the notes' own
label ("Conv1", "capa 2", "couche 1"), by kind and ordinal ("conv2": the second
convolution, "fc1": the first dense layer), by a kind the network has only one of ("la
densa", "pool", "the convolution"), "flatten" for the flattened width, "total" for the whole
network.  A name that fits two layers ("conv" in a network of two convolutions, "capa 2"
where the notes number no layers) is "ambiguous", never a guess.
"""

from __future__ import annotations

import re

from symconv.checker.constructor_mentions import constructor_mentions
from symconv.checker.notes_network import NotesNetwork
from symconv.spec.layer import Conv, Dense, Pool

_ORDINAL = re.compile(r"\b(conv|capa|couche|layer|fc|dense|densa|linear|pool)\s*(\d+)\b", re.I)
_KINDS: tuple[tuple[type | str, str], ...] = (
    ("flatten", r"\b(?:flatten\w*|aplan\w*|aplati\w*)\b"),
    (Pool, r"\b(?:max-?|average-?|avg-?)?pool\w*\b|\bagrupamiento\b"),
    (Conv, r"\bconv\w*\b(?!\s*\d)|\bconvoluci[óo]n\b|\bconvolution\b"),
    (Dense, r"\b(?:dens[ae]|linear|lineal|fully[- ]connected)\b(?!\s*\d)"),
)
_TOTAL = re.compile(
    r"\b(?:total|in all|en total|red completa|whole network|toda la red|r[ée]seau complet)\b",
    re.I,
)
_ORDINAL_KINDS = {"conv": Conv, "pool": Pool, "fc": Dense, "dense": Dense, "densa": Dense}
# "the second conv", "la segunda convolución", "nach der zweiten Faltung", "la deuxième
# couche de pooling": a kind by its ordinal in words
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "primera": 1, "primer": 1, "segunda": 2, "segundo": 2, "tercera": 3, "tercer": 3,
    "cuarta": 4, "quinta": 5,
    "erste": 1, "ersten": 1, "zweite": 2, "zweiten": 2, "dritte": 3, "dritten": 3,
    "vierte": 4, "vierten": 4,
    "première": 1, "premier": 1, "deuxième": 2, "troisième": 3, "quatrième": 4,
}  # fmt: skip
_WORD_KINDS: tuple[tuple[type, str], ...] = (
    (Conv, r"conv\w*|convoluci[óo]n|capa convolucional|Faltung\w*|couche de convolution"),
    (Pool, r"(?:max-?|average-?|avg-?)?pool\w*|agrupamiento|Pooling\w*"),
    (Dense, r"dense|densa|linear|fully[- ]connected|capa densa|couche dense"),
)
_ORDINAL_PHRASE = re.compile(
    r"\b("
    + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
    + r")\s+(?:("
    + ")|(".join(words for _, words in _WORD_KINDS)
    + r"))\b",
    re.I,
)


def _beside(m: re.Match, named: list[range], text: str) -> bool:
    """The kind word stands right beside a name of one layer ("L1 conv", "conv L3", "pool2
    (max)"): it says what that layer is, and names no other."""
    return any(
        (r.stop <= m.start() and not text[r.stop : m.start()].strip(" \t()"))
        or (m.end() <= r.start and not text[m.end() : r.start].strip(" \t()"))
        for r in named
    )


def mentions(text: str, stated: NotesNetwork) -> list[tuple[int, int | str]]:
    """(position, layer index or "flatten" / "total" / "ambiguous") of every name, in order."""
    found: list[tuple[int, int | str]] = []
    layers = stated.net.layers
    for m in _ORDINAL.finditer(text):
        word, k = m.group(1).lower(), int(m.group(2))
        if f"{word}{k}" in stated.names:
            found.append((m.start(), stated.names[f"{word}{k}"]))
            continue
        ordinal_kind = _ORDINAL_KINDS.get(word, Dense if word == "linear" else None)
        same = [
            i
            for i, s in enumerate(layers)
            if ordinal_kind is not None and isinstance(s, ordinal_kind)
        ]
        found.append((m.start(), same[k - 1] if 1 <= k <= len(same) else "ambiguous"))
    taken = [range(m.start(), m.end()) for m in _ORDINAL.finditer(text)]
    for m in _ORDINAL_PHRASE.finditer(text):  # "the second conv": the second convolution
        k = _ORDINAL_WORDS[m.group(1).lower()]
        kind = next(kd for (kd, _), g in zip(_WORD_KINDS, m.groups()[1:], strict=True) if g)
        same = [i for i, s in enumerate(layers) if isinstance(s, kind)]
        found.append((m.start(), same[k - 1] if 1 <= k <= len(same) else "ambiguous"))
        taken.append(range(m.start(), m.end()))
    for label, index in stated.names.items():  # "the head", "C3", "self.pool": own names
        spelled = re.sub(r"(?<=[^\d\s])(?=\d)", r"\\s*", re.escape(label))  # C3, C 3
        for m in re.finditer(rf"\b{spelled}\b", text, re.IGNORECASE):
            if not any(m.start() in r for r in taken):
                found.append((m.start(), index))
                taken.append(range(m.start(), m.end()))
    for span, index in constructor_mentions(text, layers):  # "Conv2d(6, 16, 5)": that one
        if not any(span.start in r for r in taken):
            found.append((span.start, index))
            taken.append(span)
    named = list(taken)  # the spans that name one layer (an ordinal, a label, a call)
    for kind, words in _KINDS:
        for m in re.finditer(words, text, re.IGNORECASE):
            if any(m.start() in r for r in taken) or _beside(m, named, text):
                continue
            if isinstance(kind, str):  # "flatten"
                found.append((m.start(), kind))
                continue
            same = [i for i, s in enumerate(layers) if isinstance(s, kind)]
            if kind is Pool and len(same) > 1:  # "max-pooling" of one max and one average pool
                word = m.group(0).lower()
                op = "max" if "max" in word else "avg" if "av" in word else None
                same = [i for i in same if getattr(layers[i], "op", None) == op]
            found.append((m.start(), same[0] if len(same) == 1 else "ambiguous"))
    found.extend((m.start(), "total") for m in _TOTAL.finditer(text))
    return sorted(found, key=lambda f: f[0])
