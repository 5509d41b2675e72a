"""Claims about layers the notes write as matrix products: im2col (``Y_mat = W_mat X_col +
b 1^T``, shapes stated as numbers or as symbols, English and Spanish), col2im, a batch written
with superscripts ``(n)``, a dense layer with samples as rows under a mean softmax
cross-entropy (``Z = XW + 1b^T``), a dense layer with a column vector (``z = Wx + b``), and a
1-D convolution's Toeplitz matrix written out entry by entry.

The truth is torch autograd (``F.unfold`` / ``F.fold`` for im2col and col2im,
``F.cross_entropy`` for the loss, ``F.conv1d`` for the Toeplitz layer); each claimed right
side is computed with NumPy from the same tensors, and the checker must verify exactly the
claims whose right side equals the autograd gradient (shape and values) and call the others
wrong."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch.manual_seed(0)


def _verdicts(text: str) -> list:
    return [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]


def _last(text: str):
    verdicts = _verdicts(text)
    assert verdicts, "no verdict"
    return verdicts[-1]


def _agrees(value, want: np.ndarray) -> bool:
    return value is not None and value.shape == want.shape and bool(np.allclose(value, want))


def _try(right, *args):
    try:
        return right(*args)
    except ValueError:
        return None  # the product does not multiply


# -- im2col ---------------------------------------------------------------------------------
C, H, K, F_OUT = 2, 4, 2, 3  # a 2x4x4 input, three 2x2x2 filters: X_col is 8x9


def _im2col_truth() -> dict[str, np.ndarray]:
    x = torch.randn(1, C, H, H, dtype=torch.float64, requires_grad=True)
    w = torch.randn(F_OUT, C, K, K, dtype=torch.float64, requires_grad=True)
    b = torch.randn(F_OUT, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, b)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    cols = F.unfold(x.detach(), K)[0]  # (C*K*K, H'*W'), rows ordered (c, u, v)
    return {
        "X": cols.numpy(),
        "W": w.detach().reshape(F_OUT, -1).numpy(),
        "G": g.reshape(F_OUT, -1).numpy(),
        "dW": w.grad.reshape(F_OUT, -1).numpy(),
        "db": b.grad.reshape(-1, 1).numpy(),
        "dXcol": (w.detach().reshape(F_OUT, -1).T @ g.reshape(F_OUT, -1)).numpy(),
        "dx": x.grad.numpy(),
    }


IM2COL_HEADS = {
    "numbers": (
        "im2col turns $X$ into $X_{\\text{col}} \\in \\mathbb{R}^{8 \\times 9}$ (one column per "
        "output position), the filters into $W_{\\text{mat}} \\in \\mathbb{R}^{3 \\times 8}$, and "
        "the forward pass is $Y_{\\text{mat}} = W_{\\text{mat}} X_{\\text{col}} + b\\,"
        "\\mathbf{1}_9^{\\top}$.\n\n"
    ),
    "symbols": (
        "Con $X_{\\mathrm{col}}$ de $CK^2 \\times P$ (una columna por ventana), "
        "$W_{\\mathrm{mat}}$ de $F \\times CK^2$ y $\\Delta$ de $F \\times P$:\n\n"
        "$$Y_{\\mathrm{mat}} = W_{\\mathrm{mat}} X_{\\mathrm{col}} + b\\,\\mathbf{1}^\\top$$\n\n"
    ),
}
IM2COL_NAMES = {
    "numbers": {
        "dW": "dW_{\\text{mat}}",
        "dX": "dX_{\\text{col}}",
        "G": "dY_{\\text{mat}}",
        "X": "X_{\\text{col}}",
        "W": "W_{\\text{mat}}",
        "db": "db",
        "one": "\\mathbf{1}_9",
    },
    "symbols": {
        "dW": "\\frac{\\partial L}{\\partial W_{\\mathrm{mat}}}",
        "dX": "\\frac{\\partial L}{\\partial X_{\\mathrm{col}}}",
        "G": "\\Delta",
        "X": "X_{\\mathrm{col}}",
        "W": "W_{\\mathrm{mat}}",
        "db": "\\frac{\\partial L}{\\partial b}",
        "one": "\\mathbf{1}",
    },
}
IM2COL_CLAIMS = [
    ("dW", "{G}\\, {X}^{{\\top}}", lambda t: t["G"] @ t["X"].T),
    ("dW", "{X}^{{\\top}}\\, {G}", lambda t: t["X"].T @ t["G"]),
    ("dW", "{G}^\\top {X}", lambda t: t["G"].T @ t["X"]),
    ("dX", "{W}^{{\\top}} {G}", lambda t: t["W"].T @ t["G"]),
    ("dX", "{G}^{{\\top}} {W}", lambda t: t["G"].T @ t["W"]),
    ("db", "{G}\\, {one}", lambda t: t["G"] @ np.ones((9, 1))),
    ("db", "\\frac{{1}}{{2}} {G}\\, {one}", lambda t: t["G"] @ np.ones((9, 1)) / 2),
]
TARGET = {"dW": "dW", "dX": "dXcol", "db": "db"}


@pytest.mark.parametrize("style", ["numbers", "symbols"])
@pytest.mark.parametrize(("left", "right", "numpy"), IM2COL_CLAIMS)
def test_im2col_claims(style: str, left: str, right: str, numpy) -> None:
    truth = _im2col_truth()
    names = IM2COL_NAMES[style]
    claim = f"{names[left]} = {right.format(**names)}"
    verdict = _last(IM2COL_HEADS[style] + f"$${claim}$$\n")
    holds = _agrees(_try(numpy, truth), truth[TARGET[left]])
    assert verdict.status == (VERIFIED if holds else WRONG), (claim, verdict.message)


def test_col2im_of_the_column_gradient_is_the_input_gradient() -> None:
    truth = _im2col_truth()
    # torch's fold adds each column entry back to its pixel: the adjoint of unfold
    folded = F.fold(torch.from_numpy(truth["dXcol"])[None], (H, H), K).numpy()
    assert np.allclose(folded, truth["dx"])
    text = IM2COL_HEADS["numbers"] + (
        "$$dX = \\operatorname{col2im}\\big(W_{\\text{mat}}^{\\top}\\, dY_{\\text{mat}}\\big)$$\n"
    )
    assert _last(text).status == VERIFIED
    wrong = IM2COL_HEADS["numbers"] + (
        "$$dX = \\operatorname{col2im}\\big(dY_{\\text{mat}}^{\\top} W_{\\text{mat}}\\big)$$\n"
    )
    assert _last(wrong).status == WRONG  # a 9x8 matrix is no column matrix of X


def test_a_batch_written_with_sample_superscripts() -> None:
    xs = [_im2col_truth() for _ in range(2)]
    # two images through the same filters: torch sums the per-image weight gradients
    w = torch.randn(F_OUT, C * K * K, dtype=torch.float64, requires_grad=True)
    b = torch.randn(F_OUT, 1, dtype=torch.float64, requires_grad=True)
    loss = sum(((w @ torch.from_numpy(t["X"]) + b) * torch.from_numpy(t["G"])).sum() for t in xs)
    loss.backward()
    summed = sum(t["G"] @ t["X"].T for t in xs)
    assert np.allclose(summed, w.grad.numpy())
    assert not np.allclose(sum(t["G"].sum(1) for t in xs) / 2, b.grad.numpy().ravel())
    text = IM2COL_HEADS["numbers"] + (
        "$$dW_{\\text{mat}} = \\sum_{n=1}^{2} dY^{(n)}_{\\text{mat}}\\, X^{(n)\\top}_{\\text{col}}"
        ", \\qquad db = \\frac{1}{2}\\sum_{n=1}^{2} dY^{(n)}_{\\text{mat}}\\,\\mathbf{1}_9 .$$\n"
    )
    statuses = [v.status for v in _verdicts(text)]
    assert statuses[-2:] == [VERIFIED, WRONG]  # (the definition above is no claim)


# -- a dense layer, samples as rows, mean softmax cross-entropy ----------------------------
N, D, M = 4, 5, 3
DENSE_HEAD = (
    "A mini-batch of $N = 4$ examples, each a row of $X$ with $D = 5$ features, $M = 3$ "
    "classes. The layer is $Z = XW + \\mathbf{1}b^\\top$ with $W$ of size $5 \\times 3$ and "
    "$b \\in \\mathbb{R}^3$, then $P = \\operatorname{softmax}(Z)$ row by row, and $Y$ holds "
    "the one-hot labels. The loss is the mean over the batch:\n\n"
    "$$L = -\\frac{1}{N} \\sum_{n=1}^{N} \\sum_{k=1}^{M} y_{nk} \\log p_{nk}$$\n\n"
)


def _dense_truth() -> dict[str, np.ndarray]:
    x = torch.randn(N, D, dtype=torch.float64, requires_grad=True)
    w = torch.randn(D, M, dtype=torch.float64, requires_grad=True)
    b = torch.randn(M, dtype=torch.float64, requires_grad=True)
    labels = torch.tensor([0, 2, 1, 2])
    z = x @ w + b
    z.retain_grad()
    F.cross_entropy(z, labels).backward()  # the mean over the batch
    p = torch.softmax(z, 1).detach().numpy()
    return {
        "X": x.detach().numpy(),
        "W": w.detach().numpy(),
        "P": p,
        "Y": np.eye(M)[labels.numpy()],
        "dZ": z.grad.numpy(),
        "dW": w.grad.numpy(),
        "db": b.grad.numpy().reshape(-1, 1),
        "dX": x.grad.numpy(),
    }


DENSE_CLAIMS = [
    (
        "\\frac{\\partial L}{\\partial Z} = \\frac{1}{N}(P - Y)",
        "dZ",
        lambda t: (t["P"] - t["Y"]) / N,
    ),
    ("\\frac{\\partial L}{\\partial Z} = P - Y", "dZ", lambda t: t["P"] - t["Y"]),
    ("\\frac{\\partial L}{\\partial W} = X^\\top dZ", "dW", lambda t: t["X"].T @ t["dZ"]),
    ("\\frac{\\partial L}{\\partial W} = dZ\\, X^\\top", "dW", lambda t: t["dZ"] @ t["X"].T),
    ("\\frac{\\partial L}{\\partial X} = dZ\\, W^\\top", "dX", lambda t: t["dZ"] @ t["W"].T),
    ("\\frac{\\partial L}{\\partial X} = W\\, dZ^\\top", "dX", lambda t: t["W"] @ t["dZ"].T),
    (
        "\\frac{\\partial L}{\\partial b} = dZ^\\top \\mathbf{1}_N",
        "db",
        lambda t: t["dZ"].T @ np.ones((N, 1)),
    ),
    (
        "\\nabla_{W} L = \\frac{1}{N} X^\\top (P - Y)",
        "dW",
        lambda t: t["X"].T @ (t["P"] - t["Y"]) / N,
    ),
]


@pytest.mark.parametrize(("claim", "target", "numpy"), DENSE_CLAIMS)
def test_dense_rows_with_softmax_cross_entropy(claim: str, target: str, numpy) -> None:
    truth = _dense_truth()
    verdict = _last(DENSE_HEAD + f"Write $dZ$ for $\\partial L/\\partial Z$.\n\n$${claim}$$\n")
    holds = _agrees(_try(numpy, truth), truth[target])
    assert verdict.status == (VERIFIED if holds else WRONG), (claim, verdict.message)


@pytest.mark.parametrize(
    ("claim", "holds"),
    [
        (
            "\\frac{\\partial L}{\\partial w_{dk}} = \\frac{1}{N} \\sum_{n=1}^{N} x_{nd}\\,"
            "(p_{nk} - y_{nk})",
            True,
        ),
        ("\\frac{\\partial L}{\\partial b_k} = \\frac{1}{N} \\sum_{n=1}^{N} (dZ)_{nk}", False),
        ("\\frac{\\partial L}{\\partial b_k} = \\sum_{n=1}^{N} (dZ)_{nk}", True),
    ],
)
def test_dense_entries_one_based(claim: str, holds: bool) -> None:
    t = _dense_truth()
    # the entries' truth, 1-based as written: dW_{dk} = (1/N) sum_n x_{nd} (p_nk - y_nk)
    assert np.allclose(t["dW"], t["X"].T @ (t["P"] - t["Y"]) / N)
    assert np.allclose(t["db"].ravel(), t["dZ"].sum(0))
    assert not np.allclose(t["db"].ravel(), t["dZ"].sum(0) / N)
    verdict = _last(DENSE_HEAD + f"Write $dZ$ for $\\partial L/\\partial Z$.\n\n$${claim}$$\n")
    assert verdict.status == (VERIFIED if holds else WRONG), (claim, verdict.message)


# -- a dense layer with a column vector ------------------------------------------------------
COLUMN_HEAD = (
    "The input $x \\in \\mathbb{R}^{4}$ is a column vector, $W \\in \\mathbb{R}^{3 \\times 4}$, "
    "and $z = Wx + b$. Write $G = \\partial L/\\partial z$.\n\n"
)


@pytest.mark.parametrize(
    ("claim", "target", "numpy"),
    [
        ("\\frac{\\partial L}{\\partial W} = G x^\\top", "dW", lambda t: t["g"] @ t["x"].T),
        ("\\frac{\\partial L}{\\partial W} = x G^\\top", "dW", lambda t: t["x"] @ t["g"].T),
        ("\\frac{\\partial L}{\\partial x} = W^\\top G", "dx", lambda t: t["W"].T @ t["g"]),
        ("\\frac{\\partial L}{\\partial x} = G^\\top W", "dx", lambda t: t["g"].T @ t["W"]),
    ],
)
def test_dense_column_vector(claim: str, target: str, numpy) -> None:
    x = torch.randn(4, 1, dtype=torch.float64, requires_grad=True)
    w = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
    z = w @ x + torch.randn(3, 1, dtype=torch.float64)
    g = torch.randn_like(z)
    (z * g).sum().backward()
    t = {
        "x": x.detach().numpy(),
        "W": w.detach().numpy(),
        "g": g.numpy(),
        "dW": w.grad.numpy(),
        "dx": x.grad.numpy(),
    }
    verdict = _last(COLUMN_HEAD + f"$${claim}$$\n")
    holds = _agrees(_try(numpy, t), t[target])
    assert verdict.status == (VERIFIED if holds else WRONG), (claim, verdict.message)


# -- a Toeplitz matrix written out -------------------------------------------------------------
TOEPLITZ = (
    "Let $x \\in \\mathbb{R}^5$, $w = (w_0, w_1, w_2)$ and $y_i = \\sum_{k=0}^{2} w_k x_{i+k}$ "
    "for $i = 0, 1, 2$ (0-based), and $g = \\partial L/\\partial y$.\n\n"
    "$$y = \\begin{bmatrix} w_0 & w_1 & w_2 & 0 & 0 \\\\ 0 & w_0 & w_1 & w_2 & 0 \\\\ "
    "0 & 0 & w_0 & w_1 & w_2 \\end{bmatrix} x = T x .$$\n\n"
    "For the weights, $X_{\\text{col}} = \\begin{bmatrix} x_0 & x_1 & x_2 \\\\ x_1 & x_2 & x_3 "
    "\\\\ x_2 & x_3 & x_4 \\end{bmatrix}$.\n\n"
)


def test_toeplitz_written_out() -> None:
    x = torch.randn(1, 1, 5, dtype=torch.float64, requires_grad=True)
    w = torch.randn(1, 1, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv1d(x, w)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    wv, xv, gv = w.detach().ravel().numpy(), x.detach().ravel().numpy(), g.ravel().numpy()
    t = np.array(
        [[wv[0], wv[1], wv[2], 0, 0], [0, wv[0], wv[1], wv[2], 0], [0, 0, wv[0], wv[1], wv[2]]]
    )
    cols = np.array([[xv[0], xv[1], xv[2]], [xv[1], xv[2], xv[3]], [xv[2], xv[3], xv[4]]])
    assert np.allclose(t.T @ gv, x.grad.ravel().numpy())  # dL/dx = T^T g
    assert np.allclose(cols @ gv, w.grad.ravel().numpy())  # dL/dw = X_col g
    assert not np.allclose(cols[::-1] @ gv, w.grad.ravel().numpy())  # (not the flipped rows)
    claims = {
        "\\frac{\\partial L}{\\partial x} = T^{\\top} g": VERIFIED,
        "\\frac{\\partial L}{\\partial w} = X_{\\text{col}}\\, g": VERIFIED,
        "\\frac{\\partial L}{\\partial w} = \\begin{bmatrix} x_2 & x_3 & x_4 \\\\ x_1 & x_2 & "
        "x_3 \\\\ x_0 & x_1 & x_2 \\end{bmatrix} g": WRONG,
        "T^{\\top} g = \\begin{bmatrix} w_0 g_0 \\\\ w_1 g_0 + w_0 g_1 \\\\ w_2 g_0 + w_1 g_1 + "
        "w_0 g_2 \\\\ w_2 g_1 + w_1 g_2 \\\\ w_2 g_2 \\end{bmatrix}": VERIFIED,
        "T^{\\top} g = \\begin{bmatrix} w_0 g_0 \\\\ w_1 g_0 + w_0 g_1 \\\\ w_2 g_0 + w_1 g_1 + "
        "w_0 g_2 \\\\ w_1 g_1 + w_2 g_2 \\\\ w_2 g_2 \\end{bmatrix}": WRONG,
    }
    for claim, want in claims.items():
        verdict = _last(TOEPLITZ + f"$${claim}$$\n")
        assert verdict.status == want, (claim, verdict.message)


# -- a batch as columns, the bias broadcast, bold letters and dL/dW --------------------------
BROADCAST_HEAD = (
    "A batch of four columns: $\\mathbf{X} \\in \\mathbb{R}^{5 \\times 4}$, $\\mathbf{W} \\in "
    "\\mathbb{R}^{3 \\times 5}$, $\\mathbf{b} \\in \\mathbb{R}^3$, and $\\mathbf{Z} = "
    "\\mathbf{W}\\mathbf{X} + \\mathbf{b}$ (the bias added to every column); $dZ$ is "
    "$\\partial L/\\partial Z$.\n\n"
)


@pytest.mark.parametrize(
    ("claim", "target", "numpy"),
    [
        ("\\frac{dL}{d\\mathbf{b}} = dZ\\,\\mathbf{1}_4", "db", lambda t: t["g"] @ np.ones((4, 1))),
        (
            "\\frac{dL}{d\\mathbf{b}} = dZ^\\top \\mathbf{1}_4",
            "db",
            lambda t: t["g"].T @ np.ones((4, 1)),
        ),
        ("\\frac{dL}{d\\mathbf{W}} = dZ\\, \\mathbf{X}^T", "dW", lambda t: t["g"] @ t["X"].T),
        (
            "\\frac{\\partial L}{\\partial \\mathbf{W}} = \\mathbf{X}\\, dZ^T",
            "dW",
            lambda t: t["X"] @ t["g"].T,
        ),
        (
            "\\frac{\\partial L}{\\partial \\mathbf{X}} = \\mathbf{W}^T dZ",
            "dX",
            lambda t: t["W"].T @ t["g"],
        ),
    ],
)
def test_column_batch_with_a_broadcast_bias(claim: str, target: str, numpy) -> None:
    x = torch.randn(5, 4, dtype=torch.float64, requires_grad=True)
    w = torch.randn(3, 5, dtype=torch.float64, requires_grad=True)
    b = torch.randn(3, 1, dtype=torch.float64, requires_grad=True)
    z = w @ x + b  # torch broadcasts b over the columns, as the notes say
    g = torch.randn_like(z)
    (z * g).sum().backward()
    t = {
        "X": x.detach().numpy(),
        "W": w.detach().numpy(),
        "g": g.numpy(),
        "dW": w.grad.numpy(),
        "dX": x.grad.numpy(),
        "db": b.grad.numpy(),
    }
    verdict = _last(BROADCAST_HEAD + f"$${claim}$$\n")
    holds = _agrees(_try(numpy, t), t[target])
    assert verdict.status == (VERIFIED if holds else WRONG), (claim, verdict.message)


def test_a_size_the_notes_leave_open_is_tried_at_several_values() -> None:
    # W's second size is never stated: the claims are verified only because they hold at
    # every value tried (the matrix calculus of Z = XW does not depend on it)
    text = (
        "The layer is $Z = XW$ with $X \\in \\mathbb{R}^{4 \\times 5}$.\n\n"
        "$$\\frac{\\partial L}{\\partial X} = dZ\\, W^\\top$$\n\n"
        "$$\\frac{\\partial L}{\\partial W} = X^\\top dZ$$\n"
    )
    statuses = [v.status for v in _verdicts(text)]
    assert statuses[-2:] == [VERIFIED, VERIFIED]  # true whatever W's second size is


ROWS_ES = (
    "# Capa densa + softmax\n\nUn lote de $N = 4$ ejemplos:\n\n"
    "- $X$ es $4 \\times 5$, $W$ es $5 \\times 3$, $b$ es un vector fila $1 \\times 3$ que se "
    "suma a cada fila,\n- la capa calcula $Z = XW + b$,\n"
    "- $P = \\operatorname{softmax}(Z)$ por filas, e $Y$ tiene el one-hot.\n\n"
    "$$L = -\\frac{1}{N}\\sum_{n=1}^{N}\\sum_{k=1}^{3} y_{nk}\\,\\log p_{nk}$$\n\n"
    "## Gradientes\n\n$${claim}$$\n"
)


@pytest.mark.parametrize(
    ("claim", "target", "numpy"),
    [
        (
            "\\frac{\\partial L}{\\partial W} = X^\\top (P - Y)",
            "dW",
            lambda t: t["X"].T @ (t["P"] - t["Y"]),
        ),
        (
            "\\frac{\\partial L}{\\partial W} = \\frac{1}{N} X^\\top (P - Y)",
            "dW",
            lambda t: t["X"].T @ (t["P"] - t["Y"]) / N,
        ),
        (
            "\\frac{\\partial L}{\\partial b} = \\frac{1}{N}\\mathbf{1}^\\top (P - Y)",
            "db",
            lambda t: np.ones((1, N)) @ (t["P"] - t["Y"]) / N,
        ),
        (
            "\\frac{\\partial L}{\\partial b} = \\frac{1}{N}(P - Y)\\mathbf{1}",
            "db",
            lambda t: (t["P"] - t["Y"]) @ np.ones((M, 1)) / N,
        ),
    ],
)
def test_rows_stated_in_words_with_a_row_vector_bias(claim: str, target: str, numpy) -> None:
    t = _dense_truth()
    t["db"] = t["db"].reshape(1, -1)  # b is the 1 x 3 row the notes state
    verdict = _last(ROWS_ES.replace("{claim}", claim))
    holds = _agrees(_try(numpy, t), t[target])
    assert verdict.status == (VERIFIED if holds else WRONG), (claim, verdict.message)
