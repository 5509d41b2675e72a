"""Matrix shapes and the softmax stated in the notes' code blocks (code_matrices.py): a NumPy
lab with samples as rows (``X = np.random.randn(6, 4)``, ``P = softmax(Z, axis=1)``, the
mean cross-entropy) and German PyTorch notes with samples as columns (``assert X.shape ==
(4, 5)``, ``P = torch.softmax(Z, dim=0)``, the summed cross-entropy).  Each claim's truth is
computed here with torch autograd; a softmax whose axis the code leaves open (SciPy's
``softmax(Z)`` normalises the whole array) is not read."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.code_matrices import code_shapes, code_softmax
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

ROWS = """# Lab 3: a linear classifier in NumPy

```python
X = np.random.randn(6, 4)     # six examples, one per row
W = np.random.randn(4, 3)
Z = X @ W
P = {softmax}
```

With one-hot labels $Y$ and the mean cross-entropy {loss}, $N = 6$, the forward pass is $Z = XW$.
Then

$${claim}$$
"""
COLUMNS = """# Notizen: Softmax-Schicht, Beispiele als Spalten

```python
W = torch.randn(3, 4)
X = torch.randn(4, 5)   # fünf Beispiele als Spalten
assert X.shape == (4, 5)
Z = W @ X
P = torch.softmax(Z, dim=0)
```

Die Vorwärtsrechnung ist $Z = WX$, $Y$ enthält die One-hot-Labels und
{loss} (Summe, kein Mittel).

$${claim}$$
"""

MEAN = r"$L = -\frac{1}{N} \sum_{n=1}^{N} \sum_{k=1}^{3} Y_{nk} \log P_{nk}$"
SUM = r"$L = -\sum_{n=1}^{5} \sum_{k=1}^{3} Y_{kn} \log P_{kn}$"


def _gradients(samples_as_rows: bool) -> dict[str, torch.Tensor]:
    """Autograd's gradients and each written formula, at random X, W and one-hot Y."""
    gen = torch.Generator().manual_seed(5)
    if samples_as_rows:
        x = torch.randn((6, 4), generator=gen, dtype=torch.float64, requires_grad=True)
        w = torch.randn((4, 3), generator=gen, dtype=torch.float64, requires_grad=True)
        z = x @ w
        y = torch.nn.functional.one_hot(torch.tensor([0, 2, 1, 1, 0, 2]), 3).double()
        p = torch.softmax(z, dim=1)
        loss = -(y * torch.log(p)).sum() / 6
    else:
        w = torch.randn((3, 4), generator=gen, dtype=torch.float64, requires_grad=True)
        x = torch.randn((4, 5), generator=gen, dtype=torch.float64, requires_grad=True)
        z = w @ x
        y = torch.nn.functional.one_hot(torch.tensor([1, 0, 2, 2, 1]), 3).double().T
        p = torch.softmax(z, dim=0)
        loss = -(y * torch.log(p)).sum()
    loss.backward()
    p, xd, wd = p.detach(), x.detach(), w.detach()
    return {"dW": w.grad, "dX": x.grad, "P": p, "Y": y, "X": xd, "W": wd}


def _judged(note: str, formula_and_truth: tuple, expected: str) -> None:
    """The truth agrees with the expected verdict, and the checker gives it."""
    formula, truth = formula_and_truth
    same = formula.shape == truth.shape and bool(torch.allclose(formula, truth))
    assert same == (expected == VERIFIED)
    verdict = check_text(note, "notes.md").verdicts[-1]
    assert verdict.status == expected, verdict.message


@pytest.mark.parametrize(
    ("claim", "form", "expected"),
    [
        (r"\frac{\partial L}{\partial W} = \frac{1}{N} X^\top (P - Y)", "X^T(P-Y)/N", VERIFIED),
        (r"\frac{\partial L}{\partial W} = \frac{1}{N} (P - Y)^\top X", "(P-Y)^T X/N", WRONG),
        (r"\frac{\partial L}{\partial X} = \frac{1}{N} (P - Y) W^\top", "(P-Y)W^T/N", VERIFIED),
        (r"\frac{\partial L}{\partial W} = X^\top (P - Y)", "X^T(P-Y)", WRONG),
    ],
)
def test_a_numpy_lab_with_samples_as_rows(claim, form, expected):
    t = _gradients(samples_as_rows=True)
    d = t["P"] - t["Y"]
    value = {
        "X^T(P-Y)/N": (t["X"].T @ d / 6, t["dW"]),
        "(P-Y)^T X/N": (d.T @ t["X"] / 6, t["dW"]),
        "(P-Y)W^T/N": (d @ t["W"].T / 6, t["dX"]),
        "X^T(P-Y)": (t["X"].T @ d, t["dW"]),
    }[form]
    _judged(ROWS.format(softmax="softmax(Z, axis=1)", loss=MEAN, claim=claim), value, expected)


@pytest.mark.parametrize(
    ("claim", "form", "expected"),
    [
        (r"\frac{\partial L}{\partial W} = (P - Y) X^\top", "(P-Y)X^T", VERIFIED),
        (r"\frac{\partial L}{\partial X} = W^\top (P - Y)", "W^T(P-Y)", VERIFIED),
        (r"\frac{\partial L}{\partial W} = X (P - Y)^\top", "X(P-Y)^T", WRONG),
    ],
)
def test_pytorch_notes_with_samples_as_columns(claim, form, expected):
    t = _gradients(samples_as_rows=False)
    d = t["P"] - t["Y"]
    value = {
        "(P-Y)X^T": (d @ t["X"].T, t["dW"]),
        "W^T(P-Y)": (t["W"].T @ d, t["dX"]),
        "X(P-Y)^T": (t["X"] @ d.T, t["dW"]),
    }[form]
    _judged(COLUMNS.format(loss=SUM, claim=claim), value, expected)


def test_a_softmax_without_its_axis_is_not_read():
    claim = r"\frac{\partial L}{\partial W} = \frac{1}{N} X^\top (P - Y)"
    note = ROWS.format(softmax="softmax(Z)", loss=MEAN, claim=claim)
    assert check_text(note, "lab.md").verdicts[-1].status != VERIFIED


def test_the_code_forms_read():
    code = (
        "```python\n"
        "Z = X @ W + b   # X : (N, 5), W : (5, 3), b : (1, 3)\n"
        "A = rng.standard_normal((2, 7))\n"
        "B = np.random.normal(0, 1, size=(7, 2))\n"
        "C = torch.zeros(4, 4)  # (4, 4)\n"
        "D = np.zeros((2, 3))\n"
        "D = np.zeros((3, 2))\n"
        "v = np.zeros(3)\n"
        "P = F.softmax(Z, dim=-1)\n"
        "Q = tf.nn.softmax(Z)\n"
        "R = scipy.special.softmax(Z)\n"
        "```\n"
        "X = np.random.randn(9, 9) outside the code is prose\n"
    )
    shapes = code_shapes(code, {"N": 4})
    assert shapes == {"X": ("4", "5"), "W": ("5", "3"), "b": ("1", "3"), "A": ("2", "7"),
                      "B": ("7", "2"), "C": ("4", "4")}  # fmt: skip
    assert [found[1:] for found in code_softmax(code)] == [("P", "Z", 0), ("Q", "Z", 0)]
