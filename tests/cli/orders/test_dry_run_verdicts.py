"""What a 2xx dry-run means: errors reject it, warnings that are not informational keep it
from being accepted. Built on the recorded dry-run payloads, then end to end through the
simulator's dry-run faults (a 201 that carries `errors` or a non-informational warning)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tastyking.models.orders import INFORMATIONAL_WARNINGS, DryRunResult
from tastyking.services.orders.review import answered, notices
from tests.conftest import FIXTURES


def recorded(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())  # type: ignore[no-any-return]


def test_a_clean_recorded_dry_run_is_accepted() -> None:
    dry = DryRunResult.model_validate(recorded("Post_Dry_Run_Response.json")["data"])
    assert dry.errors == [] and dry.warnings == []
    assert answered("5WT00001", dry).status == "accepted"


def test_the_recorded_next_session_warning_is_informational() -> None:
    dry = DryRunResult.model_validate(recorded("Post_Order_Edit_Dry_Run_Response.json")["data"])
    assert [w.code for w in dry.warnings] == ["tif_next_valid_sesssion"]  # three s, as sent
    assert "tif_next_valid_sesssion" in INFORMATIONAL_WARNINGS
    assert answered("5WT00001", dry).status == "accepted"
    assert [n.informational for n in notices(dry)] == [True]


def test_a_2xx_dry_run_with_errors_is_a_rejection() -> None:
    data = recorded("Post_Dry_Run_Response.json")["data"]
    # the broker's own preflight errors, as recorded in a failed dry-run
    data["errors"] = recorded("Post_Dry_Run_Error_Response.json")["error"]["errors"]
    outcome = answered("5WT00001", DryRunResult.model_validate(data))
    assert outcome.status == "rejected"
    assert [(e.code, e.message) for e in outcome.errors] == [(
        "margin_check_failed",
        "Account does not have sufficient buying power available for this order.")]


def test_any_other_warning_is_accepted_with_warnings() -> None:
    data = recorded("Post_Order_Edit_Dry_Run_Response.json")["data"]
    data["warnings"].append({"code": "price_far_from_market",
                             "message": "The price is far from the market."})
    dry = DryRunResult.model_validate(data)
    assert answered("5WT00001", dry).status == "accepted_with_warnings"
    assert [n.informational for n in notices(dry)] == [True, False]


# ----- end to end -----------------------------------------------------------------------


@pytest.fixture
def faulted(pinned_sim, use_sim) -> Iterator[Any]:
    """The shared pinned simulator, with any fault a test adds removed afterwards."""
    use_sim(pinned_sim)
    before = list(pinned_sim.state.faults)
    yield pinned_sim
    pinned_sim.state.faults[:] = before


def _fault(server: Any, flag: str) -> None:
    from tastyking.sim.faults import parse_fault

    server.state.faults.append(parse_fault(f"path=/accounts/*/orders/dry-run,{flag}"))


ORDER = ("prepare-order", "vertical", "SPY", "--type", "put", "--side", "sell",
         "--delta", "0.3", "--width", "5")


def test_dry_run_errors_exit_4_with_the_brokers_codes_and_no_file(tk, faulted,
                                                                  tmp_path: Path) -> None:
    _fault(faulted, "dry_run_errors")
    target = tmp_path / "order.json"
    r = tk(*ORDER, "--json", "--out", str(target))
    assert r.code == 4, r.err
    assert "sim_injected_error" in r.err and "not written" in r.err
    assert not target.exists()
    doc = json.loads(r.out, parse_float=Decimal)
    assert doc["dry_run"] == "rejected" and doc["broker_validated"] is False
    assert [e["code"] for e in doc["review"]["errors"]] == ["sim_injected_error"]


def test_a_warning_that_is_not_informational_exits_6_and_says_so(tk, faulted,
                                                                 tmp_path: Path) -> None:
    _fault(faulted, "dry_run_warnings")
    target = tmp_path / "order.json"
    r = tk(*ORDER, "--json", "--out", str(target))
    assert r.code == 6, r.err
    assert "sim_injected_warning" in r.err and "would be rejected" in r.err
    doc = json.loads(target.read_text(), parse_float=Decimal)
    assert doc == json.loads(r.out, parse_float=Decimal)
    assert doc["dry_run"] == "accepted_with_warnings" and doc["broker_validated"] is False
    blocking = [w for w in doc["review"]["warnings"] if not w["informational"]]
    assert [w["code"] for w in blocking] == ["sim_injected_warning"]

    _fault(faulted, "dry_run_warnings")
    table = tk(*ORDER)
    assert table.code == 6
    assert "ACCEPTED WITH WARNINGS" in table.out and "accepted\n" not in table.out
