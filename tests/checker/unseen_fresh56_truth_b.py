"""Independent truth for the fresh56 unseen set, second part: the notes
forum_cevap_neden_rot180 and code_review_numpy_conv2d_backward (conventions as in
unseen_fresh56_truth.py, which merges this table into truth_table).  NumPy / torch autograd in
float64, nothing of symconv.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import (
    Truth,
    anchored_claims,
    corr,
    corr1,
    pad,
    rot180,
    same,
    single,
    t64,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh56"


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- forum_cevap_neden_rot180.md (Turkish forum answer): valid correlation, 0-based; 1-D with
# a length-5 x and a 3-tap w, 2-D with a 4 x 4 X and a 3 x 3 K; w and K read as zero outside
# their range where the answer declares it.

FORUM = "forum_cevap_neden_rot180"
F_W, F_G = np.array([1.0, 2, -1]), np.array([1.0, 0, 2])
F_K = np.array([[1.0, 2, 0], [0, 1, -1], [3, 0, 2]])
F_G2 = np.array([[1.0, -1], [2, 0]])


def _conv1(x: np.ndarray, w: np.ndarray, g: np.ndarray) -> dict:
    """torch conv1d (valid correlation): the input gradient of sum(y * g) and dy/dx."""
    xt, wt = t64(x, True), t64(w)

    def forward(v: torch.Tensor) -> torch.Tensor:
        return F.conv1d(v[None, None], wt[None, None])[0, 0]

    (forward(xt) * t64(g)).sum().backward()
    jac = torch.autograd.functional.jacobian(forward, t64(x)).numpy()
    return {"x": x, "w": w, "g": g, "dx": xt.grad.numpy(), "jac": jac}


def _conv2(x: np.ndarray, k: np.ndarray, g: np.ndarray) -> dict:
    """torch conv2d (valid correlation) and the gradients of sum(y * g)."""
    xt, kt = t64(x[None, None], True), t64(k[None, None], True)
    y = F.conv2d(xt, kt)
    (y * t64(g[None, None])).sum().backward()
    return {"x": x, "k": k, "g": g, "dx": xt.grad.numpy()[0, 0], "dk": kt.grad.numpy()[0, 0]}


F_V1 = _conv1(np.random.default_rng(5650).normal(size=5), F_W, F_G)  # x does not enter dx
F_V2 = _conv2(np.random.default_rng(5651).normal(size=(4, 4)), F_K, F_G2)


def _forum1(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_conv1(r.normal(size=5), r.normal(size=3), r.normal(size=3))), seed)


def _forum2(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(
        lambda r: rel(_conv2(r.normal(size=(4, 4)), r.normal(size=(3, 3)), r.normal(size=(2, 2)))),
        seed,
    )


def _wz(w: np.ndarray, j: int) -> float:
    """w read as zero outside 0..2 (declared)."""
    return float(w[j]) if 0 <= j < len(w) else 0.0


def _kz(k: np.ndarray, a: int, b: int) -> float:
    """K read as zero outside 0..2 (declared)."""
    return float(k[a, b]) if 0 <= a < 3 and 0 <= b < 3 else 0.0


def _symmetric(r: np.random.Generator) -> np.ndarray:
    a = r.normal(size=(3, 3))
    return a + a.T


FORUM_CLAIMS = claims_of(
    FORUM,
    {
        "**1-B.** $x = (x_0": [None, None, None, None],
        "$$\\frac{\\partial y_t}{\\partial x_p} = w_{p-t}$$": [
            _forum1(
                lambda v: same(
                    v["jac"], [[_wz(v["w"], p - t) for p in range(5)] for t in range(3)]
                ),
                5652,
            )
        ],
        "ve zincir kuralı": [None],
        "\\sum_{t=0}^{2} g_t\\, w_{p-t}$$": [
            _forum1(
                lambda v: same(
                    v["dx"],
                    [sum(v["g"][t] * _wz(v["w"], p - t) for t in range(3)) for p in range(5)],
                ),
                5653,
            )
        ],
        "İşte döndürme:": [
            _forum1(lambda v: same(v["dx"], corr1(np.pad(v["g"], 2), v["w"][::-1])), 5654)
        ],
        "Sayılarla: $w = (1, 2, -1)$": [None, None],
        "\\partial x} = (1,\\; 2,\\; 1": [single(lambda: same(F_V1["dx"], [1, 2, 1, 4, -2]))],
        "Uçlarda tek terim kalır": [
            single(lambda: math.isclose(F_V1["dx"][0], F_G[0] * F_W[0])),
            single(lambda: math.isclose(F_G[0] * F_W[0], 1)),
            single(lambda: math.isclose(F_V1["dx"][4], F_G[2] * F_W[0])),
            single(lambda: math.isclose(F_G[2] * F_W[0], 2)),
        ],
        "Çevirmeden hesaplasaydık": [
            single(lambda: same(corr1(np.pad(F_G, 2), F_W), [-1, 2, -1, 4, 2])),
            single(lambda: not same([-1, 2, -1, 4, 2], F_V1["dx"])),
        ],
        "**2-B, $3 \\times 3$ çekirdek.**": [None],
        "\\partial X[p,q]} = \\sum_{i=0}^{1}": [
            _forum2(
                lambda v: same(
                    v["dx"],
                    [
                        [
                            sum(
                                v["g"][i, j] * _kz(v["k"], p - i, q - j)
                                for i in range(2)
                                for j in range(2)
                            )
                            for q in range(4)
                        ]
                        for p in range(4)
                    ],
                ),
                5655,
            )
        ],
        "(yine $K$ dışarıda sıfır)": [
            trials(
                lambda r: (
                    lambda k: same(
                        rot180(k), [[k[2 - a, 2 - b] for b in range(3)] for a in range(3)]
                    )
                )(r.normal(size=(3, 3))),
                5656,
            ),
            trials(
                lambda r: (lambda k: same(rot180(k), np.rot90(np.rot90(k))))(r.normal(size=(3, 3))),
                5657,
            ),
        ],
        "$$K = \\begin{bmatrix} 1 & 2 & 0": [
            None,
            None,
            single(lambda: same(rot180(F_K), [[2, 0, 3], [-1, 1, 0], [0, 2, 1]])),
        ],
        "\\star \\operatorname{rot}_{180}(K) = \\operatorname{pad}_2(G) * K$$": [
            _forum2(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["k"]))), 5658),
            _forum2(
                lambda v: same(
                    corr(pad(v["g"], 2), rot180(v["k"])),
                    F.conv_transpose2d(t64(v["g"][None, None]), t64(v["k"][None, None]))[
                        0, 0
                    ].numpy(),
                ),
                5659,
            ),
        ],
        "Ağırlık gradyanında da aynı döndürme": [
            _forum2(lambda v: same(v["dk"], rot180(corr(v["x"], v["g"]))), 5663)
        ],
        "\\partial X} = \\begin{bmatrix} 1 & 1 & -2": [
            single(
                lambda: same(
                    F_V2["dx"], [[1, 1, -2, 0], [2, 5, -2, -1], [3, -1, 0, -2], [6, 0, 4, 0]]
                )
            )
        ],
        "Bir girişi elle:": [
            single(
                lambda: math.isclose(
                    F_V2["dx"][1, 1],
                    F_G2[0, 0] * F_K[1, 1]
                    + F_G2[0, 1] * F_K[1, 0]
                    + F_G2[1, 0] * F_K[0, 1]
                    + F_G2[1, 1] * F_K[0, 0],
                )
            ),
            single(
                lambda: math.isclose(
                    F_G2[0, 0] * F_K[1, 1]
                    + F_G2[0, 1] * F_K[1, 0]
                    + F_G2[1, 0] * F_K[0, 1]
                    + F_G2[1, 1] * F_K[0, 0],
                    1 - 0 + 4 + 0,
                )
            ),
            single(lambda: math.isclose(1 - 0 + 4 + 0, 5)),
        ],
        "**Transpoz neden yanlış?**": [
            _forum2(lambda v: same(v["dx"], corr(pad(v["g"], 2), v["k"].T)), 5660)
        ],
        "$$K^\\top = \\begin{bmatrix}": [
            single(lambda: same(F_K.T, [[1, 0, 3], [2, 1, 0], [0, -1, 2]])),
            single(lambda: not same(rot180(F_K), F_K.T)),
        ],
        "Transpozla $[1,1]$ girişi": [
            single(
                lambda: math.isclose(
                    F_G2[0, 0] * F_K.T[1, 1]
                    + F_G2[0, 1] * F_K.T[1, 0]
                    + F_G2[1, 0] * F_K.T[0, 1]
                    + F_G2[1, 1] * F_K.T[0, 0],
                    1 - 2 + 0 + 0,
                )
            ),
            single(lambda: math.isclose(1 - 2 + 0 + 0, -1)),
        ],
        "Karışıklığın kaynağı şu": [
            trials(
                lambda r: (lambda k: same(np.rot90(k), k.T) or same(np.rot90(k, -1), k.T))(
                    r.normal(size=(3, 3))
                ),
                5661,
            ),
            None,
            trials(lambda r: (lambda k: same(rot180(k), k.T))(_symmetric(r)), 5662),
        ],
    },
)


# --- code_review_numpy_conv2d_backward.md (English code review): the reviewed NumPy backward,
# run as written (crop pad:-pad-1) and with the reviewer's fix (pad:pad+H), at the demo's
# sizes N = 8, C = 3, H = W = 32, F = 16, k = 5, pad = 2, stride 1; G = dY = dL/dY.

REVIEW = "code_review_numpy_conv2d_backward"
R_N, R_C, R_H, R_F, R_K, R_P = 8, 3, 32, 16, 5, 2


def _reviewed(dy: np.ndarray, x: np.ndarray, w: np.ndarray, p: int, fixed: bool) -> dict:
    """The PR's conv2d_backward line by line (fixed: the reviewer's crop), with the arrays the
    review names."""
    # the PR's unpacking, kept as written (N, C and F only document the shapes)
    _n, _c, h, wd = x.shape
    _f, _, k, _ = w.shape
    _, _, ho, wo = dy.shape
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    wins = set()
    for i in range(ho):
        for j in range(wo):
            win = xp[:, :, i : i + k, j : j + k]
            wins.add(win.shape)
            dw += np.einsum("nf,nchw->fchw", dy[:, :, i, j], win)
            dxp[:, :, i : i + k, j : j + k] += np.einsum("nf,fchw->nchw", dy[:, :, i, j], w)
    db = dy.sum(axis=(0, 2, 3))
    dx = dxp[:, :, p : p + h, p : p + wd] if fixed else dxp[:, :, p : -p - 1, p : -p - 1]
    return {
        "xp": xp,
        "dxp": dxp,
        "dx": dx,
        "dw": dw,
        "db": db,
        "wins": wins,
        "slice": dy[:, :, 0, 0].shape,
        "loops": ho * wo,
    }


def _torch_grads(x: np.ndarray, w: np.ndarray, b: np.ndarray, dy: np.ndarray, p: int) -> dict:
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    (F.conv2d(xt, wt, bt, padding=p) * t64(dy)).sum().backward()
    return {"dx": xt.grad.numpy(), "dw": wt.grad.numpy(), "db": bt.grad.numpy()}


def _review_case(r: np.random.Generator, sizes: tuple[int, ...] = (2, 3, 7, 4, 3, 1)) -> dict:
    """Random data at small sizes (N, C, H, F, k, p) for the formulas; the reviewed code and
    torch on the same arrays."""
    n, c, h, f, k, p = sizes
    x, w, b = r.normal(size=(n, c, h, h)), r.normal(size=(f, c, k, k)), r.normal(size=f)
    dy = r.normal(size=(n, f, h + 2 * p - k + 1, h + 2 * p - k + 1))
    return {
        "x": x,
        "w": w,
        "dy": dy,
        "p": p,
        "k": k,
        "code": _reviewed(dy, x, w, p, fixed=True),
        "torch": _torch_grads(x, w, b, dy, p),
    }


def _review(rel: Callable[[dict], bool], seed: int) -> Truth:
    """The formulas at two small size sets (p <= k - 1 in both)."""
    return trials(
        lambda r: all(rel(_review_case(r, s)) for s in ((2, 3, 7, 4, 3, 1), (3, 2, 6, 2, 5, 2))),
        seed,
    )


def _demo() -> dict:
    r = np.random.default_rng(5670)
    x, w = r.normal(size=(R_N, R_C, R_H, R_H)), r.normal(size=(R_F, R_C, R_K, R_K))
    dy = r.normal(size=(R_N, R_F, R_H, R_H))
    return {
        "x": x,
        "w": w,
        "dy": dy,
        "bug": _reviewed(dy, x, w, R_P, fixed=False),
        "fix": _reviewed(dy, x, w, R_P, fixed=True),
        "torch": _torch_grads(x, w, r.normal(size=R_F), dy, R_P),
    }


R_V = _demo()


def _sum_f(
    v: dict, n: int, c: int, op: Callable[[np.ndarray, np.ndarray], np.ndarray]
) -> np.ndarray:
    return sum(op(v["dy"][n, f], v["w"][f, c]) for f in range(v["w"].shape[0]))


def _crop(a: np.ndarray, p: int) -> np.ndarray:
    return a[p : a.shape[0] - p, p : a.shape[1] - p]


def _per_nc(v: dict, make: Callable[[dict, int, int], np.ndarray], key: str, part: str) -> bool:
    n_, c_ = v["x"].shape[:2]
    return same(v[part][key], [[make(v, n, c) for c in range(c_)] for n in range(n_)])


REVIEW_CLAIMS = claims_of(
    REVIEW,
    {
        "I traced the shapes": [None, None, None, None, None, None, None],
        "the padded side is": [
            single(lambda: R_V["fix"]["xp"].shape[2] == R_H + 2 * R_P),
            single(lambda: R_H + 2 * R_P == 36),
        ],
        "the forward output side is": [
            single(
                lambda: F.conv2d(t64(R_V["x"]), t64(R_V["w"]), padding=R_P).shape[2] == 36 - R_K + 1
            ),
            single(lambda: 36 - R_K + 1 == 32),
            single(lambda: R_V["fix"]["loops"] == 36**2),
            single(lambda: 36**2 == 1296),
        ],
        "- `win`:": [
            single(lambda: R_V["fix"]["wins"] == {(8, 3, 5, 5)}),
            single(lambda: R_V["fix"]["slice"] == (8, 16)),
        ],
        "- `dXp`:": [single(lambda: R_V["fix"]["dxp"].shape == (8, 3, 36, 36))],
        "**Bug (blocking): off-by-one in the crop.**": [
            single(lambda: R_V["bug"]["dx"].shape[2] == 36 - 2 - 3 == 31),
            single(lambda: R_V["fix"]["dx"].shape[2] == 36 - 2 * R_P == 32),
            single(lambda: R_V["x"].shape[2] == 32),
            single(lambda: R_H - 1 == 31),
        ],
        "\\operatorname{pad}_p(X_{n,c}) \\star G_{n,f}$$": [
            _review(
                lambda v: same(
                    v["torch"]["dw"],
                    [
                        [
                            sum(
                                corr(pad(v["x"][n, c], v["p"]), v["dy"][n, f])
                                for n in range(v["x"].shape[0])
                            )
                            for c in range(v["x"].shape[1])
                        ]
                        for f in range(v["w"].shape[0])
                    ],
                ),
                5671,
            )
        ],
        "(the padding does not matter for `dW`": [
            _review(
                lambda v: same(
                    v["torch"]["dw"],
                    [
                        [
                            sum(corr(v["x"][n, c], v["dy"][n, f]) for n in range(v["x"].shape[0]))
                            for c in range(v["x"].shape[1])
                        ]
                        for f in range(v["w"].shape[0])
                    ],
                ),
                5672,
            )
        ],
        "\\operatorname{pad}_{k-1-p}(G_{n,f})": [
            _review(
                lambda v: _per_nc(
                    v,
                    lambda v, n, c: _sum_f(
                        v, n, c, lambda g, w: corr(pad(g, v["k"] - 1 - v["p"]), rot180(w))
                    ),
                    "dx",
                    "torch",
                ),
                5673,
            )
        ],
        "which is the same as padding by": [
            _review(
                lambda v: _per_nc(
                    v,
                    lambda v, n, c: _crop(
                        _sum_f(v, n, c, lambda g, w: corr(pad(g, v["k"] - 1), rot180(w))), v["p"]
                    ),
                    "dx",
                    "torch",
                ),
                5674,
            ),
            _review(
                lambda v: _per_nc(
                    v,
                    lambda v, n, c: _sum_f(
                        v, n, c, lambda g, w: corr(pad(g, v["k"] - 1), rot180(w))
                    ),
                    "dxp",
                    "code",
                ),
                5675,
            ),
        ],
        "**Nit: `db`.**": [
            _review(
                lambda v: same(v["torch"]["db"], v["dy"].sum(axis=(0, 2, 3)) / v["dy"].shape[0]),
                5676,
            )
        ],
        "**Nit: cost.**": [
            single(
                lambda: R_V["fix"]["loops"] * R_N * R_F * R_C * R_K**2 == 32**2 * 8 * 16 * 3 * 25
            ),
            single(lambda: 32**2 * 8 * 16 * 3 * 25 == 9830400),
            single(lambda: R_V["fix"]["xp"].size == 8 * 3 * 36**2 == 31104),
            single(lambda: 31104 * 8 == 124416),
            single(lambda: 36**2 - 32**2 == 4 * 2 * 36),
            single(lambda: 4 * 2 * 36 == 288),
        ],
        "**Nit: stride.**": [
            single(
                lambda: (
                    F.conv2d(t64(R_V["x"]), t64(R_V["w"]), stride=2, padding=R_P).shape[2]
                    == (36 - R_K) / 2 + 1
                )
            ),
            single(lambda: (36 - R_K) / 2 + 1 == 16),
        ],
        "After the crop fix I compared": [
            single(lambda: float(np.max(np.abs(R_V["fix"]["dx"] - R_V["torch"]["dx"]))) < 1e-12)
        ],
    },
)


NOTES_B = {**FORUM_CLAIMS, **REVIEW_CLAIMS}
