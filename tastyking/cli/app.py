"""The Typer app: global options, command registration, and the error → exit-code edge.

Command modules import their heavy dependencies inside the command body so that
`tastyking --help` stays fast.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main

from tastyking import __version__
from tastyking.cli import account as account_cmds
from tastyking.cli import auth as auth_cmds
from tastyking.cli import chain as chain_cmds
from tastyking.cli import greeks as greeks_cmds
from tastyking.cli import order as order_cmds
from tastyking.cli import searched as searched_cmds
from tastyking.cli import sim as sim_cmds
from tastyking.cli import views as views_cmds
from tastyking.cli.common import Globals, debug_enabled, hoist, reflow_help

HELP = """tastyking: options trading at tastytrade from the command line.

It reads accounts, positions, chains and Greeks, builds the framework's searched-data snapshot, and prepares orders and dry-runs them with the broker. It never submits an order.

Try it offline first: `tastyking --env demo positions` runs against the built-in simulator (demo credentials: client secret `demo-secret`, refresh token `demo-refresh`).

Exit codes: 0 ok, 1 unexpected, 2 bad input, 3 not logged in or auth refused, 4 the API refused the request, 5 the API could not be reached, 6 partial data, 130 interrupted.
"""

app = typer.Typer(
    help=HELP,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"tastyking {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    env: Annotated[str | None, typer.Option(
        "--env", help="production, sandbox or demo (the offline simulator).",
        envvar=None)] = None,
    account: Annotated[str | None, typer.Option(
        "--account", "-a", help="Account number (default: config `account`, else all).")] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", help="TOML config file (default: the user config dir).",
        dir_okay=False)] = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Debug logging on stderr (secrets redacted).")] = False,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show tracebacks for errors (implies --verbose).")] = False,
    no_input: Annotated[bool, typer.Option(
        "--no-input", help="Never prompt (prompts are also skipped without a terminal).")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version.")] = False,
) -> None:
    from tastyking.logs import setup_logging

    setup_logging(verbose or debug)
    ctx.obj = Globals(env=env, account=account, config=config, verbose=verbose or debug,
                      debug=debug or debug_enabled(), no_input=no_input)


auth_cmds.register(app)
account_cmds.register(app)
chain_cmds.register(app)
greeks_cmds.register(app)
searched_cmds.register(app)
order_cmds.register(app)
views_cmds.register(app)
sim_cmds.register(app)
reflow_help(app)  # after every command is registered


def _fail(message: str, code: int, hint: str | None = None) -> int:
    from tastyking.logs import redact

    text = f"error: {message}"
    if hint:
        text += f" ({hint})"
    sys.stderr.write(printable(redact(text).replace("\n", " ")) + "\n")
    return code


def interrupted() -> int:
    """Ctrl-C (or SIGTERM/SIGHUP in a live view): one line, exit 130."""
    from tastyking.errors import ExitCode

    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write("interrupted\n")
        sys.stderr.flush()
    return ExitCode.INTERRUPTED


def printable(text: str) -> str:
    """Control characters from input (an escape sequence in a symbol or a file name)
    shown escaped, so an error line cannot move the cursor or recolour the terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


def _click_module() -> Any:
    """The click that typer runs on: recent typer vendors it as typer._click."""
    import importlib

    try:
        return importlib.import_module("typer._click")
    except ImportError:
        return importlib.import_module("click")


def main(argv: list[str] | None = None) -> None:
    from tastyking.errors import ExitCode, TastykingError

    click = _click_module()

    debug = debug_enabled() or "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        argv = hoist(list(sys.argv[1:] if argv is None else argv), typer.main.get_command(app))
        rv = app(args=argv, standalone_mode=False, prog_name="tastyking")
        code = rv if isinstance(rv, int) else 0
        if code == ExitCode.INTERRUPTED:  # typer turns Ctrl-C into a silent Exit(130)
            code = interrupted()
    except TastykingError as exc:
        if debug:
            import traceback

            traceback.print_exc()
        code = _fail(exc.message, exc.exit_code, exc.hint)
    except typer.Exit as exc:
        code = exc.exit_code
        if isinstance(exc.__cause__, KeyboardInterrupt):  # typer's way of saying Ctrl-C
            code = interrupted()
    except (typer.Abort, KeyboardInterrupt):
        code = interrupted()
    except click.exceptions.UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            code = ExitCode.USAGE  # the help is already printed: no error line to add
        else:
            code = _fail(exc.format_message(), ExitCode.USAGE)
    except click.exceptions.ClickException as exc:
        code = _fail(exc.format_message(), ExitCode.USAGE)
    except BrokenPipeError:
        code = ExitCode.OK  # `| head` closed the pipe: not an error of ours
        sys.stderr.close()
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if debug:
            import traceback

            traceback.print_exc()
        code = _fail(f"unexpected {type(exc).__name__}: {exc}", ExitCode.UNEXPECTED,
                     "run with --debug for a traceback")
    sys.exit(code)
