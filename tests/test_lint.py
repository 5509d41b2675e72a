"""The house rules CI enforces: ruff's lint rules, ruff's format and mypy (strict on the core,
the files listed in pyproject.toml's [tool.mypy])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


def test_ruff_format_is_clean():
    """Every file as ``ruff format`` writes it (the version pinned in pyproject.toml)."""
    done = run(shutil.which("ruff") or "ruff", "format", "--check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_check_is_clean():
    done = run(shutil.which("ruff") or "ruff", "check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_mypy_strict_core_is_clean():
    done = run(sys.executable, "-m", "mypy")
    assert done.returncode == 0, done.stdout + done.stderr
