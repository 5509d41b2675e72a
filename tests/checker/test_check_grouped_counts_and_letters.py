"""Parameter counts of grouped and depthwise convolutions, a count letter the notes defined
before (``P`` as "parameter count", then ``P_{dw}``), and layer facts written in Portuguese
(issue 16: fresh18's lab notebook and apostila, "which quantity P / P_dw / H_saída is").

A convolution with g groups gives each of its C_out filters C_in/g input channels: C_out
(C_in/g) K^2 weights, plus C_out biases; depthwise is g = C_in with one filter per channel.
Truth: torch's own parameter counts and output shapes.
"""

from __future__ import annotations

import torch
from test_check_table_rows_and_named_sizes import _count, _find

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.scope_facts import facts

GROUPED = torch.nn.Conv2d(6, 9, 3, groups=3)
DEPTHWISE = torch.nn.Conv2d(4, 4, 5, padding=2, groups=4)
NOTES = f"""# Notebook: grouped layers

## A. Three groups

Input with $C = 6$ input channels of size $8 \\times 8$, $F = 9$ filters of size $3 \\times 3$,
`groups=3`, no padding.

Parameter count: $P = 9 \\cdot 2 \\cdot 9 + 9 = {_count(GROUPED)}$

## B. Depthwise

$4$ channels, $10 \\times 10$, $5 \\times 5$ kernels, padding 2, one filter per channel:
$P_{{\\text{{dw}}}} = 4 \\cdot 25 + 4 = {_count(DEPTHWISE)}$.

The count without the groups would be $P_{{\\text{{full}}}} = 4 \\cdot 4 \\cdot 25 + 4 = 404$.
"""


def test_a_grouped_convolutions_count():
    assert _count(GROUPED) == 9 * (6 // 3) * 9 + 9
    found = _find(NOTES, "P = 9")
    assert found.status == VERIFIED, found.message
    ungrouped = NOTES.replace(
        f"9 \\cdot 2 \\cdot 9 + 9 = {_count(GROUPED)}", "9 \\cdot 6 \\cdot 9 + 9 = 495"
    )
    found = _find(ungrouped, "P = 9")
    assert found.status == WRONG and f"{_count(GROUPED)}, not 495" in found.message, found.message


def test_a_depthwise_count_under_a_letter_defined_before():
    found = _find(NOTES, "P_{\\text{dw}}")
    assert found.status == VERIFIED, found.message
    # P_full is the count of another layer (no groups): not this one's, never called wrong
    other = _find(NOTES, "P_{\\text{full}}")
    assert other.status != WRONG, other.message


def test_a_kernel_written_k_by_k_is_not_a_filter_count():
    found = facts("$3$ channels, $6 \\times 6$, $3 \\times 3$ kernels, padding 1")
    assert found["k"] == [3] and "c_out" not in found and found["c_in"] == [3]
    assert found["dims"] == [2]


def test_a_letter_given_two_meanings_is_not_read_from_before():
    text = NOTES.replace("Parameter count: $P =", "Padding used: $P = 0$. Count: $P =")
    found = _find(text, "P_{\\text{dw}}")
    assert found.status != WRONG


def test_portuguese_layer_facts():
    found = facts(
        "A entrada $X$ é uma imagem $6 \\times 6$ e o filtro $W$ é $3 \\times 3$, com passo "
        "(stride) 1 e sem preenchimento."
    )
    assert (found["in_h"], found["k"], found["s"], found["p"]) == ([6], [3], [1], [0])
    side = int(torch.nn.Conv2d(1, 1, 3)(torch.zeros(1, 1, 6, 6)).shape[-1])
    text = (
        "# Aula\n\nA entrada $X$ é uma imagem $6 \\times 6$ e o filtro $W$ é $3 \\times 3$, "
        "com passo (stride) 1 e sem preenchimento.\n\nO tamanho do mapa de saída:\n\n"
        f"$$H_{{\\text{{saída}}}} = 6 - 3 + 1 = {side}$$\n\nou, errado, "
        f"$H_{{\\text{{saída}}}} = 6 - 3 = {side - 1}$.\n"
    )
    assert _find(text, f"+ 1 = {side}").status == VERIFIED
    assert _find(text, f"6 - 3 = {side - 1}").status == WRONG
