"""The framework's phase: the account's value in pounds against the core's bands.

    phase_number(value_gbp, bands)        1..4 (below bands[0] is 1, from bands[2] is 4)
    phase_tickers(settings, phase)        that phase's tradeable tickers from config
    gbp_rate(api, settings)               USD per GBP: configured, else the /6B front month
    choose_phase(api, settings, forced)   the phase and why (net liq, rate, band)

The core's bands are in pounds and tastytrade reports the account currency, so a
USD account is converted with a real rate: the British pound future (/6B, quoted in
USD per GBP) at run time, or a fixed `gbp_usd_rate` from config. Without a rate or a
net liq the phase is unknown (None), never guessed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.config import Settings
from tastyking.errors import ApiError, ApiUnreachable, UsageError
from tastyking.models.account import Balances
from tastyking.services.accounts import resolve_accounts

RATE_PRODUCT = "6B"
# A failed step leaves its value unknown; usage and auth errors still stop the command.
STEP_ERRORS = (ApiError, ApiUnreachable, TimeoutError)


class Rate(BaseModel):
    """USD per GBP, where it came from and when; `value` None when unknown."""

    value: Decimal | None
    source: str  # "config" | "api" | "none"
    symbol: str | None = None
    at: datetime | None = None
    detail: str


class PhaseChoice(BaseModel):
    phase: int | None
    tickers: list[str]
    forced: bool
    account: str | None = None
    currency: str | None = None
    net_liq: Decimal | None = None  # in the account's currency
    net_liq_gbp: Decimal | None = None
    rate: Rate | None = None
    reason: str

    def metadata(self) -> dict[str, object]:
        return {"number": self.phase, "forced": self.forced, "account": self.account,
                "netLiq": self.net_liq, "currency": self.currency,
                "netLiqGBP": self.net_liq_gbp, "reason": self.reason,
                "tickers": self.tickers}


def phase_number(value_gbp: Decimal, bands: Sequence[float]) -> int:
    for i, edge in enumerate(bands):
        if value_gbp < Decimal(str(edge)):
            return i + 1
    return len(bands) + 1


def phase_tickers(settings: Settings, phase: int | None) -> list[str]:
    """Fixed `phase_tickers` from config win (--phase N still picks its phase's list);
    else the phase's own list; none if the phase is unknown."""
    if settings.phase_tickers:
        return list(settings.phase_tickers)
    return settings.phase_list(phase) if phase is not None else []


def to_gbp(amount: Decimal | None, currency: str | None, rate: Rate | None) -> Decimal | None:
    if amount is None:
        return None
    if (currency or "USD").upper() == "GBP":
        return amount
    if (currency or "USD").upper() != "USD" or rate is None or rate.value is None:
        return None
    return (amount / rate.value).quantize(Decimal("0.01"))


async def gbp_rate(api: ApiClient, settings: Settings) -> Rate:
    if settings.gbp_usd_rate is not None:
        value = Decimal(str(settings.gbp_usd_rate))
        return Rate(value=value, source="config",
                    detail=f"fixed rate {value} USD per GBP (config gbp_usd_rate)")
    try:
        listed = await endpoints.futures(api, [RATE_PRODUCT])
        front = next((f for f in listed
                      if f.active_month and f.product_code == RATE_PRODUCT), None)
        if front is None:
            return Rate(value=None, source="none",
                        detail=f"no active /{RATE_PRODUCT} contract is listed")
        quotes = await endpoints.market_data(api, [("Future", front.symbol)])
    except STEP_ERRORS as exc:
        return Rate(value=None, source="none", detail=f"/{RATE_PRODUCT} price failed: {exc}")
    md = quotes.get(front.symbol)
    price = None if md is None else (md.last if md.last is not None else md.mark)
    if md is None or price is None or price <= 0:
        return Rate(value=None, source="none", symbol=front.symbol,
                    detail=f"no price for {front.symbol}")
    which = "last" if md.last is not None else "mark"
    when = md.updated_at.isoformat() if md.updated_at else "time not given"
    return Rate(value=price, source="api", symbol=front.symbol, at=md.updated_at,
                detail=f"{front.symbol} (British pound future) {which} {price} USD per GBP, "
                       f"at {when}")


async def account_balances(api: ApiClient, settings: Settings) -> Balances:
    """The account the framework reads: --account, else the first open one."""
    chosen = await resolve_accounts(api, settings.account, all_if_none=False)
    if not chosen:
        raise UsageError("no open account to read")
    return await endpoints.balances(api, chosen[0].account.account_number)


def decide(settings: Settings, forced: int | None, balances: Balances | None,
           rate: Rate | None, why_unknown: str = "") -> PhaseChoice:
    """The phase from what was fetched (pure, so every band edge is testable)."""
    if forced is not None:
        return PhaseChoice(phase=forced, tickers=settings.phase_list(forced), forced=True,
                           rate=rate, reason=f"--phase {forced} (given, not computed)")
    if balances is None:
        return PhaseChoice(phase=None, tickers=phase_tickers(settings, None), forced=False,
                           rate=rate, reason=f"phase unknown: no net liq ({why_unknown})")
    nlv, cur = balances.net_liquidating_value, balances.currency
    gbp = to_gbp(nlv, cur, rate)
    base = PhaseChoice(phase=None, tickers=[], forced=False, account=balances.account_number,
                       currency=cur, net_liq=nlv, net_liq_gbp=gbp, rate=rate, reason="")
    if gbp is None:
        detail = rate.detail if rate is not None else "no rate"
        base.reason = f"phase unknown: net liq {nlv} {cur} has no pound value ({detail})"
        base.tickers = phase_tickers(settings, None)
        return base
    phase = phase_number(gbp, settings.phase_bands)
    bands = settings.phase_bands
    edge = (f"below £{bands[0]:,.0f}" if phase == 1 else
            f"from £{bands[2]:,.0f}" if phase == 4 else
            f"£{bands[phase - 2]:,.0f} to below £{bands[phase - 1]:,.0f}")
    conv = "" if (cur or "").upper() == "GBP" or rate is None else \
        f" ({nlv:,.2f} {cur} at {rate.value} USD per GBP)"
    base.phase, base.tickers = phase, phase_tickers(settings, phase)
    base.reason = f"net liq £{gbp:,.2f}{conv} is {edge}: phase {phase}"
    return base


async def choose_phase(api: ApiClient, settings: Settings, forced: int | None) -> PhaseChoice:
    if forced is not None:
        return decide(settings, forced, None, None)
    bal_task = asyncio.create_task(account_balances(api, settings))
    rate = await gbp_rate(api, settings)
    try:
        balances = await bal_task
    except STEP_ERRORS as exc:
        return decide(settings, None, None, rate, str(exc))
    return decide(settings, None, balances, rate)
