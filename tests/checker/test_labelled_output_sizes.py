"""An output size named by the words before it, in the notes' languages: "転置畳み込みの出力
サイズ：$H_{\\text{tr}} = (H - 1)S - 2P + K$", "rozmiar wyjścia splotu transponowanego:
$L_{\\text{tr}} = ...$", "maps a length-$L$ signal to length $$L_{\\mathrm{up}} = ...$$"
(defined_outputs.py, output_names.py), judged as the transposed layer's where its words name
one (size_formula_layer.py: 転置, 转置, 전치, transponowany).

The truth is the length of torch's conv_transpose1d / conv1d output over a grid of sizes, with
each formula written here as a Python function beside its LaTeX: never symconv."""

from __future__ import annotations

import itertools

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _torch_holds(formula, transposed: bool) -> bool:
    """Whether ``formula(H, K, S, P)`` is torch's output length at every size of a grid."""
    for h, k, s, p in itertools.product(range(1, 7), range(1, 4), range(1, 3), range(0, 2)):
        x = torch.zeros(1, 1, h)
        w = torch.zeros(1, 1, k)
        if transposed:
            if (h - 1) * s - 2 * p + k < 1:
                continue
            out = F.conv_transpose1d(x, w, stride=s, padding=p).shape[-1]
        else:
            if h + 2 * p < k:
                continue
            out = F.conv1d(x, w, stride=s, padding=p).shape[-1]
        if formula(h, k, s, p) != out:
            return False
    return True


JAPANESE = (
    "# 畳み込みのまとめ\n\n## 1. サイズ\n\n"
    "- 出力サイズ：$H' = \\lfloor (H + 2P - K)/S \\rfloor + 1$\n"
    "- 転置畳み込みの出力サイズ：$H_{{\\text{{tr}}}} = {claim}$\n"
)
POLISH = (
    "# Splot transponowany\n\n"
    "Rozmiar wyjścia splotu transponowanego: $L_{{\\text{{tr}}}} = {claim}$.\n"
)
ENGLISH = (
    "# Upsampling\n\nThe transposed convolution with stride $S$, padding $P$ and kernel $K$ "
    "maps a length-$L$ signal to length\n\n$$L_{{\\mathrm{{up}}}} = {claim}$$\n"
)
CASES = [
    (JAPANESE, "(H - 1)S - 2P + K", lambda h, k, s, p: (h - 1) * s - 2 * p + k),
    (JAPANESE, "(H - 1)S - 2P + K - 1", lambda h, k, s, p: (h - 1) * s - 2 * p + k - 1),
    (POLISH, "(L - 1)S - 2P + K", lambda h, k, s, p: (h - 1) * s - 2 * p + k),
    (POLISH, "LS - 2P + K", lambda h, k, s, p: h * s - 2 * p + k),
    (ENGLISH, "(L - 1)S - 2P + K", lambda h, k, s, p: (h - 1) * s - 2 * p + k),
    (ENGLISH, "(L - 1)S + 2P + K", lambda h, k, s, p: (h - 1) * s + 2 * p + k),
]


@pytest.mark.parametrize("k", range(len(CASES)))
def test_a_labelled_transposed_output_size_against_torch(k):
    head, claim, formula = CASES[k]
    status = VERIFIED if _torch_holds(formula, transposed=True) else WRONG
    verdicts = check_text(head.format(claim=claim)).verdicts
    found = [v for v in verdicts if claim.replace(" ", "") in v.source.replace(" ", "")]
    assert found, [v.source for v in verdicts]
    assert found[-1].status == status, found[-1].message


def test_both_statuses_occur():
    found = {_torch_holds(f, transposed=True) for _, _, f in CASES}
    assert found == {True, False}


def test_the_forward_size_beside_it_stays_the_convolutions():
    """The bullet above the transposed one names no transposed layer: its H' is conv1d's."""
    assert _torch_holds(lambda h, k, s, p: (h + 2 * p - k) // s + 1, transposed=False)
    verdicts = check_text(JAPANESE.format(claim="(H - 1)S - 2P + K")).verdicts
    forward = [v for v in verdicts if v.source.startswith("H' =")]
    assert forward and forward[0].status == VERIFIED, forward
