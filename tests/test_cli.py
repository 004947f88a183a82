"""The `pharmanews` CLI through click's CliRunner: outputs, formats and error lines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from nlp import extract
from pipeline import cli
from storage import ArticleRecord, Store

ROOT = Path(__file__).parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "cli"


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))


ALL_COMMANDS = [path for path, _ in _commands(cli)]


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(runner: CliRunner, path: tuple[str, ...]) -> None:
    result = runner.invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert "pharmanews " + " ".join(path) in result.output


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=" ".join)
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pharmanews " + " ".join(path) in readme


def _records(text: str) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, text.splitlines()) if r}


@pytest.mark.parametrize(
    ("name", "lang", "company", "value"),
    [
        ("deal_zh.txt", "zh", "基石药业", 200_000_000),
        ("deal_en.txt", "en", "Coherus BioSciences", 150_000_000),
        ("deal_en.html", "en", "BeiGene", 2_700_000_000),
    ],
)
def test_extract_writes_one_record_per_document(
    runner: CliRunner, tmp_path: Path, name: str, lang: str, company: str, value: int
) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["extract", str(FIXTURES / name), "-o", str(out)])
    assert result.exit_code == 0, result.output
    record = _records(out.read_text(encoding="utf-8"))[Path(name).stem]
    assert record["lang"] == lang
    assert set(record) >= {"companies", "drugs", "amounts", "cooperation_types", "cooperations"}
    aliases = {a for c in record["companies"] for a in [c["name"], *c["aliases"]]}
    assert company in aliases
    assert value in {a["value"] for a in record["amounts"]}


def test_extract_html_drops_page_chrome(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["extract", str(FIXTURES / "deal_en.html")])
    record = _records(result.output)["deal_en"]
    aliases = {a for c in record["companies"] for a in c["aliases"]}
    assert "Example News" not in aliases


@pytest.mark.parametrize("name", ["gbk.txt", "big5.txt"])
def test_extract_decodes_chinese_legacy_encodings(runner: CliRunner, name: str) -> None:
    result = runner.invoke(cli, ["extract", str(FIXTURES / name)])
    assert result.exit_code == 0, result.output
    record = _records(result.output)[Path(name).stem]
    assert record["lang"] == "zh"
    assert 25_000_000 in {a["value"] for a in record["amounts"]}


def test_extract_bad_files_report_and_the_rest_still_run(runner: CliRunner, tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    big.write_text("x" * 2048, encoding="utf-8")
    files = [
        FIXTURES / "binary.txt",
        FIXTURES / "empty.txt",
        FIXTURES / "invalid_utf8.txt",
        big,
        FIXTURES / "deal_zh.txt",
    ]
    result = runner.invoke(cli, ["extract", *map(str, files), "--max-bytes", "1024"])
    assert result.exit_code == 1
    records = _records(result.stdout)
    assert set(records) == {"empty", "invalid_utf8", "deal_zh"}
    assert records["empty"]["companies"] == [] and records["empty"]["cooperations"] == []
    assert 200_000_000 in {a["value"] for a in records["invalid_utf8"]["amounts"]}
    assert f"Error: {FIXTURES / 'binary.txt'}:" in result.stderr
    assert f"Error: {big}: file is" in result.stderr
    assert "Traceback" not in result.output


def test_extract_a_directory(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["extract", str(FIXTURES)])
    assert {"deal_zh", "deal_en"} <= set(_records(result.stdout))


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    db = tmp_path / "store.db"
    with Store(db) as store:
        for name, url, published in [
            ("deal_zh.txt", "https://news.example.cn/a/1.html", "2024-05-02"),
            ("deal_en.txt", "https://news.example.com/b/2.html", "2024-05-06"),
        ]:
            text = (FIXTURES / name).read_text(encoding="utf-8")
            article = ArticleRecord(
                url=url, source="example", text=text, title=text.splitlines()[0], published=published
            )
            store.save_article(article, extract(text))
    return db


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_query_cooperations_in_every_format(runner: CliRunner, store_path: Path, fmt: str) -> None:
    result = runner.invoke(cli, ["query", "cooperations", "--db", str(store_path), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        rows = json.loads(result.output)
        assert {r["article_url"] for r in rows} == {
            "https://news.example.cn/a/1.html",
            "https://news.example.com/b/2.html",
        }
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert rows and {"type", "parties", "article_url"} <= set(rows[0])
    else:
        assert "news.example.cn" in result.output and "type" in result.output.splitlines()[0]


@pytest.mark.parametrize("company", ["基石药业", "CStone", "辉瑞", "Pfizer"])
def test_query_company_by_any_alias(runner: CliRunner, store_path: Path, company: str) -> None:
    result = runner.invoke(
        cli, ["query", "cooperations", "--db", str(store_path), "--company", company, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    urls = {r["article_url"] for r in json.loads(result.output)}
    assert urls == {"https://news.example.cn/a/1.html"}


def test_query_articles_and_companies(runner: CliRunner, store_path: Path) -> None:
    articles = json.loads(runner.invoke(cli, ["query", "articles", "--db", str(store_path), "--format", "json"]).output)
    assert len(articles) == 2
    companies = runner.invoke(cli, ["query", "companies", "--db", str(store_path), "--format", "json"]).output
    assert "Junshi" in companies


def test_export_matches_the_extract_format(runner: CliRunner, store_path: Path) -> None:
    result = runner.invoke(cli, ["export", "--db", str(store_path)])
    assert result.exit_code == 0, result.output
    records = _records(result.output)
    record = records["https://news.example.com/b/2.html"]
    assert record["title"].startswith("Coherus licenses toripalimab")
    assert record["published"] == "2024-05-06"
    direct = extract((FIXTURES / "deal_en.txt").read_text(encoding="utf-8")).to_record("x")
    assert record["companies"] == direct["companies"]
    assert record["amounts"] == direct["amounts"]


@pytest.mark.parametrize(("fmt", "marker"), [("html", "<!DOCTYPE html>"), ("md", "# pharmanews report")])
def test_report_writes_a_file(runner: CliRunner, store_path: Path, tmp_path: Path, fmt: str, marker: str) -> None:
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(cli, ["report", "--db", str(store_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(marker)


@pytest.mark.parametrize(
    "args",
    [
        ["query", "cooperations"],
        ["query", "articles"],
        ["export"],
        ["report", "-o", "r.html"],
    ],
)
def test_missing_database_is_one_clear_error(runner: CliRunner, tmp_path: Path, args: list[str]) -> None:
    result = runner.invoke(cli, [*args, "--db", str(tmp_path / "nope.db")])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: no database at {tmp_path / 'nope.db'} (run `pharmanews crawl` or `pharmanews demo` first)"
    )


def test_query_sql_refuses_writes(runner: CliRunner, store_path: Path) -> None:
    result = runner.invoke(cli, ["query", "sql", "--db", str(store_path), "delete from articles"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    count = runner.invoke(cli, ["query", "sql", "--db", str(store_path), "select count(*) as n from articles"])
    assert "2" in count.output


def test_crawl_with_a_malformed_sources_file(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "sources.yaml"
    bad.write_text("sources:\n  - name: x\n    start_urls: [unclosed\n", encoding="utf-8")
    result = runner.invoke(cli, ["crawl", "--sources", str(bad), "--db", str(tmp_path / "db.sqlite")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert str(bad) in result.output
    assert "Traceback" not in result.output


def test_query_deals_by_amount(runner: CliRunner, store_path: Path) -> None:
    result = runner.invoke(
        cli, ["query", "deals", "--db", str(store_path), "--min-usd", "1000000000", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and all(max(a["value_usd"] or 0 for a in r["amounts"]) >= 1e9 for r in rows)
    assert {e["article_url"] for r in rows for e in r["evidence"]} == {"https://news.example.com/b/2.html"}


@pytest.mark.parametrize(("territory", "urls"), [("CN_MAINLAND", {"https://news.example.cn/a/1.html"}), ("JP", set())])
def test_query_cooperations_by_territory(runner: CliRunner, store_path: Path, territory: str, urls: set) -> None:
    result = runner.invoke(
        cli, ["query", "cooperations", "--db", str(store_path), "--territory", territory, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert {r["article_url"] for r in json.loads(result.output)} == urls
