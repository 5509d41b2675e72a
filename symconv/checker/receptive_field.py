"""The receptive field of a stack of dilated convolutions the sentence states: "Stacking
layers with dilations $1, 2, 4, 8$ and $K = 3$ gives a receptive field of $1 + 2(1 + 2 + 4 +
8) = 31$", "three layers of $K = 3$ taps with dilations 1, 2, 4 gives $RF = ... = 15$; adding
a fourth with dilation 8, ...", "Stack two $3 \\times 3$ layers, the first with $d = 1$ and
the second with $d = 2$ ... $R = 3 + 5 = 8$".

Each stride-1 layer of kernel K and dilation d widens what one output sees by (K - 1) d, so
the stack sees 1 + (K - 1)(d_1 + ... + d_n).  The dilations are read in the order written
(every one the words before the statement give, a later "adding a fourth with dilation 8"
extending the list), the kernel from the same words (else the caller's).  Nothing is read
when a stride other than 1 is mentioned ("(stride 1)" is read) or a stated layer count
disagrees with the dilations.
"""

from __future__ import annotations

import re

_DILATIONS = re.compile(
    r"\bdilations?\s*(?:of\s*|de\s*)?((?:\d+\s*(?:,|and|y|et)?\s*)+)|"
    r"\b(?:d|dilation|dilatación|dilatation)\s*=\s*(\d+)\b",
    re.IGNORECASE,
)
_KERNEL = re.compile(
    r"\bK\s*=\s*(\d+)|\b(\d+)\s*taps\b|\b(\d+)\s*(?:\\times|×|x)\s*\d+\b|"
    r"\bkernel\s+(?:size\s+|of\s+)?(\d+)\b",
    re.IGNORECASE,
)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "dos": 2, "tres": 3,
          "cuatro": 4, "deux": 2, "trois": 3, "quatre": 4}  # fmt: skip
_COUNT = re.compile(
    r"\b(\d+|" + "|".join(_WORDS) + r")\s+(?:stacked\s+)?(?:\d+\s*(?:\\times|×|x)\s*\d+\s+)?"
    r"(?:dilated\s+)?(?:conv\w*\s+)?(?:layers|convs|capas|couches)\b",
    re.IGNORECASE,
)
_EXTENDS = re.compile(r"\b(?:adding|add|another|a(?:ñ|n)adiendo|ajoutant)\b", re.IGNORECASE)
_STRIDE = re.compile(r"\b(?:strides?|paso|pas|Schrittweite)\b", re.IGNORECASE)
_STRIDE_ONE = re.compile(
    r"\b(?:strides?|paso|pas|Schrittweite)\s*(?:=|of|de|:)?\s*1\b(?!\s*(?:,|and|y)\s*\d)",
    re.IGNORECASE,
)
_OTHER_LAYERS = re.compile(r"pool|upsampl|transpos|dilat|Pooling", re.IGNORECASE)
# "two stacked 3x3 convolutions", "zwei hintereinander geschaltete 3×3-Faltungen", "drei
# solchen Faltungen", "dos capas 3×3": n undilated stride-1 layers
_GERMAN = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5}
_STACK = re.compile(
    r"\b(\d+|two|three|four|five|dos|tres|cuatro|deux|trois|quatre|zwei|drei|vier|fünf)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:(\d+)\s*(?:\\times|×|x)\s*\d+\s*-?\s*)?"
    r"(?:conv\w*|layers|capas|couches|Faltungen|Schichten|Faltungsschichten)\b"
    r"(?:\s+(?:de\s+)?(\d+)\s*(?:\\times|×|x)\s*\d+)?",
    re.IGNORECASE,
)


def stack_described(before: str, kernel: int | None = None) -> tuple[int, str, bool] | None:
    """(receptive field, how, stated) of the stack the words before a statement describe;
    ``stated``: its kernel is written there too (not the caller's)."""
    plain = _STRIDE_ONE.sub(" ", before.replace("$", " "))  # "(stride 1)": no compounding
    if _STRIDE.search(plain):
        return None
    dilations: list[int] = []
    for m in _DILATIONS.finditer(plain):
        if m.group(1):
            dilations += [int(n) for n in re.findall(r"\d+", m.group(1))]
        else:
            dilations.append(int(m.group(2)))
    if not dilations:
        return _plain_stack(plain, kernel)
    if len(dilations) < 2 or 0 in dilations:
        return None
    said = _KERNEL.search(plain)
    k = int(next(g for g in said.groups() if g)) if said else kernel
    if k is None or k < 1:
        return None
    counts = {int(w) if w.isdigit() else _WORDS[w.lower()] for w in _COUNT.findall(plain)}
    if counts and len(dilations) not in counts and not _EXTENDS.search(plain):
        return None
    field = 1 + (k - 1) * sum(dilations)
    shown = ", ".join(str(d) for d in dilations)
    how = (
        f"{len(dilations)} stacked layers of kernel {k} with dilations {shown} see "
        f"1 + ({k} - 1)·({' + '.join(str(d) for d in dilations)}) = {field}"
    )
    return field, how, said is not None


def _plain_stack(plain: str, kernel: int | None) -> tuple[int, str, bool] | None:
    """(field, how, stated) of the last stack of n undilated stride-1 layers the words
    name: each widens what one output sees by k - 1, so n of them see 1 + n(k - 1).  The
    kernel is the stack's own ("two 3x3 convolutions") or an earlier one's ("three such")."""
    stacks = list(_STACK.finditer(plain))
    if not stacks or _OTHER_LAYERS.search(plain):
        return None  # a pooling or an upsampling in the stack widens it otherwise
    last = stacks[-1]
    word = last.group(1).lower()
    count = int(word) if word.isdigit() else {**_WORDS, **_GERMAN}.get(word)
    sides = [int(m.group(2) or m.group(3)) for m in stacks if m.group(2) or m.group(3)]
    k = sides[-1] if sides else kernel
    if count is None or count < 1 or k is None or k < 1:
        return None
    field = 1 + count * (k - 1)
    how = f"{count} stacked stride-1 layers of kernel {k} see 1 + {count}·({k} - 1) = {field}"
    return field, how, bool(sides)
