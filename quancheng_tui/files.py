"""Files that appear whole or not at all, readable by their owner only.

Everything we write names people (forms, exports, copies of the database), so a
file is made 0600 and reaches its name only once complete: it is written into an
unnamed file in the target's folder (Linux O_TMPFILE; a kill -9 or a full disk
leaves nothing behind) or, where the file system has no unnamed files, a hidden
`.NAME.XXXX.part` that is removed on any failure, then flushed, fsynced and
linked or renamed onto the target.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

PRIVATE = 0o600
PRIVATE_DIR = 0o700
_O_TMPFILE = getattr(os, "O_TMPFILE", 0)


def temp_name(dest: Path) -> Path:
    """A hidden sibling of `dest` for a writer that needs a path (SQLite's backup API)."""
    return dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.part")


class NewFile:
    """`stream` is written, then `commit()` puts it at `dest`; `discard()` (or any failure) leaves nothing."""

    def __init__(self, dest: Path, *, overwrite: bool = True) -> None:
        self.dest = dest
        self.overwrite = overwrite
        self.committed = False
        self._named: Path | None = None
        fd = -1
        if _O_TMPFILE:
            try:
                fd = os.open(dest.parent, _O_TMPFILE | os.O_WRONLY, PRIVATE)
            except OSError:
                fd = -1  # no unnamed files here (some file systems, old kernels): a named one
        if fd < 0:
            self._named = temp_name(dest)
            fd = os.open(self._named, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
        self.stream: BinaryIO = os.fdopen(fd, "wb")

    def commit(self) -> Path:
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            if self._named is None:
                self._link_unnamed()
            elif self.overwrite:
                os.replace(self._named, self.dest)
            else:
                os.link(self._named, self.dest)  # refuses an existing name, unlike rename
                os.unlink(self._named)
            self._named = None
            self.committed = True
            _fsync_dir(self.dest.parent)
        finally:
            self.discard()
        return self.dest

    def _link_unnamed(self) -> None:
        proc = os.open("/proc", os.O_RDONLY)
        try:
            source = f"self/fd/{self.stream.fileno()}"
            if not self.overwrite:
                os.link(source, self.dest, src_dir_fd=proc, follow_symlinks=True)
                return
            staged = temp_name(self.dest)
            os.link(source, staged, src_dir_fd=proc, follow_symlinks=True)
            try:
                os.replace(staged, self.dest)
            except BaseException:
                staged.unlink(missing_ok=True)
                raise
        finally:
            os.close(proc)

    def discard(self) -> None:
        if not self.stream.closed:
            with contextlib.suppress(OSError):
                self.stream.close()
        if self._named is not None:
            self._named.unlink(missing_ok=True)
            self._named = None


@contextlib.contextmanager
def new_file(dest: Path, *, overwrite: bool = True) -> Iterator[BinaryIO]:
    """Write inside the block; the file appears at `dest` only if the block ends normally."""
    pending = NewFile(dest, overwrite=overwrite)
    try:
        yield pending.stream
        pending.commit()
    finally:
        pending.discard()


def write_bytes(dest: Path, data: bytes, *, overwrite: bool = True) -> Path:
    with new_file(dest, overwrite=overwrite) as fh:
        fh.write(data)
    return dest


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def wider_than_private(path: Path) -> int | None:
    """The mode of `path` if group or others may use it (0600 files, 0700 folders), else None."""
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        return None
    return mode if mode & 0o077 else None


MAX_INPUT = 64 * 1024 * 1024  # a catalog of 100,000 matters is ~30 MB; /dev/zero is endless


def read_input(path: Path, limit: int = MAX_INPUT) -> bytes:
    """A file given to import, read whole: a regular file of bounded size (never a device or a FIFO).

    Raises OSError (EINVAL for something that is not a regular file, EFBIG for one too large),
    which the readers turn into their one-line message.
    """
    import errno
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block the open
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit // (1024 * 1024)} MB")
    return data
