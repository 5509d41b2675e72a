"""Independent truth for the fresh16 unseen set (tests/data/check/unseen/fresh16/): helpers and
the notes loesung_uebungsblatt7 and d2l_chapter_conv_backward.

Each correct/mistake claim of a key is a function that computes both sides of the equation at
the note's sizes with NumPy / torch autograd (float64) on random inputs, or on the note's own
numbers, and returns one bool per trial or per size: the sides agree there or not.  Nothing of
symconv is imported.  A formula that reads an entry outside a tensor raises IndexError (strict
``at``), which counts as disagreement; where a note declares zeros outside a range, ``zat`` is
used.  Claims are registered by an anchor (a piece of their line, unique in the note) and their
rank among the key's entries on that line, so the line numbers come from the note itself.
ta_rubric_hw5_q3 and README_pocketcnn live in unseen_fresh16_truth_b.py, apuntes_video_stride2,
true_false_review and tinynet_sizes_params in unseen_fresh16_truth_c.py; ``truth_table`` merges
them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import F64, TRIALS, Truth, at, corr, pad, rng, rot180, same, zat

NOTES = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen" / "fresh16"
Anchored = dict[tuple[str, str, int], Truth]


def line_of(stem: str, anchor: str) -> int:
    """The 1-based line of the note that holds ``anchor`` (which must occur on one line only)."""
    lines = (NOTES / f"{stem}.md").read_text(encoding="utf-8").splitlines()
    hits = [k + 1 for k, text in enumerate(lines) if anchor in text]
    if len(hits) != 1:
        raise LookupError(f"{stem}: anchor {anchor!r} on lines {hits}")
    return hits[0]


def resolve(table: Anchored) -> dict[tuple[str, int, int], Truth]:
    return {(stem, line_of(stem, anchor), rank): f for (stem, anchor, rank), f in table.items()}


def agree(pairs: Sequence[tuple[Callable[[], float], Callable[[], float]]]) -> bool:
    """Every left/right pair agrees; a side that reads outside a tensor disagrees."""
    try:
        return all(math.isclose(lf(), rf(), rel_tol=1e-9, abs_tol=1e-9) for lf, rf in pairs)
    except IndexError:
        return False


def trials(check: Callable[[np.random.Generator], bool], seed: int) -> list[bool]:
    return [check(rng(seed + t)) for t in range(TRIALS)]


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def conv_out(h: int, k: int, s: int, p: int) -> int:
    """Output side of a square conv2d, measured by running torch (not by the formula)."""
    x = torch.zeros(1, 1, h, h, dtype=F64)
    return int(F.conv2d(x, torch.zeros(1, 1, k, k, dtype=F64), stride=s, padding=p).shape[-1])


def count_claim(lhs: float, rhs: float, true_value: float) -> list[bool]:
    """A size or count written lhs = rhs: both sides must equal the true value."""
    return [lhs == rhs == true_value]


def arithmetic(lhs: float, rhs: float) -> list[bool]:
    """A link between two written numbers: plain arithmetic."""
    return [math.isclose(lhs, rhs, abs_tol=1e-12)]


def conv2d_grads(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, g: np.ndarray, **kw: int):
    """torch conv2d forward and autograd gradients; x (N,C,H,W), w (F,C,k,k), g like the output."""
    xt = torch.tensor(x, dtype=F64, requires_grad=True)
    wt = torch.tensor(w, dtype=F64, requires_grad=True)
    bt = None if b is None else torch.tensor(b, dtype=F64, requires_grad=True)
    y = F.conv2d(xt, wt, bt, **kw)
    (y * torch.tensor(g, dtype=F64)).sum().backward()
    out = {"y": y.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}
    if bt is not None:
        out["db"] = bt.grad.numpy()
    return out


# --- loesung_uebungsblatt7.md: 5x5 input, 3x3 kernel, scalar bias, stride 1, 1-based indices


def _lo(r: np.random.Generator) -> dict:
    x, k, b, g = r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(), r.normal(size=(3, 3))
    t = conv2d_grads(x[None, None], k[None, None], np.array([b]), g[None, None])
    return {"x": x, "k": k, "g": g, "dx": t["dx"][0, 0], "dk": t["dw"][0, 0], "db": t["db"][0]}


def _lo_check(check: Callable[[dict], bool], seed: int) -> Truth:
    return lambda: trials(lambda r: check(_lo(r)), seed)


def _lo_dk(shift: int) -> Callable[[dict], bool]:
    """dL/dk_{m,n} = sum_{i,j} g_{i,j} x_{i+m-shift, j+n-shift}, all indices 1-based."""

    def check(v: dict) -> bool:
        def rhs(m: int, n: int) -> float:
            return sum(
                at(v["g"], i - 1, j - 1) * at(v["x"], i + m - shift - 1, j + n - shift - 1)
                for i in range(1, 4)
                for j in range(1, 4)
            )

        pairs = [
            (lambda m=m, n=n: v["dk"][m - 1, n - 1], lambda m=m, n=n: rhs(m, n))
            for m in range(1, 4)
            for n in range(1, 4)
        ]
        return agree(pairs)

    return check


def _lo_dx_entries(v: dict) -> bool:
    """dL/dx_{p,q} = sum_{m,n} k_{m,n} g_{p-m+1,q-n+1} with g zero outside 1..3 (declared)."""

    def rhs(p: int, q: int) -> float:
        return sum(
            v["k"][m - 1, n - 1] * zat(v["g"], p - m, q - n)
            for m in range(1, 4)
            for n in range(1, 4)
        )

    return agree(
        [
            (lambda p=p, q=q: v["dx"][p - 1, q - 1], lambda p=p, q=q: rhs(p, q))
            for p in range(1, 6)
            for q in range(1, 6)
        ]
    )


def _lo_relu(r: np.random.Generator) -> bool:
    y = torch.tensor(r.normal(size=(3, 3)), dtype=F64, requires_grad=True)
    upstream = r.normal(size=(3, 3))
    (torch.relu(y) * torch.tensor(upstream, dtype=F64)).sum().backward()
    return same(y.grad.numpy(), upstream * (y.detach().numpy() > 0))


def _lo_sigmoid_prime(r: np.random.Generator) -> bool:
    y = torch.tensor(r.normal(size=5), dtype=F64, requires_grad=True)
    torch.sigmoid(y).sum().backward()
    s = 1 / (1 + np.exp(-y.detach().numpy()))
    return same(y.grad.numpy(), s * (1 + s))


LOESUNG: Anchored = {
    ("loesung_uebungsblatt7", r"\left\lceil \frac{6-3}{2}", 1): lambda: [
        conv_out(6, 3, 2, 0) == math.ceil((6 - 3) / 2) + 1
    ],
    ("loesung_uebungsblatt7", r"\left\lceil \frac{6-3}{2}", 2): lambda: arithmetic(
        math.ceil((6 - 3) / 2) + 1, 3
    ),
    ("loesung_uebungsblatt7", r"$$\frac{\partial L}{\partial k_{m,n}} = \sum_{i=1}^{3}", 1): (
        _lo_check(_lo_dk(1), 100)
    ),
    ("loesung_uebungsblatt7", r"$$\frac{\partial L}{\partial b} =", 1): _lo_check(
        lambda v: math.isclose(v["db"], v["g"].sum()), 110
    ),
    ("loesung_uebungsblatt7", "Kompakt:", 1): _lo_check(
        lambda v: same(v["dk"], corr(v["x"], v["g"])), 120
    ),
    ("loesung_uebungsblatt7", "Häufiger Fehler in den Abgaben", 1): _lo_check(_lo_dk(0), 130),
    ("loesung_uebungsblatt7", r"$$\frac{\partial L}{\partial x_{p,q}}", 1): _lo_check(
        _lo_dx_entries, 140
    ),
    ("loesung_uebungsblatt7", r"$$\frac{\partial L}{\partial X} = \operatorname{pad}_2(G)", 1): (
        _lo_check(lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["k"]))), 150)
    ),
    ("loesung_uebungsblatt7", "Einige haben", 1): _lo_check(
        lambda v: same(v["dx"], corr(pad(v["g"], 1), rot180(v["k"]))), 160
    ),
    ("loesung_uebungsblatt7", "Ecke oben links", 1): _lo_check(
        lambda v: math.isclose(v["dx"][0, 0], v["k"][0, 0] * v["g"][0, 0]), 170
    ),
    ("loesung_uebungsblatt7", "und darunter", 1): _lo_check(
        lambda v: math.isclose(
            v["dx"][1, 0], v["k"][1, 0] * v["g"][0, 0] + v["k"][0, 0] * v["g"][0, 1]
        ),
        180,
    ),
    ("loesung_uebungsblatt7", r"\odot \mathbb{1}[Y > 0]", 1): lambda: trials(_lo_relu, 190),
    ("loesung_uebungsblatt7", "Für die Sigmoid-Variante", 2): lambda: trials(
        _lo_sigmoid_prime, 200
    ),
    ("loesung_uebungsblatt7", r"$$8 \cdot 3 \cdot 3 \cdot 3 + 8 = 224$$", 1): lambda: count_claim(
        8 * 3 * 3 * 3 + 8, 224, params(torch.nn.Conv2d(3, 8, 3))
    ),
    ("loesung_uebungsblatt7", "Für 16 Filter der Größe", 1): lambda: [
        params(torch.nn.Conv2d(8, 16, 5)) == 16 * 5 * 5 * 8
    ],
    ("loesung_uebungsblatt7", "Für 16 Filter der Größe", 2): lambda: arithmetic(
        16 * 5 * 5 * 8, 3200
    ),
}


# --- d2l_chapter_conv_backward.md: N = 2, c_i = 3, c_o = 2, 5x5, 3x3 kernel, padding 1, 0-based


def _d2l(r: np.random.Generator) -> dict:
    x, w = r.normal(size=(2, 3, 5, 5)), r.normal(size=(2, 3, 3, 3))
    b, g = r.normal(size=2), r.normal(size=(2, 2, 5, 5))
    t = conv2d_grads(x, w, b, g, padding=1)
    xt = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    # the gradient with respect to the padded input: the same layer run on xt without padding
    dxt = conv2d_grads(xt, w, b, g)["dx"]
    return {"x": x, "xt": xt, "w": w, "g": g, "dxt": dxt, **t}


def _d2l_check(check: Callable[[dict], bool], seed: int) -> Truth:
    return lambda: trials(lambda r: check(_d2l(r)), seed)


def _d2l_dw(v: dict) -> bool:
    rhs = np.einsum("noij,ncijab->ocab", v["g"], _patches(v["xt"], 3, 5))
    return same(v["dw"], rhs)


def _patches(xt: np.ndarray, k: int, out: int) -> np.ndarray:
    """P[n, c, i, j, a, b] = xt[n, c, i + a, j + b], the window each output entry reads."""
    p = np.array(
        [[xt[:, :, i : i + k, j : j + k] for j in range(out)] for i in range(out)]
    )  # (i, j, n, c, a, b)
    return p.transpose(2, 3, 0, 1, 4, 5)


def _d2l_dxt(channel_sum: bool) -> Callable[[dict], bool]:
    """dL/dXt_{n,c,p,q} = sum_(o) sum_{a,b} W_{o,c,a,b} G_{n,o,p-a,q-b}, G zero outside 0..4."""

    def check(v: dict) -> bool:
        def rhs(n: int, c: int, p: int, q: int, o: int) -> float:
            outs = range(2) if channel_sum else [o]
            return sum(
                v["w"][oo, c, a, b] * zat(v["g"], n, oo, p - a, q - b)
                for oo in outs
                for a in range(3)
                for b in range(3)
            )

        free = [0] if channel_sum else [0, 1]  # a dangling o must hold for every o
        return all(
            agree(
                [
                    (
                        lambda n=n, c=c, p=p, q=q: v["dxt"][n, c, p, q],
                        lambda n=n, c=c, p=p, q=q, o=o: rhs(n, c, p, q, o),
                    )
                    for n in range(2)
                    for c in range(3)
                    for p in range(7)
                    for q in range(7)
                ]
            )
            for o in free
        )

    return check


def _d2l_dx_op(p: int) -> Callable[[dict], bool]:
    def check(v: dict) -> bool:
        return all(
            same(
                v["dx"][n, c],
                sum(corr(pad(v["g"][n, o], p), rot180(v["w"][o, c])) for o in range(2)),
            )
            for n in range(2)
            for c in range(3)
        )

    return check


def _d2l_one_by_one(order: str) -> Truth:
    """1x1 convolution, N = 2, 3 -> 2 channels, 5x5: dW as a c_o x c_i matrix."""

    def check(r: np.random.Generator) -> bool:
        x, w, g = (
            r.normal(size=(2, 3, 5, 5)),
            r.normal(size=(2, 3, 1, 1)),
            r.normal(size=(2, 2, 5, 5)),
        )
        dw = conv2d_grads(x, w, None, g)["dw"][:, :, 0, 0]
        if order == "g x^T":
            rhs = sum(
                np.outer(g[n, :, i, j], x[n, :, i, j])
                for n in range(2)
                for i in range(5)
                for j in range(5)
            )
        else:
            rhs = sum(
                np.outer(x[n, :, i, j], g[n, :, i, j])
                for n in range(2)
                for i in range(5)
                for j in range(5)
            )
        return same(dw, rhs)

    return lambda: trials(check, 300 if order == "g x^T" else 310)


def _d2l_macs() -> int:
    """Multiply-adds of one example, counted: one per (output entry, input channel, tap)."""
    out = F.conv2d(
        torch.zeros(1, 3, 5, 5, dtype=F64), torch.zeros(2, 3, 3, 3, dtype=F64), padding=1
    )
    return out.numel() * 3 * 3 * 3


_D2L_LAYER = torch.nn.Conv2d(3, 2, 3, padding=1)
D2L: Anchored = {
    ("d2l_chapter_conv_backward", r"$$\frac{\partial L}{\partial [\mathsf{W}]_{o,c,a,b}}", 1): (
        _d2l_check(_d2l_dw, 210)
    ),
    ("d2l_chapter_conv_backward", r"$$\frac{\partial L}{\partial b_o} =", 1): _d2l_check(
        lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3))), 220
    ),
    ("d2l_chapter_conv_backward", "Some implementations average", 1): _d2l_check(
        lambda v: same(v["db"], v["g"].sum(axis=(0, 2, 3)) / 2), 230
    ),
    ("d2l_chapter_conv_backward", "Written with whole channels", 1): _d2l_check(
        lambda v: all(
            same(v["dw"][o, c], sum(corr(v["xt"][n, c], v["g"][n, o]) for n in range(2)))
            for o in range(2)
            for c in range(3)
        ),
        240,
    ),
    ("d2l_chapter_conv_backward", "Written with whole channels", 2): _d2l_check(
        lambda v: all(
            same(v["dw"][o, c], sum(corr(v["x"][n, c], v["g"][n, o]) for n in range(2)))
            for o in range(2)
            for c in range(3)
        ),
        250,
    ),
    (
        "d2l_chapter_conv_backward",
        r"$$\frac{\partial L}{\partial [\tilde{\mathsf{X}}]_{n,c,p,q}}",
        1,
    ): (_d2l_check(_d2l_dxt(True), 260)),
    ("d2l_chapter_conv_backward", "A version that often shows up", 1): _d2l_check(
        _d2l_dxt(False), 270
    ),
    (
        "d2l_chapter_conv_backward",
        r"$$\nabla_{\mathsf{X}_{n,c}} L = \sum_{o} \operatorname{pad}_1",
        1,
    ): (_d2l_check(_d2l_dx_op(1), 280)),
    ("d2l_chapter_conv_backward", "while padding by $k_h - 1$", 1): _d2l_check(_d2l_dx_op(2), 290),
    (
        "d2l_chapter_conv_backward",
        r"$$\frac{\partial L}{\partial \mathbf{W}} = \sum_{n,i,j} \mathbf{g}",
        1,
    ): (_d2l_one_by_one("g x^T")),
    ("d2l_chapter_conv_backward", r"and not $\frac{\partial L}{\partial \mathbf{W}}", 1): (
        _d2l_one_by_one("x g^T")
    ),
    ("d2l_chapter_conv_backward", "Recall from :numref:`sec_padding`", 2): lambda: arithmetic(
        math.floor((5 - 3 + 2 + 2) / 2), 3
    ),
    ("d2l_chapter_conv_backward", "Recall from :numref:`sec_padding`", 3): lambda: [
        conv_out(5, 3, 2, 1) == (5 - 3 + 2) / 2
    ],
    ("d2l_chapter_conv_backward", "Recall from :numref:`sec_padding`", 4): lambda: arithmetic(
        (lambda n_h, k_h, p_h, s_h: (n_h - k_h + p_h) / s_h)(5, 3, 2, 2), (5 - 3 + 2) / 2
    ),
    ("d2l_chapter_conv_backward", "Recall from :numref:`sec_padding`", 5): lambda: arithmetic(
        (5 - 3 + 2) / 2, 2
    ),
    ("d2l_chapter_conv_backward", "The layer of our example (stride 1)", 1): lambda: count_claim(
        2 * (3 * 3 * 3 + 1), 56, params(_D2L_LAYER)
    ),
    ("d2l_chapter_conv_backward", "The layer of our example (stride 1)", 2): lambda: count_claim(
        (lambda c_o, c_i, k_h, k_w, n_h, n_w: c_o * c_i * k_h * k_w * n_h * n_w)(2, 3, 3, 3, 5, 5),
        2 * 3 * 9 * 25,
        _d2l_macs(),
    ),
    ("d2l_chapter_conv_backward", "The layer of our example (stride 1)", 3): lambda: arithmetic(
        2 * 3 * 9 * 25, 1250
    ),
}


def truth_table() -> dict[tuple[str, int, int], Truth]:
    from unseen_fresh16_truth_b import NOTES_B
    from unseen_fresh16_truth_c import NOTES_C

    return resolve({**LOESUNG, **D2L, **NOTES_B, **NOTES_C})
