"""Independent truth for the fresh14 unseen set, notes anki_cnn_backprop_cards
(NumPy / torch autograd in float64, no symconv); the helpers, the line anchors and the merged
truth_table are in unseen_fresh14_truth.py."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from unseen_fresh14_truth import (
    Key,
    _c1,
    corr1,
    count,
    key,
    once,
    t64,
    trials,
)
from unseen_truth_base import Truth, at, corr, rot180, same

# --- anki_cnn_backprop_cards.md: independent cards, 0-based

AK = "anki_cnn_backprop_cards"
AK_A = np.array([[1.0, 3, 2, 0], [4, 2, 1, 5], [0, 1, 7, 3], [2, 6, 1, 0]])
AK_G = np.array([[1.0, -1], [2, 0.5]])


def _pool(
    a: np.ndarray, g: np.ndarray, pool: Callable, k: int = 2, s: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    at_ = t64(a, True)
    out = pool(at_[None, None], k, s)[0, 0]
    (out * t64(g)).sum().backward()
    return out.detach().numpy(), at_.grad.numpy()


def _route(a: np.ndarray, g: np.ndarray, index: Callable[[int], int]) -> np.ndarray:
    m, _ = _pool(a, g, F.max_pool2d)
    return np.array(
        [
            [at(g, index(p), index(q)) * (a[p, q] == at(m, index(p), index(q))) for q in range(4)]
            for p in range(4)
        ]
    )


def _convt_side(h: int, **kw: int) -> int:
    return int(
        torch.nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, **kw)(torch.zeros(1, 1, h, h)).shape[
            -1
        ]
    )


def _maxpool1d_grad() -> np.ndarray:
    x = t64([1.0, 5, 2, 0], True)
    (F.max_pool1d(x[None, None], 3, 1)[0, 0] * t64([1.0, 2])).sum().backward()
    return x.grad.numpy()


def _ak_1d(check: Callable[[np.ndarray, np.ndarray, np.ndarray, dict], bool], seed: int) -> Truth:
    def run(r: np.random.Generator) -> bool:
        x, w, g = r.normal(size=8), r.normal(size=3), r.normal(size=6)
        return check(x, w, g, _c1(x, w, g))

    return trials(run, seed)


def _no_ties(r: np.random.Generator) -> np.ndarray:
    return r.permutation(16).reshape(4, 4).astype(float)


AK_TRUTH: dict[Key, Truth] = {
    key(AK, "$M = \\begin"): once(
        lambda: same(_pool(AK_A, AK_G, F.max_pool2d)[0], [[4, 5], [6, 7]])
    ),
    key(AK, "1 & 0 & 0 & -1"): once(
        lambda: same(
            _pool(AK_A, AK_G, F.max_pool2d)[1],
            [[0, 0, 0, 0], [1, 0, 0, -1], [0, 0, 0.5, 0], [0, 2, 0, 0]],
        )
    ),
    key(AK, "\\frac{1}{4} G \\otimes"): trials(
        lambda r: same(
            _pool(r.normal(size=(4, 4)), AK_G, F.avg_pool2d)[1], np.kron(AK_G, np.ones((2, 2))) / 4
        ),
        1000,
    ),
    key(AK, "0.25 & 0.25 & -0.25"): once(
        lambda: same(
            _pool(AK_A, AK_G, F.avg_pool2d)[1],
            [
                [0.25, 0.25, -0.25, -0.25],
                [0.25, 0.25, -0.25, -0.25],
                [0.5, 0.5, 0.25, 0.25],
                [0.5, 0.5, 0.25, 0.25],
            ],
        )
    ),
    key(AK, "G_{\\lfloor p/2"): trials(
        lambda r: (lambda a, g: same(_pool(a, g, F.max_pool2d)[1], _route(a, g, lambda p: p // 2)))(
            _no_ties(r), r.normal(size=(2, 2))
        ),
        1010,
    ),
    key(AK, "G_{\\lceil p/2"): trials(
        lambda r: (
            lambda a, g: same(_pool(a, g, F.max_pool2d)[1], _route(a, g, lambda p: -(-p // 2)))
        )(_no_ties(r), r.normal(size=(2, 2))),
        1020,
    ),
    key(AK, "L_{out} = \\lfloor (10 - 4)/3", 1): count(
        (10 - 4) // 3 + 1, F.conv1d(torch.zeros(1, 1, 10), torch.zeros(1, 1, 4), stride=3).shape[-1]
    ),
    key(AK, "L_{out} = \\lfloor (10 - 4)/3", 2): count((10 - 4) // 3 + 1, 3),
    key(AK, "H_{out} = (3 - 1)", 1): count((3 - 1) * 2 - 2 * 1 + 3, _convt_side(3)),
    key(AK, "H_{out} = (3 - 1)", 2): count((3 - 1) * 2 - 2 * 1 + 3, 5),
    key(AK, "~~$H_{out} = 6$~~"): count(6, _convt_side(3)),
    key(AK, "\\operatorname{rot}_{180}(A) \\star"): trials(
        lambda r: (lambda a, b: same(rot180(corr(a, b)), corr(rot180(a), rot180(b))))(
            r.normal(size=(4, 4)), r.normal(size=(3, 3))
        ),
        1030,
    ),
    key(AK, "= A \\star \\operatorname{rot}_{180}(B)$"): trials(
        lambda r: (lambda a, b: same(rot180(corr(a, b)), corr(a, rot180(b))))(
            r.normal(size=(4, 4)), r.normal(size=(3, 3))
        ),
        1040,
    ),
    key(AK, "(0, 3, 0, 0)"): once(lambda: same(_maxpool1d_grad(), [0, 3, 0, 0])),
    key(AK, "(0, 2, 0, 0)"): once(lambda: same(_maxpool1d_grad(), [0, 2, 0, 0])),
    key(AK, "\\operatorname{pad}_2(g) \\star \\operatorname{flip}(w)$"): _ak_1d(
        lambda x, w, g, t: same(t["dx"], corr1(np.pad(g, 2), w[::-1])), 1050
    ),
    key(AK, "= g \\star x$"): _ak_1d(lambda x, w, g, t: same(t["dw"], corr1(g, x)), 1060),
}

CARDS: dict[Key, Truth] = AK_TRUTH
