"""Small stand-in sizes for a matrix claim at sizes too large to work out exactly:
"$a \\in \\mathbb{R}^{400}$, `nn.Linear(400, 10)`, $z = Wa + b$ ... $\\frac{\\partial L}{\\partial
W} = \\delta\\, a^{T}$" needs 4000 symbols for W alone.

A claim written only with the notes' matrices, their gradients, products, transposes, sums
and differences (no number, no size letter, no entry, no bounded sum, no all-ones vector of a
written length) is an identity between matrix polynomials whose every entry has the same
form at every size: whether the shapes fit and the entries agree depends only on which
sizes are equal and which are 1, never on their values.  So the claim is judged with each
size above 4 replaced by its own stand-in (5, 6, ...): equal sizes stay equal, different
ones stay different (and different from the free sizes 1-4 the checker tries), and a 1
stays a 1.  Anything that writes a value (a 1_N, an entry x_{nd}, a number) keeps the true
sizes.  A size letter written as a scalar factor (the 1/N of a batch mean: "$\\frac{\\partial
L}{\\partial b} = \\frac{1}{N} \\Delta^\\top \\mathbf{1}$" beside a 10 x 120 weight) only
writes that size's value: when every size the claim writes is at most :data:`SMALL` at the
assignment tried (so no stand-in touches it), the other sizes are stood in as above
(:func:`written_letters`).
"""

from __future__ import annotations

from symconv.checker.matrix_parse import Node, Num, Ones, Ref

SMALL = 4  # sizes up to this one are kept: the free sizes the checker tries are 1..4


def value_free(tree, sizes: set[str], letters: set[str], rows: frozenset = frozenset()) -> bool:
    """Whether ``tree`` writes no number, size letter, entry, bounded sum or ones' length
    (``rows``: the letters of enclosing sums over a whole axis, see :func:`_whole_axis`)."""
    if isinstance(tree, Num):
        return False
    if isinstance(tree, Ones):
        return tree.length is None
    if isinstance(tree, Ref):
        indices = not tree.indices or (
            rows and ":" in tree.indices and set(tree.indices) <= rows | {":"}
        )
        return bool(indices) and tree.sample is None and tree.name not in sizes | letters
    if isinstance(tree, Node):
        if tree.kind == "sum" and _whole_axis(tree, sizes):
            return value_free(tree.args[0], sizes, letters, rows | {tree.index})
        if tree.kind not in ("prod", "add", "T"):
            return False
        return all(value_free(a, sizes, letters, rows) for a in tree.args)
    return False


def _whole_axis(node: Node, sizes: set[str]) -> bool:
    r"""``\sum_{n=0}^{N-1}`` or ``\sum_{n=1}^{N}`` with N a size the notes leave symbolic: a
    sum over a whole axis, whatever N stands for (its rows ``\Delta_{n,:}`` are the body)."""
    low, high = (b.replace(" ", "") for b in node.bounds)
    return any(
        low == base and high == f"{size}{end}"
        for size in sizes
        for base, end in (("0", "-1"), ("1", ""))
    )


def written_letters(tree, sizes: set[str], letters: set[str]) -> set[str] | None:
    """The size letters ``tree`` writes as scalar factors (``\\frac{1}{N}``, ``N``), or None
    when it writes any other value (a number other than 1, an entry, a bounded sum, a
    ones' length, a sample)."""
    if isinstance(tree, Num):
        return set() if tree.value == 1 else None
    if isinstance(tree, Ones):
        return set() if tree.length is None else None
    if isinstance(tree, Ref):
        if tree.indices or tree.sample is not None:
            return None
        return {tree.name} if tree.name in sizes | letters else set()
    if isinstance(tree, Node) and tree.kind in ("prod", "add", "T", "div"):
        out: set[str] = set()
        for arg in tree.args:
            inner = written_letters(arg, sizes, letters)
            if inner is None:
                return None
            out |= inner
        return out
    return None


def stand_ins(full: dict) -> tuple[dict, dict[int, int]]:
    """``full`` (size class -> value) with each value above :data:`SMALL` replaced by its own
    stand-in, and the replacements made (true value -> stand-in)."""
    large = sorted({v for v in full.values() if v > SMALL})
    mapping = {v: SMALL + 1 + k for k, v in enumerate(large)}
    return {root: mapping.get(v, v) for root, v in full.items()}, mapping
