"""Primary and secondary suppression of published counts."""

from hypothesis import given
from hypothesis import strategies as st

from withus.reports.suppression import (
    PRIMARY,
    SECONDARY,
    Cell,
    share,
    suppress_series,
    suppress_table,
)


def test_small_counts_are_hidden_and_zero_is_shown():
    cells, total = suppress_series({"a": 3, "b": 0, "c": 20, "d": 9}, 5)
    assert cells["a"].hidden == PRIMARY
    assert cells["b"].shown == 0
    # One hidden part and a published total would give it away: the smallest other goes too.
    assert cells["d"].hidden == SECONDARY
    assert cells["c"].shown == 20
    assert total.shown == 32


def test_nothing_hidden_when_every_count_is_large_enough():
    cells, total = suppress_series({"a": 5, "b": 7}, 5)
    assert all(not c.hidden for c in cells.values())
    assert total.shown == 12


def test_two_small_counts_protect_each_other():
    cells, _ = suppress_series({"a": 1, "b": 2, "c": 30}, 5)
    assert cells["a"].hidden == PRIMARY and cells["b"].hidden == PRIMARY
    assert cells["c"].shown == 30


def test_only_other_parts_are_zero_so_the_total_is_hidden():
    cells, total = suppress_series({"a": 3, "b": 0}, 2)
    assert cells["a"].shown == 3
    cells, total = suppress_series({"a": 0, "b": 7, "c": 0}, 10)
    assert cells["b"].hidden == PRIMARY and total.hidden == PRIMARY


def test_a_small_total_hides_all_its_parts():
    cells, total = suppress_series({"a": 2, "b": 1}, 5)
    assert total.hidden == PRIMARY
    assert all(c.hidden for c in cells.values())


def test_threshold_is_the_organisation_setting():
    cells, _ = suppress_series({"a": 9, "b": 30, "c": 40}, 10)
    assert cells["a"].hidden == PRIMARY
    assert cells["b"].hidden == SECONDARY
    assert cells["c"].shown == 40


def test_without_a_total_no_secondary_suppression():
    cells, _ = suppress_series({"a": 3, "b": 20}, 5, with_total=False)
    assert cells["b"].shown == 20


def test_display_words():
    assert Cell(3, PRIMARY).display(5) == "fewer than 5"
    assert Cell(12, SECONDARY).display(5) == "hidden"
    assert Cell(1200).display(5) == "1,200"


def test_share_needs_both_numbers_shown():
    assert share(Cell(5), Cell(20)) == 25.0
    assert share(Cell(3, PRIMARY), Cell(20)) is None
    assert share(Cell(3), Cell(0)) is None


def test_table_secondary_suppression_across_rows_and_columns():
    table = {
        "men": {"white": 40, "black": 3, "asian": 12},
        "women": {"white": 30, "black": 8, "asian": 15},
    }
    cells, row_totals, column_totals, grand = suppress_table(table, 5)
    assert cells[("men", "black")].hidden == PRIMARY
    # Its row and its column each need a second hidden member.
    assert cells[("men", "asian")].hidden == SECONDARY
    assert cells[("women", "black")].hidden == SECONDARY
    _assert_safe(table, cells, row_totals, column_totals, grand, 5)


def _assert_safe(table, cells, row_totals, column_totals, grand, threshold):
    rows = list(table)
    columns = sorted({c for r in rows for c in table[r]}, key=str)
    groups = [[cells[(r, c)] for c in columns] + [row_totals[r]] for r in rows]
    groups += [[cells[(r, c)] for r in rows] + [column_totals[c]] for c in columns]
    groups.append(list(row_totals.values()) + [grand])
    groups.append(list(column_totals.values()) + [grand])
    for group in groups:
        assert sum(1 for cell in group if cell.hidden) != 1, group
    everything = [*cells.values(), *row_totals.values(), *column_totals.values(), grand]
    for cell in everything:
        assert cell.hidden or not (0 < cell.value < threshold)


counts = st.integers(min_value=0, max_value=40)


@given(st.lists(counts, min_size=1, max_size=8), st.integers(min_value=2, max_value=11))
def test_series_never_shows_a_small_count_or_leaves_one_derivable(values, threshold):
    cells, total = suppress_series(dict(enumerate(values)), threshold)
    group = [*cells.values(), total]
    assert sum(1 for cell in group if cell.hidden) != 1
    for cell in group:
        assert cell.hidden or not (0 < cell.value < threshold)
    assert [cells[k].value for k in range(len(values))] == values


@given(
    st.lists(st.lists(counts, min_size=3, max_size=3), min_size=1, max_size=5),
    st.integers(min_value=2, max_value=11),
)
def test_table_never_shows_a_small_count_or_leaves_one_derivable(rows, threshold):
    table = {f"r{i}": {f"c{j}": v for j, v in enumerate(row)} for i, row in enumerate(rows)}
    cells, row_totals, column_totals, grand = suppress_table(table, threshold)
    _assert_safe(table, cells, row_totals, column_totals, grand, threshold)
