"""One expiration of an option chain with quotes and Greeks, for `chain`.

The chain endpoints carry symbols only (tastytrade-api.md 8); prices, IV, Greeks and
open interest come from one of two sources:

* "rest" (the default): `/market-data/by-type`, whose option items carry Greeks, IV
  and open interest; 100 symbols a call, calls in parallel. Measured faster for a
  one-shot chain (bench/bench_chain.py): one request round trip after the
  underlying's, versus a quote token, a websocket handshake and three event types
  to wait for.
* "stream": DXLink Quote + Greeks + Summary events through `collect_from`. Also the
  fallback for shown options that by-type returned without Greeks, or not at all.

Either way the underlying's price comes from by-type: it picks the strikes to ask for.

Anything still without data is listed in `missing`, never filled in.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.domain.symbols import format_strike
from tastyking.errors import TastykingError, UsageError
from tastyking.models.market import MarketData
from tastyking.services.chains.listing import (
    ChainExpiration,
    ChainStrike,
    choose_expiration,
    contract_multiplier,
    load_chain,
)
from tastyking.services.quotes import stream_option_data

log = logging.getLogger(__name__)

Source = Literal["rest", "stream"]
DEFAULT_STRIKES = 20


class OptionQuote(BaseModel):
    symbol: str
    bid: Decimal | None = None
    ask: Decimal | None = None
    mid: Decimal | None = None
    iv: Decimal | None = None
    delta: Decimal | None = None
    gamma: Decimal | None = None
    theta: Decimal | None = None
    vega: Decimal | None = None
    open_interest: int | None = None
    # Not in the JSON: the symbol to ask the stream for.
    streamer_symbol: str | None = Field(default=None, exclude=True)

    @property
    def has_greeks(self) -> bool:
        return self.delta is not None

    @property
    def has_data(self) -> bool:
        return any(v is not None for v in (self.bid, self.ask, self.iv, self.delta,
                                           self.open_interest))


class ChainRow(BaseModel):
    strike: Decimal
    call: OptionQuote | None
    put: OptionQuote | None
    atm: bool


class Marked(BaseModel):
    call: Decimal | None = None
    put: Decimal | None = None


class ChainView(BaseModel):
    symbol: str
    underlying_symbol: str
    underlying_price: Decimal | None
    expiration: date
    dte: int
    root: str
    multiplier: Decimal | None
    rows: list[ChainRow]
    marked: Marked
    missing: list[str]
    # For people (stderr / table), not in the JSON.
    source: str = Field(default="rest", exclude=True)
    delta_target: Decimal | None = Field(default=None, exclude=True)
    notes: list[str] = Field(default_factory=list, exclude=True)
    # Listed strikes left out before a row (a --delta row far from the money): strike → n.
    gaps: dict[Decimal, int] = Field(default_factory=dict, exclude=True)


@dataclass(frozen=True)
class ChainRequest:
    symbol: str
    expiration: date | None = None
    dte: int | None = None
    strikes: int = DEFAULT_STRIKES
    delta: Decimal | None = None
    root: str | None = None
    source: Source = "rest"


def check_request(req: ChainRequest) -> None:
    """Bad input is refused before any request is made."""
    if req.strikes < 1:
        raise UsageError(f"--strikes must be at least 1 (got {req.strikes})")
    if req.delta is not None and not (0 < req.delta < 1):
        raise UsageError(f"--delta must be between 0 and 1, exclusive (got {req.delta})")
    if req.expiration is not None and req.dte is not None:
        raise UsageError("give --expiration or --dte, not both")
    if req.dte is not None and req.dte < 0:
        raise UsageError(f"--dte must be 0 or more (got {req.dte})")


async def chain_view(api: ApiClient, req: ChainRequest) -> ChainView:
    check_request(req)
    chain = await load_chain(api, req.symbol)
    exp = choose_expiration(chain, expiration=req.expiration, target_dte=req.dte, root=req.root)
    under, multiplier = await _underlying(api, exp)
    shown = _window(exp, under, req.strikes)
    # --delta looks at the whole expiration (16 delta is often beyond the shown window);
    # the marked rows are then added to the window.
    quotes = _blank_quotes(exp.strikes if req.delta is not None else shown)
    if req.source == "stream":
        await _fill_from_stream(api, quotes)
    else:
        await _fill_from_rest(api, exp, quotes)
        window = {sym for s in shown for sym in (s.call, s.put) if sym}
        lacking = {s: q for s, q in quotes.items() if not q.has_greeks and s in window}
        if lacking:  # by-type had no Greeks for these: ask the stream once, bounded
            log.info("by-type lacked Greeks for %d option(s); trying the stream", len(lacking))
            await _fill_from_stream(api, lacking, quiet=True)
            quotes.update(lacking)
    return build_view(chain.symbol, exp, under, shown, quotes, req.delta, req.source,
                      multiplier=multiplier)


async def _underlying(
    api: ApiClient, exp: ChainExpiration
) -> tuple[Decimal | None, Decimal | None]:
    """The underlying's price and the contract multiplier.

    A futures option's multiplier is its future's notional multiplier, which the
    nested chain does not carry: ask the future's instrument at the same time."""
    data, multiplier = await asyncio.gather(
        endpoints.market_data(api, [(exp.underlying_type, exp.underlying_symbol)]),
        contract_multiplier(api, exp),
    )
    md = data.get(exp.underlying_symbol)
    return (md.price if md else None), multiplier


def _window(exp: ChainExpiration, price: Decimal | None, count: int) -> list[ChainStrike]:
    if price is not None:
        return exp.around(price, count)
    # No underlying price: show the middle of the listed strikes, marked as no ATM.
    mid = len(exp.strikes) // 2
    lo = max(0, min(mid - count // 2, len(exp.strikes) - count))
    return exp.strikes[lo : lo + count]


def _blank_quotes(strikes: list[ChainStrike]) -> dict[str, OptionQuote]:
    out: dict[str, OptionQuote] = {}
    for s in strikes:
        for sym, streamer in ((s.call, s.call_streamer), (s.put, s.put_streamer)):
            if sym:
                out[sym] = OptionQuote(symbol=sym, streamer_symbol=streamer)
    return out


async def _fill_from_rest(
    api: ApiClient, exp: ChainExpiration, quotes: dict[str, OptionQuote]
) -> None:
    data = await endpoints.market_data(api, [(exp.instrument_type, s) for s in quotes])
    for sym, md in data.items():
        if sym in quotes:
            quotes[sym] = _from_market_data(quotes[sym], md)


def _from_market_data(q: OptionQuote, md: MarketData) -> OptionQuote:
    mid = md.mid
    if mid is None and md.bid is not None and md.ask is not None:
        mid = (md.bid + md.ask) / 2
    return q.model_copy(update={
        "bid": md.bid, "ask": md.ask, "mid": mid, "iv": md.volatility, "delta": md.delta,
        "gamma": md.gamma, "theta": md.theta, "vega": md.vega, "open_interest": md.open_interest,
    })


async def _fill_from_stream(
    api: ApiClient, quotes: dict[str, OptionQuote], *, quiet: bool = False
) -> None:
    by_streamer = {q.streamer_symbol: sym for sym, q in quotes.items() if q.streamer_symbol}
    if not by_streamer:
        return
    try:
        found = await stream_option_data(api, list(by_streamer))
    except TastykingError as exc:  # the stream's failures, already in the app's terms
        if not quiet:
            raise
        log.warning("stream fallback failed: %s", exc)
        return
    for streamer, values in found.items():
        sym = by_streamer[streamer]
        q = quotes[sym]
        update = {k: v for k, v in values.items()
                  if k in _QUOTE_FIELDS and v is not None and getattr(q, k) is None}
        quotes[sym] = q.model_copy(update=update)


def build_view(
    symbol: str,
    exp: ChainExpiration,
    under: Decimal | None,
    shown: list[ChainStrike],
    quotes: dict[str, OptionQuote],
    delta: Decimal | None,
    source: str,
    *,
    multiplier: Decimal | None,
) -> ChainView:
    """Rows, the ATM flag, the --delta marks and the missing list (pure).

    `quotes` may cover more strikes than `shown`: marks are chosen among all of them,
    and a marked strike outside `shown` is added as a row."""
    atm_strike = shown[_nearest(shown, under)].strike if (shown and under is not None) else None
    quoted = [_row(s, quotes, atm_strike) for s in exp.strikes
              if (s.call in quotes) or (s.put in quotes)]
    marked, notes = Marked(), list[str]()
    if delta is not None:
        marked = mark_delta(quoted, delta)
    window = {s.strike for s in shown}
    added = {k for k in (marked.call, marked.put) if k is not None} - window
    rows = [r for r in quoted if r.strike in window | added]
    for side, k in (("call", marked.call), ("put", marked.put)):
        if k in added:
            notes.append(f"the {delta} delta {side} (strike {format_strike(k)}) is outside the "
                         f"{len(shown)} strikes around the money; its row is added")
    index = {s.strike: i for i, s in enumerate(exp.strikes)}
    gaps = {b.strike: index[b.strike] - index[a.strike] - 1
            for a, b in itertools.pairwise(rows) if index[b.strike] - index[a.strike] > 1}
    missing = [q.symbol for r in rows for q in (r.call, r.put)
               if q is not None and not (q.has_data and q.has_greeks)]
    if under is None:
        missing.insert(0, exp.underlying_symbol)
    return ChainView(
        symbol=symbol, underlying_symbol=exp.underlying_symbol, underlying_price=under,
        expiration=exp.expiration, dte=exp.dte, root=exp.root, multiplier=multiplier,
        rows=rows, marked=marked, missing=missing, source=source, delta_target=delta,
        notes=notes, gaps=gaps,
    )


def _row(s: ChainStrike, quotes: dict[str, OptionQuote], atm: Decimal | None) -> ChainRow:
    return ChainRow(strike=s.strike, call=quotes.get(s.call) if s.call else None,
                    put=quotes.get(s.put) if s.put else None, atm=s.strike == atm)


def _nearest(strikes: list[ChainStrike], price: Decimal | None) -> int:
    assert price is not None
    return min(range(len(strikes)), key=lambda i: abs(strikes[i].strike - price))


def mark_delta(rows: list[ChainRow], target: Decimal) -> Marked:
    """The call and the put whose absolute delta is nearest `target` (ties: lower strike)."""

    def best(side: Literal["call", "put"]) -> Decimal | None:
        scored = [(abs(abs(q.delta) - target), r.strike) for r in rows
                  if (q := getattr(r, side)) is not None and q.delta is not None]
        return min(scored)[1] if scored else None

    return Marked(call=best("call"), put=best("put"))


_QUOTE_FIELDS = frozenset(OptionQuote.model_fields) - {"symbol", "streamer_symbol"}
