"""Independent truth for the fresh16 unseen set, notes ta_rubric_hw5_q3 and
README_pocketcnn (helpers and the registry in unseen_fresh16_truth.py).  NumPy / torch
autograd in float64, no symconv."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh16_truth import (
    Anchored,
    agree,
    arithmetic,
    conv2d_grads,
    conv_out,
    count_claim,
    params,
    trials,
)
from unseen_truth_base import F64, Truth, at, corr, dilate, pad, rot180, same, zat

# --- ta_rubric_hw5_q3.md: 5x5 input, 3x3 kernel, scalar bias, stride 2, no padding, 0-based


def _ta(r: np.random.Generator) -> dict:
    x, w, b, g = r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(), r.normal(size=(2, 2))
    t = conv2d_grads(x[None, None], w[None, None], np.array([b]), g[None, None], stride=2)
    return {"x": x, "w": w, "g": g, "dx": t["dx"][0, 0], "dw": t["dw"][0, 0], "db": t["db"][0]}


def _ta_check(check: Callable[[dict], bool], seed: int) -> Truth:
    return lambda: trials(lambda r: check(_ta(r)), seed)


def _ta_dw(stride: int) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        def rhs(m: int, n: int) -> float:
            return sum(
                v["g"][i, j] * at(v["x"], stride * i + m, stride * j + n)
                for i in range(2)
                for j in range(2)
            )

        return agree(
            [
                (lambda m=m, n=n: v["dw"][m, n], lambda m=m, n=n: rhs(m, n))
                for m in range(3)
                for n in range(3)
            ]
        )

    return check


def _ta_entry(p: int, q: int, terms: list[tuple[tuple[int, int], tuple[int, int]]]) -> Truth:
    """dL/dx_{pq} against a sum of w_{..} g_{..} products (strict indices)."""

    def check(v: dict) -> bool:
        def rhs() -> float:
            return sum(at(v["w"], *wi) * at(v["g"], *gi) for wi, gi in terms)

        return agree([(lambda: v["dx"][p, q], rhs)])

    return _ta_check(check, 400 + 10 * p + q + len(terms))


def _ta_batch(mean: bool) -> Truth:
    """Bias gradient of the batch-mean loss of 8 images; g^(n) is image n's own gradient."""

    def check(r: np.random.Generator) -> bool:
        x, w, b = r.normal(size=(8, 1, 5, 5)), r.normal(size=(1, 1, 3, 3)), r.normal(size=1)
        per_image = r.normal(size=(8, 1, 2, 2))  # l^(n) = <per_image[n], y^(n)>, so g^(n) = it
        bt = torch.tensor(b, dtype=F64, requires_grad=True)
        y = F.conv2d(torch.tensor(x, dtype=F64), torch.tensor(w, dtype=F64), bt, stride=2)
        ((y * torch.tensor(per_image, dtype=F64)).sum(dim=(1, 2, 3)).mean()).backward()
        rhs = per_image.sum() / (8 if mean else 1)
        return math.isclose(float(bt.grad[0]), rhs, rel_tol=1e-9, abs_tol=1e-12)

    return lambda: trials(check, 500 if mean else 510)


_TA_LAYER = torch.nn.Conv2d(3, 16, 5)
RUBRIC: Anchored = {
    ("ta_rubric_hw5_q3", r"(a) $\lfloor (5 - 3)/2", 1): lambda: count_claim(
        (5 - 3) // 2 + 1, 2, conv_out(5, 3, 2, 0)
    ),
    ("ta_rubric_hw5_q3", r"(b) $\dfrac", 1): _ta_check(_ta_dw(2), 410),
    ("ta_rubric_hw5_q3", r"(c) $\dfrac", 1): _ta_check(
        lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))), 420
    ),
    ("ta_rubric_hw5_q3", r"(d) $\dfrac", 1): _ta_check(
        lambda v: math.isclose(v["db"], v["g"].sum()), 430
    ),
    ("ta_rubric_hw5_q3", "(e) `nn.Conv2d(3, 16", 1): lambda: count_claim(
        16 * (3 * 25 + 1), 1216, params(_TA_LAYER)
    ),
    ("ta_rubric_hw5_q3", "1. Student A", 1): _ta_check(_ta_dw(1), 440),
    ("ta_rubric_hw5_q3", "2. Student B", 1): _ta_check(
        lambda v: same(v["dx"], corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))), 450
    ),
    ("ta_rubric_hw5_q3", "3. Student C", 1): _ta_check(
        lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["w"]))), 460
    ),
    ("ta_rubric_hw5_q3", "4. Student D", 1): _ta_entry(2, 2, [((2, 2), (0, 0)), ((0, 0), (1, 1))]),
    ("ta_rubric_hw5_q3", "5. Student E", 1): _ta_entry(
        2, 2, [((2, 2), (0, 0)), ((2, 0), (0, 1)), ((0, 2), (1, 0)), ((0, 0), (1, 1))]
    ),
    ("ta_rubric_hw5_q3", "6. Student F", 1): _ta_entry(3, 4, [((1, 2), (1, 1))]),
    ("ta_rubric_hw5_q3", "6. Student F", 2): _ta_entry(3, 4, [((1, 2), (1, 1)), ((3, 2), (0, 1))]),
    ("ta_rubric_hw5_q3", "7. Student G", 1): _ta_check(
        lambda v: math.isclose(v["db"], v["g"].sum() / 4), 470
    ),
    ("ta_rubric_hw5_q3", "8. Student H", 1): lambda: [params(_TA_LAYER) == 3 * 16 * 25],
    ("ta_rubric_hw5_q3", "8. Student H", 2): lambda: arithmetic(3 * 16 * 25, 1200),
    ("ta_rubric_hw5_q3", "**Bonus (d′)", 3): _ta_batch(True),
    ("ta_rubric_hw5_q3", "**Bonus (d′)", 4): _ta_batch(False),
}


# --- README_pocketcnn.md: Conv1D L = 10, K = 3, d = 2; MaxPool2D on 6x6; ReLU; Dense rows
# (N, D, M) = (32, 64, 10); mean softmax cross-entropy


def corr1d(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 1-D cross-correlation; empty when the kernel is longer than the signal."""
    n = len(a) - len(k) + 1
    return np.array([float(np.dot(a[t : t + len(k)], k)) for t in range(max(n, 0))])


def dilate1d(a: np.ndarray, d: int) -> np.ndarray:
    out = np.zeros((len(a) - 1) * d + 1)
    out[::d] = a
    return out


def _conv1d(r: np.random.Generator) -> dict:
    x, w, b, dout = r.normal(size=10), r.normal(size=3), r.normal(size=1), r.normal(size=6)
    xt, wt, bt = (torch.tensor(a, dtype=F64, requires_grad=True) for a in (x, w, b))
    y = F.conv1d(xt[None, None], wt[None, None], bt, dilation=2)[0, 0]
    (y * torch.tensor(dout, dtype=F64)).sum().backward()
    return {
        "x": x,
        "w": w,
        "dout": dout,
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": float(bt.grad[0]),
    }


def _c1(check: Callable[[dict], bool], seed: int) -> Truth:
    return lambda: trials(lambda r: check(_conv1d(r)), seed)


def _c1_dx(step: int) -> Callable[[dict], bool]:
    """dX[s] = sum_k w[k] dout[s - step*k], dout zero outside 0..5 (the README says so)."""

    def check(v: dict) -> bool:
        return agree(
            [
                (
                    lambda s=s: v["dx"][s],
                    lambda s=s: sum(v["w"][k] * zat(v["dout"], s - step * k) for k in range(3)),
                )
                for s in range(10)
            ]
        )

    return check


def _c1_dw(v: dict) -> bool:
    rhs = [sum(v["dout"][t] * at(v["x"], t + 2 * k) for t in range(6)) for k in range(3)]
    return same(v["dw"], rhs)


def _maxpool(ceil: bool) -> Truth:
    def check(r: np.random.Generator) -> bool:
        x = torch.tensor(r.normal(size=(6, 6)), dtype=F64, requires_grad=True)
        out = F.max_pool2d(x[None, None], 2, 2)[0, 0]
        dout = r.normal(size=(3, 3))
        (out * torch.tensor(dout, dtype=F64)).sum().backward()
        xs, outs = x.detach().numpy(), out.detach().numpy()
        index = (lambda i: math.ceil(i / 2)) if ceil else (lambda i: i // 2)

        def rhs(i: int, j: int) -> float:
            a, b = index(i), index(j)
            return at(dout, a, b) * float(xs[i, j] == at(outs, a, b))

        return agree(
            [
                (lambda i=i, j=j: x.grad[i, j].item(), lambda i=i, j=j: rhs(i, j))
                for i in range(6)
                for j in range(6)
            ]
        )

    return lambda: trials(check, 640 if ceil else 630)


def _relu(mask: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Truth:
    def check(r: np.random.Generator) -> bool:
        x = torch.tensor(r.normal(size=(4, 5)), dtype=F64, requires_grad=True)
        out, dout = torch.relu(x), r.normal(size=(4, 5))
        (out * torch.tensor(dout, dtype=F64)).sum().backward()
        return same(x.grad.numpy(), dout * mask(x.detach().numpy(), out.detach().numpy()))

    return lambda: trials(check, 650)


def _dense(r: np.random.Generator) -> dict:
    """out = X W + b with X (32, 64), W (64, 10); dout is the upstream gradient."""
    x, w, b, dout = (r.normal(size=s) for s in ((32, 64), (64, 10), 10, (32, 10)))
    xt, wt, bt = (torch.tensor(a, dtype=F64, requires_grad=True) for a in (x, w, b))
    ((xt @ wt + bt) * torch.tensor(dout, dtype=F64)).sum().backward()
    return {
        "x": x,
        "w": w,
        "dout": dout,
        "dx": xt.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": bt.grad.numpy(),
    }


def _dn(check: Callable[[dict], bool], seed: int) -> Truth:
    return lambda: trials(lambda r: check(_dense(r)), seed)


def _softmax_ce(scale: float) -> Truth:
    def check(r: np.random.Generator) -> bool:
        z = torch.tensor(r.normal(size=(32, 10)), dtype=F64, requires_grad=True)
        labels = torch.tensor(r.integers(0, 10, size=32))
        F.cross_entropy(z, labels).backward()  # mean over the batch, like the README's loss
        p = torch.softmax(z, dim=1).detach().numpy()
        y = np.eye(10)[labels.numpy()]
        return same(z.grad.numpy(), scale * (p - y))

    return lambda: trials(check, 660 if scale != 1 else 670)


_CONV1D_LAYER = torch.nn.Conv1d(4, 8, 3)
README: Anchored = {
    ("README_pocketcnn", "The running example in `tests/test_conv1d.py`", 4): lambda: count_claim(
        10 - 2 * (3 - 1),
        6,
        F.conv1d(torch.zeros(1, 1, 10), torch.zeros(1, 1, 3), dilation=2).shape[-1],
    ),
    ("README_pocketcnn", r"$$\text{dW}[k] =", 1): _c1(_c1_dw, 600),
    ("README_pocketcnn", r"$$\text{db} = \sum_{t=0}^{5}", 1): _c1(
        lambda v: math.isclose(v["db"], v["dout"].sum()), 605
    ),
    ("README_pocketcnn", r"$$\text{dX}[s] =", 1): _c1(_c1_dx(2), 610),
    ("README_pocketcnn", "As a single vectorised call", 1): _c1(
        lambda v: same(v["dx"], corr1d(np.pad(v["dout"], 4), dilate1d(v["w"], 2)[::-1])), 615
    ),
    ("README_pocketcnn", "We first tried", 1): _c1(
        lambda v: same(v["dw"], corr1d(v["x"], dilate1d(v["dout"], 2))), 620
    ),
    ("README_pocketcnn", "**Fixed in v0.2:**", 1): _c1(_c1_dx(1), 625),
    ("README_pocketcnn", "Parameters: `Conv1D(4, 8, 3)`", 1): lambda: [
        params(_CONV1D_LAYER) == 4 * 8 * 3 + 4
    ],
    ("README_pocketcnn", "Parameters: `Conv1D(4, 8, 3)`", 2): lambda: arithmetic(
        4 * 8 * 3 + 4, 100
    ),
    ("README_pocketcnn", r"$$\text{dX}_{i,j} = \text{dout}_{\lfloor", 1): _maxpool(ceil=False),
    ("README_pocketcnn", "Issue #14 proposed", 1): _maxpool(ceil=True),
    ("README_pocketcnn", r"$$\text{dX} = \text{dout} \odot [X > 0]$$", 1): _relu(
        lambda x, out: (x > 0).astype(float)
    ),
    ("README_pocketcnn", "The code caches `out`", 1): _relu(
        lambda x, out: (out >= 0).astype(float)
    ),
    ("README_pocketcnn", r"$$\text{dW} = X^\top\, \text{dout}", 1): _dn(
        lambda v: same(v["dw"], v["x"].T @ v["dout"]), 680
    ),
    ("README_pocketcnn", r"$$\text{dW} = X^\top\, \text{dout}", 2): _dn(
        lambda v: same(v["dx"], v["dout"] @ v["w"].T), 685
    ),
    ("README_pocketcnn", r"$$\text{db} = \frac{1}{N}", 1): _dn(
        lambda v: same(v["db"], np.ones(32) @ v["dout"] / 32), 690
    ),
    ("README_pocketcnn", "(An early draft", 1): _dn(
        lambda v: same(v["dw"], v["dout"].T @ v["x"]), 695
    ),
    ("README_pocketcnn", "`Dense(64, 10)` has", 1): lambda: count_claim(
        64 * 10 + 10, 650, params(torch.nn.Linear(64, 10))
    ),
    ("README_pocketcnn", r"$$\text{dZ} = \frac{1}{N}", 1): _softmax_ce(1 / 32),
    ("README_pocketcnn", "v0.1 returned", 1): _softmax_ce(1),
}


NOTES_B: Anchored = {**RUBRIC, **README}
