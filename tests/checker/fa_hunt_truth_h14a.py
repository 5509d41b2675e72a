"""Independent truth for the h14a round of fa_hunt notes (tests/data/check/fa_hunt/h14a/:
networks as people declare them in code and tables -- a pasted Keras model.summary() in
English and in Turkish, the CIFAR-10 nn.Module of the PyTorch tutorial, an nn.Sequential with
OrderedDict names in German that gains a padding halfway, a torchinfo table in Italian, a
Turkish 1-based layer table, a named Conv1d's gradients, a Keras functional model's MACs in
German, a conv layer called twice, a Keras MLP's and two nn.Linear's gradients in Italian, a
Turkish Conv1d lecture, a German audio network of Conv1d layers; a Keras summary with
BatchNormalization, an Italian OrderedDict encoder whose stride changes, a German formulary
of gradient shapes, a Turkish lab with F.max_pool2d in forward, a torchinfo table with MACs,
an Italian Keras exam that adds padding halfway, a German lecture writing its numbers with
dot-grouped thousands, decimal commas, "Mio." and powers of ten).

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


def _same_stride2(conv: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """A Keras "same" convolution at stride 2 on an even side: TensorFlow pads (0, 1)."""
    with torch.no_grad():
        return conv(F.pad(x, (0, 1, 0, 1)))


# --- batchnorm_summary_en: (32, 32, 3), Conv2D(32, 3, same, no bias), BN, Conv2D(64, 3, 2, same)
def _batchnorm_en() -> dict:
    c1 = nn.Conv2d(3, 32, 3, padding=1, bias=False)
    bn = nn.BatchNorm2d(32)
    c2 = nn.Conv2d(32, 64, 3, stride=2)
    side = _same_stride2(c2, torch.zeros(1, 32, 32, 32)).shape[2]
    stats = sum(b.numel() for b in bn.buffers() if b.dim() == 1)  # running mean, variance
    stored = _params(bn) + stats  # Keras counts gamma, beta and both moving statistics
    counts = [_params(c1), stored, _params(c2), _params(nn.Linear(64, 10))]
    return _by_anchor(
        "batchnorm_summary_en",
        [
            ("its count is just", 0, lambda: counts[0] == 864),
            ("$4 \\cdot 32 = 128$", 0, lambda: stored == 128),
            ("$4 \\cdot 32 = 128$", 1, lambda: _params(bn) == 64),
            ("= 18496$, and its side", 0, lambda: counts[2] == 18496),
            ("= 18496$, and its side", 1, lambda: side == 16),
            ("$64 \\cdot 10 + 10 = 650$", 0, lambda: counts[3] == 650),
            ("Total: $864", 0, lambda: sum(counts) == 20138),
            ("Total: $864", 1, lambda: sum(counts) - stats == 20074),
            ("+ 32 = 896$", 0, lambda: counts[0] == 896),
        ],
    )


# --- ordereddict_stride_it: (3, 40, 40); conv_b's stride set to 2 later -----------------------
def _ordereddict_it() -> dict:
    a = nn.Conv2d(3, 12, 5, padding=2)
    b, b2 = nn.Conv2d(12, 24, 3), nn.Conv2d(12, 24, 3, stride=2)
    c = nn.Conv2d(24, 24, 3, groups=24)
    x = (1, 3, 40, 40)
    sa, sb = _shape(a, x)[2], _shape(nn.Sequential(a, b), x)[2]
    sc = _shape(nn.Sequential(a, b, c), x)[2]
    sb2, sc2 = _shape(nn.Sequential(a, b2), x)[2], _shape(nn.Sequential(a, b2, c), x)[2]
    return _by_anchor(
        "ordereddict_stride_it",
        [
            ("conserva il lato", 0, lambda: sa == 40),
            ("$12 \\cdot 3 \\cdot 25 + 12 = 912$", 0, lambda: _params(a) == 912),
            ("`conv_b` dà", 0, lambda: sb == 38),
            ("`conv_b` dà", 1, lambda: _params(b) == 2616),
            ("`conv_c` è depthwise", 0, lambda: _params(c) == 240),
            ("`conv_c` è depthwise", 1, lambda: sc == 36),
            ("Il lato dopo", 0, lambda: sb2 == 19),
            ("Il lato dopo", 1, lambda: sc2 == 17),
            ("= 1320$", 0, lambda: _params(b2) == 1320),
            ("= 5208$", 0, lambda: _params(c) == 5208),
        ],
    )


# --- gradient_shapes_de: conv2 = Conv2d(16, 32, 3, padding=1), x (8, 16, 20, 20) ------------
def _gradient_shapes_de() -> dict:
    r = np.random.default_rng(1407)
    x = torch.tensor(r.normal(size=(8, 16, 20, 20)), dtype=F64, requires_grad=True)
    w = torch.tensor(r.normal(size=(32, 16, 3, 3)), dtype=F64, requires_grad=True)
    b = torch.tensor(r.normal(size=32), dtype=F64, requires_grad=True)
    y = F.conv2d(x, w, b, padding=1)
    G = r.normal(size=tuple(y.shape))
    (y * torch.tensor(G)).sum().backward()
    X = np.pad(x.detach().numpy(), ((0, 0), (0, 0), (1, 1), (1, 1)))  # x_{i+u-1}: X[i+u]

    def dw_formula() -> bool:
        got = np.zeros((32, 16, 3, 3))
        for u, v in np.ndindex(3, 3):  # sum over n, i, j for every o, c at once
            got[:, :, u, v] = np.einsum("noij,ncij->oc", G, X[:, :, u : u + 20, v : v + 20])
        return bool(np.allclose(got, w.grad.numpy()))

    plain = F.conv2d(x.detach(), w.detach())
    return _by_anchor(
        "gradient_shapes_de",
        [
            ("denn $20 + 2 - 3 + 1 = 20$", 0, lambda: tuple(y.shape) == (8, 32, 20, 20)),
            ("= 4608$ Einträge", 0, lambda: w.grad.numel() == 4608),
            (
                "Der Biasgradient ist",
                0,
                lambda: bool(np.allclose(G.sum(axis=(0, 2, 3)), b.grad.numpy())),
            ),
            ("= 51200$ Einträge", 0, lambda: x.grad.numel() == 51200),
            ("\\partial W_{o,c,u,v}} =", 0, dw_formula),
            ("= 36864$ Einträge", 0, lambda: w.grad.numel() == 36864),
            ("Seite $20 - 3 + 1 = 18$", 0, lambda: plain.shape[2] == 18),
            ("= 82944$ Einträge", 0, lambda: plain.numel() == 82944),
        ],
    )


# --- functional_maxpool_tr: the MNIST net with F.max_pool2d, (N, 1, 28, 28) ----------------
def _maxpool_tr() -> dict:
    c1, c2 = nn.Conv2d(1, 10, 5), nn.Conv2d(10, 20, 5)
    f1, f2 = nn.Linear(320, 50), nn.Linear(50, 10)
    with torch.no_grad():
        a = c1(torch.zeros(1, 1, 28, 28))
        p1 = F.max_pool2d(a, 2)
        b = c2(p1)
        p2 = F.max_pool2d(b, 2)
    total = sum(_params(m) for m in (c1, c2, f1, f2))
    return _by_anchor(
        "functional_maxpool_tr",
        [
            ("`c1` sonrası kenar", 0, lambda: a.shape[2] == 24),
            ("`c1` sonrası kenar", 1, lambda: p1.shape[2] == 12),
            ("`c2` sonrası kenar $12", 0, lambda: b.shape[2] == 8),
            ("`c2` sonrası kenar $12", 1, lambda: p2[0].numel() == 320),
            ("Parametreler: `c1` için", 0, lambda: _params(c1) == 260),
            ("Parametreler: `c1` için", 1, lambda: _params(c2) == 5020),
            ("`f1` için $320 \\cdot 50 + 50", 0, lambda: _params(f1) == 16050),
            ("`f1` için $320 \\cdot 50 + 50", 1, lambda: _params(f2) == 510),
            ("= 21840$", 0, lambda: total == 21840),
            ("= 320000$", 0, lambda: _check_macs(c2, (1, 10, 12, 12), 320000)),
            ("$320 \\cdot 50 = 16050$", 0, lambda: _params(f1) == 320 * 50 == 16050),
            ("(12 - 5)/1 = 7", 0, lambda: b.shape[2] == 7),
        ],
    )


# --- torchinfo_macs_en: (1, 3, 16, 16) -----------------------------------------------------------
def _torchinfo_macs_en() -> dict:
    l1, l3 = nn.Conv2d(3, 8, 3, padding=1), nn.Conv2d(8, 8, 3, stride=2)
    l5 = nn.Linear(8 * 7 * 7, 5)
    x = (1, 3, 16, 16)
    s1, s3 = _shape(l1, x)[2], _shape(nn.Sequential(l1, l3), x)[2]
    return _by_anchor(
        "torchinfo_macs_en",
        [
            ("Padding 1 keeps the side", 0, lambda: s1 == 16),
            ("Padding 1 keeps the side", 1, lambda: _params(l1) == 224),
            ("**Layer 3.**", 0, lambda: s3 == 7),
            ("**Layer 3.**", 1, lambda: _params(l3) == 584),
            ("$392 \\cdot 5 + 5 = 1965$", 0, lambda: _params(l5) == 1965),
            ("= 55296$", 0, lambda: _window_macs(l1, x) == 55296),
            ("= 28224$", 0, lambda: _check_macs(l3, (1, 8, 16, 16), 28224)),
            ("= 147456$", 0, lambda: _check_macs(l3, (1, 8, 16, 16), 147456)),
            ("= 2773$", 0, lambda: sum(_params(m) for m in (l1, l3, l5)) == 2773),
        ],
    )


# --- keras_padding_later_it: (20, 20, 2) -> Conv2D(6, 3) -> Conv2D(6, 3) -> Conv2D(1, 1) ---------
def _keras_padding_it() -> dict:
    c1, c2, c3 = nn.Conv2d(2, 6, 3), nn.Conv2d(6, 6, 3), nn.Conv2d(6, 1, 1)
    x = (1, 2, 20, 20)
    s1, s2 = _shape(c1, x)[2], _shape(nn.Sequential(c1, c2), x)[2]

    def receptive_field() -> int:  # the input pixels one output's gradient reaches
        inp = torch.zeros(x, requires_grad=True)
        out = nn.Sequential(c1, c2, c3)(inp)
        out[0, 0, 8, 8].backward()
        rows = inp.grad[0].abs().sum(dim=(0, 2)).nonzero()
        return int(rows.max() - rows.min() + 1)

    return _by_anchor(
        "keras_padding_later_it",
        [
            ("perché $20 - 3 + 1 = 18$", 0, lambda: s1 == 18),
            ("= 114$ parametri", 0, lambda: _params(c1) == 114),
            ("Il secondo livello dà", 0, lambda: s2 == 16),
            ("Il secondo livello dà", 1, lambda: _params(c2) == 330),
            ("$6 \\cdot 1 + 1 = 7$", 0, lambda: _params(c3) == 7),
            ("= 60$ parametri", 0, lambda: _params(c2) == 60),
            ("$1 + 2 + 2 = 5$", 0, lambda: receptive_field() == 5),
        ],
    )


# --- zahlenformate_de: Conv2d(64, 64, 3, padding=1), Conv2d(64, 128, 3, padding=1) on 32x32 -----
def _zahlen_de() -> dict:
    c1 = nn.Conv2d(64, 64, 3, padding=1)
    c2 = nn.Conv2d(64, 128, 3, padding=1)
    x = (1, 64, 32, 32)
    m1, m2 = _window_macs(c1, x), _window_macs(c2, x)

    def near(value: int, written: float, unit: float) -> bool:  # rounded to its last place
        return abs(value - written) <= unit / 2

    return _by_anchor(
        "zahlenformate_de",
        [
            ("= 36.928$ Parameter, die zweite", 0, lambda: _params(c1) == 36928),
            ("= 73.856$ Parameter", 0, lambda: _params(c2) == 73856),
            ("= 110.784$", 0, lambda: _params(c1) + _params(c2) == 110784),
            ("= 37.748.736$ MACs", 0, lambda: m1 == 37748736),
            ("doppelt so viele", 0, lambda: near(m1, 3.77e7, 1e5)),
            ("doppelt so viele", 1, lambda: m2 == 2 * m1 and near(m2, 75.5e6, 1e5)),
            ("In Gleitkommaoperationen", 0, lambda: near(2 * m1, 75.5e6, 1e5)),
            ("$64 \\cdot 64 \\cdot 9 = 36.928$", 0, lambda: _params(c1) == 64 * 64 * 9),
            ("\\approx 3{,}5 \\cdot 10^7$", 0, lambda: near(m1, 3.5e7, 1e6)),
            ("Kurz: die zweite Faltung", 0, lambda: near(m2, 75.5e6, 1e5)),
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
    "batchnorm_summary_en": _batchnorm_en,
    "ordereddict_stride_it": _ordereddict_it,
    "gradient_shapes_de": _gradient_shapes_de,
    "functional_maxpool_tr": _maxpool_tr,
    "torchinfo_macs_en": _torchinfo_macs_en,
    "keras_padding_later_it": _keras_padding_it,
    "zahlenformate_de": _zahlen_de,
}
