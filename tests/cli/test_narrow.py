"""At 80 columns (a pseudo-terminal that size) numbers, symbols and dates are never cut:
low-value columns are dropped with a note instead."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from tastyking.render import fmt
from tastyking.render.accounts import MARK_PLACES
from tests.cli.terminal import in_terminal, sim_env


def _cut(line: str, columns: int) -> bool:
    return "…" in line or len(line) > columns


def test_positions_at_80_columns_keep_every_symbol_date_and_number(pinned_sim) -> None:  # type: ignore[no-untyped-def]
    # pinned: a future option's mark is its theoretical price, which moves with the clock
    env = sim_env(pinned_sim)
    text = in_terminal("positions", "--json", env=env, columns=200).text
    doc = json.loads(text[text.index("{"):], parse_float=Decimal)  # after any spinner
    screen = in_terminal("positions", env=env, columns=80)
    assert screen.code == 0, screen.text
    assert not any(_cut(line, 80) for line in screen.lines()), screen.text
    for p in doc["positions"]:
        # the symbol, then the signed quantity (an OCC symbol's own spaces end in digits)
        row = next(line for line in screen.lines()
                   if re.match(rf" {re.escape(p['symbol'])} +[+-]\d", line))
        if p["expiration"]:
            assert p["expiration"] in row
        assert f"{Decimal(str(p['unrealized_pnl'])):+,.2f}" in row
        mark = Decimal(str(p["mark"]))
        assert fmt.price(mark, most=MARK_PLACES) in row
        assert f"{p['underlying']} · {p['strategy']}" in screen.text
    assert "hidden to fit the terminal" in screen.text


def test_positions_at_160_columns_show_type_and_multiplier(sim_server) -> None:  # type: ignore[no-untyped-def]
    screen = in_terminal("positions", env=sim_env(sim_server), columns=160)
    assert screen.code == 0
    assert "Mult" in screen.text and "fut opt" in screen.text
    assert "hidden" not in screen.text and "…" not in screen.text
