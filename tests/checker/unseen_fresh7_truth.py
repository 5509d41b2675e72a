"""Independent truth for the fresh7 unseen set (tests/data/check/unseen/fresh7/): helpers, note 1.

Each judged claim of a key is a function that computes both sides of its equation with NumPy /
SciPy / torch autograd (float64) at the note's sizes, on the note's numbers or on random inputs,
and returns one bool per trial or per size of a grid: the sides agree there or not. Nothing of
symconv is imported. A claim is registered by an anchor (a piece of its line, unique in the
note) and its rank on the line, so the table follows the notes if lines move. A formula that
reads an entry outside a tensor raises IndexError, which counts as "the sides do not agree";
where a note declares zeros outside a range, `zat` reads zeros there.
Notes 2, 4, 5 live in unseen_fresh7_truth_b.py, notes 3, 6, 7 in unseen_fresh7_truth_c.py;
truth_table() merges them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import F64, TRIALS, Truth, at, corr, pad, rng, rot180, same, zat

NOTES = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen" / "fresh7"
Anchored = dict[tuple[str, str, int], Truth]


def tt(a: object, grad: bool = False) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=F64, requires_grad=grad)


def sub(a: np.ndarray, i: int) -> np.ndarray:
    """Strict slice a[i] along the first axis (a channel or an image that may not exist)."""
    if not 0 <= i < a.shape[0]:
        raise IndexError(i)
    return a[i]


def each(pairs: list[tuple[Callable[[], float], Callable[[], float]]]) -> bool:
    """All left/right pairs agree; a side that reads outside a tensor disagrees."""
    try:
        return all(math.isclose(lf(), rf(), rel_tol=1e-9, abs_tol=1e-9) for lf, rf in pairs)
    except IndexError:
        return False


def safe(check: Callable[[], bool]) -> bool:
    """A side that reads outside a tensor or multiplies mismatched shapes disagrees."""
    try:
        return check()
    except (IndexError, ValueError):
        return False


def trials(check: Callable[[np.random.Generator], bool], seed: int) -> Truth:
    return lambda: [safe(lambda t=t: check(rng(seed + t))) for t in range(TRIALS)]


def once(check: Callable[[], bool]) -> Truth:
    return lambda: [safe(check)]


def conv2d(x: object, w: object, b: object | None, g: object, **kw: int) -> dict:
    """Forward and autograd gradients of torch conv2d for the loss sum(g * z)."""
    xt, wt = tt(x, True), tt(w, True)
    bt = None if b is None else tt(b, True)
    z = F.conv2d(xt, wt, bt, **kw)
    (z * tt(g)).sum().backward()
    out = {"z": z.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}
    if bt is not None:
        out["db"] = bt.grad.numpy()
    return out


def conv_out(h: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    x = torch.zeros(1, 1, h, h, dtype=F64)
    w = torch.zeros(1, 1, k, k, dtype=F64)
    return int(F.conv2d(x, w, stride=s, padding=p, dilation=d).shape[-1])


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def arithmetic(lhs: float, rhs: float) -> Truth:
    """A link between two written numbers: judged as arithmetic."""
    return lambda: [math.isclose(lhs, rhs, rel_tol=1e-12, abs_tol=1e-12)]


def line_of(stem: str, anchor: str) -> int:
    lines = (NOTES / f"{stem}.md").read_text(encoding="utf-8").splitlines()
    hits = [n + 1 for n, text in enumerate(lines) if anchor in text]
    if len(hits) != 1:
        raise ValueError(f"anchor {anchor!r} of {stem} is on lines {hits}, not on one line")
    return hits[0]


# --- cours_backprop_conv.md: 5x5 input, 3x3 kernel, scalar bias, stride 1, 1-based indices

COURS = "cours_backprop_conv"


def _c1(r: np.random.Generator) -> dict:
    x, k, b, g = r.normal(size=(5, 5)), r.normal(size=(3, 3)), r.normal(), r.normal(size=(3, 3))
    v = conv2d(x[None, None], k[None, None], [b], g[None, None])
    return {
        "x": x,
        "k": k,
        "b": b,
        "g": g,
        "z": v["z"][0, 0],
        "dx": v["dx"][0, 0],
        "dw": v["dw"][0, 0],
    }


def _c1_forward(r: np.random.Generator) -> bool:
    v = _c1(r)
    X = lambda i, j: at(v["x"], i - 1, j - 1)  # noqa: E731  (1-based, as the note writes)
    K = lambda m, n: at(v["k"], m - 1, n - 1)  # noqa: E731
    return each(
        [
            (
                lambda i=i, j=j: v["z"][i - 1, j - 1],
                lambda i=i, j=j: (
                    v["b"]
                    + sum(
                        K(m, n) * X(i + m - 1, j + n - 1) for m in range(1, 4) for n in range(1, 4)
                    )
                ),
            )
            for i in range(1, 4)
            for j in range(1, 4)
        ]
    )


def _c1_dk(r: np.random.Generator) -> bool:
    v = _c1(r)
    X = lambda i, j: at(v["x"], i - 1, j - 1)  # noqa: E731
    G = lambda i, j: at(v["g"], i - 1, j - 1)  # noqa: E731
    return each(
        [
            (
                lambda m=m, n=n: v["dw"][m - 1, n - 1],
                lambda m=m, n=n: sum(
                    G(i, j) * X(i + m - 1, j + n - 1) for i in range(1, 4) for j in range(1, 4)
                ),
            )
            for m in range(1, 4)
            for n in range(1, 4)
        ]
    )


def _c1_dx(r: np.random.Generator) -> bool:
    v = _c1(r)
    G = lambda i, j: zat(v["g"], i - 1, j - 1)  # noqa: E731  (the note: G = 0 outside 1..3)
    K = lambda m, n: at(v["k"], m - 1, n - 1)  # noqa: E731
    return each(
        [
            (
                lambda p=p, q=q: v["dx"][p - 1, q - 1],
                lambda p=p, q=q: sum(
                    G(p - m + 1, q - n + 1) * K(m, n) for m in range(1, 4) for n in range(1, 4)
                ),
            )
            for p in range(1, 6)
            for q in range(1, 6)
        ]
    )


def _sigmoid_chain(r: np.random.Generator) -> bool:
    y, g_a = tt(r.normal(size=(3, 3)), True), r.normal(size=(3, 3))
    (torch.sigmoid(y) * tt(g_a)).sum().backward()
    return same(y.grad.numpy(), g_a * torch.sigmoid(y).detach().numpy())


_EX_X = np.array([[1, 2, 0], [0, 1, 3], [2, 1, 1]], dtype=float)
_EX_K = np.array([[1, 0], [-1, 2]], dtype=float)
_EX_G = np.array([[1, -1], [0, 2]], dtype=float)


def _c1_example() -> dict:
    v = conv2d(_EX_X[None, None], _EX_K[None, None], None, _EX_G[None, None])
    return {"z": v["z"][0, 0], "dx": v["dx"][0, 0], "dw": v["dw"][0, 0]}


def _mc(r: np.random.Generator) -> dict:
    """The note's batch: N = 4 images, C = 3 channels 5x5, F = 2 filters 3x3, summed loss."""
    x, k = r.normal(size=(4, 3, 5, 5)), r.normal(size=(2, 3, 3, 3))
    b, g = r.normal(size=2), r.normal(size=(4, 2, 3, 3))
    return {"x": x, "k": k, "b": b, "g": g, **conv2d(x, k, b, g)}


def _mc_forward(r: np.random.Generator) -> bool:
    v = _mc(r)
    return each(
        [
            (
                lambda s=s, f=f, i=i, j=j: v["z"][s, f, i - 1, j - 1],
                lambda s=s, f=f, i=i, j=j: (
                    at(v["b"], f)
                    + sum(
                        at(v["k"], f, c - 1, u - 1, w - 1)
                        * at(v["x"], s, c - 1, i + u - 2, j + w - 2)
                        for c in range(1, 4)
                        for u in range(1, 4)
                        for w in range(1, 4)
                    )
                ),
            )
            for s in range(4)
            for f in range(2)
            for i in range(1, 4)
            for j in range(1, 4)
        ]
    )


def _mc_dk(r: np.random.Generator) -> bool:
    v = _mc(r)
    return each(
        [
            (
                lambda f=f, c=c, u=u, w=w: v["dw"][f, c, u, w],
                lambda f=f, c=c, u=u, w=w: sum(
                    at(v["g"], s, f, i, j) * at(v["x"], s, c, i + u, j + w)
                    for s in range(4)
                    for i in range(3)
                    for j in range(3)
                ),
            )
            for f in range(2)
            for c in range(3)
            for u in range(3)
            for w in range(3)
        ]
    )


def _mc_db_mean(r: np.random.Generator) -> bool:
    v = _mc(r)
    return same(v["db"], v["g"].sum(axis=(0, 2, 3)) / 4)


def _mc_dx_pad1(r: np.random.Generator) -> bool:
    v = _mc(r)
    return all(
        same(v["dx"][s, c], sum(corr(pad(v["g"][s, f], 1), rot180(v["k"][f, c])) for f in range(2)))
        for s in range(4)
        for c in range(3)
    )


def _mc_dk_swapped(r: np.random.Generator) -> bool:
    v = _mc(r)  # 1-based f in 1..2, c in 1..3: X^(s)_f and G^(s)_c as written
    return all(
        same(
            v["dw"][f - 1, c - 1],
            sum(corr(sub(v["x"][s], f - 1), sub(v["g"][s], c - 1)) for s in range(4)),
        )
        for f in range(1, 3)
        for c in range(1, 4)
    )


COURS_TRUTH: Anchored = {
    (COURS, "$$Y_{i,j} = b + \\sum_{m=1}^{3}", 1): trials(_c1_forward, 10),
    (COURS, "$$\\frac{\\partial \\mathcal{L}}{\\partial K_{m,n}} = \\sum_{i=1}^{3}", 1): trials(
        _c1_dk, 20
    ),
    (COURS, "$$\\frac{\\partial \\mathcal{L}}{\\partial X_{p,q}} = ", 1): trials(_c1_dx, 30),
    (COURS, "\\operatorname{pad}_2\\!\\left(", 1): trials(
        lambda r: (lambda v: same(v["dx"], corr(pad(v["g"], 2), rot180(v["k"]))))(_c1(r)), 40
    ),
    (COURS, "A classical error at the exam", 1): trials(
        lambda r: (lambda v: same(v["dx"], corr(pad(v["g"], 2), v["k"])))(_c1(r)), 50
    ),
    (COURS, "\\odot \\sigma(Y).$$", 1): trials(_sigmoid_chain, 60),
    (COURS, "$$Y = X \\star K = ", 1): once(lambda: same(_c1_example()["z"], corr(_EX_X, _EX_K))),
    (COURS, "$$Y = X \\star K = ", 2): once(lambda: same(corr(_EX_X, _EX_K), [[3, 7], [0, 2]])),
    (COURS, "\\begin{pmatrix} 1 & 8 \\\\ 1 & 2", 1): once(
        lambda: same(_c1_example()["dw"], [[1, 8], [1, 2]])
    ),
    (COURS, "\\operatorname{pad}_1(G) \\star \\operatorname{rot}_{180}(K) = ", 1): once(
        lambda: same(_c1_example()["dx"], corr(pad(_EX_G, 1), rot180(_EX_K)))
    ),
    (COURS, "\\operatorname{pad}_1(G) \\star \\operatorname{rot}_{180}(K) = ", 2): once(
        lambda: same(corr(pad(_EX_G, 1), rot180(_EX_K)), [[1, -1, 0], [-1, 5, -2], [0, -2, 4]])
    ),
    (COURS, "$$Y^{(s)}_{f,i,j} = b_f", 1): trials(_mc_forward, 70),
    (COURS, "$$\\frac{\\partial \\mathcal{L}}{\\partial K_{f,c,u,v}} = \\sum_{s=1}^{4}", 1): trials(
        _mc_dk, 80
    ),
    (COURS, "\\frac{1}{4} \\sum_{s=1}^{4}", 1): trials(_mc_db_mean, 90),
    (COURS, "\\operatorname{pad}_1\\big(G^{(s)}_{f}\\big)", 1): trials(_mc_dx_pad1, 100),
    (COURS, "X^{(s)}_{f} \\star G^{(s)}_{c}", 1): trials(_mc_dk_swapped, 110),
    (COURS, "$P = 2 \\times 3 \\times 3 \\times 3 = 54$", 1): once(
        lambda: params(torch.nn.Conv2d(3, 2, 3)) == 2 * 3 * 3 * 3
    ),
    (COURS, "$P = 2 \\times 3 \\times 3 \\times 3 = 54$", 2): arithmetic(2 * 3 * 3 * 3, 54),
}


def truth_table() -> dict[tuple[str, int, int], Truth]:
    from unseen_fresh7_truth_b import NOTES_B
    from unseen_fresh7_truth_c import NOTES_C

    table: dict[tuple[str, int, int], Truth] = {}
    for (stem, anchor, rank), fn in {**COURS_TRUTH, **NOTES_B, **NOTES_C}.items():
        key = (stem, line_of(stem, anchor), rank)
        if key in table:
            raise ValueError(f"two truths for {key}")
        table[key] = fn
    return table
