"""Helpers shared by the tests (import them with ``from conftest import ...``)."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

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


def tool(name: str, package: str) -> str:
    """The path of a system tool the test needs: skipped where it is not installed, a
    failure under CI (where .ci/run installs it), so no missing tool hides a failure."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing in CI: install Debian's {package} in .ci/run")
    pytest.skip(f"{name} is not installed (Debian: {package})")


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
