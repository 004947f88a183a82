"""The one reader of the JSON-lines data files beside the extraction code (nlp/data/).

Rules, keyword lists and tables are data, not Python literals; every loader
reads them through `read_jsonl`, so a broken line is always reported the same
way: the file, the line number and what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_jsonl(path: Path | str) -> Iterator[tuple[int, dict]]:
    """(line number, object) for every non-blank line; ValueError naming file and line on bad JSON."""
    path = Path(path)
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{line_no}: not a JSON line ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise ValueError(f"{path}:{line_no}: expected a JSON object")
        yield line_no, row
