"""The error tree, and the one place errors become exit codes.

    TastykingError                      exit 1  unexpected / internal
    ├── UsageError                      exit 2  bad input: flags, symbols, dates, config
    │   └── ConfigError                         invalid config (names the key and the file)
    ├── AuthError                       exit 3  not logged in, or credentials refused
    │   ├── NotLoggedIn                         no credentials anywhere
    │   └── KeyringUnavailable                  no usable OS keyring backend
    ├── ApiError                        exit 4  the API answered and refused the request
    │   ├── NotFound                            404: unknown account, symbol, order
    │   ├── RateLimited                         429 after the retries ran out
    │   └── PreflightFailed                     an order dry-run the broker rejected
    ├── ApiUnreachable                  exit 5  no usable answer: connection, timeouts, 5xx
    │   └── BadResponse                         an answer of the wrong shape or impossible values
    └── PartialData                     exit 6  a document was produced with values missing

Messages are one line, safe to print: they never contain a secret.
"""

from __future__ import annotations

from typing import Any


class ExitCode:
    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    AUTH = 3
    API_REFUSED = 4
    UNREACHABLE = 5
    PARTIAL = 6
    INTERRUPTED = 130


class TastykingError(Exception):
    exit_code = ExitCode.UNEXPECTED

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(TastykingError):
    exit_code = ExitCode.USAGE


class ConfigError(UsageError):
    pass


class AuthError(TastykingError):
    exit_code = ExitCode.AUTH


class NotLoggedIn(AuthError):
    pass


class KeyringUnavailable(AuthError):
    pass


class ApiError(TastykingError):
    """The API answered with an error envelope."""

    exit_code = ExitCode.API_REFUSED

    def __init__(
        self,
        message: str,
        *,
        status: int = 0,
        code: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        data: Any = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.code = code
        self.errors = errors or []
        self.data = data  # a failing dry-run still carries data

    @property
    def reasons(self) -> list[str]:
        """Inner errors as text; both shapes: {code, message} and {domain, reason}."""
        out = []
        for err in self.errors:
            if "message" in err:
                out.append(f"{err.get('code', 'error')}: {err['message']}")
            else:
                out.append(f"{err.get('domain', '?')}: {err.get('reason', '?')}")
        return out


class NotFound(ApiError):
    pass


class RateLimited(ApiError):
    pass


class PreflightFailed(ApiError):
    pass


class ApiUnreachable(TastykingError):
    exit_code = ExitCode.UNREACHABLE


class BadResponse(ApiUnreachable):
    """tastytrade answered, but not with anything usable: a body of the wrong shape
    (``data`` not an object, ``items`` not a list), a field that fails validation, or an
    impossible value where nothing else can stand in (a negative net liq). Exit 5, like
    no answer at all: a wrong answer is never passed on as an empty or a default one."""


class PartialData(TastykingError):
    exit_code = ExitCode.PARTIAL
