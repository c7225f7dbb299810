"""Calendar rules checked against real calendar facts (exchange expiration
calendars and US Eastern time offsets), not against the code's own output."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tastyking.domain.calendar import (
    NY,
    default_monthly_near,
    dte,
    is_monthly,
    market_today,
    nearest_expiration,
    next_friday,
    third_friday,
)

# Standard monthly equity-option expirations for 2025 (Cboe/OCC expiration calendar).
# April's third Friday, the 18th, was Good Friday, so that month's options stopped
# trading on Thursday the 17th; is_monthly only knows the third-Friday rule.
MONTHLY_2025 = [
    date(2025, 1, 17), date(2025, 2, 21), date(2025, 3, 21), date(2025, 4, 18),
    date(2025, 5, 16), date(2025, 6, 20), date(2025, 7, 18), date(2025, 8, 15),
    date(2025, 9, 19), date(2025, 10, 17), date(2025, 11, 21), date(2025, 12, 19),
]


@pytest.mark.parametrize("expected", MONTHLY_2025)
def test_third_friday_matches_2025_expiration_calendar(expected):
    assert third_friday(expected.year, expected.month) == expected


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2026, 12, date(2026, 12, 18)),
        (2027, 1, date(2027, 1, 15)),
        (2026, 3, date(2026, 3, 20)),  # the SPXW 260320 example is a monthly date
        (2024, 1, date(2024, 1, 19)),  # the SPY 240119 example
        (2026, 5, date(2026, 5, 15)),  # 1 May 2026 is itself a Friday
        (2027, 10, date(2027, 10, 15)),  # 1 October 2027 is a Friday too
    ],
)
def test_third_friday(year, month, expected):
    assert third_friday(year, month) == expected


def test_is_monthly():
    assert is_monthly(date(2026, 12, 18))
    assert not is_monthly(date(2026, 12, 11))  # second Friday
    assert not is_monthly(date(2026, 12, 25))  # fourth Friday
    assert not is_monthly(date(2025, 4, 17))  # holiday-shifted Thursday: out of scope


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 2, 25), date(2026, 2, 27)),  # Wednesday -> that Friday
        (date(2026, 2, 27), date(2026, 3, 6)),  # Friday -> the next one, strictly after
        (date(2026, 2, 28), date(2026, 3, 6)),  # Saturday
        (date(2026, 3, 1), date(2026, 3, 6)),  # Sunday
        (date(2026, 12, 31), date(2027, 1, 1)),  # Thursday across the year end
    ],
)
def test_next_friday(d, expected):
    assert next_friday(d) == expected


def test_dte_counts_calendar_days_and_never_goes_negative():
    assert dte(date(2026, 12, 18), date(2026, 12, 18)) == 0
    assert dte(date(2026, 12, 18), date(2026, 12, 17)) == 1
    assert dte(date(2027, 1, 15), date(2026, 12, 18)) == 28  # 13 days of Dec + 15 of Jan
    assert dte(date(2026, 12, 18), date(2026, 12, 20)) == 0


class TestMarketToday:
    # New York is UTC-5 in winter (EST) and UTC-4 in summer (EDT).

    def test_winter_evening_utc_is_same_day_in_new_york(self):
        # 23:30 UTC = 18:30 EST on 15 January
        assert market_today(datetime(2026, 1, 15, 23, 30, tzinfo=UTC)) == date(2026, 1, 15)

    def test_winter_early_utc_is_previous_day_in_new_york(self):
        # 03:00 UTC on the 16th = 22:00 EST on the 15th
        assert market_today(datetime(2026, 1, 16, 3, 0, tzinfo=UTC)) == date(2026, 1, 15)

    def test_winter_midnight_boundary(self):
        # 05:00 UTC = 00:00 EST: the New York date has just changed
        assert market_today(datetime(2026, 1, 16, 4, 59, tzinfo=UTC)) == date(2026, 1, 15)
        assert market_today(datetime(2026, 1, 16, 5, 0, tzinfo=UTC)) == date(2026, 1, 16)

    def test_summer_midnight_boundary_is_an_hour_earlier(self):
        # 04:00 UTC = 00:00 EDT in July
        assert market_today(datetime(2026, 7, 15, 3, 59, tzinfo=UTC)) == date(2026, 7, 14)
        assert market_today(datetime(2026, 7, 15, 4, 0, tzinfo=UTC)) == date(2026, 7, 15)

    def test_other_offsets_are_converted(self):
        tokyo = timezone(timedelta(hours=9))
        # 09:00 on the 16th in Tokyo = 00:00 UTC = 19:00 EST on the 15th
        assert market_today(datetime(2026, 1, 16, 9, 0, tzinfo=tokyo)) == date(2026, 1, 15)

    def test_new_york_time_passes_through(self):
        assert market_today(datetime(2026, 3, 8, 23, 59, tzinfo=NY)) == date(2026, 3, 8)

    def test_naive_datetime_is_rejected(self):
        with pytest.raises(ValueError):
            market_today(datetime(2026, 1, 15, 12, 0))

    def test_default_is_a_date(self):
        assert isinstance(market_today(), date)


TODAY = date(2026, 2, 27)  # a Friday
# Fridays from 6 March to 26 June 2026: 7, 14, ..., 119 days out
WEEKLIES = [TODAY + timedelta(days=7 * k) for k in range(1, 18)]


def test_nearest_expiration_by_distance_from_target():
    # 45 days out is 13 April; Fridays at 42 (10 Apr) and 49 (17 Apr) days: 42 is nearer
    assert nearest_expiration(WEEKLIES, 45, TODAY) == date(2026, 4, 10)


def test_nearest_expiration_tie_goes_to_the_later_date():
    # 10 Apr is 42 DTE and 14 Apr is 46 DTE: a target of 44 is 2 days from each
    exps = [date(2026, 4, 10), date(2026, 4, 14)]
    assert nearest_expiration(exps, 44, TODAY) == date(2026, 4, 14)


def test_nearest_expiration_ignores_expired_dates_and_rejects_empty():
    assert nearest_expiration([date(2026, 2, 20), date(2026, 3, 20)], 0, TODAY) == date(2026, 3, 20)
    with pytest.raises(ValueError):
        nearest_expiration([], 45, TODAY)
    with pytest.raises(ValueError):
        nearest_expiration([date(2026, 2, 20)], 45, TODAY)


def test_default_monthly_near_picks_the_monthly():
    # Monthlies in the list: 20 Mar (21 DTE), 17 Apr (49 DTE), 15 May (77 DTE), 19 Jun (112 DTE)
    assert default_monthly_near(WEEKLIES, today=TODAY) == date(2026, 4, 17)
    assert default_monthly_near(WEEKLIES, 112, today=TODAY) == date(2026, 6, 19)
    # 35 DTE: 20 Mar is 14 away and 17 Apr is 14 away: the tie goes to the later one
    assert default_monthly_near(WEEKLIES, 35, today=TODAY) == date(2026, 4, 17)


def test_default_monthly_near_falls_back_to_all_expirations():
    non_monthly = [date(2026, 4, 10), date(2026, 4, 24)]
    assert default_monthly_near(non_monthly, today=TODAY) == date(2026, 4, 10)
