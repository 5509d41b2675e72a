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


def _kernel(document: str, line: int) -> tuple[int, Matrix] | None:
    """(line, numbers) of the latest kernel matrix the notes give before ``line``."""
    found = [given_matrix(document, line, name) for name in _KERNELS]
    return max((f for f in found if f is not None), key=lambda f: f[0], default=None)


def _kernel_size(document: str, line: int) -> tuple[int, tuple[int, int]] | None:
    """(line, (k_h, k_w)) of the latest kernel matrix the notes give before ``line``."""
    latest = _kernel(document, line)
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


# vec(Y), \operatorname{vec}(K): a matrix flattened row by row
_VEC = re.compile(
    r"^\\(?:operatorname|mathrm|text)\{vec\}\((?P<name>\\mathbf\{[A-Za-z]\}|[A-Za-z])\)$"
)
# Y_{row}, W_{\text{row}}, K_\text{row}: the same, as the notes' row matrix
_ROW = re.compile(
    r"^(?P<name>\\mathbf\{[A-Za-z]\}|[A-Za-z])_(?:\{(?:\\(?:text|mathrm)\{)?row\}?\}"
    r"|\\(?:text|mathrm)\{row\})$"
)
_D = re.compile(
    r"^(?:\\frac\{\\partialL\}\{\\partial(?P<a>.+)\}|\\partialL/\\partial(?P<b>.+)|d(?P<c>.+))$"
)
_OUTPUTS = ("Y", "Z", "y", "z")


def _flat_name(text: str, document: str) -> str | None:
    """The matrix a flattened side names: Y of vec(Y) or Y_row; K of \\mathbf{k} where the
    notes define \\mathbf{k} = vec(K)."""
    m = _VEC.match(text) or _ROW.match(text)
    if m is not None:
        return re.sub(r"\\mathbf\{(.)\}", r"\1", m.group("name"))
    defined = re.search(
        re.escape(text) + r"=\\(?:operatorname|mathrm)\{vec\}\((\\mathbf\{[A-Za-z]\}|[A-Za-z])\)",
        _SPACES.sub("", document),
    )
    return re.sub(r"\\mathbf\{(.)\}", r"\1", defined.group(1)) if defined else None


def flattened_value(side: str, document: str, line: int) -> tuple[list, str] | None:
    """The entries, row by row, of the layer quantity a flattened side names (``vec(Y)``,
    ``Y_{row}``, ``dW_{row}``, ``\\partial L/\\partial \\mathbf{k}`` with k = vec(K)) at the
    X, kernel and G the notes give, with what it is; None where the side names none of them.

    Why: the im2col product is the plain valid correlation (module docstring); Y = X \\star K,
    and dL/dK = X \\star G (each kernel entry multiplies the X entries its window passes)."""
    from symconv.checker.worked_arith import _valid_correlation, plain_star
    from symconv.checker.worked_numbers import given_before

    text = _SPACES.sub("", side).rstrip(".,;")
    d = _D.match(text)
    name = _flat_name(d.group("a") or d.group("b") or d.group("c") if d else text, document)
    if name is None or not plain_star(document, line):
        return None
    given = given_before(document, line)
    k = _kernel(document, line)
    if "X" not in given or k is None:
        return None
    x, kernel = given["X"][0], k[1]
    h, w = len(x) - len(kernel) + 1, len(x[0]) - len(kernel[0]) + 1
    if h < 1 or w < 1:
        return None
    at_x = f"the X of line {given['X'][1]}"
    if d is None and name in _OUTPUTS:
        y = _valid_correlation(x, kernel)
        if not _row_major_settled(y, document, line):
            return None
        return [v for row in y for v in row], f"vec(Y) at {at_x} and the kernel of line {k[0]}"
    if d is not None and name.upper() in ("K", "W"):
        g = _upstream_grid(given, h, w)
        if g is None:
            return None
        dw = _valid_correlation(x, g)
        if not _row_major_settled(dw, document, line):
            return None
        return [v for row in dw for v in row], (
            f"dL/dK read row by row, at {at_x} and the G of line {given['G'][1]}"
        )
    return None


def _row_major_settled(m: Matrix, document: str, line: int) -> bool:
    """Whether the notes flatten row by row, as this reading does: the matrix reads the same
    both ways, or the notes' own numbers show it (an im2col matrix of theirs laid out row-major,
    or ``\\mathbf{k} = vec(K) = (...)`` listing a given K row by row where column by column
    differs).  vec is column-stacking in much of linear algebra: unsettled, nothing is bound."""
    from symconv.checker.extract import scan
    from symconv.checker.split import statements
    from symconv.checker.worked_vectors import vector_of

    if [v for row in m for v in row] == [v for col in zip(*m, strict=True) for v in col]:
        return True
    for event in scan(document):
        if event.kind != "math" or event.line >= line:
            continue
        for piece in statements(event.text):
            sides = _sides(piece.text)
            head = _SPACES.sub("", sides[0]) if sides else ""
            listed = matrix_of(sides[-1].strip()) if len(sides) > 1 else None
            if listed is not None and (_UNROLLED.match(head) or _CALLED.match(head)):
                try:
                    found = _judge(piece.text, document, line, None, True)
                except NotUnderstood:  # laid out column by column, or not read
                    found = None
                if found is not None and found["status"] == VERIFIED:
                    return True  # the notes' own im2col matrix, windows and positions row-major
            flat = [_SPACES.sub("", t) for t in sides]
            vec = next((_VEC.match(t) for t in flat[1:-1] if _VEC.match(t)), None)
            row = (
                vector_of(re.sub(r"\^(?:\{(?:T|\\top)\}|T|\\top)$", "", flat[-1])) if vec else None
            )
            source = given_matrix(document, line, vec.group("name")) if vec else None
            if row is not None and source is not None:
                by_rows = [v for r in source[1] for v in r]
                by_cols = [v for c in zip(*source[1], strict=True) for v in c]
                if row[0] == by_rows != by_cols:
                    return True
    return False


def _upstream_grid(given: dict, h: int, w: int) -> Matrix | None:
    """G on the output's grid: as given, or a row / column of h w entries read row by row
    (``g = vec(G)`` written as a row, ``dY = [1 0 2 -1]``)."""
    if "G" not in given:
        return None
    g = given["G"][0]
    if (len(g), len(g[0])) == (h, w):
        return g
    flat = [v for row in g for v in row]
    if (len(g) == 1 or len(g[0]) == 1) and len(flat) == h * w:
        return [flat[r * w : (r + 1) * w] for r in range(h)]
    return None
