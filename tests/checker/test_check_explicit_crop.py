"""An explicit ``crop`` of a weight-gradient correlation, as symconv prints it.

When a stride leaves rows of X that no window reads (conv 5x5, kernel 2, stride 2: rows 4
and column 4) or an output padding adds rows of G that no input reaches (transposed 3x3,
kernel 3, stride 2, padding 1, output padding 1 -> 6x6), the valid correlation is one row
and column larger than the kernel.  Worked by hand:

- conv: dW[a,b] = sum_{i,j<2} G[i,j] X[2i+a, 2j+b], and (X star dilate_2(G))[a,b] =
  sum_{i,j} X[a+2i, b+2j] G[i,j] for a, b in 0..2: dW is its first 2x2 block, i.e.
  crop_{0,1,0,1}; crop_{1,0,1,0} keeps rows 1..2, which is wrong.
- transposed: Z[2i+a-1, 2j+b-1] += W[a,b] X[i,j], so dW[a,b] = sum G[2i+a-1, 2j+b-1] X[i,j];
  (pad_1(G) star dilate_2(X))[a,b] = sum_{i,j} Gpad[a+2i, b+2j] X[i,j] = the same for
  a, b in 0..2 of its 4x4: crop_{0,1,0,1} again.
"""

from __future__ import annotations

import pytest

from symconv.checker.runner import check_file

CONV = "---\nlayer: conv2d\ninput: 5x5\nkernel: 2x2\nstride: 2x2\n---\n\n"
TRANSPOSED = (
    "---\nlayer: conv_transpose2d\ninput: 3x3\nkernel: 3x3\nstride: 2x2\npadding: 1\n"
    "output-padding: 1x1\n---\n\n"
)
DW = r"\frac{\partial L}{\partial W}"
DZ = r"\frac{\partial L}{\partial Z}"
CONV_DW = rf"X \star \operatorname{{dilate}}_{{2}}({DZ})"
TRANSPOSED_DW = rf"\operatorname{{pad}}_{{1}}({DZ}) \star \operatorname{{dilate}}_{{2}}(X)"


def crop(pads: str, inner: str) -> str:
    return rf"\operatorname{{crop}}_{{{pads}}}\left({inner}\right)"


def verdict(tmp_path, front: str, claim: str) -> str:
    path = tmp_path / "notes.md"
    path.write_text(f"{front}$$\n{claim}\n$$\n", encoding="utf-8")
    (found,) = check_file(str(path)).verdicts
    return found.status


@pytest.mark.parametrize(
    ("front", "right", "expected"),
    [
        (
            CONV,
            crop("0,1,0,1", CONV_DW),
            "verified",
        ),
        (
            CONV,
            crop("1,0,1,0", CONV_DW),
            "wrong",
        ),
        (
            TRANSPOSED,
            crop("0,1,0,1", TRANSPOSED_DW),
            "verified",
        ),
        (
            TRANSPOSED,
            crop("1,0,1,0", TRANSPOSED_DW),
            "wrong",
        ),
    ],
)
def test_explicit_crop_of_a_weight_gradient(tmp_path, front, right, expected):
    found = verdict(tmp_path, front, f"{DW} = {right}")
    if expected == "wrong" and front == TRANSPOSED:
        # a wrong operator claim about a transposed layer is reported not-understood (the
        # checker reads operators with a convolution's parameters); never verified
        assert found in ("wrong", "not-understood")
    else:
        assert found == expected
