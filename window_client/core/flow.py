"""The flow chart of a one-thing's items, as a grid: one column per dependency
layer (an item stands one column right of the deepest item it waits for), items in
a column in their catalog order, arrows from each item to the items that wait for
it. The screen (qt/flow_chart.py) and the printed guide (documents/flow_chart.py)
draw the same grid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def layers(items: Sequence[tuple[str, Sequence[str]]]) -> dict[str, int]:
    """Column of each item: 0 for items without (present) dependencies, else one
    more than the deepest dependency."""
    present = {code for code, _ in items}
    deps = {code: tuple(d for d in ds if d in present) for code, ds in items}
    depth: dict[str, int] = {}

    def visit(code: str) -> int:
        if code not in depth:
            depth[code] = 1 + max((visit(d) for d in deps[code]), default=-1)
        return depth[code]

    for code, _ in items:
        visit(code)
    return depth


@dataclass(frozen=True)
class FlowGrid:
    cells: dict[str, tuple[int, int]]      # key → (column, row)
    edges: tuple[tuple[str, str], ...]     # (from, to): "to" waits for "from"

    @property
    def columns(self) -> int:
        return 1 + max((c for c, _ in self.cells.values()), default=-1)

    @property
    def rows(self) -> int:
        return 1 + max((r for _, r in self.cells.values()), default=-1)


def flow_grid(items: Sequence[tuple[str, Sequence[str]]]) -> FlowGrid:
    """``items``: (key, keys it waits for), in catalog order."""
    depth = layers(items)
    next_row: dict[int, int] = {}
    cells: dict[str, tuple[int, int]] = {}
    for key, _ in items:
        column = depth[key]
        cells[key] = (column, next_row.get(column, 0))
        next_row[column] = cells[key][1] + 1
    edges = tuple((d, key) for key, ds in items for d in ds if d in cells)
    return FlowGrid(cells, edges)
