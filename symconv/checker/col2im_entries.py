"""col2im written entry by entry, against the column order the notes state.

"one column per output position (row-major: position $(i, j)$ is column $2i + j$)" and then

    dL/dx[c, p, q] = sum_{i=0}^{1} sum_{j=0}^{1} dX_col[9c + 3(p - i) + (q - j), i + 2j]

with the terms whose offsets fall outside the kernel left out.  The entry (r, l) of X_col is a
copy of the input entry at offset (u, v) of patch l, in the channel of row r; col2im adds up the
gradients of the copies.  So the claim is true only if, for every input entry, its terms name
exactly the patches that contain it (through the notes' column order) and, in each, the row of
that entry's channel and offset.  The notes state the column order; the order of a patch's
entries (its rows) they often leave unsaid, so the claim's rows are checked only for being one
order: each (channel, offset) on one row and each row one (channel, offset).

Judged only at input entries that every output position's patch contains (the claim's sums
must run over the whole output grid, 0-based, and no padding), so that no term is one the
claim's own convention leaves out.  A term naming a patch that does not contain the entry, a
patch missing or counted twice, or rows that no order of a patch's entries gives, make the
claim wrong; otherwise no verdict here (a right claim needs the row order, which is not read).
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

from symconv.checker.context import finding
from symconv.checker.im2col_definition import bias_term, product_of
from symconv.checker.limits import NotUnderstood
from symconv.checker.matrix_parse import WORD_TAGS, Node, Unread
from symconv.checker.matrix_world import forward_definition
from symconv.checker.report import WRONG
from symconv.checker.scalar import Scalar
from symconv.checker.syntax import parse

# "position $(i, j)$ is column $2i + j$", "the column of position $(i, j)$ is $2i + j$"
_COLUMN_ORDER = re.compile(
    r"position\s*\$\s*\(\s*([a-z])\s*,\s*([a-z])\s*\)\s*\$\s*(?:is|goes to|becomes|is stored in)"
    r"\s+column\s*\$([^$]{1,30})\$"
    r"|column of (?:the )?(?:output )?position\s*\$\s*\(\s*([a-z])\s*,\s*([a-z])\s*\)\s*\$\s*is"
    r"\s*\$([^$]{1,30})\$",
    re.IGNORECASE,
)
_LEFT = re.compile(
    r"^\s*\\frac\s*\{\s*\\partial\s*(?:L|E|J|\\mathcal\s*\{\s*L\s*\})\s*\}\s*"
    r"\{\s*\\partial\s*x\s*(?:\[([^\[\]]*)\]|_\s*\{([^{}]*)\})\s*\}\s*=\s*(.*)$",
    re.S,
)
_SUM = re.compile(r"^\s*\\sum\s*_\s*\{\s*([a-z])\s*=\s*(\d+)\s*\}\s*\^\s*\{?\s*(\d+)\s*\}?")
_ENTRY = re.compile(r"^\s*d\s*([A-Z])\s*_\s*\{\s*([A-Za-z]+)\s*\}\s*\[(.*)\]\s*$", re.S)


def _split(body: str) -> list[str]:
    """The comma-separated parts of ``body`` at bracket depth 0."""
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(body):
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            parts.append(body[start:k])
            start = k + 1
    return [*parts, body[start:]]


def _clean(text: str) -> str:
    return re.sub(r"\\[,;:! ]|\\quad", " ", text)


def _evaluator(text: str):
    chain = parse(text)
    if len(chain.sides) != 1 or chain.rels:
        raise NotUnderstood("an index is one expression")
    expr = chain.sides[0].exprs[0]

    def value(env: dict[str, int]) -> int:
        got = Scalar(lambda n: Fraction(env[n])).value(expr)
        if got.denominator != 1:
            raise NotUnderstood("an index that is not a whole number")
        return int(got)

    return value


def judge_col2im_entry(text: str, document: list[str], line: int, layer: dict) -> dict | None:
    """Wrong when the col2im claim ``text`` contradicts the notes' column order (see the
    module doc), else None."""
    left = _LEFT.match(_clean(text))
    if left is None:
        return None
    try:
        return _judge(left, document, line, layer)
    except (NotUnderstood, KeyError, ValueError, ZeroDivisionError, IndexError, RecursionError):
        return None


def _patches(document: list[str], line: int, name: str) -> bool:
    """Whether the notes' forward definition above ``line`` multiplies the filters by
    ``name`` as its patches, one per column (``Y = W X_{col} + b 1^T``)."""
    try:
        forward = forward_definition(document, line, f"d{name}")
    except Unread:
        return False
    tree = forward.tree if forward is not None else None
    if isinstance(tree, Node) and tree.kind == "add" and len(tree.args) == 2:
        bias = bias_term(tree.args[1])
        tree = tree.args[0] if bias is not None and bias[1] == "row" else None
    pair = product_of(tree) if tree is not None else None
    return pair is not None and pair[1].name == name.replace("{", "").replace("}", "")


def _judge(left: re.Match[str], document: list[str], line: int, layer: dict) -> dict | None:
    above = "\n".join(document[: line - 1])
    orders = list(_COLUMN_ORDER.finditer(above))
    if not orders or any(layer.get(k) != 0 for k in ("pad",)) or layer.get("dilation") != 1:
        return None
    order = orders[-1]
    a, b, column = (order.group(1), order.group(2), order.group(3)) if order.group(1) else (
        order.group(4), order.group(5), order.group(6))  # fmt: skip
    c_in, kh, kw, s = (int(layer[k]) for k in ("c_in", "k_h", "k_w", "stride"))
    oh, ow, ih, iw = (int(layer[k]) for k in ("out_h", "out_w", "in_h", "in_w"))
    col_of = _evaluator(column)
    grid = {(i, j): col_of({a: i, b: j}) for i in range(oh) for j in range(ow)}
    if sorted(grid.values()) != list(range(oh * ow)):
        return None  # not an order of the positions: misread
    position = {v: k for k, v in grid.items()}
    names = [n.strip() for n in (left.group(1) or left.group(2)).split(",")]
    if len(names) != 3 and not (len(names) == 2 and c_in == 1):
        return None
    if not all(re.fullmatch(r"[a-z]", n) for n in names) or len(set(names)) != len(names):
        return None
    right = left.group(3)
    sums = []
    while (m := _SUM.match(right)) is not None:
        sums.append((m.group(1), int(m.group(2)), int(m.group(3))))
        right = right[m.end() :]
    entry = _ENTRY.match(right)
    if entry is None or len(sums) != 2 or entry.group(2) not in WORD_TAGS:
        return None
    if not _patches(document, line, f"{entry.group(1)}_{{{entry.group(2)}}}"):
        return None
    ranges = sorted((lo, hi) for _, lo, hi in sums)
    if ranges != sorted([(0, oh - 1), (0, ow - 1)]) or len({v for v, _, _ in sums}) != 2:
        return None  # the sums run over the whole output grid, from 0
    indices = _split(entry.group(3))
    if len(indices) != 2:
        return None
    row_of, at_of = _evaluator(indices[0]), _evaluator(indices[1])
    rows: dict[tuple[int, int, int], tuple[int, str]] = {}
    owners: dict[int, tuple[int, int, int]] = {}
    for c, p, q in itertools.product(range(c_in), range(ih), range(iw)):
        holding = {(i, j) for (i, j) in grid if 0 <= p - s * i < kh and 0 <= q - s * j < kw}
        if len(holding) != oh * ow:
            continue  # an entry some patch misses: a term there may be one the claim drops
        where = f"x[{', '.join(map(str, (c, p, q)[3 - len(names) :]))}]"
        named = []
        for values in itertools.product(*(range(lo, hi + 1) for _, lo, hi in sums)):
            env = dict(zip(names, (c, p, q)[3 - len(names) :], strict=True))
            env.update({v: x for (v, _, _), x in zip(sums, values, strict=True)})
            row, at = row_of(env), at_of(env)
            term = ", ".join(f"{v} = {x}" for (v, _, _), x in zip(sums, values, strict=True))
            if at not in position:
                return _wrong(f"at {where} the term {term} reads column {at}, which is no patch")
            named.append(position[at])
            i, j = position[at]
            key = (c, p - s * i, q - s * j)
            if not 0 <= row < c_in * kh * kw:
                return _wrong(f"at {where} the term {term} reads row {row}, which is no row")
            if rows.get(key, (row, ""))[0] != row or owners.get(row, key) != key:
                was = rows.get(key) or next((r, w) for r, w in rows.values() if r == row)
                return _wrong(
                    f"the rows do not follow one order of a patch's entries: at {where} the "
                    f"term {term} reads row {row} of column {at} (patch {position[at]}), "
                    f"against {was[1]}"
                )
            rows[key] = (row, f"row {row} at {where}, {term}")
            owners[row] = key
        if sorted(named) != sorted(holding):
            return _wrong(f"at {where} the terms do not name each of the {oh * ow} patches once")
    return None


def _wrong(why: str) -> dict:
    return finding(
        WRONG,
        f"{why}: with the notes' column order, each input entry's gradient adds up the "
        "copies of that entry, one in each patch that contains it",
    )
