"""searched-data when the API is down: manual values from a file or a terminal prompt,
cron that fails fast and writes nothing, never a prompt without a terminal."""

from __future__ import annotations

import json
import os
import select
import time
from pathlib import Path

import pytest

from tests.cli.terminal import answer_prompts, on_terminal
from tests.conftest import run_cli

# The keys the framework seed's MarketDataCollector produces (getESData & co.).


def _manual(tmp_path: Path, body: dict[str, object]) -> str:
    p = tmp_path / "manual.json"
    p.write_text(json.dumps(body))
    return str(p)


# ----------------------------------------------------------------------------- API down


def test_manual_file_fills_in_when_the_api_is_down(tk, api_down, tmp_path) -> None:  # type: ignore[no-untyped-def]
    manual = _manual(tmp_path, {"VIX": {"currentLevel": 21.5, "previousClose": 20},
                                "ES": {"currentPrice": 5432.25}, "DXY": {"currentLevel": 104.1},
                                "MCL": {"currentPrice": 70.5}})
    out = tmp_path / "snap.json"
    r = tk("searched-data", "--json", "--manual-file", manual, "--out", str(out))
    assert r.code == 6
    doc = r.json()
    assert json.loads(out.read_text()) == doc
    src = doc["metadata"]["sources"]
    assert doc["source"] == "manual" and doc["metadata"]["manualEntry"] == f"file {manual}"
    assert doc["VIX"]["currentLevel"] == 21.5 and src["VIX.currentLevel"] == "manual"
    # derived from what was entered, and marked manual too
    assert doc["VIX"]["regime"] == "ELEVATED" and src["VIX.regime"] == "manual"
    assert doc["VIX"]["dayChange"] == 1.5 and doc["VIX"]["dayChangePercent"] == 7.5
    assert src["VIX.dayChange"] == "manual"
    assert doc["ES"]["currentPrice"] == 5432.25 and doc["MCL"]["currentPrice"] == 70.5
    # nothing invented: the seed's 5400 / 15 / 103 defaults never appear
    assert doc["SPY"]["currentPrice"] is None and src["SPY.currentPrice"] == "missing"
    assert doc["ES"]["openPrice"] is None and doc["ES"]["strikes"] is None
    assert doc["ES"]["dayChange"] is None  # no open known
    assert doc["metadata"]["failures"][0]["step"] == "tastytrade API"
    assert doc["TIME"]["marketStatus"] is not None and src["TIME.marketStatus"] == "local"
    assert "local rule" in doc["metadata"]["marketStatusSource"]


@pytest.mark.parametrize(("level", "regime"), [
    (11.99, "EXTREMELY_LOW"), (12, "LOW"), (15.99, "LOW"), (16, "NORMAL"), (19.99, "NORMAL"),
    (20, "ELEVATED"), (24.99, "ELEVATED"), (25, "HIGH"), (29.99, "HIGH"), (30, "EXTREME"),
])
def test_vix_regime_boundaries_in_the_document(tk, api_down, tmp_path, level, regime) -> None:  # type: ignore[no-untyped-def]
    manual = _manual(tmp_path, {"VIX": {"currentLevel": level}})
    r = tk("searched-data", "--json", "--manual-file", manual)
    assert r.code == 6
    assert r.json()["VIX"]["regime"] == regime


def test_a_bad_manual_file_is_exit_2_before_any_request(tk, api_down, tmp_path) -> None:  # type: ignore[no-untyped-def]
    manual = _manual(tmp_path, {"VIX": {"currentLevel": 215}})
    r = tk("searched-data", "--manual-file", manual)
    assert r.code == 2
    assert "VIX.currentLevel = 215 is outside the plausible range 5-150" in r.err


def test_cron_with_the_api_down_exits_5_quickly_writing_nothing(tmp_path, api_down,  # type: ignore[no-untyped-def]
                                                                monkeypatch) -> None:
    """Default retries, no terminal, no manual file: a clear message and no output file."""
    monkeypatch.delenv("TASTYKING_MAX_RETRIES")
    out = tmp_path / "snap.json"
    t = time.perf_counter()
    r = run_cli("searched-data", "--out", str(out))
    elapsed = time.perf_counter() - t
    assert r.code == 5, r.err
    assert elapsed < 60
    assert not out.exists() and r.out == ""
    assert r.err.startswith("error: ") and "ConnectError" in r.err and "after 4 attempts" in r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err


def test_terminal_prompt_through_a_pseudo_terminal(tmp_path, api_down) -> None:  # type: ignore[no-untyped-def]
    """A person at a terminal: told what failed, asked for the key levels, values marked manual."""
    proc, master = on_terminal("searched-data", "--json")
    try:
        answer_prompts(master, b"could not get everything", (
            (b"front-month /ES future [1000-20000]: ", b"5432.25"),
            (b"SPY [50-2000]: ", b""),
            (b"VIX index [5-150]: ", b"500"),  # refused, asked again
            (b"try again", b"18.25"),
            (b"dollar index (/DX front month) [50-200]: ", b"104.5"),
            (b"Enter more values", b"y"),
            (b"ES.previousClose [1000-20000]: ", b"5400")))
        for _ in range(12):  # skip the rest
            os.write(master, b"\n")
        stdout, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert proc.returncode == 6
    doc = json.loads(stdout)
    src = doc["metadata"]["sources"]
    assert doc["metadata"]["manualEntry"] == "prompt"
    assert doc["ES"]["currentPrice"] == 5432.25 and src["ES.currentPrice"] == "manual"
    assert doc["VIX"]["currentLevel"] == 18.25 and doc["VIX"]["regime"] == "NORMAL"
    assert src["VIX.regime"] == "manual"
    assert doc["DXY"]["currentLevel"] == 104.5
    # no open entered: the framework's change is unknown; the prev-close one is known
    assert doc["ES"]["dayChange"] is None
    assert doc["ES"]["dayChangeFromClose"] == 32.25 and src["ES.dayChangeFromClose"] == "manual"
    assert doc["SPY"]["currentPrice"] is None and src["SPY.currentPrice"] == "missing"


def test_no_input_never_prompts_even_on_a_terminal(tmp_path, api_down) -> None:  # type: ignore[no-untyped-def]
    proc, master = on_terminal("searched-data", "--no-input")
    try:
        proc.wait(timeout=30)
        err = b""
        while select.select([master], [], [], 0.2)[0]:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert proc.returncode == 5
    assert b"Enter the values" not in err and b"ConnectError" in err
