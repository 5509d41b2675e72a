"""A name the notes define by a formula in their letters, then claim at numbers.

"The output side is $$H' = \\lfloor (H + 2P - D(K-1) - 1)/S \\rfloor + 1$$ ... For instance,
with $H = 32$, $K = 3$, $D = 2$, $P = 2$ and $S = 1$, $$H' = \\lfloor (32 + 4 - 4 - 1)/1
\\rfloor + 1 = 32$$", "$K_{\\mathrm{eff}} = D(K - 1) + 1$ ... for $K = 3$ and $D = 4$ the
effective kernel is $K_{\\mathrm{eff}} = 3 \\cdot 4 = 12$": which quantity ``H'`` or
``K_eff`` is, the notes said themselves, by the formula they wrote for it.

Why the truth holds: the definition was judged true (verified) as written, for every value
of its letters the checker tried or proved; the claim names the same quantity at the values
its passage sets, so its value is the definition's right side evaluated there, exactly.  A
definition judged anything but true, or written again since (a second formula for the same
name, true or not), gives no reading: the name's meaning is then in doubt.  Each letter's
value is the one set on the claim's own line before it, else the one value the lines just
above set (up to the previous heading, at most ``_ABOVE`` lines); a letter set to two values
there, or not set, leaves the claim to the other readers.
"""

from __future__ import annotations

import contextlib
import functools
import re
from fractions import Fraction

from symconv.checker import lexicon
from symconv.checker.bound_sizes import compare, numeric_sides
from symconv.checker.counterexamples import json_number
from symconv.checker.limits import NotUnderstood
from symconv.checker.list_items import item_start, sets_sizes, sibling_item_lines
from symconv.checker.report import VERIFIED
from symconv.checker.scalar import Scalar
from symconv.checker.stated_values import claim_stated, ungrouped
from symconv.checker.syntax import Side, parse
from symconv.checker.written_names import single_item, symbol_name

# a transposed layer's output size, (H - 1)S or (H_{in} - 1) \cdot S: a stride multiplies
_TRANSPOSED_SIZE = re.compile(r"-\s*1\s*\)\s*(?:\\cdot\s*|\\times\s*)?[Ss]\b")
_ABOVE = 8  # lines above the claim whose settings are its passage's
# the dilation's letter in an output-size formula: the factor of (k - 1), "d(k-1)",
# "D \\cdot (K - 1)"
_DILATION_LETTER = re.compile(
    r"(?<![\w\\])([dD])\s*(?:\\cdot\s*)?(?:\\left)?\(\s*[A-Za-z](?:_\{?\w+\}?)?\s*-\s*1\s*(?:\\right)?\)"
)
# the claim's own words deny a dilation: "without dilation", "sin dilatación", "ohne
# Dilatation", "بدون تمديد" (Arabic: without dilation)
_NO_DILATION = re.compile(
    rf"\b(?:{lexicon.NEGATION})\s+(?:any\s+|a\s+)?(?:{lexicon.DILATION})\b|"
    r"\bundilated\b|(?:بدون|بلا|دون)\s+(?:ال)?تمديد",
    re.IGNORECASE,
)
_HEADING = re.compile(r"\s*(?:#+\s|\*\*[^*]+\*\*\s*$)")


def _name_and_right(text: str) -> tuple[str, Side] | None:
    """(name, right side) of ``name = formula``: one relation, a bare name on the left."""
    try:
        chain = parse(ungrouped(text))
    except (NotUnderstood, ValueError, IndexError, RecursionError):
        return None
    if len(chain.sides) != 2 or chain.rels != ("=",) or chain.leading:
        return None
    left, right = chain.sides
    item = single_item(left.exprs[0]) if len(left.exprs) == 1 else None
    name = symbol_name(item) if item is not None else None
    if name is None or len(right.exprs) != 1:
        return None
    return name, right


def _letters(side: Side) -> set[str] | None:
    """The names a formula uses, or None when it is no formula of numbers and names."""
    names: set[str] = set()

    def note(name: str) -> Fraction:
        names.add(name)
        return Fraction(7, 3)  # any value: only which names are asked for matters

    try:
        Scalar(note).value(side.exprs[0])
    except (NotUnderstood, ZeroDivisionError, ValueError, ArithmeticError):
        return None
    return names


class Definitions:
    """The latest definition the notes wrote for each name, and whether it was verified."""

    def __init__(self) -> None:
        self._latest: dict[str, tuple[int, Side | None, str]] = {}
        self._rounded: dict[str, int] = {}  # name -> line of its rounded-down size formula

    def note(self, line: int, text: str, status: str | None) -> None:
        """Record ``name = formula`` (a formula in letters; a claim at numbers is no
        definition) with the verdict it got."""
        if numeric_sides(text) is not None:
            return
        read = _name_and_right(text)
        if read is None:
            return
        name, right = read
        letters = _letters(right)
        if not letters or name in letters:
            return
        shown = ungrouped(text).split("=", 1)[1].strip()
        self._latest[name] = (line, right if status == VERIFIED else None, shown)
        if re.search(r"\\lfloor|\\rfloor|\bfloor\b", shown):
            self._rounded.setdefault(name, line)
        if _TRANSPOSED_SIZE.search(shown):  # (H - 1)S - 2P + K: now the transpose's size
            self._rounded.pop(name, None)

    def forward_size(self, text: str, line: int) -> int | None:
        """The line where the notes first defined the name ``text`` claims at numbers
        (``H_out = ... = 4``) by a rounded-down output size (``\\lfloor (H + 2P - K)/S
        \\rfloor + 1``), else None: that name is a forward convolution's (or pooling's)
        output side, the input side of a transposed one, whatever layer a later section is
        about, until the notes define the name again as a transposed output's size
        (``H_{out} = (H - 1)S - 2P + K``)."""
        if not numeric_sides(text):  # a formula in letters defines the name anew
            return None
        read = _name_and_right(text.split("=", 1)[0] + "= 0")
        at = self._rounded.get(read[0]) if read is not None else None
        return at if at is not None and at < line else None

    def judge(self, text: str, document: list[str], line: int, source: str) -> dict | None:
        """The verdict on ``name = numbers ...`` where the name's latest definition was
        verified and the claim's passage sets each of its letters once; else None."""
        values = numeric_sides(text)
        read = _name_and_right(text.split("=", 1)[0] + "= 0")
        if not values or read is None or read[0] not in self._latest:
            return None
        at, right, shown = self._latest[read[0]]
        if right is None or at >= line:
            return None
        settings = _settings(document, line, source)
        own = document[line - 1] if 0 < line <= len(document) else ""
        column = own.find(source.strip()[:20]) if source.strip() else -1
        before = own[:column] if column >= 0 else ""
        dilation = _DILATION_LETTER.search(shown)
        # "Für H = 32, K = 5, S = 2, P = 1: ... Ohne Polsterung: H' = ...": a case the words
        # after the letters' values set (no padding, no stride) is not the values' case
        setters = list(re.finditer(r"(?<![\w\\])[A-Za-z]\w*\s*=\s*\d", before))
        tail = before[setters[-1].end() :] if setters else before
        cased = _CASE_WORDS.search(tail)
        if cased and not (dilation is not None and _NO_DILATION.search(tail)):
            return None
        if dilation is not None:  # "..., without dilation: $H' = ... = 32$": d = 1 there
            letter = dilation.group(1)
            set_here = re.search(rf"(?<![\w\\]){letter}\s*=", before)
            if _NO_DILATION.search(before) and not set_here:
                settings[letter] = Fraction(1)
        used: dict[str, Fraction] = {}

        def value(name: str) -> Fraction:
            if name not in settings:
                raise NotUnderstood(f"{name} is not set near the claim")
            used[name] = settings[name]
            return settings[name]

        try:
            truth = Scalar(value).value(right.exprs[0])
        except (NotUnderstood, ZeroDivisionError, ValueError, ArithmeticError):
            return None
        given = ", ".join(f"{k} = {json_number(v)}" for k, v in sorted(used.items()))
        about = f"{read[0]} as the notes define it (line {at}: {shown}) at {given}"
        return compare(truth, values, about)


# "without padding", "ohne Polsterung", "sin relleno", "no stride": a case set in words
_CASE_WORDS = re.compile(
    rf"\b(?:{lexicon.NEGATION})\s+(?:\w+\s+)?"
    rf"(?:{lexicon.PADDING}|{lexicon.STRIDE_PLAIN}|{lexicon.DILATION})\b",
    re.IGNORECASE,
)


def _settings(document: list[str], line: int, source: str) -> dict[str, Fraction]:
    """Each letter's value near the claim: its own line before it, else the one value the
    lines above set (since the last heading), leaving out the other items of the list the
    claim is an item of: each item states its own case ("2. $k = 3$, $a = 1$: ..." sets
    no $a$ for "3. $k = 3$, $p = 0$: ..."), only the list's lead-in sets every item's."""
    own = document[line - 1] if 0 < line <= len(document) else ""
    column = own.find(source.strip()[:20]) if source.strip() else -1
    start = max(1, line - _ABOVE)
    for k in range(line - 1, start - 1, -1):
        if _HEADING.match(document[k - 1]):
            start = k + 1
            break
    own_item = item_start(document, line)
    before = own[:column] if column >= 0 else ""
    # each item of a list of cases states its own: "3. $k = 3$, $p = 0$: $H_{out} = ...$"
    cased = own_item is not None and (
        sets_sizes(before) or any(sets_sizes(document[n - 1]) for n in range(own_item, line))
    )
    others = sibling_item_lines(document, line, cased) | _sibling_example_lines(
        document, line, start, before
    )
    here: dict[str, Fraction] = {}
    above: dict[str, set[Fraction]] = {}
    for n, col, name, val in _stated(tuple(document), line):
        if n == line and 0 <= col < column:
            here[name] = val  # the latest on the claim's own line
        elif start <= n < line and n not in others:
            above.setdefault(name, set()).add(val)
    out = {name: next(iter(vals)) for name, vals in above.items() if len(vals) == 1}
    out.update(here)
    return out


# a paragraph opened by a bold run-in label: "**Example (b):** $H = 64$ ...", "**Cas 2.** ..."
_LABELLED = re.compile(r"^\s*\*\*[^*\n]{1,60}\*\*\s*\S")


def _sibling_example_lines(document: list[str], line: int, start: int, before: str) -> set[int]:
    """The lines of the labelled example just above the claim's own, when the claim's line
    opens a labelled example of its own that sets its sizes before the claim ("**Example
    (a):** $d = 2$ ..." then "**Example (b):** $H = 64$, $k = 3$, no dilation: $H' = ...$"):
    like the items of a list of cases, each labelled example states its own case, and a
    letter the earlier one set (its dilation) is no setting of the later one.  The lines
    above the first labelled example (the passage's lead-in) still set every example's."""
    own = document[line - 1] if 0 < line <= len(document) else ""
    if not _LABELLED.match(own) or not sets_sizes(before):
        return set()
    for k in range(line - 1, start - 1, -1):
        if _LABELLED.match(document[k - 1]):
            return set(range(k, line))
    return set()


@functools.lru_cache(maxsize=64)
def _stated(document: tuple[str, ...], line: int) -> tuple[tuple[int, int, str, Fraction], ...]:
    """The notes' settings, and the case the claim's own line supposes ("For $K = 4$ ...")."""
    with contextlib.suppress(RecursionError):
        return tuple(sorted(claim_stated(list(document), line)))
    return ()
