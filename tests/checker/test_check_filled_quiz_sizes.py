"""A quiz with its blanks filled in: each question states its own layer, the answer is
underlined or boxed, the padding may differ per side, the kernel may be dilated, the layer
may be a transposed convolution (issue 16: fresh20's quiz of output sizes, "no verdict").

Truth: torch's own output shapes (F.pad for the padding per side, conv_transpose2d with its
dilation) and, for the effective kernel size, the smallest input giving a 1x1 output under
torch.  None of it is computed by symconv.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from symconv.checker.answer_marks import unmarked
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text
from symconv.checker.scope_facts import facts


def _conv_height(h: int, k: int, s: int, d: int, top: int, bottom: int) -> int:
    x = F.pad(torch.zeros(1, 1, h, 3), (1, 1, top, bottom))  # (left, right, top, bottom)
    return int(F.conv2d(x, torch.zeros(1, 1, k, 3), stride=(s, 1), dilation=(d, 1)).shape[2])


def _transposed_side(h: int, k: int, s: int, d: int) -> int:
    x = torch.zeros(1, 1, h, h)
    return int(F.conv_transpose2d(x, torch.zeros(1, 1, k, k), stride=s, dilation=d).shape[-1])


def _effective(k: int, d: int) -> int:
    """The side of the smallest input that a k-tap kernel dilated by d maps to one output."""
    side = 1
    while True:
        try:
            out = F.conv2d(torch.zeros(1, 1, side, side), torch.zeros(1, 1, k, k), dilation=d)
        except RuntimeError:
            side += 1
            continue
        assert out.shape[-1] == 1
        return side


# the filled-in answers: right (A, C, E, G) and wrong (B, D, F, H)
A = _conv_height(30, 3, 2, 1, 0, 1)  # floor((30 + 1 - 3)/2) + 1 = 15
B = _conv_height(40, 5, 1, 2, 3, 0) + 1  # 40 + 3 - 9 + 1 = 35; written 36
C = _transposed_side(4, 3, 2, 3)  # (4 - 1)2 + 3(3 - 1) + 1 = 13
D = (4 - 1) * 2 + 3  # 9, the undilated formula: wrong for this layer
E = _effective(5, 2)  # 2(5 - 1) + 1 = 9
F_WRONG = 5 * 2  # dK = 10: the slip
QUIZ = f"""# Practice sheet 3 (answers written in)

Each question gives its own layer.

**Question 1.** $H = 30$, kernel $K = 3$, $S = 2$, zero padding:
none on top and one row at the bottom.

$H_{{out}} = \\lfloor (30 + 0 + 1 - 3)/2 \\rfloor + 1 = \\underline{{\\;{A}\\;}}$

**Question 2.** $H = 40$, $K = 5$, $d = 2$, stride 1,
three rows of padding on top, none at the bottom.

$H_{{out}} = 40 + 3 - 8 - 1 + 1 = \\underline{{{B}}}$

**Question 3.** A transposed convolution (ConvTranspose2d) with $K = 3$, stride 2,
no padding, dilation $d = 3$, on an input with $H = 4$.

$H_{{out}} = (4 - 1) \\cdot 2 + 3 = \\boxed{{{D}}}$

$H_{{out}} = (4 - 1) \\cdot 2 + 3 \\cdot 2 + 1 = \\boxed{{{C}}}$

**Question 4.** How many rows does a $5 \\times 5$ kernel with dilation $d = 2$ span?

$K_{{\\text{{eff}}}} = d(K - 1) + 1 = \\underline{{\\;{E}\\;}}$

$K_{{\\text{{eff}}}} = dK = \\underline{{\\;{F_WRONG}\\;}}$
"""


def _verdicts(text: str) -> dict[str, object]:
    return {v.source: v for v in check_text(text, "quiz.md").verdicts}


def _find(verdicts: dict, part: str):
    found = [v for s, v in verdicts.items() if part in s]
    assert len(found) == 1, (part, list(verdicts))
    return found[0]


def test_an_answer_mark_around_a_number_is_the_number():
    assert unmarked("H = 3 + 4 = \\underline{\\;7\\;}") == "H = 3 + 4 = 7"
    assert unmarked("a = \\boxed{12} + \\fbox{ 3 }") == "a = 12 + 3"
    assert unmarked("\\underline{x} = 2") == "\\underline{x} = 2"  # a vector's mark stays


def test_padding_stated_per_side_is_not_a_padding_of_every_side():
    found = facts("one row of padding on top and two at the bottom, stride 2")
    assert (found["p_top"], found["p_bottom"], found["s"]) == ([1], [2], [2])
    assert "p" not in found
    found = facts("padding 2 on top, none at the bottom")
    assert (found["p_top"], found["p_bottom"]) == ([2], [0]) and "p" not in found
    assert facts("padding 2 on both sides")["p"] == [2]


def test_each_question_answer_judged_under_its_own_layer():
    verdicts = _verdicts(QUIZ)
    first = _find(verdicts, f"= \\underline{{\\;{A}\\;}}")
    assert first.status == VERIFIED, first.message
    second = _find(verdicts, f"\\underline{{{B}}}")
    assert second.status == WRONG and f"{B - 1}, not {B}" in second.message, second.message


def test_a_transposed_convolutions_output_grows_with_its_dilation():
    verdicts = _verdicts(QUIZ)
    undilated = _find(verdicts, f"\\boxed{{{D}}}")
    assert undilated.status == WRONG and f"{C}, not {D}" in undilated.message, undilated.message
    dilated = _find(verdicts, f"\\boxed{{{C}}}")
    assert dilated.status == VERIFIED, dilated.message


def test_the_effective_size_of_a_dilated_kernel():
    verdicts = _verdicts(QUIZ)
    right = _find(verdicts, "d(K - 1) + 1")
    assert right.status == VERIFIED, right.message
    slip = _find(verdicts, "dK =")
    assert slip.status == WRONG and f"{E}, not {F_WRONG}" in slip.message, slip.message


def test_a_side_not_given_leaves_the_padding_unknown():
    text = QUIZ.replace(", none at the bottom", "")
    first = _find(_verdicts(QUIZ.replace("padding:", "rows:")), f"{{\\;{A}\\;}}")
    assert first.status == NOT_UNDERSTOOD, first.message  # rows on top, in words not read
    second = _find(_verdicts(text), f"\\underline{{{B}}}")
    assert second.status != WRONG or "the equalities cannot all hold" in second.message
    assert "padding 0 on the bottom" not in second.message
    assert second.status in (NOT_UNDERSTOOD, WRONG)


def test_a_default_the_notes_contradict_elsewhere_is_no_questions_own_layer():
    from symconv.checker.bound_sizes import defaults_contested

    about = "the convolution (input 9, kernel 3, padding 0 (not stated: the default))"
    preamble = [
        "# Quiz",
        "",
        "All layers below use padding 1.",
        "",
        "**Q1.** A 9 x 9 input, kernel 3.",
    ]
    assert defaults_contested(about, preamble)
    assert not defaults_contested(about, ["# Quiz", "", "**Q1.** A 9 x 9 input, kernel 3."])
    other = "(input 9, kernel 3, output padding 0 (not stated: the default))"  # not padding's
    assert not defaults_contested(other, preamble)
