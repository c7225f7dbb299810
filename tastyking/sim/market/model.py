"""The simulator's deterministic market: quotes, option prices and Greeks, bars.

Everything is a pure function of (seed, clock): the daily path (paths.py) gives
each session's OHLC, a per-day Brownian bridge gives the intraday price, the
IV surface (vol.py) gives the volatility, and Black-Scholes / Black-76 give
option prices and Greeks. Bid/ask sit around the theoretical value on the
instrument's tick.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from functools import lru_cache

from tastyking.domain.pricing import Greeks, OptionKind, black76_greeks, bs_greeks
from tastyking.sim.market import bars, quotes
from tastyking.sim.market import calendar as cal
from tastyking.sim.market.chains import Chain, build_equity_chain, build_futures_chain
from tastyking.sim.market.futures import FutureContract, contracts, find_contract
from tastyking.sim.market.paths import DayBar, Extended, daily_paths, extended, intraday_path
from tastyking.sim.market.quotes import YEAR_S, Bar, Snapshot, Under, session_minutes
from tastyking.sim.market.symbols import (
    OptionSpec,
    equity_option,
    future_option,
    parse_equity_option,
    parse_future_option,
)
from tastyking.sim.market.universe import OCC_ROOTS, PRODUCTS, RATE, STOCKS

__all__ = ["Bar", "Market", "Snapshot", "Under"]

@lru_cache(maxsize=64)
def _phases(seed: int, name: str) -> tuple[float, float, float]:
    r = random.Random(f"{seed}:{name}:live")
    return (r.uniform(0, 6.28), r.uniform(0, 6.28), r.uniform(0, 6.28))


class Market:
    rate: float = RATE

    def __init__(self, seed: int = 0, clock: Callable[[], datetime] | None = None) -> None:
        self.seed = seed
        self._clock = clock
        self._paths = daily_paths(seed)
        self._chains: dict[tuple[str, date], Chain] = {}

    # --- time -------------------------------------------------------------------------
    def now(self) -> datetime:
        dt = self._clock() if self._clock is not None else datetime.now(UTC)
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        return dt.astimezone(UTC)

    def today(self) -> date:
        return cal.ny_date(self.now())

    def session(self, now: datetime) -> tuple[date, float]:
        """The session whose prices are current, and how much of it has elapsed (0..1)."""
        today = cal.ny_date(now)
        s = cal.equity_session(today)
        if s is not None and now >= s.open_at:
            if now >= s.close_at:
                return today, 1.0
            return today, (now - s.open_at) / (s.close_at - s.open_at)
        return cal.previous_trading_day(today), 1.0

    def dividend_yield(self, underlying: str) -> float:
        stock = STOCKS.get(OCC_ROOTS.get(underlying, underlying))  # "SPXW" pays SPX's yield
        return stock.div_yield if stock else 0.0

    # --- drivers ----------------------------------------------------------------------
    def day_bars(self, driver: str, d: date, count: int) -> list[DayBar]:
        return self._paths.bars_until(driver, d, count)

    def extended(self, driver: str, d: date) -> Extended:
        """Extended-hours trading around trading day `d`'s regular session."""
        bars = self._paths.bars_until(driver, d, 2)
        return extended(self.seed, driver, bars[0].close, bars[-1])

    def post_fraction(self, d: date, now: datetime) -> float:
        """How much of trading day `d`'s post-market session has passed at `now` (0..1)."""
        half = cal.is_half_day(d)
        close = cal.at_ny(d, cal.HALF_CLOSE if half else cal.CLOSE)
        end = cal.at_ny(d, cal.HALF_EXT_CLOSE if half else cal.EXT_CLOSE)
        return min(1.0, max(0.0, (now - close) / (end - close)))

    def under(self, driver: str, tick: int = 0, now: datetime | None = None) -> Under:
        now = now or self.now()
        d, frac = self.session(now)
        prev, bar = self._paths.bars_until(driver, d, 2)
        if frac < 1.0:
            n = session_minutes(d)
            path = intraday_path(self.seed, driver, d, n, bar)
            seg = path[: int(frac * n) + 1]
            last, hi, lo, vol = seg[-1], max(seg), min(seg), bar.volume * frac
        else:
            last, hi, lo, vol = bar.close, bar.high, bar.low, bar.volume
        if tick:
            last *= self._wiggle(driver, tick)
            hi, lo, vol = max(hi, last), min(lo, last), vol + tick * bar.volume * 2e-5
        return Under(last, bar.open, hi, lo, prev.close, vol)

    def _wiggle(self, driver: str, tick: int) -> float:
        if driver == "VIX":
            return self._wiggle("SPX", tick) ** -5.0
        p = _phases(self.seed, driver)
        x = 0.6 * math.sin(tick / 9 + p[0]) + 0.3 * math.sin(tick / 3.7 + p[1])
        x += 0.1 * math.sin(tick / 1.3 + p[2])
        x0 = 0.6 * math.sin(p[0]) + 0.3 * math.sin(p[1]) + 0.1 * math.sin(p[2])
        noise = random.Random(f"{self.seed}:{driver}:{tick}").gauss(0.0, 0.15)
        return math.exp(0.0004 * (x - x0 + noise))

    def vix(self, tick: int = 0, now: datetime | None = None) -> float:
        return self.under("VIX", tick, now).last

    def atm30(self, product: str, vix: float, d: date | None = None) -> float:
        """30-day ATM IV of a stock or futures product."""
        stock = STOCKS.get(product)
        if stock is not None:
            return vix / 100.0 * stock.iv_ratio
        p = PRODUCTS[product]
        if p.driver == "SPX":
            return vix / 100.0 * STOCKS["SPX"].iv_ratio
        wobble = math.sin((d or self.today()).toordinal() / 23.0 + len(p.code))
        return p.iv_base * (1.0 + 0.12 * wobble)

    # --- futures ------------------------------------------------------------------------
    def future_price(self, c: FutureContract, driver_price: float, when: datetime) -> float:
        t = max(0.0, (c.expires_at - when).total_seconds()) / YEAR_S
        p = c.product
        if p.driver in ("SPX", "QQQ", "IWM"):  # index futures: cost of carry less dividends
            return driver_price * p.scale * math.exp((self.rate - STOCKS["SPX"].div_yield) * t)
        if p.driver == "CL":  # crude in backwardation, a step per listed month
            return driver_price * p.scale * (1.0 - 0.006 * c.index)
        return driver_price * p.scale * math.exp(p.carry * t)

    def contracts(self, code: str) -> tuple[FutureContract, ...]:
        return contracts(code, self.today())

    # --- chains -------------------------------------------------------------------------
    def chain(self, underlying: str) -> Chain | None:
        """Equity/index chain for a stock symbol, or futures-option chain for a product code."""
        today = self.today()
        key = (underlying, today)
        if key in self._chains:
            return self._chains[key]
        midnight = cal.at_ny(today, time(0, 0))
        prev = cal.previous_trading_day(today)
        vix = self._paths.bar("VIX", prev).close
        stock = STOCKS.get(underlying)
        if stock is not None and stock.schedule:
            center = self._paths.bar(stock.driver, prev).close * stock.scale
            chain = build_equity_chain(underlying, today, midnight, center,
                                       self.atm30(underlying, vix))
        elif underlying in PRODUCTS and PRODUCTS[underlying].has_options:
            p = PRODUCTS[underlying]
            spot = self._paths.bar(p.driver, prev).close
            close_at = cal.at_ny(prev, cal.CLOSE)
            chain = build_futures_chain(
                underlying, today, midnight,
                lambda fe: self.future_price(fe.underlying, spot, close_at),
                self.atm30(underlying, vix, prev), p.strike_fine, p.strike_coarse)
        else:
            return None
        self._chains = {k: v for k, v in self._chains.items() if k[1] == today}
        self._chains[key] = chain
        return chain

    def option_spec(self, symbol: str) -> OptionSpec | None:
        """An option listed today, by trading or streamer symbol."""
        if symbol.startswith("./"):
            return self._future_option_spec(symbol)
        parsed = parse_equity_option(symbol)
        if parsed is None:
            return None
        underlying, root, exp, kind, strike = parsed
        chain = self.chain(underlying) if underlying in STOCKS else None
        e = chain.find(root, exp) if chain else None
        if e is None or not e.has_strike(strike):
            return None
        return equity_option(underlying, e, kind, strike)

    def _future_option_spec(self, symbol: str) -> OptionSpec | None:
        key = parse_future_option(symbol)
        chain = self.chain(key.product) if key else None
        if key is None or chain is None:
            return None
        for e in chain.expiries:
            fe = e.fop
            if fe is None or e.root != key.root or fe.month != key.month:
                continue
            if key.expiration is not None and e.expiration != key.expiration:
                continue
            if not e.has_strike(key.strike):
                continue
            spec = future_option(key.product, e, key.kind, key.strike)
            if symbol in (spec.symbol, spec.streamer):
                return spec
        return None

    # --- pricing ------------------------------------------------------------------------
    def underlying_driver(self, spec: OptionSpec) -> str:
        if spec.future is not None:
            return spec.future.product.driver
        return STOCKS[spec.product].driver

    def underlying_value(self, spec: OptionSpec, driver_price: float, when: datetime) -> float:
        if spec.future is not None:
            return self.future_price(spec.future, driver_price, when)
        return driver_price * STOCKS[spec.product].scale

    def price_option(self, spec: OptionSpec, under_price: float, when: datetime,
                     vix: float) -> tuple[Greeks, float]:
        """Black-Scholes (Black-76 for futures options) price, Greeks and the IV used."""
        t = max(0.0, (spec.expires_at - when).total_seconds()) / YEAR_S
        atm = self.atm30(spec.product, vix, when.date())
        kind: OptionKind = "C" if spec.kind == "C" else "P"
        if spec.future is not None:
            p = spec.future.product
            vol = surface_vol(atm, atm * 1.1, p.skew, t, under_price, spec.strike)
            return black76_greeks(kind, under_price, spec.strike, t, vol, self.rate), vol
        stock = STOCKS[spec.product]
        q = stock.div_yield
        fwd = under_price * math.exp((self.rate - q) * t)
        vol = surface_vol(atm, stock.long_run_iv, stock.skew, t, fwd, spec.strike)
        return bs_greeks(kind, under_price, spec.strike, t, vol, self.rate, q), vol

    def option_tick(self, spec: OptionSpec, price: float) -> float:
        if spec.future is not None:
            return quotes.future_option_tick(spec.future.product, price)
        return quotes.equity_option_tick(STOCKS[spec.product], price)

    # --- snapshots ----------------------------------------------------------------------
    def snapshot(self, symbol: str) -> Snapshot | None:
        return self._snapshot(symbol, 0)

    def snapshot_by_streamer(self, streamer_symbol: str) -> Snapshot | None:
        return self._snapshot(streamer_symbol, 0)

    def live(self, streamer_symbol: str, tick: int) -> Snapshot | None:
        return self._snapshot(streamer_symbol, tick)

    def _snapshot(self, symbol: str, tick: int) -> Snapshot | None:
        if symbol in STOCKS:
            return quotes.stock_snapshot(self, STOCKS[symbol], tick)
        if symbol.startswith("/"):
            c = find_contract(symbol, self.today())
            return quotes.future_snapshot(self, c, tick) if c else None
        spec = self.option_spec(symbol)
        return quotes.option_snapshot(self, spec, tick) if spec else None

    # --- bars ---------------------------------------------------------------------------
    def daily_bars(self, streamer_symbol: str, count: int, regular: bool = False) -> list[Bar]:
        return bars.daily_bars(self, streamer_symbol, count, regular)

    def intraday_bars(self, streamer_symbol: str, minutes: int, count: int,
                      regular: bool = False) -> list[Bar]:
        return bars.intraday_bars(self, streamer_symbol, minutes, count, regular)


# ------------------------------------------------------------------ the implied-volatility surface
# A level tied to VIX, a term structure and a skew. 30-day ATM IV is VIX/100 times a
# per-underlying ratio (commodities use their own base level, wobbling slowly). The term
# structure relaxes from that level toward a long-run one, so calm markets slope up and
# stressed markets invert. Skew is quadratic in standardised log-moneyness, put-heavy for
# equity names.

MIN_T = 1.0 / 365.0
_T30 = 30.0 / 365.0
_RELAX = 120.0 / 365.0


def atm_term(atm30: float, long_run: float, t_years: float) -> float:
    """ATM IV at horizon t from the 30-day level, decaying toward the long-run level."""
    w = math.exp(-(max(t_years, 0.0) - _T30) / _RELAX)
    return min(2.0, max(0.04, long_run + (atm30 - long_run) * w))


def surface_vol(
    atm30: float, long_run: float, skew: float, t_years: float, forward: float, strike: float
) -> float:
    atm = atm_term(atm30, long_run, t_years)
    sd = atm * math.sqrt(max(t_years, MIN_T))
    x = max(-5.0, min(5.0, math.log(strike / forward) / sd))
    curve = 0.022 + abs(skew) * 0.15  # smile curvature grows with the skew's strength
    mult = 1.0 + skew * x + curve * x * x
    return atm * min(2.6, max(0.65, mult))
