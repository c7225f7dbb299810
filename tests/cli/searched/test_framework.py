"""`account --framework` end to end: CLI -> services -> client -> simulator over loopback."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from tastyking.domain.calendar import NY
from tastyking.services.framework.phases import phase_number
from tastyking.services.searched import build as svc
from tests.cli.terminal import answer_prompts, on_terminal
from tests.services.test_framework_status import CORE_RE

KEYS = {"netLiq", "buyingPower", "bpUsedPercent", "cashBalance", "positions", "canTrade",
        "dayOfWeek", "dateStr", "timeStr", "vixLevel", "portfolioMargin", "monthPL",
        "positionsText", "metadata"}
POSITION = {"ticker", "strategy", "dte", "entry", "pl", "bpUsed", "entryWeek"}
THURSDAY = datetime(2026, 11, 19, 15, 30, tzinfo=UTC)  # 10:30 AM in New York


@pytest.fixture(scope="module")
def sim() -> Iterator[object]:
    from tastyking.sim.server import SimConfig, SimServer

    server = SimServer(SimConfig(journal=False, clock=lambda: THURSDAY)).start()
    yield server
    server.stop()


@pytest.fixture
def on_sim(sim, use_sim, monkeypatch: pytest.MonkeyPatch) -> object:  # type: ignore[no-untyped-def]
    use_sim(sim)
    monkeypatch.setattr(svc, "clock", lambda: THURSDAY)
    monkeypatch.setenv("TASTYKING_GBP_USD_RATE", "1.25")
    return sim


def _vix(server: object) -> Decimal:
    with httpx.Client(base_url=server.base_url, headers={"User-Agent": "t"}) as c:  # type: ignore[attr-defined]
        token = c.post("/oauth/token", json={"grant_type": "refresh_token",
                       "client_secret": "demo-secret", "refresh_token": "demo-refresh"})
        c.headers["Authorization"] = "Bearer " + token.json()["access_token"]
        item = c.get("/market-data/by-type", params={"index": "VIX"}).json()["data"]["items"][0]
    return Decimal(item["last"])


def test_json_has_the_cores_keys_in_pounds_with_the_phase(tk, on_sim) -> None:  # type: ignore[no-untyped-def]
    r = tk("account", "--framework", "--json")
    assert r.code == 0, r.err  # every value known: nothing missing
    doc = json.loads(r.out, parse_float=Decimal)
    assert set(doc) == KEYS
    meta = doc["metadata"]
    usd = meta["accountCurrencyValues"]
    assert meta["accountCurrency"] == "USD" and meta["currency"] == "GBP"
    assert meta["gbpRate"]["usdPerGbp"] == Decimal("1.25")
    assert meta["gbpRate"]["source"] == "config"
    assert doc["netLiq"] == (usd["netLiq"] / Decimal("1.25")).quantize(Decimal("0.01"))
    assert doc["buyingPower"] == (usd["buyingPower"] / Decimal("1.25")).quantize(
        Decimal("0.01"))
    phase = phase_number(doc["netLiq"], [40000, 60000, 75000])
    assert meta["phase"]["number"] == phase and f"phase {phase}" in meta["phase"]["reason"]
    assert meta["phase"]["netLiq"] == usd["netLiq"]
    # the simulator's demo account holds ~$250k: phase 4 by its net liq
    assert phase == 4
    assert (doc["dayOfWeek"], doc["dateStr"], doc["timeStr"]) == (
        "Thursday", "11/19/2026", "10:30 AM")
    assert doc["vixLevel"] == _vix(on_sim)
    assert doc["canTrade"] is True and doc["portfolioMargin"] is False
    assert 0 < doc["bpUsedPercent"] < 100
    assert isinstance(doc["positions"], list) and doc["positions"]
    for p in doc["positions"]:
        assert set(p) == POSITION
        assert p["ticker"] == p["ticker"].upper() and "/" not in p["ticker"]
        assert isinstance(p["dte"], int) and isinstance(p["pl"], int) and p["entry"] > 0
        assert 0 < p["bpUsed"] < 100  # percent of net liq
    # the text is the array, as the core's regex reads it
    parsed = [m.groups() for m in CORE_RE.finditer(doc["positionsText"])]
    assert [(t, s, int(d), Decimal(e), int(pl)) for t, s, d, e, pl in parsed] == [
        (p["ticker"], p["strategy"], p["dte"], p["entry"], p["pl"]) for p in doc["positions"]]
    assert "IWM" in meta["holdings"]  # 100 shares: a holding, not a strategy group
    # month P/L: net liq change since the month's start less this month's deposits
    month = meta["monthPL"]
    cent = Decimal("0.01")
    assert usd["monthPL"] == (month["nowValue"] - month["startValue"]
                              - month["depositsLessWithdrawals"]).quantize(cent)
    assert doc["monthPL"] == (usd["monthPL"] / Decimal("1.25")).quantize(cent)
    assert month["startTime"] < month["monthStart"] and meta["missing"] == {}


def test_line_is_the_cores_manual_format(tk, on_sim) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(tk("account", "--framework", "--json").out, parse_float=Decimal)
    r = tk("account", "--line")
    assert r.code == 0, r.err
    line = r.out.strip()
    assert "\n" not in line
    parts = [p.strip() for p in line.split("|")]
    assert len(parts) == 7 and parts[6] == f"£{round(doc['monthPL'])}".replace("£-", "-£")
    assert parts[0] == f"£{round(doc['netLiq'])}"
    assert parts[1] == doc["positionsText"]
    assert Decimal(parts[2].rstrip("%")) == doc["bpUsedPercent"]
    assert parts[3] == "Thursday Nov 19 10:30 AM EST"
    assert parts[4] == f"VIX {doc['vixLevel']}" and parts[5] == "No"
    assert re.fullmatch(r"£\d+", parts[0])


def test_table_by_default(tk, on_sim) -> None:  # type: ignore[no-untyped-def]
    r = tk("account", "--framework")
    assert r.code in (0, 6), r.err
    for text in ("Net liq", "£", "USD", "Phase", "phase 4", "Strategy groups", "STRANGLE"):
        assert text in r.out


def test_api_down_in_cron_uses_the_manual_file_marked_manual(tk, api_down, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    manual = tmp_path / "m.json"
    manual.write_text(json.dumps({"netLiq": 75000, "bpUsedPercent": 32, "vixLevel": 15.2,
                                  "positionsText": "ES LT112 (85 DTE, 6420, +5%)",
                                  "portfolioMargin": False, "monthPL": 2450}))
    r = tk("account", "--framework", "--json", "--manual-file", str(manual))
    assert r.code == 6  # buying power, cash and canTrade stay unknown: nothing invented
    doc = r.json()
    src = doc["metadata"]["sources"]
    assert doc["netLiq"] == 75000 and src["netLiq"] == "manual"
    assert doc["positions"] == [{"ticker": "ES", "strategy": "LT112", "dte": 85,
                                 "entry": 6420.0, "pl": 5, "bpUsed": None, "entryWeek": 1}]
    assert doc["buyingPower"] is None and src["buyingPower"] == "missing"
    assert doc["canTrade"] is None and doc["metadata"]["manualEntry"] == f"file {manual}"
    now = datetime.now(UTC).astimezone(NY)
    assert doc["dayOfWeek"] == f"{now:%A}" and src["dayOfWeek"] == "local"
    r = tk("account", "--line", "--manual-file", str(manual))
    assert r.out.startswith("£75000 | ES LT112 (85 DTE, 6420, +5%) | 32% | ")
    assert r.out.strip().endswith("| VIX 15.2 | No | £2450")


def test_api_down_without_values_exits_5_and_a_bad_file_exits_2(tk, api_down, tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = tk("account", "--framework", "--json")  # no terminal: nothing to ask, nothing made up
    assert r.code == 5 and r.out == ""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"vixLevel": 500}))
    r = tk("account", "--framework", "--manual-file", str(bad))
    assert r.code == 2 and "vixLevel" in r.err and r.err.count("\n") == 1


def test_terminal_prompt_asks_for_net_liq_bp_and_positions(api_down) -> None:  # type: ignore[no-untyped-def]
    proc, master = on_terminal("account", "--framework", "--json")
    try:
        answer_prompts(master, b"could not get everything", (
            (b"net liq): ", b"52,000"), (b"percent: ", b"41"),
            (b"or none: ", b"MCL strangle"),  # unreadable: asked again
            (b"cannot read", b"MCL STRANGLE (88 DTE, 2.80, +12%)"),
            (b"VIX level: ", b"18.5"), (b"(yes/no): ", b"no"), (b"pounds: ", b"")))
        stdout, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert proc.returncode == 6
    doc = json.loads(stdout)
    assert doc["netLiq"] == 52000 and doc["bpUsedPercent"] == 41 and doc["vixLevel"] == 18.5
    assert doc["positions"][0]["ticker"] == "MCL" and doc["positions"][0]["pl"] == 12
    assert doc["monthPL"] is None and doc["metadata"]["manualEntry"] == "prompt"
    assert doc["metadata"]["sources"]["positionsText"] == "manual"
