"""The everyday read-only views: `orders`, `transactions`, `watchlist`, `margin`,
`expirations` and `search`. None of them can change anything at the broker."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from tastyking.cli.common import Globals, exit_partial_if, globals_of, run_api

JsonOpt = Annotated[bool, typer.Option("--json", help="JSON on stdout (same data as the table).")]
StartOpt = Annotated[str | None, typer.Option("--start", help="From this date (YYYY-MM-DD).")]
EndOpt = Annotated[str | None, typer.Option("--end", help="To this date (YYYY-MM-DD).")]
SymbolOpt = Annotated[str | None, typer.Option(
    "--symbol", help="An underlying (SPY, /ES) or one instrument's symbol.")]


def register(app: typer.Typer) -> None:
    for command in (orders, transactions, watchlist, margin, expirations, search):
        app.command(command.__name__)(command)


def _date(value: str | None, flag: str) -> date | None:
    from tastyking.errors import UsageError

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{flag}: not a date (YYYY-MM-DD): {value!r}") from None


def show(result: Any, json_out: bool, table: Any, missing: list[str]) -> None:
    """JSON or the table, then exit 6 if some values were unknown (named on stderr)."""
    if json_out:
        from tastyking.render.jsonout import emit

        emit(result)
    else:
        from tastyking.render.console import out

        out().print(table(result, out().width))
    if missing:
        from tastyking.render.console import err

        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        err().print(f"{len(missing)} values unknown: {', '.join(missing[:3])}{more}",
                    style="yellow")
    exit_partial_if(missing)


def account_history(g: Globals, period: str, json_out: bool) -> None:
    """`account --history`: net liq per account over the period (cli/account.py)."""
    from tastyking.render.views.history import history_table
    from tastyking.services.views.history import account_history as history_view

    result = run_api(g, lambda api: history_view(api, g.settings().account, period))
    show(result, json_out, history_table, result.missing)


def orders(
    ctx: typer.Context,
    history: Annotated[bool, typer.Option("--history", help="Past orders, not today's.")] = False,
    start: StartOpt = None, end: EndOpt = None, symbol: SymbolOpt = None,
    status: Annotated[str | None, typer.Option(
        "--status", help="Live, Filled, Cancelled, ... (comma-separated).")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Working orders (status, legs, price, time in force, fill progress), or --history.
    Read-only: nothing here cancels or replaces an order."""
    from tastyking.render.views.activity import orders_table
    from tastyking.services.views.activity import orders_view

    g = globals_of(ctx)
    s, e = _date(start, "--start"), _date(end, "--end")
    result = run_api(g, lambda api: orders_view(api, g.settings().account, history=history,
                                                start=s, end=e, symbol=symbol, status=status))
    show(result, json_out, orders_table, result.missing)


def transactions(
    ctx: typer.Context, start: StartOpt = None, end: EndOpt = None, symbol: SymbolOpt = None,
    kind: Annotated[str | None, typer.Option(
        "--type", help="Trade, Money Movement or Receive Deliver.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Transactions with gross, fees and net per row, totals per account and the period's
    total fees."""
    from tastyking.render.views.activity import transactions_table
    from tastyking.services.views.activity import transactions_view

    g = globals_of(ctx)
    s, e = _date(start, "--start"), _date(end, "--end")
    result = run_api(g, lambda api: transactions_view(api, g.settings().account, start=s,
                                                      end=e, symbol=symbol, kind=kind))
    show(result, json_out, transactions_table, result.missing)


def watchlist(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="A list's name; none lists them all.")]
    = None,
    json_out: JsonOpt = False,
) -> None:
    """Your watchlists and tastytrade's public ones; with NAME, its symbols with last,
    change, IV rank and percentile, beta, and days to earnings and to ex-dividend."""
    from tastyking.render.views.watchlist import lists_table, watchlist_table
    from tastyking.services.views.watchlist import watchlist_view

    g = globals_of(ctx)
    result = run_api(g, lambda api: watchlist_view(api, name))
    show(result, json_out, watchlist_table if name else lists_table, result.missing)


def margin(
    ctx: typer.Context,
    cap: Annotated[float | None, typer.Option(
        "--cap", help="Flag positions needing more than this % of net liq "
                      "(default: margin_position_cap_pct, 5).")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Margin requirement per underlying and per position, as % of net liq, and the
    account total; positions over the cap are flagged."""
    from tastyking.errors import UsageError
    from tastyking.render.views.margin import margin_table
    from tastyking.services.views.margin import margin_view

    g = globals_of(ctx)
    limit = cap if cap is not None else g.settings().margin_position_cap_pct
    if not 0 < limit <= 100:
        raise UsageError("--cap is a percentage of net liq, above 0 and at most 100")
    result = run_api(g, lambda api: margin_view(api, g.settings().account, limit))
    show(result, json_out, margin_table, result.missing)
    if result.over_cap and not json_out:
        from tastyking.render.console import err

        err().print(f"over the {limit:g}% cap: {', '.join(result.over_cap)}", style="yellow")


def expirations(
    ctx: typer.Context,
    symbol: Annotated[str, typer.Argument(help="An equity, index or futures product (/ES).")],
    json_out: JsonOpt = False,
) -> None:
    """Listed expirations with DTE, cycle (weekly, monthly, quarterly, end of month),
    AM/PM settlement, root (SPX vs SPXW) and strike count."""
    from tastyking.render.views.watchlist import expirations_table
    from tastyking.services.views.expirations import expirations_view

    g = globals_of(ctx)
    result = run_api(g, lambda api: expirations_view(api, symbol))
    show(result, json_out, expirations_table, result.missing)


def search(
    ctx: typer.Context,
    prefix: Annotated[str, typer.Argument(help="A symbol, the start of one, or of a name.")],
    json_out: JsonOpt = False,
) -> None:
    """Find a symbol: those starting with PREFIX, and names with a word that does."""
    from tastyking.render.views.watchlist import search_table
    from tastyking.services.search import search as search_symbols

    g = globals_of(ctx)
    result = run_api(g, lambda api: search_symbols(api, prefix))
    show(result, json_out, search_table, [])
