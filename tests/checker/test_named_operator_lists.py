"""An operator applied to a signal the notes gave as a list (named_operators.py):
"$g = (1, -2, 3)$ ... $\\operatorname{dilate}_2(g) = (1, 0, -2, 0, 3)$", "$\\operatorname{rot}
(w) = (-1, 2, 1)$", "$\\operatorname{pad}_1(x) = (0, ..., 0)$": a list has one axis, along
which dilate_s inserts s - 1 zeros and pad_p adds p zeros at each end, and rot (with or
without its 180) and flip reverse it.  Spanish and German notes; the truth is NumPy's
(zeros with a strided slice, np.pad, a reversed view), slips put in by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from symconv.checker.runner import check_file

X = np.array([2, -1, 0, 3, 1])
W = np.array([1, 2, -1])
G = np.array([1, -2, 3])


def _dilate(v: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros((len(v) - 1) * s + 1, dtype=v.dtype)
    out[::s] = v
    return out


def _tuple(v: np.ndarray) -> str:
    return "(" + ", ".join(str(int(a)) for a in v) + ")"


def _statuses(tmp_path: Path, text: str) -> dict[int, str]:
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    return {v.line: v.status for v in check_file(str(path)).verdicts if v.status != "assumed"}


def _slip(v: np.ndarray) -> np.ndarray:
    out = v.copy()
    out[-1] += 1
    return out


@pytest.mark.parametrize("slipped", [False, True])
def test_spanish_dilate_pad_rot(tmp_path: Path, slipped: bool) -> None:
    dilated, padded, turned = _dilate(G, 3), np.pad(X, 1), W[::-1]
    assert list(dilated) == [1, 0, 0, -2, 0, 0, 3] and list(turned) == [-1, 2, 1]
    shown = [_slip(m) if slipped else m for m in (dilated, padded, turned)]
    text = f"""# Retropropagación 1-D con paso 3

Índices desde 0. Datos: $x = {_tuple(X)}$, $w = {_tuple(W)}$ y el gradiente que llega,
$\\delta = {_tuple(G)}$.

Se intercalan dos ceros entre muestras: $\\operatorname{{dilate}}_3(\\delta) = {_tuple(shown[0])}$.

Con un cero en cada extremo, $\\operatorname{{pad}}_1(x) = {_tuple(shown[1])}$.

El filtro al revés: $\\operatorname{{rot}}(w) = {_tuple(shown[2])}$.
"""
    found = _statuses(tmp_path, text)
    want = "wrong" if slipped else "verified"
    assert (found[6], found[8], found[10]) == (want, want, want)


def test_german_nested_and_flip(tmp_path: Path) -> None:
    both = np.pad(_dilate(G, 2), 2)  # pad_2(dilate_2(g)): the input gradient's map
    assert list(both) == [0, 0, 1, 0, -2, 0, 3, 0, 0]
    text = f"""# Rückwärtsrechnung, Schrittweite 2

Indizes beginnen bei 0. Gegeben $w = {_tuple(W)}$ und $g = {_tuple(G)}$.

$$\\operatorname{{pad}}_2\\big(\\operatorname{{dilate}}_2(g)\\big) = {_tuple(both)}$$

$$\\operatorname{{flip}}(w) = {_tuple(W[::-1])}$$

$$\\operatorname{{flip}}(w) = {_tuple(W)}$$
"""
    found = _statuses(tmp_path, text)
    assert (found[5], found[7], found[9]) == ("verified", "verified", "wrong")
