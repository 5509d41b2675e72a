"""``symconv check`` on notes whose front matter declares a transposed convolution.

The truths are worked by hand from the definition Z[t, u] += W[a, b]·X[i, j] at
t = s·i + d·a - p, u = s·j + d·b - p (and, for a gradient, dL/dX[i, j] = Σ W[a, b]·G[t, u]
over the same positions), not taken from the layer under test.
"""

from __future__ import annotations

import pytest

import symconv.cli.main

FRONT = """---
layer: conv_transpose2d
input: 3x3
kernel: {kernel}
stride: 2
padding: {padding}
output-padding: {op}
---

"""
GRAD = r"\frac{{\partial \mathcal{{L}}}}{{\partial {v}}}"


@pytest.fixture
def run(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(symconv.cli.main, "EXTRA_COMMANDS", ["symconv.cli.check"])

    def call(text: str) -> tuple[int, str]:
        path = tmp_path / "notes.md"
        path.write_text(text, encoding="utf-8")
        code = symconv.cli.main.main(["check", str(path)])
        return code, capsys.readouterr().out

    return call


def _doc(kernel: int, padding: int, op: int, lines: list[str]) -> str:
    return (
        FRONT.format(kernel=kernel, padding=padding, op=op)
        + "\n\n".join(f"$$\n{line}\n$$" for line in lines)
        + "\n"
    )


def test_entries_of_z_and_a_gradient_verified(run):
    g = [GRAD.format(v=f"z_{{{t}{u}}}") for t, u in ((2, 2), (2, 3), (3, 2), (3, 3))]
    code, out = run(
        _doc(
            2,
            0,
            0,
            [
                r"z_{00} = w_{00} x_{00} + b",
                r"z_{23} = w_{01} x_{11} + b",  # t = 2·1 + 0, u = 2·1 + 1
                GRAD.format(v="x_{11}") + rf" = w_{{00}} {g[0]} + w_{{01}} {g[1]} + w_{{10}} {g[2]}"
                rf" + w_{{11}} {g[3]}",
            ],
        )
    )
    assert code == 0, out
    assert out.strip().endswith("3 verified, 0 wrong, 0 size-specific, 0 not-understood")
    assert "holds for conv_transpose2d 3x3, kernel 2x2, stride 2" in out


def test_a_wrong_entry_is_wrong(run):
    code, out = run(_doc(2, 0, 0, [r"z_{23} = w_{00} x_{11} + b"]))
    assert code == 1 and "1 wrong" in out, out


def test_output_padding_is_read_from_front_matter(run):
    """Padding 1 and output padding 1: 3x3 -> 6x6; z_55 exists only with the output
    padding, and is the last input entry times the last kernel entry (2·2 + 2 - 1 = 5)."""
    code, out = run(_doc(3, 1, 1, [r"z_{00} = w_{11} x_{00} + b", r"z_{55} = w_{22} x_{22} + b"]))
    assert code == 0 and "2 verified" in out and "output padding 1x1" in out, out
