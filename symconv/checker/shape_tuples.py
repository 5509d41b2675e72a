"""A layer's sizes given as the letters of its tensors' shapes and those letters' values.

Notes that follow a framework or a starter notebook state shapes as tuples of letters and
give the letters values apart: "input `x` of shape (N, C, H, W), filters `w` of shape
(F, C, HH, WW) ... The test cell uses N = 2, C = 3, H = W = 5, F = 4, HH = WW = 3 with
`conv_param = {'stride': 2, 'pad': 1}`", or at once: "un lote `x` de forma `(N, C, H, W) =
(2, 3, 5, 5)`, filtros `w` de forma `(F, C, K, K) = (2, 3, 3, 3)`".

Each shape is tied to a role by its tensor's letter (x: input, w: weights) or the word
before it (input, filters, lote, entrada), and each axis gets its meaning from where the
channel letter stands (letter_sizes._shape_whats: N C H W and F C K K, or channels last).
A letter given two values, or an axis given two sizes, states nothing: the reading would
be a guess.  Values are taken only from a tuple assignment or an ``L = n`` setting, never
from an expression.
"""

from __future__ import annotations

import re

from symconv.checker.letter_sizes import _shape_whats

# a size letter: C, HH, W_out, C_in, k (not a word: "Tensor", "Out")
_NAME = r"[A-Z]{1,2}(?:_\{?[A-Za-z]{1,3}\}?)?|[a-z]"
_TUPLE = r"\(\s*(?P<letters>(?:" + _NAME + r")(?:\s*,\s*(?:" + _NAME + r")){2,4})\s*,?\s*\)"
# "$X$ has shape $N \times C \times H \times W$": the letters as a product, alone in the span
_PRODUCT = r"(?P<product>(?:" + _NAME + r")(?:\s*(?:\\times|×)\s*(?:" + _NAME + r")){2,3})\s*\$"
_VALUES = r"\(\s*(?P<values>\d{1,4}(?:\s*,\s*\d{1,4}){2,4})\s*,?\s*\)"
_ROLE_WORDS = {
    "input": r"inputs?|entradas?|images?|im[áa]genes|lote|batch|mini-?batch|mini-?lote|entr[ée]es?",
    "kernel": r"filters?|filtros?|kernels?|n[úu]cleos?|weights?|pesos|noyaux?|filtres?",
}
_TENSOR_ROLE = {"x": "input", "X": "input", "w": "kernel", "W": "kernel", "K": "kernel"}
# "input `x` of shape (N, C, H, W)", "filtros `w` de forma `(F, C, K, K) = (2, 3, 3, 3)`"
_SHAPE = re.compile(
    r"\b(?:(?P<input>" + _ROLE_WORDS["input"] + r")|(?P<kernel>" + _ROLE_WORDS["kernel"] + r"))"
    r"\s*(?:tensors?\s+)?(?:[`$]\s*(?P<t>[A-Za-z])\s*[`$]\s*)?(?:has\s+|is\s+)?"
    r"(?:of\s+shape|with\s+shape|de\s+forma|de\s+shape|shape|com\s+forma|de\s+forme|"
    r"de\s+tama[ñn]o)\s*:?\s*`?\$?\s*(?:"
    + _TUPLE
    + r"(?:\s*=\s*"
    + _VALUES
    + r")?|"
    + _PRODUCT
    + r")",
    re.IGNORECASE,
)
# "`X` ist $B \times C \times H \times W$", "`w` is $M \times C \times R \times R$": a tensor's
# letter (its role by _TENSOR_ROLE) and its shape as a product of size letters, with no role
# word or "shape" before it; "is", "has", ":" or "\in \mathbb{R}^{...}" are not read here
_TENSOR_IS = re.compile(r"(?<![\w])`\s*(?P<t>[xXwW])\s*`\s*(?:is|ist|es|est|é)\s+\$\s*" + _PRODUCT)
# "N = 2", "H = W = 5", "$C = 3$", "HH = WW = 3": one value for a chain of letters
_SETTING = re.compile(
    r"(?<![\w\\{])((?:(?:" + _NAME + r")\s*=\s*){1,3})(\d{1,4})(?!\w|\.\d|\s*[+\-*/^])"
)
# `conv_param = {'stride': 2, 'pad': 1}`, "stride=2, padding=1" in code
_KEYED = re.compile(r"""['"](stride|pad|padding)['"]\s*:\s*(\d{1,2})\b""")


def _letters(group: str) -> list[str]:
    return [re.sub(r"[{}]", "", x.strip()) for x in group.split(",")]


def _settings(text: str) -> dict[str, set[str]]:
    """Every value each letter is set to in ``text`` (as ``L = n``)."""
    values: dict[str, set[str]] = {}
    for m in _SETTING.finditer(text.replace("$", " ").replace("`", " ")):
        for letter in re.split(r"\s*=\s*", m.group(1).strip()):
            if letter:
                values.setdefault(re.sub(r"[{}]", "", letter), set()).add(m.group(2))
    return values


def shape_tuple_facts(lines: list[str], first: int) -> list[tuple[str, str, int]]:
    """(key, value, line) for the sizes a section's shape tuples and settings state;
    ``lines`` are the section's lines, the first of them numbered ``first``."""
    shapes: list[tuple[str, list[str], list[str] | None, int]] = []
    joined = " ".join(lines)  # "input `x` of / shape (N, C, H, W)": a phrase over two lines
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for m in _SHAPE.finditer(joined):
        number = first + max(k for k, at in enumerate(starts) if at <= m.start())
        role = "input" if m.group("input") else "kernel"
        tensor = m.group("t")
        if tensor is not None and _TENSOR_ROLE.get(tensor, role) != role:
            continue  # "filters `x` of shape ...": the word and the letter disagree
        values = _letters(m.group("values")) if m.group("values") else None
        if m.group("product") is not None:
            letters = [x.strip() for x in re.split(r"\\times|×", m.group("product"))]
            shapes.append((role, [re.sub(r"[{}]", "", x) for x in letters], None, number))
            continue
        shapes.append((role, _letters(m.group("letters")), values, number))
    for m in _TENSOR_IS.finditer(joined):
        number = first + max(k for k, at in enumerate(starts) if at <= m.start())
        letters = [
            re.sub(r"[{}]", "", x.strip()) for x in re.split(r"\\times|×", m.group("product"))
        ]
        shapes.append((_TENSOR_ROLE[m.group("t")], letters, None, number))
    if not shapes:
        return []
    text = "\n".join(lines)
    known = _settings(text)
    for _, letters, values, _ in shapes:
        if values is not None and len(values) == len(letters):
            for letter, value in zip(letters, values, strict=True):
                known.setdefault(letter, set()).add(value)
    facts: dict[str, set[tuple[str, int]]] = {}
    for role, letters, _, number in shapes:
        whats = _shape_whats(role, letters)
        if whats is None:
            continue
        sides: dict[str, str] = {}
        for letter, what in zip(letters, whats, strict=True):
            given = known.get(letter)
            if given is None or len(given) != 1:
                continue  # unset, or set twice to different values: not read
            sides[what] = next(iter(given))
        for what in ("input", "kernel"):
            h, w = sides.get(f"{what}-height"), sides.get(f"{what}-width")
            if h and w:
                facts.setdefault(what, set()).add((f"{h}x{w}", number))
        for what in ("batch", "in-channels", "out-channels"):
            if what in sides:
                facts.setdefault(what, set()).add((sides[what], number))
    found = []
    for key, pairs in facts.items():
        if len({value for value, _ in pairs}) == 1:
            value, number = min(pairs, key=lambda p: p[1])
            found.append((key, value, number))
    for number, line in enumerate(lines, start=first):
        for m in _KEYED.finditer(line):
            key = "stride" if m.group(1) == "stride" else "padding"
            found.append((key, m.group(2), number))
    return found
