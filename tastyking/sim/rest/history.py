"""An account's history: net liq over time and the transactions (with their total fees).

Net liq is rebuilt from the ledger, not stored: the deposit, less the fees paid so far,
plus each open position's profit, which grows from nothing at its fill to today's mark.
An S&P-shaped wobble that vanishes at both ends keeps the line from being straight. The
last point is the balances endpoint's net liq, so the two never disagree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tastyking.sim import wire
from tastyking.sim.broker.accounts import Account
from tastyking.sim.broker.ledger import Ledger, Trade
from tastyking.sim.market import calendar as cal
from tastyking.sim.rest.accounts import balance_numbers, mark_of, sim
from tastyking.sim.state import SimState

TIME_BACK = {"1d": 0, "1m": 31, "3m": 92, "6m": 183, "1y": 366, "all": None}


def _money(x: float) -> str:
    return wire.dec(abs(round(x, 3)), 3) or "0.0"


def _effect(x: float) -> str:
    return "Credit" if x > 0.0005 else "Debit" if x < -0.0005 else "None"


def _day(dt: datetime) -> date:
    return cal.ny_date(dt)


# --- net liq ------------------------------------------------------------------------------

class NetLiq:
    """Net liq of one account at any past instant, consistent with today's balances."""

    def __init__(self, state: SimState, acct: Account, ledger: Ledger) -> None:
        m = state.market
        self.m, self.acct, self.ledger = m, acct, ledger
        self.now = m.now()
        self.nlv_now = balance_numbers(state, acct)["nlv"]
        self.pnl: list[tuple[datetime, float]] = []
        for p in acct.positions:
            mark, _ = mark_of(state, p.symbol)
            self.pnl.append((p.created_at, (mark - p.average_open) * p.quantity * p.multiplier))
        self.first = min((t for t, _ in self.pnl), default=self.now)
        spx = m.day_bars("SPX", m.today(), 1)[0].close
        self.spx0 = self._spx_close(_day(self.first)) if self.pnl else spx
        self.spx1 = m.under("SPX", 0, self.now).last

    def _spx_close(self, d: date) -> float:
        return self.m.day_bars("SPX", cal.on_or_before(d), 1)[0].close

    def _frac(self, start: datetime, at: datetime) -> float:
        span = (self.now - start).total_seconds()
        if at <= start:
            return 0.0
        return 1.0 if span <= 0 else min(1.0, (at - start).total_seconds() / span)

    def at(self, when: datetime, spx: float | None = None) -> float:
        fees = sum(t.total_fees for t in self.ledger.trades if t.executed_at <= when)
        value = self.acct.deposit - fees
        value += sum(pnl * self._frac(t0, when) for t0, pnl in self.pnl)
        f = self._frac(self.first, when)
        if spx is not None and 0.0 < f < 1.0:
            line = self.spx0 + (self.spx1 - self.spx0) * f
            value += 0.1 * self.acct.deposit * (spx / line - 1.0) * 4 * f * (1 - f)
        # the model's own rounding differs from the balances': the last point is exact
        return self.nlv_now if when >= self.now else value

    def daily(self, since: date | None) -> list[tuple[datetime, float, float]]:
        start = max(_day(self.acct.funded_at), since or date.min)
        out: list[tuple[datetime, float, float]] = []
        prev = None
        for d in cal.trading_days(start, self.m.today()):
            close_at = min(cal.at_ny(d, cal.CLOSE), self.now)
            if close_at < self.acct.funded_at:
                continue
            v = self.at(close_at, self._spx_close(d) if close_at < self.now else None)
            out.append((close_at, prev if prev is not None else v, v))
            prev = v
        return out

    def intraday(self) -> list[tuple[datetime, float, float]]:
        d, frac = self.m.session(self.now)
        s = cal.equity_session(d)
        if s is None:
            return []
        end = self.now if frac < 1.0 else s.close_at
        out = []
        t = s.open_at
        while t <= end:
            v = self.at(t, self.m.under("SPX", 0, t).last)
            out.append((t, v, v))
            t += timedelta(minutes=5)
        if not out or out[-1][0] < end:
            out.append((end, self.at(end), self.at(end)))
        return out


def _point(t: datetime, o: float, c: float) -> dict[str, str | None]:
    hi, lo = max(o, c), min(o, c)
    row: dict[str, str | None] = {}

    def m3(x: float) -> str | None:  # to a tenth of a cent, as recorded and as balances
        return wire.dec(round(x, 3), 3)

    for prefix in ("", "total-"):
        row.update({f"{prefix}open": m3(o), f"{prefix}high": m3(hi),
                    f"{prefix}low": m3(lo), f"{prefix}close": m3(c)})
        if not prefix:
            row.update({"pending-cash-open": "0.0", "pending-cash-high": "0.0",
                        "pending-cash-low": "0.0", "pending-cash-close": "0.0"})
    # tastytrade's own format here: a space and "+00", not ISO-8601's T (SOURCES.md)
    row["time"] = t.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S+00")
    return row


def _ledger(request: Request) -> tuple[Account, Ledger] | None:
    book = sim(request).book
    n = request.path_params["n"]
    a = book.get(n)
    return (a, book.ledgers[n]) if a is not None else None


async def net_liq_history(request: Request) -> Response:
    found = _ledger(request)
    if found is None:
        return wire.not_permitted()
    back = request.query_params.get("time-back", "1y")
    if back not in TIME_BACK:
        return wire.error(400, "invalid_parameter",
                          f"time-back must be one of {', '.join(TIME_BACK)}")
    nl = NetLiq(sim(request), *found)
    days = TIME_BACK[back]
    if days == 0:
        points = nl.intraday()
    else:
        points = nl.daily(None if days is None else nl.m.today() - timedelta(days=days))
    return wire.items(request, [_point(t, o, c) for t, o, c in points])


# --- transactions ---------------------------------------------------------------------------

def _occ_description(t: Trade) -> str:
    assert t.leg is not None
    lg, p = t.leg, t.leg.position
    verb = "Sold" if lg.selling else "Bought"
    price = wire.dec(lg.price, 4)
    if p.option is not None and p.option.future is None:
        o = p.option
        kind = "Call" if o.kind == "C" else "Put"
        return (f"{verb} {lg.quantity} {o.root} {o.expiration:%m/%d/%y} {kind} "
                f"{o.strike:.2f} @ {price}")
    return f"{verb} {lg.quantity} {p.symbol} @ {price}"


def transaction_json(t: Trade) -> dict[str, Any]:
    total = t.total_fees
    net = t.value - total
    row: dict[str, Any] = {"id": t.id, "account-number": t.account}
    if t.leg is None:
        row.update({
            "transaction-type": "Money Movement", "transaction-sub-type": "Deposit",
            "description": t.description, "executed-at": wire.iso(t.executed_at),
            "transaction-date": _day(t.executed_at).isoformat(),
            "value": _money(t.value), "value-effect": _effect(t.value),
            "net-value": _money(net), "net-value-effect": _effect(net),
            "is-estimated-fee": True,
        })
        return row
    lg, p, f = t.leg, t.leg.position, t.fees
    assert t.order is not None
    fill = f"{t.order.id % 10_000_000:07d}{t.id % 100:02d}"
    row.update({
        "symbol": p.symbol, "instrument-type": p.instrument_type,
        "underlying-symbol": p.underlying, "transaction-type": "Trade",
        "transaction-sub-type": lg.action, "description": _occ_description(t),
        "action": lg.action, "quantity": wire.dec(float(lg.quantity)),
        "price": wire.dec(lg.price), "executed-at": wire.iso(t.executed_at),
        "transaction-date": _day(t.executed_at).isoformat(),
        "value": _money(t.value), "value-effect": _effect(t.value),
        "regulatory-fees": _money(f["regulatory"]),
        "regulatory-fees-effect": _effect(-f["regulatory"]),
        "clearing-fees": _money(f["clearing"]), "clearing-fees-effect": _effect(-f["clearing"]),
        "net-value": _money(net), "net-value-effect": _effect(net),
        "commission": _money(f["commission"]), "commission-effect": _effect(-f["commission"]),
        "proprietary-index-option-fees": _money(f["proprietary"]),
        "proprietary-index-option-fees-effect": _effect(-f["proprietary"]),
        "is-estimated-fee": True, "ext-exchange-order-number": f"63{fill}",
        "ext-global-order-number": t.order.id % 100_000, "ext-group-id": "0",
        "ext-group-fill-id": fill, "ext-exec-id": f"{t.id % 10_000_000}",
        "exec-id": f"4_SIM-{t.id:X}", "exchange": "D" if p.option else "Q",
        "order-id": t.order.id, "exchange-affiliation-identifier": "",
        "leg-count": len(t.order.legs),
        "destination-venue": {"Equity": "CITADEL_EQUITIES_A",
                              "Equity Option": "CITADEL_OPTIONS_A"}.get(p.instrument_type,
                                                                         "CME_DIRECT"),
    })
    return row


def _date_param(request: Request, key: str) -> date | None:
    raw = request.query_params.get(key)
    if not raw:
        return None
    return date.fromisoformat(raw[:10])


def _matches(row: dict[str, Any], request: Request) -> bool:
    q = request.query_params
    for key in ("symbol", "underlying-symbol", "instrument-type", "action"):
        if q.get(key) and row.get(key) != q[key]:
            return False
    types = set(wire.query_list(request, "types")) | ({q["type"]} if q.get("type") else set())
    if types and row["transaction-type"] not in types:
        return False
    subs = set(wire.query_list(request, "sub-type"))
    return not subs or row["transaction-sub-type"] in subs


async def transactions(request: Request) -> Response:
    found = _ledger(request)
    if found is None:
        return wire.not_permitted()
    try:
        start, end = _date_param(request, "start-date"), _date_param(request, "end-date")
    except ValueError:
        return wire.error(400, "invalid_parameter", "start-date and end-date are YYYY-MM-DD")
    rows = []
    for t in found[1].trades:
        d = _day(t.executed_at)
        if start and d < start or end and d > end:
            continue
        row = transaction_json(t)
        if _matches(row, request):
            rows.append(row)
    rows.sort(key=lambda r: (r["executed-at"], r["id"]),
              reverse=request.query_params.get("sort", "Desc") != "Asc")
    return wire.paginated(request, rows, default_per_page=250)


async def total_fees(request: Request) -> Response:
    found = _ledger(request)
    if found is None:
        return wire.not_permitted()
    try:
        day = _date_param(request, "date") or sim(request).market.today()
    except ValueError:
        return wire.error(400, "invalid_parameter", "date is YYYY-MM-DD")
    total = sum(t.total_fees for t in found[1].trades if _day(t.executed_at) == day)
    return wire.ok(request, {"total-fees": _money(total), "total-fees-effect":
                             _effect(-total)})
