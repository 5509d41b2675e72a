"""Output sides under cases set by a line's own lead-in, in a part with a 2-D map of its own
(scope_facts.py, literal_sizes.py, bound_sizes.py):

* "Mit $d = 2$, $p = 0$ und Stride $s = 2$: $H_{out} = ...$": the stride 2 is that line's
  case; a claim in the next paragraph ("Mit $d = 2$ und $p = 1$: ...") is not under it (it
  was: a correct 9 called "5, not 9", a false alarm);
* "eine Merkmalskarte $X$ der Größe $11 \\times 11$", "a map $X$ of size $12 \\times 12$":
  the part's input, as "$X$ is $5 \\times 5$" is;
* "jedes $y[n]$ ist linear in $w_k$": an adjective, not a Linear (dense) layer;
* a signal $x = (\\dots)$ of 10 numbers at the top of the notes is a 1-D input's length: a
  2-D part below whose map's sides are not read is not judged with it.

Truth: torch's conv2d output shapes at the stated settings.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.scope_facts import facts


def _side(h: int, k: int, d: int, p: int, s: int) -> int:
    x, w = torch.zeros(1, 1, h, h), torch.zeros(1, 1, k, k)
    return int(F.conv2d(x, w, stride=s, padding=p, dilation=d).shape[-1])


GERMAN = """# Probeklausur — Lösung Aufgabe 3

Indizes beginnen bei 0; Kreuzkorrelation mit Stride 1 ohne Padding.
Gegeben ist das Signal $x = (2, 0, 1, -1, 3, 1, 0, 2, 1, 1)$ der Länge $N = 10$ und der \
Kern $w = (1, 0, -1)$.

## a) Gradient

Da jedes $y[n]$ linear in $w_k$ ist, summiert man über alle Ausgabepositionen.

## b) Zweidimensional

Eine Merkmalskarte $X$ der Größe $11 \\times 11$ mit $X[i,j] = i - j$ wird mit einem \
$3 \\times 3$-Kern $W$ gefaltet, $d = 2$.

Ohne Padding: $H_{\\text{out}} = 11 - 5 + 1 = 7$; mit $p = 2$ bleibt die Größe erhalten.

Mit $d = 2$, $p = 0$ und Stride $s = 2$: \
$H_{\\text{out}} = \\left\\lfloor \\frac{11 - 5}{2} \\right\\rfloor + 1 = 4$.

Mit $d = 2$ und $p = 1$: $H_{\\text{out}} = 11 + 2 - 5 + 1 = 9$.

Mit $d = 3$ und $p = 0$: $H_{\\text{out}} = 11 - 3 + 1 = 9$.
"""

ENGLISH = """# Practice exam, problem 5 (solutions)

Indices from 0; cross-correlation, stride 1, no padding.
The signal is $x = (1, 3, 0, 2, -1, 4, 1, 0, 2, 5, 1, 2, 0, 1)$ and the kernel $w = (1, 2, 1)$.

## (a) Gradients

Since each $y[n]$ is linear in $w_k$, the weight gradient sums over every output position.

## (b) A two-dimensional map

Now a map $X$ of size $12 \\times 12$ with $X[i,j] = i + j$ is filtered by a $3 \\times 3$ \
kernel $W$ of ones, $d = 2$.

Without padding, $H_{out} = 12 - 5 + 1 = 8$; with $p = 2$ the size is kept.

With $d = 2$, $p = 0$ and stride $s = 2$: \
$H_{out} = \\left\\lfloor \\frac{12 - 5}{2} \\right\\rfloor + 1 = 4$.

With $d = 2$ and $p = 2$: $H_{out} = 12 + 4 - 5 + 1 = 12$.

With $d = 3$ and $p = 1$: $H_{out} = 12 + 2 - 3 + 1 = 12$.
"""

# the part's map sides in words no reader reads ("nine by nine"): only the signal's 10
UNREAD_MAP = """# Übung 4 — Lösung (Faltung)

Indizes ab 0; Kreuzkorrelation mit Stride 1 ohne Padding.
Das Signal ist $x = (1, 0, 2, 1, -1, 0, 3, 1, 2, 1)$ und der Kern $w = (1, -1, 2)$.

## b) Zweidimensionale Faltung

Eine quadratische Karte mit neun mal neun Pixeln wird mit einem $3 \\times 3$-Kern gefaltet.

Mit $p = 1$: $H_{\\text{out}} = 9 + 2 - 3 + 1 = 9$.

Mit $p = 2$: $H_{\\text{out}} = 10 + 4 - 3 + 1 = 12$.
"""


def test_the_truth_of_the_notes():
    assert _side(11, 3, 2, 0, 2) == 4 and _side(11, 3, 2, 1, 1) == 9
    assert _side(11, 3, 3, 0, 1) == 5  # not 9: the notes' slip (kernel span 7, not 3)
    assert _side(11, 3, 2, 1, 2) == 5  # the sibling's stride 2 would give 5, not 9
    assert _side(12, 3, 2, 0, 2) == 4 and _side(12, 3, 2, 2, 1) == 12
    assert _side(12, 3, 3, 1, 1) == 8  # not 12
    assert _side(9, 3, 1, 1, 1) == 9 and _side(9, 3, 1, 2, 1) == 11
    assert _side(10, 3, 1, 2, 1) == 12  # true of the signal's 10, not of the 9 x 9 map


def test_a_sibling_lines_case_is_not_the_next_claims():
    assert statuses(GERMAN, "Mit $d = 2$ und $p = 1$") == [VERIFIED]
    assert statuses(GERMAN, "Stride $s = 2$") == [VERIFIED]
    assert statuses(ENGLISH, "With $d = 2$ and $p = 2$") == [VERIFIED]
    assert set(statuses(ENGLISH, "stride $s = 2$")) == {VERIFIED}


def test_a_wrong_span_under_its_own_case_is_caught():
    assert statuses(GERMAN, "Mit $d = 3$ und $p = 0$") == [WRONG]
    assert statuses(ENGLISH, "With $d = 3$ and $p = 1$") == [WRONG]


def test_map_of_size_and_linear_in():
    assert facts("Eine Merkmalskarte X der Größe 11 x 11 mit")["in_h"] == [11]
    assert facts("Now a map X of size 12 x 12 is filtered")["in_w"] == [12]
    assert "kind:dense" not in facts("Da jedes y[n] linear in w_k ist, summiert man")
    assert "kind:dense" not in facts("Since each y[n] is linear in w_k, the gradient")
    assert "kind:dense" in facts("followed by nn.Linear(120, 84)")


def test_a_signals_length_is_no_side_of_a_2d_part():
    # 9 + 2 - 3 + 1 = 9 holds for the 9 x 9 map; 12 holds only at the signal's length 10
    # (read with the signal's 10: "10, not 9", a false alarm, and 12 verified, a miss)
    assert statuses(UNREAD_MAP, "Mit $p = 2$") in ([NOT_UNDERSTOOD], [WRONG])
    assert statuses(UNREAD_MAP, "Mit $p = 1$") in ([NOT_UNDERSTOOD], [VERIFIED])
