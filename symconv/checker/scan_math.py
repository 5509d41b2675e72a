"""Layer facts read from the mathematics of a section (regular expressions, never eval).

* matrices written out (``X = \\begin{pmatrix} x_{00} & ... \\end{pmatrix}``): a size;
* the largest index used per tensor (``x_{22}``, ``I(4, 4)``): a size, used only where
  nothing states one, and the smallest index or a sum's lower bound: the index base;
* how entries are written: ``Z^{[1]}`` superscript, ``I(i+m, j+n)``/``y[i]`` functional,
  ``x_{11}`` with nothing below 1 one-based; the number of indices: 1-D or 2-D;
* the definition of the output: ``x[i - k]`` is a convolution, a sum from ``-\\infty``
  to ``+\\infty`` the full one (padding ``full``);
* a bias symbol ``b`` anywhere in the section.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from symconv.checker.index_runs import run_pieces
from symconv.checker.written_windows import is_window

ROLE = {
    **dict.fromkeys("xXIa", "input"),
    **dict.fromkeys("wWK", "kernel"),
    **dict.fromkeys("yYzZFO", "output"),
}
_NOT_AFTER = r"(?<![A-Za-z\\])"
_ENTRY_START = r"(?:(?<![A-Za-z\\])|(?<=d)(?<![A-Za-z\\]d))"  # z_{..}, or dZ_{hw} (a gradient)
_NUMERIC = re.compile(_NOT_AFTER + r"([A-Za-z])_(?:\{\s*(\d+(?:\s*,\s*\d+)*)\s*\}|(\d))")
_NUMERIC_CALL = re.compile(_NOT_AFTER + r"([A-Za-z])\s*[\(\[]\s*(\d+)\s*(?:,\s*(\d+)\s*)?[\)\]]")
_SYMBOLIC = re.compile(
    _ENTRY_START + r"(?:\\hat\{)?([A-Za-z])\}?(?:\^(?:\{[^{}]*\}|\w))?"
    r"(?:_\{([^{}]*)\}|_([a-z])\b|(\((?:[^()]|\([^()]*\))*\))|(\[[^\[\]]*\]))"
)
_MATRIX = re.compile(r"\\begin\{([pbvBV]?matrix|array)\}(?:\{[^{}]*\})?(.*?)\\end\{\1\}", re.DOTALL)
_CELL1 = re.compile(r"([A-Za-z])_(?:\{(\d)\}|(\d))")
_CELL2 = re.compile(r"([A-Za-z])_\{(\d)(\d)\}|([A-Za-z])_\{(\d+)\s*,\s*(\d+)\}")
_SUM_FROM = re.compile(r"\\sum_\{\s*[a-z]\w*'?\s*=\s*(-?\s*\\infty|\d+)")
_DEFINITION = re.compile(
    _NOT_AFTER + r"(?:\\hat\{)?[yYzZFO]\}?\s*(?:_\{?|\(|\[)[^=]{0,20}="
    r"(?P<rhs>.*)",
    re.DOTALL,
)
_INPUT_AT = re.compile(
    _NOT_AFTER + r"[xXI](?:\^\{?\w+\}?)?\s*(?:_\{|\(|\[)\s*\(?\s*[a-z]'?"
    r"\s*([-+])\s*[a-z]"
)
_BIAS = re.compile(r"(?:(?<![A-Za-z\\])|(?<=d)(?<![A-Za-z\\]d))b(?![A-Za-z])")  # b, db
# dL/db, db: the bias as what is differentiated says nothing of the forward's bias (a note
# may add one only to ask for its gradient); the claim is judged with one added
_BY_BIAS = re.compile(r"\\partial\s*\{?\s*b(?![A-Za-z])|(?<![A-Za-z\\])db(?![A-Za-z])")
# b_{i,j}, b^l_{i,j}, b_{i, j}^l: a bias per output position (two spatial indices)
_BIAS_AT = re.compile(_NOT_AFTER + r"b\s*(?:\^\{?[^{}_]*\}?\s*)?_\{\s*[a-z]'?\s*,\s*[a-z]'?\s*\}")
_MATRIX_B = re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*\{\s*B\s*\}|(?<![\\\w])B(?![\w])")
# "x \in \mathbb{R}^{(5\times 5)}": a size; "S=2" alone in a block: the stride (S, s name it)
_MEMBER = re.compile(
    _NOT_AFTER + r"(?:\\(?:boldsymbol|mathbf|bm)\s*\{\s*)?([A-Za-z])\s*\}?\s*"
    r"\\in\s*\\mathbb\s*\{R\}\s*\^\s*\{\s*\(?\s*"
    r"(\d{1,4})\s*\\times\s*(\d{1,4})\s*\)?\s*\}"
)
# "\boldsymbol{w} \in \mathbb{R}^3": a 1-D size
_MEMBER_1D = re.compile(
    _NOT_AFTER + r"(?:\\(?:boldsymbol|mathbf|bm)\s*\{\s*)?([A-Za-z])\s*\}?\s*"
    r"\\in\s*\\mathbb\s*\{R\}\s*\^\s*\{?\s*(\d{1,4})\s*\}?(?!\s*\\times)"
)
_STRIDE_IS = re.compile(r"\s*(?:S|s|\\text\{stride\}|stride)\s*=\s*(\d{1,3})\s*")
_PADDING_IS = re.compile(r"\s*(?:P|p|\\text\{padding\}|padding)\s*=\s*(\d{1,3})\s*")
_ARGUMENTS = re.compile(r"(?<=[A-Za-z])\s*\((?:[^()]|\([^()]*\))*\)")
_SUBSCRIPT = re.compile(r"_\{[^{}]*\}|_[a-z]\b|\\sum_\{[^{}]*\}")
_STRIP = re.compile(
    r"\\(?:begin|end)\{[^{}]*\}(?:\{[^{}]*\})?|\\text\w*\{[^{}]*\}|\\hline"
    r"|\\mathbb\{[^{}]*\}"
)


@dataclass(frozen=True)
class Block:
    line: int
    text: str


Add = Callable[[str, str, int, str], None]


_IVERSON = re.compile(r"\[[^\[\]]*(?:=|\\(?:le|leq|ge|geq|ne|neq)(?![A-Za-z])|<|>)[^\[\]]*\]")


# "filter $f$, input channel $c$", "Filter $f$, Kanal $c$", "filtre $f$, canal $c$": letters
# the prose names as a filter's and a channel's number
_FILTER_LETTER = re.compile(
    r"(?<![A-Za-z])(?:filters?|filtres?|filtros?|filtri|Filtern?)\s+\$\s*([a-z])\s*\$",
    re.IGNORECASE,
)
_CHANNEL_LETTER = re.compile(
    r"(?<![A-Za-z])(?:channels?|canal|canaux|canales|canale|canali|Kan[äa]len?|kana[łl])"
    r"\s+\$\s*([a-z])\s*\$",
    re.IGNORECASE,
)


def channel_letters(prose: str) -> frozenset[str]:
    """The letters ``prose`` names as a filter's and a channel's number ("filter $f$, input
    channel $c$"), where it names both (two different letters): then X_c and G_f are the
    maps of a layer with filters and channels.  A channel letter alone says less (a pooled
    vector's entry y_c is one number per channel), and the tensors' own letters (x, y, z,
    w) are never such an index."""
    filters = {m.group(1) for m in _FILTER_LETTER.finditer(prose)} - set("xyzw")
    channels = {m.group(1) for m in _CHANNEL_LETTER.finditer(prose)} - set("xyzw")
    if not filters or not channels or filters == channels:
        return frozenset()
    return frozenset(filters | channels)


def math_facts(
    blocks: list[Block], channels: frozenset[str] = frozenset()
) -> tuple[int | None, list[tuple[str, str, int, str]]]:
    """The facts (key, value, line, how) of these math blocks, and their number of
    spatial indices (None when no entry shows it).  An entry indexed only by letters the
    prose names channels or filters (``channels``: X_f under "filter $f$") is a channel
    map, no entry: its subscripts are not spatial indices."""
    found: list[tuple[str, str, int, str]] = []

    def add(key: str, value: str, line: int, how: str) -> None:
        found.append((key, value, line, how))

    entries: list[tuple[str, tuple[int, ...], int, str]] = []  # letter, indices, line, text
    arities: Counter = Counter()
    functional = subscripted = superscript = 0
    where: dict[str, int] = {}  # the first line showing each way of writing
    bias_line = definition = None
    per_position = False
    bounds: Counter = Counter()
    for block in blocks:
        text = block.text
        _matrices(block, add)
        for m in _NUMERIC.finditer(text):
            digits = m.group(2) or m.group(3)
            idx = (
                tuple(int(d) for d in re.split(r"\s*,\s*", digits))
                if "," in digits
                else tuple(int(d) for d in digits)
            )
            entries.append((m.group(1), idx, _line(block, m.start()), m.group(0)))
            if ROLE.get(m.group(1)) in ("input", "output"):
                arities[len(idx)] += 1
        for m in _NUMERIC_CALL.finditer(text):
            if m.group(1) in ROLE:
                idx = tuple(int(d) for d in m.groups()[1:] if d is not None)
                entries.append((m.group(1), idx, _line(block, m.start()), m.group(0)))
        for m in _SYMBOLIC.finditer(text):
            if ROLE.get(m.group(1)) not in ("input", "output"):
                continue
            inside = m.group(2) or m.group(3) or (m.group(4) or m.group(5) or "  ")[1:-1]
            if m.group(4) or m.group(5):
                functional += 1
                where.setdefault("functional", _line(block, m.start()))
            else:
                subscripted += 1
            parts = inside.split(",")
            if len(parts) == 1 and re.fullmatch(r"[a-z]{2,3}|\d{2,3}", inside.strip()):
                parts = list(inside.strip())  # x_{ij}, x_{11}: one letter per index
            elif len(parts) == 1:  # x_{n c (i+u)(j+v)}, \delta_{nf11}: index_runs.py
                parts = run_pieces(inside) or parts
            if len(parts) == 1 and re.fullmatch(r"\s*[A-Za-z]{4,}\s*", parts[0]):
                continue  # a_{slice}, a_{prev}: a label, not an index
            if len(parts) == 1 and parts[0].strip() == "n" and m.group(5):
                continue  # x[n], \delta[n]: sample n's map, as code slices an array
            if channels and all(p.strip() in channels for p in parts):
                continue  # X_f, G_c under "filter $f$, channel $c$": maps, not entries
            if all(p.strip() and not p.strip().startswith(":") for p in parts):
                arities[len(parts)] += 1
        for m in re.finditer(r"\^\{\s*\[", text):
            superscript += 1
            where.setdefault("superscript", _line(block, m.start()))
        for m in _SUM_FROM.finditer(text):
            bounds[m.group(1).replace(" ", "")] += 1
            where.setdefault("sum " + m.group(1).replace(" ", ""), _line(block, m.start()))
        clean = _SUBSCRIPT.sub(" ", _STRIP.sub(" ", text))  # x_{c+b}: b is an index there
        clean = _ARGUMENTS.sub(" ", clean)  # Y(a,b), W(a+1-2i, b+1-2j): so is b here
        clean = _IVERSON.sub(" ", clean)  # [b = s j + n - p]: an index in a condition
        if bias_line is None and _BIAS.search(_BY_BIAS.sub(" ", clean)):
            bias_line = block.line
        # b_{u,v} beside a matrix B ((A \star B)_{i,j} = ... b_{u,v}): B's entry, no bias
        per_position = per_position or bool(_BIAS_AT.search(text) and not _MATRIX_B.search(text))
        if definition is None:
            definition = _definition(block, add)
        _stated(block, add)
    where["subscript"] = min((e[2] for e in entries), default=0)
    _indices(entries, bounds, add, where, superscript, functional > subscripted)
    if bias_line is not None:
        if per_position:
            add("bias", "position", bias_line, "a bias symbol with two indices, b_{i,j}")
        else:
            add("bias", "true", bias_line, "a bias symbol b")
    if not arities:
        return None, found
    common = arities.most_common(1)[0][0]
    if common == 3 and batched_signals(blocks):
        return 1, found
    return (1 if common == 1 else 2), found


def batched_signals(blocks: list[Block]) -> bool:
    """x[n,c,t] beside w[o,c,k]: a batch of 1-D signals with channels.  The input and the
    kernel both have three indices and share the second (the input channel c) but not the
    first (the sample n, the filter o).  A 2-D layer's three-index entries do not: x[c,i,j]
    with w[f,c,u,v], w[f,u,v] beside x_{i,j}, a depthwise x[c,i,j] with w[c,u,v]."""
    inputs: set[tuple[str, str]] = set()
    kernels: set[tuple[str, str]] = set()
    for block in blocks:
        for m in _SYMBOLIC.finditer(block.text):
            role = ROLE.get(m.group(1))
            written = m.group(2) or m.group(3) or (m.group(4) or m.group(5) or "  ")[1:-1]
            parts = [p.strip() for p in written.split(",")]
            if len(parts) != 3 or not all(re.fullmatch(r"[a-z]'?", p) for p in parts[:2]):
                continue
            if role == "input":
                inputs.add((parts[0], parts[1]))
            elif role == "kernel":
                kernels.add((parts[0], parts[1]))
    return any(a != o and c == c2 for a, c in inputs for o, c2 in kernels)


def _line(block: Block, offset: int) -> int:
    return block.line + block.text[:offset].count("\n")


# a worked example's input or kernel given as numbers (X = [[1, 3], [4, 2]]): its size is
# the layer's (a claimed Y or dL/dX in numbers is a claim, and gives no size)
_GIVEN = re.compile(
    r"(?<![A-Za-z\\{])(?:\\mathbf\s*\{\s*([XxIWwK])\s*\}|([XxIWwK]))\s*=\s*"
    r"(\\begin\{([pbvBV]?matrix)\}.*?\\end\{\4\})",
    re.DOTALL,
)


def _given_numbers(block: Block, add: Add) -> None:
    from symconv.checker.worked_numbers import matrix_of  # reads cells, never evaluates

    for m in _GIVEN.finditer(block.text):
        numbers = matrix_of(m.group(3))
        if numbers is None or (len(numbers) == 1 and len(numbers[0]) == 1):
            continue
        role = ROLE[m.group(1) or m.group(2)]
        size = f"{len(numbers)}x{len(numbers[0])}"
        at = _line(block, m.start())
        add(role, size, at, f"the {role} written out as a matrix of numbers")
        if role == "input":  # one map of numbers: a one-channel example (prose may say more)
            add("in-channels", "1", at, "the input written out as one matrix of numbers")


def named_inputs_given(blocks: list[Block], letters: frozenset[str]) -> list[tuple]:
    """(key, value, line, how) of a worked example's input given as numbers under a letter
    the section's own definition names the input (``Z_{m,n} = \\sum Y_{i,j} W_{m-2i,n-2j}``,
    then ``Y = [[1, 2], [3, -1]]``: a transposed layer's input Y, 2x2), as :func:`_given_numbers`
    reads X's; the usual letters are read there already."""
    from symconv.checker.worked_numbers import matrix_of  # reads cells, never evaluates

    wanted = sorted(k for k in letters if len(k) == 1 and k.isalpha() and k not in "XxIWwK")
    if not wanted:
        return []
    given = re.compile(
        rf"(?<![A-Za-z\\{{])(?:\\mathbf\s*\{{\s*([{''.join(wanted)}])\s*\}}|([{''.join(wanted)}]))"
        r"\s*=\s*(\\begin\{([pbvBV]?matrix)\}.*?\\end\{\4\})",
        re.DOTALL,
    )
    found: list[tuple] = []
    for block in blocks:
        for m in given.finditer(block.text):
            numbers = matrix_of(m.group(3))
            if numbers is None or (len(numbers) == 1 and len(numbers[0]) == 1):
                continue
            at = _line(block, m.start())
            size = f"{len(numbers)}x{len(numbers[0])}"
            found.append(("input", size, at, SCATTER_NUMBERS_HOW))
            found.append(("in-channels", "1", at, SCATTER_NUMBERS_HOW))
    return found


# (the input's size stated: "written out" makes it as strong as prose, infer.strength)
SCATTER_NUMBERS_HOW = "the input a definition names, written out as a matrix of numbers"


# (a section after the example's does not take these sizes: the example's own, infer.py)
TUPLE_HOW = "written out as a tuple of numbers"
# a 1-D worked example's signal or filter given as a tuple of numbers, x = (1, 3, -1, 2, 0)
# (or in brackets, x = [1, 3, -1, 2, 0]):
# as a vector written out, its length is the layer's (three entries at least: a pair may be
# a size, "K = (3, 3)")
_GIVEN_TUPLE = re.compile(
    r"(?<![A-Za-z\\{])(?:\\mathbf\s*\{\s*([xw])\s*\}|([xw]))\s*=\s*(?:\\left\s*)?[(\[]\s*"
    r"(-?\d+(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?){2,})\s*(?:\\right\s*)?[)\]]"
)


# what makes the tuple a gradient's, not the tensor's own numbers: "\partial L / \partial w =
# (-6, 2, -1)", "\nabla_w L", "dL/dx = (...)", "\frac{\partial L}{\partial x}" (its length
# is the tensor's, but the numbers are not the tensor written out)
_GRADIENT_BEFORE = re.compile(r"(?:\\partial|\\nabla_?|\bd|/)\s*\{?\s*$")


def _given_tuples(block: Block, add: Add) -> None:
    for m in _GIVEN_TUPLE.finditer(block.text):
        if _GRADIENT_BEFORE.search(block.text[max(0, m.start() - 12) : m.start()]):
            continue
        role = ROLE[m.group(1) or m.group(2)]
        size = str(len(m.group(3).split(",")))
        add(role, size, _line(block, m.start()), f"the {role} {TUPLE_HOW}")


# "a signal $x_1, \dots, x_6$", "$w_0, \ldots, w_{4}$": a tensor's entries listed from the
# first index to the last state its length as firmly as words do (a list without the
# ellipsis, "x_0, x_1, x_2 feed y_0", may name a few entries of a longer tensor)
_LISTED = re.compile(
    r"(?<![A-Za-z\\{])([xXwW])_\{?\s*([01])\s*\}?\s*,\s*(?:\\[lc]?dots|\\dotsc|…|\.\.\.)\s*,\s*"
    r"\1_\{?\s*(\d+)\s*\}?(?![\d{,_])"
)


def _listed(block: Block, add: Add) -> None:
    """A 1-D tensor listed from its first entry to its last (x_1, \\dots, x_6): its length."""
    for m in _LISTED.finditer(block.text):
        first, last = int(m.group(2)), int(m.group(3))
        if last > first:
            role = ROLE[m.group(1)]
            add(
                role,
                str(last - first + 1),
                _line(block, m.start()),
                f"the {role} written out as a list",
            )


def _matrices(block: Block, add: Add) -> None:
    _given_numbers(block, add)
    _given_tuples(block, add)
    _listed(block, add)
    written: list[tuple[str, int, list[list[str]], list[str]]] = []
    for m in _MATRIX.finditer(block.text):
        rows = [r for r in re.split(r"\\\\", m.group(2)) if r.strip()]
        cells = [[c.strip() for c in _STRIP.sub(" ", r).split("&")] for r in rows]
        flat = [c for row in cells for c in row]
        if not flat or not all(flat) or len({len(r) for r in cells}) != 1:
            continue
        letters = {c.strip()[0] for c in flat}
        if len(letters) != 1 or ROLE.get(letters.pop()) is None:
            continue
        written.append((ROLE[flat[0][0]], _line(block, m.start()), cells, flat))
    for role, where, cells, flat in written:
        if is_window(flat, [f for r, _, _, f in written if r == role]):
            continue  # a patch of the tensor, not the tensor: its size is no fact
        one = [_CELL1.fullmatch(c) for c in flat]
        two = [_CELL2.fullmatch(c) for c in flat]
        if all(one) and (len(cells) == 1 or len(cells[0]) == 1):
            add(role, str(len(flat)), where, f"the {role} written out as a vector")
        elif all(two):
            add(role, f"{len(cells)}x{len(cells[0])}", where, f"the {role} written out as a matrix")


def _gradient_at_zero(entries) -> bool:
    """Whether an entry of the output's gradient (G, g) is written with an index 0:
    ``G_{0,0} X_{1,1}`` indexes from 0 whatever the smallest index of X is."""
    return any(letter in "gG" and min(idx) == 0 for letter, idx, _, _ in entries if idx)


def _indices(
    entries, bounds: Counter, add: Add, where: dict[str, int], superscript: int, functional: bool
) -> None:
    known = [(letter, idx, line, text) for letter, idx, line, text in entries if letter in ROLE]
    base = None
    smallest = min(known, key=lambda e: min(e[1]), default=None)
    finite = Counter({k: v for k, v in bounds.items() if k in ("0", "1")})
    first = max(sorted(finite), key=lambda k: finite[k]) if finite else None
    if smallest is not None and min(smallest[1]) <= 1:  # I(2, 2) alone says nothing
        base = min(smallest[1])
        if base == 1 and (first == "0" or _gradient_at_zero(entries)):
            # w_{1,1} written, sums from 0 (or G_{0,0} beside it): index 0 exists though
            # no entry of X, W or Y shows it, so the smallest index does not say 1
            base = None
        else:
            add("index-base", str(base), smallest[2], f"the smallest index, {smallest[3]}")
    if first is not None:
        add("index-base", first, where["sum " + first], "the sums' lower bounds")
        base = int(first) if base is None else base
    if superscript:
        add("notation", "superscript", where["superscript"], "Z^{[l]} superscripts")
    elif functional:
        add("notation", "functional", where["functional"], "entries written I(i, j) or y[i]")
    elif base == 1:
        add("notation", "onebased", where["subscript"], "subscripts from 1")
    elif known:
        add("notation", "subscript", where["subscript"], "subscripts")
    if "-\\infty" in bounds:
        add("padding", "full", where["sum -\\infty"], "sums from -\\infty to +\\infty")
    base = base or 0
    for role in ("input", "kernel", "output"):
        mine = [e for e in known if ROLE[e[0]] == role]
        for arity in (1, 2):
            same = [e for e in mine if len(e[1]) == arity]
            if not same or len(same) < len(mine) / 2:
                continue
            top = [max(e[1][axis] for e in same) - base + 1 for axis in range(arity)]
            last = max(same, key=lambda e: e[1])
            if min(top) >= 1:
                add(role, "x".join(map(str, top)), last[2], f"the largest index, {last[3]}")


def _stated(block: Block, add: Add) -> None:
    """Sizes the mathematics states outright: ``w \\in \\mathbb{R}^{(2\\times 2)}``,
    and ``S=2`` or ``p = 1`` written alone (S and s name the stride, P and p the padding, as
    in size formulas)."""
    for m in _MEMBER.finditer(block.text):
        role = ROLE.get(m.group(1))
        if role in ("input", "kernel", "output"):
            add(
                role,
                f"{m.group(2)}x{m.group(3)}",
                _line(block, m.start()),
                f"{m.group(1)} in R^({m.group(2)}x{m.group(3)})",
            )
    for m in _MEMBER_1D.finditer(block.text):
        role = ROLE.get(m.group(1))
        if role in ("input", "kernel", "output"):
            add(role, m.group(2), _line(block, m.start()), f"{m.group(1)} in R^{m.group(2)}")
    stride = _STRIDE_IS.fullmatch(block.text)
    if stride:
        add("stride", stride.group(1), block.line, "S = " + stride.group(1))
    padding = _PADDING_IS.fullmatch(block.text)  # "$s = 2$, $p = 1$": p names the padding
    if padding:
        add("padding", padding.group(1), block.line, "p = " + padding.group(1))


def _definition(block: Block, add: Add) -> bool | None:
    """The operation the output is defined by: x[i - k] convolution, x[i + k] correlation."""
    found = _DEFINITION.search(block.text)
    if not found:
        return None
    used = _INPUT_AT.search(found.group("rhs"))
    if not used:
        return None
    where = _line(block, found.start())
    mode = "convolution" if used.group(1) == "-" else "correlation"
    add("mode", mode, where, f"the output's definition uses {used.group(0).strip()}")
    return True
