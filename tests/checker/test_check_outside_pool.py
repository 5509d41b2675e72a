"""A pooling layer read from the prose and an entry named outside it: the checker answers
with a verdict instead of failing on the pooling kind (a directive to enlarge the layer is
offered for a convolution only)."""

from __future__ import annotations

from symconv.checker.report import VERIFIED
from symconv.checker.runner import check_file

NOTE = """# Average pooling

An average pooling layer with a 2x2 window and stride 2 on a 4x4 input X gives a 2x2 output Y.

$$ y_{11} = \\frac{1}{4}(x_{11} + x_{12} + x_{21} + x_{22}) $$

$$ y_{33} = \\frac{1}{4}(x_{55} + x_{56} + x_{65} + x_{66}) $$
"""


def test_an_entry_outside_a_pooling_layer_gets_a_verdict(tmp_path):
    path = tmp_path / "pool.md"
    path.write_text(NOTE, encoding="utf-8")
    verdicts = check_file(str(path)).verdicts
    assert [v.line for v in verdicts] == [5, 7]
    assert verdicts[0].status == VERIFIED
    assert verdicts[1].status != VERIFIED and "y_{33}" in verdicts[1].message
