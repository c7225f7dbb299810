"""Choosing the widest layout of a table that fits the terminal without cutting anything.

Rich shortens cells with "…" when a table is wider than the console; numbers, symbols and
dates must never be shortened, so a table is built in several layouts (most columns
first) and the first whose natural width fits is used.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import TypeVar

from rich.console import Console, RenderableType
from rich.measure import Measurement

T = TypeVar("T")


def natural_width(renderable: RenderableType) -> int:
    """The width the renderable takes when nothing is wrapped or cut."""
    console = Console(width=10_000, file=io.StringIO(), color_system=None)
    return Measurement.get(console, console.options, renderable).maximum


def first_fitting(width: int | None, layouts: Sequence[T],
                  build: Callable[[T], RenderableType]) -> tuple[T, RenderableType]:
    """The first layout whose table fits `width` (None: no limit), else the last one."""
    built: RenderableType | None = None
    for layout in layouts:
        built = build(layout)
        if width is None or natural_width(built) <= width:
            return layout, built
    assert built is not None
    return layouts[-1], built
