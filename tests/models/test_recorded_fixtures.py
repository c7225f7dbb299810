"""Every recorded tastytrade payload of an endpoint the client reads parses into the
client's models; every other recording is listed with the reason the client does not
read it. A new recording must be put in one list or the other."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tastyking.api.client import _unwrap
from tastyking.errors import ApiError, PreflightFailed
from tastyking.models.account import AccountItem, Balances, Customer, TradingStatus
from tastyking.models.instruments import Equity, Future, FutureOption, FuturesChain, OptionChain
from tastyking.models.market import MarketData, MarketSession, QuoteToken
from tastyking.models.orders import DryRunResult
from tastyking.models.positions import Position
from tastyking.models.views import (
    MarginRequirements,
    NetLiqPoint,
    PlacedOrder,
    SymbolMatch,
    TotalFees,
    Transaction,
    Watchlist,
    WatchMetrics,
)
from tastyking.services.chains.listing import FutureFacts
from tastyking.stream.decode import FeedDecoder
from tests.conftest import FIXTURES

Parser = Callable[[Any], list[Any]]


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def _data(doc: Any) -> Any:
    """The `data` of an envelope; some captures kept only the data itself."""
    return doc["data"] if isinstance(doc, dict) and "data" in doc else doc


def one(model: type[Any]) -> Parser:
    return lambda doc: [model.model_validate(_data(doc))]


def each(model: type[Any]) -> Parser:
    def parse(doc: Any) -> list[Any]:
        items = _data(doc)["items"]
        assert items, "a recording with no items proves nothing"
        return [model.model_validate(i) for i in items]
    return parse


def errors(doc: Any) -> list[Any]:
    """Error envelopes become typed errors at the client's choke point."""
    out = []
    for body in doc if isinstance(doc, list) else [doc]:
        with pytest.raises(ApiError) as info:
            _unwrap(httpx.Response(400, json=body), "/x")
        out.append(info.value)
    return out


def preflight(doc: Any) -> list[Any]:
    """A failed dry-run carries both `error` and `data`: the rejection keeps its data."""
    with pytest.raises(PreflightFailed) as info:
        _unwrap(httpx.Response(400, json=doc), "/accounts/5YZ55555/orders/dry-run")
    return [DryRunResult.model_validate(info.value.data)]


# Fields the client asks DXLink for in these recordings' captures (SOURCES.md rows).
DXLINK_FIELDS = {
    "Candle": ("eventFlags", "eventSymbol", "time", "open", "high", "low", "close", "volume",
               "openInterest"),
    "Quote": ("eventSymbol", "bidPrice", "askPrice", "bidSize", "askSize"),
    "Summary": ("eventSymbol", "openInterest"),
    "Trade": ("eventSymbol", "price", "size", "time"),
}


def feed(doc: Any) -> list[Any]:
    decoder = FeedDecoder()
    decoder.configure(DXLINK_FIELDS)
    frames = doc if isinstance(doc, list) else [doc]
    return [e for f in frames for e in decoder.decode(f["data"])]


def control(doc: Any) -> list[Any]:
    assert {f["type"] for f in doc} <= {"AUTH_STATE", "ERROR"}
    return list(doc)


# Recording -> how the client reads it (the endpoint it reads, or the same shape).
READ: dict[str, Parser] = {
    "Get_Account_Balance.json": one(Balances),  # GET /accounts/{n}/balances
    "Get_Account_Balances.json": one(Balances),
    "Get_Api_Quote_Token.json": one(QuoteToken),  # GET /api-quote-tokens
    "Get_Customer_Accounts.json": each(AccountItem),  # GET /customers/me/accounts
    "Get_Customer_Accounts_Cert_StructureOnly.json": each(AccountItem),
    "Get_Customers_Me_Accounts_Cert.json": each(AccountItem),
    "Get_Customers_Me_Cert.json": one(Customer),  # GET /customers/me (login)
    "Get_Customer_Cert_StructureOnly.json": one(Customer),
    "Get_Positions.json": each(Position),  # GET /accounts/{n}/positions
    "Get_Positions_Equity_Option.json": each(Position),
    "Get_Trading_Status.json": one(TradingStatus),  # GET /accounts/{n}/trading-status
    "official_guide/Get_Trading_Status_Guide.json": one(TradingStatus),
    "Get_Option_Chain_AAPL_Nested.json": each(OptionChain),  # /option-chains/{u}/nested
    "Get_Option_Chain_SPY_Nested_Cert.json": each(OptionChain),
    "Get_Futures_Option_Chain_Nested.json": one(FuturesChain),  # /futures-option-chains/{p}/nested
    "Get_Futures_Option_Chain_Nested_ES_Full.json": one(FuturesChain),
    "Get_Equity_AAPL.json": one(Equity),  # GET /instruments/equities/{s}
    "Get_Equities.json": each(Equity),  # GET /instruments/equities?symbol[]=
    "Get_Equities_Cert.json": each(Equity),
    "Get_Future_Instruments.json": each(Future),  # GET /instruments/futures?product-code[]=
    "Get_Futures_Cert.json": each(Future),
    "Get_Future_Instrument_ESM3.json": one(FutureFacts),  # GET /instruments/futures/{s}
    "Get_Future_Instrument_RBM5.json": one(FutureFacts),
    "Get_Future_Option_ESZ9.json": one(FutureOption),  # GET /instruments/future-options/{s}
    "Get_Market_Data_By_Type.json": each(MarketData),  # GET /market-data/by-type
    "Get_Market_Data_By_Type_Equity_Options.json": each(MarketData),
    "official_guide/Get_Market_Data_By_Type_Guide.json": each(MarketData),
    "Get_Market_Metrics.json": each(WatchMetrics),  # GET /market-metrics
    "Get_Market_Metrics_XND_Production_Trimmed.json": each(WatchMetrics),
    "Get_Market_Sessions_Current_Cert.json": one(MarketSession),  # /market-time/.../current
    "Post_Dry_Run_Response.json": one(DryRunResult),  # POST /accounts/{n}/orders/dry-run
    "Post_Dry_Run_Response_GTC.json": one(DryRunResult),
    "Post_Order_Edit_Dry_Run_Response.json": one(DryRunResult),
    "official_guide/Post_Dry_Run_Response_Guide.json": one(DryRunResult),
    "Post_Dry_Run_Error_Response.json": preflight,
    # a submission answers in the dry-run's shape; the client only ever reads the dry-run
    "Post_Submit_Order_Response.json": one(DryRunResult),
    "Post_Order_Response_Contingent.json": one(DryRunResult),
    "Post_Order_Response_Market_Routed_Inline.json": one(DryRunResult),
    "Error_Responses.json": errors,  # error envelopes of any endpoint
    "Error_Responses_Cert_VCR.json": errors,
    "Error_Responses_tasty-go.json": errors,
    "Create_Session_Error_Response.json": errors,
    "Get_Net_Liq_History.json": each(NetLiqPoint),  # GET /accounts/{n}/net-liq/history
    "Get_Transactions.json": each(Transaction),  # GET /accounts/{n}/transactions
    "official_guide/Get_Transactions_Guide.json": each(Transaction),
    "Get_Transaction.json": one(Transaction),
    "Get_Transactions_Total_Fees.json": one(TotalFees),  # .../transactions/total-fees
    "Get_Live_Orders.json": each(PlacedOrder),  # GET /accounts/{n}/orders/live
    "Get_Orders.json": each(PlacedOrder),  # GET /accounts/{n}/orders
    "Get_Orders_Working_Limit_GTD.json": each(PlacedOrder),
    "Get_Orders_Working_StopLimit_GTC.json": each(PlacedOrder),
    "Get_Margin_Requirements.json": one(MarginRequirements),  # /margin/accounts/{n}/requirements
    "official_guide/Get_Margin_Requirements_Guide.json": one(MarginRequirements),
    "Get_Watchlists.json": each(Watchlist),  # GET /watchlists
    "Get_Watchlist.json": one(Watchlist),  # GET /watchlists/{name}
    "Get_Public_Watchlists.json": each(Watchlist),  # GET /public-watchlists
    "Get_Public_Watchlists_Counts.json": each(Watchlist),
    "Get_Public_Watchlist.json": one(Watchlist),  # GET /public-watchlists/{name}
    "Get_Symbol_Search.json": each(SymbolMatch),  # GET /symbols/search/{prefix}
    "DXLink_Candle_Frames.json": feed,  # the DXLink feed (COMPACT FEED_DATA)
    "DXLink_Quote_Frames.json": feed,
    "DXLink_Summary_Frames.json": feed,
    "DXLink_Trade_Frames.json": feed,
    "DXLink_Control_Frames.json": control,
}

# Recordings of endpoints the client does not read, and why.
NOT_READ: dict[str, str] = {
    "AccountStreamer_Order_Filled.json": "account streamer: tastyking reads no order events",
    "AccountStreamer_Status_Messages.json": "account streamer: not used",
    "official_guide/AccountStreamer_error_connect_Guide.json": "account streamer: not used",
    "official_guide/AccountStreamer_order_Guide.json": "account streamer: not used",
    "official_guide/AccountStreamer_order_market_Guide.json": "account streamer: not used",
    "official_guide/AccountStreamer_status_connect_Guide.json": "account streamer: not used",
    "official_guide/DXLink_Handshake_Transcript_Guide.json":
        "a transcript of both sides; the protocol tests replay the handshake literally",
    "Create_Session_Response.json": "legacy username/password sessions: tastyking uses OAuth",
    "Post_Sessions_Cert.json": "legacy username/password sessions: tastyking uses OAuth",
    "Delete_Order_Response.json": "tastyking never cancels an order",
    "Patch_Order_Response.json": "tastyking never edits an order",
    "Put_Replace_Order_Response.json": "tastyking never replaces an order",
    "Get_Order.json": "one order by id: the views list orders, they never fetch one",
    "Get_Customer_Live_Orders.json": "customer-wide live orders: the views ask per account",
    "official_guide/Post_Margin_Dry_Run_Guide.json": "margin dry-run: the order dry-run is used",
    "Get_Margin_Requirements_Effective_AAPL.json": "per-symbol effective margin: not used",
    "Get_Margin_Requirements_Public_Configuration.json":
        "public margin configuration: the rate is not used (the simulator serves it)",
    "Get_Balance_Snapshots.json": "balance snapshots: net-liq history is used instead",
    "Get_Position_Limit.json": "position limits: not shown",
    "Get_Customer_Account.json": "one account by number: the accounts list is read instead",
    "Get_Quantity_Decimal_Precisions.json": "quantity precisions: options trade in whole lots",
    "Get_Quantity_Decimal_Precisions_Cert.json": "quantity precisions: not used",
    "Get_Cryptocurrencies.json": "cryptocurrency instruments: not traded by tastyking",
    "Get_Cryptocurrencies_Cert.json": "cryptocurrency instruments: not traded by tastyking",
    "Get_Cryptocurrency_BTC.json": "cryptocurrency instruments: not traded by tastyking",
    "Get_Warrants.json": "warrants: not traded by tastyking",
    "Get_Warrant_NKLAW.json": "warrants: not traded by tastyking",
    "Get_Equities_Active.json": "the active-equities listing: symbols are looked up directly",
    "Get_Equity_Option_AAPL.json": "equity-option instruments: OCC symbols come from the chain",
    "Get_Equity_Options.json": "equity-option instruments: OCC symbols come from the chain",
    "Get_Option_Chain_AAPL.json": "the flat equity chain: the nested chain is read",
    "Get_Option_Chain_AAPL_Compact.json": "the compact equity chain: the nested chain is read",
    "Get_Futures_Option_Chain_ES.json": "the flat futures chain: the nested chain is read",
    "Get_Futures_Option_Chain_GC_Flat_Excerpt.json":
        "the flat futures chain: the nested chain is read (its symbols are checked by "
        "tests/domain/test_symbols.py)",
    "Get_Future_Options_ESZ9.json":
        "future-option listings: read one by symbol (its symbols are checked by "
        "tests/domain/test_symbols.py)",
    "Get_Future_Products.json": "futures products: the contracts are read instead",
    "Get_Future_Products_Cert.json": "futures products: the contracts are read instead",
    "Get_Future_Product_ES.json": "futures products: the contracts are read instead",
    "Get_Future_Option_Products.json": "future-option products: not used",
    "Get_Future_Option_Product_ECYM.json": "future-option products: not used",
    "Get_Historic_Dividends_AAPL.json": "dividend history: metrics carry the next dates",
    "Get_Historic_Earnings_AAPL.json": "earnings history: metrics carry the next date",
    "Get_Instrument_Search_Cert.json": "instrument search: symbol search is used",
    "Get_Pairs_Watchlist.json": "pairs watchlists: not shown",
    "Get_Pairs_Watchlists.json": "pairs watchlists: not shown",
    "Post_Watchlist.json": "tastyking never writes a watchlist",
    "Post_Watchlist_Cert.json": "tastyking never writes a watchlist",
    "Put_Watchlist.json": "tastyking never writes a watchlist",
    "Delete_Watchlist_Response.json": "tastyking never deletes a watchlist",
}


def _recordings() -> set[str]:
    return {p.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("*.json")}


def test_every_recorded_file_is_covered() -> None:
    assert not set(READ) & set(NOT_READ)
    assert set(READ) | set(NOT_READ) == _recordings()


@pytest.mark.parametrize("name", sorted(READ))
def test_each_recording_the_client_reads_parses(name: str) -> None:
    parsed = READ[name](load(name))
    assert parsed, name


# ----- what the parsed values say ------------------------------------------------------


def test_balances_parse_with_decimals_from_strings() -> None:
    (b,) = one(Balances)(load("Get_Account_Balance.json"))
    assert b.account_number == "5WZ81257"
    assert b.net_liquidating_value == Decimal("0.0")
    assert b.pending_cash_effect == "None"


def test_positions_parse_mixed_number_types() -> None:
    by_symbol = {p.symbol: p for p in each(Position)(load("Get_Positions.json"))}
    # quantity 1 vs 742 (numbers), multiplier 1 vs "1.0" (number vs string)
    assert by_symbol["AAPL"].quantity == 1 and by_symbol["AAPL"].multiplier == 1
    tqqq = by_symbol["TQQQ"]
    assert tqqq.quantity == 742 and tqqq.multiplier == Decimal("1.0")
    assert tqqq.average_open_price == Decimal("52.73")
    assert all(p.signed_quantity > 0 for p in by_symbol.values())


def test_quote_token_parses_and_hides_the_token() -> None:
    (qt,) = one(QuoteToken)(load("Get_Api_Quote_Token.json"))
    assert qt.dxlink_url.startswith("wss://") and qt.level == "demo"
    assert qt.token not in repr(qt)


def test_order_response_parses_as_dry_run_result() -> None:
    (r,) = one(DryRunResult)(load("Post_Submit_Order_Response.json"))
    assert r.order is not None and r.order.legs[0].action == "Buy to Open"
    assert r.buying_power_effect is not None
    assert r.buying_power_effect.change_in_buying_power == Decimal("1.001")
    assert r.buying_power_effect.change_in_buying_power_effect == "Debit"
    assert r.fee_calculation is not None and r.fee_calculation.total_fees is not None


def test_a_failed_dry_run_keeps_its_buying_power_effect() -> None:
    (r,) = preflight(load("Post_Dry_Run_Error_Response.json"))
    assert r.buying_power_effect is not None
    assert r.buying_power_effect.change_in_buying_power is not None


@pytest.mark.parametrize("index,code", [(0, "not_permitted"), (1, "invalid_credentials"),
                                        (2, "preflight_check_failure")])
def test_error_envelopes_become_typed_errors(index: int, code: str) -> None:
    body = load("Error_Responses.json")[index]
    resp = httpx.Response(422 if index == 2 else 403, json=body)
    with pytest.raises(ApiError) as info:
        _unwrap(resp, "/x")
    assert info.value.code == code
    if index == 2:
        assert info.value.reasons == [
            "gtc_market_orders_not_supported: GTC/GTD Market orders are not supported."]


def test_the_futures_chain_names_each_expirations_future_and_root() -> None:
    (chain,) = one(FuturesChain)(load("Get_Futures_Option_Chain_Nested_ES_Full.json"))
    exps = [e for c in chain.option_chains for e in c.expirations]
    assert exps and all(e.underlying_symbol and e.underlying_symbol.startswith("/ES")
                        for e in exps)
    # strikes without streamer symbols parse (89 of them in the quarterlies)
    bare = [s for e in exps for s in e.strikes if s.call_streamer_symbol is None]
    assert len(bare) == 89 and all(s.call and s.put for s in bare)


def test_a_future_option_instrument_names_its_future_and_product() -> None:
    (fo,) = one(FutureOption)(load("Get_Future_Option_ESZ9.json"))
    assert (fo.underlying_symbol, fo.root_symbol, fo.option_root_symbol) == (
        "/ESZ9", "/ES", "EW4")
    assert fo.multiplier == Decimal("1.0")  # the dollar multiplier lives on the future


def test_a_future_instrument_gives_its_multiplier_and_etf_equivalent() -> None:
    (es,) = one(FutureFacts)(load("Get_Future_Instrument_ESM3.json"))
    assert es.notional_multiplier == Decimal(50)
    assert es.future_etf_equivalent is not None and es.future_etf_equivalent.symbol == "SPY"
    (rb,) = one(FutureFacts)(load("Get_Future_Instrument_RBM5.json"))
    assert rb.streamer_symbol == "/RBM25:XNYM"


def test_the_recorded_feed_frames_decode_with_nan_as_missing() -> None:
    events = feed(load("DXLink_Candle_Frames.json"))
    assert [e["eventFlags"] for e in events] == [4, 0, 10]
    assert events[0]["eventSymbol"] == "AAPL{=d}" and events[0]["openInterest"] is None
    trades = feed(load("DXLink_Trade_Frames.json"))
    spx = next(e for e in trades if e["eventSymbol"] == "SPX")
    assert spx["size"] is None and spx["price"] == pytest.approx(5931.91)


def test_a_position_is_marked_at_the_mid_of_a_two_sided_quote() -> None:
    """tastytrade's `mark` is a futures option's theo price (outside its own market here)
    and an equity's last trade after the close; the mid of a two-sided quote marks."""
    rows = {m.symbol: m for m in each(MarketData)(load("Get_Market_Data_By_Type.json"))}
    fop = rows["./ESZ5 EW4V5 251024C5850"]
    assert (fop.bid, fop.ask, fop.mark) == (Decimal("747.0"), Decimal("754.25"),
                                            Decimal("801.768086004"))
    assert fop.price == Decimal("750.625")
    aapl = rows["AAPL"]
    assert aapl.mark == aapl.last == Decimal("233.99") and aapl.price == Decimal("233.985")
    guide = {m.symbol: m for m in each(MarketData)(
        load("official_guide/Get_Market_Data_By_Type_Guide.json"))}
    assert all(m.price is not None for m in guide.values())
    # no two-sided quote: tastytrade's mark, then the last trade
    one_sided = MarketData(symbol="VIX", bid=None, ask=None, mark=Decimal("25.15"))
    assert one_sided.price == Decimal("25.15")
    assert MarketData(symbol="X", bid=Decimal(0), ask=Decimal(1), last=Decimal("0.5"),
                      mark=None).price == Decimal("0.5")
