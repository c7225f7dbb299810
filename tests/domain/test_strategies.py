"""Expiration payoffs worked by hand, and tastytrade tick-size tables.

Money is in dollars: a 1.25 credit on one 100-multiplier spread is a premium of 125.
"""

from decimal import Decimal

import pytest

from tastyking.domain.strategies import (
    PayoffLeg,
    breakevens,
    butterfly,
    iron_condor,
    is_on_tick,
    max_loss,
    max_profit,
    payoff,
    round_to_tick,
    strangle,
    summarize,
    tick_for,
    vertical,
)

D = Decimal


def test_put_credit_spread():
    # Short 100P / long 95P for a 1.25 credit, x100:
    #   max profit = 1.25 x 100 = 125 (both expire worthless, S >= 100)
    #   max loss = (5 - 1.25) x 100 = 375 (S <= 95)
    #   breakeven = 100 - 1.25 = 98.75
    legs = vertical("P", D(100), D(95))
    s = summarize(legs, D(125))
    assert (s.max_profit, s.max_loss, s.breakevens) == (D(125), D(375), [D("98.75")])
    assert payoff(legs, D(125), D(97)) == D(-175)  # 125 - (100 - 97) x 100


def test_es_short_strangle_is_unlimited_on_the_call_side():
    # /ES short 4900P / 6000C for 20.00 points, x50:
    #   max profit = 20 x 50 = 1000 between the strikes
    #   max loss unlimited (short call); breakevens 4900 - 20 = 4880 and 6000 + 20 = 6020
    legs = strangle(D(4900), D(6000), multiplier=D(50))
    assert max_profit(legs, D(1000)) == D(1000)
    assert max_loss(legs, D(1000)) is None
    assert breakevens(legs, D(1000)) == [D(4880), D(6020)]


def test_short_iron_condor():
    # 90/95 put spread + 105/110 call spread for 2.00 credit, x100:
    #   max profit 200 (95 <= S <= 105); max loss (5 - 2) x 100 = 300 on either wing
    #   breakevens 95 - 2 = 93 and 105 + 2 = 107
    legs = iron_condor(D(90), D(95), D(105), D(110))
    s = summarize(legs, D(200))
    assert (s.max_profit, s.max_loss, s.breakevens) == (D(200), D(300), [D(93), D(107)])


def test_long_call_butterfly():
    # +1 95C, -2 100C, +1 105C for a 1.50 debit, x100:
    #   max profit at 100: (5 - 1.50) x 100 = 350; max loss = the debit, 150
    #   breakevens 95 + 1.50 = 96.5 and 105 - 1.50 = 103.5
    legs = butterfly("C", D(95), D(100), D(105))
    s = summarize(legs, D(-150))
    assert (s.max_profit, s.max_loss, s.breakevens) == (D(350), D(150), [D("96.5"), D("103.5")])


def test_lt112_one_one_two():
    # SPY +1 560P, -1 550P, -2 500P for a 2.00 credit, x100:
    #   S >= 560: 200. 500 <= S <= 550: the 10-wide debit spread pays 1000, + 200 = 1200.
    #   S < 500: 1200 - 2 x (500 - S) x 100, zero at S = 500 - 6 = 494; at 0 it is
    #   1200 - 100000 = -98800.
    legs = [
        PayoffLeg("P", D(560), D(1)),
        PayoffLeg("P", D(550), D(-1)),
        PayoffLeg("P", D(500), D(-2)),
    ]
    s = summarize(legs, D(200))
    assert (s.max_profit, s.max_loss, s.breakevens) == (D(1200), D(98800), [D(494)])


def test_long_call_and_short_call():
    # Long 100C for 3.00: unlimited profit, max loss 300, breakeven 103.
    long_call = [PayoffLeg("C", D(100), D(1))]
    assert summarize(long_call, D(-300)).max_profit is None
    assert summarize(long_call, D(-300)).max_loss == D(300)
    assert breakevens(long_call, D(-300)) == [D(103)]
    # Short it instead: max profit 300, unlimited loss, same breakeven.
    short_call = [PayoffLeg("C", D(100), D(-1))]
    assert summarize(short_call, D(300)).max_profit == D(300)
    assert summarize(short_call, D(300)).max_loss is None
    assert breakevens(short_call, D(300)) == [D(103)]


def test_naked_short_put_loses_at_most_to_zero():
    # Short 50P for 2.00: max profit 200, max loss (50 - 2) x 100 = 4800, breakeven 48.
    s = summarize([PayoffLeg("P", D(50), D(-1))], D(200))
    assert (s.max_profit, s.max_loss, s.breakevens) == (D(200), D(4800), [D(48)])


def test_covered_call_with_stock_leg():
    # Buy 100 shares at 50 (-5000) and sell the 55C for 2.00 (+200): premium -4800.
    #   max profit at S >= 55: 5500 - 4800 = 700; max loss at S = 0: 4800; breakeven 48.
    legs = [PayoffLeg(None, None, D(100), D(1)), PayoffLeg("C", D(55), D(-1))]
    s = summarize(legs, D(-4800))
    assert (s.max_profit, s.max_loss, s.breakevens) == (D(700), D(4800), [D(48)])


def test_long_future():
    # Long 1 /MCL (100 barrels) at 70.00: notional 7000 paid in this convention.
    # P&L = (S - 70) x 100: unlimited profit, max loss 7000 at 0, breakeven 70.
    s = summarize([PayoffLeg(None, None, D(1), D(100))], D(-7000))
    assert (s.max_profit, s.max_loss, s.breakevens) == (None, D(7000), [D(70)])


def test_option_leg_needs_a_strike():
    with pytest.raises(ValueError):
        payoff([PayoffLeg("C", None, D(1))], D(0), D(100))


# Tick tables as the API returns them (tastytrade-api.md sections 8 and 10).
EQUITY_OPTION_TICKS = [{"value": "0.01", "threshold": "3.0"}, {"value": "0.05"}]
ES_OPTION_TICKS = [{"value": "0.05", "threshold": "5.0"}, {"value": "0.25"}]
ES_FUTURE_TICKS = [{"value": "0.25"}]


@pytest.mark.parametrize(
    ("price", "tick"),
    [("2.99", "0.01"), ("3.00", "0.05"), ("3.01", "0.05"), ("0.05", "0.01"), ("-2.50", "0.01")],
)
def test_tick_for_uses_the_first_value_below_the_threshold(price, tick):
    assert tick_for(D(price), EQUITY_OPTION_TICKS) == D(tick)


@pytest.mark.parametrize(
    ("table", "price", "rounded"),
    [
        (EQUITY_OPTION_TICKS, "2.994", "2.99"),
        (EQUITY_OPTION_TICKS, "2.995", "3.00"),  # half up
        (EQUITY_OPTION_TICKS, "3.02", "3.00"),  # 0.05 grid above 3
        (EQUITY_OPTION_TICKS, "3.03", "3.05"),
        (EQUITY_OPTION_TICKS, "3.075", "3.10"),
        (EQUITY_OPTION_TICKS, "0.004", "0.00"),
        (ES_OPTION_TICKS, "4.97", "4.95"),
        (ES_OPTION_TICKS, "20.10", "20.00"),
        (ES_OPTION_TICKS, "20.13", "20.25"),
        (ES_FUTURE_TICKS, "5712.30", "5712.25"),
        (ES_FUTURE_TICKS, "5712.40", "5712.50"),
    ],
)
def test_round_to_tick_nearest(table, price, rounded):
    assert round_to_tick(D(price), table) == D(rounded)
    assert str(round_to_tick(D(price), table)) == rounded  # quantized to the tick's digits


def test_round_to_tick_up_and_down():
    assert round_to_tick(D("1.234"), EQUITY_OPTION_TICKS, "up") == D("1.24")
    assert round_to_tick(D("1.236"), EQUITY_OPTION_TICKS, "down") == D("1.23")
    assert round_to_tick(D("3.01"), EQUITY_OPTION_TICKS, "up") == D("3.05")
    assert round_to_tick(D("3.04"), EQUITY_OPTION_TICKS, "down") == D("3.00")


def test_is_on_tick():
    assert is_on_tick(D("2.99"), EQUITY_OPTION_TICKS)
    assert is_on_tick(D("3.00"), EQUITY_OPTION_TICKS)
    assert is_on_tick(D("3.05"), EQUITY_OPTION_TICKS)
    assert not is_on_tick(D("3.01"), EQUITY_OPTION_TICKS)
    assert not is_on_tick(D("2.995"), EQUITY_OPTION_TICKS)
    assert is_on_tick(D("20.25"), ES_OPTION_TICKS)
    assert not is_on_tick(D("20.10"), ES_OPTION_TICKS)


def test_tick_table_accepts_decimals_and_rejects_empty():
    assert round_to_tick(D("1.237"), [{"value": D("0.01")}]) == D("1.24")
    with pytest.raises(ValueError):
        tick_for(D(1), [])
