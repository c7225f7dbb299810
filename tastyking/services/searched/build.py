"""searched-data: the framework's market snapshot, fetched concurrently.

    collect(api, settings, now) -> SearchedData

Round trips (each an independent request runs at the same time as its peers):

    1. the access token (first and alone: an unreachable API fails once, fast)
    2. front months (/instruments/futures, every product in one call), market
       metrics (one call), the equities session and holidays, the /ES futures
       option chain, and the quote token + DXLink connect
    3. one /market-data/by-type call for every quote (SPY, VIX, the front
       months, the future the 90-DTE options settle into); daily candles for
       every indicator over the one DXLink session, in parallel
    4. the 90-DTE option wings for the 5-delta pick (by-type, 100 a call)

A failing step leaves its values null with the reason and the error recorded;
the rest of the document is still built. Only a refused or unreachable token
grant raises (ApiUnreachable / AuthError): then there is nothing to build.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.config import Settings
from tastyking.domain.calendar import NY
from tastyking.errors import TastykingError
from tastyking.models.instruments import Expiration, Future, FuturesChain
from tastyking.models.market import MarketData, MarketMetrics
from tastyking.services.searched import calc
from tastyking.services.searched.doc import (  # re-exported for the command
    DXY_NOTE,
    new_document,
    phase_keys,
    use_local_market_status,
)
from tastyking.services.searched.model import OptionPick, SearchedData, Strikes
from tastyking.services.streaming import open_stream
from tastyking.stream import fetch_candles_from
from tastyking.stream.errors import StreamError

__all__ = ["clock", "collect", "new_document", "phase_keys", "use_local_market_status"]

QUOTE_FIELDS = ["symbol", "currentPrice", "openPrice", "previousClose", "dayHigh", "dayLow",
                "bid", "ask", "volume", "dayChange", "dayChangePercent"]
LEVEL_FIELDS = ["symbol", "currentLevel", "previousClose", "dayChange", "dayChangePercent"]
PHASE_QUOTE = ["symbol", "currentPrice", "previousClose", "dayChange"]
STEP_ERRORS = (TastykingError, StreamError, TimeoutError)
# Seconds for the whole collection, whatever the retries: a cron run gets its answer
# (a document, a partial one, or exit 5) within a minute even if the API hangs.
BUDGET = 50.0


def clock() -> datetime:
    """Now, aware UTC: the one place searched-data reads the time (tests pin it)."""
    return datetime.now(UTC)


async def collect(api: ApiClient, settings: Settings, now: datetime) -> SearchedData:
    doc = new_document(settings, now)
    api.deadline = min(api.deadline, time.monotonic() + BUDGET)
    await api.tokens.bearer(api)  # raises ApiUnreachable / AuthError: nothing to build
    run = _Run(api, settings, now, doc)
    await run.all()
    return doc


class _Run:
    """One collection: the tasks of round 2 are shared by the steps that need them."""

    def __init__(self, api: ApiClient, settings: Settings, now: datetime,
                 doc: SearchedData) -> None:
        self.api, self.settings, self.now, self.doc = api, settings, now, doc
        self.today = now.astimezone(NY).date()
        self.phase = list(doc.phase)
        self.products = ["ES", "DX", *self.phase]

    async def all(self) -> None:
        self.fronts = asyncio.create_task(self._fronts())
        self.chain = asyncio.create_task(self._chain())
        self.metrics = asyncio.create_task(self._metrics())
        await asyncio.gather(self._status(), self._quotes_and_strikes(), self._candles())

    # ---------------------------------------------------------------- round 2
    async def _fronts(self) -> dict[str, Future]:
        try:
            items = await self.api.get_items(
                "/instruments/futures", params={"product-code[]": self.products})
        except STEP_ERRORS as exc:
            self.doc.fail("front months (/instruments/futures)", str(exc))
            return {}
        out: dict[str, Future] = {}
        for raw in items:
            f = Future.model_validate(raw)
            if f.active_month and f.product_code in self.products:
                out.setdefault(f.product_code, f)
        for code in self.products:
            if code not in out:
                self.doc.fail(f"front month /{code}", "no contract flagged active-month")
        return out

    async def _chain(self) -> FuturesChain | None:
        try:
            return await endpoints.futures_option_chain(self.api, "ES")
        except STEP_ERRORS as exc:
            self.doc.fail("/ES option chain (/futures-option-chains/ES/nested)", str(exc))
            self.doc.why(["ES.strikes"], f"the /ES option chain failed: {exc}")
            return None

    async def _metrics(self) -> dict[str, MarketMetrics]:
        wanted = ["SPY", "/ES", *(f"/{k}" for k in self.phase)]
        try:
            return await endpoints.market_metrics(self.api, wanted)
        except STEP_ERRORS as exc:
            self.doc.fail("IV (/market-metrics)", str(exc))
            return {}

    async def _status(self) -> None:
        try:
            session, holidays = await asyncio.gather(
                endpoints.equity_session(self.api), endpoints.equity_holidays(self.api))
        except STEP_ERRORS as exc:
            self.doc.fail("market status (/market-time/equities)", str(exc))
            use_local_market_status(self.doc, self.now, f"the market-sessions API failed: {exc}")
            return
        for name, value in calc.market_status(session, holidays, self.now).items():
            if value is not None:
                self.doc.put(f"TIME.{name}", value, "api")
            else:
                self.doc.not_applicable.add(f"TIME.{name}")
        self.doc.notes["marketStatusSource"] = (
            "api: /market-time/equities/sessions/current and /market-time/equities/holidays")

    # ---------------------------------------------------------------- round 3 and 4
    async def _quotes_and_strikes(self) -> None:
        fronts, chain = await self.fronts, await self.chain
        exp = self._expiration(chain)
        symbols = {"ES": fronts.get("ES"), "DXY": fronts.get("DX"),
                   **{k: fronts.get(k) for k in self.phase}}
        self.doc.notes["symbols"] = {
            "ES": symbols["ES"].symbol if symbols["ES"] else None, "SPY": "SPY", "VIX": "VIX",
            "DXY": symbols["DXY"].symbol if symbols["DXY"] else None,
            **{k: (f.symbol if f else None) for k, f in symbols.items() if k in self.phase}}
        if symbols["DXY"] is not None:
            self.doc.notes["substitutions"] = {"DXY": DXY_NOTE.format(symbol=symbols["DXY"].symbol)}
        pairs = [("Equity", "SPY"), ("Index", "VIX")]
        pairs += [("Future", f.symbol) for f in symbols.values() if f is not None]
        if exp is not None and exp.underlying_symbol:
            pairs.append(("Future", exp.underlying_symbol))
        try:
            quotes = await endpoints.market_data(self.api, pairs)
        except STEP_ERRORS as exc:
            self.doc.fail("quotes (/market-data/by-type)", str(exc))
            quotes = {}
            failed = f"the quote call failed: {exc}"
        else:
            failed = ""
        self._fill_quotes(quotes, symbols, failed)
        metrics = await self.metrics
        self._fill_iv(metrics)
        if exp is not None:
            await self._strikes(exp, quotes, metrics)

    def _fill_quotes(self, quotes: dict[str, MarketData], symbols: dict[str, Future | None],
                     failed: str) -> None:
        doc = self.doc
        want: list[tuple[str, str | None, list[str]]] = [
            ("ES", symbols["ES"].symbol if symbols["ES"] else None, QUOTE_FIELDS),
            ("SPY", "SPY", QUOTE_FIELDS), ("VIX", "VIX", LEVEL_FIELDS + ["dayHigh", "dayLow"]),
            ("DXY", symbols["DXY"].symbol if symbols["DXY"] else None, LEVEL_FIELDS)]
        want += [(k, f.symbol if f else None, PHASE_QUOTE) for k, f in symbols.items()
                 if k in self.phase]
        for key, sym, fields in want:
            paths = [f"{key}.{f}" for f in fields]
            if sym is None:
                doc.why(paths, "no front-month contract")
                continue
            md = quotes.get(sym)
            if md is None:
                if not failed:
                    doc.fail(f"quote {sym}", "not in the /market-data/by-type answer")
                doc.why(paths, failed or f"no quote for {sym}")
                continue
            values = (calc.level_values(md) if key in ("VIX", "DXY") else calc.quote_values(md))
            for name, value in values.items():
                if name in fields and value is not None:
                    doc.put(f"{key}.{name}", value, "api")
            doc.why(paths, f"{sym}: the API sent no value")

    def _fill_iv(self, metrics: dict[str, MarketMetrics]) -> None:
        used: dict[str, str | None] = {}
        for key, sym in [("ES", "/ES"), ("SPY", "SPY"), *((k, f"/{k}") for k in self.phase)]:
            values, field = calc.iv_values(metrics.get(sym))
            used[key] = field
            for name, value in values.items():
                if key in self.phase and name == "ivPercentile":
                    continue
                if value is not None:
                    self.doc.put(f"{key}.{name}", value, "api")
                else:
                    self.doc.why([f"{key}.{name}"],
                                 f"/market-metrics has no {name} for {sym}" if metrics
                                 else "the /market-metrics call failed")
        self.doc.notes["ivRankField"] = used

    def _expiration(self, chain: FuturesChain | None) -> Expiration | None:
        if chain is None:
            return None
        exps = [e for c in chain.option_chains for e in c.expirations]
        exp = calc.pick_expiration(exps, self.today)
        if exp is None:
            self.doc.fail("/ES option chain", "no live expiration with strikes")
            self.doc.why(["ES.strikes"], "the /ES option chain lists no live expiration")
        return exp

    async def _strikes(self, exp: Expiration, quotes: dict[str, MarketData],
                       metrics: dict[str, MarketMetrics]) -> None:
        doc = self.doc
        strikes = Strikes(expiration=exp.expiration_date,
                          dte=(exp.expiration_date - self.today).days,
                          underlying=exp.underlying_symbol)
        doc.ES.strikes = strikes
        und = quotes.get(exp.underlying_symbol or "")
        forward = calc.current_price(und) if und is not None else None
        if forward is None:
            doc.why(["ES.strikes.atmStrike", "ES.strikes.call90DTE", "ES.strikes.put90DTE"],
                    f"no price for the options' underlying {exp.underlying_symbol}")
            return
        strikes.atmStrike = calc.atm_strike(exp, forward)
        es_iv = metrics.get("/ES")
        sigma = float(es_iv.implied_volatility_index) if (
            es_iv and es_iv.implied_volatility_index) else 0.25
        wanted = calc.candidates(exp, forward, sigma, self.today)
        strike_of = {sym: s.strike_price for s in exp.strikes
                     for sym in (s.call, s.put) if sym}
        try:
            opts = await endpoints.market_data(self.api, [("Future Option", s) for s in wanted])
        except STEP_ERRORS as exc:
            doc.fail("5-delta options (/market-data/by-type)", str(exc))
            doc.why(["ES.strikes.call90DTE", "ES.strikes.put90DTE"],
                    f"the option quote call failed: {exc}")
            return
        for name, put in (("call90DTE", False), ("put90DTE", True)):
            pick = calc.pick_option(opts, wanted, strike_of, put=put)
            if pick is None:
                doc.why([f"ES.strikes.{name}"],
                        f"no {'put' if put else 'call'} with a delta among {len(wanted)} quoted")
            else:
                setattr(strikes, name, OptionPick(**pick))

    # ---------------------------------------------------------------- candles (DXLink)
    async def _candles(self) -> None:
        sections = ["ES", "SPY", "VIX", "DXY"]
        indicator_paths = {
            "ES": [f"ES.{f}" for f in calc.INDICATOR_FIELDS],
            "SPY": [f"SPY.{f}" for f in calc.INDICATOR_FIELDS],
            "VIX": ["VIX.avg20d", "VIX.trend"], "DXY": ["DXY.avg20d", "DXY.trend"]}
        try:
            async with open_stream(self.api) as client:
                fronts = await self.fronts
                streamer = {"SPY": "SPY", "VIX": "VIX",
                            "ES": fronts["ES"].streamer_symbol if "ES" in fronts else None,
                            "DXY": fronts["DX"].streamer_symbol if "DX" in fronts else None}
                symbols = [s for s in streamer.values() if s]
                start = self.now - timedelta(days=calc.HISTORY_DAYS)
                candles = await fetch_candles_from(
                    client, symbols, from_time_ms=int(start.timestamp() * 1000), period="1d",
                    timeout=self.settings.stream_timeout)
        except STEP_ERRORS as exc:
            self.doc.fail("daily candles (DXLink)", str(exc))
            for key in sections:
                self.doc.why(indicator_paths[key], f"no candle history: {exc}")
            return
        counts: dict[str, int] = {}
        for key in sections:
            sym = streamer[key]
            if sym is None or sym not in candles:
                if sym is not None:
                    self.doc.fail(f"daily candles {sym}",
                                  f"no complete history within {self.settings.stream_timeout:g} s")
                self.doc.why(indicator_paths[key], "no candle history")
                continue
            bars = calc.bars_from(candles[sym])
            counts[key] = len(bars)
            short = f"{len(bars)} daily candles are too few"
            if key in ("ES", "SPY"):
                for name, value in calc.indicator_values(bars).items():
                    if value is not None:
                        self.doc.put(f"{key}.{name}", value, "api")
                    else:
                        self.doc.why([f"{key}.{name}"], short)
            else:
                avg = calc.average20(bars, 3 if key == "DXY" else 2)
                if avg is not None:
                    self.doc.put(f"{key}.avg20d", avg, "api")
                else:
                    self.doc.why([f"{key}.avg20d", f"{key}.trend"], short)
        self.doc.notes["indicators"]["bars"] = counts
