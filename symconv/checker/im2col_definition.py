"""The im2col forward definition itself, judged under the convolution the notes state.

"Unroll every receptive field into a column ... $$Y_{mat} = W_{row} X_{col} + b\\,
\\mathbf{1}^T$$": notes that turn a convolution into one matrix product state the product as
a claim.  Whatever order the entries of a patch take, the filters are flattened in the same
order, so the product of an F x (C k_h k_w) matrix of flattened filters with a (C k_h k_w) x
(N H_out W_out) matrix of patches, plus each filter's bias along its row, is the convolution's
output, one column per output position: y[n, f, i, j] = sum_{c,u,v} w[f, c, u, v]
x[n, c, i s + u, j s + v] + b_f.  The same read transposed (patches as rows, Y = X_col W_col
+ 1 b^T) is the same product.

So the definition holds exactly when its shapes are those: the inner size is C k_h k_w, the
filters' side is F, the patches' side N H_out W_out (N the notes' batch, else one image), the
bias term b 1^T (or 1 b^T) runs along the positions.  The sizes come from the layer the notes
state (never a guessed one) and the matrices' shapes from the notes (matrix_world, with what
the product implies).  Only a definition whose every size fits is verified; anything else is
left to the other readers (no verdict here), as is a note that does not speak of unrolling
patches or flattening filters.
"""

from __future__ import annotations

import re

from symconv.checker.context import finding
from symconv.checker.matrix_claims import _Names, _world_sizes
from symconv.checker.matrix_eval import ShapeError
from symconv.checker.matrix_parse import Node, Ones, Ref, Unread, parse
from symconv.checker.matrix_world import read_notes
from symconv.checker.report import VERIFIED

# the words of im2col: patches unrolled into columns (or rows), filters flattened
_IM2COL_WORDS = re.compile(
    r"im2col|unroll|unfold|receptive field|patch|stretch|flatten|GEMM|desenroll|aplan|parche",
    re.IGNORECASE,
)


def product_of(tree) -> tuple[Ref, Ref] | None:
    if isinstance(tree, Node) and tree.kind == "prod" and len(tree.args) == 2:
        a, b = tree.args
        if all(
            isinstance(r, Ref) and not r.grad and not r.indices and not r.sample for r in (a, b)
        ):
            return a, b
    return None


def bias_term(tree) -> tuple[Ref, str] | None:
    """(b, "row" for b 1^T, "column" for 1 b^T) of the bias term, or None."""
    if not (isinstance(tree, Node) and tree.kind == "prod" and len(tree.args) == 2):
        return None
    a, b = tree.args
    transposed = isinstance(b, Node) and b.kind == "T" and len(b.args) == 1
    if isinstance(a, Ref) and transposed and isinstance(b.args[0], Ones):
        return a, "row"
    if isinstance(a, Ones) and transposed and isinstance(b.args[0], Ref):
        return b.args[0], "column"
    return None


def judge_im2col_definition(text: str, lines: list[str], line: int, layer: dict) -> dict | None:
    """Verified when ``text`` (at ``line``) is the notes' im2col forward definition and its
    shapes are the convolution's (``layer``: the stated layer's quantities), else None."""
    if not _IM2COL_WORDS.search("\n".join(lines[:line])):
        return None
    try:
        notes = read_notes(lines, line + 1, text)
        if notes is None or notes.forward.line != line:
            return None
        sides = parse(text)
        forward = notes.forward
        if (
            len(sides) != 2
            or sides[0] != Ref(forward.output, False, None, ())
            or sides[1] != forward.tree
        ):
            return None
        names = _Names(notes)
        sizes, _ = _world_sizes(notes, names)
    except (Unread, ShapeError, RecursionError, ValueError, KeyError, TypeError):
        return None
    tree = forward.tree
    terms = list(tree.args) if isinstance(tree, Node) and tree.kind == "add" else [tree]
    if isinstance(tree, Node) and tree.kind == "add" and any(s != "+" for s in tree.signs):
        return None
    if len(terms) != 2:
        return None  # without its bias term: whether the layer has one is not read here
    pair, bias = product_of(terms[0]), bias_term(terms[1])
    if pair is None or bias is None:
        return None
    try:
        c, kh, kw, f = (int(layer[k]) for k in ("c_in", "k_h", "k_w", "c_out"))
        positions = int(layer["out_h"]) * int(layer["out_w"])
    except (KeyError, TypeError, ValueError):
        return None
    batch = notes.letters.get("N", 1)

    def shape(name: str) -> tuple[int | None, int | None]:
        shown = (sizes.show((name, 0)), sizes.show((name, 1)))
        return tuple(int(x) if x.isdigit() else None for x in shown)  # type: ignore[return-value]

    left, right = (shape(r.name) for r in pair)
    out, b = shape(forward.output), shape(bias[0].name)
    patch = c * kh * kw
    columns = batch * positions
    if bias[1] == "row":  # W_row X_col + b 1^T: filters as rows, patches as columns
        want = ((f, patch), (patch, columns), (f, columns), (f, 1))
        stated = (left[0], left[1])  # the filters' matrix, as the notes shape it
    else:  # X_col W_col + 1 b^T: patches as rows
        want = ((columns, patch), (patch, f), (columns, f), (f, 1))
        stated = (right[0], right[1])
    got = (left, right, out, b)
    fits = all(
        g is None or g == w
        for gs, ws in zip(got, want, strict=True)
        for g, w in zip(gs, ws, strict=True)
    )
    # the positions' count may be left to the layer (the product fixes it), never the filters'
    if not fits or None in stated or patch == columns or f == columns:
        return None  # a size that fits two roles: which matrix holds the patches is a guess
    left = tuple(w if g is None else g for g, w in zip(left, want[0], strict=True))
    right = tuple(w if g is None else g for g, w in zip(right, want[1], strict=True))
    images = f"{batch} images × " if batch != 1 else ""
    return finding(
        VERIFIED,
        f"the im2col product of the layer the notes state: {pair[0].name} is "
        f"{left[0]}×{left[1]}, {pair[1].name} {right[0]}×{right[1]}, with C k_h k_w = {patch} "
        f"entries per patch, {f} filters and {images}{positions} output positions; the "
        f"product plus the bias along each filter's {bias[1]} is the convolution's output",
    )
