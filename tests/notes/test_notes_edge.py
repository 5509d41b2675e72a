"""Degenerate configurations still give whole documents (a 1x1 kernel has no sum to write)."""

from __future__ import annotations

import pytest

from symconv.cli.main import main


@pytest.mark.parametrize(
    "argv",
    [
        ["conv2d", "--input", "2x2", "--kernel", "1"],
        ["conv1d", "--input", "3", "--kernel", "1"],
        ["conv2d", "--input", "1x1", "--kernel", "1"],
    ],
)
def test_one_by_one_kernel_documents(argv, capsys):
    assert main(["derive", *argv, "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "*proved*" in out and "FAILED" not in out
    assert "\\sum_{a=0}^{0}" not in out  # no empty sums over a 1-wide kernel
