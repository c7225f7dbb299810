"""Daily and intraday candles for any sim symbol, derived from the driver paths.

Stocks scale their driver, futures add carry, options are re-priced at each
bar's close time, so candle history, 5/20-day highs and ATR all line up with
the snapshot of the current session (the last bar, partial while it trades).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from tastyking.sim.market import calendar as cal
from tastyking.sim.market.futures import find_contract
from tastyking.sim.market.paths import DRIVERS, DayBar, intraday_path
from tastyking.sim.market.quotes import _FUT_VOLUME, Bar, session_minutes, volume_scale
from tastyking.sim.market.universe import STOCKS

if TYPE_CHECKING:
    from tastyking.sim.market.model import Market

Value = Callable[[float, datetime, float], float]  # (driver price, when, vix) -> price


def resolve(m: Market, symbol: str) -> tuple[str, Value, float] | None:
    """Driver name, price mapping and volume scale of a symbol."""
    stock = STOCKS.get(symbol)
    if stock is not None:
        return stock.driver, lambda x, when, vix: x * stock.scale, volume_scale(stock)
    if symbol.startswith("/"):
        c = find_contract(symbol, m.today())
        if c is None:
            return None
        p = c.product
        scale = _FUT_VOLUME.get(p.code, 1e4) / DRIVERS[p.driver].volume * (1 if c.active else 0.04)
        return p.driver, lambda x, when, vix: m.future_price(c, x, when), scale
    spec = m.option_spec(symbol)
    if spec is None:
        return None

    def value(x: float, when: datetime, vix: float) -> float:
        s = m.underlying_value(spec, x, when)
        return m.price_option(spec, s, when, vix)[0].price

    return m.underlying_driver(spec), value, 1e-6


def _close_at(d: date) -> datetime:
    return cal.at_ny(d, cal.HALF_CLOSE if cal.is_half_day(d) else cal.CLOSE)


def _ms(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


def _bar(t: datetime, o: float, h: float, low: float, c: float, v: float) -> Bar:
    hi, lo = max(o, h, low, c), min(o, h, low, c)
    return Bar(_ms(t), o, hi, lo, c, v, (hi + lo + c) / 3.0)


def trades_extended_hours(symbol: str) -> bool:
    """Stocks, ETFs and futures trade outside regular hours; indices and options do not."""
    stock = STOCKS.get(symbol)
    if stock is not None:
        return stock.kind == "Equity"
    return symbol.startswith("/") and not symbol.startswith("./")


def _midnight_utc(d: date) -> datetime:
    # dxFeed stamps a daily candle at 00:00 UTC of its session date (facts §7)
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def daily_bars(m: Market, symbol: str, count: int, regular: bool = False) -> list[Bar]:
    """Daily candles, oldest first: regular trading hours only with `regular` (a candle
    symbol's `tho=true`), else the whole day's trading, pre- and post-market included."""
    base = symbol.split("{")[0]
    found = resolve(m, base)
    if found is None or count <= 0:
        return []
    driver, value, vscale = found
    extended = not regular and trades_extended_hours(base)
    now = m.now()
    d, frac = m.session(now)
    days = m.day_bars(driver, d, count)
    vix = {b.day: b.close for b in m.day_bars("VIX", d, count)}
    out = []
    for b in days:
        when = _close_at(b.day)
        o, h, lo, c, v = b.open, b.high, b.low, b.close, b.volume
        if b.day == d and frac < 1.0:
            u = m.under(driver, 0, now)
            when, h, lo, c, v = now, u.high, u.low, u.last, u.volume
        if extended:
            x = m.extended(driver, b.day)
            o, h, lo, v = x.pre_open, max(h, x.pre_high), min(lo, x.pre_low), v + x.volume
            if b.day != d or frac >= 1.0:  # the post-market, as far as it has traded
                f = m.post_fraction(b.day, now)
                c = c * (x.post_close / c) ** f
                h = max(h, c, x.post_high if f >= 1.0 else c)
                lo = min(lo, c, x.post_low if f >= 1.0 else c)
        k = vix.get(b.day, 16.0)
        out.append(_bar(_midnight_utc(b.day), value(o, when, k), value(h, when, k),
                        value(lo, when, k), value(c, when, k), v * vscale))
    return out


def _segments(m: Market, driver: str, d: date, frac: float, extended: bool,
              now: datetime) -> list[tuple[datetime, tuple[float, ...], int, float]]:
    """(start, minute path, minutes traded so far, volume of the whole segment) for the
    trading segments of day `d`: the regular session, and around it the pre-market
    (04:00 on) and post-market (to 20:00) when `extended`."""
    day_bar = m.day_bars(driver, d, 1)[-1]
    n = session_minutes(d)
    regular = (cal.at_ny(d, cal.OPEN), intraday_path(m.seed, driver, d, n, day_bar),
               int(frac * n) if frac < 1.0 else n, day_bar.volume)
    if not extended:
        return [regular]
    x = m.extended(driver, d)
    pre_at, close_at = cal.at_ny(d, cal.PRE_MARKET), _close_at(d)
    pre_n = int((regular[0] - pre_at).total_seconds() // 60)
    post_n = int((cal.at_ny(d, cal.HALF_EXT_CLOSE if cal.is_half_day(d) else cal.EXT_CLOSE)
                  - close_at).total_seconds() // 60)
    pre = DayBar(d, x.pre_open, x.pre_high, x.pre_low, day_bar.open, x.volume * 0.4)
    post = DayBar(d, day_bar.close, x.post_high, x.post_low, x.post_close, x.volume * 0.6)
    segments = [(pre_at, intraday_path(m.seed, driver + ":pre", d, pre_n, pre), pre_n,
                 pre.volume), regular]
    if frac >= 1.0:
        done = int(m.post_fraction(d, now) * post_n)
        if done:
            segments.append((close_at, intraday_path(m.seed, driver + ":post", d, post_n, post),
                             done, post.volume))
    return segments


def intraday_bars(m: Market, symbol: str, minutes: int, count: int,
                  regular: bool = False) -> list[Bar]:
    """`count` bars of `minutes` width, oldest first: regular sessions with `regular`
    (`tho=true`), else pre- and post-market trading too where the symbol has it."""
    base = symbol.split("{")[0]
    found = resolve(m, base)
    if found is None or count <= 0 or minutes <= 0:
        return []
    driver, value, vscale = found
    extended = not regular and trades_extended_hours(base)
    now = m.now()
    d, frac = m.session(now)
    out: list[Bar] = []
    for _ in range(60):  # enough sessions for any sane request
        vix = m.day_bars("VIX", d, 1)[-1].close
        day: list[Bar] = []
        for open_at, path, upto, volume in _segments(m, driver, d, frac, extended, now):
            n = len(path) - 1
            for start in range(0, max(upto, 1), minutes):
                seg = path[start : min(start + minutes, upto) + 1]
                when = open_at + timedelta(minutes=start + len(seg) - 1)
                o, h, lo, c = (value(x, when, vix) for x in (seg[0], max(seg), min(seg), seg[-1]))
                vol = volume * vscale * len(seg) / n
                day.append(_bar(open_at + timedelta(minutes=start), o, h, lo, c, vol))
        out[:0] = day
        if len(out) >= count:
            break
        d, frac = cal.previous_trading_day(d), 1.0
    return out[-count:]
