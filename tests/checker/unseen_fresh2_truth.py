"""Independent truth for the fresh2 unseen set (tests/data/check/unseen/fresh2/), notes 1-3.

Each claim of a key is a function keyed by (note, line, rank on the line) that computes both
sides of the equation with NumPy/torch at the note's sizes from random inputs (torch autograd
of conv2d / conv_transpose2d / max_pool2d / avg_pool2d / linear gives every gradient) and
returns one bool per trial or per size of a grid: the sides agree there or not. Nothing of
symconv is imported. An index outside a tensor (a sum past its end) raises IndexError, which
counts as "the sides do not agree": the formula names an entry that does not exist.
Notes 4-7 live in unseen_fresh2_truth_b.py; TRUTH merges both.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import F64, TRIALS, Truth, at, corr, dilate, pad, rng, rot180, same, zat


def each(pairs: list[tuple[Callable[[], float], Callable[[], float]]]) -> bool:
    """All left/right pairs agree; a side that reads outside a tensor disagrees."""
    try:
        return all(math.isclose(lf(), rf(), rel_tol=1e-9, abs_tol=1e-9) for lf, rf in pairs)
    except IndexError:
        return False


def conv(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, g: np.ndarray, **kw: int) -> dict:
    """Forward and autograd gradients of torch conv2d; x (N,C,H,W), w (F,C,k,k), g like z."""
    xt = torch.tensor(x, dtype=F64, requires_grad=True)
    wt = torch.tensor(w, dtype=F64, requires_grad=True)
    bt = None if b is None else torch.tensor(b, dtype=F64, requires_grad=True)
    z = F.conv2d(xt, wt, bt, **kw)
    (z * torch.tensor(g, dtype=F64)).sum().backward()
    out = {"z": z.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}
    if bt is not None:
        out["db"] = bt.grad.numpy()
    return out


def conv_out(h: int, k: int, s: int, p: int) -> int:
    x = torch.zeros(1, 1, h, h, dtype=F64)
    return int(F.conv2d(x, torch.zeros(1, 1, k, k, dtype=F64), stride=s, padding=p).shape[-1])


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def trials(check: Callable[[np.random.Generator], bool], seed: int) -> list[bool]:
    return [check(rng(seed + t)) for t in range(TRIALS)]


def count_claim(lhs: float, rhs: float, true_value: float) -> list[bool]:
    """A count or size written as lhs = rhs: both must equal the true value."""
    return [lhs == rhs == true_value]


# --- hw3_solutions.md: 5x5 input, 3x3 kernel, stride 2, padding 1, 1-based functional indices


def _hw3(r: np.random.Generator) -> tuple:
    x, w, b, g = r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(), r.normal(size=(3, 3))
    t = conv(x[None, None], w[None, None], np.array([b]), g[None, None], stride=2, padding=1)
    xt = pad(x, 1)
    W = lambda m, n: at(w, m - 1, n - 1)  # noqa: E731  (1-based accessors, as the note writes)
    G = lambda i, j: at(g, i - 1, j - 1)  # noqa: E731
    XT = lambda i, j: at(xt, i - 1, j - 1)  # noqa: E731
    return x, w, b, g, t, W, G, XT


def _hw3_forward(shift: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        _, _, b, _, t, W, _, XT = _hw3(r)
        return each(
            [
                (
                    (lambda i=i, j=j: t["z"][0, 0, i - 1, j - 1]),
                    (
                        lambda i=i, j=j: (
                            b
                            + sum(
                                W(m, n) * XT(2 * i - shift + m, 2 * j - shift + n)
                                for m in range(1, 4)
                                for n in range(1, 4)
                            )
                        )
                    ),
                )
                for i in range(1, 4)
                for j in range(1, 4)
            ]
        )

    return lambda: trials(check, 10)


def _hw3_dw(stride: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        _, _, _, _, t, _, G, XT = _hw3(r)

        def rhs(m: int, n: int) -> float:
            return sum(
                G(i, j) * XT(stride * (i - 1) + m, stride * (j - 1) + n)
                for i in range(1, 4)
                for j in range(1, 4)
            )

        return same(t["dw"][0, 0], [[rhs(m, n) for n in range(1, 4)] for m in range(1, 4)])

    return lambda: trials(check, 20)


def _hw3_dx(h: int, w_: int, terms: list[tuple[tuple[int, int], tuple[int, int]]]) -> Truth:
    def check(r: np.random.Generator) -> bool:
        _, _, _, _, t, W, G, _ = _hw3(r)
        rhs = sum(W(*wm) * G(*gi) for wm, gi in terms)
        return math.isclose(t["dx"][0, 0, h - 1, w_ - 1], rhs, abs_tol=1e-12)

    return lambda: trials(check, 30)


def _hw3_dx_op(g_form: Callable[[np.ndarray], np.ndarray]) -> Truth:
    def check(r: np.random.Generator) -> bool:
        _, w, _, g, t, *_ = _hw3(r)
        return same(t["dx"][0, 0], corr(g_form(g), rot180(w)))

    return lambda: trials(check, 40)


def _hw3_db(r: np.random.Generator) -> bool:
    _, _, _, g, t, *_ = _hw3(r)
    return same(t["db"][0], g.sum())


_HW3_PARAMS = params(torch.nn.Conv2d(1, 1, 3))
HW3: dict[tuple[str, int, int], Truth] = {
    ("hw3_solutions", 7, 1): lambda: count_claim(conv_out(5, 3, 2, 1), (5 + 2 - 3) // 2 + 1, 3),
    ("hw3_solutions", 7, 2): lambda: count_claim((5 + 2 * 1 - 3) // 2 + 1, 3, conv_out(5, 3, 2, 1)),
    ("hw3_solutions", 13, 1): _hw3_forward(2),
    ("hw3_solutions", 15, 1): _hw3_forward(0),
    ("hw3_solutions", 20, 1): _hw3_dw(2),
    ("hw3_solutions", 25, 1): _hw3_dw(1),
    ("hw3_solutions", 29, 1): lambda: trials(_hw3_db, 50),
    ("hw3_solutions", 33, 1): _hw3_dx(1, 1, [((2, 2), (1, 1))]),
    ("hw3_solutions", 37, 1): _hw3_dx(2, 2, [((3, 3), (1, 1)), ((1, 1), (2, 2))]),
    ("hw3_solutions", 41, 1): _hw3_dx(
        2, 2, [((3, 3), (1, 1)), ((3, 1), (1, 2)), ((1, 3), (2, 1)), ((1, 1), (2, 2))]
    ),
    ("hw3_solutions", 43, 1): _hw3_dx(3, 3, [((2, 2), (2, 2))]),
    ("hw3_solutions", 47, 1): _hw3_dx_op(lambda g: pad(dilate(g, 2), 1)),
    ("hw3_solutions", 51, 1): _hw3_dx_op(lambda g: pad(g, 2)),
    ("hw3_solutions", 55, 3): lambda: count_claim(3 * 3 + 1, 10, _HW3_PARAMS),
    ("hw3_solutions", 55, 4): lambda: count_claim(3 * 3 * 5 + 1, 46, _HW3_PARAMS),
}


# --- preguntas_examen.md: counts and sizes, 4x4 pooling with given numbers, dense batch N=32

_PX = np.array([[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]], dtype=np.float64)
_PG = np.array([[1, -2], [3, 0.5]])


def _pool(kind: str) -> dict:
    x = torch.tensor(_PX[None, None], dtype=F64, requires_grad=True)
    y = (F.max_pool2d if kind == "max" else F.avg_pool2d)(x, 2, 2)
    (y * torch.tensor(_PG[None, None], dtype=F64)).sum().backward()
    return {"y": y.detach().numpy()[0, 0], "dx": x.grad.numpy()[0, 0]}


def _dense_rows(r: np.random.Generator, n: int, d_in: int, d_out: int) -> tuple:
    """Z = X W^T + b with samples as rows (torch linear) and autograd with dZ = g."""
    x, w, b = r.normal(size=(n, d_in)), r.normal(size=(d_out, d_in)), r.normal(size=d_out)
    g = r.normal(size=(n, d_out))
    xt, wt, bt = (torch.tensor(a, dtype=F64, requires_grad=True) for a in (x, w, b))
    (F.linear(xt, wt, bt) * torch.tensor(g, dtype=F64)).sum().backward()
    return x, w, g, xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()


def _dense_check(form: Callable[[tuple], bool]) -> Truth:
    return lambda: [form(_dense_rows(rng(60 + t), 32, 400, 120)) for t in range(TRIALS)]


def _avg_elementwise() -> list[bool]:
    t = _pool("avg")
    return [
        each(
            [
                (
                    (lambda i=i, j=j: t["dx"][i - 1, j - 1]),
                    (lambda i=i, j=j: 0.25 * at(_PG, math.ceil(i / 2) - 1, math.ceil(j / 2) - 1)),
                )
                for i in range(1, 5)
                for j in range(1, 5)
            ]
        )
    ]


def _dense_elementwise(d: tuple) -> bool:
    x, _, g, _, dw, _ = d
    return same(
        dw, [[sum(g[n, k] * x[n, j] for n in range(32)) for j in range(400)] for k in range(120)]
    )


_MAX_DX = [[0, 0, 0, 0], [1, 0, 0, -2], [0, 0, 0.5, 0], [0, 3, 0, 0]]
_COPY_DX = [[1, 1, -2, -2], [1, 1, -2, -2], [3, 3, 0.5, 0.5], [3, 3, 0.5, 0.5]]
PREG: dict[tuple[str, int, int], Truth] = {
    ("preguntas_examen", 11, 1): lambda: count_claim(
        5 * 5 * 3 * 6 + 6, 456, params(torch.nn.Conv2d(3, 6, 5))
    ),
    ("preguntas_examen", 13, 1): lambda: count_claim(
        5 * 5 * 6 + 6, 156, params(torch.nn.Conv2d(3, 6, 5))
    ),
    ("preguntas_examen", 20, 1): lambda: count_claim(
        5 * 5 * 16 + 16, 416, params(torch.nn.Conv2d(6, 16, 5))
    ),
    ("preguntas_examen", 23, 1): lambda: count_claim(
        400 * 120 + 120, 48120, params(torch.nn.Linear(400, 120))
    ),
    ("preguntas_examen", 24, 1): lambda: count_claim(
        120 * 84 + 84, 10080, params(torch.nn.Linear(120, 84))
    ),
    ("preguntas_examen", 31, 1): lambda: count_claim(
        (14 + 2 - 3) // 2 + 1, 8, conv_out(14, 3, 2, 1)
    ),
    ("preguntas_examen", 31, 2): lambda: count_claim(13 // 2 + 1, 7, conv_out(14, 3, 2, 1)),
    ("preguntas_examen", 40, 1): lambda: [same(_pool("max")["y"], [[4, 5], [6, 3]])],
    ("preguntas_examen", 43, 1): lambda: [same(_pool("max")["dx"], _MAX_DX)],
    ("preguntas_examen", 49, 1): lambda: [same(_pool("avg")["y"], [[2.5, 2], [2.25, 1.75]])],
    ("preguntas_examen", 52, 1): lambda: [same(_pool("avg")["dx"], _COPY_DX)],
    ("preguntas_examen", 54, 1): _avg_elementwise,
    ("preguntas_examen", 61, 1): _dense_check(lambda d: same(d[4], d[2].T @ d[0])),
    ("preguntas_examen", 62, 1): _dense_check(lambda d: same(d[5], d[2].sum(axis=0))),
    ("preguntas_examen", 63, 1): _dense_check(lambda d: same(d[3], d[2] @ d[1])),
    ("preguntas_examen", 66, 1): _dense_check(lambda d: same(d[4], d[0].T @ d[2])),
    ("preguntas_examen", 66, 2): _dense_check(_dense_elementwise),
    ("preguntas_examen", 66, 3): _dense_check(lambda d: same(d[5], d[2].sum(axis=1))),
}


# --- derivacion_alumno.md: batch N=2 of 4x4, 2x2 kernel w[m][k], stride 1, ReLU, 0-based


def _alumno(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(2, 4, 4)), r.normal(size=(2, 2)), r.normal()
    ga = r.normal(size=(2, 3, 3))  # dL/da, what the rest of the network returns
    xt = torch.tensor(x[:, None], dtype=F64, requires_grad=True)
    wt = torch.tensor(w[None, None], dtype=F64, requires_grad=True)
    bt = torch.tensor([b], dtype=F64, requires_grad=True)
    y = F.conv2d(xt, wt, bt)
    y.retain_grad()
    (torch.relu(y) * torch.tensor(ga[:, None], dtype=F64)).sum().backward()
    y_ = y.detach().numpy()[:, 0]
    return {"x": x, "w": w, "b": b, "g": ga, "y": y_, "a": np.maximum(y_, 0),
            "d": y.grad.numpy()[:, 0], "dx": xt.grad.numpy()[:, 0], "dw": wt.grad.numpy()[0, 0],
            "db": float(bt.grad.numpy()[0])}  # fmt: skip


def _al(check: Callable[[dict], bool]) -> Truth:
    return lambda: [check(_alumno(rng(70 + t))) for t in range(TRIALS)]


def _al_forward(v: dict) -> bool:
    x, w = v["x"], v["w"]
    rhs = [[[sum(w[m, k] * at(x, n, i + m, j + k) for m in range(2) for k in range(2)) + v["b"]
             for j in range(3)] for i in range(3)] for n in range(2)]  # fmt: skip
    return same(v["y"], rhs)


def _al_y022(v: dict) -> bool:
    x, w = v["x"], v["w"]
    rhs = w[0, 0] * x[0, 2, 2] + w[0, 1] * x[0, 2, 3] + w[1, 0] * x[0, 3, 2] + w[1, 1] * x[0, 3, 3]
    return math.isclose(v["y"][0, 2, 2], rhs + v["b"], abs_tol=1e-12)


def _al_dw(last: int) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        d, x = v["d"], v["x"]

        def rhs(m: int, k: int) -> float:
            return sum(
                at(d, n, i, j) * at(x, n, i + m, j + k)
                for n in range(2)
                for i in range(last + 1)
                for j in range(last + 1)
            )

        return each([((lambda m=m, k=k: v["dw"][m, k]), (lambda m=m, k=k: rhs(m, k)))
                     for m in range(2) for k in range(2)])  # fmt: skip

    return check


def _al_dx(v: dict) -> bool:
    d, w = v["d"], v["w"]
    rhs = [[[sum(zat(d, n, p - m, q - k) * w[m, k] for m in range(2) for k in range(2))
             for q in range(4)] for p in range(4)] for n in range(2)]  # fmt: skip
    return same(v["dx"], rhs)


def _al_dx_op(kernel: Callable[[np.ndarray], np.ndarray]) -> Callable[[dict], bool]:
    return lambda v: all(
        same(v["dx"][n], corr(pad(v["d"][n], 1), kernel(v["w"]))) for n in range(2)
    )


ALUMNO: dict[tuple[str, int, int], Truth] = {
    ("derivacion_alumno", 7, 1): _al(_al_forward),
    ("derivacion_alumno", 10, 1): _al(_al_y022),
    ("derivacion_alumno", 14, 1): _al(lambda v: same(v["d"], v["g"] * (v["y"] > 0))),
    ("derivacion_alumno", 16, 1): _al(lambda v: same(v["d"], v["g"] * v["a"])),
    ("derivacion_alumno", 20, 1): _al(_al_dw(2)),
    ("derivacion_alumno", 22, 1): _al(_al_dw(3)),
    ("derivacion_alumno", 26, 1): _al(lambda v: math.isclose(v["db"], v["d"][0].sum())),
    ("derivacion_alumno", 28, 1): _al(lambda v: math.isclose(v["db"], v["d"].sum())),
    ("derivacion_alumno", 32, 1): _al(_al_dx),
    ("derivacion_alumno", 34, 1): _al(
        lambda v: math.isclose(v["dx"][1, 3, 3], v["d"][1, 2, 2] * v["w"][1, 1])
    ),
    ("derivacion_alumno", 34, 2): _al(
        lambda v: math.isclose(
            v["dx"][1, 0, 0], v["d"][1, 0, 0] * v["w"][0, 0] + v["d"][1, 0, 1] * v["w"][0, 1]
        )
    ),
    ("derivacion_alumno", 38, 1): _al(_al_dx_op(rot180)),
    ("derivacion_alumno", 40, 1): _al(_al_dx_op(np.transpose)),
    ("derivacion_alumno", 42, 1): _al(
        lambda v: same(v["dw"], sum(corr(v["x"][n], v["d"][n]) for n in range(2)))
    ),
}


def truth_table() -> dict[tuple[str, int, int], Truth]:
    from unseen_fresh2_truth_b import NOTES_B

    return {**HW3, **PREG, **ALUMNO, **NOTES_B}
