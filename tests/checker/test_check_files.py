"""Reading notes safely, and a closed output pipe on every verb.

A device or a FIFO given as the notes must be refused from its ``stat`` (``/dev/zero``
would be read until memory runs out; opening a FIFO blocks until a writer comes), a file
over the size limit before it is read, and ``symconv VERB ... | head -1`` must end with
no traceback once ``head`` has gone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from symconv.errors import SymconvError
from symconv.files import read_user_text

ROOT = Path(__file__).resolve().parent.parent.parent
NOTES = str(ROOT / "tests" / "data" / "check" / "seed001.md")


def test_a_device_is_refused_before_reading():
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this system")
    with pytest.raises(
        SymconvError,
        match=r"'/dev/zero' is a character device; the rule: "
        r"a regular file",
    ):
        read_user_text("/dev/zero")


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "notes.md"
    os.mkfifo(fifo)  # no writer: opening it for reading would block for ever
    with pytest.raises(SymconvError, match=r"is a FIFO \(named pipe\); the rule"):
        read_user_text(str(fifo))


def test_a_directory_and_a_missing_file(tmp_path):
    with pytest.raises(SymconvError, match="is a directory; the rule: a regular file"):
        read_user_text(str(tmp_path))
    with pytest.raises(SymconvError, match=r"cannot read .*No such file"):
        read_user_text(str(tmp_path / "absent.md"))


def test_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr("symconv.files.MAX_FILE_BYTES", 100)
    small, big = tmp_path / "small.md", tmp_path / "big.md"
    small.write_text("$a = b$\n" * 12)  # 96 bytes
    big.write_text("$a = b$\n" * 13)  # 104 bytes
    assert read_user_text(str(small)).count("\n") == 12
    with pytest.raises(SymconvError, match=r"has 104 bytes; the limit is 100"):
        read_user_text(str(big))


def test_network_and_spec_files_are_read_the_same_safe_way(tmp_path):
    """A network file or a derivation spec that is a FIFO or a device is refused before any
    read (``load_network`` once read /dev/zero until MemoryError)."""
    from symconv.errors import SpecError
    from symconv.notes.build import load_spec
    from symconv.spec.network import load_network

    fifo = tmp_path / "net.toml"
    os.mkfifo(fifo)
    with pytest.raises(SpecError, match=r"network file '.*net.toml' is a FIFO"):
        load_network(fifo)
    with pytest.raises(SymconvError, match=r"derivation spec '/dev/zero' is a character device"):
        load_spec(Path("/dev/zero"))
    (tmp_path / "bin.toml").write_bytes(b"input = [1]\0")
    with pytest.raises(SpecError, match=r"is a binary file; the rule: UTF-8 text"):
        load_network(tmp_path / "bin.toml")


def _with_closed_stdout(args: list[str]) -> subprocess.CompletedProcess:
    """Run ``python -m symconv ARGS`` writing into a pipe whose reader is already gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    try:
        return subprocess.run(
            [sys.executable, "-m", "symconv", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "args",
    [
        ["check", NOTES],
        ["check", NOTES, "--json"],
        ["shapes", "lenet"],
        ["prove", "conv1d", "--input", "4", "--kernel", "2"],
        ["derive", "conv1d", "--input", "4", "--kernel", "2"],
    ],
)
def test_a_closed_pipe_ends_quietly(args):
    done = _with_closed_stdout(args)
    assert done.stderr.decode() == ""
    assert done.returncode == 141  # 128 + SIGPIPE, as a tool killed by the signal


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"]])
def test_help_into_a_closed_pipe_is_quiet(args):
    done = _with_closed_stdout(args)  # argparse itself ignores the failed write
    assert done.stderr.decode() == "" and done.returncode in (0, 141)


def test_an_error_after_output_still_reports_on_stderr(tmp_path):
    notes = tmp_path / "n.md"
    notes.write_text("$$\\sigma(q) = \\frac{1}{2}$$\n")  # nothing checkable: exit 2
    done = _with_closed_stdout(["check", str(notes)])
    assert done.returncode == 141 and b"Traceback" not in done.stderr
