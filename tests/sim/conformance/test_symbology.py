"""The simulator's own symbology reproduces every recorded symbol, column for column."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tastyking.sim.market.symbols import (
    equity_streamer,
    future_option_symbol,
    occ_symbol,
    parse_equity_option,
    parse_future_option,
    strike_text,
)
from tests.conftest import FIXTURES


def _data(name: str) -> dict:
    body = json.loads((FIXTURES / name).read_text())
    return body.get("data", body)  # the cert capture kept only the data


def _fop_rows() -> list[tuple[str, str, str, str, str, str]]:
    """(future, option code, expiration, kind, strike, symbol) from every recorded FOP."""
    rows = []
    for name in ("Get_Futures_Option_Chain_Nested.json",
                 "Get_Futures_Option_Chain_Nested_ES_Full.json"):
        for chain in _data(name)["option-chains"]:
            for e in chain["expirations"]:
                for s in e["strikes"]:
                    for kind in "CP":
                        rows.append((e["underlying-symbol"], e["option-contract-symbol"],
                                     e["expiration-date"], kind, s["strike-price"],
                                     s["call" if kind == "C" else "put"]))
    for name in ("Get_Futures_Option_Chain_ES.json", "Get_Future_Options_ESZ9.json",
                 "Get_Futures_Option_Chain_GC_Flat_Excerpt.json"):
        for it in _data(name)["items"]:
            rows.append((it["underlying-symbol"], it["exchange-symbol"].split()[0],
                         it["expiration-date"], it["option-type"], it["strike-price"],
                         it["symbol"]))
    return rows


def test_every_recorded_future_option_symbol_is_rebuilt_from_its_fields() -> None:
    rows = _fop_rows()
    assert len(rows) > 14_000
    wrong = [r for r in rows
             if future_option_symbol(r[0], r[1], date.fromisoformat(r[2]), r[3],
                                     float(r[4])) != r[5]]
    assert wrong == []


@pytest.mark.parametrize(("symbol", "root", "month", "year", "expiration", "kind", "strike"), [
    ("./ESU3 EW4N3 230728C3990", "EW4", 7, 3, date(2023, 7, 28), "C", 3990.0),
    ("./GCQ5 OGN5  250625P2095", "OG", 7, 5, date(2025, 6, 25), "P", 2095.0),
    ("./MCLM5MW2K5 250509C62.5", "MW2", 5, 5, date(2025, 5, 9), "C", 62.5),
    ("./MCLM5MW2K5 250509P65.75", "MW2", 5, 5, date(2025, 5, 9), "P", 65.75),
    ("./MESZ6MESZ6 261218P5500", "MES", 12, 6, date(2026, 12, 18), "P", 5500.0),
    ("./EW4N23C3990:XCME", "EW4", 7, 23, None, "C", 3990.0),
    ("./OGN25P2095:XCEC", "OG", 7, 25, None, "P", 2095.0),
])
def test_future_option_symbols_are_read_by_column(symbol, root, month, year, expiration, kind,
                                                  strike) -> None:
    key = parse_future_option(symbol)
    assert key is not None
    assert (key.root, key.month, key.year, key.expiration, key.kind, key.strike) == (
        root, month, year, expiration, kind, strike)


@pytest.mark.parametrize("symbol", [
    "./ESU3  EW4N3 230728C3990",  # split on words, not columns
    "./MCLM5 MW2K5 250509C62.5",  # a 5-character future code takes no space after it
    "./ESU3 EW4N3 230728X3990",
    "./ESU3 EW4N3 231328C3990",
    "./ESU3 ZZZN3 230728C3990",  # no such option root
])
def test_misaligned_or_unknown_future_option_symbols_are_not_read(symbol) -> None:
    assert parse_future_option(symbol) is None


def test_every_recorded_equity_option_symbol_round_trips() -> None:
    pairs = []
    for name in ("Get_Option_Chain_AAPL_Nested.json", "Get_Option_Chain_SPY_Nested_Cert.json"):
        for chain in _data(name)["items"]:
            for e in chain["expirations"]:
                for s in e["strikes"]:
                    pairs += [(s["call"], s["call-streamer-symbol"]),
                              (s["put"], s["put-streamer-symbol"])]
    assert len(pairs) >= 20
    for occ, streamer in pairs:
        parsed = parse_equity_option(occ)
        assert parsed is not None and parse_equity_option(streamer) == parsed
        _, root, exp, kind, strike = parsed
        assert occ_symbol(root, exp, kind, strike) == occ
        assert equity_streamer(root, exp, kind, strike) == streamer


def test_strikes_are_written_without_trailing_zeros() -> None:
    assert [strike_text(k) for k in (3990.0, 62.5, 65.75, 142.5, 0.5, 11000.0)] == [
        "3990", "62.5", "65.75", "142.5", "0.5", "11000"]
    assert parse_equity_option("SPXW  261218P05500000")[:2] == ("SPX", "SPXW")
