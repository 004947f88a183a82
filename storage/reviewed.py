"""Reviewed facts applied on read: rejected ones hidden, corrections shown, accepted ones flagged.

The extraction rows stay as the extractor wrote them (re-extraction replaces
them); verdicts are laid over them here, for query rows (cooperations,
deals), for rebuilt `Extraction`s (export) and for gold lines (`review_gold`).
Only articles that have verdicts are touched, so unreviewed reads cost one
lookup.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import Decimal

from sqlite_utils import Database

from nlp.model import Amount, Cooperation, Extraction, Mention, Party
from storage import money, review
from storage.export import load_extraction


def _amount_verdicts(db: Database, url: str) -> dict[str, dict]:
    """Current amount key -> verdict, for amounts of an article (cooperation amounts match by key)."""
    return {key: v for key, v in review.resolve(db, url, "amount").values() if v is not None}


def _corrected_amount_row(amount: dict, verdict: dict, published: str | None) -> dict:
    fixed = {**amount, **verdict["value"]}
    if "value" in verdict["value"] or "currency" in verdict["value"]:
        fixed["value_usd"] = money.to_usd(fixed["value"], fixed["currency"], published)
    return fixed


def _amount_rows(amounts: list[dict], verdicts: dict[str, dict], published: str | None) -> list[dict]:
    out = []
    for a in amounts:
        v = verdicts.get(review.amount_key(a["value"], a["currency"]))
        if v is None:
            out.append(a)
        elif v["verdict"] == "reject":
            continue
        elif v["verdict"] == "correct":
            out.append({**_corrected_amount_row(a, v, published), "reviewed": True})
        else:
            out.append({**a, "reviewed": True})
    return out


def _apply_cooperation(row: dict, verdict: dict | None) -> None:
    row["reviewed"] = verdict is not None and verdict["verdict"] != "reject"
    if verdict is None:
        return
    row["verdict"] = verdict["verdict"]
    if verdict["verdict"] == "correct":
        row.update(verdict["value"])
    elif verdict["verdict"] == "reject":
        row["rejected"] = True


def cooperations(db: Database, rows: list[dict], include_rejected: bool = False) -> list[dict]:
    """Cooperation rows of `queries.cooperations` with the verdicts of their articles applied."""
    urls = review.reviewed_urls(db, (r["article_url"] for r in rows))
    coop_v: dict[str, dict[int, tuple[str, dict | None]]] = {}
    amount_v: dict[str, dict[str, dict]] = {}
    out = []
    for row in rows:
        url = row["article_url"]
        if url not in urls:
            row["reviewed"] = False
            out.append(row)
            continue
        if url not in coop_v:
            coop_v[url] = review.resolve(db, url, "cooperation")
            amount_v[url] = _amount_verdicts(db, url)
        verdict = coop_v[url].get(row["id"], ("", None))[1]
        _apply_cooperation(row, verdict)
        row["amounts"] = _amount_rows(row.get("amounts", []), amount_v[url], row.get("published"))
        if row.get("rejected") and not include_rejected:
            continue
        out.append(row)
    return out


def deals(db: Database, rows: list[dict], include_rejected: bool = False) -> list[dict]:
    """Deal dicts of `queries.deals` without rejected evidence (a deal left with none is hidden)."""
    urls = review.reviewed_urls(db, (e["article_url"] for d in rows for e in d["evidence"]))
    out = []
    for deal in rows:
        deal["reviewed"] = False
        mine = {e["article_url"] for e in deal["evidence"]} & urls
        if not mine:
            out.append(deal)
            continue
        verdict_of: dict[int, dict | None] = {}
        amount_v: dict[str, dict] = {}
        for url in mine:
            verdict_of.update({fid: v for fid, (_, v) in review.resolve(db, url, "cooperation").items()})
            amount_v.update(_amount_verdicts(db, url))
        kept = []
        for e in deal["evidence"]:
            _apply_cooperation(e, verdict_of.get(e["id"]))
            if not e.get("rejected") or include_rejected:
                kept.append(e)
        live = [e for e in kept if not e.get("rejected")]
        if not live and not include_rejected:
            continue
        deal["evidence"] = kept
        deal["articles"] = len({e["article_url"] for e in live})
        deal["reviewed"] = any(e["reviewed"] for e in live)
        if not live:
            deal["rejected"] = True
        types = {e.get("type") for e in live if e.get("verdict") == "correct" and e.get("type")}
        if len(types) == 1 and all(e.get("verdict") == "correct" for e in live):
            deal["type"] = types.pop()
        deal["amounts"] = _amount_rows(deal["amounts"], amount_v, deal.get("first_published"))
        out.append(deal)
    return out


# ------------------------------------------------------------------ extractions


def _pick(verdicts: list[dict], facts: list[tuple[str, str]]) -> list[dict | None]:
    return review.match(verdicts, facts) if verdicts else [None] * len(facts)


def _fixed_amount(a: Amount, v: dict | None) -> Amount | None:
    if v is None or v["verdict"] == "accept":
        return a
    if v["verdict"] == "reject":
        return None
    fields = dict(v["value"])
    if "value" in fields:
        fields["value"] = Decimal(fields["value"])
    return replace(a, **fields)


def apply_extraction(db: Database, url: str, extraction: Extraction) -> Extraction:
    """`extraction` of the article at `url` with its verdicts applied (rejected facts dropped)."""
    ms = extraction.mentions
    m_v = _pick(
        review.verdicts(db, url, "mention"),
        [(review.mention_key(m.label, m.text), review.span_anchor(m.start, m.end)) for m in ms],
    )
    mentions: list[Mention] = []
    renamed: dict[str, str] = {}
    for m, v in zip(ms, m_v, strict=True):
        if v is not None and v["verdict"] == "reject":
            continue
        if v is not None and v["verdict"] == "correct":
            m = replace(m, **v["value"])
            if "name" in v["value"]:
                renamed[m.entity_id] = v["value"]["name"]
        mentions.append(m)

    a_v = _pick(
        review.verdicts(db, url, "amount"),
        [(review.amount_key(a.value, a.currency), review.span_anchor(a.start, a.end)) for a in extraction.amounts],
    )
    by_key = {review.amount_key(a.value, a.currency): v for a, v in zip(extraction.amounts, a_v, strict=True) if v}
    amounts = [x for a, v in zip(extraction.amounts, a_v, strict=True) if (x := _fixed_amount(a, v)) is not None]

    cs = extraction.cooperations
    c_v = _pick(
        review.verdicts(db, url, "cooperation"),
        [
            (
                review.cooperation_key(c.type, [p.entity_id for p in c.parties]),
                review.span_anchor(c.evidence_start, c.evidence_end, f"{c.type}|"),
            )
            for c in cs
        ],
    )
    cooperations: list[Cooperation] = []
    for c, v in zip(cs, c_v, strict=True):
        if v is not None and v["verdict"] == "reject":
            continue
        if v is not None and v["verdict"] == "correct":
            c = replace(c, **v["value"])
        parties = tuple(Party(p.entity_id, renamed.get(p.entity_id, p.name), p.role) for p in c.parties)
        coop_amounts = tuple(
            x
            for a in c.amounts
            if (x := _fixed_amount(a, by_key.get(review.amount_key(a.value, a.currency)))) is not None
        )
        cooperations.append(replace(c, parties=parties, amounts=coop_amounts))
    return Extraction(lang=extraction.lang, mentions=mentions, amounts=amounts, cooperations=cooperations)


def _articles(db: Database, urls: Iterable[str] | None) -> Iterator[tuple[int, str, str, str, str | None]]:
    sql = "SELECT id, url, coalesce(extraction_lang, lang, ''), title, published FROM articles"
    if urls is None:
        yield from db.execute(sql + " ORDER BY id").fetchall()
        return
    for url in dict.fromkeys(urls):
        yield from db.execute(sql + " WHERE url = ?", (url,)).fetchall()


def export_records(db: Database) -> Iterator[dict]:
    """Like `export.export_records`, with verdicts applied to reviewed articles."""
    urls = review.reviewed_urls(db)
    for article_id, url, lang, title, published in _articles(db, None):
        extraction = load_extraction(db, article_id, lang)
        if url in urls:
            extraction = apply_extraction(db, url, extraction)
        record = extraction.to_record(url)
        record["title"] = title
        record["published"] = published
        yield record


def review_gold(db: Database, urls: Iterable[str] | None = None) -> Iterator[dict]:
    """Gold lines (`../shared/eval/GUIDELINES.md`) of reviewed articles, id = URL, verdicts applied."""
    reviewed = review.reviewed_urls(db, urls)
    wanted = sorted(reviewed) if urls is None else [u for u in dict.fromkeys(urls) if u in reviewed]
    for article_id, url, lang, _title, _published in _articles(db, wanted):
        extraction = apply_extraction(db, url, load_extraction(db, article_id, lang))
        record = extraction.to_record(url)
        for c in record["cooperations"]:
            c.pop("evidence", None)
        yield {
            k: record[k] for k in ("id", "lang", "companies", "drugs", "amounts", "cooperation_types", "cooperations")
        }
