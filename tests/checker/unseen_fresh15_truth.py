"""Independent truth for the fresh15 unseen set (tests/data/check/unseen/fresh15/), note
apuntes_clase_capa_conv and the helpers every fresh15 truth module shares.

Each keyed claim is a function of (note, line, rank on the line) that computes both sides with
NumPy / torch autograd (float64) at the note's sizes, on random inputs or on the note's own
numbers, and returns one bool per trial or per size of a grid: the sides agree there or not.
Nothing of symconv is imported. A claim's line is found from an anchor (a piece of the line,
unique in the note). A side that reads an entry outside a tensor (IndexError) or multiplies
matrices of mismatched shapes (ValueError) disagrees. A link between two written numbers is
judged as arithmetic; a count or size named on the left must equal the true one.
The other notes are in unseen_fresh15_truth_b.py (examen_final_resuelto, hilo_foro_paso2),
_c.py (cuaderno_colab_conv_numpy, chuleta_tamanos_parametros) and _d.py
(resumo_gradiente_multicanal, note_transposed_and_causal).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from unseen_truth_base import (
    TRIALS,
    Truth,
    at,
    conv_out,
    corr,
    pad,
    params,
    rng,
    rot180,
    same,
    t64,
    zat,
)

SET = Path(__file__).resolve().parents[1] / "data" / "check" / "unseen" / "fresh15"


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
    return lambda: [lhs == rhs]


# --- apuntes_clase_capa_conv.md: a^(l-1) 6x6, w 3x3, scalar b, stride 1, 1-based, tanh


def _capa(r: np.random.Generator) -> dict:
    """E = sum(ga * tanh(z)); the previous layer's a = relu(zp) so its mask can be checked."""
    zp, w, b, ga = r.normal(size=(6, 6)), r.normal(size=(3, 3)), r.normal(), r.normal(size=(4, 4))
    zpt, wt, bt = t64(zp, True), t64(w, True), t64([b], True)
    a = torch.relu(zpt)
    a.retain_grad()
    z = F.conv2d(a[None, None], wt[None, None], bt)[0, 0]
    z.retain_grad()
    act = torch.tanh(z)
    (act * t64(ga)).sum().backward()
    return {
        "zp": zp, "a": a.detach().numpy(), "w": w, "b": b, "ga": ga, "z": z.detach().numpy(),
        "act": act.detach().numpy(), "delta": z.grad.numpy(), "dw": wt.grad.numpy(),
        "db": float(bt.grad[0]), "da": a.grad.numpy(), "dzp": zpt.grad.numpy(),
    }  # fmt: skip


def _capa_check(rel: Callable[[dict], bool], seed: int) -> Truth:
    return trials(lambda r: rel(_capa(r)), seed)


def _forward_1based(v: dict) -> bool:
    a, w = v["a"], v["w"]
    rhs = [
        [
            sum(
                at(w, m - 1, n - 1) * at(a, i + m - 2, j + n - 2)
                for m in (1, 2, 3)
                for n in (1, 2, 3)
            )
            + v["b"]
            for j in range(1, 5)
        ]
        for i in range(1, 5)
    ]
    return same(v["z"], rhs)


def _dw_1based(v: dict) -> bool:
    d, a = v["delta"], v["a"]
    rhs = [
        [
            sum(
                at(d, i - 1, j - 1) * at(a, i + m - 2, j + n - 2)
                for i in range(1, 5)
                for j in range(1, 5)
            )
            for n in (1, 2, 3)
        ]
        for m in (1, 2, 3)
    ]
    return same(v["dw"], rhs)


def _da_1based(v: dict) -> bool:
    d, w = v["delta"], v["w"]
    rhs = [
        [
            sum(zat(d, p - m, q - n) * at(w, m - 1, n - 1) for m in (1, 2, 3) for n in (1, 2, 3))
            for q in range(1, 7)
        ]
        for p in range(1, 7)
    ]
    return same(v["da"], rhs)


def _sigmoid_prime(r: np.random.Generator) -> bool:
    z = t64(r.normal(size=5), True)
    s = torch.sigmoid(z)
    s.sum().backward()
    sv = s.detach().numpy()
    return same(z.grad.numpy(), sv * (1 + sv))


APUNTES = keyed(
    "apuntes_clase_capa_conv",
    [
        ("n^{(l)} = 6 - 3 + 1", 1, equal(6 - 3 + 1, conv_out(6, 3))),
        ("n^{(l)} = 6 - 3 + 1", 2, equal(6 - 3 + 1, 4)),
        ("$$z^{(l)}_{i,j} = ", 1, _capa_check(_forward_1based, 100)),
        (
            "$$\\delta^{(l)}_{i,j} = ",
            1,
            _capa_check(lambda v: same(v["delta"], v["ga"] * (1 - v["act"] ** 2)), 110),
        ),
        ("usáramos la sigmoide", 1, trials(_sigmoid_prime, 120)),
        ("$$\\frac{\\partial E}{\\partial w^{(l)}_{m,n}}", 1, _capa_check(_dw_1based, 130)),
        (
            "$$\\frac{\\partial E}{\\partial b^{(l)}}",
            1,
            _capa_check(lambda v: math.isclose(v["db"], v["delta"].sum()), 140),
        ),
        (
            "(no es la media",
            1,
            _capa_check(lambda v: math.isclose(v["db"], v["delta"].sum() / 16), 150),
        ),
        (
            "$$\\frac{\\partial E}{\\partial w^{(l)}} = a^{(l-1)} \\star \\delta",
            1,
            _capa_check(lambda v: same(v["dw"], corr(v["a"], v["delta"])), 160),
        ),
        (
            "El profesor avisó",
            1,
            _capa_check(lambda v: same(v["dw"], corr(v["a"], rot180(v["delta"]))), 170),
        ),
        ("$$\\frac{\\partial E}{\\partial a^{(l-1)}_{p,q}}", 1, _capa_check(_da_1based, 180)),
        (
            "$$\\frac{\\partial E}{\\partial a^{(l-1)}} = \\operatorname{pad}_2",
            1,
            _capa_check(lambda v: same(v["da"], corr(pad(v["delta"], 2), rot180(v["w"]))), 190),
        ),
        (
            "Error típico en el examen",
            1,
            _capa_check(lambda v: same(v["da"], corr(pad(v["delta"], 2), v["w"])), 200),
        ),
        ("Error típico en el examen", 2, equal(8 - 3 + 1, 6)),
        (
            "la esquina superior izquierda",
            1,
            _capa_check(
                lambda v: math.isclose(v["da"][0, 0], v["delta"][0, 0] * v["w"][2, 2]), 210
            ),
        ),
        (
            "$$\\delta^{(l-1)} = ",
            1,
            _capa_check(lambda v: same(v["dzp"], v["da"] * (v["zp"] > 0)), 220),
        ),
        ("Ejercicio de clase", 1, equal(8 * 4 * 3 * 3, params(torch.nn.Conv2d(4, 8, 3)))),
        ("Ejercicio de clase", 2, equal(8 * 4 * 3 * 3, 288)),
    ],
)


def truth_table() -> dict[tuple[str, int, int], Truth]:
    from unseen_fresh15_truth_b import NOTES_B
    from unseen_fresh15_truth_c import NOTES_C
    from unseen_fresh15_truth_d import NOTES_D

    return {**APUNTES, **NOTES_B, **NOTES_C, **NOTES_D}
