"""Events for the simulator's DXLink feed, built from the market model.

Quote/Trade/Greeks/Summary/Profile/TheoPrice from `Market` snapshots (the same
Black-Scholes numbers as the REST market data), and Candle history with dxFeed's
snapshot flags from the model's daily and intraday bars.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tastyking.sim.dxlink.fields import SPEC_FIELDS
from tastyking.sim.market.quotes import Bar
from tastyking.sim.market.symbols import parse_equity_option

LIVE_TYPES = frozenset({"Quote", "Trade", "Greeks"})
NAN = float("nan")
NY = ZoneInfo("America/New_York")
SNAPSHOT_BEGIN, SNAPSHOT_END, REMOVE_EVENT = 0x04, 0x08, 0x02
_CANDLE = re.compile(r"^(?P<base>[^{}]+)\{(?P<attrs>[^{}]*)\}$")
_PERIOD = re.compile(r"^(?P<value>\d*)(?P<unit>[a-z]+)$")
_EXCHANGE = {"Equity": "Q", "Equity Option": "X", "Index": "\x00"}
DAY_MS = 86_400_000
MAX_DAILY_BARS = 3000
MAX_INTRADAY_BARS = 5000



def _index(time_ms: int, sequence: int = 0) -> int:
    # dxFeed packs time-series indexes as seconds << 32 | millis << 22 | sequence.
    return ((time_ms // 1000) << 32) | ((time_ms % 1000) << 22) | sequence


class EventBuilder:
    """Market snapshots and bars -> DXLink event dicts (`eventType` + fields).

    Missing doubles are None or NaN; the formatter turns both into "NaN"."""

    def __init__(self, market: Any) -> None:
        self.market = market
        self._year_range: dict[str, tuple[float, float]] = {}

    def _now_ms(self) -> int:
        return int(self.market.now().timestamp() * 1000)

    def initial(self, event_type: str, symbol: str, from_time: int | None) -> list[dict[str, Any]]:
        if event_type == "Candle":
            return self.candles(symbol, from_time)
        snap = self.market.snapshot_by_streamer(symbol)
        return [] if snap is None else self.from_snapshot(event_type, symbol, snap)

    def from_snapshot(self, event_type: str, symbol: str, s: Any) -> list[dict[str, Any]]:
        build = _BUILDERS.get(event_type)
        if build is None:
            return []
        event = build(self, symbol, s, self._now_ms())
        return [] if event is None else [event]

    def _quote(self, symbol: str, s: Any, now: int) -> dict[str, Any]:
        code = _EXCHANGE.get(s.instrument_type, "\x00")
        return {
            "eventType": "Quote", "eventSymbol": symbol, "eventTime": now, "sequence": 0,
            "timeNanoPart": 0, "bidTime": now, "bidExchangeCode": code, "askTime": now,
            "askExchangeCode": code, "bidPrice": s.bid, "askPrice": s.ask,
            "bidSize": s.bid_size, "askSize": s.ask_size,
        }

    def _trade(self, symbol: str, s: Any, now: int) -> dict[str, Any]:
        return {
            "eventType": "Trade", "eventSymbol": symbol, "eventTime": now, "time": now,
            "timeNanoPart": 0, "sequence": 0,
            "exchangeCode": _EXCHANGE.get(s.instrument_type, "\x00"),
            "dayId": self._day_id(), "tickDirection": "UNDEFINED",
            "extendedTradingHours": False, "price": s.last, "change": s.last - s.prev_close,
            # an index prints values, not trades: no size (recorded "SPX", 5931.91, "NaN")
            "size": NAN if s.instrument_type == "Index" else
            1.0 if "Option" in s.instrument_type else 100.0,
            "dayVolume": s.volume, "dayTurnover": s.volume * s.last,
        }

    def _greeks(self, symbol: str, s: Any, now: int) -> dict[str, Any] | None:
        if s.volatility is None:
            return None  # options only
        return {
            "eventType": "Greeks", "eventSymbol": symbol, "eventTime": now, "eventFlags": 0,
            "index": _index(now), "time": now, "sequence": 0, "price": s.theo_price,
            "volatility": s.volatility, "delta": s.delta, "gamma": s.gamma,
            "theta": s.theta, "rho": s.rho, "vega": s.vega,
        }

    def _theo(self, symbol: str, s: Any, now: int) -> dict[str, Any] | None:
        if s.theo_price is None:
            return None
        return {
            "eventType": "TheoPrice", "eventSymbol": symbol, "eventTime": now,
            "eventFlags": 0, "index": _index(now), "time": now, "sequence": 0,
            "price": s.theo_price, "underlyingPrice": s.underlying_price, "delta": s.delta,
            "gamma": s.gamma, "dividend": self._dividend(symbol, s),
            "interest": self.market.rate,
        }

    def _summary(self, symbol: str, s: Any, now: int) -> dict[str, Any]:
        day_id = self._day_id()
        return {
            "eventType": "Summary", "eventSymbol": symbol, "eventTime": now, "dayId": day_id,
            "dayClosePriceType": "REGULAR", "prevDayId": day_id - 1,
            "prevDayClosePriceType": "FINAL",
            "openInterest": s.open_interest if s.open_interest is not None else 0,
            "dayOpenPrice": s.open, "dayHighPrice": s.high, "dayLowPrice": s.low,
            "dayClosePrice": s.last, "prevDayClosePrice": s.prev_close, "prevDayVolume": NAN,
        }

    def _profile(self, symbol: str, s: Any, now: int) -> dict[str, Any]:
        high, low = self._year_high_low(symbol)
        return {
            "eventType": "Profile", "eventSymbol": symbol, "eventTime": now,
            "description": s.description, "shortSaleRestriction": "INACTIVE",
            "tradingStatus": "ACTIVE", "haltStartTime": 0, "haltEndTime": 0,
            "exDividendDayId": 0, "statusReason": "", "high52WeekPrice": high,
            "low52WeekPrice": low, "beta": s.beta, "shares": NAN, "highLimitPrice": NAN,
            "lowLimitPrice": NAN, "earningsPerShare": NAN, "exDividendAmount": NAN,
            "dividendFrequency": NAN, "freeFloat": NAN,
        }

    def _day_id(self) -> int:
        today = self.market.now().astimezone(NY).date()
        return (today - date(1970, 1, 1)).days

    def _dividend(self, symbol: str, s: Any) -> float:
        if s.instrument_type != "Equity Option":
            return NAN
        parsed = parse_equity_option(symbol)
        return NAN if parsed is None else float(self.market.dividend_yield(parsed[0]))

    def _year_high_low(self, symbol: str) -> tuple[float, float]:
        if symbol not in self._year_range:
            try:
                bars = self.market.daily_bars(symbol, 252)
            except Exception:
                bars = []
            self._year_range[symbol] = (
                (max(b.high for b in bars), min(b.low for b in bars)) if bars else (NAN, NAN)
            )
        return self._year_range[symbol]

    # -- candles

    def candles(self, symbol: str, from_time: int | None) -> list[dict[str, Any]]:
        """A Candle snapshot, newest first: flags 4 on the first, then a NaN
        terminator with REMOVE|SNAPSHOT_END (10), as real dxFeed sends."""
        parsed = parse_candle_symbol(symbol)
        if parsed is None:
            return []
        base, value, unit = parsed
        if self.market.snapshot_by_streamer(base) is None:
            return []
        now = self._now_ms()
        span = max(0, now - from_time) if from_time else 0
        bars = self._bars(base, value, unit, span, regular_hours(symbol))
        if bars is None:
            return []
        if not from_time:  # a plain (non-history) subscription: the current candle only
            return [self._candle(symbol, bars[-1], 0, now)] if bars else []
        events = [self._candle(symbol, b, 0, now) for b in reversed(bars) if b.time_ms >= from_time]
        if not events:
            return [_candle_terminator(symbol, SNAPSHOT_BEGIN | SNAPSHOT_END | REMOVE_EVENT)]
        events[0]["eventFlags"] = SNAPSHOT_BEGIN
        events.append(_candle_terminator(symbol, SNAPSHOT_END | REMOVE_EVENT))
        return events

    def _bars(self, base: str, value: int, unit: str, span_ms: int,
              regular: bool = False) -> list[Any] | None:
        """Bars (oldest first) covering at least `span_ms`, or None for an unsupported period."""
        if unit in ("m", "h"):
            minutes = value * (60 if unit == "h" else 1)
            count = min(MAX_INTRADAY_BARS, span_ms // (minutes * 60_000) + 2)
            return list(self.market.intraday_bars(base, minutes, count, regular))
        days = {"d": value, "w": 7 * value, "mo": 31 * value}.get(unit)
        if days is None:
            return None
        count = min(MAX_DAILY_BARS, span_ms // DAY_MS + days + 2)
        daily = list(self.market.daily_bars(base, count, regular))
        if unit == "d" and value == 1:
            return daily
        if unit == "d":
            return _aggregate(daily, lambda b: b.time_ms // (DAY_MS * value))
        if unit == "w":
            return _aggregate(daily, lambda b: _utc(b.time_ms).isocalendar()[:2])
        return _aggregate(daily, lambda b: (_utc(b.time_ms).year, _utc(b.time_ms).month))

    @staticmethod
    def _candle(symbol: str, b: Any, flags: int, now: int) -> dict[str, Any]:
        return {
            "eventType": "Candle", "eventSymbol": symbol, "eventTime": now,
            "eventFlags": flags, "index": _index(b.time_ms), "time": b.time_ms, "sequence": 0,
            "count": 0, "volume": b.volume, "VWAP": b.vwap, "bidVolume": NAN,
            "askVolume": NAN, "impVolatility": NAN, "openInterest": NAN, "open": b.open,
            "high": b.high, "low": b.low, "close": b.close,
        }


_BUILDERS: dict[str, Callable[[EventBuilder, str, Any, int], dict[str, Any] | None]] = {
    "Quote": EventBuilder._quote,
    "Trade": EventBuilder._trade,
    "Greeks": EventBuilder._greeks,
    "Summary": EventBuilder._summary,
    "Profile": EventBuilder._profile,
    "TheoPrice": EventBuilder._theo,
}


def parse_candle_symbol(symbol: str) -> tuple[str, int, str] | None:
    """`SPY{=5m,tho=true}` -> ("SPY", 5, "m"); None when there is no period."""
    m = _CANDLE.match(symbol)
    if not m:
        return None
    for attr in m["attrs"].split(","):
        if attr.startswith("="):
            p = _PERIOD.match(attr[1:])
            if not p:
                return None
            value = int(p["value"]) if p["value"] else 1
            return (m["base"], value, p["unit"]) if value > 0 else None
    return None


def regular_hours(symbol: str) -> bool:
    """`tho=true` among a candle symbol's attributes: regular trading hours only."""
    m = _CANDLE.match(symbol)
    return m is not None and "tho=true" in m["attrs"].split(",")


# dxFeed ends a candle snapshot with an all-NaN record at this time (1999-05-09, facts §7)
TERMINATOR_TIME = 926208000000


def _candle_terminator(symbol: str, flags: int) -> dict[str, Any]:
    event: dict[str, Any] = {f: NAN for f in SPEC_FIELDS["Candle"]}
    event.update({
        "eventType": "Candle", "eventSymbol": symbol, "eventTime": 0, "eventFlags": flags,
        "index": _index(TERMINATOR_TIME), "time": TERMINATOR_TIME, "sequence": 0, "count": 0,
    })
    return event


def _utc(time_ms: int) -> datetime:
    return datetime.fromtimestamp(time_ms / 1000, UTC)


def _aggregate(bars: list[Any], key: Callable[[Any], Any]) -> list[Bar]:
    groups: dict[Any, list[Any]] = {}
    for b in bars:
        groups.setdefault(key(b), []).append(b)
    out = []
    for group in groups.values():
        volume = sum(b.volume for b in group)
        vwap = sum(b.vwap * b.volume for b in group) / volume if volume else group[-1].close
        out.append(Bar(
            group[0].time_ms, group[0].open, max(b.high for b in group),
            min(b.low for b in group), group[-1].close, volume, vwap,
        ))
    return out
