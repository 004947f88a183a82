"""Every data file beside the extraction code loads, and a broken line is reported by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.data_files import DATA_DIR, read_jsonl

DATA_FILES = sorted(DATA_DIR.glob("*.jsonl"))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_data_file_loads_with_ids_or_kinds(path: Path) -> None:
    rows = list(read_jsonl(path))
    assert rows, f"{path.name} is empty"
    # Entries carry a canonical id; table rows say what they are (kind) or which role they cue.
    keyed = [row for _, row in rows if {"id", "kind", "role"} & set(row)]
    assert len(keyed) == len(rows), f"{path.name}: a line has no id, kind or role"
    ids = [row["id"] for _, row in rows if "id" in row]
    assert len(ids) == len(set(ids)), f"{path.name}: duplicate ids"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a"}\n{"id": \n', r"bad\.jsonl:2: not a JSON line"),
        ('{"id": "a"}\n\n[1, 2]\n', r"bad\.jsonl:3: expected a JSON object"),
    ],
)
def test_a_broken_line_names_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        list(read_jsonl(bad))
