"""Black-Scholes-Merton and Black-76 against Hull's worked examples.

Source: J. C. Hull, "Options, Futures, and Other Derivatives" (the worked examples are
named by chapter topic; their numbers shift between editions).
Our conventions: theta per calendar day (Hull's per-year / 365), vega and rho
per 1 point (Hull's per-unit / 100).
"""

import math

import pytest

from tastyking.domain.pricing import (
    black76_greeks,
    black76_implied_vol,
    bs_greeks,
    bs_price,
    implied_vol,
)


def test_hull_bsm_example_call_and_put_prices():
    # Hull, Black-Scholes-Merton chapter, pricing example:
    # S0=42, K=40, r=10%, sigma=20%, T=0.5 -> c = 4.76, p = 0.81
    assert bs_price("C", 42, 40, 0.5, 0.20, 0.10) == pytest.approx(4.76, abs=0.005)
    assert bs_price("P", 42, 40, 0.5, 0.20, 0.10) == pytest.approx(0.81, abs=0.005)


def test_hull_greeks_example_call():
    # Hull, The Greek Letters chapter (running example):
    # S0=49, K=50, r=5%, sigma=20%, T=20 weeks = 0.3846.
    # Published: price 2.40 (the $240,000 for 100,000 options), delta 0.522,
    # gamma 0.066, vega 12.1 per unit of vol, theta -4.31 per year, rho 8.91 per unit of r.
    g = bs_greeks("C", 49, 50, 0.3846, 0.20, 0.05)
    assert g.price == pytest.approx(2.40, abs=0.005)
    assert g.delta == pytest.approx(0.522, abs=0.0005)
    assert g.gamma == pytest.approx(0.066, abs=0.0005)
    assert g.vega == pytest.approx(12.1 / 100, abs=0.0005)
    assert g.theta == pytest.approx(-4.31 / 365, abs=0.00005)
    assert g.rho == pytest.approx(8.91 / 100, abs=0.00005)


def test_hull_index_option_with_dividend_yield():
    # Hull, options on stock indices chapter:
    # index 930, K=900, r=8%, q=3%, sigma=20%, T=2 months -> c = 51.83
    assert bs_price("C", 930, 900, 2 / 12, 0.20, 0.08, div_yield=0.03) == pytest.approx(
        51.83, abs=0.005
    )


@pytest.mark.parametrize(
    ("spot", "strike", "t", "vol", "r", "q"),
    [
        (42, 40, 0.5, 0.2, 0.1, 0.0),
        (100, 120, 1.0, 0.35, 0.03, 0.02),
        (5700, 5500, 0.1, 0.15, 0.045, 0.013),
    ],
)
def test_put_call_parity(spot, strike, t, vol, r, q):
    # c - p = S e^{-qT} - K e^{-rT}; delta_c - delta_p = e^{-qT}; gamma and vega equal.
    c = bs_greeks("C", spot, strike, t, vol, r, q)
    p = bs_greeks("P", spot, strike, t, vol, r, q)
    assert c.price - p.price == pytest.approx(
        spot * math.exp(-q * t) - strike * math.exp(-r * t), rel=1e-9
    )
    assert c.delta - p.delta == pytest.approx(math.exp(-q * t), rel=1e-9)
    assert c.gamma == pytest.approx(p.gamma)
    assert c.vega == pytest.approx(p.vega)


def test_hull_black76_futures_option_example():
    # Hull, futures options chapter, Black's model example: European put on a
    # future, F0=20, K=20, r=9%, T=4 months, sigma=25% -> p = 1.12. At the money forward, so c = p.
    p = black76_greeks("P", 20, 20, 4 / 12, 0.25, 0.09)
    c = black76_greeks("C", 20, 20, 4 / 12, 0.25, 0.09)
    assert p.price == pytest.approx(1.12, abs=0.005)
    assert c.price == pytest.approx(p.price, rel=1e-9)


def test_black76_rho_only_discounts():
    # Black-76 price = e^{-rT} * f(F, K, sigma, T) with F fixed, so d(price)/dr = -T * price.
    # Check against a central difference of the price in r (per 1 rate point).
    t, h = 4 / 12, 1e-5
    p = black76_greeks("P", 20, 20, t, 0.25, 0.09)
    up = black76_greeks("P", 20, 20, t, 0.25, 0.09 + h).price
    down = black76_greeks("P", 20, 20, t, 0.25, 0.09 - h).price
    assert p.rho == pytest.approx((up - down) / (2 * h) / 100, rel=1e-6)
    assert p.rho == pytest.approx(-t * 1.1166 / 100, abs=1e-5)


def test_hull_implied_volatility_example():
    # Hull, BSM chapter, implied volatility example:
    # c = 1.875 with S0=21, K=20, r=10%, T=0.25 -> implied vol 0.235
    assert implied_vol("C", 1.875, 21, 20, 0.25, 0.10) == pytest.approx(0.235, abs=0.0005)


def test_implied_vol_round_trips_published_prices():
    # The 4.76 call and 0.81 put of the S0=42 example were priced at sigma = 20%
    # (rounded to cents, so the vol comes back within a few hundredths of a point).
    assert implied_vol("C", 4.76, 42, 40, 0.5, 0.10) == pytest.approx(0.20, abs=0.001)
    assert implied_vol("P", 0.81, 42, 40, 0.5, 0.10) == pytest.approx(0.20, abs=0.001)
    assert black76_implied_vol("P", 1.12, 20, 20, 4 / 12, 0.09) == pytest.approx(0.25, abs=0.001)


def test_implied_vol_none_when_no_volatility_fits():
    assert implied_vol("C", 1.0, 42, 40, 0.5, 0.10) is None  # below the discounted intrinsic
    assert implied_vol("C", 50.0, 42, 40, 0.5, 0.10) is None  # above the spot
    assert implied_vol("C", 2.0, 42, 40, 0.0, 0.10) is None  # expired


def test_expired_option_is_worth_intrinsic():
    g = bs_greeks("P", 95, 100, 0.0, 0.2, 0.05)
    assert (g.price, g.delta, g.gamma, g.theta) == (5.0, -1.0, 0.0, 0.0)


def test_non_positive_spot_or_strike_is_rejected():
    with pytest.raises(ValueError):
        bs_greeks("C", 0, 100, 0.5, 0.2, 0.05)
    with pytest.raises(ValueError):
        bs_greeks("C", 100, -5, 0.5, 0.2, 0.05)
