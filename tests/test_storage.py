"""The store: round trip, idempotence, updates, migrations, aliases, SQL safety, search, deals, runs."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from nlp.model import Amount, Cooperation, Extraction, Mention, Party
from storage import ArticleRecord, Store, StoreError, migrations, money

FIXTURES = Path(__file__).parent / "fixtures" / "storage"


def mention(text: str, surface: str, label: str, entity_id: str, name: str, name_zh=None, known=True, after=0):
    start = text.index(surface, after)
    return Mention(label, surface, start, start + len(surface), entity_id, name, text, 0, known, name_zh)


def amount(text: str, surface: str, value: str, currency: str, role: str, qualifier=None) -> Amount:
    start = text.index(surface)
    return Amount(surface, start, start + len(surface), Decimal(value), currency, role, qualifier, text, 0)


HENGRUI = ("company:hengrui", "Hengrui", "恒瑞医药")
ARRAY = ("company:array", "Array BioPharma", None)
AKESO = ("company:akeso", "Akeso", "康方生物")
SUMMIT = ("company:summit", "Summit Therapeutics", None)


def licence(text, licensor, licensee, drug, amounts, evidence_surface, confidence=0.8):
    drug_name, drug_id = drug
    return Cooperation(
        type="licensing",
        parties=(Party(licensor[0], licensor[1], "licensor"), Party(licensee[0], licensee[1], "licensee")),
        drugs=(drug_name,),
        drug_ids=(drug_id,),
        amounts=tuple(amounts),
        territory="global",
        evidence=evidence_surface,
        evidence_start=text.index(evidence_surface),
        evidence_end=text.index(evidence_surface) + len(evidence_surface),
        confidence=confidence,
    )


def hengrui_zh() -> tuple[ArticleRecord, Extraction]:
    text = "江苏恒瑞医药股份有限公司宣布，恒瑞医药与Array BioPharma达成独家许可协议，总金额超15亿美元，涉及SHR-A1811。"
    total = amount(text, "超15亿美元", "1500000000", "USD", "total", "over")
    ext = Extraction(
        "zh",
        mentions=[
            mention(text, "江苏恒瑞医药股份有限公司", "COMPANY", *HENGRUI),
            mention(text, "恒瑞医药", "COMPANY", *HENGRUI, after=text.index("，")),
            mention(text, "Array BioPharma", "COMPANY", *ARRAY),
            mention(text, "SHR-A1811", "DRUG", "drug:shr-a1811", "SHR-A1811"),
        ],
        amounts=[total],
        cooperations=[licence(text, HENGRUI, ARRAY, ("SHR-A1811", "drug:shr-a1811"), [total], text[15:])],
    )
    rec = ArticleRecord("http://127.0.0.1/zh/hengrui", "portal", text, "恒瑞医药授权SHR-A1811", "2024-05-01", "zh")
    return rec, ext


def hengrui_en() -> tuple[ArticleRecord, Extraction]:
    text = (
        "Jiangsu Hengrui Pharmaceuticals entered an exclusive licensing agreement with Array BioPharma "
        "for SHR-A1811 worth up to $1.5 billion in total."
    )
    total = amount(text, "$1.5 billion", "1500000000", "USD", "total", "up_to")
    ext = Extraction(
        "en",
        mentions=[
            mention(text, "Jiangsu Hengrui Pharmaceuticals", "COMPANY", *HENGRUI),
            mention(text, "Array BioPharma", "COMPANY", *ARRAY),
            mention(text, "SHR-A1811", "DRUG", "drug:shr-a1811", "SHR-A1811"),
        ],
        amounts=[total],
        cooperations=[licence(text, HENGRUI, ARRAY, ("SHR-A1811", "drug:shr-a1811"), [total], text)],
    )
    rec = ArticleRecord("http://127.0.0.1/en/hengrui", "wire", text, "Hengrui licenses SHR-A1811", "2024-05-20", "en")
    return rec, ext


def akeso_zh(published="2022-12-06", upfront_cny="3600000000") -> tuple[ArticleRecord, Extraction]:
    text = "康方生物与Summit达成许可协议，首付款36亿元人民币，授权依沃西单抗。"
    up = amount(text, "36亿元人民币", upfront_cny, "CNY", "upfront")
    ext = Extraction(
        "zh",
        mentions=[
            mention(text, "康方生物", "COMPANY", *AKESO),
            mention(text, "Summit", "COMPANY", *SUMMIT),
            mention(text, "依沃西单抗", "DRUG", "drug:ivonescimab", "ivonescimab", "依沃西单抗"),
        ],
        amounts=[up],
        cooperations=[licence(text, AKESO, SUMMIT, ("ivonescimab", "drug:ivonescimab"), [up], text)],
    )
    return ArticleRecord("http://127.0.0.1/zh/akeso", "portal", text, "康方生物授权", published, "zh"), ext


def akeso_en(published="2022-12-07") -> tuple[ArticleRecord, Extraction]:
    text = "Summit Therapeutics licensed ivonescimab from Akeso with an upfront payment of $500 million."
    up = amount(text, "$500 million", "500000000", "USD", "upfront")
    ext = Extraction(
        "en",
        mentions=[
            mention(text, "Summit Therapeutics", "COMPANY", *SUMMIT),
            mention(text, "ivonescimab", "DRUG", "drug:ivonescimab", "ivonescimab", "依沃西单抗"),
            mention(text, "Akeso", "COMPANY", *AKESO),
        ],
        amounts=[up],
        cooperations=[licence(text, AKESO, SUMMIT, ("ivonescimab", "drug:ivonescimab"), [up], text)],
    )
    return ArticleRecord("http://127.0.0.1/en/akeso", "wire", text, "Summit licenses ivonescimab", published, "en"), ext


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "sub" / "news.db") as s:
        yield s


def table_counts(store: Store) -> dict:
    tables = [
        "articles",
        "mentions",
        "amounts",
        "cooperations",
        "cooperation_parties",
        "cooperation_drugs",
        "cooperation_amounts",
        "deals",
        "companies",
        "drugs",
        "aliases",
        "articles_fts",
    ]
    return {t: store.query_sql(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in tables}


@pytest.mark.parametrize("build", [hengrui_zh, hengrui_en, akeso_zh, akeso_en])
def test_round_trip_every_shape(store, build):
    rec, ext = build()
    assert store.save_article(rec, ext) == "new"

    coops = store.cooperations()
    assert len(coops) == 1
    c = coops[0]
    want = ext.cooperations[0]
    assert c["type"] == want.type
    assert [(p["entity_id"], p["name"], p["role"]) for p in c["parties"]] == [
        (p.entity_id, p.name, p.role) for p in want.parties
    ]
    assert c["drugs"] == list(want.drugs)
    assert [(a["text"], Decimal(a["value"]), a["currency"], a["role"]) for a in c["amounts"]] == [
        (a.text, a.value, a.currency, a.role) for a in want.amounts
    ]
    assert c["amounts"][0]["value_usd"] == money.to_usd(want.amounts[0].value, want.amounts[0].currency, rec.published)
    assert (c["evidence"], c["confidence"], c["territory"]) == (want.evidence, want.confidence, "global")
    assert (c["article_url"], c["title"], c["published"], c["source"], c["lang"]) == (
        rec.url,
        rec.title,
        rec.published,
        rec.source,
        rec.lang,
    )
    assert c["deal_id"] is not None

    companies = {co["entity_id"]: co for co in store.companies()}
    assert set(companies) == {e.entity_id for e in ext.companies}
    for e in ext.companies:
        assert set(e.aliases) <= set(companies[e.entity_id]["aliases"])
        assert (companies[e.entity_id]["articles"], companies[e.entity_id]["cooperations"]) == (1, 1)

    [art] = store.articles()
    assert art["url"] == rec.url and art["cooperations"] == 1
    assert art["companies"] == [e.name for e in ext.companies]

    [deal] = store.deals()
    assert deal["deal_id"] == c["deal_id"] and deal["articles"] == 1

    records = list(store.export_records())
    assert records == [{**ext.to_record(rec.url), "title": rec.title, "published": rec.published}]

    s = store.summary()
    assert s["articles"] == 1 and s["articles_by_lang"] == {rec.lang: 1}
    assert s["cooperations_by_type"] == {"licensing": 1} and s["deals"] == 1
    assert s["amounts"] == len(ext.amounts) and s["drugs"] == 1


def test_mentions_keep_offsets_and_sentences(store):
    rec, ext = hengrui_zh()
    store.save_article(rec, ext)
    rows = store.query_sql('SELECT text, start, "end", entity_id, sentence, sentence_start FROM mentions ORDER BY id')
    assert [(r["text"], r["start"], r["end"], r["entity_id"]) for r in rows] == [
        (m.text, m.start, m.end, m.entity_id) for m in ext.mentions
    ]
    assert all(rec.text[r["start"] : r["end"]] == r["text"] for r in rows)
    assert rows[0]["sentence"] == rec.text
    [a] = store.query_sql("SELECT value, typeof(value) AS t, qualifier FROM amounts")
    assert (a["value"], a["t"], a["qualifier"]) == ("1500000000", "text", "over")


def test_save_twice_is_unchanged_and_adds_nothing(store):
    rec, ext = hengrui_zh()
    assert store.save_article(rec, ext) == "new"
    before = table_counts(store)
    assert store.save_article(rec, ext) == "unchanged"
    assert table_counts(store) == before
    assert before["articles"] == 1 and before["mentions"] == 4 and before["cooperations"] == 1


def test_changed_text_replaces_extraction_rows(store):
    rec, ext = hengrui_zh()
    store.save_article(rec, ext)
    first_deal = store.cooperations()[0]["deal_id"]
    rec2, ext2 = akeso_zh()
    rec2.url = rec.url
    assert store.save_article(rec2, ext2) == "updated"
    counts = table_counts(store)
    assert counts["articles"] == 1 and counts["articles_fts"] == 1
    assert counts["mentions"] == len(ext2.mentions) and counts["amounts"] == 1
    assert counts["cooperations"] == 1 and counts["cooperation_parties"] == 2 and counts["deals"] == 1
    [c] = store.cooperations()
    assert {p["entity_id"] for p in c["parties"]} == {"company:akeso", "company:summit"}
    assert c["deal_id"] != first_deal
    assert store.articles(search="许可")[0]["url"] == rec.url
    assert store.articles(search="独家") == []
    assert store.article_state(rec.url)["content_hash"] != ""


def test_article_state_and_article_without_extraction(store):
    assert store.article_state("http://127.0.0.1/none") is None
    rec = ArticleRecord(
        "http://127.0.0.1/x",
        "portal",
        "Plain text.",
        "T",
        "2024-01-02",
        "en",
        "2024-01-03T00:00:00",
        '"etag1"',
        "Tue, 02 Jan 2024 00:00:00 GMT",
    )
    assert store.save_article(rec, None) == "new"
    state = store.article_state(rec.url)
    assert (state["etag"], state["last_modified"], state["published"], state["fetched_at"]) == (
        '"etag1"',
        "Tue, 02 Jan 2024 00:00:00 GMT",
        "2024-01-02",
        "2024-01-03T00:00:00",
    )
    assert len(state["content_hash"]) == 64
    assert list(store.export_records())[0]["companies"] == []
    # Extraction arriving later for the same text is written, not skipped.
    assert store.save_article(rec, Extraction("en")) == "updated"
    assert store.save_article(rec, Extraction("en")) == "unchanged"


def test_schema_v1_database_migrates(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "schema_v1.sql").read_text(encoding="utf-8"))
    conn.close()
    with Store(path) as store:
        assert migrations.current_version(store.db) == migrations.LATEST >= 2
        versions = [r["version"] for r in store.query_sql("SELECT version FROM schema_version ORDER BY version")]
        assert versions == list(range(1, migrations.LATEST + 1))
        # The old rows are still there and gained what schema 2 adds.
        assert store.summary()["articles"] == 2
        [akeso] = store.companies(name="康方")
        assert akeso["entity_id"] == "company:akeso" and {"康方生物", "Akeso"} <= set(akeso["aliases"])
        assert [a["url"] for a in store.articles(search="许可")] == ["http://127.0.0.1/zh/1"]
        coops = store.cooperations(company="Akeso")
        assert {c["amounts"][0]["value_usd"] for c in coops} == {500_000_000.0}
        [deal] = store.deals(company="康方生物")
        assert deal["articles"] == 2
    # Opening again is a no-op.
    with Store(path) as store:
        assert store.summary()["deals"] == 1


def test_readonly_store_needs_migrated_db(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "schema_v1.sql").read_text(encoding="utf-8"))
    conn.close()
    with pytest.raises(StoreError, match="schema version 1"):
        Store(path, readonly=True)


@pytest.mark.parametrize(
    "name", ["恒瑞", "恒瑞医药", "江苏恒瑞医药股份有限公司", "Hengrui", "hengrui", "Jiangsu Hengrui", "company:hengrui"]
)
def test_company_filter_by_any_alias(store, name):
    for build in (hengrui_zh, hengrui_en, akeso_zh):
        store.save_article(*build())
    coops = store.cooperations(company=name)
    assert {c["article_url"] for c in coops} == {"http://127.0.0.1/zh/hengrui", "http://127.0.0.1/en/hengrui"}
    assert [c["entity_id"] for c in store.companies(name=name)] == ["company:hengrui"]
    assert len(store.deals(company=name)) == 1


def test_other_filters(store):
    for build in (hengrui_zh, hengrui_en, akeso_zh, akeso_en):
        store.save_article(*build())
    urls = lambda rows: sorted(r["article_url"] for r in rows)  # noqa: E731
    assert urls(store.cooperations(drug="依沃西")) == ["http://127.0.0.1/en/akeso", "http://127.0.0.1/zh/akeso"]
    assert urls(store.cooperations(drug="SHR-A1811", lang="en")) == ["http://127.0.0.1/en/hengrui"]
    assert urls(store.cooperations(since="2024-01-01", until="2024-05-01")) == ["http://127.0.0.1/zh/hengrui"]
    assert urls(store.cooperations(source="wire", type="licensing")) == [
        "http://127.0.0.1/en/akeso",
        "http://127.0.0.1/en/hengrui",
    ]
    assert store.cooperations(type="acquisition") == []
    assert len(store.cooperations(min_usd=1e9)) == 2
    assert urls(store.cooperations(min_usd=4e8, role="upfront")) == [
        "http://127.0.0.1/en/akeso",
        "http://127.0.0.1/zh/akeso",
    ]
    assert store.cooperations(min_usd=1e9, role="upfront") == []
    assert len(store.cooperations(limit=3)) == 3
    assert store.cooperations(company="Pfizer") == []
    assert [a["url"] for a in store.articles(source="portal", lang="zh", since="2024-01-01")] == [
        "http://127.0.0.1/zh/hengrui"
    ]


@pytest.mark.parametrize("evil", ["x'; DROP TABLE articles; --", "' OR '1'='1", '恒瑞" OR 1=1 --', "%", "_", "\\"])
def test_user_values_are_only_values(store, evil):
    store.save_article(*hengrui_zh())
    assert store.cooperations(company=evil) == []
    assert store.cooperations(drug=evil, type=evil, source=evil, lang=evil, since=evil) == []
    assert store.companies(name=evil) == []
    assert store.articles(source=evil) == []
    store.articles(search=evil)  # must not raise whatever FTS makes of it
    assert store.summary()["articles"] == 1


def test_a_company_named_like_sql_is_just_a_name(store):
    text = 'O\'Brien "Pharma"; DROP TABLE articles; -- signed a licence with Akeso.'
    evil = ("new:o'brien", 'O\'Brien "Pharma"; DROP TABLE articles; --', None)
    ext = Extraction(
        "en",
        mentions=[mention(text, evil[1], "COMPANY", *evil, known=False), mention(text, "Akeso", "COMPANY", *AKESO)],
        cooperations=[licence(text, AKESO, evil, ("x", "new:x"), [], text)],
    )
    store.save_article(ArticleRecord("http://127.0.0.1/evil", "wire", text, "t", "2024-01-01", "en"), ext)
    [c] = store.cooperations(company='O\'Brien "Pharma"; DROP')
    assert c["parties"][1]["name"] == evil[1]
    assert store.summary()["new_companies"] == 1 and store.summary()["articles"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("许可", ["http://127.0.0.1/zh/hengrui", "http://127.0.0.1/zh/akeso"]),
        ("独家 许可", ["http://127.0.0.1/zh/hengrui"]),
        ("依沃西单抗", ["http://127.0.0.1/zh/akeso"]),
        ("licens*", ["http://127.0.0.1/en/hengrui", "http://127.0.0.1/en/akeso"]),
        ("license", ["http://127.0.0.1/en/hengrui", "http://127.0.0.1/en/akeso"]),
        ("ivonescimab", ["http://127.0.0.1/en/akeso"]),
        ("SHR-A1811", ["http://127.0.0.1/zh/hengrui", "http://127.0.0.1/en/hengrui"]),
        ("acquisition", []),
        ("", []),
        ('"(*', []),
    ],
)
def test_full_text_search(store, query, expected):
    for build in (hengrui_zh, hengrui_en, akeso_zh, akeso_en):
        store.save_article(*build())
    assert sorted(a["url"] for a in store.articles(search=query)) == sorted(expected)


def test_deal_merges_zh_and_en_records(store):
    store.save_article(*akeso_zh())
    store.save_article(*akeso_en())
    store.save_article(*hengrui_zh())
    deals = store.deals(company="Summit")
    assert len(deals) == 1
    d = deals[0]
    assert d["articles"] == 2 and d["type"] == "licensing"
    assert {e["article_url"] for e in d["evidence"]} == {"http://127.0.0.1/zh/akeso", "http://127.0.0.1/en/akeso"}
    assert {e["lang"] for e in d["evidence"]} == {"zh", "en"}
    assert (d["first_published"], d["last_published"]) == ("2022-12-06", "2022-12-07")
    assert {p["entity_id"] for p in d["parties"]} == {"company:akeso", "company:summit"}
    assert {c["deal_id"] for c in store.cooperations(company="Akeso")} == {d["deal_id"]}
    assert store.summary()["deals"] == 2


@pytest.mark.parametrize(
    ("zh_kwargs", "why"),
    [
        ({"published": "2023-06-01"}, "dates too far apart"),
        ({"upfront_cny": "36000000"}, "upfronts disagree"),
    ],
)
def test_different_deals_stay_apart(store, zh_kwargs, why):
    store.save_article(*akeso_zh(**zh_kwargs))
    store.save_article(*akeso_en())
    assert store.summary()["deals"] == 2, why


def test_rewriting_an_article_moves_its_evidence(store):
    zh_rec, zh_ext = akeso_zh()
    store.save_article(zh_rec, zh_ext)
    store.save_article(*akeso_en())
    zh_rec.text += " 更新。"
    assert store.save_article(zh_rec, zh_ext) == "updated"
    [deal] = store.deals()
    assert deal["articles"] == 2 and store.summary()["deals"] == 1


def test_usd_conversion_uses_the_dated_table():
    assert money.to_usd(Decimal("100"), "USD", "2024-01-01") == 100.0
    assert money.to_usd("1000000", "CNY", "2023-05-01") == pytest.approx(1000000 * money.usd_rate("CNY", "2023"))
    assert money.usd_rate("CNY", "2019-03-01") != money.usd_rate("CNY", "2024-03-01")
    assert money.usd_rate("EUR", "2031-01-01") == money.usd_rate("EUR", "2025")
    assert money.usd_rate("EUR", None) is not None
    assert money.to_usd("5", "XYZ", "2024-01-01") is None
    assert money.to_usd("not a number", "USD") is None


def test_run_stats_and_zero_yield(store):
    stats = {
        "pages_fetched": 5,
        "articles_new": 3,
        "articles_updated": 0,
        "articles_unchanged": 0,
        "errors": {"http_404": 1},
    }
    r1 = store.start_run(["portal", "wire"])
    store.record_source_stats(r1, "portal", stats)
    store.record_source_stats(r1, "wire", {**stats, "articles_new": 0})
    first = store.finish_run(r1)
    assert first["status"] == "ok" and first["finished_at"] and first["zero_yield"] == []
    assert first["stats"]["portal"]["errors"] == {"http_404": 1}

    r2 = store.start_run(["portal", "wire"])
    store.record_source_stats(r2, "portal", {**stats, "articles_new": 0, "pages_fetched": 1})
    store.record_source_stats(r2, "wire", {**stats, "articles_new": 0})
    second = store.finish_run(r2, status="partial")
    # portal yielded before and nothing now; wire never yielded, so it is not a sudden drop.
    assert second["zero_yield"] == ["portal"]
    assert second["stats"]["portal"]["zero_yield"] is True and second["stats"]["wire"]["zero_yield"] is False
    assert [r["id"] for r in store.runs()] == [r2, r1] and store.runs(limit=1)[0]["status"] == "partial"
    r3 = store.start_run(["portal"])
    store.record_source_stats(r3, "portal", {"articles_unchanged": 4})
    assert store.finish_run(r3)["zero_yield"] == []
    with pytest.raises(StoreError, match="no crawl run"):
        store.record_source_stats(999, "portal", stats)


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO articles (url, source, text, content_hash) VALUES ('u', 's', 't', 'h')",
        "DELETE FROM articles",
        "DROP TABLE articles",
        "UPDATE articles SET title = 'x'",
        "PRAGMA journal_mode = DELETE",
    ],
)
def test_query_sql_refuses_writes(store, sql):
    store.save_article(*hengrui_zh())
    with pytest.raises(StoreError):
        store.query_sql(sql)
    assert store.query_sql("SELECT count(*) AS n, max(title) AS t FROM articles") == [
        {"n": 1, "t": "恒瑞医药授权SHR-A1811"}
    ]


def test_query_sql_reports_bad_sql_and_binds_params(store):
    store.save_article(*hengrui_zh())
    with pytest.raises(StoreError, match="query failed"):
        store.query_sql("SELEC nonsense")
    with pytest.raises(StoreError):
        store.query_sql("SELECT 1; SELECT 2")
    assert store.query_sql("SELECT url FROM articles WHERE lang = ?", ("zh",))[0]["url"].endswith("hengrui")


def test_readonly_store(tmp_path):
    path = tmp_path / "news.db"
    with Store(path) as s:
        s.save_article(*hengrui_zh())
    with Store(path, readonly=True) as ro:
        assert len(ro.cooperations(company="恒瑞")) == 1
        with pytest.raises(StoreError, match="read-only"):
            ro.save_article(*hengrui_en())
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "missing.db", readonly=True)


def test_not_a_database_is_a_clear_error(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="not a pharmanews SQLite database"):
        Store(junk)
    with pytest.raises(StoreError, match="is a directory"):
        Store(tmp_path)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "news.db"
    with Store(path) as s:
        s.db.execute("INSERT INTO schema_version VALUES (999, 'v999_future', 'x')")
    with pytest.raises(StoreError, match="upgrade pharmanews"):
        Store(path)


def test_two_stores_on_one_file_both_write(tmp_path):
    path = tmp_path / "news.db"
    with Store(path) as a, Store(path) as b:
        assert a.save_article(*akeso_zh()) == "new"
        assert b.save_article(*akeso_en()) == "new"
        assert a.save_article(*akeso_en()) == "unchanged"
        [deal] = b.deals()
        assert deal["articles"] == 2
        assert a.query_sql("PRAGMA journal_mode") == [{"journal_mode": "wal"}]


def test_deal_filters(store):
    for build in (hengrui_zh, hengrui_en, akeso_zh, akeso_en):
        store.save_article(*build())
    types = lambda rows: sorted(p["entity_id"] for d in rows for p in d["parties"])  # noqa: E731
    assert len(store.deals()) == 2
    assert types(store.deals(since="2024-01-01")) == ["company:array", "company:hengrui"]
    assert types(store.deals(until="2022-12-31")) == ["company:akeso", "company:summit"]
    # CNY 3.6bn upfront and USD 500M upfront: the deal's largest USD value is the converted CNY one.
    [akeso] = store.deals(company="康方", min_usd=4e8)
    assert akeso["max_value_usd"] == pytest.approx(3_600_000_000 * money.usd_rate("CNY", "2022"))
    assert store.deals(min_usd=1e10) == []
    assert store.deals(type="acquisition") == [] and len(store.deals(limit=1)) == 1
