"""The redacting log filter keeps secrets out of every log line."""

from __future__ import annotations

import logging

import pytest

from tastyking.logs import RedactingFilter, redact, register_secret


def test_registered_secrets_and_bearer_tokens_are_masked() -> None:
    register_secret("s3cr3t-client-value")
    text = redact('client_secret=s3cr3t-client-value Authorization: Bearer abc.def.ghi')
    assert "s3cr3t-client-value" not in text and "abc.def.ghi" not in text
    assert redact('{"access_token": "eyJ0eXAi.x.y", "expires_in": 900}') == (
        '{"access_token": "***", "expires_in": 900}')


def test_filter_redacts_args_of_third_party_records(caplog: pytest.LogCaptureFixture) -> None:
    register_secret("refresh-token-9876")
    logger = logging.getLogger("httpx")
    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    record = logger.makeRecord("httpx", logging.DEBUG, __file__, 1,
                               "body %s", ("refresh_token=refresh-token-9876",), None)
    handler.filter(record)
    assert "refresh-token-9876" not in record.getMessage()


def test_paths_that_end_in_token_are_not_mangled() -> None:
    assert redact("POST /oauth/token: connection failed (ConnectError)") == (
        "POST /oauth/token: connection failed (ConnectError)")
    assert redact('{"token": "abc123def"}') == '{"token": "***"}'
