"""Arithmetic of a worked example written with rounded decimals: "$-1.6/16 = -0.1$",
"$7.389 / 9.389 \\approx 0.787$", "$\\frac{9 + 18 - 9 + 27}{9} = 5$", "$\\frac{1}{32} +
\\frac{1}{9} \\approx 0{,}142$" (a decimal comma).

Every side is numbers only (no letter), so the first side that computes something (not a
bare number) is worked out exactly (:class:`symconv.checker.scalar.Scalar`, fractions) and
every other side compared with it.  A side written as a bare decimal with d places, after
``=`` or ``\\approx`` alike, is taken as rounded: it agrees when it is within half a unit of
its last place (0.5 * 10^-d) of the exact value; up to 1.5 units off it may round an
already rounded value (not judged); farther, it differs.  An integer after ``=`` must be
exact; after ``\\approx`` it is rounded like a decimal with no places.  A side in scientific
form, ``3.77 \\cdot 10^7`` or ``37{,}7 \\times 10^6`` (a decimal comma), is a rounded number
whose last place is scaled by its power of ten (a unit of 10^(e - d)).  A chain that
differs names each side with its value (``side 2 is -0.01, side 1 is -0.1``), as the
arithmetic reader does.  Parsed, never eval'ed.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.limits import NotUnderstood, no_value
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.restated_layer import is_arithmetic
from symconv.checker.scalar import Scalar
from symconv.checker.syntax import Num, parse
from symconv.checker.texclean import decimal_commas
from symconv.checker.written_names import single_item

_BARE = re.compile(r"^\s*[-+]?\s*\d+(?:\.(\d+))?\s*[.,;]?\s*$")
_DECIMAL = re.compile(r"\d\.\d")
# 3.77 \cdot 10^7, 4 \times 10^{6}: a number in scientific form (its mantissa, places, power)
_SCIENTIFIC = re.compile(
    r"^\s*[-+]?\s*\d+(?:\.(\d+))?\s*(?:\\cdot|\\times)\s*10\s*\^\s*(?:\{\s*([-+]?\d+)\s*\}|(\d))"
    r"\s*[.,;]?\s*$"
)


def _split_sides(text: str) -> tuple[list[str], list[str]] | None:
    """The sides' texts and the relations between them (``=`` or ``\\approx``)."""
    parts = re.split(r"(=|\\approx(?![A-Za-z]))", text)
    sides, rels = parts[0::2], parts[1::2]
    return (sides, rels) if len(sides) >= 2 else None


def judge_decimal_arithmetic(text: str) -> dict | None:
    """VERIFIED or WRONG for a chain of numbers with a rounded decimal side, None when it is
    no such chain; NotUnderstood when a side agrees only to a rounding of a rounding.
    A decimal comma (``0{,}142``, ``37{,}7``: French and German notes) is the same rounded
    decimal."""
    text = decimal_commas(text)
    if not is_arithmetic(text) or not (_DECIMAL.search(text) or "10^" in text):
        return None
    split = _split_sides(text)
    if split is None or any(not s.strip() for s in split[0]):
        return None
    texts, rels = split
    try:
        chain = parse(text)
        values = [Scalar(no_value).value(side) for side in chain.sides]
    except NotUnderstood:
        return None
    if len(values) != len(texts):
        return None
    bare = [
        (len(s.exprs) == 1 and isinstance(single_item(s.exprs[0]), Num))
        or _SCIENTIFIC.match(t) is not None
        for s, t in zip(chain.sides, texts, strict=True)
    ]
    ref = next((k for k, b in enumerate(bare) if not b), None)
    if ref is None:
        return None  # 0.5 = 0.50: no computation
    truth = values[ref]
    differ, doubt = [], False
    for k, (side, value) in enumerate(zip(texts, values, strict=True)):
        if k == ref:
            continue
        written = _BARE.match(side) or _SCIENTIFIC.match(side)
        approx = k > 0 and rels[k - 1] != "="
        rounded = written is not None and (written.group(1) or approx)
        if not rounded:
            if value != truth:
                differ.append(k)
            continue
        places = len(written.group(1) or "") if written else 0
        if written is not None and written.re is _SCIENTIFIC:
            places -= int(written.group(2) or written.group(3))
        off = abs(value - truth) / Fraction(10) ** (-places)
        if off > Fraction(3, 2):
            differ.append(k)
        elif off > Fraction(1, 2):
            doubt = True
    if differ:
        sides = ", ".join(f"side {k + 1} is {texts[k].strip().rstrip('.,;')}" for k in differ)
        return finding(
            WRONG,
            f"{json_number(truth)}, not {texts[differ[0]].strip()}: {sides}, side {ref + 1} is "
            f"{float(truth):.6g} (computed exactly; a decimal agrees within half a unit of its "
            "last place)",
        )
    if doubt:
        raise NotUnderstood(
            "the arithmetic: a decimal is off by more than half a unit of its last place but "
            "less than one and a half (a rounding of a rounded value?)"
        )
    return finding(
        VERIFIED,
        f"every side is {float(truth):.6g} to the places written (computed exactly: "
        f"{json_number(truth)})",
    )
