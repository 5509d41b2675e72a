"""An output-size formula whose lead-in ties the padding to the kernel and the stride: "if
$p = \\frac{k - s}{2}$ and $a = 0$, then $H_{out} = s H_{in}$" for a transposed
convolution.  The case reader took a padding formula of the kernel's letter alone, so this
lead-in stated no case, the padding varied freely and the claim was called false at a
padding outside the tie (a false alarm).  The padding is now read as that function of the
kernel and the stride, tried where it is a whole number of rows; a formula that is wrong
inside the tie is still wrong.  The truth is torch's ConvTranspose2d output shape over the
sizes where the tie gives a whole padding, never symconv."""

from __future__ import annotations

import itertools

import pytest
from conftest import checked_text
from line_verdicts import one_verdict

from symconv.checker.report import VERIFIED, WRONG

torch = pytest.importorskip("torch")


def _holds(offset: int) -> bool:
    """Whether torch's output side is s H + offset for every input side H, kernel k and
    stride s (output padding 0) where p = (k - s)/2 is a whole number of rows >= 0."""
    for h, k, s in itertools.product(range(1, 7), range(1, 6), range(1, 4)):
        if (k - s) % 2 or k < s:
            continue
        layer = torch.nn.ConvTranspose2d(1, 1, k, stride=s, padding=(k - s) // 2)
        side = layer(torch.zeros(1, 1, h, h)).shape[-1]
        if side != s * h + offset:
            return False
    return True


_ENGLISH = (
    "# Transposed convolution: output sizes\n\n"
    "For `nn.ConvTranspose2d` with kernel $k$, stride $s$, padding $p$ and output padding "
    "$a$:\n\n"
    "$$H_{{out}} = (H_{{in}} - 1) s - 2p + (k - 1) + a + 1$$\n\n"
    "Shortcut: if $p = \\frac{{k - s}}{{2}}$ and $a = 0$, then $H_{{out}} = {claim}$.\n"
)
_GERMAN = (
    "# Transponierte Faltung: Ausgabegrößen\n\n"
    "Für `nn.ConvTranspose2d` mit Kern $K$, Schrittweite $S$, Padding $P$ und "
    "Ausgabe-Padding $a$ gilt\n\n"
    "$$H_{{out}} = (H_{{in}} - 1) S - 2P + (K - 1) + a + 1$$\n\n"
    "Merkregel: mit $P = (K - S)/2$ und $a = 0$ ist $H_{{out}} = {claim}$.\n"
)
_SPANISH = (
    "# Convolución traspuesta: tamaños\n\n"
    "Para `nn.ConvTranspose2d` con núcleo $k$, paso $s$, relleno $p$ y relleno de salida "
    "$a$:\n\n"
    "$$H_{{out}} = (H_{{in}} - 1) s - 2p + (k - 1) + a + 1$$\n\n"
    "Atajo: si $p = \\frac{{k - s}}{{2}}$ y $a = 0$, entonces $H_{{out}} = {claim}$.\n"
)


@pytest.mark.parametrize(
    ("template", "stride"),
    [(_ENGLISH, "s"), (_GERMAN, "S"), (_SPANISH, "s")],
    ids=["en", "de", "es"],
)
@pytest.mark.parametrize("offset", [0, 1, -1], ids=["sH", "sH+1", "sH-1"])
def test_a_padding_tied_to_kernel_and_stride_is_the_claims_case(template, stride, offset):
    right = _holds(offset)
    claim = f"{stride} H_{{in}}" + {0: "", 1: " + 1", -1: " - 1"}[offset]
    text = template.format(claim=claim)
    found = one_verdict(text, "H_{out} = " + claim)
    assert found.status == (VERIFIED if right else WRONG), found.message
    if right:
        assert "in the case its lead-in states" in found.message


def test_a_numbered_case_beside_the_tie_is_still_judged_in_its_own_numbers():
    # k = 3, s = 2, p = 1 breaks the tie ((3 - 2)/2 is no whole padding): torch's side
    # is 2H - 1 there, so "2H" is wrong in the numbers the sentence gives
    side = torch.nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)(torch.zeros(1, 1, 5, 5))
    assert side.shape[-1] == 2 * 5 - 1
    text = _ENGLISH.format(claim="s H_{in}").replace(
        "H_{out} = s H_{in}$.",
        "H_{out} = s H_{in}$; for example $k = 3$, $s = 2$, $p = 1$ also gives "
        "$H_{out} = 2 H_{in}$.",
    )
    statuses = {
        v.source: v.status
        for v in checked_text(text, "notes.md").verdicts
        if v.source.startswith("H_{out} =") and "(" not in v.source
    }
    assert statuses.get("H_{out} = 2 H_{in}") == WRONG, statuses
    assert statuses.get("H_{out} = s H_{in}") == VERIFIED, statuses
