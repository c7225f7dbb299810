"""Opening an API session: where the base URL and credentials come from.

`--env demo` without an explicit api_url serves the offline simulator in-process on
a free loopback port, so every command works on a fresh machine with no account.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Iterator

from tastyking.api.client import ApiClient
from tastyking.config import Settings
from tastyking.credentials import Credentials, CredentialStore


@contextlib.contextmanager
def demo_server(settings: Settings, *, journal: bool = False) -> Iterator[str | None]:
    """Start the in-process simulator when the settings ask for demo; yield its URL."""
    if settings.env != "demo" or settings.api_url:
        yield None
        return
    from tastyking.sim.server import SimConfig, SimServer

    config = SimConfig(seed=settings.demo_seed, latency_ms=settings.demo_latency_ms,
                       journal=journal, book=settings.demo_book)
    server = SimServer(config).start()
    try:
        yield server.base_url
    except BaseException:
        # Interrupted mid-request: the simulator's in-flight handlers die with us, which
        # is not an error of the simulator's to report.
        logging.getLogger("uvicorn.error").disabled = True
        raise
    finally:
        server.stop()


@contextlib.asynccontextmanager
async def open_api(
    settings: Settings,
    base_url: str | None,
    credentials: Credentials | None = None,
    *,
    cache_tokens: bool = True,
) -> AsyncIterator[ApiClient]:
    """An ApiClient for this run; credentials default to env vars / keyring / demo."""
    store = CredentialStore(settings.env)
    creds = credentials or store.load()
    url = base_url or settings.base_url()
    assert url is not None, "demo without a running simulator"
    client = ApiClient(url, settings, creds, store if cache_tokens else None)
    try:
        yield client
    finally:
        await client.aclose()
