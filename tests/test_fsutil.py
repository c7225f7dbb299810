"""Atomic writes: the old file survives any failure; no temporary files are left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tastyking import fsutil
from tastyking.fsutil import atomic_write


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A directory of its own (the hermetic fixture puts a home in the usual tmp_path)."""
    d = tmp_path / "out"
    d.mkdir()
    return d


def test_writes_text_and_creates_missing_directories(out: Path) -> None:
    target = out / "a" / "b" / "snap.json"
    assert atomic_write(target, '{"x": 1}\n') == target
    assert target.read_text() == '{"x": 1}\n'
    assert os.listdir(target.parent) == ["snap.json"]


def test_replaces_an_existing_file_and_keeps_its_mode(out: Path) -> None:
    target = out / "snap.json"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write(target, b"new bytes")
    assert target.read_bytes() == b"new bytes"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_gets_umask_permissions_not_0600(out: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write(out / "n.json", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((out / "n.json").stat().st_mode) == 0o644


def test_failure_mid_write_leaves_the_old_content_and_no_temp_file(
        out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = out / "snap.json"
    target.write_text("old complete document")
    seen: list[int] = []

    def full_disk(fd: int) -> None:
        # the new bytes are in the temp file by now: fail as a full disk would
        seen.append(os.fstat(fd).st_size)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        atomic_write(target, "x" * 100_000)
    assert seen == [100_000]
    assert target.read_text() == "old complete document"
    assert os.listdir(out) == ["snap.json"]


def test_failed_rename_leaves_the_old_content(out: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    target = out / "snap.json"
    target.write_text("old")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fsutil.os, "replace", refuse)
    with pytest.raises(PermissionError):
        atomic_write(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(out) == ["snap.json"]


def test_a_reader_never_sees_a_partial_file(out: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """While the new data is being written, the target still holds the old file whole."""
    target = out / "snap.json"
    target.write_text("old")
    during: list[str] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        if not during:
            during.append(target.read_text())
        real_fsync(fd)

    monkeypatch.setattr(fsutil.os, "fsync", spy)
    atomic_write(target, "new")
    assert during == ["old"]
    assert target.read_text() == "new"


def test_a_directory_in_the_way_is_an_error(out: Path) -> None:
    (out / "snap.json").mkdir()
    with pytest.raises(IsADirectoryError):
        atomic_write(out / "snap.json", "x")
    assert sorted(os.listdir(out)) == ["snap.json"]


def test_a_symlink_is_written_through_and_stays_a_link(out: Path) -> None:
    real = out / "real.json"
    real.write_text("old\n")
    link = out / "link.json"
    link.symlink_to(real)
    assert atomic_write(link, "new\n") == real
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new\n"
    assert sorted(os.listdir(out)) == ["link.json", "real.json"]


def test_a_fifo_is_refused_without_blocking(out: Path) -> None:
    fifo = out / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        atomic_write(fifo, "x")
    assert stat.S_ISFIFO(fifo.stat().st_mode) and os.listdir(out) == ["pipe"]
    with pytest.raises(OSError, match="not a regular file"):
        atomic_write("/dev/null", "x")


def test_a_killed_runs_temp_file_is_cleaned_by_the_next_write(out: Path) -> None:
    target = out / "snap.json"
    stale = out / ".snap.json.abc123.tmp"  # what mkstemp names ours
    stale.write_text('{"half": ')
    old = os.stat(stale).st_mtime - fsutil.STALE_AFTER - 5
    os.utime(stale, (old, old))
    fresh = out / ".snap.json.def456.tmp"  # a live writer's: left alone
    fresh.write_text("")
    other = out / ".other.json.abc123.tmp"  # another target's: left alone
    other.write_text("")
    os.utime(other, (old, old))
    atomic_write(target, "{}\n")
    assert sorted(os.listdir(out)) == [".other.json.abc123.tmp", ".snap.json.def456.tmp",
                                       "snap.json"]


def test_an_empty_path_is_refused(out: Path) -> None:
    with pytest.raises(OSError, match="empty path"):
        fsutil.check_target("")
