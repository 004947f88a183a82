"""Reports people read: what the store holds, rendered as HTML, Markdown or JSON.

`render(store, fmt=...)` is the one entry point; `data.collect` queries the
store once and the renderers only format what it gathered.
"""

from __future__ import annotations

import json

from reports.data import collect
from reports.html import render_html
from reports.markdown import render_markdown

FORMATS = ("html", "md", "json")


def render(store, fmt: str = "html", run_id: int | None = None, since: str | None = None) -> str:
    """The report over `store` (a `storage.Store`) as text in `fmt` (html, md or json)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    data = collect(store, run_id=run_id, since=since)
    if fmt == "html":
        return render_html(data)
    if fmt == "md":
        return render_markdown(data)
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


__all__ = ["FORMATS", "collect", "render"]
