"""prepare-order: chain → legs → validated body → broker dry-run → review. Never submits.

    prepare(api, intent) -> PreparedOrder

Online: the chain gives expirations, strikes, symbols and tick sizes; /market-data/by-type
gives deltas and quotes; the body is validated (models.prepared) and only then sent to
POST /accounts/{n}/orders/dry-run. If the API cannot be reached, the order is still
prepared from what the user gave (equity options with --expiration, explicit strikes
and --price) and marked as not validated by the broker.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal

from tastyking.api import endpoints
from tastyking.api.client import ApiClient
from tastyking.api.orders import dry_run
from tastyking.domain.strategies import round_to_tick
from tastyking.errors import ApiError, ApiUnreachable, PartialData, UsageError
from tastyking.models.market import MarketData
from tastyking.models.prepared import (
    Effect,
    OrderDraft,
    PreparedLeg,
    PreparedOrder,
    Review,
    checked,
)
from tastyking.services.accounts import resolve_accounts
from tastyking.services.chains.listing import (
    Chain,
    ChainExpiration,
    choose_expiration,
    contract_multiplier,
    load_chain,
)
from tastyking.services.orders.intent import (
    DEFAULT_DTE,
    LegPlan,
    OrderIntent,
    expected_effect,
    plan_legs,
    units,
)
from tastyking.services.orders.review import (
    BrokerOutcome,
    answered,
    build_review,
    pnl,
    rejection,
)
from tastyking.services.orders.select import (
    build_legs,
    candidates,
    choose_strikes,
    net_mid,
    resolve_offline,
    symbol_of,
)

ZERO = Decimal(0)
OFFLINE_MULTIPLIER = Decimal(100)  # standard equity option; only used for the P/L offline


async def prepare(api: ApiClient, intent: OrderIntent) -> PreparedOrder:
    plans = plan_legs(intent)
    n = units(intent)
    try:
        chain = await load_chain(api, intent.underlying)
    except ApiUnreachable as exc:
        return _offline(intent, plans, n, exc.message)
    notes: list[str] = []
    exps = _expirations(chain, intent, plans, notes)
    quotes, multiplier = await asyncio.gather(
        _quotes(api, intent, _delta_candidates(plans, exps)), _multiplier(api, exps[0]))
    strikes = choose_strikes(plans, exps, quotes, notes)
    wanted = [(exp.instrument_type, sym) for p, s, exp in zip(plans, strikes, exps, strict=True)
              if (sym := symbol_of(s, p.kind)) and sym not in quotes]
    if wanted:
        quotes = {**quotes, **await _quotes(api, intent, wanted)}
    legs = build_legs(plans, strikes, exps, quotes, n)
    mid = net_mid(plans, legs)
    price, effect = _price(intent, mid, exps[0], notes)
    draft = _draft(intent, legs, price, effect, _ticks(exps[0]))
    check_possible(draft)
    far = far_from_mid(draft, plans)
    if far:
        notes.insert(0, far)
    outcome = await _broker(api, intent.account, draft)
    if outcome.note:
        notes.insert(0, outcome.note)
    review = build_review(draft, units=n, multiplier=multiplier, net_mid=mid,
                          outcome=outcome, notes=notes)
    return _document(intent, chain.symbol, draft, outcome, review)


def _expirations(chain: Chain, i: OrderIntent, plans: list[LegPlan],
                 notes: list[str]) -> list[ChainExpiration]:
    common: ChainExpiration | None = None
    out = []
    for p in plans:
        if p.expiration is not None:
            out.append(choose_expiration(chain, expiration=p.expiration, root=i.root))
            continue
        if common is None:
            default = DEFAULT_DTE.get(i.strategy, 45)
            common = choose_expiration(
                chain, expiration=i.expiration, target_dte=i.dte,
                default_dte=default, monthly_default=False, root=i.root)
            if i.expiration is None:
                why = (f"--dte {i.dte}" if i.dte is not None
                       else f"the {i.strategy} default of {default} DTE (--dte to change)")
                notes.append(f"expiration {common.expiration.isoformat()} ({common.dte} DTE): "
                             f"the listed one nearest {why}")
        out.append(common)
    return out


def check_possible(draft: OrderDraft) -> None:
    """A defined-risk order whose price leaves no risk (a credit at or above the spread's
    width) or no reward (a debit at or above it) is a fat finger: refuse it (exit 2)."""
    if draft.price is None or draft.price_effect is None:
        return
    profit, loss, _ = pnl(draft, draft.price, Decimal(1), 1)
    if not isinstance(profit, Decimal) or not isinstance(loss, Decimal):
        return  # unlimited on a side: any price is possible
    effect = draft.price_effect.lower()
    if loss <= 0 or profit <= 0:
        width = (loss if loss <= 0 else profit) + draft.price
        what = "leaves no risk" if loss <= 0 else "can never make money"
        raise UsageError(f"a {effect} of {draft.price} is at or above the spread's width "
                         f"({format(width.normalize(), 'f')}): it {what}, so no one will "
                         "take the other side; check --price")


def far_from_mid(draft: OrderDraft, plans: list[LegPlan]) -> str | None:
    """A warning when the limit price is further from the mid than half the structure's
    bid/ask span plus 50 % (a likely typo, or a price that will not fill)."""
    if draft.price is None or any(leg.bid is None or leg.ask is None or leg.mid is None
                                  for leg in draft.legs):
        return None
    span = sum((((leg.ask or ZERO) - (leg.bid or ZERO)) * p.ratio
                for leg, p in zip(draft.legs, plans, strict=True)), ZERO)
    mid = abs(sum(((leg.mid or ZERO) * p.ratio * (1 if leg.is_sell else -1)
                   for leg, p in zip(draft.legs, plans, strict=True)), ZERO))
    limit = span / 2 * Decimal("1.5")
    if abs(draft.price - mid) <= limit:
        return None
    return (f"WARNING: the price {draft.price} is far from the net mid {_num(mid)} "
            f"(more than {_num(limit)} away, half the bid/ask span plus 50 %)")


def _num(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):,}"


async def _multiplier(api: ApiClient, exp: ChainExpiration) -> Decimal | None:
    """Contract multiplier; a futures option's is its future's notional multiplier, which
    the nested chain does not carry (tastytrade-api.md 8.3)."""
    try:
        return await contract_multiplier(api, exp)
    except ApiUnreachable:
        return None  # only the P/L needs it; the review lists it as missing


def _delta_candidates(plans: list[LegPlan],
                      exps: list[ChainExpiration]) -> list[tuple[str, str]]:
    """Every listed option of the kind and expiration a --delta leg searches."""
    out = []
    for p, exp in zip(plans, exps, strict=True):
        if p.delta is not None:
            out += candidates(exp, {p.kind})
    return list(dict.fromkeys(out))


async def _quotes(api: ApiClient, i: OrderIntent,
                  pairs: list[tuple[str, str]]) -> dict[str, MarketData]:
    if not pairs:
        return {}
    try:
        return await endpoints.market_data(api, pairs)
    except ApiUnreachable as exc:
        if i.delta is not None:
            raise ApiUnreachable(f"{exc.message}; --delta needs live Greeks",
                                 hint="give the strikes instead") from None
        if i.price is None and i.order_type in ("Limit", "Stop Limit"):
            raise ApiUnreachable(f"{exc.message}; the default price needs live quotes",
                                 hint="give --price") from None
        return {}  # the review lists the quotes as missing


def _price(i: OrderIntent, mid: Decimal | None, exp: ChainExpiration,
           notes: list[str]) -> tuple[Decimal | None, Effect | None]:
    """The limit price (positive) and its effect: --price, else the net mid on the tick grid."""
    if i.order_type not in ("Limit", "Stop Limit"):
        return i.price, None
    expected = expected_effect(i)
    quoted: Effect | None = None if not mid else ("Credit" if mid > 0 else "Debit")
    if i.price is not None:
        effect = expected or quoted
        if effect is None:
            raise UsageError("say whether the price is a credit or a debit: --effect credit|debit")
        if i.effect and quoted and quoted != i.effect:
            notes.append(f"--effect {i.effect} but the quotes give a net {quoted.lower()} "
                         f"of {abs(mid or 0)}")
        return i.price, effect
    if mid is None:
        raise PartialData("no quote for every leg, so there is no net mid to price the order",
                          hint="give --price")
    if quoted is None:
        raise UsageError("the net mid is 0: give --price and --effect")
    if expected and quoted != expected:
        raise UsageError(f"the quotes give a net {quoted.lower()} of {abs(mid)} for what should "
                         f"be a {expected.lower()}: check the strikes, or give --price")
    price = round_to_tick(abs(mid), _ticks(exp) or [{"value": Decimal("0.01")}])
    if price <= 0:
        raise UsageError(f"the net mid {abs(mid)} rounds to 0 on the tick grid: give --price")
    return price, quoted


def _ticks(exp: ChainExpiration) -> list[dict[str, Decimal]] | None:
    out = []
    for t in exp.tick_sizes:
        entry = {"value": t.value}
        if t.threshold is not None:
            entry["threshold"] = t.threshold
        out.append(entry)
    return out or None


def _draft(i: OrderIntent, legs: list[PreparedLeg], price: Decimal | None,
           effect: Effect | None, ticks: list[dict[str, Decimal]] | None) -> OrderDraft:
    return checked(
        strategy=i.strategy, side=i.side, legs=legs, order_type=i.order_type,
        time_in_force=i.tif, gtd_date=i.gtd_date, price=price, price_effect=effect,
        stop_trigger=i.stop_trigger, tick_sizes=ticks,
    )


async def _broker(api: ApiClient, requested: str | None, draft: OrderDraft) -> BrokerOutcome:
    """Dry-run the validated body; a refusal is a result to show, not a crash."""
    try:
        accounts = await resolve_accounts(api, requested, all_if_none=False)
        if not accounts:
            raise UsageError("no open account to dry-run the order against")
        number = accounts[0].account.account_number

        async def run() -> BrokerOutcome:
            try:
                return answered(number, await dry_run(api, number, draft.body()))
            except ApiError as exc:
                dry, errors = rejection(exc)
                return BrokerOutcome("rejected", number, dry, errors=errors)

        balances, outcome = await asyncio.gather(endpoints.balances(api, number), run())
        outcome.balances = balances
        return outcome
    except ApiUnreachable as exc:
        return BrokerOutcome("not_run", requested,
                             note=f"NOT validated by the broker: {exc.message}")


def _document(i: OrderIntent, underlying: str, draft: OrderDraft, outcome: BrokerOutcome,
              review: Review) -> PreparedOrder:
    dates = {leg.expiration for leg in draft.legs}
    return PreparedOrder(
        broker_validated=outcome.status == "accepted",
        dry_run=outcome.status,
        account=outcome.account,
        strategy=draft.strategy,
        underlying=underlying,
        expiration=next(iter(dates)) if len(dates) == 1 else None,
        order=draft.body(),
        review=review,
    )


def _offline(i: OrderIntent, plans: list[LegPlan], n: int, reason: str) -> PreparedOrder:
    """No API: build the order from the user's own strikes, dates and price."""

    def need(what: str, hint: str) -> ApiUnreachable:
        return ApiUnreachable(f"{reason}; {what}", hint=hint)

    if i.underlying.startswith("/"):
        raise need("futures-option symbols come only from the API's chain",
                   "try again when tastytrade can be reached")
    if i.delta is not None:
        raise need("--delta needs live Greeks", "give the strikes instead")
    if i.expiration is None and any(p.expiration is None for p in plans):
        raise need("--dte needs the listed expirations", "give --expiration YYYY-MM-DD")
    if i.price is None and i.order_type in ("Limit", "Stop Limit"):
        raise need("the default price needs live quotes", "give --price")
    effect = expected_effect(i) if i.order_type in ("Limit", "Stop Limit") else None
    if effect is None and i.order_type in ("Limit", "Stop Limit"):
        raise need("credit or debit comes from live quotes", "give --effect credit|debit")
    root = i.root or i.underlying
    assert i.expiration is not None or all(p.expiration for p in plans)
    legs = resolve_offline(plans, root, i.expiration or plans[0].expiration, n)  # type: ignore[arg-type]
    draft = _draft(i, legs, i.price, effect, None)
    check_possible(draft)
    notes = [
        f"NOT validated by the broker: {reason}",
        "strikes and expirations were not checked against a listing; "
        f"OCC root {root!r} assumed (use --root for roots such as SPXW)",
        "price checked against a 0.01 tick only; P/L assumes the standard multiplier 100",
    ]
    outcome = BrokerOutcome("not_run", i.account)
    review = build_review(draft, units=n, multiplier=OFFLINE_MULTIPLIER, net_mid=None,
                          outcome=outcome, notes=notes)
    return _document(i, i.underlying, draft, outcome, review)
