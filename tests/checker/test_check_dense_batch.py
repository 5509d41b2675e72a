"""A dense layer with a mini-batch, in matrix form and entry by entry with the sample index
(issue 16: ``Z = XW^T + \\mathbf{1}b^T``, ``dW = dZ^T X``, ``db = \\sum_n dZ_{n,:}``,
``\\partial L/\\partial W_{jk} = \\sum_n \\partial L/\\partial Z_{nj} X_{nk}``).  The truth of
every claim is decided by torch autograd of ``nn.Linear``'s computation at N = 3, 4 -> 2, the
claim's right side computed with numpy: a right side that cannot be computed (shapes that do
not multiply, an entry past the end) is a mistake."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from linear_truth import linear_autograd

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

N, F_IN, F_OUT = 3, 4, 2

HEADS = {
    "en1": (
        "# Fully connected layer with a mini-batch\n\n"
        "We take a batch of $N = 3$ examples with $4$ features each, stacked as rows of "
        "$X \\in \\mathbb{R}^{3\\times 4}$.\nThe layer has $2$ output units: "
        "$W \\in \\mathbb{R}^{2\\times 4}$ and $b \\in \\mathbb{R}^{2}$. Indices are 1-based.\n\n",
        1,
    ),
    "en0": (
        "# Dense layer, batched\n\n"
        "A batch of $N = 3$ samples with $4$ features each, one per row of "
        "$X \\in \\mathbb{R}^{3\\times 4}$; $2$ outputs, $W \\in \\mathbb{R}^{2\\times 4}$, "
        "$b \\in \\mathbb{R}^{2}$. Indices start at 0.\n\n",
        0,
    ),
    "es0": (
        "# Capa densa (totalmente conectada) con un mini-lote\n\n"
        "Un lote de $N = 3$ ejemplos con $4$ rasgos cada uno, en las filas de "
        "$X \\in \\mathbb{R}^{3\\times 4}$; la capa tiene $2$ salidas, "
        "$W \\in \\mathbb{R}^{2\\times 4}$ y $b \\in \\mathbb{R}^{2}$. Índices desde 0.\n\n",
        0,
    ),
}


def _truth() -> dict[str, np.ndarray]:
    return linear_autograd((N, F_IN), F_OUT, 16)


def _holds(target: str, right: Callable[[dict], np.ndarray]) -> bool:
    t = _truth()
    try:
        value = np.asarray(right(t), dtype=float)
    except (ValueError, IndexError):
        return False  # does not multiply, or reads past the end
    want = t[target.rstrip("T")].T if target.endswith("T") else t[target]
    return value.shape == want.shape and bool(np.allclose(value, want))


ONES = np.ones((N, 1))


def _entry(shape: tuple[int, ...], f: Callable[..., float]) -> np.ndarray:
    return np.array([[f(a, c) for c in range(shape[1])] for a in range(shape[0])])


MATRIX = [
    # (claim, target, right side by numpy)
    ("Z = XW^T + \\mathbf{1}b^T", "Z", lambda t: t["X"] @ t["W"].T + ONES @ t["b"][None]),
    (
        "Z = XW^\\top + \\mathbf{1}_N b^\\top",
        "Z",
        lambda t: t["X"] @ t["W"].T + np.outer(ONES, t["b"]),
    ),
    ("Z = XW^T + 2\\,\\mathbf{1}b^T", "Z", lambda t: t["X"] @ t["W"].T + 2 * ONES @ t["b"][None]),
    ("Z^T = WX^T + b\\mathbf{1}^T", "ZT", lambda t: t["W"] @ t["X"].T + t["b"][:, None] @ ONES.T),
    ("dW = dZ^T X", "dW", lambda t: t["dZ"].T @ t["X"]),
    ("dW = (dZ)^{\\top} X", "dW", lambda t: t["dZ"].T @ t["X"]),
    ("dW = X^T dZ", "dW", lambda t: t["X"].T @ t["dZ"]),
    ("db = \\mathbf{1}^T dZ", "db", lambda t: (ONES.T @ t["dZ"])[0]),
    ("db = dZ^T \\mathbf{1}", "db", lambda t: (t["dZ"].T @ ONES)[:, 0]),
    ("dX = dZ\\, W", "dX", lambda t: t["dZ"] @ t["W"]),
    ("db = dZ", "db", lambda t: t["dZ"]),  # the sum over the batch missing
    (
        "\\frac{\\partial L}{\\partial b} = \\frac{\\partial L}{\\partial Z}",
        "db",
        lambda t: t["dZ"],
    ),
    ("dX = dZ\\, W^T", "dX", lambda t: t["dZ"] @ t["W"].T),
]


def _sum_n(base: int, body: str, mean: bool = False) -> str:
    top = "N" if base else "N-1"
    scale = "\\frac{1}{N}" if mean else ""
    return f"{scale}\\sum_{{n={base}}}^{{{top}}} {body}"


def _elementwise(base: int) -> list[tuple[str, str, Callable]]:
    o = base
    return [
        (
            f"db = {_sum_n(base, 'dZ_{n,:}')}",
            "db",
            lambda t: t["dZ"].sum(axis=0),
        ),
        (
            f"db = {_sum_n(base, 'dZ_{n,:}', mean=True)}",
            "db",
            lambda t: t["dZ"].sum(axis=0) / N,
        ),
        (
            "\\frac{\\partial L}{\\partial W_{jk}} = "
            + _sum_n(base, "\\frac{\\partial L}{\\partial Z_{nj}}\\, X_{nk}"),
            "dW",
            lambda t: np.einsum("nj,nk->jk", t["dZ"], t["X"]),
        ),
        (
            "\\frac{\\partial L}{\\partial W_{j,k}} = "
            + _sum_n(base, "X_{n,k}\\, \\frac{\\partial L}{\\partial Z_{n,j}}"),
            "dW",
            lambda t: np.einsum("nj,nk->jk", t["dZ"], t["X"]),
        ),
        (
            "\\frac{\\partial L}{\\partial W_{jk}} = "
            + _sum_n(base, "\\frac{\\partial L}{\\partial Z_{nk}}\\, X_{nj}"),
            "dW",
            # dW_{jk} = sum_n dZ_{nk} X_{nj}: j runs over W's rows (2), X_{nj} is fine,
            # dZ_{nk} reads past dZ's 2 columns for k > 2
            lambda t: _entry(
                (F_OUT, F_IN), lambda j, k: sum(t["dZ"][n, k] * t["X"][n, j] for n in range(N))
            ),
        ),
        (
            f"\\frac{{\\partial L}}{{\\partial X_{{nk}}}} = \\sum_{{j={o}}}^{{{o + 1}}} "
            "\\frac{\\partial L}{\\partial Z_{nj}}\\, W_{jk}",
            "dX",
            lambda t: t["dZ"] @ t["W"],
        ),
        (
            f"\\frac{{\\partial L}}{{\\partial X_{{nk}}}} = \\sum_{{j={o}}}^{{{o + 1}}} "
            "\\frac{\\partial L}{\\partial Z_{nj}}\\, W_{kj}",
            "dX",
            lambda t: _entry(
                (N, F_IN), lambda n, k: sum(t["dZ"][n, j] * t["W"][k, j] for j in range(F_OUT))
            ),
        ),
    ]


def _verdict(head: str, claim: str):
    text = f"{head}$$ {claim} $$\n"
    line = text.count("\n")
    found = [v for v in check_text(text, "notes.md").verdicts if v.line == line]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("style", sorted(HEADS))
@pytest.mark.parametrize(("claim", "target", "right"), MATRIX)
def test_matrix_forms(style: str, claim: str, target: str, right) -> None:
    verdict = _verdict(HEADS[style][0], claim)
    assert verdict.status == (VERIFIED if _holds(target, right) else WRONG), verdict.message


@pytest.mark.parametrize("style", sorted(HEADS))
@pytest.mark.parametrize("k", range(7))
def test_entries_with_the_sample_index(style: str, k: int) -> None:
    head, base = HEADS[style]
    claim, target, right = _elementwise(base)[k]
    verdict = _verdict(head, claim)
    assert verdict.status == (VERIFIED if _holds(target, right) else WRONG), verdict.message


@pytest.mark.parametrize("style", sorted(HEADS))
def test_the_batch_matrix_shape(style: str) -> None:
    verdict = _verdict(HEADS[style][0], "X \\in \\mathbb{R}^{3 \\times 4}")
    assert verdict.status == VERIFIED, verdict.message
    verdict = _verdict(HEADS[style][0], "X \\in \\mathbb{R}^{2 \\times 4}")
    assert verdict.status == WRONG


def test_a_forward_pass_in_another_layout_is_not_a_mistake() -> None:
    # "pattern-matching from $Z = XW$": W laid out in x out, which the notes' W is not
    assert not _holds("Z", lambda t: t["X"] @ t["W"])  # it does not multiply here
    verdict = _verdict(HEADS["en1"][0], "Z = XW")
    assert verdict.status == NOT_UNDERSTOOD
    assert "another layout" in verdict.message
