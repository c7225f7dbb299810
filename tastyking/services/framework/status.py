"""The framework's account status (its `getAccountStatus()`), as its core reads it.

    collect(api, settings, now) -> StatusDoc

Round trips: the token; the account; then at once balances, trading status,
positions with marks, VIX, the /6B rate, the net-liq history and this month's
transactions. A failing step leaves its values null with the reason; only an
unreachable API or refused credentials raise (then the command falls back to
manual entry).

Money keys (netLiq, buyingPower, cashBalance, monthPL) are in pounds, the unit of
the core's phase bands; the account-currency values are kept in metadata.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from tastyking.api import endpoints, views
from tastyking.api.client import ApiClient
from tastyking.config import Settings
from tastyking.models.account import Balances, TradingStatus
from tastyking.models.views import MarginRequirements, NetLiqPoint, Transaction
from tastyking.services.accounts import bp_used_pct, resolve_accounts
from tastyking.services.framework import groups as grp
from tastyking.services.framework.doc import StatusDoc, clock_fields
from tastyking.services.framework.money import month_pl, month_start
from tastyking.services.framework.phases import STEP_ERRORS, Rate, decide, gbp_rate, to_gbp
from tastyking.services.positions import PositionsResult, positions_view

T = TypeVar("T")
HISTORY_BACK = "3m"  # always reaches the month's start, whatever the day


async def collect(api: ApiClient, settings: Settings, now: datetime,
                  phase: int | None = None) -> StatusDoc:
    await api.tokens.bearer(api)  # ApiUnreachable / AuthError: nothing to build
    chosen = await resolve_accounts(api, settings.account, all_if_none=False)
    doc = StatusDoc.new(now)
    if not chosen:
        doc.fail("account", "no open account")
        return doc
    number = chosen[0].account.account_number
    doc.account = number
    start = month_start(now)

    async def step(name: str, work: Awaitable[T]) -> T | None:
        try:
            return await work
        except STEP_ERRORS as exc:
            doc.fail(name, str(exc))
            return None

    # all at once; awaited one by one so each keeps its type
    run = asyncio.create_task
    t_bal = run(step("balances", endpoints.balances(api, number)))
    t_status = run(step("trading status", endpoints.trading_status(api, number)))
    t_pos = run(step("positions", positions_view(api, number, chosen[:1])))
    t_vix = run(step("VIX (/market-data/by-type)",
                     endpoints.market_data(api, [("Index", "VIX")])))
    t_rate = run(gbp_rate(api, settings))
    t_hist = run(step("net-liq history", views.net_liq_history(api, number, HISTORY_BACK)))
    t_txns = run(step("transactions", views.transactions(api, number, start=start.date())))
    t_margin = run(step("margin requirements", views.margin_requirements(api, number)))
    bal, status, pos, vix = await t_bal, await t_status, await t_pos, await t_vix
    rate, history, txns, margin = await t_rate, await t_hist, await t_txns, await t_margin
    _money(doc, bal, rate, history, txns, start)
    _status(doc, status)
    _positions(doc, pos, bal, margin)
    _vix(doc, vix)
    doc.phase = decide(settings, phase, bal, rate,
                       "the balances call failed" if bal is None else "")
    return doc


def _money(doc: StatusDoc, bal: Balances | None, rate: Rate,
           history: list[NetLiqPoint] | None, txns: list[Transaction] | None,
           start: datetime) -> None:
    doc.rate = rate
    if bal is None:
        doc.why(["netLiq", "buyingPower", "cashBalance", "bpUsedPercent", "monthPL"],
                "the balances call failed")
        return
    cur = bal.currency
    doc.currency = cur
    pl = month_pl(bal.net_liquidating_value, history, txns, start)
    doc.month = pl
    native = {"netLiq": bal.net_liquidating_value, "buyingPower": bal.derivative_buying_power,
              "cashBalance": bal.cash_balance, "monthPL": pl.value}
    doc.native = dict(native)
    for key, amount in native.items():
        gbp = to_gbp(amount, cur, rate)
        if gbp is not None:
            doc.put(key, gbp)
        elif amount is None:
            doc.why([key], pl.detail)
        else:
            doc.why([key], f"no pound value for {amount} {cur}: {rate.detail}")
    pct = bp_used_pct(bal.net_liquidating_value, bal.derivative_buying_power)
    if pct is not None:
        doc.put("bpUsedPercent", pct)
    else:
        doc.why(["bpUsedPercent"], "net liq is not positive")


def _status(doc: StatusDoc, st: TradingStatus | None) -> None:
    if st is None:
        doc.why(["canTrade", "portfolioMargin"], "the trading-status call failed")
        return
    doc.put("canTrade", not (st.is_closed or st.is_frozen or st.is_closing_only))
    doc.put("portfolioMargin", st.is_portfolio_margin_enabled)


def _positions(doc: StatusDoc, pos: PositionsResult | None, bal: Balances | None,
               margin: MarginRequirements | None) -> None:
    if pos is None:
        doc.why(["positions", "positionsText"], "the positions call failed")
        return
    groups, holdings = grp.groups_of(pos.positions)
    if margin is not None:
        grp.assign_bp(groups, margin, bal.net_liquidating_value if bal else None)
    else:
        for g in groups:
            g.missing["bpUsed"] = "the margin-requirements call failed"
    doc.groups, doc.holdings = groups, [h.symbol for h in holdings]
    doc.put("positions", [g.framework() for g in groups])
    doc.put("positionsText", grp.positions_text(groups))


def _vix(doc: StatusDoc, quotes: dict[str, Any] | None) -> None:
    if quotes is None:
        doc.why(["vixLevel"], "the VIX quote call failed")
        return
    md = quotes.get("VIX")
    level = None if md is None else (md.last if md.last is not None else md.mark)
    if level is None:
        doc.why(["vixLevel"], "no VIX level in the answer")
        return
    doc.put("vixLevel", Decimal(level))


__all__ = ["clock_fields", "collect"]
