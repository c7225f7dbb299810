"""Bad input through the real CLI: refused with one line and the documented exit code,
before any request where it can be; never exit 1, never silently ignored."""

from __future__ import annotations

import errno
import json
import os

import pytest

SEARCHED = ("searched-data", "--json", "--no-input")
PREPARE = ("prepare-order", "strangle", "SPY", "--dte", "45", "--delta", "0.16", "--json")


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "unexpected" not in err and "Traceback" not in err
    return lines[0]


# ------------------------------------------------------------------------ --out


def test_a_failing_out_keeps_the_fetched_document_on_stdout(tk, sim_server, rewrite,
                                                             monkeypatch, tmp_path) -> None:
    rewrite(sim_server, [])

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    target = tmp_path / "snap.json"
    r = tk(*SEARCHED, "--out", str(target))
    assert r.code == 2
    assert "No space left" in one_line(r.err)
    assert json.loads(r.out)["ES"]  # the snapshot is not lost
    assert not target.exists() and os.listdir(tmp_path) == ["home"]


@pytest.mark.parametrize("command", [SEARCHED, PREPARE])
@pytest.mark.parametrize("where", ["", "   ", "dir", "fifo", "/dev/null", "file/below"])
def test_an_out_that_cannot_be_written_is_refused_before_any_request(
        tk, sim_server, rewrite, tmp_path, command, where: str) -> None:
    transport = rewrite(sim_server, [])
    (tmp_path / "dir").mkdir()
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "file").write_text("")
    out = where if where.strip() == "" or where.startswith("/") else str(tmp_path / where)
    r = tk(*command, "--out", out)
    assert r.code == 2, r.err
    assert "--out" in one_line(r.err)
    assert transport.sent == [] and r.out == ""


def test_out_onto_a_symlink_writes_through(tk, sim_server, rewrite, tmp_path) -> None:
    rewrite(sim_server, [])
    real = tmp_path / "real.json"
    real.write_text("{}\n")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    r = tk(*SEARCHED, "--out", str(link))
    assert r.code in (0, 6), r.err
    assert link.is_symlink() and json.loads(real.read_text())["ES"]

