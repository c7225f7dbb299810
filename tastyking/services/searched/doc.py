"""searched-data: the empty document, its clocks and its fixed metadata (periods, units).

    phase_keys(settings)                    ["MCL", "MGC"]
    new_document(settings, now)             every market value null, clocks filled in
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


def phase_keys(settings: Settings) -> list[str]:
    """`/MCL` -> `MCL`; tickers whose key would clash with a core section are left out."""
    out = []
    # Until searched-data chooses the phase itself: the micro futures it always carried.
    for t in settings.phase_tickers or ["/MCL", "/MGC"]:
        key = t.lstrip("/")
        if key and key not in ("ES", "SPY", "VIX", "DXY", "TIME") and key not in out:
            out.append(key)
    return out


def new_document(settings: Settings, now: datetime) -> SearchedData:
    """An empty document: the clocks filled in, every market value still null."""
    est, uk = calc.clock_strings(now)
    doc = SearchedData(
        timestamp=now.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        TIME=TimeSection(currentEST=est, currentUK=uk, date=now.astimezone(NY).date()),
        phase={k: PhaseSection() for k in phase_keys(settings)},
        ES=ESSection(), SPY=Quoted(), VIX=VixSection(), DXY=DxySection(),
    )
    for path in ("TIME.currentEST", "TIME.currentUK", "TIME.date"):
        doc.sources[path] = LOCAL
    doc.notes = _notes(settings)
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


def _notes(settings: Settings) -> dict[str, Any]:
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
            "dayChangePercent": "percent",
            "strikes.iv": "percent: the option's volatility x 100",
            "strikes.delta": "fraction, as the API sends it",
        },
        "definitions": {
            "currentPrice": "the last trade (the mark when nothing traded)",
            "dayChange": "current price (or level) minus prev-close",
            "trend": "VIX RISING/FALLING, DXY STRENGTHENING/WEAKENING: the level against "
                     "avg20d (FLAT when equal)",
            "regime": "VIX <12 EXTREMELY_LOW, <16 LOW, <20 NORMAL, <25 ELEVATED, <30 HIGH, "
                      "else EXTREME",
            "strikes": f"/ES futures-option expiration nearest {calc.TARGET_DTE} DTE; "
                       "call90DTE/put90DTE: the option with |delta| nearest 0.05; "
                       "atmStrike: the strike nearest the options' underlying future",
            "marketStatus": "OPEN, PRE_MARKET, AFTER_HOURS, CLOSED, CLOSED_WEEKEND, "
                            "CLOSED_HOLIDAY (New York equities session)",
            "sources": "api: from tastytrade (indicators computed from its candles); "
                       "manual: entered by a person; local: this machine's clock or rule; "
                       "missing: null, reason in `missing`",
        },
        "phaseTickers": list(settings.phase_tickers),
        "phaseTickersLeftOut": [t for t in settings.phase_tickers
                                if t.lstrip("/") not in phase_keys(settings)],
    }
