"""Every ``symconv`` line of README.md's code blocks, pasted into a shell, works.

Each line runs through bash in a fresh folder of its own, where ``symconv`` is this
checkout (``python -m symconv``), ``tests/`` is the repository's (read only) and
``derivations/`` a copy; ``mynet.toml`` holds the README's network file.  A line exits 0
unless it says ``# exits N: why`` (a check that reports a size-specific equation exits 1);
no line may print a traceback or an argparse usage error.  After a ``$ `` line (a
transcript) the output the README shows must appear, bar timings and what "…" elides.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
EXIT = re.compile(r"#.*\bexits (\d+):")
TIMING = re.compile(r"\(\d+(\.\d+)? s\)")  # "(2.8 s)": measured, not reproducible
# Lines that train, prove the whole LeNet-5, prove for every size or rebuild every document.
SLOW = re.compile(r"\btrain\b|\blenet\b|--general|\bbuild\b")
# Lines that run a tool symconv calls: skipped without it, except under CI (which has it).
TOOLS = {"pdflatex": re.compile(r"--format pdf|\.pdf\b")}


@dataclass
class Line:
    command: str
    expected: list[str] = field(default_factory=list)  # output shown after a "$ " line

    @property
    def exit_code(self) -> int:
        found = EXIT.search(self.command)
        return int(found[1]) if found else 0


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """The fenced code blocks of ``text``: (info string, lines)."""
    found, current, info = [], None, ""
    for raw in text.splitlines():
        if raw.startswith("```"):
            if current is None:
                current, info = [], raw[3:].strip()
            else:
                found.append((info, current))
                current = None
        elif current is not None:
            current.append(raw)
    return found


def readme_lines(text: str) -> list[Line]:
    """Every command line starting with ``symconv`` (continuations joined), in order."""
    lines: list[Line] = []
    for info, body in blocks(text):
        if info not in ("", "sh", "bash", "console"):
            continue
        pending, transcript = "", None
        for raw in body:
            if transcript is not None and not raw.startswith("$ "):
                if raw.strip() and raw.strip() != "…":
                    transcript.expected.append(raw)
                continue
            transcript = None
            prompt = raw.startswith("$ ")
            raw = raw[2:] if prompt else raw
            if not pending and not raw.startswith("symconv "):
                continue  # another command, or output (a benchmark's "symconv  0.102 s")
            pending += raw.strip()
            if pending.endswith("\\"):
                pending = pending[:-1].rstrip() + " "
                continue
            lines.append(Line(pending))
            transcript = lines[-1] if prompt else None
            pending = ""
    return lines


def network_file(text: str) -> str:
    """The README's network file: its one ``toml`` block."""
    (toml,) = [body for info, body in blocks(text) if info == "toml"]
    return "\n".join(toml) + "\n"


TEXT = README.read_text(encoding="utf-8")
LINES = readme_lines(TEXT)


def test_the_readme_has_the_lines_this_test_runs() -> None:
    """The extraction itself: the README's documented commands, with continuations."""
    commands = [line.command for line in LINES]
    assert len({_bare(c) for c in commands}) == len(commands) - 1  # `train lenet` twice
    assert any(
        c.startswith("symconv prove conv2d --input 6x7") and "--batch 2" in c for c in commands
    )
    for kind in ("tanh", "sigmoid", "relu", "softmax_cross_entropy"):
        assert any(c.startswith(f"symconv prove {kind}") for c in commands), kind
    assert not any("[" in _bare(c) or " | sigmoid" in c for c in commands)  # shell-safe
    check = next(line for line in LINES if line.command.startswith("symconv check "))
    assert check.exit_code == 1 and len(check.expected) == 4


def _bare(command: str) -> str:
    """The command without its comment: a line shown twice runs once."""
    return command.split("#")[0].strip()


def _params() -> list:
    seen: dict[str, Line] = {}
    for line in LINES:
        previous = seen.get(_bare(line.command))
        if previous is None or len(line.expected) > len(previous.expected):
            seen[_bare(line.command)] = line
    marks = [pytest.mark.slow]
    return [
        pytest.param(line, id=line.command[8:60], marks=marks if SLOW.search(line.command) else [])
        for line in seen.values()
    ]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A fresh working folder with the inputs the README's lines read."""
    (tmp_path / "tests").symlink_to(ROOT / "tests", target_is_directory=True)
    shutil.copytree(ROOT / "derivations", tmp_path / "derivations")
    (tmp_path / "mynet.toml").write_text(network_file(TEXT), encoding="utf-8")
    shim = tmp_path / "bin" / "symconv"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m symconv "$@"\n')
    shim.chmod(0o755)
    return tmp_path


@pytest.mark.parametrize("line", _params())
def test_readme_line_works_when_pasted(line: Line, folder: Path) -> None:
    for tool, needs in TOOLS.items():
        if needs.search(_bare(line.command)) and shutil.which(tool) is None:
            if os.environ.get("CI"):
                pytest.fail(f"{tool} is missing in CI; {line.command!r} needs it")
            pytest.skip(f"{tool} is not installed (CI installs it and never skips)")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PATH": f"{folder / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    done = subprocess.run(
        ["bash", "-c", line.command],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    shown = f"{line.command}\n--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr}"
    assert done.returncode == line.exit_code, shown
    for stream in (done.stdout, done.stderr):
        assert "Traceback" not in stream and "usage:" not in stream, shown
    out = TIMING.sub("", done.stdout)
    for expected in line.expected:
        # "…" stands for text the README leaves out (a path, the rest of a long line)
        pattern = ".*?".join(re.escape(part) for part in TIMING.sub("", expected).split("…"))
        assert re.search(pattern, out), f"README shows {expected!r}\n{shown}"
