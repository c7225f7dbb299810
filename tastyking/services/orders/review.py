"""The review of a prepared order: P/L at expiration, and what the broker's dry-run said.

Money is for the whole order in dollars: per-structure prices × multiplier × quantity.
The broker's unsigned amount + `-effect` pairs become signed numbers here (negative
buying-power change = buying power used; positive fees = you pay).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tastyking.api import endpoints
from tastyking.domain.strategies import PayoffLeg, summarize
from tastyking.errors import ApiError
from tastyking.models.account import Balances
from tastyking.models.base import Effectful
from tastyking.models.orders import INFORMATIONAL_WARNINGS, DryRunResult
from tastyking.models.prepared import (
    BuyingPower,
    DryRunStatus,
    Fees,
    Notice,
    OrderDraft,
    PnL,
    Review,
)
from tastyking.services.accounts import bp_used_pct
from tastyking.services.orders.bp import explain

PLACES = Decimal("0.0001")


@dataclass
class BrokerOutcome:
    status: DryRunStatus
    account: str | None
    dry: DryRunResult | None = None
    balances: Balances | None = None
    errors: list[Notice] = field(default_factory=list)
    note: str | None = None


def answered(account: str, dry: DryRunResult) -> BrokerOutcome:
    """A 2xx dry-run: errors reject it; a warning not known to be informational keeps it
    from being a plain acceptance (tastytrade: such an order would be rejected)."""
    if dry.errors:
        errors = [Notice(code=e.code, message=e.message or e.code or "no reason given")
                  for e in dry.errors]
        return BrokerOutcome("rejected", account, dry, errors=errors)
    status: DryRunStatus = "accepted_with_warnings" if dry.blocking_warnings else "accepted"
    return BrokerOutcome(status, account, dry)


def notices(dry: DryRunResult | None) -> list[Notice]:
    """The broker's warnings, each marked informational or not."""
    return [Notice(code=w.code, message=w.message or "",
                   informational=w.code in INFORMATIONAL_WARNINGS)
            for w in (dry.warnings if dry else [])]


def rejection(exc: ApiError) -> tuple[DryRunResult | None, list[Notice]]:
    """A failing dry-run still carries `data` (buying-power effect) next to its error."""
    dry = (endpoints.parse(DryRunResult, exc.data, "order dry-run")
           if isinstance(exc.data, dict) else None)
    errors = []
    for e in exc.errors:
        if "message" in e:
            errors.append(Notice(code=e.get("code"), message=str(e["message"])))
        else:
            errors.append(Notice(code=e.get("domain"), message=str(e.get("reason", "?"))))
    return dry, errors or [Notice(code=exc.code, message=exc.message)]


def pnl(draft: OrderDraft, price: Decimal | None, multiplier: Decimal | None,
        units: int) -> tuple[PnL, PnL, list[Decimal] | None]:
    """Max profit, max loss (positive = a loss) and breakevens of the whole order."""
    if price is None or multiplier is None or draft.price_effect is None:
        return None, None, None
    if len({leg.expiration for leg in draft.legs}) > 1:
        return None, None, None  # a calendar's value at the first expiry needs a model
    legs = [PayoffLeg(leg.option_type, leg.strike,
                      Decimal(-leg.quantity if leg.is_sell else leg.quantity), multiplier)
            for leg in draft.legs]
    sign = 1 if draft.price_effect == "Credit" else -1
    s = summarize(legs, sign * price * multiplier * units)
    return (
        "unlimited" if s.max_profit is None else _exact(s.max_profit),
        "unlimited" if s.max_loss is None else _exact(s.max_loss),
        [_exact(b) for b in s.breakevens],
    )


def _exact(value: Decimal) -> Decimal:
    q = value.quantize(PLACES)
    return q.normalize() if q == q.to_integral_value() else q


def buying_power(dry: DryRunResult | None) -> BuyingPower | None:
    bpe = dry.buying_power_effect if dry else None
    if bpe is None:
        return None
    return BuyingPower(
        change=Effectful.signed(bpe.change_in_buying_power, bpe.change_in_buying_power_effect),
        current=Effectful.signed(bpe.current_buying_power, bpe.current_buying_power_effect),
        new=Effectful.signed(bpe.new_buying_power, bpe.new_buying_power_effect),
        margin_requirement=bpe.isolated_order_margin_requirement,
    )


def _cost(amount: Decimal | None, effect: str | None) -> Decimal | None:
    """A fee as a cost (a credit is negative); an effect tastytrade does not document
    leaves the fee unknown rather than guessing its sign."""
    signed = Effectful.signed(amount, effect)
    return None if signed is None else -signed


def fees(dry: DryRunResult | None) -> Fees | None:
    f = dry.fee_calculation if dry else None
    if f is None:
        return None
    return Fees(
        total=_cost(f.total_fees, f.total_fees_effect),
        commission=_cost(f.commission, f.commission_effect),
        clearing=_cost(f.clearing_fees, f.clearing_fees_effect),
        regulatory=_cost(f.regulatory_fees, f.regulatory_fees_effect),
        proprietary_index_option=_cost(f.proprietary_index_option_fees,
                                       f.proprietary_index_option_fees_effect),
    )


def bp_after(bal: Balances | None, bp: BuyingPower | None) -> tuple[Decimal | None, ...]:
    """BP used as % of net liq, before and after the trade (derivative buying power, as
    `account` shows it)."""
    if bal is None:
        return None, None
    before = bp_used_pct(bal.net_liquidating_value, bal.derivative_buying_power)
    if bp is None:
        return before, None
    if bp.change is not None:
        after_bp = bal.derivative_buying_power + bp.change
    elif bp.new is not None:
        after_bp = bp.new
    else:
        return before, None
    return before, bp_used_pct(bal.net_liquidating_value, after_bp)


def build_review(
    draft: OrderDraft, *, units: int, multiplier: Decimal | None, net_mid: Decimal | None,
    outcome: BrokerOutcome, notes: list[str],
) -> Review:
    notes = list(notes)
    price = draft.price
    basis: str | None = "limit price"
    if price is None and net_mid is not None and draft.price_effect is None:
        # Market and Stop orders have no price: show the P/L at the quotes' mid, labelled.
        price, basis = abs(net_mid), "net mid (the order has no limit price)"
        draft = draft.model_copy(update={"price_effect": "Credit" if net_mid > 0 else "Debit"})
    max_profit, max_loss, bes = pnl(draft, price, multiplier, units)
    if bes is None:
        basis = None
        if len({leg.expiration for leg in draft.legs}) > 1:
            notes.append("max profit/loss and breakevens are not shown for legs with "
                         "different expirations")
    if any(not leg.opens for leg in draft.legs):
        notes.append("closing legs: the P/L is of this order's legs alone, not the position")
    bp = buying_power(outcome.dry)
    paid = fees(outcome.dry)
    if bp is not None:
        premium = (price * multiplier * units
                   if price is not None and multiplier is not None else None)
        explained, bp_notes = explain(outcome.dry.buying_power_effect if outcome.dry else None,
                                      bp.change, paid.total if paid else None, draft,
                                      premium, max_loss, _mid_cash(draft, multiplier))
        bp = bp.model_copy(update={"explained": explained})
        notes += bp_notes
    before, after = bp_after(outcome.balances, bp)
    review = Review(
        legs=draft.legs,
        net_price=draft.price,
        price_effect=draft.price_effect if draft.price is not None else None,
        net_mid=net_mid,
        quantity=units,
        multiplier=multiplier,
        buying_power_effect=bp,
        net_liquidating_value=outcome.balances.net_liquidating_value
        if outcome.balances else None,
        bp_used_pct_before=before,
        bp_used_pct_after=after,
        fees=paid,
        max_profit=max_profit,
        max_loss=max_loss,
        breakevens=bes,
        pnl_basis=basis,
        warnings=notices(outcome.dry),
        errors=outcome.errors,
        notes=notes,
    )
    return review.model_copy(update={"missing": _missing(review, outcome)})


def _mid_cash(draft: OrderDraft, multiplier: Decimal | None) -> Decimal | None:
    """The order's premium at the legs' mids, unrounded, in dollars (credit positive)."""
    if multiplier is None or any(leg.mid is None for leg in draft.legs):
        return None
    return sum((leg.mid * (leg.quantity if leg.is_sell else -leg.quantity)  # type: ignore[operator]
                for leg in draft.legs), Decimal(0)) * multiplier


def _missing(r: Review, outcome: BrokerOutcome) -> list[str]:
    out: list[str] = []
    for leg in r.legs:
        gaps = [n for n in ("delta", "bid", "ask") if getattr(leg, n) is None]
        if gaps:
            out.append(f"{leg.symbol.strip()}: {', '.join(gaps)}")
    checks: list[tuple[str, Any]] = [
        ("net_mid", r.net_mid), ("multiplier", r.multiplier),
        ("buying_power_effect", r.buying_power_effect),
        ("bp_used_pct_after", r.bp_used_pct_after), ("fees", r.fees),
    ]
    out += [name for name, value in checks if value is None]
    # an amount that came with an effect tastytrade does not document is unknown
    raw = outcome.dry.buying_power_effect if outcome.dry else None
    bp = r.buying_power_effect
    if raw is not None and bp is not None:
        out += [f"buying_power_effect.{n}" for n, amount in (
            ("change", raw.change_in_buying_power), ("current", raw.current_buying_power),
            ("new", raw.new_buying_power)) if amount is not None and getattr(bp, n) is None]
    raw_fees = outcome.dry.fee_calculation if outcome.dry else None
    if raw_fees is not None and raw_fees.total_fees is not None and r.fees is not None \
            and r.fees.total is None:
        out.append("fees.total")
    return out
