"""One small note per reading rule added for third-party notes (tests/data/check/third_party/).

Each note is tiny and its verdicts are decided by hand: a correct claim must come out
``verified``, a mistaken one ``wrong``, and what the rule reads (a fact of the layer, a name)
is checked where the report shows it.
"""

from __future__ import annotations

import pytest

from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED, WRONG
from symconv.checker.runner import check_text

V, W, N = VERIFIED, WRONG, NOT_UNDERSTOOD


def _statuses(text: str) -> list[str]:
    return [v.status for v in check_text(text, "n.md").verdicts]


def _layer(text: str, k: int = 0) -> str:
    return check_text(text, "n.md").layers[k]["layer"]


@pytest.mark.parametrize(
    ("math", "expected"),
    [
        # m, n run over the kernel (they address w alone), i, j over the output
        (r"$$y_{i,j} = \sum_m \sum_n x_{i+m,j+n} w_{m,n}$$", V),
        (r"$$y_{i,j} = \sum_m \sum_n x_{i+m,j} w_{m,n}$$", W),  # the column shift forgotten
        (
            r"$$\frac{\partial L}{\partial w_{m,n}} = \sum_{i,j} \frac{\partial L}{\partial "
            r"y_{i,j}}"
            r" x_{i+m,j+n}$$",
            V,
        ),
        (r"$$y_{i,j} = \sum_m x_{i+m,j}$$", N),  # m addresses no tensor on its own: no range
    ],
)
def test_a_sum_without_written_bounds_takes_the_range_of_what_it_indexes(math, expected):
    assert _statuses("The input x is 3x3, the kernel w is 2x2, no bias.\n\n" + math) == [expected]


def test_a_bias_per_output_position():
    text = (
        "The input a is 3x3 and the kernel w is 2x2.\n\n"
        r"$$z_{i,j} = \sum_m \sum_n a_{i+m,j+n} w_{m,n} + b_{i,j}$$"
        "\n\n"
        r"$$\frac{\partial L}{\partial b_{i,j}} = \frac{\partial L}{\partial z_{i,j}}$$"
        "\n\n"
        r"$$\frac{\partial L}{\partial b_{0,0}} = \frac{\partial L}{\partial z_{0,1}}$$"
    )
    assert "bias per position" in _layer(text)
    assert _statuses(text) == [V, V, W]


def test_braces_after_a_sum_do_not_show():
    """As rendered, the bias after the product is added once, not summed with it."""
    text = (
        "The input a is 3x3 and the kernel w is 2x2.\n\n"
        r"$$z_{i,j} = \sum_m \sum_n{a_{i+m,j+n} w_{m,n} + b_{i,j}}$$"
    )
    assert _statuses(text) == [V]


def test_letters_for_sizes_and_functional_entries():
    text = (
        r"Let $I$ be an $m\times n$ image on which a $p\times q$ filter $K$ is used."
        "\n\n"
        r"$$O(i,j)=\sum_{u=1}^p\sum_{v=1}^qI(i+u-1,j+v-1)K(u,v)$$"
        "\n\n"
        r"$$O(i,j)=\sum_{u=1}^p\sum_{v=1}^qI(i+u,j+v-1)K(u,v)$$"
    )
    facts = {f["key"]: f["value"] for f in check_text(text, "n.md").layers[0]["facts"]}
    assert facts["sizes"] == ("m=input-height,n=input-width,p=kernel-height,q=kernel-width")
    assert _statuses(text) == [V, W]


def test_stated_sizes_in_mathematics_and_a_second_section():
    text = (
        "## Sin stride\n\n"
        r"Supongamos que $x \in \mathbb{R}^{(3\times 3)}$ y $w \in \mathbb{R}^{(2\times 2)}$."
        "\n\n"
        r"$$y_{11} = x_{11}w_{11} + x_{12}w_{12} + x_{21}w_{21} + x_{22}w_{22}$$"
        "\n\n## Con stride\n\n"
        r"Supongamos que $x \in \mathbb{R}^{(5\times 5)}$ y $w \in \mathbb{R}^{(3\times 3)}$,"
        r" con $S=2$."
        "\n\n"
        r"$$y_{12} =x_{13}w_{11}+x_{14}w_{12}+x_{15}w_{13}+x_{23}w_{21}+x_{24}w_{22}"
        r"+x_{25}w_{23}+x_{33}w_{31}+x_{34}w_{32}+x_{35}w_{33}$$"
    )
    report = check_text(text, "n.md")
    assert report.layers[1]["layer"].startswith("conv2d 5x5, kernel 3x3, stride 2")
    assert [v.status for v in report.verdicts] == [V, V, V]  # S=2 states, and holds


def test_entries_written_out_name_the_roles_and_math_fences_are_read():
    text = (
        "```math\n"
        r"O_{11} = X_{11}F_{11} + X_{12}F_{12} + X_{21}F_{21} + X_{22}F_{22} \\"
        "\n"
        r"O_{12} = X_{12}F_{11} + X_{13}F_{12} + X_{22}F_{21} + X_{23}F_{22} \\"
        "\n"
        r"O_{22} = X_{22}F_{11} + X_{23}F_{12} + X_{32}F_{21} + X_{33}F_{22}"
        "\n"
        "```\n\n"
        r"$$\frac{\partial{L}}{\partial{F_{12}}} = \frac{\partial {L}}{\partial{O_{11}}} X_{12}"
        r" + \frac{\partial {L}}{\partial{O_{12}}} X_{13} + \frac{\partial {L}}"
        r"{\partial{O_{21}}} X_{22} + \frac{\partial {L}}{\partial{O_{22}}} X_{32}$$"
    )
    assert "names F=W,O=Z" in _layer(text)
    assert _statuses(text) == [V, V, V, W]  # the last term should be X_{23}


def test_usual_letters_are_never_swapped_by_entries_written_out():
    text = (
        "The input x is 3x3, the kernel w is 2x2, no bias.\n\n"
        r"$$y_{00} = w_{11} x_{00} + w_{12} x_{01} + w_{21} x_{10} + w_{22} x_{11}$$"
        "\n\n"
        r"$$y_{00} = w_{00} x_{00} + w_{01} x_{01} + w_{10} x_{10} + w_{11} x_{11}$$"
    )
    assert _statuses(text) == [W, V]


def test_colour_around_a_differentiation_variable_and_a_primed_kernel():
    text = (
        "The input x is 3x3, the kernel w is 2x2, no bias.\n\n"
        r"$$\frac{\partial L}{\color{red}{\partial x_{00}}} = \frac{\partial L}"
        r"{\partial y_{00}}\color{green}{w_{00}}$$"
        "\n\n"
        r"$$z_{i,j} = \sum_m \sum_n{a_{i+m,j+n} (\omega')^l_{m,n}}$$"
        "\n\n"
        r"$$\frac{\partial Loss}{\partial (\omega')^l_{m,n}} = \sum_i \sum_j"
        r" \frac{\partial Loss}{\partial z_{i,j}} a_{i+m,j}$$"
    )
    statuses = _statuses(text)
    assert statuses[0] == V
    assert statuses[1:] == [V, W]  # the kernel named omega' read; the second shift forgotten


def test_a_worked_example_value_is_not_judged():
    text = "The input x is 3x3, the kernel w is 2x2, no bias.\n\n$$y_{0,0} = 0.25$$"
    report = check_text(text, "n.md")
    assert [v.status for v in report.verdicts] == [N]
    assert "worked example" in report.verdicts[0].message
