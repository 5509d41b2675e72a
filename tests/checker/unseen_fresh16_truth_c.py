"""Independent truth for the fresh16 unseen set, notes apuntes_video_stride2, true_false_review
and tinynet_sizes_params (helpers and the registry in unseen_fresh16_truth.py).  NumPy / torch
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
from unseen_truth_base import F64, Truth, at, corr, dilate, pad, rot180, same

# --- apuntes_video_stride2.md: the 4x4 X, 2x2 K and 2x2 G of the video, stride 2, 1-based

_VX = np.array([[1, 2, 0, 1], [3, -1, 2, 0], [0, 1, 1, 2], [2, 0, -2, 1]], dtype=np.float64)
_VK = np.array([[1, 0], [-1, 2]], dtype=np.float64)
_VG = np.array([[1, -1], [2, 1]], dtype=np.float64)


def _video() -> dict:
    """The conv (with a bias, for its gradient) and the 2x2/2 max and average pools on X."""
    t = conv2d_grads(_VX[None, None], _VK[None, None], np.zeros(1), _VG[None, None], stride=2)
    out = {"y": t["y"][0, 0], "dx": t["dx"][0, 0], "dk": t["dw"][0, 0], "db": t["db"][0]}
    for kind, pool in (("max", F.max_pool2d), ("avg", F.avg_pool2d)):
        x = torch.tensor(_VX[None, None], dtype=F64, requires_grad=True)
        (pool(x, 2, 2) * torch.tensor(_VG[None, None], dtype=F64)).sum().backward()
        out[f"d{kind}"] = x.grad.numpy()[0, 0]
    return out


def _video_dk(offset: int) -> list[bool]:
    """dL/dk_{mn} = sum_{i,j} g_{ij} x_{2i+m-offset, 2j+n-offset}, 1-based (strict)."""
    v = _video()

    def rhs(m: int, n: int) -> float:
        return sum(
            at(_VG, i - 1, j - 1) * at(_VX, 2 * i + m - offset - 1, 2 * j + n - offset - 1)
            for i in (1, 2)
            for j in (1, 2)
        )

    pairs = [
        (lambda m=m, n=n: v["dk"][m - 1, n - 1], lambda m=m, n=n: rhs(m, n))
        for m in (1, 2)
        for n in (1, 2)
    ]
    return [agree(pairs)]


def _matrix(rows: list[list[float]]) -> np.ndarray:
    return np.array(rows, dtype=np.float64)


_V_DX = _matrix([[1, 0, -1, 0], [-1, 2, 1, -2], [2, 0, 1, 0], [-2, 4, -1, 2]])
_V_DMAX = _matrix([[0, 0, 0, -1], [1, 0, 0, 0], [0, 0, 0, 1], [2, 0, 0, 0]])
VIDEO: Anchored = {
    ("apuntes_video_stride2", "Primera ventana", 1): lambda: arithmetic(
        _video()["y"][0, 0], 1 * 1 + 2 * 0 + 3 * (-1) + (-1) * 2
    ),
    ("apuntes_video_stride2", "Primera ventana", 2): lambda: arithmetic(
        1 * 1 + 2 * 0 + 3 * (-1) + (-1) * 2, -4
    ),
    ("apuntes_video_stride2", "Última ventana", 1): lambda: arithmetic(
        _video()["y"][1, 1], 1 * 1 + 2 * 0 + (-2) * (-1) + 1 * 2
    ),
    ("apuntes_video_stride2", "Última ventana", 2): lambda: arithmetic(
        1 * 1 + 2 * 0 + (-2) * (-1) + 1 * 2, 6
    ),
    ("apuntes_video_stride2", r"$$Y = \begin{bmatrix} -4", 1): lambda: [
        same(_video()["y"], [[-4, -2], [-2, 6]])
    ],
    ("apuntes_video_stride2", r"$$\frac{\partial L}{\partial k_{mn}} = \sum_{i=1}^{2}", 1): (
        lambda: _video_dk(2)
    ),
    ("apuntes_video_stride2", r"$$\frac{\partial L}{\partial K} = \begin{bmatrix} 2 & 5", 1): (
        lambda: [same(_video()["dk"], [[2, 5], [3, 0]])]
    ),
    ("apuntes_video_stride2", "En el vídeo anterior dijo", 1): lambda: [
        same(_video()["dk"], corr(_VX, _VG))
    ],
    ("apuntes_video_stride2", "En los comentarios alguien", 1): lambda: _video_dk(1),
    ("apuntes_video_stride2", "**Gradiente del bias**", 1): lambda: arithmetic(
        _video()["db"], _VG.sum()
    ),
    ("apuntes_video_stride2", "**Gradiente del bias**", 2): lambda: arithmetic(
        _VG.sum(), 1 + 1 + 2 + 1
    ),
    ("apuntes_video_stride2", "**Gradiente del bias**", 3): lambda: arithmetic(1 + 1 + 2 + 1, 5),
    ("apuntes_video_stride2", r"$$\frac{\partial L}{\partial X} = \begin{bmatrix} 1 & 0 & -1", 1): (
        lambda: [same(_video()["dx"], _V_DX)]
    ),
    ("apuntes_video_stride2", "Eso es justo el producto de Kronecker", 1): lambda: [
        same(_video()["dx"], np.kron(_VG, _VK))
    ],
    ("apuntes_video_stride2", "Eso es justo el producto de Kronecker", 2): lambda: [
        same(_video()["dx"], np.kron(_VG, rot180(_VK)))
    ],
    ("apuntes_video_stride2", r"$$\frac{\partial L}{\partial X} = \operatorname{pad}_1", 1): (
        lambda: [same(_video()["dx"], corr(pad(dilate(_VG, 2), 1), rot180(_VK)))]
    ),
    (
        "apuntes_video_stride2",
        r"$$\frac{\partial L}{\partial X} = \begin{bmatrix} 0 & 0 & 0 & -1",
        1,
    ): (lambda: [same(_video()["dmax"], _V_DMAX)]),
    ("apuntes_video_stride2", "y con average pooling", 1): lambda: [
        same(_video()["davg"], np.kron(_VG, np.ones((2, 2))))
    ],
    ("apuntes_video_stride2", "Pregunta de un comentario", 1): lambda: [
        conv_out(5, 2, 2, 0) == math.ceil((5 - 2) / 2) + 1
    ],
    ("apuntes_video_stride2", "Pregunta de un comentario", 2): lambda: arithmetic(
        math.ceil((5 - 2) / 2) + 1, 3
    ),
}


# --- true_false_review.md: independent items, each with its own sizes

_TF_GRID = [(5, 3), (6, 2), (4, 4), (7, 3), (6, 5)]  # (H, k): stride 1, no padding


def _tf_grid(rule: Callable[[dict], bool]) -> Truth:
    def run() -> list[bool]:
        out = []
        for h, k in _TF_GRID:
            r = np.random.default_rng(700 + 10 * h + k)
            x, w, g = r.normal(size=(h, h)), r.normal(size=(k, k)), r.normal(size=(h - k + 1,) * 2)
            t = conv2d_grads(x[None, None], w[None, None], None, g[None, None])
            out.append(rule({"x": x, "k": w, "g": g, "dx": t["dx"][0, 0], "dk": t["dw"][0, 0]}))
        return out

    return run


def _sigmoid_grad_at_zero() -> float:
    z = torch.zeros(1, dtype=F64, requires_grad=True)
    torch.sigmoid(z).sum().backward()
    return float(z.grad[0])


def _tf_dense_input(r: np.random.Generator) -> bool:
    """z = W x + b, W 3x5, delta = dL/dz: is dL/dx equal to W delta?  (W delta is undefined.)"""
    w, x, b, delta = r.normal(size=(3, 5)), r.normal(size=5), r.normal(size=3), r.normal(size=3)
    xt = torch.tensor(x, dtype=F64, requires_grad=True)
    (
        (torch.tensor(w, dtype=F64) @ xt + torch.tensor(b, dtype=F64))
        @ torch.tensor(delta, dtype=F64)
    ).backward()
    try:
        return same(xt.grad.numpy(), w @ delta)
    except ValueError:  # shapes (3, 5) and (3,) do not multiply
        return False


def _tf_avgpool(r: np.random.Generator) -> bool:
    x = torch.tensor(r.normal(size=(4, 4)), dtype=F64, requires_grad=True)
    g = r.normal(size=(2, 2))
    (F.avg_pool2d(x[None, None], 2, 2)[0, 0] * torch.tensor(g, dtype=F64)).sum().backward()
    return same(x.grad.numpy(), 0.25 * np.kron(g, np.ones((2, 2))))


def _tf_len() -> int:
    return F.conv1d(torch.zeros(1, 1, 100), torch.zeros(1, 1, 5), dilation=3).shape[-1]


def _tconv_side() -> int:
    x = torch.zeros(1, 8, 8, 8)
    return torch.nn.ConvTranspose2d(8, 8, 4, stride=2, padding=1)(x).shape[-1]


TRUE_FALSE: Anchored = {
    ("true_false_review", "**TRUE** — $P = 64", 1): lambda: [
        params(torch.nn.Conv2d(3, 64, 3)) == 64 * 3 * 3 * 3
    ],
    ("true_false_review", "**TRUE** — $P = 64", 2): lambda: arithmetic(64 * 3 * 3 * 3, 1728),
    ("true_false_review", "**2.** For an", 2): _tf_grid(
        lambda v: same(v["dx"], corr(pad(v["g"], v["k"].shape[0] - 1), rot180(v["k"])))
    ),
    ("true_false_review", "**3.** Same layer", 1): _tf_grid(
        lambda v: same(v["dk"], rot180(corr(v["x"], v["g"])))
    ),
    ("true_false_review", "**TRUE** — $(8-1)", 1): lambda: count_claim(
        (8 - 1) * 2 - 2 * 1 + 4, 16, _tconv_side()
    ),
    ("true_false_review", r"**5.** $\sigma'(0)", 1): lambda: arithmetic(
        _sigmoid_grad_at_zero(), 0.5
    ),
    ("true_false_review", r"**FALSE** — $\sigma'(0)", 1): lambda: arithmetic(
        _sigmoid_grad_at_zero(), 0.5 * (1 - 0.5)
    ),
    ("true_false_review", r"**FALSE** — $\sigma'(0)", 2): lambda: arithmetic(0.5 * (1 - 0.5), 0.25),
    ("true_false_review", "**6.** For a dense layer", 3): lambda: trials(_tf_dense_input, 720),
    ("true_false_review", r"**7.** For $2\times 2$ average", 1): lambda: trials(_tf_avgpool, 730),
    ("true_false_review", "**8.** A 1-D convolution", 1): lambda: [_tf_len() == 100 - 5 * 3 + 1],
    ("true_false_review", "**8.** A 1-D convolution", 2): lambda: arithmetic(100 - 5 * 3 + 1, 86),
}


# --- tinynet_sizes_params.md: 3x32x32 -> conv 16@3x3 p1 -> conv 32@3x3 s2 p1 -> maxpool 2
# -> GAP -> dense 32 -> 10 (column convention), all with biases


def _tinynet() -> torch.nn.Module:
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, 16, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.Conv2d(16, 32, 3, stride=2, padding=1),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.AdaptiveAvgPool2d(1),
        torch.nn.Flatten(0),
        torch.nn.Linear(32, 10),
    )


def _conv2(r: np.random.Generator) -> dict:
    """conv2 alone: A1 (16, 32, 32) -> Z2 (32, 16, 16), stride 2, padding 1; Delta = dL/dZ2."""
    a1, w, delta = (
        r.normal(size=(1, 16, 32, 32)),
        r.normal(size=(32, 16, 3, 3)),
        r.normal(size=(1, 32, 16, 16)),
    )
    t = conv2d_grads(a1, w, None, delta, stride=2, padding=1)
    return {"w": w, "delta": delta[0], "da1": t["dx"][0]}


def _conv2_recipe(v: dict) -> bool:
    """crop_1(sum_f pad_2(dilate_2(Delta_f)) star rot180(W_fc)) for every input channel c."""
    dil = np.stack([pad(dilate(d, 2), 2) for d in v["delta"]])  # (32, 35, 35)
    rot = torch.tensor(v["w"][:, :, ::-1, ::-1].copy(), dtype=F64).transpose(0, 1)  # (16, 32, 3, 3)
    full = F.conv2d(torch.tensor(dil[None], dtype=F64), rot)[0].numpy()  # sum over f: (16, 33, 33)
    return same(v["da1"], full[:, 1:-1, 1:-1])


def _conv2_entries(v: dict) -> bool:
    """Sum over f, u, v of W[f,c,u,v] Delta[f,(p+1-u)/2,(q+1-v)/2], non-integer or
    out-of-range indices dropped (as the note declares)."""
    rhs = np.zeros((16, 32, 32))
    for u in range(3):
        for w_ in range(3):
            rows = [
                (p, (p + 1 - u) // 2)
                for p in range(32)
                if (p + 1 - u) % 2 == 0 and 0 <= (p + 1 - u) // 2 < 16
            ]
            cols = [
                (q, (q + 1 - w_) // 2)
                for q in range(32)
                if (q + 1 - w_) % 2 == 0 and 0 <= (q + 1 - w_) // 2 < 16
            ]
            ps, is_ = zip(*rows, strict=True)
            qs, js = zip(*cols, strict=True)
            part = np.einsum(
                "fc,fij->cij", v["w"][:, :, u, w_], v["delta"][:, list(is_)][:, :, list(js)]
            )
            rhs[:, np.ix_(ps, qs)[0], np.ix_(ps, qs)[1]] += part
    return same(v["da1"], rhs)


def _gap(r: np.random.Generator) -> bool:
    a3 = torch.tensor(r.normal(size=(32, 8, 8)), dtype=F64, requires_grad=True)
    upstream = r.normal(size=32)
    (a3.mean(dim=(1, 2)) * torch.tensor(upstream, dtype=F64)).sum().backward()
    return same(a3.grad.numpy(), np.broadcast_to(upstream[:, None, None] / 64, (32, 8, 8)))


def _dense_columns(r: np.random.Generator) -> bool:
    w, a, b, dz = r.normal(size=(10, 32)), r.normal(size=32), r.normal(size=10), r.normal(size=10)
    at_ = torch.tensor(a, dtype=F64, requires_grad=True)
    (
        (torch.tensor(w, dtype=F64) @ at_ + torch.tensor(b, dtype=F64))
        @ torch.tensor(dz, dtype=F64)
    ).backward()
    return same(at_.grad.numpy(), w.T @ dz)


TINYNET: Anchored = {
    ("tinynet_sizes_params", "For conv2 the floor matters", 1): lambda: count_claim(
        (32 + 2 - 3) // 2 + 1, 16, conv_out(32, 3, 2, 1)
    ),
    ("tinynet_sizes_params", "conv2: $P_2 =", 1): lambda: [
        params(torch.nn.Conv2d(16, 32, 3)) == 32 * 16 * 9
    ],
    ("tinynet_sizes_params", "conv2: $P_2 =", 2): lambda: arithmetic(32 * 16 * 9, 4608),
    ("tinynet_sizes_params", "$$P = 448 + 4608", 1): lambda: [
        params(_tinynet()) == 448 + 4608 + 330
    ],
    ("tinynet_sizes_params", "$$P = 448 + 4608", 2): lambda: arithmetic(448 + 4608 + 330, 5386),
    ("tinynet_sizes_params", r"Dense layer: $\frac", 1): lambda: trials(_dense_columns, 800),
    ("tinynet_sizes_params", r"$$\frac{\partial L}{\partial A^{(3)}_{c,i,j}}", 1): lambda: trials(
        _gap, 810
    ),
    ("tinynet_sizes_params", r"\operatorname{crop}_1\!\Big(", 1): lambda: trials(
        lambda r: _conv2_recipe(_conv2(r)), 820
    ),
    ("tinynet_sizes_params", r"$$\frac{\partial L}{\partial A^{(1)}_{c,p,q}}", 1): lambda: trials(
        lambda r: _conv2_entries(_conv2(r)), 830
    ),
}


NOTES_C: Anchored = {**VIDEO, **TRUE_FALSE, **TINYNET}
