"""Market data snapshots, market metrics, quote tokens, market sessions (9, 11, 12, 21)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import AliasChoices, Field

from tastyking.models.base import Boolish, Dec, OptDec, RestModel


class MarketData(RestModel):
    symbol: str
    instrument_type: str | None = None
    updated_at: datetime | None = None
    bid: OptDec = None
    ask: OptDec = None
    bid_size: OptDec = None
    ask_size: OptDec = None
    mid: OptDec = None
    mark: OptDec = None
    last: OptDec = None
    open: OptDec = None
    day_high_price: OptDec = None
    day_low_price: OptDec = None
    close: OptDec = None
    prev_close: OptDec = None
    volume: OptDec = None
    year_high_price: OptDec = None
    year_low_price: OptDec = None
    is_trading_halted: Boolish = Field(
        default=False, validation_alias=AliasChoices("is-trading-halted", "trading-halted")
    )
    # equity and future options only
    volatility: OptDec = None
    delta: OptDec = None
    gamma: OptDec = None
    theta: OptDec = None
    rho: OptDec = None
    vega: OptDec = None
    theo_price: OptDec = None
    open_interest: int | None = None
    tick_size: OptDec = None

    @property
    def price(self) -> OptDec:
        """The best single price: mark, else mid, else last."""
        if self.mark is not None:
            return self.mark
        if self.bid is not None and self.ask is not None and self.bid > 0 and self.ask > 0:
            return (self.bid + self.ask) / 2
        return self.last


class ExpirationIV(RestModel):
    expiration_date: date
    implied_volatility: OptDec = None


class MarketMetrics(RestModel):
    symbol: str
    implied_volatility_index: OptDec = None
    implied_volatility_index_rank: OptDec = None
    tw_implied_volatility_index_rank: OptDec = None
    implied_volatility_percentile: OptDec = None
    implied_volatility_30_day: OptDec = Field(
        default=None, validation_alias=AliasChoices("implied-volatility-30-day")
    )
    historical_volatility_30_day: OptDec = Field(
        default=None, validation_alias=AliasChoices("historical-volatility-30-day")
    )
    beta: OptDec = None
    liquidity_rating: int | None = None
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
