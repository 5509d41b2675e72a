"""The classes of mistakes issue 16 found in 171 unseen equations, each against independent
truth (NumPy readings and torch autograd), and a held-out set of notes with an answer key
(tests/checker/heldout_key.py) on which the checker must make no false alarm and no miss.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from heldout_key import NOTES, correct, full, key, rot, truth
from scipy.signal import correlate2d

from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_expression, check_file, check_text

HELDOUT = Path(__file__).parent.parent / "data" / "check" / "heldout"


def one(expr: str, **settings: str):
    return check_expression(expr, settings).verdicts[0]


# ---------------------------------------------------------------------- sums past the end
def test_a_sum_past_its_tensor_is_wrong_where_the_sizes_are_stated():
    # a 3x3 input and a 2x2 kernel make dZ 2x2: a sum to 2 names dz_{22}
    t = truth((3, 3), (2, 2))
    assert t.G.shape == (2, 2)
    past = one(
        r"\frac{\partial L}{\partial b} = \sum_{i=0}^{2}\sum_{j=0}^{2} "
        r"\frac{\partial L}{\partial z_{ij}}",
        input="3x3",
        kernel="2",
    )
    assert past.status == WRONG
    assert "z_{22} is not an entry" in past.message and "z is 2x2" in past.message
    inside = one(
        r"\frac{\partial L}{\partial b} = \sum_{i=0}^{1}\sum_{j=0}^{1} "
        r"\frac{\partial L}{\partial z_{ij}}",
        input="3x3",
        kernel="2",
    )
    assert inside.status == VERIFIED and np.isclose(t.db, t.G.sum())
    forward = one(
        r"z_{00} = \sum_{i=0}^{3}\sum_{j=0}^{3} x_{ij} w_{ij} + b", input="3x3", kernel="3"
    )
    assert forward.status == WRONG and "x_{33}" in forward.message


def test_a_sum_past_a_guessed_size_is_not_understood_with_the_fix():
    # no size stated: the notes' largest index is all the checker has
    text = (
        "Some notes.\n\n$$\\frac{\\partial L}{\\partial b} = \\sum_{i=0}^{2}\\sum_{j=0}^{2} "
        "\\frac{\\partial L}{\\partial z_{ij}}$$\n\n$$z_{00} = x_{00} w_{00} + x_{01} w_{01} + "
        "x_{10} w_{10} + x_{11} w_{11} + b$$\n"
    )
    verdicts = check_text(text, "n.md").verdicts
    assert verdicts[0].status == NOT_UNDERSTOOD
    assert "<!-- symconv:" in verdicts[0].message


def test_computed_indices_and_infinite_sums_keep_the_zero_convention():
    padded = one(
        r"z_{ij} = \sum_{m=0}^{2}\sum_{n=0}^{2} x_{i+m-1,j+n-1} w_{mn} + b",
        input="3x3",
        kernel="3",
        padding="1",
    )
    assert padded.status == VERIFIED
    infinite = one(
        r"dx_{ij} = \sum_{m=-\infty}^{\infty}\sum_{n=-\infty}^{\infty} dz_{mn} "
        r"w_{i-m,j-n}",
        input="3x3",
        kernel="2",
    )
    assert infinite.status == VERIFIED


# ---------------------------------------------------------------------- full correlation
@pytest.mark.parametrize("size", [3, 4, 5, 6])
def test_full_correlation_with_g_smaller_than_the_kernel(size):
    t = truth((size, size), (3, 3))
    for claim, meaning in [
        (r"dX = \operatorname{full}(dZ \star \text{rot180}(W))", full(t.G, rot(t.W))),
        (
            r"dX = \operatorname{full}(dZ) \star \text{rot180}(W)",
            correlate2d(np.pad(t.G, 2), rot(t.W), "valid"),
        ),
        (r"dX = \operatorname{full}(dZ \star W)", full(t.G, t.W)),
    ]:
        holds = meaning.shape == t.dX.shape and np.allclose(meaning, t.dX)
        v = one(claim, input=f"{size}x{size}", kernel="3")
        assert v.status == (VERIFIED if holds else WRONG), (claim, v.message)
    star = one(
        r"dX = dZ * \text{rot180}(W)", input=f"{size}x{size}", kernel="3", notation="superscript"
    )  # the superscript notation's * is the full one
    assert star.status == VERIFIED


def test_a_one_entry_gradient_names_the_rotation_not_a_swap():
    # 3x3 input, 3x3 kernel: G is 1x1, where swapping the operands also rotates the result
    t = truth((3, 3), (3, 3))
    assert not np.allclose(full(t.G, t.W), t.dX)
    v = one(r"dX = \operatorname{full}(dZ) \star W", input="3x3", kernel="3")
    assert v.status == WRONG and v.message.startswith("missing rot180")


# ---------------------------------------------------------------------- function results
def test_an_indexed_function_result_is_its_entry():
    t = truth((3, 3), (2, 2))
    assert rot(t.W)[0, 0] == t.W[1, 1]
    for written in (r"\text{rot}_{180}(W)_{0,0}", r"\operatorname{rot180}(W)_{0,0}"):
        assert one(f"{written} = w_{{11}}").status == VERIFIED
        assert one(f"{written} = w_{{00}}").status == WRONG
    dx = one(
        r"\frac{\partial L}{\partial x_{ij}} = \sum_{a=0}^{1}\sum_{c=0}^{1} "
        r"\frac{\partial L}{\partial z_{i+a-1,j+c-1}} \text{rot}_{180}(W)_{a,c}"
    )
    padded = np.pad(t.G, 1)
    meaning = np.array(
        [
            [
                sum(padded[i + a, j + c] * rot(t.W)[a, c] for a in (0, 1) for c in (0, 1))
                for j in range(3)
            ]
            for i in range(3)
        ]
    )
    assert np.allclose(meaning, t.dX) and dx.status == VERIFIED


# ---------------------------------------------------------------------- dense and batch
DENSE = {"layer": "dense", "in-features": "3", "out-features": "2"}


@pytest.mark.parametrize(
    "claim, meaning",
    [
        (r"dW = dZ^T X", lambda t: t.G.T @ t.X),
        (r"dW = G^T X", lambda t: t.G.T @ t.X),
        (r"dW = (dZ)^\top X", lambda t: t.G.T @ t.X),
        (r"dW = X^T dZ", lambda t: t.X.T @ t.G),
        (r"Z = X W^T + b", lambda t: t.X @ t.W.T + t.b),
    ],
)
def test_dense_matrix_forms(claim, meaning):
    from heldout_key import dense_truth

    t = dense_truth(batch=1)
    value = meaning(t)
    target = {"dW": t.dW, "Z": t.Z}[claim.split(" =")[0]]
    holds = value.shape == target.shape and np.allclose(value, target)
    assert check_expression(claim, DENSE).verdicts[0].status == (VERIFIED if holds else WRONG)


def test_batch_indices_are_judged_at_a_batch_of_two():
    ok = one(
        r"\frac{\partial L}{\partial w_{j,i}} = \sum_{n=0}^{N-1} "
        r"\frac{\partial L}{\partial z_{n,j}} x_{n,i}",
        **DENSE,
    )
    assert ok.status == VERIFIED and "a batch of 2" in ok.message
    first = one(r"\frac{\partial L}{\partial b_j} = \frac{\partial L}{\partial z_{0,j}}", **DENSE)
    assert first.status == WRONG  # only the first sample
    loose = one(r"\frac{\partial L}{\partial b_j} = \frac{\partial L}{\partial z_{n,j}}", **DENSE)
    assert loose.status == WRONG and "sum over the batch" in loose.message
    conv = one(r"z_{n,i,j} = \sum_{a=0}^{1}\sum_{c=0}^{1} x_{n,i+a,j+c} w_{a,c} + b")
    assert conv.status == VERIFIED and "a batch of 2" in conv.message
    lost = one(r"z_{n,i,j} = \sum_{a=0}^{1}\sum_{c=0}^{1} x_{0,i+a,j+c} w_{a,c} + b")
    assert lost.status == WRONG


def test_per_sample_entries_still_read_without_a_batch_index():
    # x_{c,i,j} (one channel) and x_{ij} keep their meaning in a document using batches
    text = (
        "Input 3x3, kernel 2x2, stride 1, no padding, bias.\n\n"
        "$$\\frac{\\partial L}{\\partial b} = \\sum_{n=0}^{N-1}\\sum_{i=0}^{1}"
        "\\sum_{j=0}^{1} \\frac{\\partial L}{\\partial z_{n,i,j}}$$\n\n"
        "$$\\frac{\\partial L}{\\partial x_{00}} = \\frac{\\partial L}{\\partial z_{00}}"
        " w_{00}$$\n"
    )
    statuses = [v.status for v in check_text(text, "b.md").verdicts]
    assert statuses == [VERIFIED, VERIFIED]


# ---------------------------------------------------------------------- messages
def test_messages_name_the_culprit():
    sign = one(r"dx_{01} = w_{01} dz_{00} - w_{00} dz_{01}")
    assert sign.status == WRONG and "sign" in sign.message
    negated = one(r"dX = -\operatorname{full}(dZ) \star \text{rot180}(W)")
    assert negated.status == WRONG and "sign" in negated.message
    arithmetic = one(r"400 \cdot 120 + 120 = 48210")
    assert arithmetic.status == WRONG and arithmetic.message.startswith("48120, not 48210")
    assert 400 * 120 + 120 == 48120
    held = one(
        r"z_{00} = x_{00} w_{00} + x_{01} w_{01} + x_{10} w_{10} + x_{11} w_{11} + b",
        input="3x3",
        kernel="2",
    )
    assert "stride 1, padding 0, dilation 1" in held.message
    culprit = one(r"H' = \frac{H - Q + 2P}{S} + 1", input="5x5", kernel="3")
    assert culprit.status == NOT_UNDERSTOOD and culprit.message.startswith("Q is not a size")
    # F is the filter's side (CS231n's letters); with no floor the formula gives a fraction
    # where the stride does not divide the span: (1 - 1 + 2)/3 + 1 = 5/3 (the general size
    # check calls that wrong, test_check_allsizes_sizes.py)
    unfloored = one(r"H' = \frac{H - F + 2P}{S} + 1", input="5x5", kernel="3")
    assert unfloored.status == WRONG and "5/3" in unfloored.message
    sizes = check_text(
        "Input 5x5, kernel 3x3.\n<!-- symconv: sizes=F=kernel -->\n\n"
        "$$H' = \\left\\lfloor\\frac{H - F + 2P}{S}\\right\\rfloor + 1$$\n",
        "s.md",
    ).verdicts[0]
    assert (
        sizes.status == VERIFIED
        and torch.nn.functional.conv2d(torch.zeros(1, 1, 5, 5), torch.zeros(1, 1, 3, 3)).shape[-1]
        == (5 - 3) // 1 + 1
    )


def test_inline_parenthesis_math_is_found():
    text = (
        "Input 3x3, kernel 2x2, no bias. Then \\(z_{00} = x_{00}w_{00} + x_{01}w_{01} + "
        "x_{10}w_{10} + x_{11}w_{11}\\) and \\(z_{00} = x_{00}w_{00}\\).\n"
    )
    assert [v.status for v in check_text(text, "i.md").verdicts] == [VERIFIED, WRONG]


# ---------------------------------------------------------------------- held-out notes
def _score() -> dict:
    """Every held-out equation's verdict against the key: the figures of the report."""
    figures = {
        "equations": 0,
        "correct": 0,
        "mistakes": 0,
        "verified": 0,
        "caught": 0,
        "false_alarms": [],
        "misses": [],
        "not_understood": [],
    }
    for name in sorted(NOTES):
        answers = key(name)
        verdicts = check_file(str(HELDOUT / name)).verdicts
        assert len(verdicts) == len(answers), (name, [v.line for v in verdicts])
        for verdict, ok in zip(verdicts, answers, strict=True):
            where = f"{name}:{verdict.line}"
            figures["equations"] += 1
            figures["correct" if ok else "mistakes"] += 1
            if verdict.status == NOT_UNDERSTOOD:
                figures["not_understood"].append(where)
            elif ok and verdict.status == VERIFIED:
                figures["verified"] += 1
            elif ok:
                figures["false_alarms"].append(f"{where}: {verdict.message}")
            elif verdict.status in (WRONG, SIZE_SPECIFIC):
                figures["caught"] += 1
            else:
                figures["misses"].append(where)
    return figures


def test_the_key_has_both_kinds_in_every_note():
    for name, claims in NOTES.items():
        answers = [correct(c) for c in claims()]
        assert any(answers) and not all(answers), name
    total = sum(len(key(name)) for name in NOTES)
    assert len(NOTES) >= 8 and total >= 80


def test_heldout_notes_no_false_alarm_no_miss():
    f = _score()
    assert f["false_alarms"] == [] and f["misses"] == []
    assert f["verified"] >= 0.95 * f["correct"]
    assert f["caught"] >= 0.95 * f["mistakes"]
    assert len(f["not_understood"]) <= 0.05 * f["equations"]
    assert 0.35 <= f["mistakes"] / f["equations"] <= 0.65  # about half are mistakes


# ---------------------------------------------------------------------- pooling
POOL = (
    "A 2x2 {kind} pooling with stride 2 on a 4x4 input $x$; the output $z$ is 2x2. "
    "Indices start at 0.\n\n"
)


def test_average_pooling_forward_and_gradient_against_torch():
    rng = np.random.default_rng(5)
    x = torch.tensor(rng.standard_normal((1, 1, 4, 4)), requires_grad=True)
    z = torch.nn.functional.avg_pool2d(x, 2)
    z.backward(torch.ones_like(z))
    assert np.allclose(x.grad.numpy(), 0.25)  # every entry gets a quarter of its window's G
    text = POOL.format(kind="average") + (
        "$$z_{01} = \\frac{1}{4}(x_{02} + x_{03} + x_{12} + x_{13})$$\n\n"
        "$$z_{01} = \\frac{1}{2}(x_{02} + x_{03} + x_{12} + x_{13})$$\n\n"
        "$$\\frac{\\partial L}{\\partial x_{13}} = \\frac{1}{4}"
        "\\frac{\\partial L}{\\partial z_{01}}$$\n\n"
        "$$\\frac{\\partial L}{\\partial x_{13}} = \\frac{1}{4}"
        "\\frac{\\partial L}{\\partial z_{00}}$$\n"
    )
    assert np.isclose(float(z.detach()[0, 0, 0, 1]), float(x.detach()[0, 0, 0:2, 2:4].mean()))
    statuses = [v.status for v in check_text(text, "avg.md").verdicts]
    assert statuses == [VERIFIED, WRONG, VERIFIED, WRONG]


def test_max_pooling_forward_by_its_window_and_routing_said_unchecked():
    x = torch.tensor(np.random.default_rng(6).standard_normal((1, 1, 4, 4)))
    z = torch.nn.functional.max_pool2d(x, 2)
    assert float(z[0, 0, 1, 1]) == float(x[0, 0, 2:, 2:].max())
    text = POOL.format(kind="max") + (
        "$$z_{11} = \\max(x_{22}, x_{23}, x_{32}, x_{33})$$\n\n"
        "$$z_{11} = \\max(x_{22}, x_{23}, x_{32})$$\n\n"
        "$$\\frac{\\partial L}{\\partial x_{22}} = \\frac{\\partial L}{\\partial z_{11}}$$\n"
    )
    verdicts = check_text(text, "max.md").verdicts
    assert [v.status for v in verdicts] == [VERIFIED, WRONG, NOT_UNDERSTOOD]
    assert "x_{3,3}" in verdicts[1].message and "routes the gradient" in verdicts[2].message
