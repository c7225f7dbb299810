"""`sim`: the offline tastytrade, in the foreground."""

from __future__ import annotations

from typing import Annotated

import typer

SIM_HELP = """Serve an offline tastytrade on loopback (REST + DXLink), until Ctrl-C.

It speaks the real wire format, driven by a deterministic market model. Log in with
client secret `demo-secret` and refresh token `demo-refresh`, e.g.

  TASTYKING_CLIENT_SECRET=demo-secret TASTYKING_REFRESH_TOKEN=demo-refresh \\
    tastyking --env sandbox ... (with api_url = http://127.0.0.1:8765)

One journal line per request goes to stderr. Faults for testing clients:
--fault "status=503,count=2,path=/accounts/*/balances"; keys: path (glob), method,
status (400-599), count (0 = forever), retry_after, delay_ms, and the flags malformed,
drop, dry_run_errors and dry_run_warnings (a 201 dry-run that carries errors or a
warning). A bad setting or a port that cannot be bound exits 2.
"""


BOOKS = ("demo", "large")


def register(app: typer.Typer) -> None:
    app.command("sim", help=SIM_HELP)(sim)


def sim(
    host: Annotated[str, typer.Option(help="Loopback address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0 = any free port).")] = 8765,
    seed: Annotated[int, typer.Option(help="Market model seed.")] = 0,
    latency_ms: Annotated[int, typer.Option("--latency-ms", help="Added to every request.")] = 0,
    token_ttl: Annotated[int, typer.Option("--token-ttl", help="Access token life (s).")] = 900,
    fault: Annotated[list[str] | None, typer.Option(
        "--fault", help="Inject a fault (repeatable); see above.")] = None,
    now: Annotated[str | None, typer.Option(
        "--now", help="Pin the market clock, ISO 8601 with offset.")] = None,
    book: Annotated[str, typer.Option(
        "--book", help="demo (2 accounts) or large (3 accounts, 500+ positions).")] = "demo",
) -> None:
    from datetime import datetime

    from tastyking.config import is_loopback
    from tastyking.errors import UsageError
    from tastyking.sim.server import SimConfig, SimStartError, parse_fault, serve_forever

    if book not in BOOKS:
        raise UsageError(f"--book must be one of {', '.join(BOOKS)}")
    if not is_loopback(host):
        raise UsageError(f"the simulator binds loopback addresses only, not {host!r}")
    clock = None
    if now:
        try:
            pinned = datetime.fromisoformat(now)
        except ValueError:
            raise UsageError(f"--now: not an ISO 8601 time: {now!r}") from None
        if pinned.tzinfo is None:
            raise UsageError("--now needs a UTC offset, e.g. 2026-11-27T10:00:00-05:00")
        clock = lambda: pinned  # noqa: E731
    try:
        faults = [parse_fault(spec) for spec in fault or []]
    except ValueError as exc:
        raise UsageError(f"--fault: {exc}") from None
    config = SimConfig(host=host, port=port, seed=seed, latency_ms=latency_ms,
                       token_ttl=token_ttl, clock=clock, faults=faults, journal=True,
                       book=book)
    try:
        serve_forever(config)
    except SimStartError as exc:
        raise UsageError(f"sim: {exc}") from None
