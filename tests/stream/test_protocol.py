"""DXLink protocol logic with literal frames (tastytrade-api.md section 13): no sockets."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tastyking.stream.decode import EventSnapshot, FeedDecoder, SnapshotTracker, decode_compact
from tastyking.stream.errors import StreamError
from tastyking.stream.messages import EVENT_FIELDS, encode, feed_subscription_msg
from tastyking.stream.protocol import Session

QC_QUOTE_FRAME = (
    '{"type":"FEED_DATA","channel":1,"data":["Quote",["NVDA",131.66,131.67,760.0,307.0,'
    '"PLTR",124.05,124.07,275.0,326.0]]}'
)
QC_QUOTE_FIELDS = ["eventSymbol", "bidPrice", "askPrice", "bidSize", "askSize"]
TRADE_DATA = [
    "Trade",
    ["AMZN", 201.5417, 257.0, 1748020169744, "SPX", 5931.91, "NaN", 1748892788016,
     "./ESU25P900:XCME", "NaN", "NaN", 0],
]
TRADE_FIELDS = ["eventSymbol", "price", "size", "time"]
SDK_QUOTE_ROW = ["SPY", 0, 0, 0, 0, "Q", 0, "Q", 411.58, 411.6, 400.0, 1313.0]


def test_the_sdk_field_lists_are_the_documented_ones() -> None:
    assert EVENT_FIELDS["Quote"] == (
        "eventSymbol", "eventTime", "sequence", "timeNanoPart", "bidTime", "bidExchangeCode",
        "askTime", "askExchangeCode", "bidPrice", "askPrice", "bidSize", "askSize",
    )
    assert EVENT_FIELDS["Greeks"][-7:] == (
        "price", "volatility", "delta", "gamma", "theta", "rho", "vega",
    )
    assert EVENT_FIELDS["Candle"][-4:] == ("open", "high", "low", "close")
    assert set(EVENT_FIELDS) == {
        "Quote", "Trade", "Greeks", "Summary", "Profile", "Candle", "TheoPrice",
        "TimeAndSale", "Underlying",
    }


def test_qc_quote_frame_decodes_two_events_by_the_configured_fields() -> None:
    decoder = FeedDecoder()
    decoder.configure({"Quote": QC_QUOTE_FIELDS})
    events = decoder.decode(json.loads(QC_QUOTE_FRAME)["data"])
    assert events == [
        {"eventType": "Quote", "eventSymbol": "NVDA", "bidPrice": 131.66, "askPrice": 131.67,
         "bidSize": 760.0, "askSize": 307.0},
        {"eventType": "Quote", "eventSymbol": "PLTR", "bidPrice": 124.05, "askPrice": 124.07,
         "bidSize": 275.0, "askSize": 326.0},
    ]


def test_feed_config_order_wins_over_the_requested_order() -> None:
    # Requested [symbol, bid, ask, bidSize, askSize]; the server confirms another order.
    decoder = FeedDecoder({"Quote": QC_QUOTE_FIELDS})
    decoder.configure({"Quote": ["eventSymbol", "askPrice", "bidPrice", "askSize", "bidSize"]})
    (nvda, _) = decoder.decode(json.loads(QC_QUOTE_FRAME)["data"])
    assert nvda["askPrice"] == 131.66 and nvda["bidPrice"] == 131.67
    assert nvda["askSize"] == 760.0 and nvda["bidSize"] == 307.0


def test_before_feed_config_the_requested_order_is_used() -> None:
    decoder = FeedDecoder({"Quote": QC_QUOTE_FIELDS})
    assert decoder.decode(json.loads(QC_QUOTE_FRAME)["data"])[1]["eventSymbol"] == "PLTR"


def test_trade_frame_nan_strings_become_none() -> None:
    decoder = FeedDecoder()
    decoder.configure({"Trade": TRADE_FIELDS})
    amzn, spx, fut = decoder.decode(TRADE_DATA)
    assert amzn == {"eventType": "Trade", "eventSymbol": "AMZN", "price": 201.5417,
                    "size": 257.0, "time": 1748020169744}
    assert spx["price"] == 5931.91 and spx["size"] is None
    assert fut["eventSymbol"] == "./ESU25P900:XCME" and fut["price"] is None
    assert fut["size"] is None and fut["time"] == 0


def test_infinity_strings_become_none() -> None:
    fields = ["eventSymbol", "delta", "vega"]
    [ev] = decode_compact("Greeks", fields, ["X", "Infinity", "-Infinity"])
    assert ev["delta"] is None and ev["vega"] is None


def test_sdk_quote_row_with_the_full_sdk_field_list() -> None:
    [ev] = FeedDecoder().decode(["Quote", SDK_QUOTE_ROW])
    assert ev["eventSymbol"] == "SPY" and ev["bidExchangeCode"] == "Q"
    assert (ev["bidPrice"], ev["askPrice"], ev["bidSize"], ev["askSize"]) == (
        411.58, 411.6, 400.0, 1313.0,
    )


def test_multi_type_frame_and_requested_event_type_field() -> None:
    decoder = FeedDecoder()
    decoder.configure({
        "Quote": ["eventType", "eventSymbol", "bidPrice"],
        "Trade": ["eventSymbol", "price"],
    })
    events = decoder.decode(
        ["Quote", ["Quote", "SPY", 1.5, "Quote", "QQQ", 2.5], "Trade", ["SPY", 1.55]]
    )
    assert events == [
        {"eventType": "Quote", "eventSymbol": "SPY", "bidPrice": 1.5},
        {"eventType": "Quote", "eventSymbol": "QQQ", "bidPrice": 2.5},
        {"eventType": "Trade", "eventSymbol": "SPY", "price": 1.55},
    ]


def test_full_format_objects() -> None:
    events = FeedDecoder().decode([
        {"eventType": "Quote", "eventSymbol": "SPX", "bidPrice": 5931.5, "bidSize": "NaN"},
        {"eventType": "Trade", "eventSymbol": "SPX", "price": 5931.91},
    ])
    assert events[0] == {"eventType": "Quote", "eventSymbol": "SPX", "bidPrice": 5931.5,
                         "bidSize": None}
    assert events[1]["price"] == 5931.91


def test_legacy_first_frame_announces_fields() -> None:
    decoder = FeedDecoder()
    events = decoder.decode([["Quote", ["eventSymbol", "bidPrice"]], ["SPY", 1.0, "QQQ", 2.0]])
    assert [e["bidPrice"] for e in events] == [1.0, 2.0]


def test_unknown_type_and_partial_tail_are_ignored() -> None:
    decoder = FeedDecoder({"Quote": ["eventSymbol", "bidPrice"]})
    assert decoder.decode(["Mystery", [1, 2, 3]]) == []
    assert decoder.decode(["Quote", ["SPY", 1.0, "QQQ"]]) == [
        {"eventType": "Quote", "eventSymbol": "SPY", "bidPrice": 1.0}
    ]


CANDLE_FIELDS = ["eventSymbol", "eventFlags", "time", "open", "high", "low", "close"]


def _candles(rows: list[list[object]]) -> list[dict[str, object]]:
    decoder = FeedDecoder()
    decoder.configure({"Candle": CANDLE_FIELDS})
    return decoder.decode(["Candle", [v for row in rows for v in row]])


def test_candle_snapshot_flags_4_to_10_collect_oldest_first() -> None:
    tracker = SnapshotTracker()
    first = tracker.feed(_candles([
        ["SPY{=1d}", 4, 3000, 3.0, 3.5, 2.5, 3.2],
        ["SPY{=1d}", 0, 2000, 2.0, 2.5, 1.5, 2.2],
    ]))
    assert first == []  # still inside the snapshot
    done = tracker.feed(_candles([
        ["SPY{=1d}", 0, 1000, 1.0, 1.5, 0.5, 1.2],
        ["SPY{=1d}", 10, 0, "NaN", "NaN", "NaN", "NaN"],
    ]))
    assert len(done) == 1
    snap = done[0]
    assert isinstance(snap, EventSnapshot)
    assert (snap.event_type, snap.symbol) == ("Candle", "SPY{=1d}")
    assert [e["time"] for e in snap.events] == [1000, 2000, 3000]
    # after the snapshot, updates are live events
    live = tracker.feed(_candles([["SPY{=1d}", 0, 3000, 3.0, 3.6, 2.5, 3.3]]))
    assert live == [{"eventType": "Candle", "eventSymbol": "SPY{=1d}", "eventFlags": 0,
                     "time": 3000, "open": 3.0, "high": 3.6, "low": 2.5, "close": 3.3}]


def test_interleaved_candle_snapshots_and_an_empty_one() -> None:
    tracker = SnapshotTracker()
    out = tracker.feed(_candles([
        ["A{=1d}", 4, 2000, 1, 1, 1, 1],
        ["B{=1d}", 14, 0, "NaN", "NaN", "NaN", "NaN"],  # BEGIN|END|REMOVE: no history
        ["A{=1d}", 0, 1000, 1, 1, 1, 1],
        ["A{=1d}", 10, 0, "NaN", "NaN", "NaN", "NaN"],
    ]))
    assert [(s.symbol, len(s.events)) for s in out if isinstance(s, EventSnapshot)] == [
        ("B{=1d}", 0), ("A{=1d}", 2),
    ]


def test_remove_events_are_dropped_for_other_types() -> None:
    tracker = SnapshotTracker()
    events = [
        {"eventType": "Greeks", "eventSymbol": ".X", "eventFlags": 2, "delta": None},
        {"eventType": "Greeks", "eventSymbol": ".X", "eventFlags": 4, "delta": 0.5},
    ]
    assert tracker.feed(events) == [events[1]]  # no buffering for non-Candle types


# ---------------------------------------------------------------- session


def _drain(session: Session) -> list[dict[str, Any]]:
    return session.take_outgoing()


def _handshake(session: Session) -> list[dict[str, Any]]:
    session.connection_made()
    sent = _drain(session)
    session.receive({"type": "SETUP", "channel": 0, "keepaliveTimeout": 60,
                     "acceptKeepaliveTimeout": 60, "version": "1.0"})
    session.receive({"type": "AUTH_STATE", "channel": 0, "state": "UNAUTHORIZED"})
    sent += _drain(session)
    session.receive({"type": "AUTH_STATE", "channel": 0, "state": "AUTHORIZED", "userId": "u"})
    sent += _drain(session)
    session.receive({"type": "CHANNEL_OPENED", "channel": 1, "service": "FEED",
                     "parameters": {"contract": "AUTO"}})
    sent += _drain(session)
    return sent


def test_session_handshake_messages_in_order() -> None:
    session = Session("tok-secret")
    session.subscribe("Quote", ["SPY", "AAPL"])  # before the connection: sent when ready
    sent = _handshake(session)
    assert [m["type"] for m in sent] == [
        "SETUP", "AUTH", "CHANNEL_REQUEST", "FEED_SETUP", "FEED_SUBSCRIPTION",
    ]
    assert sent[0] == {"type": "SETUP", "channel": 0, "keepaliveTimeout": 60,
                       "acceptKeepaliveTimeout": 60, "version": "0.1-tastyking/0.1"}
    assert sent[1] == {"type": "AUTH", "channel": 0, "token": "tok-secret"}
    assert sent[2] == {"type": "CHANNEL_REQUEST", "channel": 1, "service": "FEED",
                       "parameters": {"contract": "AUTO"}}
    assert sent[3]["acceptDataFormat"] == "COMPACT"
    assert sent[3]["acceptEventFields"]["Quote"] == list(EVENT_FIELDS["Quote"])
    assert sent[4] == {"type": "FEED_SUBSCRIPTION", "channel": 1, "add": [
        {"type": "Quote", "symbol": "SPY"}, {"type": "Quote", "symbol": "AAPL"}]}
    assert session.ready and session.user_id == "u"


def test_session_subscriptions_are_chunked_and_candles_carry_from_time() -> None:
    session = Session("t")
    _handshake(session)
    session.subscribe("Quote", [f"S{i}" for i in range(600)])
    session.subscribe("Candle", ["SPY{=1d}"], from_time=1666569600000)
    msgs = _drain(session)
    assert [len(m["add"]) for m in msgs] == [250, 250, 100, 1]
    assert msgs[-1]["add"] == [{"type": "Candle", "symbol": "SPY{=1d}",
                                "fromTime": 1666569600000}]
    session.unsubscribe("Quote", ["S1", "NEVER"])
    assert _drain(session) == [feed_subscription_msg(1, remove=[{"type": "Quote",
                                                                 "symbol": "S1"}])]


def test_session_resubscribes_everything_on_a_new_connection() -> None:
    session = Session("t")
    _handshake(session)
    session.subscribe("Quote", ["SPY"])
    session.subscribe("Candle", ["SPY{=1d}"], from_time=5)
    session.unsubscribe("Quote", ["SPY"])
    session.subscribe("Greeks", [".SPY261218C600"])
    _drain(session)
    sent = _handshake(session)  # a reconnect
    subs = [m for m in sent if m["type"] == "FEED_SUBSCRIPTION"]
    assert subs == [{"type": "FEED_SUBSCRIPTION", "channel": 1, "add": [
        {"type": "Candle", "symbol": "SPY{=1d}", "fromTime": 5},
        {"type": "Greeks", "symbol": ".SPY261218C600"},
    ]}]


def test_session_refused_token_raises_without_leaking_it() -> None:
    session = Session("very-secret-token")
    session.connection_made()
    session.receive({"type": "AUTH_STATE", "channel": 0, "state": "UNAUTHORIZED"})
    with pytest.raises(StreamError) as err:
        session.receive({"type": "AUTH_STATE", "channel": 0, "state": "UNAUTHORIZED"})
    assert err.value.reason == "auth"
    assert "very-secret-token" not in str(err.value)
    assert "very-secret-token" not in repr(session)


@pytest.mark.parametrize(("error", "reason"), [
    ("TIMEOUT", "server"), ("UNKNOWN", "server"), ("BAD_ACTION", "protocol"),
    ("UNAUTHORIZED", "auth"), ("INVALID_MESSAGE", "protocol"),
])
def test_server_errors_are_classified(error: str, reason: str) -> None:
    session = Session("t")
    with pytest.raises(StreamError) as err:
        session.receive({"type": "ERROR", "channel": 0, "error": error, "message": "m"})
    assert err.value.reason == reason and error in str(err.value)


def test_session_decodes_feed_data_with_its_feed_config() -> None:
    session = Session("t", event_fields={"Quote": QC_QUOTE_FIELDS})
    _handshake(session)
    session.receive({"type": "FEED_CONFIG", "channel": 1, "aggregationPeriod": 0.1,
                     "dataFormat": "COMPACT",
                     "eventFields": {"Quote": ["eventSymbol", "askPrice", "bidPrice",
                                               "askSize", "bidSize"]}})
    items = session.receive(json.loads(QC_QUOTE_FRAME))
    assert [(e["eventSymbol"], e["askPrice"]) for e in items] == [  # type: ignore[index]
        ("NVDA", 131.66), ("PLTR", 124.05),
    ]
    assert session.receive({"type": "FEED_DATA", "channel": 3, "data": ["Quote", []]}) == []


def test_encode_is_compact_json() -> None:
    assert encode({"type": "KEEPALIVE", "channel": 0}) == '{"type":"KEEPALIVE","channel":0}'
