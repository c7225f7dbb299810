"""The everyday views end to end: CLI → services → client → simulator over loopback."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

MAIN, IRA = "5WT00001", "5WT00002"


@pytest.fixture
def cli(tk, sim_server, use_sim):  # type: ignore[no-untyped-def]
    use_sim(sim_server)
    return tk


def _json(r: Any) -> Any:
    assert r.code == 0, r.err
    return r.json()


def test_account_history_ends_at_todays_net_liq(cli) -> None:  # type: ignore[no-untyped-def]
    doc = _json(cli("--account", MAIN, "account", "--history", "--period", "1m", "--json"))
    (acct,) = doc["accounts"]
    assert doc["period"] == "1m" and doc["missing"] == []
    assert set(acct) == {"account_number", "period", "points", "start", "end", "change",
                         "change_pct", "high", "low"}
    nlv = _json(cli("--account", MAIN, "account", "--json"))["accounts"][0]
    assert 15 <= len(acct["points"]) <= 24
    # the sim's clock moves between the two commands: the last point is today's net liq
    assert abs(acct["end"] - nlv["net_liquidating_value"]) < 50
    assert acct["low"] <= acct["end"] <= acct["high"]
    week = _json(cli("--account", MAIN, "account", "--history", "--period", "1w", "--json"))
    assert 3 <= len(week["accounts"][0]["points"]) <= 6


def test_account_history_table_has_a_sparkline(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("account", "--history", "--period", "3m")
    assert r.code == 0, r.err
    assert MAIN in r.out and IRA in r.out
    assert any(c in r.out for c in "▁▂▃▄▅▆▇█")
    bad = cli("account", "--history", "--period", "2w")
    assert bad.code == 2 and "--period must be one of" in bad.err


def test_live_orders_are_the_gtc_closes(cli) -> None:  # type: ignore[no-untyped-def]
    doc = _json(cli("orders", "--json"))
    live = [o for o in doc["orders"] if o["status"] == "Live"]
    assert live and doc["history"] is False
    for o in live:
        assert o["time_in_force"] == "GTC" and o["price_effect"] == "Debit"
        assert o["filled_pct"] == 0
        assert all(lg["action"].endswith("to Close") for lg in o["legs"])
    assert {"account_number", "id", "status", "underlying", "underlying_contract",
            "order_type", "time_in_force",
            "gtc_date", "price", "price_effect", "stop_trigger", "filled_pct", "received_at",
            "terminal_at", "legs"} == set(live[0])


def test_order_history_filters(cli) -> None:  # type: ignore[no-untyped-def]
    every = _json(cli("orders", "--history", "--json"))["orders"]
    assert {"Filled", "Cancelled", "Live"} <= {o["status"] for o in every}
    filled = _json(cli("orders", "--history", "--status", "filled", "--json"))["orders"]
    assert filled and all(o["status"] == "Filled" and o["filled_pct"] == 100 for o in filled)
    assert all(lg["fill_price"] is not None for o in filled for lg in o["legs"])
    spy = _json(cli("orders", "--history", "--symbol", "SPY", "--json"))["orders"]
    assert spy and all(o["underlying"] == "SPY" for o in spy)
    es = _json(cli("orders", "--history", "--symbol", "/ES", "--json"))["orders"]
    assert es and all(o["underlying"] == "/ES" and o["underlying_contract"].startswith("/ES")
                      for o in es)
    day = min(o["received_at"][:10] for o in every)
    early = _json(cli("orders", "--history", "--end", day, "--json"))["orders"]
    assert early and all(o["received_at"][:10] <= day for o in early)
    assert cli("orders", "--status", "Sideways").code == 2
    assert cli("orders", "--start", "2026-01-01").code == 2  # dates go with --history


def test_orders_never_write(cli, sim_server) -> None:  # type: ignore[no-untyped-def]
    before = len(sim_server.state.journal)
    cli("orders", "--json")
    cli("orders", "--history", "--json")
    mine = [e for e in sim_server.state.journal[before:] if e["path"] != "/oauth/token"]
    assert any("/orders" in e["path"] for e in mine)
    assert all(e["method"] == "GET" for e in mine)


def test_transactions_gross_fees_net_and_totals(cli) -> None:  # type: ignore[no-untyped-def]
    doc = _json(cli("transactions", "--json"))
    rows = doc["transactions"]
    assert doc["missing"] == []
    for t in rows:
        assert abs(Decimal(str(t["gross"])) - Decimal(str(t["fees"]))
                   - Decimal(str(t["net"]))) < Decimal("0.002")
    by_acct = {t["account_number"]: t for t in doc["totals"]}
    main_rows = [t for t in rows if t["account_number"] == MAIN]
    assert by_acct[MAIN]["count"] == len(main_rows)
    assert abs(by_acct[MAIN]["fees"] - sum(t["fees"] for t in main_rows)) < 1e-6
    assert doc["total_fees"] == pytest.approx(sum(t["fees"] for t in rows))
    cash = _json(cli("--account", MAIN, "account", "--json"))["accounts"][0]["cash_balance"]
    assert by_acct[MAIN]["net"] == pytest.approx(cash, abs=0.01)  # deposit + trades = cash
    deposits = [t for t in rows if t["type"] == "Money Movement"]
    assert len(deposits) == 2 and all(t["gross"] > 0 for t in deposits)


def test_transaction_filters(cli) -> None:  # type: ignore[no-untyped-def]
    trades = _json(cli("transactions", "--type", "trade", "--json"))["transactions"]
    assert trades and all(t["type"] == "Trade" for t in trades)
    spy = _json(cli("transactions", "--symbol", "SPY", "--json"))["transactions"]
    assert spy and all(t["underlying"] == "SPY" for t in spy)
    es = _json(cli("transactions", "--symbol", "/ES", "--json"))["transactions"]
    assert len(es) == 2 and all(t["underlying"] == "/ES" for t in es)
    start = sorted(t["date"] for t in trades)[len(trades) // 2]
    later = _json(cli("transactions", "--start", start, "--json"))
    assert later["start"] == start
    assert later["transactions"] and all(t["date"] >= start for t in later["transactions"])
    assert cli("transactions", "--type", "Gift").code == 2
    assert cli("transactions", "--start", "tomorrow").code == 2
    table = cli("transactions")
    assert table.code == 0 and "total fees" in table.out


def test_margin_per_underlying_and_cap(cli) -> None:  # type: ignore[no-untyped-def]
    doc = _json(cli("margin", "--json"))
    assert doc["missing"] == []
    main = next(a for a in doc["accounts"] if a["account_number"] == MAIN)
    total = sum(u["requirement"] for u in main["underlyings"])
    assert total == pytest.approx(main["requirement"], abs=0.05)
    assert main["pct_of_net_liq"] == pytest.approx(
        main["requirement"] / main["net_liq"] * 100, abs=0.01)
    flagged = [p for a in doc["accounts"] for u in a["underlyings"] for p in u["positions"]
               if p["over_cap"]]
    assert len(flagged) == len(doc["over_cap"])
    assert all(p["pct_of_net_liq"] > 5 for p in flagged)
    loose = _json(cli("margin", "--cap", "90", "--json"))
    assert loose["over_cap"] == [] and loose["cap_pct"] == 90
    assert cli("margin", "--cap", "0").code == 2
    table = cli("margin")
    assert table.code == 0 and "OVER CAP" in table.out


def test_watchlists_and_one_list(cli) -> None:  # type: ignore[no-untyped-def]
    lists = _json(cli("watchlist", "--json"))["lists"]
    kinds = {w["kind"] for w in lists}
    assert kinds == {"private", "public"}
    doc = _json(cli("watchlist", "High Options Volume", "--json"))
    assert doc["kind"] == "public" and doc["missing"] == []
    aapl = next(r for r in doc["rows"] if r["symbol"] == "AAPL")
    assert aapl["last"] > 0 and aapl["change_pct"] is not None
    assert 0 <= aapl["iv_rank"] <= 100 and 0 <= aapl["iv_percentile"] <= 100
    assert aapl["days_to_earnings"] >= 0 and aapl["days_to_ex_dividend"] >= 0
    mine = _json(cli("watchlist", "Framework", "--json"))
    assert mine["kind"] == "private"
    es = next(r for r in mine["rows"] if r["symbol"] == "/ES")
    assert es["quoted"].startswith("/ES") and es["last"] is not None
    r = cli("watchlist", "Nope")
    assert r.code == 2 and "High Options Volume" in r.err


def test_expirations_cycles_roots_and_settlement(cli) -> None:  # type: ignore[no-untyped-def]
    doc = _json(cli("expirations", "SPX", "--json"))
    rows = doc["expirations"]
    assert {"SPX", "SPXW"} == {r["root"] for r in rows}
    assert all(r["settlement"] == "AM" for r in rows if r["root"] == "SPX")
    assert all(r["settlement"] == "PM" for r in rows if r["root"] == "SPXW")
    assert {"weekly", "monthly", "end-of-month", "quarterly"} <= {r["cycle"] for r in rows}
    assert all(r["strikes"] > 0 for r in rows)
    assert [r["dte"] for r in rows] == sorted(r["dte"] for r in rows)
    es = _json(cli("expirations", "/ES", "--json"))
    assert es["is_future"] and all(r["underlying"].startswith("/ES") for r in es["expirations"])


def test_unknown_symbol_gets_suggestions(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("expirations", "SPYX")
    assert r.code == 2 and "did you mean SPY" in r.err and r.err.count("\n") == 1
    found = _json(cli("search", "SP", "--json"))
    assert {"SPY", "SPX"} <= {m["symbol"] for m in found["matches"]}


def test_a_missing_quote_is_null_listed_and_exits_6(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tastyking.sim.rest import market as routes_market

    real = routes_market.quote_json

    def without_aapl(*args: Any) -> Any:
        row = real(*args)
        if row["symbol"] == "AAPL":
            for key in ("bid", "ask", "mid", "mark", "last", "close", "prev-close"):
                row.pop(key, None)
        return row

    monkeypatch.setattr(routes_market, "quote_json", without_aapl)
    r = cli("watchlist", "High Options Volume", "--json")
    assert r.code == 6, r.err
    doc = r.json()
    aapl = next(row for row in doc["rows"] if row["symbol"] == "AAPL")
    assert aapl["last"] is None and aapl["change_pct"] is None
    assert doc["missing"] == ["AAPL last"] and "AAPL last" in r.err
