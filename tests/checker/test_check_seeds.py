"""``symconv check`` on the seeds: the exact verdict of every equation.

The excerpts in tests/data/check/ are the seed files verbatim (002 and 001 cut to their
mathematics) with the layer each seed describes declared in front matter or directives.
Every expected verdict below was checked by hand against the seed's own example:

* seed 001 (3x3 input, 2x2 kernel): eqs. 2-6, 9-11 hold; eqs. 7-8 bound the output
  indices r, c by k_1 - 1, k_2 - 1, right only because H - k_1 = k_1 - 1 here;
* seed 003 (a 3x3 kernel; 5x5 input): the sums of its final dL/dw bound the output index
  by k_1 where H - k_1 is meant;
* seed 004: dx_2's chain-rule side uses ∂y_2/∂x_1 (zero) where ∂y_2/∂x_2 is meant; dx_3 and
  dx_4 use w_3, which a two-tap kernel does not have; ``dw = [x][dL/dy]`` and ``dx = [J][dL/dy]``
  multiply a 3x2 (3x4) matrix by a 3x1 one; ``[dy_1 dy_2 dy_3 0] * [w_2 w_1]`` lacks the
  leading zero (3 entries, not 4); the 2D ``dW = [x][dy]`` is a 4x4 by 3x3 product;
  ``H' = (H - H_f + 2pad)/stride + 1`` has no floor;
* seed 002 (8 samples, a 5-tap kernel, padding m - 1): ``x^p[i+m-k]`` is off by one;
* seed 000 (LeNet-5): the table, shapes, sizes and C1's formulas hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import checked_file

from symconv.checker.report import NOT_UNDERSTOOD, SIZE_SPECIFIC, VERIFIED, WRONG
from symconv.checker.runner import check_file, check_text
from symconv.files import read_user_text

DATA = Path(__file__).resolve().parent.parent / "data" / "check"  # test_check_infer's key
# test_check_infer checks the same annotated seeds: one xdist group, each checked once in a run
pytestmark = pytest.mark.xdist_group("seeds")
V, W, S, N = VERIFIED, WRONG, SIZE_SPECIFIC, NOT_UNDERSTOOD

EXPECTED = {
    "seed001.md": [
        (12, V),
        (12, V),
        (16, V),
        (18, N),
        (18, N),
        (18, N),
        (18, N),
        (24, V),
        (26, V),
        (28, V),
        (30, V),
        (34, V),
        (49, V),
        (51, V),
        (55, V),
        (59, S),
        (61, S),
        (65, V),
        (69, V),
        (73, V),
    ],
    "seed002.md": [(20, V), (20, V), (42, V), (42, W), (71, V), (104, V), (104, N)],
    "seed003.md": [
        (22, V),
        (24, V),
        (28, V),
        (49, N),
        (66, N),
        (94, N),
        (101, V),
        (107, N),
        (111, V),
        (115, V),
        (123, V),
        (128, V),
        (144, S),
        (170, N),
        (180, V),
        (190, V),
        (196, V),
        (201, V),
        (205, V),
        (241, V),
        (250, N),
        (250, N),
    ],
    "seed004.md": [
        (22, S),
        (22, S),
        (34, N),
        (47, V),
        (47, V),
        (49, V),
        (51, V),
        (51, V),
        (51, V),
        (53, V),
        (53, V),
        (53, V),
        (55, V),
        (57, V),
        (57, V),
        (57, V),
        (61, V),
        (63, V),
        (65, V),
        (67, V),
        (69, V),
        (71, W),
        (73, V),
        (75, W),
        (77, W),
        (79, V),
        (81, V),
        (83, W),
        (85, W),
        (87, W),
        (92, V),
        (94, V),
        (98, V),
        (100, V),
        (100, V),
        (100, V),
        (104, V),
        (106, V),
        (108, V),
        (110, V),
        (112, V),
        (112, V),
        (114, W),
        (120, V),
        (122, V),
        (124, N),
        (126, V),
        (130, V),
        (132, V),
        (136, V),
    ],
}


@pytest.fixture(scope="module")
def reports():
    """Checked once per session (conftest.checked_file): test_check_infer reads them too."""
    return {name: checked_file(DATA / name) for name in EXPECTED}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_verdict(reports, name):
    found = [(v.line, v.status) for v in reports[name].verdicts]
    assert found == EXPECTED[name]
    assert not any("internal error" in v.message for v in reports[name].verdicts)


def _at(report, line: int, prefix: str):
    found = [v for v in report.verdicts if v.line == line and v.source.startswith(prefix)]
    assert len(found) == 1, [v.source for v in report.verdicts if v.line == line]
    return found[0]


def test_seed004_dx3_names_w3_extra_and_w1_missing(reports):
    v = _at(reports["seed004.md"], 85, "dx_3")
    assert v.status == WRONG
    assert v.missing == [r"w_1 \frac{\partial L}{\partial y_3}"]
    assert v.extra == [r"w_3 \frac{\partial L}{\partial y_3}"]
    assert "w_3 is not an entry of this layer" in v.message
    assert v.expected == (
        r"w_1 \frac{\partial L}{\partial y_3} + "
        r"w_2 \frac{\partial L}{\partial y_2}"
    )
    # the chain-rule side uses ∂y_3/∂x_2 = 0: it misses w_1 ∂L/∂y_3 too
    assert v.message.startswith(
        r"side 2 of 3 differs: missing w_1 \frac{\partial L}"
        r"{\partial y_3}; side 3 of 3 differs"
    )
    example = v.counterexample
    assert example["left"] != example["right"]
    assert set(example["values"]) == {"w_1", "w_3", r"\frac{\partial L}{\partial y_3}"}
    values = example["values"]
    d3 = values[r"\frac{\partial L}{\partial y_3}"]
    assert example["left"] == values["w_1"] * d3 and example["right"] == values["w_3"] * d3


def test_seed004_dx4_and_dx2(reports):
    dx4 = _at(reports["seed004.md"], 87, "dx_4")
    assert (dx4.missing, dx4.extra) == (
        [r"w_2 \frac{\partial L}{\partial y_3}"],
        [r"w_3 \frac{\partial L}{\partial y_3}"],
    )
    assert dx4.message.startswith("side 3 of 3")  # ∂y_3/∂x_4 · ∂L/∂y_3 is right
    dx2 = _at(reports["seed004.md"], 83, "dx_2")
    assert (dx2.missing, dx2.extra) == ([r"w_1 \frac{\partial L}{\partial y_2}"], [])
    assert dx2.message.startswith("side 2 of 3 differs")  # the final side is right


def test_seed004_confirms_the_correct_equations(reports):
    report = reports["seed004.md"]
    for line, prefix in (
        (51, "y_1"),
        (51, "y_2"),
        (51, "y_3"),
        (67, "dw_1"),
        (69, "dw_2"),
        (81, "dx_1"),
        (100, "y_{11}"),
        (100, "y_{12}"),
        (100, "y_{21}"),
        (120, "dw_{12}"),
    ):
        assert _at(report, line, prefix).status == VERIFIED, (line, prefix)


def test_seed004_shape_mistakes(reports):
    report = reports["seed004.md"]
    assert "cannot multiply a 3×2 by a 3×1" in _at(report, 71, "dw").message
    assert "3×1 array where a vector of 4" in _at(report, 77, "=").message
    assert "cannot multiply a 4×4 by a 3×3" in _at(report, 114, "dW").message


def test_seed004_output_size_formula_lacks_the_floor(reports):
    v = _at(reports["seed004.md"], 22, "H'")
    assert v.status == SIZE_SPECIFIC
    sizes = v.counterexample["sizes"]
    assert "H'" not in sizes and sizes["stride"] > 1
    h, k, pad, s = sizes["H"], sizes["H_f"], sizes["pad"], sizes["stride"]
    assert (h - k + 2 * pad) % s != 0  # exactly where the floor matters
    assert v.counterexample["left"] == (h - k + 2 * pad) // s + 1


def test_seed001_eq7_is_size_specific_with_a_counterexample(reports):
    v = _at(reports["seed001.md"], 59, r"\frac")
    assert v.status == SIZE_SPECIFIC
    assert "holds for conv2d 3x3, kernel 2x2" in v.message
    assert "written with k_1, k_2" in v.message
    assert v.missing and not v.extra  # the bound k_1 - 1 stops short of H - k_1
    assert v.counterexample["left"] != v.counterexample["right"]
    eq8 = _at(reports["seed001.md"], 61, "=")
    assert eq8.status == SIZE_SPECIFIC  # the continuation inherits eq. 7's left side


def test_seed003_kernel_bound_is_size_specific(reports):
    v = _at(reports["seed003.md"], 144, r"\frac")
    assert v.status == SIZE_SPECIFIC
    assert (
        "holds for conv2d 5x5, kernel 3x3, stride 1, padding 0, dilation 1 but not for" in v.message
    )
    assert all(r"\frac{\partial L}{\partial Y(" in term for term in v.missing)


def test_seed002_erratum_off_by_one(reports):
    v = _at(reports["seed002.md"], 42, "y[i]")
    assert v.status == WRONG
    assert v.missing == ["w(0) x(0)"]
    assert sorted(v.extra) == ["w(0) x(1)", "w(1) x(0)"]


def test_seed000_table_and_c1(reports_000):
    report = reports_000
    table = [v for v in report.verdicts if "\t" in v.source]
    assert len(table) == 9 and all(v.status == VERIFIED for v in table)
    assert "61706 parameters" in table[-1].message
    statuses = {v.status for v in report.verdicts}
    assert statuses == {VERIFIED, NOT_UNDERSTOOD}
    not_understood = [v.line for v in report.verdicts if v.status == NOT_UNDERSTOOD]
    assert not_understood == [107, 113, 115, 137]  # σ, dA and a Python-style slice
    c3 = [v for v in report.verdicts if v.source.startswith("C3 (conv)")]
    assert "2416 parameters" in c3[0].message


@pytest.fixture(scope="module")
def reports_000():
    return checked_file(DATA / "seed000.md")  # the one reports() checked


def test_seed000_catches_a_wrong_table_cell():
    lines = read_user_text(str(DATA / "seed000.md")).split("\n")
    table = "\n".join(lines[:5] + [line for line in lines if "\t" in line])  # the table only
    bad_formula = table.replace(
        "(5 \\cdot 5 \\cdot 6 + 1) \\cdot 16$", "(5 \\cdot 5 \\cdot 6) \\cdot 16$"
    )
    bad_total = table.replace("<b>61706</b>", "<b>61696</b>")
    assert {v.status for v in check_text(table, "t").verdicts} == {VERIFIED}
    bad = [v for v in check_text(bad_formula, "t").verdicts if v.status == WRONG]
    assert len(bad) == 1 and bad[0].message.startswith("C3: 2416 parameters, not 2400")
    bad = [v for v in check_text(bad_total, "t").verdicts if v.status == WRONG]
    assert len(bad) == 1 and bad[0].message == "total params is 61706, not 61696"


# ------------------------------------------------------------------ the seeds themselves
# Verbatim copies of the seed documents (line numbers below are theirs), kept in the
# repository so the test never depends on what lies beside the clone.
SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


@pytest.mark.parametrize(
    ("seed", "options", "checks"),
    [
        (
            "001_d87cf6922e45da5e.txt",
            {"layer": "conv2d", "input": "3x3", "kernel": "2", "bias": "false"},
            {25: V, 27: V, 29: V, 31: V, 60: S, 62: S, 66: V, 70: V, 74: V},
        ),
        (
            "004_c02a729d1ed541eb.txt",
            {"layer": "conv1d", "input": "4", "kernel": "2", "notation": "onebased"},
            {59: V, 61: V, 73: V, 75: W, 77: W, 79: W},
        ),
        (
            "003_1427e874ce722859.txt",
            {"layer": "conv2d", "input": "5x5", "kernel": "3", "notation": "functional"},
            {108: V, 137: S, 194: V, 198: V},
        ),
    ],
)
def test_the_shared_seeds(seed, options, checks):
    report = check_file(str(SEEDS / seed), options)
    for line, status in checks.items():
        found = {v.status for v in report.verdicts if v.line == line}
        assert found == {status}, (line, found)
