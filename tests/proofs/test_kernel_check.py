"""Kernel identities: the running kernels checked exactly against the proved forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from symconv.algebra.termarray import EMPTY, Rows
from symconv.layers.conv import ConvLayer
from symconv.layers.pool import AvgPoolLayer, MaxPoolLayer
from symconv.proofs.engine import prove_all
from symconv.proofs.kernel_identities import (
    METHOD,
    TARGET_BITS,
    evaluate_rows,
    input_bound,
    row_stats,
    trials_needed,
)
from symconv.proofs.problems import network_layers
from symconv.runtime import kernels as K
from symconv.runtime.lenet import LeNet5
from symconv.spec.layer import conv, pool
from symconv.spec.network import lenet5


def test_the_input_bound_keeps_every_partial_sum_exact():
    for terms, degree, coef, bits in [
        (784, 2, 1, 53),
        (31360, 2, 1, 24),
        (26, 2, 3, 53),
        (4, 1, 1, 24),
        (1, 1, 1, 53),
    ]:
        bound = input_bound(terms, degree, coef, 1, bits)
        assert bound >= 1 and terms * coef * bound**degree <= 2**bits
        if bound < 1 << 20:  # not capped: one more would overflow the mantissa
            assert terms * coef * (bound + 1) ** degree > 2**bits


def test_no_input_range_is_reported_as_zero():
    assert input_bound(2**25, 1, 1, 1, 24) == 0


def test_a_kernel_printed_from_another_node_fails(monkeypatch):
    """Equal values are not enough: the runtime must print the proved node itself."""
    layer = ConvLayer(conv(1, 1, 2), (3, 3), 1)
    printed = dict(layer.kernels())
    printed["W"], printed["X"] = printed["X"], printed["W"]  # wrong nodes, wrong arguments
    monkeypatch.setattr(ConvLayer, "kernels", lambda self: printed)
    proofs = {p.identity: p for p in layer.prove()}
    assert proofs["kernel dL/dW"].status == "failed"
    assert "another node" in proofs["kernel dL/dW"].note


def test_a_rational_form_keeps_its_rounding_below_one_half():
    terms, den, bits = 9, 9, 24
    bound = input_bound(terms, 1, 1, den, bits)
    # (T + 2)·u·Σ|terms| with Σ|terms| <= T·(B·den)/den must stay below 1/2
    assert (terms + 2) * 2.0**-bits * terms * bound * den / den < 0.5


def test_trials_reach_the_target_bound():
    k, bits = trials_needed(146, 2)
    assert bits >= TARGET_BITS and k == math.ceil(TARGET_BITS / math.log2(293 / 2))
    assert (2 / 293) ** k <= 2.0**-TARGET_BITS


def test_rows_are_evaluated_exactly():
    # key 0: 3·v0·v1 + v2; key 2: -v1 (key 1 has no term)
    rows = Rows.build(
        np.array([0, 0, 2]), np.array([[0, 1], [2, EMPTY], [1, EMPTY]]), np.array([3, 1, -1]), 1
    )
    values = np.array([[5, -7, 11, 1], [2**40, 3, 0, 1]])  # two chunks, last column ones
    out = evaluate_rows(rows, values, 3)
    assert out[:, 0].tolist() == [3 * 5 * -7 + 11, 0, 7]
    assert out[:, 1].tolist() == [3 * 2**40 * 3, 0, -3]
    assert row_stats(rows) == (2, 2, 3)


def test_every_kernel_lenet5_runs_has_a_passing_kernel_identity():
    """`symconv prove lenet` checks the very function objects LeNet5 calls."""
    layers = network_layers(lenet5())
    report = prove_all(layers, {"network": "lenet"}, progress=False)
    assert report.proved, str(report)
    proved_kernels = {
        id(fn)
        for layer in layers
        if hasattr(layer, "kernels")
        for fn in layer.kernels().values()
        if fn is not None
    }
    proved_kernels |= {id(fn) for fn in K.activation_kernels("tanh").values()}
    proved_kernels.add(id(K.loss_kernel()))
    model = LeNet5()
    running = model.kernels_used()
    assert running and all(id(fn) in proved_kernels for fn in running)
    kernel_proofs = [p for p in report.proofs if p.identity.startswith("kernel ")]
    forms = {p.expression for p in kernel_proofs}
    assert {str(fn.closed_form) for fn in running} <= forms
    assert all(p.proved for p in kernel_proofs)
    polynomial = [p for p in kernel_proofs if p.method == METHOD]
    assert len(polynomial) == 4 + 2 + 4 + 2 + 4 * 3  # C1, S2, C3, S4, three dense layers
    assert all("error probability <= 2^-6" in p.note for p in polynomial)


@pytest.mark.slow
def test_relu_max_lenet_kernels_are_proved():
    """The max-pool kernels (side-by-side windows) and relu, as LeNet5("relu", "max") runs."""
    report = prove_all(network_layers(lenet5("relu", "max")), {}, progress=False)
    assert report.proved, str(report)
    names = {(p.layer, p.identity) for p in report.proofs}
    assert {("S2", "kernel Z"), ("S2", "kernel dL/dX"), ("C1:relu", "kernel dL/dZ")} <= names


@pytest.mark.parametrize(
    "layer",
    [
        lambda: ConvLayer(conv(3, 4, 3, stride=2, padding=1, groups=1), (9, 9), 2),
        lambda: ConvLayer(conv(1, 6, 5, padding=2), (12, 12), 1),  # LeNet C1's single channel
        lambda: ConvLayer(conv(4, 4, 3, groups=4, bias=False), (6, 6), 1),  # depthwise
        lambda: AvgPoolLayer(pool("avg", 2, 2), (6, 8, 8), 2),  # tiled pool
        lambda: AvgPoolLayer(pool("avg", 3, 2, 1), (2, 7, 7), 1),  # general pool
        lambda: MaxPoolLayer(pool("max", 3, 2, 1), (2, 7, 7), 2),  # general max-pool windows
    ],
)
def test_kernel_identities_of_other_paths(layer):
    proofs = [p for p in layer().prove() if p.identity.startswith("kernel ")]
    assert proofs and all(p.proved for p in proofs), "\n".join(map(str, proofs))
