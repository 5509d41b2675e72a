"""The left padding of a causal convolution, claimed by name: "the left padding has to be
$P = (K - 1)\\, d = 4$", "I first padded with $K - 1$ zeros again, $P = K - 1 = 2$".

A causal convolution pads on the left only, so that output t sees inputs up to t and the
output keeps the input's length: with K taps d apart the window spans d(K - 1) + 1 inputs,
so the first output needs d(K - 1) zeros before the input.  The claim's layer is the
causal one its section is about (a heading or the lines above say "causal"); its dilation is
the one its sentence or paragraph states ("For the dilated layer ($d = 2$)"), its K the one
the notes state once ("$K = 3$").  Any of these not read leaves the claim to the others.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.bound_sizes import compare
from symconv.checker.causal_layer import CAUSAL
from symconv.checker.layer_counts import sentence_around

_PAD = re.compile(r"\bpad\w*|\brelleno\b|\brembourrage\b", re.I)
_DILATION = re.compile(r"(?<![\w\\])d\s*=\s*(\d+)(?![\d.])|\bdilation\s+(?:of\s+)?(\d+)", re.I)
_KERNEL = re.compile(r"(?<![\w\\])K\s*=\s*(\d+)(?![\d.]|\s*[-+*/])")
_LEFT = re.compile(r"^\s*P(?:_\{?\\?(?:text\{)?(?:left|l)\}?\}?)?\s*=")
_TERM = re.compile(r"^[\sKd\d()+\-*/\\a-z{},.]*$")


def judge_causal_padding(
    text: str, document: list[str], line: int, source: str
) -> dict[str, object] | None:
    """The verdict of ``P = <K, d> [= number]`` about a causal layer's left padding, or
    None when it is no such claim."""
    if not _LEFT.match(text) or not 0 < line <= len(document):
        return None
    section = _section(document, line)
    sentence = sentence_around(document, line, source)
    if not CAUSAL.search(section) or not _PAD.search(sentence):
        return None
    paragraph = _paragraph(document, line)
    dilation = _one(_DILATION, sentence[: max(0, sentence.find(source))]) or _one(
        _DILATION, paragraph
    )
    # K: the one the claim's sentence states ("For a layer with $K = 3$ and $d = 4$"),
    # else its paragraph's, else the one the notes state throughout
    k = None
    for where in (sentence[: max(0, sentence.find(source))], paragraph, "\n".join(document)):
        kernels = {int(m.group(1)) for m in _KERNEL.finditer(where)}
        if kernels:
            k = kernels.pop() if len(kernels) == 1 else None
            break
    if dilation is None or k is None:
        return None
    sides = text.split("=")[1:]
    values = []
    for side in sides:
        value = _evaluate(side, k, dilation)
        if value is None:
            return None
        values.append(value)
    truth = Fraction(dilation * (k - 1))
    about = (
        f"a causal layer with K = {k} taps {dilation} apart pads d(K - 1) = {truth} zeros on "
        "the left (its window spans d(K - 1) + 1 inputs)"
    )
    return compare(truth, values, about)


def _one(pattern: re.Pattern[str], text: str) -> int | None:
    found = {int(next(g for g in m.groups() if g)) for m in pattern.finditer(text)}
    return found.pop() if len(found) == 1 else None


def _section(document: list[str], line: int) -> str:
    """The claim's section: from the heading above it to the claim."""
    start = line - 1
    while start > 0 and not re.match(r"#+\s", document[start - 1]):
        start -= 1
    return "\n".join(document[max(0, start - 1) : line])


def _paragraph(document: list[str], line: int) -> str:
    start = line - 1
    while start > 0 and document[start - 1].strip():
        start -= 1
    return "\n".join(document[start:line])


def _evaluate(side: str, k: int, d: int) -> Fraction | None:
    """``K - 1``, ``(K - 1)\\, d``, ``2``: products and sums of K, d and whole numbers."""
    from symconv.checker.allsizes_counts import _value
    from symconv.checker.allsizes_parse import parse
    from symconv.checker.limits import NotUnderstood

    if not _TERM.match(side):
        return None
    try:
        return _value(parse(side), {"k": k, "d": d})
    except (NotUnderstood, ZeroDivisionError, ValueError):
        return None
