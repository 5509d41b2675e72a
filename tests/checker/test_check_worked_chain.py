"""One entry of a worked convolution example worked out in numbers, as exams write it:
``z_{22} = 1\\cdot 1 + 0\\cdot(-1) + 3\\cdot 2 + 1\\cdot 0 = 7``, 0- or 1-based, with the
kernel named W or K, an output entry or a gradient entry.  Each side is judged by its value
against the layer's entry at the notes' numbers: a slip in the last sum is wrong, and so is
arithmetic that is right but works the wrong window.  Truth: torch's conv2d and autograd
on the same numbers."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

torch = pytest.importorskip("torch")

X = [[1, 2, 0, 1], [3, 1, 2, 2], [0, 1, 1, 0], [2, 0, 3, 1]]
K = [[1, -1], [2, 0]]
G = [[1, 0], [-1, 2]]


def _truth():
    x = torch.tensor(X, dtype=torch.float64).reshape(1, 1, 4, 4)
    k = torch.tensor(K, dtype=torch.float64).reshape(1, 1, 2, 2).requires_grad_()
    z = torch.nn.functional.conv2d(x, k, stride=2)
    (z * torch.tensor(G, dtype=torch.float64).reshape(1, 1, 2, 2)).sum().backward()
    return z.detach()[0, 0].tolist(), k.grad[0, 0].tolist()


def _tex(m) -> str:
    return (
        "\\begin{pmatrix} "
        + " \\\\ ".join(" & ".join(str(v) for v in r) for r in m)
        + " \\end{pmatrix}"
    )


def _notes(base: int, kernel: str, claims: list[str]) -> str:
    words = "indices start at 1" if base == 1 else "indices start at 0"
    lines = [
        "# Worked example",
        "",
        f"A $4\\times 4$ input, a $2\\times 2$ kernel, stride 2, no padding, no bias; {words}.",
        "",
        f"$$ X = {_tex(X)}, \\qquad {kernel} = {_tex(K)}. $$",
        "",
        f"With upstream gradient $\\frac{{\\partial E}}{{\\partial Z}} = {_tex(G)}$:",
        "",
    ]
    for claim in claims:
        lines += [f"$$ {claim} $$", ""]
    return "\n".join(lines)


def _window_sum(r: int, c: int) -> str:
    """The four products of output (r, c)'s window, 0-based, as the notes write them."""
    terms = []
    for m in range(2):
        for n in range(2):
            v, w = X[2 * r + m][2 * c + n], K[m][n]
            terms.append(f"{v}\\cdot {w if w >= 0 else f'({w})'}")
    return " + ".join(terms)


@pytest.mark.parametrize("base", [0, 1])
@pytest.mark.parametrize("kernel", ["W", "K"])
def test_value_chains_of_an_output_entry(base, kernel):
    z, _ = _truth()
    r, c = 1, 1
    i, j = r + base, c + base
    right = int(z[r][c])
    chains = [
        f"z_{{{i}{j}}} = {_window_sum(r, c)} = {right}",  # right
        f"z_{{{i}{j}}} = {_window_sum(r, c)} = {right + 1}",  # a slip in the last sum
        f"z_{{{i},{j}}} = {_window_sum(0, 1)} = {int(z[0][1])}",  # right sums, wrong window
    ]
    assert int(z[0][1]) != right
    report = check_text(_notes(base, kernel, chains))
    found = [v for v in report.verdicts if v.source.startswith("z_")]
    assert [v.status for v in found] == [VERIFIED, WRONG, WRONG], [
        (v.status, v.message) for v in report.verdicts
    ]
    assert "side 3 is" in found[1].message and "side 2 is" not in found[1].message
    assert "side 2 is" in found[2].message  # the window's arithmetic is not this entry's


def test_value_chain_of_a_kernel_gradient_entry():
    _, dk = _truth()
    right = int(dk[0][1])
    chains = [
        f"\\frac{{\\partial E}}{{\\partial w_{{12}}}} = {right}",
        f"\\frac{{\\partial E}}{{\\partial w_{{12}}}} = {right + 2}",
    ]
    report = check_text(_notes(1, "W", chains))
    found = [v for v in report.verdicts if v.source.startswith("\\frac")]
    assert [v.status for v in found] == [VERIFIED, WRONG], [
        (v.status, v.message) for v in report.verdicts
    ]
