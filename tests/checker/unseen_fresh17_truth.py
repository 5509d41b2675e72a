"""Independent truth for the fresh17 unseen set (tests/data/check/unseen/fresh17/): the helpers
every fresh17 truth module shares, and the notes dispense_conv_backprop and
reddit_backward_is_conv_transpose.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. A claim's line is found from an anchor (a piece of the line,
unique in the note). A side that reads an entry outside a tensor (IndexError), multiplies
matrices of mismatched shapes (ValueError) or asks torch for an impossible op (RuntimeError)
disagrees. A link between two written numbers is judged as arithmetic; a size or count named on
the left must equal the true one. The other notes are in unseen_fresh17_truth_b.py
(hw5_multichannel_solution, resumen_pooling_parcial) and unseen_fresh17_truth_c.py
(slides_im2col_backward, qa_dilated_strided_audio, selfcheck_sizes_counts).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import (
    F64,
    TRIALS,
    Truth,
    at,
    conv,
    conv_out,
    corr,
    dilate,
    pad,
    params,
    rng,
    rot180,
    same,
    t64,
    zat,
)

SET = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen" / "fresh17"


@cache
def line_of(stem: str, anchor: str) -> int:
    """The 1-based line of the note holding the anchor; the anchor must be unique."""
    lines = (SET / f"{stem}.md").read_text(encoding="utf-8").splitlines()
    found = [k + 1 for k, text in enumerate(lines) if anchor in text]
    if len(found) != 1:
        raise LookupError(f"{stem}: anchor {anchor!r} found on lines {found}")
    return found[0]


def keyed(stem: str, rows: list[tuple[str, int, Truth]]) -> dict[tuple[str, int, int], Truth]:
    return {(stem, line_of(stem, anchor), rank): fn for anchor, rank, fn in rows}


def agree(check: Callable[[], bool]) -> bool:
    """One comparison; a side naming a missing entry or an impossible product disagrees."""
    try:
        return bool(check())
    except (IndexError, ValueError, RuntimeError):
        return False


def trials(check: Callable[[np.random.Generator], bool], seed: int) -> Truth:
    return lambda: [agree(lambda t=t: check(rng(seed + t))) for t in range(TRIALS)]


def once(check: Callable[[], bool]) -> Truth:
    return lambda: [agree(check)]


def equal(lhs: float, rhs: float) -> Truth:
    """A size, count or arithmetic link: the two numbers must be equal."""
    return lambda: [math.isclose(lhs, rhs, rel_tol=1e-12, abs_tol=1e-12)]


# --- dispense_conv_backprop.md: X 5x5, W 3x3, scalar b, stride 1, 0-based; delta = dL/dY

DISP = "dispense_conv_backprop"


def _layer(r: np.random.Generator, padding: int = 0) -> dict:
    x, w, b = r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal()
    side = 5 + 2 * padding - 2
    d = r.normal(size=(side, side))
    v = conv(x[None, None], w[None, None], np.array([b]), d[None, None], padding=padding)
    return {
        "x": x,
        "w": w,
        "b": b,
        "d": d,
        **{k: a[0, 0] if a.ndim == 4 else a for k, a in v.items()},
    }


def _on_layer(rel: Callable[[dict], bool], seed: int, padding: int = 0) -> Truth:
    return trials(lambda r: rel(_layer(r, padding)), seed)


def _forward(v: dict) -> bool:
    x, w = v["x"], v["w"]
    rhs = [
        [sum(at(w, m, n) * at(x, i + m, j + n) for m in range(3) for n in range(3)) + v["b"]
         for j in range(3)]
        for i in range(3)
    ]  # fmt: skip
    return same(v["z"], rhs)


def _dw(v: dict) -> bool:
    x, d = v["x"], v["d"]
    rhs = [
        [sum(at(d, i, j) * at(x, i + m, j + n) for i in range(3) for j in range(3))
         for n in range(3)]
        for m in range(3)
    ]  # fmt: skip
    return same(v["dw"], rhs)


def _dx(v: dict) -> bool:
    d, w = v["d"], v["w"]  # delta is zero outside 0..2, as the note sets
    rhs = [
        [sum(zat(d, p - m, q - n) * at(w, m, n) for m in range(3) for n in range(3))
         for q in range(5)]
        for p in range(5)
    ]  # fmt: skip
    return same(v["dx"], rhs)


def _activation(
    kind: str, rel: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
) -> Truth:
    """L = sum(ga * act(y)) after the valid conv; compares delta = dL/dy with rel(ga, y, a)."""

    def check(r: np.random.Generator) -> bool:
        x, w, ga = r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(size=(3, 3))
        y = F.conv2d(t64(x[None, None]), t64(w[None, None], True))[0, 0]
        y.retain_grad()
        a = torch.relu(y) if kind == "relu" else torch.tanh(y)
        (a * t64(ga)).sum().backward()
        yv, av = y.detach().numpy(), a.detach().numpy()
        return same(y.grad.numpy(), rel(ga, yv, av))

    return trials(check, 170 if kind == "relu" else 180)


_DX = np.array([[1, 0, 2], [3, 1, 0], [0, 2, 1]], dtype=np.float64)
_DW = np.array([[1, -1], [0, 2]], dtype=np.float64)
_DD = np.array([[1, 2], [0, -1]], dtype=np.float64)


def _example() -> dict:
    v = conv(_DX[None, None], _DW[None, None], None, _DD[None, None])
    return {k: a[0, 0] for k, a in v.items()}


_Y00 = 1 * 1 + 0 * (-1) + 3 * 0 + 1 * 2

DISPENSE = keyed(
    DISP,
    [
        ("$$H_{out} = 5 - 3 + 1 = 3$$", 1, equal(conv_out(5, 3), 5 - 3 + 1)),
        ("$$H_{out} = 5 - 3 + 1 = 3$$", 2, equal(5 - 3 + 1, 3)),
        ("$$y_{i,j} = \\sum", 1, _on_layer(_forward, 100)),
        ("\\partial w_{m,n}} = \\sum", 1, _on_layer(_dw, 110)),
        (
            "$$\\frac{\\partial \\mathcal{L}}{\\partial W} = X \\star \\delta$$",
            1,
            _on_layer(lambda v: same(v["dw"], corr(v["x"], v["d"])), 120),
        ),
        (
            "X \\star \\operatorname{rot}_{180}(\\delta)",
            1,
            _on_layer(lambda v: same(v["dw"], corr(v["x"], rot180(v["d"]))), 130),
        ),
        (
            "\\partial b} = \\sum",
            1,
            _on_layer(lambda v: math.isclose(v["db"][0], v["d"].sum()), 140),
        ),
        ("\\partial x_{p,q}} = \\sum", 1, _on_layer(_dx, 150)),
        (
            "\\operatorname{pad}_2(\\delta) \\star",
            1,
            _on_layer(lambda v: same(v["dx"], corr(pad(v["d"], 2), rot180(v["w"]))), 160),
        ),
        (
            "\\partial x_{4,4}}",
            1,
            _on_layer(lambda v: math.isclose(v["dx"][4, 4], v["d"][2, 2] * v["w"][0, 0]), 190),
        ),
        (
            "\\partial x_{2,2}}",
            1,
            _on_layer(lambda v: math.isclose(v["dx"][2, 2], float((v["d"] * v["w"]).sum())), 200),
        ),
        (
            "\\operatorname{pad}_1(\\delta) \\star",
            1,
            _on_layer(lambda v: same(v["dx"], corr(pad(v["d"], 1), rot180(v["w"]))), 210, 1),
        ),
        ("(come prima)", 1, _on_layer(lambda v: same(v["dw"], corr(v["x"], v["d"])), 220, 1)),
        ("\\mathbb{1}[y_{i,j} > 0]", 1, _activation("relu", lambda ga, y, a: ga * (y > 0))),
        ("a_{i,j} (1 - a_{i,j})", 1, _activation("tanh", lambda ga, y, a: ga * a * (1 - a))),
        ("$$y_{0,0} = 1 \\cdot 1", 1, once(lambda: math.isclose(_example()["z"][0, 0], _Y00))),
        ("$$y_{0,0} = 1 \\cdot 1", 2, equal(_Y00, 3)),
        (
            "$$Y = \\begin{pmatrix} 3 & -2",
            1,
            once(lambda: same(_example()["z"], [[3, -2], [6, 1]])),
        ),
        (
            "\\begin{pmatrix} 0 & 4 \\\\ 3 & 0",
            1,
            once(lambda: same(_example()["dw"], [[0, 4], [3, 0]])),
        ),
    ],
)


# --- reddit_backward_is_conv_transpose.md: Conv2d(3, 8, 3, stride 2, padding 1), batch 1

RED = "reddit_backward_is_conv_transpose"


def _strided(r: np.random.Generator, side: int = 7) -> dict:
    x, w = r.normal(size=(1, 3, side, side)), r.normal(size=(8, 3, 3, 3))
    g = r.normal(size=(1, 8, 4, 4))
    return {"x": x, "w": w, "g": g, **conv(x, w, None, g, stride=2, padding=1)}


def _on_strided(rel: Callable[[dict], bool], seed: int, side: int = 7) -> Truth:
    return trials(lambda r: rel(_strided(r, side)), seed)


def _transpose_of_matrix(v: dict) -> bool:
    """C is the Jacobian of the bias-free conv (128 x 147); dL/dx must be C^T g."""
    w = t64(v["w"])
    c = torch.autograd.functional.jacobian(
        lambda x: F.conv2d(x, w, stride=2, padding=1).reshape(-1), t64(v["x"])
    ).reshape(128, 147)
    return same(v["dx"].reshape(-1), c.numpy().T @ v["g"].reshape(-1))


def _conv_t(g: np.ndarray, w: np.ndarray, **kw: int) -> np.ndarray:
    return F.conv_transpose2d(t64(g), t64(w), **kw).numpy()


def _dw_form(xform: Callable[[np.ndarray], np.ndarray], gform: Callable[[np.ndarray], np.ndarray]):
    def rel(v: dict) -> bool:
        x, g = v["x"][0], v["g"][0]
        return all(
            same(v["dw"][f, c], corr(xform(x[c]), gform(g[f]))) for f in range(8) for c in range(3)
        )

    return rel


def _transposed_size_grid() -> list[bool]:
    """(H_in - 1)S - 2P + K + output_padding against torch's ConvTranspose2d, output_padding < S."""
    out = []
    for h, s, p, k in itertools.product(range(1, 5), range(1, 4), range(3), range(1, 5)):
        for op in range(s):
            formula = (h - 1) * s - 2 * p + k + op
            if formula < 1:
                continue
            y = F.conv_transpose2d(
                torch.zeros(1, 1, h, h, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64),
                stride=s, padding=p, output_padding=op,
            )  # fmt: skip
            out.append(y.shape[-1] == formula)
    return out


def _needed_output_padding(rule: Callable[[int, int, int, int], int]) -> Truth:
    """The output_padding that makes conv_transpose return the forward input side H."""

    def grid() -> list[bool]:
        out = []
        for h, k, s, p in itertools.product(range(1, 10), range(1, 5), range(1, 4), range(3)):
            if h + 2 * p < k:
                continue
            ho = conv_out(h, k, s, p)
            try:  # padding so large that no transposed conv fits: no such layer to undo
                plain = F.conv_transpose2d(
                    torch.zeros(1, 1, ho, ho, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64),
                    stride=s, padding=p,
                ).shape[-1]  # fmt: skip
            except RuntimeError:
                continue
            out.append(h - plain == rule(h, k, s, p))
        return out

    return grid


def _valid_transpose(form: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Truth:
    def check(r: np.random.Generator) -> bool:
        g, w = r.normal(size=(4, 4)), r.normal(size=(3, 3))
        return same(_conv_t(g[None, None], w[None, None])[0, 0], form(g, w))

    return trials(check, 330)


_OP_H = conv_out(8, 3, 2, 1)

REDDIT = keyed(
    RED,
    [
        ("$$H = (H_{out} - 1)S - 2P + K = 7$$", 1, equal(8, (_OP_H - 1) * 2 - 2 * 1 + 3)),
        ("$$H = (H_{out} - 1)S - 2P + K = 7$$", 2, equal((4 - 1) * 2 - 2 * 1 + 3, 7)),
        (
            "\\lfloor (7 + 2 \\cdot 1 - 3)/2 \\rfloor + 1 = 4",
            1,
            equal(conv_out(7, 3, 2, 1), (7 + 2 - 3) // 2 + 1),
        ),
        ("\\lfloor (7 + 2 \\cdot 1 - 3)/2 \\rfloor + 1 = 4", 2, equal((7 + 2 - 3) // 2 + 1, 4)),
        ("= C^\\top \\frac", 1, _on_strided(_transpose_of_matrix, 300)),
        (
            "\\operatorname{conv\\_transpose2d}(G, W, \\text{stride}=2",
            1,
            _on_strided(lambda v: same(v["dx"], _conv_t(v["g"], v["w"], stride=2, padding=1)), 310),
        ),
        (
            "\\operatorname{conv\\_transpose2d}(G, \\operatorname{rot}_{180}(W)",
            1,
            _on_strided(
                lambda v: same(
                    v["dx"], _conv_t(v["g"], v["w"][:, :, ::-1, ::-1].copy(), stride=2, padding=1)
                ),
                320,
            ),
        ),
        ("$$H_{out}^{T} = (H_{in} - 1)S", 1, _transposed_size_grid),
        ("$$(4 - 1) \\cdot 2 - 2 + 3 + 1 = 8$$", 1, equal((4 - 1) * 2 - 2 + 3 + 1, 8)),
        ("\\bmod S", 1, _needed_output_padding(lambda h, k, s, p: (h + 2 * p - k) % s)),
        (
            "\\operatorname{pad}_1(X_c) \\star \\operatorname{dilate}_2(G_f)",
            1,
            _on_strided(_dw_form(lambda x: pad(x, 1), lambda g: dilate(g, 2)), 340),
        ),
        (
            "\\operatorname{pad}_1(X'_c)",
            1,
            _on_strided(_dw_form(lambda x: pad(x, 1), lambda g: dilate(g, 2)), 350, side=8),
        ),
        ("simpler rule of thumb", 1, _needed_output_padding(lambda h, k, s, p: s - 1)),
        ("skip the dilation", 1, _on_strided(_dw_form(lambda x: pad(x, 1), lambda g: g), 360)),
        ("$$P_T = 8", 1, equal(params(torch.nn.ConvTranspose2d(8, 3, 3)), 8 * 3 * 3 * 3 + 8)),
        ("$$P_T = 8", 2, equal(8 * 3 * 3 * 3 + 8, 224)),
        ("\\operatorname{pad}_3(G)", 1, _valid_transpose(lambda g, w: corr(pad(g, 3), rot180(w)))),
    ],
)


def truth_table() -> dict[tuple[str, int, int], Truth]:
    from unseen_fresh17_truth_b import NOTES_B
    from unseen_fresh17_truth_c import NOTES_C

    return {**DISPENSE, **REDDIT, **NOTES_B, **NOTES_C}
