"""Rich consoles: tables on stdout, talk on stderr."""

from __future__ import annotations

import os
import sys
from functools import lru_cache

from rich.console import Console

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
