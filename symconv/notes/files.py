"""Writing outputs: never half-written, never over an existing file without --force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import SymconvError


def refuse_existing(path: str | Path, force: bool) -> None:
    """Checked before any work, so a refused run costs nothing."""
    if Path(path).exists() and not force:
        raise SymconvError(f"output {str(path)!r} exists; the rule: pass --force to "
                           "overwrite it")


def write_atomic(path: str | Path, text: str) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path`` in one step."""
    path = Path(path)
    if not path.parent.is_dir():
        raise SymconvError(f"output directory {str(path.parent)!r} does not exist; the rule: "
                           "create it first")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
