"""Deals: cooperation records of different articles that describe one real-world cooperation.

Two records are the same deal when they have the same type, share canonical
parties (two of them when both records name two or more), name at least one
common drug when both name drugs, agree on the money of every role both state
(within 10%, after USD conversion), and were published within 60 days of each
other. Linking happens when an article is written; rewriting an article
unlinks its records first, and a deal left without evidence is deleted.
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

WINDOW_DAYS = 60
AMOUNT_TOLERANCE = 0.10
_CHUNK = 500


def _chunks(ids: list[int]):
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat((published or "")[:10])
    except ValueError:
        return None


def _details(db: Database, coop_ids: list[int]) -> dict[int, dict]:
    """Parties, drugs and USD amounts by role of each cooperation, for comparing."""
    out: dict[int, dict] = {i: {"parties": set(), "drugs": set(), "usd": {}} for i in coop_ids}
    for chunk in _chunks(coop_ids):
        marks = ",".join("?" * len(chunk))
        for cid, eid in db.execute(
            f"SELECT cooperation_id, entity_id FROM cooperation_parties WHERE cooperation_id IN ({marks})",
            chunk,
        ):
            out[cid]["parties"].add(eid)
        for cid, name, drug_id in db.execute(
            f"SELECT cooperation_id, name, drug_id FROM cooperation_drugs WHERE cooperation_id IN ({marks})",
            chunk,
        ):
            out[cid]["drugs"].add(drug_id or name.casefold())
        for cid, role, usd in db.execute(
            f"SELECT cooperation_id, role, value_usd FROM cooperation_amounts "
            f"WHERE cooperation_id IN ({marks}) AND value_usd IS NOT NULL AND role != 'other'",
            chunk,
        ):
            out[cid]["usd"].setdefault(role, []).append(usd)
    return out


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= AMOUNT_TOLERANCE * max(abs(a), abs(b), 1.0)


def compatible(a: dict, b: dict) -> bool:
    """Whether two cooperation records (as `_details` gives them) can be one deal."""
    shared = len(a["parties"] & b["parties"])
    if shared == 0 or shared < min(2, len(a["parties"]), len(b["parties"])):
        return False
    if a["drugs"] and b["drugs"] and not a["drugs"] & b["drugs"]:
        return False
    for role in a["usd"].keys() & b["usd"].keys():
        if not any(_close(x, y) for x in a["usd"][role] for y in b["usd"][role]):
            return False
    return True


def refresh(db: Database, deal_id: int) -> None:
    """Recompute a deal's summary columns from its evidence; delete it if none is left."""
    row = db.execute(
        """SELECT count(*), min(a.published), max(a.published), count(DISTINCT a.id)
           FROM cooperations c JOIN articles a ON a.id = c.article_id WHERE c.deal_id = ?""",
        (deal_id,),
    ).fetchone()
    if not row[0]:
        db.execute("DELETE FROM deals WHERE id = ?", (deal_id,))
        return
    usd = db.execute(
        """SELECT max(m.value_usd) FROM cooperation_amounts m JOIN cooperations c ON c.id = m.cooperation_id
           WHERE c.deal_id = ?""",
        (deal_id,),
    ).fetchone()[0]
    db.execute(
        "UPDATE deals SET first_published = ?, last_published = ?, articles = ?, max_value_usd = ? WHERE id = ?",
        (row[1], row[2], row[3], usd, deal_id),
    )


def unlink_article(db: Database, article_id: int) -> None:
    """Detach an article's cooperation records from their deals (before rewriting it)."""
    deal_ids = [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT deal_id FROM cooperations WHERE article_id = ? AND deal_id IS NOT NULL",
            (article_id,),
        )
    ]
    db.execute("UPDATE cooperations SET deal_id = NULL WHERE article_id = ?", (article_id,))
    for deal_id in deal_ids:
        refresh(db, deal_id)


def _candidates(
    db: Database, ctype: str, article_id: int, published: str | None, parties: set[str]
) -> list[tuple[int, int, str | None]]:
    """Linked records of other articles with this type, a shared party and a close date."""
    if not parties:
        return []
    marks = ",".join("?" * len(parties))
    sql = f"""SELECT DISTINCT c.id, c.deal_id, a.published
              FROM cooperation_parties p JOIN cooperations c ON c.id = p.cooperation_id
              JOIN articles a ON a.id = c.article_id
              WHERE p.entity_id IN ({marks}) AND c.type = ? AND c.article_id != ?
                AND c.deal_id IS NOT NULL"""
    params: list = [*parties, ctype, article_id]
    day = _day(published)
    if day:
        lo = date.fromordinal(day.toordinal() - WINDOW_DAYS).isoformat()
        hi = date.fromordinal(day.toordinal() + WINDOW_DAYS).isoformat()
        # "~" sorts after any time suffix, so a timestamped date on the last day still counts.
        sql += " AND (a.published IS NULL OR a.published BETWEEN ? AND ?)"
        params += [lo, hi + "~"]
    return db.execute(sql, params).fetchall()


def link_article(db: Database, article_id: int) -> None:
    """Give each unlinked cooperation record of the article a deal: a matching one or a new one."""
    coops = db.execute(
        """SELECT c.id, c.type, a.published FROM cooperations c JOIN articles a ON a.id = c.article_id
           WHERE c.article_id = ? AND c.deal_id IS NULL ORDER BY c.seq""",
        (article_id,),
    ).fetchall()
    if not coops:
        return
    mine = _details(db, [c[0] for c in coops])
    touched: set[int] = set()
    for coop_id, ctype, published in coops:
        me = mine[coop_id]
        found = _candidates(db, ctype, article_id, published, me["parties"])
        theirs = _details(db, [f[0] for f in found])
        day = _day(published)
        best: tuple | None = None
        for cid, deal_id, their_published in found:
            other = theirs[cid]
            if not compatible(me, other):
                continue
            their_day = _day(their_published)
            gap = abs((day - their_day).days) if day and their_day else WINDOW_DAYS
            score = (len(me["parties"] & other["parties"]), bool(me["drugs"] & other["drugs"]), -gap)
            if best is None or score > best[0]:
                best = (score, deal_id)
        if best is None:
            deal_id = db.execute("INSERT INTO deals (type) VALUES (?)", (ctype,)).lastrowid
        else:
            deal_id = best[1]
        db.execute("UPDATE cooperations SET deal_id = ? WHERE id = ?", (deal_id, coop_id))
        touched.add(deal_id)
    for deal_id in touched:
        refresh(db, deal_id)
