"""Independent numeric truth for the unseen `dev` set, second half of the notes (issue 16).

Registers into unseen_dev_truth_ops.CLAIMS; see unseen_dev_truth for the contract. Never imports
symconv.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
import unseen_dev_truth_ops as o
from unseen_dev_truth_ops import close, every, put, same, strict

# --- no_headings_notes: 4x4 a^{[l-1]}, k = 3, stride 1, p = 1, scalar bias, ReLU, 1-based --------
N = "no_headings_notes"
_rng = np.random.default_rng(8)
HA, HW, Hb, HdA = (
    _rng.standard_normal((4, 4)),
    _rng.standard_normal((3, 3)),
    float(_rng.standard_normal()),
    _rng.standard_normal((4, 4)),
)


def _layer(act: Callable[[torch.Tensor], torch.Tensor]) -> tuple[np.ndarray, ...]:
    """z, a, dz, dW, db, da_prev of the layer by autograd, upstream da = HdA."""
    at, wt, bt = (
        torch.tensor(v, requires_grad=True)
        for v in (HA[None, None], HW[None, None], np.array([Hb]))
    )
    z = F.conv2d(at, wt, bt, padding=1)
    z.retain_grad()
    a = act(z)
    a.backward(torch.tensor(HdA[None, None]))
    return tuple(
        t.detach().numpy().reshape(t.shape[-2:]) if t.dim() == 4 else t.detach().numpy()
        for t in (z, a, z.grad, wt.grad, bt.grad, at.grad)
    )


Hz, Ha, Hdz, HdW, Hdb, Hda = _layer(torch.relu)
Hs = _layer(torch.sigmoid)
ha, hw, hz, hdz, hda = strict(HA, 1), strict(HW, 1), strict(Hz, 1), strict(Hdz, 1), strict(Hda, 1)
put(N, 7, 1, lambda: same(Hz, o.corr(o.pad(HA, 1), HW) + Hb))
put(
    N,
    9,
    1,
    lambda: close(hz(1, 1), sum(ha(m - 1, n - 1) * hw(m, n) for m in (2, 3) for n in (2, 3)) + Hb),
)
put(
    N,
    10,
    1,
    lambda: close(
        hz(4, 4), sum(ha(m + 2, n + 2) * hw(m, n) for m in (1, 2, 3) for n in (1, 2, 3)) + Hb
    ),
)
put(N, 12, 1, lambda: same(Hdz, HdA * (Hz > 0)))
put(N, 13, 1, lambda: same(Hdz, HdA * Ha))
put(N, 14, 1, lambda: same(Hs[2], HdA * Hs[1] * (1 - Hs[1])))
ZGRID = np.linspace(-4, 4, 17)
put(
    N,
    14,
    2,
    lambda: same(
        o.act_grad(torch.sigmoid, ZGRID),
        (1 / (1 + np.exp(-ZGRID))) * (1 + 1 / (1 + np.exp(-ZGRID))),
    ),
)
put(N, 17, 1, lambda: same(HdW, o.corr(o.pad(HA, 1), Hdz)))
put(
    N, 17, 2, lambda: close(float(Hdb[0]), sum(hdz(i, j) for i in range(1, 5) for j in range(1, 5)))
)
put(N, 18, 1, lambda: same(HdW, o.corr(Hdz, o.pad(HA, 1))))
put(N, 21, 1, lambda: same(Hda, o.corr(o.pad(Hdz, 1), o.rot(HW))))
put(N, 22, 1, lambda: same(Hda, o.corr(o.pad(Hdz, 2), o.rot(HW))))
put(
    N,
    23,
    1,
    lambda: close(hda(1, 1), sum(hdz(m - 1, n - 1) * hw(m, n) for m in (2, 3) for n in (2, 3))),
)

# --- maxpool_se: the 5x5 example, 3x3 windows, stride 2, 0-based; G from the note --------------
N = "maxpool_se"
QX = np.array(
    [[1, 0, 2, 3, 1], [4, 6, 1, 0, 2], [3, 1, 9, 2, 5], [0, 2, 4, 10, 1], [1, 7, 3, 0, 2]], float
)
QG = np.array([[1, 2], [3, 4]], float)
QM, QA = o.pool_case(QX, QG, 3, 2, "max"), o.pool_case(QX, QG, 3, 2, "avg")
qx, qg, qy, qdm, qda = strict(QX), strict(QG), strict(QM.Y), strict(QM.dX), strict(QA.dX)
_dX_note = np.zeros((5, 5))
_dX_note[2, 2], _dX_note[3, 3] = 6, 4


def _pool_out(h: int, ceil_mode: bool) -> int:
    return int(F.max_pool2d(torch.zeros(1, 1, h, h), 3, 2, ceil_mode=ceil_mode).shape[-1])


put(
    N,
    12,
    1,
    lambda: every(
        [o.R2, o.R2],
        lambda i, j: qy(i, j) == max(qx(2 * i + m, 2 * j + n) for m in o.R3 for n in o.R3),
    ),
)
put(N, 27, 1, lambda: same(QM.Y, [[9, 9], [9, 10]]))
put(N, 32, 1, lambda: close(qdm(2, 2), qg(0, 0) + qg(0, 1) + qg(1, 0)))
put(N, 35, 1, lambda: same(QM.dX, _dX_note))
put(N, 44, 1, lambda: close(qdm(2, 2), qg(1, 0)))
put(N, 45, 1, lambda: close(qdm(0, 0), qg(0, 0)))
put(N, 49, 1, lambda: close(qda(2, 2), (qg(0, 0) + qg(0, 1) + qg(1, 0) + qg(1, 1)) / 9))
put(N, 50, 1, lambda: close(qda(0, 0), qg(0, 0) / 9))
put(N, 50, 2, lambda: close(qda(1, 2), qg(0, 0) + qg(0, 1)))
put(N, 53, 1, lambda: o.ceil_div(6 - 3, 2) + 1 == 3 == _pool_out(6, True))
put(N, 54, 1, lambda: o.floor_div(6 - 3, 2) + 1 == 3 == _pool_out(6, False))

# --- transposed_conv: ConvTranspose2d semantics; 3x3 X(i,j), 3x3 W(m,n), s = 2, p = 1 -----------
N = "transposed_conv"
_rng = np.random.default_rng(9)
TX, TW = _rng.standard_normal((3, 3)), _rng.standard_normal((3, 3))
_tx, _tw = (torch.tensor(v[None, None], requires_grad=True) for v in (TX, TW))
_ty = F.conv_transpose2d(_tx, _tw, stride=2, padding=1)
TG = _rng.standard_normal(tuple(_ty.shape[-2:]))
_ty.backward(torch.tensor(TG[None, None]))
TY, TdX, TdW = _ty.detach().numpy()[0, 0], _tx.grad.numpy()[0, 0], _tw.grad.numpy()[0, 0]
tx, twz, tw, ty = strict(TX), o.zext(TW), strict(TW), strict(TY)
tgt, tdx, tdw = strict(o.pad(TG, 1)), strict(TdX), strict(TdW)
TSIZES = [
    (h, k, s, p, po)
    for h in range(1, 6)
    for k in range(1, 5)
    for s in (1, 2, 3)
    for p in range(3)
    for po in range(s)
    if (h - 1) * s - 2 * p + k + po >= 1
]


def _tout(h: int, k: int, s: int, p: int, po: int) -> int:
    y = F.conv_transpose2d(
        torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k), stride=s, padding=p, output_padding=po
    )
    return int(y.shape[-1])


put(
    N,
    8,
    1,
    lambda: o.grid(
        TSIZES, lambda h, k, s, p, po: _tout(h, k, s, p, po) == (h - 1) * s - 2 * p + k + po
    ),
)
put(
    N,
    10,
    1,
    lambda: o.grid(TSIZES, lambda h, k, s, p, po: _tout(h, k, s, p, po) == s * h - 2 * p + k),
)
put(N, 12, 1, lambda: (3 - 1) * 2 - 2 * 1 + 3 == 5 == TY.shape[0])
put(N, 13, 1, lambda: (4 - 1) * 2 - 2 + 4 == 8 == _tout(4, 4, 2, 1, 0))
put(N, 13, 3, lambda: (4 - 1) * 2 - 2 + 3 == 8)
put(
    N,
    20,
    1,
    lambda: every(
        [range(5), range(5)],
        lambda a, b: close(
            ty(a, b), sum(tx(i, j) * twz(a + 1 - 2 * i, b + 1 - 2 * j) for i in o.R3 for j in o.R3)
        ),
    ),
)
put(N, 26, 1, lambda: same(TY, o.corr(o.pad(o.dilate(TX, 2), 1), o.rot(TW))))
put(N, 28, 1, lambda: same(TY, o.corr(o.pad(o.dilate(TX, 2), 2), o.rot(TW))))
put(N, 29, 1, lambda: same(TY, o.corr(o.pad(o.dilate(TX, 2), 1), TW)))
put(
    N,
    37,
    1,
    lambda: every(
        [o.R3, o.R3],
        lambda i, j: close(
            tdx(i, j), sum(tgt(2 * i + m, 2 * j + n) * tw(m, n) for m in o.R3 for n in o.R3)
        ),
    ),
)
put(
    N,
    39,
    1,
    lambda: every(
        [o.R3, o.R3],
        lambda i, j: close(
            tdx(i, j), sum(tgt(2 * i + m, 2 * j + n) * tw(2 - m, 2 - n) for m in o.R3 for n in o.R3)
        ),
    ),
)
put(
    N,
    41,
    1,
    lambda: every(
        [o.R3, o.R3],
        lambda m, n: close(
            tdw(m, n), sum(tx(i, j) * tgt(2 * i + m, 2 * j + n) for i in o.R3 for j in o.R3)
        ),
    ),
)
put(
    N,
    46,
    1,
    lambda: (
        16 * 8 * 3 * 3 + 8
        == 1160
        == sum(p.numel() for p in torch.nn.ConvTranspose2d(16, 8, 3).parameters())
    ),
)

# --- param_counts: LeNet-5 on 32x32x1 and two bigger layers; integer arithmetic -----------------
N = "param_counts"
put(N, 8, 1, lambda: 6 * (5 * 5 * 1 + 1) == 156)
put(N, 13, 1, lambda: 16 * (5 * 5 * 6 + 1) == 2416)
put(N, 14, 1, lambda: 16 * 5 * 5 + 16 == 416)
put(N, 18, 1, lambda: 400 * 120 + 120 == 48120)
put(N, 18, 2, lambda: 84 * 10 + 10 == 850)
put(N, 28, 1, lambda: 156 + 2416 + 48120 + 10164 + 850 == 61606)
put(N, 30, 1, lambda: o.conv_out(32, 5, 1, 2) == 32 + 2 - 5 + 1)
put(N, 30, 2, lambda: 32 + 2 - 5 + 1 == 30)
put(N, 34, 1, lambda: 7 * 7 * 512 * 4096 + 4096 == 102760448)
put(N, 36, 1, lambda: o.floor_div(28 + 2 - 3, 2) + 1 == 15)

# --- activations_chain: 1-D, x in R^6, w in R^3, scalar b, stride 1, sigmoid, 0-based ------------
N = "activations_chain"
_rng = np.random.default_rng(10)
AX, AW, Ab = _rng.standard_normal(6), _rng.standard_normal(3), float(_rng.standard_normal())
AdA, AT = _rng.standard_normal(4), _rng.standard_normal(4)


def _chain(loss: str) -> tuple[np.ndarray, ...]:
    """z, a, dL/da, delta = dL/dz, dw, db, dx; loss 'up' (upstream AdA) or 'mse' (targets AT)."""
    xt, wt, bt = (
        torch.tensor(v, requires_grad=True)
        for v in (AX[None, None], AW[None, None], np.array([Ab]))
    )
    z = F.conv1d(xt, wt, bt)
    z.retain_grad()
    a = torch.sigmoid(z)
    a.retain_grad()
    L = (
        (a[0, 0] * torch.tensor(AdA)).sum()
        if loss == "up"
        else 0.5 * ((a[0, 0] - torch.tensor(AT)) ** 2).sum()
    )
    L.backward()
    return tuple(
        t.detach().numpy().reshape(-1) for t in (z, a, a.grad, z.grad, wt.grad, bt.grad, xt.grad)
    )


Az, Aa, Ada, Adl, Adw, Adb, Adx = _chain("up")
Mz, Ma, Mda, Mdl = _chain("mse")[:4]
az, axs, aws = strict(Az), strict(AX), strict(AW)
adl, adw, adx = strict(Adl), strict(Adw), strict(Adx)
put(
    N,
    9,
    1,
    lambda: every([o.R4], lambda i: close(az(i), sum(aws(k) * axs(i + k) for k in o.R3) + Ab)),
)
put(N, 13, 2, lambda: same(Adl, Ada * o.act_grad(torch.sigmoid, Az)))
put(
    N,
    15,
    1,
    lambda: same(
        o.act_grad(torch.sigmoid, ZGRID),
        (1 / (1 + np.exp(-ZGRID))) * (1 - 1 / (1 + np.exp(-ZGRID))),
    ),
)
ZNZ = ZGRID[ZGRID != 0]
put(N, 18, 1, lambda: same(o.act_grad(torch.relu, ZNZ), np.where(ZNZ > 0, 1.0, 0.0)))
put(N, 22, 1, lambda: same(Mda, Ma - AT))
put(N, 22, 2, lambda: same(Mdl, (Ma - AT) * Ma))
put(
    N, 26, 1, lambda: every([o.R3], lambda k: close(adw(k), sum(adl(i) * axs(i + k) for i in o.R4)))
)
put(N, 28, 1, lambda: same(Adw, o.corr(Adl, AX)))
put(
    N,
    30,
    1,
    lambda: every([o.R3], lambda k: close(adw(k), sum(adl(i) * axs(i + k) for i in range(5)))),
)
put(
    N,
    34,
    1,
    lambda: every(
        [range(6)],
        lambda j: close(
            adx(j), sum(adl(j - k) * aws(k) for k in range(max(0, j - 3), min(2, j) + 1))
        ),
    ),
)
put(N, 36, 1, lambda: same(Adx, o.corr(o.pad(Adl, 2), o.rot(AW))))
put(
    N,
    37,
    1,
    lambda: every(
        [range(6)],
        lambda j: close(
            adx(j), sum(adl(j + k) * aws(k) for k in range(max(0, j - 3), min(2, j) + 1))
        ),
    ),
)
put(N, 40, 1, lambda: close(adx(2), adl(0) * aws(2) + adl(1) * aws(1) + adl(2) * aws(0)))
put(N, 41, 1, lambda: close(adx(3), adl(1) * aws(1) + adl(2) * aws(2) + adl(3) * aws(0)))

# --- apuntes_lotes_canales_es: N = 3, C = 2 (4x4), F = 2 (2x2), stride 2; dense 8 -> 5; 1-based
N = "apuntes_lotes_canales_es"
LC = o.conv_case((3, 2, 4, 4), (2, 2, 2, 2), s=2, seed=11)
lx, lw, ly = strict(LC.x, 1), strict(LC.w, 1), strict(LC.y, 1)
I12, I123 = (1, 2), (1, 2, 3)


def _full(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Full true convolution: pad by k-1 and correlate with the flipped kernel."""
    return o.corr(o.pad(a, b.shape[0] - 1), o.rot(b))


put(N, 11, 1, lambda: o.floor_div(4 - 2, 2) + 1 == 2 == LC.y.shape[-1])
put(
    N,
    14,
    1,
    lambda: every(
        [range(3), range(2)],
        lambda n, f: same(
            LC.y[n, f], sum(o.corr(LC.x[n, c], LC.w[f, c])[::2, ::2] for c in range(2)) + LC.b[f]
        ),
    ),
)
put(
    N,
    19,
    1,
    lambda: every(
        [I123, I12, I12, I12],
        lambda n, f, i, j: close(
            ly(n, f, i, j),
            LC.b[f - 1]
            + sum(
                lx(n, c, 2 * i + u - 2, 2 * j + v - 2) * lw(f, c, u, v)
                for c in I12
                for u in I12
                for v in I12
            ),
        ),
    ),
)
put(
    N,
    21,
    1,
    lambda: every(
        [I123, I12],
        lambda n, f: close(
            ly(n, f, 1, 2),
            LC.b[f - 1]
            + sum(lx(n, c, u, v + 1) * lw(f, c, u, v) for c in I12 for u in I12 for v in I12),
        ),
    ),
)
put(
    N,
    26,
    1,
    lambda: every(
        [range(2), range(2)],
        lambda f, c: same(
            LC.dw[f, c], sum(o.corr(LC.x[n, c], o.dilate(LC.g[n, f], 2)) for n in range(3))
        ),
    ),
)
put(N, 27, 1, lambda: every([range(2)], lambda f: close(LC.db[f], LC.g[:, f].sum())))
put(
    N,
    28,
    1,
    lambda: every(
        [range(3), range(2)],
        lambda n, c: same(
            LC.dx[n, c], sum(_full(o.dilate(LC.g[n, f], 2), LC.w[f, c]) for f in range(2))
        ),
    ),
)
put(
    N,
    31,
    1,
    lambda: every(
        [range(2), range(2)],
        lambda f, c: same(LC.dw[f, c], sum(o.corr(LC.x[n, c], LC.g[n, f]) for n in range(3))),
    ),
)
put(
    N,
    32,
    1,
    lambda: every(
        [range(3), range(2)],
        lambda n, c: same(LC.dx[n, c], sum(_full(LC.g[n, f], LC.w[f, c]) for f in range(2))),
    ),
)
put(
    N,
    33,
    1,
    lambda: every(
        [range(3), range(2)],
        lambda n, c: same(
            LC.dx[n, c],
            sum(o.corr(o.pad(o.dilate(LC.g[n, f], 2), 1), LC.w[f, c].T) for f in range(2)),
        ),
    ),
)
_rng = np.random.default_rng(12)
LA, LW, Lb, LdZ = (_rng.standard_normal(s) for s in ((3, 8), (5, 8), 5, (3, 5)))
_at, _wt, _bt = (torch.tensor(v, requires_grad=True) for v in (LA, LW, Lb))
_lz = F.linear(_at, _wt, _bt)
_lz.backward(torch.tensor(LdZ))
LZ, LdA, LdW, Ldb = _lz.detach().numpy(), _at.grad.numpy(), _wt.grad.numpy(), _bt.grad.numpy()
put(N, 40, 1, lambda: same(LZ, LA @ LW.T + np.ones((3, 1)) @ Lb[None, :]))
put(N, 40, 2, lambda: same(LdA, LdZ @ LW))
put(N, 40, 3, lambda: same(Ldb, LdZ.T @ np.ones(3)))
put(N, 40, 4, lambda: same(LdW, LA.T @ LdZ))
put(
    N,
    42,
    1,
    lambda: (
        2 * 2 * 2 * 2 + 2 == 18 == sum(p.numel() for p in torch.nn.Conv2d(2, 2, 2).parameters())
    ),
)
put(N, 42, 2, lambda: 8 * 5 + 5 == 40)
