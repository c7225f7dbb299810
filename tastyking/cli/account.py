"""`account` and `positions`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tastyking.cli.common import exit_partial_if, globals_of, run_api

JsonOpt = Annotated[bool, typer.Option("--json", help="JSON on stdout (same data as the table).")]


def register(app: typer.Typer) -> None:
    app.command("account")(account)
    app.command("positions")(positions)


def account(
    ctx: typer.Context,
    json_out: JsonOpt = False,
    framework: Annotated[bool, typer.Option(
        "--framework", help="The trading framework's account status (its keys; money in "
                            "pounds; one account: --account or the first).")] = False,
    line: Annotated[bool, typer.Option(
        "--line", help="The framework's one-line manual summary (implies --framework).")] = False,
    manual_file: Annotated[Path | None, typer.Option(
        "--manual-file", metavar="FILE", dir_okay=False,
        help='With --framework: values to use where the API fails, e.g. {"netLiq": 75000, '
             '"vixLevel": 15.2}.')] = None,
    history: Annotated[bool, typer.Option("--history", help="Net liq over --period.")] = False,
    period: Annotated[str, typer.Option(
        "--period", help="With --history: 1d, 1w, 1m, 3m, 6m, 1y or all.")] = "1m",
) -> None:
    """Balances, buying power and trading status for one account (--account) or all;
    with --history, net liq over a period."""
    from tastyking.services.accounts import overview

    g = globals_of(ctx)
    if history:
        from tastyking.cli.views import account_history

        if framework or line or manual_file is not None:
            from tastyking.errors import UsageError

            raise UsageError("--history is its own view: leave out --framework and --line")

        account_history(g, period, json_out)
        return
    if framework or line:
        from tastyking.cli.framework import framework_status

        framework_status(g, json_out=json_out, line=line, manual_file=manual_file)
        return
    if manual_file is not None:
        from tastyking.errors import UsageError

        raise UsageError("--manual-file goes with --framework or --line")
    views = run_api(g, lambda api: overview(api, g.settings().account))
    if json_out:
        from tastyking.render.jsonout import emit

        emit({"accounts": views})
        return
    from tastyking.render.accounts import accounts_table
    from tastyking.render.console import out

    out().print(accounts_table(views))


def positions(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """Positions grouped by underlying, with marks, unrealized P/L, DTE and strategy."""
    from tastyking.services.positions import positions_view

    g = globals_of(ctx)
    result = run_api(g, lambda api: positions_view(api, g.settings().account))
    from tastyking.render.console import err

    if json_out:
        from tastyking.render.jsonout import emit

        emit(result)
    else:
        from tastyking.render.accounts import positions_table
        from tastyking.render.console import out

        out().print(positions_table(result, out().width))
    if result.missing:
        err().print(f"unknown: {'; '.join(result.missing)}", style="yellow")
    if result.pnl_left_out:
        err().print(f"total P/L leaves out {result.pnl_left_out} position(s) with unknown "
                    "P/L", style="yellow")
    exit_partial_if(result.missing)
