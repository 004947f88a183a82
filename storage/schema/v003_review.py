"""Schema 3: `reviews`, the analyst's verdicts on mentions, amounts and cooperations.

A verdict names its target by row id (as it was when reviewed) and by a stable
key of the fact inside its article (`fact_key`, with `anchor` as a fallback),
because re-extraction replaces the rows and their ids. Verdicts are never
updated: a new verdict on the same fact is a new row, the latest one counts.
"""

from __future__ import annotations

from sqlite_utils import Database

SQL = """
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('mention', 'amount', 'cooperation')),
    target_id INTEGER NOT NULL,                 -- row id when reviewed (changes on re-extraction)
    article_url TEXT NOT NULL,
    fact_key TEXT NOT NULL,                     -- normalised surface / value+currency / type+parties
    anchor TEXT NOT NULL DEFAULT '',            -- position in the text, when the key no longer matches
    verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'reject', 'correct')),
    value TEXT,                                 -- JSON object of corrected fields (verdict 'correct')
    original TEXT NOT NULL DEFAULT '{}',        -- JSON snapshot of the fact as it was reviewed
    reviewer TEXT NOT NULL,
    reviewed_at TEXT NOT NULL
);
CREATE INDEX reviews_article ON reviews(article_url, kind);
CREATE INDEX reviews_kind_verdict ON reviews(kind, verdict);
"""


def apply(db: Database) -> None:
    for statement in SQL.split(";"):
        if statement.strip():
            db.execute(statement)
