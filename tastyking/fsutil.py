"""Atomic file writes: a reader sees the old file or the new one, never half of either.

    atomic_write(path, data)   str (UTF-8) or bytes

The data goes to a temporary file in the target's own directory (same file
system, so the rename is atomic), is flushed and fsync'd, then `os.replace`
puts it in place and the directory entry is fsync'd too. The directory is
created if missing. On any failure the temporary file is removed and the
existing file is left exactly as it was; the OSError propagates.

A new file gets the usual permissions (0666 minus the umask) rather than
mkstemp's 0600; an existing file keeps its mode.

A symlink is written through (its target gets the new content; the link stays a link).
A FIFO, device or directory is refused (`check_target`, also usable before any work is
done). Temporary files a killed run left behind for the same target, older than
STALE_AFTER seconds, are removed by the next write.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from pathlib import Path

STALE_AFTER = 600.0  # a temp file this old is no live writer's


def check_target(path: str | os.PathLike[str]) -> Path:
    """The regular file `path` names (through a symlink); OSError if it cannot be one."""
    if not str(path).strip():
        raise OSError(errno.EINVAL, "an empty path")
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    try:
        st = target.stat()
    except FileNotFoundError:
        return target
    except NotADirectoryError:
        raise OSError(errno.ENOTDIR, "a part of the path is not a directory") from None
    if stat.S_ISDIR(st.st_mode):
        raise OSError(errno.EISDIR, "it is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, "not a regular file (a FIFO, socket or device)")
    return target


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write `data` to `path` atomically; returns the path written."""
    target = check_target(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = target.parent
    directory.mkdir(parents=True, exist_ok=True)
    _remove_stale(target)
    mode = _mode_for(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            view = memoryview(payload)
            while view:
                written = fh.write(view)
                view = view[written:]
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(directory)
    return target


def _remove_stale(target: Path) -> None:
    """Temp files of this target that a killed run left (named as mkstemp names ours)."""
    cutoff = time.time() - STALE_AFTER
    for old in target.parent.glob(f".{target.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if old.is_file() and not old.is_symlink() and old.stat().st_mtime < cutoff:
                old.unlink()


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not possible on every platform (Windows).
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
