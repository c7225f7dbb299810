"""searched-data at injected latency: wall time, REST request count, peak memory.

Target (issue 4): at 100 ms simulated latency per request, the whole command
(a fresh process: start-up, token grant, every fetch, the DXLink session, JSON
out) finishes within 3 s.

Two figures:
  cold  a fresh home per run: no cached access or quote token (a nightly cron run)
  warm  one home for all runs: tokens cached in the keyring (runs within 15 min)

Prints figures; it is not a test.
Run: /tmp/venv/bin/python bench/bench_searched.py [runs] [latency_ms]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Run, one  # noqa: E402

ARGS = ["searched-data", "--json"]


def report(label: str, latency_ms: int, results: list[Run]) -> None:
    walls = [r.wall for r in results]
    print(f"searched-data {label:<4} latency {latency_ms} ms: wall median "
          f"{statistics.median(walls):.3f} s (min {min(walls):.3f}, max {max(walls):.3f}), "
          f"requests {sorted({r.requests for r in results})}, "
          f"peak RSS {max(r.peak_mib for r in results):.1f} MiB, "
          f"exit codes {sorted({r.code for r in results})}  [{len(results)} runs]")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    latency = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    from tastyking.sim.server import SimConfig, SimServer

    with SimServer(SimConfig(latency_ms=latency, journal=False)) as server:
        with tempfile.TemporaryDirectory() as tmp:
            one(ARGS, server, Path(tmp))  # untimed: the sim builds its chains once a day
        cold = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                cold.append(one(ARGS, server, Path(tmp)))
        with tempfile.TemporaryDirectory() as tmp:
            one(ARGS, server, Path(tmp))
            warm = [one(ARGS, server, Path(tmp)) for _ in range(runs)]
    report("cold", latency, cold)
    report("warm", latency, warm)
    worst = max(r.wall for r in cold)
    if latency == 100:
        print(f"  target <= 3.0 s at 100 ms: {'met' if worst <= 3.0 else 'MISSED'} "
              f"(slowest cold run {worst:.3f} s)")


if __name__ == "__main__":
    main()
