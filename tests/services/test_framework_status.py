"""The framework's account status, piece by piece, against hand-worked examples.

The positions text is read back with the core's own regex, copied here from
CORE_FRAMEWORK.txt (parsePositions) independently of tastyking's port of it.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tastyking.config import Settings
from tastyking.models.account import Balances
from tastyking.models.views import NetLiqPoint, Transaction
from tastyking.services.framework import groups as grp
from tastyking.services.framework.doc import StatusDoc, clock_fields
from tastyking.services.framework.manual import parse_positions
from tastyking.services.framework.money import month_pl, month_start
from tastyking.services.framework.phases import Rate, decide, phase_number, to_gbp
from tastyking.services.positions import PositionView

# CORE_FRAMEWORK.txt, parsePositions, "Standard format: ES LT112 (85 DTE, 6420, +5%)"
CORE_RE = re.compile(r"([A-Z0-9]+)\s+([A-Z0-9]+)\s*\((\d+)\s*DTE,\s*([0-9.]+)(?:\/weekly)?,"
                     r"\s*([+-]?\d+)%?\)", re.I)


def leg(symbol: str, qty: str, avg: str | None, mark: str | None, *, strategy: str,
        dte: int | None, itype: str = "Equity Option", underlying: str = "SPY",
        mult: str = "100", exp: date | None = date(2027, 2, 26)) -> PositionView:
    return PositionView(
        account_number="5WT00001", symbol=symbol, instrument_type=itype, underlying=underlying,
        quantity=Decimal(qty), option_type=None, strike=None, expiration=exp, dte=dte,
        average_open_price=Decimal(avg) if avg else None, close_price=None,
        mark=Decimal(mark) if mark else None, multiplier=Decimal(mult), unrealized_pnl=None,
        strategy=strategy)


def test_a_two_lot_strangle_half_bought_back_is_plus_50_with_entry_2_80() -> None:
    # sold 2 puts at 1.50 and 2 calls at 1.30: credit 2 x (1.50 + 1.30) x 100 = 560;
    # now 2 x (0.75 + 0.65) x 100 = 280 to close: 280 of 560 captured = 50 %.
    rows = [leg("./MCLF7MCOF7 261215P55", "-2", "1.50", "0.75", strategy="STRANGLE", dte=88,
                itype="Future Option", underlying="/MCLF7"),
            leg("./MCLF7MCOF7 261215C80", "-2", "1.30", "0.65", strategy="STRANGLE", dte=88,
                itype="Future Option", underlying="/MCLF7")]
    groups, holdings = grp.groups_of(rows)
    assert holdings == [] and len(groups) == 1
    g = groups[0]
    assert (g.ticker, g.strategy, g.dte, g.entry, g.pl, g.kind) == (
        "MCL", "STRANGLE", 88, Decimal("2.80"), 50, "credit")
    assert grp.text_of(g) == "MCL STRANGLE (88 DTE, 2.80, +50%)"


def test_a_debit_group_gains_in_percent_of_the_debit_and_rounds_half_up() -> None:
    # paid 4.00 for a call, now 4.98: +24.5 % -> +25 (half up), entry 4 unsigned
    rows = [leg("SPY   270226C00600000", "1", "4.00", "4.98", strategy="SINGLE", dte=88)]
    g = grp.groups_of(rows)[0][0]
    assert (g.kind, g.entry, g.pl) == ("debit", Decimal("4.00"), 25)
    assert grp.text_of(g) == "SPY SINGLE (88 DTE, 4, +25%)"
    # a losing credit: sold at 1.00, now 3.00 to close -> -200 %
    rows = [leg("SPY   270226P00500000", "-1", "1.00", "3.00", strategy="SINGLE", dte=88)]
    assert grp.groups_of(rows)[0][0].pl == -200


def test_lt112_entry_week_is_the_cores_rule_with_javascript_remainder() -> None:
    # (120 - dte) % 30 / 7, ceil, "|| 1": 85 -> 5/7 -> 1; 109 -> 11/7 -> 2; 120 -> 0 -> 1;
    # 125 -> -5/7 -> -0 -> 1; 130 -> -10/7 -> -1 (JS keeps the sign); 95 -> 25/7 -> 4
    assert [grp.entry_week(d) for d in (85, 109, 120, 125, 130, 95)] == [1, 2, 1, 1, -1, 4]
    rows = [leg("SPY   270226P00500000", "-2", "2.00", "1.00", strategy="LT112", dte=109),
            leg("SPY   270226P00520000", "-1", "3.00", "1.50", strategy="LT112", dte=109),
            leg("SPY   270226P00540000", "1", "4.00", "2.00", strategy="LT112", dte=109)]
    g = grp.groups_of(rows)[0][0]
    # credit 2x2 + 3 - 4 = 3.00 per 1-1-2 unit; now 2x1 + 1.5 - 2 = 1.50: +50 %
    assert (g.entry, g.pl, g.entryWeek) == (Decimal("3.00"), 50, 2)


def test_a_currency_option_entry_keeps_its_decimals() -> None:
    # /6J options trade in fractions of a cent: 2 x 0.0000125 credit stays 0.000025,
    # never "0", which the core's parseFloat(entry) || dte would replace with the DTE
    rows = [leg("./6JH7 JPUH7 270306P0.0062", "-1", "0.0000125", "0.000005",
                strategy="STRANGLE", dte=95, itype="Future Option", underlying="/6JH7",
                mult="12500000"),
            leg("./6JH7 JPUH7 270306C0.0072", "-1", "0.0000125", "0.000005",
                strategy="STRANGLE", dte=95, itype="Future Option", underlying="/6JH7",
                mult="12500000")]
    g = grp.groups_of(rows)[0][0]
    assert (g.ticker, g.entry, g.pl) == ("6J", Decimal("0.000025"), 60)
    assert grp.text_of(g) == "6J STRANGLE (95 DTE, 0.000025, +60%)"
    assert CORE_RE.fullmatch(grp.text_of(g) or "")
    assert grp._number(Decimal("0.5")) == "0.5" and grp._number(Decimal("6420.00")) == "6420"


def test_holdings_are_not_strategy_groups_and_unknown_marks_leave_pl_null() -> None:
    rows = [leg("IWM", "100", "200", "210", strategy="STOCK", dte=None, itype="Equity",
                underlying="IWM", exp=None),
            leg("SPY   270226C00600000", "-1", "2.00", None, strategy="SINGLE", dte=88)]
    groups, holdings = grp.groups_of(rows)
    assert [h.symbol for h in holdings] == ["IWM"]
    assert groups[0].pl is None and "no mark" in groups[0].missing["pl"]
    assert grp.text_of(groups[0]) is None and grp.positions_text(groups) == "none"


def test_positions_text_round_trips_through_the_cores_regex() -> None:
    rows = [leg("./ESH7 ESH7  270319P5000", "-1", "20.50", "10.25", strategy="STRANGLE",
                dte=109, itype="Future Option", underlying="/ESH7", mult="50"),
            leg("./ESH7 ESH7  270319C7500", "-1", "7.50", "5.00", strategy="STRANGLE",
                dte=109, itype="Future Option", underlying="/ESH7", mult="50"),
            leg("SPY   270226P00500000", "-2", "2.00", "2.20", strategy="LT112", dte=109),
            leg("SPY   270226P00520000", "-1", "3.00", "3.30", strategy="LT112", dte=109),
            leg("SPY   270226P00540000", "1", "4.00", "4.00", strategy="LT112", dte=109)]
    groups, _ = grp.groups_of(rows)
    text = grp.positions_text(groups)
    # ES: sold 20.50 + 7.50 = 28, now 10.25 + 5.00 = 15.25: 12.75 / 28 = 45.5 % -> +46;
    # SPY 1-1-2: credit 2x2.00 + 3.00 - 4.00 = 3, now 2x2.20 + 3.30 - 4.00 = 3.70: -23.3 %
    assert text == "ES STRANGLE (109 DTE, 28, +46%), SPY LT112 (109 DTE, 3, -23%)"
    parsed = [m.groups() for m in CORE_RE.finditer(text)]
    assert parsed == [(g.ticker, g.strategy, str(g.dte), grp._number(g.entry),  # type: ignore[arg-type]
                       f"{g.pl:+d}") for g in groups]
    # and tastyking's port of the whole parser gives the same array the API mode carries
    assert [{k: p[k] for k in ("ticker", "strategy", "dte", "pl", "entryWeek")}
            for p in parse_positions(text)] == [
        {k: g.framework()[k] for k in ("ticker", "strategy", "dte", "pl", "entryWeek")}
        for g in groups]


@pytest.mark.parametrize(("gbp", "phase"), [
    ("29999.99", 1), ("39999.99", 1), ("40000", 2), ("59999.99", 2), ("60000", 3),
    ("74999.99", 3), ("75000", 4), ("250000", 4)])
def test_phase_bands_in_pounds(gbp: str, phase: int) -> None:
    assert phase_number(Decimal(gbp), [40000.0, 60000.0, 75000.0]) == phase


def test_a_usd_account_is_placed_with_the_rate_and_says_why() -> None:
    rate = Rate(value=Decimal("1.25"), source="api", symbol="/6BZ6", detail="/6BZ6 last 1.25")
    bal = Balances(account_number="5WT00001", net_liquidating_value=Decimal("93750"))
    choice = decide(Settings(), None, bal, rate)
    # 93,750 USD / 1.25 = 75,000 GBP: exactly the phase-4 edge
    assert (choice.phase, choice.net_liq_gbp) == (4, Decimal("75000.00"))
    assert "£75,000.00" in choice.reason and "phase 4" in choice.reason
    assert choice.tickers == Settings().phase4_tickers and "/6B" in choice.tickers
    bal = Balances(account_number="5WT00001", net_liquidating_value=Decimal("93749.98"))
    assert decide(Settings(), None, bal, rate).phase == 3
    unknown = decide(Settings(), None, bal, Rate(value=None, source="none", detail="no /6B"))
    assert unknown.phase is None and unknown.tickers == [] and "no /6B" in unknown.reason
    forced = decide(Settings(), 2, None, None)
    assert forced.phase == 2 and forced.forced and "MES" in " ".join(forced.tickers)
    assert to_gbp(Decimal("100"), "GBP", None) == Decimal("100")


def _point(iso: str, close: str) -> NetLiqPoint:
    return NetLiqPoint.model_validate({"time": iso, "close": close})


def _txn(iso: str, sub: str, amount: str, effect: str,
         kind: str = "Money Movement") -> Transaction:
    return Transaction.model_validate({
        "id": 1, "account-number": "5WT00001", "transaction-type": kind,
        "transaction-sub-type": sub, "executed-at": iso,
        "net-value": amount, "net-value-effect": effect})


def test_month_pl_is_the_net_liq_change_less_deposits_and_withdrawals() -> None:
    now = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    start = month_start(now)
    assert start.isoformat() == "2026-11-01T00:00:00-04:00"  # New York, still EDT on the 1st
    history = [_point("2026-10-30 20:00:00+00", "99000"), _point("2026-10-31 20:00:00+00",
               "100000"), _point("2026-11-02 20:00:00+00", "101000")]
    txns = [_txn("2026-11-10T15:00:00+00:00", "Deposit", "2000", "Credit"),
            _txn("2026-11-15T15:00:00+00:00", "Withdrawal", "500", "Debit"),
            _txn("2026-11-16T21:00:00+00:00", "Dividend", "27.74", "Credit"),  # P/L, kept
            _txn("2026-10-20T15:00:00+00:00", "Deposit", "9000", "Credit")]  # last month
    pl = month_pl(Decimal("105000"), history, txns, start)
    # 105,000 - 100,000 (Oct 31 close) - (2,000 - 500) = 3,500
    assert (pl.value, pl.start_value, pl.flows, pl.flow_count) == (
        Decimal("3500.00"), Decimal("100000"), Decimal("1500"), 2)
    late = month_pl(Decimal("105000"), history[2:], txns, start)
    assert late.value is None and "does not reach back" in late.detail
    assert month_pl(Decimal("105000"), history, None, start).value is None


def test_the_manual_line_is_the_cores_format_and_parses_back() -> None:
    # Friday Jan 10 2025, 10:15 in New York (EST)
    now = datetime(2025, 1, 10, 15, 15, tzinfo=UTC)
    assert clock_fields(now) == {"dayOfWeek": "Friday", "dateStr": "1/10/2025",
                                 "timeStr": "10:15 AM",
                                 "lineDate": "Friday Jan 10 10:15 AM EST"}
    doc = StatusDoc.new(now)
    for key, value in (("netLiq", Decimal("75000.40")), ("bpUsedPercent", Decimal("32")),
                       ("positionsText", "ES LT112 (85 DTE, 6420, +5%)"),
                       ("vixLevel", Decimal("15.2")), ("portfolioMargin", False),
                       ("monthPL", Decimal("2449.5"))):
        doc.put(key, value)
    line, left_out = doc.line()
    assert line == ("£75000 | ES LT112 (85 DTE, 6420, +5%) | 32% | Friday Jan 10 10:15 AM EST"
                    " | VIX 15.2 | No | £2450") and left_out == []
    # the core's manual parse (parseAndValidateInput), step by step
    parts = [p.strip() for p in line.split("|")]
    assert len(parts) >= 6
    assert int(re.sub(r"[£,]", "", parts[0])) == 75000
    assert float(parts[2].replace("%", "")) == 32.0
    assert parts[3].split(" ")[0] == "Friday"
    assert float(parts[4].split(" ")[1]) == 15.2
    assert parts[5].lower() != "yes"
    assert int(re.sub(r"[£,]", "", parts[6])) == 2450
    doc.put("monthPL", Decimal("-1200"))
    assert doc.line()[0].endswith("| -£1200")  # type: ignore[union-attr]
    assert int(re.sub(r"[£,]", "", "-£1200")) == -1200
    doc.values["vixLevel"] = None
    assert doc.line() == (None, ["VIX"])
    assert math.isclose(float("15.2"), 15.2)


def test_bp_used_is_the_requirement_covering_exactly_the_group_in_percent_of_net_liq() -> None:
    from tastyking.models.views import MarginRequirements

    def sub(req: str, *symbols: str) -> dict[str, object]:
        return {"description": "X", "margin-requirement": req,
                "position-entries": [{"instrument-symbol": s} for s in symbols]}

    margin = MarginRequirements.model_validate({
        "account-number": "5WT00001", "groups": [
            # the whole underlying is one strangle: its requirement (not a sum) counts
            {"underlying-symbol": "/ESH7", "margin-requirement": "10800",
             "groups": [sub("10800", "./ESH7 EWG7  270226P4700", "./ESH7 EWG7  270226C6175")]},
            # two structures on SPY: each sub-group holds exactly one of them
            {"underlying-symbol": "SPY", "margin-requirement": "3000",
             "groups": [sub("2000", "SPY   270226P00500000"),
                        sub("1000", "SPY   270319P00450000")]},
        ]})
    rows = [leg("./ESH7 EWG7  270226P4700", "-1", "10", "5", strategy="STRANGLE", dte=88,
                itype="Future Option", underlying="/ESH7", mult="50"),
            leg("./ESH7 EWG7  270226C6175", "-1", "10", "5", strategy="STRANGLE", dte=88,
                itype="Future Option", underlying="/ESH7", mult="50"),
            leg("SPY   270226P00500000", "-1", "2", "1", strategy="SINGLE", dte=88),
            leg("SPY   270319P00450000", "-1", "2", "1", strategy="SINGLE", dte=109,
                exp=date(2027, 3, 19)),
            leg("SPY   270319C00700000", "1", "2", "1", strategy="SINGLE", dte=109,
                exp=date(2027, 3, 19))]
    groups, _ = grp.groups_of(rows)
    grp.assign_bp(groups, margin, Decimal("250000"))
    by = {(g.ticker, g.dte): g for g in groups}
    assert by[("ES", 88)].bpUsed == Decimal("4.32")  # 10,800 / 250,000 = 4.32 %
    assert by[("SPY", 88)].bpUsed == Decimal("0.80")  # 2,000 / 250,000
    # the March group holds a put and a call; no requirement covers those two alone
    march = by[("SPY", 109)]
    assert march.bpUsed is None and "covers this group alone" in march.missing["bpUsed"]


@pytest.mark.parametrize(("flags", "can_trade"), [
    ({}, True), ({"is-closing-only": True}, False), ({"is-frozen": True}, False),
    ({"is-closed": True}, False), ({"is-in-margin-call": True}, True)])
def test_can_trade_and_portfolio_margin_come_from_the_trading_status_flags(
        flags: dict[str, bool], can_trade: bool) -> None:
    import json

    from tastyking.models.account import TradingStatus
    from tastyking.services.framework.status import _status
    from tests.conftest import FIXTURES

    raw = json.loads((FIXTURES / "Get_Trading_Status.json").read_text())["data"]
    doc = StatusDoc.new(datetime(2025, 1, 10, 15, 15, tzinfo=UTC))
    _status(doc, TradingStatus.model_validate({**raw, **flags}))
    assert doc.get("canTrade") is can_trade and doc.get("portfolioMargin") is False
    raw["is-portfolio-margin-enabled"] = True
    _status(doc, TradingStatus.model_validate(raw))
    assert doc.get("portfolioMargin") is True
