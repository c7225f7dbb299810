"""DXLink market-data streaming: sans-I/O protocol, socket client, one-shot helpers.

Public API (see each module's docstring):
    DXLinkClient(url, token, *, keepalive_interval=30.0, connect_timeout=10.0,
                 max_reconnects=5, backoff_base=0.5, ...)   async context manager
    collect / collect_from -> Collected(events, missing, error)
    fetch_candles / fetch_candles_from -> dict[str, list[CandleBar]]
    StreamError
"""

from tastyking.stream.collect import (
    CandleBar,
    Collected,
    candle_symbol,
    collect,
    collect_from,
    fetch_candles,
    fetch_candles_from,
)
from tastyking.stream.decode import Event, EventSnapshot
from tastyking.stream.dxlink import DXLinkClient
from tastyking.stream.errors import StreamError
from tastyking.stream.messages import EVENT_FIELDS

__all__ = [
    "EVENT_FIELDS",
    "CandleBar",
    "Collected",
    "DXLinkClient",
    "Event",
    "EventSnapshot",
    "StreamError",
    "candle_symbol",
    "collect",
    "collect_from",
    "fetch_candles",
    "fetch_candles_from",
]
