"""Snapshots (quotes, option prices, Greeks) built from the Market's state."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from tastyking.sim.market import calendar as cal
from tastyking.sim.market.paths import DRIVERS
from tastyking.sim.market.universe import FutureProduct, Stock

if TYPE_CHECKING:
    from tastyking.sim.market.futures import FutureContract
    from tastyking.sim.market.model import Market
    from tastyking.sim.market.symbols import OptionSpec

YEAR_S = 31_536_000.0
NAN = float("nan")

_SPREAD = {"SPY": 0.01, "QQQ": 0.01, "IWM": 0.01, "SPX": 0.012, "AAPL": 0.025}
_OI_BASE = {"SPY": 20000, "SPX": 15000, "QQQ": 12000, "IWM": 9000, "AAPL": 8000, "ES": 3000,
            "MES": 800, "CL": 1500, "MCL": 200, "GC": 900, "MGC": 100}


@dataclass(frozen=True)
class Snapshot:
    symbol: str
    streamer_symbol: str
    instrument_type: str
    bid: float
    ask: float
    bid_size: float
    ask_size: float
    last: float
    open: float
    high: float
    low: float
    prev_close: float
    volume: float
    volatility: float | None = None
    delta: float | None = None
    gamma: float | None = None
    theta: float | None = None
    vega: float | None = None
    rho: float | None = None
    theo_price: float | None = None
    open_interest: int | None = None
    underlying_price: float | None = None
    beta: float | None = None
    description: str = ""
    mark: float | None = None  # None: the mid
    close: float | None = None  # the regular session's close when `last` traded after it

    @property
    def marked(self) -> float:
        """The price tastytrade marks at: see `mark` in each builder below."""
        return self.mark if self.mark is not None else (self.bid + self.ask) / 2


@dataclass(frozen=True)
class Bar:
    time_ms: int
    open: float
    high: float
    low: float
    close: float
    volume: float
    vwap: float


@dataclass(frozen=True)
class Under:
    """A driver's state at one moment of its current session."""

    last: float
    open: float
    high: float
    low: float
    prev_close: float
    volume: float


def round_tick(x: float, tick: float, mode: str = "nearest") -> float:
    q = x / tick
    if mode == "down":
        n = math.floor(q + 1e-9)
    elif mode == "up":
        n = math.ceil(q - 1e-9)
    else:
        n = round(q)
    return round(n * tick, 10)  # ticks go down to 0.0000005 (/6J)


def equity_option_tick(stock: Stock, price: float) -> float:
    if stock.penny:
        return 0.01
    if stock.symbol == "SPX":
        return 0.05 if price < 3.0 else 0.10
    return 0.01 if price < 3.0 else 0.05


def future_option_tick(product: FutureProduct, price: float) -> float:
    for value, threshold in product.option_ticks:
        if threshold is None or price < threshold:
            return value
    return product.option_ticks[-1][0]


def session_minutes(d: date) -> int:
    return 210 if cal.is_half_day(d) else 390


def spread_pct(spec: OptionSpec) -> float:
    return 0.015 if spec.future is not None else _SPREAD.get(spec.product, 0.02)


def oi_base(spec: OptionSpec) -> int:
    return _OI_BASE.get(spec.product, 1000)


def volume_scale(stock: Stock) -> float:
    """Driver volume -> this symbol's share volume (indices trade no shares)."""
    return stock.volume / DRIVERS[stock.driver].volume if stock.volume else 0.0


_FUT_VOLUME = {"ES": 1.5e6, "MES": 1.1e6, "CL": 3.0e5, "MCL": 6.0e4, "GC": 2.0e5, "MGC": 5.0e4,
               "DX": 2.0e4}


def _sizes(m: Market, symbol: str, tick: int, top: int) -> tuple[float, float]:
    r = random.Random(f"{m.seed}:{symbol}:{tick}:{int(m.now().timestamp()) // 60}")
    return float(r.randint(1, top)), float(r.randint(1, top))


def _prev_close_at(m: Market) -> tuple[date, datetime]:
    d, _ = m.session(m.now())
    prev = cal.previous_trading_day(d)
    close = cal.HALF_CLOSE if cal.is_half_day(prev) else cal.CLOSE
    return prev, cal.at_ny(prev, close)


def stock_snapshot(m: Market, stock: Stock, tick: int) -> Snapshot:
    u = m.under(stock.driver, tick)
    sc = stock.scale
    last = round(u.last * sc, 2)
    if stock.kind == "Index":  # no sizes; marked at the mid (facts §6: SPX mark = mid)
        half = max(0.01, round(last * 0.00001, 2))
        bid_size, ask_size = NAN, NAN
    else:
        half = 0.01
        bid_size, ask_size = _sizes(m, stock.symbol, tick, 40)
        bid_size, ask_size = bid_size * 100, ask_size * 100
    bid, ask, mark, close = round(last - half, 2), round(last + half, 2), None, None
    now = m.now()
    d, frac = m.session(now)
    if stock.kind == "Equity" and frac >= 1.0:
        # After the close a stock trades on in the post-market: `last` is that trade,
        # the quote sits around it, `close` stays the regular close, and the mark is
        # the last trade held inside the quote - last, bid or ask (facts §6).
        ext = m.extended(stock.driver, d)
        day_close = m.day_bars(stock.driver, d, 1)[-1].close
        post = u.last * (ext.post_close / day_close) ** m.post_fraction(d, now)
        r = random.Random(f"{m.seed}:{stock.symbol}:{d}:{int(now.timestamp()) // 60}")
        center = post * sc * (1.0 + r.uniform(-6e-4, 6e-4))
        half = max(0.01, round(center * 4e-5, 2))
        close, last = last, round(post * sc, 2)
        bid, ask = round(center - half, 2), round(center + half, 2)
        mark = min(max(last, bid), ask)
    return Snapshot(
        stock.symbol, stock.symbol, stock.kind, bid, ask,
        bid_size, ask_size, last, round(u.open * sc, 2), round(u.high * sc, 2),
        round(u.low * sc, 2), round(u.prev_close * sc, 2),
        float(int(u.volume * volume_scale(stock))),
        beta=stock.beta, description=stock.description, mark=mark, close=close,
    )


def future_snapshot(m: Market, c: FutureContract, tick: int) -> Snapshot:
    now = m.now()
    p = c.product
    u = m.under(p.driver, tick, now)

    def px(x: float) -> float:
        return round_tick(m.future_price(c, x, now), p.tick)

    last = px(u.last)
    _, prev_at = _prev_close_at(m)
    prev = round_tick(m.future_price(c, u.prev_close, prev_at), p.tick)
    _, frac = m.session(now)
    vol = _FUT_VOLUME.get(p.code, 1e4) * (1.0 if c.active else 0.04) * max(frac, 0.05)
    bid_size, ask_size = _sizes(m, c.symbol, tick, 60)
    desc = f"{p.description} {date(c.year, c.month, 1):%B %Y}"
    return Snapshot(
        c.symbol, c.streamer, "Future", round(last - p.tick, 10), round(last + p.tick, 10),
        bid_size, ask_size, last, px(u.open), px(u.high), px(u.low), prev, float(int(vol)),
        description=desc, mark=last,  # futures mark at the last trade (facts §6, /MCLG6)
    )


def option_snapshot(m: Market, spec: OptionSpec, tick: int) -> Snapshot:
    now = m.now()
    u = m.under(m.underlying_driver(spec), tick, now)
    vix = m.vix(tick, now)
    s = m.underlying_value(spec, u.last, now)
    g, vol = m.price_option(spec, s, now, vix)
    theo = g.price
    t = m.option_tick(spec, theo)
    half = max(t / 2, theo * spread_pct(spec) / 2)
    if theo < t / 2:
        bid, ask = 0.0, t
    else:
        bid = max(0.0, round_tick(theo - half, t, "down"))
        ask = round_tick(theo + half, t, "up")
        if ask <= bid:
            ask = round(bid + t, 10)
    day = [m.price_option(spec, m.underlying_value(spec, x, now), now, vix)[0].price
           for x in (u.open, u.high, u.low)]
    prev_day, prev_at = _prev_close_at(m)
    prev_vix = m.day_bars("VIX", prev_day, 1)[-1].close
    s_prev = m.underlying_value(spec, u.prev_close, prev_at)
    prev = m.price_option(spec, s_prev, prev_at, prev_vix)[0].price
    oi, volume = _interest(m, spec, s_prev, vol, now)
    bid_size, ask_size = _sizes(m, spec.symbol, tick, 150)
    kind = "Call" if spec.kind == "C" else "Put"
    desc = f"{spec.underlying} {spec.expiration:%m/%d/%y} {kind} {spec.strike:.2f}"
    return Snapshot(
        spec.symbol, spec.streamer, spec.instrument_type, bid, ask, bid_size, ask_size,
        round_tick(theo, t), round_tick(day[0], t), round_tick(max(day + [theo]), t),
        round_tick(min(day + [theo]), t), round_tick(prev, t), float(volume),
        volatility=vol, delta=g.delta, gamma=g.gamma, theta=g.theta, vega=g.vega, rho=g.rho,
        theo_price=theo, open_interest=oi, underlying_price=s, description=desc,
        # equity options mark at the mid, future options at the theoretical price (§6)
        mark=theo if spec.future is not None else None,
    )


def _interest(m: Market, spec: OptionSpec, s_prev: float, vol: float,
              now: datetime) -> tuple[int, int]:
    """Open interest (fixed for the day) and volume so far, peaked at the money."""
    t = max(0.0, (spec.expires_at - now).total_seconds()) / YEAR_S
    x = math.log(spec.strike / s_prev) / (max(vol, 0.05) * math.sqrt(max(t, 2.0 / 365.0)))
    r = random.Random(f"{m.seed}:{spec.symbol}")
    u1, u2 = r.random(), r.random()
    near = 1.0 if t < 0.25 else 0.5
    oi = int(oi_base(spec) * math.exp(-0.35 * x * x) * (0.3 + 1.4 * u1) * near) + int(5 + 20 * u2)
    _, frac = m.session(now)
    volume = int(oi * (0.05 + 0.3 * u2) * math.exp(-0.3 * x * x) * max(frac, 0.02))
    return oi, volume
