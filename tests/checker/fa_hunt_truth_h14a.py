"""Independent truth for the h14a round of fa_hunt notes (tests/data/check/fa_hunt/h14a/:
networks as people declare them in code and tables -- a pasted Keras model.summary() in
English and in Turkish, the CIFAR-10 nn.Module of the PyTorch tutorial, an nn.Sequential with
OrderedDict names in German that gains a padding halfway, a torchinfo table in Italian, a
Turkish 1-based layer table, a named Conv1d's gradients, a Keras functional model's MACs in
German, a conv layer called twice, a Keras MLP's and two nn.Linear's gradients in Italian, a
Turkish Conv1d lecture, a German audio network of Conv1d layers).

torch autograd and NumPy in float64, no symconv.  Each claim is found by an anchor (text on
exactly one line of the note) and its rank among the key's entries on that line; a size is the
torch module's output shape, a count its parameters, a layer's MACs the multiplications of
its forward pass counted by running it (one per weight tap and output element, one sample),
a gradient formula compared with autograd on random tensors.  Keras layers are their torch
equivalents (channels first); Keras "same" at stride 2 pads (0, 1) as TensorFlow does."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from fa_hunt_truth import _params
from fa_hunt_truth_b import _by_anchor as by_anchor

Truth = Callable[[], bool]
HUNT = Path(__file__).resolve().parent.parent / "data" / "check" / "fa_hunt" / "h14a"
F64 = torch.float64
nn = torch.nn


def _by_anchor(name: str, table: list[tuple[str, int, Truth]]) -> dict[tuple[int, int], Truth]:
    return by_anchor(name, table, HUNT)


def _shape(module: torch.nn.Module, shape: tuple[int, ...]) -> tuple[int, ...]:
    with torch.no_grad():
        return tuple(module(torch.zeros(shape)).shape)


def _macs(conv: torch.nn.Module, shape: tuple[int, ...]) -> int:
    """The multiplications of one sample's forward pass, counted: the convolution run on an
    input of ones with weights of ones and no bias gives at each output element the number
    of products summed there (padding taps excluded), whose total is the MAC count."""
    probe = type(conv)(
        conv.in_channels,
        conv.out_channels,
        conv.kernel_size,
        stride=conv.stride,
        padding=conv.padding,
        dilation=conv.dilation,
        groups=conv.groups,
        bias=False,
    )
    with torch.no_grad():
        probe.weight.fill_(1.0)
        ones = torch.ones(shape)
        return int(probe(ones).sum().item())


def _check_macs(conv: torch.nn.Module, shape: tuple[int, ...], claimed: int) -> bool:
    """MACs of an unpadded layer (every tap real): the count above; padded layers' MACs are
    counted by the notes as output elements times the window, which _window_macs gives."""
    return _macs(conv, shape) == claimed


def _window_macs(conv: torch.nn.Module, shape: tuple[int, ...]) -> int:
    """Output elements times the window (C_in/g times the kernel taps): the count notes and
    tools (torchinfo, keras-flops) give, padded taps included."""
    y = _shape(conv, shape)
    return math.prod(y[1:]) * conv.weight[0].numel()


# --- keras_summary_en: input (28, 28, 3) ---------------------------------------------------
def _keras_summary_en() -> dict:
    c1, c2 = nn.Conv2d(3, 24, 5), nn.Conv2d(24, 48, 3)
    pool = nn.MaxPool2d(2)
    s1 = _shape(c1, (1, 3, 28, 28))
    s2 = _shape(c2, (1, 24, 12, 12))
    flat = math.prod(_shape(nn.Sequential(c1, pool, c2, pool), (1, 3, 28, 28))[1:])
    counts = [_params(c1), _params(c2), _params(nn.Linear(flat, 64)), _params(nn.Linear(64, 10))]
    return _by_anchor(
        "keras_summary_en",
        [
            ("its side is $28 - 5 + 1 = 24$", 0, lambda: s1[2] == 24),
            ("$5 \\cdot 5 \\cdot 3 = 75$", 0, lambda: c1.weight[0].numel() == 75),
            ("$24 \\cdot (75 + 1) = 1824$", 0, lambda: counts[0] == 1824),
            ("Pooling halves the side", 0, lambda: _shape(pool, (1, 24, 24, 24))[2] == 12),
            ("Pooling halves the side", 1, lambda: s2[2] == 10),
            ("48 + 48 = 10416", 0, lambda: counts[1] == 10416),
            ("= 480$ parameters", 0, lambda: counts[1] == 480),
            ("Flatten gives", 0, lambda: flat == 1200),
            ("Another reply wrote", 0, lambda: counts[2] == 76864),
            ("Another reply wrote", 1, lambda: counts[2] == 1200 * 64 == 76864),
            ("= 89754$", 0, lambda: sum(counts) == 89754),
        ],
    )


# --- torch_net_forward_en: the tutorial's Net on (N, 3, 32, 32) ----------------------------
def _torch_net() -> dict:
    conv1, conv2, pool = nn.Conv2d(3, 6, 5), nn.Conv2d(6, 16, 5), nn.MaxPool2d(2, 2)
    fc1, fc2, fc3 = nn.Linear(400, 120), nn.Linear(120, 84), nn.Linear(84, 10)
    x = (1, 3, 32, 32)
    a = _shape(conv1, x)
    b = _shape(nn.Sequential(conv1, nn.ReLU(), pool), x)
    c = _shape(nn.Sequential(conv1, nn.ReLU(), pool, conv2), x)
    d = _shape(nn.Sequential(conv1, nn.ReLU(), pool, conv2, nn.ReLU(), pool), x)
    total = sum(_params(m) for m in (conv1, conv2, fc1, fc2, fc3))
    return _by_anchor(
        "torch_net_forward_en",
        [
            ("`conv1`: $32 - 5 + 1 = 28$", 0, lambda: a[2] == 28),
            ("`conv1`: $32 - 5 + 1 = 28$", 1, lambda: b[2] == 14),
            ("`conv2`: $14 - 5 + 1 = 10$", 0, lambda: c[2] == 10),
            ("`conv2`: $14 - 5 + 1 = 10$", 1, lambda: d[2] == 5),
            ("needs $16 \\cdot 5 \\cdot 5 = 400$", 0, lambda: math.prod(d[1:]) == 400),
            ("Parameters: `conv1` has", 0, lambda: _params(conv1) == 456),
            ("Parameters: `conv1` has", 1, lambda: _params(conv2) == 2416),
            ("`fc1` has $400", 0, lambda: _params(fc1) == 48120),
            ("`fc1` has $400", 1, lambda: _params(fc2) == 10164),
            ("$84 \\cdot 10 + 10 = 850$", 0, lambda: _params(fc3) == 850),
            ("= 62006$", 0, lambda: total == 62006),
            ("= 416$ parameters", 0, lambda: _params(conv2) == 416),
        ],
    )


# --- sequential_ordereddict_de: (N, 1, 29, 29); then padding=1 in conv1 and conv2 ---------
def _sequential_de() -> dict:
    def sides(pad: int) -> tuple[int, int, int]:
        c1 = nn.Conv2d(1, 8, 3, padding=pad)
        c2 = nn.Conv2d(8, 16, 3, stride=2, padding=pad)
        x = (1, 1, 29, 29)
        return (
            _shape(c1, x)[2],
            _shape(nn.Sequential(c1, c2), x)[2],
            _shape(nn.Sequential(c1, c2, nn.MaxPool2d(2)), x)[2],
        )

    plain, padded = sides(0), sides(1)
    conv2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
    return _by_anchor(
        "sequential_ordereddict_de",
        [
            ("$29 - 3 + 1 = 27$", 0, lambda: plain[0] == 27),
            ("\\lfloor (27 - 3)/2 \\rfloor + 1 = 13$", 0, lambda: plain[1] == 13),
            ("\\lfloor (27 - 3)/2 \\rfloor + 1 = 13$", 1, lambda: plain[2] == 6),
            ("+ 8 = 80$", 0, lambda: _params(nn.Conv2d(1, 8, 3)) == 80),
            ("$576 \\cdot 10", 0, lambda: _params(nn.Conv2d(8, 16, 3, stride=2)) == 1168),
            ("$576 \\cdot 10", 1, lambda: _params(nn.Linear(16 * plain[2] ** 2, 10)) == 5770),
            ("\\lfloor (29 + 2 - 3)/2 \\rfloor + 1 = 15$", 0, lambda: padded[1] == 15),
            ("$16 \\cdot 7 \\cdot 7 = 784$", 0, lambda: 16 * padded[2] ** 2 == 784),
            ("(27 + 2 - 3)/2", 0, lambda: padded[1] == 14),
            ("= 1184$", 0, lambda: _params(conv2) == 1184),
        ],
    )


# --- torchinfo_it: (1, 3, 32, 32) ----------------------------------------------------------
def _torchinfo_it() -> dict:
    conv1, conv2 = nn.Conv2d(3, 16, 3), nn.Conv2d(16, 32, 3)
    x = (1, 3, 32, 32)
    a = _shape(conv1, x)[2]
    b = _shape(nn.Sequential(conv1, nn.MaxPool2d(2)), x)[2]
    c = _shape(nn.Sequential(conv1, nn.MaxPool2d(2), conv2), x)[2]
    return _by_anchor(
        "torchinfo_it",
        [
            ("il lato è $32 - 3 + 1 = 30$", 0, lambda: a == 30),
            ("+ 16 = 448$", 0, lambda: _params(conv1) == 448),
            ("+ 16 = 448$", 1, lambda: b == 15),
            ("+ 16 = 448$", 2, lambda: c == 13),
            ("$32 \\cdot 16 \\cdot 9 + 32 = 4640$", 0, lambda: _params(conv2) == 4640),
            ("$32 \\cdot 16 \\cdot 9 + 32 = 4640$", 1, lambda: _params(nn.Linear(32, 10)) == 330),
            ("= 388800$", 0, lambda: _check_macs(conv1, x, 388800)),
            ("= 777600$", 0, lambda: 2 * _macs(conv1, x) == 777600),
            ("= 48672$", 0, lambda: _check_macs(conv2, (1, 16, 15, 15), 48672)),
        ],
    )


# --- tablo_katmanlar_tr: (3, 64, 64), layers 1-6 ----------------------------------------------
def _tablo_tr() -> dict:
    l1 = nn.Conv2d(3, 32, 3, padding=1)
    l3 = nn.Conv2d(32, 64, 3, padding=1)
    l5 = nn.Conv2d(64, 128, 3, stride=2, padding=1)
    net = nn.Sequential(l1, nn.MaxPool2d(2), l3, nn.MaxPool2d(2), l5)
    x = (1, 3, 64, 64)
    out5 = _shape(net, x)
    l6 = nn.Linear(math.prod(out5[1:]), 10)
    counts = [_params(m) for m in (l1, l3, l5, l6)]
    return _by_anchor(
        "tablo_katmanlar_tr",
        [
            ("(64 + 2 \\cdot 1 - 3)/1 + 1 = 64", 0, lambda: _shape(l1, x)[2] == 64),
            ("= 18496$ olur", 0, lambda: counts[1] == 18496),
            ("\\lfloor (16 + 2 - 3)/2 \\rfloor + 1 = 8$", 0, lambda: out5[2] == 8),
            ("= 73856$ olur", 0, lambda: counts[2] == 3 * 3 * 64 * 128 == 73856),
            ("= 81930$ parametre", 0, lambda: counts[3] == 81930),
            ("= 175178$", 0, lambda: sum(counts) == 175178),
            ("= 3538944$", 0, lambda: _window_macs(l1, x) == 3538944),
            ("= 18874368$", 0, lambda: _window_macs(l5, (1, 64, 16, 16)) == 18874368),
        ],
    )


# --- block_conv1d_grads_en: Conv1d(2, 3, 3), x (N, 2, 10) with N = 2 ------------------------
def _block_conv1d() -> dict:
    r = np.random.default_rng(141)
    x = torch.tensor(r.normal(size=(2, 2, 10)), dtype=F64, requires_grad=True)
    w = torch.tensor(r.normal(size=(3, 2, 3)), dtype=F64, requires_grad=True)
    b = torch.tensor(r.normal(size=3), dtype=F64, requires_grad=True)
    y = F.conv1d(x, w, b)
    d = r.normal(size=tuple(y.shape))
    (y * torch.tensor(d)).sum().backward()
    X, W, dx, dw, db = (t.detach().numpy() for t in (x, w, x.grad, w.grad, b.grad))

    def dw_formula() -> bool:
        got = np.zeros((3, 2, 3))
        for o, c, k in np.ndindex(3, 2, 3):
            got[o, c, k] = sum(d[n, o, t] * X[n, c, t + k] for n in range(2) for t in range(8))
        return bool(np.allclose(got, dw))

    def dx_plus() -> bool:  # the claim: delta at t + k (out of range taken as zero)
        got = np.zeros((2, 2, 10))
        for n, c, t in np.ndindex(2, 2, 10):
            got[n, c, t] = sum(
                d[n, o, t + k] * W[o, c, k] for o in range(3) for k in range(3) if t + k < 8
            )
        return bool(np.allclose(got, dx))

    return _by_anchor(
        "block_conv1d_grads_en",
        [
            ("\\partial W_{o,c,k}} =", 0, dw_formula),
            ("\\partial b_o} =", 0, lambda: bool(np.allclose(d.sum(axis=(0, 2)), db))),
            ("\\partial x_{n,c,t}} =", 0, dx_plus),
        ],
    )


# --- keras_functional_flops_de: (32, 32, 3), Conv2D(64, 3, same) -> Conv2D(64, 3, 2, same) ---
def _keras_flops_de() -> dict:
    c1 = nn.Conv2d(3, 64, 3, padding=1)
    c2 = nn.Conv2d(64, 64, 3, stride=2)

    def second(shape: tuple[int, ...]) -> torch.Tensor:  # TensorFlow's "same": pad (0, 1)
        with torch.no_grad():
            return c2(F.pad(torch.zeros(shape), (0, 1, 0, 1)))

    side2 = second((1, 64, 32, 32)).shape[2]
    macs2 = second((1, 64, 32, 32))[0].numel() * c2.weight[0].numel()
    total = _params(c1) + _params(c2) + _params(nn.Linear(64, 10))
    return _by_anchor(
        "keras_functional_flops_de",
        [
            ("= 1792$ Parameter", 0, lambda: _params(c1) == 1792),
            ("= 1792$ Parameter", 1, lambda: _window_macs(c1, (1, 3, 32, 32)) == 1769472),
            ("\\lceil 32/2 \\rceil = 16", 0, lambda: side2 == 16),
            ("= 36928$", 0, lambda: _params(c2) == 36928),
            ("= 36928$", 1, lambda: macs2 == 9437184),
            ("= 18874368$ FLOPs", 0, lambda: 2 * macs2 == 18874368),
            ("= 37748736$", 0, lambda: macs2 == 37748736),
            ("$64 \\cdot 10 + 10 = 650$", 0, lambda: _params(nn.Linear(64, 10)) == 650),
            ("= 39370$", 0, lambda: total == 39370),
        ],
    )


# --- shared_conv_padding_en: conv = Conv2d(4, 4, 3) called twice on 12x12 ------------------
def _shared_conv() -> dict:
    class Tiny(nn.Module):
        def __init__(self, pad: int, flat: int) -> None:
            super().__init__()
            self.conv = nn.Conv2d(4, 4, 3, padding=pad)
            self.head = nn.Linear(flat, 2)

        def body(self, x: torch.Tensor) -> torch.Tensor:
            return F.relu(self.conv(F.relu(self.conv(x))))

    x = torch.zeros(1, 4, 12, 12)
    plain, padded = Tiny(0, 256), Tiny(1, 576)
    with torch.no_grad():
        once, twice = plain.conv(x).shape[2], plain.body(x).shape
        padded_once, padded_twice = padded.conv(x).shape[2], padded.body(x).shape
    return _by_anchor(
        "shared_conv_padding_en",
        [
            ("The first call gives", 0, lambda: once == 10),
            ("The first call gives", 1, lambda: twice[2] == 8),
            ("takes $4 \\cdot 8 \\cdot 8 = 256$", 0, lambda: math.prod(twice[1:]) == 256),
            ("= 148$ parameters", 0, lambda: _params(plain.conv) == 148),
            ("= 662$ parameters", 0, lambda: _params(plain) == 662),
            ("= 810$", 0, lambda: _params(plain) == 810),
            ("Each call now keeps the side", 0, lambda: padded_once == 12),
            ("Each call now keeps the side", 1, lambda: math.prod(padded_twice[1:]) == 576),
            ("= 1154$ parameters", 0, lambda: _params(padded.head) == 1154),
            ("= 14$", 0, lambda: padded_twice[2] == 14),
        ],
    )


# --- keras_dense_grad_it: layer 3 = Dense(10) on 64, kernel (64, 10), y = x W + b ------------
def _keras_dense_it() -> dict:
    r = np.random.default_rng(1403)
    x = torch.tensor(r.normal(size=(1, 64)), dtype=F64, requires_grad=True)
    W = torch.tensor(r.normal(size=(64, 10)), dtype=F64, requires_grad=True)
    b = torch.tensor(r.normal(size=(1, 10)), dtype=F64, requires_grad=True)
    delta = r.normal(size=(1, 10))
    ((x @ W + b) * torch.tensor(delta)).sum().backward()
    xs, Ws = x.detach().numpy(), W.detach().numpy()

    def w_delta() -> bool:  # W (64x10) times delta (1x10): no product
        try:
            return bool(np.allclose(Ws @ delta, x.grad.numpy()))
        except ValueError:
            return False

    return _by_anchor(
        "keras_dense_grad_it",
        [
            ("Il livello 1 ha", 0, lambda: _params(nn.Linear(784, 128)) == 100480),
            ("$128 \\cdot 64 + 64 = 8256$", 0, lambda: _params(nn.Linear(128, 64)) == 8256),
            ("$128 \\cdot 64 + 64 = 8256$", 1, lambda: _params(nn.Linear(64, 10)) == 650),
            ("= x^\\top \\delta$$", 0, lambda: bool(np.allclose(xs.T @ delta, W.grad.numpy()))),
            ("Inoltre", 0, lambda: bool(np.allclose(delta, b.grad.numpy()))),
            ("= \\delta W^\\top$$", 0, lambda: bool(np.allclose(delta @ Ws.T, x.grad.numpy()))),
            ("= W \\delta$", 0, w_delta),
        ],
    )


# --- konvolusyon_1d_tr: Conv1d(1, 1, 3, bias=False) on 7, 0-based --------------------------
def _konvolusyon_tr() -> dict:
    r = np.random.default_rng(1404)
    x = torch.tensor(r.normal(size=(1, 1, 7)), dtype=F64, requires_grad=True)
    w = torch.tensor(r.normal(size=(1, 1, 3)), dtype=F64, requires_grad=True)
    y = F.conv1d(x, w)
    g = r.normal(size=5)
    (y * torch.tensor(g).view(1, 1, 5)).sum().backward()
    X, Wk, Y = x.detach().numpy()[0, 0], w.detach().numpy()[0, 0], y.detach().numpy()[0, 0]
    dx, dw = x.grad.numpy()[0, 0], w.grad.numpy()[0, 0]

    def G(i: int) -> float:
        return float(g[i]) if 0 <= i < 5 else 0.0

    return _by_anchor(
        "konvolusyon_1d_tr",
        [
            (
                "PyTorch çapraz korelasyon",
                0,
                lambda: bool(
                    np.allclose([sum(Wk[k] * X[i + k] for k in range(3)) for i in range(5)], Y)
                ),
            ),
            ("$7 - 3 + 1 = 5$", 0, lambda: Y.shape[0] == 5),
            (
                "\\partial w_k} =",
                0,
                lambda: bool(
                    np.allclose([sum(g[i] * X[i + k] for i in range(5)) for k in range(3)], dw)
                ),
            ),
            (
                "\\partial x_j} =",
                0,
                lambda: bool(
                    np.allclose([sum(G(j - k) * Wk[k] for k in range(3)) for j in range(7)], dx)
                ),
            ),
            ("= g_0 w_0$", 0, lambda: math.isclose(dx[0], g[0] * Wk[0])),
            ("= g_4 w_2$", 0, lambda: math.isclose(dx[6], g[4] * Wk[2])),
            ("x_3} = g_3", 0, lambda: math.isclose(dx[3], g[3] * Wk[0] + g[2] * Wk[1])),
            ("x_5} = g_4", 0, lambda: math.isclose(dx[5], g[4] * Wk[1] + g[3] * Wk[0])),
            (
                "$7 + 2 - 3 + 1 = 7$",
                0,
                lambda: _shape(nn.Conv1d(1, 1, 3, padding=1, bias=False), (1, 1, 7))[2] == 7,
            ),
        ],
    )


# --- keras_summary_tr: (64, 64, 3) -> Conv2D(32, 3) -> Conv2D(32, 3, strides=2) -> pool -----
def _keras_summary_tr() -> dict:
    c1, c2 = nn.Conv2d(3, 32, 3), nn.Conv2d(32, 32, 3, stride=2)
    x = (1, 3, 64, 64)
    s1 = _shape(c1, x)[2]
    s2 = _shape(nn.Sequential(c1, c2), x)[2]
    pooled = _shape(nn.Sequential(c1, c2, nn.MaxPool2d(2)), x)
    flat = math.prod(pooled[1:])
    return _by_anchor(
        "keras_summary_tr",
        [
            ("ilk katmanın çıkışı $64 - 3 + 1 = 62$", 0, lambda: s1 == 62),
            ("= 896$", 0, lambda: _params(c1) == 896),
            ("İkinci katman:", 0, lambda: s2 == 30),
            ("İkinci katman:", 1, lambda: _params(c2) == 9248),
            ("Havuzlama:", 0, lambda: pooled[2] == 15),
            ("Havuzlama:", 1, lambda: flat == 7200),
            ("Havuzlama:", 2, lambda: _params(nn.Linear(flat, 1)) == 7201),
            ("= 31$", 0, lambda: s2 == 31),
        ],
    )


# --- audio_conv1d_de: (N, 1, 16000) ------------------------------------------------------------
def _audio_de() -> dict:
    l1 = nn.Conv1d(1, 16, 80, stride=16)
    l3 = nn.Conv1d(16, 32, 3)
    x = (1, 1, 16000)
    a = _shape(l1, x)[2]
    b = _shape(nn.Sequential(l1, nn.ReLU(), nn.MaxPool1d(4)), x)[2]
    c = _shape(nn.Sequential(l1, nn.ReLU(), nn.MaxPool1d(4), l3), x)[2]
    return _by_anchor(
        "audio_conv1d_de",
        [
            ("\\rfloor + 1 = 996$", 0, lambda: a == 996),
            ("= 1296$", 0, lambda: _params(l1) == 1296),
            ("Schicht 2 liefert", 0, lambda: b == 249),
            ("Schicht 2 liefert", 1, lambda: c == 247),
            ("= 1568$", 0, lambda: _params(l3) == 1568),
            ("= 1274880$", 0, lambda: _check_macs(l1, x, 1274880)),
            ("= 379392$", 0, lambda: _check_macs(l3, (1, 16, 249), 379392)),
            ("= 396$", 0, lambda: _params(nn.Linear(32, 12)) == 396),
            ("= 995$", 0, lambda: a == 995),
        ],
    )


# --- linear_torch_grad_it: fc1 = Linear(6, 4), fc2 = Linear(4, 3), batch B = 5 --------------
def _linear_it() -> dict:
    torch.manual_seed(1405)
    fc1, fc2 = nn.Linear(6, 4).double(), nn.Linear(4, 3).double()
    x = torch.randn(5, 6, dtype=F64)
    h = F.relu(fc1(x)).detach().requires_grad_(True)
    y = fc2(h)
    G = torch.randn(5, 3, dtype=F64)
    (y * G).sum().backward()
    H, W2 = h.detach().numpy(), fc2.weight.detach().numpy()
    Gn, dW2, db2, dH = G.numpy(), fc2.weight.grad.numpy(), fc2.bias.grad.numpy(), h.grad.numpy()

    def same(a: np.ndarray, b: np.ndarray) -> bool:
        return a.shape == b.shape and bool(np.allclose(a, b))

    forward = x.numpy() @ fc1.weight.detach().numpy().T + fc1.bias.detach().numpy()
    return _by_anchor(
        "linear_torch_grad_it",
        [
            ("l'uscita è $y = x W^\\top + b$", 0, lambda: same(forward, fc1(x).detach().numpy())),
            ("Numero di parametri", 0, lambda: _params(fc1) == 28),
            ("Numero di parametri", 1, lambda: _params(fc2) == 15),
            ("$28 + 15 = 43$", 0, lambda: _params(fc1) + _params(fc2) == 43),
            ("= G^\\top H$$", 0, lambda: same(Gn.T @ H, dW2)),
            ("= G W_2$$", 0, lambda: same(Gn @ W2, dH)),
            ("= H^\\top G$", 0, lambda: same(H.T @ Gn, dW2)),
            ("\\mathbf{1}^\\top G$", 0, lambda: same(np.ones((1, 5)) @ Gn, db2.reshape(1, 3))),
        ],
    )


TRUTH_H14A: dict[str, Callable[[], dict[tuple[int, int], Truth]]] = {
    "keras_summary_en": _keras_summary_en,
    "torch_net_forward_en": _torch_net,
    "sequential_ordereddict_de": _sequential_de,
    "torchinfo_it": _torchinfo_it,
    "tablo_katmanlar_tr": _tablo_tr,
    "block_conv1d_grads_en": _block_conv1d,
    "keras_functional_flops_de": _keras_flops_de,
    "shared_conv_padding_en": _shared_conv,
    "keras_dense_grad_it": _keras_dense_it,
    "konvolusyon_1d_tr": _konvolusyon_tr,
    "keras_summary_tr": _keras_summary_tr,
    "audio_conv1d_de": _audio_de,
    "linear_torch_grad_it": _linear_it,
}
