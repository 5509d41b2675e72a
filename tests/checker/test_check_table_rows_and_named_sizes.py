"""Counts and sizes bound by the notes' own text to a layer (issue 16: fresh19's French
network table, "which quantity N_3 / H_3 / H_sortie is, is not read"; fresh18's answer key).

- a network table whose rows are labelled the LeNet way (C1, S2, F3) and whose count
  column holds each row's claim: the claim is about its row's layer, which the other
  cells describe;
- a letter the notes' title says the document counts or sizes ("Paramètres et tailles"):
  N_2, H_3 of the table's layers;
- an output side's name in the notes' language (H_{sortie}, H_{salida}) in a formula of
  letters, judged for every size; and one written with a padding per side (p_t + p_b);
- an answer key's "**A4.**" question asking for parameters names the quantity of its
  ``P = ...``; a number grouped by thousands (``30\\,000``) is one number; an effective
  kernel size whose formula holds only at the stated sizes is size-specific.

Truth: torch modules' parameter counts and output shapes, and the effective size from
torch's smallest input giving one output; none computed by symconv.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_text


def _count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _find(text: str, part: str):
    found = [v for v in check_text(text, "notes.md").verdicts if part in v.source]
    assert len(found) == 1, (part, [v.source for v in check_text(text, "notes.md").verdicts])
    return found[0]


# ------------------------------------------------------------------ a table of layers
C1 = torch.nn.Conv2d(3, 8, 3, stride=1, padding=1)
S2 = torch.nn.AvgPool2d(2, stride=2)
C3 = torch.nn.Conv2d(8, 12, 3, stride=2, padding=1)
F4 = torch.nn.Linear(12 * 4 * 4, 5)
_x = torch.zeros(1, 3, 16, 16)
_a1 = C1(_x)
_a2 = S2(_a1)
_a3 = C3(_a2)
assert tuple(_a3.shape[1:]) == (12, 4, 4)
N1, N3, N4 = _count(C1), _count(C3), _count(F4)  # 224, 876, 965
H3 = int(_a3.shape[-1])  # 4

ROWS = "\n".join(
    [
        "| C1 | conv $3 \\times 3$, 8 filtres, pas 1, padding 1 | $8 \\times 16 \\times 16$ "
        f"| $N_1 = 8 \\cdot (3 \\cdot 9 + 1) = {N1}$ |",
        "| S2 | average pooling $2 \\times 2$, pas 2 | $8 \\times 8 \\times 8$ | $N_2 = 0$ |",
        "| C3 | conv $3 \\times 3$, 12 filtres, pas 2, padding 1 | $12 \\times 4 \\times 4$ "
        f"| $N_3 = 12 \\cdot (8 \\cdot 9 + 1) = {N3 + 12}$ |",
        f"| F4 | dense $192 \\to 5$ | $5$ | $N_4 = 192 \\cdot 5 + 5 = {N4}$ |",
    ]
)

TABLE = f"""# Séance 7 : paramètres et tailles d'un petit réseau

## Le réseau

L'entrée est une image $3 \\times 16 \\times 16$, et chaque couche a ses biais.

| couche | opération | sortie | paramètres |
|---|---|---|---|
{ROWS}

On retrouve la sortie de C3 :

$$H_3 = \\left\\lfloor \\frac{{8 + 2 - 3}}{{2}} \\right\\rfloor + 1 = {H3}$$

Sans le padding on écrirait

$$H_3 = \\left\\lfloor \\frac{{8 - 3}}{{2}} \\right\\rfloor + 1 = {H3 - 1}$$

Un étudiant a oublié le $+ 1$ :

$$H_3 = \\left\\lfloor \\frac{{8 + 2 - 3}}{{2}} \\right\\rfloor = {H3 - 1}$$
"""


def test_a_count_cell_is_its_rows_layers_count():
    assert _find(TABLE, "N_1 =").status == VERIFIED
    assert _find(TABLE, "N_4 =").status == VERIFIED
    wrong = _find(TABLE, "N_3 =")  # the arithmetic slips by the 12 biases counted twice
    assert wrong.status == WRONG and f"{N3}, not {N3 + 12}" in wrong.message, wrong.message


def test_a_size_named_by_its_layers_number_under_a_title_about_sizes():
    right = _find(TABLE, f"+ 1 = {H3}")
    assert right.status == VERIFIED, right.message
    slip = _find(TABLE, f"\\rfloor = {H3 - 1}")
    assert slip.status == WRONG and f"{H3}, not {H3 - 1}" in slip.message, slip.message
    supposed = _find(TABLE, f"8 - 3}}{{2}} \\right\\rfloor + 1 = {H3 - 1}")  # without padding:
    assert supposed.status != WRONG, supposed.message  # another layer, right for it


def test_rows_not_labelled_as_layers_are_no_network():
    text = TABLE.replace("| C1 |", "| premier |")
    assert _find(text, "N_3 =").status != WRONG or "C3" not in _find(text, "N_3 =").message


def test_a_count_column_is_not_read_as_a_layers_description():
    # the count cell's 3 \cdot 9 would otherwise read as a 3 x 9 kernel: the table is read
    # only from its description cells, whatever the count cells write
    text = TABLE.replace("8 \\cdot (3 \\cdot 9 + 1)", "(3 \\cdot 9 + 1) \\cdot 8")
    assert _find(text, "N_1 =").status == VERIFIED


# ------------------------------------------------------------------ output names and sides
FORMULA = """# Taille de sortie

Pour une entrée de côté $H$, un noyau de côté $K$, un pas $S$ et un remplissage $P$ de chaque
côté, on compte les positions du noyau :

$$H_{\\text{sortie}} = \\left\\lfloor \\frac{H + 2P - K}{S} \\right\\rfloor + 1$$
"""


def _out(h: int, k: int, s: int, p_top: int, p_bottom: int) -> int:
    x = F.pad(torch.zeros(1, 1, h, 1), (0, 0, p_top, p_bottom))
    return int(F.conv2d(x, torch.zeros(1, 1, k, 1), stride=(s, 1)).shape[2])


def test_an_output_side_named_in_french_is_judged_for_every_size():
    assert all(
        _out(h, k, s, p, p) == (h + 2 * p - k) // s + 1
        for h in range(3, 9)
        for k in (1, 2, 3)
        for s in (1, 2)
        for p in (0, 1)
    )
    assert _find(FORMULA, "H_{\\text{sortie}}").status == VERIFIED
    slip = FORMULA.replace("2P - K", "P - K")
    assert _find(slip, "H_{\\text{sortie}}").status == WRONG


SIDED = """# Padding per side

With $p_t$ rows of padding on top and $p_b$ at the bottom, stride $S$ and kernel $K$, the
output height is

$$H_{out} = \\left\\lfloor \\frac{H + p_t + p_b - K}{S} \\right\\rfloor + 1$$
"""


def test_an_output_formula_with_a_padding_per_side():
    assert _out(5, 3, 2, 0, 1) == (5 + 0 + 1 - 3) // 2 + 1  # torch agrees with the formula
    assert _find(SIDED, "H_{out}").status == VERIFIED
    doubled = SIDED.replace("p_t + p_b", "2p_t")  # wrong when the sides differ
    found = _find(doubled, "H_{out}")
    assert found.status == WRONG and "other side" in found.message, found.message


# ------------------------------------------------------------------ an answer key
def _effective(k: int, d: int) -> int:
    side = 1
    while True:
        try:
            F.conv2d(torch.zeros(1, 1, side, side), torch.zeros(1, 1, k, k), dilation=d)
            return side
        except RuntimeError:
            side += 1


DENSE = torch.nn.Linear(250, 120)
KEY = f"""# Quiz 3 key, part A

**A4.** A fully connected layer maps a flattened $250$-vector to $120$ units. Parameters?

Answer: $P = 250 \\times 120 = 30\\,000$.

**A5.** How many rows does a $3 \\times 3$ kernel with dilation 2 cover?

Answer: $K_{{\\text{{eff}}}} = dK - 1 = {_effective(3, 2)}$.

**A6.** And a $4 \\times 4$ kernel with dilation 3?

Answer: $K_{{\\text{{eff}}}} = d(K - 1) + 1 = {_effective(4, 3)}$.
"""


def test_a_question_asking_for_parameters_names_its_count():
    found = _find(KEY, "P = 250")
    assert _count(DENSE) == 30120
    assert found.status == WRONG and "30120, not 30000" in found.message, found.message
    assert "side 3 is 30000" in found.message  # 30\,000 is one number


def test_an_effective_size_right_only_at_the_stated_sizes():
    assert _effective(3, 2) == 2 * 3 - 1 and _effective(3, 3) != 3 * 3 - 1
    found = _find(KEY, "dK - 1")
    assert found.status == SIZE_SPECIFIC, found.message
    assert _find(KEY, "d(K - 1) + 1").status == VERIFIED
    unstated = KEY.replace("with dilation 2 cover", "cover")
    assert _find(unstated, "dK - 1").status in (NOT_UNDERSTOOD, SIZE_SPECIFIC, WRONG)
