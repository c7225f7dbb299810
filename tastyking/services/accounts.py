"""Accounts: which ones, and their balances and trading status."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from pydantic import BaseModel

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.errors import UsageError
from tastyking.models.account import AccountItem


class AccountStatusFlags(BaseModel):
    closed: bool
    frozen: bool
    closing_only: bool
    margin_call: bool
    pattern_day_trader: bool
    futures_enabled: bool
    portfolio_margin: bool
    options_level: str | None
    day_trade_count: int | None


class AccountView(BaseModel):
    account_number: str
    nickname: str | None
    account_type: str | None
    margin_or_cash: str | None
    net_liquidating_value: Decimal
    cash_balance: Decimal
    derivative_buying_power: Decimal
    equity_buying_power: Decimal
    day_trading_buying_power: Decimal
    maintenance_requirement: Decimal
    buying_power_used_pct: Decimal | None
    status: AccountStatusFlags


async def resolve_accounts(
    api: ApiClient, requested: str | None, *, all_if_none: bool = True
) -> list[AccountItem]:
    """The accounts a command works on; an unknown number is a clear usage error."""
    items = await endpoints.accounts(api)
    if requested:
        chosen = [a for a in items if a.account.account_number == requested]
        if not chosen:
            known = ", ".join(a.account.account_number for a in items) or "none"
            raise UsageError(f"account {requested} is not one of yours (accounts: {known})")
        return chosen
    return items if all_if_none else items[:1]


def bp_used_pct(net_liq: Decimal, derivative_bp: Decimal) -> Decimal | None:
    """Share of net liquidating value tied up: 1 - option buying power / net liq."""
    if net_liq <= 0:
        return None
    return ((1 - derivative_bp / net_liq) * 100).quantize(Decimal("0.01"))


async def overview(api: ApiClient, requested: str | None) -> list[AccountView]:
    items = await resolve_accounts(api, requested)

    async def one(item: AccountItem) -> AccountView:
        acct = item.account
        bal, st = await asyncio.gather(
            endpoints.balances(api, acct.account_number),
            endpoints.trading_status(api, acct.account_number),
        )
        return AccountView(
            account_number=acct.account_number,
            nickname=acct.nickname,
            account_type=acct.account_type_name,
            margin_or_cash=acct.margin_or_cash,
            net_liquidating_value=bal.net_liquidating_value,
            cash_balance=bal.cash_balance,
            derivative_buying_power=bal.derivative_buying_power,
            equity_buying_power=bal.equity_buying_power,
            day_trading_buying_power=bal.day_trading_buying_power,
            maintenance_requirement=bal.maintenance_requirement,
            buying_power_used_pct=bp_used_pct(bal.net_liquidating_value,
                                              bal.derivative_buying_power),
            status=AccountStatusFlags(
                closed=st.is_closed,
                frozen=st.is_frozen,
                closing_only=st.is_closing_only,
                margin_call=st.is_in_margin_call,
                pattern_day_trader=st.is_pattern_day_trader,
                futures_enabled=st.is_futures_enabled,
                portfolio_margin=st.is_portfolio_margin_enabled,
                options_level=st.options_level,
                day_trade_count=st.day_trade_count,
            ),
        )

    return list(await asyncio.gather(*(one(i) for i in items)))
