"""Implied-volatility surface: a level tied to VIX, a term structure and a skew.

30-day ATM IV is VIX/100 times a per-underlying ratio (commodities use their own
base level, wobbling slowly). The term structure relaxes from that level toward
a long-run one, so calm markets slope up and stressed markets invert. Skew is
quadratic in standardised log-moneyness, put-heavy for equity names.
"""

from __future__ import annotations

import math

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
