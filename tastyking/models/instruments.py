"""Option chains and instruments (sections 8, 10): metadata only, no prices."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import Field

from tastyking.models.base import Boolish, Dec, OptDec, RestModel


class TickSize(RestModel):
    value: Dec
    threshold: OptDec = None


class Strike(RestModel):
    strike_price: Dec
    call: str | None = None
    put: str | None = None
    call_streamer_symbol: str | None = None
    put_streamer_symbol: str | None = None


class Expiration(RestModel):
    expiration_date: date
    days_to_expiration: int | None = None
    expiration_type: str | None = None
    settlement_type: str | None = None
    strikes: list[Strike] = Field(default_factory=list)
    # futures options only
    underlying_symbol: str | None = None
    option_root_symbol: str | None = None
    option_contract_symbol: str | None = None
    tick_sizes: list[TickSize] = Field(default_factory=list)
    expires_at: datetime | None = None


class OptionChain(RestModel):
    """One item of /option-chains/{u}/nested, or of the futures chain's option-chains[]."""

    underlying_symbol: str
    root_symbol: str
    option_chain_type: str | None = None
    shares_per_contract: int | None = None
    exercise_style: str | None = None
    tick_sizes: list[TickSize] = Field(default_factory=list)
    expirations: list[Expiration] = Field(default_factory=list)


class Future(RestModel):
    symbol: str
    product_code: str | None = None
    root_symbol: str | None = None
    streamer_symbol: str | None = None
    expiration_date: date | None = None
    days_to_expiration: int | None = None
    active_month: Boolish = False
    next_active_month: Boolish = False
    notional_multiplier: OptDec = None
    tick_size: OptDec = None
    expires_at: datetime | None = None


class FutureOption(RestModel):
    """GET /instruments/future-options/{symbol}: the parts the client reads. Its own fields
    name the future (`underlying-symbol` "/ESZ9") and the product (`root-symbol` "/ES")."""

    symbol: str
    underlying_symbol: str | None = None
    root_symbol: str | None = None
    option_root_symbol: str | None = None
    streamer_symbol: str | None = None
    expiration_date: date | None = None
    option_type: str | None = None
    strike_price: OptDec = None
    multiplier: OptDec = None
    notional_value: OptDec = None


class FuturesChain(RestModel):
    futures: list[Future] = Field(default_factory=list)
    option_chains: list[OptionChain] = Field(default_factory=list)


class Equity(RestModel):
    symbol: str
    instrument_type: str | None = None
    description: str | None = None
    is_index: Boolish = False
    is_etf: Boolish = False
    streamer_symbol: str | None = None
    tick_sizes: list[TickSize] = Field(default_factory=list)
    option_tick_sizes: list[TickSize] = Field(default_factory=list)


def multiplier_default() -> Decimal:
    return Decimal(100)
