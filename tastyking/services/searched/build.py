"""searched-data: the framework's market snapshot, fetched concurrently.

    collect(api, settings, now, phase=None) -> SearchedData

Round trips (each an independent request runs at the same time as its peers):

    1. the access token (first and alone: an unreachable API fails once, fast)
    2. the phase: the account's balances and the /6B rate (none with --phase N);
       its tradeable tickers get the same fields as ES
    3. front months (/instruments/futures, every product in one call), market
       metrics, the equities session and holidays, the option chains of /ES and
       of every tradeable ticker, and the quote token + DXLink connect
    4. /market-data/by-type for every quote (SPY, VIX, the front months, stocks,
       the futures the 90-DTE options settle into); daily candles for every
       indicator over the one DXLink session, in parallel
    5. the 90-DTE option wings for each 5-delta pick (by-type, 100 a call)

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
from tastyking.models.instruments import Expiration, Future
from tastyking.models.market import MarketData, MarketMetrics
from tastyking.services.framework.phases import choose_phase
from tastyking.services.searched import calc, strikes
from tastyking.services.searched.doc import (  # re-exported for the command
    DXY_NOTE,
    all_phase_keys,
    new_document,
    phase_kinds,
    use_local_market_status,
)
from tastyking.services.searched.model import SearchedData
from tastyking.services.streaming import open_stream
from tastyking.stream import fetch_candles_from
from tastyking.stream.errors import StreamError

__all__ = ["all_phase_keys", "clock", "collect", "new_document", "use_local_market_status"]

QUOTE_FIELDS = ["symbol", "currentPrice", "openPrice", "previousClose", "dayHigh", "dayLow",
                "bid", "ask", "volume", "dayChange", "dayChangePercent", "dayChangeFromClose",
                "dayChangePercentFromClose"]
LEVEL_FIELDS = ["symbol", "currentLevel", "previousClose", "dayChange", "dayChangePercent"]
DXY_FIELDS = ["openPrice", "dayChangeFromClose", "dayChangePercentFromClose"]
STEP_ERRORS = (TastykingError, StreamError, TimeoutError)
# Seconds for the whole collection, whatever the retries: a cron run gets its answer
# (a document, a partial one, or exit 5) within a minute even if the API hangs.
BUDGET = 50.0


def clock() -> datetime:
    """Now, aware UTC: the one place searched-data reads the time (tests pin it)."""
    return datetime.now(UTC)


async def collect(api: ApiClient, settings: Settings, now: datetime,
                  phase: int | None = None) -> SearchedData:
    """The document for the account's phase (from its net liq), or for `phase` if given."""
    api.deadline = min(api.deadline, time.monotonic() + BUDGET)
    await api.tokens.bearer(api)  # raises ApiUnreachable / AuthError: nothing to build
    if settings.phase_tickers and phase is None:
        # fixed tickers: the phase would choose nothing, so it is not fetched
        doc = new_document(settings, now, settings.phase_tickers)
        doc.notes["phase"] = {"number": None, "reason": "fixed tickers (config phase_tickers); "
                              "the phase was not computed", "tickers": settings.phase_tickers}
    else:
        choice = await choose_phase(api, settings, phase)
        doc = new_document(settings, now, choice.tickers)
        doc.notes["phase"] = choice.metadata()
        if choice.phase is None:
            doc.fail("phase", choice.reason + "; give --phase N to choose the tickers")
    run = _Run(api, settings, now, doc)
    await run.all()
    return doc


class _Run:
    """One collection: the tasks of round 2 are shared by the steps that need them."""

    def __init__(self, api: ApiClient, settings: Settings, now: datetime,
                 doc: SearchedData) -> None:
        self.api, self.settings, self.now, self.doc = api, settings, now, doc
        self.today = now.astimezone(NY).date()
        self.future = phase_kinds(doc.notes["phaseTickers"])  # key -> is a futures product
        self.phase = list(doc.phase)
        self.products = ["ES", "DX", *(k for k in self.phase if self.future[k])]

    async def all(self) -> None:
        self.fronts = asyncio.create_task(self._fronts())
        self.chains = asyncio.create_task(self._chains())
        self.metrics = asyncio.create_task(self._metrics())
        await asyncio.gather(self._status(), self._quotes_and_strikes(), self._candles())

    def quoted(self, key: str, fronts: dict[str, Future]) -> tuple[str, str] | None:
        """(instrument type, symbol) the section's quote comes from; None: no contract."""
        if key in ("SPY", "VIX") or (key in self.future and not self.future[key]):
            return ("Index" if key == "VIX" else "Equity", key)
        front = fronts.get("DX" if key == "DXY" else key)
        return ("Future", front.symbol) if front else None

    # ---------------------------------------------------------------- round 2
    async def _fronts(self) -> dict[str, Future]:
        try:
            items = await endpoints.futures(self.api, self.products)
        except STEP_ERRORS as exc:
            self.doc.fail("front months (/instruments/futures)", str(exc))
            return {}
        out: dict[str, Future] = {}
        for f in items:
            if f.active_month and f.product_code in self.products:
                out.setdefault(f.product_code, f)
        for code in self.products:
            if code not in out:
                self.doc.fail(f"front month /{code}", "no contract flagged active-month")
        return out

    async def _chains(self) -> dict[str, Expiration | None]:
        """The ~90 DTE expiration of ES and of every phase ticker, chains in parallel."""
        keys = ["ES", *self.phase]

        async def one(key: str) -> Expiration | None:
            future = key == "ES" or self.future[key]
            try:
                exps = await strikes.expirations(self.api, key, future)
            except STEP_ERRORS as exc:
                where = f"/futures-option-chains/{key}/nested" if future else \
                    f"/option-chains/{key}/nested"
                self.doc.fail(f"{key} option chain ({where})", str(exc))
                return strikes.choose(self.doc, key, None, self.today, str(exc))
            return strikes.choose(self.doc, key, exps, self.today)

        found = await asyncio.gather(*(one(k) for k in keys))
        return dict(zip(keys, found, strict=True))

    async def _metrics(self) -> dict[str, MarketMetrics]:
        wanted = ["SPY", "/ES", *(f"/{k}" if self.future[k] else k for k in self.phase)]
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
        if calc.session_status(session) is None:  # unknown: left unknown, not CLOSED
            why = f"tastytrade sent an unknown session state {session.state!r}"
            self.doc.fail("market status (/market-time/equities)", why)
            self.doc.why([f"TIME.{k}" for k in ("marketStatus", "sessionOpen", "sessionClose",
                                                "earlyClose")], why)
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
        fronts, exps = await self.fronts, await self.chains
        keys = ["ES", "SPY", "VIX", "DXY", *self.phase]
        sources = {k: self.quoted(k, fronts) for k in keys}
        self.doc.notes["symbols"] = {k: (src[1] if src else None) for k, src in sources.items()}
        if sources["DXY"] is not None:
            self.doc.notes["substitutions"] = {"DXY": DXY_NOTE.format(symbol=sources["DXY"][1])}
        pairs = [src for src in sources.values() if src is not None]
        # futures options settle into a contract that need not be the front month
        pairs += [("Future", e.underlying_symbol) for e in exps.values()
                  if e is not None and e.underlying_symbol]
        try:
            quotes = await endpoints.market_data(self.api, pairs)
        except STEP_ERRORS as exc:
            self.doc.fail("quotes (/market-data/by-type)", str(exc))
            quotes = {}
            failed = f"the quote call failed: {exc}"
        else:
            failed = ""
        self._fill_quotes(quotes, sources, failed)
        metrics = await self.metrics
        self._fill_iv(metrics)
        wanted = []
        for key, exp in exps.items():
            if exp is None:
                continue
            future = key == "ES" or self.future[key]
            under = exp.underlying_symbol if future else key
            md = quotes.get(under or "")
            m = metrics.get(f"/{key}" if future else key)
            sigma = float(m.implied_volatility_index) if m and m.implied_volatility_index else None
            w = strikes.prepare(self.doc, key, exp, calc.current_price(md) if md else None,
                                sigma, self.today,
                                "Future Option" if future else "Equity Option", under)
            if w is not None:
                wanted.append(w)
        await strikes.pick_all(self.api, self.doc, wanted)

    def _fill_quotes(self, quotes: dict[str, MarketData],
                     sources: dict[str, tuple[str, str] | None], failed: str) -> None:
        doc = self.doc
        for key, src in sources.items():
            level = key in ("VIX", "DXY")
            fields = LEVEL_FIELDS + (["dayHigh", "dayLow"] if key == "VIX" else DXY_FIELDS) \
                if level else QUOTE_FIELDS
            paths = [f"{key}.{f}" for f in fields]
            if src is None:
                doc.why(paths, "no front-month contract")
                continue
            md = quotes.get(src[1])
            if md is None:
                if not failed:
                    doc.fail(f"quote {src[1]}", "not in the /market-data/by-type answer")
                doc.why(paths, failed or f"no quote for {src[1]}")
                continue
            values = calc.level_values(md) if level else calc.quote_values(md)
            for name, value in values.items():
                if name in fields and value is not None:
                    doc.put(f"{key}.{name}", value, "api")
            doc.why(paths, f"{src[1]}: the API sent no value")

    def _fill_iv(self, metrics: dict[str, MarketMetrics]) -> None:
        used: dict[str, str | None] = {}
        syms = [("ES", "/ES"), ("SPY", "SPY"),
                *((k, f"/{k}" if self.future[k] else k) for k in self.phase)]
        for key, sym in syms:
            values, field = calc.iv_values(metrics.get(sym))
            used[key] = field
            for name, value in values.items():
                if value is not None:
                    self.doc.put(f"{key}.{name}", value, "api")
                else:
                    self.doc.why([f"{key}.{name}"],
                                 f"/market-metrics has no {name} for {sym}" if metrics
                                 else "the /market-metrics call failed")
        self.doc.notes["ivRankField"] = used

    # ---------------------------------------------------------------- candles (DXLink)
    async def _candles(self) -> None:
        quoted = ["ES", "SPY", *self.phase]  # the sections graded on indicators
        sections = [*quoted, "VIX", "DXY"]
        indicator_paths = {k: [f"{k}.{f}" for f in calc.INDICATOR_FIELDS] for k in quoted}
        indicator_paths.update(VIX=["VIX.avg20d", "VIX.trend"], DXY=["DXY.avg20d", "DXY.trend20d"])
        try:
            async with open_stream(self.api) as client:
                fronts = await self.fronts
                streamer: dict[str, str | None] = {"SPY": "SPY", "VIX": "VIX"}
                for key, code in (("ES", "ES"), ("DXY", "DX"),
                                  *((k, k) for k in self.phase if self.future[k])):
                    streamer[key] = fronts[code].streamer_symbol if code in fronts else None
                streamer.update({k: k for k in self.phase if not self.future[k]})
                symbols = list(dict.fromkeys(s for s in streamer.values() if s))
                start = self.now - timedelta(days=calc.HISTORY_DAYS)
                # Equities, ETFs and indices: regular-session candles (tho=true), what
                # the framework's highs, lows, ATR and EMAs mean; futures trade almost
                # around the clock, so theirs span every session.
                regular = {s for s in symbols if not s.startswith("/")}
                self.doc.notes["indicators"]["sessions"] = {
                    key: ("regular session only (tho=true)" if sym in regular else
                          "every session, overnight included (a futures product)")
                    for key, sym in streamer.items() if sym}
                candles = await fetch_candles_from(
                    client, symbols, from_time_ms=int(start.timestamp() * 1000), period="1d",
                    timeout=self.settings.stream_timeout, trading_hours_only=regular)
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
            if key in quoted:
                for name, value in calc.indicator_values(bars).items():
                    if value is not None:
                        self.doc.put(f"{key}.{name}", value, "api")
                    else:
                        self.doc.why([f"{key}.{name}"], short)
            else:
                avg = calc.average20(bars, 3 if key == "DXY" else None)
                if avg is not None:
                    self.doc.put(f"{key}.avg20d", avg, "api")
                else:
                    self.doc.why([f"{key}.avg20d", f"{key}.trend" if key == "VIX"
                                  else f"{key}.trend20d"], short)
        self.doc.notes["indicators"]["bars"] = counts
