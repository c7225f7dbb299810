"""Decode throughput of the DXLink client: COMPACT frames -> event dicts.

Builds a recorded-shape feed (Quote rows as the SDK field list lays them out,
Greeks for option symbols, a few "NaN" values like real index quotes), in
frames of ~100 events as the real server batches them, then times
json.loads + Session.receive over all frames. Prints events/s; not a test.

    /tmp/venv/bin/python bench/bench_decode.py [events]
"""

from __future__ import annotations

import json
import random
import sys
import time

from tastyking.stream.protocol import Session

PER_FRAME = 100


def quote_row(rng: random.Random, symbol: str, index: bool) -> list[object]:
    bid = round(rng.uniform(10, 600), 2)
    size: object = "NaN" if index else float(rng.randint(1, 900))
    return [symbol, 0, 0, 0, 0, "Q", 0, "Q", bid, round(bid + 0.01, 2), size, size]


def greeks_row(rng: random.Random, symbol: str) -> list[object]:
    return [symbol, 0, 0, 7235129486797176832, 1684559855338, 0, round(rng.uniform(0, 30), 3),
            rng.uniform(0.1, 0.8), rng.uniform(-1, 1), rng.uniform(0, 0.05),
            -rng.uniform(0, 0.5), rng.uniform(0, 0.1), rng.uniform(0, 0.6)]


def build_frames(total: int) -> list[str]:
    rng = random.Random(7)
    frames = []
    for n in range(total // PER_FRAME):
        if n % 2 == 0:
            rows = [quote_row(rng, f"SYM{i}", index=i % 20 == 0) for i in range(PER_FRAME)]
            data: list[object] = ["Quote", [v for r in rows for v in r]]
        else:
            rows = [greeks_row(rng, f".SPY261218C{500 + i}") for i in range(PER_FRAME)]
            data = ["Greeks", [v for r in rows for v in r]]
        frames.append(json.dumps({"type": "FEED_DATA", "channel": 1, "data": data}))
    return frames


def ready_session() -> Session:
    session = Session("bench")
    session.connection_made()
    session.receive({"type": "AUTH_STATE", "channel": 0, "state": "UNAUTHORIZED"})
    session.receive({"type": "AUTH_STATE", "channel": 0, "state": "AUTHORIZED"})
    session.receive({"type": "CHANNEL_OPENED", "channel": 1})
    session.take_outgoing()
    return session


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    frames = build_frames(total)
    best_full = best_decode = 0.0
    for _ in range(5):
        session = ready_session()
        start = time.perf_counter()
        count = 0
        for raw in frames:
            count += len(session.receive(json.loads(raw)))
        best_full = max(best_full, count / (time.perf_counter() - start))
        parsed = [json.loads(raw) for raw in frames]
        session = ready_session()
        start = time.perf_counter()
        for msg in parsed:
            session.receive(msg)
        best_decode = max(best_decode, count / (time.perf_counter() - start))
    print(f"{count} events in {len(frames)} frames (Quote + Greeks, {PER_FRAME}/frame)")
    print(f"json.loads + decode: {best_full:,.0f} events/s")
    print(f"decode only:         {best_decode:,.0f} events/s")


if __name__ == "__main__":
    main()
