"""`chain` takes a root (SPXW) or one futures contract (/ESZ6), names the nearest listed
expirations when one is not listed, and marks --delta rows with text, not colour."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

from tests.cli.terminal import in_terminal, sim_env


def test_an_option_root_is_its_underlyings_chain_narrowed(tk, sim_server, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server)
    doc = tk("chain", "SPXW", "--strikes", "2", "--json").decimal_json()
    assert doc["symbol"] == "SPXW" and doc["root"] == "SPXW"
    assert doc["underlying_symbol"] == "SPX"
    assert all(r["call"]["symbol"].startswith("SPXW ") for r in doc["rows"])


def test_a_futures_contract_shows_its_own_options(tk, sim_server, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server)
    product = tk("chain", "/ES", "--dte", "400", "--strikes", "2", "--json").decimal_json()
    contract = product["underlying_symbol"]
    doc = tk("chain", contract, "--strikes", "2", "--json").decimal_json()
    assert doc["underlying_symbol"] == contract and doc["symbol"] == contract
    r = tk("chain", "/ESZ9", "--strikes", "2")
    assert r.code == 2 and "no options are listed on the futures contract /ESZ9" in r.err
    assert contract in r.err


def test_an_unlisted_expiration_names_the_nearest_listed(tk, sim_server, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server)
    doc = tk("chain", "SPY", "--strikes", "1", "--json").decimal_json()
    listed = date.fromisoformat(doc["expiration"])
    day = listed + timedelta(days=1)
    while day.weekday() != 6:  # a Sunday: never listed
        day += timedelta(days=1)
    r = tk("chain", "SPY", "--expiration", day.isoformat())
    assert r.code == 2 and r.err.count("\n") == 1
    assert "nearest listed: " in r.err and " and " in r.err


def test_delta_marks_are_text_with_a_gap_marker_and_bid_before_ask(pinned_sim) -> None:  # type: ignore[no-untyped-def]
    env = sim_env(pinned_sim, NO_COLOR="1")  # a still clock: both runs see one market
    doc_screen = in_terminal("chain", "SPY", "--strikes", "4", "--delta", "0.16", "--json",
                             env=env, columns=200, stdout_tty=True)
    text = doc_screen.text
    doc = json.loads(text[text.index("{"):], parse_float=Decimal)
    screen = in_terminal("chain", "SPY", "--strikes", "4", "--delta", "0.16", env=env)
    assert screen.code == 0, screen.text
    lines = screen.lines()
    title = next(line for line in lines if "DTE" in line)
    assert title.startswith(f"SPY {doc['underlying_price']:,.2f}")  # not "SPY  SPY 551.71"
    assert not any("…" in line or len(line) > 80 for line in lines), screen.text
    call, put = doc["marked"]["call"], doc["marked"]["put"]
    assert any(f"{call:,} ΔC" in line for line in lines)
    assert any(f"{put:,} ΔP" in line for line in lines)
    assert sum("⋮" in line for line in lines) >= 2  # the jumps to both far rows
    assert "magenta" not in screen.text and "ΔC / ΔP" in screen.text
    header = next(line for line in lines if "Strike" in line)
    assert header.index("C Bid") < header.index("C Ask") < header.index("Strike")
    assert "C Mid" in header and "C Gamma" not in header
