"""Same notes, same verdict bytes: in every process, and whether or not a comparison was
remembered from an earlier claim.

A set's order changes from one Python process to the next (string hashes are salted), so
nothing the checker prints may follow it: here the random draws of a matrix identity are
made in the letters' order.  And the comparisons of a claim with symbolic sizes, which
the checker remembers (allsizes._compare: a guard judges a claim again under each
setting the notes state), give the verdict they give when computed afresh.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from symconv.checker import allsizes
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

ROOT = Path(__file__).resolve().parent.parent.parent

# rot180(P * Q) = rot180(P) * rot180(Q), not P * rot180(Q): by hand, for a 1x2 P = (p0, p1)
# and a 1x1 Q = (q), P * Q = (p0 q, p1 q) and its rotation is (p1 q, p0 q), while
# P * rot180(Q) = (p0 q, p1 q); they differ wherever p0 != p1.
CARDS = r"""# Flash cards: flipping kernels

**Card 3.** Take a $5 \times 5$ $P$ and a $2 \times 2$ $Q$.

Claim: $\operatorname{rot}_{180}(P \star Q) = P \star \operatorname{rot}_{180}(Q)$
"""

_RUN = (
    "import sys\n"
    "from symconv.checker.runner import check_text\n"
    "for v in check_text(sys.stdin.read(), 'cards.md').verdicts:\n"
    "    print(v.line, v.status, v.message)\n"
)


def _in_process_with_hash_seed(seed: str, text: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _RUN],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    return done.stdout


def test_a_matrix_identity_draws_the_same_matrices_in_every_process():
    # seeds 0 and 4 iterate the set {"P", "Q"} in opposite orders (CPython's string hash)
    runs = {seed: _in_process_with_hash_seed(seed, CARDS) for seed in ("0", "4")}
    assert runs["0"].startswith(f"5 {WRONG} the sides differ"), runs["0"]
    assert runs["0"] == runs["4"]


SUMS = r"\sum_{n=0}^{N-1} \sum_{i=0}^{H_o-1} \sum_{j=0}^{W_o-%d} G_{n,f,i,j}"
GENERAL = "".join(
    f"$$\n\\frac{{\\partial L}}{{\\partial b_{{f}}}} = {SUMS % k}\n$$\n\n" for k in (1, 2)
)


@pytest.mark.parametrize("remembered", [False, True])
def test_remembered_comparisons_give_the_verdicts_computed_afresh(remembered):
    # the bias gradient sums G over the batch and every output position (torch: b.grad is
    # G.sum((0, 2, 3))); the second claim drops the last column, wrong wherever W_o > 1
    allsizes._COMPARED.clear()
    fresh = [(v.line, v.status, v.message) for v in check_text(GENERAL, "bias.md").verdicts]
    assert [status for _, status, _ in fresh] == [VERIFIED, WRONG], fresh
    assert allsizes._COMPARED  # the comparisons were remembered
    if not remembered:
        allsizes._COMPARED.clear()
    again = [(v.line, v.status, v.message) for v in check_text(GENERAL, "bias.md").verdicts]
    assert again == fresh
