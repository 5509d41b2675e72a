"""A worked example whose own numbers are another layer's: no "wrong" from the section's.

A review thread declares its layer ("`X` is `(N, C, H, W) = (2, 3, 5, 5)`") and then works
"a case small enough to do by hand, one channel, one filter" with $X$ written out as a
3x3 matrix.  Claims about that case judged under the declared layer fail by shape ("a
scalar where a vector of 4 is expected"): the failure is the reading's, not the claim's.
So where the numbers the notes give for the input or kernel in the claim's section (before
it, or on its own line before it) are one matrix of another shape than the layer's, or
one matrix where the layer has several maps (samples, channels, filters), a "wrong" is not
understood, naming both.  So is one in a section that says before it that its example has
one filter ("Un solo filtro, $N = 2$, uscita $2 \\times 2$") under a layer read with
several: "a scalar where a vector of 4 is expected" is the filter count's, not the claim's.
"""

from __future__ import annotations

import re

from symconv.checker.report import NOT_UNDERSTOOD, WRONG
from symconv.checker.worked_numbers import given_before

_SIDES = {"X": "input", "W": "kernel"}
# a verdict the worked-example readers computed from the notes' matrices themselves
_ON_THE_NUMBERS = re.compile(r"these numbers only|at the notes' [A-Z]\b|at the [A-Z] of line \d")


def _layer_shape(settings: dict[str, str], key: str) -> tuple[int, ...] | None:
    value = settings.get(key) or ""
    parts = value.split("x")
    if not all(p.isdigit() for p in parts) or not value:
        return None
    return tuple(int(p) for p in parts) if len(parts) == 2 else (1, int(parts[0]))


def unless_example_of_other_layer(
    found: dict | None, document: str, line: int, prefix: str, start: int, settings: dict
) -> dict | None:
    """``found``, or not-understood when it is a "wrong" and the section's worked example
    gives an input or kernel of another shape than the layer's (``start``: the section's
    first line; ``prefix``: the claim's line before the claim)."""
    if found is None or found.get("status") != WRONG:
        return found
    if _ON_THE_NUMBERS.search(str(found.get("message", ""))):
        return found  # computed at the notes' own numbers, not under the layer's sizes
    for role, (numbers, at) in sorted(given_before(document, line, prefix).items()):
        key = _SIDES.get(role)
        layer = _layer_shape(settings, key) if key else None
        shape = (len(numbers), len(numbers[0]) if numbers else 0)
        if at < start or layer is None:
            continue
        maps = _maps(settings, role)
        if shape == layer and maps == 1:
            continue
        what = f"{maps} maps of " if maps > 1 else ""
        return {
            "status": NOT_UNDERSTOOD,
            "message": (
                f"the notes' {role} of line {at} is one {shape[0]}x{shape[1]} map, the layer "
                f"read here has {what}a {'x'.join(map(str, layer))} {key}: the worked "
                f"example is of another layer (read as written: {found.get('message', '')})"
            ),
        }
    return found


# a worked example's one filter (or output channel), in the languages of the notes: en "one
# filter", "a single filter", "only one output channel"; it "un solo filtro"; es "un solo
# filtro", "un único filtro"; fr "un seul filtre"; pt "um único filtro", "apenas um filtro";
# de "ein einziger Filter", "nur ein Filter"; nl "één filter"; pl "jeden filtr", "jednym
# filtrem"; ru "один фильтр"; ja "フィルタ 1 つ"; zh "单个滤波器"; ko "필터 하나" -- but not
# "one filter per channel" or "each filter", which count filters of a layer with many (nor
# "a single kernel", which is as often the one kernel every position shares)
_ONE_FILTER = re.compile(
    r"(?:\b(?:one|a single|just one|only one|1|un(?:o)?\s+(?:solo|s[oó]lo|[uú]nico|seul)|"
    r"un\s+seul|um\s+(?:[uú]nico|s[oó])|apenas\s+um|ein(?:en|em)?\s+(?:einzige[nrm]?|einzelne[nrm]?)|"
    r"nur\s+ein(?:en|em)?|één|jeden|jednym|один|одним)\s+(?:output\s+channel|"
    r"filt(?:er|ro|re|r|rem)|фильтр(?:ом)?|Filter)\b"
    r"|フィルター?\s*(?:は\s*)?(?:1|一)\s*(?:つ|個|枚)|(?:1|一)\s*(?:つ|個|枚)の\s*フィルタ"
    r"|单个(?:滤波器|卷积核)|單個(?:濾波器|卷積核)|필터\s*하나|한\s*개의\s*필터)"
    r"(?!\s*(?:per|for each|of each|por|pro|par|pour chaque|per ogni|на каждый)\b)",
    re.IGNORECASE,
)


def unless_one_filter_example(
    found: dict | None, document: str, line: int, start: int, settings: dict
) -> dict | None:
    """``found``, or not-understood when it is a "wrong" and the claim's section, before
    it, works an example of one filter ("Un solo filtro, $N = 2$, uscita $2 \\times 2$")
    under a layer read with several: the claim (dL/db = the sum of one G, a scalar; G^{(n)}
    with no filter index) is the example's, and judged with the layer's filters it fails by
    shape or by a missing index, not by its mathematics.  A verdict computed at the notes'
    own numbers stands (the caller leaves arithmetic alone)."""
    if found is None or found.get("status") != WRONG:
        return found
    filters = settings.get("out-channels") or ""
    if not filters.isdigit() or int(filters) < 2:
        return found
    message = str(found.get("message", ""))
    if _ON_THE_NUMBERS.search(message):
        return found
    lines = document.split("\n")
    said = _ONE_FILTER.search("\n".join(lines[max(start, 1) - 1 : line - 1]))
    if said is None:
        return found
    return {
        "status": NOT_UNDERSTOOD,
        "message": (
            f"its section works an example with {said.group(0).strip()!r}, the layer read "
            f"has {filters} filters: the claim is the example's (read as written: {message})"
        ),
    }


def _maps(settings: dict, role: str) -> int:
    """How many 2-D maps the layer's input (samples x channels) or kernel (filters x
    channels) has: a single matrix of numbers is one of them only when there is one."""
    keys = ("batch", "in-channels") if role == "X" else ("out-channels", "in-channels")
    count = 1
    for key in keys:
        value = settings.get(key) or "1"
        count *= int(value) if value.isdigit() else 1
    return count
