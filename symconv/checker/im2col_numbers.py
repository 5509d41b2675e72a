"""An im2col matrix written out in numbers: "$X = [...]$, $K = [...]$ (2 x 2)", then
"$X_{\\text{col}} = \\begin{bmatrix} 1 & 2 & 3 & 1 \\\\ ... \\end{bmatrix}$".

Why the truth is what it is: the valid, stride-1 correlation Y = X \\star K has one output per
window position (i, j), i = 0..H-k_h, j = 0..W-k_w, and Y[i,j] = sum_{u,v} X[i+u, j+v] K[u,v].
Unrolling each window into a vector (its rows one after the other, as K is read into
vec(K)) and stacking one vector per position (positions in row-major order, as vec(Y))
gives the matrix whose product with vec(K) is vec(Y): the windows as rows (P x k_h k_w), or
as columns (k_h k_w x P) when the notes multiply vec(K)^T from the left.  Both orientations
are this one convention; a matrix that differs from both is wrong.

Other conventions exist (MATLAB's im2col reads windows and positions column by column): a
matrix that matches one of those but not the row-major one is not understood, never wrong,
unless the notes list the positions in row-major order themselves ("columns are the windows
at (0,0), (0,1), (1,0), (1,1)"), which rules the column-major order out.

Only a plain valid correlation is read (no stride or padding stated, :func:`.worked_arith.
plain_star`), of one channel: X a matrix the notes give, the kernel's size from a kernel
matrix they give.  Numbers are parsed as Fractions, never evaluated.
"""

from __future__ import annotations

import re

from symconv.checker.context import finding
from symconv.checker.limits import NotUnderstood
from symconv.checker.named_operators import given_matrix
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.worked_numbers import Matrix, _sides, matrix_of

_SPACES = re.compile(r"\\[,;:! ]|\\q?quad|\s+|\\left|\\right|\\displaystyle")
_WORD = r"(?:col|cols|unf|unfold|patches)"
# X_{\text{col}}, X_{col}, X_\text{col}, \mathbf{X}_{\mathrm{col}}: the unrolled X
_UNROLLED = re.compile(
    r"^(?P<name>(?:\\mathbf\{[A-Za-z]\}|[A-Za-z]))_(?:\{(?:\\(?:text|mathrm|rm)\{)?"
    + _WORD
    + r"\}?\}|\\(?:text|mathrm)\{"
    + _WORD
    + r"\})$"
)
# \operatorname{im2col}(X), \text{im2col}(X), \mathrm{im2col}(X)
_CALLED = re.compile(
    r"^\\(?:operatorname|text|mathrm)\{im2col\}\((?P<name>\\mathbf\{[A-Za-z]\}|[A-Za-z])\)$"
)
_KERNELS = ("K", "W", "k", "w", "\\mathbf{K}", "\\mathbf{W}")
# "(0,0), (0,1), (1,0)": the notes list the positions in row-major order
_ROW_MAJOR_LIST = re.compile(r"\(\s*0\s*,\s*0\s*\)\s*,\s*\(\s*0\s*,\s*1\s*\)")


def _windows(x: Matrix, kh: int, kw: int, rows_first: bool, window_rows_first: bool) -> Matrix:
    """One vector per window: positions in row-major order when ``rows_first``, each window
    read row by row when ``window_rows_first``."""
    h, w = len(x), len(x[0])
    positions = [(i, j) for i in range(h - kh + 1) for j in range(w - kw + 1)]
    if not rows_first:
        positions.sort(key=lambda p: (p[1], p[0]))
    taps = [(u, v) for u in range(kh) for v in range(kw)]
    if not window_rows_first:
        taps.sort(key=lambda t: (t[1], t[0]))
    return [[x[i + u][j + v] for u, v in taps] for i, j in positions]


def _transposed(m: Matrix) -> Matrix:
    return [list(col) for col in zip(*m, strict=True)]


def _kernel_size(document: str, line: int) -> tuple[int, tuple[int, int]] | None:
    """(line, (k_h, k_w)) of the latest kernel matrix the notes give before ``line``."""
    found = [given_matrix(document, line, name) for name in _KERNELS]
    latest = max((f for f in found if f is not None), key=lambda f: f[0], default=None)
    if latest is None:
        return None
    return latest[0], (len(latest[1]), len(latest[1][0]))


def _layer_kernel(model: object, guessed: bool) -> tuple[int, tuple[int, int]] | None:
    """The kernel size of a one-channel convolution the notes state (never a guess), as
    (0, (k_h, k_w)): "one channel, a 3 x 3 input, one 2 x 2 filter" with no kernel numbers."""
    from symconv.checker.worked_conv import is_conv

    if guessed or not is_conv(model):
        return None
    grid = model.layer.tensors["W"].ids[0, 0]  # type: ignore[attr-defined]
    return 0, (int(grid.shape[0]), int(grid.shape[1]))


def judge_im2col_numbers(
    text: str, document: str, line: int, model: object = None, guessed: bool = True
) -> dict | None:
    """The verdict of ``X_{col} = [numbers]`` (:func:`_judge`), marked as computed from the
    notes' numbers alone (no size of a guessed layer is in it)."""
    found = _judge(text, document, line, model, guessed)
    return None if found is None else {**found, "_own_numbers": True}


def _judge(text: str, document: str, line: int, model: object, guessed: bool) -> dict | None:
    """The verdict of ``X_{col} = [numbers]`` at the X and kernel the notes give, or None
    where the claim is no such matrix."""
    from symconv.checker.worked_arith import _show, plain_star

    sides = _sides(text)
    if len(sides) != 2:
        return None
    head = _SPACES.sub("", sides[0])
    m = _UNROLLED.match(head) or _CALLED.match(head)
    claimed = matrix_of(sides[1].strip().rstrip(".,;").strip())
    if m is None or claimed is None:
        return None
    name = m.group("name")
    # X_{col} of the x the notes give: the unrolled matrix takes a capital as matrices do
    given = given_matrix(document, line, name) or (
        given_matrix(document, line, name.swapcase()) if len(name) == 1 else None
    )
    kernel = _kernel_size(document, line) or _layer_kernel(model, guessed)
    if given is None or kernel is None:
        return None
    if not plain_star(document, line):
        raise NotUnderstood(
            "an im2col matrix in numbers, but the notes' layer has a stride or padding: its "
            "windows are not read"
        )
    x, (kh, kw) = given[1], kernel[1]
    if kh > len(x) or kw > len(x[0]):
        return None
    truth = _windows(x, kh, kw, True, True)
    shape = (len(claimed), len(claimed[0]))
    orientations = {(len(truth), kh * kw): False, (kh * kw, len(truth)): True}
    if shape not in orientations:
        raise NotUnderstood(
            f"an im2col matrix of {shape[0]}x{shape[1]}, where the {kh}x{kw} windows of the "
            f"{len(x)}x{len(x[0])} X give {len(truth)} windows of {kh * kw}: its layout is not "
            "read"
        )
    stated = f"of line {kernel[0]}" if kernel[0] else "the notes state"
    where = f"the X of line {given[0]} and the {kh}x{kw} kernel {stated}"

    def laid(m: Matrix, columns: bool) -> Matrix:
        return _transposed(m) if columns else m

    # a square matrix (as many windows as taps) may hold the windows either way
    for columns in (False, True) if shape[0] == shape[1] else (orientations[shape],):
        if claimed == laid(truth, columns):
            side = "columns" if columns else "rows"
            return finding(
                VERIFIED,
                f"the windows of X read row by row, one per output position in row-major "
                f"order, as {side}, at {where} (these numbers only)",
            )
    other = [
        laid(_windows(x, kh, kw, rows, inner), columns)
        for rows in (True, False)
        for inner in (True, False)
        for columns in (False, True)
        if not (rows and inner)
    ]
    if any(claimed == o for o in other) and not _ROW_MAJOR_LIST.search(
        "\n".join(document.split("\n")[max(0, line - 4) : line])
    ):
        raise NotUnderstood(
            "an im2col matrix whose windows or positions are read column by column: a "
            "convention the notes do not state, not read"
        )
    columns = orientations[shape]
    want = laid(truth, columns)
    return finding(
        WRONG,
        f"the windows of X, one per output position in row-major order as "
        f"{'columns' if columns else 'rows'}, give {_show(want)}, at {where} (these numbers "
        "only)",
    )
