"""The other items of the list a claim is an item of: lines whose settings are another
case's.

Notes work several cases as a list under one lead-in ("Take $H_{in} = 4$: 1. $k = 4$,
$s = 2$: ... 2. $k = 3$, $a = 1$: ... 3. $k = 3$, $p = 0$: ..."): a size an item sets
holds in that item only, while the lead-in's hold in all of them.  A reader taking "the
one value the lines above set" for a letter the claim's own item leaves unset would
otherwise judge item 3 at item 2's $a = 1$.
"""

from __future__ import annotations

import re

# "1.", "2)", "(3)", "（3）", "3、", "-", "*", "+", "•", "(b)", "b)": a list item's marker
_ITEM = re.compile(
    r"^(?P<indent>[ \t]*)(?:[-*+•]|\d{1,2}[.)、]|\(\d{1,2}\)|（\d{1,2}）|\(?[a-h]\))\s+\S"
)


def _indent(text: str) -> int:
    return len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())


def item_start(document: list[str], line: int) -> int | None:
    """The 1-based line of the list item ``line`` is in (itself, or the item above whose
    indented continuation it is), or None when it is in no list item."""
    if not 1 <= line <= len(document):
        return None
    if _ITEM.match(document[line - 1]):
        return line
    deep = _indent(document[line - 1])
    if deep == 0:
        return None
    for k in range(line - 1, 0, -1):
        text = document[k - 1]
        if not text.strip():
            continue
        if _ITEM.match(text) and _indent(text) < deep:
            return k
        if _indent(text) < deep:
            return None  # a paragraph of less indent: no item holds the line
    return None


def sibling_item_lines(document: list[str], line: int) -> set[int]:
    """The 1-based lines of the items before the claim's own in its list (and their
    continuation lines), up to the list's lead-in; empty when ``line`` is in no list item."""
    own = item_start(document, line)
    if own is None:
        return set()
    level = _indent(document[own - 1])
    out: set[int] = set()
    for k in range(own - 1, 0, -1):
        text = document[k - 1]
        if not text.strip():
            continue  # a loose list: its items apart by blank lines
        m = _ITEM.match(text)
        if (m and _indent(text) == level) or _indent(text) > level:
            out.add(k)  # a sibling item, or a line under one (nested, continued)
            continue
        break  # the list's lead-in (or an item of the list that holds this one)
    return out
