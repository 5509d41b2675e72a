"""Writing outputs: never half-written, never over an existing file without --force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import SymconvError


def refuse_existing(path: str | Path, force: bool) -> None:
    """Checked before any work, so a refused run costs nothing."""
    if Path(path).exists() and not force:
        raise SymconvError(f"output {str(path)!r} exists; the rule: pass --force to "
                           "overwrite it")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write ``content`` beside ``path``, then rename it over ``path`` in one step.

    ``content`` is text (written as UTF-8) or bytes (NumPy archives and images, rendered in
    memory first).  A failure at any point leaves no file behind.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise SymconvError(f"output directory {str(path.parent)!r} does not exist; the rule: "
                           "create it first")
    if path.is_dir():
        raise SymconvError(f"output {str(path)!r} is a directory; the rule: name a file")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise SymconvError(f"cannot write in {str(path.parent)!r}: {exc.strerror}; the rule: "
                           "the output folder must be writable") from exc
    try:
        if isinstance(content, bytes):
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(content)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SymconvError(f"cannot write {str(path)!r}: {exc.strerror}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
