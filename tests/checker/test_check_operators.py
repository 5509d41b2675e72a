"""Operator-level claims (``dX = pad_{k-1}(dY) \\star rot180(W)``) against independent truth.

Each claim is paired with what it means written in NumPy/SciPy (``\\star`` is
cross-correlation: ``scipy.signal.correlate2d(A, K, "valid")``); torch autograd gives the
true gradients at random inputs.  The checker must say ``verified`` exactly when that NumPy
reading equals autograd, and for the mistakes students make, name the repair.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import checked_file
from scipy.signal import correlate2d

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_expression

CONV = {"layer": "conv2d", "input": "5x5", "kernel": "3"}
DERIVATIONS = Path(__file__).resolve().parent.parent.parent / "derivations"
STRIDE = {"layer": "conv2d", "input": "5x5", "kernel": "3", "stride": "2"}


def corr(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    return correlate2d(a, k, "valid")


def pad(a: np.ndarray, p: int) -> np.ndarray:
    return np.pad(a, p)


def rot(a: np.ndarray) -> np.ndarray:
    return a[::-1, ::-1]


def dilate(a: np.ndarray, s: int) -> np.ndarray:
    out = np.zeros(((a.shape[0] - 1) * s + 1, (a.shape[1] - 1) * s + 1))
    out[::s, ::s] = a
    return out


def autograd(stride: int, seed: int = 0) -> dict[str, np.ndarray]:
    """X, W, G = dL/dZ and the true dL/dX, dL/dW, dL/db of one 5x5, 3x3 correlation."""
    rng = np.random.default_rng(seed)
    x = torch.tensor(rng.integers(-5, 6, (1, 1, 5, 5)), dtype=torch.float64, requires_grad=True)
    w = torch.tensor(rng.integers(-5, 6, (1, 1, 3, 3)), dtype=torch.float64, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    z = torch.nn.functional.conv2d(x, w, b, stride=stride)
    g = torch.tensor(rng.integers(-5, 6, tuple(z.shape)), dtype=torch.float64)
    (z * g).sum().backward()
    return {
        "X": x.detach().numpy()[0, 0],
        "W": w.detach().numpy()[0, 0],
        "G": g.numpy()[0, 0],
        "dX": x.grad.numpy()[0, 0],
        "dW": w.grad.numpy()[0, 0],
        "db": b.grad.numpy(),
        "Z": z.detach().numpy()[0, 0],
    }


# (settings, claim, the target, what the claim means in NumPy, the hint when it is wrong)
CLAIMS = [
    (
        CONV,
        r"\frac{\partial L}{\partial X} = \operatorname{full}(\frac{\partial L}{\partial Y})"
        r" \star \operatorname{rot}_{180}(W)",
        "dX",
        lambda t: corr(pad(t["G"], 2), rot(t["W"])),
        None,
    ),
    (
        CONV,
        r"dX = \operatorname{pad}_2(dY) * \operatorname{rot180}(W)",
        "dX",
        lambda t: corr(pad(t["G"], 2), rot(t["W"])),
        None,
    ),
    (
        CONV,
        r"dX = \operatorname{full}(dY \ast \text{rot}_{180}(W))",
        "dX",
        lambda t: corr(pad(t["G"], 2), rot(t["W"])),
        None,
    ),
    (
        CONV,
        r"dX = \operatorname{conv}(\operatorname{pad}_2(dY), W)",
        "dX",
        lambda t: corr(pad(t["G"], 2), rot(t["W"])),
        None,
    ),
    (
        CONV,
        r"dX = \operatorname{pad}_{2}(\delta) \circledast \operatorname{flip}(W)",
        "dX",
        lambda t: corr(pad(t["G"], 2), rot(t["W"])),
        None,
    ),
    (CONV, r"dW = X \star dY", "dW", lambda t: corr(t["X"], t["G"]), None),
    (
        CONV,
        r"dW = \operatorname{corr}(\mathbf{X}, \mathbf{G})",
        "dW",
        lambda t: corr(t["X"], t["G"]),
        None,
    ),
    (
        CONV,
        r"\frac{\partial L}{\partial b} = \sum_{n,i,j} dZ",
        "db",
        lambda t: t["G"].sum(keepdims=True)[0],
        None,
    ),
    (
        STRIDE,
        r"dX = \operatorname{pad}_2(\operatorname{dilate}_2(dY)) \star "
        r"\operatorname{rot}_{180}(W)",
        "dX",
        lambda t: corr(pad(dilate(t["G"], 2), 2), rot(t["W"])),
        None,
    ),
    (
        STRIDE,
        r"dW = X \star \operatorname{dilate}_2(dY)",
        "dW",
        lambda t: corr(t["X"], dilate(t["G"], 2)),
        None,
    ),
    # the mistakes of issue 16, item 4
    (
        CONV,
        r"dX = \operatorname{pad}_2(dY) \star W",
        "dX",
        lambda t: corr(pad(t["G"], 2), t["W"]),
        "missing rot180",
    ),
    (
        CONV,
        r"dX = dY \star \operatorname{rot}_{180}(W)",
        "dX",
        lambda t: corr(t["G"], rot(t["W"])),
        "missing full padding: pad G by k-1 = 2",
    ),
    (
        CONV,
        r"dX = \operatorname{pad}_3(dY) \star \operatorname{rot}_{180}(W)",
        "dX",
        lambda t: corr(pad(t["G"], 3), rot(t["W"])),
        "pad by k-1 = 2, not 3",
    ),
    (
        CONV,
        r"dX = \operatorname{pad}_1(dY) \star \operatorname{rot}_{180}(W)",
        "dX",
        lambda t: corr(pad(t["G"], 1), rot(t["W"])),
        "pad by k-1 = 2, not 1",
    ),
    (
        STRIDE,
        r"dX = \operatorname{pad}_2(dY) \star \operatorname{rot}_{180}(W)",
        "dX",
        lambda t: corr(pad(t["G"], 2), rot(t["W"])),
        "G must be zero-dilated by the stride 2",
    ),
    (
        STRIDE,
        r"dW = X \star dY",
        "dW",
        lambda t: corr(t["X"], t["G"]),
        "G must be zero-dilated by the stride 2",
    ),
    (
        CONV,
        r"dX = \operatorname{pad}_2(dY) \star W^T",
        "dX",
        lambda t: corr(pad(t["G"], 2), t["W"].T),
        "rot180, not the transpose",
    ),
    (
        CONV,
        r"dX = \operatorname{pad}_2(dY) \star W^{\top}",
        "dX",
        lambda t: corr(pad(t["G"], 2), t["W"].T),
        "rot180, not the transpose",
    ),
    # dY is the smaller operand: NumPy's correlate gives the rotated correlation
    (
        CONV,
        r"dW = dY \star X",
        "dW",
        lambda t: rot(corr(t["X"], t["G"])),
        "the operands are swapped",
    ),
]


@pytest.mark.parametrize(
    "settings, claim, target, meaning, hint", CLAIMS, ids=[c[1][:60] for c in CLAIMS]
)
def test_claim_agrees_with_autograd(settings, claim, target, meaning, hint):
    truth = autograd(int(settings.get("stride", 1)))
    value = meaning(truth)
    holds = value.shape == truth[target].shape and np.array_equal(value, truth[target])
    verdict = check_expression(claim, settings).verdicts[0]
    assert verdict.status == (VERIFIED if holds else WRONG), verdict.message
    if hint is not None:
        assert verdict.message.startswith(hint), verdict.message


def test_counterexample_values_make_the_sides_differ():
    verdict = check_expression(r"dX = \operatorname{pad}_2(dY) \star W", CONV).verdicts[0]
    example = verdict.counterexample
    assert verdict.status == WRONG and example["left"] != example["right"]
    assert example["entry"] == [0, 0, 0, 0]
    # the derived dL/dx_00 is w_00 g_00 alone; the claim gives w_22 g_00 there
    assert verdict.missing == [r"w_{00} \frac{\partial L}{\partial z_{00}}"]
    assert verdict.extra == [r"w_{22} \frac{\partial L}{\partial z_{00}}"]


def test_forward_with_bias_stride_and_padding():
    padded = dict(STRIDE, padding="1")
    assert (
        check_expression(r"Z = \operatorname{pad}_1(X) \star W + b", padded).verdicts[0].status
        == VERIFIED
    )
    missing = check_expression(r"Z = X \star W + b", padded).verdicts[0]
    assert missing.status == WRONG
    assert missing.message.startswith("missing padding: pad X by p = 1")
    assert (
        check_expression(r"y = x \star w + b", {"layer": "conv1d", "input": "4", "kernel": "2"})
        .verdicts[0]
        .status
        == VERIFIED
    )


def test_star_is_correlation_and_star_of_notation_follows_the_notation():
    conv_layer = dict(CONV, mode="convolution")
    # a convolution layer: \star (correlation) needs the rotated kernel
    assert (
        check_expression(r"Z = X \star \operatorname{rot}_{180}(W) + b", conv_layer)
        .verdicts[0]
        .status
        == VERIFIED
    )
    assert (
        check_expression(r"Z = X \star W + b", conv_layer)
        .verdicts[0]
        .message.startswith("missing rot180")
    )
    # the functional notation's * is the full convolution: dY * W is dL/dX as it stands
    functional = dict(CONV, notation="functional")
    assert (
        check_expression(
            r"\frac{\partial L}{\partial I} = \frac{\partial L}{\partial Y}"
            r" * w",
            functional,
        )
        .verdicts[0]
        .status
        == VERIFIED
    )


def test_dense_matrix_claims():
    dense = {"layer": "dense", "in-features": "3", "out-features": "2"}
    assert check_expression(r"dW = dZ^T X", dense).verdicts[0].status == VERIFIED
    assert check_expression(r"dW = dZ^{\top} \cdot X", dense).verdicts[0].status == VERIFIED
    assert check_expression(r"dW = X^T dZ", dense).verdicts[0].status == WRONG
    assert check_expression(r"db = \sum_{n} dZ", dense).verdicts[0].status == VERIFIED


def test_channels_follow_torch():
    """2 -> 3 channels: dW = X ⋆ dY per filter and channel; dX needs the kernel's channel
    axes exchanged (W^T, as symconv prints it) besides the rotation."""
    settings = {
        "layer": "conv2d",
        "input": "4x4",
        "kernel": "2",
        "in-channels": "2",
        "out-channels": "3",
    }
    gen = torch.Generator().manual_seed(1)
    x = torch.randint(-5, 6, (1, 2, 4, 4), generator=gen).double().requires_grad_()
    w = torch.randint(-5, 6, (3, 2, 2, 2), generator=gen).double().requires_grad_()
    z = torch.nn.functional.conv2d(x, w)
    g = torch.randint(-5, 6, tuple(z.shape), generator=gen).double()
    (z * g).sum().backward()
    flipped = torch.flip(w.detach(), (2, 3)).transpose(0, 1)  # rot180(W^T): (C, F, kh, kw)
    meaning = torch.nn.functional.conv2d(torch.nn.functional.pad(g, (1, 1, 1, 1)), flipped)
    assert torch.equal(meaning, x.grad)  # the claim below means autograd's dL/dX
    claim = r"dX = \operatorname{pad}_1(dY) \star \operatorname{rot}_{180}(W^{\top})"
    assert check_expression(claim, settings).verdicts[0].status == VERIFIED
    assert check_expression(r"dW = X \star dY", settings).verdicts[0].status == VERIFIED
    unswapped = check_expression(
        r"dX = \operatorname{pad}_1(dY) \star "
        r"\operatorname{rot}_{180}(W)",
        settings,
    ).verdicts[0]
    assert unswapped.status == WRONG and "channel" in unswapped.message


def test_operator_claims_that_cannot_be_checked_say_why():
    verdict = check_expression(r"dX = \operatorname{blur}(dY) \star W", CONV).verdicts[0]
    assert verdict.status == NOT_UNDERSTOOD


@pytest.mark.xdist_group("derivations")  # on test_check_roundtrip's worker: checked once
@pytest.mark.parametrize(
    "name", ["001_conv2d_3x3", "004a_conv1d", "003_conv2d_functional", "002b_conv2d_same"]
)
def test_our_printed_closed_forms_are_verified(name):
    # once per session: the round trip checks the same path (conftest.checked_file's key)
    report = checked_file(DERIVATIONS / f"{name}.md")
    operator_lines = [
        v
        for v in report.verdicts
        if "\\star" in v.source or "\\otimes" in v.source or "\\operatorname{rot}" in v.source
    ]
    assert operator_lines
    assert all(
        v.status == VERIFIED for v in operator_lines if not v.source.rstrip().endswith("=")
    ), [(v.line, v.status, v.message) for v in operator_lines]


def test_db_not_summed_over_the_batch_is_wrong_once_the_notes_use_a_batch():
    from symconv.checker.runner import check_text

    notes = (
        "---\nlayer: conv2d\ninput: 4x4\nkernel: 2\n---\n"
        "$$\\frac{\\partial L}{\\partial b} = \\sum_{n,i,j} dZ$$\n\n"
        "$$db = \\sum_{i,j} dZ$$\n\n$$dW = X \\star dY$$\n"
    )
    summed, per_sample, weight = check_text(notes, "notes.md").verdicts
    assert summed.status == VERIFIED and "batch of 2" in summed.message
    assert per_sample.status == WRONG
    assert per_sample.message.startswith("sum over the batch n too")
    assert weight.status == VERIFIED  # a per-sample correlation stays per sample


def test_guessed_sizes_do_not_make_a_claim_wrong():
    from symconv.checker.runner import check_text

    # no sizes stated: the layer is guessed from the indices (input 3, kernel 3), where
    # pad_1 is wrong, but it holds at other sizes: not the student's mistake
    body = (
        "$$y_1 = w_1 x_1 + w_2 x_2 + w_3 x_3$$\n\n"
        "$$dx = \\operatorname{pad}_{1}(dy) \\star \\operatorname{rot}_{180}(w)$$\n"
    )
    claim = check_text("Notes on a 1D convolution.\n\n" + body, "notes.md").verdicts[-1]
    assert claim.status == NOT_UNDERSTOOD and "declare them" in claim.message
    stated = "---\nlayer: conv1d\ninput: 3\nkernel: 3\nbias: false\n---\n" + body
    claim = check_text(stated, "notes.md").verdicts[-1]
    assert claim.status == WRONG and claim.message.startswith("pad by k-1 = 2, not 1")


def test_sizes_written_as_letters_take_the_layers_values():
    truth = autograd(2)
    claim = (
        r"dX = \operatorname{pad}_{k-1}(\operatorname{dilate}_{s}(dY)) \star "
        r"\operatorname{rot}_{180}(W)"
    )
    assert np.array_equal(corr(pad(dilate(truth["G"], 2), 2), rot(truth["W"])), truth["dX"])
    assert check_expression(claim, STRIDE).verdicts[0].status == VERIFIED
    wrong = check_expression(claim.replace("{k-1}", "{k}"), STRIDE).verdicts[0]
    assert wrong.status == WRONG and wrong.message.startswith("pad by k-1 = 2, not 3")


def test_two_repairs_are_named_together():
    truth = autograd(2)
    assert not np.array_equal(np.zeros_like(truth["dX"]), truth["dX"])
    verdict = check_expression(r"dX = dY \star \operatorname{rot}_{180}(W)", STRIDE).verdicts[0]
    assert verdict.status == WRONG
    assert "pad G by k-1 = 2" in verdict.message
    assert "zero-dilated by the stride 2" in verdict.message


def test_pad_with_two_sizes_is_rows_then_columns_as_printed():
    settings = {"layer": "conv2d", "input": "4x5", "kernel": "2x3", "bias": "false"}
    claim = r"dX = \operatorname{pad}_{1,2}(dY) \star \operatorname{rot}_{180}(W)"
    assert check_expression(claim, settings).verdicts[0].status == VERIFIED
    swapped = check_expression(claim.replace("{1,2}", "{2,1}"), settings).verdicts[0]
    assert swapped.status == WRONG


ROUND_TRIP = [
    ["conv2d", "--input", "5x5", "--kernel", "3", "--stride", "2"],
    ["conv2d", "--input", "5x6", "--kernel", "2x3", "--padding", "1"],
    ["conv2d", "--input", "6x6", "--kernel", "2", "--dilation", "2"],
    ["conv2d", "--input", "4x4", "--kernel", "2", "--mode", "convolution"],
    ["conv1d", "--input", "6", "--kernel", "3", "--stride", "2"],
    [
        "conv2d",
        "--input",
        "4x4",
        "--kernel",
        "2",
        "--in-channels",
        "2",
        "--out-channels",
        "4",
        "--groups",
        "2",
    ],
    ["dense", "--in-features", "3", "--out-features", "2"],
]


@pytest.mark.parametrize("argv", ROUND_TRIP, ids=[" ".join(a) for a in ROUND_TRIP])
def test_printed_closed_forms_check(argv, tmp_path, monkeypatch, capsys):
    """What symconv derive prints as closed forms (\\star_{s=2,d=2,g=2}, pad_{1,2},
    dilate, rot180, W^T, sums) is verified by symconv check with no options."""
    from symconv.checker.runner import check_file
    from symconv.cli import main as cli

    notes = tmp_path / "notes.md"
    monkeypatch.setattr(cli, "EXTRA_COMMANDS", ["symconv.cli.notes"])
    assert cli.main(["derive", *argv, "-o", str(notes)]) == 0
    capsys.readouterr()
    operator_lines = [
        v
        for v in check_file(str(notes)).verdicts
        if any(
            op in v.source
            for op in ("\\star", "\\operatorname{rot}", "\\top", "\\operatorname{pad}")
        )
        and not v.source.rstrip().endswith("=")
        and "matrix}" not in v.source
    ]  # matrices written out: not operators
    assert operator_lines
    bad = [(v.line, v.source[:60], v.message) for v in operator_lines if v.status != VERIFIED]
    assert not bad
