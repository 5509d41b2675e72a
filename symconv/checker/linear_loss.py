"""A loss that is a constant times the sum of the layer's outputs, and the numbers it gives.

Notes test a layer's backward pass with the simplest loss there is: "$L = \\sum$ aller
Ausgaben", "the loss is the sum of all outputs", "$L = \\frac{1}{9}\\sum_{i,j} y[i][j]$ (the
mean of the outputs)".  Then the upstream gradient is the constant c everywhere (c = 1, or
1/count for the mean), and the bias of a filter, added to each of its H' W' outputs,
receives c H' W'.  The claims made with those numbers are judged:

* an upstream entry, ``g[i][j] = \\frac{1}{9}``, ``G_{ij} = 1``, ``dL/dy_{ij} = 1``:
  against c;
* a bias gradient, ``\\frac{\\partial L}{\\partial b} = 9``, ``\\partial L/\\partial b_f = 784``:
  against c times the outputs of one filter, from the output size stated on the claim's
  line or the question before it ("Ausgabe 28×28", "output $3 \\times 3$"), else from the
  layer the notes state (never a size the checker guessed).  A batch, which multiplies it,
  is not read: notes that speak of one are left to other readers.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.report import VERIFIED, WRONG

_SPACE = re.compile(r"\\[,;:! ]|\\q?quad|\s+|\\left|\\right|\\displaystyle")
_LOSS = r"(?:\\mathcal\{[LEJC]\}|[LEJC]|\\ell)"
_COEFFICIENT = r"(?:\\[dt]?frac\{(?P<num>\d+)\}\{(?P<den>\d+)\}|(?P<num2>\d+)/(?P<den2>\d+))?"
_SUMS = r"(?:\\sum(?:_\{[^{}]*\}|_[a-z])?(?:\^\{?[^{}]*\}?)?)+"
# an entry's indices: y_{ij}, y_{i,j}, y[i][j], y[i, j]
_AT = r"(?:_\{?[a-z0-9,]+\}?|\[[a-z0-9]\]\[[a-z0-9]\]|\[[a-z0-9],[a-z0-9]\])"
_OUTPUT = rf"(?P<out>[yYzZoO]){_AT}"  # the layer's own output (not an activation's a)
_SUM_LOSS = re.compile(rf"(?:^|[$\s]){_LOSS}={_COEFFICIENT}{_SUMS}{_OUTPUT}(?=[$.,;)\s]|$)")
_ANY_LOSS = re.compile(rf"(?:^|[$\s]){_LOSS}=(?!\$)\S")
# "$L = \sum$ aller Ausgaben", "the loss is the sum of all outputs", "la suma de las salidas"
_SUM_WORDS = re.compile(
    r"\\sum\$?\s*(?:aller|of\s+all|over\s+all|de\s+todas\s+las)\s+(?:the\s+)?"
    r"(?:Ausgaben|outputs|salidas|Ausgangswerte)"
    r"|(?:loss|Verlust|p[ée]rdida)\s+(?:is|ist|es)\s+(?:the|die|la)\s+(?:sum|Summe|suma)\s+"
    r"(?:of\s+all\s+(?:the\s+)?outputs|aller\s+Ausgaben|de\s+todas\s+las\s+salidas)",
    re.IGNORECASE,
)
_BATCH = re.compile(r"\bbatch\b|\blote\b|\bBatch|mini-?batch", re.IGNORECASE)
_OUTPUT_SIZE = re.compile(
    r"(?:output|Ausgabe|salida|sortie)\w*\s*(?:is|ist|es|of|de|:|\()?\s*\$?\s*(\d+)\s*"
    r"(?:\\times|×|x)\s*(\d+)",
    re.IGNORECASE,
)
_UPSTREAM = re.compile(
    rf"^(?:[gG]{_AT}|\\[dt]?frac\{{\\partial{_LOSS}\}}\{{\\partial[yYzZoO]{_AT}\}}"
    rf"|\\partial{_LOSS}/\\partial[yYzZoO]{_AT})$"
)
_BIAS = re.compile(
    rf"^(?:\\[dt]?frac\{{\\partial{_LOSS}\}}\{{\\partialb(?:_\{{?[a-z0-9]\}}?)?\}}"
    rf"|\\partial{_LOSS}/\\partialb(?:_\{{?[a-z0-9]\}}?)?)$"
)
_NUMBER = re.compile(r"^(-?\d+(?:[.,]\d+)?)$|^\\[dt]?frac\{(\d+)\}\{(\d+)\}$")


def _scale(document: str, line: int, letters: dict[str, str] | None = None) -> Fraction | None:
    """c of the last loss "L = c * (sum of the outputs)" the notes state before ``line``
    (its own line included: "With the loss $L = ...$ we get $g = ...$")."""
    lines = document.split("\n")[: max(0, line)]
    start = max((n for n, t in enumerate(lines) if t.lstrip().startswith("#")), default=0)
    found = None
    for text in lines[start:]:  # the claim's section: another section has its own loss
        compact = _SPACE.sub("", text)
        if _ANY_LOSS.search(compact) and not _SUM_LOSS.search(compact):
            found = None  # a later loss of another form (the squared error): not this one
        for m in _SUM_LOSS.finditer(compact):
            out = m.group("out")
            role = (letters or {}).get(out, "Z" if out in "yYzZ" else None)
            if role != "Z":
                continue  # another tensor's letter in these notes (o = sigma(y)), or unread
            num, den = m.group("num") or m.group("num2"), m.group("den") or m.group("den2")
            found = Fraction(int(num), int(den)) if num else Fraction(1)
        if _SUM_WORDS.search(text):
            found = Fraction(1)
    return found


def _number(side: str) -> Fraction | None:
    m = _NUMBER.match(_SPACE.sub("", side).replace("{,}", "."))
    if m is None:
        return None
    if m.group(1) is not None:
        return Fraction(m.group(1).replace(",", "."))
    return Fraction(int(m.group(2)), int(m.group(3)))


def _positions(document: str, line: int, model, guessed: bool) -> int | None:  # type: ignore[no-untyped-def]
    """The outputs of one filter: stated next to the claim, else the stated layer's."""
    lines = document.split("\n")
    near = "\n".join(lines[max(0, line - 3) : line])
    stated = list(_OUTPUT_SIZE.finditer(near))
    if stated:
        return int(stated[-1].group(1)) * int(stated[-1].group(2))
    if guessed:
        return None
    tensors = getattr(getattr(model, "layer", None), "tensors", {})
    if "G" not in tensors:
        return None
    shape = tensors["G"].ids.shape
    return int(shape[-1] * shape[-2]) if len(shape) >= 2 else int(shape[-1])


def judge_linear_loss(  # type: ignore[no-untyped-def]
    text: str,
    document: str,
    line: int,
    model,
    guessed: bool,
    letters: dict[str, str] | None = None,
) -> dict | None:
    """The verdict on an upstream entry or a bias gradient given as a number under a loss
    that sums the outputs, or None."""
    sides = [s.strip() for s in text.split("=")]
    if len(sides) != 2:
        return None
    left, claimed = _SPACE.sub("", sides[0]), _number(sides[1])
    if claimed is None or (not _UPSTREAM.match(left) and not _BIAS.match(left)):
        return None
    scale = _scale(document, line, letters)
    if scale is None or _BATCH.search("\n".join(document.split("\n")[:line])):
        return None
    if _UPSTREAM.match(left):
        truth, what = scale, f"every entry of the upstream gradient is {_shown(scale)}"
    else:
        count = _positions(document, line, model, guessed)
        if count is None:
            return None
        truth = scale * count
        what = (
            f"the bias is added to each of the filter's {count} outputs, each with upstream "
            f"gradient {_shown(scale)}: {_shown(truth)}"
        )
    loss = f"under the loss {_shown(scale)} times the sum of the outputs"
    if claimed != truth:
        return finding(
            WRONG, f"{_shown(truth)}, not {_shown(claimed)}: {what} ({loss})", expected=str(truth)
        )
    return finding(VERIFIED, f"{what} ({loss})")


def _shown(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value}"
