"""Helpers shared by the tests (import them with ``from conftest import ...``)."""

from __future__ import annotations

import copy
import functools
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np
import pytest

# a reader's internal error raises in every test (symconv.errors.STRICT_ENV): a user's run
# leaves that statement not understood and checks the rest, a test must see the bug
os.environ.setdefault("SYMCONV_STRICT", "1")

# Agreement with an independent computation (torch autograd, float64 NumPy): float64 results
# agree to rounding of a few hundred operations, float32 ones to about 1e-4 relative.
TOLERANCE = {np.dtype(np.float64): 1e-10, np.dtype(np.float32): 1e-4}


def assert_close(actual, expected, dtype=None, what: str = "", tol: float | None = None) -> None:
    """``actual`` equals ``expected`` (a NumPy array or a torch tensor) in shape, in dtype when
    ``dtype`` is given, and in value to ``tol`` (by default the dtype's TOLERANCE): relative,
    with the absolute part scaled by the largest expected entry (at least 1)."""
    if hasattr(expected, "detach"):  # a torch tensor; torch itself is not imported here
        expected = expected.detach().numpy()
    expected = np.asarray(expected, dtype=np.float64)
    actual = np.asarray(actual)
    assert actual.shape == expected.shape, (what, actual.shape, expected.shape)
    if dtype is not None:
        assert actual.dtype == np.dtype(dtype), (what, actual.dtype)
    if tol is None:
        tol = TOLERANCE[np.dtype(dtype if dtype is not None else actual.dtype)]
    scale = max(1.0, float(np.abs(expected).max(initial=0.0)))
    np.testing.assert_allclose(actual, expected, rtol=tol, atol=tol * scale, err_msg=what)


# ---------------------------------------------------------------- two workers, one schedule
# README's command runs the suite with ``-n auto --dist loadgroup --no-loadscope-reorder``:
# pytest-xdist hands a worker one xdist_group at a time, in collection order.  A test with no
# group of its own is grouped with its file (as ``--dist loadfile`` did), so a module's
# fixtures and cached documents are built on one worker.  A test marks a group of its own
# where several files need the same expensive work (``xdist_group("derivations")``: the
# committed derivations checked once, conftest.checked_file) or where one file is too much
# for one worker (test_check_unseen.py: a group per set).  Groups holding a slow case run
# first, so the last ones handed out are short and both workers finish together.
def _group(item: pytest.Item) -> str:
    mark = item.get_closest_marker("xdist_group")
    if mark is None:
        return item.nodeid.split("::")[0]
    return str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # a worker's own options say dist "no" and loadgroup True (xdist's remote.setup_config)
    if not (
        config.getoption("dist", "no") == "loadgroup" or getattr(config.option, "loadgroup", 0)
    ):
        return
    groups: dict[str, list[pytest.Item]] = {}
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(_group(item)))
        groups.setdefault(_group(item), []).append(item)
    slow = {
        name for name, group in groups.items() if any(i.get_closest_marker("slow") for i in group)
    }
    items[:] = [i for name in sorted(groups, key=lambda n: n not in slow) for i in groups[name]]


# ---------------------------------------------------------------- one check per document
# Several test modules check the same committed documents (derivations/, the unseen sets) or
# the same printed text; each (text, path, options) is checked once per session here.  The key
# is the text itself (a file's bytes, read on every call, so an edited file is checked
# again), the path (".tex" changes the reading, messages name it) and the options.  Every
# caller gets its own deep copy, so no test can change what another test reads.  Only for
# tests that patch nothing in symconv: a monkeypatched test must call check_text itself.
@functools.cache
def _checked(text: str, path: str, options: tuple[tuple[str, str], ...]):
    from symconv.checker.runner import check_text

    return check_text(text, path, dict(options) if options else None)


def checked_text(text: str, path: str = "<text>", settings: dict | None = None):
    """``check_text(text, path, settings)``, computed once per session (a fresh copy)."""
    return copy.deepcopy(_checked(text, path, tuple(sorted((settings or {}).items()))))


def checked_file(path, settings: dict | None = None):
    """``check_file(path, settings)``, computed once per session for the file's bytes."""
    from symconv.files import read_user_text

    return checked_text(read_user_text(str(path)), str(path), settings)


# ---------------------------------------------------------------- torch on one thread
# torch is the tests' oracle on tensors of a few dozen entries.  With its default intra-op
# pool (one thread per core) every call wakes the pool, whose OpenMP threads then spin
# waiting for more work: on the 2-core machine a conv2d on a 9x9 input took ~2 ms of CPU
# instead of ~6 us, so the truth modules' grids of torch calls (test_unseen_keys, the
# fa_hunt keys, the runtime's comparisons) spent most of their CPU spinning.  One thread
# computes the same values (float64 compared to TOLERANCE); each xdist worker is one
# process on one core anyway.  Set as soon as a collected module has imported torch, and
# checked again before each test (a test may import it first).
def _torch_on_one_thread() -> None:
    torch = sys.modules.get("torch")
    if torch is not None and hasattr(torch, "set_num_threads") and torch.get_num_threads() != 1:
        torch.set_num_threads(1)


def pytest_collectstart(collector: pytest.Collector) -> None:
    _torch_on_one_thread()


def pytest_runtest_setup(item: pytest.Item) -> None:
    _torch_on_one_thread()


def tool(name: str, package: str) -> str:
    """The path of a system tool the test needs: skipped where it is not installed, a
    failure under CI (where .ci/run installs it), so no missing tool hides a failure."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing in CI: install Debian's {package} in .ci/run")
    pytest.skip(f"{name} is not installed (Debian: {package})")


def chromium_screenshot(page: Path, shot: Path) -> None:
    """Headless Chromium lays out ``page`` (a file) and writes a PNG of it to ``shot``."""
    chromium = tool("chromium", "chromium")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--window-size=1000,1400",
                f"--screenshot={shot}",
                page.as_uri(),
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )


def distinct_rows(png: bytes) -> int:
    """How many different scanlines a PNG has (a blank page has one or two)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, height, data = 8, 0, b""
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        chunk = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            height = struct.unpack(">II", chunk[:8])[1]
        elif kind == b"IDAT":
            data += chunk
        pos += 12 + length
    raw = zlib.decompress(data)
    stride = len(raw) // height
    return len({raw[r * stride : (r + 1) * stride] for r in range(height)})


@pytest.fixture(autouse=True)
def _torch_default_dtype_unchanged():
    """No test may leave torch's default dtype changed: later tests build float32 models
    and compare them with torch modules made under the default (a global set once made one
    runtime test fail, depending on the order the tests ran in)."""
    import sys

    yield
    torch = sys.modules.get("torch")
    if torch is not None:  # torch's own default, float32, whatever a module did on import
        assert torch.get_default_dtype() == torch.float32, (
            f"torch's default dtype left at {torch.get_default_dtype()}"
        )
