"""A grouped or depthwise layer's parameter count in letters, read with the layer its own
line states in letters (``Conv2d(C_in, C_out, k, groups=g)``; "depthwise, channel
multiplier m, groups=C"), in notes of our own (fr, es, en).  Truth: torch's own parameter
count of the layer at several sizes."""

from __future__ import annotations

import itertools

import pytest
import torch

from symconv.checker.runner import check_text


def _torch_count(cin: int, cout: int, k: int, groups: int, bias: bool, dims: int = 2) -> int:
    conv = (torch.nn.Conv2d if dims == 2 else torch.nn.Conv1d)(
        cin, cout, k, groups=groups, bias=bias
    )
    return sum(p.numel() for p in conv.parameters())


GROUPED = {  # the count as the notes write it -> the same count in Python, to test the truth
    r"C_{out} \cdot \frac{C_{in}}{g} \cdot k^2 + C_{out}": lambda i, o, k, g: o * i // g * k**2 + o,
    r"C_{out} C_{in} k^2 + C_{out}": lambda i, o, k, g: o * i * k**2 + o,  # groups forgotten
    r"\frac{C_{out} C_{in} k^2}{g}": lambda i, o, k, g: o * i * k**2 // g,  # bias forgotten
}

FR = """# Convolutions groupées

## Nombre de paramètres

- Une couche `nn.Conv2d(C_in, C_out, k, groups=g)` (avec biais) possède $P = {count}$ paramètres.
"""

ES = """# Convoluciones agrupadas

Resumen de la clase.

La capa `Conv2d(C_in, C_out, k, groups=g)` con sesgo tiene $P = {count}$ parámetros.
"""


def _verdict(text: str) -> tuple[str, str]:
    (v,) = check_text(text, "notes.md").verdicts
    return v.status, v.message


def _truth_holds(count) -> bool:
    return all(
        count(g * a, g * b, k, g) == _torch_count(g * a, g * b, k, g, True)
        for g, a, b, k in itertools.product((1, 2, 3), (1, 2), (1, 3), (1, 3))
    )


@pytest.mark.parametrize("template", [FR, ES])
@pytest.mark.parametrize("written", list(GROUPED))
def test_a_grouped_count_in_letters_is_judged_with_its_constructor(template, written):
    status, message = _verdict(template.format(count=written))
    assert status == ("verified" if _truth_holds(GROUPED[written]) else "wrong"), message


def test_the_bias_off_in_the_constructor_counts_no_bias():
    text = FR.replace("groups=g)` (avec biais)", "groups=g, bias=False)`").format(
        count=r"C_{out} \cdot \frac{C_{in}}{g} \cdot k^2"
    )
    assert _torch_count(4, 6, 3, 2, False) == 6 * 4 // 2 * 9
    status, message = _verdict(text)
    assert status == "verified", message


DEPTHWISE = """# Cheat sheet

- Depthwise with channel multiplier $m$ (`groups=C`, $C m$ outputs, bias): $P = {count}$
"""


@pytest.mark.parametrize(
    ("written", "count"),
    [
        (r"C m k^2 + C m", lambda c, m, k: c * m * k**2 + c * m),
        (r"C m k^2 + C", lambda c, m, k: c * m * k**2 + c),  # one bias per input channel
        (r"C k^2 + C", lambda c, m, k: c * k**2 + c),  # the multiplier forgotten
    ],
)
def test_a_depthwise_count_with_a_multiplier(written, count):
    right = all(
        count(c, m, k) == _torch_count(c, c * m, k, c, True)
        for c, m, k in itertools.product((1, 2, 3), (1, 2, 3), (1, 3))
    )
    status, message = _verdict(DEPTHWISE.format(count=written))
    assert status == ("verified" if right else "wrong"), message


def test_a_depthwise_count_without_its_bias_stated_is_not_read():
    text = DEPTHWISE.replace(", bias)", ")").format(count=r"C m k^2 + C m")
    status, message = _verdict(text)
    assert status == "not-understood", message
