"""Helpers every unseen set's truth module uses (NumPy and torch only, no symconv): random
generators, float64 comparison, strict or zero-padded indexing, the operators the
notes write (valid cross-correlation, zero padding, zero dilation, rot180, and their 1-D
forms) in NumPy, and the claim wrappers and torch conv2d / parameter-count helpers the later
sets' truth modules share."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

Truth = Callable[[], list[bool]]
UNSEEN = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen"


@functools.cache
def _note_lines(which: str, stem: str) -> tuple[str, ...]:
    return tuple((UNSEEN / which / f"{stem}.md").read_text(encoding="utf-8").splitlines())


def anchor_line(which: str, stem: str, anchor: str) -> int:
    """The 1-based line of note ``stem`` of set ``which`` holding the anchor, which must occur
    on exactly one line of the note."""
    hits = [k + 1 for k, text in enumerate(_note_lines(which, stem)) if anchor in text]
    assert len(hits) == 1, (which, stem, anchor, hits)
    return hits[0]


def anchored_claims(
    which: str, stem: str, table: dict[str, list[Truth | None]]
) -> dict[tuple[str, int, int], Truth]:
    """(stem, line, rank) -> truth for note ``stem`` of set ``which``, the line found from its
    anchor, ranks in the given order; a None holds the rank of a keyed non-claim (a definition)
    on the same line."""
    out: dict[tuple[str, int, int], Truth] = {}
    for anchor, truths in table.items():
        line = anchor_line(which, stem, anchor)
        for rank, t in enumerate(truths, start=1):
            if t is not None:
                out[(stem, line, rank)] = t
    return out


F64 = torch.float64


TRIALS = 3


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def same(a: object, b: object) -> bool:
    """Same shape and values to float64 rounding."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-9))


def at(a: np.ndarray, *idx: int) -> float:
    """Strict indexing: negative or too large indices raise instead of wrapping."""
    for i, n in zip(idx, a.shape, strict=False):
        if not 0 <= i < n:
            raise IndexError(idx)
    return float(a[idx])


def zat(a: np.ndarray, *idx: int) -> float:
    """Indexing with zeros outside the tensor (for formulas that say so)."""
    try:
        return at(a, *idx)
    except IndexError:
        return 0.0


def corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 2-D cross-correlation (the notes' star), written out in NumPy."""
    kh, kw = k.shape
    oh, ow = a.shape[0] - kh + 1, a.shape[1] - kw + 1
    return np.array([[np.sum(a[i : i + kh, j : j + kw] * k) for j in range(ow)] for i in range(oh)])


def pad(a: np.ndarray, p: int) -> np.ndarray:
    return np.pad(a, p)


def dilate(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((a.shape[0] - 1) * s + 1, (a.shape[1] - 1) * s + 1))
    out[::s, ::s] = a
    return out


def rot180(a: np.ndarray) -> np.ndarray:
    return a[::-1, ::-1]


def corr1(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid 1-D cross-correlation."""
    return np.array([np.dot(a[t : t + len(k)], k) for t in range(len(a) - len(k) + 1)])


def dilate1(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros((len(a) - 1) * s + 1)
    out[::s] = a
    return out


def agree(check: Callable[[], bool]) -> bool:
    """One comparison; a side naming a missing entry or mismatched shapes disagrees."""
    try:
        return bool(check())
    except (IndexError, ValueError):
        return False


def trials(check: Callable[[np.random.Generator], bool], seed: int) -> Truth:
    return lambda: [agree(lambda t=t: check(rng(seed + t))) for t in range(TRIALS)]


def single(check: Callable[[], bool]) -> Truth:
    """A claim on the note's own numbers: one comparison."""
    return lambda: [agree(check)]


def equal(lhs: float, rhs: float) -> Truth:
    """A size, count or arithmetic link: both sides as numbers."""
    return lambda: [math.isclose(lhs, rhs, rel_tol=1e-12, abs_tol=1e-12)]


def t64(a: object, grad: bool = False) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=F64, requires_grad=grad)


def conv(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, g: np.ndarray, **kw: int) -> dict:
    """torch conv2d forward and the gradients of sum(z * g); x (N,C,H,W), w (F,C,k,k)."""
    xt, wt = t64(x, True), t64(w, True)
    bt = None if b is None else t64(b, True)
    z = F.conv2d(xt, wt, bt, **kw)
    (z * t64(g)).sum().backward()
    out = {"z": z.detach().numpy(), "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}
    if bt is not None:
        out["db"] = bt.grad.numpy()
    return out


def params(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def conv_out(h: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Output side of torch conv2d on an h x h input."""
    z = F.conv2d(torch.zeros(1, 1, h, h, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64),
                 stride=s, padding=p, dilation=d)  # fmt: skip
    return int(z.shape[-1])


def tconv_out(h: int, k: int, s: int = 1, p: int = 0, a: int = 0, d: int = 1) -> int:
    """Output side of torch conv_transpose2d on an h x h input."""
    y = F.conv_transpose2d(torch.zeros(1, 1, h, h, dtype=F64), torch.zeros(1, 1, k, k, dtype=F64),
                           stride=s, padding=p, output_padding=a, dilation=d)  # fmt: skip
    return int(y.shape[-1])
