"""The Greeks arithmetic on hand-built books: contributions, totals, beta weighting."""

from __future__ import annotations

from decimal import Decimal as D

from tastyking.domain.alerts import GreeksThresholds
from tastyking.models.positions import Position
from tastyking.services.greeks.portfolio import (
    Book,
    EtfEquivalent,
    PerContract,
    beta_weighted_delta,
    compute,
    holding_of,
    thresholds_from,
)


def _pos(symbol: str, kind: str, qty: str, mult: str, under: str, short: bool = False) -> Position:
    return Position.model_validate({
        "account-number": "5WT00001", "symbol": symbol, "instrument-type": kind,
        "underlying-symbol": under, "quantity": qty, "multiplier": mult,
        "quantity-direction": "Short" if short else "Long",
    })


def test_beta_weighted_delta_hand_worked() -> None:
    # 100 AAPL shares, beta 1.2, AAPL 200, SPY 500: 100 × 1.2 × 200 / 500 = 48 SPY shares.
    assert beta_weighted_delta(D(100), D("1.2"), D(200), D(500)) == D(48)
    # Short 2 SPY puts of delta -0.30 (×100): +60 deltas, beta 1, same price -> 60.
    assert beta_weighted_delta(D(-2) * D("-0.30") * 100, D(1), D(500), D(500)) == D(60)
    # 1 /ES (multiplier 50) at 6000 with beta 1.0, SPY 600: 50 × 6000 / 600 = 500.
    assert beta_weighted_delta(D(50), D("1.0"), D(6000), D(600)) == D(500)


def test_contributions_are_per_contract_times_signed_quantity_times_multiplier() -> None:
    put = _pos("SPY   261218P00500000", "Equity Option", "2", "100", "SPY", short=True)
    stock = _pos("AAPL", "Equity", "100", "1", "AAPL")
    book = Book(account="5WT00001", holdings=[holding_of(put), holding_of(stock)])
    book.contract[put.symbol] = PerContract(delta=D("-0.25"), gamma=D("0.01"),
                                            theta=D("-0.12"), vega=D("0.5"), rho=D("-0.2"))
    book.contract["AAPL"] = PerContract(delta=D(1), gamma=D(0), theta=D(0), vega=D(0), rho=D(0))
    book.prices = {"SPY": D(500), "AAPL": D(200)}
    book.betas = {"SPY": D(1), "AAPL": D("1.2")}
    r = compute(book, GreeksThresholds())
    by = {p.symbol: p for p in r.positions}
    p = by[put.symbol]
    assert (p.delta, p.gamma, p.theta, p.vega, p.rho) == (D(50), D(-2), D(24), D(-100), D(40))
    assert p.beta_weighted_delta == D(50)
    assert by["AAPL"].delta == D(100) and by["AAPL"].beta_weighted_delta == D(48)
    # the portfolio delta is beta-weighted; raw deltas are summed per underlying only
    assert r.totals.delta == D(98) and r.totals.theta == D(24)
    assert r.totals.beta_weighted_delta == D(98)
    assert {u.underlying: u.delta for u in r.underlyings} == {"SPY": D(50), "AAPL": D(100)}
    assert r.missing == [] and r.alerts == []


def test_missing_greeks_and_beta_are_listed_not_invented() -> None:
    opt = _pos("AAPL  261218C00200000", "Equity Option", "1", "100", "AAPL")
    fut = _pos("/MCLZ6", "Future", "1", "100", "/MCL")
    book = Book(account=None, holdings=[holding_of(opt), holding_of(fut)])
    book.contract[opt.symbol] = PerContract()
    book.contract["/MCLZ6"] = PerContract(delta=D(1))
    book.prices = {"SPY": D(500), "AAPL": D(200), "/MCLZ6": D(70)}
    r = compute(book, GreeksThresholds())
    by = {p.symbol: p for p in r.positions}
    assert by[opt.symbol].delta is None and by[opt.symbol].beta_weighted_delta is None
    assert by["/MCLZ6"].delta == D(100) and by["/MCLZ6"].beta_weighted_delta is None
    assert r.missing == ["/MCL", "AAPL", opt.symbol]
    assert r.totals.delta is None  # no beta anywhere: a total over nothing known is null
    assert {u.underlying: u.delta for u in r.underlyings} == {"/MCL": D(100), "AAPL": None}


def test_future_without_metrics_beta_uses_its_etf_equivalent() -> None:
    # 1 /ES short: delta -50; 1 /ES ≈ 500 SPY; SPY beta 1 -> -500 SPY shares.
    fut = _pos("/ESZ6", "Future", "1", "50", "/ES", short=True)
    book = Book(account=None, holdings=[holding_of(fut)])
    book.contract["/ESZ6"] = PerContract(delta=D(1))
    book.prices = {"SPY": D(600), "/ESZ6": D(6020)}
    book.betas = {"SPY": D(1)}
    book.etf_equivalents = {"/ESZ6": EtfEquivalent("SPY", D(500), D(50))}
    (p,) = compute(book, GreeksThresholds()).positions
    assert p.beta_source == "etf-equivalent 500 SPY"
    assert abs(p.beta_weighted_delta - D(-500)) < D("0.01")  # type: ignore[operator]


def test_alerts_follow_the_thresholds() -> None:
    t = thresholds_from(10.0, -5.0, 20.0)
    assert (t.max_abs_delta, t.max_theta_burn, t.max_abs_vega) == (10.0, 5.0, 20.0)
    call = _pos("SPY   261218C00500000", "Equity Option", "1", "100", "SPY")
    book = Book(account=None, holdings=[holding_of(call)])
    book.contract[call.symbol] = PerContract(delta=D("0.5"), gamma=D("0.01"), theta=D("-0.1"),
                                             vega=D("0.3"), rho=D("0.1"))
    book.prices, book.betas = {"SPY": D(500)}, {"SPY": D(1)}
    r = compute(book, t)
    assert [a.type for a in r.alerts] == ["DELTA_RISK", "THETA_BURN", "VEGA_RISK"]
    assert compute(book, GreeksThresholds()).alerts == []


def test_the_delta_alert_judges_spy_beta_weighted_delta_not_a_sum_of_unlike_deltas() -> None:
    # 1,000 barrels of crude (delta 1,000) and 10 SPY shares: a raw sum of 1,010 would
    # alert at 500, but in SPY terms the book is 1,000 × 0.2 × 70 / 500 + 10 = 38 shares.
    mcl = _pos("/MCLZ6", "Future", "1", "1000", "/MCL")
    spy = _pos("SPY", "Equity", "10", "1", "SPY")
    book = Book(account=None, holdings=[holding_of(mcl), holding_of(spy)])
    book.contract["/MCLZ6"] = PerContract(delta=D(1))
    book.contract["SPY"] = PerContract(delta=D(1))
    book.prices = {"SPY": D(500), "/MCLZ6": D(70)}
    book.betas = {"SPY": D(1), "/MCL": D("0.2")}
    quiet = compute(book, GreeksThresholds(max_abs_delta=500))
    assert quiet.totals.delta == D(38) and quiet.alerts == []
    loud = compute(book, GreeksThresholds(max_abs_delta=30))
    (alert,) = loud.alerts
    assert alert.type == "DELTA_RISK" and alert.value == 38
    assert "SPY beta-weighted delta 38.00" in alert.message
