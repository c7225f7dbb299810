"""Start-up cost of `tastyking --help`: wall time and peak memory of a fresh process.

Prints figures; it is not a test. Target: <= 0.30 s and <= 40 MiB on the 2-core CI box.
Run: .venv/bin/python bench/bench_startup.py [runs]
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time


def one(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tastyking", *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "COLUMNS": "100"})
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024  # ru_maxrss is KiB on Linux


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    for args in (["--help"], ["--version"]):
        walls, peaks = [], []
        for _ in range(runs):
            w, p = one(args)
            walls.append(w)
            peaks.append(p)
        print(f"tastyking {' '.join(args):<10} wall median {statistics.median(walls):.3f} s "
              f"(min {min(walls):.3f})  peak RSS {max(peaks):.1f} MiB  [{runs} runs]")


if __name__ == "__main__":
    main()
