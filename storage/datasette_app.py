"""The Datasette app over a store (optional extra `pharmanews[serve]`): metadata plus our search function.

Registers ``pharmanews_match(q)`` on every connection Datasette opens, so
canned queries turn a user's words into the same FTS expression
`pharmanews query articles --search` uses (jieba for Chinese).
"""

from __future__ import annotations

import sys
from pathlib import Path

from datasette import hookimpl
from datasette.app import Datasette
from datasette.plugins import pm

from storage import fts
from storage.datasette_meta import metadata

_PLUGIN_NAME = "pharmanews-fts"
# A phrase no index holds: an empty query matches nothing instead of failing.
_NOTHING = '""'


def _match(query: object) -> str:
    return fts.match_expression(str(query or "")) or _NOTHING


@hookimpl
def prepare_connection(conn) -> None:
    conn.create_function("pharmanews_match", 1, _match, deterministic=True)


def build(path: str | Path) -> Datasette:
    """A Datasette instance serving the store at `path` read-only, with our metadata."""
    if pm.get_plugin(_PLUGIN_NAME) is None:
        pm.register(sys.modules[__name__], name=_PLUGIN_NAME)
    return Datasette(immutables=[], files=[str(path)], metadata=metadata(path), settings={"sql_time_limit_ms": 3000})
