"""`account --framework`: the trading framework's account status (and its manual line).

Kept apart from cli/account.py so the command's options stay a page; the account
command calls `framework_status` when --framework or --line is given.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tastyking.cli.common import run_api, status

if TYPE_CHECKING:
    from tastyking.cli.common import Globals
    from tastyking.services.framework.doc import StatusDoc


def framework_status(g: Globals, *, json_out: bool, line: bool,
                     manual_file: Path | None) -> None:
    """Exit codes: 0 complete; 6 values missing (listed); 5 API unreachable and nothing
    entered; 3 not logged in; 2 bad input."""
    from tastyking.errors import ApiUnreachable, AuthError, PartialData
    from tastyking.services.framework import manual
    from tastyking.services.framework.doc import StatusDoc
    from tastyking.services.framework.status import collect
    from tastyking.services.searched.build import clock

    settings = g.settings()
    now = clock()
    values = manual.load_file(manual_file) if manual_file is not None else None
    api_error: ApiUnreachable | AuthError | None = None
    try:
        doc = run_api(g, lambda api: collect(api, settings, now))
    except (ApiUnreachable, AuthError) as exc:
        api_error = exc
        doc = StatusDoc.new(now)
        doc.fail("tastytrade API", exc.message)
        doc.why(["netLiq", "buyingPower", "cashBalance", "bpUsedPercent", "positions",
                 "positionsText", "canTrade", "vixLevel", "portfolioMargin", "monthPL"],
                f"the API could not be used ({exc.message})")
    if values is not None:
        unused = manual.apply(doc, values, f"file {manual_file}")
        if unused:
            status(f"kept the API's values for {', '.join(unused)} (also in the manual file)")
    elif doc.missing() and g.can_prompt():
        _prompt(doc)
    if not doc.has_data():
        raise api_error or ApiUnreachable("no account data could be fetched")

    document = doc.document()
    missing = document["metadata"]["missing"]
    if line:
        text, left_out = doc.line()
        if text is None:
            raise PartialData("the manual line needs " + ", ".join(left_out)
                              + " (unknown; see --json metadata.missing)")
        print(text)
        if left_out:
            status(f"left out of the line (unknown): {', '.join(left_out)}")
    elif json_out:
        from tastyking.render.jsonout import emit

        emit(document)
    else:
        from tastyking.render.console import out
        from tastyking.render.framework import status_view

        out().print(status_view(document))
    if missing:
        first = ", ".join(list(missing)[:4]) + (" ..." if len(missing) > 4 else "")
        raise PartialData(f"{len(missing)} values missing ({first}); listed in "
                          "metadata.missing")


def _prompt(doc: StatusDoc) -> None:
    """Ask on the terminal for what the framework needs and the API did not give."""
    from tastyking.services.framework import manual

    wanted = [k for k in ("netLiq", "bpUsedPercent", "positionsText", "vixLevel",
                          "portfolioMargin", "monthPL") if doc.get(k) is None]
    if not wanted:
        return
    say = sys.stderr.write
    if doc.failures:
        say("tastyking could not get everything from tastytrade:\n")
        for f in doc.failures:
            say(f"  - {f['step']}: {f['error']}\n")
    say("Enter the values by hand (from your broker's screen); press Enter to skip one.\n")
    labels = {**{k: v[0] for k, v in manual.FIELDS.items()},
              "positionsText": "Positions, e.g. MCL STRANGLE (88 DTE, 2.80, +12%), or none",
              "portfolioMargin": "Portfolio margin (yes/no)"}
    got: dict[str, Any] = {}
    for key in wanted:
        for _ in range(3):
            say(f"{labels[key]}: ")
            sys.stderr.flush()
            text = sys.stdin.readline()
            if text == "":
                say("\n")
                manual.apply(doc, got, "prompt")
                return
            if not text.strip():
                break
            try:
                got[key] = manual.check(key, text)
                break
            except ValueError as exc:
                say(f"  {exc}; try again or press Enter to skip\n")
    manual.apply(doc, got, "prompt")
