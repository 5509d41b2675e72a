"""Independent truth for the fresh35 unseen set (tests/data/check/unseen/fresh35/): the notes
ders_notu_mnist_kucuk_cnn, medium_maxpool_backward_argmax_routing and
pset3_solutions_conv_arithmetic_index_bounds.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. Lines are found from an anchor (a piece of the line, unique in
the note); a None holds the rank of a keyed non-claim. A side that reads an entry outside a
tensor (IndexError) or multiplies matrices of mismatched shapes (ValueError) disagrees; where a
note declares zeros outside a range, those entries are read as zero. A link between two written
numbers is judged as arithmetic; a size or count named on the left must equal the true one. The
other four notes live in unseen_fresh35_truth_b.py; truth_table merges both.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh33_truth_b import receptive_field
from unseen_truth_base import (
    F64,
    Truth,
    anchored_claims,
    at,
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
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh35"
Conv2d = torch.nn.Conv2d


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


def pool_side(h: int, k: int = 2, s: int = 2) -> int:
    """Output side of torch max_pool2d (ceil_mode off) on an h x h input."""
    return int(F.max_pool2d(torch.zeros(1, 1, h, h, dtype=F64), k, s).shape[-1])


def mean_of_samples(z: torch.Tensor, g: np.ndarray) -> torch.Tensor:
    """L = (1/N) sum_n l_n with l_n = sum(z_n * g_n), so that d l_n / d z_n = g_n."""
    return (z * t64(g)).sum(dim=tuple(range(1, z.dim()))).mean()


# --- ders_notu_mnist_kucuk_cnn.md (Turkish): N x 1 x 28 x 28 -> conv 8@3x3 -> pool 2/2 ->
# conv 16@3x3 -> pool 2/2 -> dense 10; mean loss over the batch, per-sample deltas

DERS = "ders_notu_mnist_kucuk_cnn"
N = 3


def _ders_first(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(N, 1, 28, 28)), r.normal(size=(8, 1, 3, 3)), r.normal(size=8)
    g = r.normal(size=(N, 8, 26, 26))
    xt, wt, bt = t64(x, True), t64(w, True), t64(b, True)
    mean_of_samples(F.conv2d(xt, wt, bt), g).backward()
    return {"x": x, "g": g, "dw": wt.grad.numpy(), "db": bt.grad.numpy()}


def _ders_db(r: np.random.Generator) -> bool:
    v = _ders_first(r)
    return same(v["db"], v["g"].sum(axis=(0, 2, 3)))


def _ders_dw(r: np.random.Generator) -> bool:
    v = _ders_first(r)
    x, g = v["x"][:, 0], v["g"]  # x_{n,i+u,j+v} for i, j = 0..25 is the slice u:u+26
    rhs = [[[np.sum(g[:, k] * x[:, u : u + 26, s : s + 26]) / N for s in range(3)]
            for u in range(3)] for k in range(8)]  # fmt: skip
    return same(v["dw"][:, 0], rhs)


def _ders_da(r: np.random.Generator) -> bool:
    """The note's delta_{n,k,p+u,q+v} (zero outside 0..10) against autograd."""
    a, w = r.normal(size=(N, 8, 13, 13)), r.normal(size=(16, 8, 3, 3))
    g = r.normal(size=(N, 16, 11, 11))
    at_ = t64(a, True)
    mean_of_samples(F.conv2d(at_, t64(w)), g).backward()
    gz = np.pad(g, ((0, 0), (0, 0), (0, 2), (0, 2)))  # zeros past index 10
    rhs = sum(np.einsum("nkpq,kc->ncpq", gz[:, :, u : u + 13, s : s + 13], w[:, :, u, s])
              for u in range(3) for s in range(3)) / N  # fmt: skip
    return same(at_.grad.numpy(), rhs)


def _head(r: np.random.Generator) -> dict:
    """s_n = V h_n + beta, p_n = softmax(s_n), l_n cross-entropy, L the batch mean; D = 400."""
    h, v, beta = r.normal(size=(N, 400)), r.normal(size=(10, 400)), r.normal(size=10)
    y = np.eye(10)[r.integers(0, 10, size=N)]
    ht, vt = t64(h, True), t64(v, True)
    st = ht @ vt.T + t64(beta)
    st.retain_grad()
    ell = -(t64(y) * torch.log_softmax(st, dim=1)).sum(dim=1)
    ell.mean().backward()
    p = torch.softmax(st, dim=1).detach().numpy()
    # l_n depends on s_n and h_n only, so N times the gradient of the mean is d l_n / d s_n, h_n
    return {"h": h, "V": v, "y": y, "p": p, "ds": N * st.grad.numpy(), "dV": vt.grad.numpy(),
            "dh": N * ht.grad.numpy()}  # fmt: skip


def _hd(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_head(r)), seed)


def _conv2_macs() -> int:
    a, w = torch.zeros(1, 8, 13, 13, dtype=F64), torch.zeros(16, 8, 3, 3, dtype=F64)
    return flops_half(lambda: F.conv2d(a, w))


DERS_CLAIMS = claims_of(DERS, {
    "$H_1 = 28 - 3 + 1 = 26$": [equal(conv_out(28, 3), 28 - 3 + 1), equal(28 - 3 + 1, 26),
                                equal(pool_side(26), 13)],
    "$H_4 = \\lceil 11/2 \\rceil = 6$": [equal(pool_side(11), math.ceil(11 / 2)),
                                         equal(math.ceil(11 / 2), 6)],
    "$P_1 = 8 \\cdot (3 \\cdot 3 \\cdot 1) + 8 = 80$": [
        equal(params(Conv2d(1, 8, 3)), 8 * (3 * 3 * 1) + 8), equal(8 * (3 * 3 * 1) + 8, 80),
        equal(params(Conv2d(8, 16, 3)), 16 * 3 * 3 * 8), equal(16 * 3 * 3 * 8, 1152)],
    "$M_2 = 11 \\cdot 11 \\cdot 16 \\cdot 8 \\cdot 9": [
        equal(_conv2_macs(), 11 * 11 * 16 * 8 * 9), equal(11 * 11 * 16 * 8 * 9, 139932)],
    "$$z_{n,k,i,j} = b_k": [None],
    "$L = \\frac{1}{N} \\sum_{n=1}^{N} \\ell_n$": [None, None],
    "{\\partial b_k} = \\sum_{n=1}^{N}": [trials(_ders_db, 100)],
    "{\\partial w_{k,u,v}} = \\frac{1}{N}": [trials(_ders_dw, 110)],
    "$\\delta^{(2)}_{n,k,i,j} = \\partial \\ell_n": [None],
    "{\\partial a_{n,c,p,q}} = \\frac{1}{N}": [trials(_ders_da, 120)],
    "$s_n = V h_n + \\beta$": [None, None, None],
    "{\\partial s_{n,j}} = p_{n,j} - y_{n,j}": [_hd(lambda v: same(v["ds"], v["p"] - v["y"]), 130)],
    "{\\partial V} = \\frac{1}{N}": [_hd(lambda v: same(
        v["dV"], sum(np.outer(v["p"][n] - v["y"][n], v["h"][n]) for n in range(N)) / N), 140)],
    "{\\partial h_n} = V (p_n - y_n)": [_hd(lambda v: all(
        same(v["dh"][n], v["V"] @ (v["p"][n] - v["y"][n])) for n in range(N)), 150)],
})  # fmt: skip


# --- medium_maxpool_backward_argmax_routing.md: 6x6 X, 3x3 K, scalar b, stride 1 -> the given
# 4x4 Z -> max pool 2/2; the given G; 1-based

MED = "medium_maxpool_backward_argmax_routing"
MZ = np.array([[1.0, 3, -2, 0], [4, 2, 5, 1], [0, -1, 2, 6], [3, 7, 1, 1]])
MG = np.array([[1.0, -2], [3, 0.5]])


def max_pool(z: np.ndarray, g: np.ndarray, k: int, s: int) -> dict:
    """torch max_pool2d of one plane and the gradient of sum(y * g)."""
    zt = t64(z, True)
    y = F.max_pool2d(zt[None, None], k, s)[0, 0]
    (y * t64(g)).sum().backward()
    return {"y": y.detach().numpy(), "dz": zt.grad.numpy()}


def avg_pool_grad(z: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Gradient of sum(avg_pool2d(z, 2, 2) * g) with respect to z."""
    zt = t64(z, True)
    (F.avg_pool2d(zt[None, None], 2, 2)[0, 0] * t64(g)).sum().backward()
    return zt.grad.numpy()


def _overlap_all_ones() -> np.ndarray:
    return max_pool(MZ, np.ones((3, 3)), 2, 1)["dz"]


def _med(r: np.random.Generator) -> dict:
    x, k, b = r.normal(size=(6, 6)), r.normal(size=(3, 3)), r.normal(size=1)
    g = r.normal(size=(4, 4))
    t = conv(x[None, None], k[None, None], b, g[None, None])
    return {"x": x, "k": k, "g": g, "dx": t["dx"][0, 0], "dk": t["dw"][0, 0], "db": t["db"][0]}


def _corner(xi: tuple[int, int], ki: tuple[int, int], gi: tuple[int, int]) -> Callable:
    """dL/dx at xi against k at ki times dL/dz at gi (0-based)."""
    return lambda v: math.isclose(v["dx"][xi], v["k"][ki] * v["g"][gi], abs_tol=1e-12)


def _md(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_med(r)), seed)


MED_CLAIMS = claims_of(MED, {
    "$H_Z = 6 - 3 + 1 = 4$": [equal(conv_out(6, 3), 6 - 3 + 1), equal(6 - 3 + 1, 4)],
    "$$Z = \\begin{pmatrix}": [None],
    "$$Y = \\begin{pmatrix} 4 & 5": [single(lambda: same(max_pool(MZ, MG, 2, 2)["y"],
                                                         [[4, 5], [7, 6]]))],
    "Suppose the layers above send back": [None, None],
    "0 & 0 & 0 & 0.5": [single(lambda: same(max_pool(MZ, MG, 2, 2)["dz"], [
        [0, 0, 0, 0], [1, 0, -2, 0], [0, 0, 0, 0.5], [0, 3, 0, 0]]))],
    "For comparison, average pooling would not pick": [single(lambda: same(
        avg_pool_grad(MZ, MG), np.kron(MG, np.ones((2, 2)))))],
    "= \\sum_{p,q} g_{pq} = 3.5$": [
        single(lambda: math.isclose(max_pool(MZ, MG, 2, 2)["dz"].sum(), MG.sum())),
        equal(MG.sum(), 3.5)],
    "The output side is $\\lfloor": [equal((4 - 2) // 1 + 1, 3),
                                     equal(_overlap_all_ones()[1, 2], 3),
                                     equal(_overlap_all_ones()[1, 0], 1)],
    "$H_{pool} = \\lceil (4 - 3)/2 \\rceil + 1 = 2$": [
        equal(pool_side(4, 3, 2), math.ceil((4 - 3) / 2) + 1),
        equal(math.ceil((4 - 3) / 2) + 1, 2)],
    "{\\partial b} = \\sum_{i=1}^{4} \\sum_{j=1}^{4}": [
        _md(lambda v: math.isclose(v["db"], v["g"].sum(), abs_tol=1e-12), 200)],
    "{\\partial K} = X \\star": [_md(lambda v: same(v["dk"], corr(v["x"], v["g"])), 210)],
    "{\\partial X} = \\operatorname{pad}_2": [
        _md(lambda v: same(v["dx"], corr(pad(v["g"], 2), v["k"])), 220)],
    "Two corners make good unit tests": [
        _md(_corner((5, 5), (2, 2), (3, 3)), 230), _md(_corner((0, 0), (2, 2), (0, 0)), 240)],
})  # fmt: skip


# --- pset3_solutions_conv_arithmetic_index_bounds.md: 1-D H, K, S, P, D, 0-based; 2-D part (e)
# square; checked on grids of sizes

PSET = "pset3_solutions_conv_arithmetic_index_bounds"

_HKSP = [(7, 3, 2, 1), (9, 3, 2, 0), (10, 4, 3, 1), (8, 2, 2, 1), (11, 5, 2, 2), (12, 3, 3, 0),
         (13, 4, 2, 1), (9, 5, 3, 2), (6, 3, 1, 0), (10, 3, 1, 1)]  # fmt: skip
_HKSPD = [
    (h, k, s, p, d) for h, k, s, p in _HKSP for d in (1, 2, 3) if h + 2 * p >= d * (k - 1) + 1
]
_STRIDED = [(h, k, s) for h, k, s, _ in _HKSP if s >= 2]  # P = 0, D = 1
_UNIT = [(h, k) for h, k in ((6, 3), (7, 2), (9, 4), (10, 5), (8, 3), (5, 5))]  # S = 1, D = 1
_DILATED = [(h, k, p, d) for h, k, s, p, d in _HKSPD if s == 2 and d >= 2]  # run with S = 1


def len1(h: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    y = F.conv1d(torch.zeros(1, 1, h, dtype=F64), torch.zeros(1, 1, k, dtype=F64),
                 stride=s, padding=p, dilation=d)  # fmt: skip
    return int(y.shape[-1])


def _tail(h: int, k: int, s: int, p: int, d: int) -> bool:
    """Trailing positions of the padded input that no output reads, by autograd."""
    xt = torch.zeros(1, 1, h + 2 * p, dtype=F64, requires_grad=True)
    F.conv1d(xt, torch.ones(1, 1, k, dtype=F64), stride=s, dilation=d).sum().backward()
    last = int(np.nonzero(xt.grad.numpy()[0, 0])[0][-1])
    return h + 2 * p - 1 - last == (h + 2 * p - d * (k - 1) - 1) % s


def _same_total(h: int, k: int, s: int) -> bool:
    """The total padding gives ceil(h/s) outputs, and one less does not."""
    want = math.ceil(h / s)
    total = max((want - 1) * s + k - h, 0)

    def out(t: int) -> int:
        x = F.pad(torch.zeros(1, 1, h, dtype=F64), (t // 2, t - t // 2))
        return int(F.conv1d(x, torch.zeros(1, 1, k, dtype=F64), stride=s).shape[-1])

    return out(total) == want and (total == 0 or out(total - 1) < want)


def _dx_bounds(h: int, k: int, s: int) -> bool:
    r = np.random.default_rng(300 + 17 * h + k + s)
    w, delta, x = r.normal(size=k), r.normal(size=len1(h, k, s)), r.normal(size=h)
    xt = t64(x, True)
    (F.conv1d(xt[None, None], t64(w)[None, None], stride=s)[0, 0] * t64(delta)).sum().backward()
    h_out = len(delta)
    rhs = [sum(at(w, p - s * i) * at(delta, i)
               for i in range(max(0, math.ceil((p - k + 1) / s)), min(h_out - 1, p // s) + 1))
           for p in range(h)]  # fmt: skip
    return same(xt.grad.numpy(), rhs)


def _padded_sum(h: int, k: int, s: int, p: int) -> bool:
    """Sum of the input gradient against (sum w)(sum delta), padding p."""
    r = np.random.default_rng(350 + 19 * h + 7 * k + 3 * s + p)
    w, x = r.normal(size=k), r.normal(size=h)
    delta = r.normal(size=len1(h, k, s, p))
    xt = t64(x, True)
    y = F.conv1d(xt[None, None], t64(w)[None, None], stride=s, padding=p)[0, 0]
    (y * t64(delta)).sum().backward()
    return math.isclose(xt.grad.numpy().sum(), w.sum() * delta.sum(), abs_tol=1e-9)


def _reads(h: int, k: int) -> np.ndarray:
    """How many outputs read each input (stride 1): the gradient of sum(y) for an all-ones
    kernel."""
    xt = torch.zeros(1, 1, h, dtype=F64, requires_grad=True)
    F.conv1d(xt, torch.ones(1, 1, k, dtype=F64)).sum().backward()
    return xt.grad.numpy()[0, 0]


def _n_p(h: int, k: int) -> bool:
    h_out = len1(h, k)
    return same(_reads(h, k), [min(h_out - 1, p) - max(0, p - k + 1) + 1 for p in range(h)])


def _dilated_bounds(h: int, k: int, p: int, d: int) -> bool:
    """The note's lower bound max(0, q - H_out + 1), delta read strictly."""
    r = np.random.default_rng(400 + 13 * h + 7 * k + 3 * p + d)
    n = h + 2 * p
    w, xp = r.normal(size=k), r.normal(size=n)
    delta = r.normal(size=len1(n, k, 1, 0, d))
    xt = t64(xp, True)
    (F.conv1d(xt[None, None], t64(w)[None, None], dilation=d)[0, 0] * t64(delta)).sum().backward()
    h_out = len(delta)
    rhs = [sum(at(w, j) * at(delta, q - d * j)
               for j in range(max(0, q - h_out + 1), min(k - 1, q // d) + 1))
           for q in range(n)]  # fmt: skip
    return same(xt.grad.numpy(), rhs)


def _dw_2d(h: int, k: int, s: int, p: int, d: int) -> bool:
    """The note's sums i = 0..H_out, j = 0..W_out (delta read strictly)."""
    r = np.random.default_rng(500 + 11 * h + 5 * k + 3 * s + p + d)
    x, w = r.normal(size=(h, h)), r.normal(size=(k, k))
    side = conv_out(h, k, s, p, d)
    delta = r.normal(size=(side, side))
    dw = conv(x[None, None], w[None, None], None, delta[None, None], stride=s, padding=p,
              dilation=d)["dw"][0, 0]  # fmt: skip
    xp = pad(x, p)

    def entry(u: int, v: int) -> float:
        return sum(at(delta, i, j) * at(xp, s * i + d * u, s * j + d * v)
                   for i in range(side + 1) for j in range(side + 1))  # fmt: skip

    try:
        rhs = [[entry(u, v) for v in range(k)] for u in range(k)]
    except IndexError:
        return False
    return same(dw, rhs)


_STACKS = [(lay, k, s) for lay in (1, 2, 3) for k in (2, 3, 5) for s in (2, 3)]


def _rf(lay: int, k: int, s: int) -> int:
    return receptive_field([(k, s)] * lay)


PSET_CLAIMS = claims_of(PSET, {
    "**Setup.** All indices are 0-based.": [None] * 5,
    "Output $i$ is valid iff": [None],
    "\\frac{H + 2P - D(K-1) - 1}{S} \\right\\rfloor": [grid(
        lambda h, k, s, p, d: len1(h, k, s, p, d) == (h + 2 * p - d * (k - 1) - 1) // s + 1,
        _HKSPD)],
    "$$r = \\big(H + 2P - D(K-1) - 1\\big) \\bmod S .$$": [grid(_tail, _HKSPD)],
    "the choice $P = (K - 1)/2$": [None, None, None, grid(
        lambda h, k: len1(h, k, 1, (k - 1) // 2) == h,
        [(h, k) for h in (5, 8, 11) for k in (1, 3, 5)])],
    "For even $K$ no symmetric padding": [None, grid(
        lambda h, k: len1(h, k, 1, k // 2) == h - 1, [(h, k) for h in (5, 8, 11) for k in (2, 4)])],
    "TensorFlow's SAME mode wants": [None, None],
    "$$P_{\\text{tot}} = \\max": [grid(_same_total, [(h, k, s) for h, k, s, _ in _HKSP]
                                      + [(4, 1, 3), (9, 1, 2), (12, 2, 4)])],
    "Take $D = 1$ and $P = 0$.": [None, None],
    "\\lceil (p-K+1)/S \\rceil)}^{\\min(H_{out}-1": [grid(
        _dx_bounds, [(h, k, s) for h, k, s, _ in _HKSP])],
    "For $S = 1$ the number of terms is": [None],
    "$$n_p = \\min(H_{out} - 1,": [grid(_n_p, _UNIT)],
    "$\\sum_{p=0}^{H-1} n_p = K H$": [grid(lambda h, k: _reads(h, k).sum() == k * h,
                                           [q for q in _UNIT if q[1] >= 2])],
    "so even with padding $P \\ge 1$": [None, grid(
        _padded_sum, [(h, k, s, p) for h, k, s, p in _HKSP if p >= 1])],
    "Now $S = 1$, any $D$": [None],
    "{\\partial \\tilde x_q} = \\sum_{k=\\max(0,\\, q - H_{out} + 1)}": [grid(
        _dilated_bounds, _DILATED)],
    "In 2-D (square input": [None],
    "\\sum_{i=0}^{H_{out}} \\sum_{j=0}^{W_{out}}": [grid(_dw_2d, _HKSPD)],
    "$$H_{\\text{tr}} = (H - 1)S - 2P + D(K - 1) .$$": [grid(
        lambda h, k, s, p, d: tconv_out(h, k, s, p, 0, d) == (h - 1) * s - 2 * p + d * (k - 1),
        _HKSPD)],
    "For a stack of $L$ identical layers": [None, None],
    "$$R_L = 1 + (K-1)\\sum_{l=1}^{L}": [
        grid(lambda lay, k, s: _rf(lay, k, s) == 1 + (k - 1) * sum(s ** (i - 1)
             for i in range(1, lay + 1)), _STACKS),
        grid(lambda lay, k, s: math.isclose(1 + (k - 1) * sum(s ** (i - 1) for i in
             range(1, lay + 1)), 1 + (k - 1) * (s**lay - 1) / (s - 1)), _STACKS)],
    "more compactly, $R_L = 1 + L(K-1)S$": [None, grid(
        lambda lay, k, s: _rf(lay, k, s) == 1 + lay * (k - 1) * s, _STACKS)],
    "With $H = 10$, $K = 3$": [None] * 5 + [
        equal(len1(10, 3, 2, 1, 2), (10 + 2 - 2 * 2 - 1) // 2 + 1),
        equal((10 + 2 - 2 * 2 - 1) // 2 + 1, 4), equal(7 % 2, 1)],
})  # fmt: skip


def truth_table() -> Claims:
    from unseen_fresh35_truth_b import NOTES_B

    return {**DERS_CLAIMS, **MED_CLAIMS, **PSET_CLAIMS, **NOTES_B}
