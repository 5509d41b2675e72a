"""Independent truth for the fresh4 unseen set, notes 6-7 (see unseen_fresh4_truth.py):
the blog's whole-matrix operators and the student's mean-loss batch derivation, against torch
autograd; valid/full correlations and convolutions from scipy.signal.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from scipy.signal import convolve2d, correlate2d
from unseen_fresh4_truth import (
    F64,
    Truth,
    arith,
    at,
    close,
    conv,
    conv_out,
    dilate,
    named,
    pad,
    rot180,
    tensor,
    trials,
    zat,
)

# --- blog_strided_operators.md: 7x7 X, 3x3 W, stride 2 (3x3 G); then padding 1 (4x4 G)


def _strided(r: np.random.Generator, p: int) -> dict:
    x, w, b = r.normal(size=(7, 7)), r.normal(size=(3, 3)), r.normal()
    side = conv_out(7, 3, 2, p)
    g = r.normal(size=(side, side))
    return {"x": x, "w": w, "b": b, "g": g, **conv(x, w, b, g, stride=2, padding=p)}


def _bl(check: Callable[[dict], bool], p: int = 0) -> Truth:
    return lambda: trials(lambda r: check(_strided(r, p)), 600 + 10 * p)


def _valid_corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    if k.shape[0] > a.shape[0]:
        raise ValueError("kernel larger than the input")
    return correlate2d(a, k, mode="valid")


BLOG: dict[tuple[str, int, int], Truth] = {
    ("blog_strided_operators", 23, 1): _bl(
        lambda v: close(
            lambda: v["z"],
            lambda: convolve2d(v["x"], rot180(v["w"]), mode="valid")[::2, ::2] + v["b"],
        )
    ),
    ("blog_strided_operators", 31, 1): _bl(
        lambda v: close(lambda: v["dw"], lambda: _valid_corr(v["x"], dilate(v["g"], 2)))
    ),
    ("blog_strided_operators", 35, 1): _bl(
        lambda v: close(lambda: v["dw"], lambda: _valid_corr(v["x"], v["g"])[::2, ::2])
    ),
    ("blog_strided_operators", 41, 1): _bl(
        lambda v: close(lambda: v["db"], lambda: np.ones(3) @ v["g"] @ np.ones(3))
    ),
    ("blog_strided_operators", 47, 1): _bl(
        lambda v: close(
            lambda: v["dx"], lambda: _valid_corr(pad(dilate(v["g"], 2), 2), rot180(v["w"]))
        )
    ),
    ("blog_strided_operators", 47, 2): _bl(
        lambda v: close(
            lambda: _valid_corr(pad(dilate(v["g"], 2), 2), rot180(v["w"])),
            lambda: convolve2d(pad(dilate(v["g"], 2), 2), v["w"], mode="valid"),
        )
    ),
    ("blog_strided_operators", 51, 1): _bl(
        lambda v: close(
            lambda: v["dx"], lambda: convolve2d(dilate(v["g"], 2), rot180(v["w"]), mode="full")
        )
    ),
    ("blog_strided_operators", 55, 1): _bl(
        lambda v: close(lambda: v["dx"], lambda: _valid_corr(pad(v["g"], 2), rot180(v["w"])))
    ),
    ("blog_strided_operators", 57, 1): _bl(
        lambda v: close(lambda: v["dx"], lambda: _valid_corr(pad(dilate(v["g"], 2), 2), v["w"]))
    ),
    ("blog_strided_operators", 59, 1): _bl(
        lambda v: close(
            lambda: v["dx"], lambda: _valid_corr(pad(dilate(v["g"], 2), 1), rot180(v["w"]))
        )
    ),
    ("blog_strided_operators", 63, 1): lambda: (
        named(conv_out(7, 3, 2, 1), (7 + 2 - 3) // 2 + 1) + arith((7 + 2 - 3) // 2 + 1, 4)
    ),
    ("blog_strided_operators", 65, 1): _bl(
        lambda v: close(lambda: v["dw"], lambda: _valid_corr(pad(v["x"], 1), dilate(v["g"], 2))),
        p=1,
    ),
    ("blog_strided_operators", 69, 1): _bl(
        lambda v: close(
            lambda: v["dx"], lambda: _valid_corr(pad(dilate(v["g"], 2), 1), rot180(v["w"]))
        ),
        p=1,
    ),
    ("blog_strided_operators", 71, 1): _bl(
        lambda v: close(lambda: v["dw"], lambda: _valid_corr(v["x"], dilate(v["g"], 2))), p=1
    ),
}


# --- derivacion_lote_media.md: N = 4 images 5x5, 2x2 kernel, stride 1 -> 4x4, targets t,
# l = 1/2 sum (y - t)^2, L = mean over the batch; 1-based as written


def _batch(r: np.random.Generator, residual_sums: tuple[float, ...] | None = None) -> dict:
    n_ = 4
    x, w, b = r.normal(size=(n_, 5, 5)), r.normal(size=(2, 2)), r.normal()
    xt, wt, bt = tensor(x[:, None]), tensor(w[None, None]), tensor(np.array([b]))
    y = F.conv2d(xt, wt, bt)[:, 0]
    y.retain_grad()
    res = r.normal(size=(n_, 4, 4))
    if residual_sums is not None:  # shift each example's residuals to the stated sum
        res += (np.array(residual_sums) - res.sum(axis=(1, 2)))[:, None, None] / 16
    t = y.detach().numpy() - res
    loss = (0.5 * ((y - torch.tensor(t, dtype=F64)) ** 2).sum(dim=(1, 2))).mean()
    loss.backward()
    return {
        "n": n_,
        "x": x,
        "w": w,
        "b": b,
        "y": y.detach().numpy(),
        "t": t,
        "r": res,
        "dy": y.grad.numpy(),
        "dx": xt.grad.numpy()[:, 0],
        "dw": wt.grad.numpy()[0, 0],
        "db": float(bt.grad.numpy()[0]),
    }


def _bt(check: Callable[[dict], bool]) -> Truth:
    return lambda: trials(lambda r: check(_batch(r)), 700)


def _bt_forward(v: dict) -> bool:
    x, w = v["x"], v["w"]
    return close(
        lambda: v["y"],
        lambda: [
            [
                [
                    sum(
                        at(w, k - 1, q_ - 1) * at(x, n, i + k - 2, j + q_ - 2)
                        for k in range(1, 3)
                        for q_ in range(1, 3)
                    )
                    + v["b"]
                    for j in range(1, 5)
                ]
                for i in range(1, 5)
            ]
            for n in range(4)
        ],
    )


def _bt_dw(shift: int) -> Callable[[dict], bool]:
    """dL/dw_kl = 1/N sum_n sum_ij r^(n)_ij x^(n)_{i+k-shift, j+l-shift} (1-based)."""

    def check(v: dict) -> bool:
        x, r = v["x"], v["r"]
        return close(
            lambda: v["dw"],
            lambda: [
                [
                    sum(
                        at(r, n, i - 1, j - 1) * at(x, n, i + k - shift - 1, j + q_ - shift - 1)
                        for n in range(4)
                        for i in range(1, 5)
                        for j in range(1, 5)
                    )
                    / 4
                    for q_ in range(1, 3)
                ]
                for k in range(1, 3)
            ],
        )

    return check


def _bt_dx(v: dict) -> bool:
    r, w = v["r"], v["w"]  # residuals zero outside 1..4, as the note says
    return close(
        lambda: v["dx"],
        lambda: [
            [
                [
                    sum(
                        zat(r, n, p - k, q - q_) * at(w, k - 1, q_ - 1)
                        for k in range(1, 3)
                        for q_ in range(1, 3)
                    )
                    / 4
                    for q in range(1, 6)
                ]
                for p in range(1, 6)
            ]
            for n in range(4)
        ],
    )


def _bar_form(v: dict, scale: float) -> float:
    ybar, tbar = v["y"].mean(axis=0), v["t"].mean(axis=0)
    return scale * float((ybar - tbar).sum())


BATCH: dict[tuple[str, int, int], Truth] = {
    ("derivacion_lote_media", 3, 2): lambda: (
        named(conv_out(5, 2, 1, 0), 5 - 2 + 1) + arith(5 - 2 + 1, 4)
    ),
    ("derivacion_lote_media", 9, 1): _bt(_bt_forward),
    ("derivacion_lote_media", 13, 1): _bt(
        lambda v: close(lambda: v["dy"], lambda: v["y"] - v["t"])
    ),
    ("derivacion_lote_media", 17, 1): _bt(
        lambda v: close(lambda: v["dy"], lambda: (v["y"] - v["t"]) / v["n"])
    ),
    ("derivacion_lote_media", 21, 1): _bt(
        lambda v: close(lambda: v["db"], lambda: (v["y"] - v["t"]).sum() / v["n"])
    ),
    ("derivacion_lote_media", 21, 2): _bt(
        lambda v: close(lambda: (v["y"] - v["t"]).sum() / v["n"], lambda: _bar_form(v, 1.0))
    ),
    ("derivacion_lote_media", 23, 1): _bt(
        lambda v: close(lambda: v["db"], lambda: _bar_form(v, 1 / v["n"]))
    ),
    ("derivacion_lote_media", 27, 1): lambda: trials(
        lambda r: close(lambda: _batch(r, (2, -1, 3, 0))["db"], lambda: (2 - 1 + 3 + 0) / 4), 720
    ),
    ("derivacion_lote_media", 27, 2): lambda: arith((2 - 1 + 3 + 0) / 4, 1),
    ("derivacion_lote_media", 31, 1): _bt(_bt_dw(0)),
    ("derivacion_lote_media", 35, 1): _bt(_bt_dw(1)),
    ("derivacion_lote_media", 41, 1): _bt(
        lambda v: close(
            lambda: v["dw"],
            lambda: sum(correlate2d(v["x"][n], v["r"][n], mode="valid") for n in range(4)) / 4,
        )
    ),
    ("derivacion_lote_media", 43, 1): _bt(
        lambda v: close(
            lambda: v["dw"],
            lambda: sum(convolve2d(v["x"][n], v["r"][n], mode="valid") for n in range(4)) / 4,
        )
    ),
    ("derivacion_lote_media", 49, 1): _bt(_bt_dx),
    ("derivacion_lote_media", 53, 1): _bt(
        lambda v: close(lambda: v["db"], lambda: (v["y"] - v["t"]).sum())
    ),
}


NOTES_D: dict[tuple[str, int, int], Truth] = {**BLOG, **BATCH}
