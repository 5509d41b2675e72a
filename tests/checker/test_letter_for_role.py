"""General formulas in notes that declare their letters after the fact ("we write
$v_{n,c,i,j}$ for the input, $h_{f,c,u,v}$ for the kernel, $\\gamma_f$ for the bias"), a
padded input named as an entry (``\\tilde{v}_{n,c,i,j}`` for the zero-padded input), the
loss in a calligraphic font glued to the \\partial, and a remark on "the subsequent max
pooling" that is not the next section's layer.  Truth: torch conv2d with autograd (the
formulas written out by hand in the comments, evaluated with NumPy)."""

from __future__ import annotations

import numpy as np
import pytest

from symconv.checker.letter_for_role import declared_letter_facts
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text
from tests.checker.conv_truth import conv2d_autograd


@pytest.mark.parametrize(
    "line, names",
    [
        (
            "We write $v_{n,c,i,j}$ for the input, $h_{f,c,u,v}$ for the kernel and "
            "$\\gamma_f$ for the bias.",
            "v=X,h=W,\\gamma=b",
        ),
        ("Here $\\mathbf{K}$ denotes the filter bank.", "K=W"),
        ("and $k$ for the kernel size", None),  # a lowercase letter alone: maybe a size
        ("$h_{u,v}$ for the kernel size, $s$ for the stride", None),
        ("$\\tilde{v}_{n,c,i,j}$ for the zero-padded input", None),
    ],
)
def test_letters_declared_by_role(line: str, names: str | None) -> None:
    found = declared_letter_facts(line)
    assert found == ([] if names is None else [("names", names, "prose")])


_LEAD = (
    "Throughout, a batch of $N$ maps with $C$ channels enters a convolution with $F$ filters "
    "of size $R \\times R$ and stride $S$, no padding, 0-based indices. We write "
    "$v_{n,c,i,j}$ for the input, $h_{f,c,u,v}$ for the kernel, $\\gamma_f$ for the bias and "
    "$o_{n,f,i,j}$ for the output, and $e_{n,f,i,j} = \\partial\\mathcal{L}/\\partial "
    "o_{n,f,i,j}$."
)


def _notes(*claims: str) -> str:
    body = "\n\n".join(f"$${c}$$" for c in claims)
    return f"# General formulas\n\n{_LEAD}\n\n{body}\n"


def _sum(weight: str) -> str:
    return (
        "\\frac{\\partial\\mathcal{L}}{\\partial v_{n,c,p,q}} = \\sum_{f=0}^{F-1}"
        "\\sum_{i=0}^{H'-1}\\sum_{j=0}^{W'-1} e_{n,f,i,j}\\, h_{" + weight + ",p-Si,q-Sj}"
    )


def test_general_claims_with_declared_letters() -> None:
    truth = conv2d_autograd((2, 2, 5, 5), (3, 2, 2, 2), seed=8, stride=1)
    g, w, dx = truth["G"], truth["W"], truth["dX"]
    # hand work: dL/dv_{n,c,p,q} = sum_{f,i,j} e_{n,f,i,j} h_{f,c,p-i,q-j} (h zero outside)
    ours = np.zeros_like(dx)
    for n, c, p, q, f, i, j in np.ndindex(2, 2, 5, 5, 3, 4, 4):
        if 0 <= p - i < 2 and 0 <= q - j < 2:
            ours[n, c, p, q] += g[n, f, i, j] * w[f, c, p - i, q - j]
    assert np.allclose(ours, dx)
    swapped = np.zeros_like(dx)  # h_{c,f,...}: another tensor where F != C
    for n, c, p, q, f, i, j in np.ndindex(2, 2, 5, 5, 2, 4, 4):
        if 0 <= p - i < 2 and 0 <= q - j < 2:
            swapped[n, c, p, q] += g[n, f, i, j] * w[c, f, p - i, q - j]
    assert not np.allclose(swapped[:, :, :, :], dx)
    bias = "\\frac{\\partial\\mathcal{L}}{\\partial \\gamma_f} = \\sum_{n=0}^{N-1}" + (
        "\\sum_{i=0}^{H'-1}\\sum_{j=0}^{W'-1} e_{n,f,i,j}"
    )
    assert np.allclose(g.sum(axis=(0, 2, 3)), truth["db"])  # the bias claim's sum
    verdicts = [v.status for v in check_text(_notes(_sum("f,c"), _sum("c,f"), bias)).verdicts]
    assert verdicts[-3:] == [VERIFIED, WRONG, VERIFIED]


def test_a_remark_on_the_next_pooling_is_not_the_next_section_s_layer() -> None:
    text = _notes().rstrip() + (
        "\n\n## Output size\n\n$$H' = \\left\\lfloor \\frac{H - R}{S} \\right\\rfloor + 1$$\n\n"
        "The subsequent $2 \\times 2$ max pooling with stride 2 obeys the same formula.\n\n"
        "## Forward pass\n\n$$o_{n,f,i,j} = \\gamma_f + \\sum_{c=0}^{C-1}\\sum_{u=0}^{R-1}"
        "\\sum_{v=0}^{R-1} h_{f,c,u,v}\\, v_{n,c,Si+u,Sj+v}$$\n"
    )
    last = check_text(text).verdicts[-1]
    assert last.status == VERIFIED, last.message  # torch's conv2d forward, by definition


@pytest.mark.parametrize("loss", ["\\mathcal{L}", "E", "J", "C", "\\ell", "\\mathcal{E}"])
@pytest.mark.parametrize("operand, status", [("\\tilde{X}", VERIFIED), ("X", WRONG)])
def test_the_loss_letters_in_a_map_claim(loss: str, operand: str, status: str) -> None:
    glued = loss if loss.startswith("\\") else f" {loss}"  # \partial\mathcal{L}, \partial E
    text = (
        "# Maps\n\nA batch of $N = 2$ images, 2 input channels, 3 filters, a $4 \\times 4$ input, "
        "a $3 \\times "
        "3$ kernel, stride 1, padding 1, no bias. We write $\\tilde{x}_{n,c,i,j}$ for the "
        f"zero-padded input and $g_{{n,f,i,j}} = \\partial {loss} / \\partial z_{{n,f,i,j}}$.\n\n"
        f"$$\\frac{{\\partial{glued}}}{{\\partial \\mathbf{{K}}_{{f,c}}}} = \\sum_{{n=0}}^{{1}} "
        f"{operand}_{{n,c}} \\star G_{{n,f}}$$\n"
    )
    # hand work: dL/dK_{f,c} = sum_n pad_1(X_{n,c}) correlated with G_{n,f} (torch's weight
    # gradient, 3x3 maps); the unpadded 4x4 X correlated with the 4x4 G is 1x1.  Two
    # channels and three filters: at one of each, X_{n,f} * G_{n,c} (the usual swap) would
    # give the same map, and the checker does not verify a channel-map claim there
    truth = conv2d_autograd((2, 2, 4, 4), (3, 2, 3, 3), seed=1, padding=1)
    xp = np.pad(truth["X"], ((0, 0), (0, 0), (1, 1), (1, 1)))
    for f, c in np.ndindex(3, 2):
        ours = np.array(
            [
                [(xp[:, c, u : u + 4, v : v + 4] * truth["G"][:, f]).sum() for v in range(3)]
                for u in range(3)
            ]
        )
        assert np.allclose(ours, truth["dW"][f, c])
    last = check_text(text).verdicts[-1]
    assert last.status == status, last.message
    swapped = text.replace(
        f"{operand}_{{n,c}} \\star G_{{n,f}}", f"{operand}_{{n,f}} \\star G_{{n,c}}"
    )
    assert swapped != text
    assert check_text(swapped).verdicts[-1].status != VERIFIED  # X_f * G_c: not the gradient


def test_the_calligraphic_loss_glued_to_the_partial_is_two_tokens() -> None:
    from symconv.checker.allsizes_parse import tokens

    assert tokens("\\frac{\\partial\\mathcal{L}}{\\partial W}")[:5] == [
        "\\frac",
        "{",
        "\\partial",
        "L",
        "}",
    ]
