"""The `pharmanews` command line: parses arguments and calls the rooms.

Each command's docstring is its `--help`. No logic lives here beyond turning
arguments into calls and library errors into one clear `Error: ...` line:
extraction is `nlp`, fetching is `crawlers`, the store is `storage`, pages are
`reports`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

# Library errors that mean "the user's input or config is wrong", shown as one line.
USER_ERRORS: tuple[type[Exception], ...] = (OSError, ValueError)


def _fail(message: str, hint: str | None = None) -> click.ClickException:
    return click.ClickException(f"{message}{f' ({hint})' if hint else ''}")


def _open_store(db: str, *, must_exist: bool = True, readonly: bool = False):
    from storage import Store, StoreError

    if must_exist and not Path(db).exists():
        raise _fail(f"no database at {db}", "run `pharmanews crawl` or `pharmanews demo` first")
    if readonly and Path(db).exists():
        # A store written by an older pharmanews is migrated before it is read.
        try:
            Store(db).close()
        except StoreError:
            pass  # e.g. a read-only file: the read-only open below says what is wrong
    try:
        return Store(db, readonly=readonly)
    except StoreError as exc:
        raise _fail(str(exc)) from exc


def _library_errors() -> tuple[type[Exception], ...]:
    """Errors of our rooms that mean bad input or config: shown as one line, never a traceback."""
    from crawlers.decode import DecodeError
    from crawlers.demo import DemoPortBusyError
    from crawlers.lock import CrawlLockedError
    from crawlers.sources import SourceConfigError
    from nlp.gazetteer import GazetteerError
    from nlp.pipelines import PipelineError
    from storage import StoreError

    return (
        StoreError,
        SourceConfigError,
        CrawlLockedError,
        DecodeError,
        GazetteerError,
        PipelineError,
        DemoPortBusyError,
    )


class _Group(click.Group):
    """A click group that turns library errors raised by any command into `Error: ...`."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except _library_errors() as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pharmanews")
def cli() -> None:
    """pharmanews: who cooperates with whom, from Chinese and English pharma news.

    \b
    Example:
        pharmanews demo
        pharmanews query cooperations --db pharmanews.db --company 恒瑞
    """


# --------------------------------------------------------------------- extract


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="JSON-lines file (default: stdout).")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Force one language instead of detecting it.")
@click.option("--max-bytes", type=int, help="Skip larger files (default: 20 MiB).")
def extract(paths: tuple[str, ...], output: str | None, lang: str | None, max_bytes: int | None) -> None:
    """Extract companies, drugs, money and cooperations from .txt/.html files.

    PATHS are files or directories (searched for .txt, .html and .htm). Writes
    one JSON line per document: id (the file stem), lang, companies, drugs,
    amounts, cooperation_types, cooperations. A file that cannot be read is
    reported on stderr and the others are still extracted; the exit code is 1
    when any file failed.

    \b
    Example:
        pharmanews extract ../shared/eval/dev/docs -o out.jsonl
        pharmanews extract article.html
    """
    from crawlers.local_files import DEFAULT_MAX_BYTES, article_files, read_article_file
    from nlp import extract as run_extract

    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    failed = 0
    try:
        for path in article_files(paths):
            try:
                text = read_article_file(path, max_bytes or DEFAULT_MAX_BYTES)
                record = run_extract(text, lang=lang).to_record(path.stem)
            except USER_ERRORS as exc:
                failed += 1
                click.echo(f"Error: {path}: {exc}", err=True)
                continue
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    if failed:
        sys.exit(1)


# ----------------------------------------------------------------------- crawl


def _print_run(summary: dict) -> None:
    click.echo(f"Run {summary.get('run_id')}:")
    for name, stats in summary.get("sources", {}).items():
        errors = stats.get("errors") or {}
        err_text = ", ".join(f"{k} {v}" for k, v in sorted(errors.items())) or "none"
        click.echo(
            f"  {name}: {stats.get('pages_fetched', 0)} pages, {stats.get('articles_new', 0)} new, "
            f"{stats.get('articles_updated', 0)} updated, errors: {err_text}"
        )
    for name in summary.get("zero_yield", []):
        click.echo(f"  WARNING: source {name!r} yielded no article this run after yielding before", err=True)


@cli.command()
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False), help="Sources YAML file.")
@click.option("--db", default="pharmanews.db", show_default=True, help="SQLite store.")
@click.option("--source", "names", multiple=True, help="Only this source (repeatable).")
@click.option("--all", "all_sources", is_flag=True, help="Every source of the file.")
@click.option("--since", help="Only sitemap/feed entries changed since this date (YYYY-MM-DD).")
def crawl(sources_path: str | None, db: str, names: tuple[str, ...], all_sources: bool, since: str | None) -> None:
    """Crawl news sources into the store, extracting as articles arrive.

    Without --sources the registry shipped with pharmanews is used. Articles
    already stored are not fetched again unless their feed or sitemap says
    they changed. A second crawl on the same database while one runs stops
    with an error.

    \b
    Example:
        pharmanews crawl --all --db pharmanews.db
        pharmanews crawl --sources my_sources.yaml --source fiercebiotech --db deals.db
    """
    from crawlers.runner import default_sources_path, run_crawl

    if names and all_sources:
        raise _fail("--source and --all exclude each other")
    path = Path(sources_path) if sources_path else default_sources_path()
    summary = run_crawl(path, Path(db), names=list(names) or None, since=since)
    _print_run(summary)


# ----------------------------------------------------------------------- query

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)
DB = click.option("--db", default="pharmanews.db", show_default=True, help="SQLite store.")
LIMIT = click.option("--limit", type=int, default=50, show_default=True)


def _emit(rows: list[dict], fmt: str, columns: list[str]) -> None:
    from reports.tables import render_rows

    click.echo(render_rows(rows, fmt, columns), nl=False)


@cli.group()
def query() -> None:
    """Query the store: cooperations, deals, companies, articles or read-only SQL.

    \b
    Example:
        pharmanews query cooperations --db pharmanews.db --company Hengrui --type licensing
        pharmanews query articles --db pharmanews.db --search 许可 --format json
    """


@query.command("cooperations")
@DB
@click.option("--company", help="Any name or alias, Chinese or English (恒瑞, Hengrui).")
@click.option("--drug", help="Drug name, code or brand.")
@click.option("--type", "coop_type", help="Cooperation type, e.g. licensing.")
@click.option("--since", help="Published on or after (YYYY-MM-DD).")
@click.option("--until", help="Published on or before (YYYY-MM-DD).")
@click.option("--source", help="Source name.")
@click.option("--lang", type=click.Choice(["zh", "en", "mixed"]))
@click.option("--min-usd", type=float, help="Only records with an amount of at least this many USD.")
@click.option("--role", help="With --min-usd: the amount role that must reach it (upfront, total, ...).")
@click.option("--territory", help="Territory code, e.g. GREATER_CHINA, EX_CHINA, GLOBAL, US.")
@LIMIT
@FORMAT
def query_cooperations(db: str, fmt: str, limit: int, **filters: object) -> None:
    """Cooperation records with their parties, drugs, amounts and evidence.

    \b
    Example:
        pharmanews query cooperations --db pharmanews.db --company 恒瑞 --since 2024-01-01
        pharmanews query cooperations --db pharmanews.db --min-usd 100000000 --role upfront --format csv
    """
    filters["type"] = filters.pop("coop_type")
    with _open_store(db, readonly=True) as store:
        rows = store.cooperations(limit=limit, **{k: v for k, v in filters.items() if v is not None})
    _emit(rows, fmt, ["published", "type", "parties", "drugs", "amounts", "territory", "source", "article_url"])


@query.command("deals")
@DB
@click.option("--company", help="Any name or alias, Chinese or English.")
@click.option("--type", "coop_type", help="Cooperation type.")
@click.option("--since", help="First reported on or after (YYYY-MM-DD).")
@click.option("--until", help="First reported on or before (YYYY-MM-DD).")
@click.option("--min-usd", type=float, help="Only deals with an amount of at least this many USD.")
@LIMIT
@FORMAT
def query_deals(db: str, fmt: str, limit: int, coop_type: str | None, **filters: object) -> None:
    """Deals: cooperation records of several articles merged into one real-world deal.

    \b
    Example:
        pharmanews query deals --db pharmanews.db --company Summit
        pharmanews query deals --db pharmanews.db --since 2024-01-01 --min-usd 1000000000
    """
    with _open_store(db, readonly=True) as store:
        rows = store.deals(type=coop_type, limit=limit, **{k: v for k, v in filters.items() if v is not None})
    _emit(rows, fmt, ["first_published", "type", "parties", "drugs", "amounts", "territory", "articles"])


@query.command("companies")
@DB
@click.option("--name", help="Part of a name or alias.")
@LIMIT
@FORMAT
def query_companies(db: str, fmt: str, limit: int, name: str | None) -> None:
    """Companies seen in the store, with their aliases and counts.

    \b
    Example:
        pharmanews query companies --db pharmanews.db --name 医药
    """
    with _open_store(db, readonly=True) as store:
        rows = store.companies(name=name, limit=limit)
    _emit(rows, fmt, ["name", "name_zh", "aliases", "known", "articles", "cooperations"])


@query.command("articles")
@DB
@click.option("--source", help="Source name.")
@click.option("--lang", type=click.Choice(["zh", "en", "mixed"]))
@click.option("--since", help="Published on or after (YYYY-MM-DD).")
@click.option("--until", help="Published on or before (YYYY-MM-DD).")
@click.option("--search", help="Full-text search, Chinese or English (许可, licens*).")
@LIMIT
@FORMAT
def query_articles(db: str, fmt: str, limit: int, **filters: object) -> None:
    """Stored articles, newest first, with full-text search.

    \b
    Example:
        pharmanews query articles --db pharmanews.db --search 收购 --lang zh
    """
    with _open_store(db, readonly=True) as store:
        rows = store.articles(limit=limit, **{k: v for k, v in filters.items() if v is not None})
    _emit(rows, fmt, ["published", "lang", "source", "title", "companies", "cooperations", "url"])


@query.command("sql")
@DB
@click.argument("sql")
@FORMAT
def query_sql(db: str, fmt: str, sql: str) -> None:
    """Run read-only SQL against the store.

    \b
    Example:
        pharmanews query sql --db pharmanews.db "select type, count(*) n from cooperations group by type"
    """
    from storage import StoreError

    with _open_store(db, readonly=True) as store:
        try:
            rows = store.query_sql(sql)
        except StoreError as exc:
            raise _fail(str(exc), "only SELECT statements are allowed") from exc
    _emit(rows, fmt, list(rows[0]) if rows else [])


# ---------------------------------------------------------------------- export


@cli.command()
@DB
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="JSON-lines file (default: stdout).")
def export(db: str, output: str | None) -> None:
    """Export every stored article's extraction as JSON lines.

    Same format as `extract`, with id = the article URL, plus title and published.

    \b
    Example:
        pharmanews export --db pharmanews.db -o store.jsonl
    """
    with _open_store(db, readonly=True) as store:
        out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
        try:
            for record in store.export_records():
                out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        finally:
            if output:
                out.close()


# ---------------------------------------------------------------------- report


@cli.command()
@DB
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Output file (default: stdout).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md", "json"]),
    default=None,
    help="Default: from the output suffix; md on stdout.",
)
@click.option("--run", "run_id", type=int, help="Only this crawl run.")
@click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD).")
def report(db: str, output: str | None, fmt: str | None, run_id: int | None, since: str | None) -> None:
    """Write the extraction report: runs, new deals, what needs review, charts.

    \b
    Example:
        pharmanews report --db pharmanews.db -o report.html
        pharmanews report --db pharmanews.db --since 2024-01-01 --format md
    """
    from reports import render

    if fmt is None:
        suffix = Path(output).suffix.lower() if output else ""
        fmt = {".html": "html", ".htm": "html", ".json": "json"}.get(suffix, "md")
    with _open_store(db, readonly=True) as store:
        try:
            text = render(store, fmt=fmt, run_id=run_id, since=since)
        except ValueError as exc:
            raise _fail(str(exc), "see `pharmanews report --help`") from exc
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}")
    else:
        click.echo(text)


# ------------------------------------------------------------------------ demo


@cli.command()
@click.option("--db", default="pharmanews.db", show_default=True, help="SQLite store to create or update.")
@click.option("--report", "report_path", default="report.html", show_default=True, help="HTML report to write.")
@click.option("--port", type=int, default=8765, show_default=True, help="Port of the local sample site.")
def demo(db: str, report_path: str, port: int) -> None:
    """Crawl the bundled sample news site end to end, offline.

    Serves the sample site on 127.0.0.1 (port 8765 unless --port), crawls it
    with the real spider, extracts and stores every article, writes the HTML
    report and prints a summary. Running it twice adds no duplicate (use the
    same port: URLs are the articles' identity).

    \b
    Example:
        pharmanews demo --db pharmanews.db --report report.html
    """
    from crawlers.demo import run_demo
    from reports import render

    summary = run_demo(Path(db), port=port)
    _print_run(summary)
    with _open_store(db, readonly=True) as store:
        Path(report_path).write_text(render(store, fmt="html"), encoding="utf-8")
        totals = store.summary()
    by_lang = ", ".join(f"{k} {v}" for k, v in sorted(totals.get("articles_by_lang", {}).items()))
    click.echo(f"Articles: {totals.get('articles', 0)} ({by_lang})")
    click.echo(
        f"Companies: {totals.get('companies', 0)}  Drugs: {totals.get('drugs', 0)}  Amounts: {totals.get('amounts', 0)}"
    )
    by_type = ", ".join(f"{k} {v}" for k, v in sorted(totals.get("cooperations_by_type", {}).items()))
    click.echo(f"Cooperations: {totals.get('cooperations', 0)} ({by_type})")
    click.echo(f"Store: {db}  Report: {report_path}")


# --------------------------------------------------------------------- review


@cli.group()
def review() -> None:
    """Review extractions: list what to check, record verdicts, export gold lines.

    Verdicts (accept, reject, correct) are kept by a stable key of the fact, so
    they survive `pharmanews reextract`.

    \b
    Example:
        pharmanews review list --db pharmanews.db --kind cooperation
        pharmanews review set --db pharmanews.db cooperation 12 reject --reviewer alice
        pharmanews review export --db pharmanews.db -o gold.jsonl
    """


@review.command("list")
@DB
@click.option("--kind", type=click.Choice(["cooperation", "amount", "company"]), help="Only this kind of fact.")
@LIMIT
@FORMAT
def review_list(db: str, kind: str | None, limit: int, fmt: str) -> None:
    """Unreviewed facts, least certain first: cooperations by confidence, unknown companies,
    amounts whose role is "other". The ID column is what `review set` takes.

    \b
    Example:
        pharmanews review list --db pharmanews.db --limit 20
        pharmanews review list --db pharmanews.db --kind amount --format json
    """
    from storage import StoreError

    with _open_store(db) as store:
        try:
            rows = store.review_queue(limit=limit, kind=kind)
        except StoreError as exc:
            raise _fail(str(exc)) from exc
    _emit(rows, fmt, ["kind", "id", "confidence", "detail", "text", "article_url"])


@review.command("set")
@DB
@click.argument("kind", type=click.Choice(["cooperation", "amount", "company", "drug", "mention"]))
@click.argument("target_id", metavar="ID", type=int)
@click.argument("verdict", type=click.Choice(["accept", "reject", "correct"]))
@click.option("--value", help='With correct: the new fields as JSON, e.g. \'{"role": "upfront"}\'.')
@click.option("--reviewer", help="Who decided (default: your user name).")
def review_set(db: str, kind: str, target_id: int, verdict: str, value: str | None, reviewer: str | None) -> None:
    """Record a verdict on a cooperation, an amount or a company/drug mention.

    A correction sets fields: cooperation type/territory, amount
    value/currency/role, mention name/label.

    \b
    Example:
        pharmanews review set --db pharmanews.db cooperation 12 accept
        pharmanews review set --db pharmanews.db amount 7 correct --value '{"role": "upfront"}'
        pharmanews review set --db pharmanews.db company 31 reject --reviewer alice
    """
    from storage import StoreError

    parsed = None
    if value is not None:
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as exc:
            raise _fail(f"--value is not JSON: {exc.msg}", 'e.g. --value \'{"role": "upfront"}\'') from exc
    with _open_store(db) as store:
        try:
            saved = store.record_verdict(kind, target_id, verdict, parsed, reviewer=reviewer)
        except StoreError as exc:
            raise _fail(str(exc)) from exc
    click.echo(
        f"Recorded {saved['verdict']} on {saved['kind']} {target_id} by {saved['reviewer']} ({saved['article_url']})"
    )


@review.command("export")
@DB
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="JSON-lines file (default: stdout).")
@click.option("--url", "urls", multiple=True, help="Only this article (repeatable).")
def review_export(db: str, output: str | None, urls: tuple[str, ...]) -> None:
    """Export reviewed articles as gold lines for the evaluation set (id = article URL).

    Lines follow ../shared/eval/GUIDELINES.md, built from the store with the
    verdicts applied.

    \b
    Example:
        pharmanews review export --db pharmanews.db -o gold.jsonl
    """
    with _open_store(db) as store:
        lines = [json.dumps(r, ensure_ascii=False) for r in store.review_gold(list(urls) or None)]
    text = "".join(line + "\n" for line in lines)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"Wrote {len(lines)} gold lines to {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@DB
@click.option("--url", "urls", multiple=True, help="Only this article (repeatable).")
def reextract(db: str, urls: tuple[str, ...]) -> None:
    """Run the current extractor over stored articles and update what changed.

    Use it after the gazetteers or rules change. Reviewed facts stay reviewed:
    verdicts find their facts again by stable key.

    \b
    Example:
        pharmanews reextract --db pharmanews.db
        pharmanews reextract --db pharmanews.db --url https://example.com/news/1
    """
    from nlp import extract
    from storage import StoreError

    with _open_store(db) as store:
        try:
            counts = store.reextract(extract, list(urls) or None)
        except StoreError as exc:
            raise _fail(str(exc)) from exc
    click.echo(
        f"Articles: {counts['articles']}  changed: {counts['changed']}  unchanged: {counts['unchanged']}  "
        f"failed: {counts['failed']}  not in store: {counts['missing']}"
    )
    click.echo(f"Verdicts still attached: {counts['verdicts_kept']}  lost: {counts['verdicts_lost']}")


@cli.command()
@DB
@click.option("--port", type=int, default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
def serve(db: str, port: int, host: str) -> None:
    """Browse the store in Datasette: facets, full-text search, canned queries.

    Needs the optional extra: pip install 'pharmanews[serve]'.

    \b
    Example:
        pharmanews serve --db pharmanews.db --port 8001
    """
    try:
        import uvicorn

        from storage.datasette_app import build
    except ImportError as exc:
        raise _fail("datasette is not installed", "pip install 'pharmanews[serve]'") from exc
    # Opening the store once migrates it, so the tables the metadata names exist.
    _open_store(db).close()
    click.echo(f"Serving {db} on http://{host}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(build(db).app(), host=host, port=port, log_level="warning")


def main() -> None:
    """Entry point of the `pharmanews` script."""
    cli(prog_name="pharmanews")


if __name__ == "__main__":
    main()
