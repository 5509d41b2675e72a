"""A list of follow-up cases under a worked single-channel layer: "- Several channels:
filter $f$, channel $c$: $dW_{f,c} = X_c \\star G_f$", "- Stride 2: $dW = X \\star
\\operatorname{dilate}_2(G)$", "- Padding 1: $dW = \\operatorname{pad}_1(X) \\star G$".

Three readings went wrong on such a section:
- X_c and G_f (letters the prose names a channel and a filter) were counted as 1-D
  entries, so the section was read as a fresh 1-D layer with guessed sizes, and the
  stated layer was lost;
- an item's own stride or padding in words ("Stride 2:") was not its case: the claim was
  judged at the section's stride 1 and called wrong;
- a claim about channel maps was verified at one channel and one filter, where X_c
  \\star G_f and the swapped X_f \\star G_c are the same map.
Now the section keeps its layer, an item's worded case is weighed (a formula that holds
only where the stride tiles the input is not understood when the case states no input),
and channel maps at one channel and one filter are not verified.  A formula wrong in its
own case is still wrong.  The truth is torch's conv2d autograd, compared with the formulas
computed by NumPy, never symconv."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import checked_text

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG

torch = pytest.importorskip("torch")


def _correlate(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    rows, cols = a.shape[0] - k.shape[0] + 1, a.shape[1] - k.shape[1] + 1
    return np.array(
        [
            [float((a[i : i + k.shape[0], j : j + k.shape[1]] * k).sum()) for j in range(cols)]
            for i in range(rows)
        ]
    )


def _dilate(g: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((g.shape[0] - 1) * s + 1, (g.shape[1] - 1) * s + 1))
    out[::s, ::s] = g
    return out


def _weight_gradient(side: int, kernel: int, stride: int, padding: int = 0, seed: int = 5):
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn((1, 1, side, side), generator=gen, dtype=torch.float64)
    w = torch.randn((1, 1, kernel, kernel), generator=gen, dtype=torch.float64, requires_grad=True)
    z = torch.nn.functional.conv2d(x, w, stride=stride, padding=padding)
    g = torch.randn(z.shape, generator=gen, dtype=torch.float64)
    (z * g).sum().backward()
    assert w.grad is not None
    return x.numpy()[0, 0], g.numpy()[0, 0], w.grad.numpy()[0, 0]


def _stride_formula_holds(side: int, dilation: int) -> bool:
    """Whether dL/dW = X star dilate_d(G) (d = 1: X star G) is torch's weight gradient at
    stride 2 on a side x side input."""
    x, g, dw = _weight_gradient(side, 3, 2)
    right = _correlate(x, _dilate(g, dilation))
    return right.shape == dw.shape and bool(np.allclose(right, dw))


def _padding_formula_holds(pad: int, padding: int = 1) -> bool:
    """Whether dL/dW = pad_p(X) star G is torch's weight gradient at ``padding``."""
    x, g, dw = _weight_gradient(6, 3, 1, padding=padding)
    right = _correlate(np.pad(x, pad), g)
    return right.shape == dw.shape and bool(np.allclose(right, dw))


_ENGLISH = (
    "# Review: conv2d backward (3x3 kernel, stride 1, no padding)\n\n"
    "The forward is $Y = X \\star W$ with a $6 \\times 6$ input and a $3 \\times 3$ kernel, "
    "so $Y$ is $4 \\times 4$. $G = \\partial L / \\partial Y$, $\\star$ is the valid "
    "cross-correlation.\n\n"
    "$$\\frac{{\\partial L}}{{\\partial W}} = X \\star G$$\n\n"
    "## Follow-ups\n\n"
    "- Several channels: filter $f$, channel $c$: "
    "$\\frac{{\\partial L}}{{\\partial W_{{f,c}}}} = X_c \\star G_f$.\n"
    "- Stride 2: $\\frac{{\\partial L}}{{\\partial W}} = {stride}$.\n"
    "- Padding 1: $\\frac{{\\partial L}}{{\\partial W}} = {padding}$.\n"
)
_GERMAN = (
    "# Durchsicht: Rückwärtsschritt (Kern 3x3, Schrittweite 1, ohne Padding)\n\n"
    "Vorwärts gilt $Y = X \\star W$ mit einer Eingabe von $6 \\times 6$ und einem Kern von "
    "$3 \\times 3$, also ist $Y$ $4 \\times 4$. $G = \\partial L / \\partial Y$; $\\star$ "
    "ist die gültige Kreuzkorrelation.\n\n"
    "$$\\frac{{\\partial L}}{{\\partial W}} = X \\star G$$\n\n"
    "## Weitere Fälle\n\n"
    "- Mehrere Kanäle: Filter $f$, Kanal $c$: "
    "$\\frac{{\\partial L}}{{\\partial W_{{f,c}}}} = X_c \\star G_f$.\n"
    "- Schrittweite 2: $\\frac{{\\partial L}}{{\\partial W}} = {stride}$.\n"
    "- Padding 1: $\\frac{{\\partial L}}{{\\partial W}} = {padding}$.\n"
)
_DILATED = "X \\star \\operatorname{dilate}_2(G)"
_PLAIN = "X \\star G"
_PADDED = "\\operatorname{pad}_1(X) \\star G"
_DILATED_3 = "X \\star \\operatorname{dilate}_3(G)"
_PADDED_2 = "\\operatorname{pad}_2(X) \\star G"


def _verdicts(text: str) -> dict[str, str]:
    """The status of each follow-up item's claim, by the item's first word."""
    lines = text.split("\n")
    found: dict[str, str] = {}
    for v in checked_text(text, "notes.md").verdicts:
        row = lines[v.line - 1]
        if row.startswith("- ") and v.status != "assumed":
            found[row[2:].split(":")[0].split()[0]] = v.status
    return found


@pytest.mark.parametrize("template", [_ENGLISH, _GERMAN], ids=["en", "de"])
def test_the_items_cases_are_weighed_and_mistakes_stay_wrong(template):
    # torch: at stride 2 the dilated G is right where the stride tiles the input (7x7)
    # and leaves a row unread at 6x6; G dilated by 3 is wrong at both and at stride 1;
    # padding 1 wants X padded by 1, not by 2 (at padding 0 or 1)
    assert _stride_formula_holds(7, 2) and not _stride_formula_holds(6, 2)
    assert not any(_stride_formula_holds(side, 3) for side in (6, 7))
    assert _padding_formula_holds(1) and not _padding_formula_holds(2)
    assert not _padding_formula_holds(2, padding=0)
    right = _verdicts(template.format(stride=_DILATED, padding=_PADDED))
    wrong = _verdicts(template.format(stride=_DILATED_3, padding=_PADDED_2))
    stride_word = "Stride" if template is _ENGLISH else "Schrittweite"
    # correct, but about a case whose input the notes do not state: never called wrong
    assert right[stride_word] == NOT_UNDERSTOOD, right
    assert right["Padding"] == NOT_UNDERSTOOD, right
    # wrong in their own case and under the section's layer: still caught
    assert wrong[stride_word] == WRONG, wrong
    assert wrong["Padding"] == WRONG, wrong
    # right under the section's layer, wrong in the item's own case: never verified
    assert not _padding_formula_holds(0) and _padding_formula_holds(0, padding=0)
    plain = _verdicts(template.format(stride=_DILATED, padding=_PLAIN))
    assert plain["Padding"] == NOT_UNDERSTOOD, plain


@pytest.mark.parametrize("template", [_ENGLISH, _GERMAN], ids=["en", "de"])
def test_channel_maps_at_one_channel_are_not_verified(template):
    text = template.format(stride=_DILATED, padding=_PADDED)
    swapped = text.replace("X_c \\star G_f", "X_f \\star G_c")
    first = "Several" if template is _ENGLISH else "Mehrere"
    # the true dW_{f,c} = X_c star G_f and the swapped X_f star G_c agree at one channel
    # and one filter, so neither is verified there
    for note in (text, swapped):
        assert _verdicts(note)[first] == NOT_UNDERSTOOD
    # a map that is wrong whatever the channels (G turned by 180 degrees) is still wrong
    x, g, dw = _weight_gradient(6, 3, 1)
    assert not np.allclose(_correlate(x, g[::-1, ::-1]), dw)
    turned = text.replace("X_c \\star G_f", "X_c \\star \\operatorname{rot}_{180}(G_f)")
    assert _verdicts(turned)[first] == WRONG


@pytest.mark.parametrize("template", [_ENGLISH, _GERMAN], ids=["en", "de"])
def test_the_section_keeps_the_stated_layer(template):
    # the first claim (the stated 5x5 layer, stride 1) is verified, and so is the same
    # formula restated in the follow-ups without a case of its own
    x, g, dw = _weight_gradient(6, 3, 1)
    assert np.allclose(_correlate(x, g), dw)
    text = (
        template.format(stride=_DILATED, padding=_PADDED)
        .replace("- Padding 1: $", "- Again: $")
        .replace("= \\operatorname{pad}_1(X) \\star G$", "= X \\star G$")
    )
    found = _verdicts(text)
    assert found["Again"] == VERIFIED, found


@pytest.mark.parametrize(
    ("lead", "label"),
    [
        ("- Stride 2 (next PR):", True),
        ("- Schrittweite 2:", True),
        ("Con paso 2 y relleno 1:", True),
        ("With padding 1:", True),
        # a stride to compare with, or the correlation's own: not the claim's case
        ("It is exactly as with stride 1, the stride only changes the forward:", False),
        ("Es igual que con paso 1:", False),
        ("and then it is a plain correlation (with stride 1):", False),
    ],
)
def test_only_a_label_of_the_case_is_read_as_the_items_case(lead, label):
    from symconv.checker.guessed_readings import _CASE_LABEL

    assert (_CASE_LABEL.match(lead) is not None) is label
