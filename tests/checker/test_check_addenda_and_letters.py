"""Readings found on forum answers:

* an "edit N:" addendum is an item of its own (checker/parts.py): "edit 5: max pool is the
  easy one" made the whole answer a max pooling and every convolution claim unjudged;
* "a 32-channel input" states the input's channels (checker/prose.py);
* a bias written with another letter and named as the bias ("Y = ... + c") makes the layer
  biased (checker/infer.py), so a parameter count without it is wrong;
* "gradiente de salida $G = ...$" does not name G the output (checker/prose.py).

Truth: torch (parameter counts of nn.Conv2d, conv2d autograd) and hand work."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.prose import prose_facts
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text


def _params(cin: int, cout: int, bias: bool) -> int:
    layer = torch.nn.Conv2d(cin, cout, 3, bias=bias)
    return sum(p.numel() for p in layer.parameters())


ANSWER = (
    "**Re: backprop through conv**\n\nSay your input $X$ is $5\\times 5$ and your kernel $K$ "
    "is $3\\times 3$, stride 1, no padding. Everything 0-indexed.\n\nForward is "
    "$Y_{{ij}} = \\sum_{{a=0}}^{{2}}\\sum_{{b=0}}^{{2}} X_{{i+a,j+b}}K_{{ab}} + c$. Call the "
    "upstream grad $G_{{ij}} = \\partial L/\\partial Y_{{ij}}$.\n\nInput grad: "
    "${flip}$.\n\n{edit} param count for a conv with 64 filters of $3\\times3$ on a "
    "32-channel input: ${count}$.\n\nedit 2: max pool is the easy one.\n"
)
FLIP = "\\partial L/\\partial X_{mn} = \\sum_{a=0}^{2}\\sum_{b=0}^{2} G_{m-a,n-b} K_{ab}"


@pytest.mark.parametrize("edit", ["edit:", "EDIT 1:", "**Edit:**", "Update:"])
@pytest.mark.parametrize("biases", [True, False])
def test_an_addendum_is_an_item_and_counts_the_named_bias(edit: str, biases: bool) -> None:
    total = _params(32, 64, biases)
    count = (
        f"\\#\\text{{params}} = 3\\cdot 3\\cdot 32\\cdot 64{' + 64' if biases else ''} = {total}"
    )
    text = ANSWER.format(flip=FLIP, edit=edit, count=count)
    found = {v.source: v.status for v in check_text(text, "answer.md").verdicts}
    assert found[FLIP] == VERIFIED  # the answer's convolution, not the max pool of edit 2
    # the forward pass has a bias c: the weights alone are not the layer's parameters
    assert found[count] == (VERIFIED if total == _params(32, 64, True) else WRONG)


@pytest.mark.parametrize(
    ("words", "channels"),
    [("a 32-channel input", "32"), ("on 3-channel images", "3"), ("32 input channels", "32")],
)
def test_channels_written_with_a_hyphen(words: str, channels: str) -> None:
    assert ("in-channels", channels, "prose") in prose_facts(f"A conv layer {words}.")


@pytest.mark.parametrize(
    "line",
    [
        "con gradiente de salida $G = \\begin{pmatrix}1 & 2\\\\ 3 & 4\\end{pmatrix}$.",
        "with the gradient of the output $G = \\begin{bmatrix}1 & 2\\\\ 3 & 4\\end{bmatrix}$.",
    ],
)
def test_the_gradient_of_the_output_is_not_the_output(line: str) -> None:
    assert not any(k == "names" and "G=Z" in v for k, v, _ in prose_facts(line))


def test_the_input_given_as_a_matrix_is_named() -> None:
    line = "takes the $2 \\times 2$ input $Z = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$."
    assert ("names", "Z=X", "prose") in prose_facts(line)
