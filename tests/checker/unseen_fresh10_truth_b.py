"""Independent truth for the fresh10 unseen set, notes 3-4 (final_exam_key, kaggle_notebook).

Same conventions as unseen_fresh10_truth.py (NumPy / torch autograd, claims found by anchor
text, a missing entry or a shape mismatch disagrees). Notes 5-7 are in unseen_fresh10_truth_c.py.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh10_truth import (
    Key,
    conv_out,
    convt_out,
    count_claim,
    key,
    once,
    params,
    t64,
    trials,
)
from unseen_truth_base import Truth, same

# --- final_exam_key.md: independent questions, each with its own layer (0-based)

EX = "final_exam_key"
EX_X = np.array([[1, 5, 2, 0], [3, 2, 7, 1], [0, 4, 1, 1], [6, 2, 3, 8.0]])
EX_G = np.array([[1, 2], [-1, 3.0]])
EX_Z = np.array([[1, 2], [3, 4.0]])
EX_K = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1.0]])


def pool(kind: str, x: np.ndarray, g: np.ndarray) -> dict:
    xt = t64(x[None, None])
    y = (F.max_pool2d if kind == "max" else F.avg_pool2d)(xt, 2, 2)
    (y * t64(g[None, None], False)).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0]}


def convt(z: np.ndarray, k: np.ndarray, g: np.ndarray) -> dict:
    zt = t64(z[None, None])
    o = F.conv_transpose2d(zt, t64(k[None, None], False), stride=2)
    (o * t64(g[None, None], False)).sum().backward()
    return {"o": o.detach().numpy()[0, 0], "dz": zt.grad.numpy()[0, 0]}


EX_MAX, EX_AVG = pool("max", EX_X, EX_G), pool("avg", EX_X, EX_G)
EX_O = convt(EX_Z, EX_K, np.zeros((5, 5)))["o"]
QUARTER = np.array([[EX_G[i // 2, j // 2] / 4 for j in range(4)] for i in range(4)])


def _convt_grad(r: np.random.Generator) -> bool:
    z, k, g = r.normal(size=(2, 2)), r.normal(size=(3, 3)), r.normal(size=(5, 5))
    dz = convt(z, k, g)["dz"]
    rhs = [
        [
            sum(g[2 * p + u, 2 * q + v] * k[u, v] for u in range(3) for v in range(3))
            for q in range(2)
        ]
        for p in range(2)
    ]
    return same(dz, rhs)


def _tanh_grad(r: np.random.Generator) -> bool:
    z = t64(r.normal(size=5))
    torch.tanh(z).sum().backward()
    return same(z.grad, 1 + np.tanh(z.detach().numpy()) ** 2)


def _softmax_ce(r: np.random.Generator) -> bool:
    z, y = t64(r.normal(size=(1, 6))), int(r.integers(6))
    F.cross_entropy(z, torch.tensor([y])).backward()
    p = torch.softmax(z, 1).detach().numpy()[0]
    return same(z.grad[0], p - np.eye(6)[y])


def _transposed_sizes(formula: object, pads: tuple[int, ...]) -> list[bool]:
    sizes = [
        (h, k, s, p)
        for h in (2, 3, 5)
        for k in (2, 3, 4)
        for s in (1, 2, 3)
        for p in pads
        if (h - 1) * s - 2 * p + k >= 1
    ]
    return [convt_out(h, k, s, p) == formula(h, k, s, p) for h, k, s, p in sizes]  # type: ignore[operator]


EXAM: dict[Key, Truth] = {
    key(EX, r"$$Y = \begin{bmatrix} 5 & 7"): once(lambda: same(EX_MAX["y"], [[5, 7], [6, 8]])),
    key(EX, r"0 & 1 & 0 & 0 \\ 0 & 0 & 2"): once(
        lambda: same(EX_MAX["dx"], [[0, 1, 0, 0], [0, 0, 2, 0], [0, 0, 0, 0], [-1, 0, 0, 3]])
    ),
    key(EX, "Common wrong answer"): once(lambda: same(EX_MAX["dx"], QUARTER)),
    key(EX, r"A_{11} = \frac", 1): once(
        lambda: math.isclose(EX_AVG["y"][1, 1], (1 + 1 + 3 + 8) / 4)
    ),
    key(EX, r"A_{11} = \frac", 2): lambda: count_claim((1 + 1 + 3 + 8) / 4, 3.5, EX_AVG["y"][1, 1]),
    key(EX, r"X_{01} = G_{01} / 4"): once(lambda: math.isclose(EX_AVG["dx"][0, 1], EX_G[0, 1] / 4)),
    key(EX, "Output size:", 1): lambda: _transposed_sizes(
        lambda h, k, s, p: (h - 1) * s - 2 * p + k, (0, 1)
    ),
    key(EX, "Output size:", 2): lambda: count_claim((2 - 1) * 2 - 0 + 3, 5, convt_out(2, 3, 2, 0)),
    key(EX, "O_{22} = 1 + 2", 1): once(lambda: math.isclose(EX_O[2, 2], 1 + 2 + 3 + 4)),
    key(EX, "O_{22} = 1 + 2", 2): lambda: count_claim(1 + 2 + 3 + 4, 10, EX_O[2, 2]),
    key(EX, "so $O_{11} = 5$", 3): once(lambda: math.isclose(EX_O[1, 1], 5)),
    key(EX, "With padding $P = 1$", 2): lambda: _transposed_sizes(
        lambda h, k, s, p: s * (h - 1) + k - p, (1, 2)
    ),
    key(EX, "ordinary strided correlation", 2): lambda: trials(_convt_grad, 300),
    key(EX, r"\lfloor (100 + 4 - 5)/2", 2): lambda: count_claim(
        (100 + 4 - 5) // 2 + 1,
        50,
        F.conv1d(torch.zeros(1, 64, 100), torch.zeros(128, 64, 5), stride=2, padding=2).shape[-1],
    ),
    key(EX, r"3 \cdot 3 \cdot 8 + 8 = 80"): lambda: count_claim(
        3 * 3 * 8 + 8, 80, params(torch.nn.Conv2d(3, 8, 3))
    ),
    key(EX, r"\tanh'(z) = 1 + "): lambda: trials(_tanh_grad, 310),
    key(EX, r"\partial L / \partial z = p - y"): lambda: trials(_softmax_ce, 320),
}


# --- kaggle_notebook.md: rows convention, B = 4, D = 3, M = 2 (hidden width 5), MNIST CNN

KG = "kaggle_notebook"


def _dense(r: np.random.Generator) -> dict:
    """Z = X W + b, mean cross-entropy; autograd gives dZ and every parameter gradient."""
    x, w, b = t64(r.normal(size=(4, 3))), t64(r.normal(size=(3, 2))), t64(r.normal(size=2))
    y = torch.tensor(r.integers(2, size=4))
    z = x @ w + b
    z.retain_grad()
    F.cross_entropy(z, y).backward()
    p = torch.softmax(z, 1).detach().numpy()
    grads = {k: t.grad.numpy() for k, t in (("dx", x), ("dw", w), ("db", b), ("dz", z))}
    return {
        **grads,
        "x": x.detach().numpy(),
        "w": w.detach().numpy(),
        "p": p,
        "y": np.eye(2)[y.numpy()],
    }


def _hidden(r: np.random.Generator) -> bool:
    x, w1, b1 = t64(r.normal(size=(4, 3))), t64(r.normal(size=(3, 5))), t64(r.normal(size=5))
    w2, b2 = t64(r.normal(size=(5, 2))), t64(r.normal(size=2))
    u = x @ w1 + b1
    u.retain_grad()
    a = torch.relu(u)
    z = a @ w2 + b2
    z.retain_grad()
    F.cross_entropy(z, torch.tensor(r.integers(2, size=4))).backward()
    rhs = (z.grad.numpy() @ w2.detach().numpy().T) * (a.detach().numpy() > 0)
    return same(u.grad, rhs)


def _leaky(r: np.random.Generator) -> bool:
    u, da = t64(r.normal(size=(4, 5))), r.normal(size=(4, 5))
    (F.leaky_relu(u, 0.01) * t64(da, False)).sum().backward()
    return same(u.grad, da * np.maximum(0.01, u.detach().numpy()))


def _mnist_dw(r: np.random.Generator) -> bool:
    x, w, g = (
        t64(r.normal(size=(2, 1, 28, 28))),
        t64(r.normal(size=(8, 1, 3, 3))),
        r.normal(size=(2, 8, 28, 28)),
    )
    (F.conv2d(x, w, padding=1) * t64(g, False)).sum().backward()
    xp = np.pad(x.detach().numpy(), ((0, 0), (0, 0), (1, 1), (1, 1)))
    for k in range(8):
        for u in range(3):
            for v in range(3):
                rhs = 0.0
                for i in range(29):  # the note's bounds 0..28; row/column 28 of dY does not exist
                    if i >= g.shape[2]:
                        raise IndexError(i)
                    rhs += float(np.sum(g[:, k, i, :] * xp[:, 0, i + u, v : v + 28]))
                if not math.isclose(w.grad[k, 0, u, v].item(), rhs, rel_tol=1e-9, abs_tol=1e-9):
                    return False
    return True


MNIST_MAP = conv_out(28, 3, 1, 1)
MNIST_POOL = int(F.max_pool2d(torch.zeros(1, 8, MNIST_MAP, MNIST_MAP), 2).shape[-1])
MNIST_FLAT = 8 * MNIST_POOL * MNIST_POOL
KAGGLE: dict[Key, Truth] = {
    key(KG, r"\frac{1}{B}\left(P - Y\right)"): lambda: trials(
        lambda r: same((v := _dense(r))["dz"], (v["p"] - v["y"]) / 4), 400
    ),
    key(KG, r"\partial W} = X^{\top} dZ$$"): lambda: trials(
        lambda r: same((v := _dense(r))["dw"], v["x"].T @ v["dz"]), 410
    ),
    key(KG, r"\sum_{n=1}^{B} dZ_{n,:}"): lambda: trials(
        lambda r: same((v := _dense(r))["db"], v["dz"].sum(axis=0)), 420
    ),
    key(KG, r"\partial X} = W^{\top} dZ$$"): lambda: trials(
        lambda r: same((v := _dense(r))["dx"], v["w"].T @ v["dz"]), 430
    ),
    key(KG, r"= dZ^{\top} X$"): lambda: trials(
        lambda r: same((v := _dense(r))["dw"], v["dz"].T @ v["x"]), 440
    ),
    key(KG, r"\partial (X W_1 + b_1)}"): lambda: trials(_hidden, 450),
    key(KG, r"\max(0.01, U)"): lambda: trials(_leaky, 460),
    key(KG, r"$28 + 2 \cdot 1 - 3 + 1 = 28$"): lambda: count_claim(
        28 + 2 * 1 - 3 + 1, 28, MNIST_MAP
    ),
    key(KG, "$28 / 2 = 14$", 1): lambda: count_claim(28 / 2, 14, MNIST_POOL),
    key(KG, "$28 / 2 = 14$", 2): lambda: count_claim(8 * 14 * 14, 1568, MNIST_FLAT),
    key(KG, r"$8 \cdot (9 + 1) = 80$", 1): lambda: count_claim(
        8 * (9 + 1), 80, params(torch.nn.Conv2d(1, 8, 3, padding=1))
    ),
    key(KG, r"$8 \cdot (9 + 1) = 80$", 2): lambda: count_claim(
        1568 * 10, 15680, params(torch.nn.Linear(MNIST_FLAT, 10))
    ),
    key(KG, r"\sum_{i=0}^{28}"): lambda: trials(_mnist_dw, 470),
}

NOTES_B: dict[Key, Truth] = {**EXAM, **KAGGLE}
