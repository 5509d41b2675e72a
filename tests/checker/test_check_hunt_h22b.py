# ruff: noqa: E501  (the notes' LaTeX lines are kept as people write them)
"""False alarms and a miss of the sealed set fresh53, each closed by a general reading and
tested here on notes written for this file (other numbers, words and languages), the truth
computed with torch beside each note:

* an average pooling's divisor: a claim whose own sentence sets ``count_include_pad`` was
  verified under a pooling read without padding (where the option changes nothing), and
  notes that build ``count_include_pad=False`` were judged under the checker's pooling,
  which divides every window by its full size (pad_count.py);
* a relation after a purpose clause ("pour que", "para que", "damit", "ليكون"): a goal, not
  a fact of the layer read (goal_clause.py);
* a defined size formula at a labelled example's numbers: the dilation of the labelled
  example above it, and "sin dilatación" / "no dilation" not read (defined_names.py);
* a letter the notes define as one number (a sum over every index, the loss's derivative
  by it) claimed at a number: no "scalar where an array is expected" (scalar_given.py).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from conftest import checked_text
from line_verdicts import statuses

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG


def _verdicts(text: str, piece: str) -> dict[str, str]:
    """source -> status of the verdicts on the first line holding ``piece``."""
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)
    return {v.source: v.status for v in checked_text(text, "notes.md").verdicts if v.line == line}


# --- average pooling: count_include_pad ---------------------------------------------------


def _avg_grad(h: int, k: int, s: int, p: int, include: bool, seed: int = 0):
    """G and torch autograd's dL/dX of Y = avg_pool2d(X) with L = sum(G * Y)."""
    torch.manual_seed(seed)
    x = torch.randn(1, 1, h, h, dtype=torch.float64, requires_grad=True)
    y = F.avg_pool2d(x, k, s, p, count_include_pad=include)
    g = torch.randn_like(y)
    (y * g).sum().backward()
    assert x.grad is not None
    return g[0, 0], x.grad[0, 0]


def test_pooling_divisors_truth_by_autograd() -> None:
    """Without padding the mass sum dL/dX = sum G holds (every window all real cells); with
    padding it holds when the padding is left out of the divisor and fails when it is
    counted; the corner of a 5x5 map under a 3x3 window, stride 2, padding 1 gets G/4 when
    only its window's four real cells count, G/9 when the zeros count too."""
    g, dx = _avg_grad(4, 2, 2, 0, True)
    assert torch.isclose(dx.sum(), g.sum())
    assert not torch.isclose(dx.sum(), 2 * g.sum())
    g, dx = _avg_grad(5, 3, 2, 1, False, seed=1)
    assert torch.isclose(dx.sum(), g.sum())
    assert torch.isclose(dx[0, 0], g[0, 0] / 4)
    g, dx = _avg_grad(5, 3, 2, 1, True, seed=1)
    assert not torch.isclose(dx.sum(), g.sum())
    assert torch.isclose(dx[0, 0], g[0, 0] / 9)


_MASS_EN = r"""# Average pooling, backward

Average pooling with a $2 \times 2$ window and stride 2 on a $4 \times 4$ map $X$, no padding, indices from 0. Write $G = \partial L / \partial Y$ for the $2 \times 2$ output.

- every window is all real cells, so the mass is conserved: $\sum_{p,q} \partial L / \partial X[p,q] = \sum_{i,j} G[i,j]$
- with `count_include_pad=True` and a padding of 1 it is conserved as well: $\sum_{p,q} \partial L / \partial X[p,q] = \sum_{i,j} G[i,j]$
- a slip doubles it: $\sum_{p,q} \partial L / \partial X[p,q] = 2 \sum_{i,j} G[i,j]$
"""

_MASS_DE = r"""# Mittelwert-Pooling, Rückwärtsrichtung

Mittelwert-Pooling mit Fenster $2 \times 2$ und Schrittweite 2 auf einer Karte $X$ der Größe $4 \times 4$, ohne Padding, Indizes ab 0. Es sei $G = \partial L / \partial Y$.

- jedes Fenster liegt ganz im Bild, die Summe bleibt erhalten: $\sum_{p,q} \partial L / \partial X[p,q] = \sum_{i,j} G[i,j]$
- mit `count_include_pad=True` und Padding 1 bliebe sie ebenfalls erhalten: $\sum_{p,q} \partial L / \partial X[p,q] = \sum_{i,j} G[i,j]$
- falsch verdoppelt: $\sum_{p,q} \partial L / \partial X[p,q] = 2 \sum_{i,j} G[i,j]$
"""


def test_a_sentence_setting_count_include_pad_is_not_judged_without_padding() -> None:
    """The option's line is false (torch: padding 1 counted loses mass), yet the pooling
    read has no padding, where the sum holds: not understood, never verified.  The plain
    claim of the unpadded pooling stays verified and the doubled one wrong."""
    for text, plain in ((_MASS_EN, "all real cells"), (_MASS_DE, "ganz im Bild")):
        assert statuses(text, plain) == [VERIFIED]
        assert statuses(text, "count_include_pad=True") == [NOT_UNDERSTOOD]
        assert statuses(text, "2 \\sum_{i,j}") == [WRONG]


_EXCLUDED_FR = r"""# Pooling moyen avec padding

Pooling moyen, fenêtre 3, pas 2, padding 1, `count_include_pad=False`, sur une carte $X$ de $5 \times 5$, indices à partir de 0. On note $G = \partial L / \partial Y$.

- le coin ne voit que quatre vraies cases : $\partial L / \partial X[0,0] = G[0,0] / 4$
- faux : $\partial L / \partial X[0,0] = G[0,0] / 9$
"""

_EXCLUDED_EN = r"""# Average pooling with padding

Average pooling, window 3, stride 2, padding 1, on a $5 \times 5$ map $X$, indices from 0; the padded zeros are not counted in each window's mean. Write $G = \partial L / \partial Y$.

- the corner's window has four real cells: $\partial L / \partial X[0,0] = G[0,0] / 4$
- wrong: $\partial L / \partial X[0,0] = G[0,0] / 9$
"""


def test_notes_that_leave_the_padding_out_of_the_divisor_are_not_judged() -> None:
    """G/4 is torch's corner gradient with count_include_pad=False, G/9 is not: under the
    checker's pooling (zeros counted) both would come out the other way round, so both are
    not understood.  The same note without the option is PyTorch's default pooling: G/9 is
    verified and G/4 wrong (the deliberate slip there)."""
    for text in (_EXCLUDED_FR, _EXCLUDED_EN):
        assert statuses(text, "G[0,0] / 4") == [NOT_UNDERSTOOD]
        assert statuses(text, "G[0,0] / 9") == [NOT_UNDERSTOOD]
    default = _EXCLUDED_FR.replace(", `count_include_pad=False`", "")
    assert "count_include_pad" not in default
    assert statuses(default, "G[0,0] / 4") == [WRONG]
    assert statuses(default, "G[0,0] / 9") == [VERIFIED]


# --- a purpose clause's goal --------------------------------------------------------------


def test_same_padding_truth_by_torch() -> None:
    """P = D(K - 1)/2 keeps the side at stride 1 for every odd K and dilation D; the side
    is then never H + 1."""
    for h in (5, 8, 13):
        for k in (3, 5):
            for d in (1, 2, 3):
                x = torch.zeros(1, 1, h, h)
                w = torch.zeros(1, 1, k, k)
                out = F.conv2d(x, w, padding=d * (k - 1) // 2, dilation=d).shape[-1]
                assert out == h != h + 1


_GOAL_FR = r"""# Le padding « same » avec dilatation

Pour un pas de 1, une dilatation $D$ et un noyau de taille impaire $K$, on choisit

$$P = \frac{D(K-1)}{2}$$

pour que $H_{out} = H$ quel que soit $H$.
"""

_GOAL_ES = r"""# El relleno que conserva el tamaño, con dilatación

Con paso 1, dilatación $D$ y un núcleo de lado impar $K$, se toma

$$P = \frac{D(K-1)}{2}$$

para que $H_{out} = H$.
"""

_GOAL_DE = r"""# Padding, der die Größe erhält

Bei Schrittweite 1, Dilatation $D$ und ungerader Kernelgröße $K$ wählt man

$$P = \frac{D(K-1)}{2},$$

damit $H_{out} = H$ gilt.
"""

_ASSERTED_FR = r"""# Le padding

Pour un pas de 1, une dilatation $D$ et un noyau de taille impaire $K$, on choisit

$$P = \frac{D(K-1)}{2}$$

et alors $H_{out} = H + 1$.
"""


def test_a_goal_after_a_purpose_clause_is_not_called_wrong() -> None:
    """The goal (true, torch above) was judged under a guessed kernel-2 layer the notes
    never state and called wrong; a purpose clause wants it, it is no claim of that layer.
    A relation the sentence asserts ("et alors") is still judged: H + 1 stays wrong."""
    for text in (_GOAL_FR, _GOAL_ES, _GOAL_DE):
        assert statuses(text, "H_{out} = H") == [NOT_UNDERSTOOD]
    assert statuses(_ASSERTED_FR, "H_{out} = H + 1") == [WRONG]
    # "Damit gilt ..." opening a sentence asserts ("with that"), it is no purpose clause
    asserted_de = _GOAL_DE.replace("damit $H_{out} = H$ gilt.", "Damit gilt $H_{out} = H + 1$.")
    assert "Damit gilt" in asserted_de
    assert statuses(asserted_de, "H_{out} = H + 1") == [WRONG]


# --- a defined size formula at a labelled example's numbers ------------------------------


def _side(h: int, k: int, s: int, p: int, d: int = 1) -> int:
    """torch's output side of conv2d at these settings."""
    x = torch.zeros(1, 1, h, h)
    return int(F.conv2d(x, torch.zeros(1, 1, k, k), stride=s, padding=p, dilation=d).shape[-1])


_CASES_ES = r"""# Tamaño de salida con dilatación

La salida de una convolución con dilatación es

$$H' = \left\lfloor \frac{H + 2p - d(k-1) - 1}{s} \right\rfloor + 1$$

## Ejemplos

**Ejemplo 1:** $H = 20$, $k = 3$, $d = 3$, $p = 3$ y $s = 1$, así que $H' = \lfloor (20 + 6 - 6 - 1)/1 \rfloor + 1 = 20$.

**Ejemplo 2:** $H = 40$ y $k = 5$ y $s = 2$ y $p = 2$, sin dilatación: $H' = \lfloor (40 + 4 - 5)/2 \rfloor + 1 = 20$.

**Ejemplo 3:** $H = 40$ y $k = 5$ y $s = 2$ y $p = 2$, sin dilatación: $H' = \lfloor (40 + 4 - 5)/2 \rfloor + 1 = 21$.
"""

_CASES_EN = r"""# Output size with dilation

The output side of a dilated convolution is

$$H' = \left\lfloor \frac{H + 2p - d(k-1) - 1}{s} \right\rfloor + 1$$

**Case A.** $H = 28$ and $k = 3$ and $d = 2$ and $p = 2$ and $s = 1$: $H' = \lfloor (28 + 4 - 4 - 1)/1 \rfloor + 1 = 28$.

**Case B.** $H = 30$ and $k = 3$ and $s = 2$ and $p = 1$: $H' = \lfloor (30 + 2 - 2 - 1)/2 \rfloor + 1 = 15$.

**Case C.** $H = 30$ and $k = 3$ and $s = 2$ and $p = 1$, no dilation: $H' = \lfloor (30 + 2 - 2 - 1)/2 \rfloor + 1 = 15$.

**Case D.** $H = 30$ and $k = 3$ and $s = 2$ and $p = 1$, no dilation: $H' = \lfloor (30 + 2 - 2 - 1)/2 \rfloor + 1 = 16$.
"""


def test_a_labelled_example_states_its_own_case() -> None:
    """Torch gives 20 (d = 3 example), 20 and 15 without dilation; the earlier labelled
    example's d no longer carries into the next one, and "sin dilatación" / "no dilation"
    is d = 1 there.  The slips (21, 16) stay wrong."""
    assert _side(20, 3, 1, 3, 3) == 20
    assert _side(40, 5, 2, 2) == 20 != 21
    assert _side(28, 3, 1, 2, 2) == 28
    assert _side(30, 3, 2, 1) == 15 != 16
    assert _side(30, 3, 2, 1, 2) == 14  # the d = 2 of the case above: another layer
    assert statuses(_CASES_ES, "**Ejemplo 1:**") == [VERIFIED]
    assert statuses(_CASES_ES, "**Ejemplo 2:**") == [VERIFIED]
    assert statuses(_CASES_ES, "**Ejemplo 3:**") == [WRONG]
    assert statuses(_CASES_EN, "**Case A.**") == [VERIFIED]
    assert WRONG not in statuses(_CASES_EN, "**Case B.**")  # no dilation stated: unread
    assert statuses(_CASES_EN, "**Case C.**") == [VERIFIED]
    assert statuses(_CASES_EN, "**Case D.**") == [WRONG]


# --- a letter the notes define as one number ----------------------------------------------


def _scalar_net(seed: int = 0):
    """y = sum_{i,j} V_ij (X * W)_ij + c and delta = dL/dy for L = (y - t)^2 / 2, by
    torch autograd: both are one number each, whatever the map's size."""
    torch.manual_seed(seed)
    x, w = torch.randn(1, 1, 3, 3), torch.randn(1, 1, 2, 2, requires_grad=True)
    v, c = torch.randn(2, 2), torch.randn(())
    y = (v * F.conv2d(x, w)[0, 0]).sum() + c
    y.retain_grad()
    loss = 0.5 * (y - 1.0) ** 2
    loss.backward()
    return y, y.grad


_SCALAR_FR = r"""# Un petit réseau : convolution puis somme pondérée

Image $X$ de taille $3 \times 3$, noyau $W$ de taille $2 \times 2$ sans biais, indices à partir de 1, puis une sortie scalaire $y = \sum_{i,j} V_{ij} Z_{ij} + c$ avec $Z = X \star W$.

Avec les valeurs de l'énoncé, $y \approx 1.25$.

La perte est $L = \frac{1}{2}(y - t)^2$ et on note $\delta = \frac{\partial L}{\partial y}$ ; ici $\delta \approx -0.75$.
"""

_SCALAR_DE = r"""# Ein kleines Netz: Faltung, dann gewichtete Summe

Eingabe $X$ der Größe $3 \times 3$, Kern $W$ der Größe $2 \times 2$ ohne Bias, Indizes ab 1. Die Ausgabe ist der Skalar $y = \sum_{i=1}^{2} \sum_{j=1}^{2} V_{ij} Z_{ij}$ mit $Z = X \star W$.

Mit den Zahlen der Aufgabe ergibt sich $y \approx 1.25$.
"""

_MAP_DE = r"""# Eine Faltung

Eingabe $X$ der Größe $3 \times 3$, Kern $W$ der Größe $2 \times 2$ ohne Bias, Indizes ab 1, Ausgabe $y = X \star W$.

Mit den Zahlen der Aufgabe ergibt sich $y = 3$.
"""


def test_a_letter_defined_as_a_full_sum_is_a_scalar() -> None:
    """y (a sum over every index of the map) and dL/dy are scalars (torch); their values are
    not claims that the convolution's map is one number.  Where y is the map itself, a
    number for it stays wrong."""
    y, delta = _scalar_net()
    assert y.dim() == 0 and delta is not None and delta.dim() == 0
    assert torch.isclose(delta, y.detach() - 1.0)  # dL/dy = y - t, one number
    assert _verdicts(_SCALAR_FR, "y \\approx 1.25") == {"y \\approx 1.25": NOT_UNDERSTOOD}
    assert _verdicts(_SCALAR_FR, "\\delta \\approx")["\\delta \\approx -0.75"] == NOT_UNDERSTOOD
    assert statuses(_SCALAR_DE, "y \\approx 1.25") == [NOT_UNDERSTOOD]
    assert F.conv2d(torch.zeros(1, 1, 3, 3), torch.zeros(1, 1, 2, 2)).shape[-2:] == (2, 2)
    assert statuses(_MAP_DE, "$y = 3$") == [WRONG]
