"""Customer accounts, balances and trading status (sections 4, 5, 7)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import Field

from tastyking.models.base import Boolish, Dec, OptDec, PosDec, RestModel


class Account(RestModel):
    account_number: str
    nickname: str | None = None
    account_type_name: str | None = None
    margin_or_cash: str | None = None
    is_closed: Boolish = False
    is_futures_approved: Boolish = False
    suitable_options_level: str | None = None
    day_trader_status: str | bool | None = None
    opened_at: datetime | None = None


class Customer(RestModel):
    """GET /customers/me: who the credentials belong to (login shows the name)."""

    id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None

    @property
    def name(self) -> str | None:
        return " ".join(x for x in (self.first_name, self.last_name) if x) or None


class AccountItem(RestModel):
    account: Account
    authority_level: str | None = None


class Balances(RestModel):
    account_number: str
    currency: str = "USD"
    # required and never negative: without it there is no account figure to show
    net_liquidating_value: PosDec
    cash_balance: Dec = Field(default=Decimal(0))
    derivative_buying_power: Dec = Field(default=Decimal(0))
    equity_buying_power: Dec = Field(default=Decimal(0))
    day_trading_buying_power: Dec = Field(default=Decimal(0))
    maintenance_requirement: Dec = Field(default=Decimal(0))
    maintenance_excess: OptDec = None
    margin_equity: OptDec = None
    used_derivative_buying_power: OptDec = None
    pending_cash: OptDec = None
    pending_cash_effect: str | None = None
    long_derivative_value: OptDec = None
    short_derivative_value: OptDec = None
    long_equity_value: OptDec = None
    cash_available_to_withdraw: OptDec = None
    snapshot_date: date | None = None
    updated_at: datetime | None = None


class TradingStatus(RestModel):
    account_number: str
    is_closed: Boolish = False
    is_frozen: Boolish = False
    is_closing_only: Boolish = False
    is_futures_enabled: Boolish = False
    is_futures_closing_only: Boolish = False
    is_in_margin_call: Boolish = False
    is_pattern_day_trader: Boolish = False
    is_portfolio_margin_enabled: Boolish = False
    is_risk_reducing_only: Boolish = False
    options_level: str | None = None
    day_trade_count: int | None = None
    fee_schedule_name: str | None = None
