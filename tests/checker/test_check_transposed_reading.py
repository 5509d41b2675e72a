"""How the checker reads a transposed convolution's notes: its size formula with the
output padding p_out, and the roles of the letters in its gather-form definition."""

from __future__ import annotations

import pytest

from symconv.checker.roles import roles_in
from symconv.checker.runner import check_text
from symconv.printing import PRESETS

FRONT = """---
layer: conv_transpose2d
input: 3x3
kernel: 2x2
stride: 2x2
output-padding: 0x0
notation: subscript
---

"""


def _verdict(formula: str) -> tuple[str, str]:
    (v,) = [v for v in check_text(FRONT + f"$$ {formula} $$\n", "notes.md").verdicts]
    return v.status, v.message


def test_the_transposed_output_size_with_p_out_holds_over_a_grid():
    # the truth is (H - 1)s - 2p + d(k - 1) + p_out + 1 (PyTorch), not a convolution's
    status, message = _verdict(
        r"H_{\text{out}} = \left(H - 1\right) s - 2 p + d \left(k_{1} - 1\right) "
        r"+ p_{\text{out}} + 1"
    )
    assert status == "verified", message
    assert "grid" in message


@pytest.mark.parametrize(
    "formula",
    [
        # output padding counted twice: right at p_out = 0 (this layer), wrong at p_out = 1
        r"H_{\text{out}} = \left(H - 1\right) s - 2 p + d \left(k_{1} - 1\right) "
        r"+ 2 p_{\text{out}} + 1",
        # the ordinary convolution's size formula is not the transposed one
        r"H_{\text{out}} = \frac{H + 2 p - d \left(k_{1} - 1\right) - 1}{s} + 1",
    ],
)
def test_a_wrong_transposed_size_formula_is_caught(formula):
    status, message = _verdict(formula)
    assert status in ("wrong", "size-specific"), message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a transposed convolution gathered: the kernel indexed by the output channel k and
        # summed names, the input at the fraction (i - m)/2
        (
            r"O_{i,j,k} = \sum_{c} \sum_{m} \sum_{n} K_{m,n,k,c} I_{\frac{i-m}{2},\frac{j-n}{2},c}"
            r" + \beta_{k}",
            {"O": "Z", "K": "W", "I": "X"},
        ),
        # the ordinary correlation, with the kernel written first and last
        (r"O_{i,j} = \sum_{m} \sum_{n} I_{i+m,j+n} K_{m,n}", {"O": "Z", "K": "W", "I": "X"}),
        (r"O_{i,j} = \sum_{m} \sum_{n} K_{m,n} I_{i+m,j+n}", {"O": "Z", "K": "W", "I": "X"}),
    ],
)
def test_roles_of_a_definition_take_the_shifted_factor_for_the_input(text, expected):
    found = roles_in(text, PRESETS["subscript"])
    assert {k: found.get(k) for k in expected} == expected


def test_a_1d_layer_in_seed_000s_notation_reads_no_sample_index():
    # X_{0,j,c}: the printer keeps the unit height first; read as sample 0, the db line
    # db_k = sum_i sum_j dZ_{i,j,k} (i over the one row) became wrong at a batch of two
    from symconv.notes.build import make_document
    from symconv.notes.render import render

    doc = make_document("conv1d", {"input": "4", "kernel": "2"}, "superscript", "en")
    doc.show_seconds = False
    verdicts = check_text(render(doc, "md"), "notes.md").verdicts
    assert not [(v.line, v.message) for v in verdicts if v.status in ("wrong", "size-specific")]
    assert any(v.status == "verified" for v in verdicts)
