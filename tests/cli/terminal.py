"""Run the CLI in a pseudo-terminal of a given size, as a person at a desk sees it."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass

from tests.conftest import ROOT

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def _shown(raw: bytes) -> str:
    """Roughly what stays on screen: escape codes removed, and a line rewritten after a
    carriage return (a spinner) keeps only its last version."""
    lines = []
    for line in ANSI.sub("", raw.decode("utf-8", "replace")).split("\n"):
        parts = [p for p in line.split("\r") if p]
        lines.append(parts[-1] if parts else "")
    return "\n".join(lines)


@dataclass
class Screen:
    code: int
    text: str  # what the terminal showed, escape codes removed
    raw: bytes

    def lines(self) -> list[str]:
        return self.text.splitlines()


def sim_env(server: object, **extra: str) -> dict[str, str]:
    return {"TASTYKING_ENV": "sandbox", "TASTYKING_API_URL": server.base_url,  # type: ignore[attr-defined]
            "TASTYKING_CLIENT_SECRET": "demo-secret", "TASTYKING_REFRESH_TOKEN": "demo-refresh",
            **extra}


def in_terminal(*args: str, env: dict[str, str], columns: int = 80, rows: int = 50,
                stdout_tty: bool = True, timeout: float = 60) -> Screen:
    """Run `tastyking ARGS` with stdin and stderr (and stdout, unless `stdout_tty` is
    False) on a pty `columns` wide; returns what was shown and the exit code."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    full = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    full.update({"TERM": "xterm-256color", **env})
    proc = subprocess.Popen(
        [sys.executable, "-m", "tastyking", *args], stdin=slave, stderr=slave,
        stdout=slave if stdout_tty else subprocess.DEVNULL, env=full, cwd=ROOT,
        start_new_session=True)
    os.close(slave)
    seen = b""
    end = time.monotonic() + timeout
    try:
        while time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return Screen(code, _shown(seen), seen)


def on_terminal(*args: str) -> tuple[subprocess.Popen[bytes], int]:
    """The CLI with a pseudo-terminal as stdin and stderr (a person), JSON to a pipe;
    returns the process and the terminal's master end."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "tastyking", *args],
                            stdin=slave, stderr=slave, stdout=subprocess.PIPE, cwd=ROOT)
    os.close(slave)
    return proc, master


def answer_prompts(master: int, first: bytes, exchanges: tuple[tuple[bytes, bytes], ...],
                   timeout: float = 20) -> None:
    """Wait for `first`, then type each answer after its prompt shows (each prompt is
    looked for after the previous one, so a prompt asked again is seen again)."""
    seen = b""

    def expect(text: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while text not in seen:
            left = deadline - time.monotonic()
            assert left > 0, f"never saw {text!r} in {seen.decode(errors='replace')}"
            if select.select([master], [], [], left)[0]:
                seen += os.read(master, 4096)

    expect(first)
    for prompt, answer in exchanges:
        expect(prompt)
        seen = seen[seen.index(prompt) + len(prompt):]
        os.write(master, answer + b"\n")


class WatchRun:
    """`tastyking greeks --watch` against `server` on a 200x50 pseudo-terminal, in its
    own session (as a terminal's foreground job); a context manager that never leaves
    the process behind."""

    def __init__(self, server: object) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        env = {**os.environ, **sim_env(server), "TERM": "xterm-256color",
               "COLUMNS": "200", "LINES": "50"}
        self.proc = subprocess.Popen([sys.executable, "-m", "tastyking", "greeks", "--watch"],
                                     stdin=slave, stdout=slave, stderr=slave, env=env,
                                     cwd=ROOT, start_new_session=True)
        os.close(slave)
        self.seen = b""

    def __enter__(self) -> WatchRun:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)

    def read_until(self, marker: bytes, timeout: float, times: int = 1) -> bool:
        end = time.monotonic() + timeout
        while self.seen.count(marker) < times and time.monotonic() < end:
            if select.select([self.master], [], [], 0.1)[0]:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:  # the process is gone and its output read
                    break
        return self.seen.count(marker) >= times

    def end_with(self, signals: list[int]) -> int:
        """Send `signals`, keep draining the terminal while it exits (a full pty buffer
        would block it), and return the exit code once everything it drew is read."""
        for s in signals:
            os.kill(self.proc.pid, s)
            time.sleep(0.02)
        # A hang guard, not a speed check: a loaded machine may take its time to exit.
        end = time.monotonic() + 30
        while self.proc.poll() is None and time.monotonic() < end:
            self.read_until(b"\x00never", 0.1)
        code = self.proc.wait(timeout=1)
        self.read_until(b"\x00never", 0.5)  # what is left in the pty, up to its end
        return code
