"""An im2col matrix written in numbers after the notes gave X and the kernel: the windows of X,
read row by row, one per output position in row-major order, as rows or as columns.  The
truth is torch's ``unfold`` (columns = windows, positions row-major), never symconv; a matrix
with a wrong entry is caught, one in a column-major convention the notes do not state is not
judged, and one whose positions contradict the order the notes list is caught."""

from __future__ import annotations

import pytest
from line_verdicts import one_verdict

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

torch = pytest.importorskip("torch")

X = [[3, 1, 0, 2], [1, -2, 4, 1], [0, 5, 1, 1]]  # 3 x 4: 2 x 3 = 6 windows of a 2 x 2 kernel
K = [[1, 0], [2, -1]]


def _unfolded() -> list[list[int]]:
    """torch's unfold: (k_h k_w) x (number of windows), windows as columns, row-major."""
    x = torch.tensor([[X]], dtype=torch.float64)
    cols = torch.nn.functional.unfold(x, kernel_size=2)[0]
    return [[int(v) for v in row] for row in cols.tolist()]


def _matrix(rows, env: str) -> str:
    body = " \\\\ ".join(" & ".join(str(v) for v in row) for row in rows)
    return f"\\begin{{{env}}} {body} \\end{{{env}}}"


def _transposed(m):
    return [list(c) for c in zip(*m, strict=True)]


_GERMAN = """# im2col zu Fuß

Ein Kanal, Kreuzkorrelation ohne Auffüllen:

$$X = {x}, \\qquad K = {k}$$

Jedes Fenster wird zeilenweise ausgerollt und bildet eine Zeile:

$$X_{{\\text{{col}}}} = {xcol}$$
"""

_SPANISH = """# im2col paso a paso

Un canal; la entrada y el filtro son

$$X = {x}, \\qquad W = {k}$$

Cada ventana, leída fila por fila, es una columna, en el orden (0,0), (0,1), (0,2), (1,0):

$$\\operatorname{{im2col}}(X) = {xcol}$$
"""


def _note(template: str, xcol) -> str:
    env = "bmatrix" if template is _GERMAN else "pmatrix"
    return template.format(x=_matrix(X, env), k=_matrix(K, env), xcol=_matrix(xcol, env))


def _column_major_positions(cols):
    """The same windows with the positions taken column by column (MATLAB's order)."""
    order = [i * 3 + j for j in range(3) for i in range(2)]
    return [[row[p] for p in order] for row in cols]


def _bumped(m):
    out = [list(r) for r in m]
    out[1][2] += 1
    return out


@pytest.mark.parametrize(
    ("template", "layout"),
    [(_GERMAN, "rows"), (_SPANISH, "columns")],
    ids=["de-rows", "es-columns"],
)
def test_an_unrolled_matrix_is_judged_at_the_given_numbers(template, layout):
    cols = _unfolded()
    right = _transposed(cols) if layout == "rows" else cols
    piece = "col}} =" if template is _GERMAN else "im2col}(X) ="
    assert one_verdict(_note(template, right), piece).status == VERIFIED
    assert one_verdict(_note(template, _bumped(right)), piece).status == WRONG


def test_a_column_major_order_is_not_judged_unless_the_notes_list_the_order():
    swapped = _column_major_positions(_unfolded())
    # the Spanish note lists (0,0), (0,1), ...: positions in row-major order, so it is wrong
    assert one_verdict(_note(_SPANISH, swapped), "im2col}(X) =").status == WRONG
    unlisted = _SPANISH.replace(", en el orden (0,0), (0,1), (0,2), (1,0)", "")
    assert one_verdict(_note(unlisted, swapped), "im2col}(X) =").status == NOT_UNDERSTOOD


def test_a_strided_layer_leaves_the_unrolled_matrix_unread():
    text = _note(_GERMAN, _transposed(_unfolded())).replace(
        "ohne Auffüllen:", "ohne Auffüllen, stride 2:"
    )
    assert one_verdict(text, "col}} =").status == NOT_UNDERSTOOD


def _as_column(v) -> str:
    return "\\begin{bmatrix} " + " \\\\ ".join(str(int(x)) for x in v) + " \\end{bmatrix}"


def _as_row(v, env: str = "bmatrix") -> str:
    return f"\\begin{{{env}}} " + " & ".join(str(int(x)) for x in v) + f" \\end{{{env}}}"


G = [[1, -1, 2], [0, 3, 1]]  # dL/dY on the 2 x 3 output


def _torch_products() -> dict[str, list[float]]:
    """vec(Y) and vec(dL/dK), row by row, from torch's conv2d and autograd."""
    x = torch.tensor([[X]], dtype=torch.float64)
    k = torch.tensor([[K]], dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, k)
    (y * torch.tensor([[G]], dtype=torch.float64)).sum().backward()
    assert k.grad is not None
    return {"y": y.flatten().tolist(), "dk": k.grad.flatten().tolist()}


_PRODUCTS = """# im2col: the forward and dL/dk as products

One channel, valid cross-correlation, stride 1:

$$X = {x}, \\qquad K = {k}$$

Windows read row by row, one row per output position:

$$X_{{\\text{{col}}}} = {xcol}$$

With $\\mathbf{{k}} = \\operatorname{{vec}}(K) = ({kvec})^\\top$,

$$\\operatorname{{vec}}(Y) = X_{{\\text{{col}}}}\\, \\mathbf{{k}} = {y}$$

Take $\\mathbf{{g}} = \\operatorname{{vec}}(G) = ({gvec})^\\top$, where
$G = \\partial L / \\partial Y$ is

$$G = {g}$$

$$\\frac{{\\partial L}}{{\\partial \\mathbf{{k}}}} = """ + (
    "X_{{\\text{{col}}}}^\\top\\, \\mathbf{{g}} = {dk}$$\n"
)


def _products_note(slip: int, listed: bool = True) -> str:
    t = _torch_products()
    rows = _transposed(_unfolded())
    y = [v + (slip if n == 0 else 0) for n, v in enumerate(t["y"])]
    dk = [v + (slip if n == 0 else 0) for n, v in enumerate(t["dk"])]
    text = _PRODUCTS.format(
        x=_matrix(X, "bmatrix"),
        k=_matrix(K, "bmatrix"),
        xcol=_matrix(rows, "bmatrix"),
        kvec=", ".join(str(v) for row in K for v in row),
        y=_as_column(y),
        gvec=", ".join(str(v) for row in G for v in row),
        g=_matrix(G, "bmatrix"),
        dk=_as_column(dk),
    )
    if not listed:  # neither the unrolled matrix nor vec(K)'s numbers: vec's order unread
        text = text.replace(f"$$X_{{\\text{{col}}}} = {_matrix(rows, 'bmatrix')}$$", "")
        text = text.replace(" = (" + ", ".join(str(v) for row in K for v in row) + ")^\\top", "")
    return text


@pytest.mark.parametrize("slip", [0, 1], ids=["right", "an entry off"])
def test_im2col_products_are_bound_to_the_layers_output_and_kernel_gradient(slip):
    text = _products_note(slip)
    for piece in ("\\operatorname{vec}(Y) =", "\\partial \\mathbf{k}} ="):
        found = one_verdict(text, piece)
        assert found.status == (WRONG if slip else VERIFIED), (piece, found.message)


def test_vec_is_not_bound_where_the_notes_never_show_its_order():
    """vec stacks columns in much of linear algebra: without the notes' own numbers showing
    row-by-row flattening, the product's first side is not bound (no verdict either way)."""
    text = _products_note(1, listed=False)
    assert one_verdict(text, "\\operatorname{vec}(Y) =").status == NOT_UNDERSTOOD
