"""A chain a = b = c judged link by link (chain_links.py).

The truth of each link comes from torch autograd (the ReLU's local derivative is the
indicator of z > 0, not the activation a) and from hand arithmetic; the joining rules are
checked with links whose verdicts are given.
"""

from __future__ import annotations

import torch

from symconv.checker.chain_links import equality_sides, judge_links
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

SETUP = (
    "Conv layer notes.\n\n"
    "setup: input $x$ is $4\\times4$, filter $w$ is $2\\times2$, stride 1, no padding, so $z$ "
    "is $3\\times3$. indices start at 1. then relu.\n\n"
    "$z_{ij} = \\sum_{m=1}^{2}\\sum_{n=1}^{2} w_{mn}\\,x_{i+m-1,\\,j+n-1} + b$ and "
    "$a_{ij} = \\max(0, z_{ij})$.\n\n"
)


def _relu_local_derivative(z: float, upstream: float) -> float:
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    (torch.relu(t) * upstream).backward()
    assert t.grad is not None
    return float(t.grad)


def _verdict(note: str, line: int):
    found = [v for v in check_text(note).verdicts if v.line == line]
    assert len(found) == 1, found
    return found[0]


def test_torch_says_the_relu_link_is_the_indicator() -> None:
    for z in (-1.5, 0.25, 2.0):
        assert _relu_local_derivative(z, 3.0) == (3.0 if z > 0 else 0.0)
    assert _relu_local_derivative(0.25, 3.0) != 3.0 * 0.25  # dE/da * a is not it


def test_gradient_chain_through_relu_holds() -> None:
    for middle in ("\\dfrac{\\partial E}{\\partial z_{ij}}", "\\partial E / \\partial z_{ij}"):
        note = SETUP + (
            f"step 1: $\\delta_{{ij}} = {middle} = "
            "\\dfrac{\\partial E}{\\partial a_{ij}}\\,\\mathbb{1}[z_{ij} > 0]$\n"
        )
        assert _verdict(note, 7).status == VERIFIED


def test_gradient_chain_with_the_activation_in_place_of_its_derivative_is_wrong() -> None:
    note = SETUP + (
        "step 1: $\\delta_{ij} = \\dfrac{\\partial E}{\\partial z_{ij}} = "
        "\\dfrac{\\partial E}{\\partial a_{ij}}\\cdot a_{ij}$\n"
    )
    verdict = _verdict(note, 7)
    assert verdict.status == WRONG
    assert "side 3 of 3 differs" in verdict.message  # the link 2 = 3, not 1 = 2


def test_joining_rules() -> None:
    sides = ["a", "b", "c", "d"]

    def given(verdicts: dict[str, str]):
        return lambda link: {"status": verdicts[link], "message": "m"}

    holds = {"a = b": VERIFIED, "b = c": VERIFIED, "c = d": VERIFIED}
    assert judge_links(sides, given(holds))["status"] == VERIFIED  # type: ignore[index]
    one = {**holds, "b = c": WRONG}
    found = judge_links(sides, given(one))
    assert found is not None and found["status"] == WRONG
    assert "side 3 of 4 differs; side 4 of 4 differs" in found["message"]
    assert judge_links(sides, given({**one, "c = d": WRONG})) is None  # two links differ
    assert judge_links(sides, given({**holds, "a = b": NOT_UNDERSTOOD})) is None


def test_link_messages_do_not_name_the_chains_sides() -> None:
    found = judge_links(
        ["p", "q", "r"],
        lambda link: {"status": WRONG if link == "p = q" else VERIFIED, "message": "side 2 is 3"},
    )
    assert found is not None and "side 2 is" not in found["message"]
    assert "side 2 of 3 differs; side 3 of 3 differs" in found["message"]


def test_only_chains_of_equalities() -> None:
    assert equality_sides("a = b") is None
    assert equality_sides("a = b \\le c") is None
    assert equality_sides("a = \\begin{pmatrix} 1 \\end{pmatrix} = b") is None
    sides = equality_sides("\\partial L/\\partial x_i = f(g_i, y = 1) = h_i")
    assert sides == ["\\partial L/\\partial x_i", "f(g_i, y = 1)", "h_i"]


def test_counts_and_sizes_are_not_cut_into_links() -> None:
    # P = F C 3 3 + F = 56 (F = 2, C = 3): the count is its layer's only as a whole
    assert 2 * 3 * 3 * 3 + 2 == 56
    assert equality_sides("P = F \\cdot C \\cdot 3 \\cdot 3 + F = 56") is None
    assert equality_sides("H_{out} = (H - K)/S + 1 = 3") is None
    assert equality_sides("\\delta_{ij} = \\partial E/\\partial z_{ij} = g_{ij} z_{ij}") is not None
