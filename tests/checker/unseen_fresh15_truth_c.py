"""Independent truth for the fresh15 unseen set, notes cuaderno_colab_conv_numpy and
chuleta_tamanos_parametros (conventions and helpers in unseen_fresh15_truth.py). NumPy / torch
autograd only."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh15_truth import equal, keyed, trials
from unseen_truth_base import Truth, at, conv, conv_out, corr, pad, params, rot180, same, t64, zat

R2, R3, R5 = range(2), range(3), range(5)


# --- cuaderno_colab_conv_numpy.md: x (2,3,5,5), w (2,3,3,3), b (2), stride 1, padding 1


def _colab(r: np.random.Generator) -> dict:
    x, w, b = r.normal(size=(2, 3, 5, 5)), r.normal(size=(2, 3, 3, 3)), r.normal(size=2)
    dy = r.normal(size=(2, 2, 5, 5))
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    t = conv(x, w, b, dy, padding=1)
    t_pad = conv(xp, w, b, dy)  # the same layer read on the zero-padded input
    return {"x": x, "xp": xp, "w": w, "b": b, "dy": dy, **t, "dxp": t_pad["dx"]}


def _colab_check(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_colab(r)), seed)


def _colab_forward(v: dict) -> bool:
    xp, w = v["xp"], v["w"]
    return all(
        math.isclose(
            v["z"][n, f, i, j],
            v["b"][f]
            + sum(w[f, c, u, q] * at(xp, n, c, i + u, j + q) for c in R3 for u in R3 for q in R3),
            abs_tol=1e-9,
        )
        for n in R2
        for f in R2
        for i in R5
        for j in R5
    )


def _colab_dw(v: dict) -> bool:
    xp, dy = v["xp"], v["dy"]
    rhs = np.zeros((2, 3, 3, 3))
    for f, c, u, q in np.ndindex(2, 3, 3, 3):
        rhs[f, c, u, q] = sum(
            dy[n, f, i, j] * at(xp, n, c, i + u, j + q) for n in R2 for i in R5 for j in R5
        )
    return same(v["dw"], rhs)


def _colab_db_one_sample(v: dict) -> bool:
    return all(same(v["db"], v["dy"][n].sum(axis=(1, 2))) for n in R2)


def _colab_dxp(v: dict) -> bool:
    dy, w = v["dy"], v["w"]
    rhs = np.zeros((2, 3, 7, 7))
    for n, c, p, q in np.ndindex(2, 3, 7, 7):
        rhs[n, c, p, q] = sum(
            zat(dy, n, f, p - u, q - s) * w[f, c, u, s] for f in R2 for u in R3 for s in R3
        )
    return same(v["dxp"], rhs)


def _colab_dx_ops(p: int) -> Callable[[dict], bool]:
    def rel(v: dict) -> bool:
        return all(
            same(v["dx"][n, c], sum(corr(pad(v["dy"][n, f], p), rot180(v["w"][f, c])) for f in R2))
            for n in R2
            for c in R3
        )

    return rel


def _colab_dw_ops(v: dict) -> bool:
    return all(
        same(v["dw"][f, c], sum(corr(v["xp"][n, c], v["dy"][n, f]) for n in R2))
        for f in R2
        for c in R3
    )


def _tanh_on_z(r: np.random.Generator) -> bool:
    z, da = t64(r.normal(size=(2, 5)), True), r.normal(size=(2, 5))
    (torch.tanh(z) * t64(da)).sum().backward()
    return same(z.grad.numpy(), da * (1 - z.detach().numpy() ** 2))


def _im2col(xp: np.ndarray) -> np.ndarray:
    """(C*K*K, H'*W') columns of one padded image (C, 7, 7), rows in (c, u, v) order."""
    cols = [xp[:, i : i + 3, j : j + 3].reshape(-1) for i in R5 for j in R5]
    return np.stack(cols, axis=1)


def _one_image(r: np.random.Generator) -> dict:
    """One image of the batch through the im2col product, with autograd of both sides."""
    xp = np.pad(r.normal(size=(3, 5, 5)), ((0, 0), (1, 1), (1, 1)))
    w, dy = r.normal(size=(2, 3, 3, 3)), r.normal(size=(2, 5, 5))
    xcol = t64(_im2col(xp), True)
    wmat = t64(w.reshape(2, 27), True)
    (wmat @ xcol * t64(dy.reshape(2, 25))).sum().backward()
    t = conv(xp[None], w, None, dy[None])  # the convolution itself, for dW
    return {"xcol": _im2col(xp), "wmat": w.reshape(2, 27), "dymat": dy.reshape(2, 25),
            "dw_conv": t["dw"].reshape(2, 27), "dxcol": xcol.grad.numpy()}  # fmt: skip


COLAB = keyed(
    "cuaderno_colab_conv_numpy",
    [
        ("El tamaño de salida con relleno 1", 1, equal(5 + 2 * 1 - 3 + 1, conv_out(5, 3, 1, 1))),
        ("El tamaño de salida con relleno 1", 2, equal(5 + 2 * 1 - 3 + 1, 5)),
        ("$$y[n,f,i,j] = ", 1, _colab_check(_colab_forward, 600)),
        ("$$dW[f,c,u,v] = ", 1, _colab_check(_colab_dw, 610)),
        ("$$db[f] = ", 1, _colab_check(_colab_db_one_sample, 620)),
        ("$$d\\tilde{x}[n,c,p,q] = ", 1, _colab_check(_colab_dxp, 630)),
        ("$$dW[f,c] = ", 1, _colab_check(_colab_dw_ops, 640)),
        (
            "$$dX[n,c] = \\sum_{f=0}^{1} \\operatorname{pad}_1",
            1,
            _colab_check(_colab_dx_ops(1), 650),
        ),
        ("> Nota: en la primera versión", 1, _colab_check(_colab_dx_ops(2), 660)),
        ("Si además la capa va seguida", 2, trials(_tanh_on_z, 670)),
        (
            "$$dW_{mat} = ",
            1,
            trials(
                lambda r: (lambda v: same(v["dw_conv"], v["dymat"] @ v["xcol"].T))(_one_image(r)),
                680,
            ),
        ),
        (
            "$$dX_{col} = ",
            1,
            trials(
                lambda r: (lambda v: same(v["dxcol"], v["wmat"].T @ v["dymat"]))(_one_image(r)), 690
            ),
        ),
        (
            "(y no $dX_{col}",
            1,
            trials(
                lambda r: (lambda v: same(v["dxcol"], v["dymat"] @ v["wmat"].T))(_one_image(r)), 700
            ),
        ),
        ("Parámetros de la capa", 1, equal(2 * (3 * 9 + 1), params(torch.nn.Conv2d(3, 2, 3)))),
        ("Parámetros de la capa", 2, equal(2 * 28, 58)),
    ],
)


# --- chuleta_tamanos_parametros.md: 3x64x64 -> conv1 -> conv2 (d2) -> avgpool -> conv3 -> dense


def _general_size_grid() -> list[bool]:
    out = []
    for h in range(5, 12):
        for k in range(1, 5):
            for s in (1, 2, 3):
                for p in (0, 1, 2):
                    for d in (1, 2, 3):
                        if d * (k - 1) + 1 > h + 2 * p:
                            continue
                        formula = (h + 2 * p - d * (k - 1) - 1) // s + 1
                        out.append(formula == conv_out(h, k, s, p, d))
    return out


def _chuleta_net() -> torch.nn.Sequential:
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, 5, stride=2, padding=2),
        torch.nn.Conv2d(16, 32, 3, dilation=2, padding=2),
        torch.nn.AvgPool2d(2, 2),
        torch.nn.Conv2d(32, 64, 3, stride=2, padding=1),
        torch.nn.Flatten(),
        torch.nn.Linear(4096, 10),
    ).double()


def _receptive_field_conv3() -> int:
    """Width of the input region one conv3 output reads: positive weights, so no cancellation."""
    net = _chuleta_net()[:4]
    for m in net:
        if isinstance(m, torch.nn.Conv2d):
            torch.nn.init.constant_(m.weight, 1.0)
    x = torch.ones(1, 3, 64, 64, dtype=torch.float64, requires_grad=True)
    net(x)[0, 0, 4, 4].backward()
    cols = np.nonzero(x.grad[0, 0].abs().sum(dim=0).numpy())[0]
    return int(cols.max() - cols.min() + 1)


def _avg_each_quarter(r: np.random.Generator) -> bool:
    x, g = t64(r.normal(size=(1, 1, 4, 4)), True), r.normal(size=(1, 1, 2, 2))
    (F.avg_pool2d(x, 2, 2) * t64(g)).sum().backward()
    return same(x.grad.numpy()[0, 0], np.kron(g[0, 0], np.ones((2, 2))) / 4)


CHULETA = keyed(
    "chuleta_tamanos_parametros",
    [
        ("$$H_{out} = \\left\\lfloor", 1, _general_size_grid),
        ("- conv1: $H_1", 1, equal(conv_out(64, 5, 2, 2), (64 + 4 - 5) // 2 + 1)),
        ("- conv1: $H_1", 2, equal((64 + 4 - 5) // 2 + 1, 32)),
        ("En la práctica puse", 1, equal(conv_out(16, 3, 2, 1), math.ceil(15 / 2) + 1)),
        ("En la práctica puse", 2, equal(math.ceil(15 / 2) + 1, 9)),
        ("| conv1 |", 1, equal(params(_chuleta_net()[0]), 16 * (3 * 5**2 + 1))),
        ("| conv2 |", 1, equal(params(_chuleta_net()[1]), 32 * 16 * 3**2)),
        ("| conv3 |", 1, equal(params(_chuleta_net()[3]), 64 * (32 * 3**2 + 1))),
        ("| densa |", 1, equal(params(_chuleta_net()[5]), 4096 * 10)),
        ("Total: $P", 1, equal(params(_chuleta_net()), 1216 + 4608 + 18496 + 40960)),
        ("Total: $P", 2, equal(1216 + 4608 + 18496 + 40960, 65280)),
        ("- tras conv3", 1, lambda: [_receptive_field_conv3() == 15 + (3 - 1) * 2]),
        ("- tras conv3", 2, equal(15 + (3 - 1) * 2, 19)),
        ("Backward del avg pool", 1, trials(_avg_each_quarter, 800)),
    ],
)

NOTES_C = {**COLAB, **CHULETA}
