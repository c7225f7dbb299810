"""At 80 columns the views drop columns with a note; symbols, dates and numbers stay whole."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tests.cli.terminal import in_terminal, sim_env


@pytest.mark.parametrize("args", [("transactions",), ("orders", "--history"), ("margin",)])
def test_views_fit_80_columns_without_cutting(sim_server, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    screen = in_terminal(*args, env=sim_env(sim_server), columns=80)
    assert screen.code in (0, 6), screen.text
    assert "…" not in screen.text
    assert all(cell_len(line) <= 80 for line in screen.lines())
    assert "hidden at this width" in screen.text
