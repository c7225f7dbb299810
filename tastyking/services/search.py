"""Symbol search, so an unknown symbol gets "did you mean SPY, SPX?" instead of a bare
refusal. Shared by every use case that takes a symbol from the user."""

from __future__ import annotations

from pydantic import BaseModel

from tastyking.api import views as api_views
from tastyking.api.client import ApiClient
from tastyking.errors import TastykingError, UsageError

SHOWN = 5


class SearchResult(BaseModel):
    query: str
    matches: list[dict[str, str | None]]


async def search(api: ApiClient, prefix: str) -> SearchResult:
    query = prefix.strip().upper()
    if not query:
        raise UsageError("search needs a symbol or the start of one")
    found = await api_views.symbol_search(api, query)
    return SearchResult(query=query, matches=[{"symbol": m.symbol, "description": m.description}
                                              for m in found])


async def suggestions(api: ApiClient, symbol: str) -> list[str]:
    """Listed symbols close to `symbol`: those sharing its longest prefix that matches
    anything (SPYX -> SPY..., then SP...). Empty if the search itself fails."""
    text = symbol.strip().upper().lstrip("/")
    futures = symbol.strip().startswith("/")
    for n in range(len(text), 0, -1):
        try:
            found = await api_views.symbol_search(api, text[:n])
        except TastykingError:
            return []  # a suggestion is a courtesy: never fail the command over it
        names = [m.symbol for m in found if m.symbol.upper() != symbol.strip().upper()]
        if futures:
            names = [s for s in names if s.startswith("/")] or names
        if names:
            return names[:SHOWN]
    return []


async def unknown_symbol(api: ApiClient, symbol: str, what: str = "unknown symbol",
                         tail: str = "") -> UsageError:
    """The usage error for a symbol tastytrade does not know, with suggestions."""
    close = await suggestions(api, symbol)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return UsageError(f"{what} {symbol.strip().upper()}{tail}{hint}")
