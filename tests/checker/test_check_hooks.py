"""Where notes live: the pre-commit hooks and the several-files form they use.

``pre-commit try-repo`` runs this repository's ``.pre-commit-hooks.yaml`` on a temporary
repository holding one correct and one wrong note: the correct one passes, the wrong one
fails the hook with its line.  (The ``system`` hook is run, which uses the symconv of this
checkout; the ``python`` hook is the same command in a virtualenv pre-commit builds.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from symconv.cli.main import main

ROOT = Path(__file__).resolve().parent.parent.parent
NOTE = ROOT / "tests" / "data" / "check" / "notes" / "espanol_uno.md"


def _need_pre_commit() -> None:
    """pre-commit is a test dependency: missing, the test fails under CI, else skips."""
    if shutil.which("pre-commit") is None or shutil.which("git") is None:
        if os.environ.get("CI"):
            pytest.fail("pre-commit or git is missing in CI: pip install -e '.[test]'")
        pytest.skip("pre-commit is not installed (pip install pre-commit)")


def test_the_manifest_is_valid_for_pre_commit():
    _need_pre_commit()
    import pre_commit.clientlib as clientlib

    hooks = clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert {h["id"] for h in hooks} == {"symconv-check", "symconv-check-system"}
    for hook in hooks:
        assert hook["entry"] == "symconv check --allow-empty"
        assert hook["files"] == r"\.(md|markdown|tex)$"


def _notes(tmp_path: Path) -> tuple[Path, Path, Path]:
    good, bad, plain = tmp_path / "good.md", tmp_path / "bad.md", tmp_path / "README.md"
    lines = NOTE.read_text(encoding="utf-8").split("\n")
    good.write_text("\n".join(lines[:17]) + "\n", encoding="utf-8")  # before the slip
    bad.write_text(NOTE.read_text(encoding="utf-8"), encoding="utf-8")
    plain.write_text("# Notes\n\nNo mathematics here.\n", encoding="utf-8")
    return good, bad, plain


def test_several_files_and_allow_empty(tmp_path, capsys):
    good, bad, plain = _notes(tmp_path)
    assert main(["check", str(good), str(plain), "--allow-empty"]) == 0
    assert main(["check", str(good), str(bad), "--allow-empty"]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:24: wrong:" in out and out.count("verified, ") == 4
    assert main(["check", str(good), str(plain)]) == 2  # no equation: an error unless allowed
    assert "holds no equation" in capsys.readouterr().err


def test_pre_commit_try_repo(tmp_path):
    _need_pre_commit()
    repo = tmp_path / "notes"
    repo.mkdir()
    good, bad, plain = _notes(repo)
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        PRE_COMMIT_HOME=str(tmp_path / "cache"),
        PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
    )
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)

    def hook(*files: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                "pre-commit",
                "try-repo",
                str(ROOT),
                "symconv-check-system",
                "--files",
                *[f.name for f in files],
            ],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    passed = hook(good, plain)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    failed = hook(good, bad)
    assert failed.returncode == 1
    assert "Failed" in failed.stdout and "bad.md:24: wrong:" in failed.stdout
