"""DXLink protocol logic with no I/O (sans-I/O, like websockets' protocol.py).

Three layers, each testable with literal frames:

* message builders: ``setup_msg``, ``auth_msg``, ``channel_request_msg``,
  ``feed_setup_msg``, ``feed_subscription_msg``, ``keepalive_msg``,
  ``channel_cancel_msg`` return plain dicts; ``encode`` turns one into a frame.
* ``FeedDecoder`` turns FEED_DATA ``data`` (COMPACT or FULL) into event dicts
  ``{"eventType": ..., "eventSymbol": ..., <field>: value}``. COMPACT is decoded
  by the field order of the last FEED_CONFIG (falling back to the requested
  order before one arrives). ``"NaN"``, ``"Infinity"`` and ``"-Infinity"``
  become ``None``. Dicts, not dataclasses: building them is a single C-level
  ``map(dict, zip(...))`` pass, which is what makes decoding fast.
* ``SnapshotTracker`` applies eventFlags: for Candle it collects a snapshot
  from SNAPSHOT_BEGIN to SNAPSHOT_END (or SNIP) and emits one
  ``EventSnapshot`` (oldest first); REMOVE events are dropped for every type.
* ``Session`` is the connection state machine: feed it parsed server messages
  with ``receive``; it returns decoded items and queues the messages to send
  (``take_outgoing``). It keeps the subscription set across connections so the
  socket layer can re-subscribe after a reconnect by calling
  ``connection_made`` again.

One shared FEED channel (1) carries every event type, as the official JS SDK
does: one CHANNEL_REQUEST and one FEED_SETUP per connection instead of nine,
and re-subscribing after a reconnect is a single pass over one set.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from tastyking.stream.errors import StreamError

Event = dict[str, Any]

# Field lists the tastyware SDK requests (tastytrade-api.md 13.2), in order.
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "Quote": (
        "eventSymbol", "eventTime", "sequence", "timeNanoPart", "bidTime",
        "bidExchangeCode", "askTime", "askExchangeCode", "bidPrice", "askPrice",
        "bidSize", "askSize",
    ),
    "Trade": (
        "eventSymbol", "eventTime", "time", "timeNanoPart", "sequence", "exchangeCode",
        "dayId", "tickDirection", "extendedTradingHours", "price", "change", "size",
        "dayVolume", "dayTurnover",
    ),
    "Greeks": (
        "eventSymbol", "eventTime", "eventFlags", "index", "time", "sequence", "price",
        "volatility", "delta", "gamma", "theta", "rho", "vega",
    ),
    "Summary": (
        "eventSymbol", "eventTime", "dayId", "dayClosePriceType", "prevDayId",
        "prevDayClosePriceType", "openInterest", "dayOpenPrice", "dayHighPrice",
        "dayLowPrice", "dayClosePrice", "prevDayClosePrice", "prevDayVolume",
    ),
    "Profile": (
        "eventSymbol", "eventTime", "description", "shortSaleRestriction",
        "tradingStatus", "haltStartTime", "haltEndTime", "exDividendDayId",
        "statusReason", "high52WeekPrice", "low52WeekPrice", "beta", "shares",
        "highLimitPrice", "lowLimitPrice", "earningsPerShare", "exDividendAmount",
        "dividendFrequency", "freeFloat",
    ),
    "Candle": (
        "eventSymbol", "eventTime", "eventFlags", "index", "time", "sequence", "count",
        "volume", "vwap", "bidVolume", "askVolume", "impVolatility", "openInterest",
        "open", "high", "low", "close",
    ),
    "TheoPrice": (
        "eventSymbol", "eventTime", "eventFlags", "index", "time", "sequence", "price",
        "underlyingPrice", "delta", "gamma", "dividend", "interest",
    ),
    "TimeAndSale": (
        "eventSymbol", "eventTime", "eventFlags", "index", "time", "timeNanoPart",
        "sequence", "exchangeCode", "price", "size", "bidPrice", "askPrice",
        "tradeThroughExempt", "aggressorSide", "spreadLeg", "extendedTradingHours",
        "validTick", "type", "buyer", "seller", "exchangeSaleConditions",
    ),
    "Underlying": (
        "eventSymbol", "eventTime", "eventFlags", "index", "time", "sequence",
        "volatility", "frontVolatility", "backVolatility", "callVolume", "putVolume",
        "optionVolume", "putCallRatio",
    ),
}

# eventFlags bits (dxFeed IndexedEvent).
TX_PENDING = 0x01
REMOVE_EVENT = 0x02
SNAPSHOT_BEGIN = 0x04
SNAPSHOT_END = 0x08
SNAPSHOT_SNIP = 0x10
SNAPSHOT_MODE = 0x40

# Only Candle is collected into snapshots: other indexed types (Greeks,
# TimeAndSale) are consumed as "latest value" and a stray SNAPSHOT_BEGIN must
# not make them buffer forever.
SNAPSHOT_TYPES = frozenset({"Candle"})

FEED_CHANNEL = 1  # client channels must be odd
SUBSCRIPTION_CHUNK = 250  # symbols per FEED_SUBSCRIPTION: keeps frames well under limits
CLIENT_VERSION = "0.1-tastyking/0.1"

# JSON strings dxFeed uses for doubles it cannot express as JSON numbers.
_SPECIAL: dict[Any, None] = {"NaN": None, "Infinity": None, "-Infinity": None}
_SPECIAL_KEYS = _SPECIAL.keys()

# ERROR codes after which a fresh connection may succeed; the rest are fatal
# (our bug or a refused token: reconnecting would only repeat them).
_RETRYABLE_ERRORS = frozenset({"TIMEOUT", "UNKNOWN"})


# ---------------------------------------------------------------- builders


def setup_msg(
    keepalive_timeout: float = 60, accept_keepalive_timeout: float = 60,
    version: str = CLIENT_VERSION,
) -> dict[str, Any]:
    return {
        "type": "SETUP", "channel": 0, "keepaliveTimeout": keepalive_timeout,
        "acceptKeepaliveTimeout": accept_keepalive_timeout, "version": version,
    }


def auth_msg(token: str) -> dict[str, Any]:
    return {"type": "AUTH", "channel": 0, "token": token}


def channel_request_msg(channel: int = FEED_CHANNEL, contract: str = "AUTO") -> dict[str, Any]:
    return {
        "type": "CHANNEL_REQUEST", "channel": channel, "service": "FEED",
        "parameters": {"contract": contract},
    }


def feed_setup_msg(
    channel: int = FEED_CHANNEL,
    event_fields: Mapping[str, Sequence[str]] = EVENT_FIELDS,
    data_format: str = "COMPACT",
    aggregation_period: float = 0.1,
) -> dict[str, Any]:
    return {
        "type": "FEED_SETUP", "channel": channel,
        "acceptAggregationPeriod": aggregation_period, "acceptDataFormat": data_format,
        "acceptEventFields": {k: list(v) for k, v in event_fields.items()},
    }


def subscription_entry(
    event_type: str, symbol: str, from_time: int | None = None
) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": event_type, "symbol": symbol}
    if from_time is not None:
        entry["fromTime"] = from_time
    return entry


def feed_subscription_msg(
    channel: int = FEED_CHANNEL,
    *,
    add: Sequence[dict[str, Any]] = (),
    remove: Sequence[dict[str, Any]] = (),
    reset: bool = False,
) -> dict[str, Any]:
    msg: dict[str, Any] = {"type": "FEED_SUBSCRIPTION", "channel": channel}
    if reset:
        msg["reset"] = True
    if add:
        msg["add"] = list(add)
    if remove:
        msg["remove"] = list(remove)
    return msg


def keepalive_msg() -> dict[str, Any]:
    return {"type": "KEEPALIVE", "channel": 0}


def channel_cancel_msg(channel: int = FEED_CHANNEL) -> dict[str, Any]:
    return {"type": "CHANNEL_CANCEL", "channel": channel}


def encode(msg: Mapping[str, Any]) -> str:
    return json.dumps(msg, separators=(",", ":"))


def chunked(items: Sequence[Any], size: int = SUBSCRIPTION_CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# ---------------------------------------------------------------- decoding


def clean_values(values: list[Any]) -> list[Any]:
    """Replace dxFeed's "NaN"/"Infinity"/"-Infinity" strings by None.

    The isdisjoint pre-check runs in C and most frames have no special value,
    so the per-value Python loop only runs for frames that need it."""
    try:
        if _SPECIAL_KEYS.isdisjoint(values):
            return values
    except TypeError:  # an unhashable value (nested list): take the slow path
        pass
    return [None if (v.__class__ is str and v in _SPECIAL) else v for v in values]


def _clean_event(event: dict[str, Any]) -> dict[str, Any]:
    values = event.values()
    try:
        if _SPECIAL_KEYS.isdisjoint(values):
            return event
    except TypeError:
        pass
    return {k: (None if (v.__class__ is str and v in _SPECIAL) else v) for k, v in event.items()}


def decode_compact(event_type: str, fields: Sequence[str], values: list[Any]) -> list[Event]:
    """Decode one COMPACT pair: `values` is the flat list of all events' fields."""
    n = len(fields)
    if n == 0:
        return []
    values = clean_values(values)
    if "eventType" in fields:  # requested explicitly: the type is already in the values
        rows = zip(*[iter(values)] * n, strict=False)  # a partial tail is dropped
        return list(map(dict, map(zip, repeat(fields), rows)))
    keys = ("eventType", *fields)
    rows = zip(repeat(event_type), *[iter(values)] * n)  # C-level chunking; drops a partial tail
    return list(map(dict, map(zip, repeat(keys), rows)))


class FeedDecoder:
    """Decodes FEED_DATA payloads using the field order the server confirmed."""

    def __init__(self, requested: Mapping[str, Sequence[str]] = EVENT_FIELDS) -> None:
        self.requested = {k: tuple(v) for k, v in requested.items()}
        self.fields: dict[str, tuple[str, ...]] = {}  # from FEED_CONFIG

    def configure(self, event_fields: Mapping[str, Sequence[str]]) -> None:
        # FEED_CONFIG may be lazy and partial: merge per type.
        for event_type, fields in event_fields.items():
            self.fields[event_type] = tuple(fields)

    def fields_for(self, event_type: str) -> tuple[str, ...] | None:
        return self.fields.get(event_type) or self.requested.get(event_type)

    def decode(self, data: list[Any]) -> list[Event]:
        if not data:
            return []
        if isinstance(data[0], dict):  # FULL format
            return [_clean_event(e) for e in data if isinstance(e, dict) and "eventType" in e]
        events: list[Event] = []
        for i in range(0, len(data) - 1, 2):
            head, values = data[i], data[i + 1]
            if isinstance(head, list):  # legacy: ["Quote", [field names]] announces the order
                event_type = str(head[0])
                self.fields[event_type] = tuple(head[1])
            else:
                event_type = head
            fields = self.fields_for(event_type)
            if fields is None or not isinstance(values, list):
                continue  # a type we never asked for: nothing to decode it with
            events.extend(decode_compact(event_type, fields, values))
        return events


@dataclass(frozen=True)
class EventSnapshot:
    """A complete snapshot (for Candle: the history since fromTime), oldest first."""

    event_type: str
    symbol: str
    events: tuple[Event, ...]


Item = Event | EventSnapshot


class SnapshotTracker:
    """Applies eventFlags to decoded events (see module docstring)."""

    def __init__(self, snapshot_types: frozenset[str] = SNAPSHOT_TYPES) -> None:
        self.snapshot_types = snapshot_types
        self._pending: dict[tuple[str, str], list[Event]] = {}

    def reset(self) -> None:
        self._pending.clear()

    def feed(self, events: list[Event]) -> list[Item]:
        out: list[Item] = []
        types = self.snapshot_types
        pending = self._pending
        for ev in events:
            flags = ev.get("eventFlags") or 0
            if ev["eventType"] not in types:
                if not flags & REMOVE_EVENT:
                    out.append(ev)
                continue
            key = (ev["eventType"], ev.get("eventSymbol") or "")
            if flags & SNAPSHOT_BEGIN:
                pending[key] = []
            buf = pending.get(key)
            if buf is None:  # outside a snapshot: a live update
                if not flags & REMOVE_EVENT:
                    out.append(ev)
                continue
            if not flags & REMOVE_EVENT:
                buf.append(ev)
            if flags & (SNAPSHOT_END | SNAPSHOT_SNIP):
                del pending[key]
                out.append(EventSnapshot(key[0], key[1], _oldest_first(buf)))
        return out


def _oldest_first(events: list[Event]) -> tuple[Event, ...]:
    # Snapshots arrive newest first; a repeated time means an update of the
    # same candle, and the later message wins.
    by_time: dict[Any, Event] = {}
    for ev in events:
        by_time[ev.get("time")] = ev
    return tuple(sorted(by_time.values(), key=lambda e: e.get("time") or 0))


# ---------------------------------------------------------------- session


class Session:
    """Client-side DXLink state machine for one logical stream (many sockets).

    Usage by the socket layer, per connection::

        session.connection_made()          # queues SETUP
        send(session.take_outgoing())
        for each message: items = session.receive(parsed); send(session.take_outgoing())

    `subscribe`/`unsubscribe` may be called at any time; they queue messages
    the same way, so one drain of `take_outgoing` keeps the order right.

    `receive` raises StreamError: reason "auth" (token refused), "protocol"
    (server reported our protocol error) - both fatal - or "server" (TIMEOUT,
    UNKNOWN, channel closed by server) after which a reconnect may help.
    """

    def __init__(
        self,
        token: str,
        *,
        keepalive_timeout: float = 60,
        accept_keepalive_timeout: float = 60,
        data_format: str = "COMPACT",
        aggregation_period: float = 0.1,
        event_fields: Mapping[str, Sequence[str]] = EVENT_FIELDS,
        channel: int = FEED_CHANNEL,
    ) -> None:
        self._token = token
        self.keepalive_timeout = keepalive_timeout
        self.accept_keepalive_timeout = accept_keepalive_timeout
        self.data_format = data_format
        self.aggregation_period = aggregation_period
        self.event_fields = {k: tuple(v) for k, v in event_fields.items()}
        self.channel = channel
        # (event type, symbol) -> fromTime; survives reconnects.
        self.subscriptions: dict[tuple[str, str], int | None] = {}
        self._outgoing: list[dict[str, Any]] = []
        self._reset_connection()

    def __repr__(self) -> str:  # never show the token
        return (
            f"Session(state={self.state!r}, channel={self.channel}, "
            f"subscriptions={len(self.subscriptions)})"
        )

    def _reset_connection(self) -> None:
        self.state = "idle"  # idle -> setup -> auth -> channel -> ready
        self.server_keepalive_timeout: float | None = None
        self.server_accept_keepalive_timeout: float | None = None
        self.user_id: str | None = None
        self._auth_sent = False
        self.decoder = FeedDecoder(self.event_fields)
        self.snapshots = SnapshotTracker()
        self._outgoing = []

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    def connection_made(self) -> None:
        """A new socket is open: forget per-connection state, queue SETUP."""
        self._reset_connection()
        self.state = "setup"
        self._outgoing.append(setup_msg(self.keepalive_timeout, self.accept_keepalive_timeout))

    def queue(self, msg: dict[str, Any]) -> None:
        """Queue a message the caller decided to send (KEEPALIVE)."""
        self._outgoing.append(msg)

    def take_outgoing(self) -> list[dict[str, Any]]:
        out, self._outgoing = self._outgoing, []
        return out

    # -- subscriptions: recorded in any state; queued for sending only when
    # ready (CHANNEL_OPENED sends the whole set, which also re-subscribes
    # everything after a reconnect).

    def subscribe(
        self, event_type: str, symbols: Iterable[str], from_time: int | None = None
    ) -> None:
        added = []
        for symbol in symbols:
            self.subscriptions[(event_type, symbol)] = from_time
            added.append(subscription_entry(event_type, symbol, from_time))
        if self.ready:
            self._outgoing.extend(self._sub_messages(add=added))

    def unsubscribe(self, event_type: str, symbols: Iterable[str]) -> None:
        removed = []
        for symbol in symbols:
            if self.subscriptions.pop((event_type, symbol), _MISSING) is not _MISSING:
                removed.append(subscription_entry(event_type, symbol))
        if self.ready:
            self._outgoing.extend(self._sub_messages(remove=removed))

    def _sub_messages(
        self, *, add: Sequence[dict[str, Any]] = (), remove: Sequence[dict[str, Any]] = ()
    ) -> list[dict[str, Any]]:
        msgs = [feed_subscription_msg(self.channel, add=c) for c in chunked(add)]
        msgs += [feed_subscription_msg(self.channel, remove=c) for c in chunked(remove)]
        return msgs

    def _all_subscriptions(self) -> list[dict[str, Any]]:
        entries = [subscription_entry(t, s, f) for (t, s), f in self.subscriptions.items()]
        return self._sub_messages(add=entries)

    # -- server messages

    def receive(self, msg: Mapping[str, Any]) -> list[Item]:
        kind = msg.get("type")
        if kind == "FEED_DATA":
            if msg.get("channel") != self.channel:
                return []
            return self.snapshots.feed(self.decoder.decode(msg.get("data") or []))
        if kind == "FEED_CONFIG":
            if msg.get("channel") == self.channel:
                self.decoder.configure(msg.get("eventFields") or {})
                self.data_format = msg.get("dataFormat", self.data_format)
        elif kind == "SETUP":
            self.server_keepalive_timeout = _number(msg.get("keepaliveTimeout"))
            self.server_accept_keepalive_timeout = _number(msg.get("acceptKeepaliveTimeout"))
        elif kind == "AUTH_STATE":
            self._auth_state(msg)
        elif kind == "CHANNEL_OPENED":
            if msg.get("channel") == self.channel and self.state == "channel":
                self.state = "ready"
                self._outgoing.append(
                    feed_setup_msg(
                        self.channel, self.event_fields, self.data_format,
                        self.aggregation_period,
                    )
                )
                self._outgoing.extend(self._all_subscriptions())
        elif kind == "CHANNEL_CLOSED":
            if msg.get("channel") == self.channel and self.state == "ready":
                raise StreamError("the server closed the market-data channel", reason="server")
        elif kind == "ERROR":
            error = str(msg.get("error") or "UNKNOWN")
            text = f"DXLink server error {error}: {msg.get('message') or ''}".strip()
            if error == "UNAUTHORIZED":
                raise StreamError(text, reason="auth")
            raise StreamError(text, reason="server" if error in _RETRYABLE_ERRORS else "protocol")
        # KEEPALIVE and unknown types need no answer: any received frame
        # already proves the server is alive.
        return []

    def _auth_state(self, msg: Mapping[str, Any]) -> None:
        if msg.get("state") == "AUTHORIZED":
            self.user_id = msg.get("userId")
            if self.state in ("setup", "auth"):
                self.state = "channel"
                self._outgoing.append(channel_request_msg(self.channel))
            return
        # UNAUTHORIZED: the first one invites AUTH (SDK 13 waits for it); any
        # later one means the token was refused or revoked.
        if not self._auth_sent:
            self._auth_sent = True
            self.state = "auth"
            self._outgoing.append(auth_msg(self._token))
            return
        raise StreamError("DXLink refused the quote token (AUTH_STATE UNAUTHORIZED)", reason="auth")


_MISSING = object()


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None
