"""Reading a notes file: a regular file, at most MAX_FILE_BYTES, UTF-8 text."""

from __future__ import annotations

import os
import stat

from ..errors import SymconvError
from .limits import MAX_FILE_BYTES


def read_document(path: str) -> str:
    """The bytes of a regular file, at most MAX_FILE_BYTES of them, as text.

    Checked before reading: a device (``/dev/zero`` never ends), a FIFO (opening it blocks
    until a writer comes) or a directory is refused from its ``stat``; the file is then
    opened without blocking, checked again on the open descriptor (it may have been
    swapped in between) and read with a bound, so a file that grows is refused too.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise SymconvError(f"cannot read {path!r}: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise SymconvError(f"{path!r} is {_kind(mode)}; the rule: a regular file")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise SymconvError(f"cannot read {path!r}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SymconvError(f"{path!r} is {_kind(info.st_mode)}; the rule: a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise SymconvError(f"{path!r} has {info.st_size:,} bytes; the limit is "
                               f"{MAX_FILE_BYTES:,}")
        try:
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise SymconvError(f"cannot read {path!r}: {exc.strerror}") from None
    return decode(data, path)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def decode(data: bytes, name: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise SymconvError(f"{name!r} has {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")
    if b"\0" in data:
        raise SymconvError(f"{name!r} is a binary file; the rule: Markdown or LaTeX text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SymconvError(f"{name!r} is not UTF-8 (byte {exc.start}); the rule: UTF-8 "
                           "text") from None
