"""A quiz's table of stacked layers numbered in its layer column, their kind in another,
and no filter count (fresh45's receptive-field quiz key): the sizes, jumps and receptive
fields of each layer are read from it and the answers ``H_2 = 32``, ``j_3 = 4``, ``r_3 = 5 +
(2 - 1) \\cdot 4 = 9`` judged; the letters r and j are what the sentence introducing them
says (a receptive field, a jump).  Such a table states no counts, so none is judged from it.

Truth: the output sides from torch modules (one channel, the notes' kernels, strides,
paddings, dilations); the receptive field of an output entry and the distance between two
neighbouring outputs measured in the input by autograd (the input rows with a nonzero
gradient of one output, all-ones weights)."""

from __future__ import annotations

import torch

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

nn = torch.nn


def _verdicts(text: str) -> list:
    return [v for v in check_text(text, "notes.md").verdicts if v.status != "assumed"]


def _of(verdicts: list, written: str):
    found = [v for v in verdicts if v.source.strip() == written or v.source.startswith(written)]
    assert len(found) == 1, [v.source for v in verdicts]
    return found[0]


def _stack(layers: list[tuple[str, int, int, int, int]]) -> list[nn.Module]:
    """(kind, kernel, stride, padding, dilation) -> one-channel torch modules, all-ones."""
    out: list[nn.Module] = []
    for kind, k, s, p, d in layers:
        if kind == "pool":
            out.append(nn.AvgPool2d(k, s, p))  # (a max pool sees the same window)
            continue
        conv = nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d, bias=False)
        with torch.no_grad():
            conv.weight.fill_(1.0)
        out.append(conv)
    return out


def _measured(modules: list[nn.Module], side: int) -> list[tuple[int, int, int]]:
    """(output side, jump, receptive field) after each layer, measured."""
    found = []
    for n in range(1, len(modules) + 1):
        x = torch.ones(1, 1, side, side, dtype=torch.float64, requires_grad=True)
        y = x
        for m in modules[:n]:
            y = m.double()(y)
        centre = y.shape[-1] // 2
        rows = []
        for j in (centre - 1, centre):
            (grad,) = torch.autograd.grad(y[0, 0, j, j], x, retain_graph=True)
            rows.append(torch.nonzero(grad[0, 0].sum(dim=1)).flatten().tolist())
        # (a dilated layer's taps leave gaps: the field is the span, first row to last)
        found.append((y.shape[-1], rows[1][0] - rows[0][0], rows[1][-1] - rows[1][0] + 1))
    return found


# ------------------------------------------------------------------ Spanish quiz, dilated last
ES_LAYERS = [("conv", 3, 1, 1, 1), ("conv", 3, 2, 1, 1), ("pool", 2, 2, 0, 1), ("conv", 3, 1, 0, 3)]
ES = """# Control 3 — pauta de corrección

Se pide el tamaño de salida, el salto y el campo receptivo de cada capa, sobre una entrada
en escala de grises 48 x 48 input:

| capa | tipo | kernel | paso | relleno | dilatación |
|------|------|--------|------|---------|------------|
| 1 | conv | 3 × 3 | 1 | 1 | 1 |
| 2 | conv | 3 × 3 | 2 | 1 | 1 |
| 3 | max pool | 2 × 2 | 2 | 0 | — |
| 4 | conv | 3 × 3 | 1 | 0 | 3 |

Con $r_0 = 1$ y $j_0 = 1$, el campo receptivo y el salto (distancia entre salidas vecinas,
en píxeles de la entrada) siguen $r_l = r_{l-1} + (k_l - 1)\\, j_{l-1}$ y $j_l = j_{l-1} s_l$.

## Respuestas

**P1.** El lado de salida: $H_1 = 48$; $j_1 = 1$; $r_1 = 3$.

**P2.** $H_2 = 24$; $j_2 = 2$; $r_2 = 3 + 2 \\cdot 1 = 5$.

**P3.** $H_3 = 12$; $j_3 = 4$; $r_3 = 5 + (2 - 1) \\cdot 2 = 7$.

**P4.** $H_4 = 6$; $j_4 = j_3 \\cdot s = 4$;
$r_4 = r_3 + (k_{\\text{eff}} - 1)\\, j_3 = 7 + 6 \\cdot 4 = 31$.
"""


def test_spanish_quiz_table_sizes_jumps_fields():
    truth = _measured(_stack(ES_LAYERS), 48)
    assert truth == [(48, 1, 3), (24, 2, 5), (12, 4, 7), (6, 4, 31)]
    verdicts = _verdicts(ES)
    for n, (side, jump, field) in enumerate(truth, start=1):
        assert _of(verdicts, f"H_{n} = {side}").status == VERIFIED
        j = _of(verdicts, f"j_{n} =")  # j_4 = j_3 \cdot s = 4: the step in the true values
        assert j.status == VERIFIED and j.source.endswith(f"= {jump}")
        r = _of(verdicts, f"r_{n} =")  # r_2 = 3 + 2 \cdot 1 = 5: the chain ends at the field
        assert r.status == VERIFIED and r.source.endswith(f"= {field}")


# --------------------------------- English quiz with the usual slips: each one is caught
EN_LAYERS = [("conv", 5, 1, 2, 1), ("pool", 2, 2, 0, 1), ("conv", 3, 1, 0, 2)]
EN = """# Midterm 2 key

Output sizes, jumps and receptive fields of this stack on a single-channel $40 \\times 40$
input:

| layer | type | kernel | stride | padding | dilation |
|---|---|---|---|---|---|
| 1 | conv | 5 × 5 | 1 | 2 | 1 |
| 2 | avg pool | 2 × 2 | 2 | 0 | — |
| 3 | conv | 3 × 3 | 1 | 0 | 2 |

With $r_0 = 1$ and $j_0 = 1$, the receptive field and the jump follow the recursion.

## Answers

**1.** Output side $H_1 = 40$; $j_1 = 1$; $r_1 = 5$.

**2.** $H_2 = 20$; $j_2 = 2$; $r_2 = 5 + 1 \\cdot 2 = 7$.

**3.** $H_3 = 20 - 3 + 1 = 18$; $j_3 = j_2 \\cdot d = 4$; $r_3 = 6 + 2 \\cdot 2 = 10$.

The table states no filter counts: $P_3 = 9$ parameters is another question.
"""


def test_english_quiz_slips_are_caught():
    truth = _measured(_stack(EN_LAYERS), 40)
    assert truth == [(40, 1, 5), (20, 2, 6), (16, 2, 14)]
    verdicts = _verdicts(EN)
    assert _of(verdicts, "H_1 = 40").status == VERIFIED
    assert _of(verdicts, "r_1 = 5").status == VERIFIED
    assert _of(verdicts, "H_2 = 20").status == VERIFIED
    assert _of(verdicts, "j_2 = 2").status == VERIFIED
    # the pool's stride used in its own step: r_2 is 6
    r2 = _of(verdicts, "r_2 = 5 +")
    assert r2.status == WRONG and "6" in r2.message
    # the dilated kernel read as 3 taps wide: the side is 16
    h3 = _of(verdicts, "H_3 = 20 -")
    assert h3.status == WRONG and "16" in h3.message
    # dilation taken for a stride: the jump stays 2
    j3 = _of(verdicts, "j_3 = j_2")
    assert j3.status == WRONG and "2, not 4: side 2 is 4, side 3 is 4" in j3.message
    r3 = _of(verdicts, "r_3 = 6 +")
    assert r3.status == WRONG and "14" in r3.message
    # one filter each is how the table was read, not what the notes state: no count judged
    assert all(v.status in (NOT_UNDERSTOOD,) for v in verdicts if "P_3" in v.source)
