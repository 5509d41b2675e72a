"""Independent truth for the fresh14 unseen set, notes quiz7_mcq_key and se_softmax_dense_columns
(NumPy / torch autograd in float64, no symconv); the helpers, the line anchors and the merged
truth_table are in unseen_fresh14_truth.py."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from scipy.signal import convolve2d
from unseen_fresh14_truth import (
    Key,
    _c1,
    conv2,
    conv_out,
    count,
    key,
    once,
    params,
    t64,
    trials,
)
from unseen_truth_base import Truth, at, corr, pad, rot180, same, zat

# --- quiz7_mcq_key.md: X 4x4, K 3x3, G 2x2 (stride 1); Q3-Q6 each with its own layer

QZ = "quiz7_mcq_key"
QZ_A = np.array([[1.0, 3, 2, 0], [4, 2, 1, 5], [0, 1, 7, 3], [2, 6, 1, 0]])
QZ_GP = np.array([[1.0, 2], [3, 4]])


def _qz(check: Callable[[np.ndarray, np.ndarray, np.ndarray, dict], bool], seed: int) -> Truth:
    def run(r: np.random.Generator) -> bool:
        x, k, g = r.normal(size=(4, 4)), r.normal(size=(3, 3)), r.normal(size=(2, 2))
        t = conv2(x[None, None], k[None, None], None, g[None, None])
        return check(x, k, g, {"dx": t["dx"][0, 0], "dk": t["dw"][0, 0]})

    return trials(run, seed)


def _pool_grad(a: np.ndarray, g: np.ndarray, pool: Callable) -> np.ndarray:
    at_ = t64(a[None, None], True)
    (pool(at_, 2, 2) * t64(g[None, None])).sum().backward()
    return at_.grad.numpy()[0, 0]


def _qz_1d(check: Callable[[np.ndarray, np.ndarray, np.ndarray], bool], seed: int) -> Truth:
    def run(r: np.random.Generator) -> bool:
        x, w, g = r.normal(size=6), r.normal(size=3), r.normal(size=4)
        return check(w, g, _c1(x, w, g)["dx"])

    return trials(run, seed)


QZ_TRUTH: dict[Key, Truth] = {
    key(QZ, "(a) $\\dfrac{\\partial L}{\\partial X} = \\operatorname{pad}_2(G)"): _qz(
        lambda x, k, g, t: same(t["dx"], corr(pad(g, 2), rot180(k))), 400
    ),
    key(QZ, "\\operatorname{pad}_1(G) \\star"): _qz(
        lambda x, k, g, t: same(t["dx"], corr(pad(g, 1), rot180(k))), 410
    ),
    key(QZ, "\\operatorname{pad}_2(G) \\star K$"): _qz(
        lambda x, k, g, t: same(t["dx"], corr(pad(g, 2), k)), 420
    ),
    key(QZ, "G \\ast_{\\text{full}} K$"): _qz(
        lambda x, k, g, t: same(t["dx"], convolve2d(g, k, mode="full")), 430
    ),
    key(QZ, "G_{11} K_{00}$$"): _qz(
        lambda x, k, g, t: np.isclose(t["dx"][3, 3], g[1, 1] * k[0, 0]), 440
    ),
    key(QZ, "= X \\star G$"): _qz(lambda x, k, g, t: same(t["dk"], corr(x, g)), 450),
    key(QZ, "\\operatorname{rot}_{180}(X \\star G)$"): _qz(
        lambda x, k, g, t: same(t["dk"], rot180(corr(x, g))), 460
    ),
    key(QZ, "$H_{out} = 5$"): count(5, conv_out(10, 3, 2, 1)),
    key(QZ, "$H_{out} = 6$"): count(6, conv_out(10, 3, 2, 1)),
    key(QZ, "1 & 0 & 0 & 2"): once(
        lambda: same(
            _pool_grad(QZ_A, QZ_GP, F.max_pool2d),
            [[0, 0, 0, 0], [1, 0, 0, 2], [0, 0, 4, 0], [0, 3, 0, 0]],
        )
    ),
    key(QZ, "0 & 1 & 0 & 0 \\\\ 0 & 0 & 0 & 2"): once(
        lambda: same(
            _pool_grad(QZ_A, QZ_GP, F.max_pool2d),
            [[0, 1, 0, 0], [0, 0, 0, 2], [0, 0, 4, 0], [0, 3, 0, 0]],
        )
    ),
    key(QZ, "\\frac{1}{4} \\, G_P \\otimes"): trials(
        lambda r: same(
            _pool_grad(r.normal(size=(4, 4)), QZ_GP, F.avg_pool2d),
            np.kron(QZ_GP, np.ones((2, 2))) / 4,
        ),
        470,
    ),
    key(QZ, "$P = 16 \\cdot 32 \\cdot 9 = 4608$", 1): count(
        16 * 32 * 9, params(torch.nn.Conv2d(16, 32, 3))
    ),
    key(QZ, "$P = 16 \\cdot 32 \\cdot 9 = 4608$", 2): count(16 * 32 * 9, 4608),
    key(QZ, "$P = 32 \\cdot (16 \\cdot 9 + 1) = 4640$", 1): count(
        32 * (16 * 9 + 1), params(torch.nn.Conv2d(16, 32, 3))
    ),
    key(QZ, "$P = 32 \\cdot (16 \\cdot 9 + 1) = 4640$", 2): count(32 * (16 * 9 + 1), 4640),
    key(QZ, "= g_0 w_0$"): _qz_1d(lambda w, g, dx: np.isclose(dx[0], g[0] * w[0]), 480),
    key(QZ, "= g_0 w_2$"): _qz_1d(lambda w, g, dx: np.isclose(dx[0], g[0] * w[2]), 490),
    key(QZ, "g_{j+k} \\, w_k$$"): _qz_1d(
        lambda w, g, dx: same(dx, [sum(zat(g, j + k) * w[k] for k in range(3)) for j in range(6)]),
        500,
    ),
}


# --- se_softmax_dense_columns.md: X 5x4 (columns are examples), W 3x5, b 3, mean CE

SE = "se_softmax_dense_columns"


def _se(r: np.random.Generator, relu: bool = False) -> dict:
    a, w, b = r.normal(size=(5, 4)), r.normal(size=(3, 5)), r.normal(size=3)
    y = np.eye(3)[:, r.integers(0, 3, size=4)]
    at_, wt, bt = t64(a, True), t64(w, True), t64(b, True)
    x = torch.relu(at_) if relu else at_
    x.retain_grad()
    z = wt @ x + bt[:, None]
    z.retain_grad()
    p = torch.softmax(z, dim=0)
    loss = -(t64(y) * torch.log(p)).sum() / 4
    loss.backward()
    return {
        "a": a, "x": x.detach().numpy(), "w": w, "y": y, "p": p.detach().numpy(),
        "dz": z.grad.numpy(), "dw": wt.grad.numpy(), "db": bt.grad.numpy(), "dx": x.grad.numpy(),
        "da": at_.grad.numpy(),
    }  # fmt: skip


def _se_check(check: Callable[[dict], bool], seed: int, relu: bool = False) -> Truth:
    return trials(lambda r: check(_se(r, relu)), seed)


def _softmax_jac(r: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    z = t64(r.normal(size=3))
    jac = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, 0), z).numpy()
    return jac, torch.softmax(z, 0).numpy()


def _column_grad(r: np.random.Generator) -> bool:
    z, y = t64(r.normal(size=3), True), np.eye(3)[r.integers(0, 3)]
    (-(t64(y) * torch.log_softmax(z, 0)).sum()).backward()
    return same(z.grad.numpy(), torch.softmax(z.detach(), 0).numpy() - y)


_P_NOTE = torch.softmax(t64([1.0, 0, 0]), 0).numpy()
SE_TRUTH: dict[Key, Truth] = {
    key(SE, "p_i (1 - p_j)$$"): trials(
        lambda r: (lambda jp: same(jp[0], jp[1][:, None] * (1 - jp[1][None, :])))(_softmax_jac(r)),
        600,
    ),
    key(SE, "{\\partial Z} = P - Y$$"): _se_check(lambda v: same(v["dz"], v["p"] - v["y"]), 610),
    key(SE, "X^{\\top} \\frac{\\partial L}{\\partial Z}$$"): _se_check(
        lambda v: same(v["dw"], v["x"].T @ v["dz"]), 620
    ),
    key(SE, "\\frac{\\partial L}{\\partial Z} \\mathbf{1}_4$$"): _se_check(
        lambda v: same(v["db"], v["dz"] @ np.ones(4)), 630
    ),
    key(SE, "\\frac{\\partial L}{\\partial Z} W^{\\top}$$"): _se_check(
        lambda v: same(v["dx"], v["dz"] @ v["w"].T), 640
    ),
    key(SE, "p_i (\\delta_{ij} - p_j)$$"): trials(
        lambda r: (lambda jp: same(jp[0], np.diag(jp[1]) - np.outer(jp[1], jp[1])))(
            _softmax_jac(r)
        ),
        650,
    ),
    key(SE, "= \\mathbf{p} - \\mathbf{y}$$"): trials(_column_grad, 660),
    key(SE, "\\frac{1}{N}(P - Y)$$"): _se_check(
        lambda v: same(v["dz"], (v["p"] - v["y"]) / 4), 670
    ),
    key(SE, "= \\Delta X^{\\top}$$"): _se_check(lambda v: same(v["dw"], v["dz"] @ v["x"].T), 680),
    key(SE, "= W^{\\top} \\Delta$$"): _se_check(lambda v: same(v["dx"], v["w"].T @ v["dz"]), 690),
    key(SE, "\\partial W_{kd}} = "): _se_check(
        lambda v: same(
            v["dw"],
            [
                [
                    sum((v["p"][k, n] - v["y"][k, n]) * at(v["x"], k, n) for n in range(4)) / 4
                    for d in range(5)
                ]
                for k in range(3)
            ],
        ),
        700,
    ),
    key(SE, "(P - Y)^{\\top} \\mathbf{1}_3$$"): _se_check(
        lambda v: same(v["db"], (v["p"] - v["y"]).T @ np.ones(3) / 4), 710
    ),
    key(SE, "$$\\mathbf{p} = (0.576"): once(
        lambda: same(np.round(_P_NOTE, 3), [0.576, 0.212, 0.212])
    ),
    key(SE, "= (0.576, -0.788, 0.212)$$"): once(
        lambda: same(np.round(_P_NOTE - [0, 1, 0], 3), [0.576, -0.788, 0.212])
    ),
    key(SE, "\\odot \\mathbb{1}[A > 0]$"): _se_check(
        lambda v: same(v["da"], (v["w"].T @ v["dz"]) * (v["a"] > 0)), 720, True
    ),
}

QUIZ_AND_ANSWER: dict[Key, Truth] = {**QZ_TRUTH, **SE_TRUTH}
