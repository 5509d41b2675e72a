"""Reading rules for how third-party notes write a whole layer (tests/data/check/third_party/):
an operator with its stride in a subscript, an activation applied element-wise, the
recursion of delta through sigma', entries numbered flat, and another size that must still
have every entry the notes write.  Verdicts decided by hand: a correct claim comes out
``verified``, a mistaken one ``wrong``, one that cannot be read ``not-understood``.
"""

from __future__ import annotations

import pytest

from symconv.checker.activation import activation_arguments, through_activation
from symconv.checker.flat import rows_and_columns
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

V, W, N = VERIFIED, WRONG, NOT_UNDERSTOOD


def _statuses(text: str) -> list[str]:
    return [v.status for v in check_text(text, "n.md").verdicts]


@pytest.mark.parametrize(
    ("math", "expected"),
    [
        (r"$Z = zero\_pad(a_{prev}) *_{stride2} W$", V),
        (r"$Z = zero\_pad(a_{prev}) *_{stride 2} W$", V),
        (r"$Z = zero\_pad(a_{prev}) *_{s=2} W$", V),
        (r"$Z = zero\_pad(a_{prev}) *_{stride1} W$", W),  # the layer's stride is 2
        (r"$Z = a_{prev} *_{stride2} W$", W),  # the padding forgotten
        (r"$Z = zero\_pad(W) *_{stride2} a_{prev}$", N),  # only the input is zero-padded
    ],
)
def test_an_operator_with_its_stride_in_a_subscript(math, expected):
    note = "The input a is 4x4, the kernel W is 3x3, stride 2, padding 1, no bias.\n\n"
    assert _statuses(note + math) == [expected]


@pytest.mark.parametrize(
    ("math", "expected"),
    [
        (r"$A^l = \sigma (Z^l) = \sigma ( A^{l-1} * W^l + B^l )$", V),
        (r"$A^l = \sigma (Z^l) = \sigma ( A^{l-1} * W^l )$", W),  # the bias forgotten
        (r"$A^l = \sigma (Z^l) = \sigma ( A^{l-1} * W^{l-1} + B^l )$", N),  # two layers' kernels
        (r"$A^l = \sigma (Z^l) = \tanh ( A^{l-1} * W^l + B^l )$", N),  # two activations
    ],
)
def test_an_activation_applied_to_both_sides(math, expected):
    note = (
        "The input a is 3x3 and the kernel w is 2x2.\n\n"
        r"$$z_{i,j} = \sum_m \sum_n a_{i+m,j+n} w_{m,n} + b_{i,j}$$"
        "\n\n"
    )
    assert _statuses(note + math) == [V, expected]


def test_activation_arguments_reads_only_chains_under_one_function():
    assert activation_arguments(r"A = \sigma(Z) = \sigma(X * W)") == "Z = X * W"
    assert activation_arguments(r"\sigma(Z) = \sigma(X * W)") == "Z = X * W"
    assert activation_arguments(r"A = \sigma(Z)") is None  # a definition, nothing to judge
    assert activation_arguments(r"\sigma(Z) = \sigma(X) * W") is None


_RECURSION = (
    "The input a is 4x4 and the kernel w is 2x2.\n\n"
    r"$$z^l_{i,j} = \sum_m \sum_n a^{l-1}_{i+m,j+n} w^l_{m,n}$$"
    "\n\n"
    # a chain rule through the next layer names delta the upstream gradient
    r"$$\delta^l_{i,j} = \frac{\partial L}{\partial z^l_{i,j}} = \sum_x \sum_y "
    r"\frac{\partial L}{\partial z^{l+1}_{x,y}} \frac{\partial z^{l+1}_{x,y}}{\partial "
    r"z^l_{i,j}}$$"
    "\n\n"
)


@pytest.mark.parametrize(
    ("math", "expected"),
    [
        (
            (
                r"$$\delta^l_{i,j} = \sum_x \sum_y \delta^{l+1}_{x,y} w^{l+1}_{i-x,j-y} "
                r"\sigma'(z^l_{i,j})$$"
            ),
            V,
        ),
        (
            (
                r"$$\delta^l_{i,j} = \sum_m \sum_n \delta^{l+1}_{i-m,j-n} w^{l+1}_{m,n} "
                r"\sigma'(z^l_{i,j})$$"
            ),
            V,
        ),
        # the kernel index shifted the wrong way (a correlation instead of the full convolution)
        (
            (
                r"$$\delta^l_{i,j} = \sum_m \sum_n \delta^{l+1}_{i+m,j+n} w^{l+1}_{m,n} "
                r"\sigma'(z^l_{i,j})$$"
            ),
            W,
        ),
        (
            r"$$\frac{\partial L}{\partial z^l_{i,j}} = \sum_m \sum_n \frac{\partial L}{\partial "
            r"z^{l+1}_{i-m,j-n}} w^{l+1}_{m,n} \sigma'(z^l_{i,j})$$",
            V,
        ),
        # sigma' at another entry than the left side's: not the chain rule through a^l
        (
            (
                r"$$\delta^l_{i,j} = \sum_m \sum_n \delta^{l+1}_{i-m,j-n} w^{l+1}_{m,n} "
                r"\sigma'(z^l_{m,n})$$"
            ),
            N,
        ),
    ],
)
def test_delta_through_the_next_layer_and_sigma_prime(math, expected):
    assert _statuses(_RECURSION + math) == [V, V, expected]  # the chain rule is read


def test_through_activation_needs_the_next_layer_and_one_sigma_prime_per_term():
    base = r"\delta^l_{i,j} = \sum_m \delta^{l+1}_{i-m} w^{l+1}_{m} \sigma'(z^l_{i,j})"
    assert through_activation(base, "a") == (
        r"\frac{\partial L}{\partial a_{i,j}} = \sum_m \delta^{l+1}_{i-m} w^{l+1}_{m}  "
    )
    assert through_activation(base.replace("l+1", "l"), "a") is None
    assert through_activation(base + r" + \delta^{l+1}_{i}", "a") is None


def test_entries_numbered_flat_row_by_row():
    text = (
        r"input (its items as $i$), filter (its items as $w$), output (its items as $o$)"
        "\n\n"
        r"$$\begin{pmatrix}i_{1}^1 & i_{2}^1 & i_{3}^1\\ i_{4}^1 & i_{5}^1 & i_{6}^1"
        r"\\ i_{7}^1 & i_{8}^1 & i_{9}^1\end{pmatrix} * \begin{pmatrix}w_1^1 & w_2^1\\ "
        r"w_3^1 & w_4^1\end{pmatrix} = \begin{pmatrix}o_1^1 & o_2^1\\ o_3^1 & o_4^1"
        r"\end{pmatrix}$$"
    )
    assert _statuses(text) == [V]
    swapped = text.replace(r"w_1^1 & w_2^1", r"w_2^1 & w_1^1")  # not in order: not read
    assert _statuses(swapped) == [N]


def test_rows_and_columns_leaves_a_letter_used_flat_elsewhere():
    matrix = r"\begin{bmatrix} x_0 & x_1 \\ x_2 & x_3 \end{bmatrix}"
    assert rows_and_columns(matrix) == (
        r"\begin{bmatrix} x_{0,0} & x_{0,1} \\ x_{1,0} & x_{1,1} \end{bmatrix}"
    )
    assert rows_and_columns(matrix + " = x_1") == matrix + " = x_1"
    assert rows_and_columns(r"\begin{bmatrix} x_1 & x_2 & x_3 \end{bmatrix}").count("_{") == 0


def test_another_size_must_have_every_entry_the_notes_write():
    """dO/dF_11 (a 2x2 array) set equal to one number: at a 1x1 output it would hold, but
    the notes write O_22, so the claim is wrong, not a question of sizes."""
    rows = "\n".join(
        f"$$O_{{{i}{j}}} = "
        + " + ".join(f"X_{{{i + a}{j + b}}}F_{{{1 + a}{1 + b}}}" for a in (0, 1) for b in (0, 1))
        + "$$"
        for i in (1, 2)
        for j in (1, 2)
    )
    claim = (
        r"$$\frac{\partial{O}}{\partial{F_{11}}} = \frac{\partial{O_{11}}}{\partial{F_{11}}}"
        r" + \frac{\partial{O_{12}}}{\partial{F_{11}}} + \frac{\partial{O_{21}}}"
        r"{\partial{F_{11}}} + \frac{\partial{O_{22}}}{\partial{F_{11}}}$$"
    )
    assert _statuses(rows + "\n\n" + claim) == [V, V, V, V, W]
