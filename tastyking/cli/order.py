"""`prepare-order`: build an options order, dry-run it with the broker, never submit it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tastyking.cli.common import globals_of, run_api, status

HELP = (
    "Prepare an options order and dry-run it with the broker. It is NEVER submitted.\n\n"
    "STRATEGY is single, vertical, strangle, iron-condor, butterfly or custom; UNDERLYING an "
    "equity, ETF, index (SPY, SPX) or futures product (/ES). Strikes come from --strike, "
    "--put/--call, or the nearest --delta; wings are --width points further out of the "
    "money. The price defaults to the net mid on the tick grid.\n\n"
    "Without --expiration or --dte, the expiration is the listed one nearest the "
    "strategy's default DTE: strangle 90, iron-condor 112, others 45 (the framework's); "
    "the review says which was chosen and why.\n\n"
    "Prints a review (legs, net price, buying-power effect, fees, max profit/loss, "
    "breakevens, the broker's warnings); --json prints one document whose `order` is the "
    "API body, ready for manual entry.\n\n"
    "Exit codes: 0 prepared and accepted by the dry-run; 2 bad input; 4 the broker rejected "
    "it (reasons shown); 5 the API is needed but unreachable; 6 prepared but not clean: "
    "offline, NOT validated by the broker, or accepted with a warning that is not "
    "informational (`dry_run` in the JSON says which)."
)


def register(app: typer.Typer) -> None:
    app.command("prepare-order", help=HELP)(prepare_order)


Opt = typer.Option


def prepare_order(
    ctx: typer.Context,
    strategy: Annotated[str, typer.Argument(
        help="single, vertical, strangle, iron-condor, butterfly or custom.")],
    underlying: Annotated[str, typer.Argument(help="SPY, SPX, /ES ...")],
    side: Annotated[str | None, Opt(
        "--side", help="buy or sell (single; vertical: sell = credit, buy = debit).")] = None,
    option_type: Annotated[str | None, Opt("--type", help="call or put.")] = None,
    expiration: Annotated[str | None, Opt("--expiration", help="YYYY-MM-DD, listed.")] = None,
    dte: Annotated[int | None, Opt(
        "--dte", help="Nearest listed expiration to this many days (0 = 0DTE); default: "
        "strangle 90, iron-condor 112, others 45.")] = None,
    strike: Annotated[str | None, Opt(
        "--strike", help="Strike (single; vertical's near leg; butterfly's body).")] = None,
    call: Annotated[str | None, Opt("--call", help="Short call strike.")] = None,
    put: Annotated[str | None, Opt("--put", help="Short put strike.")] = None,
    delta: Annotated[str | None, Opt(
        "--delta", help="Target |delta| instead of a strike: 0.16, or 16 for 16 delta.")] = None,
    width: Annotated[str | None, Opt("--width", help="Wing width in points.")] = None,
    quantity: Annotated[int, Opt("--quantity", "-q", help="Number of structures.")] = 1,
    price: Annotated[str | None, Opt(
        "--price", help="Limit price per structure, positive (default: net mid).")] = None,
    effect: Annotated[str | None, Opt(
        "--effect", help="credit or debit (custom orders whose quotes cannot say).")] = None,
    order_type: Annotated[str, Opt(
        "--order-type", help="Limit, Market, Stop or 'Stop Limit'.")] = "Limit",
    tif: Annotated[str, Opt("--tif", help="Day, GTC or GTD.")] = "Day",
    gtd_date: Annotated[str | None, Opt("--gtd-date", help="YYYY-MM-DD for --tif GTD.")] = None,
    stop_trigger: Annotated[str | None, Opt(
        "--stop-trigger", help="Trigger price for Stop / Stop Limit.")] = None,
    leg: Annotated[list[str] | None, Opt(
        "--leg", help='Custom leg "STO 1 P 5000" [YYYY-MM-DD]; repeatable.')] = None,
    legs_file: Annotated[Path | None, Opt(
        "--legs-file", help="JSON list of custom legs.", dir_okay=False)] = None,
    root: Annotated[str | None, Opt(
        "--root", help="Option root when a date has two (SPX/SPXW).")] = None,
    account: Annotated[str | None, Opt(
        "--account", "-a", help="Account for the dry-run (default: config, else the first).")]
    = None,
    json_out: Annotated[bool, Opt("--json", help="One JSON document on stdout.")] = False,
    out: Annotated[Path | None, Opt(
        "--out", help="Also write the JSON document to FILE (atomically).", dir_okay=False)]
    = None,
) -> None:
    from tastyking.errors import ExitCode, PreflightFailed
    from tastyking.services.orders.intent import parse_intent
    from tastyking.services.orders.prepare import prepare

    g = globals_of(ctx)
    intent = parse_intent(
        strategy, underlying, side=side, option_type=option_type, expiration=expiration,
        dte=dte, strike=strike, call=call, put=put, delta=delta, width=width,
        quantity=quantity, price=price, effect=effect, order_type=order_type, tif=tif,
        gtd_date=gtd_date, stop_trigger=stop_trigger, legs=leg, legs_file=legs_file,
        root=root, account=account or g.settings().account,
    )
    if out is not None and str(out) == ".":  # typer reads '' as '.'
        from tastyking.errors import UsageError

        raise UsageError("--out needs a file name (got '' or '.')")
    if out is not None:  # before any request: an --out that can never be written
        from tastyking.errors import UsageError
        from tastyking.fsutil import check_target

        try:
            check_target(out)
        except OSError as exc:
            raise UsageError(f"--out {str(out)!r}: cannot write there: "
                             f"{exc.strerror or exc}") from None
    result = run_api(g, lambda api: prepare(api, intent))

    from tastyking.render.jsonout import dumps

    if json_out:
        from tastyking.render.jsonout import emit

        emit(result)
    else:
        from tastyking.render.console import out as stdout
        from tastyking.render.order import review_view

        stdout().print(review_view(result, stdout().width))
    if result.dry_run == "rejected":
        reasons = "; ".join(f"{e.code}: {e.message}" if e.code else e.message
                            for e in result.review.errors) or "no reason given"
        if out is not None:
            status(f"not written: {out} (the broker rejected the order)")
        raise PreflightFailed(f"the broker rejected the order: {reasons}")
    if out is not None:
        from tastyking.errors import UsageError
        from tastyking.fsutil import atomic_write

        try:
            atomic_write(out, dumps(result) + "\n")
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc.strerror}") from None
        status(f"wrote {out}")
    if result.dry_run == "not_run":
        from tastyking.render.console import err

        err().print("WARNING: the API could not be reached: the broker has NOT validated "
                    "this order.", style="bold yellow")
        raise typer.Exit(ExitCode.PARTIAL)
    if result.dry_run == "accepted_with_warnings":
        from tastyking.render.console import err

        codes = ", ".join(w.code or "?" for w in result.review.warnings if not w.informational)
        err().print(f"WARNING: the broker warned about this order ({codes}): it would be "
                    "rejected if submitted as it is.", style="bold yellow")
        raise typer.Exit(ExitCode.PARTIAL)
    if result.review.missing:
        from tastyking.render.console import err

        err().print(f"unknown: {', '.join(result.review.missing)}", style="yellow")
        raise typer.Exit(ExitCode.PARTIAL)
