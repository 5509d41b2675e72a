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


def sibling_item_lines(document: list[str], line: int, cased: bool = False) -> set[int]:
    """The 1-based lines of the items before the claim's own in its list (and their
    continuation lines) that work a case of their own, up to the list's lead-in; empty
    when ``line`` is in no list item.  An item that only gives sizes ("- $k = 3$", "- the
    stride $s = 2$") is no case: its sizes are the list's, as the lead-in's are -- unless
    the claim's own item states sizes of its own (``cased``): then the list is one of
    cases, each item stating its own ("1. $a = 1$: $H_{out} = 10$", "2. $p = 0$: ...")."""
    own = item_start(document, line)
    if own is None:
        return set()
    level = _indent(document[own - 1])
    out: set[int] = set()
    item: list[int] = []  # the sibling being read, bottom up
    for k in range(own - 1, 0, -1):
        text = document[k - 1]
        if not text.strip():
            continue  # a loose list: its items apart by blank lines
        m = _ITEM.match(text)
        if _indent(text) > level:
            item.append(k)  # a line under a sibling (nested, continued)
            continue
        if m and _indent(text) == level:
            item.append(k)
            if cased or _works_a_case([document[n - 1] for n in sorted(item)]):
                out.update(item)
            item = []
            continue
        break  # the list's lead-in (or an item of the list that holds this one)
    return out


def sets_sizes(text: str) -> bool:
    """Whether ``text`` gives a size in its math (``$k = 3$``)."""
    return any(
        _SETTING.match(piece)
        for m in _MATH.finditer(text)
        for piece in _PIECES.split(m.group(1) or m.group(2) or "")
    )


# "$k = 3$", "$p_{out} = 1$", "$s = 2.5$": a size given, no claim
_SETTING = re.compile(r"^\s*[A-Za-z](?:_\{?[\w\\ ]+\}?)?\s*=\s*-?\d+(?:\.\d+)?\s*$")
# "$k = 3,\ s = 2$", "$p = 1 \quad a = 0$": one math span giving several sizes
_PIECES = re.compile(r",|;|\\quad|\\qquad|\\text\{[^}]*\}")
_MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$]+)\$", re.DOTALL)


def _works_a_case(rows: list[str]) -> bool:
    """Whether an item's lines claim something beside the sizes they give: a relation in
    its math that is no ``letter = number`` ("$H_{out} = 3 \\cdot 2 + 3 = 9$")."""
    for m in _MATH.finditer("\n".join(rows)):
        math = m.group(1) or m.group(2) or ""
        for piece in _PIECES.split(math):
            if "=" in piece and not _SETTING.match(piece):
                return True
    return False
