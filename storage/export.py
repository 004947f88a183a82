"""Rebuild each stored article's `Extraction` and yield it in the JSON-lines record format.

The dataclasses are rebuilt from the rows and serialised by
`Extraction.to_record`, so `export` and `extract` can never drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from sqlite_utils import Database

from nlp.model import Amount, Cooperation, Extraction, Mention, Party


def _amount(row: dict) -> Amount:
    return Amount(
        text=row["text"],
        start=row["start"],
        end=row["end"],
        value=Decimal(row["value"]),
        currency=row["currency"],
        role=row["role"],
        qualifier=row["qualifier"],
        sentence=row.get("sentence", ""),
        sentence_start=row.get("sentence_start", 0),
    )


def load_extraction(db: Database, article_id: int, lang: str) -> Extraction:
    """The stored extraction of one article, as the dataclasses `nlp` produced."""
    mentions = [
        Mention(
            label=r["label"],
            text=r["text"],
            start=r["start"],
            end=r["end"],
            entity_id=r["entity_id"],
            name=r["name"],
            sentence=r["sentence"],
            sentence_start=r["sentence_start"],
            known=bool(r["known"]),
            name_zh=r["name_zh"],
        )
        for r in db.query("SELECT * FROM mentions WHERE article_id = ? ORDER BY id", (article_id,))
    ]
    amounts = [_amount(r) for r in db.query("SELECT * FROM amounts WHERE article_id = ? ORDER BY id", (article_id,))]
    cooperations = []
    for c in list(db.query("SELECT * FROM cooperations WHERE article_id = ? ORDER BY seq", (article_id,))):
        parties = tuple(
            Party(entity_id=p["entity_id"], name=p["name"], role=p["role"])
            for p in db.query("SELECT * FROM cooperation_parties WHERE cooperation_id = ? ORDER BY seq", (c["id"],))
        )
        drug_rows = list(db.query("SELECT * FROM cooperation_drugs WHERE cooperation_id = ? ORDER BY seq", (c["id"],)))
        coop_amounts = tuple(
            _amount(a)
            for a in db.query("SELECT * FROM cooperation_amounts WHERE cooperation_id = ? ORDER BY seq", (c["id"],))
        )
        cooperations.append(
            Cooperation(
                type=c["type"],
                parties=parties,
                drugs=tuple(d["name"] for d in drug_rows),
                drug_ids=tuple(d["drug_id"] for d in drug_rows if d["drug_id"] is not None),
                amounts=coop_amounts,
                territory=c["territory"],
                evidence=c["evidence"],
                evidence_start=c["evidence_start"],
                evidence_end=c["evidence_end"],
                confidence=c["confidence"],
            )
        )
    return Extraction(lang=lang, mentions=mentions, amounts=amounts, cooperations=cooperations)


def export_records(db: Database) -> Iterator[dict]:
    """One record per article, oldest first: `id` = URL, plus `title` and `published`."""
    rows = db.execute("SELECT id, url, coalesce(extraction_lang, lang, ''), title, published FROM articles ORDER BY id")
    for article_id, url, lang, title, published in rows.fetchall():
        record = load_extraction(db, article_id, lang).to_record(url)
        record["title"] = title
        record["published"] = published
        yield record
