"""Portfolio Greeks alerts (the framework seed's GreeksMonitor checks, without the timer).

Inputs are portfolio totals already scaled by quantity and multiplier: delta is the
SPY beta-weighted delta (SPY share-equivalents: deltas of different underlyings are in
unlike units and only comparable once beta-weighted), theta and vega in dollars. A total
that is unknown (None) raises no alert.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AlertType = Literal["DELTA_RISK", "THETA_BURN", "VEGA_RISK"]
Priority = Literal["HIGH", "MEDIUM", "LOW"]


@dataclass(frozen=True)
class GreeksThresholds:
    max_abs_delta: float = 500.0
    max_theta_burn: float = 200.0  # dollars per day of decay (theta below -200 alerts)
    max_abs_vega: float = 1000.0  # dollars per vol point


@dataclass(frozen=True)
class Alert:
    type: AlertType
    message: str
    priority: Priority
    value: float
    threshold: float


def _money(x: float) -> str:
    sign = "-" if x < 0 else ""
    return f"{sign}${abs(x):,.2f}"


def greeks_alerts(
    delta: float | None,
    theta: float | None,
    vega: float | None,
    thresholds: GreeksThresholds | None = None,
) -> list[Alert]:
    """Alerts for the portfolio totals; strict comparisons, so a value at the limit is quiet."""
    t = thresholds or GreeksThresholds()
    alerts: list[Alert] = []
    if delta is not None and abs(delta) > t.max_abs_delta:
        alerts.append(Alert(
            "DELTA_RISK",
            f"SPY beta-weighted delta {delta:,.2f} is beyond +/-{t.max_abs_delta:,.0f} "
            "SPY shares: consider hedging",
            "HIGH",
            delta,
            t.max_abs_delta,
        ))
    if theta is not None and theta < -t.max_theta_burn:
        alerts.append(Alert(
            "THETA_BURN",
            f"High theta burn: {_money(abs(theta))}/day (limit {_money(t.max_theta_burn)}/day)",
            "MEDIUM",
            theta,
            -t.max_theta_burn,
        ))
    if vega is not None and abs(vega) > t.max_abs_vega:
        alerts.append(Alert(
            "VEGA_RISK",
            f"High vega exposure: {_money(vega)} per vol point (limit {_money(t.max_abs_vega)})",
            "MEDIUM",
            vega,
            t.max_abs_vega,
        ))
    return alerts
