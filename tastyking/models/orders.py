"""Order bodies and dry-run results (section 15). There is no model of a placed order's id
because tastyking never places one."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from tastyking.models.base import Dec, Effectful, OptDec, RestModel


class OrderLeg(RestModel):
    instrument_type: str
    symbol: str
    quantity: Dec
    action: str


class NewOrder(RestModel):
    time_in_force: str = "Day"
    order_type: str = "Limit"
    price: OptDec = None
    price_effect: str | None = None
    stop_trigger: OptDec = None
    gtc_date: date | None = None
    legs: list[OrderLeg]


class BuyingPowerEffect(RestModel):
    change_in_margin_requirement: OptDec = None
    change_in_margin_requirement_effect: str | None = None
    change_in_buying_power: OptDec = None
    change_in_buying_power_effect: str | None = None
    current_buying_power: OptDec = None
    current_buying_power_effect: str | None = None
    new_buying_power: OptDec = None
    new_buying_power_effect: str | None = None
    isolated_order_margin_requirement: OptDec = None
    isolated_order_margin_requirement_effect: str | None = None
    is_spread: bool | None = None
    impact: OptDec = None
    effect: str | None = None


class FeeParts(Effectful):
    """The fees tastytrade itemises, each unsigned with its `-effect`: a dry-run's
    fee-calculation and every transaction carry the same four."""

    regulatory_fees: OptDec = None
    regulatory_fees_effect: str | None = None
    clearing_fees: OptDec = None
    clearing_fees_effect: str | None = None
    commission: OptDec = None
    commission_effect: str | None = None
    proprietary_index_option_fees: OptDec = None
    proprietary_index_option_fees_effect: str | None = None


class FeeCalculation(FeeParts):
    total_fees: OptDec = None
    total_fees_effect: str | None = None


class Message(RestModel):
    code: str | None = None
    message: str | None = None


class PlacedLeg(RestModel):
    instrument_type: str
    symbol: str
    quantity: Dec | None = None
    remaining_quantity: Dec | None = None
    action: str


class OrderEcho(RestModel):
    account_number: str | None = None
    time_in_force: str | None = None
    order_type: str | None = None
    size: Dec | None = None
    underlying_symbol: str | None = None
    status: str | None = None
    price: OptDec = None
    price_effect: str | None = None
    legs: list[PlacedLeg] = Field(default_factory=list)


# Dry-run warnings known to be informational: the order would still be accepted as it
# is. tastytrade's reference says a warning means the order would be rejected if
# submitted, so every code not listed here is treated as one that matters. The code is
# spelled as the API sends it (three s: Post_Order_Edit_Dry_Run_Response.json).
INFORMATIONAL_WARNINGS = frozenset({
    "tif_next_valid_sesssion",  # "Your order will begin working during next valid session."
})


class DryRunResult(RestModel):
    """The `data` of a dry-run. A 2xx answer may still carry `errors` (the order schema
    has them beside `warnings`): any error means the broker refused the order."""

    order: OrderEcho | None = None
    warnings: list[Message] = Field(default_factory=list)
    errors: list[Message] = Field(default_factory=list)
    buying_power_effect: BuyingPowerEffect | None = None
    fee_calculation: FeeCalculation | None = None

    @property
    def blocking_warnings(self) -> list[Message]:
        """Warnings not known to be informational."""
        return [w for w in self.warnings if w.code not in INFORMATIONAL_WARNINGS]
