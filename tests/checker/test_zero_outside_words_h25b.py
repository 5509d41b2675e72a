"""A convention written in Russian, Polish or Dutch: "(и $\\delta[t] = 0$ вне диапазона)",
"$\\delta[t] = 0$ при $t < 0$", "$\\delta[t] = 0$ poza zakresem", "$\\delta[t] = 0$ buiten
het bereik".  The words after the equation that say where it holds (outside the range,
for those indices) were known in English, Spanish, French, German, Italian and
Portuguese only, so in these languages the convention was judged as a claim -- every
entry of dL/dy zero, "wrong" -- though the notes only fix what an index past the ends
reads.  Now "вне", "за пределами", "при", "если", "когда", "поза", "якщо", "коли",
"poza", "gdy", "jeśli", "buiten", "wanneer", "indien" make it a convention (no verdict,
and the tensor reads zero outside, so the input-gradient formula that relies on it is
judged with it).  A Russian input's length, "вход $x$ длины 6", is now read as well.

Truth: torch's conv1d autograd for a length-6 input and a 3-tap kernel, against the
formula dL/dx[n] = sum_k delta[n - k] w[k] (delta zero outside 0..3) in NumPy; the
variant with delta[n + k] is not the gradient and must stay wrong."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import checked_text

from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")


def _formula_is_torchs(sign: int) -> bool:
    gen = torch.Generator().manual_seed(11)
    x = torch.randn((1, 1, 6), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn((1, 1, 3), generator=gen, dtype=torch.float64)
    y = torch.nn.functional.conv1d(x, w)
    delta = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * delta).sum().backward()
    assert x.grad is not None
    d, k = delta.numpy()[0, 0], w.numpy()[0, 0]

    def at(t: int) -> float:
        return float(d[t]) if 0 <= t < len(d) else 0.0  # the convention: zero outside

    mine = [sum(at(n + sign * j) * k[j] for j in range(3)) for n in range(6)]
    return bool(np.allclose(mine, x.grad.numpy()[0, 0]))


_HEAD = {
    "ru": (
        "# Конспект: градиент по входу\n\nОдин канал, шаг 1, вход $x$ длины 6, ядро $w$ "
        "длины 3, индексы с нуля; $\\delta[t] = \\partial L / \\partial y[t]$.\n\n"
    ),
    "pl": (
        "# Notatki: gradient po wejściu\n\nJeden kanał, krok 1, wejście $x$ o długości 6, "
        "jądro $w$ o długości 3, indeksy od zera; $\\delta[t] = \\partial L / \\partial "
        "y[t]$.\n\n"
    ),
    "nl": (
        "# Aantekeningen: gradiënt naar de invoer\n\nEén kanaal, stap 1, invoer $x$ van "
        "lengte 6, kern $w$ van lengte 3, indices vanaf nul; $\\delta[t] = \\partial L / "
        "\\partial y[t]$.\n\n"
    ),
}
_RIGHT = "\\frac{\\partial L}{\\partial x[n]} = \\sum_{k=0}^{2} \\delta[n-k]\\, w[k]"
_SLIP = "\\frac{\\partial L}{\\partial x[n]} = \\sum_{k=0}^{2} \\delta[n+k]\\, w[k]"
_CASES = [
    ("ru", f"Считаем $\\delta[t] = 0$ вне диапазона выходов, тогда ${_RIGHT}$."),
    ("ru", f"Положим $\\delta[t] = 0$ при $t < 0$ и при $t > 3$; тогда ${_RIGHT}$."),
    ("pl", f"Przyjmujemy $\\delta[t] = 0$ poza zakresem wyjść, wtedy ${_RIGHT}$."),
    ("nl", f"Neem $\\delta[t] = 0$ buiten het bereik van de uitvoer, dan ${_RIGHT}$."),
]


@pytest.mark.parametrize(("language", "convention"), _CASES, ids=["vne", "pri", "poza", "buiten"])
def test_a_zero_outside_convention_is_no_claim(language: str, convention: str) -> None:
    assert _formula_is_torchs(-1) and not _formula_is_torchs(+1)
    text = f"{_HEAD[language]}{convention}\n\nSlip: ${_SLIP}$.\n"
    lines: dict[int, list[str]] = {}
    for v in checked_text(text).verdicts:
        lines.setdefault(v.line, []).append(v.status)
    assert lines[5] == [VERIFIED]  # the formula alone: the convention gets no verdict
    assert lines[7] == [WRONG]


def test_a_russian_length_states_the_sizes() -> None:
    # "вход $x$ длины 6, ядро $w$ длины 3": input 6, kernel 3 (main guessed 4 and 2, so the
    # formula was left unjudged and the slip unread)
    text = (
        f"{_HEAD['ru']}Считаем $\\delta = 0$ вне диапазона, тогда ${_RIGHT}$.\n\n"
        f"Ошибка из работы: ${_SLIP}$.\n"
    )
    lines: dict[int, list[str]] = {}
    for v in checked_text(text).verdicts:
        lines.setdefault(v.line, []).append(v.status)
    assert lines[5] == [VERIFIED]
    assert lines[7] == [WRONG]
