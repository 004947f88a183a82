"""Query rows printed as a table, JSON or CSV (reports.tables)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from reports.tables import fit, render_rows, width

ROWS = [
    {"type": "licensing", "parties": [{"name": "Hengrui"}, {"name": "Merck KGaA"}], "amounts": [{"text": "1.6亿欧元"}]},
    {"type": "acquisition", "parties": [{"name": "恒瑞医药"}], "amounts": []},
]
COLUMNS = ["type", "parties", "amounts"]


@pytest.mark.parametrize(("text", "cols"), [("Hengrui", 7), ("恒瑞医药", 8), ("A恒", 3), ("", 0)])
def test_width_counts_wide_characters_twice(text: str, cols: int) -> None:
    assert width(text) == cols


def test_fit_never_splits_a_wide_character() -> None:
    assert fit("恒瑞医药", 5) == "恒瑞 "
    assert width(fit("恒瑞医药股份", 9)) == 9


def test_table_columns_line_up_in_display_width() -> None:
    lines = render_rows(ROWS, "table", COLUMNS).splitlines()
    assert lines[0].split() == COLUMNS
    assert "Hengrui; Merck KGaA" in lines[2]
    starts = [width(line[: line.index(name)]) for line, name in ((lines[2], "Hengrui"), (lines[3], "恒瑞医药"))]
    assert starts[0] == starts[1]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_machine_formats_round_trip(fmt: str) -> None:
    text = render_rows(ROWS, fmt, COLUMNS)
    if fmt == "json":
        assert json.loads(text) == ROWS
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows[1] == {"type": "acquisition", "parties": "恒瑞医药", "amounts": ""}


def test_empty_and_unknown() -> None:
    assert render_rows([], "table", COLUMNS) == "(no rows)\n"
    with pytest.raises(ValueError, match="unknown format"):
        render_rows(ROWS, "xml", COLUMNS)
