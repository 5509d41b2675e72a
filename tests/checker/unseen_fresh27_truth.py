"""Independent truth for the fresh27 unseen set (tests/data/check/unseen/fresh27/): the notes
lliurament2_mides_capes_conv, studiegrupp_kanaler_sist_anteckningar and
foro_asignatura_softmax_capa_densa.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, or over a grid of sizes for a claim in letters, and returns one bool per trial or per
size: the sides agree there or not. Nothing of symconv is imported. A claim's line is found from
an anchor, a piece of text on exactly one line of the note; the rank counts every key entry on
that line (the not-a-claim ones too). A side that reads an entry outside a tensor (IndexError) or
combines arrays of mismatched shapes (ValueError) disagrees; where a note declares zeros outside a
range, those entries are read as zero. A link between two written numbers is judged as
arithmetic; a size or count named on the left must equal the true one. The other four notes live
in unseen_fresh27_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import (
    F64,
    Truth,
    anchor_line,
    conv_out,
    equal,
    params,
    same,
    single,
    t64,
    tconv_out,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh27"


def key(stem: str, anchor: str, rank: int) -> tuple[str, int, int]:
    return (stem, anchor_line(SET, stem, anchor), rank)


def grid(rel: Callable[..., bool], *axes: tuple[int, ...]) -> Truth:
    """One comparison per point of the product of the axes (a claim in letters)."""
    return lambda: [bool(rel(*point)) for point in itertools.product(*axes)]


def effective_side(k: int, d: int) -> int:
    """The span of a k x k kernel with dilation d: a 40-wide input gives 40 - span + 1 outputs."""
    return 41 - conv_out(40, k, 1, 0, d)


# --- lliurament2_mides_capes_conv.md: C x H x W input, F filters K x K, S, P, dilation D

LLI = "lliurament2_mides_capes_conv"
_H, _K, _S, _P = tuple(range(5, 13)), (1, 2, 3, 5), (1, 2, 3), (0, 1, 2)
_D = (2, 3)


def _fits(h: int, k: int, p: int, d: int = 1) -> bool:
    return h + 2 * p >= d * (k - 1) + 1


def _grid_fit(rel: Callable[..., bool | None], dil: tuple[int, ...] = (1,), strides=_S) -> Truth:
    """The claim over the grid of sizes the kernel fits; a point where rel gives None (outside the
    claim's domain) is left out."""

    def run() -> list[bool]:
        out = []
        for h, k, s, p, d in itertools.product(_H, _K, strides, _P, dil):
            if _fits(h, k, p, d) and (res := rel(h, k, s, p, d)) is not None:
                out.append(bool(res))
        return out

    return run


LLI_CLAIMS: Claims = {
    key(LLI, "{H + 2P - K}{S} \\right\\rfloor", 1): _grid_fit(
        lambda h, k, s, p, d: conv_out(h, k, s, p) == (h + 2 * p - k) // s + 1
    ),
    key(LLI, "{H + 2P - K}{S} \\right\\rceil", 1): _grid_fit(
        lambda h, k, s, p, d: conv_out(h, k, s, p) == -(-(h + 2 * p - k) // s)
    ),
    key(LLI, "$$K_{ef} = D K$$", 1): grid(
        lambda k, d: effective_side(k, d) == d * k, (1, 2, 3, 5), _D
    ),
    key(LLI, "\\frac{H + 2P - D K}{S}", 1): _grid_fit(
        lambda h, k, s, p, d: conv_out(h, k, s, p, d) == (h + 2 * p - d * k) // s + 1, _D
    ),
    key(LLI, "Exemple de l'enunciat", 3): equal(effective_side(3, 2), 2 * 3),
    key(LLI, "Exemple de l'enunciat", 4): equal(2 * 3, 6),
    key(LLI, "$$H_{out} = H + 2P - D(K - 1)$$", 1): _grid_fit(
        lambda h, k, s, p, d: conv_out(h, k, 1, p, d) == h + 2 * p - d * (k - 1), _D, (1,)
    ),
    # with the padding the note chooses, P = D(K-1)/2 (K odd so that it is an integer)
    key(LLI, "$H + 2P - D(K-1) = H$", 1): grid(
        lambda h, k, d: (lambda p: h + 2 * p - d * (k - 1) == h == conv_out(h, k, 1, p, d))(
            d * (k - 1) // 2
        ),
        _H,
        (1, 3, 5),
        _D,
    ),
    key(LLI, "\\frac{223}{2}", 1): equal(conv_out(224, 7, 2, 3), 223 // 2 + 1),
    key(LLI, "\\frac{223}{2}", 2): equal(223 // 2 + 1, 112),
    key(LLI, "$$N_{par} = F", 1): grid(
        lambda c, f, k: params(torch.nn.Conv2d(c, f, k)) == f * c * k * k + f,
        (1, 3, 4),
        (2, 5),
        (1, 3),
    ),
    key(LLI, "i per a aquesta capa", 1): equal(params(torch.nn.Conv2d(3, 64, 7)), 64 * 3 * 49 + 64),
    key(LLI, "i per a aquesta capa", 2): equal(64 * 3 * 49 + 64, 9472),
    key(LLI, "$$H^{T}_{out} = (H - 1) S - 2P + K$$", 1): grid(
        lambda h, k, s, p: tconv_out(h, k, s, p) == (h - 1) * s - 2 * p + k,
        (2, 3, 4, 5),
        (2, 3, 4),
        (1, 2, 3),
        (0, 1),
    ),
    key(LLI, "$$(H_{out} - 1) S - 2P + K = H$$", 1): _grid_fit(
        lambda h, k, s, p, d: (
            tconv_out(conv_out(h, k, s, p), k, s, p) == h
            if 2 * p < k + (conv_out(h, k, s, p) - 1) * s
            else None
        )
    ),
    key(LLI, "(7 - 1) \\cdot 2 - 1 + 4", 1): equal(tconv_out(7, 4, 2, 1), (7 - 1) * 2 - 1 + 4),
    key(LLI, "(7 - 1) \\cdot 2 - 1 + 4", 2): equal((7 - 1) * 2 - 1 + 4, 15),
}


# --- studiegrupp_kanaler_sist_anteckningar.md: channels last, X (N, H, W, C), K (R, R, C, F), b (F)

STU = "studiegrupp_kanaler_sist_anteckningar"
_N, _HH, _WW, _C, _F, _R = 2, 6, 5, 2, 3, 3
_HO, _WO = _HH - _R + 1, _WW - _R + 1


def _stu(r: np.random.Generator) -> dict:
    """torch conv2d on the channels-first views, gradients of L = sum(Y * G) in channels last."""
    x, k, b = r.normal(size=(_N, _HH, _WW, _C)), r.normal(size=(_R, _R, _C, _F)), r.normal(size=_F)
    g = r.normal(size=(_N, _HO, _WO, _F))
    xt, kt, bt = t64(x, True), t64(k, True), t64(b, True)
    y = F.conv2d(xt.permute(0, 3, 1, 2), kt.permute(3, 2, 0, 1), bt).permute(0, 2, 3, 1)
    (y * t64(g)).sum().backward()
    return {"x": x, "k": k, "b": b, "g": g, "y": y.detach().numpy(), "dx": xt.grad.numpy(),
            "dk": kt.grad.numpy(), "db": bt.grad.numpy()}  # fmt: skip


def _st(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_stu(r)), seed)


def _st_forward(v: dict) -> bool:
    x, k, b = v["x"], v["k"], v["b"]
    rhs = np.zeros((_N, _HO, _WO, _F))
    for n, i, j, f in itertools.product(range(_N), range(_HO), range(_WO), range(_F)):
        rhs[n, i, j, f] = b[f] + sum(
            k[u, v_, c, f] * x[n, i + u, j + v_, c]
            for u in range(_R)
            for v_ in range(_R)
            for c in range(_C)
        )
    return same(v["y"], rhs)


def _st_dk(v: dict, batch: bool) -> bool:
    """sum_{i,j} G_{n,i,j,f} X_{n,i+u,j+v,c}, summed over n or for each n alone."""
    x, g = v["x"], v["g"]

    def one(ns: range) -> np.ndarray:
        out = np.zeros((_R, _R, _C, _F))
        for u, w, c, f in itertools.product(range(_R), range(_R), range(_C), range(_F)):
            out[u, w, c, f] = sum(
                g[n, i, j, f] * x[n, i + u, j + w, c]
                for n in ns
                for i in range(_HO)
                for j in range(_WO)
            )
        return out

    if batch:
        return same(v["dk"], one(range(_N)))
    return all(same(v["dk"], one(range(n, n + 1))) for n in range(_N))


def _st_dx(v: dict, sign: int) -> bool:
    """sum_{f,u,v} G_{n,p-+u,q-+v,f} K_{u,v,c,f}, G zero outside its range (the note says so)."""
    g, k = v["g"], v["k"]
    rhs = np.zeros((_N, _HH, _WW, _C))
    for n, p, q, c in itertools.product(range(_N), range(_HH), range(_WW), range(_C)):
        rhs[n, p, q, c] = sum(
            zat(g, n, p + sign * u, q + sign * w, f) * k[u, w, c, f]
            for f in range(_F)
            for u in range(_R)
            for w in range(_R)
        )
    return same(v["dx"], rhs)


def _im2col(x: np.ndarray) -> np.ndarray:
    """Rows (n, i, j), columns (u, v, c) in that order."""
    return np.array(
        [
            x[n, i : i + _R, j : j + _R, :].reshape(-1)
            for n in range(_N)
            for i in range(_HO)
            for j in range(_WO)
        ]
    )


def _st_matrix(v: dict) -> dict:
    """Autograd through the im2col product with X_col and K_mat as leaves."""
    xcol, kmat = _im2col(v["x"]), v["k"].reshape(_R * _R * _C, _F)
    gmat = v["g"].reshape(-1, _F)
    xt, kt = t64(xcol, True), t64(kmat, True)
    ymat = xt @ kt + t64(v["b"])
    (ymat * t64(gmat)).sum().backward()
    return {"xcol": xcol, "kmat": kmat, "gmat": gmat, "ymat": ymat.detach().numpy(),
            "dxcol": xt.grad.numpy(), "dkmat": kt.grad.numpy()}  # fmt: skip


def _st_pool(r: np.random.Generator) -> dict:
    y, gm = r.normal(size=(_N, 6, 4, _F)), r.normal(size=(_N, 3, 2, _F))
    yt = t64(y, True)
    m = F.max_pool2d(yt.permute(0, 3, 1, 2), 2).permute(0, 2, 3, 1)
    (m * t64(gm)).sum().backward()
    return {"y": y, "gm": gm, "m": m.detach().numpy(), "dy": yt.grad.numpy()}


def _st_pool_forward(v: dict) -> bool:
    y = v["y"]
    rhs = np.zeros((_N, 3, 2, _F))
    for n, i, j, f in itertools.product(range(_N), range(3), range(2), range(_F)):
        rhs[n, i, j, f] = max(y[n, 2 * i + a, 2 * j + b, f] for a in (0, 1) for b in (0, 1))
    return same(v["m"], rhs)


def _st_pool_grad(v: dict) -> bool:
    y, gm = v["y"], v["gm"]
    rhs = np.zeros_like(y)
    for n, p, q, f in itertools.product(range(_N), range(6), range(4), range(_F)):
        window = y[n, 2 * (p // 2) : 2 * (p // 2) + 2, 2 * (q // 2) : 2 * (q // 2) + 2, f]
        if y[n, p, q, f] == window.max():
            rhs[n, p, q, f] = gm[n, p // 2, q // 2, f]
    return same(v["dy"], rhs)


STU_CLAIMS: Claims = {
    key(STU, "$$H' = H - R + 1$$", 1): grid(
        lambda h, r: conv_out(h, r) == h - r + 1, (4, 5, 6, 9), (1, 2, 3, 4)
    ),
    key(STU, "$$Y_{n,i,j,f} = b_f", 1): _st(_st_forward, 10),
    key(STU, "$$\\frac{\\partial L}{\\partial b_f} = \\sum_{n=0}", 1): _st(
        lambda v: same(v["db"], v["g"].sum(axis=(0, 1, 2))), 20
    ),
    key(STU, "= \\sum_{i=0}^{H'-1} \\sum_{j=0}^{W'-1} G_{n,i,j,f}\\, X", 1): _st(
        lambda v: _st_dk(v, batch=False), 30
    ),
    key(STU, "$$\\frac{\\partial L}{\\partial K_{u,v,c,f}} = \\sum_{n=0}", 1): _st(
        lambda v: _st_dk(v, batch=True), 40
    ),
    key(STU, "\\frac{1}{N} \\sum_{n=0}^{N-1} \\sum_{i=0}^{H'-1}", 1): _st(
        lambda v: same(v["db"], v["g"].sum(axis=(0, 1, 2)) / _N), 50
    ),
    key(STU, "G_{n,p-u,q-v,f}", 1): _st(lambda v: _st_dx(v, -1), 60),
    key(STU, "G_{n,p+u,q+v,f}", 1): _st(lambda v: _st_dx(v, +1), 70),
    key(STU, "Då är $Y_{mat}", 1): _st(
        lambda v: (lambda m: same(m["ymat"], v["y"].reshape(-1, _F)))(_st_matrix(v)), 80
    ),
    key(STU, "$$\\nabla_{K_{mat}} L = G_{mat}^\\top X_{col}$$", 1): _st(
        lambda v: (lambda m: same(v["dk"].reshape(-1, _F), m["gmat"].T @ m["xcol"]))(_st_matrix(v)),
        90,
    ),
    key(STU, "$$\\nabla_{X_{col}} L = G_{mat} K_{mat}^\\top$$", 1): _st(
        lambda v: (lambda m: same(m["dxcol"], m["gmat"] @ m["kmat"].T))(_st_matrix(v)), 100
    ),
    key(STU, "Antal parametrar", 1): single(
        lambda: params(torch.nn.Conv2d(16, 32, 3)) == 3 * 3 * 16 * 32 + 32 == 4640
    ),
    key(STU, "Max-poolingen", 1): single(
        lambda: F.max_pool2d(torch.zeros(1, 1, 26, 26, dtype=F64), 2).shape[-1] == 26 // 2 == 13
    ),
    key(STU, "$$M_{n,i,j,f}", 1): trials(lambda r: _st_pool_forward(_st_pool(r)), 110),
    key(STU, "\\text{om } Y_{n,p,q,f}", 1): trials(lambda r: _st_pool_grad(_st_pool(r)), 120),
    key(STU, "Det täta lagret", 1): equal(
        params(torch.nn.Linear(13 * 13 * 32, 10)), 13 * 13 * 32 * 10
    ),
    key(STU, "Det täta lagret", 2): equal(13 * 13 * 32 * 10, 54080),
}


# --- foro_asignatura_softmax_capa_densa.md: rows convention Z = XW + 1 b^T, mean cross-entropy

FORO = "foro_asignatura_softmax_capa_densa"
_BN, _BD, _BM = 4, 5, 3


def _foro(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(_BN, _BD)), r.normal(size=(_BD, _BM)), r.normal(size=_BM)
    labels = r.integers(0, _BM, size=_BN)
    y = np.eye(_BM)[labels]
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    z = xt @ wt + bt
    z.retain_grad()
    F.cross_entropy(z, torch.tensor(labels)).backward()  # the batch mean
    p = torch.softmax(z.detach(), dim=1).numpy()
    return {"x": x, "w": w, "y": y, "p": p, "dz": z.grad.numpy(), "dw": wt.grad.numpy(),
            "db": bt.grad.numpy(), "dx": xt.grad.numpy()}  # fmt: skip


def _fo(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_foro(r)), seed)


def _softmax_jacobian(r: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One example: the column p = softmax(z) and torch's Jacobian dp_k / dz_j."""
    z = t64(r.normal(size=_BM))
    jac = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, dim=0), z)
    return torch.softmax(z, dim=0).numpy().reshape(-1, 1), jac.numpy()


def _row_derivative(v: dict) -> bool:
    """dP_nk / dZ_nj = P_nk (delta_kj - P_nj), each row's Jacobian by autograd."""
    zt = t64(np.log(v["p"]))  # any logits with this softmax
    for n in range(_BN):
        jac = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, dim=0), zt[n]).numpy()
        p = v["p"][n]
        rhs = [[p[k] * ((k == j) - p[j]) for j in range(_BM)] for k in range(_BM)]
        if not same(jac, rhs):
            return False
    return True


def _entry_dw(v: dict) -> bool:
    x, p, y = v["x"], v["p"], v["y"]
    rhs = [[sum(x[n, d] * (p[n, k] - y[n, k]) for n in range(_BN)) / _BN for k in range(_BM)]
           for d in range(_BD)]  # fmt: skip
    return same(v["dw"], rhs)


def _example() -> dict:
    z = t64([1.0, 0.0, -1.0], True)
    loss = F.cross_entropy(z[None], torch.tensor([1]))
    loss.backward()
    return {"p": torch.softmax(z.detach(), dim=0).numpy(), "loss": float(loss.detach()),
            "dz": z.grad.numpy()}  # fmt: skip


def _to3(a: object, b: object) -> bool:
    """Written to three decimals."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= 5e-4))


_EX = _example()

FORO_CLAIMS: Claims = {
    key(FORO, "$$\\frac{\\partial L}{\\partial Z} = P - Y$$", 1): _fo(
        lambda v: same(v["dz"], v["p"] - v["y"]), 200
    ),
    key(FORO, "\\frac{\\partial L}{\\partial Z}\\, X^\\top", 1): _fo(
        lambda v: same(v["dw"], v["dz"] @ v["x"].T), 210
    ),
    key(FORO, "\\right)^{\\!\\top} \\mathbf{1}_N", 1): _fo(
        lambda v: same(v["db"], v["dz"].T @ np.ones(_BN)), 220
    ),
    key(FORO, "$$\\frac{\\partial L}{\\partial X} = W", 1): _fo(
        lambda v: same(v["dx"], v["w"] @ v["dz"].T), 230
    ),
    key(FORO, "p^\\top p", 1): trials(
        lambda r: (lambda p, jac: same(jac, np.diag(p[:, 0]) - p.T @ p))(*_softmax_jacobian(r)),
        240,
    ),
    key(FORO, "\\delta_{kj}", 1): _fo(_row_derivative, 250),
    key(FORO, "p\\, p^\\top", 1): trials(
        lambda r: (lambda p, jac: same(jac, np.diag(p[:, 0]) - p @ p.T))(*_softmax_jacobian(r)),
        260,
    ),
    key(FORO, "\\frac{1}{N} (P - Y)", 1): _fo(
        lambda v: same(v["dz"], (v["p"] - v["y"]) / _BN), 270
    ),
    key(FORO, "= X^\\top \\frac", 1): _fo(lambda v: same(v["dw"], v["x"].T @ v["dz"]), 280),
    key(FORO, "\\partial Z}\\, W^\\top", 1): _fo(lambda v: same(v["dx"], v["dz"] @ v["w"].T), 290),
    key(FORO, "W_{dk}", 1): _fo(_entry_dw, 300),
    key(FORO, "0.665, 0.245", 1): single(lambda: _to3(_EX["p"], [0.665, 0.245, 0.090])),
    key(FORO, "0.665, 0.245", 2): single(lambda: same(_EX["loss"], -np.log(_EX["p"][1]))),
    key(FORO, "0.665, 0.245", 3): single(lambda: _to3(-np.log(_EX["p"][1]), 1.408)),
    key(FORO, "-p_1 p_2", 1): single(lambda: same(_EX["dz"][0], -_EX["p"][0] * _EX["p"][1])),
    key(FORO, "-p_1 p_2", 2): single(lambda: _to3(-_EX["p"][0] * _EX["p"][1], -0.163)),
    key(FORO, "784 \\cdot 10", 3): equal(params(torch.nn.Linear(784, 10)), 784 * 10),
    key(FORO, "784 \\cdot 10", 4): equal(784 * 10, 7840),
}


def truth_table() -> Claims:
    from unseen_fresh27_truth_b import NOTES_B

    return {**LLI_CLAIMS, **STU_CLAIMS, **FORO_CLAIMS, **NOTES_B}
