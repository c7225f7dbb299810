"""The DXLink connection state machine, with no I/O (sans-I/O, like websockets' protocol.py).

``Session`` is fed parsed server messages with ``receive``; it returns decoded
items (see ``decode``) and queues the messages to send (``take_outgoing``, built
by ``messages``). It keeps the subscription set across connections so the
socket layer can re-subscribe after a reconnect by calling ``connection_made``
again. Each layer is testable with literal frames.

One shared FEED channel (1) carries every event type, as the official JS SDK
does: one CHANNEL_REQUEST and one FEED_SETUP per connection instead of nine,
and re-subscribing after a reconnect is a single pass over one set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tastyking.stream.decode import FeedDecoder, Item, SnapshotTracker
from tastyking.stream.errors import StreamError
from tastyking.stream.messages import (
    EVENT_FIELDS,
    FEED_CHANNEL,
    auth_msg,
    channel_request_msg,
    chunked,
    feed_setup_msg,
    feed_subscription_msg,
    setup_msg,
    subscription_entry,
)

# ERROR codes after which a fresh connection may succeed; the rest are fatal
# (our bug or a refused token: reconnecting would only repeat them).
_RETRYABLE_ERRORS = frozenset({"TIMEOUT", "UNKNOWN"})


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
