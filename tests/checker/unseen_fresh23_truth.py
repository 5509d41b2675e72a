"""Independent truth for the fresh23 unseen set (tests/data/check/unseen/fresh23/): shared helpers
and the notes tentamen_deep_learning_uitwerkingen, wiki_conv_layer_backprop and
se_answer_im2col_dw.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. A claim's line is found from an anchor, a piece of text that
occurs on exactly one line of the note. A side that reads an entry outside a tensor (IndexError)
or combines arrays of mismatched shapes (ValueError) disagrees; where a note declares zeros
outside a range, those entries are read as zero. A link between two written numbers is judged
as arithmetic; a size or count named on the left must equal the true one (a parameter count
includes the biases the layer has). The other notes live in unseen_fresh23_truth_b.py;
truth_table merges both.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import (
    Truth,
    anchor_line,
    at,
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


def line(stem: str, anchor: str) -> int:
    """The 1-based line of the fresh23 note holding the anchor (on exactly one line)."""
    return anchor_line("fresh23", stem, anchor)


def one_conv(r: np.random.Generator, side: int, k: int, bias: bool = True, **kw: int) -> dict:
    """A single-channel conv2d on a random side x side input with a random k x k kernel and
    upstream gradient: the forward output and the three gradients, 2-D."""
    x, w = r.normal(size=(side, side)), r.normal(size=(k, k))
    b = r.normal(size=1) if bias else np.zeros(1)
    out = conv_out(side, k, kw.get("stride", 1), kw.get("padding", 0), kw.get("dilation", 1))
    g = r.normal(size=(out, out))
    t = conv(x[None, None], w[None, None], b, g[None, None], **kw)
    return {"x": x, "k": w, "b": float(b[0]), "g": g, "y": t["z"][0, 0], "dx": t["dx"][0, 0],
            "dk": t["dw"][0, 0], "db": float(t["db"][0])}  # fmt: skip


# --- tentamen_deep_learning_uitwerkingen.md (Dutch exam): a layer table on 3 x 32 x 32, and a
# worked example X 3x3, K 2x2, b = 1, G 2x2, 1-based

EXAM = "tentamen_deep_learning_uitwerkingen"
_TX = np.array([[1.0, 2, 0], [3, 1, 1], [0, 2, 4]])
_TK = np.array([[1.0, 0], [-1, 2]])
_TG = np.array([[1.0, -1], [2, 0]])


def _t(anchor: str) -> int:
    return line(EXAM, anchor)


def _exam() -> dict:
    t = conv(_TX[None, None], _TK[None, None], np.ones(1), _TG[None, None])
    return {"y": t["z"][0, 0], "dk": t["dw"][0, 0], "db": float(t["db"][0]), "dx": t["dx"][0, 0]}


def _exam_net_h5() -> int:
    net = torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.MaxPool2d(2), torch.nn.Conv2d(8, 16, 3),
        torch.nn.MaxPool2d(2), torch.nn.Conv2d(16, 32, 2, stride=2),
    )  # fmt: skip
    return int(net(torch.zeros(1, 3, 32, 32)).shape[-1])


EXAM_CLAIMS: Claims = {
    (EXAM, _t("P_1 = "), 1): equal(params(torch.nn.Conv2d(3, 8, 3, padding=1)), 8 * 3 * 9 + 8),
    (EXAM, _t("P_1 = "), 2): equal(8 * 3 * 9 + 8, 224),
    (EXAM, _t("P_3 = "), 1): equal(params(torch.nn.Conv2d(8, 16, 3)), 16 * 8 * 9),
    (EXAM, _t("P_3 = "), 2): equal(16 * 8 * 9, 1152),
    (EXAM, _t("P_5 = "), 1): equal(params(torch.nn.Conv2d(16, 32, 2, stride=2)), 32 * 16 * 9 + 32),
    (EXAM, _t("P_5 = "), 2): equal(32 * 16 * 9 + 32, 4640),
    (EXAM, _t("H_5 = "), 1): equal(_exam_net_h5(), math.ceil((7 - 2) / 2) + 1),
    (EXAM, _t("H_5 = "), 2): equal(math.ceil((7 - 2) / 2) + 1, 4),
    (EXAM, _t("Y = \\begin{pmatrix} 1 & 4"), 1): single(
        lambda: same(_exam()["y"], [[1, 4], [8, 7]])
    ),
    (EXAM, _t("= X \\star G ="), 1): single(lambda: same(_exam()["dk"], corr(_TX, _TG))),
    (EXAM, _t("= X \\star G ="), 2): single(lambda: same(corr(_TX, _TG), [[5, 4], [2, 3]])),
    (EXAM, _t("\\sum_{i,j} g_{ij} = 2"), 1): single(lambda: math.isclose(_exam()["db"], _TG.sum())),
    (EXAM, _t("\\sum_{i,j} g_{ij} = 2"), 2): equal(float(_TG.sum()), 2),
    (EXAM, _t("\\operatorname{rot}_{180}(K) ="), 1): single(
        lambda: same(_exam()["dx"], corr(pad(_TG, 1), rot180(_TK)))
    ),
    (EXAM, _t("\\operatorname{rot}_{180}(K) ="), 2): single(
        lambda: same(corr(pad(_TG, 1), rot180(_TK)), [[1, -1, 0], [1, 3, -2], [-2, 4, 0]])
    ),
    (EXAM, _t("Veelgemaakte fout"), 1): single(lambda: same(_exam()["dx"], corr(pad(_TG, 1), _TK))),
    # 1-based x_31, g_21, k_11 are [2, 0], [1, 0], [0, 0]
    (EXAM, _t("g_{21}\\, k_{11} = 2"), 1): single(
        lambda: math.isclose(_exam()["dx"][2, 0], at(_TG, 1, 0) * at(_TK, 0, 0))
    ),
    (EXAM, _t("g_{21}\\, k_{11} = 2"), 2): equal(at(_TG, 1, 0) * at(_TK, 0, 0), 2),
}


# --- wiki_conv_layer_backprop.md (course wiki, \tag{7.x}): X 6x6, K 3x3, scalar b, stride 1,
# 0-based; the Lab 5 network on 1 x 28 x 28

WIKI = "wiki_conv_layer_backprop"


def _w(anchor: str) -> int:
    return line(WIKI, anchor)


def _wk(rel: Callable[[dict], bool], seed: int, **kw: int) -> Truth:
    return trials(lambda r: rel(one_conv(r, 6, 3, **kw)), seed)


def _wiki_fwd(v: dict) -> bool:
    x, k = v["x"], v["k"]
    rhs = [[sum(at(k, u, w) * at(x, i + u, j + w) for u in range(3) for w in range(3)) + v["b"]
            for j in range(4)] for i in range(4)]  # fmt: skip
    return same(v["y"], rhs)


def _wiki_dk(v: dict) -> bool:
    x, g = v["x"], v["g"]
    rhs = [[sum(at(g, i, j) * at(x, i + u, j + w) for i in range(4) for j in range(4))
            for w in range(3)] for u in range(3)]  # fmt: skip
    return same(v["dk"], rhs)


def _lab5() -> dict:
    conv1, conv2 = torch.nn.Conv2d(1, 6, 5), torch.nn.Conv2d(6, 16, 5)
    h1 = conv1(torch.zeros(1, 1, 28, 28))
    h3 = conv2(F.max_pool2d(h1, 2))
    return {"h1": h1.shape[-1], "h3": h3.shape[-1], "p2": params(conv2),
            "pfc": params(torch.nn.Linear(256, 10))}  # fmt: skip


def _relu_sign(r: np.random.Generator) -> bool:
    z, g = t64(r.normal(size=(4, 4)), True), r.normal(size=(4, 4))
    a = torch.relu(z)
    (a * t64(g)).sum().backward()
    return same(z.grad.numpy(), g * np.sign(a.detach().numpy()))


_LAB = _lab5()

WIKI_CLAIMS: Claims = {
    (WIKI, _w("\\tag{7.1}"), 1): _wk(_wiki_fwd, 100),
    (WIKI, _w("\\tag{7.2}"), 1): equal(conv_out(6, 3), 6 - 3 + 1),
    (WIKI, _w("\\tag{7.2}"), 2): equal(6 - 3 + 1, 4),
    (WIKI, _w("\\tag{7.3}"), 1): _wk(_wiki_dk, 110),
    (WIKI, _w("\\tag{7.4}"), 1): _wk(lambda v: math.isclose(v["db"], v["g"].sum() / 16), 120),
    (WIKI, _w("\\tag{7.5}"), 1): _wk(lambda v: same(v["dk"], corr(v["x"], rot180(v["g"]))), 130),
    (WIKI, _w("\\tag{7.6}"), 1): _wk(
        lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["k"]))), 140
    ),
    (WIKI, _w("\\tag{7.7}"), 1): _wk(
        lambda v: math.isclose(v["dx"][0, 0], at(v["g"], 0, 0) * at(v["k"], 0, 0)), 150
    ),
    (WIKI, _w("\\tag{7.8}"), 1): _wk(
        lambda v: math.isclose(v["dx"][5, 5], at(v["g"], 3, 3) * at(v["k"], 0, 0)), 160
    ),
    (WIKI, _w("\\tag{7.9}"), 1): _wk(
        lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["k"]))), 170, stride=2
    ),
    (WIKI, _w("\\tag{7.10}"), 1): equal(_LAB["h1"], 24),
    (WIKI, _w("\\tag{7.11}"), 1): equal(_LAB["h3"], 12 - 5),
    (WIKI, _w("\\tag{7.11}"), 2): equal(12 - 5, 7),
    (WIKI, _w("\\tag{7.12}"), 1): equal(_LAB["p2"], 16 * 6 * 25 + 16),
    (WIKI, _w("\\tag{7.12}"), 2): equal(16 * 6 * 25 + 16, 2406),
    (WIKI, _w("\\tag{7.13}"), 1): equal(_LAB["pfc"], 256 * 10),
    (WIKI, _w("\\tag{7.13}"), 2): equal(256 * 10, 2560),
    (WIKI, _w("\\tag{7.14}"), 1): trials(_relu_sign, 180),
}


# --- se_answer_im2col_dw.md (Stack Exchange answer): C = 3, 5x5, F = 2 filters 3x3, stride 1,
# X_col (27, 9) from unfold, W_row (2, 27), Y (2, 9); a tiny 1-channel 3x3 / 2x2 check

SE = "se_answer_im2col_dw"


def _s(anchor: str) -> int:
    return line(SE, anchor)


def _im2col(r: np.random.Generator, padding: int = 0) -> dict:
    """Autograd through the conv (for dL/dX) and through the im2col product with X_col a leaf."""
    x, w, b = r.normal(size=(1, 3, 5, 5)), r.normal(size=(2, 3, 3, 3)), r.normal(size=2)
    side = 5 + 2 * padding - 3 + 1
    d = r.normal(size=(2, side * side))
    t = conv(x, w, b, d.reshape(1, 2, side, side), padding=padding)
    cols = F.unfold(t64(x), 3, padding=padding)[0].detach().requires_grad_(True)
    wr, bt = t64(w.reshape(2, 27), True), t64(b, True)
    y = wr @ cols + bt[:, None] @ torch.ones(1, side * side, dtype=torch.float64)
    (y * t64(d)).sum().backward()
    return {"cols": cols.detach().numpy(), "w": w.reshape(2, 27), "d": d, "y": y.detach().numpy(),
            "z": t["z"][0].reshape(2, -1), "dx": t["dx"], "dw_conv": t["dw"].reshape(2, 27),
            "dw": wr.grad.numpy(), "db": bt.grad.numpy(), "dcols": cols.grad.numpy()}  # fmt: skip


def _se(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_im2col(r)), seed)


def _col2im(m: np.ndarray, padding: int = 0) -> np.ndarray:
    """Scatter-add each column back to its 3 x 3 patch of every channel of a 5 x 5 image."""
    out = np.zeros((3, 5 + 2 * padding, 5 + 2 * padding))
    side = 5 + 2 * padding - 3 + 1
    for pos in range(side * side):
        i, j = divmod(pos, side)
        out[:, i : i + 3, j : j + 3] += m[:, pos].reshape(3, 3, 3)
    return out[:, padding : out.shape[1] - padding, padding : out.shape[2] - padding][None]


def _se_entry(v: dict) -> bool:
    d, cols = v["d"], v["cols"]
    rhs = [
        [sum(at(d, f, m) * at(cols, m, r) for m in range(9)) for r in range(27)] for f in range(2)
    ]
    return same(v["dw"], rhs)


_SX = np.array([[1.0, 2, 0], [0, 1, 3], [2, 1, 1]])
_SD = np.array([[1.0, 0, -1, 2]])


def _tiny() -> dict:
    t = conv(_SX[None, None], np.zeros((1, 1, 2, 2)), None, _SD.reshape(1, 1, 2, 2))
    return {"cols": F.unfold(t64(_SX[None, None]), 2)[0].numpy(), "dw": t["dw"].reshape(1, 4)}


SE_CLAIMS: Claims = {
    (SE, _s("= X_{\\text{col}}^\\top \\delta$$"), 1): _se(
        lambda v: same(v["dw"], v["cols"].T @ v["d"]), 200
    ),
    (SE, _s("C k^2 = 3"), 1): single(
        lambda: _im2col(np.random.default_rng(1))["cols"].shape[0] == 27
    ),
    (SE, _s("C k^2 = 3"), 2): equal(3 * 9, 27),
    (SE, _s("(5 - 3 + 1)^2"), 1): single(
        lambda: _im2col(np.random.default_rng(2))["cols"].shape[1] == (5 - 3 + 1) ** 2
    ),
    (SE, _s("(5 - 3 + 1)^2"), 2): equal((5 - 3 + 1) ** 2, 9),
    (SE, _s("b\\, \\mathbf{1}^\\top,$$"), 1): _se(lambda v: same(v["z"], v["y"]), 210),
    (SE, _s("\\qquad \\frac{\\partial L}{\\partial b} = \\delta\\,"), 1): _se(
        lambda v: same(v["dw_conv"], v["d"] @ v["cols"].T), 220
    ),
    (SE, _s("\\qquad \\frac{\\partial L}{\\partial b} = \\delta\\,"), 2): _se(
        lambda v: same(v["db"], v["d"] @ np.ones(9)), 230
    ),
    (SE, _s("\\qquad \\frac{\\partial L}{\\partial b} = \\delta\\,"), 3): _se(
        lambda v: same(v["dcols"], v["w"].T @ v["d"]), 240
    ),
    (SE, _s("\\sum_{m=0}^{8}"), 1): _se(_se_entry, 250),
    (SE, _s("\\operatorname{col2im}\\big"), 1): _se(
        lambda v: same(v["dx"], _col2im(v["w"].T @ v["d"])), 260
    ),
    (SE, _s("(5 + 1 - 3 + 1)^2"), 1): single(
        lambda: (
            _im2col(np.random.default_rng(3), padding=1)["cols"].shape[1] == (5 + 1 - 3 + 1) ** 2
        )
    ),
    (SE, _s("(5 + 1 - 3 + 1)^2"), 2): equal((5 + 1 - 3 + 1) ** 2, 16),
    (SE, _s("X_{\\text{col}} = \\begin{pmatrix}"), 1): single(
        lambda: same(_tiny()["cols"], [[1, 2, 0, 1], [2, 0, 1, 3], [0, 1, 2, 1], [1, 3, 1, 1]])
    ),
    (SE, _s("= \\delta\\, X_{\\text{col}}^\\top = \\begin"), 1): single(
        lambda: same(_tiny()["dw"], _SD @ _tiny()["cols"].T)
    ),
    (SE, _s("= \\delta\\, X_{\\text{col}}^\\top = \\begin"), 2): single(
        lambda: same(_SD @ _tiny()["cols"].T, [[3, 7, 0, 3]])
    ),
    (SE, _s("lin_alg_larry): For"), 1): _se(lambda v: same(v["dcols"], v["d"].T @ v["w"]), 270),
    (SE, _s("\\delta^\\top \\mathbf{1}$"), 1): _se(
        lambda v: same(v["db"], v["d"].T @ np.ones(2)), 280
    ),
}


def truth_table() -> Claims:
    from unseen_fresh23_truth_b import NOTES_B

    return {**EXAM_CLAIMS, **WIKI_CLAIMS, **SE_CLAIMS, **NOTES_B}
