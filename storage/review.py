"""Review verdicts: record an analyst's accept / reject / correct, find them again, list what to check.

A verdict is tied to its fact by a stable key inside the article (the URL
plus a normalised surface form for a mention, value and currency for an
amount, type and canonical parties for a cooperation), not by row id: row
ids change whenever an article is re-extracted or re-crawled. When the key no
longer matches (the extractor now finds other parties), the fact's position
in the text (`anchor`) finds it, if exactly one fact of that kind sits there.
The latest verdict on a fact counts; older ones stay as history.
"""

from __future__ import annotations

import getpass
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from sqlite_utils import Database

from nlp.model import AMOUNT_ROLES, COOPERATION_TYPES
from storage.db import write_transaction
from storage.errors import StoreError

VERDICTS = ("accept", "reject", "correct")
# What a user may call a kind, and the kind stored.
KINDS = {
    "mention": "mention",
    "company": "mention",
    "drug": "mention",
    "amount": "amount",
    "cooperation": "cooperation",
}
QUEUE_KINDS = ("cooperation", "company", "amount")
# Fields a correction may set, per stored kind.
CORRECTABLE = {
    "mention": ("name", "label"),
    "amount": ("value", "currency", "role"),
    "cooperation": ("type", "territory"),
}
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_CHUNK = 500


# ------------------------------------------------------------------ keys


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "").casefold())


def mention_key(label: str, text: str) -> str:
    return f"{label}|{_norm(text)}"


def amount_key(value: object, currency: str) -> str:
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        number = str(value)
    return f"{number}|{(currency or '').upper()}"


def cooperation_key(ctype: str, party_ids: Iterable[str]) -> str:
    return f"{ctype}|{','.join(sorted(set(party_ids)))}"


def span_anchor(start: int, end: int, prefix: str = "") -> str:
    return f"{prefix}{start}:{end}"


def match(verdicts: list[dict], facts: list[tuple[str, str]]) -> list[dict | None]:
    """The verdict of each fact (key, anchor): the latest one with its key, else a unique anchor match."""
    by_key: dict[str, dict] = {}
    for v in sorted(verdicts, key=lambda v: v["id"]):
        by_key[v["fact_key"]] = v
    out: list[dict | None] = [by_key.get(key) for key, _ in facts]
    present = {key for key, _ in facts}
    for v in by_key.values():
        if v["fact_key"] in present:
            continue
        spots = [i for i, (_, anchor) in enumerate(facts) if anchor == v["anchor"] and out[i] is None]
        if len(spots) == 1:
            out[spots[0]] = v
    return out


# ------------------------------------------------------------------ reading verdicts


def _verdict_dict(row: dict) -> dict:
    row = dict(row)
    row["value"] = json.loads(row["value"]) if row.get("value") else None
    row["original"] = json.loads(row["original"]) if row.get("original") else {}
    return row


def verdicts(db: Database, url: str, kind: str) -> list[dict]:
    """Every verdict of `kind` on facts of the article at `url`, oldest first."""
    rows = db.query("SELECT * FROM reviews WHERE article_url = ? AND kind = ? ORDER BY id", (url, kind))
    return [_verdict_dict(r) for r in rows]


def reviewed_urls(db: Database, urls: Iterable[str] | None = None) -> set[str]:
    """The URLs (of `urls`, or all) that have at least one verdict."""
    if urls is None:
        return {r[0] for r in db.execute("SELECT DISTINCT article_url FROM reviews")}
    wanted = list(dict.fromkeys(urls))
    found: set[str] = set()
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        found.update(
            r[0] for r in db.execute(f"SELECT DISTINCT article_url FROM reviews WHERE article_url IN ({marks})", chunk)
        )
    return found


def count_hiding(db: Database, kind: str) -> int:
    """An upper bound on how many facts of `kind` a read may drop (rejected, or corrected out of a filter)."""
    return db.execute(
        "SELECT count(*) FROM reviews WHERE kind = ? AND verdict IN ('reject', 'correct')", (kind,)
    ).fetchone()[0]


def amount_changed_urls(db: Database) -> list[str]:
    """Articles with a rejected or corrected amount: their stored values no longer answer a money filter."""
    return [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT article_url FROM reviews WHERE kind = 'amount' AND verdict IN ('reject', 'correct')"
        )
    ]


def stored_facts(db: Database, article_id: int, kind: str) -> list[tuple[int, str, str]]:
    """(row id, key, anchor) of every stored fact of `kind` in one article."""
    if kind == "mention":
        rows = db.execute('SELECT id, label, text, start, "end" FROM mentions WHERE article_id = ?', (article_id,))
        return [(i, mention_key(label, text), span_anchor(s, e)) for i, label, text, s, e in rows]
    if kind == "amount":
        rows = db.execute('SELECT id, value, currency, start, "end" FROM amounts WHERE article_id = ?', (article_id,))
        return [(i, amount_key(v, c), span_anchor(s, e)) for i, v, c, s, e in rows]
    parties: dict[int, list[str]] = {}
    for cid, eid in db.execute(
        "SELECT p.cooperation_id, p.entity_id FROM cooperation_parties p JOIN cooperations c "
        "ON c.id = p.cooperation_id WHERE c.article_id = ?",
        (article_id,),
    ):
        parties.setdefault(cid, []).append(eid)
    rows = db.execute(
        "SELECT id, type, evidence_start, evidence_end FROM cooperations WHERE article_id = ?", (article_id,)
    )
    return [(i, cooperation_key(t, parties.get(i, [])), span_anchor(s, e, f"{t}|")) for i, t, s, e in rows]


def resolve(db: Database, url: str, kind: str) -> dict[int, tuple[str, dict | None]]:
    """Row id -> (key, latest verdict or None) for every fact of `kind` in the article at `url`."""
    found = verdicts(db, url, kind)
    row = db.execute("SELECT id FROM articles WHERE url = ?", (url,)).fetchone()
    if row is None:
        return {}
    facts = stored_facts(db, row[0], kind)
    matched = match(found, [(key, anchor) for _, key, anchor in facts]) if found else [None] * len(facts)
    return {fid: (key, v) for (fid, key, _), v in zip(facts, matched, strict=True)}


# ------------------------------------------------------------------ recording


def _check_value(kind: str, value: object) -> dict:
    if not isinstance(value, dict) or not value:
        raise StoreError('a correction needs a JSON object of fields, e.g. {"role": "upfront"}')
    allowed = CORRECTABLE[kind]
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise StoreError(f"cannot correct {', '.join(unknown)} of a {kind}: use {', '.join(allowed)}")
    out = dict(value)
    if "role" in out and out["role"] not in AMOUNT_ROLES:
        raise StoreError(f"unknown amount role {out['role']!r}: use one of {', '.join(AMOUNT_ROLES)}")
    if "type" in out and out["type"] not in COOPERATION_TYPES:
        raise StoreError(f"unknown cooperation type {out['type']!r}: use one of {', '.join(COOPERATION_TYPES)}")
    if "label" in out and out["label"] not in ("COMPANY", "DRUG"):
        raise StoreError("a mention's label is COMPANY or DRUG")
    if "currency" in out:
        out["currency"] = str(out["currency"]).upper()
        if not _CURRENCY.match(out["currency"]):
            raise StoreError(f"currency {value['currency']!r} is not an ISO code such as USD or CNY")
    if "value" in out:
        try:
            number = Decimal(str(out["value"]))
        except InvalidOperation:
            number = Decimal(-1)
        if not number.is_finite() or number <= 0:
            raise StoreError(f"amount value {out['value']!r} is not a positive number")
        out["value"] = str(number)
    for field in ("name", "territory"):
        if field in out and (not isinstance(out[field], str) or not out[field].strip()):
            raise StoreError(f"{field} must be a non-empty string")
    return out


def _target(db: Database, kind: str, target_id: int) -> dict | None:
    """The fact as it is now: its article URL, key, anchor and a snapshot of its fields."""
    if kind == "mention":
        row = db.execute(
            'SELECT a.url, m.label, m.text, m.start, m."end", m.entity_id, m.name FROM mentions m '
            "JOIN articles a ON a.id = m.article_id WHERE m.id = ?",
            (target_id,),
        ).fetchone()
        if row is None:
            return None
        url, label, text, start, end, eid, name = row
        original = {"label": label, "text": text, "entity_id": eid, "name": name}
        return {"url": url, "key": mention_key(label, text), "anchor": span_anchor(start, end), "original": original}
    if kind == "amount":
        row = db.execute(
            'SELECT a.url, m.text, m.value, m.currency, m.role, m.start, m."end" FROM amounts m '
            "JOIN articles a ON a.id = m.article_id WHERE m.id = ?",
            (target_id,),
        ).fetchone()
        if row is None:
            return None
        url, text, value, currency, role, start, end = row
        original = {"text": text, "value": value, "currency": currency, "role": role}
        return {"url": url, "key": amount_key(value, currency), "anchor": span_anchor(start, end), "original": original}
    row = db.execute(
        "SELECT a.url, c.type, c.territory, c.evidence, c.evidence_start, c.evidence_end, c.confidence "
        "FROM cooperations c JOIN articles a ON a.id = c.article_id WHERE c.id = ?",
        (target_id,),
    ).fetchone()
    if row is None:
        return None
    url, ctype, territory, evidence, start, end, confidence = row
    parties = db.execute(
        "SELECT entity_id, name FROM cooperation_parties WHERE cooperation_id = ? ORDER BY seq", (target_id,)
    ).fetchall()
    original = {
        "type": ctype,
        "parties": [name for _, name in parties],
        "territory": territory,
        "evidence": evidence,
        "confidence": confidence,
    }
    return {
        "url": url,
        "key": cooperation_key(ctype, [eid for eid, _ in parties]),
        "anchor": span_anchor(start, end, f"{ctype}|"),
        "original": original,
    }


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def record_verdict(
    db: Database, kind: str, target_id: int, verdict: str, value: dict | None = None, reviewer: str | None = None
) -> dict:
    """Record one verdict on the fact with row id `target_id`; returns the stored verdict."""
    stored_kind = KINDS.get(kind)
    if stored_kind is None:
        raise StoreError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    if verdict not in VERDICTS:
        raise StoreError(f"unknown verdict {verdict!r}: use accept, reject or correct")
    if verdict == "correct":
        value = _check_value(stored_kind, value)
    elif value is not None:
        raise StoreError(f"a value goes with the verdict correct only, not {verdict}")
    reviewer = (reviewer or "").strip() or default_reviewer()
    with write_transaction(db):
        target = _target(db, stored_kind, target_id)
        if target is None:
            raise StoreError(f"no {stored_kind} with id {target_id}: see `pharmanews review list` for current ids")
        cur = db.execute(
            "INSERT INTO reviews (kind, target_id, article_url, fact_key, anchor, verdict, value, original, "
            "reviewer, reviewed_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                stored_kind,
                target_id,
                target["url"],
                target["key"],
                target["anchor"],
                verdict,
                json.dumps(value, ensure_ascii=False) if value is not None else None,
                json.dumps(target["original"], ensure_ascii=False, default=str),
                reviewer,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
        row = next(db.query("SELECT * FROM reviews WHERE id = ?", (cur.lastrowid,)))
    return _verdict_dict(row)


# ------------------------------------------------------------------ the queue

_QUEUE_SQL = {
    "cooperation": """SELECT c.id, c.article_id, a.url, a.title, c.confidence, c.type, c.evidence AS text,
            c.type || ': ' || coalesce((SELECT group_concat(p.name, '; ') FROM cooperation_parties p
                WHERE p.cooperation_id = c.id), '') AS detail
        FROM cooperations c JOIN articles a ON a.id = c.article_id ORDER BY c.confidence, c.id""",
    # One item per unknown company per article: its first mention stands for the others.
    "company": """SELECT min(m.id) AS id, m.article_id, a.url, a.title, NULL AS confidence, NULL AS type,
            m.sentence AS text, m.name AS detail
        FROM mentions m JOIN articles a ON a.id = m.article_id
        WHERE m.label = 'COMPANY' AND m.known = 0 GROUP BY m.article_id, m.entity_id ORDER BY m.article_id, id""",
    "amount": """SELECT m.id, m.article_id, a.url, a.title, NULL AS confidence, NULL AS type, m.sentence AS text,
            m.text || ' = ' || m.value || ' ' || m.currency || ' (' || m.role || ')' AS detail
        FROM amounts m JOIN articles a ON a.id = m.article_id WHERE m.role = 'other' ORDER BY m.article_id, m.id""",
}


def _unreviewed(db: Database, kind: str) -> Iterator[dict]:
    stored_kind = KINDS[kind]
    cache: dict[str, set[int]] = {}
    has_reviews = reviewed_urls(db)
    for row in db.query(_QUEUE_SQL[kind]):
        url = row["url"]
        if url in has_reviews:
            if url not in cache:
                cache[url] = {fid for fid, (_, v) in resolve(db, url, stored_kind).items() if v is not None}
            if row["id"] in cache[url]:
                continue
        yield {
            "kind": kind,
            "id": row["id"],
            "confidence": row["confidence"],
            "type": row["type"],
            "detail": row["detail"] or "",
            # One line: the evidence sentence may span lines of the article.
            "text": " ".join((row["text"] or "").split()),
            "article_url": url,
            "title": row["title"],
        }


def review_queue(db: Database, limit: int = 50, kind: str | None = None) -> list[dict]:
    """Unreviewed facts: cooperations by confidence (lowest first), then unknown companies,
    then amounts whose role is still "other"."""
    if kind is not None and kind not in QUEUE_KINDS:
        raise StoreError(f"unknown kind {kind!r}: use one of {', '.join(QUEUE_KINDS)}")
    limit = max(int(limit), 0)
    out: list[dict] = []
    for k in [kind] if kind else QUEUE_KINDS:
        for item in _unreviewed(db, k):
            if len(out) >= limit:
                return out
            out.append(item)
    return out
