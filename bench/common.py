"""A small benchmark runner: the CLI in a fresh process against a simulator with latency.

    run(["chain", "SPY", "--strikes", "40"], latency_ms=50, runs=5)

Starts one SimServer(latency_ms=...) in this process, runs `python -m tastyking ...`
as a subprocess pointed at it (TASTYKING_API_URL + the demo credentials, a private
HOME and a file keyring so the user's config and keyring are never touched), and
prints per run: wall time, REST requests served (from the sim's journal) and the
child's peak RSS. Prints figures; it is not a test.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUPPORT = ROOT / "tests" / "support"


@dataclass
class Run:
    wall: float
    requests: int
    peak_mib: float
    code: int


def child_env(base_url: str, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TASTYKING_")}
    env.update({
        "TASTYKING_ENV": "sandbox",
        "TASTYKING_API_URL": base_url,
        "TASTYKING_CLIENT_SECRET": "demo-secret",
        "TASTYKING_REFRESH_TOKEN": "demo-refresh",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "PYTHON_KEYRING_BACKEND": "tk_test_keyring.FileKeyring",
        "TK_TEST_KEYRING_FILE": str(home / "keyring.json"),
        "PYTHONPATH": os.pathsep.join([str(SUPPORT), str(ROOT)]),
        "COLUMNS": "200",
    })
    return env


def one(args: Sequence[str], server: object, home: Path) -> Run:
    state = server.state  # type: ignore[attr-defined]
    before = len(state.journal)
    t = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tastyking", *args], cwd=ROOT,
        env=child_env(server.base_url, home),  # type: ignore[attr-defined]
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    # Reap the child ourselves: wait4 gives its own peak RSS, not the max of all children.
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(f"  exit {code}: {err.strip()[-300:]}", file=sys.stderr)
    return Run(wall, len(state.journal) - before, usage.ru_maxrss / 1024, code)  # KiB -> MiB


def run(args: Sequence[str], *, latency_ms: int = 50, runs: int = 5, label: str = "",
        warm: bool = True, book: str = "demo") -> list[Run]:
    """Run `tastyking ARGS` `runs` times against one simulator and print the figures.

    `warm` does one untimed run first so the sim's lazily built chains and demo book
    are not charged to the CLI (a real server has them ready). `book="large"` serves
    the large book (3 accounts, 500+ positions).
    """
    from tastyking.sim.server import SimConfig, SimServer

    with tempfile.TemporaryDirectory() as tmp, \
            SimServer(SimConfig(latency_ms=latency_ms, journal=False, book=book)) as server:
        home = Path(tmp)
        if warm:
            one(args, server, home)
        results = [one(args, server, home) for _ in range(runs)]
    walls = [r.wall for r in results]
    name = label or "tastyking " + " ".join(args)
    print(f"{name}\n  latency {latency_ms} ms: wall median {statistics.median(walls):.3f} s "
          f"(min {min(walls):.3f}, max {max(walls):.3f}), requests {results[-1].requests}, "
          f"peak RSS {max(r.peak_mib for r in results):.1f} MiB, "
          f"exit codes {sorted({r.code for r in results})}  [{runs} runs]")
    return results
