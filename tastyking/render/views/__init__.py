"""Tables for the everyday read-only views."""

from __future__ import annotations

from rich.table import Table

NARROW = 100  # below this many columns, tables drop their low-value columns


def new_table(title: str, width: int, caption: str | None = None) -> Table:
    """A table that spends as few columns as possible on borders when space is short."""
    if width < NARROW:
        # no rules at all: one space between columns, none at the edges
        return Table(title=title, title_justify="left", caption=caption, box=None,
                     collapse_padding=True, pad_edge=False, header_style="bold underline")
    return Table(title=title, title_justify="left", caption=caption)
