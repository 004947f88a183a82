"""Query rows as a terminal table, JSON or CSV: what `pharmanews query` prints.

Lists and dicts in a row (parties, amounts) become one readable cell. Table
columns are padded by display width, so Chinese text (two columns a
character) lines up.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata

MAX_WIDTH = 60


def cell(value: object) -> str:
    """One row value as display text."""
    if isinstance(value, list):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("name") or value.get("text") or json.dumps(value, ensure_ascii=False))
    return "" if value is None else str(value)


def width(text: str) -> int:
    """Terminal columns taken by `text` (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, columns: int) -> str:
    """`text` cut to at most `columns` display columns, then padded to exactly that."""
    out, used = [], 0
    for ch in text.replace("\n", " "):
        w = width(ch)
        if used + w > columns:
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * (columns - used)


def render_rows(rows: list[dict], fmt: str, columns: list[str]) -> str:
    """`rows` as `fmt` ("table", "json" or "csv"), showing `columns` (json keeps every key)."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1, default=str) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell(row.get(c)) for c in columns])
        return buf.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; choose table, json or csv")
    if not rows:
        return "(no rows)\n"
    cells = [[cell(r.get(c)) for c in columns] for r in rows]
    widths = [min(MAX_WIDTH, max(width(c), *(width(row[i]) for row in cells))) for i, c in enumerate(columns)]
    lines = ["  ".join(fit(c, w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(fit(v, w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in lines) + "\n"
