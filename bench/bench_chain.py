"""`chain`: a 45-DTE SPY chain with 40 strikes at 50 ms simulated latency, both sources.

Target: <= 1.5 s wall for the default source. Prints figures; it is not a test.
    /tmp/venv/bin/python bench/bench_chain.py [runs] [latency_ms]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import run  # noqa: E402


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    latency = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    base = ["chain", "SPY", "--dte", "45", "--strikes", "40", "--json"]
    for source in ("rest", "stream"):
        run([*base, "--source", source], latency_ms=latency, runs=runs,
            label=f"chain SPY 45 DTE, 40 strikes, source={source}")
    run([*base, "--delta", "0.16"], latency_ms=latency, runs=runs,
        label="chain SPY 45 DTE, 40 strikes, --delta 0.16 (whole expiration), source=rest")
    run(["chain", "SPX", "--strikes", "40", "--json"], latency_ms=latency, runs=runs)
    run(["chain", "/ES", "--strikes", "40", "--json"], latency_ms=latency, runs=runs)
    in_process(latency)


def in_process(latency: int, rounds: int = 10) -> None:
    """The two sources head to head inside one process (no interpreter start-up in the
    figures), alternating so that load on the machine hits both alike."""
    import asyncio
    import os
    import statistics
    import time

    from tastyking.config import load_settings
    from tastyking.credentials import Credentials
    from tastyking.services.chains.view import ChainRequest, chain_view
    from tastyking.services.session import open_api
    from tastyking.sim.server import SimConfig, SimServer

    os.environ.pop("TASTYKING_CONFIG", None)
    with SimServer(SimConfig(latency_ms=latency, journal=False)) as server:
        settings = load_settings(env="sandbox", api_url=server.base_url)
        creds = Credentials(client_secret="demo-secret", refresh_token="demo-refresh")

        async def main() -> dict[str, list[float]]:
            times: dict[str, list[float]] = {"rest": [], "stream": []}
            async with open_api(settings, None, creds, cache_tokens=False) as api:
                for source in ("rest", "stream"):  # warm: token, quote token, sim caches
                    await chain_view(api, ChainRequest("SPY", dte=45, strikes=40,
                                                       source=source))  # type: ignore[arg-type]
                for _ in range(rounds):
                    for source in ("rest", "stream"):
                        t = time.perf_counter()
                        await chain_view(api, ChainRequest("SPY", dte=45, strikes=40,
                                                           source=source))  # type: ignore[arg-type]
                        times[source].append(time.perf_counter() - t)
            return times

        times = asyncio.run(main())
    for source, ts in times.items():
        print(f"in-process chain_view SPY 40 strikes source={source}: median "
              f"{statistics.median(ts) * 1000:.0f} ms (min {min(ts) * 1000:.0f}) [{rounds} rounds]")


if __name__ == "__main__":
    main()
