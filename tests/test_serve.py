"""`pharmanews serve`: the Datasette metadata, and the app answering canned queries (if datasette is installed)."""

from __future__ import annotations

import asyncio
import builtins
import importlib.util
import sqlite3
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlp.model import Amount, Cooperation, Extraction, Mention, Party
from pipeline import cli
from storage import ArticleRecord, Store
from storage.datasette_meta import QUERIES, TABLES, metadata

ZH_TEXT = "恒瑞医药与Array BioPharma达成独家许可协议，首付款5亿美元。"
EN_TEXT = "Akeso licensed ivonescimab to Summit Therapeutics for $50 million upfront."


def _extraction(text: str, lang: str, a: tuple, b: tuple, surface: str, value: str) -> Extraction:
    start = text.index(surface)
    money = Amount(surface, start, start + len(surface), Decimal(value), "USD", "upfront")
    mentions = [Mention("COMPANY", s, text.index(s), text.index(s) + len(s), eid, name) for s, eid, name in (a, b)]
    coop = Cooperation(
        "licensing",
        (Party(a[1], a[2], "licensor"), Party(b[1], b[2], "licensee")),
        amounts=(money,),
        evidence=text,
        evidence_end=len(text),
    )
    return Extraction(lang, mentions=mentions, amounts=[money], cooperations=[coop])


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    with Store(path) as store:
        store.save_article(
            ArticleRecord(
                url="https://cn.example/1",
                source="cn",
                title="恒瑞授权",
                text=ZH_TEXT,
                lang="zh",
                published="2024-03-01",
            ),
            _extraction(
                ZH_TEXT,
                "zh",
                ("恒瑞医药", "company:hengrui", "Hengrui"),
                ("Array BioPharma", "company:array", "Array BioPharma"),
                "5亿美元",
                "500000000",
            ),
        )
        store.save_article(
            ArticleRecord(
                url="https://en.example/2",
                source="wire",
                title="Akeso",
                text=EN_TEXT,
                lang="en",
                published="2024-03-02",
            ),
            _extraction(
                EN_TEXT,
                "en",
                ("Akeso", "company:akeso", "Akeso"),
                ("Summit Therapeutics", "company:summit", "Summit Therapeutics"),
                "$50 million",
                "50000000",
            ),
        )
    return path


def _schema_tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    finally:
        conn.close()


def test_metadata_describes_real_tables_with_facets_and_fts(db_path: Path) -> None:
    meta = metadata(db_path)
    database = meta["databases"]["news"]
    tables = _schema_tables(db_path)
    assert set(TABLES) <= tables, "every described table exists"
    for name in ("articles", "cooperations", "deals", "companies", "reviews"):
        assert database["tables"][name]["description"]
    assert database["tables"]["articles"]["fts_table"] == "articles_fts"
    assert database["tables"]["articles"]["fts_pk"] == "id"
    assert "type" in database["tables"]["cooperations"]["facets"]
    assert "verdict" in database["tables"]["reviews"]["facets"]
    assert {"deals_of_company", "licensing_deals_above", "search_articles"} <= set(database["queries"])


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_queries_are_valid_sql(db_path: Path, name: str) -> None:
    from storage import fts

    conn = sqlite3.connect(db_path)
    conn.create_function("pharmanews_match", 1, lambda q: fts.match_expression(q) or '""')
    try:
        params = {"company": "恒瑞", "min_usd": "100000000", "q": "许可"}
        conn.execute(QUERIES[name]["sql"], params).fetchall()
    finally:
        conn.close()


needs_datasette = pytest.mark.skipif(
    importlib.util.find_spec("datasette") is None, reason="datasette is an optional extra (pharmanews[serve])"
)


def _get(ds, path: str) -> list[dict]:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture()
def app(db_path: Path):
    from storage.datasette_app import build

    return build(db_path)


@needs_datasette
@pytest.mark.parametrize(("company", "parties"), [("恒瑞", "Hengrui,Array BioPharma"), ("Summit", None)])
def test_deals_of_company(app, company: str, parties: str | None) -> None:
    rows = _get(app, f"/news/deals_of_company.json?company={company}&_shape=array")
    assert len(rows) == 1
    if parties:
        assert set(rows[0]["parties"].split(",")) == set(parties.split(","))


@needs_datasette
def test_licensing_deals_above_an_amount(app) -> None:
    rows = _get(app, "/news/licensing_deals_above.json?min_usd=100000000&_shape=array")
    assert [r["max_value_usd"] for r in rows] == [500000000.0]
    assert len(_get(app, "/news/licensing_deals_above.json?min_usd=1&_shape=array")) == 2


@needs_datasette
@pytest.mark.parametrize(
    ("q", "titles"), [("许可", ["恒瑞授权"]), ("独家许可", ["恒瑞授权"]), ("licens*", ["Akeso"]), ("", [])]
)
def test_search_articles_in_chinese_and_english(app, q: str, titles: list[str]) -> None:
    rows = _get(app, f"/news/search_articles.json?q={q}&_shape=array")
    assert [r["title"] for r in rows] == titles


@needs_datasette
def test_table_search_and_facets(app) -> None:
    page = _get(app, "/news/articles.json?_search=许可&_facet=lang")
    assert [r[page["columns"].index("title")] for r in page["rows"]] == ["恒瑞授权"]
    assert "lang" in page["facet_results"]


def test_serve_without_datasette_says_how_to_install(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_datasette(name, *args, **kwargs):
        if name.startswith(("datasette", "storage.datasette_app", "uvicorn")):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_datasette)
    monkeypatch.delitem(sys.modules, "storage.datasette_app", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(db_path)])
    assert result.exit_code == 1
    assert result.output == "Error: datasette is not installed (pip install 'pharmanews[serve]')\n"
