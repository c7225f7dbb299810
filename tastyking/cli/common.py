"""What every command shares: global options, the one async bridge, error → exit code,
and the command-line conventions people expect (global options anywhere, help that reflows).

Global options after the command: `tastyking account --account N --json` works.
People put options where they think of them. Click only reads the root's options
before the command name, so a global option that the command does not define itself is
moved in front of the command before parsing. A command's own option of the same name
(prepare-order --account) stays with the command.
"""

from __future__ import annotations

import asyncio
import inspect
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


# ---------------------------------------------------------------- conventions

# The root callback's options (app.py) and whether each takes a value.
GLOBALS = {"--env": True, "--account": True, "-a": True, "--config": True,
           "--verbose": False, "-v": False, "--debug": False, "--no-input": False}


def _takes_value(flag: str, table: dict[str, bool], token: str) -> bool:
    return table.get(flag, False) and "=" not in token


def hoist(argv: list[str], group: Any) -> list[str]:
    """`argv` with global options found after the command moved before it."""
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "--":
        i += 2 if _takes_value(argv[i].split("=", 1)[0], GLOBALS, argv[i]) else 1
    command = group.commands.get(argv[i]) if i < len(argv) else None
    if command is None:
        return argv
    own: dict[str, bool] = {}
    for param in command.params:
        takes = not getattr(param, "is_flag", False) and getattr(param, "nargs", 1) != 0 \
            and getattr(param, "param_type_name", "") == "option"
        for opt in (*param.opts, *getattr(param, "secondary_opts", [])):
            own[opt] = takes
    moved: list[str] = []
    rest: list[str] = []
    j = i + 1
    while j < len(argv):
        token = argv[j]
        if token == "--":
            rest += argv[j:]
            break
        name = token.split("=", 1)[0]
        if name in own:  # the command's own option, with its value if it takes one
            step = 2 if _takes_value(name, own, token) else 1
            rest += argv[j:j + step]
        elif name in GLOBALS:
            step = 2 if _takes_value(name, GLOBALS, token) else 1
            moved += argv[j:j + step]
        else:
            step = 1
            rest.append(token)
        j += step
    return argv[:i] + moved + [argv[i]] + rest


def reflow(doc: str | None) -> str | None:
    """A docstring as help text: the source's line breaks inside a paragraph become
    spaces, so the terminal wraps it at its own width; blank lines still part paragraphs."""
    if not doc:
        return doc
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def reflow_help(app: Any) -> None:
    """Reflow every registered command's help (given, or its docstring)."""
    for info in app.registered_commands:
        info.help = reflow(info.help or (info.callback.__doc__ if info.callback else None))
