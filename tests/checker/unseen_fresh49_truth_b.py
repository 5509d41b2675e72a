"""Independent truth for the fresh49 unseen set, second part: the notes
notes_wavenet_causal_dilated_stack, wiki_im2col_col2im_backward, odev_keras_model_summary_cnn
and ujian_konvolusi_sigmoid_mse (conventions as in unseen_fresh49_truth.py, which merges this
table into truth_table).  NumPy / torch autograd in float64, nothing of symconv.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh29_truth import flops_half, grid
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
    rot180,
    same,
    single,
    t64,
    trials,
)

Claims = dict[tuple[str, int, int], Truth]
SET = "fresh49"
nn = torch.nn


def claims_of(stem: str, table: dict[str, list[Truth | None]]) -> Claims:
    return anchored_claims(SET, stem, table)


# --- notes_wavenet_causal_dilated_stack.md (English study-group notes): one channel, causal
# layer = F.pad(x, ((k-1) d, 0)) then conv1d with dilation d, weight [a, b] (k = 2), 0-based.

WAVE = "notes_wavenet_causal_dilated_stack"
DILS = (1, 2, 4, 8)


def _causal(x: torch.Tensor, w: torch.Tensor, d: int) -> torch.Tensor:
    """One causal dilated layer on a (T,) signal: left padding (k-1) d, then torch conv1d."""
    k = w.shape[-1]
    return F.conv1d(F.pad(x[None, None], ((k - 1) * d, 0)), w.reshape(1, 1, k), dilation=d)[0, 0]


def _stack(x: np.ndarray, weights: list[np.ndarray], dils: tuple[int, ...]) -> np.ndarray:
    h = t64(x)
    for w, d in zip(weights, dils, strict=True):
        h = _causal(h, t64(w), d)
    return h.numpy()


def _receptive(k: int, dils: tuple[int, ...], valid: bool = False) -> int:
    """How many inputs reach the last output of a causal stack (positive random weights, so
    nothing cancels): the support of the gradient of y_{T-1}."""
    t = 1 + (k - 1) * sum(dils) + 8
    x = torch.zeros(t, dtype=F64, requires_grad=True)
    h = x
    r = np.random.default_rng(4930)
    for d in dils:
        h = _causal(h, t64(r.uniform(1, 2, k)), d)
    h[-1].backward()
    return int((x.grad.numpy() != 0).sum())


def _valid_len(t: int, k: int, dils: tuple[int, ...]) -> int:
    """Length after the stack without any padding (torch conv1d, valid)."""
    h = torch.zeros(1, 1, t, dtype=F64)
    for d in dils:
        h = F.conv1d(h, torch.zeros(1, 1, k, dtype=F64), dilation=d)
    return int(h.shape[-1])


def _layer_formula(seed: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        x, (a, b) = r.normal(size=20), r.normal(size=2)
        return all(
            same(
                _causal(t64(x), t64([a, b]), d).numpy(),
                [a * (x[t - d] if t >= d else 0.0) + b * x[t] for t in range(20)],
            )
            for d in DILS
        )

    return trials(check, seed)


def _left_pad_keeps_length_and_causality() -> Truth:
    """Left padding (k-1) d: the length stays T and y_t has no gradient from x_{t+1} on."""

    def check(k: int, d: int) -> bool:
        x = torch.tensor(np.random.default_rng(4931).normal(size=24), dtype=F64, requires_grad=True)
        y = _causal(x, t64(np.random.default_rng(4932).uniform(1, 2, k)), d)
        y[10].backward()
        return y.shape[0] == 24 and bool(np.all(x.grad.numpy()[11:] == 0))

    return grid(check, [(k, d) for k in (2, 3) for d in DILS])


def _sym_len(t: int, k: int, d: int, p: int) -> int:
    return int(
        F.conv1d(
            torch.zeros(1, 1, t, dtype=F64), torch.zeros(1, 1, k, dtype=F64), padding=p, dilation=d
        ).shape[-1]
    )


def _sym_tail(seed: int) -> Truth:
    """The causal output against the symmetric-padding output read from index p on."""

    def check(r: np.random.Generator) -> bool:
        x, w = r.normal(size=16), r.normal(size=2)
        out = []
        for d in DILS:
            sym = F.conv1d(t64(x)[None, None], t64(w).reshape(1, 1, 2), padding=d, dilation=d)[0, 0]
            out.append(same(_causal(t64(x), t64(w), d).numpy(), sym.numpy()[d : d + 16]))
        return all(out)

    return trials(check, seed)


def _plain_layers_needed(target: int) -> int:
    n = 1
    while _receptive(2, (1,) * n) < target:
        n += 1
    return n


IMPULSE = np.eye(20)[0]
HALF = [np.array([0.5, 1.0])] * 4
Y_IMP = _stack(IMPULSE, HALF, DILS)
Y_RAMP = _stack(np.arange(20.0), [np.ones(2)] * 4, DILS)

WAVE_CLAIMS = claims_of(
    WAVE,
    {
        "$$y_t = a\\, x_{t - d}": [_layer_formula(4933)],
        "The amount of left padding": [_left_pad_keeps_length_and_causality()],
        "Somebody asked why not": [
            grid(
                lambda t, k, d: _sym_len(t, k, d, (k - 1) * d) == t + 2 * (k - 1) * d - d * (k - 1),
                [(t, k, d) for t in (10, 32) for k in (2, 3) for d in DILS],
            ),
            grid(
                lambda t, d: t + 2 * d - d * (2 - 1) == t + d,
                [(t, d) for t in (10, 32) for d in DILS],
            ),
            _sym_tail(4934),
        ],
        "$$R = 1 + \\sum_{l=1}^{4}": [
            equal(_receptive(2, DILS), 1 + sum((2 - 1) * d for d in DILS)),
            equal(1 + sum((2 - 1) * d for d in DILS), 1 + 15),
            equal(1 + 15, 16),
        ],
        "In general, for $L$ layers": [
            grid(
                lambda k, n: (
                    _receptive(k, tuple(2**j for j in range(n))) == 1 + (k - 1) * (2**n - 1)
                ),
                [(k, n) for k in (2, 3, 4) for n in range(1, 6)],
            ),
            None,
            None,
            equal(_plain_layers_needed(_receptive(2, DILS)), _receptive(2, DILS)),
            equal(_receptive(2, DILS), 16),
        ],
        "With $k = 3$ instead": [
            None,
            equal(_receptive(3, DILS), 1 + 3 * 15),
            equal(1 + 3 * 15, 46),
            equal(_receptive(2, DILS * 2), 2 * 16),
            equal(2 * 16, 32),
        ],
        "For $T = 32$ the lengths": [
            None,
            equal(_valid_len(32, 2, DILS), 25 - 8),
            equal(25 - 8, 16),
            grid(
                lambda t, k, n: _valid_len(t, k, DILS[:n]) == t - (k - 1) * (2**n - 1),
                [(t, k, n) for t in (32, 40) for k in (2, 3) for n in range(1, 5)],
            ),
        ],
        "With 32 residual channels": [
            grid(
                lambda d: params(nn.Conv1d(32, 32, 2, dilation=d)) == 32 * 32 * 2 + 32,
                [(d,) for d in DILS],
            ),
            equal(32 * 32 * 2 + 32, 2080),
            grid(
                lambda d: params(nn.Conv1d(32, 64, 2, dilation=d)) == 32 * 64 * 2,
                [(d,) for d in DILS],
            ),
            equal(32 * 64 * 2, 4096),
        ],
        "$$y_t = 0.5^{\\mathrm{popcount}(t)}": [
            single(lambda: same(Y_IMP[:16], [0.5 ** bin(t).count("1") for t in range(16)]))
        ],
        "For example $y_7": [
            single(lambda: math.isclose(Y_IMP[7], 0.5**3)),
            equal(0.5**3, 0.125),
            single(lambda: math.isclose(Y_IMP[12], 0.5**3)),
            equal(0.5**3, 0.125),
            single(lambda: math.isclose(Y_IMP[16], 0.5)),
        ],
        "Second check, with $a = b = 1$": [
            None,
            None,
            None,
            single(lambda: math.isclose(Y_RAMP[15], sum(15 - tau for tau in range(16)))),
            equal(sum(15 - tau for tau in range(16)), 120),
        ],
    },
)


# --- wiki_im2col_col2im_backward.md (English team wiki): one channel, one filter, stride 1, no
# padding, 0-based; X_col[u k + v, i H_out + j] = X[i + u, j + v], torch's F.unfold layout.

WIKI = "wiki_im2col_col2im_backward"
WIKI_X = np.array([[1.0, 2, 0], [3, -1, 2], [0, 1, 4]])
WIKI_W = np.array([[1.0, -1], [2, 0]])
WIKI_G = np.array([[1.0, 2], [-1, 3]])


def im2col(x: np.ndarray, k: int, s: int = 1) -> np.ndarray:
    """torch's F.unfold of one channel: rows are kernel offsets, columns output positions."""
    return F.unfold(t64(x)[None, None], k, stride=s)[0].numpy()


def col2im(c: np.ndarray, side: int, k: int) -> np.ndarray:
    """The note's indicator sum written out: every column entry added back to its pixel."""
    out, h_out = np.zeros((side, side)), side - k + 1
    for n in range(c.shape[1]):
        i, j = divmod(n, h_out)
        for r in range(k * k):
            u, v = divmod(r, k)
            out[i + u, j + v] += c[r, n]
    return out


def _wiki_case(x: np.ndarray, w: np.ndarray, g: np.ndarray) -> dict:
    """torch conv2d with dX and dW, and the gradient with respect to X_col as a leaf of
    y = w^T X_col."""
    v = conv(x[None, None], w[None, None], None, g[None, None])
    xc = t64(im2col(x, w.shape[0]), True)
    (t64(w.ravel()) @ xc * t64(g.ravel())).sum().backward()
    return {
        "x": x,
        "w": w,
        "g": g,
        "y": v["z"][0, 0],
        "dx": v["dx"][0, 0],
        "dw": v["dw"][0, 0],
        "dxcol": xc.grad.numpy(),
        "xcol": im2col(x, w.shape[0]),
    }


WIKI_V = _wiki_case(WIKI_X, WIKI_W, WIKI_G)


def _wiki(
    rel: Callable[[dict], bool], seed: int, sizes: tuple[tuple[int, int], ...] = ((3, 2), (5, 3))
) -> Truth:
    """Random 3 x 3 with a 2 x 2 kernel and 5 x 5 with a 3 x 3 kernel on every trial (the
    centre-pixel sum names four windows: the note's 3 x 3 with 2 x 2 only)."""

    def check(r: np.random.Generator) -> bool:
        return all(
            rel(
                _wiki_case(
                    r.normal(size=(n, n)), r.normal(size=(k, k)), r.normal(size=(n - k + 1,) * 2)
                )
            )
            for n, k in sizes
        )

    return trials(check, seed)


def _centre(v: dict) -> float:
    """w_3 g_0 + w_2 g_1 + w_1 g_2 + w_0 g_3: window n holds the centre at offset 3 - n."""
    w, g = v["w"].ravel(), v["g"].ravel()
    return float(sum(w[3 - n] * g[n] for n in range(4)))


def _wiki_adjoint(seed: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        x, c = r.normal(size=(4, 4)), r.normal(size=(4, 9))
        return math.isclose(float(np.sum(im2col(x, 2) * c)), float(np.sum(x * col2im(c, 4, 2))))

    return trials(check, seed)


def _wiki_batch(seed: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        x, w, g = (
            r.normal(size=(3, 1, 4, 4)),
            r.normal(size=(1, 1, 2, 2)),
            r.normal(size=(3, 1, 3, 3)),
        )
        dw = conv(x, w, None, g)["dw"][0, 0].ravel()
        return same(dw, sum(im2col(x[s, 0], 2) @ g[s, 0].ravel() for s in range(3)) / 3)

    return trials(check, seed)


_W, _G = WIKI_W.ravel(), WIKI_G.ravel()
BIG_COLS = F.unfold(torch.zeros(1, 64, 56, 56), 3, padding=1).shape[1:]

WIKI_CLAIMS = claims_of(
    WIKI,
    {
        "the output has $H_{out} = H - k + 1$": [
            grid(
                lambda h, k: conv_out(h, k) == h - k + 1,
                [(h, k) for h in (3, 5, 8) for k in (1, 2, 3)],
            )
        ],
        "With the kernel flattened the same way": [
            None,
            None,
            _wiki(lambda v: same(v["y"].ravel(), v["w"].ravel() @ v["xcol"]), 4940),
        ],
        "To get a feeling for the size": [
            equal(BIG_COLS[0], 64 * 9),
            equal(64 * 9, 576),
            equal(BIG_COLS[1], 56 * 56),
            equal(56 * 56, 3136),
            # the same line goes on: the blow-up against the input's size, k = 3
            equal(math.prod(BIG_COLS) / (64 * 56 * 56), 3**2),
        ],
        "$$X_{col} = \\begin{bmatrix}": [
            single(
                lambda: same(
                    WIKI_V["xcol"], [[1, 2, 3, -1], [2, 0, -1, 2], [3, -1, 0, 1], [-1, 2, 1, 4]]
                )
            )
        ],
        "Flatten the upstream gradient": [
            None,
            _wiki(lambda v: same(v["y"].ravel(), v["w"].ravel() @ v["xcol"]), 4939),
        ],
        "Forward: $y^\\top": [
            single(lambda: same(WIKI_V["y"].ravel(), _W @ WIKI_V["xcol"])),
            single(lambda: same(_W @ WIKI_V["xcol"], [5, 0, 4, -1])),
        ],
        "\\frac{\\partial L}{\\partial w} = X_{col}\\, g = ": [
            _wiki(lambda v: same(v["dw"].ravel(), v["xcol"] @ v["g"].ravel()), 4941),
            single(lambda: same(WIKI_V["xcol"] @ _G, [-1, 9, 4, 12])),
        ],
        "\\frac{\\partial L}{\\partial X_{col}} = g\\, w^\\top": [
            _wiki(lambda v: same(v["dxcol"], np.outer(v["g"].ravel(), v["w"].ravel())), 4942),
            single(
                lambda: same(
                    np.outer(_G, _W), [[1, 2, -1, 3], [-1, -2, 1, -3], [2, 4, -2, 6], [0, 0, 0, 0]]
                )
            ),
        ],
        "\\text{ is a copy of }": [
            _wiki(
                lambda v: same(v["dx"], col2im(v["dxcol"], v["x"].shape[0], v["w"].shape[0])), 4943
            )
        ],
        "The centre pixel is in all four": [
            _wiki(lambda v: math.isclose(v["dx"][1, 1], _centre(v)), 4944, sizes=((3, 2),)),
            equal(sum(_W[3 - n] * _G[n] for n in range(4)), 0 + 4 + 1 + 3),
            equal(0 + 4 + 1 + 3, 8),
        ],
        "\\frac{\\partial L}{\\partial X} = \\begin{bmatrix} 1 & 1 & -2": [
            single(lambda: same(WIKI_V["dx"], [[1, 1, -2], [1, 8, -3], [-2, 5, 0]]))
        ],
        "which is exactly the textbook form": [
            _wiki(
                lambda v: same(v["dx"], corr(pad(v["g"], v["w"].shape[0] - 1), rot180(v["w"]))),
                4945,
            ),
            _wiki(lambda v: same(v["dx"], corr(pad(v["g"], v["w"].shape[0] - 1), v["w"])), 4946),
        ],
        "col2im is the adjoint": [_wiki_adjoint(4947)],
        "It is also its inverse": [
            trials(lambda r: same(col2im(im2col(x := r.normal(size=(4, 4)), 2), 4, 2), x), 4948)
        ],
        "col2im of a column matrix of ones": [
            single(lambda: same(col2im(np.ones((4, 4)), 3, 2), [[1, 2, 1], [2, 4, 2], [1, 2, 1]])),
            equal(col2im(np.ones((4, 4)), 3, 2).sum(), 2**2 * 2**2),
        ],
        "With stride $s$ the windows start": [
            grid(
                lambda h, k, s: conv_out(h, k, s) == (h - k) // s + 1,
                [(h, k, s) for h in (5, 7, 8) for k in (2, 3) for s in (1, 2, 3)],
            ),
            None,
            None,
            None,
            equal(conv_out(8, 3, 2), math.ceil((8 - 3) / 2) + 1),
            equal(math.ceil((8 - 3) / 2) + 1, 4),
        ],
        "With a batch of $N$ images": [_wiki_batch(4949)],
    },
)


# --- odev_keras_model_summary_cnn.md (Turkish homework): the model behind the printed summary,
# as torch layers with the same shapes and counts (Keras' Conv2D / Dense have biases, like
# nn.Conv2d / nn.Linear; "same" with k = 3 and stride 1 is padding 1).

ODEV = "odev_keras_model_summary_cnn"


def _odev_layers(side: int = 48) -> list[nn.Module]:
    flat = {48: 2048, 64: 4608}[side]
    return [
        nn.Conv2d(1, 32, 3),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5),
        nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding=1),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(flat, 256),
        nn.Linear(256, 7),
    ]


def _odev_shapes(side: int) -> list[tuple[int, ...]]:
    h = torch.zeros(1, 1, side, side, dtype=F64)
    out = []
    for layer in _odev_layers(side):
        h = layer.double()(h)
        out.append(tuple(h.shape[1:]))
    return out


ODEV_SHAPES, ODEV_SHAPES_64 = _odev_shapes(48), _odev_shapes(64)
ODEV_P = [params(m) for m in _odev_layers()]
ODEV_P64 = [params(m) for m in _odev_layers(64)]
ODEV_TOTAL = sum(ODEV_P)


def _odev_receptive() -> int:
    """Input rows that reach one output pixel of conv2d_1 (positive weights: nothing cancels;
    the receptive field is the windows' geometry, so the pooling is averaged here: a max pool's
    gradient would reach only each window's maximum)."""
    x = torch.zeros(1, 1, 48, 48, dtype=F64, requires_grad=True)
    w1 = t64(np.random.default_rng(4950).uniform(1, 2, (1, 1, 3, 3)))
    w2 = t64(np.random.default_rng(4951).uniform(1, 2, (1, 1, 5, 5)))
    F.conv2d(F.avg_pool2d(F.conv2d(x, w1), 2), w2)[0, 0, 9, 9].backward()
    return int(np.any(x.grad.numpy()[0, 0] != 0, axis=1).sum())


def _about(value: float, written: float, last_digit: float) -> Truth:
    """An approximation as written: within half a unit of the last written digit."""
    return lambda: [abs(value - written) <= last_digit / 2]


def _odev_same_pad() -> bool:
    """Keras' "same" for k = 3, stride 1 keeps the side: torch's padding=1 does."""
    y = F.conv2d(
        torch.zeros(1, 64, 9, 9, dtype=F64), torch.zeros(128, 64, 3, 3, dtype=F64), padding=1
    )
    return tuple(y.shape[2:]) == (9, 9)


ODEV_CLAIMS = claims_of(
    ODEV,
    {
        "**a) Girdi.**": [
            equal(next(h for h in range(3, 100) if conv_out(h, 3) == 46), 46 + 3 - 1),
            equal(46 + 3 - 1, 48),
            equal(nn.Conv2d(1, 32, 3).weight.shape[1], (ODEV_P[0] - 32) / (3 * 3 * 32)),
            equal((320 - 32) / (3 * 3 * 32), 1),
        ],
        "**b) conv2d_1'in": [
            equal(nn.Conv2d(32, 64, 5).kernel_size[0] ** 2, ODEV_P[2] / (32 * 64)),
            _about(51264 / (32 * 64), 25, 1),
            equal(nn.Conv2d(32, 64, 5).kernel_size[0], 5),
            equal(23 - 5 + 1, 19),
        ],
        "**d) conv2d_2.**": [
            lambda: [_odev_same_pad() and (3 - 1) / 2 == 1],
            equal((3 - 1) / 2, 1),
            equal(ODEV_P[4], 3 * 3 * 64 * 128 + 128),
            equal(3 * 3 * 64 * 128 + 128, 73856),
        ],
        "**e) Flatten ve Dense.**": [
            equal(ODEV_SHAPES[6][0], 4 * 4 * 128),
            equal(4 * 4 * 128, 2048),
            equal(ODEV_P[7], 2048 * 256 + 256),
            equal(2048 * 256 + 256, 524544),
        ],
        "**f) Eksik sayı.**": [equal(ODEV_P[8], 256 * 7), equal(256 * 7, 1792)],
        "**g) Alıcı alan.**": [equal(_odev_receptive(), 3 + 5 - 1), equal(3 + 5 - 1, 7)],
        "**h) Girdi $64": [
            equal(ODEV_SHAPES_64[6][0], 7 * 7 * 128),
            equal(7 * 7 * 128, 6272),
            equal(ODEV_P64[7], 6272 * 256 + 256),
            equal(6272 * 256 + 256, 1605888),
        ],
        "**i) Parametreler nerede?**": [
            _about(ODEV_P[7] / ODEV_TOTAL, 0.85, 0.01),
            equal(128 * 256 + 256, 33024),
        ],
        "**j) İşlem sayısı.**": [
            equal(
                flops_half(lambda: nn.Conv2d(1, 32, 3)(torch.zeros(1, 1, 48, 48))), 48 * 48 * 32 * 9
            ),
            equal(48 * 48 * 32 * 9, 663552),
        ],
    },
)


# --- ujian_konvolusi_sigmoid_mse.md (Indonesian exam solution): Z = X star W + b (torch conv2d,
# 0-based), A = sigmoid(Z), L = mean over the four outputs of (A - T)^2.

UJI = "ujian_konvolusi_sigmoid_mse"
UJI_X = np.array([[1.0, 0, 1, 0], [0, 1, 0, 1], [1, 1, 0, 0], [0, 0, 1, 1]])
UJI_W = np.array([[1.0, 0, -1], [2, 0, 0], [0, 1, 1]])
UJI_T = np.array([[1.0, 0], [0, 1]])


def _uji_case(x: np.ndarray, w: np.ndarray, b: float, t: np.ndarray, summed: bool = False) -> dict:
    """The exam's network through torch autograd: Z, A, L and every gradient."""
    xt, wt, bt = t64(x, True), t64(w, True), t64([b], True)
    z = F.conv2d(xt[None, None], wt[None, None], bt)[0, 0]
    z.retain_grad()
    a = torch.sigmoid(z)
    a.retain_grad()
    sq = (a - t64(t)) ** 2
    loss = sq.sum() if summed else sq.mean()
    loss.backward()
    return {
        "x": x,
        "w": w,
        "t": t,
        "z": z.detach().numpy(),
        "a": a.detach().numpy(),
        "L": float(loss.detach()),
        "da": a.grad.numpy(),
        "dz": z.grad.numpy(),
        "dw": wt.grad.numpy(),
        "db": float(bt.grad[0]),
        "dx": xt.grad.numpy(),
    }


UJI_V = _uji_case(UJI_X, UJI_W, -1.0, UJI_T)
_D = UJI_V["dz"]


def _sigmoid_prime(z: np.ndarray, s: np.ndarray) -> bool:
    """torch's derivative of the sigmoid at z against s (1 - s), s the sigmoid the note writes."""
    zt = t64(z, True)
    torch.sigmoid(zt).sum().backward()
    return same(zt.grad.numpy(), s * (1 - s))


def _uji(rel: Callable[[dict], bool], seed: int) -> Truth:
    """Random X, W, b and targets in [0, 1] at the exam's sizes."""

    def make(r: np.random.Generator) -> dict:
        return _uji_case(
            r.normal(size=(4, 4)), r.normal(size=(3, 3)), float(r.normal()), r.uniform(size=(2, 2))
        )

    return trials(lambda r: rel(make(r)), seed)


def _near(a: object, b: object, last_digit: float) -> bool:
    """Written to a precision: every entry within half a unit of the last written digit."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= last_digit / 2 + 1e-12))


def _sum_vs_mean(seed: int) -> Truth:
    def check(r: np.random.Generator) -> bool:
        x, w, b, t = (
            r.normal(size=(4, 4)),
            r.normal(size=(3, 3)),
            float(r.normal()),
            r.uniform(size=(2, 2)),
        )
        return same(_uji_case(x, w, b, t, summed=True)["dw"], 2 * _uji_case(x, w, b, t)["dw"])

    return trials(check, seed)


UJI_CLAIMS = claims_of(
    UJI,
    {
        "**(a)** Ukuran keluaran": [
            equal(4 - 3 + 1, 2),
            single(
                lambda: math.isclose(
                    UJI_V["z"][0, 0], 1 * 1 + 1 * (-1) + 1 * 1 + (-1), abs_tol=1e-12
                )
            ),
            equal(1 * 1 + 1 * (-1) + 1 * 1 + (-1), 0),
        ],
        "$$Z = \\begin{bmatrix} 0 & 1": [single(lambda: same(UJI_V["z"], [[0, 1], [2, 3]]))],
        "**(b)** Sigmoid per elemen": [
            single(lambda: _near(UJI_V["a"], [[0.5, 0.731], [0.881, 0.953]], 0.001)),
            single(lambda: _near(UJI_V["L"], 0.781, 0.001)),
        ],
        "**(c)** Turunan loss": [
            _uji(lambda v: same(v["da"], (v["a"] - v["t"]) / 2), 4960),
        ],
        "Turunan sigmoid:": [
            trials(
                lambda r: _sigmoid_prime(z := r.normal(size=5), torch.sigmoid(t64(z)).numpy()), 4961
            ),
            None,
            _uji(lambda v: same(v["dz"], (v["a"] - v["t"]) * v["a"] * (1 - v["a"])), 4962),
            single(lambda: math.isclose(_D[0, 0], -0.25 * 0.25)),
            equal(-0.25 * 0.25, -0.0625),
        ],
        "$$\\delta \\approx": [
            single(lambda: _near(_D, [[-0.0625, 0.0719], [0.0462, -0.0011]], 0.0001))
        ],
        "**(d)** Bobot:": [
            _uji(lambda v: same(v["dw"], corr(v["x"], v["dz"])), 4963),
            None,
            None,
            single(lambda: math.isclose(UJI_V["dw"][0, 0], _D[0, 0] + _D[1, 1])),
            single(lambda: _near(_D[0, 0] + _D[1, 1], -0.0636, 0.0001)),
            _uji(lambda v: same(v["dw"], corr(v["x"], rot180(v["dz"]))), 4964),
        ],
        "\\frac{\\partial L}{\\partial W} \\approx \\begin{bmatrix}": [
            single(
                lambda: _near(
                    UJI_V["dw"],
                    [
                        [-0.0636, 0.1181, -0.0636],
                        [0.1170, -0.0163, 0.0719],
                        [0.0094, -0.0636, 0.0719],
                    ],
                    0.0001,
                )
            )
        ],
        "Bias ditambahkan ke keempat": [
            _uji(lambda v: math.isclose(v["db"], v["dz"].sum() / 4), 4965),
            single(lambda: _near(_D.sum() / 4, 0.0136, 0.0001)),
        ],
        "**(e)** Masukan:": [
            _uji(lambda v: same(v["dx"], corr(pad(v["dz"], 2), rot180(v["w"]))), 4966),
            single(lambda: math.isclose(UJI_V["dx"][0, 0], _D[0, 0] * UJI_W[0, 0])),
            equal(_D[0, 0] * UJI_W[0, 0], -0.0625),
            single(
                lambda: math.isclose(
                    UJI_V["dx"][0, 2], _D[0, 0] * UJI_W[0, 2] + _D[0, 1] * UJI_W[0, 1]
                )
            ),
            equal(_D[0, 0] * UJI_W[0, 2] + _D[0, 1] * UJI_W[0, 1], 0.0625),
            single(lambda: math.isclose(UJI_V["dx"][1, 0], _D[0, 0] * UJI_W[1, 0])),
            equal(_D[0, 0] * UJI_W[1, 0], -0.125),
        ],
        "**(f)** Dengan laju belajar": [
            None,
            None,
            single(lambda: _near(UJI_W[0, 0] - 1 * UJI_V["dw"][0, 0], 1 - 0.0636, 0.0001)),
            equal(1 - 0.0636, 0.9364),
        ],
        "**Catatan untuk korektor.**": [None, _sum_vs_mean(4967)],
    },
)


NOTES_B: Claims = {**WAVE_CLAIMS, **WIKI_CLAIMS, **ODEV_CLAIMS, **UJI_CLAIMS}
