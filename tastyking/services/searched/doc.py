"""searched-data: the empty document, its clocks and its fixed metadata (periods, units).

    phase_kinds(tickers)                    {"MCL": True, "GLD": False}: future or not
    all_phase_keys(settings)                every section any phase could have
    new_document(settings, now, tickers)    every market value null, clocks filled in
    use_local_market_status(doc, now, why)  the no-API market-hours rule, labelled
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tastyking.config import Settings
from tastyking.domain.calendar import NY
from tastyking.services.searched import calc
from tastyking.services.searched.model import (
    LOCAL,
    DxySection,
    ESSection,
    PhaseSection,
    Quoted,
    SearchedData,
    TimeSection,
    VixSection,
)

DXY_NOTE = ("tastytrade lists no DXY index: DXY is the front-month U.S. Dollar Index future "
            "({symbol}), a close proxy that trades nearly around the clock")


def phase_kinds(tickers: list[str]) -> dict[str, bool]:
    """Section key -> is a futures product: "/MCL" -> MCL (future), "GLD" -> GLD (stock).
    Tickers whose key would clash with a core section (ES, SPY) are left out: the core
    sections already carry them."""
    out: dict[str, bool] = {}
    for t in tickers:
        key = t.strip().upper().lstrip("/")
        if key and key not in ("ES", "SPY", "VIX", "DXY", "TIME") and key not in out:
            out[key] = t.strip().startswith("/")
    return out


def all_phase_keys(settings: Settings) -> list[str]:
    """Every section a phase could have (a manual file is checked before the phase is known)."""
    tickers = [*settings.phase_tickers, *(t for n in (1, 2, 3, 4) for t in settings.phase_list(n))]
    return list(phase_kinds(tickers))


def new_document(settings: Settings, now: datetime, tickers: list[str]) -> SearchedData:
    """An empty document: the clocks filled in, every market value still null."""
    est, uk = calc.clock_strings(now)
    doc = SearchedData(
        timestamp=now.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        TIME=TimeSection(currentEST=est, currentUK=uk, date=now.astimezone(NY).date()),
        phase={k: PhaseSection() for k in phase_kinds(tickers)},
        ES=ESSection(), SPY=Quoted(), VIX=VixSection(), DXY=DxySection(),
    )
    for path in ("TIME.currentEST", "TIME.currentUK", "TIME.date"):
        doc.sources[path] = LOCAL
    doc.notes = _notes(tickers)
    return doc


def use_local_market_status(doc: SearchedData, now: datetime, why: str) -> None:
    for name, value in calc.local_market_status(now).items():
        if value is not None:
            doc.put(f"TIME.{name}", value, LOCAL)
        else:
            doc.why([f"TIME.{name}"], "market-sessions API unavailable")
    doc.notes["marketStatusSource"] = (
        f"local rule (weekdays 04:00-09:30-16:00-20:00 New York; no holidays or early "
        f"closes): {why}")


def _notes(tickers: list[str]) -> dict[str, Any]:
    return {
        "indicators": {
            "source": "daily candles over DXLink (Candle {=1d}), oldest first, the latest "
                      f"session included; {calc.HISTORY_DAYS} calendar days requested",
            "periods": dict(calc.PERIODS),
            "atr": "Wilder's average true range, 14 sessions",
            "rsi": "Wilder's RSI of closes, 14 sessions",
            "ema8": "EMA of closes, 8 sessions, seeded with the SMA",
            "ema21": "EMA of closes, 21 sessions, seeded with the SMA",
            "high5d": "highest high of the last 5 sessions (low5d: lowest low)",
            "high20d": "highest high of the last 20 sessions (low20d: lowest low)",
            "vwap": "VWAP of the latest session (the candle's own, else its typical price)",
            "avg20d": "simple average of the last 20 closes",
        },
        "units": {
            "iv": "percent (18.5 = 18.5 %): /market-metrics implied-volatility-index x 100",
            "ivRank": "percent 0-100: tw-implied-volatility-index-rank (else "
                      "implied-volatility-index-rank) x 100",
            "ivPercentile": "percent 0-100: implied-volatility-percentile x 100",
            "dayChangePercent": "percent (dayChangePercentFromClose too)",
            "strikes.iv": "percent: the option's volatility x 100",
            "strikes.delta": "fraction, as the API sends it",
        },
        "definitions": {
            "currentPrice": "the last trade (the mark when nothing traded)",
            "openPrice": "the session's open (market data `open`)",
            "dayChange": "the framework's: current price (or level) minus openPrice for "
                         "ES, SPY, DXY and the phase tickers (dayChangePercent: of "
                         "openPrice); VIX: minus previousClose",
            "dayChangeFromClose": "current price (or level) minus previousClose "
                                  "(dayChangePercentFromClose: of previousClose)",
            "trend": "VIX RISING/FALLING: the level against avg20d; DXY "
                     "STRENGTHENING/WEAKENING: the level against openPrice, as the "
                     "framework computes it (FLAT when equal)",
            "trend20d": "DXY STRENGTHENING/WEAKENING: the level against avg20d",
            "regime": "VIX <12 EXTREMELY_LOW, <16 LOW, <20 NORMAL, <25 ELEVATED, <30 HIGH, "
                      "else EXTREME",
            "strikes": f"the option expiration nearest {calc.TARGET_DTE} DTE (futures "
                       "options for ES and futures products, equity options for stocks); "
                       "call90DTE/put90DTE: the option with |delta| nearest 0.05; "
                       "atmStrike: the strike nearest the options' underlying future",
            "marketStatus": "OPEN, PRE_MARKET, AFTER_HOURS, CLOSED, CLOSED_WEEKEND, "
                            "CLOSED_HOLIDAY (New York equities session)",
            "sources": "api: from tastytrade (indicators computed from its candles); "
                       "manual: entered by a person; local: this machine's clock or rule; "
                       "missing: null, reason in `missing`",
        },
        "phaseTickers": list(tickers),
        "phaseTickersLeftOut": [t for t in tickers if t.strip().upper().lstrip("/")
                                not in phase_kinds(tickers)],
    }
