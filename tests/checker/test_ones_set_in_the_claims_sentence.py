"""A claim whose own sentence sets the upstream gradient to ones: "If $L$ is just the sum of
all outputs, every $G_{n,f,i,j} = 1$ and $\\partial L / \\partial b_f = N H_{out} W_{out} =
48$".

The claim holds for that loss only; the general reader judged it with G symbolic and called
it "false for all sizes" (the sum of G's entries is no N H_out W_out): a false alarm.  The
lead-in reader (lead_in_settings.ones_upstream) knew the case from the paragraph above a
display, not from the claim's own sentence, nor the letter of dL/dY set to 1 ("every
$G[i,j] = 1$", "jeder Eintrag $G_{n,f,i,j} = 1$") or the loss named the sum of the outputs
in words.  Now such a claim is not understood, naming the ones; a side that writes the
upstream gradient is the general form and is still judged (the slip below stays wrong).
Truth: torch autograd of nn.Conv2d(1, 2, 2) on a batch of three 5x5 images."""

from __future__ import annotations

import pytest
import torch

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

# (each note's last line is the claim's sentence, written on one line as the notes do)
NOTES = {
    "en": "# Bias gradient over a batch\n\n"
    "`conv = nn.Conv2d(1, 2, kernel_size=2)` is applied to a batch of $N = 3$ images of side\n"
    "$H = W = 5$, so $H_{{out}} = W_{{out}} = 4$. Indices are 0-based and\n"
    "$G_{{n,f,i,j}} = \\partial L / \\partial Y_{{n,f,i,j}}$.\n\n"
    "**Special case.** If $L$ is just the sum of all outputs, every $G_{{n,f,i,j}} = 1$ "
    "and ${claim}$.\n",
    "de": "# Bias-Gradient über einen Batch\n\n"
    "`conv = nn.Conv2d(1, 2, kernel_size=2)` wird auf einen Batch von $N = 3$ Bildern der\n"
    "Seite $H = W = 5$ angewandt, also $H_{{out}} = W_{{out}} = 4$. Indizes ab 0,\n"
    "$G_{{n,f,i,j}} = \\partial L / \\partial Y_{{n,f,i,j}}$.\n\n"
    "**Sonderfall.** Ist $L$ einfach die Summe aller Ausgaben, so ist jeder Eintrag "
    "$G_{{n,f,i,j}} = 1$ und ${claim}$.\n",
}

DB = "\\frac{\\partial L}{\\partial b_f}"
CLAIMS = {
    "ones put in": f"{DB} = N H_{{out}} W_{{out}} = 3 \\cdot 4 \\cdot 4 = 48",
    "general form": f"{DB} = \\sum_{{n=0}}^{{N-1}} \\sum_{{i=0}}^{{H_{{out}}-1}} "
    "\\sum_{{j=0}}^{{W_{{out}}-1}} G_{{n,f,i,j}}",
    # the slip: one sample's sum, written with G (the general form, so judged as such)
    "one sample": f"{DB} = \\sum_{{i=0}}^{{H_{{out}}-1}} \\sum_{{j=0}}^{{W_{{out}}-1}} "
    "G_{{0,f,i,j}}",
}


def _truth(upstream: str) -> tuple[torch.Tensor, torch.Tensor]:
    """dL/db of the layer (torch autograd) for L = sum(Z * G), and G."""
    gen = torch.Generator().manual_seed(7)
    conv = torch.nn.Conv2d(1, 2, 2).double()
    x = torch.randn(3, 1, 5, 5, generator=gen, dtype=torch.float64)
    z = conv(x)
    g = torch.ones_like(z) if upstream == "ones" else torch.randn(z.shape, generator=gen).double()
    (z * g).sum().backward()
    assert conv.bias.grad is not None
    return conv.bias.grad, g


def _holds(claim: str, upstream: str) -> bool:
    db, g = _truth(upstream)
    if claim == "ones put in":
        return bool(torch.allclose(db, torch.full_like(db, 3 * 4 * 4)))
    if claim == "general form":
        return bool(torch.allclose(db, g.sum(dim=(0, 2, 3))))
    return bool(torch.allclose(db, g[0].sum(dim=(1, 2))))


@pytest.mark.parametrize("notes", list(NOTES))
@pytest.mark.parametrize("claim", list(CLAIMS))
def test_a_claim_written_with_the_ones_is_not_judged_without_them(notes, claim):
    # for the loss the sentence sets, the ones put in hold, and the general form ...
    assert _holds(claim, "ones") == (claim != "one sample")
    general = _holds(claim, "random")  # ... but only the general form for any dL/dY
    assert general == (claim == "general form")
    text = NOTES[notes].format(claim=CLAIMS[claim].replace("{{", "{").replace("}}", "}"))
    line = len(text.splitlines())
    verdicts = check_text(text, "n.md").verdicts
    statuses = [v.status for v in verdicts if v.line == line and "\\partial b" in v.source]
    if claim == "ones put in":  # main: WRONG, "false for all sizes"
        assert statuses and set(statuses) <= {"not-understood"}
    else:
        assert statuses == [VERIFIED if general else WRONG]


def test_ones_said_of_the_kernel_are_no_upstream_gradient():
    # "a kernel of all ones" in the claim's sentence leaves dL/dY what it is: dL/db is the
    # sum of G's entries, not N H_out W_out (torch: random G), and the claim stays wrong
    db, _ = _truth("random")
    assert not torch.allclose(db, torch.full_like(db, 3 * 4 * 4))
    text = (
        NOTES["en"]
        .replace(
            "If $L$ is just the sum of all outputs, every $G_{{n,f,i,j}} = 1$ and",
            "With a kernel of all ones,",
        )
        .format(claim=CLAIMS["ones put in"].replace("{{", "{").replace("}}", "}"))
    )
    line = len(text.splitlines())
    verdicts = check_text(text, "n.md").verdicts
    statuses = [v.status for v in verdicts if v.line == line and "\\partial b" in v.source]
    assert statuses == [WRONG]
