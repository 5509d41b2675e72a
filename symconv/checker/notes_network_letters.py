"""A network the notes state one layer a paragraph, each opened by its name and its settings
in letters: "CONV1: $f = 5$, $s = 1$, $pad = 2$, $n_C = 8$, so ...", "POOL (max, $f = 2$,
$s = 2$):", "FC: flatten, then ... $W^{[4]}$ of shape $(10, 784)$" (the deeplearning.ai
course's letters), "Conv 2: $K = 3$, $S = 2$, $P = 1$, 16 filters".

Each opening line becomes one part of a prose description ("conv1: kernel 5 x 5, stride 1,
padding 2, 8 filters"), read by checker/notes_network.py like a list of layers; the claims
between the paragraphs speak of the network, so it is stated from its first line on.  Only
letters with one meaning in every notation the checker knows are read: ``f``/``k`` a
kernel's side, ``s``/``S`` the stride, ``p``/``P``/``pad`` the padding, ``n_C``/``C_out`` the
filters; ``K`` the kernel's side unless the notes say "$K$ filters" (CS231n), ``F`` the
filters only where the notes say so.  A dense layer's weight shape (out, in) gives its
widths (the input width is checked against the chain, so a Keras (in, out) is not read).
A line whose settings are not all read leaves the whole network unread.
"""

from __future__ import annotations

import re

from symconv.checker.letter_roles import roles

_OPENING = re.compile(
    r"^\s*(?:\*\*)?(?P<label>(?:conv|pool|max\s*pool|avg\s*pool|fc|dense|densa|linear)\s*\d*)"
    r"(?:\*\*)?\s*(?:\((?P<aside>[^)]*)\))?\s*(?:\*\*)?\s*:(?P<rest>.*)$",
    re.I,
)
_SETTING = re.compile(
    r"(?<![\w\\])(?P<name>pad|n_\{?[Cc]\}?|C_\{?out\}?|[fkKsSpPF])\s*=\s*(?P<n>\d+)(?![\d.])"
)
_WEIGHT_SHAPE = re.compile(
    r"(?:of shape|de forma|de tamaño|de forme|der Form)\s*\$?\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)"
)
# "4 filtros", "16 filters": a count in words beside the letters
_FILTERS = re.compile(r"\b(\d+)\s+(?:filters|filtros|filtres|Filter|filtri|kernels)\b", re.I)
_WIDTH = re.compile(r"\b(\d+)\s+(?:outputs|salidas|sorties|Ausgänge|classes|clases|units)\b", re.I)
_KIND = re.compile(
    r"\b(max|máx|average|avg|mean|promedio|moyenne|media|Mittelwert)(?:\w*\.?)?(?!\w)", re.I
)


def lettered_layers(document: list[str]) -> list[tuple[int, int, list[str], list[str]]]:
    """(first line, the line before it, parts, labels) of each run of two or more opening
    lines (no heading between them): the network is stated from its first line on."""
    letters = roles("\n".join(document))
    runs: list[list[tuple[int, str, str]]] = [[]]
    fence = False
    for n, text in enumerate(document):
        if text.lstrip().startswith("```"):
            fence = not fence
        if fence:
            continue
        if re.match(r"\s*#", text):
            runs.append([])
            continue
        m = _OPENING.match(text)
        if m is None:
            continue
        part = _part(m, letters)
        if part is None:
            runs[-1].append((n, "", ""))  # a layer not read: the run is not read
            continue
        runs[-1].append((n, part, re.sub(r"\s+", "", m.group("label")).lower()))
    found = []
    for run in runs:
        if len(run) < 2 or any(not part for _, part, _ in run):
            continue
        first = run[0][0]  # (stated from the line before: a claim on the opening line too)
        found.append((first, first - 1, [p for _, p, _ in run], [lab for _, _, lab in run]))
    return found


def _part(m: re.Match, letters: dict[str, str]) -> str | None:
    label = m.group("label")
    said = f"{m.group('aside') or ''} {m.group('rest')}"
    if re.match(r"(?:fc|dense|densa|linear)", label, re.I):
        shape, width = _WEIGHT_SHAPE.search(said), _WIDTH.search(said)
        if shape is not None:
            return f"dense {shape.group(2)} -> {shape.group(1)}"
        return f"dense: {width.group(1)} outputs" if width else None
    words = [f"{m.group(1)} filters" for m in _FILTERS.finditer(said)]
    for s in _SETTING.finditer(said):
        word = _word(s.group("name"), int(s.group("n")), letters)
        if word is None:
            return None
        words.append(word)
    if not words:
        return None
    if re.search(r"pool", label, re.I):
        kind = _KIND.search(f"{label} {said}")
        if kind is None:
            return None
        op = "max" if kind.group(1).lower().startswith(("max", "máx")) else "average"
        return f"{op} pool {', '.join(words)}"
    return f"{label}: conv {', '.join(words)}"


def _word(name: str, value: int, letters: dict[str, str]) -> str | None:
    name = name.replace("{", "").replace("}", "")
    role = letters.get(name)
    if role == "c_out":  # "$F$ filters", "$K$ filters": the notes' own word for it
        return f"{value} filters"
    if role is not None:
        return None  # a role the notes give it that no layer setting here has
    if name in ("f", "k", "K"):
        return f"kernel {value} x {value}"
    if name in ("s", "S"):
        return f"stride {value}"
    if name in ("p", "P", "pad"):
        return f"padding {value}"
    if name in ("n_C", "n_c", "C_out"):
        return f"{value} filters"
    return None
