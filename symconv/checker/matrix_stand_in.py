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
stays a 1.  Anything that writes a value (a 1/N, a 1_N, an entry x_{nd}) keeps the true sizes.
"""

from __future__ import annotations

from symconv.checker.matrix_parse import Node, Num, Ones, Ref

SMALL = 4  # sizes up to this one are kept: the free sizes the checker tries are 1..4


def value_free(tree, sizes: set[str], letters: set[str]) -> bool:
    """Whether ``tree`` writes no number, size letter, entry, bounded sum or ones' length."""
    if isinstance(tree, Num):
        return False
    if isinstance(tree, Ones):
        return tree.length is None
    if isinstance(tree, Ref):
        return not tree.indices and tree.sample is None and tree.name not in sizes | letters
    if isinstance(tree, Node):
        if tree.kind not in ("prod", "add", "T"):
            return False
        return all(value_free(a, sizes, letters) for a in tree.args)
    return False


def stand_ins(full: dict) -> tuple[dict, dict[int, int]]:
    """``full`` (size class -> value) with each value above :data:`SMALL` replaced by its own
    stand-in, and the replacements made (true value -> stand-in)."""
    large = sorted({v for v in full.values() if v > SMALL})
    mapping = {v: SMALL + 1 + k for k, v in enumerate(large)}
    return {root: mapping.get(v, v) for root, v in full.items()}, mapping
