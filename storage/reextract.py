"""Re-extraction: run today's extractor over the stored texts and replace what changed.

After a gazetteer or rule change, `reextract` runs the extractor the caller
passes (the CLI passes `nlp.extract`; storage never imports it) over each
stored article and rewrites an article's extraction rows, entities and deal
links in one transaction when the new `Extraction` differs. Verdicts are not
touched: they find their facts again by stable key (see `storage.review`),
and the counts say how many still do.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import replace

from sqlite_utils import Database

from nlp.model import Extraction
from storage import deals, review, writer
from storage.db import write_transaction
from storage.errors import StoreError
from storage.export import load_extraction


def _caller(extract_fn: Callable) -> Callable[[str, str | None], Extraction]:
    """Call `extract_fn(text, lang)` when it takes a language (as `nlp.extract` does), else `extract_fn(text)`."""
    try:
        params = inspect.signature(extract_fn).parameters
        takes_lang = "lang" in params or len(params) >= 2
    except (TypeError, ValueError):
        takes_lang = False
    if takes_lang:
        # The crawler extracts with the language it detected; do the same so that
        # an unchanged extractor gives an unchanged extraction.
        return lambda text, lang: extract_fn(text, lang=lang) if "lang" in params else extract_fn(text, lang)
    return lambda text, _lang: extract_fn(text)


def _comparable(extraction: Extraction) -> tuple:
    """What the store keeps of an extraction (a cooperation's amounts are stored without their sentence)."""
    cooperations = [
        replace(c, amounts=tuple(replace(a, sentence="", sentence_start=0) for a in c.amounts))
        for c in extraction.cooperations
    ]
    return extraction.lang, extraction.mentions, extraction.amounts, cooperations


def _matched_verdicts(db: Database, urls: Iterable[str]) -> tuple[int, int]:
    """(verdicts that still find their fact, verdicts that do not), latest verdict per fact."""
    kept = lost = 0
    for url in urls:
        for kind in ("mention", "amount", "cooperation"):
            latest = {v["fact_key"]: v["id"] for v in review.verdicts(db, url, kind)}
            found = {v["id"] for _, v in review.resolve(db, url, kind).values() if v is not None}
            kept += len(set(latest.values()) & found)
            lost += len(set(latest.values()) - found)
    return kept, lost


def reextract(db: Database, extract_fn: Callable, urls: Iterable[str] | None = None) -> dict:
    """Re-run `extract_fn` over stored articles (all, or those at `urls`); returns counts."""
    call = _caller(extract_fn)
    sql = "SELECT id, url, lang, coalesce(extraction_lang, lang, ''), published, text FROM articles"
    if urls is None:
        rows = db.execute(sql + " ORDER BY id").fetchall()
        missing: list[str] = []
    else:
        wanted = list(dict.fromkeys(urls))
        rows = [r for u in wanted for r in db.execute(sql + " WHERE url = ?", (u,)).fetchall()]
        found = {r[1] for r in rows}
        missing = [u for u in wanted if u not in found]
    counts = {"articles": 0, "changed": 0, "unchanged": 0, "failed": 0, "missing": len(missing)}
    for article_id, url, lang, stored_lang, published, text in rows:
        counts["articles"] += 1
        try:
            new = call(text or "", lang)
        except Exception:  # noqa: BLE001 - one bad article must not stop the run; it is counted
            counts["failed"] += 1
            continue
        if not isinstance(new, Extraction):
            counts["failed"] += 1
            continue
        if _comparable(load_extraction(db, article_id, stored_lang)) == _comparable(new):
            counts["unchanged"] += 1
            continue
        try:
            with write_transaction(db):
                # The writer's own steps, so a re-extracted article looks exactly like a crawled one.
                writer._clear_extraction(db, article_id)
                writer._write_extraction(db, article_id, new, published)
                db.execute(
                    "UPDATE articles SET extracted = 1, extraction_lang = ? WHERE id = ?", (new.lang, article_id)
                )
                deals.link_article(db, article_id)
        except Exception as e:
            raise StoreError(f"could not re-extract {url}: {e}") from e
        counts["changed"] += 1
    reviewed = review.reviewed_urls(db, (r[1] for r in rows))
    counts["verdicts_kept"], counts["verdicts_lost"] = _matched_verdicts(db, sorted(reviewed))
    return counts
