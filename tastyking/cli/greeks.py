"""`greeks`: position and portfolio Greeks, beta-weighted delta, alerts; `--watch` live."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tastyking.cli.common import Globals, exit_partial_if, globals_of, run_api

if TYPE_CHECKING:
    from tastyking.api.client import ApiClient
    from tastyking.domain.alerts import GreeksThresholds

JsonOpt = Annotated[bool, typer.Option("--json", help="JSON on stdout (same data as the table).")]


def register(app: typer.Typer) -> None:
    app.command("greeks")(greeks)


def greeks(
    ctx: typer.Context,
    watch: Annotated[bool, typer.Option(
        "--watch", "-w", help="Refresh live from the stream until Ctrl-C (needs a terminal).")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Delta, gamma, theta ($/day), vega and rho per position and for the portfolio,
    beta-weighted delta against SPY, and alerts past the configured thresholds."""
    from tastyking.errors import UsageError
    from tastyking.services.greeks.portfolio import greeks_view, thresholds_from

    if watch:
        if json_out:
            raise UsageError("--watch draws a live table; use --json without --watch")
        if not (sys.stdout.isatty() and sys.stdin.isatty()):
            raise UsageError("--watch needs a terminal; without one, run `greeks --json`")
    g = globals_of(ctx)
    s = g.settings()
    limits = thresholds_from(s.alert_delta, s.alert_theta, s.alert_vega)
    if watch:
        _watch(g, limits)
        return
    result = run_api(g, lambda api: greeks_view(api, s.account, limits))
    if json_out:
        from tastyking.render.console import err
        from tastyking.render.jsonout import emit

        if result.missing:  # the table shows this itself
            err().print(f"no data for: {', '.join(result.missing)}", style="yellow")
        emit(result)
    else:
        from tastyking.render.console import out
        from tastyking.render.greeks import greeks_renderable

        out().print(greeks_renderable(result, out().width))
    exit_partial_if(result.missing)


def _watch(g: Globals, limits: GreeksThresholds) -> None:
    import os
    import signal

    from rich.live import Live

    from tastyking.render.console import out
    from tastyking.render.greeks import greeks_renderable
    from tastyking.services.greeks.live import watch_greeks

    account = g.settings().account
    ended_by: list[int] = []
    # The view ends with Ctrl-C, and SIGTERM/SIGHUP end it by re-sending SIGINT. A process
    # started as a non-interactive shell's background job inherits SIGINT *ignored* (and
    # Python then installs no handler, nor does asyncio): nothing could end the view. It
    # runs only on a terminal, where Ctrl-C is the documented way out, so take SIGINT back.
    if signal.getsignal(signal.SIGINT) in (signal.SIG_IGN, signal.SIG_DFL, None):
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def as_ctrl_c(signum: int, frame: object) -> None:
        # SIGTERM / SIGHUP end the view the way Ctrl-C does (asyncio cancels the task and
        # Live restores the terminal); the run then exits 130, not 0.
        ended_by.append(signum)
        os.kill(os.getpid(), signal.SIGINT)

    async def live(api: ApiClient) -> None:
        # asyncio's Ctrl-C handler cancels this task (Live then restores the terminal),
        # but raises a KeyboardInterrupt on a second Ctrl-C wherever the teardown is:
        # pass it the first one only.
        cancel = signal.getsignal(signal.SIGINT)

        def first_ctrl_c(signum: int, frame: Any) -> None:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            if callable(cancel):
                cancel(signum, frame)

        signal.signal(signal.SIGINT, first_ctrl_c)
        with Live(console=out(), auto_refresh=False, transient=False) as view:
            async for result in watch_greeks(api, account, limits):
                view.update(greeks_renderable(result, out().width, live=True), refresh=True)

    wanted = [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {s: signal.signal(s, as_ctrl_c) for s in wanted}

    try:
        run_api(g, live, bounded=False)
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a live view ends
    finally:
        # A second Ctrl-C (or a signal) during the teardown must not leave the cursor
        # hidden: ignore them while the terminal is put back.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for s, handler in previous.items():
            signal.signal(s, handler)
        out().show_cursor(True)
        # SIGINT stays ignored: the run is over, and a late second Ctrl-C must not turn
        # the clean exit into a death by signal.
    if ended_by:
        from tastyking.errors import ExitCode

        raise typer.Exit(ExitCode.INTERRUPTED)
