"""Files a user names: read only when regular and bounded, written never half-written and
never over an existing file without --force."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from symconv.errors import SymconvError

# A lecture-notes file, a network or a derivation spec: larger input is refused outright.
MAX_FILE_BYTES = 1_000_000


def refuse_existing(path: str | Path, force: bool) -> None:
    """Checked before any work, so a refused run costs nothing."""
    if Path(path).exists() and not force:
        raise SymconvError(f"output {str(path)!r} exists; the rule: pass --force to overwrite it")


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
        raise SymconvError(
            f"output directory {str(path.parent)!r} does not exist; the rule: create it first"
        )
    if path.is_dir():
        raise SymconvError(f"output {str(path)!r} is a directory; the rule: name a file")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise SymconvError(
            f"cannot write in {str(path.parent)!r}: {exc.strerror}; the rule: "
            "the output folder must be writable"
        ) from exc
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


def read_user_text(
    path: str | Path,
    what: str = "",
    error: type[SymconvError] = SymconvError,
    limit: int | None = None,
) -> str:
    """The bytes of a regular file a user named, at most ``limit`` of them, as UTF-8 text.

    Checked before reading: a device (``/dev/zero`` never ends), a FIFO (opening it blocks
    until a writer comes) or a directory is refused from its ``stat``; the file is then
    opened without blocking, checked again on the open descriptor (it may have been
    swapped in between) and read with a bound, so a file that grows is refused too.  ``what``
    ("network file ") prefixes the name in messages; ``error`` is the exception raised.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    name = f"{what}{str(path)!r}"
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise error(f"cannot read {name}: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise error(f"{name} is {_kind(mode)}; the rule: a regular file")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise error(f"cannot read {name}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{name} is {_kind(info.st_mode)}; the rule: a regular file")
        if info.st_size > limit:
            raise error(f"{name} has {info.st_size:,} bytes; the limit is {limit:,}")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise error(f"cannot read {name}: {exc.strerror}") from None
    return _decode(data, name, limit, error)


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _decode(data: bytes, name: str, limit: int, error: type[SymconvError] = SymconvError) -> str:
    if len(data) > limit:
        raise error(f"{name} has {len(data):,} bytes; the limit is {limit:,}")
    if b"\0" in data:
        raise error(f"{name} is a binary file; the rule: UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"{name} is not UTF-8 (byte {exc.start}); the rule: UTF-8 text") from None
