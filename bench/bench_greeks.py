"""`greeks` on the demo portfolio (every account) at 50 ms simulated latency.

Target: <= 1.5 s wall. Prints figures; it is not a test.
    /tmp/venv/bin/python bench/bench_greeks.py [runs] [latency_ms]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import run  # noqa: E402


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    latency = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    run(["greeks", "--json"], latency_ms=latency, runs=runs, label="greeks --json (all accounts)")
    run(["greeks"], latency_ms=latency, runs=runs, label="greeks (table)")


if __name__ == "__main__":
    main()
