"""OAuth, customer, accounts, balances, positions, trading status, quote tokens."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from tastyking.sim import wire
from tastyking.sim.broker.accounts import Account, Position
from tastyking.sim.broker.margin import Leg, requirement
from tastyking.sim.market.universe import STOCKS
from tastyking.sim.state import DEMO_CLIENT_SECRET, DEMO_REFRESH_TOKEN, SimState


def sim(request: Request) -> SimState:
    return request.app.state.sim


async def oauth_token(request: Request) -> Response:
    raw = await request.body()
    body: dict[str, Any] = {}
    try:
        if "json" in request.headers.get("content-type", "") or raw.lstrip().startswith(b"{"):
            parsed = json.loads(raw or b"{}")
            body = parsed if isinstance(parsed, dict) else {}
        else:
            body = dict(parse_qsl(raw.decode()))
    except (ValueError, UnicodeDecodeError):
        body = {}
    good = (
        body.get("grant_type") == "refresh_token"
        and body.get("client_secret") == DEMO_CLIENT_SECRET
        and body.get("refresh_token") == DEMO_REFRESH_TOKEN
    )
    if not good:
        return wire.json_response(
            {"error_code": "invalid_grant", "error_description": "Invalid JWT"}, 401)
    state = sim(request)
    return wire.json_response({"access_token": state.issue_token(), "token_type": "Bearer",
                               "expires_in": state.config.token_ttl})


_ADDRESS = {"city": "Chicago", "country": "US", "is-domestic": True, "is-foreign": False,
            "postal-code": "60607", "state-region": "IL", "street-one": "1000 Demo Street"}
_MARGINS = {"Cash": False, "Cash Secured Margin": True, "IRA Margin": True, "Reg T": True,
            "Portfolio Margin": True}


def _account_type(name: str, margins: tuple[str, ...], tax_advantaged: bool = False,
                  owners: bool = False) -> dict[str, Any]:
    # snake_case inside permitted-account-types, as the recording has it
    return {"name": name, "description": "", "is_tax_advantaged": tax_advantaged,
            "has_multiple_owners": owners, "is_publicly_available": True,
            "margin_types": [{"name": m, "is_margin": _MARGINS[m]} for m in margins]}


async def customer(request: Request) -> Response:
    """The customer record in the recorded shape (Get_Customers_Me_Cert.json)."""
    every = tuple(_MARGINS)
    return wire.ok(request, {
        "id": "me", "first-name": "Demo", "last-name": "Trader", "address": _ADDRESS,
        "mailing-address": _ADDRESS, "is-foreign": False, "usa-citizenship-type": "Citizen",
        "mobile-phone-number": "312-555-0100", "birth-date": "1980-01-01",
        "email": "demo@example.invalid", "tax-number-type": "SSN", "agreed-to-margining": True,
        "subject-to-tax-withholding": False, "has-industry-affiliation": False,
        "has-listed-affiliation": False, "has-political-affiliation": False,
        "has-delayed-quotes": False, "has-pending-or-approved-application": False,
        "is-professional": False,
        "permitted-account-types": [
            _account_type("Individual", every), _account_type("Futures", every),
            _account_type("Roth IRA", ("IRA Margin",), tax_advantaged=True)],
        "created-at": "2021-03-26T18:31:41.078+00:00",
    })


def account_json(a: Account) -> dict[str, Any]:
    return {
        "account-number": a.number, "external-id": f"A00{a.id:08d}",
        "opened-at": wire.iso(a.opened_at), "nickname": a.nickname,
        "account-type-name": a.type_name, "day-trader-status": False, "is-closed": False,
        "is-firm-error": False, "is-firm-proprietary": False,
        "is-futures-approved": a.futures_approved, "is-test-drive": False,
        "margin-or-cash": a.margin_or_cash, "is-foreign": False,
        "funding-date": a.funded_at.date().isoformat(),
        "investment-objective": "GROWTH" if not a.is_cash else "SPECULATION",
        "suitable-options-level": a.options_level, "created-at": wire.iso(a.opened_at),
    }


async def accounts(request: Request) -> Response:
    rows = [{"account": account_json(a), "authority-level": "owner"}
            for a in sim(request).book.accounts.values()]
    return wire.items(request, rows)


def _account(request: Request) -> Account | None:
    return sim(request).book.get(request.path_params["n"])


async def account(request: Request) -> Response:
    a = _account(request)
    return wire.ok(request, account_json(a)) if a else wire.not_permitted()


def mark_of(state: SimState, symbol: str) -> tuple[float, float]:
    """(mark, underlying price) now; (0, 0) for something no longer quoted.

    Positions are valued at tastytrade's mark, which is not always the mid (a future
    option's theoretical price, a stock's last trade after the close)."""
    snap = state.market.snapshot(symbol)
    if snap is None:
        return 0.0, 0.0
    mark = snap.marked
    return mark, snap.underlying_price if snap.underlying_price is not None else mark


def position_legs(state: SimState, positions: list[Position]) -> list[Leg]:
    legs = []
    for p in positions:
        mark, under = mark_of(state, p.symbol)
        group = p.option.product if p.option else p.underlying.lstrip("/")
        if p.future is not None:
            group = p.future.product.code
        is_index = bool(p.option and STOCKS.get(p.option.product, None)
                        and STOCKS[p.option.product].kind == "Index")
        legs.append(Leg(p.instrument_type, p.quantity, p.multiplier, mark, under, group,
                        p.option, p.future, is_index))
    return legs


def position_json(state: SimState, p: Position, marks: bool) -> dict[str, Any]:
    snap = state.market.snapshot(p.symbol)
    prev = snap.prev_close if snap else p.average_open
    today = state.market.today().isoformat()
    row: dict[str, Any] = {
        "account-number": p.account, "symbol": p.symbol, "instrument-type": p.instrument_type,
        "underlying-symbol": p.underlying, "quantity": abs(p.quantity),
        "quantity-direction": "Long" if p.quantity > 0 else "Short",
        "close-price": wire.dec(prev), "average-open-price": wire.dec(p.average_open),
        "average-yearly-market-close-price": wire.dec(p.average_open),
        "average-daily-market-close-price": wire.dec(prev),
        "multiplier": wire.dec(p.multiplier),  # "100.0": a string, as since 2026 (facts §2)
        "cost-effect": "Debit" if p.quantity > 0 else "Credit",
        "is-suppressed": False, "is-frozen": False, "restricted-quantity": 0,
        "realized-day-gain": "0.0", "realized-day-gain-effect": "None",
        "realized-day-gain-date": today, "realized-today": "0.0",
        "realized-today-effect": "None", "realized-today-date": today,
        "created-at": wire.iso(p.created_at), "updated-at": wire.iso(p.created_at),
    }
    if p.expires_at is not None:
        row["expires-at"] = wire.iso(p.expires_at)
    if marks and snap is not None:
        row["mark-price"] = wire.dec(snap.marked)
        row["mark"] = wire.dec(snap.marked * abs(p.quantity) * p.multiplier)
    return row


async def positions(request: Request) -> Response:
    a = _account(request)
    if a is None:
        return wire.not_permitted()
    state = sim(request)
    wanted = set(wire.query_list(request, "underlying-symbol"))
    symbol = request.query_params.get("symbol")
    itype = request.query_params.get("instrument-type")
    rows = []
    for p in a.positions:
        roots = {p.underlying, p.future.product.root if p.future else p.underlying}
        if p.option and p.option.future:
            roots.add(p.option.future.product.root)
        if wanted and not wanted & roots:
            continue
        if symbol and p.symbol != symbol or itype and p.instrument_type != itype:
            continue
        rows.append(position_json(state, p, wire.flag(request, "include-marks")))
    return wire.items(request, rows)


def balance_numbers(state: SimState, a: Account) -> dict[str, float]:
    legs = position_legs(state, a.positions)
    val: dict[str, float] = {k: 0.0 for k in (
        "long-equity", "short-equity", "long-derivative", "short-derivative",
        "long-futures-derivative", "short-futures-derivative", "long-futures", "short-futures",
        "futures-pnl")}
    for leg, p in zip(legs, a.positions, strict=True):
        value = abs(leg.quantity) * leg.mark * leg.multiplier
        side = "long" if leg.quantity > 0 else "short"
        if leg.instrument_type == "Equity":
            val[f"{side}-equity"] += value
        elif leg.instrument_type == "Equity Option":
            val[f"{side}-derivative"] += value
        elif leg.instrument_type == "Future Option":
            val[f"{side}-futures-derivative"] += value
        else:
            val[f"{side}-futures"] += value
            val["futures-pnl"] += (leg.mark - p.average_open) * leg.quantity * leg.multiplier
    cash = a.cash
    nlv = (cash + val["long-equity"] - val["short-equity"] + val["long-derivative"]
           - val["short-derivative"] + val["long-futures-derivative"]
           - val["short-futures-derivative"] + val["futures-pnl"])
    req = requirement(legs, a.is_cash)
    futures_req = requirement([lg for lg in legs if lg.instrument_type.startswith("Future")])
    equity_req = sum(abs(lg.quantity) * lg.mark for lg in legs if lg.instrument_type == "Equity")
    maint = req - (0.0 if a.is_cash else 0.25 * equity_req)
    bp = max(0.0, nlv - req)
    return {**val, "cash": cash, "nlv": nlv, "req": req, "maint": maint, "bp": bp,
            "futures-req": futures_req}


def balances_json(state: SimState, a: Account) -> dict[str, Any]:
    n = balance_numbers(state, a)
    bp = n["bp"]

    def d(x: float) -> str | None:  # money to a tenth of a cent, as recorded ("51600.762")
        return wire.dec(round(x, 3), 3)

    equity_bp = bp if a.is_cash else 2 * bp
    z = "0.0"
    now = state.market.now()
    return {
        "account-number": a.number, "available-trading-funds": d(bp),
        "bond-margin-requirement": z, "cash-available-to-withdraw": d(min(n["cash"], bp)),
        "cash-balance": d(n["cash"]), "cash-settle-balance": d(n["cash"]),
        "closed-loop-available-balance": d(n["cash"]), "cryptocurrency-margin-requirement": z,
        "currency": "USD", "day-equity-call-value": z, "day-trade-excess": d(bp),
        "day-trading-buying-power": d(equity_bp), "day-trading-call-value": z,
        "derivative-buying-power": d(bp), "equity-buying-power": d(equity_bp),
        "equity-offering-margin-requirement": z, "fixed-income-security-margin-requirement": z,
        "futures-margin-requirement": d(n["futures-req"]), "long-bond-value": z,
        "long-cryptocurrency-value": z, "long-derivative-value": d(n["long-derivative"]),
        "long-equity-value": d(n["long-equity"]), "long-fixed-income-security-value": z,
        "long-futures-derivative-value": d(n["long-futures-derivative"]),
        "long-futures-value": d(n["long-futures"]),
        "long-margineable-value": d(n["long-equity"]), "maintenance-call-value": z,
        "maintenance-requirement": d(n["maint"]), "margin-equity": d(n["nlv"]),
        "margin-settle-balance": d(n["cash"]), "net-liquidating-value": d(n["nlv"]),
        "pending-cash": z, "pending-cash-effect": "None", "reg-t-call-value": z,
        "short-cryptocurrency-value": z, "short-derivative-value": d(n["short-derivative"]),
        "short-equity-value": d(n["short-equity"]),
        "short-futures-derivative-value": d(n["short-futures-derivative"]),
        "short-futures-value": d(n["short-futures"]),
        "short-margineable-value": d(n["short-equity"]),
        "sma-equity-option-buying-power": d(bp),
        "special-memorandum-account-apex-adjustment": z,
        "special-memorandum-account-value": d(bp), "total-settle-balance": d(n["cash"]),
        "unsettled-cryptocurrency-fiat-amount": z, "unsettled-cryptocurrency-fiat-effect": "None",
        "used-derivative-buying-power": d(n["req"]),
        "snapshot-date": state.market.today().isoformat(),
        "reg-t-margin-requirement": d(n["req"]),
        "futures-overnight-margin-requirement": d(n["futures-req"]),
        "futures-intraday-margin-requirement": d(n["futures-req"] / 2),
        "maintenance-excess": d(max(0.0, n["nlv"] - n["maint"])), "pending-margin-interest": z,
        "buying-power-adjustment": z, "buying-power-adjustment-effect": "None",
        "effective-cryptocurrency-buying-power": z, "total-pending-liquidity-pool-rebate": z,
        "updated-at": wire.iso(now),
    }


async def balances(request: Request) -> Response:
    a = _account(request)
    if a is None:
        return wire.not_permitted()
    currency = request.path_params.get("currency", "USD")
    if currency != "USD":
        return wire.not_found(f"Balance in {currency}")
    return wire.ok(request, balances_json(sim(request), a))


async def trading_status(request: Request) -> Response:
    a = _account(request)
    if a is None:
        return wire.not_permitted()
    now = sim(request).market.now()
    return wire.ok(request, {
        "account-number": a.number, "day-trade-count": 0,
        "equities-margin-calculation-type": "IRA Margin" if a.is_cash else "Reg T",
        "fee-schedule-name": "default", "futures-margin-rate-multiplier": "0.0",
        "has-intraday-equities-margin": False, "id": 447000 + a.id,
        "is-aggregated-at-clearing": False, "is-closed": False, "is-closing-only": False,
        "is-cryptocurrency-closing-only": False, "is-cryptocurrency-enabled": False,
        "is-frozen": False, "is-full-equity-margin-required": a.is_cash,
        "is-futures-closing-only": False, "is-futures-intra-day-enabled": a.futures_approved,
        "is-futures-enabled": a.futures_approved,
        "is-in-day-trade-equity-maintenance-call": False, "is-in-margin-call": False,
        "is-pattern-day-trader": False, "is-portfolio-margin-enabled": False,
        "is-risk-reducing-only": False,
        "is-small-notional-futures-intra-day-enabled": a.futures_approved,
        "is-roll-the-day-forward-enabled": True,
        "are-far-otm-net-options-restricted": a.is_cash, "options-level": a.options_level,
        "short-calls-enabled": not a.is_cash,
        "small-notional-futures-margin-rate-multiplier": "0.0",
        "is-equity-offering-enabled": False, "is-equity-offering-closing-only": False,
        "enhanced-fraud-safeguards-enabled-at": "2022-10-27T20:49:52.928+00:00",
        "updated-at": wire.iso(now),
    })


async def quote_token(request: Request) -> Response:
    state = sim(request)
    host = request.headers.get("host") or f"{state.config.host}:{state.config.port}"
    now = state.market.now()
    return wire.ok(request, {
        "token": state.issue_quote_token(), "dxlink-url": f"ws://{host}/realtime",
        "level": "api", "issued-at": wire.iso(now),
        "expires-at": wire.iso(now + timedelta(hours=24)),
    })
