"""The axis order and channel base a note uses, read from the shapes it states itself.

A note that writes ``Z^{[l]}_{n,f,i,j}`` looks like seed 000 (superscript layers), whose
preset is channels-last with channels counted from 1; but when the same note says
``W^{[l]} \\in \\mathbb{R}^{3\\times 2\\times 3\\times 3}`` with 3 filters of 2 channels and
a 3x3 kernel, its weights are (filters, channels, rows, columns): PyTorch's order.  The
shapes a note states decide its layout; the preset only fills in what they do not say.
Likewise a note that says "indices from 0" for every index (sample, channel, filter, row)
counts channels from 0 too, whatever its preset does.

Each stated shape votes for ``chw`` or ``hwc`` when the prose states the sizes it is made
of (the kernel's for W, the input's for X, the output's for Z); a shape that fits both (a
3x3 kernel with 3 channels and 3 filters) does not vote, and shapes that vote both ways
decide nothing (the preset stays).
"""

from __future__ import annotations

import dataclasses
import re

from symconv.checker.letter_sizes import _shape_whats
from symconv.printing.notation import Notation

_DIMS = r"(\d{1,4})\s*(?:\\times|×|x)\s*(\d{1,4})\s*(?:\\times|×|x)\s*(\d{1,4})" + (
    r"(?:\s*(?:\\times|×|x)\s*(\d{1,4}))?"
)
# W^{[l]} \in \mathbb{R}^{3\times 2\times 3\times 3}, A \in R^{N x C x H x W}
_MEMBER = re.compile(
    r"(?<![A-Za-z\\])(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?([A-Za-z])\}?\s*"
    r"(?P<sup>\^\s*\{[^{}]*\}|\^\s*\w)?\s*(?:_\{?[^{}\s]*\}?\s*)?\\in\s*"
    r"\\mathbb\s*\{?R\}?\s*\^\s*\{\s*\(?\s*" + _DIMS + r"\s*\)?\s*\}"
)
# "Z^{[l]} es un arreglo de 2×3×2×2", "Z has shape 2x3x2x2", "Z is a 2x3x2x2 tensor"
_PROSE_SHAPE = re.compile(
    r"\$\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?([A-Za-z])\}?\s*(?P<sup>\^\s*\{[^{}]*\})?"
    r"\s*\$\s*(?:es|is|has|tiene)\s+(?:un|una|an?|the)?\s*(?:arreglo|tensor|array|matriz|"
    r"shape|forma|dimensiones|dimensions|size|tamaño)?\s*(?:de|of)?\s*(?:forma|shape)?\s*"
    r"(?:de|of)?\s*\$\s*\(?\s*" + _DIMS
)
_WORDS = re.compile(
    r"\b(?P<hwc>channels[- _]last|canales al final|NHWC|HWC|canais (?:por )?[úu]ltimo|"
    r"canaux en dernier|Kan[äa]le zuletzt|canali (?:per )?ultimi|kanalerna sist|"
    r"kanały na końcu)\b"
    r"|\b(?P<chw>channels[- _]first|canales primero|NCHW|CHW|canais primeiro|"
    r"canaux en premier|Kan[äa]le zuerst|canali (?:per )?primi|kanalerna först)\b",
    re.IGNORECASE,
)
# shapes in letters: "$K$ har formen $(R, R, C, F)$", "X \in \mathbb{R}^{N \times H \times W
# \times C}": where the channel letter C stands tells the order, whatever the sizes are
_AXIS_LETTER = r"[A-Z](?:'|_\{?[A-Za-z]{1,3}\}?)?"
_LETTER_TUPLE = re.compile(
    r"\$\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?([A-Za-z])\}?\s*\$[^$]{0,40}?\$\s*\(\s*"
    r"((?:" + _AXIS_LETTER + r"\s*,\s*){2,3}" + _AXIS_LETTER + r")\s*\)\s*\$"
)
_LETTER_MEMBER = re.compile(
    r"(?<![A-Za-z\\])([A-Za-z])\s*\\in\s*\\mathbb\s*\{?R\}?\s*\^\s*\{\s*((?:"
    + _AXIS_LETTER
    + r"\s*(?:\\times|×)\s*){2,3}"
    + _AXIS_LETTER
    + r")\s*\}"
)
_KERNEL = {"W", "w", "K", "F"}
_IMAGE = {"X", "x", "A", "a", "I", "Z", "z", "Y", "y", "O", "H", "h"}


def axis_facts(
    lines: list[str], first: int, known: dict[str, str]
) -> list[tuple[str, str, int, str]]:
    """(key, value, line, how) for the layout (``chw``/``hwc``) the section's stated
    shapes imply; ``known`` holds the section's facts so far (kernel, channels, input)."""
    votes: list[tuple[str, int, str]] = []
    for number, line in enumerate(lines, start=first):
        for m in _WORDS.finditer(line):
            votes.append(("hwc" if m.group("hwc") else "chw", number, m.group(0)))
        for pattern in (_MEMBER, _PROSE_SHAPE):
            for m in pattern.finditer(line):
                dims = [int(d) for d in m.groups()[-4:] if d is not None]
                vote = _vote(m.group(1), m.group("sup") or "", dims, known)
                if vote is not None:
                    shape = "x".join(map(str, dims))
                    votes.append((vote, number, f"{m.group(1)} is {shape}"))
        for pattern in (_LETTER_TUPLE, _LETTER_MEMBER):
            for m in pattern.finditer(line):
                letters = [x.strip() for x in re.split(r",|\\times|×", m.group(2))]
                vote = _letter_vote(m.group(1), letters)
                if vote is not None:
                    votes.append((vote, number, f"{m.group(1)} is ({', '.join(letters)})"))
    kinds = {v for v, _, _ in votes}
    if len(kinds) != 1:
        return []
    value, line, how = votes[0]
    return [("layout", value, line, f"{how}: {_WHAT[value]}")]


_WHAT = {"chw": "channels before rows and columns", "hwc": "channels after rows and columns"}


def _pair(text: str | None) -> tuple[int, ...] | None:
    if not text or not re.fullmatch(r"\d+(x\d+)?", text):
        return None
    parts = tuple(int(p) for p in text.split("x"))
    return parts * 2 if len(parts) == 1 else parts


def _vote(letter: str, sup: str, dims: list[int], known: dict[str, str]) -> str | None:
    kernel = _pair(known.get("kernel"))
    channels = known.get("in-channels")
    filters = known.get("out-channels")
    c = int(channels) if channels and channels.isdigit() else None
    f = int(filters) if filters and filters.isdigit() else None
    if letter in _KERNEL and len(dims) == 4:
        front, back = tuple(dims[:2]), tuple(dims[2:])
        if kernel is None:  # two equal sides are no proof of a kernel: no vote
            return None
        chw = back == kernel and (f is None or dims[0] == f) and (c is None or dims[1] == c)
        hwc = front == kernel and (c is None or dims[2] == c) and (f is None or dims[3] == f)
        return _one(chw, hwc)
    if letter in _IMAGE and len(dims) in (3, 4):
        # the spatial pair the prose states: the input's for the input, the output's else
        spatial = _pair(known.get("input" if _is_input(letter, sup) else "output"))
        if spatial is None:
            return None
        return _one(tuple(dims[-2:]) == spatial, tuple(dims[-3:-1]) == spatial)
    return None


def _letter_vote(letter: str, letters: list[str]) -> str | None:
    """chw or hwc from a shape written in letters, by where its channel letter stands (the
    readings of letter_sizes._shape_whats: N C H W or N H W C, F C K K or K K C F)."""
    role = "kernel" if letter in _KERNEL else "input" if _is_input(letter, "") else None
    whats = _shape_whats(role, letters) if role is not None and len(letters) == 4 else None
    if whats is None:
        return None
    return "chw" if whats.index("in-channels") == 1 else "hwc"


def _is_input(letter: str, sup: str) -> bool:
    if letter in ("X", "x", "I"):
        return True
    return letter in ("A", "a", "H", "h") and re.search(r"-\s*1", sup) is not None


def _one(chw: bool, hwc: bool) -> str | None:
    if chw == hwc:
        return None  # fits neither or both: this shape does not tell
    return "chw" if chw else "hwc"


def with_axes(notation: Notation, layout: str | None, channel_base: str | None) -> Notation:
    """The notation with the layout and channel base the notes state (their own shapes
    and "indices from 0" over the preset's)."""
    changes: dict[str, object] = {}
    if layout in ("chw", "hwc") and notation.layout != layout:
        changes["channels_last"] = layout == "hwc"
    if channel_base in ("0", "1") and notation.channel_base != int(channel_base):
        changes["channel_base"] = int(channel_base)
    return dataclasses.replace(notation, **changes) if changes else notation
