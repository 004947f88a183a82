"""Write one article with its extraction in one transaction, idempotently.

Same URL and same content hash: nothing is written ("unchanged"). Changed
text: the article row is updated and its extraction rows are replaced, never
added to, so re-crawling never duplicates. Entities, USD values, the search
index and deal links are maintained in the same transaction, so a process
killed mid-write leaves either the old article or the new one, never half.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlite_utils import Database

from nlp.model import Amount, Extraction
from storage import deals, entities, fts, money
from storage.db import write_transaction
from storage.records import ArticleRecord

_STATE_COLUMNS = ("url", "content_hash", "etag", "last_modified", "published", "fetched_at")


def content_hash(article: ArticleRecord) -> str:
    """What decides "changed": the title and the main text, nothing the server adds."""
    payload = f"{article.title or ''}\n\x00\n{article.text or ''}".encode()
    return hashlib.sha256(payload).hexdigest()


def article_state(db: Database, url: str) -> dict | None:
    """What the crawler needs to fetch conditionally and to skip unchanged pages."""
    row = db.execute(f"SELECT {', '.join(_STATE_COLUMNS)} FROM articles WHERE url = ?", (url,)).fetchone()
    return dict(zip(_STATE_COLUMNS, row, strict=True)) if row else None


def _amount_row(a: Amount, published: str | None) -> tuple:
    return (
        a.text,
        a.start,
        a.end,
        str(a.value),
        money.to_usd(a.value, a.currency, published),
        a.currency,
        a.role,
        a.qualifier,
    )


def _write_extraction(db: Database, article_id: int, extraction: Extraction, published: str | None) -> None:
    # executemany: one statement for all of an article's mentions, amounts.
    db.conn.executemany(
        'INSERT INTO mentions (article_id, label, text, start, "end", entity_id, name, name_zh, '
        "known, sentence, sentence_start) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                article_id,
                m.label,
                m.text,
                m.start,
                m.end,
                m.entity_id,
                m.name,
                m.name_zh,
                int(m.known),
                m.sentence,
                m.sentence_start,
            )
            for m in extraction.mentions
        ],
    )
    db.conn.executemany(
        'INSERT INTO amounts (article_id, text, start, "end", value, value_usd, currency, role, '
        "qualifier, sentence, sentence_start) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(article_id, *_amount_row(a, published), a.sentence, a.sentence_start) for a in extraction.amounts],
    )
    for seq, c in enumerate(extraction.cooperations):
        cur = db.execute(
            "INSERT INTO cooperations (article_id, seq, type, territory, evidence, evidence_start, "
            "evidence_end, confidence) VALUES (?,?,?,?,?,?,?,?)",
            (article_id, seq, c.type, c.territory, c.evidence, c.evidence_start, c.evidence_end, float(c.confidence)),
        )
        coop_id = cur.lastrowid
        for i, p in enumerate(c.parties):
            db.execute(
                "INSERT INTO cooperation_parties (cooperation_id, seq, entity_id, name, role) VALUES (?,?,?,?,?)",
                (coop_id, i, p.entity_id, p.name, p.role),
            )
        drug_ids = list(c.drug_ids) + [None] * (len(c.drugs) - len(c.drug_ids))
        for i, (name, drug_id) in enumerate(zip(c.drugs, drug_ids, strict=False)):
            db.execute(
                "INSERT INTO cooperation_drugs (cooperation_id, seq, name, drug_id) VALUES (?,?,?,?)",
                (coop_id, i, name, drug_id),
            )
        for i, a in enumerate(c.amounts):
            db.execute(
                'INSERT INTO cooperation_amounts (cooperation_id, seq, text, start, "end", value, '
                "value_usd, currency, role, qualifier) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (coop_id, i, *_amount_row(a, published)),
            )
    entities.record(db, article_id, extraction)


def _clear_extraction(db: Database, article_id: int) -> None:
    deals.unlink_article(db, article_id)
    # Child rows of cooperations go by ON DELETE CASCADE.
    for table in ("mentions", "amounts", "cooperations"):
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))


def save_article(db: Database, article: ArticleRecord, extraction: Extraction | None, run_id: int | None = None) -> str:
    """Store `article` and its `extraction`; returns "new", "updated" or "unchanged"."""
    digest = content_hash(article)
    lang = article.lang or (extraction.lang if extraction else None)
    fetched_at = article.fetched_at or datetime.now(UTC).isoformat(timespec="seconds")
    with write_transaction(db):
        row = db.execute("SELECT id, content_hash, extracted FROM articles WHERE url = ?", (article.url,)).fetchone()
        if row and row[1] == digest and (extraction is None or row[2]):
            return "unchanged"
        values = (
            article.source,
            lang,
            article.title or "",
            article.published,
            article.text or "",
            digest,
            article.etag,
            article.last_modified,
            fetched_at,
            run_id,
            int(extraction is not None),
            extraction.lang if extraction else None,
        )
        if row:
            article_id = row[0]
            _clear_extraction(db, article_id)
            db.execute(
                "UPDATE articles SET source=?, lang=?, title=?, published=?, text=?, content_hash=?, "
                "etag=?, last_modified=?, fetched_at=?, run_id=?, extracted=?, extraction_lang=? "
                "WHERE id = ?",
                (*values, article_id),
            )
            status = "updated"
        else:
            cur = db.execute(
                "INSERT INTO articles (source, lang, title, published, text, content_hash, etag, "
                "last_modified, fetched_at, run_id, extracted, extraction_lang, url) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (*values, article.url),
            )
            article_id = cur.lastrowid
            status = "new"
        fts.index_article(db, article_id, article.title or "", article.text or "")
        if extraction is not None:
            _write_extraction(db, article_id, extraction, article.published)
            deals.link_article(db, article_id)
    return status
