"""Black-Scholes-Merton prices and Greeks (pure maths, no I/O).

Conventions match dxFeed/tastytrade: theta is per calendar day (annual / 365),
vega per one volatility point (0.01), rho per one rate point (0.01). Futures
options use Black-76, which is BSM with the dividend yield equal to the rate,
except for rho: the futures price does not move with the rate, so only the
discount factor does (rho = -T * price).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

OptionKind = Literal["C", "P"]


@dataclass(frozen=True)
class Greeks:
    price: float
    delta: float
    gamma: float
    theta: float  # per calendar day
    vega: float  # per 1 vol point
    rho: float  # per 1 rate point


def norm_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def norm_pdf(x: float) -> float:
    return math.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def _intrinsic(kind: OptionKind, spot: float, strike: float) -> float:
    return max(0.0, spot - strike) if kind == "C" else max(0.0, strike - spot)


def bs_greeks(
    kind: OptionKind,
    spot: float,
    strike: float,
    t_years: float,
    vol: float,
    rate: float,
    div_yield: float = 0.0,
) -> Greeks:
    """Price and Greeks of a European option under Black-Scholes-Merton."""
    if spot <= 0 or strike <= 0:
        raise ValueError(f"spot and strike must be positive (spot={spot}, strike={strike})")
    if t_years <= 0 or vol <= 0:
        itm = (spot > strike) if kind == "C" else (spot < strike)
        delta = (1.0 if kind == "C" else -1.0) if itm else 0.0
        return Greeks(_intrinsic(kind, spot, strike), delta, 0.0, 0.0, 0.0, 0.0)
    sqrt_t = math.sqrt(t_years)
    d1 = (math.log(spot / strike) + (rate - div_yield + 0.5 * vol * vol) * t_years) / (vol * sqrt_t)
    d2 = d1 - vol * sqrt_t
    disc_q = math.exp(-div_yield * t_years)
    disc_r = math.exp(-rate * t_years)
    gamma = disc_q * norm_pdf(d1) / (spot * vol * sqrt_t)
    vega = spot * disc_q * norm_pdf(d1) * sqrt_t
    decay = -spot * disc_q * norm_pdf(d1) * vol / (2.0 * sqrt_t)
    if kind == "C":
        price = spot * disc_q * norm_cdf(d1) - strike * disc_r * norm_cdf(d2)
        delta = disc_q * norm_cdf(d1)
        theta = (
            decay
            - rate * strike * disc_r * norm_cdf(d2)
            + div_yield * spot * disc_q * norm_cdf(d1)
        )
        rho = strike * t_years * disc_r * norm_cdf(d2)
    else:
        price = strike * disc_r * norm_cdf(-d2) - spot * disc_q * norm_cdf(-d1)
        delta = -disc_q * norm_cdf(-d1)
        theta = (
            decay
            + rate * strike * disc_r * norm_cdf(-d2)
            - div_yield * spot * disc_q * norm_cdf(-d1)
        )
        rho = -strike * t_years * disc_r * norm_cdf(-d2)
    return Greeks(price, delta, gamma, theta / 365.0, vega / 100.0, rho / 100.0)


def bs_price(
    kind: OptionKind,
    spot: float,
    strike: float,
    t_years: float,
    vol: float,
    rate: float,
    div_yield: float = 0.0,
) -> float:
    return bs_greeks(kind, spot, strike, t_years, vol, rate, div_yield).price


def black76_greeks(
    kind: OptionKind, forward: float, strike: float, t_years: float, vol: float, rate: float
) -> Greeks:
    """Black-76 for options on futures: BSM with the carry equal to zero."""
    g = bs_greeks(kind, forward, strike, t_years, vol, rate, div_yield=rate)
    # BSM's rho with q = r would also move the (fixed) forward; Black-76 rho only
    # discounts: d(price)/dr = -T * price, per rate point.
    rho = -max(t_years, 0.0) * g.price / 100.0
    return Greeks(g.price, g.delta, g.gamma, g.theta, g.vega, rho)


def implied_vol(
    kind: OptionKind,
    price: float,
    spot: float,
    strike: float,
    t_years: float,
    rate: float,
    div_yield: float = 0.0,
) -> float | None:
    """Volatility that reproduces `price`, by bisection; None when no volatility can."""
    # At or past expiry every volatility gives the same price, so there is no answer.
    if t_years <= 0 or price <= 0:
        return None
    lo, hi = 1e-4, 5.0
    if not (bs_price(kind, spot, strike, t_years, lo, rate, div_yield) <= price
            <= bs_price(kind, spot, strike, t_years, hi, rate, div_yield)):
        return None
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if bs_price(kind, spot, strike, t_years, mid, rate, div_yield) < price:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-8:
            break
    return 0.5 * (lo + hi)


def black76_implied_vol(
    kind: OptionKind, price: float, forward: float, strike: float, t_years: float, rate: float
) -> float | None:
    """Implied volatility of an option on a future (Black-76 prices)."""
    return implied_vol(kind, price, forward, strike, t_years, rate, div_yield=rate)
