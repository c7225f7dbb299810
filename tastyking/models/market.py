"""Market data snapshots, market metrics, quote tokens, market sessions (9, 11, 12, 21)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AliasChoices, BeforeValidator, Field

from tastyking.models.base import Boolish, Dec, OptDec, Price, RestModel, non_negative


def _count(value: Any) -> Any:
    """A whole, non-negative count (open interest, a rating); anything else unknown."""
    number = non_negative(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


class MarketData(RestModel):
    symbol: str
    instrument_type: str | None = None
    updated_at: datetime | None = None
    bid: Price = None
    ask: Price = None
    bid_size: Price = None
    ask_size: Price = None
    mid: Price = None
    mark: Price = None
    last: Price = None
    open: Price = None
    day_high_price: Price = None
    day_low_price: Price = None
    close: Price = None
    prev_close: Price = None
    volume: Price = None
    year_high_price: Price = None
    year_low_price: Price = None
    is_trading_halted: Boolish = Field(
        default=False, validation_alias=AliasChoices("is-trading-halted", "trading-halted")
    )
    # equity and future options only
    volatility: Price = None
    delta: OptDec = None
    gamma: OptDec = None
    theta: OptDec = None
    rho: OptDec = None
    vega: OptDec = None
    theo_price: Price = None
    open_interest: Annotated[int | None, BeforeValidator(_count)] = None
    tick_size: Price = None

    @property
    def price(self) -> OptDec:
        """The one price that marks a position (P/L, Greeks' underlying prices, chains):
        the mid of a two-sided quote, else tastytrade's `mark`, else the last trade.

        tastytrade's `mark` is not always the mid: for futures options it is the model's
        theo price, which can lie outside the market (recorded: bid 747, ask 754.25,
        mark 801.77); for equities after the close it is the last trade, the bid or the
        ask. The mid of a live two-sided quote is what closing would cost on average, so
        it comes first; `mark` serves when one side is missing, `last` when both are.
        """
        bid, ask = self.bid, self.ask
        if bid is not None and ask is not None and 0 < bid <= ask:
            return self.mid if self.mid is not None and bid <= self.mid <= ask else (
                (bid + ask) / 2)
        if self.mark is not None:
            return self.mark
        return self.last


class ExpirationIV(RestModel):
    expiration_date: date
    implied_volatility: Price = None


class MarketMetrics(RestModel):
    symbol: str
    implied_volatility_index: Price = None
    implied_volatility_index_rank: Price = None
    tw_implied_volatility_index_rank: Price = None
    implied_volatility_percentile: Price = None
    implied_volatility_30_day: Price = Field(
        default=None, validation_alias=AliasChoices("implied-volatility-30-day")
    )
    historical_volatility_30_day: Price = Field(
        default=None, validation_alias=AliasChoices("historical-volatility-30-day")
    )
    beta: OptDec = None
    liquidity_rating: Annotated[int | None, BeforeValidator(_count)] = None
    option_expiration_implied_volatilities: list[ExpirationIV] = Field(default_factory=list)


class QuoteToken(RestModel):
    token: str = Field(repr=False)
    dxlink_url: str
    level: str | None = None
    expires_at: datetime | None = None


class SessionTimes(RestModel):
    session_date: date | None = None
    start_at: datetime | None = None
    open_at: datetime | None = None
    close_at: datetime | None = None
    close_at_ext: datetime | None = None


class MarketSession(SessionTimes):
    instrument_collection: str | None = None
    state: str = "Unknown"
    next_session: SessionTimes | None = None
    previous_session: SessionTimes | None = None


class Holidays(RestModel):
    market_holidays: list[date] = Field(default_factory=list)
    market_half_days: list[date] = Field(default_factory=list)


__all__ = ["Dec", "MarketData", "MarketMetrics", "QuoteToken", "MarketSession", "Holidays"]
