"""VIX regimes per the framework seed's getVIXRegime: <12, <16, <20, <25, <30, else."""

import pytest

from tastyking.domain.regimes import trend, vix_regime


@pytest.mark.parametrize(
    ("level", "regime"),
    [
        (9.14, "EXTREMELY_LOW"),  # the VIX's record closing low (Nov 2017)
        (11.99, "EXTREMELY_LOW"),
        (12, "LOW"),
        (15.99, "LOW"),
        (16, "NORMAL"),
        (19.99, "NORMAL"),
        (20, "ELEVATED"),
        (24.99, "ELEVATED"),
        (25, "HIGH"),
        (29.99, "HIGH"),
        (30, "EXTREME"),
        (82.69, "EXTREME"),  # the record close (16 March 2020)
    ],
)
def test_vix_regime_boundaries(level, regime):
    assert vix_regime(level) == regime


def test_trend_against_average():
    assert trend(18.5, 16.0) == "RISING"
    assert trend(14.0, 16.0) == "FALLING"
    assert trend(16.0, 16.0) == "FLAT"
