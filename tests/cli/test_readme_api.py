"""README's "Python API" snippet runs as pasted and prints what the README says it prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- python-api -->"


def snippet_and_output() -> tuple[str, str]:
    """The python block after the marker, and the block after the word "prints"."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text.split(MARKER, 1)[1]
    code = after.split("```python\n", 1)[1].split("```", 1)[0]
    rest = after.split("```", 2)[2]
    assert rest.lstrip().startswith("prints"), "the snippet's output must follow it"
    shown = rest.split("```text\n", 1)[1].split("```", 1)[0]
    return code, shown


def test_the_python_api_snippet_prints_what_the_readme_shows(tmp_path):
    code, shown = snippet_and_output()
    assert "import symconv" in code and code.count("\n") > 5
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    }
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout == shown
