"""`/market-metrics`: IV index/rank/percentile, historical vol, beta, per-expiry IVs.

Units follow the real API: IV index, rank and percentile are fractions;
`implied-volatility-30-day`, `historical-volatility-*` and `iv-hv-30-day-difference`
are percent numbers. IV history comes from the VIX path, so rank moves with it.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tastyking.sim import wire
from tastyking.sim.market import calendar as cal
from tastyking.sim.market.model import Market, atm_term
from tastyking.sim.market.universe import PRODUCTS, STOCKS


def _returns(closes: list[float]) -> list[float]:
    return [math.log(b / a) for a, b in zip(closes, closes[1:], strict=False)]


def _hv(closes: list[float], n: int) -> float:
    r = _returns(closes[-(n + 1):])
    if len(r) < 2:
        return 0.0
    mean = sum(r) / len(r)
    return math.sqrt(sum((x - mean) ** 2 for x in r) / (len(r) - 1) * 252) * 100


def _beta_corr(xs: list[float], ys: list[float]) -> tuple[float, float]:
    n = min(len(xs), len(ys))
    xs, ys = xs[-n:], ys[-n:]
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    vx = sum((x - mx) ** 2 for x in xs)
    vy = sum((y - my) ** 2 for y in ys)
    return (cov / vx if vx else 0.0), (cov / math.sqrt(vx * vy) if vx and vy else 0.0)


def _next_earnings(today: date) -> date:
    for y in (today.year, today.year + 1):
        for m, d in ((1, 29), (4, 30), (7, 30), (10, 29)):
            if date(y, m, d) > today:
                return cal.on_or_after(date(y, m, d))
    return today


@lru_cache(maxsize=4096)
def _own_phases(seed: int, symbol: str) -> tuple[float, float]:
    r = random.Random(f"{seed}:{symbol}:iv")
    return r.uniform(0, 6.28), r.uniform(0, 6.28)


# Cached: a year of history per symbol per request is 250 seeded generators each, which
# made /market-metrics on a 150-name book take a second; a day's value never changes.
@lru_cache(maxsize=200_000)
def _own(seed: int, symbol: str, d: date) -> float:
    """A symbol's own log-deviation of past IV from its VIX-driven level: slow swings and
    day noise, so IV rank and percentile differ between symbols sharing a driver."""
    p1, p2 = _own_phases(seed, symbol)
    n = d.toordinal()
    noise = random.Random(f"{seed}:{symbol}:iv:{n}").gauss(0.0, 0.02)
    return 0.09 * math.sin(n / 19.0 + p1) + 0.05 * math.sin(n / 6.1 + p2) + noise


def _quarter_end(d: date) -> date:
    """The last quarter end before d."""
    q = (d.month - 1) // 3 * 3 + 1
    return date(d.year, q, 1) - timedelta(days=1)


def _next_ex_dividend(today: date, shift: timedelta) -> date:
    """Quarterly ex-dates early in Feb, May, Aug and Nov, shifted per name."""
    for y in (today.year, today.year + 1):
        for m in (2, 5, 8, 11):
            ex = cal.on_or_after(date(y, m, 5) + shift)
            if ex >= today:
                return ex
    return today


def metrics_item(m: Market, symbol: str) -> dict[str, Any] | None:
    stock = STOCKS.get(symbol)
    product = PRODUCTS.get(symbol.lstrip("/")) if symbol.startswith("/") else None
    if stock is None and product is None:
        return None
    name = stock.symbol if stock else product.code  # type: ignore[union-attr]
    driver = stock.driver if stock else product.driver  # type: ignore[union-attr]
    now = m.now()
    d, _ = m.session(now)
    closes = [b.close for b in m.day_bars(driver, d, 253)]
    spx = [b.close for b in m.day_bars("SPX", d, 253)]
    vix_hist = m.day_bars("VIX", d, 253)
    has_iv = bool(stock and stock.schedule) or bool(product and product.option_ticks)
    row: dict[str, Any] = {"symbol": symbol, "updated-at": wire.iso_z(now)}
    # symbols on one driver (SPX, SPY, /ES) still track it each a little differently
    own = 1.0 + random.Random(f"{m.seed}:{symbol}:hv").uniform(-0.03, 0.03)
    if has_iv:
        iv_now = m.atm30(name, m.vix(), d)
        hist = [m.atm30(name, b.close, b.day)
                * (math.exp(_own(m.seed, symbol, b.day)) if b.day != d else 1.0)
                for b in vix_hist]
        lo, hi = min(hist + [iv_now]), max(hist + [iv_now])
        rank = (iv_now - lo) / (hi - lo) if hi > lo else 0.0
        lo2, hi2 = min(hist[-200:] + [iv_now]), max(hist[-200:] + [iv_now])
        tos_rank = (iv_now - lo2) / (hi2 - lo2) if hi2 > lo2 else 0.0
        pct = sum(1 for h in hist if h < iv_now) / len(hist)
        hv30 = _hv(closes, 30) * own
        row.update({
            "implied-volatility-index": wire.greek(iv_now),
            "implied-volatility-index-5-day-change": wire.greek(iv_now - hist[-6]),
            "implied-volatility-index-rank": wire.greek(tos_rank),
            "tos-implied-volatility-index-rank": wire.greek(tos_rank),
            "tw-implied-volatility-index-rank": wire.greek(rank),
            "tos-implied-volatility-index-rank-updated-at": wire.iso_z(now),
            "implied-volatility-index-rank-source": "tos",
            "implied-volatility-percentile": wire.greek(pct),
            "implied-volatility-updated-at": wire.iso_z(now),
            "implied-volatility-30-day": wire.dec(iv_now * 100, 2),
            "iv-hv-30-day-difference": wire.dec(iv_now * 100 - hv30, 2),
            "option-expiration-implied-volatilities": _expiry_ivs(m, name, iv_now),
        })
    beta, _ = _beta_corr(_returns(spx), _returns(closes))
    beta *= own if stock is None or stock.symbol != "SPX" else 1.0
    liquidity = stock.liquidity if stock else 4
    row.update({
        "historical-volatility-30-day": wire.dec(_hv(closes, 30) * own, 2),
        "historical-volatility-60-day": wire.dec(_hv(closes, 60) * own, 2),
        "historical-volatility-90-day": wire.dec(_hv(closes, 90) * own, 2),
        "liquidity-value": wire.dec(10 ** (liquidity + 2) * 1.37 * own),
        "liquidity-running-state": {
            "sum": wire.dec(10 ** (liquidity + 2) * 1.37 * own * 48), "count": 48,
            "started-at": wire.iso_z(now - timedelta(days=4)), "updated-at": wire.iso_z(now)},
        "liquidity-rank": wire.dec(liquidity / 3.0), "liquidity-rating": liquidity,
        "beta": wire.greek(beta), "beta-updated-at": wire.iso_z(now - timedelta(days=3)),
        "corr-spy-3month": wire.dec(_beta_corr(_returns(spx[-64:]), _returns(closes[-64:]))[1], 2),
        "market-cap": stock.market_cap if stock else 0,
        "price-earnings-ratio": "0.0", "earnings-per-share": "0.0",
    })
    if stock is not None and stock.kind == "Equity":
        # indices and futures products have no listing, borrow or dividend data
        row.update({"listed-market": stock.listed_market, "lendability": "Easy To Borrow",
                    "borrow-rate": "0.0"})
        last = closes[-1] * stock.scale
        row.update({"dividend-rate-per-share": wire.dec(last * stock.div_yield / 4, 2),
                    "annual-dividend-per-share": wire.dec(last * stock.div_yield, 2),
                    "dividend-yield": wire.greek(stock.div_yield)})
        # each name keeps its own days in the quarter (AAPL on the base schedule)
        shift = timedelta(days=0 if stock.symbol == "AAPL" else stock.id % 17)
        if stock.div_yield:
            row["dividend-ex-date"] = _next_ex_dividend(d, shift).isoformat()
        if not stock.is_etf:  # funds report no earnings
            report = cal.on_or_after(_next_earnings(d - shift) + shift)
            row["earnings"] = {"visible": True, "expected-report-date": report.isoformat(),
                               "estimated": False, "late-flag": 0,
                               "quarter-end-date": _quarter_end(d).isoformat(),
                               "actual-eps": "1.65", "consensus-estimate": "1.6",
                               "updated-at": wire.iso_z(now)}
    return row


def _expiry_ivs(m: Market, name: str, iv_now: float) -> list[dict[str, str | None]]:
    chain = m.chain(name)
    if chain is None:
        return []
    stock = STOCKS.get(name)
    long_run = stock.long_run_iv if stock else iv_now * 1.1
    now = m.now()
    out = []
    for e in chain.expiries[:40]:
        t = max(0.0, (e.expires_at - now).total_seconds()) / 31_536_000.0
        out.append({"expiration-date": e.expiration.isoformat(), "option-chain-type": "Standard",
                    "settlement-type": e.settlement,
                    "implied-volatility": wire.greek(atm_term(iv_now, long_run, t))})
    return out


async def market_metrics(request: Request) -> Response:
    m: Market = request.app.state.sim.market
    symbols = wire.query_list(request, "symbols")
    if not symbols:
        return wire.error(400, "validation_error", "Request validation failed",
                          [{"domain": "symbols", "reason": "is missing"}])
    rows = [r for s in symbols if (r := metrics_item(m, s.upper())) is not None]
    return wire.items(request, rows)

