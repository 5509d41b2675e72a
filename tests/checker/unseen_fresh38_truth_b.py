"""Independent truth for the fresh38 unseen set, notes fiche_revision_operateurs_conv,
esercitazione_vgg_mini_dimensioni and appunti_stride2_backward_1d (see unseen_fresh38_truth.py
for the conventions). Gradients come from torch autograd (float64) on random tensors or on the
notes' own numbers; the operators the notes write (valid cross-correlation, zero padding, zero
dilation, rot180) are the NumPy ones of unseen_truth_base.py, and the "true" convolution is
written from its definition (a sum of x[p] w[i - p]) so that it does not lean on rot180.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from unseen_fresh29_truth import flops_half, grid
from unseen_fresh38_truth import Claims, both, claims_of
from unseen_truth_base import (
    F64,
    Truth,
    agree,
    at,
    conv,
    conv_out,
    corr,
    corr1,
    dilate,
    dilate1,
    equal,
    pad,
    params,
    rot180,
    same,
    single,
    t64,
    trials,
)

# --- fiche_revision_operateurs_conv.md (French cheat sheet): N images, C channels, F filters
# K x K; X_n^(c), W^(f,c), G_n^(f); star = valid correlation, * = true valid convolution

FICHE = "fiche_revision_operateurs_conv"
NN, CC, FF, KK = 2, 2, 3, 3


def true_conv(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Valid 2-D convolution from its definition: full[i, j] = sum_{p,q} x[p, q] w[i-p, j-q],
    kept where the kernel lies inside x (rows K-1 .. H-1)."""
    kh, kw = w.shape
    full = np.zeros((x.shape[0] + kh - 1, x.shape[1] + kw - 1))
    for p, q in itertools.product(range(x.shape[0]), range(x.shape[1])):
        full[p : p + kh, q : q + kw] += x[p, q] * w
    return full[kh - 1 : x.shape[0], kw - 1 : x.shape[1]]


def _layer(r: np.random.Generator, k: int = KK, h: int = 7, w: int = 9, **kw: int) -> dict:
    """A random batch through torch conv2d (stride / padding / dilation as given)."""
    x = r.normal(size=(NN, CC, h, w))
    wt, b = r.normal(size=(FF, CC, k, k)), r.normal(size=FF)
    with torch.no_grad():
        z = F.conv2d(t64(x), t64(wt), t64(b), **kw)
    g = r.normal(size=tuple(z.shape))
    return {"x": x, "w": wt, "g": g, "k": k, **conv(x, wt, b, g, **kw)}


def _fiche(rel: Callable[[dict], bool], seed: int, **kw: int) -> Truth:
    return trials(lambda r: rel(_layer(r, **kw)), seed)


def _dx_by(term: Callable[[dict, int, int, int], np.ndarray]) -> Callable[[dict], bool]:
    """dL/dX_n^(c) against sum_f term(v, n, f, c) for every image and channel."""

    def rel(v: dict) -> bool:
        return all(
            same(v["dx"][n, c], sum(term(v, n, f, c) for f in range(FF)))
            for n, c in itertools.product(range(NN), range(CC))
        )

    return rel


def _dw_by(term: Callable[[dict, int, int, int], np.ndarray]) -> Callable[[dict], bool]:
    """dL/dW^(f,c) against sum_n term(v, n, f, c) for every filter and channel."""

    def rel(v: dict) -> bool:
        return all(
            same(v["dw"][f, c], sum(term(v, n, f, c) for n in range(NN)))
            for f, c in itertools.product(range(FF), range(CC))
        )

    return rel


def _fiche_padding(rel_p: Callable[[dict, int], bool], seed: int) -> Truth:
    """Padding P = 1 or 2 with K = 3 (P <= K - 1), one drawn per trial."""

    def rel(r: np.random.Generator) -> bool:
        p = int(r.integers(1, 3))
        return rel_p(_layer(r, padding=p), p)

    return trials(rel, seed)


def _padded_side(h: int, k: int, s: int) -> int:
    """Side of pad_{K-1}(dilate_S(G)) for the gradient G of a stride-s layer on h x h."""
    ho = conv_out(h, k, s)
    return pad(dilate(np.zeros((ho, ho)), s), k - 1).shape[0]


_STRIDE_SIZES = [
    (h, k, s)
    for h, k, s in itertools.product(range(3, 16), (1, 2, 3, 5), (1, 2, 3))
    if h >= k and (h - k) % s == 0
]


def _one_by_one(r: np.random.Generator) -> dict:
    return _layer(r, k=1)


FICHE_CLAIMS = claims_of(
    FICHE,
    {
        "Propagation avant": [None, None],
        "Lien entre les deux produits": [
            trials(
                lambda r: same(
                    true_conv(a := r.normal(size=(6, 7)), k := r.normal(size=(3, 3))),
                    corr(a, rot180(k)),
                ),
                4100,
            )
        ],
        "- Poids : $": [_fiche(_dw_by(lambda v, n, f, c: corr(v["x"][n, c], v["g"][n, f])), 4110)],
        "- Biais : $": [_fiche(lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 4120)],
        "- Entrée : $": [
            _fiche(
                _dx_by(lambda v, n, f, c: corr(pad(v["g"][n, f], KK - 1), rot180(v["w"][f, c]))),
                4130,
            )
        ],
        "autrement dit une vraie convolution": [
            _fiche(
                _dx_by(lambda v, n, f, c: true_conv(pad(v["g"][n, f], KK - 1), v["w"][f, c])),
                4140,
            )
        ],
        "piège classique": [
            _fiche(_dx_by(lambda v, n, f, c: corr(pad(v["g"][n, f], KK - 1), v["w"][f, c])), 4150)
        ],
        "variante vue en TD": [
            _fiche(
                _dx_by(lambda v, n, f, c: corr(pad(rot180(v["g"][n, f]), KK - 1), v["w"][f, c])),
                4160,
            )
        ],
        "de même pour les poids": [
            _fiche(_dw_by(lambda v, n, f, c: corr(v["x"][n, c], rot180(v["g"][n, f]))), 4170)
        ],
        r"**Pas $S$**": [None],
        r"\operatorname{pad}_{K-1}\big(\operatorname{dilate}_S(G_n^{(f)})\big) \star": [
            _fiche(
                _dx_by(
                    lambda v, n, f, c: corr(
                        pad(dilate(v["g"][n, f], 2), KK - 1), rot180(v["w"][f, c])
                    )
                ),
                4180,
                stride=2,
            )
        ],
        r"X_n^{(c)} \star \operatorname{dilate}_S\big(G_n^{(f)}\big)$": [
            _fiche(
                _dw_by(lambda v, n, f, c: corr(v["x"][n, c], dilate(v["g"][n, f], 2))),
                4190,
                stride=2,
            )
        ],
        "taille : le côté": [
            grid(
                lambda h, k, s: _padded_side(h, k, s) == s * (conv_out(h, k, s) - 1) + 2 * k - 1,
                _STRIDE_SIZES,
            ),
            grid(
                lambda h, k, s: s * (conv_out(h, k, s) - 1) + 2 * k - 1 == h + k - 1, _STRIDE_SIZES
            ),
        ],
        "à ne pas confondre avec": [
            _fiche(
                lambda v: all(
                    same(
                        v["dx"][n, c],
                        dilate(
                            sum(
                                corr(pad(v["g"][n, f], KK - 1), rot180(v["w"][f, c]))
                                for f in range(FF)
                            ),
                            2,
                        ),
                    )
                    for n, c in itertools.product(range(NN), range(CC))
                ),
                4200,
                stride=2,
            )
        ],
        r"**Remplissage $P$**": [None],
        "Entrée : on rogne": [
            _fiche_padding(
                lambda v, p: _dx_by(
                    lambda v, n, f, c: corr(pad(v["g"][n, f], KK - 1 - p), rot180(v["w"][f, c]))
                )(v),
                4210,
            )
        ],
        "le remplissage ne change rien": [
            _fiche_padding(
                lambda v, p: _dw_by(lambda v, n, f, c: corr(v["x"][n, c], v["g"][n, f]))(v), 4220
            )
        ],
        r"\operatorname{pad}_{D(K-1)}": [
            _fiche(
                _dx_by(
                    lambda v, n, f, c: corr(
                        pad(v["g"][n, f], 2 * (KK - 1)), rot180(dilate(v["w"][f, c], 2))
                    )
                ),
                4230,
                dilation=2,
            )
        ],
        r"\sum_{f} w^{(f,c)}\, G_n^{(f)}": [
            trials(
                lambda r: _dx_by(lambda v, n, f, c: v["w"][f, c, 0, 0] * v["g"][n, f])(
                    _one_by_one(r)
                ),
                4240,
            )
        ],
        r"\partial w^{(f,c)}} = \sum_{n} \sum_{i,j} G_n^{(f)}[i,j]": [
            trials(
                lambda r: _dw_by(lambda v, n, f, c: np.array([[v["g"][n, f].sum()]]))(
                    _one_by_one(r)
                ),
                4250,
            )
        ],
    },
)


# --- esercitazione_vgg_mini_dimensioni.md (Italian exercise): the Keras mini-VGG on 96 x 96 x 3,
# rebuilt with torch's layers (Keras' "valid" convolution and pooling round down like torch's)

VGG = "esercitazione_vgg_mini_dimensioni"


def _vgg() -> dict[str, nn.Module]:
    return {
        "conv1": nn.Conv2d(3, 32, 3, padding=1),
        "conv2": nn.Conv2d(32, 32, 3, padding=1),
        "pool1": nn.MaxPool2d(2),
        "conv3": nn.Conv2d(32, 64, 3),
        "conv4": nn.Conv2d(64, 64, 3, stride=2),
        "conv5": nn.Conv2d(64, 128, 1),
        "pool2": nn.MaxPool2d(2),
        "fc": nn.Linear(128, 10),
    }


_VGG = {k: m.double() for k, m in _vgg().items()}


def _vgg_maps() -> dict[str, torch.Tensor]:
    """Every convolution and pooling output of the listing on one image."""
    out, h = {}, torch.zeros(1, 3, 96, 96, dtype=F64)
    with torch.no_grad():
        for name in ("conv1", "conv2", "pool1", "conv3", "conv4", "conv5", "pool2"):
            h = _VGG[name](h)
            out[name] = h
    return out


_VMAPS = _vgg_maps()


def _vgg_side(name: str) -> int:
    return int(_VMAPS[name].shape[-1])


def _vgg_gap(r: np.random.Generator) -> bool:
    """Global average pooling over pool2's map: every position gets g_c / 144."""
    side = _vgg_side("pool2")
    a, g = r.normal(size=(128, side, side)), r.normal(size=128)
    at_ = t64(a, True)
    (at_.mean(dim=(1, 2)) * t64(g)).sum().backward()
    return same(at_.grad.numpy(), np.broadcast_to(g[:, None, None] / 144, a.shape))


def _vgg_macs(name: str, side: int, channels: int) -> int:
    with torch.no_grad():
        return flops_half(lambda: _VGG[name](torch.zeros(1, channels, side, side, dtype=F64)))


_VGG_WRITTEN = 896 + 9248 + 18464 + 36928 + 8320 + 1280

VGG_CLAIMS = claims_of(
    VGG,
    {
        'Con `padding="same"` e passo 1': [
            equal(conv_out(96, 3, 1, (3 - 1) // 2), 96),
            equal((3 - 1) / 2, 1),
            equal(params(_VGG["conv2"]), (3 * 3 * 32 + 1) * 32),
            equal((3 * 3 * 32 + 1) * 32, 9248),
        ],
        'conv3 è "valid"': [equal(_vgg_side("conv3"), 48 - 3 + 1), equal(48 - 3 + 1, 46)],
        r"$$N_3 = 3 \cdot 3": [
            equal(params(_VGG["conv3"]), 3 * 3 * 32 * 64 + 32),
            equal(3 * 3 * 32 * 64 + 32, 18464),
        ],
        r"$$H_4 = \left\lceil": [
            equal(_vgg_side("conv4"), math.ceil((46 - 3) / 2) + 1),
            equal(math.ceil((46 - 3) / 2) + 1, 23),
        ],
        r"con $N_4 =": [
            equal(params(_VGG["conv4"]), (3 * 3 * 64 + 1) * 64),
            equal((3 * 3 * 64 + 1) * 64, 36928),
            equal(params(_VGG["conv5"]), (64 + 1) * 128),
            equal((64 + 1) * 128, 8320),
        ],
        "Anche pool2 arrotonda": [
            equal(_vgg_side("pool2"), math.ceil(23 / 2)),
            equal(math.ceil(23 / 2), 12),
        ],
        r"\frac{1}{144}": [trials(_vgg_gap, 4300)],
        "Il Dense ha": [equal(params(_VGG["fc"]), 128 * 10), equal(128 * 10, 1280)],
        r"$$N_{\text{tot}} =": [
            equal(sum(params(m) for m in _VGG.values()), _VGG_WRITTEN),
            equal(_VGG_WRITTEN, 75136),
        ],
        "Costo per immagine": [
            both(
                lambda: [_vgg_macs("conv1", 96, 3) == 96 * 96 * 32 * 27],
                equal(96 * 96 * 32 * 27, 7962624),
            ),
            lambda: [_vgg_macs("conv4", 46, 64) == 46 * 46 * 64 * 576],
        ],
    },
)


# --- appunti_stride2_backward_1d.md (Italian lecture notes): 1-D sizes L, K, P, D, S; the worked
# example x (7 samples), w (3 taps), b = 0, stride 2, g (3 outputs), 0-based, correlation

APPUNTI = "appunti_stride2_backward_1d"
_AX = np.array([2.0, -1, 0, 3, 1, -2, 1])
_AW = np.array([1.0, 2, -1])
_AG = np.array([1.0, -2, 3])


def len1(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Output length of torch conv1d on n samples."""
    y = F.conv1d(torch.zeros(1, 1, n, dtype=F64), torch.zeros(1, 1, k, dtype=F64),
                 stride=s, padding=p, dilation=d)  # fmt: skip
    return int(y.shape[-1])


def fits(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> bool:
    """Whether n samples give at least one output (torch raises otherwise)."""
    try:
        return n >= 1 and len1(n, k, s, p, d) >= 1
    except RuntimeError:
        return False


def conv1(x: np.ndarray, w: np.ndarray, g: np.ndarray, **kw: int) -> dict:
    """torch conv1d (no bias term beyond b = 0) and the gradients of sum(y * g)."""
    xt, wt, bt = t64(x[None, None], True), t64(w[None, None], True), t64(np.zeros(1), True)
    y = F.conv1d(xt, wt, bt, **kw)
    (y * t64(g[None, None])).sum().backward()
    return {"x": x, "w": w, "g": g, "y": y.detach().numpy()[0, 0], "dx": xt.grad.numpy()[0, 0],
            "dw": wt.grad.numpy()[0, 0], "db": float(bt.grad[0])}  # fmt: skip


_AV = conv1(_AX, _AW, _AG, stride=2)


def _ap(rel: Callable[[dict], bool], seed: int, n: int = 7) -> Truth:
    """On the notes' numbers (for n = 7) and on random signals of n samples, stride 2."""

    def make(r: np.random.Generator) -> dict:
        x, w = r.normal(size=n), r.normal(size=3)
        return conv1(x, w, r.normal(size=len1(n, 3, 2)), stride=2)

    rand = trials(lambda r: rel(make(r)), seed)
    if n != 7:
        return rand
    return lambda: [agree(lambda: rel(_AV)), *rand()]


def _ap_index(v: dict) -> bool:
    """dL/dx_i = sum_t g_t w_{i - 2t}, w zero outside 0..2 (declared)."""
    w, g = v["w"], v["g"]
    rhs = [sum(g[t] * (w[i - 2 * t] if 0 <= i - 2 * t <= 2 else 0.0) for t in range(3))
           for i in range(7)]  # fmt: skip
    return same(v["dx"], rhs)


def _trailing_unread(n: int, k: int, s: int, d: int) -> int:
    """Trailing samples with zero gradient under an all-ones kernel and all-ones g."""
    xt = t64(np.ones((1, 1, n)), True)
    F.conv1d(xt, t64(np.ones((1, 1, k))), stride=s, dilation=d).sum().backward()
    grad = xt.grad.numpy()[0, 0]
    return int(n - 1 - np.flatnonzero(grad)[-1])


def _min_length(n_out: int, k: int, s: int, p: int, d: int) -> bool:
    """The written L_min gives n_out outputs and one sample fewer does not."""
    m = s * n_out + d * (k - 1) - 2 * p
    shorter = fits(m - 1, k, s, p, d) and len1(m - 1, k, s, p, d) >= n_out
    return fits(m, k, s, p, d) and len1(m, k, s, p, d) == n_out and not shorter


def _dilated(which: str) -> Callable[[np.random.Generator], bool]:
    """Stride 1, dilation D in 2..3: the forward reads x_{t + Dk} (which="forward"); else dL/dw_k
    against the notes' sum g_t x_{t+k}."""

    def rel(r: np.random.Generator) -> bool:
        d = int(r.integers(2, 4))
        x, w = r.normal(size=11), r.normal(size=3)
        v = conv1(x, w, r.normal(size=len1(11, 3, 1, 0, d)), dilation=d)
        t_range = range(len(v["y"]))
        if which == "forward":
            return same(v["y"], [sum(w[k] * at(x, t + d * k) for k in range(3)) for t in t_range])
        return same(v["dw"], [sum(v["g"][t] * at(x, t + k) for t in t_range) for k in range(3)])

    return rel


_LEN_SIZES = [
    (n, k, s, p, d)
    for n, k, s, p, d in itertools.product(
        range(1, 14), (1, 2, 3, 4), (1, 2, 3), (0, 1, 2), (1, 2, 3)
    )
    if fits(n, k, s, p, d)
]

APPUNTI_CLAIMS = claims_of(
    APPUNTI,
    {
        r"$$L_{\text{out}} = \left\lfloor": [
            grid(
                lambda n, k, s, p, d: len1(n, k, s, p, d) == (n + 2 * p - d * (k - 1) - 1) // s + 1,
                _LEN_SIZES,
            )
        ],
        'la forma "compatta"': [
            grid(
                lambda n, k, s, p, d: len1(n, k, s, p, d) == (n + 2 * p - d * k) // s + 1,
                [size for size in _LEN_SIZES if size[2] == 1 and size[4] >= 2],
            )
        ],
        "la lunghezza minima": [
            grid(
                _min_length,
                [
                    (n_out, k, s, p, d)
                    for n_out, k, s, p, d in itertools.product(
                        (1, 2, 3, 5), (1, 2, 3), (2, 3), (0, 1), (1, 2)
                    )
                    if s * (n_out - 1) + d * (k - 1) + 1 - 2 * p >= 1
                ],
            )
        ],
        "Senza bordo, gli ultimi campioni": [
            grid(
                lambda n, k, s, d: _trailing_unread(n, k, s, d) == (n - d * (k - 1) - 1) % s,
                [size[:3] + size[4:] for size in _LEN_SIZES if size[3] == 0],
            )
        ],
        "Dati $x = (2": [
            None,
            None,
            None,
            None,
            equal(len1(7, 3, 2), (7 - 3) // 2 + 1),
            equal((7 - 3) // 2 + 1, 3),
            None,
        ],
        r"$$y_1 = w_0 x_2": [
            single(
                lambda: math.isclose(
                    _AV["y"][1], _AW[0] * _AX[2] + _AW[1] * _AX[3] + _AW[2] * _AX[4]
                )
            ),
            equal(1 * 0 + 2 * 3 + (-1) * 1, 5),
        ],
        "e in tutto $y =": [single(lambda: same(_AV["y"], [0, 5, -2]))],
        "Il gradiente che arriva dall'alto": [None],
        r"$$\frac{\partial L}{\partial x_i} = \sum": [_ap(_ap_index, 4400), None, None, None],
        "Come operatore": [
            single(lambda: same(dilate1(_AG, 2), [1, 0, -2, 0, 3])),
            single(lambda: same(_AW[::-1], [-1, 2, 1])),
        ],
        r"$$\frac{\partial L}{\partial x} = \operatorname{pad}_2": [
            _ap(lambda v: same(v["dx"], corr1(np.pad(dilate1(v["g"], 2), 2), v["w"][::-1])), 4410),
            single(lambda: same(_AV["dx"], [1, 2, -3, -4, 1, 6, -3])),
        ],
        r"$$\frac{\partial L}{\partial x_4} =": [
            _ap(
                lambda v: math.isclose(v["dx"][4], v["g"][1] * v["w"][2] + v["g"][2] * v["w"][0]),
                4420,
            ),
            single(lambda: math.isclose(_AG[1] * _AW[2] + _AG[2] * _AW[0], (-2) * (-1) + 3 * 1)),
            equal((-2) * (-1) + 3 * 1, 1),
        ],
        "Per i pesi si correla": [
            _ap(lambda v: same(v["dw"], corr1(v["x"], dilate1(v["g"], 2))), 4430)
        ],
        r"$$\frac{\partial L}{\partial w} = (5, -13, 1)$$": [
            single(lambda: same(_AV["dw"], [5, -13, 1]))
        ],
        "e il bias somma tutto": [
            both(single(lambda: math.isclose(_AV["db"], _AG.sum())), equal(_AV["db"], 2))
        ],
        "Con $L = 8$": [
            None,
            both(equal(len1(8, 3, 2), (8 - 3) // 2 + 1), equal((8 - 3) // 2 + 1, 3)),
            _ap(lambda v: v["dx"][7] == 0.0, 4440, n=8),
            both(
                equal(len(corr1(np.pad(dilate1(np.ones(3), 2), 2), np.ones(3))), 2 * (3 - 1) + 3),
                equal(2 * (3 - 1) + 3, 7),
            ),
        ],
        "Con dilatazione $D$ il filtro": [
            trials(_dilated("forward"), 4450),
            trials(_dilated("weights"), 4460),
        ],
    },
)


def notes_b() -> Claims:
    return {**FICHE_CLAIMS, **VGG_CLAIMS, **APPUNTI_CLAIMS}
