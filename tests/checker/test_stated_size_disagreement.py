"""A size claim in the notes' letters, judged with the values the notes set for those letters
where the layer read has others (stated_sizes.disagreeing_size, from judging.judge_chain).

D2L's letters c_i, c_o name the channel counts, but "$c_i = 4$" is no layer fact: the layer
read keeps one channel.  A count "c_o (c_i k_h k_w + 1) = ..." judged with that layer would be
judged at c_i = c_o = 1; a case the claim's own line supposes ("If $k_h = k_w = 3$, ...") at
the layer's kernel.  Truth: torch's parameter counts.
"""

from __future__ import annotations

import torch
import torch.nn as nn

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

NOTES = """# Gradients of a convolutional layer

We write the input as $\\mathsf{{X}} \\in \\mathbb{{R}}^{{N \\times c_i \\times n_h \\times n_w}}$
and the filter bank as
$\\mathsf{{W}} \\in \\mathbb{{R}}^{{c_o \\times c_i \\times k_h \\times k_w}}$, plus a bias for
each output channel. Throughout, $c_i = 4$ and $c_o = 6$; a $5 \\times 5$ kernel slides over
images that are $7 \\times 7$.

{claim}
"""


def _count(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _of(claim: str):
    verdicts = [
        v for v in check_text(NOTES.format(claim=claim), "n.md").verdicts if v.status != "assumed"
    ]
    found = [v for v in verdicts if "c_o" in v.source and "=" in v.source]
    assert len(found) == 1, [(v.source, v.status, v.message) for v in verdicts]
    return found[0]


def test_count_at_the_notes_channels_not_the_layer_reads() -> None:
    truth = _count(nn.Conv2d(4, 6, 5))  # 606
    assert _of(f"So the layer has $c_o (c_i k_h k_w + 1) = {truth}$ parameters.").status == VERIFIED
    # written out, with no letter before a bracket (a function's argument?), a mistake is
    # caught: 6 \cdot 25 + 6 = 156 forgets the 4 input channels
    wrong = _of("So the layer has $c_o c_i k_h k_w + c_o = 156$ parameters.")
    assert wrong.status == WRONG and str(truth) in wrong.message
    one = _count(nn.Conv2d(1, 1, 5))  # 26: the count with one channel in and out, not ours
    wrong = _of(f"So the layer has $c_o c_i k_h k_w + c_o = {one}$ parameters.")
    assert wrong.status == WRONG and str(truth) in wrong.message


def test_a_case_on_the_claims_line_is_the_claims() -> None:
    truth = _count(nn.Conv2d(4, 6, 3))  # 222
    claim = f"If instead $k_h = k_w = 3$, the layer has $c_o (c_i k_h k_w + 1) = {truth}$ weights."
    assert _of(claim).status == VERIFIED
    # 606 is the 5x5 layer's count, not the case's: never verified (the letter k_h has two
    # values in the notes, so the mistake is left open rather than called)
    claim = "If instead $k_h = k_w = 3$, the layer has $c_o (c_i k_h k_w + 1) = 606$ weights."
    assert _of(claim).status in (WRONG, NOT_UNDERSTOOD)


def test_the_size_a_claim_names_is_its_own() -> None:
    # H' = 5 at stride 1 above; the claim states H' at stride 2: that H' is the claim's own
    out = nn.Conv2d(1, 1, 3, stride=2)(torch.zeros(1, 1, 7, 7)).shape[-1]  # 3
    text = (
        "# Output sizes\n\nA $7 \\times 7$ input, a $3 \\times 3$ kernel, stride 1: the output "
        "has $H' = 5$ rows.\n\n## Stride two\n\nThe same $7 \\times 7$ input and $3 \\times 3$ "
        f"kernel with stride 2 give $H' = \\lfloor (7 - 3)/2 \\rfloor + 1 = {out}$.\n"
    )
    found = [v for v in check_text(text, "n.md").verdicts if "lfloor" in v.source]
    assert [v.status for v in found] == [VERIFIED], found
