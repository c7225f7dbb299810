"""`/margin/accounts/{n}/requirements`: the recorded shape, and figures that agree with the
balances endpoint."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import FIXTURES

MAIN, IRA = "5WT00001", "5WT00002"


def _recorded() -> Any:
    return json.loads((FIXTURES / "Get_Margin_Requirements.json").read_text())["data"]


def _keys_and_types(recorded: dict[str, Any], row: dict[str, Any]) -> None:
    for key, value in recorded.items():
        assert key in row, key
        if key not in ("groups", "position-entries"):
            assert type(row[key]) is type(value), (key, row[key], value)


def test_requirements_are_the_recorded_shape(client) -> None:
    recorded = _recorded()
    data = client.get(f"/margin/accounts/{MAIN}/requirements").json()["data"]
    _keys_and_types(recorded, data)
    assert data["groups"]
    for group in data["groups"]:
        _keys_and_types(recorded["groups"][0], group)
        for sub in group["groups"]:
            _keys_and_types(recorded["groups"][0]["groups"][0], sub)
            for entry in sub["position-entries"]:
                want = (recorded["groups"][1]["groups"][0]["position-entries"][0]
                        if entry["instrument-type"].endswith("Option")
                        else recorded["groups"][0]["groups"][0]["position-entries"][0])
                _keys_and_types(want, entry)


def test_every_position_is_in_one_group_and_totals_match_balances(client) -> None:
    for acct in (MAIN, IRA):
        data = client.get(f"/margin/accounts/{acct}/requirements").json()["data"]
        balances = client.get(f"/accounts/{acct}/balances").json()["data"]
        positions = client.get(f"/accounts/{acct}/positions").json()["data"]["items"]
        entries = [e["instrument-symbol"] for g in data["groups"] for s in g["groups"]
                   for e in s["position-entries"]]
        assert sorted(entries) == sorted(p["symbol"] for p in positions)
        assert data["margin-requirement"] == balances["reg-t-margin-requirement"]
        assert data["maintenance-requirement"] == balances["maintenance-requirement"]
        assert data["margin-equity"] == balances["net-liquidating-value"]
        total = sum(float(g["margin-requirement"]) for g in data["groups"])
        assert abs(total - float(data["margin-requirement"])) < 0.05


def test_structures_are_named(client) -> None:
    data = client.get(f"/margin/accounts/{MAIN}/requirements").json()["data"]
    kinds = {s["description"] for g in data["groups"] for s in g["groups"]}
    assert {"STRANGLE", "SPREAD", "LONG_UNDERLYING", "FUTURE"} <= kinds
    assert client.get("/margin/accounts/5WT99999/requirements").status_code == 403
