"""A name the notes define by a formula (verified) and later claim at numbers the passage
sets: "$$W_o = \\lfloor (W + 2P - K)/S \\rfloor + 1$$ ... with $W = 17$, $K = 5$, ...:
$$W_o = ... = 5$$", "$$K_{\\text{eff}} = D(K - 1) + 1$$ ... Für $K = 5$ und $D = 3$ ergibt
sich $K_{\\text{eff}} = ... = 13$" (fresh32's "which quantity H' / K_eff is, is not read").
Truth: torch's output shapes (a dilated kernel's span as the rows it removes, plus one) and
a receptive field as the input entries one output's gradient reaches.  A definition judged
wrong, or a letter set to two values above the claim, gives no reading."""

from __future__ import annotations

import torch
from conftest import checked_text

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

F = torch.nn.functional


def _claims(text: str, piece: str) -> list:
    """The verdicts on the line of ``text`` that holds ``piece``."""
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)
    return [v for v in checked_text(text, "notes.md").verdicts if v.line == line]


def _width(w: int, k: int, p: int, s: int) -> int:
    return F.conv2d(
        torch.zeros(1, 1, 1, w), torch.zeros(1, 1, 1, k), padding=(0, p), stride=s
    ).shape[-1]


def _span(k: int, d: int) -> int:
    rows = 40
    return rows - F.conv1d(torch.zeros(1, 1, rows), torch.zeros(1, 1, k), dilation=d).shape[-1] + 1


def _field(*layers: tuple[int, int]) -> int:
    """Input entries one output of a stack of stride-1 conv1d layers (kernel, dilation) sees."""
    x = torch.zeros(1, 1, 64, requires_grad=True)
    y = x
    for k, d in layers:
        y = F.conv1d(y, torch.ones(1, 1, k), dilation=d)
    y[0, 0, y.shape[-1] // 2].backward()
    return int((x.grad != 0).sum())


ENGLISH = f"""# Output sizes, once and for all

A convolution with kernel side $K$, stride $S$ and zero padding $P$ on an input of width $W$ gives

$$W_{{o}} = \\left\\lfloor \\frac{{W + 2P - K}}{{S}} \\right\\rfloor + 1$$

columns. A worked case: with $W = 17$, $K = 5$, $P = 1$ and $S = 3$,

$$W_{{o}} = \\left\\lfloor \\frac{{17 + 2 - 5}}{{3}} \\right\\rfloor + 1 = {_width(17, 5, 1, 3)} .$$

For $K = 4$, $P = 0$, $S = 2$ and $W = 11$ the layer gives $W_{{o}} = (11 - 4)/2 + 1 = 4.5$ columns.

Two inputs, $W = 9$ and $W = 10$, with $K = 3$, $P = 0$ and $S = 2$:

$$W_{{o}} = (9 - 3)/2 + 1 = 4$$

## Receptive field

One dilated layer alone, with $d = 2$ and a kernel of 5, sees 9 inputs.
Stacking two $5 \\times 5$ layers with stride 1 and dilations 1 and 3, the receptive field of one
output has side $\\rho = 1 + 4(1 + 3) = {_field((5, 1), (5, 3))}$.
"""


def test_an_english_definition_gives_the_name_its_value_at_the_passage_settings() -> None:
    (worked,) = _claims(ENGLISH, "17 + 2 - 5")
    assert worked.status == VERIFIED and "as the notes define it" in worked.message
    (floorless,) = _claims(ENGLISH, "(11 - 4)/2")  # the floor left out: 4, not 4.5
    assert floorless.status == WRONG and f"{_width(11, 4, 0, 2)}, not 9/2" in floorless.message
    (two,) = _claims(ENGLISH, "(9 - 3)/2")  # W is 9 or 10 in the sentence above: no reading
    assert two.status == NOT_UNDERSTOOD
    # \rho named a receptive field by its sentence; the stack is the one its own sentence
    # describes (the d = 2 of the sentence before is another layer's)
    (field,) = _claims(ENGLISH, "\\rho = ")
    assert field.status == VERIFIED


GERMAN = f"""# Dilatierte Faltung — Zusammenfassung

Die Eingabe hat die Seite $H$, der Kern die Seite $K$; die Dilatation sei $D \\ge 2$. Der dilatierte
Kern wirkt wie ein dichter Kern der Seite

$$K_{{\\text{{eff}}}} = D(K - 1) + 1 .$$

Für $K = 5$ und $D = 3$ ergibt sich $K_{{\\text{{eff}}}} = 3 \\cdot 4 + 1 = {_span(5, 3)}$ Pixel,
für $K = 2$ und $D = 4$ dagegen $K_{{\\text{{eff}}}} = 2 \\cdot 4 = 8$ Pixel.

Eine falsche Variante aus einer Abgabe:

$$K_{{\\text{{eff}}}} = DK .$$

Mit $K = 3$ und $D = 2$: $K_{{\\text{{eff}}}} = 2 \\cdot 3 = 6$.
"""


def test_a_german_definition_is_read_at_the_settings_of_each_claims_own_clause() -> None:
    (right,) = _claims(GERMAN, "3 \\cdot 4 + 1")
    (wrong,) = _claims(GERMAN, "2 \\cdot 4 = 8")
    assert right.status == VERIFIED
    assert wrong.status == WRONG and f"{_span(2, 4)}, not 8" in wrong.message
    # the latest definition was judged wrong: what K_eff means is in doubt, no reading
    (after,) = _claims(GERMAN, "2 \\cdot 3 = 6")
    assert after.status != VERIFIED
