"""Forms the printer writes that the checker reads since the round-trip grid was closed
(issue 16), each judged against the derivation: right as printed, wrong when changed."""

from __future__ import annotations

import pytest

from symconv.checker.runner import check_expression

CONV = {"layer": "conv2d", "input": "3x3", "kernel": "2"}
STRIDED_1D = {
    "layer": "conv1d",
    "input": "7",
    "kernel": "3",
    "stride": "2",
    "padding": "1",
    "bias": "false",
}


def verdicts(expr: str, settings: dict) -> list[tuple[str, str]]:
    return [(v.status, v.message) for v in check_expression(expr, settings).verdicts]


def status(expr: str, settings: dict) -> list[str]:
    return [s for s, _ in verdicts(expr, settings)]


@pytest.mark.parametrize(
    ("expr", "want"),
    [
        (
            r"\frac{\partial z_{r,c}}{\partial w_{a',b'}} = \sum_{a=0}^{1} \sum_{b=0}^{1} "
            r"\delta_{a a'} \delta_{b b'} x_{r+a,c+b}",
            "verified",
        ),
        (
            r"\frac{\partial z_{r,c}}{\partial w_{a',b'}} = \sum_{a=0}^{1} \sum_{b=0}^{1} "
            r"\delta_{a,a'} \delta_{b,b'} x_{r+a,c+b}",
            "verified",
        ),
        (
            r"\frac{\partial z_{r,c}}{\partial w_{a',b'}} = \sum_{a=0}^{1} \sum_{b=0}^{1} "
            r"\delta_{a b'} \delta_{b a'} x_{r+a,c+b}",
            "wrong",
        ),
    ],
)
def test_kronecker_deltas(expr, want):
    assert status(expr, CONV) == [want]


def test_a_computed_fractional_index_is_the_strides_zero():
    right = r"dx_{j} = \sum_{b=0}^{2} w_{b} dz_{\frac{j-b+1}{2}}"
    assert status(right, {**STRIDED_1D, "notation": "onebased", "index-base": "0"}) == ["verified"]
    off = r"dx_{j} = \sum_{b=0}^{2} w_{b} dz_{\frac{j-b}{2}}"
    assert status(off, {**STRIDED_1D, "notation": "onebased", "index-base": "0"}) == ["wrong"]


def test_a_written_fractional_index_is_no_entry():
    assert status(r"z_{0} = x_{\frac{1}{2}}", STRIDED_1D) == ["not-understood"]


def test_vec_jacobian_and_its_transpose():
    settings = {"layer": "conv1d", "input": "3", "kernel": "2", "bias": "false"}
    jac = (
        r"\frac{\partial \operatorname{vec}(z)}{\partial \operatorname{vec}(w)} = "
        r"\begin{pmatrix} x_{0} & x_{1} \\ x_{1} & x_{2} \end{pmatrix}"
    )
    assert status(jac, settings) == ["verified"]
    swapped = jac.replace(r"x_{0} & x_{1} \\ x_{1} & x_{2}", r"x_{0} & x_{1} \\ x_{2} & x_{1}")
    assert status(swapped, settings) == ["wrong"]
    grad = (
        r"\operatorname{vec}(dw) = \begin{pmatrix} x_{0} & x_{1} \\ x_{1} & x_{2} "
        r"\end{pmatrix} \begin{pmatrix} dz_{0} \\ dz_{1} \end{pmatrix}"
    )
    assert status(grad, {**settings, "notation": "onebased", "index-base": "0"}) == ["verified"]


@pytest.mark.parametrize(
    ("expr", "settings", "want"),
    [
        (
            r"N_{\text{params}} = k_{1} k_{2} C_{\text{in}} C_{\text{out}}",
            {**CONV, "bias": "false"},
            "verified",
        ),
        (
            r"N_{\text{params}} = \left(k_{1} k_{2} C_{\text{in}} + 1\right) C_{\text{out}}",
            {**CONV, "bias": "false"},
            "wrong",
        ),
        (
            r"N_{\text{params}} = \left(f^{2} c_{\text{in}} + 1\right) c_{\text{out}}",
            {**CONV, "notation": "superscript"},
            "verified",
        ),
        (
            r"N_{\text{params}} = \left(k C_{\text{in}} + 1\right) C_{\text{out}}",
            {"layer": "conv1d", "input": "4", "kernel": "2"},
            "verified",
        ),
        (
            r"n_{\text{out}} = \left\lfloor{\frac{n + 2 p - k}{s}}\right\rfloor + 1",
            STRIDED_1D,
            "verified",
        ),
        (r"n_{\text{out}} = \frac{n + 2 p - k}{s} + 1", STRIDED_1D, "size-specific"),
    ],
)
def test_parameter_counts_and_1d_output_sizes(expr, settings, want):
    assert status(expr, settings) == [want]


def test_array_cells_in_braces_are_rows_of_one_equation():
    expr = (
        r"\begin{array}{rl} {\displaystyle H_{\text{out}}} & {\displaystyle = H - k_{1} "
        r"+ 1} \\ & {\displaystyle = 3 - 2 + 1} \\ & {\displaystyle = 3} \end{array}"
    )
    assert status(expr, CONV) == ["verified", "verified", "wrong"]


def test_options_of_a_correlation_between_written_matrices():
    settings = {"layer": "conv1d", "input": "5", "kernel": "2", "dilation": "2", "bias": "false"}
    x = r"\begin{pmatrix} x_{0} & x_{1} & x_{2} & x_{3} & x_{4} \end{pmatrix}"
    g = r"\begin{pmatrix} dz_{0} & dz_{1} & dz_{2} \end{pmatrix}"
    onebased = {**settings, "notation": "onebased", "index-base": "0"}
    assert status(rf"dw = {x} \star_{{d=2}} {g}", onebased) == ["verified"]
    assert status(rf"dw = {x} \star {g}", onebased) == ["wrong"]
    assert status(rf"dw = {x} \star_{{g=2}} {g}", onebased) == ["not-understood"]
