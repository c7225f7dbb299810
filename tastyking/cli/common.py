"""What every command shares: global options, the one async bridge, error → exit code."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

if TYPE_CHECKING:
    from tastyking.api.client import ApiClient
    from tastyking.config import Settings

T = TypeVar("T")


@dataclass
class Globals:
    env: str | None = None
    account: str | None = None
    config: Path | None = None
    verbose: bool = False
    debug: bool = False
    no_input: bool = False
    _settings: Settings | None = field(default=None, repr=False)

    def settings(self, **overrides: Any) -> Settings:
        if self._settings is None or overrides:
            from tastyking.config import load_settings

            s = load_settings(self.config, env=self.env, account=self.account, **overrides)
            if overrides:
                return s
            self._settings = s
        return self._settings

    def can_prompt(self) -> bool:
        """Prompts only for a person at a terminal, and never with --no-input."""
        return not self.no_input and sys.stdin.isatty()


def globals_of(ctx: typer.Context) -> Globals:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Globals) else Globals()


def run_api(g: Globals, work: Callable[[ApiClient], Awaitable[T]], *, bounded: bool = True) -> T:
    """Open the API (starting the demo simulator if asked) and run `work` to completion.

    This is the one place asyncio.run is called for API commands. `bounded=False` is
    for live views (`--watch`) that run until Ctrl-C; their requests stay bounded.
    """
    from tastyking.services.session import demo_server, open_api

    settings = g.settings()

    async def main(base_url: str | None) -> T:
        async with open_api(settings, base_url) as api:
            if not bounded:
                return await work(api)
            return await asyncio.wait_for(work(api), timeout=settings.command_timeout + 5)

    from contextlib import nullcontext

    from tastyking.render.console import waiting

    # A spinner on a terminal's stderr for slow answers; not for live views or --verbose.
    spinner = waiting() if bounded and not g.verbose else nullcontext()
    with spinner, demo_server(settings, journal=g.verbose) as url:
        try:
            return asyncio.run(main(url))
        except TimeoutError:
            from tastyking.errors import ApiUnreachable

            raise ApiUnreachable(
                f"the command did not finish within {settings.command_timeout:.0f} s"
            ) from None


def debug_enabled() -> bool:
    return os.environ.get("TASTYKING_DEBUG", "") not in ("", "0")


def status(message: str) -> None:
    """Progress and notes for people: stderr, never stdout."""
    from tastyking.render.console import err

    err().print(message, style="dim")


def exit_partial_if(missing: list[str]) -> None:
    """After the output: values left unknown make the run partial (exit 6), never ok."""
    if missing:
        from tastyking.errors import ExitCode

        raise typer.Exit(ExitCode.PARTIAL)
