"""Pure mapping for searched-data: API payloads and candles -> document values.

No I/O here, so each rule (which price is "current", indicator periods, IV units,
the 5-delta pick, market status) is testable on literal data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from tastyking.domain import indicators as ind
from tastyking.domain.calendar import NY, twelve_hour
from tastyking.models.instruments import Expiration
from tastyking.models.market import Holidays, MarketData, MarketMetrics, MarketSession
from tastyking.stream.collect import CandleBar

HUNDRED = Decimal(100)
CENT = Decimal("0.01")

# Stated in the document's metadata.
PERIODS = {"atr": 14, "rsi": 14, "ema8": 8, "ema21": 21, "high5d": 5, "low5d": 5,
           "high20d": 20, "low20d": 20, "avg20d": 20}
HISTORY_DAYS = 120  # calendar days of daily candles: ~80 sessions, EMA 21 well settled
TARGET_DTE = 90
TARGET_DELTA = Decimal("0.05")
INDICATOR_FIELDS = ("high5d", "low5d", "high20d", "low20d", "atr", "rsi", "ema8", "ema21",
                    "vwap")


def _dec(value: float | None, places: int = 2) -> Decimal | None:
    if value is None or not math.isfinite(value):
        return None
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places))


def _pct(fraction: Decimal | None) -> Decimal | None:
    """API fractions (0.1834) -> the document's percent numbers (18.34)."""
    return None if fraction is None else (fraction * HUNDRED).quantize(CENT)


# ------------------------------------------------------------------ quotes


def current_price(md: MarketData) -> Decimal | None:
    """The last trade, as the framework's seed uses; the mark when nothing traded."""
    return md.last if md.last is not None else md.price


def quote_values(md: MarketData) -> dict[str, Any]:
    """Quote fields of an ES/SPY section (day change is derived later)."""
    return {
        "symbol": md.symbol,
        "currentPrice": current_price(md),
        "openPrice": md.open,
        "previousClose": md.prev_close,
        "dayHigh": md.day_high_price,
        "dayLow": md.day_low_price,
        "bid": md.bid,
        "ask": md.ask,
        "volume": int(md.volume) if md.volume is not None else None,
    }


def level_values(md: MarketData) -> dict[str, Any]:
    """VIX / DXY: the level, previous close, day range."""
    return {
        "symbol": md.symbol,
        "currentLevel": current_price(md),
        "openPrice": md.open,
        "previousClose": md.prev_close,
        "dayHigh": md.day_high_price,
        "dayLow": md.day_low_price,
    }


# ------------------------------------------------------------------ candles


def bars_from(candles: Sequence[CandleBar]) -> list[ind.Bar]:
    """Usable daily bars, oldest first: NaN/absent OHLC (the feed's padding) dropped."""
    out = []
    for c in sorted(candles, key=lambda c: c.time_ms):
        ohlc = (c.open, c.high, c.low, c.close)
        if any(v is None or not math.isfinite(v) for v in ohlc):
            continue
        vw = c.vwap if c.vwap is not None and math.isfinite(c.vwap) and c.vwap > 0 else None
        vol = c.volume if c.volume is not None and math.isfinite(c.volume) else 0.0
        out.append(ind.Bar(c.open, c.high, c.low, c.close, vol, vw))  # type: ignore[arg-type]
    return out


def price_places(bars: Sequence[ind.Bar]) -> int:
    """Decimals that keep a price level's five significant digits (at least 2).

    A fixed 2 turned the yen future (0.0062) into high20d 0.01 and atr 0, which the
    framework reads as missing; ES (6000) and SPY (550) keep their 2 decimals."""
    last = bars[-1].close if bars else None
    if last is None or not math.isfinite(last) or last <= 0:
        return 2
    return max(2, 4 - math.floor(math.log10(last)))


def indicator_values(bars: Sequence[ind.Bar], places: int | None = None,
                     ) -> dict[str, Decimal | None]:
    """The framework's indicators from daily bars (periods in PERIODS); None when too short.

    Price levels and ATR keep `places` decimals (by default the price's own scale)."""
    if places is None:
        places = price_places(bars)
    highs = [b.high for b in bars]
    lows = [b.low for b in bars]
    closes = [b.close for b in bars]
    return {
        "high5d": _dec(ind.highest(highs, 5), places),
        "low5d": _dec(ind.lowest(lows, 5), places),
        "high20d": _dec(ind.highest(highs, 20), places),
        "low20d": _dec(ind.lowest(lows, 20), places),
        "atr": _dec(ind.atr(highs, lows, closes, PERIODS["atr"]), places),
        "rsi": _dec(ind.rsi(closes, PERIODS["rsi"]), 2),
        "ema8": _dec(ind.ema(closes, 8), places),
        "ema21": _dec(ind.ema(closes, 21), places),
        # the latest session's VWAP (the feed's, else its typical price)
        "vwap": _dec(ind.vwap(bars[-1:]), places) if bars else None,
    }


def average20(bars: Sequence[ind.Bar], places: int | None = None) -> Decimal | None:
    if places is None:
        places = price_places(bars)
    return _dec(ind.sma([b.close for b in bars], PERIODS["avg20d"]), places)


# ------------------------------------------------------------------ metrics


def iv_values(m: MarketMetrics | None) -> tuple[dict[str, Decimal | None], str | None]:
    """IV, IV rank and percentile as percent numbers; and which rank field was used."""
    if m is None:
        return {"iv": None, "ivRank": None, "ivPercentile": None}, None
    rank, field = m.tw_implied_volatility_index_rank, "tw-implied-volatility-index-rank"
    if rank is None:
        rank, field = m.implied_volatility_index_rank, "implied-volatility-index-rank"
    return {
        "iv": _pct(m.implied_volatility_index),
        "ivRank": _pct(rank),
        "ivPercentile": _pct(m.implied_volatility_percentile),
    }, (field if rank is not None else None)


# ------------------------------------------------------------------ the 90-DTE strikes


def pick_expiration(exps: Sequence[Expiration], today: date,
                    target: int = TARGET_DTE) -> Expiration | None:
    """The listed expiration nearest `target` DTE (ties: the later), PM-settled first."""
    live = [e for e in exps if e.expiration_date >= today and e.strikes]
    if not live:
        return None
    best = min(live, key=lambda e: (abs((e.expiration_date - today).days - target),
                                    -e.expiration_date.toordinal(),
                                    e.settlement_type != "PM"))
    return best


def candidates(exp: Expiration, forward: Decimal, sigma: float, today: date) -> list[str]:
    """Option symbols worth quoting for a ~5-delta pick: the OTM wings, not the money.

    A 5-delta option sits about 1.6 standard deviations out (further on the put
    side with skew); `sigma` only narrows the band, it never becomes a value.
    """
    t = max((exp.expiration_date - today).days, 1) / 365.0
    sd = max(sigma, 0.05) * math.sqrt(t)
    f = float(forward)
    out = []
    for s in exp.strikes:
        k = float(s.strike_price)
        if k <= 0:
            continue
        x = math.log(k / f) / sd
        if s.call and 0.6 <= x <= 3.5:
            out.append(s.call)
        if s.put and -4.5 <= x <= -0.6:
            out.append(s.put)
    return out


def atm_strike(exp: Expiration, forward: Decimal) -> Decimal | None:
    if not exp.strikes:
        return None
    return min(exp.strikes, key=lambda s: abs(s.strike_price - forward)).strike_price


def pick_option(quotes: Mapping[str, MarketData], symbols: Sequence[str],
                strike_of: Mapping[str, Decimal], *, put: bool) -> dict[str, Any] | None:
    """The option whose |delta| is nearest 0.05 (ties: the further OTM)."""
    best: tuple[Decimal, Decimal, str] | None = None
    for sym in symbols:
        md = quotes.get(sym)
        if md is None or md.delta is None:
            continue
        if (md.delta < 0) != put or md.delta == 0:
            continue
        k = strike_of[sym]
        key = (abs(abs(md.delta) - TARGET_DELTA), k if put else -k, sym)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    md = quotes[best[2]]
    return {"symbol": md.symbol, "strike": strike_of[md.symbol], "bid": md.bid, "ask": md.ask,
            "delta": md.delta, "iv": _pct(md.volatility)}


# ------------------------------------------------------------------ market status

# The seed's vocabulary plus CLOSED_HOLIDAY (so `startswith("CLOSED")` still works).
OPEN, PRE, AFTER = "OPEN", "PRE_MARKET", "AFTER_HOURS"
CLOSED, WEEKEND, HOLIDAY = "CLOSED", "CLOSED_WEEKEND", "CLOSED_HOLIDAY"


# tastytrade's session states (tastytrade-api.md 21); anything else is unknown, never CLOSED
SESSION_STATES = {"open": OPEN, "pre-market": PRE, "extended": AFTER, "closed": CLOSED}


def session_status(session: MarketSession) -> str | None:
    return SESSION_STATES.get(session.state.strip().lower())


def market_status(session: MarketSession, holidays: Holidays | None,
                  now: datetime) -> dict[str, Any]:
    """From the equities session API: state, today's hours, early close, holiday."""
    today = now.astimezone(NY).date()
    half = holidays is not None and today in holidays.market_half_days
    status = session_status(session)
    if status is None:
        raise ValueError(f"unknown session state {session.state!r}")
    same_day = session.session_date == today or (
        session.open_at is not None and session.open_at.astimezone(NY).date() == today)
    if status == CLOSED:
        if today.weekday() >= 5:
            status = WEEKEND
        elif (holidays is not None and today in holidays.market_holidays) or (
                not same_day and _no_session_today(session, today)):
            status = HOLIDAY
    opens = closes = None
    if same_day and session.open_at is not None:
        opens = _hhmm(session.open_at)
        closes = _hhmm(session.close_at) if session.close_at is not None else None
    early = half or (closes is not None and session.close_at is not None
                     and session.close_at.astimezone(NY).time() < time(16, 0))
    return {"marketStatus": status, "sessionOpen": opens, "sessionClose": closes,
            "earlyClose": early if status not in (WEEKEND, HOLIDAY) else False}


def _no_session_today(session: MarketSession, today: date) -> bool:
    """A weekday with a previous and a next session around it, but none on it."""
    prev = session.previous_session.session_date if session.previous_session else None
    nxt = session.session_date or (session.open_at.astimezone(NY).date()
                                   if session.open_at else None)
    return prev is not None and nxt is not None and prev < today < nxt


def local_market_status(now: datetime) -> dict[str, Any]:
    """The no-API rule: weekdays 04:00-09:30 pre, 09:30-16:00 open, 16:00-20:00 after.

    It knows nothing of holidays or early closes; the document says so.
    """
    ny = now.astimezone(NY)
    t = ny.time()
    if ny.weekday() >= 5:
        status = WEEKEND
    elif time(9, 30) <= t < time(16, 0):
        status = OPEN
    elif time(4, 0) <= t < time(9, 30):
        status = PRE
    elif time(16, 0) <= t < time(20, 0):
        status = AFTER
    else:
        status = CLOSED
    return {"marketStatus": status, "sessionOpen": None, "sessionClose": None,
            "earlyClose": None}


def _hhmm(dt: datetime) -> str:
    return dt.astimezone(NY).strftime("%H:%M")


def clock_strings(now: datetime) -> tuple[str, str]:
    """New York and London as "h:mm AM/PM", no seconds: the core reads the time with
    /(\\d{1,2}):(\\d{2})\\s*(AM|PM)?/, so "2:15:30 PM" would lose its PM and read as 02:15."""
    from zoneinfo import ZoneInfo

    return twelve_hour(now.astimezone(NY)), twelve_hour(now.astimezone(ZoneInfo("Europe/London")))
