"""The simulator answers in the recorded wire shape: key for key, JSON type for JSON type.

One row per REST endpoint the simulator serves. Each row names the simulator request
and the recorded payloads of the same endpoint (tests/fixtures/recorded, SOURCES.md);
`wire_shape.diff` compares the answer's `data` with the shape merged from them (see its
docstring). Rows say which keys may be absent or extra, and why; docs/sim-contract.md
lists them. To cover a new endpoint, add a `Row` (and its route to the app) - nothing else.
`{name}` in a path is filled from `live_symbols` (symbols the simulator lists today).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from starlette.routing import Route

from tastyking.sim.rest.app import routes
from tests.conftest import FIXTURES
from tests.sim.conformance.wire_shape import Shape, diff, load_recorded, shape_of
from tests.sim.conftest import UA, login

MAIN = "5WT00001"


@dataclass(frozen=True)
class Row:
    route: str  # the app's route template this row covers
    path: str  # the request; `{name}` is filled from live_symbols
    recorded: tuple[str, ...]  # files (optionally `File.json:path`) of the same endpoint
    method: str = "GET"
    body: Any = None
    auth: bool = True
    absent: frozenset[str] = frozenset()  # recorded keys the simulator may leave out
    extra: frozenset[str] = frozenset()  # keys the simulator may add beyond the recordings
    kinds: Mapping[str, str] = field(default_factory=dict)  # answer kind -> recorded kind
    retyped: frozenset[str] = frozenset()  # keys sent both ways over time (newest wins)
    as_item: bool = False  # one record, compared as an element of the recorded `items`

    @property
    def key(self) -> str:
        return f"{self.method} {self.route}"


# No raw Future or Index market-data row was ever recorded (SOURCES.md facts §6): they are
# read against the Equity row, less what only a listed stock has.
_STOCK_ONLY = frozenset({
    "items[Index].beta", "items[Index].dividend-amount", "items[Index].dividend-frequency",
    "items[Index].low-limit-price", "items[Index].high-limit-price", "items[Index].volume",
    "items[Future].beta", "items[Future].dividend-amount", "items[Future].dividend-frequency",
    "items[Future].year-low-price", "items[Future].year-high-price",
})

# Orders, margin entries and watchlists were recorded with equities and equity options
# only; futures and indices carry the same keys.
_FUTURES_AS_EQUITY = {"Future": "Equity", "Future Option": "Equity Option", "Index": "Equity"}

ROWS: list[Row] = [
    Row("/customers/me", "/customers/me",
        ("Get_Customers_Me_Cert.json", "Get_Customer_Cert_StructureOnly.json")),
    Row("/customers/me/accounts", "/customers/me/accounts",
        ("Get_Customer_Accounts.json", "Get_Customers_Me_Accounts_Cert.json",
         "Get_Customer_Accounts_Cert_StructureOnly.json")),
    Row("/customers/me/accounts/{n}", f"/customers/me/accounts/{MAIN}",
        ("Get_Customer_Account.json", "Get_Customer_Accounts.json:items[].account",
         "Get_Customers_Me_Accounts_Cert.json:items[].account")),
    Row("/accounts/{n}/balances", f"/accounts/{MAIN}/balances",
        ("Get_Account_Balance.json", "Get_Account_Balances.json")),
    Row("/accounts/{n}/balances/{currency}", f"/accounts/{MAIN}/balances/USD",
        ("Get_Account_Balance.json", "Get_Account_Balances.json")),
    # The recordings hold equity and equity-option positions only; futures positions
    # carry the same keys.
    Row("/accounts/{n}/positions", f"/accounts/{MAIN}/positions",
        ("Get_Positions.json", "Get_Positions_Equity_Option.json"),
        kinds={"Future": "Equity", "Future Option": "Equity Option"},
        # futures expire too; the reference documents expires-at on derivative positions
        extra=frozenset({"items[Future].expires-at"}),
        # multiplier: 100 / 1 in 2023-2025, "1.0" in 2026 (facts §2): a string, as now
        retyped=frozenset({"items[].multiplier"})),
    Row("/accounts/{n}/trading-status", f"/accounts/{MAIN}/trading-status",
        ("Get_Trading_Status.json", "official_guide/Get_Trading_Status_Guide.json")),
    # The schema lists issued-at and expires-at (optional); the one recording lacks them.
    Row("/api-quote-tokens", "/api-quote-tokens", ("Get_Api_Quote_Token.json",),
        extra=frozenset({"issued-at", "expires-at"})),
    Row("/market-data/by-type",
        "/market-data/by-type?equity=AAPL,SPY&index=SPX,VIX&future=/ESZ6"
        "&equity-option={spy_call}&future-option={es_call}",
        ("Get_Market_Data_By_Type.json", "Get_Market_Data_By_Type_Equity_Options.json",
         "official_guide/Get_Market_Data_By_Type_Guide.json"),
        absent=_STOCK_ONLY, kinds={"Index": "Equity", "Future": "Equity"},
        extra=frozenset({"items[Future].tick-size"})),
    Row("/market-data/{kind}/{symbol:path}", "/market-data/future-option/{es_call}",
        ("Get_Market_Data_By_Type.json", "Get_Market_Data_By_Type_Equity_Options.json"),
        as_item=True),
    # Both recorded rows are stocks; funds, indices and futures products have no
    # listing, borrow, dividend or earnings data.
    Row("/market-metrics", "/market-metrics?symbols=AAPL,SPY,SPX,/ES",
        ("Get_Market_Metrics.json",), absent=frozenset({
            "items[].listed-market", "items[].lendability", "items[].borrow-rate",
            "items[].dividend-rate-per-share", "items[].annual-dividend-per-share",
            "items[].dividend-yield", "items[].earnings"})),
    Row("/market-time/equities/sessions/current", "/market-time/equities/sessions/current",
        ("Get_Market_Sessions_Current_Cert.json",)),
    Row("/option-chains/{symbol}/nested", "/option-chains/AAPL/nested",
        ("Get_Option_Chain_AAPL_Nested.json", "Get_Option_Chain_SPY_Nested_Cert.json")),
    Row("/option-chains/{symbol}", "/option-chains/AAPL", ("Get_Option_Chain_AAPL.json",)),
    Row("/futures-option-chains/{product:path}/nested", "/futures-option-chains/ES/nested",
        ("Get_Futures_Option_Chain_Nested.json", "Get_Futures_Option_Chain_Nested_ES_Full.json")),
    Row("/futures-option-chains/{product:path}", "/futures-option-chains/ES",
        ("Get_Futures_Option_Chain_ES.json", "Get_Futures_Option_Chain_GC_Flat_Excerpt.json")),
    Row("/instruments/equities", "/instruments/equities?symbol[]=AAPL",
        ("Get_Equities.json", "Get_Equities_Cert.json")),
    Row("/instruments/equities/{symbol}", "/instruments/equities/AAPL", ("Get_Equity_AAPL.json",)),
    Row("/instruments/futures", "/instruments/futures",
        ("Get_Future_Instruments.json", "Get_Futures_Cert.json")),
    Row("/instruments/futures/{symbol:path}", "/instruments/futures/ESZ6",
        ("Get_Future_Instrument_ESM3.json", "Get_Future_Instrument_RBM5.json")),
    Row("/instruments/equity-options/{symbol:path}", "/instruments/equity-options/{spy_call}",
        ("Get_Equity_Option_AAPL.json", "Get_Equity_Options.json:items[]")),
    Row("/instruments/future-options/{symbol:path}", "/instruments/future-options/{es_call}",
        ("Get_Future_Option_ESZ9.json", "Get_Future_Options_ESZ9.json:items[]")),
    # the everyday views: history, orders, margin (watchlists and search below)
    Row("/accounts/{n}/net-liq/history", f"/accounts/{MAIN}/net-liq/history?time-back=1m",
        ("Get_Net_Liq_History.json",)),
    Row("/accounts/{n}/transactions/total-fees", f"/accounts/{MAIN}/transactions/total-fees",
        ("Get_Transactions_Total_Fees.json",)),
    # Trades only: every trade row has the recorded option trade's keys. The deposit has
    # no instrument (so no kind to compare by): tests/sim/test_history.py checks it.
    Row("/accounts/{n}/transactions", f"/accounts/{MAIN}/transactions?type=Trade",
        ("Get_Transactions.json", "official_guide/Get_Transactions_Guide.json"),
        kinds={"Equity": "Equity Option", "Future": "Equity Option",
               "Future Option": "Equity Option"}),
    Row("/accounts/{n}/orders", f"/accounts/{MAIN}/orders",
        ("Get_Orders.json", "Get_Orders_Working_Limit_GTD.json",
         "Get_Orders_Working_StopLimit_GTC.json", "Get_Customer_Live_Orders.json"),
        kinds=_FUTURES_AS_EQUITY),
    Row("/accounts/{n}/orders/live", f"/accounts/{MAIN}/orders/live",
        ("Get_Live_Orders.json", "Get_Customer_Live_Orders.json"), kinds=_FUTURES_AS_EQUITY),
    Row("/accounts/{n}/orders/{id}", f"/accounts/{MAIN}/orders/{{order_id}}",
        ("Get_Order.json", "Get_Customer_Live_Orders.json:items[]"), kinds=_FUTURES_AS_EQUITY),
    Row("/margin/accounts/{n}/requirements", f"/margin/accounts/{MAIN}/requirements",
        ("Get_Margin_Requirements.json", "official_guide/Get_Margin_Requirements_Guide.json"),
        kinds=_FUTURES_AS_EQUITY),
    Row("/watchlists", "/watchlists", ("Get_Watchlists.json",), kinds=_FUTURES_AS_EQUITY),
    Row("/watchlists/{name}", "/watchlists/Framework", ("Get_Watchlist.json",),
        kinds=_FUTURES_AS_EQUITY),
    Row("/public-watchlists", "/public-watchlists", ("Get_Public_Watchlists.json",)),
    Row("/public-watchlists/{name}", "/public-watchlists/High%20Options%20Volume",
        ("Get_Public_Watchlist.json",)),
    Row("/symbols/search/{prefix}", "/symbols/search/AAP", ("Get_Symbol_Search.json",)),
    Row("/accounts/{n}/orders/dry-run", f"/accounts/{MAIN}/orders/dry-run",
        # a submit answers in the dry-run's shape; the 2025 one adds the fee breakdowns
        ("Post_Dry_Run_Response.json", "Post_Dry_Run_Response_GTC.json",
         "official_guide/Post_Dry_Run_Response_Guide.json", "Post_Submit_Order_Response.json"),
        method="POST", body={
            "time-in-force": "Day", "order-type": "Limit", "price": "1.0",
            "price-effect": "Debit",
            "legs": [{"instrument-type": "Equity", "symbol": "AAPL", "quantity": 1,
                      "action": "Buy to Open"}]}),
]

# Routes with no recorded payload to compare with, and why.
NOT_RECORDED = {
    "GET /margin-requirements-public-configuration": "compared without a login in "
        "test_public_configuration_needs_no_login",
    "POST /oauth/token": "OAuth token grant: no recording (the session recordings are the "
                    "retired /sessions endpoint)",
    "POST /accounts/{n}/orders": "a real submit is refused by design; no 2xx shape to compare",
    "GET /market-time/sessions/current": "no recording",
    "GET /market-time/equities/sessions/next": "no recording",
    "GET /market-time/equities/sessions/previous": "no recording",
    "GET /market-time/equities/holidays": "no recording",
    "GET /market-time/futures/sessions/current/{exchange}": "no recording",
    "GET /market-time/futures/holidays/{exchange}": "no recording",
}

# Divergences not fixed yet, exactly as `diff` words them, by row id. A row fixed to
# conform fails here until its entry is removed: the list only ever shrinks.
KNOWN_GAPS: dict[str, list[str]] = {
    "GET /instruments/futures": [
        # recorded on the single-future answer (Get_Future_Instrument_RBM5), not the list
        "items[].future-product.price-format: not in any recording",
        "items[].option-tick-sizes: absent",
    ],
    "GET /instruments/future-options/{symbol:path}": [
        # recorded in the flat chain's future-option-product (GC excerpt), not on ESZ9
        "future-option-product.supported: not in any recording",
        "streamer-symbol: not in any recording",
    ],
}


def find_symbols(c: httpx.Client) -> dict[str, str]:
    """Option symbols listed today, for rows that need one."""
    (spy,) = c.get("/option-chains/SPY/nested").json()["data"]["items"]
    exp = min(spy["expirations"], key=lambda e: abs(e["days-to-expiration"] - 30))
    spy_call = exp["strikes"][len(exp["strikes"]) // 2]["call"]
    es = c.get("/futures-option-chains/ES/nested").json()["data"]["option-chains"][0]
    fexp = min(es["expirations"], key=lambda e: abs(e["days-to-expiration"] - 30))
    es_call = fexp["strikes"][len(fexp["strikes"]) // 2]["call"]
    orders = c.get(f"/accounts/{MAIN}/orders").json()["data"]["items"]
    return {"spy_call": spy_call, "es_call": es_call, "order_id": str(orders[0]["id"])}


@pytest.fixture(scope="module")
def live_symbols(sim: Any) -> dict[str, str]:
    with httpx.Client(base_url=sim.base_url, headers=UA, timeout=30) as c:
        return find_symbols(login(c))


def row_diff(c: httpx.Client, row: Row, symbols: dict[str, str]) -> list[str]:
    r = c.request(row.method, fill(row.path, symbols), json=row.body)
    assert 200 <= r.status_code < 300, r.text
    body = r.json()
    assert set(body) <= {"data", "context", "pagination"}, sorted(body)
    shape = shape_of(load_recorded(FIXTURES, row.recorded))
    data = {"items": [body["data"]]} if row.as_item else body["data"]
    return diff(data, shape, allowed_absent=row.absent, allowed_extra=row.extra,
                allowed_retype=row.retyped,
                kinds=dict(row.kinds))


def fill(path: str, symbols: dict[str, str]) -> str:
    base, _, query = path.partition("?")
    base = base.format(**{k: quote(v, safe="") for k, v in symbols.items()})
    return f"{base}?{query.format(**symbols)}" if query else base


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.key)
def test_answer_has_the_recorded_keys_and_types(row: Row, client: httpx.Client,
                                                live_symbols: dict[str, str]) -> None:
    got = row_diff(client, row, live_symbols)
    known = KNOWN_GAPS.get(row.key, [])
    assert got == known, (
        f"{row.route}: the answer diverges from the recordings {row.recorded} "
        f"(or a known gap was fixed: drop it from KNOWN_GAPS):\n  " + "\n  ".join(
            [f"now: {g}" for g in got if g not in known]
            + [f"fixed: {g}" for g in known if g not in got]))


def test_every_served_route_has_a_row_or_a_reason() -> None:
    served = {f"{m} {r.path}" for r in routes() if isinstance(r, Route)
              for m in (r.methods or ()) - {"HEAD"} if not r.path.startswith("/_sim/")}
    rowed = {row.key for row in ROWS}
    assert served - rowed - set(NOT_RECORDED) == set(), "add a Row for each new endpoint"
    assert rowed - served == set(), "a row names a route the app does not serve"
    assert set(NOT_RECORDED) & rowed == set()


def test_public_configuration_needs_no_login(sim: Any) -> None:
    with httpx.Client(base_url=sim.base_url, headers={"User-Agent": "t"}, timeout=10) as c:
        r = c.get("/margin-requirements-public-configuration")
    assert r.status_code == 200, r.text
    recorded = ("Get_Margin_Requirements_Public_Configuration.json",)
    shape = shape_of(load_recorded(FIXTURES, recorded))
    assert diff(r.json()["data"], shape) == []
    assert 0 < float(r.json()["data"]["risk-free-rate"]) < 0.2


# --- the comparison itself -------------------------------------------------------------

def _shape(*payloads: Any) -> Shape:
    return shape_of(list(payloads))


def test_diff_finds_missing_extra_and_retyped_keys() -> None:
    rec = _shape({"a": "1.0", "b": 2, "n": {"x": True}, "l": [{"k": "s"}]})
    assert diff({"a": "1.0", "b": 2, "n": {"x": True}, "l": [{"k": "t"}]}, rec) == []
    got = diff({"a": 1.0, "n": {"x": "true"}, "l": [{"k": "s", "z": 0}], "c": None}, rec)
    assert got == ["a: number, recorded string", "b: absent", "c: not in any recording",
                   "l[].z: not in any recording", "n.x: string, recorded bool"]
    assert diff({"a": "1", "n": {"x": True}, "l": []}, rec,
                allowed_absent=frozenset({"b"})) == []


def test_diff_treats_keys_some_recordings_lack_as_optional_and_reads_kinds() -> None:
    rec = _shape({"items": [{"instrument-type": "Equity", "bid": "1", "last-ext": "2"},
                            {"instrument-type": "Equity", "bid": "1"},
                            {"instrument-type": "Future Option", "mark": "3"}]})
    assert diff({"items": [{"instrument-type": "Equity", "bid": "1"}]}, rec) == []
    assert diff({"items": [{"instrument-type": "Future Option", "bid": "1"}]}, rec) == [
        "items[Future Option].bid: not in any recording",
        "items[Future Option].mark: absent"]
    assert diff({"items": [{"instrument-type": "Index", "bid": "1"}]}, rec) == [
        "items[Index]: no recorded element of this kind"]
    assert diff({"items": [{"instrument-type": "Index", "bid": "1"}]}, rec,
                kinds={"Index": "Equity"}) == []


# --- error bodies ---------------------------------------------------------------------

def _recorded_errors() -> Shape:
    bodies: list[Any] = []
    for name in ("Error_Responses.json", "Error_Responses_tasty-go.json",
                 "Error_Responses_Cert_VCR.json"):
        for entry in load_recorded(FIXTURES, (name,))[0]:
            body = entry.get("body", entry) if "status" in entry else entry
            if isinstance(body, dict) and set(body) == {"error"}:
                bodies.append(body)
    assert len(bodies) >= 10 and all(
        shape_of(bodies).keys["error"].required(k) for k in ("code", "message"))
    return shape_of(bodies)


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/accounts/5WZ99999/balances", 403),  # someone else's account
    ("GET", "/market-metrics", 400),  # a required parameter missing
    ("GET", "/no/such/route", 404),
    ("DELETE", "/customers/me", 405),
])
def test_errors_have_the_recorded_envelope(client: httpx.Client, method: str, path: str,
                                           status: int) -> None:
    r = client.request(method, path)
    assert r.status_code == status, r.text
    assert diff(r.json(), _recorded_errors()) == []


def test_a_refused_token_has_the_recorded_envelope(sim: Any) -> None:
    with httpx.Client(base_url=sim.base_url, headers=UA, timeout=10) as c:
        r = c.get("/customers/me", headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 401
    assert diff(r.json(), _recorded_errors()) == []
