"""`greeks --watch`: the snapshot, then fresh results as the DXLink stream moves.

Greeks events refresh each option's per-contract values; Quote events refresh the
prices that stock positions and the beta weighting use.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from tastyking.api.client import ApiClient
from tastyking.domain.alerts import GreeksThresholds
from tastyking.services.greeks.portfolio import (
    SPY,
    Book,
    GreeksResult,
    apply_greeks,
    compute,
    load_book,
    option_streamers,
)
from tastyking.services.quotes import option_values, to_decimal
from tastyking.stream import Event


def _quote_streamers(book: Book) -> dict[str, str]:
    """Streamer symbol -> price key, for the prices the stream can refresh."""
    out = {SPY: SPY}
    out.update({streamer: future for future, streamer in book.streamers.items()})
    for h in book.holdings:
        if not h.price_key.startswith("/"):
            out[h.price_key] = h.price_key  # equities and indices stream as themselves
    return out


async def watch_greeks(
    api: ApiClient, account: str | None, thresholds: GreeksThresholds, interval: float = 1.0
) -> AsyncIterator[GreeksResult]:
    """The snapshot first, then a fresh result whenever streamed values changed,
    at most once per `interval` seconds, until the caller stops iterating."""
    from tastyking.services.streaming import open_stream

    book = await load_book(api, account)
    yield compute(book, thresholds)
    await option_streamers(api, book.holdings)
    by_streamer: dict[str, list[str]] = {}
    for h in book.holdings:
        if h.is_option and h.streamer:
            by_streamer.setdefault(h.streamer, []).append(h.position.symbol)
    quotes = _quote_streamers(book)
    loop = asyncio.get_running_loop()
    async with open_stream(api) as client:
        if by_streamer:
            await client.subscribe("Greeks", list(by_streamer))
        await client.subscribe("Quote", list(quotes))
        while True:
            changed = False
            deadline = loop.time() + interval
            while (remaining := deadline - loop.time()) > 0:
                try:
                    item = await client.get(remaining)
                except TimeoutError:
                    break
                if not isinstance(item, dict):
                    continue
                changed |= _apply_event(book, item, by_streamer, quotes)
            if changed:
                yield compute(book, thresholds)


def _apply_event(book: Book, ev: Event, by_streamer: dict[str, list[str]],
                 quotes: dict[str, str]) -> bool:
    kind, sym = ev.get("eventType"), ev.get("eventSymbol") or ""
    if kind == "Greeks" and sym in by_streamer:
        values = option_values("Greeks", ev)
        return any([apply_greeks(book, s, values) for s in by_streamer[sym]])
    if kind == "Quote" and sym in quotes:
        bid, ask = to_decimal(ev.get("bidPrice")), to_decimal(ev.get("askPrice"))
        if bid is None or ask is None or bid <= 0 or ask <= 0:
            return False
        key = quotes[sym]
        book.prices[key] = (bid + ask) / 2
        for h in book.holdings:  # a stock position's own price moves with it
            if h.position.symbol == key and not h.is_option:
                pc = book.contract[key]
                book.contract[key] = pc.model_copy(update={"price": book.prices[key]})
        return True
    return False
