"""Canonical company and drug tables, and every alias seen with the first article it came from.

Rows come from what the extractor wrote (mentions carry the canonical id,
name, Chinese name and whether the gazetteer knows it); the store never reads
the gazetteer itself. `resolve` turns a user's name (恒瑞, "Hengrui", a legal
name) into the canonical ids it may mean.
"""

from __future__ import annotations

from sqlite_utils import Database

from nlp.model import Extraction

_TABLE = {"COMPANY": "companies", "DRUG": "drugs"}


def _upsert(
    db: Database, label: str, entity_id: str, name: str, name_zh: str | None, known: bool, article_id: int | None
) -> None:
    table = _TABLE[label]
    db.execute(
        f"""INSERT INTO {table} (entity_id, name, name_zh, known, first_article_id)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(entity_id) DO UPDATE SET
                name_zh = coalesce({table}.name_zh, excluded.name_zh),
                known = max({table}.known, excluded.known)""",
        (entity_id, name, name_zh, int(known), article_id),
    )


def _alias(db: Database, label: str, entity_id: str, alias: str, article_id: int | None) -> None:
    db.execute(
        "INSERT OR IGNORE INTO aliases (label, entity_id, alias, first_article_id) VALUES (?, ?, ?, ?)",
        (label, entity_id, alias, article_id),
    )


def record(db: Database, article_id: int, extraction: Extraction) -> None:
    """Add the entities and aliases of one article's extraction (never removes any)."""
    for m in extraction.mentions:
        if m.label not in _TABLE:
            continue
        _upsert(db, m.label, m.entity_id, m.name, m.name_zh, m.known, article_id)
        _alias(db, m.label, m.entity_id, m.text, article_id)
        _alias(db, m.label, m.entity_id, m.name, article_id)
        if m.name_zh:
            _alias(db, m.label, m.entity_id, m.name_zh, article_id)
    # A party or a drug the text named only inside a cooperation still gets a row.
    for c in extraction.cooperations:
        for p in c.parties:
            _upsert(db, "COMPANY", p.entity_id, p.name, None, not p.entity_id.startswith("new:"), article_id)
            _alias(db, "COMPANY", p.entity_id, p.name, article_id)
        for name, drug_id in zip(c.drugs, c.drug_ids, strict=False):
            _upsert(db, "DRUG", drug_id, name, None, not drug_id.startswith("new:"), article_id)
            _alias(db, "DRUG", drug_id, name, article_id)


def backfill(db: Database) -> None:
    """Build the entity tables from stored mentions and parties (migration to schema 2)."""
    for label, table in _TABLE.items():
        db.execute(
            f"""INSERT OR IGNORE INTO {table} (entity_id, name, name_zh, known, first_article_id)
                SELECT entity_id, name, max(name_zh), max(known), min(article_id)
                FROM mentions WHERE label = ? GROUP BY entity_id""",
            (label,),
        )
        db.execute(
            """INSERT OR IGNORE INTO aliases (label, entity_id, alias, first_article_id)
               SELECT label, entity_id, text, min(article_id) FROM mentions
               WHERE label = ? GROUP BY entity_id, text""",
            (label,),
        )
    db.execute(
        """INSERT OR IGNORE INTO companies (entity_id, name, known, first_article_id)
           SELECT p.entity_id, p.name, p.entity_id NOT LIKE 'new:%', min(c.article_id)
           FROM cooperation_parties p JOIN cooperations c ON c.id = p.cooperation_id
           GROUP BY p.entity_id"""
    )
    for label, table in _TABLE.items():
        db.execute(
            f"""INSERT OR IGNORE INTO aliases (label, entity_id, alias, first_article_id)
                SELECT ?, entity_id, name, first_article_id FROM {table}""",
            (label,),
        )


def like_pattern(term: str) -> str:
    """`term` as a LIKE substring pattern with its own % and _ taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def resolve(db: Database, label: str, term: str) -> list[str]:
    """Canonical ids whose id, name, Chinese name or any alias contains `term` (any case)."""
    term = (term or "").strip()
    if not term:
        return []
    table = _TABLE[label]
    pattern = like_pattern(term)
    rows = db.execute(
        f"""SELECT entity_id FROM {table}
            WHERE entity_id = ? OR name LIKE ? ESCAPE '\\' OR name_zh LIKE ? ESCAPE '\\'
            UNION
            SELECT entity_id FROM aliases WHERE label = ? AND alias LIKE ? ESCAPE '\\'""",
        (term, pattern, pattern, label, pattern),
    ).fetchall()
    return [r[0] for r in rows]
