"""Primed letters for the layer on another input: "the same recipe for your 8x8 input $X'$
with its gradient $G'$", "with $x'$ the 12-sample input and $g'$ its 5-entry gradient".

Notes that work one layer on two inputs often name the second input's tensors with a prime
(``X'``, ``x'``, ``X^\\prime``) and its gradient likewise (``G'``, ``g'``, ``\\delta'``).  Such
a claim is about the same layer (kernel, stride, padding, dilation as stated) at the input
the prose gives the primed input letter; the primes only say "the other input's".  So the
claim is judged with its primes dropped, at that input, and only there: where it gets no
verdict at that input, it is not understood (never judged at the layer's first input).

The primed input is read only where a sentence in the lines before the claim puts the
primed letter of the input within a few words of "input" and a size (``8x8``, ``8 \\times
8``, ``12-sample``, "of length 12").
"""

from __future__ import annotations

import re

# X', x', X^\prime, X^{\prime}: the prime of one letter (the subscript may follow: X'_c)
_PRIME = r"(?:'|\^\s*\{?\s*\\prime\s*\}?)"
_PRIMED = re.compile(r"(?<![A-Za-z\\])(\\?[A-Za-z]+)\s*" + _PRIME)
_INPUT_LETTERS = frozenset({"x", "X", "a", "A", "I"})
_SIZE = re.compile(
    r"(\d+)\s*(?:\\times|×|x)\s*(\d+)"
    r"|(\d+)[- ](?:sample|entry|element|point|pixel)s?\b"
    r"|\b(?:of\s+)?length\s+\$?\s*(?:L\s*=\s*)?(\d+)",
    re.IGNORECASE,
)
_INPUT_WORD = re.compile(r"\binputs?\b|\bentradas?\b|\bsignal\b|\bimage\b", re.IGNORECASE)
# the word right after the size: "8x8 input", "12-sample input", "length 12 signal"
_INPUT_AFTER = re.compile(r"\s*\$?\s*(?:inputs?|entradas?|signal|image)\b", re.IGNORECASE)
_WINDOW = 45  # characters either side of the primed letter that say what it is
_LOOK_BACK = 10  # lines before the claim searched for the primed letter's definition


def primed_letters(text: str) -> set[str]:
    """The letters a claim writes primed."""
    return {m.group(1) for m in _PRIMED.finditer(text)}


def primed_input(
    document: list[str], line: int, source: str, input_letters: set[str]
) -> tuple[str, int] | None:
    """(size as the settings write it, "8x8" or "12"; its number of axes) of the input the
    prose names the claim's primed input letter, else None."""
    letters = primed_letters(source) & (set(input_letters) | _INPUT_LETTERS)
    if not letters or not 1 <= line <= len(document):
        return None
    prose = "\n".join(document[max(0, line - 1 - _LOOK_BACK) : line - 1])
    prose += "\n" + document[line - 1].split(source.strip()[:20])[0]
    best: tuple[int, str, int] | None = None
    for m in _PRIMED.finditer(prose):
        if m.group(1) not in letters:
            continue
        around = prose[max(0, m.start() - _WINDOW) : m.end() + _WINDOW]
        if not _INPUT_WORD.search(around):
            continue
        centre = m.start() - max(0, m.start() - _WINDOW)
        sizes = sorted(  # a size of the input ("8x8 input"), the nearest to the letter
            (s for s in _SIZE.finditer(around) if _INPUT_AFTER.match(around, s.end())),
            key=lambda s: abs(s.start() - centre),
        )
        if not sizes:
            continue
        size = sizes[0]
        if size.group(1):
            found = (f"{size.group(1)}x{size.group(2)}", 2)
        else:
            found = (size.group(3) or size.group(4), 1)
        if best is None or m.start() > best[0]:
            best = (m.start(), *found)
    return None if best is None else (best[1], best[2])


def unprimed(text: str) -> str:
    """The claim with every prime dropped (``X'_c`` -> ``X_c``, ``x'[11]`` -> ``x[11]``)."""
    return re.sub(r"(?<=[A-Za-z}])\s*" + _PRIME, "", text)


def primed_size(found: tuple[str, int] | None, where: str) -> str | None:
    """The primed input's size where it has as many axes as the layer read (``where``:
    "conv2d 8x8, kernel 3x3, ..." or "conv1d 13, kernel 3, ..."), else None."""
    if found is None:
        return None
    size, axes = found
    layer = re.match(r"^\w+ (\d+(?:x\d+)?),", where)
    if layer is None or ("x" in layer.group(1)) != (axes == 2):
        return None
    return size


def primed_unjudged(size: str, again: dict[str, object] | None) -> str:
    """Why a claim about the primed input gets no verdict."""
    why = f": {again['message']}" if again is not None and again.get("message") else ""
    return f"its primed letters are the {size} input's, where it gets no verdict{why}"
