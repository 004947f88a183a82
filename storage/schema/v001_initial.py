"""Schema 1: crawl runs, articles, and each article's extraction (issue 2's store)."""

from __future__ import annotations

from sqlite_utils import Database

SQL = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    sources TEXT NOT NULL DEFAULT '[]'          -- JSON list of source names
);
CREATE TABLE run_sources (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    pages_fetched INTEGER NOT NULL DEFAULT 0,
    articles_new INTEGER NOT NULL DEFAULT 0,
    articles_updated INTEGER NOT NULL DEFAULT 0,
    articles_unchanged INTEGER NOT NULL DEFAULT 0,
    errors TEXT NOT NULL DEFAULT '{}',          -- JSON object: error kind -> count
    zero_yield INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, source)
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    lang TEXT,
    title TEXT NOT NULL DEFAULT '',
    published TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    fetched_at TEXT,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    extracted INTEGER NOT NULL DEFAULT 0,       -- 1 when an Extraction was stored
    extraction_lang TEXT                        -- Extraction.lang (may differ from the crawler's guess)
);
CREATE INDEX articles_source_published ON articles(source, published);
CREATE INDEX articles_published ON articles(published);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    name TEXT NOT NULL,
    name_zh TEXT,
    known INTEGER NOT NULL DEFAULT 1,
    sentence TEXT NOT NULL DEFAULT '',
    sentence_start INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_entity ON mentions(entity_id, article_id);
CREATE TABLE amounts (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    value TEXT NOT NULL,                        -- exact decimal, as text
    currency TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'other',
    qualifier TEXT,
    sentence TEXT NOT NULL DEFAULT '',
    sentence_start INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX amounts_article ON amounts(article_id);
CREATE TABLE cooperations (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    territory TEXT,
    evidence TEXT NOT NULL DEFAULT '',
    evidence_start INTEGER NOT NULL DEFAULT 0,
    evidence_end INTEGER NOT NULL DEFAULT 0,
    confidence REAL NOT NULL DEFAULT 0.5
);
CREATE INDEX cooperations_article ON cooperations(article_id);
CREATE INDEX cooperations_type ON cooperations(type);
CREATE TABLE cooperation_parties (
    cooperation_id INTEGER NOT NULL REFERENCES cooperations(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT,
    PRIMARY KEY (cooperation_id, seq)
);
CREATE INDEX cooperation_parties_entity ON cooperation_parties(entity_id);
CREATE TABLE cooperation_drugs (
    cooperation_id INTEGER NOT NULL REFERENCES cooperations(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    drug_id TEXT,
    PRIMARY KEY (cooperation_id, seq)
);
CREATE INDEX cooperation_drugs_drug ON cooperation_drugs(drug_id);
CREATE TABLE cooperation_amounts (
    cooperation_id INTEGER NOT NULL REFERENCES cooperations(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    value TEXT NOT NULL,
    currency TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'other',
    qualifier TEXT,
    PRIMARY KEY (cooperation_id, seq)
);
"""


def apply(db: Database) -> None:
    for statement in SQL.split(";"):
        if statement.strip():
            db.execute(statement)
