"""Every recorded tastytrade payload parses into our models."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tastyking.errors import ApiError
from tastyking.models.account import Balances
from tastyking.models.market import QuoteToken
from tastyking.models.orders import DryRunResult
from tastyking.models.positions import Position
from tests.conftest import FIXTURES


def load(name: str) -> object:
    return json.loads((FIXTURES / name).read_text())


def test_every_recorded_file_is_covered() -> None:
    covered = {
        "Get_Account_Balance.json", "Get_Positions.json", "Get_Api_Quote_Token.json",
        "Post_Submit_Order_Response.json", "Error_Responses.json",
        "Create_Session_Response.json", "Create_Session_Error_Response.json",
    }
    assert {p.name for p in FIXTURES.glob("*.json")} == covered


def test_balances_parse_with_decimals_from_strings() -> None:
    b = Balances.model_validate(load("Get_Account_Balance.json")["data"])  # type: ignore[index]
    assert b.account_number == "5WZ81257"
    assert b.net_liquidating_value == Decimal("0.0")
    assert b.pending_cash_effect == "None"


def test_positions_parse_mixed_number_types() -> None:
    items = load("Get_Positions.json")["data"]["items"]  # type: ignore[index]
    positions = [Position.model_validate(i) for i in items]
    by_symbol = {p.symbol: p for p in positions}
    # quantity 1 vs 742 (numbers), multiplier 1 vs "1.0" (number vs string)
    assert by_symbol["AAPL"].quantity == 1 and by_symbol["AAPL"].multiplier == 1
    tqqq = by_symbol["TQQQ"]
    assert tqqq.quantity == 742 and tqqq.multiplier == Decimal("1.0")
    assert tqqq.average_open_price == Decimal("52.73")
    assert all(p.signed_quantity > 0 for p in positions)


def test_quote_token_parses_and_hides_the_token() -> None:
    qt = QuoteToken.model_validate(load("Get_Api_Quote_Token.json")["data"])  # type: ignore[index]
    assert qt.dxlink_url.startswith("wss://") and qt.level == "demo"
    assert qt.token not in repr(qt)


def test_order_response_parses_as_dry_run_result() -> None:
    r = DryRunResult.model_validate(load("Post_Submit_Order_Response.json")["data"])  # type: ignore[index]
    assert r.order is not None and r.order.legs[0].action == "Buy to Open"
    assert r.buying_power_effect is not None
    assert r.buying_power_effect.change_in_buying_power == Decimal("1.001")
    assert r.buying_power_effect.change_in_buying_power_effect == "Debit"
    assert r.fee_calculation is not None and r.fee_calculation.total_fees is not None


@pytest.mark.parametrize("index,code", [(0, "not_permitted"), (1, "invalid_credentials"),
                                        (2, "preflight_check_failure")])
def test_error_envelopes_become_typed_errors(index: int, code: str) -> None:
    import httpx

    from tastyking.api.client import _unwrap

    body = load("Error_Responses.json")[index]  # type: ignore[index]
    resp = httpx.Response(422 if index == 2 else 403, json=body)
    with pytest.raises(ApiError) as info:
        _unwrap(resp, "/x")
    assert info.value.code == code
    if index == 2:
        assert info.value.reasons == [
            "gtc_market_orders_not_supported: GTC/GTD Market orders are not supported."]


def test_legacy_session_payloads_parse_as_json_envelopes() -> None:
    ok = load("Create_Session_Response.json")
    bad = load("Create_Session_Error_Response.json")
    assert "session-token" in ok["data"]  # type: ignore[index,operator]
    assert bad["error"]["code"] == "invalid_credentials"  # type: ignore[index]
