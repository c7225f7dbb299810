"""One definition of `underlying` in every command (issue 9 item 6): the product root for
futures and futures options, the contract beside it as `underlying_contract`."""

from __future__ import annotations

from tastyking.domain.symbols import underlying_of


def test_positions_and_greeks_name_the_same_underlying(tk, sim_server, use_sim) -> None:  # type: ignore[no-untyped-def]
    use_sim(sim_server)
    pos = tk("positions", "--json").decimal_json()["positions"]
    grk = tk("greeks", "--json").decimal_json()["positions"]
    by_pos = {(r["account_number"], r["symbol"]): r for r in pos}
    assert {(r["account_number"], r["symbol"]) for r in grk} == set(by_pos)
    for g in grk:
        p = by_pos[g["account_number"], g["symbol"]]
        assert (p["underlying"], p["underlying_contract"]) == (
            g["underlying"], g["underlying_contract"]), g["symbol"]
        u = underlying_of(g["symbol"], g["instrument_type"])
        if g["instrument_type"] in ("Future", "Future Option"):
            assert g["underlying"] == u.root and g["underlying"].startswith("/")
            assert g["underlying_contract"] == u.contract
            assert g["underlying_contract"].startswith(g["underlying"])
        else:
            assert g["underlying_contract"] is None
    futures = [r for r in pos if r["instrument_type"] == "Future Option"]
    assert futures and all(r["underlying"] == "/ES" for r in futures
                           if r["symbol"].startswith("./ES"))
