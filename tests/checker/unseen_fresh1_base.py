"""Registry and numpy/torch helpers of the independent truth for the claims of
tests/data/check/unseen/fresh1 (never imports symconv).

Every claim of a key is registered here under (note, line, rank): ``rank`` counts only the
correct/mistake entries of that line, in order (not-a-claim entries are skipped). A check returns
one bool per size it tried: whether the two sides of the claim agree there. Concrete claims try one
size; symbolic-size claims try a grid (edge cases included: output smaller than the kernel, k = 1,
stride > 1, padding > 0). The truth of every gradient is torch autograd on
torch.nn.functional in float64; a side that cannot be evaluated (index past the end of a tensor,
shapes that do not multiply) counts as disagreement.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F

Check = Callable[[], list[bool]]
TRUTH: dict[tuple[str, int, int], Check] = {}
F64 = torch.float64


def claim(note: str, line: int, rank: int = 1) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        key = (note, line, rank)
        assert key not in TRUTH, key
        TRUTH[key] = fn
        return fn

    return register


# ---- helpers (numpy, float64)
def same(a: object, b: object) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-9))


def guarded(fn: Callable[[], bool]) -> bool:
    """A side that cannot be evaluated (index past the end, shapes that do not fit) disagrees."""
    try:
        return fn()
    except (IndexError, ValueError, RuntimeError):
        return False


def at(a: np.ndarray, *idx: int) -> float:
    """Strict indexing: negative or too large indices are an error (numpy would wrap)."""
    for i, n in zip(idx, a.shape, strict=True):
        if not 0 <= i < n:
            raise IndexError((idx, a.shape))
    return float(a[idx])


def atz(a: np.ndarray, *idx: int) -> float:
    """Zero outside the tensor (zero padding / 'terms outside are dropped')."""
    try:
        return at(a, *idx)
    except IndexError:
        return 0.0


def corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid cross-correlation (A * B)[i,j] = sum A[i+m,j+n] B[m,n]."""
    ho, wo = a.shape[0] - k.shape[0] + 1, a.shape[1] - k.shape[1] + 1
    if ho < 1 or wo < 1:
        raise ValueError("kernel larger than input")
    out = np.zeros((ho, wo))
    for i in range(ho):
        for j in range(wo):
            out[i, j] = np.sum(a[i : i + k.shape[0], j : j + k.shape[1]] * k)
    return out


def rot(k: np.ndarray) -> np.ndarray:
    return k[::-1, ::-1]


def conv_true(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid convolution of signal processing (flips its kernel)."""
    return corr(a, rot(k))


def pad(a: np.ndarray, r: int) -> np.ndarray:
    return np.pad(a, r)


def dilate(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros((s * (a.shape[0] - 1) + 1, s * (a.shape[1] - 1) + 1))
    out[::s, ::s] = a
    return out


def back(a: np.ndarray, k: np.ndarray, r: int) -> np.ndarray:
    """Pad ``a`` by ``r`` and correlate with the 180-degree rotated ``k`` (a full-style pass)."""
    return corr(pad(a, r), rot(k))


def over(sizes: list[tuple[int, ...]], check: Callable[[tuple[int, ...]], bool]) -> list[bool]:
    """One agreement per size; a size where a side cannot be evaluated disagrees."""
    return [guarded(lambda size=size: check(size)) for size in sizes]


def rnd(seed: int, *shape: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape)


def t(a: np.ndarray, grad: bool = True) -> torch.Tensor:
    return torch.tensor(a, dtype=F64, requires_grad=grad)


def conv(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None,
    g_seed: int,
    stride: int = 1,
    padding: int = 0,
) -> dict[str, np.ndarray]:
    """conv2d forward and autograd gradients for a random upstream gradient; x is (N,C,H,W)."""
    xt, wt = t(x), t(w)
    bt = t(b) if b is not None else None
    y = F.conv2d(xt, wt, bt, stride=stride, padding=padding)
    g = rnd(g_seed, *y.shape)
    y.backward(torch.tensor(g, dtype=F64))
    out = {"y": y.detach().numpy(), "g": g, "dx": xt.grad.numpy(), "dw": wt.grad.numpy()}
    if bt is not None:
        out["db"] = bt.grad.numpy()
    return out


def act_grad(
    fn: Callable[[torch.Tensor], torch.Tensor], shape: tuple[int, ...], seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(Z, A, dA, dZ) for A = fn(Z) with random Z and upstream dA."""
    z = t(rnd(seed, *shape))
    a = fn(z)
    da = rnd(seed + 1, *shape)
    a.backward(torch.tensor(da, dtype=F64))
    return z.detach().numpy(), a.detach().numpy(), da, z.grad.numpy()
