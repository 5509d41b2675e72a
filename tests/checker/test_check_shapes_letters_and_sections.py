"""Layer facts written as shapes and letters, and sizes named after the output tensor
(issue 16: fresh20's issue report and textbook section, fresh19's cheat sheet).

- "`X` is `(2, 4, 7, 7)` (N, C, H, W), `W` is `(5, 4, 3, 3)`": PyTorch's layout, said;
- "$X$ has shape $N \\times C \\times H \\times W$ with $C = 2$": C is the channels;
- a forward pass adding "$+ b_f$" has a bias;
- "2.3.1 Title" is a numbered section, not a question: its facts reach the sections below;
- ``P`` right after "the number of parameters is $P = ...$" is that count again;
- ``H_Y`` is the output's side, not read where a transposed layer is named as well.

Truth: torch's parameter counts and output shapes.
"""

from __future__ import annotations

import torch
from test_check_table_rows_and_named_sizes import _count, _find

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.scope_facts import facts

CONV = torch.nn.Conv2d(4, 5, 3, stride=2, padding=1)
SIDE = int(CONV(torch.zeros(2, 4, 7, 7)).shape[-1])  # 4

ISSUE = f"""# backward fails at stride 2

My test: `X` is `(2, 4, 7, 7)` (N, C, H, W), `W` is `(5, 4, 3, 3)`, stride 2, padding 1, so

$$H_{{out}} = \\lfloor (7 + 2 - 3)/2 \\rfloor + 1 = {SIDE}$$

and not $H_{{out}} = (7 - 3)/2 + 1 = 3$ as I first thought.
"""


def test_tuple_shapes_in_pytorchs_layout():
    found = facts("`X` is `(2, 4, 7, 7)` (N, C, H, W), `W` is `(5, 4, 3, 3)`")
    assert (found["c_in"], found["in_h"], found["c_out"], found["k"]) == ([4], [7], [5], [3])
    assert "k" not in facts("`X` is `(2, 7, 7, 4)`, `W` is `(3, 3, 4, 5)`")  # layout unsaid
    assert _find(ISSUE, f"+ 1 = {SIDE}").status == VERIFIED
    assert _find(ISSUE, "(7 - 3)/2").status == WRONG


LAYER = torch.nn.Conv2d(2, 6, 3)
BOOK = f"""### 2.3 A layer with a batch

2.3.1 Forward

The batch has $N = 4$. Input tensor $X$ has shape $N \\times C \\times H \\times W$ with $C = 2$,
$H = W = 5$. The layer has $F = 6$ convolution kernels of shape $C \\times K \\times K$, $K = 3$,
stride is 1, no padding:

$$z_{{n,f,i,j}} = \\sum_{{c}} \\sum_{{u}} \\sum_{{v}} w_{{f,c,u,v}}\\, x_{{n,c,i+u,j+v}} + b_f$$

2.3.2 Parameters

The number of parameters of this layer is

$$P = 6 \\times (2 \\times 9 + 1) = {_count(LAYER)}$$

A common slip is to leave out the biases: $P = 6 \\times 2 \\times 9 = 108$.
"""


def test_a_textbooks_numbered_sections_and_letters():
    found = facts(BOOK.split("2.3.2")[0])
    assert (found["c_in"], found["c_out"], found["bias"]) == ([2], [6], [1])
    assert _count(LAYER) == 6 * (2 * 9 + 1)
    assert _find(BOOK, f"= {_count(LAYER)}").status == VERIFIED
    slip = _find(BOOK, "= 108")
    assert slip.status == WRONG and f"{_count(LAYER)}, not 108" in slip.message, slip.message
    far = BOOK.replace("A common slip", "\n\n\n\n\n\n\n\nA common slip")  # too far to be P
    assert _find(far, "= 108").status == NOT_UNDERSTOOD


SHEET = """# Cheat sheet

**Operators.** $A \\star K$: correlation (`conv2d`); $G \\star^T_{s,p} K$: transposed
convolution (`conv_transpose2d`).

**Example.** $X$ is $6 \\times 6$, $W$ is $3 \\times 3$, $S = 1$, $P = 0$.

**Size**

$$H_Y = 6 - 3 + 1 = 4$$
"""


def test_an_output_tensors_side_where_a_transposed_layer_is_named_too():
    assert int(torch.nn.Conv2d(1, 1, 3)(torch.zeros(1, 1, 6, 6)).shape[-1]) == 4
    found = _find(SHEET, "H_Y")
    assert found.status != WRONG, found.message  # which layer's: both are named above
    alone = SHEET.replace("$G \\star^T_{s,p} K$: transposed\nconvolution (`conv_transpose2d`)", "")
    assert _find(alone, "H_Y").status == VERIFIED
    wrong = alone.replace("= 4$$", "= 3$$")
    assert _find(wrong, "H_Y").status == WRONG


WIDE = torch.nn.Conv2d(32, 48, 3)
APPENDIX = f"""## Appendix: formulas

A batch of $N$ images with $C$ channels enters a convolution with $F$ filters of spatial
size $K \\times K$; each filter has $CK^2$ weights and one bias.

### Counts

For the $C = 32 \\to F = 48$, $K = 3$ layer this is
$\\#\\theta_{{\\text{{conv}}}} = 48\\,(32 \\cdot 9 + 1) = {_count(WIDE)}$. (An older draft said
$\\#\\theta_{{\\text{{conv}}}} = 48 \\cdot 32 \\cdot 9 = 13824$, without the biases.)
"""


def test_letters_the_prose_gives_a_role_take_the_values_a_sentence_sets():
    assert _count(WIDE) == 48 * (32 * 9 + 1)
    right = _find(APPENDIX, f"= {_count(WIDE)}")
    assert right.status == VERIFIED, right.message
    draft = _find(APPENDIX, "= 13824")
    assert draft.status == WRONG and f"{_count(WIDE)}, not 13824" in draft.message
    unsaid = APPENDIX.replace("$C$ channels", "$C$ things").replace("$F$ filters", "$F$ maps")
    assert _find(unsaid, f"= {_count(WIDE)}").status == NOT_UNDERSTOOD


STEP = torch.nn.Conv2d(1, 1, 3, stride=2, padding=1)
OUT = int(STEP(torch.zeros(1, 1, 20, 20)).shape[-1])  # 10
EXERCISES = f"""# Exercises

Layer $l$ takes a map of size $H_l \\times H_l$ and a $k \\times k$ kernel with stride $s$ and
padding $p$, producing $y^{{(l+1)}}$ of size $H_{{l+1}} \\times H_{{l+1}}$.

**Exercise 2.** Evaluate it for a $20 \\times 20$ input with $k = 3$, $s = 2$, $p = 1$.

$$H_{{l+1}} = \\left\\lfloor \\frac{{20 + 2 - 3}}{{2}} \\right\\rfloor + 1 = {OUT}$$

**Exercise 3.** The same for a $20 \\times 20$ input with $k = 3$, $s = 2$, $p = 1$.

$$H_{{l+1}} = \\left\\lfloor \\frac{{20 + 2 - 3}}{{2}} \\right\\rfloor = {OUT - 1}$$
"""


def test_a_name_the_prose_gives_the_output_size():
    assert _find(EXERCISES, f"+ 1 = {OUT}").status == VERIFIED
    slip = _find(EXERCISES, f"\\right\\rfloor = {OUT - 1}")
    assert slip.status == WRONG and f"{OUT}, not {OUT - 1}" in slip.message, slip.message
