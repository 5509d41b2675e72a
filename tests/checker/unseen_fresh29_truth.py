"""Independent truth for the fresh29 unseen set (tests/data/check/unseen/fresh29/): the notes
api_doc_conv2d_layer, appendix_b_temporal_conv_gradients, notebook_nhwc_conv_grads_jax and
design_doc_im2col_vs_direct.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. Lines are found from an anchor (a piece of the line, unique in
the note). A side that reads an entry outside a tensor (IndexError) or multiplies matrices of
mismatched shapes (ValueError) disagrees; where a note declares zeros outside a range, those
entries are read as zero. A link between two written numbers is judged as arithmetic; a size or
count named on the left must equal the true one. The other notes live in
unseen_fresh29_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    conv,
    conv_out,
    corr,
    equal,
    pad,
    params,
    same,
    single,
    t64,
    tconv_out,
    trials,
    zat,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh29"


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    """(stem, line, rank) -> truth, the line found from its anchor, ranks in the given order; a
    None holds the rank of a keyed non-claim on the same line."""
    return anchored_claims(SET, stem, table)


def grid(check: Callable[..., bool], sizes: list[tuple]) -> Truth:
    """One comparison per size tuple."""
    return lambda: [bool(check(*s)) for s in sizes]


def flops_half(fn: Callable[[], object]) -> int:
    """Multiply-accumulates of fn as torch's FlopCounterMode counts them (flops / 2)."""
    with FlopCounterMode(display=False) as counter:
        fn()
    return counter.get_total_flops() // 2


def conv1_len(t: int, k: int, s: int = 1, d: int = 1) -> int:
    """Output length of torch conv1d on a length-t input."""
    y = F.conv1d(torch.zeros(1, 1, t, dtype=F64), torch.zeros(1, 1, k, dtype=F64),
                 stride=s, dilation=d)  # fmt: skip
    return int(y.shape[-1])


# --- api_doc_conv2d_layer.md: NCHW, 0-based, stride S, padding P, dilation D

API = "api_doc_conv2d_layer"
SIZES_2D = [(h, k, s, p, d) for h in (7, 10, 13) for k in (1, 2, 3) for s in (1, 2, 3)
            for p in (0, 1, 2) for d in (1, 2)]  # fmt: skip


def _api(r: np.random.Generator, s: int, p: int, d: int) -> dict:
    x, w, b = r.normal(size=(2, 3, 9, 9)), r.normal(size=(4, 3, 3, 3)), r.normal(size=4)
    side = conv_out(9, 3, s, p, d)
    g = r.normal(size=(2, 4, side, side))
    return {"x": x, "w": w, "g": g, "s": s, "p": p, "d": d,
            **conv(x, w, b, g, stride=s, padding=p, dilation=d)}  # fmt: skip


def _ap(rel: Callable[[dict], bool], seed: int, s: int = 2, p: int = 1, d: int = 2) -> Truth:
    return trials(lambda r: rel(_api(r, s, p, d)), seed)


def _api_dw(v: dict) -> bool:
    xp, g, s = np.pad(v["x"], ((0, 0), (0, 0), (v["p"],) * 2, (v["p"],) * 2)), v["g"], v["s"]
    oh = g.shape[2]
    rhs = np.zeros((4, 3, 3, 3))
    for f, c, u, w_ in np.ndindex(4, 3, 3, 3):
        rhs[f, c, u, w_] = sum(g[n, f, i, j] * xp[n, c, s * i + u, s * j + w_]  # the note drops D
                               for n in range(2) for i in range(oh) for j in range(oh))  # fmt: skip
    return same(v["dw"], rhs)


def _api_db_no_batch(v: dict) -> bool:
    return all(same(v["db"], v["g"][n].sum(axis=(1, 2))) for n in range(2))


def _api_dx_no_rot(v: dict) -> bool:
    g, w = v["g"], v["w"]
    rhs = [[sum(corr(pad(g[n, f], 2), w[f, c]) for f in range(4)) for c in range(3)]
           for n in range(2)]  # fmt: skip
    return same(v["dx"], rhs)


def _api_macs() -> int:
    x, w = torch.zeros(8, 16, 33, 33), torch.zeros(32, 16, 3, 3)
    return flops_half(lambda: F.conv2d(x, w, stride=2, padding=1))


_OUT_BYTES = torch.zeros(8, 32, 17, 17, dtype=torch.float32)
API_CLAIMS = claims_of(API, {
    "$$H_{out} = \\left\\lfloor": [grid(lambda h, k, s, p, d: conv_out(h, k, s, p, d)
                                       == (h + 2 * p - d * (k - 1) - 1) // s + 1, SIZES_2D)],
    "\\#\\text{params} = C_{out}": [grid(lambda ci, co, k: params(torch.nn.Conv2d(ci, co, k))
                                         == co * ci * k * k + co,
                                         [(1, 1, 1), (3, 8, 3), (16, 4, 5)])],
    "\\partial b[f]} = \\sum_{i=0}": [_ap(_api_db_no_batch, 100)],
    "\\partial w[f, c, u, v]} = \\sum_{n=0}": [_ap(_api_dw, 110)],
    "\\operatorname{pad}_{K-1}\\big(g[n, f]\\big) \\star w[f, c]": [
        _ap(_api_dx_no_rot, 120, s=1, p=0, d=1)],
    "Here $H_{out}": [equal(conv_out(33, 3, 2, 1), 17), equal((33 + 2 - 3) // 2 + 1, 17),
                      equal(32 * 16 * 9 + 32, 4640)],
    "\\text{MACs} = ": [equal(_api_macs(), 8 * 32 * 17**2 * 9),
                        equal(8 * 32 * 17**2 * 9, 665_856)],
    "The output tensor in float32": [
        equal(_OUT_BYTES.numel() * _OUT_BYTES.element_size(), 295_936)],
    "With `dilation=3`": [equal(conv_out(33, 3, 2, 1, 3), (33 + 2 - 9) // 2 + 1),
                          equal((33 + 2 - 9) // 2 + 1, 14)],
    "**See also.**": [equal(tconv_out(17, 3, 2, 1), (17 - 1) * 2 + 3),
                      equal((17 - 1) * 2 + 3, 35)],
})  # fmt: skip


# --- appendix_b_temporal_conv_gradients.md: 1-D, 1-based, x (C, T), W (F, C, K), stride s

APX = "appendix_b_temporal_conv_gradients"


def _apx(r: np.random.Generator, s: int = 2, t: int = 11) -> dict:
    x, w, b = r.normal(size=(2, t)), r.normal(size=(3, 2, 3)), r.normal(size=3)
    xt, wt, bt = t64(x[None], True), t64(w, True), t64(b, True)
    y = F.conv1d(xt, wt, bt, stride=s)
    g = r.normal(size=tuple(y.shape[1:]))
    (y * t64(g[None])).sum().backward()
    return {"x": x, "w": w, "g": g, "s": s, "dx": xt.grad.numpy()[0],
            "dw": wt.grad.numpy(), "db": bt.grad.numpy()}  # fmt: skip


def _ax(rel: Callable[[dict], bool], seed: int, s: int = 2) -> Truth:
    return trials(lambda r: rel(_apx(r, s)), seed)


def _apx_dw(v: dict) -> bool:
    x, g, s = v["x"], v["g"], v["s"]  # 1-based x_{c, s(t-1)+k} is x[c, s(t-1)+k-1]
    rhs = [[[sum(g[f, t - 1] * x[c, s * (t - 1) + k - 1] for t in range(1, g.shape[1] + 1))
             for k in range(1, 4)] for c in range(2)] for f in range(3)]  # fmt: skip
    return same(v["dw"], rhs)


def _delta(g: np.ndarray, f: int, t: float) -> float:
    """The appendix's convention: delta_{f,t} is zero off 1..T' and at non-integer t."""
    if t != int(t):
        return 0.0
    return zat(g, f, int(t) - 1) if int(t) >= 1 else 0.0


def _apx_dx(index: Callable[[int, int, int], float]) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        g, w, s = v["g"], v["w"], v["s"]
        rhs = [[sum(w[f, c, k - 1] * _delta(g, f, index(tau, k, s)) for f in range(3)
                    for k in range(1, 4)) for tau in range(1, v["x"].shape[1] + 1)]
               for c in range(2)]  # fmt: skip
        return same(v["dx"], rhs)

    return rel


def _apx_total(v: dict) -> bool:
    rhs = [sum(v["w"][f, c].sum() * v["g"][f].sum() for f in range(3)) for c in range(2)]
    return same(v["dx"].sum(axis=1), rhs)


def _apx_mean_loss(r: np.random.Generator) -> bool:
    x, w, g = r.normal(size=(3, 2, 11)), r.normal(size=(3, 2, 3)), r.normal(size=(3, 3, 5))
    wt = t64(w, True)
    (F.conv1d(t64(x), wt, stride=2) * t64(g)).sum(dim=(1, 2)).mean().backward()
    per = []
    for beta in range(3):
        wb = t64(w, True)
        (F.conv1d(t64(x[beta : beta + 1]), wb, stride=2) * t64(g[beta : beta + 1])).sum().backward()
        per.append(wb.grad.numpy())
    return same(wt.grad.numpy(), sum(per))


def _activation(fn: Callable, rhs: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Truth:
    def check(r: np.random.Generator) -> bool:
        y, h = r.normal(size=(3, 5)), r.normal(size=(3, 5))
        yt = t64(y, True)
        (fn(yt) * t64(h)).sum().backward()
        return same(yt.grad.numpy(), rhs(y, h))

    return trials(check, 200)


def rf1d(ks: list[int], strides: list[int], dils: list[int]) -> int:
    """Receptive field of the first output of stacked conv1d layers (all-ones kernels): the
    span of the input positions its autograd gradient reaches."""
    x = torch.zeros(1, 1, 400, dtype=F64, requires_grad=True)
    y = x
    for k, s, d in zip(ks, strides, dils, strict=True):
        y = F.conv1d(y, torch.ones(1, 1, k, dtype=F64), stride=s, dilation=d)
    y[0, 0, 0].backward()
    hit = np.nonzero(x.grad.numpy()[0, 0])[0]
    return int(hit[-1] - hit[0] + 1)


SIZES_1D = [(t, k, s) for t in (9, 12, 17) for k in (1, 3, 4) for s in (1, 2, 3)]
APX_CLAIMS = claims_of(APX, {
    "\\tag{B.2}": [grid(lambda t, k, s: conv1_len(t, k, s) == (t - k) // s + 1, SIZES_1D)],
    "The block has $|\\theta|": [
        grid(lambda c, f, k: params(torch.nn.Conv1d(c, f, k)) == f * c * k,
             [(1, 1, 1), (2, 3, 3), (64, 128, 5)]),
        grid(lambda c, f, k, t, s: flops_half(lambda: F.conv1d(torch.zeros(1, c, t),
                                                               torch.zeros(f, c, k), stride=s))
             == f * c * k * conv1_len(t, k, s), [(2, 3, 3, 11, 2), (4, 5, 2, 9, 1)]),
    ],
    "\\tag{B.3}": [_ax(_apx_dw, 210)],
    "\\tag{B.4}": [_ax(lambda v: same(v["db"], v["g"].sum(axis=1)), 220)],
    "For a mini-batch of $B$": [None, trials(_apx_mean_loss, 230)],
    "\\tag{B.5}": [_ax(_apx_dx(lambda tau, k, s: (tau - k) / s + 1), 240)],
    "\\tag{B.6}": [_ax(_apx_dx(lambda tau, k, s: tau + k - 1), 250, s=1)],
    "\\tag{B.7}": [_ax(_apx_total, 260)],
    "a pointwise nonlinearity": [
        None,
        _activation(torch.tanh, lambda y, h: h * (1 - np.tanh(y) ** 2)),
        _activation(torch.relu, lambda y, h: h * (y > 0)),
    ],
    "\\tag{B.8}": [_activation(F.softplus, lambda y, h: h / (1 + np.exp(y)))],
    "\\tag{B.9}": [grid(lambda t, k, s, d: conv1_len(t, k, s, d) == (t - d * (k - 1) - 1) // s + 1,
                        [(t, k, s, d) for t, k, s in SIZES_1D for d in (1, 2)])],
    "A stack of $L$": [None, grid(lambda n, d, k: rf1d([k] * n, [1] * n, [d] * n)
                                  == n * d * (k - 1),
                                  [(1, 1, 3), (2, 2, 3), (3, 1, 5), (2, 3, 2)])],
    "In all experiments": [None] * 6 + [
        equal(conv1_len(1000, 5, 2), 498), equal((1000 - 5) // 2 + 1, 498),
        equal(params(torch.nn.Conv1d(64, 128, 5)), 128 * 64 * 5 + 128),
        equal(128 * 64 * 5 + 128, 41_088)],
})  # fmt: skip


# --- notebook_nhwc_conv_grads_jax.md: x (4, 10, 10, 3) NHWC, k (3, 3, 3, 8) HWIO, 0-based

NB = "notebook_nhwc_conv_grads_jax"


def _nb(r: np.random.Generator) -> dict:
    x, k, g = (
        r.normal(size=(4, 10, 10, 3)),
        r.normal(size=(3, 3, 3, 8)),
        r.normal(size=(4, 8, 8, 8)),
    )
    t = conv(x.transpose(0, 3, 1, 2), k.transpose(3, 2, 0, 1), None, g.transpose(0, 3, 1, 2))
    return {"x": x, "k": k, "g": g, "y": t["z"].transpose(0, 2, 3, 1),
            "dx": t["dx"].transpose(0, 2, 3, 1), "dk": t["dw"].transpose(2, 3, 1, 0)}  # fmt: skip


def _nbt(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_nb(r)), seed)


def _nb_forward(v: dict) -> bool:
    x, k = v["x"], v["k"]
    rhs = sum(np.einsum("nijc,co->nijo", x[:, h : h + 8, w : w + 8], k[h, w])
              for h in range(3) for w in range(3))  # fmt: skip
    return same(v["y"], rhs)


def _nb_dk(v: dict) -> bool:
    x, g = v["x"], v["g"]
    rhs = [[np.einsum("nijc,nijo->co", x[:, h : h + 8, w : w + 8], g) for w in range(3)]
           for h in range(3)]  # fmt: skip
    return same(v["dk"], rhs)


def _nb_dx(spec: str) -> Callable[[dict], bool]:
    """g[n, p-h, q-w, o] (zero outside) times k[h, w] read with the einsum spec given."""

    def rel(v: dict) -> bool:
        gp = np.pad(v["g"], ((0, 0), (2, 2), (2, 2), (0, 0)))
        rhs = sum(np.einsum(spec, gp[:, 2 - h : 12 - h, 2 - w : 12 - w], v["k"][h, w])
                  for h in range(3) for w in range(3))  # fmt: skip
        return same(v["dx"], rhs)

    return rel


def _same_total(h: int, k: int, s: int) -> int:
    """Fewest padding rows with which a stride-s valid conv yields ceil(h/s) outputs."""
    return next(t for t in range(k + s) if conv_out(h + t, k, s) >= math.ceil(h / s))


def _same_out(h: int, k: int, s: int) -> int:
    """XLA's SAME: total padding split as lo = total // 2 in front, the rest behind."""
    total = max((math.ceil(h / s) - 1) * s + k - h, 0)
    x = torch.zeros(1, 1, h + total, h + total, dtype=F64)
    return int(F.conv2d(x, torch.zeros(1, 1, k, k, dtype=F64), stride=s).shape[-1])


def _nb_mean_sq(r: np.random.Generator) -> bool:
    y = r.normal(size=(4, 5, 5, 8))
    yt = t64(y, True)
    ((yt**2).mean() / 2).backward()
    return same(yt.grad.numpy(), y / (4 * 5 * 5 * 8))


def _nb_bias_mean(r: np.random.Generator) -> bool:
    x, k, b, g = (r.normal(size=s) for s in ((4, 3, 10, 10), (8, 3, 3, 3), (8,), (4, 8, 5, 5)))
    bt = t64(b, True)
    (F.conv2d(F.pad(t64(x), (0, 1, 0, 1)), t64(k), bt, stride=2) * t64(g)).sum().backward()
    return same(bt.grad.numpy(), g.sum(axis=(0, 2, 3)) / 4)


def _nb_gap(r: np.random.Generator) -> bool:
    m, gamma = r.normal(size=(4, 4, 4, 8)), r.normal(size=(4, 8))
    mt = t64(m, True)
    (mt.mean(dim=(1, 2)) * t64(gamma)).sum().backward()
    return same(mt.grad.numpy(), np.broadcast_to(gamma[:, None, None, :] / 64, m.shape))


def _nb_softmax_mean(r: np.random.Generator) -> bool:
    z, labels = r.normal(size=(4, 10)), r.integers(0, 10, size=4)
    zt = t64(z, True)
    F.cross_entropy(zt, torch.tensor(labels)).backward()
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return same(zt.grad.numpy(), p - np.eye(10)[labels])


NB_CLAIMS = claims_of(NB, {
    "In index form (0-based": [_nbt(_nb_forward, 300)],
    "\\partial k[h, w, c, o]} = \\sum_{n=0}^{3}": [_nbt(_nb_dk, 310)],
    "sum_{o=0}^{7} g[n, p - h, q - w, o] \\, k[h, w, c, o]$$": [_nbt(_nb_dx("npqo,co->npqc"), 320)],
    "what I first wrote was": [_nbt(_nb_dx("npqo,oc->npqc"), 330)],
    "SAME keeps": [
        equal(_same_out(10, 3, 2), math.ceil(10 / 2)), equal(math.ceil(10 / 2), 5),
        equal(_same_total(10, 3, 2), max((5 - 1) * 2 + 3 - 10, 0)),
        equal(max((5 - 1) * 2 + 3 - 10, 0), 1),
        equal(_same_total(10, 3, 2) // 2, math.ceil(1 / 2)), equal(math.ceil(1 / 2), 1)],
    "With `L = jnp.mean": [trials(_nb_mean_sq, 340), equal(4 * 5 * 5 * 8, 800)],
    "The bias of a `tf.keras": [trials(_nb_bias_mean, 350)],
    "On the $8 \\times 8$ map": [trials(_nb_gap, 360), None,
                                 equal(params(torch.nn.Linear(8, 10)), 8 * 10), equal(8 * 10, 80)],
    "For the head's softmax": [None, None, trials(_nb_softmax_mean, 370)],
})  # fmt: skip


# --- design_doc_im2col_vs_direct.md: Conv2d(64, 128, 3, padding=1), one 56x56 image, fp32

DOC = "design_doc_im2col_vs_direct"


@functools.cache
def _doc() -> dict:
    r = np.random.default_rng(400)
    x, w, g = (
        r.normal(size=(1, 64, 56, 56)),
        r.normal(size=(128, 64, 3, 3)),
        r.normal(size=(1, 128, 56, 56)),
    )
    t = conv(x, w, None, g, padding=1)
    cols_t = F.unfold(t64(x), 3, padding=1).detach().requires_grad_()  # (1, 576, 3136)
    (t64(w.reshape(128, 576)) @ cols_t[0] * t64(g.reshape(128, 3136))).sum().backward()
    return {"x": x, "w": w.reshape(128, 576), "g": g.reshape(128, 3136), "y": t["z"],
            "dw": t["dw"], "cols": cols_t.detach().numpy()[0],
            "dcols": cols_t.grad.numpy()[0]}  # fmt: skip


def _doc_copies() -> int:
    """How often interior pixel (20, 30) of a 56x56 image occurs in its 3x3 unfold."""
    ids = torch.arange(56 * 56, dtype=F64).reshape(1, 1, 56, 56)
    return int((F.unfold(ids, 3, padding=1) == 20 * 56 + 30).sum())


def _doc_ratio(stride: int) -> float:
    x = torch.zeros(1, 64, 56, 56, dtype=F64)
    return F.unfold(x, 3, padding=1, stride=stride).numel() / x.numel()


DOC_CLAIMS = claims_of(DOC, {
    "Spatial size is preserved": [equal(conv_out(56, 3, 1, 1), (56 + 2 * 1 - 3) / 1 + 1),
                                  equal((56 + 2 * 1 - 3) / 1 + 1, 56)],
    "Workspace per image": [equal(576 * 3136 * 4, 7_225_344),
                            equal(round(7_225_344 / 2**20, 1), 7.2)],
    "If we unfold the whole batch": [equal(32 * 7_225_344, 213_211_008)],
    "Relative to the input tile": [equal(_doc_ratio(1), 3**2), equal(3**2, 9)],
    "The forward pass is one GEMM": [
        single(lambda: same(_doc()["w"] @ _doc()["cols"], _doc()["y"].reshape(128, 3136)))],
    "the weight gradient is again a GEMM": [
        single(lambda: same(_doc()["g"] @ _doc()["cols"].T, _doc()["dw"].reshape(128, 576)))],
    "An earlier prototype": [
        single(lambda: same((_doc()["cols"] @ _doc()["g"].T).reshape(128, 64, 3, 3),
                            _doc()["dw"]))],
    "The input gradient goes through the columns": [
        single(lambda: same(_doc()["w"].T @ _doc()["g"], _doc()["dcols"])),
        equal(_doc_copies(), 3), None],
    "The downsampling stage": [equal(conv_out(56, 3, 2, 1), 28), equal((56 + 2 - 3) // 2 + 1, 28)],
    "Its per-image workspace": [equal(576 * 784 * 4, 1_806_336), equal(_doc_ratio(2), 3**2),
                                equal(3**2, 9)],
})  # fmt: skip


def truth_table() -> Claims:
    from unseen_fresh29_truth_b import NOTES_B

    return {**API_CLAIMS, **APX_CLAIMS, **NB_CLAIMS, **DOC_CLAIMS, **NOTES_B}
