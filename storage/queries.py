"""Read-side queries: cooperations, deals, companies, articles and the summary, as plain dicts.

Every value a user gives is a bound parameter; only placeholders and fixed
fragments are ever formatted into SQL. Names resolve to canonical ids through
the entity tables first (恒瑞 -> company:hengrui), then rows are filtered by
id through indexes, and the child rows of the page are fetched in batches.
"""

from __future__ import annotations

from sqlite_utils import Database

from storage import fts
from storage.entities import like_pattern, resolve

_CHUNK = 500
_MANY_HITS = 1000


def _in(ids: list) -> str:
    return ",".join("?" * len(ids))


def _chunks(ids: list):
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _limit(sql: str, params: list, limit: int | None) -> str:
    if limit is not None:
        params.append(max(int(limit), 0))
        return sql + " LIMIT ?"
    return sql


def _date_range(where: list[str], params: list, column: str, since: str | None, until: str | None) -> None:
    """Add `since <= column <= until` conditions; a bare `until` date includes that whole day."""
    if since:
        where.append(f"{column} >= ?")
        params.append(since)
    if until:
        where.append(f"{column} <= ?")
        # "~" sorts after any time suffix a published value may carry ("2024-05-01T08:00").
        params.append(until + "~" if len(until) == 10 else until)


def _hydrate_cooperations(db: Database, rows: list[dict]) -> list[dict]:
    """Attach parties, drugs and amounts to cooperation rows (in place, in order)."""
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        r.update(parties=[], drugs=[], amounts=[])
    ids = list(by_id)
    for chunk in _chunks(ids):
        for cid, name, eid, role in db.execute(
            f"SELECT cooperation_id, name, entity_id, role FROM cooperation_parties "
            f"WHERE cooperation_id IN ({_in(chunk)}) ORDER BY cooperation_id, seq",
            chunk,
        ):
            by_id[cid]["parties"].append({"name": name, "entity_id": eid, "role": role})
        for cid, name in db.execute(
            f"SELECT cooperation_id, name FROM cooperation_drugs WHERE cooperation_id IN ({_in(chunk)}) "
            f"ORDER BY cooperation_id, seq",
            chunk,
        ):
            by_id[cid]["drugs"].append(name)
        for cid, text, value, currency, role, usd in db.execute(
            f"SELECT cooperation_id, text, value, currency, role, value_usd FROM cooperation_amounts "
            f"WHERE cooperation_id IN ({_in(chunk)}) ORDER BY cooperation_id, seq",
            chunk,
        ):
            by_id[cid]["amounts"].append(
                {"text": text, "value": value, "currency": currency, "role": role, "value_usd": usd}
            )
    return rows


_COOP_SELECT = """SELECT c.id, c.type, c.territory, c.evidence, c.confidence, a.url AS article_url,
    a.title, a.published, a.source, a.lang, c.deal_id
    FROM cooperations c JOIN articles a ON a.id = c.article_id"""


def cooperations(
    db: Database,
    company=None,
    drug=None,
    type=None,
    since=None,
    until=None,
    source=None,
    lang=None,
    min_usd=None,
    role=None,
    limit=None,
    territory=None,
    amounts_unchecked=(),
) -> list[dict]:
    """Cooperation rows; rows of the `amounts_unchecked` articles pass the min_usd/role filter
    whatever their stored amounts (the caller checks them after applying review verdicts)."""
    where, params = [], []
    if company:
        ids = resolve(db, "COMPANY", company)
        if not ids:
            return []
        where.append(f"c.id IN (SELECT cooperation_id FROM cooperation_parties WHERE entity_id IN ({_in(ids)}))")
        params += ids
    if drug:
        ids = resolve(db, "DRUG", drug)
        where.append(
            f"c.id IN (SELECT cooperation_id FROM cooperation_drugs WHERE drug_id IN ({_in(ids)}) "
            "OR name LIKE ? ESCAPE '\\')"
        )
        params += [*ids, like_pattern(drug)]
    for column, value in (("c.type", type), ("a.source", source), ("a.lang", lang)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if territory:
        where.append("c.territory LIKE ? ESCAPE '\\'")
        params.append(like_pattern(territory))
    _date_range(where, params, "a.published", since, until)
    if min_usd is not None or role:
        amount = ["m.cooperation_id = c.id"]
        if min_usd is not None:
            amount.append("m.value_usd >= ?")
            params.append(float(min_usd))
        if role:
            amount.append("m.role = ?")
            params.append(role)
        # EXISTS, not IN: a filter checked per row of the date-ordered scan, which
        # stops at `limit`, instead of a driver that fetches every large amount first.
        exists = f"EXISTS (SELECT 1 FROM cooperation_amounts m WHERE {' AND '.join(amount)})"
        if amounts_unchecked:
            exists = f"({exists} OR a.url IN ({_in(amounts_unchecked)}))"
            params += list(amounts_unchecked)
        where.append(exists)
    sql = _COOP_SELECT
    if not (company or drug):
        # No id list to drive the search: walk articles newest first (CROSS JOIN fixes
        # the loop order in SQLite) so that `limit` stops the scan early.
        sql = sql.replace("FROM cooperations c JOIN articles a", "FROM articles a CROSS JOIN cooperations c")
    sql += " WHERE " + " AND ".join(where) if where else ""
    sql = _limit(sql + " ORDER BY a.published DESC, c.id DESC", params, limit)
    return _hydrate_cooperations(db, list(db.query(sql, params)))


def cooperation_count(db: Database, urls) -> int:
    """How many cooperation records the articles at `urls` hold."""
    total = 0
    for chunk in _chunks(list(urls)):
        total += db.execute(
            f"SELECT count(*) FROM cooperations c JOIN articles a ON a.id = c.article_id WHERE a.url IN ({_in(chunk)})",
            chunk,
        ).fetchone()[0]
    return total


def _merge_unique(items: list, key) -> list:
    seen: dict = {}
    for item in items:
        seen.setdefault(key(item), item)
    return list(seen.values())


def deals(
    db: Database, company=None, type=None, since=None, limit=None, until=None, min_usd=None, amounts_unchecked=()
) -> list[dict]:
    """Deals with their merged parties, drugs, amounts and every article as evidence; deals reported
    by an `amounts_unchecked` article pass the min_usd filter (the caller checks them after review)."""
    where, params = [], []
    if company:
        ids = resolve(db, "COMPANY", company)
        if not ids:
            return []
        where.append(
            "d.id IN (SELECT c.deal_id FROM cooperation_parties p JOIN cooperations c "
            f"ON c.id = p.cooperation_id WHERE p.entity_id IN ({_in(ids)}))"
        )
        params += ids
    if type:
        where.append("d.type = ?")
        params.append(type)
    # A deal's date is its first report: since/until and the order use first_published.
    _date_range(where, params, "d.first_published", since, until)
    if min_usd is not None:
        money = "d.max_value_usd >= ?"
        params.append(float(min_usd))
        if amounts_unchecked:
            money = (
                f"({money} OR d.id IN (SELECT c.deal_id FROM cooperations c JOIN articles a ON a.id = c.article_id "
                f"WHERE a.url IN ({_in(amounts_unchecked)})))"
            )
            params += list(amounts_unchecked)
        where.append(money)
    sql = "SELECT * FROM deals d" + (" WHERE " + " AND ".join(where) if where else "")
    sql = _limit(sql + " ORDER BY d.first_published DESC, d.id DESC", params, limit)
    deal_rows = list(db.query(sql, params))
    # All evidence of the page in batched queries, not one query per deal.
    members_of: dict[int, list[dict]] = {d["id"]: [] for d in deal_rows}
    for chunk in _chunks(list(members_of)):
        rows = list(db.query(_COOP_SELECT + f" WHERE c.deal_id IN ({_in(chunk)}) ORDER BY a.published, c.id", chunk))
        for m in _hydrate_cooperations(db, rows):
            members_of[m["deal_id"]].append(m)
    return [_deal_dict(d, members_of[d["id"]]) for d in deal_rows]


def _deal_dict(d: dict, members: list[dict]) -> dict:
    return {
        "deal_id": d["id"],
        "type": d["type"],
        "first_published": d["first_published"],
        "last_published": d["last_published"],
        "max_value_usd": d["max_value_usd"],
        "parties": _merge_unique([p for m in members for p in m["parties"]], lambda p: p["entity_id"]),
        "drugs": _merge_unique([x for m in members for x in m["drugs"]], str.casefold),
        "amounts": _merge_unique(
            [x for m in members for x in m["amounts"]], lambda x: (x["value"], x["currency"], x["role"])
        ),
        "territory": next((m["territory"] for m in members if m["territory"]), None),
        "articles": len({m["article_url"] for m in members}),
        "evidence": [
            {k: m[k] for k in ("id", "article_url", "title", "published", "source", "lang", "evidence", "confidence")}
            for m in members
        ],
    }


def companies(db: Database, name=None, limit=None) -> list[dict]:
    params: list = []
    sql = """SELECT co.entity_id, co.name, co.name_zh, co.known,
        (SELECT count(DISTINCT m.article_id) FROM mentions m WHERE m.entity_id = co.entity_id
            AND m.label = 'COMPANY') AS articles,
        (SELECT count(DISTINCT p.cooperation_id) FROM cooperation_parties p
            WHERE p.entity_id = co.entity_id) AS cooperations
        FROM companies co"""
    if name:
        ids = resolve(db, "COMPANY", name)
        if not ids:
            return []
        sql += f" WHERE co.entity_id IN ({_in(ids)})"
        params += ids
    sql = _limit(sql + " ORDER BY articles DESC, co.name", params, limit)
    rows = [dict(r) for r in db.query(sql, params)]
    by_id = {r["entity_id"]: r for r in rows}
    for r in rows:
        r["known"] = bool(r["known"])
        r["aliases"] = []
    for chunk in _chunks(list(by_id)):
        for eid, alias in db.execute(
            f"SELECT entity_id, alias FROM aliases WHERE label = 'COMPANY' AND entity_id IN ({_in(chunk)}) "
            "ORDER BY rowid",
            chunk,
        ):
            by_id[eid]["aliases"].append(alias)
    return rows


def articles(
    db: Database, source=None, lang=None, since=None, until=None, search=None, limit=None, run_id=None
) -> list[dict]:
    """Articles newest first; `companies` is the list of company names, `cooperations` a count.
    `run_id`: only the articles that crawl run stored new or updated."""
    where, params = [], []
    if search is not None:
        expression = fts.match_expression(search)
        if expression is None:
            return []
        hits = db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (expression,)).fetchone()[0]
        if not hits:
            return []
        # Few hits: fetch them and sort. Many hits (a common word): walk the date index
        # newest first and test membership ("+" keeps the id from driving the loop),
        # so `limit` stops the walk instead of sorting every hit.
        column = "a.id" if hits < _MANY_HITS else "+a.id"
        where.append(f"{column} IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(expression)
    for column, value in (("a.source", source), ("a.lang", lang), ("a.run_id", run_id)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    _date_range(where, params, "a.published", since, until)
    sql = "SELECT a.id, a.url, a.source, a.lang, a.title, a.published, a.fetched_at FROM articles a"
    sql += " WHERE " + " AND ".join(where) if where else ""
    sql = _limit(sql + " ORDER BY a.published DESC, a.id DESC", params, limit)
    rows = [dict(r) for r in db.query(sql, params)]
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        r.update(companies=[], cooperations=0)
    for chunk in _chunks(list(by_id)):
        for aid, name in db.execute(
            f"SELECT article_id, name FROM mentions WHERE label = 'COMPANY' AND article_id IN ({_in(chunk)}) "
            "GROUP BY article_id, entity_id ORDER BY article_id, min(start)",
            chunk,
        ):
            by_id[aid]["companies"].append(name)
        for aid, n in db.execute(
            f"SELECT article_id, count(*) FROM cooperations WHERE article_id IN ({_in(chunk)}) GROUP BY article_id",
            chunk,
        ):
            by_id[aid]["cooperations"] = n
    for r in rows:
        del r["id"]
    return rows


def _count(db: Database, sql: str) -> int:
    return db.execute(sql).fetchone()[0]


def _grouped(db: Database, sql: str) -> dict:
    return {k if k is not None else "unknown": n for k, n in db.execute(sql)}


def summary(db: Database) -> dict:
    return {
        "articles": _count(db, "SELECT count(*) FROM articles"),
        "articles_by_lang": _grouped(db, "SELECT lang, count(*) FROM articles GROUP BY lang ORDER BY lang"),
        "articles_by_source": _grouped(db, "SELECT source, count(*) FROM articles GROUP BY source ORDER BY source"),
        "companies": _count(db, "SELECT count(*) FROM companies"),
        "new_companies": _count(db, "SELECT count(*) FROM companies WHERE known = 0"),
        "drugs": _count(db, "SELECT count(*) FROM drugs"),
        "amounts": _count(db, "SELECT count(*) FROM amounts"),
        "cooperations": _count(db, "SELECT count(*) FROM cooperations"),
        "cooperations_by_type": _grouped(
            db, "SELECT type, count(*) FROM cooperations GROUP BY type ORDER BY count(*) DESC, type"
        ),
        "deals": _count(db, "SELECT count(*) FROM deals"),
    }
