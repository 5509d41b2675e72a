"""A setting whose word ends one line and whose number starts the next (wrapped_prose.py):
"uses a stride\\nof 2 and a padding of\\n1". Read, the layer has stride 2 and padding 1; the
truth by hand (0-based, 6x6 input, 3x3 kernel): x_{0,0} is the padded input's (1, 1), read
only by output (0, 0) through w_{1,1} (2i + m = 1 has the one solution i = 0, m = 1), so
dL/dx_{0,0} = g_{0,0} w_{1,1}; under stride 1 and no padding it would be g_{0,0} w_{0,0}."""

from __future__ import annotations

import pytest

from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.runner import check_text

ENGLISH = (
    "# Example\n\n"
    "The convolution uses a stride\n"
    "of 2 and a padding of\n"
    "1 on every side; the input is a $6 \\times 6$ image and the filter is\n"
    "$3 \\times 3$, indices from 0.\n\n"
)
SPANISH = (
    "## Ejemplo\n\n"
    "Usamos una entrada de $6 \\times 6$ y un filtro de $3 \\times 3$, con un paso\n"
    "de 2 y un relleno de\n"
    "1 en cada borde (índices desde 0).\n\n"
)


@pytest.mark.parametrize("head", [ENGLISH, SPANISH])
def test_settings_wrapped_over_lines(head):
    for right, status in (("g_{0,0} w_{1,1}", VERIFIED), ("g_{0,0} w_{0,0}", WRONG)):
        text = head + f"$$\\frac{{\\partial L}}{{\\partial x_{{0,0}}}} = {right}$$\n"
        verdict = check_text(text).verdicts[-1]
        assert verdict.status == status, verdict.message
