"""`searched-data` end to end: CLI → services → client → simulator over loopback.

Most runs use one simulator whose clock (and the command's clock) is pinned, so
values, market status and the 5-delta pick are reproducible on any day.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from tastyking.domain.regimes import vix_regime
from tastyking.services.searched import build as svc

# The keys the framework seed's MarketDataCollector produces (getESData & co.).
SEED_ES = {"currentPrice", "openPrice", "previousClose", "dayHigh", "dayLow", "dayChange",
           "dayChangePercent", "bid", "ask", "volume", "high5d", "low5d", "high20d", "low20d",
           "atr", "rsi", "ema8", "ema21", "vwap", "iv", "ivRank", "ivPercentile", "strikes"}
SEED_SPY = {"currentPrice", "openPrice", "dayHigh", "dayLow", "dayChange", "dayChangePercent",
            "bid", "ask", "volume", "high20d", "low20d", "atr", "rsi", "ema8", "ema21", "vwap",
            "ivRank", "ivPercentile"}
SEED_VIX = {"currentLevel", "dayChange", "dayChangePercent", "dayHigh", "dayLow", "avg20d",
            "trend", "regime"}
SEED_DXY = {"currentLevel", "dayChange", "dayChangePercent", "trend"}
SEED_TIME = {"currentEST", "currentUK", "marketStatus"}
SEED_STRIKES = {"expiration", "dte", "atmStrike", "call90DTE", "put90DTE"}
SEED_OPTION = {"strike", "bid", "ask", "delta", "iv"}
# Every tradeable ticker is graded like ES: the same fields (issue 10).
SEED_PHASE = SEED_ES

MONDAY_11 = "2026-11-23T11:00:00-05:00"


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def micro_futures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixed tradeable tickers for these tests (the phase's own lists: tests/cli/
    test_searched_phase.py)."""
    monkeypatch.setenv("TASTYKING_PHASE_TICKERS", '["/MCL", "/MGC"]')


@pytest.fixture(scope="module")
def pinned() -> Iterator[tuple[object, dict[str, datetime]]]:
    from tastyking.sim.server import SimConfig, SimServer

    clock = {"now": datetime.fromisoformat(MONDAY_11).astimezone(UTC)}
    server = SimServer(SimConfig(journal=False, clock=lambda: clock["now"])).start()
    yield server, clock
    server.stop()


@pytest.fixture
def at(pinned, use_sim, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], object]:  # type: ignore[no-untyped-def]
    """Pin the simulator's and the command's clocks to one instant; returns the server."""
    server, clock = pinned
    use_sim(server)

    def set_time(iso: str) -> object:
        now = datetime.fromisoformat(iso).astimezone(UTC)
        clock["now"] = now
        monkeypatch.setattr(svc, "clock", lambda: now)
        return server

    return set_time


def _faults(server: object, *faults: dict[str, object]) -> None:
    r = httpx.post(f"{server.base_url}/_sim/faults", json=list(faults))  # type: ignore[attr-defined]
    assert r.status_code == 200, r.text


def _manual(tmp_path: Path, body: dict[str, object]) -> str:
    p = tmp_path / "manual.json"
    p.write_text(json.dumps(body))
    return str(p)


# ----------------------------------------------------------------------------- the document


def test_document_keeps_the_seed_shape_with_real_values(tk, at) -> None:  # type: ignore[no-untyped-def]
    at(MONDAY_11)
    r = tk("searched-data", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert list(doc)[:7] == ["timestamp", "source", "ES", "SPY", "VIX", "DXY", "TIME"]
    assert set(doc) == {"timestamp", "source", "ES", "SPY", "VIX", "DXY", "TIME", "MCL", "MGC",
                        "metadata"}
    assert doc["timestamp"] == "2026-11-23T16:00:00.000Z" and doc["source"] == "TastyTrade_API"
    es, spy, vix, dxy = doc["ES"], doc["SPY"], doc["VIX"], doc["DXY"]
    assert SEED_ES <= set(es) and SEED_SPY <= set(spy)
    assert SEED_VIX <= set(vix) and SEED_DXY <= set(dxy) and SEED_TIME <= set(doc["TIME"])
    assert SEED_STRIKES <= set(es["strikes"])
    assert SEED_OPTION <= set(es["strikes"]["call90DTE"]) <= set(es["strikes"]["put90DTE"])
    assert SEED_PHASE <= set(doc["MCL"]) and SEED_PHASE <= set(doc["MGC"])
    # every value is real: numbers (not the seed's toFixed strings), nothing missing
    meta = doc["metadata"]
    assert meta["complete"] is True and meta["missing"] == {} and meta["failures"] == []
    for section, keys in (("ES", SEED_ES - {"strikes"}), ("SPY", SEED_SPY),
                          ("MCL", SEED_PHASE - {"strikes"}), ("MGC", SEED_PHASE - {"strikes"})):
        for k in keys:
            assert isinstance(doc[section][k], int | float), (section, k)
            assert meta["sources"][f"{section}.{k}"] == "api"
    assert es["symbol"] == "/ESZ6" and dxy["symbol"] == "/DXZ6"
    assert doc["MCL"]["symbol"].startswith("/MCL") and doc["MGC"]["symbol"].startswith("/MGC")
    for key in ("MCL", "MGC"):  # the tradeable tickers' own ~90 DTE 5-delta wings
        wings = doc[key]["strikes"]
        assert SEED_STRIKES <= set(wings) and abs(wings["dte"] - 90) <= 20
        assert 0 < wings["call90DTE"]["delta"] < 0.1 and -0.1 < wings["put90DTE"]["delta"] < 0
        assert wings["put90DTE"]["strike"] < doc[key]["currentPrice"] < wings["call90DTE"][
            "strike"]
    # The framework's day change is last - open (ES, SPY, DXY, the phase tickers; VIX:
    # prev-close), exactly; the prev-close versions sit under their own keys.
    def change(sec: dict[str, Any], price: str, base: str) -> tuple[Decimal, Decimal]:
        move = Decimal(str(sec[price])) - Decimal(str(sec[base]))
        return move, (move / Decimal(str(sec[base])) * 100).quantize(Decimal("0.01"))

    for sec, price in ((es, "currentPrice"), (spy, "currentPrice"), (dxy, "currentLevel"),
                       (doc["MCL"], "currentPrice"), (doc["MGC"], "currentPrice")):
        framework = (Decimal(str(sec["dayChange"])), Decimal(str(sec["dayChangePercent"])))
        assert framework == change(sec, price, "openPrice")
        usual = (Decimal(str(sec["dayChangeFromClose"])),
                 Decimal(str(sec["dayChangePercentFromClose"])))
        assert usual == change(sec, price, "previousClose")
    assert (Decimal(str(vix["dayChange"])), Decimal(str(vix["dayChangePercent"]))) == change(
        vix, "currentLevel", "previousClose")
    assert vix["regime"] == vix_regime(vix["currentLevel"])
    assert vix["trend"] == ("RISING" if vix["currentLevel"] > vix["avg20d"] else "FALLING")
    assert dxy["trend"] == ("STRENGTHENING" if dxy["currentLevel"] > dxy["openPrice"]
                            else "WEAKENING")
    assert dxy["trend20d"] == ("STRENGTHENING" if dxy["currentLevel"] > dxy["avg20d"]
                               else "WEAKENING")
    # IV in percent (the API's fractions x 100), rank 0-100
    assert 5 < es["iv"] < 80 and 0 <= es["ivRank"] <= 100 and 0 <= spy["ivPercentile"] <= 100
    assert es["low5d"] <= es["high5d"] <= es["high20d"] and es["low20d"] <= es["low5d"]
    assert 0 <= es["rsi"] <= 100 and es["atr"] > 0
    # metadata says what DXY is, the periods and the units
    assert "/DXZ6" in meta["substitutions"]["DXY"] and "DXY" in meta["substitutions"]["DXY"]
    assert meta["indicators"]["periods"] == {"atr": 14, "rsi": 14, "ema8": 8, "ema21": 21,
                                             "high5d": 5, "low5d": 5, "high20d": 20,
                                             "low20d": 20, "avg20d": 20}
    assert "percent" in meta["units"]["iv"] and meta["ivRankField"]["ES"].startswith("tw-")
    assert meta["indicators"]["bars"]["ES"] >= 60
    assert meta["marketStatusSource"].startswith("api")


def test_strikes_are_the_90_dte_expiration_at_5_delta(tk, at) -> None:  # type: ignore[no-untyped-def]
    server = at(MONDAY_11)
    doc = tk("searched-data", "--json").json()
    s = doc["ES"]["strikes"]
    from tastyking.sim.market.symbols import future_option

    market = server.state.market  # type: ignore[attr-defined]
    expiries = [e for e in market.chain("ES").expiries
                if e.expiration.isoformat() == s["expiration"]]
    # no listed expiration is nearer 90 DTE than the one chosen
    today = datetime.fromisoformat(MONDAY_11).date()
    all_dtes = {(e.expiration - today).days for e in market.chain("ES").expiries}
    assert s["dte"] == min(all_dtes, key=lambda d: (abs(d - 90), -d))
    assert expiries and s["underlying"] == expiries[0].fop.underlying.symbol
    # the oracle: every strike's delta straight from the sim's model
    calls, puts = {}, {}
    for e in expiries:
        for k in e.strikes:
            calls[k] = market.snapshot(future_option("ES", e, "C", k).symbol).delta
            puts[k] = market.snapshot(future_option("ES", e, "P", k).symbol).delta
    best_call = min(calls, key=lambda k: (abs(calls[k] - 0.05), -k))
    best_put = min(puts, key=lambda k: (abs(abs(puts[k]) - 0.05), k))
    call, put = s["call90DTE"], s["put90DTE"]
    assert call["strike"] == best_call and put["strike"] == best_put
    assert math.isclose(call["delta"], calls[best_call], abs_tol=1e-6)
    assert 0.02 < call["delta"] < 0.08 and -0.08 < put["delta"] < -0.02
    assert put["strike"] < s["atmStrike"] < call["strike"]
    assert 0 < call["bid"] < call["ask"] and 0 < put["bid"] < put["ask"]
    assert 5 < put["iv"] < 80  # percent


def test_default_output_is_a_readable_summary_of_the_same_data(tk, at) -> None:  # type: ignore[no-untyped-def]
    at(MONDAY_11)
    doc = tk("searched-data", "--json").json()
    r = tk("searched-data")
    assert r.code == 0, r.err
    assert not r.out.lstrip().startswith("{")
    for text in (f"{doc['ES']['currentPrice']:,.2f}", f"{doc['VIX']['currentLevel']:.2f}",
                 doc["VIX"]["regime"], doc["TIME"]["marketStatus"], "/DXZ6",
                 f"{doc['ES']['strikes']['call90DTE']['strike']:,.2f}"):
        assert text in r.out, text


# ----------------------------------------------------------------------------- market status


@pytest.mark.parametrize(("when", "status", "opens", "closes", "early"), [
    ("2026-11-26T12:00:00-05:00", "CLOSED_HOLIDAY", None, None, False),  # Thanksgiving
    ("2026-11-27T11:00:00-05:00", "OPEN", "09:30", "13:00", True),  # half day
    ("2026-11-27T14:30:00-05:00", "AFTER_HOURS", "09:30", "13:00", True),
    ("2026-11-21T12:00:00-05:00", "CLOSED_WEEKEND", None, None, False),  # Saturday
    ("2026-11-23T08:00:00-05:00", "PRE_MARKET", "09:30", "16:00", False),
    ("2026-11-23T17:30:00-05:00", "AFTER_HOURS", "09:30", "16:00", False),
    ("2026-11-24T02:00:00-05:00", "CLOSED", "09:30", "16:00", False),
])
def test_market_status_comes_from_the_sessions_api(tk, at, when, status, opens, closes,  # type: ignore[no-untyped-def]
                                                   early) -> None:
    at(when)
    r = tk("searched-data", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    t = doc["TIME"]
    assert (t["marketStatus"], t["sessionOpen"], t["sessionClose"], t["earlyClose"]) == (
        status, opens, closes, early)
    local = datetime.fromisoformat(when)
    # h:mm AM/PM, no seconds: the core's /(\d{1,2}):(\d{2})\s*(AM|PM)?/ then keeps AM/PM
    assert t["currentEST"] == f"{local.hour % 12 or 12}:{local:%M} {local:%p}"
    uk = (local.hour + 5) % 24  # GMT in November
    assert t["currentUK"] == f"{uk % 12 or 12}:{local:%M} {'AM' if uk < 12 else 'PM'}"
    m = re.match(r"(\d{1,2}):(\d{2})\s*(AM|PM)?", t["currentEST"])
    assert m is not None and m.group(3) == local.strftime("%p")
    assert doc["metadata"]["sources"]["TIME.marketStatus"] == "api"
    assert doc["metadata"]["complete"] is True  # no session today is not "missing"


def test_market_status_falls_back_to_the_local_rule_and_says_so(tk, fresh_sim, use_sim,  # type: ignore[no-untyped-def]
                                                                monkeypatch) -> None:
    use_sim(fresh_sim)
    monkeypatch.setenv("TASTYKING_MAX_RETRIES", "0")
    _faults(fresh_sim, {"path": "/market-time/*", "status": 503, "count": 0})
    r = tk("searched-data", "--json")
    assert r.code == 6
    doc = r.json()
    meta = doc["metadata"]
    assert meta["sources"]["TIME.marketStatus"] == "local"
    assert meta["marketStatusSource"].startswith("local rule")
    assert "no holidays" in meta["marketStatusSource"]
    assert any(f["step"].startswith("market status") for f in meta["failures"])
    assert doc["ES"]["currentPrice"] is not None


# ----------------------------------------------------------------------------- speed


def test_fetches_concurrently_at_injected_latency(tk, use_sim) -> None:  # type: ignore[no-untyped-def]
    from tastyking.sim.server import SimConfig, SimServer

    latency = 0.4
    with SimServer(SimConfig(journal=False, latency_ms=int(latency * 1000))) as server:
        use_sim(server)
        server.state.book  # type: ignore[attr-defined]  # noqa: B018
        r = tk("searched-data", "--json")
        journal = list(server.state.journal)  # type: ignore[attr-defined]
    assert r.code == 0, r.err
    paths = [e["path"] for e in journal]
    n = len(paths)
    # token, 8 independent calls (3 option chains: /ES, /MCL, /MGC), one quote call,
    # the option wings of all three chains together (<= 100 a call)
    assert n <= 15, paths
    assert paths.count("/market-metrics") == 1 and paths.count("/api-quote-tokens") == 1
    assert paths.count("/instruments/futures") == 1
    assert 4 <= paths.count("/market-data/by-type") <= 6
    # Concurrency by the requests' own spans, not by a stopwatch a loaded machine can
    # stretch: the longest chain of requests each sent after the previous one answered
    # is four or five round trips (token, the independent calls, quotes, wings), not n.
    spans = sorted((e["done"] - e["ms"] / 1000, e["done"]) for e in journal)
    depth = [1] * n
    for j, (start, _) in enumerate(spans):
        depth[j] += max([depth[i] for i in range(j) if spans[i][1] <= start], default=0)
    assert max(depth) <= 5, (max(depth), paths)


# ----------------------------------------------------------------------------- partial data


def test_a_failing_call_leaves_its_values_missing_exit_6(tk, fresh_sim, use_sim,  # type: ignore[no-untyped-def]
                                                         monkeypatch, tmp_path) -> None:
    use_sim(fresh_sim)
    monkeypatch.setenv("TASTYKING_MAX_RETRIES", "0")
    _faults(fresh_sim, {"path": "/market-metrics", "status": 500, "count": 0})
    out = tmp_path / "snap.json"
    r = tk("searched-data", "--json", "--out", str(out))
    assert r.code == 6
    assert "partial data" in r.err and "market-metrics" in r.err
    doc = r.json()
    assert json.loads(out.read_text()) == doc  # still written, the same document
    meta = doc["metadata"]
    for path in ("ES.iv", "ES.ivRank", "ES.ivPercentile", "SPY.ivRank", "MCL.iv", "MGC.ivRank"):
        section, name = path.split(".")
        assert doc[section][name] is None
        assert meta["sources"][path] == "missing"
        assert "market-metrics" in meta["missing"][path]
    assert [f["step"] for f in meta["failures"]] == ["IV (/market-metrics)"]
    assert "HTTP 500" in meta["failures"][0]["error"]
    assert doc["ES"]["currentPrice"] is not None and doc["ES"]["strikes"]["call90DTE"]
    assert meta["complete"] is False


def test_a_failing_chain_leaves_strikes_missing(tk, fresh_sim, use_sim, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    use_sim(fresh_sim)
    monkeypatch.setenv("TASTYKING_MAX_RETRIES", "0")
    _faults(fresh_sim, {"path": "/futures-option-chains/*", "status": 503, "count": 0})
    r = tk("searched-data", "--json")
    assert r.code == 6
    doc = r.json()
    assert doc["ES"]["strikes"] is None
    assert doc["metadata"]["sources"]["ES.strikes"] == "missing"
    assert "option chain" in doc["metadata"]["missing"]["ES.strikes"]
    assert doc["ES"]["rsi"] is not None and doc["VIX"]["regime"] is not None


def test_strict_fails_on_any_missing_value_and_does_not_write(tk, fresh_sim, use_sim,  # type: ignore[no-untyped-def]
                                                              monkeypatch, tmp_path) -> None:
    use_sim(fresh_sim)
    monkeypatch.setenv("TASTYKING_MAX_RETRIES", "0")
    _faults(fresh_sim, {"path": "/market-metrics", "status": 500, "count": 0})
    out = tmp_path / "snap.json"
    out.write_text("yesterday's complete snapshot")
    r = tk("searched-data", "--json", "--strict", "--out", str(out))
    assert r.code == 6
    assert "--strict" in r.err and "was not written" in r.err
    dated = tk("searched-data", "--json", "--strict", "--out", str(tmp_path / "s-{date}.json"))
    assert dated.code == 6 and "{date}" not in dated.err  # the message names the real file
    assert re.search(r"s-\d{4}-\d\d-\d\d\.json was not written", dated.err), dated.err
    assert out.read_text() == "yesterday's complete snapshot"
    assert r.json()["metadata"]["strict"] is True


def test_strict_passes_a_complete_document(tk, at, tmp_path) -> None:  # type: ignore[no-untyped-def]
    at(MONDAY_11)
    out = tmp_path / "snap.json"
    r = tk("searched-data", "--strict", "--out", str(out))
    assert r.code == 0, r.err
    assert json.loads(out.read_text())["metadata"]["complete"] is True


# ----------------------------------------------------------------------------- --out


def test_out_expands_date_in_new_york_and_creates_directories(tk, at, tmp_path) -> None:  # type: ignore[no-untyped-def]
    at("2026-11-23T21:30:00-05:00")  # already the 24th in UTC
    r = tk("searched-data", "--out", str(tmp_path / "snaps" / "{date}" / "searched-{date}.json"))
    assert r.code == 0, r.err
    written = tmp_path / "snaps" / "2026-11-23" / "searched-2026-11-23.json"
    assert written.is_file() and f"wrote {written}" in r.err
    doc = json.loads(written.read_text())
    assert doc["TIME"]["date"] == "2026-11-23" and doc["TIME"]["marketStatus"] == "CLOSED"
    assert [p.name for p in written.parent.iterdir()] == [written.name]  # no temp file left


def test_unknown_out_placeholder_is_refused_before_any_request(tk, monkeypatch,  # type: ignore[no-untyped-def]
                                                                 tmp_path) -> None:
    # Nothing listens here: a request would end in exit 5, not the usage error.
    monkeypatch.setenv("TASTYKING_ENV", "sandbox")
    monkeypatch.setenv("TASTYKING_API_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("TASTYKING_CLIENT_SECRET", "demo-secret")
    monkeypatch.setenv("TASTYKING_REFRESH_TOKEN", "demo-refresh")
    r = tk("searched-data", "--no-input", "--out", str(tmp_path / "out" / "searched-{day}.json"))
    assert r.code == 2 and r.err.count("\n") == 1, r.err
    assert "unknown placeholder {day}" in r.err and "{date}" in r.err
    assert not (tmp_path / "out").exists()


def test_help_lists_no_input_once_and_reflows(tk) -> None:  # type: ignore[no-untyped-def]
    text = tk("searched-data", "--help").out
    assert "--no-input" not in text  # a global option: `tastyking --help` has it
    assert "--no-input" in tk("--help").out
    # the docstring's source line breaks are gone: a paragraph is one flowing text
    joined = " ".join(text.split())
    assert "some values missing because a request failed" in joined


def test_out_into_a_file_path_is_a_usage_error(tk, at, tmp_path) -> None:  # type: ignore[no-untyped-def]
    at(MONDAY_11)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = tk("searched-data", "--out", str(blocker / "snap.json"))
    assert r.code == 2 and "cannot write" in r.err and "Traceback" not in r.err


def test_manual_values_do_not_override_the_api(tk, at, tmp_path) -> None:  # type: ignore[no-untyped-def]
    at(MONDAY_11)
    api_doc = tk("searched-data", "--json").json()
    manual = _manual(tmp_path, {"VIX": {"currentLevel": 99}})
    r = tk("searched-data", "--json", "--manual-file", manual)
    assert r.code == 0
    doc = r.json()
    assert doc["VIX"]["currentLevel"] == api_doc["VIX"]["currentLevel"]
    assert doc["metadata"]["sources"]["VIX.currentLevel"] == "api"
    assert "kept the API's values for VIX.currentLevel" in r.err
