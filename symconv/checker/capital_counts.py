"""A count named by the capital of its index letter: with entries ``W_{fcuv}``, ``Y_{nfij}``,
``X_{ncpq}``, the notes' "$F = 4$" is the number of filters, "$N = 2$" the batch and "$C = 3$"
the input channels, with no word after the number.

Index notation pairs each index with the capital letter that counts it (n < N samples,
c < C channels, f < F filters; Goodfellow et al., CS231n's D, most lecture notes), and the
notes write that letter's value once ("filters $W_{fcuv}$ with $F = 4$", "$N = 2$, $C = 3$").
Which axis a lowercase index letter runs over is read from the entries it indexes, not from
its name: an index written alone in the kernel's and the output's entries (not the input's)
is the filter axis; in the input's and the kernel's (not the output's), the input-channel
axis; first in the input's and the output's (not the kernel's), the sample axis.  This holds
in every axis order (NCHW, channels-last) because it never looks at positions but the
sample's.

Only capitals that name no other size in common use are read this way (F, C, N, M, B, O):
K, S, P, D, H, W, L, T, G name a kernel, stride, padding, dilation, height, width, length,
time or groups too often, and a capital the notes write as a tensor (F for a feature map)
is that tensor.  A setting in a sentence that speaks of a size ("spatial extent $F = 3$",
"filter size $F = 5$") is not a count.

A sum over an index's whole axis, ``\\sum_{f=0}^{F-1}`` or ``\\sum_{f=1}^{F}``, names the
capital as that axis's count too, with or without a value: the layer's own count (stated in
words, "4 filters", or in code) is then what F stands for.
"""

from __future__ import annotations

import re

from symconv.checker.index_runs import run_pieces

_CAPITALS = frozenset("FCNMBO")
_ROLES = {**dict.fromkeys("xXI", "input"), **dict.fromkeys("wWK", "kernel")}
_ROLES |= dict.fromkeys("yYzZ", "output")
_ENTRY = re.compile(
    r"(?<![A-Za-z\\])(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?(?P<t>[xXIwWKyYzZ])\}?\s*"
    r"(?:\^\s*(?:\{[^{}]*\}|\w)\s*)?(?:_\s*\{(?P<sub>[^{}]*)\}|\[(?P<br>[^\[\]]*)\])"
)
_WORDS = frozenset({"in", "out", "pad", "prev", "conv", "pool", "col", "row", "max", "avg"})
_SPAN = re.compile(r"(?<!\$)\$([^$]+)\$(?!\$)")
_SETTING = re.compile(r"\s*(?P<l>[A-Za-z])\s*=\s*(?P<v>\d{1,4})\s*")
# "$N = 2,\ C = 3,\ F = 4$": one span setting several letters
_BETWEEN = re.compile(r",|;|\\q?quad\b|\\text\s*\{\s*and\s*\}")
# "spatial extent $F = 3$", "filter size $F = 5$": a size's words before the setting
_SIZE_WORDS = re.compile(
    r"\b(?:size|sizes|extent|width|height|side|spatial|receptive|window|taille|tamaño|"
    r"Größe|stride|padding|dilation)\b[^$.;]{0,20}$",
    re.IGNORECASE,
)
# "$F = 5$ pixels wide", "$F = 3$ taps": a size's words after it
_SIZE_AFTER = re.compile(
    r"^[^$.;]{0,12}?\b(?:pixels?|wide|width|taps?|size|extent|side)\b", re.IGNORECASE
)
_SPACING = re.compile(r"\\[,;:! ]")


def _indices(written: str) -> list[str] | None:
    """The indices of one entry as written: ``n,c,i+u,j+v``, ``nfij``, ``n c (i+u)(j+v)``."""
    text = _SPACING.sub(" ", written).strip()
    if "," in text:
        return [p.strip() for p in text.split(",")]
    pieces = run_pieces(text)
    if pieces is not None:
        return pieces
    compact = text.replace(" ", "")
    if re.fullmatch(r"[a-z]{2,4}", compact) and compact not in _WORDS:
        return list(compact)
    return None


def _axes(math: str) -> dict[str, str]:
    """index letter -> the axis it counts (out-channels, in-channels, batch)."""
    alone: dict[str, set[str]] = {"input": set(), "kernel": set(), "output": set()}
    first: dict[str, set[str]] = {"input": set(), "output": set()}
    tensors = set()
    for m in _ENTRY.finditer(math):
        parts = _indices(m.group("sub") or m.group("br") or "")
        if parts is None or len(parts) < 3:
            continue
        role = _ROLES[m.group("t")]
        tensors.add(m.group("t"))
        letters = [p for p in parts if re.fullmatch(r"[a-z]", p)]
        alone[role].update(letters)
        if role in first and re.fullmatch(r"[a-z]", parts[0]):
            first[role].add(parts[0])
    found: dict[str, str] = {}
    kernel, inputs, outputs = alone["kernel"], alone["input"], alone["output"]
    for letter in (kernel & outputs) - inputs:
        found[letter] = "out-channels"
    for letter in (kernel & inputs) - outputs:
        found[letter] = "in-channels"
    for letter in (first["input"] & first["output"]) - kernel:
        found[letter] = "batch"
    return {k: v for k, v in found.items() if k.upper() not in tensors}


def capital_count_facts(lines: list[str], first: int) -> list[tuple[str, str, int]]:
    """(key, value, line) for each count a section sets by its index letter's capital;
    ``lines`` are the section's lines, the first numbered ``first``."""
    math = " ".join(re.findall(r"\$\$?([^$]+)\$\$?", "\n".join(lines)))
    axes = _axes(math)
    if not axes:
        return []
    values: dict[str, set[tuple[str, int]]] = {}
    for number, line in enumerate(lines, start=first):
        for span in _SPAN.finditer(line):
            start = max(line.rfind(". ", 0, span.start()), 0)
            if _SIZE_WORDS.search(line[start : span.start()]) or _SIZE_AFTER.match(
                line[span.end() :]
            ):
                continue
            pieces = _BETWEEN.split(_SPACING.sub(" ", span.group(1)))
            settings = [_SETTING.fullmatch(p) for p in pieces]
            for m in settings if all(settings) else []:
                letter = m.group("l")  # type: ignore[union-attr]
                if letter in _CAPITALS and letter.lower() in axes:
                    values.setdefault(letter, set()).add((m.group("v"), number))  # type: ignore[union-attr]
    found = []
    for letter, seen in values.items():
        if len({v for v, _ in seen}) != 1:
            continue  # "$F = 4$" here and "$F = 8$" there: another case, not read
        value, number = min(seen, key=lambda s: s[1])
        if int(value) >= 1:
            found.append((axes[letter.lower()], value, number))
            found.append(("sizes", f"{letter}={axes[letter.lower()]}", number))
    named = {f[1] for f in found if f[0] == "sizes"}
    for number, line in enumerate(lines, start=first):
        for m in _WHOLE_SUM.finditer(line):  # \sum_{f=0}^{F-1}: F counts f's axis
            index, count = m.group("i"), m.group("n") or m.group("n1")
            binding = f"{count}={axes.get(index)}"
            whole = count == index.upper() and count in _CAPITALS and index in axes
            if whole and binding not in named:
                named.add(binding)
                found.append(("sizes", binding, number))
    return found


# \sum_{f=0}^{F-1}, \sum_{f=1}^{F}: a sum over an index's whole axis, its capital the count
_WHOLE_SUM = re.compile(
    r"\\sum_\{?\s*(?P<i>[a-z])\s*=\s*(?:0\s*\}?\s*\^\s*\{\s*(?P<n>[A-Z])\s*-\s*1\s*\}"
    r"|1\s*\}?\s*\^\s*\{?\s*(?P<n1>[A-Z])\s*\}?)"
)
