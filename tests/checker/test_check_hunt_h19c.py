# ruff: noqa: E501  (the notes' LaTeX lines are kept as people write them)
"""False alarms of the sealed set fresh45, each closed by a general reading and tested here
on notes written for this file (other numbers, letters, words and languages), the truth
computed with torch beside each note (the transposed layer run forward for output sides,
autograd for a gradient):

* a size one item of a list of cases sets holds in that item only: the next item, which
  leaves it unset, is not judged at it (list_items.py, defined_names.py);
* ``H_out = <formula> = <number>`` whose formula is wrong for other sizes says nothing of
  the later link, arithmetic at the notes' sizes: only side 2 is named differing, the
  sides after it not understood (allsizes.py);
* "the output $r$ through the weight $w_{j-2r}$": a letter the line's math uses inside a
  compound subscript is an index, not a name of the output (prose.py).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from conftest import checked_text

from symconv.checker.list_items import item_start, sibling_item_lines
from symconv.checker.prose import index_letters, prose_facts
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG


def _line_verdicts(text: str, piece: str) -> list:
    """The verdicts on the line of ``text`` that holds ``piece``."""
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if piece in row)
    return [v for v in checked_text(text, "notes.md").verdicts if v.line == line]


def _up(h: int, k: int, s: int, p: int, a: int = 0) -> int:
    """The output side torch's transposed convolution gives (run forward on an h x h input)."""
    x = torch.zeros(1, 1, h, h)
    w = torch.zeros(1, 1, k, k)
    return int(F.conv_transpose2d(x, w, stride=s, padding=p, output_padding=a).shape[-1])


# --- a list of cases: each item's sizes are its own ----------------------------------------
# H_in = 5 for every item (the lead-in).  Item 1 sets a = 1; item 2 leaves it unset (0, as
# torch's output_padding defaults): (5 - 1)2 - 0 + 3 = 11.  Judged at item 1's a = 1 the
# definition gave 12 and called the right 11 wrong.  Item 3 (k = 2) writes 4·2 + 2 = 9, an
# addition slip (10): still wrong.  Item 4: "H_out = H_in + 2" is wrong at stride 1, padding
# 1, kernel 3 (the side is kept, 5), while "H_in + 2 = 7" is right at H_in = 5.
LIST_EN = f"""# Upsampling with transposed convolutions

The output side of `nn.ConvTranspose2d` is

$$H_{{out}} = (H_{{in}} - 1)\\, s - 2p + k + a$$

where $a$ is the `output_padding` ($a < s$). Take $H_{{in}} = 5$ throughout:

1. $k = 3$, $s = 2$, $p = 1$, $a = 1$: $H_{{out}} = 4 \\cdot 2 - 2 + 3 + 1 = {_up(5, 3, 2, 1, 1)}$.
2. $k = 3$, $s = 2$, $p = 0$: $H_{{out}} = 4 \\cdot 2 + 3 = {_up(5, 3, 2, 0)}$.
3. $k = 2$, $s = 2$, $p = 0$: $H_{{out}} = 4 \\cdot 2 + 2 = {_up(5, 2, 2, 0) - 1}$.
4. $k = 3$, $s = 1$, $p = 1$: with stride 1 the layer grows, $H_{{out}} = H_{{in}} + 2 = {5 + 2}$.
"""

# French, a bulleted list, H_in = 6: item 1 sets a = 2, item 2 (no a) is 5·3 - 2 + 4 = 17.
LIST_FR = f"""# Suréchantillonnage par convolution transposée

Pour `nn.ConvTranspose2d`, la taille de sortie vaut

$$H_{{out}} = (H_{{in}} - 1)\\, s - 2p + k + a$$

avec $a$ le `output_padding`. On prend partout $H_{{in}} = 6$ :

- $k = 4$, $s = 3$, $p = 1$, $a = 2$ : $H_{{out}} = 5 \\cdot 3 - 2 + 4 + 2 = {_up(6, 4, 3, 1, 2)}$ ;
- $k = 4$, $s = 3$, $p = 1$ : $H_{{out}} = 5 \\cdot 3 - 2 + 4 = {_up(6, 4, 3, 1)}$ ;
- $k = 4$, $s = 3$, $p = 1$ : $H_{{out}} = 5 \\cdot 3 - 2 + 4 = {_up(6, 4, 3, 1) + 2}$ ;
- $k = 3$, $s = 1$, $p = 1$ : $H_{{out}} = H_{{in}} + 2 = {6 + 2}$.
"""


def test_the_truth_of_the_list_notes() -> None:
    assert _up(5, 3, 2, 1, 1) == 10 and _up(5, 3, 2, 0) == 11 and _up(5, 2, 2, 0) == 10
    assert _up(5, 3, 1, 1) == 5 != 5 + 2  # stride 1, padding 1, kernel 3 keeps the side
    assert _up(6, 4, 3, 1, 2) == 19 and _up(6, 4, 3, 1) == 17 and _up(6, 3, 1, 1) == 6


def test_an_item_is_judged_at_its_own_sizes_and_the_lead_in_not_at_a_sibling_item() -> None:
    (first,) = _line_verdicts(LIST_EN, "1. $k = 3$")
    assert first.status == VERIFIED and "a = 1" in first.message  # its own a, the lead-in's H_in
    (second,) = _line_verdicts(LIST_EN, "2. $k = 3$")
    assert second.status != WRONG and "a = 1" not in second.message
    (slip,) = _line_verdicts(LIST_EN, "3. $k = 2$")
    assert slip.status == WRONG  # 8 + 2 is 10, not 9, at any a
    (first,) = _line_verdicts(LIST_FR, "a = 2$ :")
    assert first.status == VERIFIED and "a = 2" in first.message
    right, wrong = (
        v for line in (10, 11) for v in checked_text(LIST_FR, "notes.md").verdicts if v.line == line
    )
    assert right.status != WRONG and "a = 2" not in right.message
    assert wrong.status == WRONG  # 15 - 2 + 4 is 17, not 19


def test_a_wrong_output_formula_names_only_its_own_side() -> None:
    for notes, piece in ((LIST_EN, "4. $k = 3$"), (LIST_FR, "$s = 1$")):
        (chain,) = _line_verdicts(notes, piece)
        assert chain.status == WRONG  # H_out = H_in + 2 is false at stride 1, padding 1
        assert "side 2 of 3 differs" in chain.message
        assert "side 3 of 3 is not understood" in chain.message


def test_list_items_and_their_siblings() -> None:
    rows = LIST_EN.split("\n")
    fourth = next(n for n, row in enumerate(rows, start=1) if row.startswith("4."))
    assert item_start(rows, fourth) == fourth
    assert sibling_item_lines(rows, fourth) == {fourth - 3, fourth - 2, fourth - 1}
    assert sibling_item_lines(rows, fourth - 3) == set()  # the first item: the lead-in only
    lead = next(n for n, row in enumerate(rows, start=1) if "throughout" in row)
    assert item_start(rows, lead) is None and sibling_item_lines(rows, lead) == set()
    nested = ["Cases:", "1. first $a = 1$", "   $$H = 3 + 1$$", "2. second", "   $$H = 4$$"]
    assert item_start(nested, 5) == 4 and sibling_item_lines(nested, 5) == {2, 3}
    given = ["Sizes:", "- $k = 3$", "- $s = 2$, $p = 1$", "- so $H = 2 + 3$"]
    assert sibling_item_lines(given, 4) == set()  # items that only give sizes: the list's
    assert sibling_item_lines(given, 4, cased=True) == {2, 3}  # a list of cases


# Sizes given as bullets, then the claim as the last bullet: the bullets are the list's
# sizes, not cases of their own (H_in = 7, k = 4, s = 2, p = 1, a = 1: 6·2 - 2 + 4 + 1).
GIVEN_BULLETS_EN = rf"""# A transposed layer by hand

The output side of `nn.ConvTranspose2d` is

$$H_{{out}} = (H_{{in}} - 1)\, s - 2p + k + a$$

The layer of the exercise:

- input side $H_{{in}} = 7$,
- kernel $k = 4$, stride $s = 2$,
- padding $p = 1$ and output padding $a = 1$.
- Then $H_{{out}} = 6 \cdot 2 - 2 + 4 + 1 = {_up(7, 4, 2, 1, 1)}$.
- And with one less: $H_{{out}} = 6 \cdot 2 - 2 + 4 = {_up(7, 4, 2, 1, 1)}$.
"""

# Cases whose results are bare numbers: item 1's a = 1 is its own, item 2 (no a) is 7.
BARE_CASES_ES = rf"""# Tamaños de salida

La salida de `nn.ConvTranspose2d` mide

$$H_{{out}} = (H_{{in}} - 1)\, s - 2p + k + a$$

Con $H_{{in}} = 4$ en todos los casos:

1. $k = 3$, $s = 2$, $p = 1$, $a = 1$: $H_{{out}} = {_up(4, 3, 2, 1, 1)}$.
2. $k = 3$, $s = 2$, $p = 1$: $H_{{out}} = 3 \cdot 2 - 2 + 3 = {_up(4, 3, 2, 1)}$.
"""


def test_sizes_given_as_bullets_hold_for_the_claims_below_them() -> None:
    assert _up(7, 4, 2, 1, 1) == 15 and _up(4, 3, 2, 1, 1) == 8 and _up(4, 3, 2, 1) == 7
    (then,) = _line_verdicts(GIVEN_BULLETS_EN, "- Then")
    assert then.status == VERIFIED and "a = 1" in then.message
    (less,) = _line_verdicts(GIVEN_BULLETS_EN, "one less")
    assert less.status == WRONG  # 12 - 2 + 4 is 14, not 15
    (own,) = _line_verdicts(BARE_CASES_ES, "1. $k = 3$")
    assert own.status == VERIFIED and "a = 1" in own.message
    (second,) = _line_verdicts(BARE_CASES_ES, "2. $k = 3$")
    assert second.status != WRONG and "a = 1" not in second.message


# --- "the output $r$" where r counts the outputs ----------------------------------------------
def _input_gradient(length: int, j: int) -> tuple[float, float]:
    """(torch's dL/dx_j, the notes' two-tap sum) for a stride-2 conv1d without bias, random
    weights and upstream gradient, 0-based indices: x_j sits in the windows r with
    0 <= j - 2r <= 2."""
    gen = torch.Generator().manual_seed(length + j)
    x = torch.randn(1, 1, length, generator=gen, requires_grad=True)
    w = torch.randn(1, 1, 3, generator=gen)
    y = F.conv1d(x, w, stride=2)
    g = torch.randn(y.shape, generator=gen)
    (y * g).sum().backward()
    assert x.grad is not None
    r0, r1 = (j - 2) // 2, j // 2  # the windows that reach x_j (tap 2, then tap 0)
    notes = g[0, 0, r0] * w[0, 0, 2] + g[0, 0, r1] * w[0, 0, 0]
    return float(x.grad[0, 0, j]), float(notes)


def _index_notes(language: str, length: int, j: int, taps: str) -> str:
    r0, r1 = (j - 2) // 2, j // 2
    if language == "es":
        return f"""# Problema 2: convolución 1D con paso 2

Una capa `nn.Conv1d(1, 1, kernel_size=3, stride=2, bias=False)` recibe una señal $x$ de longitud {length} (índices desde 0), con núcleo $w = (w_0, w_1, w_2)$. La salida es

$$y_r = \\sum_{{m=0}}^{{2}} w_m \\, x_{{2r+m}}$$

y el gradiente que llega es $g_r = \\partial L / \\partial y_r$.

**Solución.** La muestra $x_j$ entra en la salida $r$ con el peso $w_{{j-2r}}$ (con $w_m = 0$ fuera de $0..2$).

Por ejemplo, $x_{j}$ cae en las ventanas $r = {r0}$ y $r = {r1}$: $\\frac{{\\partial L}}{{\\partial x_{j}}} = {taps}$.
"""
    return f"""# Quiz 3: a strided 1-D convolution

A layer `nn.Conv1d(1, 1, kernel_size=3, stride=2, bias=False)` takes a signal $x$ of length {length} (0-based indices) and a kernel $w = (w_0, w_1, w_2)$. Its output is

$$y_r = \\sum_{{m=0}}^{{2}} w_m \\, x_{{2r+m}}$$

and the upstream gradient is $g_r = \\partial L / \\partial y_r$.

**Answer.** Sample $x_j$ reaches the output $r$ through the weight $w_{{j-2r}}$ (with $w_m = 0$ outside $0..2$).

So $x_{j}$ sits in the windows $r = {r0}$ and $r = {r1}$: $\\frac{{\\partial L}}{{\\partial x_{j}}} = {taps}$.
"""


def test_an_index_letter_after_an_output_word_names_no_output() -> None:
    for language, length, j in (("es", 7, 4), ("en", 9, 6)):
        truth, taps = _input_gradient(length, j)
        assert abs(truth - taps) < 1e-5  # the notes' two taps are torch's gradient
        r0, r1 = (j - 2) // 2, j // 2
        right = _index_notes(language, length, j, f"g_{r0} w_2 + g_{r1} w_0")
        verdicts = checked_text(right, "notes.md").verdicts
        assert not any(v.status == WRONG for v in verdicts), [v.message for v in verdicts]
        assert not any(v.source.startswith("r = ") for v in verdicts if v.status != NOT_UNDERSTOOD)
        (claim,) = [v for v in verdicts if "\\partial x_" in v.source]
        assert claim.status == VERIFIED
        # the taps swapped: g_{r0} w_0 + g_{r1} w_2 is another sum, still called wrong
        swapped = _index_notes(language, length, j, f"g_{r0} w_0 + g_{r1} w_2")
        (claim,) = [
            v for v in checked_text(swapped, "notes.md").verdicts if "\\partial x_" in v.source
        ]
        assert claim.status == WRONG


def test_index_letters_and_the_names_prose_reads() -> None:
    line = "Sample $x_j$ reaches the output $r$ through the weight $w_{j-2r}$."
    assert index_letters(line) == {"j", "r"}
    assert not any(key == "names" for key, _, _ in prose_facts(line))
    assert index_letters("the output $y$, with $W_x$ and $H_{in}$") == set()
    named = prose_facts("the output $y$ is written $y_{t,c}$ for step $t$")
    assert ("names", "y=Z", "prose") in named
