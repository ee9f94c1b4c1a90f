"""Small-number suppression for every published count (DOMAIN.md: threshold is an organisation
setting, default 5).

Primary suppression hides any count from 1 to threshold-1: a reader must not be able to pick out
one or two people. Zero is shown: it says nobody, and identifies nobody.

Secondary suppression stops a hidden count being worked out by subtraction. When a total is
published alongside its parts and only one part is hidden, that part is total minus the others;
so the next smallest shown part is hidden too. In a table with row and column totals this is
repeated across rows and columns until nothing changes. A hidden total hides its parts.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass(frozen=True)
class Cell:
    value: int
    hidden: str = ""  # "", PRIMARY or SECONDARY

    @property
    def shown(self) -> int | None:
        return None if self.hidden else self.value

    def display(self, threshold: int) -> str:
        if self.hidden == PRIMARY:
            return f"fewer than {threshold}"
        if self.hidden == SECONDARY:
            return "hidden"
        return f"{self.value:,}"

    def __str__(self) -> str:  # for templates that just print the cell
        return "hidden" if self.hidden else f"{self.value:,}"


def is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def _initial(value: int, threshold: int) -> Cell:
    return Cell(value, PRIMARY if is_small(value, threshold) else "")


def suppress_series(
    counts: Mapping[Hashable, int], threshold: int, *, with_total: bool = True
) -> tuple[dict[Hashable, Cell], Cell]:
    """Suppress a list of counts published with its total (the usual case).

    Returns the cells and the total's cell. A small total hides every part with it.
    """
    total = _initial(sum(counts.values()), threshold)
    cells = {k: _initial(v, threshold) for k, v in counts.items()}
    if total.hidden:
        return {
            k: Cell(c.value, c.hidden or SECONDARY) if c.value else c for k, c in cells.items()
        }, total
    if not with_total:
        return cells, total
    group = {("cell", k): cell for k, cell in cells.items()}
    group[("total",)] = total
    _balance(group)
    return {k: group[("cell", k)] for k in cells}, group[("total",)]


def suppress_table(
    table: Mapping[Hashable, Mapping[Hashable, int]], threshold: int
) -> tuple[dict[tuple, Cell], dict[Hashable, Cell], dict[Hashable, Cell], Cell]:
    """Suppress a two-way table published with row totals, column totals and a grand total.

    Returns (cells keyed by (row, column), row totals, column totals, grand total).
    """
    rows = list(table)
    columns = sorted({c for r in rows for c in table[r]}, key=str)
    cells: dict[tuple, Cell] = {}
    for r in rows:
        for c in columns:
            value = table[r].get(c, 0)
            cells[(r, c)] = _initial(value, threshold)
    row_totals = {r: sum(table[r].get(c, 0) for c in columns) for r in rows}
    column_totals = {c: sum(table[r].get(c, 0) for r in rows) for c in columns}
    # Margins are published too, so they are cells of the table: a small margin is hidden, and
    # the margins form their own row and column that must not give a hidden one away.
    margin_row = {c: _initial(v, threshold) for c, v in column_totals.items()}
    margin_col = {r: _initial(v, threshold) for r, v in row_totals.items()}
    grand_cell = _initial(sum(row_totals.values()), threshold)

    changed = True
    while changed:
        changed = False
        for r in rows:
            group = {("cell", c): cells[(r, c)] for c in columns}
            group[("total",)] = margin_col[r]
            if _balance(group):
                changed = True
            for c in columns:
                cells[(r, c)] = group[("cell", c)]
            margin_col[r] = group[("total",)]
        for c in columns:
            group = {("cell", r): cells[(r, c)] for r in rows}
            group[("total",)] = margin_row[c]
            if _balance(group):
                changed = True
            for r in rows:
                cells[(r, c)] = group[("cell", r)]
            margin_row[c] = group[("total",)]
        for margins in (margin_col, margin_row):
            group = {("cell", k): v for k, v in margins.items()}
            group[("total",)] = grand_cell
            if _balance(group):
                changed = True
            for k in margins:
                margins[k] = group[("cell", k)]
            grand_cell = group[("total",)]
    return cells, margin_col, margin_row, grand_cell


def _balance(group: dict) -> bool:
    """One additive group (parts plus their total, all published): the sum ties them, so a single
    hidden member can be derived from the rest. Hide the smallest other non-zero member."""
    hidden = [k for k, cell in group.items() if cell.hidden]
    if len(hidden) != 1:
        return False
    candidates = [k for k, cell in group.items() if not cell.hidden and cell.value > 0]
    if not candidates:
        return False
    smallest = min(candidates, key=lambda k: (group[k].value, str(k)))
    group[smallest] = Cell(group[smallest].value, SECONDARY)
    return True


def share(part: Cell, whole: Cell) -> float | None:
    """A percentage that is only published when both its numbers are."""
    if part.hidden or whole.hidden or not whole.value:
        return None
    return round(100 * part.value / whole.value, 1)
