"""A formula in letters whose values the notes state, equal to numbers.

"Datos: $N = 10$, $K = 3$, $d = 2$ ... longitud de salida: $L = N - d(K-1) = 6$",
"$(K-1)d + 1 = 5$", "$(N, C, H, W) = (2, 3, 6, 6)$ ... $N\\, C\\, K^2 = 2 \\cdot 3 \\cdot 9 =
54$": the notes set their sizes once, as plain numbers, and later write a formula in those
letters followed by its value.  Whatever the formula means, the link between it and the
number is arithmetic at the values the notes gave: substitute them and compare, exactly.

Which value a letter has is the one the notes stated last before the claim (a letter set
again later, "$R = 5$ ... $R = 3$", takes its newest value), else the first on the claim's own
line ("$P = K^2 C = 27$ for $K = 3$, $C = 3$").  A first side that is a bare name ("L", "r",
"H_{out}") is the quantity being named or claimed: its meaning is not read, so its link is
not understood and the message says the other sides agree.  Agreement is a proof of the
arithmetic.  A disagreement is called wrong only where nothing is left to interpretation:
every side valued and a whole number (``(N + 2P - K)/S + 1`` may mean its floor), each letter
stated with one value in the whole document, and no letter written before a bracket
(``F(CR^2 + 1)`` is a product in a size formula, but ``H_T(x)`` applies a function);
otherwise it is not understood, naming the values used.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from symconv.checker.context import finding
from symconv.checker.counterexamples import json_number
from symconv.checker.flatten_length import flatten_length
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.scalar import Scalar
from symconv.checker.shape_letters import shape_letter_values, supposed_case
from symconv.checker.split import statements
from symconv.checker.syntax import Chain, Side, parse
from symconv.checker.texclean import thin_groups
from symconv.checker.written_names import single_item, symbol_name

_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
_NUMBER = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")
_TUPLE = re.compile(
    r"^\s*\\?\(\s*(?P<names>[^=()]+?)\s*\\?\)\s*=\s*\\?\(\s*(?P<nums>[-\d.,\s]+?)\s*\\?\)\s*$"
)
_BEFORE_BRACKET = re.compile(
    r"(?<![\\A-Za-z])[A-Za-z](?:_\{[^{}]*\}|_[A-Za-z0-9])?'?\s*(?:\\left)?\("
)


def ungrouped(text: str) -> str:
    """``12\\,800`` or ``12{,}800`` (digits grouped by thousands) as ``12800``."""
    return thin_groups(text, braced=True)


Stated = list[tuple[int, int, str, Fraction]]  # (line, column, name, value)


def _name(side: Side) -> str | None:
    if len(side.exprs) != 1:
        return None
    item = single_item(side.exprs[0])
    return symbol_name(item) if item is not None else None


def _settings(text: str) -> list[tuple[str, Fraction]]:
    """``K = 3``, ``H = W = 6``, ``(N, C, H) = (2, 3, 6)``: names given plain numbers."""
    found = _TUPLE.match(text)
    if found:
        names = [n.strip() for n in found.group("names").split(",")]
        nums = [n.strip() for n in found.group("nums").split(",")]
        if len(names) != len(nums) or not all(_NUMBER.match(n) for n in nums):
            return []
        out = []
        for name, num in zip(names, nums, strict=True):
            try:
                read = _name(parse(name).sides[0])
            except (NotUnderstood, ValueError, IndexError, RecursionError):
                return []
            if read is None:
                return []
            out.append((read, Fraction(num)))
        return out
    try:
        chain = parse(text)
    except (NotUnderstood, ValueError, IndexError, RecursionError):
        return []
    if len(chain.sides) < 2 or any(r != "=" for r in chain.rels):
        return []
    if "=" not in text:
        return []  # "\\equiv", "\\coloneqq": a definition's sign, not a value given
    last = text.rsplit("=", 1)[1]
    if not _NUMBER.match(last):
        return []
    names = [_name(side) for side in chain.sides[:-1]]
    if any(n is None for n in names):
        return []
    return [(n, Fraction(last.strip())) for n in names if n is not None]


def stated_values(document: list[str], cases: bool = False) -> Stated:
    """Every plain-number setting the notes write in math, with where it is; with
    ``cases``, only those a sentence supposes as a case ("For $k_h = k_w = 1$ ..."), which
    hold on their own line only."""
    out: Stated = []
    if not cases:
        out = [(n, c, name, Fraction(v)) for n, c, name, v in shape_letter_values(document)]
    for number, line in enumerate(document, start=1):
        if "=" not in line or "$" not in line:
            continue
        for m in _MATH.finditer(line):
            if supposed_case(line, m.start()) != cases:
                continue  # "For $k_h = k_w = 1$ ...": that case's values, not the notes'
            math = m.group(1) or m.group(2) or ""
            for piece in statements(math):
                for name, value in _settings(piece.text):
                    out.append((number, m.start() + piece.offset, name, value))
    return out


def _lookup(stated: Stated, line: int, column: int) -> Callable[[str], Fraction]:
    def value(name: str) -> Fraction:
        before = [s for s in stated if s[2] == name and (s[0], s[1]) < (line, column)]
        if before:
            return max(before)[3]
        after = [s for s in stated if s[2] == name and s[0] == line]
        if after:
            return min(after)[3]
        raise NotUnderstood(f"{name} has no value stated in the notes")

    return value


def claim_stated(document: list[str], line: int) -> Stated:
    """The settings a claim on ``line`` may use: the notes' (:func:`stated_values`) and the
    case its own line supposes ("For $k_h = k_w = 1$ the layer has ...")."""
    return stated_values(document) + [
        s for s in stated_values(document, cases=True) if s[0] == line
    ]


def claim_lookup(
    document: list[str], line: int, source: str, stated: Stated
) -> Callable[[str], Fraction]:
    """Each letter's value for the claim ``source`` on ``line`` among ``stated``
    (:func:`claim_stated`): the last set before it, else the first on its line
    (NotUnderstood when none)."""
    own = document[line - 1] if 0 < line <= len(document) else ""
    column = max(own.find(source[:20]), 0) if source.strip() else 0
    return _lookup(stated, line, column)


def lettered_sides(
    text: str,
    document: list[str],
    line: int,
    source: str,
    own: dict[str, Fraction] | None = None,
) -> list[Fraction] | None:
    """The values of the sides after the first of ``name = formula = ... = number`` with
    each letter at the one value the notes state for it ("For $C = 3$, $K = 8$ ... $\\#\\theta
    = K(CRS + 1) = 8 \\cdot 28 = 224$"), or None: a side not valued, a letter stated with two
    values anywhere in the notes (which case the claim is in is not read), or a letter before
    a bracket (``H_T(x)`` may apply a function).  ``own`` gives letters the value the claim's
    own sentence sets in other words ("`strides=4`: $\\lceil H/S \\rceil$": S is 4 there)."""
    read = _lettered(text, document, line, source, own or {})
    return None if read is None else read[0]


def lettered_settings(
    text: str,
    document: list[str],
    line: int,
    source: str,
    own: dict[str, Fraction] | None = None,
) -> dict[str, Fraction]:
    """The letters :func:`lettered_sides` values ``text``'s sides with, at those values
    ("$H_{out} = \\lfloor (H - k)/s \\rfloor + 1$; e.g. $H = 8$, $k = 3$, $s = 2$": H 8, k 3,
    s 2): the case the formula's arithmetic is done in, which its truth must be taken in."""
    read = _lettered(text, document, line, source, own or {})
    return {} if read is None else read[1]


def _lettered(
    text: str, document: list[str], line: int, source: str, own: dict[str, Fraction]
) -> tuple[list[Fraction], dict[str, Fraction]] | None:
    text = ungrouped(text)
    try:
        chain = parse(text)
    except (NotUnderstood, ValueError, IndexError, RecursionError):
        return None
    if len(chain.sides) < 2 or chain.leading or any(r != "=" for r in chain.rels):
        return None
    stated = claim_stated(document, line)
    for m in _BEFORE_BRACKET.finditer(text.partition("=")[2]):
        letter = re.sub(r"\\left|[\s(']", "", m.group(0))
        if not any(s[2] == letter for s in stated):
            return None  # a letter the notes give no size: a function applied, maybe
    notes = claim_lookup(document, line, source, stated)

    def lookup(name: str) -> Fraction:
        return own[name] if name in own else notes(name)

    values = []
    settings: dict[str, Fraction] = {}
    for side in chain.sides[1:]:
        if len(side.exprs) != 1 or _name(side) is not None:
            return None
        used = _used(side) - set(own)
        if any(len({s[3] for s in stated if s[2] == u}) != 1 for u in used):
            return None
        try:
            values.append(Scalar(lookup).value(side.exprs[0]))
            settings.update({u: lookup(u) for u in _used(side)})
        except (NotUnderstood, ZeroDivisionError, ValueError):
            return None
    return values, settings


def _used(side: Side) -> set[str]:
    names: set[str] = set()

    def note(name: str) -> Fraction:
        names.add(name)
        return Fraction(1)

    with contextlib.suppress(NotUnderstood, ZeroDivisionError, ValueError):
        Scalar(note).value(side.exprs[0])
    return names


def stated_arithmetic(
    text: str, document: list[str], line: int, source: str
) -> dict[str, Any] | None:
    """The verdict on a chain ``formula = ... = number`` at the values the notes state for
    its letters, or None (no side uses such a letter, fewer than two sides have a value, or
    not a chain of equalities)."""
    text = ungrouped(text)
    try:
        chain: Chain = parse(text)
    except (NotUnderstood, ValueError, IndexError, RecursionError):
        return None
    n = len(chain.sides)
    if n < 2 or chain.leading or any(r != "=" for r in chain.rels):
        return None
    stated = claim_stated(document, line)
    lookup = claim_lookup(document, line, source, stated)
    values: list[Fraction | None] = []
    used: set[str] = set()
    flattened = flatten_length(document, line, source)
    for number, side in enumerate(chain.sides):
        if number == 0 and flattened is not None and _name(side) is not None:
            values.append(flattened)  # "Flatten ... a 64 x 7 x 7 map: D = ...": D = 3136
            continue
        if len(side.exprs) != 1 or _name(side) is not None:
            values.append(None)  # a comma list; a name (the quantity claimed, H = W = 6)
            continue
        try:
            values.append(Scalar(lookup).value(side.exprs[0]))
        except (NotUnderstood, ZeroDivisionError, ValueError):
            values.append(None)
            continue
        used |= _used(side)
    known = [(k, v) for k, v in enumerate(values, start=1) if v is not None]
    unread = [k for k, v in enumerate(values, start=1) if v is None]
    flat = flattened is not None and values[0] == flattened
    if len(known) < 2 or not (used or unread or flat):
        return None  # nothing to compare, or plain arithmetic (judged elsewhere)
    settings = ", ".join(f"{u} = {json_number(lookup(u))}" for u in sorted(used))
    at = f" at the values the notes state, {settings}" if used else ""
    if flat:
        settings = f"side 1 the length of the flattened map, {json_number(flattened)}"
        at = f" ({settings})"
    if len({v for _, v in known}) == 1:
        value = json_number(known[0][1])
        if not unread:
            return finding(
                VERIFIED, f"every side is {value} at the values the notes state ({settings})"
            )
        parts = [
            f"side {k} of {n} is not understood: which quantity it is, is not read" for k in unread
        ]
        return finding(
            NOT_UNDERSTOOD,
            "; ".join(parts) + f" (the other {len(known)} sides agree: {value}{at})",
        )
    single = all(len({s[3] for s in stated if s[2] == u}) == 1 for u in used)
    reference = values[-1]
    floor_left_out = reference is not None and any(
        v.denominator != 1 and reference in (math.floor(v), math.ceil(v)) for _, v in known
    )  # (7 - 2)/2 + 1 = 3: the floor may be meant
    whole = not used or all(v.denominator == 1 for _, v in known)
    spaced = re.search(r"\d\s+\d{3}(?!\d)", text)  # 12 800: one number, or 12 times 800?
    own_part = _part_of(document, line)
    other_part = any(
        part is not None and part != own_part
        for part in (
            _part_of(document, at_line)
            for at_line in _stated_lines(stated, used, document, line, source)
        )
    )  # "b) ... $k = 5$" for conv2d_1, then "d) a 3 x 3 kernel: $p = (k - 1)/2 = 1$"
    # (a value the question states before its parts holds in every part)
    if (
        single
        and whole
        and not floor_left_out
        and not spaced
        and not other_part
        and not _BEFORE_BRACKET.search(text)
    ):
        found = _wrong_links(values, at)
        if found is not None:
            return found
    shown = ", ".join(f"side {k} gives {json_number(v)}" for k, v in known)
    if other_part:
        shown += " (a value stated in another part of the question, perhaps not this one's case)"
    return finding(
        NOT_UNDERSTOOD,
        f"{shown}{at}; which quantity or values the formula means is not read, so no verdict on it",
    )


# the start of a question's lettered part: "**b) conv2d_1.**", "(c) ...", "2(b)", "(ii)"
_PART = re.compile(r"^\s*(?:[-*]\s+)?(?:\*\*|__)?\s*(?:\(?[a-h]\)|\([ivx]+\)|\d+\s*\([a-z]\))")


def _part_of(document: list[str], line: int) -> int | None:
    """The line that starts the question's part ``line`` stands in ("**b) ...**"), or None
    when no part starts above it (back to a heading)."""
    for k in range(min(line, len(document)), 0, -1):
        text = document[k - 1]
        if _PART.match(text):
            return k
        if text.lstrip().startswith("#"):
            return None
    return None


def _stated_lines(
    stated: Stated, used: set[str], document: list[str], line: int, source: str
) -> set[int]:
    """The lines the values of the letters ``used`` were taken from (as claim_lookup takes
    them: the last stated before the claim, else the first on its own line)."""
    own = document[line - 1] if 0 < line <= len(document) else ""
    column = max(own.find(source[:20]), 0) if source.strip() else 0
    lines = set()
    for name in used:
        before = [x for x in stated if x[2] == name and (x[0], x[1]) < (line, column)]
        after = [x for x in stated if x[2] == name and x[0] == line]
        if before or after:
            lines.add(max(before)[0] if before else min(after)[0])
    return lines


def _link_truth(a: Fraction | None, b: Fraction | None) -> str:
    if a is None or b is None:
        return NOT_UNDERSTOOD
    return VERIFIED if a == b else WRONG


def _said(odd: set[int], n: int) -> list[str]:
    """What a verdict naming the sides ``odd`` says of each link: a link from a named side
    to an unnamed one takes the verdict (wrong), between two named sides is not understood,
    between two unnamed ones holds."""
    out = []
    for a in range(1, n):
        b = a + 1
        if (a in odd) != (b in odd):
            out.append(WRONG)
        else:
            out.append(NOT_UNDERSTOOD if a in odd else VERIFIED)
    return out


def _wrong_links(values: list[Fraction | None], at: str) -> dict[str, Any] | None:
    """Wrong, naming the sides that differ from the last and the sides not read, when that
    naming says of every link only what is true (a link it calls wrong is wrong, one it
    calls holding holds; a link it leaves open may be either); else None."""
    n = len(values)
    last = values[-1]
    if last is None:
        return None
    unread = {k for k, v in enumerate(values, start=1) if v is None}
    differ = {k for k, v in enumerate(values, start=1) if v is not None and v != last}
    if not unread:  # every side's value said: each link holds or not by its two values
        every = [v for v in values if v is not None]
        first = next(v for v in every if v != last)
        named = ", ".join(f"side {k} is {json_number(v)}" for k, v in enumerate(every, 1))
        return finding(WRONG, f"{json_number(first)}, not {json_number(last)}: {named}{at}")
    truth = [_link_truth(a, b) for a, b in itertools.pairwise(values)]
    neighbours = {k + d for k in unread for d in (-1, 1)} & set(range(1, n + 1))
    for odd in (unread | differ, unread | differ | neighbours):
        said = _said(odd, n)
        honest = all(s in (NOT_UNDERSTOOD, t) for s, t in zip(said, truth, strict=True))
        if honest and WRONG in said and len(odd) < n:
            parts = [
                f"side {k} of {n} is not understood: which quantity it is, is not read"
                if k in unread
                else f"side {k} of {n} differs: it gives {json_number(values[k - 1])}"
                if k in differ
                else f"side {k} of {n} is not understood: its link to a side not read is open"
                for k in sorted(odd)
            ]
            return finding(
                WRONG,
                "; ".join(parts) + f" (the last side is {json_number(last)}{at}): "
                "the equalities cannot all hold",
            )
    return None
