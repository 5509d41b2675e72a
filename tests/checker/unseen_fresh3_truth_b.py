"""Independent truth for the fresh3 unseen set, notes 4-7 (see unseen_fresh3_truth.py).

Same contract: one function per correct/mistake claim, keyed by (note, line, rank on the line),
returning one bool per trial; torch autograd for every gradient, scipy.signal.correlate for the
1-D valid correlation, nothing of symconv.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from scipy.signal import correlate
from unseen_fresh3_truth import (
    F64,
    TRIALS,
    Truth,
    agree,
    arith,
    at,
    conv2d,
    conv_out,
    corr,
    count_claim,
    pad,
    params,
    rng,
    rot180,
    same,
    zat,
)

# --- hw5_key_multichannel.md: N=2, C=3, F=2, 5x5 input, 3x3 kernels, stride 1, 0-based


def _hw(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(2, 3, 5, 5)), r.normal(size=(2, 3, 3, 3)), r.normal(size=2)
    d = r.normal(size=(2, 2, 3, 3))  # delta = dL/dz for the summed batch loss L
    return {"x": x, "w": w, "b": b, "d": d, **conv2d(x, w, b, d)}


def _hw_(check: Callable[[dict], bool]) -> Truth:
    return lambda: [check(_hw(rng(200 + t))) for t in range(TRIALS)]


_NFIJ = list(itertools.product(range(2), range(2), range(3), range(3)))
_FCUV = list(itertools.product(range(2), range(3), range(3), range(3)))
_NCHW = list(itertools.product(range(2), range(3), range(5), range(5)))
_UV = list(itertools.product(range(3), range(3)))


def _hw_forward(v: dict) -> bool:
    x, w = v["x"], v["w"]
    rhs = np.zeros((2, 2, 3, 3))
    for n, f, i, j in _NFIJ:
        rhs[n, f, i, j] = v["b"][f] + sum(
            w[f, c, u, vv] * at(x, n, c, i + u, j + vv) for c in range(3) for u, vv in _UV
        )
    return same(v["z"], rhs)


def _hw_dw(channels: Callable[[int], range]) -> Callable[[dict], bool]:
    """dL/dw_{f,c,u,v} against a sum over n, i, j and over the channels channels(c)."""

    def rhs(v: dict, f: int, c: int, u: int, vv: int) -> float:
        return sum(
            v["d"][n, f, i, j] * at(v["x"], n, c2, i + u, j + vv)
            for n in range(2)
            for c2 in channels(c)
            for i in range(3)
            for j in range(3)
        )

    return lambda v: all(agree(lambda i=i: v["dw"][i], lambda i=i: rhs(v, *i)) for i in _FCUV)


def _hw_db_one_image(v: dict) -> bool:
    """Without the batch sum the right side depends on a free n: true only if for every n."""
    return all(same(v["db"], v["d"][n].sum(axis=(1, 2))) for n in range(2))


def _hw_dx(v: dict) -> bool:
    rhs = np.zeros((2, 3, 5, 5))
    for n, c, h, w_ in _NCHW:
        rhs[n, c, h, w_] = sum(
            zat(v["d"], n, f, h - u, w_ - vv) * v["w"][f, c, u, vv]
            for f in range(2)
            for u, vv in _UV
        )
    return same(v["dx"], rhs)


def _hw_dx_op(images: Callable[[int], range]) -> Callable[[dict], bool]:
    def rhs(v: dict, n: int, c: int) -> np.ndarray:
        return sum(
            corr(pad(v["d"][m, f], 2), rot180(v["w"][f, c])) for m in images(n) for f in range(2)
        )

    return lambda v: all(same(v["dx"][n, c], rhs(v, n, c)) for n in range(2) for c in range(3))


def _hw_mean_db(r: np.random.Generator) -> bool:
    v = _hw(r)
    bt = torch.tensor(v["b"], dtype=F64, requires_grad=True)
    z = F.conv2d(torch.tensor(v["x"], dtype=F64), torch.tensor(v["w"], dtype=F64), bt)
    ((z * torch.tensor(v["d"], dtype=F64)).sum() / 2).backward()  # L-bar = L / 2
    return same(bt.grad.numpy(), 0.5 * v["d"].sum(axis=(0, 2, 3)))


_HW_P = params(torch.nn.Conv2d(3, 2, 3))
HW5: dict[tuple[str, int, int], Truth] = {
    ("hw5_key_multichannel", 15, 1): lambda: count_claim(5 - 3 + 1, 3, conv_out(5, 3, 1, 0)),
    ("hw5_key_multichannel", 17, 1): lambda: count_claim(_HW_P, 2 * 3 * 3 * 3 + 2, _HW_P),
    ("hw5_key_multichannel", 17, 2): lambda: count_claim(2 * 3 * 3 * 3 + 2, 56, _HW_P),
    ("hw5_key_multichannel", 19, 1): lambda: count_claim(_HW_P, 2 * 9 + 2, _HW_P),
    ("hw5_key_multichannel", 19, 2): lambda: arith(2 * 9 + 2, 20),
    ("hw5_key_multichannel", 23, 1): _hw_(_hw_forward),
    ("hw5_key_multichannel", 29, 1): _hw_(_hw_dw(lambda c: range(c, c + 1))),
    ("hw5_key_multichannel", 33, 1): _hw_(_hw_dw(lambda c: range(3))),
    ("hw5_key_multichannel", 37, 1): _hw_(lambda v: same(v["db"], v["d"].sum(axis=(0, 2, 3)))),
    ("hw5_key_multichannel", 39, 1): _hw_(_hw_db_one_image),
    ("hw5_key_multichannel", 45, 1): _hw_(_hw_dx),
    ("hw5_key_multichannel", 49, 1): _hw_(
        lambda v: agree(
            lambda: v["dx"][0, 0, 4, 0],
            lambda: sum(v["d"][0, f, 2, 0] * v["w"][f, 0, 0, 2] for f in range(2)),
        )
    ),
    ("hw5_key_multichannel", 56, 1): _hw_(
        lambda v: all(
            same(v["dw"][f, c], sum(corr(v["x"][n, c], v["d"][n, f]) for n in range(2)))
            for f in range(2)
            for c in range(3)
        )
    ),
    ("hw5_key_multichannel", 58, 1): _hw_(_hw_dx_op(lambda n: range(n, n + 1))),
    ("hw5_key_multichannel", 62, 1): _hw_(_hw_dx_op(lambda n: range(2))),
    ("hw5_key_multichannel", 68, 1): lambda: count_claim(
        (5 + 2 * 1 - 3) // 2 + 1, 3, conv_out(5, 3, 2, 1)
    ),
    ("hw5_key_multichannel", 73, 1): lambda: [_hw_mean_db(rng(210 + t)) for t in range(TRIALS)],
}


# --- cheatsheet_dense_softmax.md: z = W x + b (5 -> 3), softmax + cross-entropy; batch m = 4


def _one(r: np.random.Generator) -> dict:
    x, w, b, c = r.normal(size=5), r.normal(size=(3, 5)), r.normal(size=3), int(r.integers(3))
    y = np.eye(3)[c]
    xt, wt, bt = (torch.tensor(a, dtype=F64, requires_grad=True) for a in (x, w, b))
    z = wt @ xt + bt
    z.retain_grad()
    p = torch.softmax(z, 0)
    loss = -(torch.tensor(y, dtype=F64) * torch.log(p)).sum()
    loss.backward()
    jac = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), z.detach())
    return {"x": x, "w": w, "y": y, "c": c, "p": p.detach().numpy(), "L": loss.item(),
            "jac": jac.numpy(), "dz": z.grad.numpy(), "dw": wt.grad.numpy(),
            "dx": xt.grad.numpy()}  # fmt: skip


def _on(check: Callable[[dict], bool]) -> Truth:
    return lambda: [check(_one(rng(300 + t))) for t in range(TRIALS)]


def _batch(r: np.random.Generator) -> dict:
    m = 4
    x, w, b = r.normal(size=(5, m)), r.normal(size=(3, 5)), r.normal(size=(3, 1))
    y = np.eye(3)[:, r.integers(3, size=m)]  # one-hot columns
    xt, wt, bt = (torch.tensor(a, dtype=F64, requires_grad=True) for a in (x, w, b))
    z = wt @ xt + bt
    z.retain_grad()
    p = torch.softmax(z, 0)
    (-(torch.tensor(y, dtype=F64) * torch.log(p)).sum(0).mean()).backward()
    return {"m": m, "x": x, "w": w, "y": y, "p": p.detach().numpy(), "dz": z.grad.numpy(),
            "dw": wt.grad.numpy(), "db": bt.grad.numpy(), "dx": xt.grad.numpy()}  # fmt: skip


def _ba(check: Callable[[dict], bool]) -> Truth:
    return lambda: [check(_batch(rng(310 + t))) for t in range(TRIALS)]


def _jac_entries(
    v: dict, pairs: list[tuple[int, int]], form: Callable[[dict, int, int], float]
) -> bool:
    return all(
        agree(lambda i=i, j=j: v["jac"][i, j], lambda i=i, j=j: form(v, i, j)) for i, j in pairs
    )


_ALL33 = list(itertools.product(range(3), range(3)))
_OFF33 = [(i, j) for i, j in _ALL33 if i != j]
_DENSE_93 = params(torch.nn.Linear(5, 10)) + params(torch.nn.Linear(10, 3))
SHEET: dict[tuple[str, int, int], Truth] = {
    ("cheatsheet_dense_softmax", 9, 2): _on(
        lambda v: agree(lambda: v["L"], lambda: -np.log(v["p"][v["c"]]))
    ),
    ("cheatsheet_dense_softmax", 13, 1): _on(
        lambda v: _jac_entries(v, _ALL33, lambda v, i, j: v["p"][i] * ((i == j) - v["p"][j]))
    ),
    ("cheatsheet_dense_softmax", 15, 1): _on(
        lambda v: same(v["jac"], np.diag(v["p"]) - np.outer(v["p"], v["p"]))
    ),
    ("cheatsheet_dense_softmax", 17, 1): _on(
        lambda v: _jac_entries(v, _OFF33, lambda v, i, j: v["p"][i] * v["p"][j])
    ),
    ("cheatsheet_dense_softmax", 21, 1): _on(lambda v: same(v["dz"], v["p"] - v["y"])),
    ("cheatsheet_dense_softmax", 23, 1): _on(
        lambda v: same(v["dw"], np.outer(v["p"] - v["y"], v["x"]))
    ),
    ("cheatsheet_dense_softmax", 25, 1): _on(
        lambda v: same(v["dw"], np.outer(v["x"], v["p"] - v["y"]))
    ),
    ("cheatsheet_dense_softmax", 26, 1): _on(
        lambda v: agree(lambda: v["dx"], lambda: v["w"] @ (v["p"] - v["y"]))
    ),
    ("cheatsheet_dense_softmax", 32, 1): _ba(lambda v: same(v["dz"], (v["p"] - v["y"]) / v["m"])),
    ("cheatsheet_dense_softmax", 34, 1): _ba(lambda v: same(v["dw"], v["dz"] @ v["x"].T / v["m"])),
    ("cheatsheet_dense_softmax", 36, 1): _ba(
        lambda v: agree(lambda: v["db"], lambda: np.ones((1, 3)) @ v["dz"])
    ),
    ("cheatsheet_dense_softmax", 38, 1): _ba(lambda v: same(v["dx"], v["w"].T @ v["dz"])),
    ("cheatsheet_dense_softmax", 44, 1): lambda: count_claim(
        3 * 5 + 3, 18, params(torch.nn.Linear(5, 3))
    ),
    ("cheatsheet_dense_softmax", 45, 1): lambda: count_claim(_DENSE_93, 5 * 10 + 10 * 3, _DENSE_93),
    ("cheatsheet_dense_softmax", 45, 2): lambda: arith(5 * 10 + 10 * 3, 80),
}


# --- notebook_worked_example.md: the note's X (3x3), K (2x2), T (2x2); L = 1/2 sum (Y - T)^2

_NX = np.array([[1, 2, 0], [3, 1, -1], [0, 2, 1]], dtype=np.float64)
_NK = np.array([[1, -1], [2, 0]], dtype=np.float64)
_NT = np.array([[3, 5], [1, 4]], dtype=np.float64)


def _notebook() -> dict:
    xt = torch.tensor(_NX, dtype=F64, requires_grad=True)
    kt = torch.tensor(_NK, dtype=F64, requires_grad=True)
    y = F.conv2d(xt[None, None], kt[None, None])[0, 0]
    y.retain_grad()
    loss = 0.5 * ((y - torch.tensor(_NT, dtype=F64)) ** 2).sum()
    loss.backward()
    return {"y": y.detach().numpy(), "L": loss.item(), "dy": y.grad.numpy(),
            "dk": kt.grad.numpy(), "dx": xt.grad.numpy()}  # fmt: skip


_NB = _notebook()
_NG = _NB["y"] - _NT  # the note's G, as the note computes it (Y - T)
_HALF_SQ = 0.5 * (2**2 + (-1) ** 2 + 1**2 + 2**2)
_K21 = 2 * 3 + (-1) * 1 + 1 * 0 + 2 * 2
NOTEBOOK: dict[tuple[str, int, int], Truth] = {
    ("notebook_worked_example", 20, 1): lambda: [same(_NB["y"], [[5, 4], [2, 6]])],
    ("notebook_worked_example", 24, 2): lambda: [same(_NB["dy"], _NB["y"] - _NT)],
    ("notebook_worked_example", 24, 3): lambda: [same(_NB["y"] - _NT, [[2, -1], [1, 2]])],
    ("notebook_worked_example", 26, 1): lambda: arith(_NB["L"], _HALF_SQ),
    ("notebook_worked_example", 26, 2): lambda: arith(_HALF_SQ, 4.5),
    ("notebook_worked_example", 32, 1): lambda: [same(_NB["dk"], corr(_NX, _NG))],
    ("notebook_worked_example", 36, 1): lambda: arith(_NB["dk"][1, 0], _K21),
    ("notebook_worked_example", 36, 2): lambda: arith(_K21, 8),
    ("notebook_worked_example", 40, 1): lambda: [same(_NB["dk"], [[5, 3], [8, 7]])],
    ("notebook_worked_example", 46, 1): lambda: [same(rot180(_NK), [[0, 2], [-1, 1]])],
    ("notebook_worked_example", 48, 1): lambda: [same(_NB["dx"], corr(pad(_NG, 1), rot180(_NK)))],
    ("notebook_worked_example", 52, 1): lambda: arith(_NB["dx"][0, 2], _NG[0, 1] * _NK[0, 0]),
    ("notebook_worked_example", 52, 2): lambda: arith(_NG[0, 1] * _NK[0, 0], -1),
    ("notebook_worked_example", 56, 1): lambda: [
        same(_NB["dx"], [[2, -3, -1], [5, -1, -2], [2, 4, 0]])
    ],
    ("notebook_worked_example", 62, 2): lambda: [
        same(_NK - 0.1 * _NB["dk"], [[0.5, -1.3], [1.2, -0.7]])
    ],
}


# --- my_derivation_conv1d_stride2.md: x length 9, w length 3, b, stride 2, a = sigmoid(y), 0-based


def _deriv(r: np.random.Generator) -> dict:
    x, w, b, ga = r.normal(size=9), r.normal(size=3), r.normal(), r.normal(size=4)
    xt, wt = (torch.tensor(a, dtype=F64, requires_grad=True) for a in (x, w))
    bt = torch.tensor([b], dtype=F64, requires_grad=True)
    y = F.conv1d(xt[None, None], wt[None, None], bt, stride=2)[0, 0]
    y.retain_grad()
    a = torch.sigmoid(y)
    (a * torch.tensor(ga, dtype=F64)).sum().backward()  # ga = dL/da from the layers above
    yt = torch.tensor(y.detach().numpy(), requires_grad=True)
    torch.sigmoid(yt).sum().backward()
    return {"x": x, "w": w, "b": b, "ga": ga, "y": y.detach().numpy(), "a": a.detach().numpy(),
            "g": y.grad.numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy(),
            "sig_prime": yt.grad.numpy()}  # fmt: skip


def _de(check: Callable[[dict], bool]) -> Truth:
    return lambda: [check(_deriv(rng(400 + t))) for t in range(TRIALS)]


def _de_forward(stride: int) -> Callable[[dict], bool]:
    return lambda v: agree(
        lambda: v["y"],
        lambda: [sum(v["w"][k] * at(v["x"], stride * i + k) for k in range(3)) + v["b"]
                 for i in range(4)],
    )  # fmt: skip


def _de_dw(stride: int) -> Callable[[dict], bool]:
    return lambda v: agree(
        lambda: v["dw"],
        lambda: [sum(v["g"][i] * at(v["x"], stride * i + k) for i in range(4)) for k in range(3)],
    )


def _de_dx_entry(j: int, terms: list[tuple[int, int]]) -> Truth:
    return _de(
        lambda v: agree(lambda: v["dx"][j], lambda: sum(v["g"][i] * v["w"][k] for i, k in terms))
    )


def _dilate1d(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros((len(a) - 1) * s + 1)
    out[::s] = a
    return out


def _conv1d_out(n: int, p: int) -> int:
    x = torch.zeros(1, 1, n, dtype=F64)
    return int(F.conv1d(x, torch.zeros(1, 1, 3, dtype=F64), stride=2, padding=p).shape[-1])


DERIV: dict[tuple[str, int, int], Truth] = {
    ("my_derivation_conv1d_stride2", 5, 1): lambda: count_claim(
        (9 - 3) // 2 + 1, 4, _conv1d_out(9, 0)
    ),
    ("my_derivation_conv1d_stride2", 7, 1): _de(_de_forward(1)),
    ("my_derivation_conv1d_stride2", 9, 1): _de(_de_forward(2)),
    ("my_derivation_conv1d_stride2", 11, 1): _de(
        lambda v: same(v["sig_prime"], v["a"] * (1 - v["y"]))
    ),
    ("my_derivation_conv1d_stride2", 11, 2): _de(
        lambda v: same(v["g"], v["ga"] * v["a"] * (1 - v["y"]))
    ),
    ("my_derivation_conv1d_stride2", 15, 1): _de(_de_dw(2)),
    ("my_derivation_conv1d_stride2", 17, 1): _de(_de_dw(1)),
    ("my_derivation_conv1d_stride2", 21, 1): _de(
        lambda v: same(
            v["dx"], [sum(v["g"][i] * zat(v["w"], j - 2 * i) for i in range(4)) for j in range(9)]
        )
    ),
    ("my_derivation_conv1d_stride2", 24, 1): _de_dx_entry(2, [(0, 2), (1, 0)]),
    ("my_derivation_conv1d_stride2", 25, 1): _de_dx_entry(6, [(3, 0)]),
    ("my_derivation_conv1d_stride2", 29, 1): _de(
        lambda v: same(v["dx"], correlate(np.pad(_dilate1d(v["g"], 2), 2), v["w"][::-1], "valid"))
    ),
    ("my_derivation_conv1d_stride2", 31, 1): _de(
        lambda v: same(v["dx"], correlate(np.pad(v["g"], 2), v["w"][::-1], "valid"))
    ),
    ("my_derivation_conv1d_stride2", 33, 1): _de(
        lambda v: same(v["dw"], correlate(v["x"], _dilate1d(v["g"], 2), "valid"))
    ),
    ("my_derivation_conv1d_stride2", 37, 1): lambda: count_claim(
        (9 + 2 - 3) // 2 + 1, 5, _conv1d_out(9, 1)
    ),
}

NOTES_B: dict[tuple[str, int, int], Truth] = {**HW5, **SHEET, **NOTEBOOK, **DERIV}
