"""Every command against a simulator with latency: wall time, requests, peak memory.

Prints figures; it is not a test. Run from the project root:
    .venv/bin/python bench/run.py [latency_ms] [runs]
Targets (on the 2-core CI box): `--help` <= 0.30 s and 40 MiB (bench_startup.py);
a 45-DTE SPY chain with >= 40 strikes and `greeks` <= 1.5 s at 50 ms;
`searched-data` <= 3 s at 100 ms (bench_searched.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import run  # noqa: E402

COMMANDS = [
    ["account", "--json"],
    ["positions", "--json"],
    ["chain", "SPY", "--strikes", "40", "--json"],
    ["chain", "/ES", "--dte", "90", "--strikes", "40", "--json"],
    ["greeks", "--json"],
    ["searched-data", "--json"],
    ["prepare-order", "strangle", "SPY", "--dte", "45", "--delta", "0.16", "--json"],
]


def main() -> None:
    latency = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    for args in COMMANDS:
        run(args, latency_ms=latency, runs=runs)


if __name__ == "__main__":
    main()
