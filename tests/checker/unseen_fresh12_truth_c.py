"""Independent truth for the fresh12 unseen set, notes 3-5 (office_hours_faq,
tutoria_pooling_pizarra, solucionario_parcial_red); conventions as in unseen_fresh12_truth.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh12_truth import arithmetic, count_claim, each, keyed, params, rounded, t64, trials
from unseen_truth_base import Truth, at, same

# --- office_hours_faq.md: rows, N = 4, D = 5, M = 3, Z = XW + 1b^T, mean cross-entropy


def _dense(r: np.random.Generator) -> dict:
    x, w, b = (
        t64(r.normal(size=(4, 5)), True),
        t64(r.normal(size=(5, 3)), True),
        t64(r.normal(size=3), True),
    )
    labels = torch.tensor(r.integers(0, 3, size=4))
    z = x @ w + b
    z.retain_grad()
    F.cross_entropy(z, labels).backward()  # reduction "mean": the note's L
    p = torch.softmax(z, 1).detach().numpy()
    y = np.eye(3)[labels.numpy()]
    out = {"x": x.detach().numpy(), "w": w.detach().numpy(), "p": p, "y": y, "dz": z.grad.numpy()}
    return out | {"dw": w.grad.numpy(), "db": b.grad.numpy(), "dx": x.grad.numpy()}


def _faq(check: Callable[[dict], bool], seed: int) -> Truth:
    def guarded(r: np.random.Generator) -> bool:
        try:
            return check(_dense(r))
        except (ValueError, RuntimeError):  # the written product does not multiply
            return False

    return lambda: trials(guarded, seed)


def _faq_dw_entry(v: dict) -> bool:
    x, p, y = v["x"], v["p"], v["y"]
    return each(
        [
            (
                lambda d=d, k=k: v["dw"][d, k],
                lambda d=d, k=k: sum(x[n, d] * (p[n, k] - y[n, k]) for n in range(4)) / 4,
            )
            for d in range(5)
            for k in range(3)
        ]
    )


def _softmax_jacobian(form: Callable[[np.ndarray, int, int], float]) -> Truth:
    def check(r: np.random.Generator) -> bool:
        z = t64(r.normal(size=3))
        jac = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), z).numpy()
        p = torch.softmax(z, 0).numpy()
        return same(jac, [[form(p, k, j) for j in range(3)] for k in range(3)])

    return lambda: trials(check, 330)


def _logit_sum_zero(r: np.random.Generator) -> bool:
    z = t64(r.normal(size=3), True)
    F.cross_entropy(z[None], torch.tensor([int(r.integers(0, 3))])).backward()
    return math.isclose(float(z.grad.sum()), 0.0, abs_tol=1e-12)


def _one_example() -> dict:
    z = t64([2.0, 1.0, 0.0], True)
    loss = F.cross_entropy(z[None], torch.tensor([0]))
    loss.backward()
    p = torch.softmax(z, 0).detach().numpy()
    return {"p": p, "dz": z.grad.numpy(), "loss": loss.item(), "y": np.array([1.0, 0.0, 0.0])}


_ONE = _one_example()

FAQ = keyed(
    "office_hours_faq",
    [
        (
            r"\partial Z} = \frac{1}{N}(P - Y)",
            1,
            _faq(lambda v: same(v["dz"], (v["p"] - v["y"]) / 4), 300),
        ),
        (r"\partial Z} = P - Y$$", 1, _faq(lambda v: same(v["dz"], v["p"] - v["y"]), 301)),
        (r"\partial W} = X^\top dZ", 1, _faq(lambda v: same(v["dw"], v["x"].T @ v["dz"]), 302)),
        (r"\partial b} = dZ^\top", 1, _faq(lambda v: same(v["db"], v["dz"].T @ np.ones(4)), 303)),
        (r"\partial X} = W\, dZ^\top", 1, _faq(lambda v: same(v["dx"], v["w"] @ v["dz"].T), 304)),
        (r"\partial W} = dZ\, X^\top", 1, _faq(lambda v: same(v["dw"], v["dz"] @ v["x"].T), 305)),
        (r"\partial w_{dk}} = ", 1, _faq(_faq_dw_entry, 306)),
        (r"\partial b_k} = ", 1, _faq(lambda v: same(v["db"], v["dz"].sum(0) / 4), 307)),
        (
            r"p_k\,(\delta_{kj} - p_j)",
            1,
            _softmax_jacobian(lambda p, k, j: p[k] * ((k == j) - p[j])),
        ),
        (r"p_j\,(1 - p_k)", 1, _softmax_jacobian(lambda p, k, j: p[j] * (1 - p[k]))),
        (r"\partial z_k} = 0", 1, lambda: trials(_logit_sum_zero, 340)),
        ("$$p = (0.665", 1, lambda: [rounded(_ONE["p"], [0.665, 0.245, 0.090])]),
        ("p - y = (-0.335", 1, lambda: [same(_ONE["dz"], _ONE["p"] - _ONE["y"])]),
        ("p - y = (-0.335", 2, lambda: [rounded(_ONE["p"] - _ONE["y"], [-0.335, 0.245, 0.090])]),
        (r"\ell = -\ln p_1", 1, lambda: arithmetic(_ONE["loss"], -math.log(_ONE["p"][0]))),
        (r"\ell = -\ln p_1", 2, lambda: [rounded(-math.log(_ONE["p"][0]), 0.176)]),
        ("$$D M + M", 1, lambda: count_claim(5 * 3 + 3, params(torch.nn.Linear(5, 3)), 18)),
        ("$$D M + M", 2, lambda: count_claim(5 * 3 + 3, 18, params(torch.nn.Linear(5, 3)))),
    ],
)


# --- tutoria_pooling_pizarra.md: the 4x4 X and the 2x2 G of the note, 1-based x_ij

_X = np.array([[1, 5, 2, 0], [3, 2, 4, 1], [0, 6, 1, 7], [2, 1, 3, 3]], dtype=np.float64)
_G = np.array([[1, 2], [-1, 3]], dtype=np.float64)


def _pool(kind: str, k: int, s: int) -> dict:
    xt = t64(_X, True)
    pool = F.max_pool2d if kind == "max" else F.avg_pool2d
    y = pool(xt[None, None], k, s)[0, 0]
    (y * t64(_G)).sum().backward()
    return {"y": y.detach().numpy(), "dx": xt.grad.numpy()}


_MAX, _AVG, _MAX3 = _pool("max", 2, 2), _pool("avg", 2, 2), _pool("max", 3, 1)


def _block_max(i: int, j: int) -> bool:
    """x_ij (1-based) is the maximum of its 2x2 block."""
    a, b = 2 * ((i - 1) // 2), 2 * ((j - 1) // 2)
    return _X[i - 1, j - 1] == _X[a : a + 2, b : b + 2].max()


def _max_rule(i: int, j: int) -> float:
    """The note's rule, g indexed 1-based by floor(i/2), floor(j/2) (strictly: no wrapping)."""
    return at(_G, i // 2 - 1, j // 2 - 1) if _block_max(i, j) else 0.0


def _elementwise(rule: Callable[[int, int], float], dx: np.ndarray) -> list[bool]:
    return [
        each(
            [
                (lambda i=i, j=j: dx[i - 1, j - 1], lambda i=i, j=j: rule(i, j))
                for i in range(1, 5)
                for j in range(1, 5)
            ]
        )
    ]


def _avg_rule(i: int, j: int) -> float:
    return at(_G, math.ceil(i / 2) - 1, math.ceil(j / 2) - 1) / 4


_AVG_DX = np.kron(_G, np.ones((2, 2))) / 4

TUTORIA = keyed(
    "tutoria_pooling_pizarra",
    [
        (r"\frac{4 - 2}{2}", 1, lambda: count_claim((4 - 2) // 2 + 1, 2, _MAX["y"].shape[0])),
        (r"$$Y = \begin{bmatrix} 5 & 4", 1, lambda: [same(_MAX["y"], [[5, 4], [6, 7]])]),
        (
            r"\begin{bmatrix} 0 & 1 & 0 & 0",
            1,
            lambda: [same(_MAX["dx"], [[0, 1, 0, 0], [0, 0, 2, 0], [0, -1, 0, 3], [0, 0, 0, 0]])],
        ),
        (r"g_{\lfloor i/2 \rfloor", 1, lambda: _elementwise(_max_rule, _MAX["dx"])),
        (r"2.75 & 1.75", 1, lambda: [same(_AVG["y"], [[2.75, 1.75], [2.25, 3.25]])]),
        (r"0.25 & 0.25 & 0.5 & 0.5 \\ 0.25", 1, lambda: [same(_AVG["dx"], _AVG_DX)]),
        (r"\frac{1}{4}\, g_{\lceil", 1, lambda: _elementwise(_avg_rule, _AVG["dx"])),
        (
            r"\begin{bmatrix} 1 & 1 & 2 & 2",
            1,
            lambda: [same(_AVG["dx"], np.kron(_G, np.ones((2, 2))))],
        ),
        (r"\sum_{i,j}", 1, lambda: arithmetic(_AVG["dx"].sum(), _G.sum() / 4)),
        (r"\frac{4 - 3}{1}", 1, lambda: count_claim((4 - 3) // 1 + 1, 2, _MAX3["y"].shape[0])),
        (r"\begin{bmatrix} 6 & 7 \\ 6 & 7", 1, lambda: [same(_MAX3["y"], [[6, 7], [6, 7]])]),
        ("x_{32}} = 1 + (-1)", 1, lambda: arithmetic(_MAX3["dx"][2, 1], 1 + (-1))),
        ("x_{32}} = 1 + (-1)", 2, lambda: count_claim(1 + (-1), 0, _MAX3["dx"][2, 1])),
        ("x_{34}} = 2 + 3", 1, lambda: arithmetic(_MAX3["dx"][2, 3], 2 + 3)),
        ("x_{34}} = 2 + 3", 2, lambda: count_claim(2 + 3, 5, _MAX3["dx"][2, 3])),
        ("x_{34}} = 3$$", 1, lambda: arithmetic(_MAX3["dx"][2, 3], 3)),
    ],
)


# --- solucionario_parcial_red.md: 1x48x48 -> conv1 8@5x5 s1 p2 -> maxpool 2/2 -> conv2 16@3x3
# s2 p1 -> conv3 32@3x3 s1 p0 -> global average pool -> dense 32 -> 7


def _network() -> dict:
    torch.manual_seed(0)
    conv1, conv2 = torch.nn.Conv2d(1, 8, 5, 1, 2), torch.nn.Conv2d(8, 16, 3, 2, 1)
    conv3, dense = torch.nn.Conv2d(16, 32, 3, 1, 0), torch.nn.Linear(32, 7)
    x = torch.randn(1, 1, 48, 48)
    a1 = torch.relu(conv1(x))
    a2 = F.max_pool2d(a1, 2, 2)
    a3 = torch.relu(conv2(a2))
    a4 = torch.relu(conv3(a3))
    dense(a4.mean((2, 3))).sum().backward()
    mods = (conv1, conv2, conv3, dense)
    cols = F.unfold(x, 5, padding=2)  # conv1 as a product: (8 x 25) times (25 x 48*48)
    return {
        "a": [a1, a2, a3, a4],
        "p": [params(m) for m in mods],
        "dw2": conv2.weight.grad.numel(),
        "mults1": conv1.weight.view(8, -1).shape[0] * cols.shape[1] * cols.shape[2],
        "tr": F.conv_transpose2d(a3.detach(), conv2.weight.detach(), stride=2, padding=1).shape[-1],
        "side_p1": torch.nn.Conv2d(1, 8, 5, 1, 1)(x).shape[-1],
    }


_NET = _network()
_A, _P = _NET["a"], _NET["p"]

SOLUCIONARIO = keyed(
    "solucionario_parcial_red",
    [
        (
            r"$\frac{48 + 2\cdot 2 - 5}{1} + 1",
            1,
            lambda: count_claim((48 + 4 - 5) // 1 + 1, 48, _A[0].shape[-1]),
        ),
        (r"$8 \cdot (1 \cdot 5", 2, lambda: count_claim(8 * (1 * 5 * 5) + 8, 208, _P[0])),
        ("$48 / 2 = 24$", 1, lambda: count_claim(48 / 2, 24, _A[1].shape[-1])),
        (
            r"\frac{24 + 2 - 3}{2}",
            1,
            lambda: count_claim((24 + 2 - 3) // 2 + 1, 12, _A[2].shape[-1]),
        ),
        (r"\frac{24 + 2 - 3}{2}", 2, lambda: count_claim(16 * 8 * 3 * 3, 1152, _P[1])),
        ("$12 - 3 + 1 = 10$", 1, lambda: count_claim(12 - 3 + 1, 10, _A[3].shape[-1])),
        ("$12 - 3 + 1 = 10$", 2, lambda: count_claim(32 * 16 * 9 + 32, 4640, _P[2])),
        (r"$32 \cdot 7 + 7", 1, lambda: count_claim(32 * 7 + 7, 231, _P[3])),
        ("4640 + 231 = 6231", 1, lambda: count_claim(208 + 1152 + 4640 + 231, 6231, sum(_P))),
        ("= 18432", 1, lambda: count_claim(8 * 48 * 48, 18432, _A[0].numel())),
        ("= 4096", 1, lambda: count_claim(8 * 24 * 24, 4096, _A[1].numel())),
        ("= 2304", 1, lambda: count_claim(16 * 12 * 12, 2304, _A[2].numel())),
        ("= 460800", 1, lambda: count_claim(48 * 48 * 8 * 25, 460800, _NET["mults1"])),
        (
            r"$$16 \cdot 8 \cdot 3 \cdot 3 = 1152$$",
            1,
            lambda: count_claim(16 * 8 * 3 * 3, 1152, _NET["dw2"]),
        ),
        (r"(12 - 1) \cdot 2", 1, lambda: count_claim((12 - 1) * 2 - 2 * 1 + 3, 24, _NET["tr"])),
        (
            r"\frac{48 + 2 - 5}{1}",
            1,
            lambda: count_claim((48 + 2 - 5) // 1 + 1, 46, _NET["side_p1"]),
        ),
        (
            "= 22400",
            1,
            lambda: count_claim(32 * 10 * 10 * 7, 22400, params(torch.nn.Linear(3200, 7))),
        ),
    ],
)


NOTES_C: dict[tuple[str, int, int], Truth] = {**FAQ, **TUTORIA, **SOLUCIONARIO}
