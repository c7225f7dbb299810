"""VIX regime and trend labels used by the trading framework's searched data."""

from __future__ import annotations

from typing import Literal

VixRegime = Literal["EXTREMELY_LOW", "LOW", "NORMAL", "ELEVATED", "HIGH", "EXTREME"]
Trend = Literal["RISING", "FALLING", "FLAT"]

# Upper bounds (exclusive) from the framework seed's getVIXRegime.
_VIX_BANDS: tuple[tuple[float, VixRegime], ...] = (
    (12.0, "EXTREMELY_LOW"),
    (16.0, "LOW"),
    (20.0, "NORMAL"),
    (25.0, "ELEVATED"),
    (30.0, "HIGH"),
)


def vix_regime(level: float) -> VixRegime:
    """Regime for a VIX level: a band's lower bound belongs to that band (12 is LOW)."""
    for upper, name in _VIX_BANDS:
        if level < upper:
            return name
    return "EXTREME"


def trend(current: float, average: float) -> Trend:
    """Where the current value sits against its average (the seed compares with the 20-day)."""
    if current > average:
        return "RISING"
    if current < average:
        return "FALLING"
    return "FLAT"
