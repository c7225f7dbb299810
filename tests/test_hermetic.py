"""The suite's own guard: nothing in a test can reach beyond loopback."""

from __future__ import annotations

import socket

import pytest


def test_connecting_off_loopback_is_refused_before_any_packet() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(AssertionError, match="tests stay on loopback"):
            sock.connect(("192.0.2.1", 443))  # TEST-NET-1: never routed anyway
    finally:
        sock.close()


def test_name_lookups_off_loopback_are_refused() -> None:
    with pytest.raises(AssertionError, match="tests stay on loopback"):
        socket.getaddrinfo("api.tastyworks.com", 443)


def test_the_production_environment_cannot_be_reached_from_tests(tk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TASTYKING_CLIENT_SECRET", "x-secret")
    monkeypatch.setenv("TASTYKING_REFRESH_TOKEN", "x-refresh")
    monkeypatch.setenv("TASTYKING_MAX_RETRIES", "0")
    r = tk("--env", "production", "account")
    assert r.code != 0 and "tests stay on loopback" in r.err
