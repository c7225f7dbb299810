"""searched-data carries the tradeable tickers of the account's phase, each graded like ES.

The phase comes from the demo account's net liq in pounds (a fixed rate here, so the
test does not depend on the /6B quote) against the configured bands.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal

import httpx
import pytest

from tests.cli.searched.test_searched import SEED_ES, SEED_OPTION, SEED_STRIKES

FIELDS = SEED_ES - {"strikes"}  # currentPrice, openPrice, high20d, rsi, atr, ivRank...


@pytest.fixture
def run(tk, pinned_sim, use_sim, monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    use_sim(pinned_sim)  # its clock stands still: quotes can be read again to compare
    monkeypatch.setenv("TASTYKING_GBP_USD_RATE", "1.25")

    def go(*args: str, **env: str) -> object:
        for key, value in env.items():
            monkeypatch.setenv(f"TASTYKING_{key.upper()}", value)
        return tk("searched-data", "--json", *args)

    return go


def _quote(server: object, kind: str, symbol: str) -> dict[str, str]:
    with httpx.Client(base_url=server.base_url, headers={"User-Agent": "t"}) as c:  # type: ignore[attr-defined]
        token = c.post("/oauth/token", json={"grant_type": "refresh_token",
                       "client_secret": "demo-secret", "refresh_token": "demo-refresh"})
        c.headers["Authorization"] = "Bearer " + token.json()["access_token"]
        items = c.get("/market-data/by-type", params={kind: symbol}).json()["data"]["items"]
    return dict(items[0])


def _net_liq_gbp(tk) -> Decimal:  # type: ignore[no-untyped-def]
    return Decimal(str(json.loads(tk("account", "--framework", "--json").out)["netLiq"]))


def test_the_phase_follows_net_liq_and_its_tickers_get_every_field(tk, run, pinned_sim) -> None:  # type: ignore[no-untyped-def]
    gbp = _net_liq_gbp(tk)  # the demo account: ~$250k / 1.25 = ~£200k
    # bands above it: phase 1, whose (configured) tickers are a future and an ETF
    r = run(phase_bands="[300000, 400000, 500000]", phase1_tickers='["/MCL", "QQQ"]',
            phase4_tickers='["/MGC"]')
    assert r.code == 0, r.err
    doc = r.json()
    phase = doc["metadata"]["phase"]
    assert phase["number"] == 1 and not phase["forced"] and phase["netLiqGBP"] == float(gbp)
    assert "below £300,000: phase 1" in phase["reason"]
    assert "MCL" in doc and "QQQ" in doc and "MGC" not in doc
    assert doc["QQQ"]["symbol"] == "QQQ" and doc["MCL"]["symbol"].startswith("/MCL")
    for key in ("MCL", "QQQ"):
        sec = doc[key]
        for field in FIELDS:
            # a number, never a stand-in 0 for "unknown" (the core reads 0 as missing)
            assert isinstance(sec[field], int | float), (key, field)
        assert 0 <= sec["ivRank"] <= 100 and 0 <= sec["ivPercentile"] <= 100
        wings = sec["strikes"]
        assert SEED_STRIKES <= set(wings)
        for side in ("call90DTE", "put90DTE"):
            assert SEED_OPTION <= set(wings[side]) and wings[side]["bid"] > 0
            assert abs(abs(wings[side]["delta"]) - 0.05) < 0.03
    # currentPrice is the last trade, openPrice the session's open (the core recomputes
    # every move as (currentPrice - openPrice) / openPrice)
    for key, kind in (("QQQ", "equity"), ("MCL", "future")):
        md = _quote(pinned_sim, kind, doc[key]["symbol"])
        assert doc[key]["currentPrice"] == float(md["last"]), key
        assert doc[key]["openPrice"] == float(md["open"]), key
    assert doc["QQQ"]["strikes"]["underlying"] == "QQQ"
    assert doc["QQQ"]["strikes"]["call90DTE"]["symbol"].startswith("QQQ ")
    # bands below it: phase 4
    r = run(phase_bands="[100000, 150000, 180000]", phase1_tickers='["/MCL", "QQQ"]',
            phase4_tickers='["/MGC"]')
    doc = r.json()
    assert doc["metadata"]["phase"]["number"] == 4 and "MGC" in doc and "MCL" not in doc


def test_phase_n_overrides_the_net_liq(run) -> None:  # type: ignore[no-untyped-def]
    r = run("--phase", "2", phase2_tickers='["/MGC"]', phase4_tickers='["/MCL"]')
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["metadata"]["phase"]["number"] == 2 and doc["metadata"]["phase"]["forced"]
    assert "MGC" in doc and "MCL" not in doc


def test_default_phase_lists_are_the_cores() -> None:
    from tastyking.config import PHASE_TICKERS, Settings

    s = Settings()
    assert [s.phase_list(n) for n in (1, 2, 3, 4)] == [list(PHASE_TICKERS[n]) for n in
                                                         (1, 2, 3, 4)]
    assert [t.lstrip("/") for t in s.phase1_tickers] == ["MCL", "MGC", "GLD", "TLT"]
    assert [t.lstrip("/") for t in s.phase2_tickers] == [
        "MCL", "MGC", "GLD", "TLT", "MES", "MNQ", "SLV", "XOP", "6A", "M6E"]
    assert len(s.phase3_tickers) == 15 and len(s.phase4_tickers) == 35
    assert s.phase_bands == [40000.0, 60000.0, 75000.0]


def test_the_table_shows_each_tickers_wings(tk, sim_server, use_sim, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server)
    monkeypatch.setenv("TASTYKING_PHASE1_TICKERS", '["/MCL", "QQQ"]')
    r = tk("searched-data", "--phase", "1")
    assert r.code == 0, r.err
    assert "Tradeable tickers: ~90 DTE 5-delta wings" in r.out
    wings = r.out[r.out.index("5-delta wings"):]
    for key in ("MCL", "QQQ"):
        assert key in wings


def test_without_the_api_the_phase_is_the_given_one_and_manual_values_fill_it(
        tk, api_down, tmp_path) -> None:  # type: ignore[no-untyped-def]
    manual = tmp_path / "m.json"
    manual.write_text(json.dumps({"VIX": {"currentLevel": 18}, "GLD": {"currentPrice": 245.5},
                                  "6E": {"currentPrice": 1.08}}))
    r = tk("searched-data", "--json", "--phase", "1", "--manual-file", str(manual))
    assert r.code == 6
    doc = r.json()
    assert [k for k in ("MCL", "MGC", "GLD", "TLT", "6E") if k in doc] == [
        "MCL", "MGC", "GLD", "TLT"]  # phase 1's tickers; 6E is phase 3's
    assert doc["GLD"]["currentPrice"] == 245.5
    assert doc["metadata"]["sources"]["GLD.currentPrice"] == "manual"
    assert doc["MCL"]["currentPrice"] is None and "6E.currentPrice" in r.err


def test_the_demo_book_is_phase_4_by_its_net_liq_at_the_6b_rate(tk, pinned_sim, use_sim) -> None:  # type: ignore[no-untyped-def]
    """No configured rate: the British pound future's price converts the USD net liq."""
    from tastyking.config import Settings
    from tastyking.services.framework.phases import phase_number

    # pinned: the /6B quote is read again after the command, so the clock must not move
    use_sim(pinned_sim)
    status = json.loads(tk("account", "--framework", "--json").out, parse_float=Decimal)
    rate = status["metadata"]["gbpRate"]
    assert rate["source"] == "api" and rate["symbol"].startswith("/6B") and rate["at"]
    assert rate["usdPerGbp"] == Decimal(_quote(pinned_sim, "future", rate["symbol"])["last"])
    usd = status["metadata"]["accountCurrencyValues"]["netLiq"]
    assert status["netLiq"] == (usd / rate["usdPerGbp"]).quantize(Decimal("0.01"))
    phase = phase_number(status["netLiq"], [40000, 60000, 75000])
    assert phase == 4 and status["metadata"]["phase"]["number"] == 4

    r = tk("searched-data", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["metadata"]["phase"]["number"] == 4
    wanted = [t.lstrip("/") for t in Settings().phase4_tickers if t.lstrip("/") not in
              ("ES", "SPY")]  # the core sections carry those two
    assert [k for k in doc if k in wanted] == wanted and len(wanted) == 33
    for key in wanted:
        for field in FIELDS:
            assert isinstance(doc[key][field], int | float), (key, field)
        for side in ("call90DTE", "put90DTE"):  # a far wing may really be bid 0 (6J)
            assert doc[key]["strikes"][side]["bid"] >= 0, key
