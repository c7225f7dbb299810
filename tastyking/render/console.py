"""Rich consoles: tables on stdout, talk on stderr."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from rich.console import Console
from rich.status import Status

# Piped tables (to less, a file, a mail) keep their columns instead of Rich's 80.
_PIPE_WIDTH = 200


def _width(stream: object) -> int | None:
    if os.environ.get("COLUMNS") or getattr(stream, "isatty", lambda: False)():
        return None
    return _PIPE_WIDTH


@lru_cache(maxsize=1)
def out() -> Console:
    return Console(highlight=False, width=_width(sys.stdout))


@lru_cache(maxsize=1)
def err() -> Console:
    return Console(stderr=True, highlight=False, width=_width(sys.stderr))


# A wait shorter than this shows nothing: a spinner that flashes is noise.
SPINNER_DELAY = 0.5


@contextmanager
def waiting(message: str = "waiting for tastytrade", *,
            delay: float = SPINNER_DELAY) -> Iterator[None]:
    """A spinner on stderr for waits longer than `delay`, only when stderr is a terminal
    (never in a pipe, a file or cron); it is gone before anything is printed after it."""
    if not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
        yield
        return
    status = Status(message, console=err(), spinner="dots")
    lock = threading.Lock()
    state = {"started": False, "done": False}

    def start() -> None:
        with lock:
            if not state["done"]:
                status.start()
                state["started"] = True

    timer = threading.Timer(delay, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["started"]:
                status.stop()
