"""`chain SYMBOL`: one expiration's calls and puts with quotes and Greeks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated, cast

import typer

from tastyking.cli.common import exit_partial_if, globals_of, run_api

if TYPE_CHECKING:
    from tastyking.services.chains.view import Source

JsonOpt = Annotated[bool, typer.Option("--json", help="JSON on stdout (same data as the table).")]


def register(app: typer.Typer) -> None:
    app.command("chain")(chain)


def chain(
    ctx: typer.Context,
    symbol: Annotated[str, typer.Argument(help="SPY, SPX, AAPL, /ES, /CL, ...")],
    expiration: Annotated[str | None, typer.Option(
        "--expiration", "-e", help="Expiration date YYYY-MM-DD (must be listed).")] = None,
    dte: Annotated[int | None, typer.Option(
        "--dte", help="The listed expiration nearest N days out.")] = None,
    strikes: Annotated[int, typer.Option(
        "--strikes", "-n", help="Strikes around the money.")] = 20,
    delta: Annotated[str | None, typer.Option(
        "--delta", help="Mark the call and put nearest this absolute delta in the whole "
        "expiration (their rows are added): 0.16, or 16 for 16 delta.")] = None,
    root: Annotated[str | None, typer.Option(
        "--root", help="Option root when a date has several (SPX or SPXW).")] = None,
    source: Annotated[str, typer.Option(
        "--source", hidden=True, help="rest (by-type snapshot) or stream (DXLink).")] = "rest",
    json_out: JsonOpt = False,
) -> None:
    """Option chain: bid/ask/mid, IV, Greeks and open interest around the money.

    Default expiration: the monthly nearest 45 days out.
    """
    from tastyking.services.chains.view import ChainRequest, chain_view, check_request

    req = ChainRequest(symbol=symbol, expiration=_date(expiration), dte=dte, strikes=strikes,
                       delta=_delta(delta), root=root, source=_source(source))
    check_request(req)  # before opening the API: bad input costs no request
    g = globals_of(ctx)
    view = run_api(g, lambda api: chain_view(api, req))
    from tastyking.render.console import err

    for note in view.notes:
        err().print(note, style="yellow")
    if view.missing:
        err().print(f"no data for {len(view.missing)} symbol(s): {', '.join(view.missing)}",
                    style="yellow")
    if json_out:
        from tastyking.render.jsonout import emit

        emit(view)
        exit_partial_if(view.missing)
        return
    from tastyking.render.chain import chain_table
    from tastyking.render.console import out

    out().print(chain_table(view, out().width))
    exit_partial_if(view.missing)


def _date(text: str | None) -> date | None:
    from tastyking.errors import UsageError

    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--expiration must be a date YYYY-MM-DD (got {text!r})") from None


def _delta(text: str | None) -> Decimal | None:
    from tastyking.errors import UsageError

    if text is None:
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise UsageError(f"--delta must be a number between 0 and 1 (got {text!r})") from None
    if not value.is_finite():
        raise UsageError(f"--delta must be a number between 0 and 1 (got {text!r})")
    from tastyking.domain.strategies import target_delta

    return target_delta(value)


def _source(text: str) -> Source:
    from tastyking.errors import UsageError

    if text in ("rest", "stream"):
        return cast("Source", text)
    raise UsageError(f"--source must be rest or stream (got {text!r})")
