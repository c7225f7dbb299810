"""The review's fault kinds, over each command: real simulator answers, altered on the way.

Every fault is either recovered (the bad value is unknown: null, listed, exit 6) or
refused (a bad response: exit 5 with one line). Never exit 1, never exit 0 with a value
the fault silently changed.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tests.api.faults import FAULTS, enums

COMMANDS = {
    "account": ("account", "--json"),
    "positions": ("positions", "--json"),
    "greeks": ("greeks", "--json"),
    "chain": ("chain", "SPY", "--strikes", "4", "--json"),
    "prepare-order": ("prepare-order", "strangle", "SPY", "--dte", "45", "--delta", "0.16",
                      "--json"),
    "searched-data": ("searched-data", "--json"),
}
# every REST answer but the token grant
API = (r"^/(customers|accounts|market-data|market-metrics|option-chains|"
       r"futures-option-chains|instruments|market-time|api-quote-tokens)")
SHAPES = {"data-not-object", "items-not-list", "data-null", "body-list"}
# (command, fault) -> the exit code; anything not listed must be 5 or 6
EXPECTED = {
    **{(c, f): 5 for c in ("account", "positions", "greeks", "chain", "prepare-order")
       for f in SHAPES},
    **{(c, "unknown-enum"): 6 for c in ("positions", "greeks", "prepare-order",
                                        "searched-data")},
    **{(c, "negative"): 6 for c in ("positions", "greeks", "chain", "prepare-order")},
    ("account", "negative"): 5,  # a negative net liq: nothing to show
    ("account", "unknown-enum"): 0,  # account reads no enum it could flip
    ("chain", "unknown-enum"): 0,  # neither does the nested chain
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_fault_is_recovered_or_refused(tk, sim_server, rewrite, command: str,
                                             fault: str) -> None:
    transport = rewrite(sim_server, [(API, FAULTS[fault])])
    r = tk(*COMMANDS[command])
    assert transport.rewritten, "the fault never applied"
    assert "unexpected" not in r.err and "Traceback" not in r.err, r.err
    want = EXPECTED.get((command, fault))
    if want is None:
        assert r.code in (5, 6), r.err
    else:
        assert r.code == want, r.err
    if r.code == 5:
        assert r.out == "" and len(r.err.strip().splitlines()) == 1, r.err
    if r.code == 6 and r.out:
        json.loads(r.out)  # a partial document is still a whole document


def test_login_with_a_malformed_account_list_does_not_succeed(tk, sim_server, rewrite,
                                                               monkeypatch, hermetic) -> None:
    import io
    import sys

    rewrite(sim_server, [(r"^/customers/me/accounts$", FAULTS["items-not-list"])])
    monkeypatch.setattr(sys, "stdin", io.StringIO("demo-secret\ndemo-refresh\n"))
    r = tk("login", "--stdin")
    assert r.code == 5 and len(r.err.strip().splitlines()) == 1, r.err
    assert "list" in r.err
    assert not (hermetic / "keyring.json").exists()  # nothing was stored


def test_an_unknown_direction_is_unknown_not_long(tk, sim_server, rewrite) -> None:
    """The review's sign flip: every short became a long. Now the position's quantity,
    P/L and Greeks are null, listed, left out of the totals, and the run exits 6."""
    honest = rewrite(sim_server, [])
    base = tk("greeks", "--json")
    assert base.code == 0 and honest.sent
    shorts = [p["symbol"] for p in json.loads(base.out)["positions"]
              if Decimal(str(p["quantity"])) < 0]
    assert shorts
    rewrite(sim_server, [(r"/positions$", enums)])
    g = tk("greeks", "--json")
    p = tk("positions", "--json")
    assert (g.code, p.code) == (6, 6), (g.err, p.err)
    greeks, positions = json.loads(g.out), json.loads(p.out)
    assert all(row["quantity"] is None and row["delta"] is None
               for row in greeks["positions"])
    assert all(v is None for k, v in greeks["totals"].items() if k != "left_out")
    assert set(greeks["totals"]["left_out"].values()) == {len(greeks["positions"])}
    assert greeks["alerts"] == []
    assert all(any(s in m for m in greeks["missing"]) for s in shorts)
    assert all(row["quantity"] is None and row["unrealized_pnl"] is None
               for row in positions["positions"])
    assert positions["total_unrealized_pnl"] is None
    assert positions["pnl_left_out"] == len(positions["positions"])
    assert len(positions["missing"]) >= len(positions["positions"])


def test_an_unknown_buying_power_effect_is_not_a_credit(tk, sim_server, rewrite) -> None:
    rewrite(sim_server, [(r"/orders/dry-run$", enums)])
    r = tk(*COMMANDS["prepare-order"])
    assert r.code == 6, r.err
    review = json.loads(r.out)["review"]
    assert review["buying_power_effect"]["change"] is None
    assert "buying_power_effect.change" in review["missing"]
    assert review["bp_used_pct_after"] is None


def test_an_unknown_session_state_is_not_closed(tk, sim_server, rewrite) -> None:
    rewrite(sim_server, [(r"/sessions/current$", enums)])
    r = tk("searched-data", "--json")
    assert r.code == 6, r.err
    doc = json.loads(r.out)
    assert doc["TIME"]["marketStatus"] is None
    assert "TIME.marketStatus" in json.dumps(doc["metadata"])


def test_every_answer_is_parsed_at_the_choke_point() -> None:
    """A model validated anywhere but endpoints.parse turns a bad field into exit 1."""
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "tastyking"
    offenders = []
    for path in package.rglob("*.py"):
        rel = path.relative_to(package)
        if rel.parts[0] == "sim" or rel == Path("api/endpoints.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "model_validate":
                offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []


@pytest.mark.parametrize("fault", ["data-not-object", "data-null", "body-list"])
def test_login_with_a_malformed_customer_is_a_bad_response(tk, sim_server, rewrite,
                                                          monkeypatch, hermetic,
                                                          fault: str) -> None:
    import io
    import sys

    rewrite(sim_server, [(r"^/customers/me$", FAULTS[fault])])
    monkeypatch.setattr(sys, "stdin", io.StringIO("demo-secret\ndemo-refresh\n"))
    r = tk("login", "--stdin")
    assert r.code == 5 and len(r.err.strip().splitlines()) == 1, r.err
    assert not (hermetic / "keyring.json").exists()


@pytest.mark.parametrize("fault", ["data-null", "data-not-object", "nan"])
def test_a_malformed_futures_chain_is_a_bad_response_not_no_options(tk, sim_server, rewrite,
                                                                      fault: str) -> None:
    rewrite(sim_server, [(r"^/futures-option-chains/", FAULTS[fault])])
    r = tk("chain", "/ES", "--strikes", "4", "--json")
    assert r.code == 5 and r.out == "", r.err
    assert "futures option chain" in r.err and len(r.err.strip().splitlines()) == 1
