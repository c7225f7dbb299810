"""The large book (3 accounts, 500+ positions on 150+ underlyings) at 50 ms latency:
`positions`, `greeks`, `margin` and `account --framework`, with the request counts.

Target: <= 3 s wall each. Prints figures; it is not a test.
    .venv/bin/python bench/bench_large.py [runs] [latency_ms]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import run  # noqa: E402

COMMANDS = [
    ["positions", "--json"],
    ["greeks", "--json"],
    ["margin", "--json"],
    ["account", "--framework", "--json"],
]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    latency = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    for args in COMMANDS:
        run(args, latency_ms=latency, runs=runs, book="large",
            label="large book: tastyking " + " ".join(args))


if __name__ == "__main__":
    main()
