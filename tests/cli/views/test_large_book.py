"""The large book (3 accounts, 500+ positions on 150+ underlyings): every position comes
back with its mark and Greeks, past the 100-symbol market-data limit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="module")
def large_sim() -> Iterator[object]:
    from tastyking.sim.server import SimConfig, SimServer

    server = SimServer(SimConfig(journal=False, book="large")).start()
    yield server
    server.stop()


@pytest.fixture
def cli(tk, large_sim, use_sim):  # type: ignore[no-untyped-def]
    use_sim(large_sim)
    return tk


def _book_size(large_sim) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    positions = [p for a in large_sim.state.book.accounts.values() for p in a.positions]
    return len(positions), len({p.option.product if p.option else p.underlying
                                for p in positions})


def test_the_large_book_is_large(large_sim) -> None:  # type: ignore[no-untyped-def]
    count, underlyings = _book_size(large_sim)
    assert len(large_sim.state.book.accounts) >= 3
    assert count >= 500 and underlyings >= 150
    kinds = {p.instrument_type for a in large_sim.state.book.accounts.values()
             for p in a.positions}
    assert kinds == {"Equity", "Equity Option", "Future", "Future Option"}
    assert any(p.option and p.option.product == "SPX"
               for a in large_sim.state.book.accounts.values() for p in a.positions)


def test_positions_on_the_large_book_have_every_mark(cli, large_sim) -> None:  # type: ignore[no-untyped-def]
    before = len(large_sim.state.journal)
    r = cli("positions", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    count, _ = _book_size(large_sim)
    assert len(doc["positions"]) == count
    assert doc["missing_marks"] == []
    assert all(p["mark"] is not None for p in doc["positions"])
    calls = [e for e in large_sim.state.journal[before:] if e["path"] == "/market-data/by-type"]
    assert len(calls) >= count // 100  # batched past the 100-symbol limit, none dropped


def test_greeks_on_the_large_book_have_every_position(cli, large_sim) -> None:  # type: ignore[no-untyped-def]
    before = len(large_sim.state.journal)
    r = cli("greeks", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    count, _ = _book_size(large_sim)
    assert len(doc["positions"]) == count
    assert doc["missing"] == []
    assert all(p["delta"] is not None for p in doc["positions"])
    mine = large_sim.state.journal[before:]
    assert len(mine) < 40  # batched requests, not one per symbol



def test_demo_env_serves_the_large_book_from_config(tk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TASTYKING_ENV", "demo")
    monkeypatch.setenv("TASTYKING_DEMO_BOOK", "large")
    r = tk("account", "--json")
    assert r.code == 0, r.err
    assert [a["account_number"] for a in r.json()["accounts"]] == [
        "5WT00011", "5WT00012", "5WT00013"]
