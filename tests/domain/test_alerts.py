"""Portfolio Greeks alerts: the seed GreeksMonitor's three checks and limits."""

from tastyking.domain.alerts import Alert, GreeksThresholds, greeks_alerts


def test_quiet_portfolio_has_no_alerts():
    assert greeks_alerts(delta=120.0, theta=-85.0, vega=400.0) == []


def test_limits_are_strict():
    # The seed uses > 500, < -200 and > 1000: values exactly at the limit do not alert.
    assert greeks_alerts(delta=500.0, theta=-200.0, vega=1000.0) == []
    assert greeks_alerts(delta=-500.0, theta=-200.0, vega=-1000.0) == []


def test_all_three_alerts():
    alerts = greeks_alerts(delta=-650.0, theta=-245.5, vega=1250.0)
    assert [(a.type, a.priority) for a in alerts] == [
        ("DELTA_RISK", "HIGH"),
        ("THETA_BURN", "MEDIUM"),
        ("VEGA_RISK", "MEDIUM"),
    ]
    delta, theta, vega = alerts
    assert (delta.value, delta.threshold) == (-650.0, 500.0)
    assert (theta.value, theta.threshold) == (-245.5, -200.0)
    assert (vega.value, vega.threshold) == (1250.0, 1000.0)
    assert "$245.50/day" in theta.message
    assert "$1,250.00" in vega.message


def test_negative_vega_alerts_on_magnitude():
    (alert,) = greeks_alerts(delta=0.0, theta=0.0, vega=-1500.0)
    assert alert.type == "VEGA_RISK"
    assert "-$1,500.00" in alert.message


def test_positive_theta_never_alerts():
    assert greeks_alerts(delta=0.0, theta=900.0, vega=0.0) == []


def test_custom_thresholds():
    t = GreeksThresholds(max_abs_delta=100.0, max_theta_burn=50.0, max_abs_vega=200.0)
    types = [a.type for a in greeks_alerts(delta=150.0, theta=-60.0, vega=250.0, thresholds=t)]
    assert types == ["DELTA_RISK", "THETA_BURN", "VEGA_RISK"]


def test_messages_are_plain_dollars():
    for alert in greeks_alerts(delta=900.0, theta=-300.0, vega=2000.0):
        assert isinstance(alert, Alert)
        assert "£" not in alert.message
        assert alert.message.isascii()  # no emoji
