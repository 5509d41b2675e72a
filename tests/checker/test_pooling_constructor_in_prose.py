"""A pooling layer stated by its constructor in a sentence ("The layer is `nn.AvgPool2d(2)`,
a 2x2 window with stride 2"), and a later section whose smallest index is 1.

Two readings failed on notes that name the pooling only so (the title in a language whose
pooling words are not read): the constructor stated no layer kind, so the section's
averages were judged as a 2x2 convolution's (Y[i,j] = 1/4 sum X[2i+a, 2j+b] called wrong,
"missing w(0, 0) X(0, 0) ..."); and a section that writes only ``X[1,2]`` (its gradient's
value put in) read its index base from that smallest index as 1, though the notes index
from 0 above: both false alarms.  Now a section's one pooling constructor in inline code
states the kind, its window and its stride (inline_constructor.inline_pool_facts), and a
base 1 guessed from a smallest index 1 gives way to the notes' 0 where no index the section
writes needs 1 (guessed_base.guess_after_zero).
Truth: torch autograd of avg_pool2d on the notes' X with their G."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.inline_constructor import inline_pool_facts
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

X = [[1, 3, 0, 2], [5, 1, 4, 6], [0, 2, 7, 1], [2, -2, 1, 3]]
G = [[8, -4], [4, 12]]
MATRIX_X = (
    "$$X = \\begin{bmatrix} 1 & 3 & 0 & 2 \\\\ 5 & 1 & 4 & 6 \\\\ 0 & 2 & 7 & 1 \\\\ "
    "2 & -2 & 1 & 3 \\end{bmatrix}$$"
)
MATRIX_G = (
    "$$G = \\frac{\\partial L}{\\partial Y} = \\begin{bmatrix} 8 & -4 \\\\ 4 & 12 \\end{bmatrix}$$"
)

NOTES = {
    "de": [
        "# Rückwärtsdurchlauf von Hand",
        "",
        "*Kurzer Beitrag: vorwärts und rückwärts von Hand, Indizes ab 0.*",
        "",
        "Die Schicht ist `nn.AvgPool2d(2)`, ein Fenster mit Schrittweite $s = 2$ ohne Padding. "
        "Die Eingabe ist eine $4 \\times 4$-Matrix:",
        "",
        MATRIX_X,
        "",
        "## Vorwärts",
        "",
        "Jeder Eintrag ist der Mittelwert seines Fensters:",
        "",
        "$${forward}$$",
        "",
        "## Rückwärts",
        "",
        "Der Gradient aus der nächsten Schicht sei",
        "",
        MATRIX_G,
        "",
        "Jeder Eintrag von $X$ liegt in genau einem Fenster, mit Gewicht ein Viertel:",
        "",
        "$${backward}$$",
        "",
        "## Probe",
        "",
        "Der Eintrag $X[1,2]$ liegt im Fenster oben rechts:",
        "",
        "$${probe}$$",
    ],
    "ar": [
        "# الانتشار العكسي يدويًا",
        "",
        "*ملاحظة قصيرة: الفهارس تبدأ من الصفر.*",
        "",
        "الطبقة هي `nn.AvgPool2d(2)` بخطوة $s = 2$ ومن دون حشو. المدخل مصفوفة $4 \\times 4$:",
        "",
        MATRIX_X,
        "",
        "## الأمام",
        "",
        "كل عنصر هو متوسط نافذته:",
        "",
        "$${forward}$$",
        "",
        "## الخلف",
        "",
        "ليكن التدرج القادم",
        "",
        MATRIX_G,
        "",
        "كل عنصر من $X$ يقع في نافذة واحدة بوزن ربع:",
        "",
        "$${backward}$$",
        "",
        "## تحقق",
        "",
        "العنصر $X[1,2]$ يقع في النافذة العليا اليمنى:",
        "",
        "$${probe}$$",
    ],
}

FORWARD = {
    "right": "Y[i,j] = \\frac{1}{4} \\sum_{a=0}^{1} \\sum_{b=0}^{1} X[2i+a,\\, 2j+b]",
    "halved": "Y[i,j] = \\frac{1}{2} \\sum_{a=0}^{1} \\sum_{b=0}^{1} X[2i+a,\\, 2j+b]",
}
BACKWARD = {
    "right": "\\frac{\\partial L}{\\partial X[p,q]} = \\frac{1}{4}\\, "
    "G\\!\\left[\\lfloor p/2 \\rfloor,\\, \\lfloor q/2 \\rfloor\\right]",
    "unrouted": "\\frac{\\partial L}{\\partial X[p,q]} = \\frac{1}{4}\\, G[p, q]",
}
PROBE = {
    "right": "\\frac{\\partial L}{\\partial X[1,2]} = \\frac{1}{4} \\cdot (-4) = -1",
    "other window": "\\frac{\\partial L}{\\partial X[1,2]} = \\frac{1}{4} \\cdot 12 = 3",
}


def _autograd() -> tuple[torch.Tensor, torch.Tensor]:
    """Y and dL/dX of nn.AvgPool2d(2) on the notes' X, for L = sum(Y * G)."""
    x = torch.tensor([[X]], dtype=torch.float64, requires_grad=True)
    y = torch.nn.AvgPool2d(2)(x)
    (y * torch.tensor([[G]], dtype=torch.float64)).sum().backward()
    assert x.grad is not None
    return y[0, 0].detach(), x.grad[0, 0]


def _holds(part: str, claim: str) -> bool:
    """Whether the claim is torch's (each formula evaluated at every index with NumPy-style
    loops over the notes' numbers)."""
    y, dx = _autograd()
    if part == "forward":
        scale = 0.25 if claim == "right" else 0.5
        formula = [
            [scale * sum(X[2 * i + a][2 * j + b] for a in (0, 1) for b in (0, 1)) for j in (0, 1)]
            for i in (0, 1)
        ]
        return bool(torch.allclose(y, torch.tensor(formula, dtype=torch.float64)))
    if part == "backward":
        if claim == "right":
            formula = [[G[p // 2][q // 2] / 4 for q in range(4)] for p in range(4)]
        else:  # G[p, q], zero outside G's 2x2
            formula = [
                [G[p][q] / 4 if p < 2 and q < 2 else 0.0 for q in range(4)] for p in range(4)
            ]
        return bool(torch.allclose(dx, torch.tensor(formula, dtype=torch.float64)))
    value = float(PROBE[claim].rsplit("=", 1)[1])
    return float(dx[1, 2]) == value


CASES = [
    (part, claim)
    for part, claims in (("forward", FORWARD), ("backward", BACKWARD), ("probe", PROBE))
    for claim in claims
]


@pytest.mark.parametrize("notes", list(NOTES))
@pytest.mark.parametrize(("part", "claim"), CASES)
def test_a_pooling_constructor_states_the_layer(notes, part, claim):
    right = _holds(part, claim)
    assert right == (claim == "right")
    chosen = {"forward": FORWARD["right"], "backward": BACKWARD["right"], "probe": PROBE["right"]}
    chosen[part] = {"forward": FORWARD, "backward": BACKWARD, "probe": PROBE}[part][claim]
    lines = [row.format(**chosen) if row.startswith("$${") else row for row in NOTES[notes]]
    text = "\n".join(lines) + "\n"
    line = 1 + lines.index(f"$${chosen[part]}$$")
    statuses = [v.status for v in check_text(text, "n.md").verdicts if v.line == line]
    # main: every right claim WRONG or not understood (a 2x2 convolution; the probe 1-based)
    assert statuses == [VERIFIED if right else WRONG]


@pytest.mark.parametrize(
    "line",
    [
        "Uma rede aplica `nn.MaxPool2d(2, stride=2)` e depois `nn.ReLU()` a uma entrada $X$.",
        "The block is `nn.Conv2d(1, 1, 3)` followed by `nn.AvgPool2d(2)` on a $6 \\times 6$ map.",
    ],
    ids=["pt, a pipeline", "en, a conv before it"],
)
def test_a_pooling_constructor_beside_other_modules_states_no_layer(line):
    # the pooling is one stage of a pipeline there: the section's claims may be the
    # ReLU's or the convolution's, so the pool's kind is no fact of the section
    def read(text: str) -> list:
        return inline_pool_facts([text], 1, lambda t: t, lambda t: True)

    assert read(line) == []
    alone = line.split("`")[0] + "`nn.AvgPool2d(2)`."
    assert ("layer", "avgpool2d", "prose", 1) in read(alone)
