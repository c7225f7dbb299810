"""Why the buying power changes by what the dry-run says: the parts that add up to it.

tastytrade reports the change in buying power beside the change in margin requirement
and the fees, and leaves the arithmetic to the reader. The recordings show two ways it
adds up: the requirement already holds the premium (a long option's debit, a naked
short's premium), so BP used = requirement + fees; or, for a credit spread in the API
guide, the requirement is the width and the credit is counted apart (300 - 200 + 2.302 =
102.302). Whatever the broker does not explain is shown as such, never folded into a
part. All parts are dollars of buying power USED: positive uses it, negative frees it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from tastyking.models.base import Effectful
from tastyking.models.orders import BuyingPowerEffect
from tastyking.models.prepared import BpExplained, BpPart, OrderDraft, PnL

HALF_CENT = Decimal("0.005")
CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    """Money as the table shows it (half up, as a statement rounds)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _requirement(bpe: BuyingPowerEffect, draft: OrderDraft) -> Decimal | None:
    """The change in margin requirement, + when the order needs more (a Debit)."""
    signed = Effectful.signed(bpe.change_in_margin_requirement,
                              bpe.change_in_margin_requirement_effect)
    if signed is not None:
        return -signed
    if bpe.change_in_margin_requirement is None and all(leg.opens for leg in draft.legs):
        # an order that only opens changes the requirement by its own requirement
        return bpe.isolated_order_margin_requirement
    return None


def explain(bpe: BuyingPowerEffect | None, change: Decimal | None, fees: Decimal | None,
            draft: OrderDraft, premium: Decimal | None, max_loss: PnL,
            mid_cash: Decimal | None = None) -> tuple[BpExplained | None, list[str]]:
    """The parts of the BP change and the sentences a trader must read about them.

    `premium` is the order's whole price in dollars (price × multiplier × quantity);
    `mid_cash` the same at the legs' mids, credit positive.
    """
    if bpe is None or change is None:
        return None, []
    req = _requirement(bpe, draft)
    if req is None or fees is None:
        return None, []
    used = -change
    parts = [BpPart(name="requirement", amount=req)]
    rest = used - req - fees
    if premium is not None and premium and draft.price_effect and abs(rest) >= HALF_CENT:
        counted = -premium if draft.price_effect == "Credit" else premium
        if abs(rest - counted) < HALF_CENT:  # the broker counts the premium apart
            parts.append(BpPart(name="credit" if counted < 0 else "debit", amount=counted))
            rest -= counted
    parts.append(BpPart(name="fees", amount=fees))
    notes = []
    if abs(rest) >= HALF_CENT:
        parts.append(BpPart(name="unexplained", amount=rest))
        notes.append(f"WARNING: the broker's figures do not add up: a buying-power change "
                     f"of {cents(change):+,.2f}, but its requirement and fees make "
                     f"{cents(rest - used):+,.2f}; {_m(abs(rest))} is unexplained")
    margin = sum((p.amount for p in parts if p.name in ("requirement", "credit", "debit")),
                 Decimal(0))
    gap = None
    if _defined_risk(draft, max_loss):
        assert isinstance(max_loss, Decimal)
        gap = margin - max_loss
        if abs(gap) >= HALF_CENT:
            notes.append(_max_loss_note(margin, max_loss, gap, draft, premium, mid_cash))
    iso = bpe.isolated_order_margin_requirement
    if req >= 0 and iso is not None and abs(iso - req) >= HALF_CENT:
        notes.append(f"the order alone needs {_m(iso)}; with the positions held the "
                     f"requirement changes by {_m(req)}")
    return BpExplained(used=used, parts=parts, max_loss_difference=gap,
                       text=text(parts, used)), notes


def _max_loss_note(margin: Decimal, max_loss: Decimal, gap: Decimal, draft: OrderDraft,
                   premium: Decimal | None, mid_cash: Decimal | None) -> str:
    """A margin that is the max loss at the quotes' mid (the limit sits on the tick grid)
    is said plainly; any other difference is a warning."""
    said = (f"the broker holds {_m(margin)} for this defined-risk order, its max loss at "
            f"the limit price is {_m(max_loss)} ({_m(abs(gap))} "
            f"{'more' if gap > 0 else 'less'})")
    if premium is not None and mid_cash is not None:
        cash = premium if draft.price_effect == "Credit" else -premium
        if abs(max_loss + cash - mid_cash - margin) < HALF_CENT:
            return f"{said}: the broker prices the order at the quotes' mid"
    return f"WARNING: {said}"


def _defined_risk(draft: OrderDraft, max_loss: PnL) -> bool:
    """An opening order whose every short is covered by a long of its type: its margin
    is its max loss (a naked short put's loss is bounded too, but it is margined)."""
    if not isinstance(max_loss, Decimal) or not all(leg.opens for leg in draft.legs):
        return False
    for kind in ("P", "C"):
        net = sum(-leg.quantity if leg.is_sell else leg.quantity
                  for leg in draft.legs if leg.option_type == kind)
        if net < 0:
            return False
    return True


def _m(value: Decimal) -> str:
    return f"{cents(value):,.2f}"


WORDS = {"requirement": "requirement", "credit": "credit received", "debit": "debit paid",
         "fees": "fees", "unexplained": "unexplained"}


def text(parts: list[BpPart], used: Decimal) -> str:
    """The parts in the direction of the change, each with the sign it adds:
    `requirement 8,702.84 + fees 2.27` (uses), `frees requirement 1,000.00 - fees 2.27`."""
    way = 1 if used >= 0 else -1
    terms = []
    for p in parts:
        size = way * p.amount
        sign = "-" if size < 0 else "+"
        terms.append(f"{sign} {WORDS[p.name]} {_m(abs(size))}")
    out = " ".join(terms).removeprefix("+ ")
    if way < 0:
        out = f"frees {out}"
    if shown_used(parts, used) is None:
        out += " (cents rounded)"
    return out


def shown_used(parts: list[BpPart], used: Decimal) -> Decimal | None:
    """The BP used as the table shows it: the sum of the parts in cents when that is a
    rounding of the broker's figure (8,705.105 is 8,705.11 beside 8,702.84 + 2.27, and
    42.025 is 42.02 beside 37.50 + 4.52), so the row and its parts add up; None if not."""
    total = sum((cents(p.amount) for p in parts), Decimal(0))
    return total if abs(total - used) <= HALF_CENT else None
