"""Wire models of the read-only views: net-liq history, transactions, placed orders,
margin requirements, watchlists, symbol search and the metrics a watchlist shows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import AliasChoices, Field, field_validator

from tastyking.models.base import Boolish, Effectful, OptDec, RestModel
from tastyking.models.market import MarketMetrics
from tastyking.models.orders import FeeParts


class NetLiqPoint(RestModel):
    open: OptDec = None
    high: OptDec = None
    low: OptDec = None
    close: OptDec = None
    total_close: OptDec = None
    time: datetime

    @field_validator("time", mode="before")
    @classmethod
    def _space_time(cls, v: Any) -> Any:
        # tastytrade writes "2023-06-08 13:30:00+00": a space, and an hour-only offset
        if isinstance(v, str) and v.endswith("+00"):
            return v.replace(" ", "T") + ":00"
        return v


class Transaction(FeeParts):
    id: int
    account_number: str
    symbol: str | None = None
    instrument_type: str | None = None
    underlying_symbol: str | None = None
    transaction_type: str
    transaction_sub_type: str | None = None
    description: str | None = None
    action: str | None = None
    quantity: OptDec = None
    price: OptDec = None
    executed_at: datetime | None = None
    transaction_date: date | None = None
    value: OptDec = None
    value_effect: str | None = None
    net_value: OptDec = None
    net_value_effect: str | None = None
    order_id: int | None = None


class TotalFees(Effectful):
    total_fees: OptDec = None
    total_fees_effect: str | None = None


class Fill(RestModel):
    quantity: OptDec = None
    fill_price: OptDec = None
    filled_at: datetime | None = None


class PlacedLeg(RestModel):
    instrument_type: str
    symbol: str
    quantity: OptDec = None
    remaining_quantity: OptDec = None
    action: str
    fills: list[Fill] = Field(default_factory=list)


class PlacedOrder(RestModel):
    id: int
    account_number: str
    time_in_force: str | None = None
    gtc_date: date | None = None
    order_type: str | None = None
    size: OptDec = None
    underlying_symbol: str | None = None
    underlying_instrument_type: str | None = None
    price: OptDec = None
    price_effect: str | None = None
    stop_trigger: OptDec = None
    status: str
    cancellable: Boolish = False
    received_at: datetime | None = None
    terminal_at: datetime | None = None
    cancelled_at: datetime | None = None
    legs: list[PlacedLeg] = Field(default_factory=list)


class MarginEntry(RestModel):
    instrument_symbol: str
    instrument_type: str | None = None
    quantity: OptDec = None
    close_price: OptDec = None
    strike_price: OptDec = None
    option_type: str | None = None
    expiration_date: date | None = None


class MarginGroup(Effectful):
    description: str | None = None
    code: str | None = None
    underlying_symbol: str | None = None
    underlying_type: str | None = None
    margin_requirement: OptDec = None
    margin_requirement_effect: str | None = None
    maintenance_requirement: OptDec = None
    maintenance_requirement_effect: str | None = None
    buying_power: OptDec = None
    groups: list[MarginGroup] = Field(default_factory=list)
    position_entries: list[MarginEntry] = Field(default_factory=list)

    @field_validator("groups", "position_entries", mode="before")
    @classmethod
    def _none_is_empty(cls, v: Any) -> Any:
        return [] if v is None else v


class MarginRequirements(MarginGroup):
    account_number: str
    margin_equity: OptDec = None
    option_buying_power: OptDec = None


class WatchlistEntry(RestModel):
    symbol: str
    # the public lists were recorded with "instrument_type", the private ones kebab-case
    instrument_type: str | None = Field(
        default=None, validation_alias=AliasChoices("instrument-type", "instrument_type"))


class Watchlist(RestModel):
    name: str
    watchlist_entries: list[WatchlistEntry] = Field(default_factory=list)
    group_name: str | None = None
    order_index: int | None = None

    @field_validator("watchlist_entries", mode="before")
    @classmethod
    def _none_is_empty(cls, v: Any) -> Any:
        return [] if v is None else v


class SymbolMatch(RestModel):
    symbol: str
    description: str | None = None


class Earnings(RestModel):
    expected_report_date: date | None = None


class WatchMetrics(MarketMetrics):
    """Market metrics with the calendar fields a watchlist shows."""

    earnings: Earnings | None = None
    dividend_ex_date: date | None = None
    dividend_next_date: date | None = None
