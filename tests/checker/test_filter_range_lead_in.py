"""A grouped convolution's claim stated for some of its filters: "for filters 1 to 2:
$Y_o = b_o + \\sum_{c=1}^{2} X_c \\star W_{o,c}$", "für die Filter 3 bis 4: ... X_{c+2}".

With groups = 2 each block of filters reads its own block of input channels, so a formula
written for one block fails for the other.  The claim's lead-in restricts its free filter
index o to the filters it names; judged at every o, a correct claim was called wrong at a
filter of the other block (a false alarm).  The restriction is read from the end of the
lead-in and given to the free index that addresses the filter axis; a formula that is wrong
for the filters it names (the other block's channels, a range crossing the blocks) is still
wrong.  The truth is torch's grouped conv2d and its autograd, compared with the formula
computed by NumPy correlation, never symconv."""

from __future__ import annotations

import numpy as np
import pytest
from line_verdicts import one_verdict

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

torch = pytest.importorskip("torch")

IN, OUT, GROUPS, SIDE, K = 4, 4, 2, 5, 2


def _correlate(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Valid cross-correlation of two maps (as torch's conv2d computes it)."""
    rows, cols = a.shape[0] - k.shape[0] + 1, a.shape[1] - k.shape[1] + 1
    return np.array(
        [
            [float((a[i : i + k.shape[0], j : j + k.shape[1]] * k).sum()) for j in range(cols)]
            for i in range(rows)
        ]
    )


def _grouped(seed: int = 3) -> dict[str, np.ndarray]:
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn((1, IN, SIDE, SIDE), generator=gen, dtype=torch.float64, requires_grad=True)
    w = torch.randn(
        (OUT, IN // GROUPS, K, K), generator=gen, dtype=torch.float64, requires_grad=True
    )
    b = torch.randn(OUT, generator=gen, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, b, groups=GROUPS)
    g = torch.randn(y.shape, generator=gen, dtype=torch.float64)
    (y * g).sum().backward()
    assert w.grad is not None
    return {
        "X": x.detach().numpy()[0],
        "W": w.detach().numpy(),
        "b": b.detach().numpy(),
        "Y": y.detach().numpy()[0],
        "G": g.numpy()[0],
        "dW": w.grad.numpy(),
    }


def _forward_holds(filters: range, shift: int) -> bool:
    """Whether Y_o = b_o + sum_{c=1}^{2} X_{c+shift} star W_{o,c} for every o in
    ``filters`` (1-based, as the notes count)."""
    t = _grouped()
    for o in filters:
        claimed = t["b"][o - 1] + sum(
            _correlate(t["X"][c + shift - 1], t["W"][o - 1, c - 1]) for c in (1, 2)
        )
        if not np.allclose(claimed, t["Y"][o - 1]):
            return False
    return True


def _weight_gradient_holds(filters: range, shift: int) -> bool:
    """Whether dL/dW_{o,c} = X_{c+shift} star G_o for every o in ``filters`` and c."""
    t = _grouped()
    return all(
        np.allclose(_correlate(t["X"][c + shift - 1], t["G"][o - 1]), t["dW"][o - 1, c - 1])
        for o in filters
        for c in (1, 2)
    )


_ENGLISH = (
    "# Grouped convolution, by hand\n\n"
    "A layer `nn.Conv2d(4, 4, kernel_size=2, groups=2)` on a $5 \\times 5$ input, so the "
    "output is $4 \\times 4$. Indices start at 1 (channels and filters too), and $\\star$ is the "
    "valid cross-correlation. Filters 1-2 read input channels 1-2, filters 3-4 read "
    "channels 3-4.\n\n"
    "With $G_o = \\partial L / \\partial Y_o$, for filters {lo} to {hi}:\n\n"
    "$$CLAIM$$\n"
)
_GERMAN = (
    "## Gruppierte Faltung\n\n"
    "Wir nehmen `nn.Conv2d(4, 4, kernel_size=2, groups=2)` mit einer Eingabe von "
    "$5 \\times 5$; die Ausgabe ist $4 \\times 4$. Indizes beginnen bei 1, "
    "$\\star$ ist die gültige Kreuzkorrelation.\n\n"
    "Mit $G_o = \\partial L / \\partial Y_o$ gilt für die Filter {lo} bis {hi}:\n\n"
    "$$CLAIM$$\n"
)
_SPANISH = (
    "# Convolución agrupada\n\n"
    "La capa es `nn.Conv2d(4, 4, kernel_size=2, groups=2)` sobre una entrada de "
    "$5 \\times 5$, con salida de $4 \\times 4$. Los índices van desde 1 y "
    "$\\star$ es la correlación cruzada válida.\n\n"
    "Con $G_o = \\partial L / \\partial Y_o$, para los filtros {lo} a {hi}:\n\n"
    "$$CLAIM$$\n"
)
_FORWARD = "Y_o = b_o + \\sum_{{c=1}}^{{2}} X_{{{index}}} \\star W_{{o,c}}"
_WEIGHTS = "\\frac{{\\partial L}}{{\\partial W_{{o,c}}}} = X_{{{index}}} \\star G_o"


def _index(shift: int) -> str:
    return "c" if shift == 0 else f"c+{shift}"


@pytest.mark.parametrize("template", [_ENGLISH, _GERMAN, _SPANISH], ids=["en", "de", "es"])
@pytest.mark.parametrize(
    ("formula", "holds", "lo", "hi", "shift"),
    [
        (_FORWARD, _forward_holds, 1, 2, 0),  # the first block's own channels
        (_FORWARD, _forward_holds, 3, 4, 2),  # the second block's
        (_WEIGHTS, _weight_gradient_holds, 3, 4, 2),
        (_WEIGHTS, _weight_gradient_holds, 1, 2, 1),  # a slip: channels 2-3
        (_FORWARD, _forward_holds, 3, 4, 0),  # a slip: the first block's channels
        (_FORWARD, _forward_holds, 3, 4, 1),  # a slip: channels 2-3
        (_WEIGHTS, _weight_gradient_holds, 3, 4, 1),
        (_FORWARD, _forward_holds, 1, 3, 0),  # a slip: the range crosses the blocks
    ],
    ids=[
        "fwd-1-2",
        "fwd-3-4",
        "dw-3-4",
        "dw-1-2-off",
        "fwd-other",
        "fwd-off",
        "dw-3-4-off",
        "cross",
    ],
)
def test_a_claim_for_some_filters_is_judged_at_those(template, formula, holds, lo, hi, shift):
    right = holds(range(lo, hi + 1), shift)  # torch's truth for the filters named
    claim = formula.format(index=_index(shift))
    text = template.format(lo=lo, hi=hi).replace("CLAIM", claim)
    found = one_verdict(text, claim)
    assert found.status == (VERIFIED if right else WRONG), found.message


@pytest.mark.parametrize("template", [_ENGLISH, _GERMAN], ids=["en", "de"])
def test_without_the_range_the_second_block_fails_at_the_first(template):
    # the lead-in without its range: the claim is about every filter, and torch says the
    # first block's filters do not read channels 3-4
    assert not _forward_holds(range(1, 5), 2)
    claim = _FORWARD.format(index=_index(2))
    text = (
        template.replace(", for filters {lo} to {hi}:", ":")
        .replace(" gilt für die Filter {lo} bis {hi}:", " gilt:")
        .replace("CLAIM", claim)
    )
    found = one_verdict(text, claim)
    assert found.status == WRONG, found.message


def test_filters_counted_from_zero_and_a_range_without_zero_is_not_read():
    # 0-based notes: "filters 1 to 2" may be the second and third filter or, counted
    # from 1, the first two; the checker does not choose
    text = (
        "# Grouped convolution\n\n"
        "A layer `nn.Conv2d(4, 4, kernel_size=2, groups=2)` on a $5 \\times 5$ input; "
        "indices start at 0 and $\\star$ is the valid "
        "cross-correlation.\n\n"
        "For filters 1 to 2:\n\n"
        "$$Y_o = b_o + \\sum_{c=0}^{1} X_c \\star W_{o,c}$$\n"
    )
    found = one_verdict(text, "Y_o = b_o")
    assert found.status == NOT_UNDERSTOOD, found.message
    assert "from 0" in found.message
