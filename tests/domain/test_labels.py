"""Strategy labels on hand-built portfolios (the framework seed's strategies).

Dates: TODAY is Friday 27 February 2026 (day 58 of a 365-day year).
  28 May 2026 is 90 days out: 27 Mar is 28, 27 Apr 59, 27 May 89.
  19 Jun 2026 (a third Friday) is 112 days out: 90 + 22.
  17 Apr 2026 is 49 days out: 28 + 21.
  15 Jan 2027 is 322 days out: 365 - 58 = 307 to 31 Dec, + 15.
"""

from datetime import date
from decimal import Decimal

import pytest

from tastyking.domain.labels import Leg, is_0dte, label_positions, weekday_trading_days

TODAY = date(2026, 2, 27)
D = Decimal


def opt(symbol, underlying, qty, kind, strike, exp, itype="Equity Option"):
    return Leg(symbol, itype, underlying, D(qty), kind, D(strike), exp)


ES_STRANGLE = [
    opt("./ESM6 EW4K6 260528P5600", "/ESM6", -1, "P", 5600, date(2026, 5, 28), "Future Option"),
    opt("./ESM6 EW4K6 260528C7400", "/ESM6", -1, "C", 7400, date(2026, 5, 28), "Future Option"),
]
SPY_LT112 = [
    opt("SPY   260619P00560000", "SPY", 1, "P", 560, date(2026, 6, 19)),
    opt("SPY   260619P00550000", "SPY", -1, "P", 550, date(2026, 6, 19)),
    opt("SPY   260619P00500000", "SPY", -2, "P", 500, date(2026, 6, 19)),
]
SPX_0DTE = [
    opt("SPXW  260227P06800000", "SPX", -1, "P", 6800, TODAY),
    opt("SPXW  260227P06790000", "SPX", 1, "P", 6790, TODAY),
]
AAPL_IPMCC = [
    opt("AAPL  270115C00200000", "AAPL", 1, "C", 200, date(2027, 1, 15)),
    opt("AAPL  260417C00280000", "AAPL", -1, "C", 280, date(2026, 4, 17)),
]
IWM = Leg("IWM", "Equity", "IWM", D(100))
MCL = Leg("/MCLK6", "Future", "/MCL", D(2))


def test_the_framework_portfolio():
    legs = ES_STRANGLE + SPY_LT112 + SPX_0DTE + AAPL_IPMCC + [IWM, MCL]
    labels = label_positions(legs, TODAY)
    assert labels == {
        "./ESM6 EW4K6 260528P5600": "STRANGLE",
        "./ESM6 EW4K6 260528C7400": "STRANGLE",
        "SPY   260619P00560000": "LT112",
        "SPY   260619P00550000": "LT112",
        "SPY   260619P00500000": "LT112",
        "SPXW  260227P06800000": "0DTE",
        "SPXW  260227P06790000": "0DTE",
        "AAPL  270115C00200000": "IPMCC",
        "AAPL  260417C00280000": "IPMCC",
        "IWM": "STOCK",
        "/MCLK6": "FUTURE",
    }


def test_lone_long_leap_and_short_far_option():
    leap = opt("AAPL  270115C00200000", "AAPL", 1, "C", 200, date(2027, 1, 15))
    short_far = opt("MSFT  270115P00300000", "MSFT", -1, "P", 300, date(2027, 1, 15))
    labels = label_positions([leap, short_far], TODAY)
    assert labels[leap.symbol] == "LEAP"
    assert labels[short_far.symbol] == "SINGLE"


def test_short_call_on_another_underlying_does_not_make_an_ipmcc():
    leap = opt("AAPL  270115C00200000", "AAPL", 1, "C", 200, date(2027, 1, 15))
    other = opt("MSFT  260417C00500000", "MSFT", -1, "C", 500, date(2026, 4, 17))
    labels = label_positions([leap, other], TODAY)
    assert labels == {leap.symbol: "LEAP", other.symbol: "SINGLE"}


def test_lt112_shape_is_recognised_after_it_ages():
    # The same 1-1-2 opened at 112 DTE, held until 49 DTE (17 Apr 2026).
    aged = [
        opt("SPY   260417P00560000", "SPY", 1, "P", 560, date(2026, 4, 17)),
        opt("SPY   260417P00550000", "SPY", -1, "P", 550, date(2026, 4, 17)),
        opt("SPY   260417P00500000", "SPY", -2, "P", 500, date(2026, 4, 17)),
    ]
    assert set(label_positions(aged, TODAY).values()) == {"LT112"}


def test_any_short_put_structure_at_112_dte_is_lt112_but_a_lone_long_put_is_not():
    spread = SPY_LT112[:2]  # long 560 / short 550: a put spread in the LT112 window
    assert set(label_positions(spread, TODAY).values()) == {"LT112"}
    lone_long = SPY_LT112[:1]
    assert label_positions(lone_long, TODAY) == {"SPY   260619P00560000": "SINGLE"}


def test_strangle_needs_both_sides_short_and_the_window():
    # An iron condor at 90 DTE has long wings: a spread, not a strangle.
    condor = ES_STRANGLE + [
        opt("./ESM6 EW4K6 260528P5500", "/ESM6", 1, "P", 5500, date(2026, 5, 28), "Future Option"),
        opt("./ESM6 EW4K6 260528C7500", "/ESM6", 1, "C", 7500, date(2026, 5, 28), "Future Option"),
    ]
    assert set(label_positions(condor, TODAY).values()) == {"SPREAD"}
    # The same short strangle at 49 DTE is outside the 60-100 window.
    near = [
        opt("SPY   260417P00500000", "SPY", -1, "P", 500, date(2026, 4, 17)),
        opt("SPY   260417C00700000", "SPY", -1, "C", 700, date(2026, 4, 17)),
    ]
    assert set(label_positions(near, TODAY).values()) == {"SPREAD"}


def test_unknown_instruments():
    btc = Leg("BTC/USD", "Cryptocurrency", "BTC/USD", D("0.5"))
    assert label_positions([btc], TODAY) == {"BTC/USD": "UNKNOWN"}


class TestZeroDte:
    def test_expiring_today(self):
        assert is_0dte(date(2026, 2, 27), date(2026, 2, 27))

    def test_monday_expiry_is_the_0dte_on_a_weekend(self):
        # Saturday 28 Feb and Sunday 1 Mar 2026: Monday 2 Mar is the next session.
        assert is_0dte(date(2026, 3, 2), date(2026, 2, 28))
        assert is_0dte(date(2026, 3, 2), date(2026, 3, 1))
        assert not is_0dte(date(2026, 3, 3), date(2026, 2, 28))

    def test_friday_is_not_0dte_for_a_monday_expiry(self):
        assert not is_0dte(date(2026, 3, 2), date(2026, 2, 27))

    def test_holiday_calendar_from_the_caller(self):
        # Presidents' Day, Monday 16 Feb 2026, is an NYSE holiday: on Saturday 14 Feb
        # the next session is Tuesday 17 Feb.
        holidays = {date(2026, 2, 16)}

        def nyse_days(start, end):
            return weekday_trading_days(start, end) - sum(start <= h < end for h in holidays)

        saturday, tuesday = date(2026, 2, 14), date(2026, 2, 17)
        assert not is_0dte(tuesday, saturday)  # weekdays alone count Monday
        assert is_0dte(tuesday, saturday, nyse_days)
        spread = [opt("SPXW  260217P06800000", "SPX", -1, "P", 6800, tuesday)]
        assert label_positions(spread, saturday, nyse_days) == {spread[0].symbol: "0DTE"}


@pytest.mark.parametrize(
    ("start", "end", "sessions"),
    [
        (date(2026, 2, 27), date(2026, 3, 2), 1),  # Fri -> Mon: only Friday
        (date(2026, 2, 28), date(2026, 3, 2), 0),  # Sat -> Mon: none
        (date(2026, 2, 23), date(2026, 3, 2), 5),  # Mon -> next Mon: a full week
        (date(2026, 3, 2), date(2026, 3, 2), 0),
    ],
)
def test_weekday_trading_days(start, end, sessions):
    assert weekday_trading_days(start, end) == sessions
