"""Sizes, counts and receptive fields named H_k, P_k, r_k, P (total), bound to a layer of the
network the notes state (a Markdown table of layers, an arrow line with each layer's options
in parentheses) or of an exercise whose parts stack layers (fresh14/fresh15's "which layer's
parameter count P_1 is, is not read").  Truth: the torch modules' own parameter counts and
output shapes, receptive fields by hand (r_l = r_{l-1} + (K_l - 1) j_{l-1}).  A binding that
is a guess (a dense layer's bias the notes never state, a table whose stated outputs are not
what its layers give) stays unjudged, never wrong."""

from __future__ import annotations

import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

nn = torch.nn


def _count(*modules: nn.Module) -> int:
    return sum(p.numel() for m in modules for p in m.parameters())


def _side(net: nn.Module, *shape: int) -> int:
    return int(net(torch.zeros(1, *shape)).shape[-1])


def _verdicts(text: str) -> list:
    return [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]


def _of(verdicts: list, written: str):
    found = [v for v in verdicts if written in v.source]
    assert len(found) == 1, [v.source for v in verdicts]
    return found[0]


# ------------------------------------------------------------ a table of layers (English)
T_CONV1 = nn.Conv2d(3, 16, 5, stride=1, padding=2)
T_POOL = nn.MaxPool2d(2, 2)
T_CONV2 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
T_CONV3 = nn.Conv2d(32, 64, 1)
T_FC = nn.Linear(64, 10)
T_ALL = (T_CONV1, T_CONV2, T_CONV3, T_FC)
T_SIDE1 = _side(T_CONV1, 3, 32, 32)
T_SIDE2 = _side(nn.Sequential(T_CONV1, T_POOL, T_CONV2), 3, 32, 32)
TABLE = f"""# Shapes of a small net on 3×32×32 images

| layer | what | output |
|---|---|---|
| conv1 | 16 filters 5×5, stride 1, pad 2, ReLU | 16×32×32 |
| pool | max 2×2, stride 2 | 16×16×16 |
| conv2 | 32 filters 3×3, stride 2, pad 1, ReLU | 32×8×8 |
| conv3 | 64 filters 1×1, ReLU | 64×8×8 |
| gap | global average pool | 64 |
| fc | dense 64 → 10 | 10 |

## Sizes

- conv1: $\\lfloor (32 + 4 - 5)/1 \\rfloor + 1 = {T_SIDE1}$
- conv2: $\\lfloor (16 + 2 - 3)/2 \\rfloor + 1 = {T_SIDE2}$

## Parameters (weights + biases)

- $P_1 = 16 (3 \\cdot 5 \\cdot 5 + 1) = {_count(T_CONV1)}$
- $P_2 = 32 \\cdot 16 \\cdot 9 = 4608$
- $P_3 = {_count(T_CONV3)}$
- $P_4 = {_count(T_FC)}$
- total $P = 1216 + 4608 + 2112 + 650 = 8586$
"""


def test_a_table_of_layers_binds_counts_and_sizes_by_label_and_subscript() -> None:
    found = _verdicts(TABLE)
    assert _of(found, "(32 + 4 - 5)/1").status == VERIFIED
    assert _of(found, "(16 + 2 - 3)/2").status == VERIFIED
    assert _of(found, "P_1 =").status == VERIFIED
    assert _of(found, "P_3 =").status == VERIFIED
    assert _of(found, "P_4 =").status == VERIFIED
    wrong = _of(found, "P_2 =")  # the biases forgotten: 32·16·9 + 32
    assert wrong.status == WRONG and str(_count(T_CONV2)) in wrong.message
    total = _of(found, "P = 1216")
    assert total.status == WRONG and str(_count(*T_ALL)) in total.message


def test_a_table_whose_outputs_are_not_its_layers_is_not_read() -> None:
    # conv3 written without stride or padding, its output stated 64x4x4: the defaults
    # (stride 1, no padding) would give 8x8, so the table is not read at all
    text = TABLE.replace("| 64×8×8 |", "| 64×4×4 |")
    found = _verdicts(text)
    assert _of(found, "P_2 =").status == NOT_UNDERSTOOD
    assert _of(found, "P_3 =").status == NOT_UNDERSTOOD


# ------------------------------------------------------------ an arrow line (Spanish)
A_CONV1 = nn.Conv2d(3, 16, 5, stride=2, padding=2)
A_CONV2 = nn.Conv2d(16, 32, 3, dilation=2, padding=2)
A_POOL = nn.AvgPool2d(2, 2)
A_CONV3 = nn.Conv2d(32, 64, 3, stride=2, padding=1)
A_DENSE = nn.Linear(64 * 8 * 8, 10)
A_ALL = (A_CONV1, A_CONV2, A_CONV3, A_DENSE)
A_H1 = _side(A_CONV1, 3, 64, 64)
A_H3 = _side(nn.Sequential(A_CONV1, A_CONV2, A_POOL, A_CONV3), 3, 64, 64)
# receptive fields by hand: conv1 5 (jump 2), conv2 spans 5: 5 + 4·2 = 13, the pool
# 13 + 1·2 = 15 (jump 4), conv3 15 + 2·4 = 23
NET_LINE = (
    "Red: entrada RGB de $64 \\times 64$ → conv1 (16 filtros $5 \\times 5$, paso 2, relleno 2) "
    "→ conv2 (32 filtros $3 \\times 3$, dilatación 2, relleno 2) → avg pool $2 \\times 2$ paso 2 "
    "→ conv3 (64 filtros $3 \\times 3$, paso 2, relleno 1) → aplanar → densa de 10 salidas. "
    "Todas las convoluciones con sesgo."
)
ARROWS = f"""# Chuleta

{NET_LINE}

**Tamaños**

- conv1: $H_1 = \\left\\lfloor \\frac{{64 + 4 - 5}}{{2}} \\right\\rfloor + 1 = {A_H1}$
- conv3: $H_3 = \\left\\lceil \\frac{{15}}{{2}} \\right\\rceil + 1 = 9$

**Parámetros**

| capa | cuenta | valor |
|------|--------|-------|
| conv1 | $P_1 = 16\\,(3 \\cdot 5^2 + 1)$ | {_count(A_CONV1)} |
| conv2 | $P_2 = 32 \\cdot 16 \\cdot 3^2$ | 4608 |
| densa | $P_4 = 4096 \\cdot 10$ | 40960 |

Total: $P = 1216 + 4608 + 18496 + 40960 = 65280$.

**Campo receptivo**

- tras conv2: $r_2 = 5 + (5 - 1) \\cdot 2 = 13$
- tras conv3: $r_3 = 15 + (3 - 1) \\cdot 2 = 19$
"""


def test_an_arrow_line_with_dilation_binds_sizes_counts_and_fields() -> None:
    found = _verdicts(ARROWS)
    assert A_H1 == 32 and A_H3 == 8
    assert _of(found, "H_1 =").status == VERIFIED
    h3 = _of(found, "H_3 =")  # a ceiling: 9, conv3 gives 8
    assert h3.status == WRONG and "8, not 9" in h3.message
    assert _of(found, "P_1 =").status == VERIFIED
    p2 = _of(found, "P_2 =")  # "todas las convoluciones con sesgo": 4640
    assert p2.status == WRONG and str(_count(A_CONV2)) in p2.message
    # the dense layer's bias is never stated: 40960 is its count without one, not judged
    assert _of(found, "P_4 =").status == NOT_UNDERSTOOD
    total = _of(found, "P = 1216")
    assert total.status == WRONG and str(_count(*A_ALL)) in total.message
    assert _of(found, "r_2 =").status == VERIFIED
    r3 = _of(found, "r_3 =")
    assert r3.status == WRONG and "23, not 19" in r3.message


# ------------------------------------------------------------ an exercise in parts
E_CONV1 = nn.Conv2d(3, 8, 5, stride=2, padding=1)
E_CONV2 = nn.Conv2d(8, 8, 3, dilation=2)
E_H1 = _side(E_CONV1, 3, 32, 32)
E_H2 = _side(nn.Sequential(E_CONV1, E_CONV2), 3, 32, 32)
PARTS = f"""# Final exam, solved

**Exercise 1.** A $32 \\times 32$ image goes through a $5 \\times 5$ convolution with stride 2
and padding 1.

a) Output size:

$$H_1 = \\left\\lfloor \\frac{{32 + 2 \\cdot 1 - 5}}{{2}} \\right\\rfloor + 1 = {E_H1}$$

Many answered $H_1 = \\left\\lceil \\frac{{29}}{{2}} \\right\\rceil + 1 = 16$.

b) We add a $3 \\times 3$ convolution with dilation 2, stride 1 and no padding. Its output is

$$H_2 = 15 - 5 + 1 = {E_H2}$$

c) If the first layer has 8 filters and the image is RGB, its parameters are
$P_1 = 8 \\cdot 3 \\cdot 25 = 600$.
"""


def test_the_parts_of_an_exercise_stack_layers() -> None:
    found = _verdicts(PARTS)
    assert (E_H1, E_H2) == (15, 11)
    assert _of(found, "\\frac{32 + 2").status == VERIFIED
    wrong = _of(found, "\\lceil")
    assert wrong.status == WRONG and "15, not 16" in wrong.message
    assert _of(found, "H_2 =").status == VERIFIED  # fed by layer 1's 15, not the image's 32
    count = _of(found, "P_1 =")
    assert count.status == WRONG and str(_count(E_CONV1)) in count.message


# ------------------------------------------------------------ counts and sizes in prose
def test_a_count_of_a_layer_stated_in_french_and_spanish_words() -> None:
    truth = _count(nn.Conv2d(3, 8, 3))
    french = (
        "# Taille\n\nPour une couche à $C = 3$ canaux d'entrée et $F = 8$ filtres $3 \\times 3$, "
        "le nombre de paramètres est\n\n$$8 \\cdot 3 \\cdot 3 \\cdot 3 + 3 = 219$$\n"
    )
    verdict = _of(_verdicts(french), "219")
    assert verdict.status == WRONG and str(truth) in verdict.message
    truth = _count(nn.Conv2d(4, 8, 3))
    spanish = (
        "# Parámetros\n\nNuestra capa tiene 10 parámetros. Ejercicio: 8 filtros de $3 \\times 3$ "
        "sobre una entrada de 4 canales, $P = 8 \\cdot 4 \\cdot 3 \\cdot 3 = 288$.\n"
    )
    verdict = _of(_verdicts(spanish), "288")
    assert verdict.status == WRONG and str(truth) in verdict.message


def test_a_flashcard_states_its_own_layer() -> None:
    conv = nn.Conv1d(1, 1, 4, stride=3)
    length = int(conv(torch.zeros(1, 1, 10)).shape[-1])
    cards = (
        "# Cards\n\n**Card 1.** Q: 2-D conv, input 7x7, kernel 3, stride 2?\n\n"
        "A: $H_{out} = \\lfloor (7 - 3)/2 \\rfloor + 1 = 3$\n\n---\n\n"
        "**Card 2.** Q: 1-D conv, input length 10, kernel 4, stride 3, no padding: output "
        f"length?\n\nA: $L_{{out}} = \\lfloor (10 - 4)/3 \\rfloor + 1 = {length}$\n"
    )
    assert _of(_verdicts(cards), "L_{out}").status == VERIFIED
    wrong = cards.replace(f"+ 1 = {length}$", "+ 1 = 4$").replace("(10 - 4)/3", "(10 - 1)/3")
    assert _of(_verdicts(wrong), "L_{out}").status == WRONG


def test_cs231n_names_state_the_layer() -> None:
    conv = nn.Conv2d(3, 4, 3, stride=2, padding=1)
    side = int(conv(torch.zeros(1, 3, 5, 5)).shape[-1])
    notes = (
        "# Write-up\n\nInput `x` of shape (N, C, H, W), filters `w` of shape (F, C, HH, WW), "
        "biases `b` of shape (F,). The test uses N = 2, C = 3, H = W = 5, F = 4, HH = WW = 3 "
        "with `conv_param = {'stride': 2, 'pad': 1}`.\n\n## Forward\n\n"
        "$$out_{n,f,i,j} = b_f + \\sum_{c=0}^{2} \\sum_{p=0}^{2} \\sum_{q=0}^{2} w_{f,c,p,q}$$\n\n"
        f"$$H' = 1 + (5 + 2 \\cdot 1 - 3)/2 = {side}$$\n\nMy first version printed\n\n"
        "$$H' = 1 + (5 - 3)/2 = 2$$\n\n"
        f"The layer has $4 \\cdot 3 \\cdot 3 \\cdot 3 + 4 = {_count(conv)}$ trainable numbers.\n"
    )
    found = _verdicts(notes)
    assert _of(found, "(5 + 2").status == VERIFIED
    # the sum's \sum_{p=0} is no padding 0: the layer keeps its padding 1
    assert _of(found, "(5 - 3)/2").status == WRONG
    assert _of(found, "+ 4 =").status == VERIFIED


def test_a_count_formula_then_its_value() -> None:
    conv = nn.Conv2d(3, 4, 3)
    notes = (
        "# Resumo\n\nMini-batch de $N = 2$ imagens, cada uma com $C = 3$ canais de $5 \\times 5$; "
        "$F = 4$ filtros de $3 \\times 3 \\times 3$, stride 1, sem padding, um bias $b_f$ por "
        "filtro.\n\n$$Y_{n,f} = b_f + \\sum_{c=1}^{C} X_{n,c} \\star W_{f,c}$$\n\n## Contagem\n\n"
        f"Parâmetros da camada: $P = F\\,(C K^2 + 1) = {_count(conv)}$.\n"
    )
    assert _of(_verdicts(notes), "P = F").status == VERIFIED
    wrong = notes.replace(f"= {_count(conv)}$", "= 108$")
    assert _of(_verdicts(wrong), "P = F").status == WRONG
    formula = notes.replace("(C K^2 + 1)", "C K^2")  # the biases left out
    assert _of(_verdicts(formula), "P = F").status == WRONG
