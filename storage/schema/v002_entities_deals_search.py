"""Schema 2: canonical companies/drugs with aliases, deals, USD values, full-text search.

Backfills everything from the rows schema 1 already holds, so an old store
gains entity tables, USD values, a search index and deals on first open.
"""

from __future__ import annotations

from sqlite_utils import Database

SQL = """
CREATE TABLE companies (
    entity_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_zh TEXT,
    known INTEGER NOT NULL DEFAULT 1,
    first_article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL
);
CREATE TABLE drugs (
    entity_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_zh TEXT,
    known INTEGER NOT NULL DEFAULT 1,
    first_article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL
);
CREATE TABLE aliases (
    label TEXT NOT NULL,                        -- COMPANY or DRUG
    entity_id TEXT NOT NULL,
    alias TEXT NOT NULL,
    first_article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    PRIMARY KEY (label, entity_id, alias)
);
CREATE INDEX aliases_alias ON aliases(alias);
CREATE TABLE deals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,       -- never reuse the id of a dissolved deal
    type TEXT NOT NULL,
    first_published TEXT,
    last_published TEXT,
    articles INTEGER NOT NULL DEFAULT 0,        -- how many articles are evidence
    max_value_usd REAL
);
-- A deal's date is when it was first reported (first_published).
CREATE INDEX deals_type_published ON deals(type, first_published);
CREATE INDEX deals_published ON deals(first_published, max_value_usd);
ALTER TABLE cooperations ADD COLUMN deal_id INTEGER REFERENCES deals(id) ON DELETE SET NULL;
CREATE INDEX cooperations_deal ON cooperations(deal_id);
ALTER TABLE amounts ADD COLUMN value_usd REAL;
ALTER TABLE cooperation_amounts ADD COLUMN value_usd REAL;
CREATE INDEX cooperation_amounts_usd ON cooperation_amounts(value_usd, role);
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize = 'porter unicode61 remove_diacritics 2');
"""


def apply(db: Database) -> None:
    # Imported here: the backfill uses today's helpers, the DDL above stays frozen.
    from storage import deals, entities, fts, money

    for statement in SQL.split(";"):
        if statement.strip():
            db.execute(statement)

    for table in ("amounts", "cooperation_amounts"):
        key = "article_id" if table == "amounts" else "cooperation_id"
        rows = db.execute(
            f"""SELECT t.rowid, t.value, t.currency, a.published FROM {table} t
                JOIN {
                "articles a ON a.id = t.article_id"
                if key == "article_id"
                else "cooperations c ON c.id = t.cooperation_id JOIN articles a ON a.id = c.article_id"
            }"""
        ).fetchall()
        for rowid, value, currency, published in rows:
            usd = money.to_usd(value, currency, published)
            db.execute(f"UPDATE {table} SET value_usd = ? WHERE rowid = ?", (usd, rowid))

    for article_id, title, text in db.execute("SELECT id, title, text FROM articles").fetchall():
        fts.index_article(db, article_id, title, text)

    entities.backfill(db)
    for (article_id,) in db.execute("SELECT id FROM articles ORDER BY published, id").fetchall():
        deals.link_article(db, article_id)
