"""A crawl killed half way (SIGKILL) leaves the store consistent; the next run picks up the rest.

Also covers Store.interrupt_stale_runs(): runs left 'running' by a dead process are marked
'interrupted' when the next crawl takes the lock.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from sitekit import ROOT, crawl, crawl_args

from crawlers.local_site import LocalSite
from storage import Store

DEMO = ROOT / "crawlers" / "demo_site"
ARTICLES = sorted(m["path"] for m in json.loads((DEMO / "manifest.json").read_text(encoding="utf-8")))
SLOW = 0.4  # seconds per article page in the first run, one request at a time: a run long enough to kill


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # schema not created yet
        return 0
    finally:
        conn.close()


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("kill") / "news.db"
    out: dict = {"db": db}
    with LocalSite(DEMO / "site") as site:
        base = site.base_url
        for path in ARTICLES:
            site.slow["/" + path] = SLOW
        args = crawl_args(DEMO / "sources.yaml", db, base, settings={"CONCURRENT_REQUESTS_PER_DOMAIN": 1})
        # Its own session, so the kill reaches the extraction workers too (as a service manager's would).
        proc = subprocess.Popen(
            args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            deadline = time.monotonic() + 120
            while _count(db) < 3 and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            assert proc.poll() is None, "the crawl ended before it could be killed"
            os.killpg(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(timeout=30)
        out["after_kill"] = _count(db)
        conn = sqlite3.connect(db)
        out["stored_by_killed"] = {r[0][len(base) :].lstrip("/") for r in conn.execute("SELECT url FROM articles")}
        out["integrity"] = conn.execute("PRAGMA integrity_check").fetchall()
        out["fk"] = conn.execute("PRAGMA foreign_key_check").fetchall()
        out["no_mentions"] = conn.execute(
            "SELECT url FROM articles a WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id)"
        ).fetchall()
        out["runs_after_kill"] = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]
        conn.close()
        fetched_first = {p: site.fetched("/" + p) for p in ARTICLES}
        site.slow.clear()
        site.requests.clear()
        out["second"] = crawl(DEMO / "sources.yaml", db, base).summary
        out["fetched_first"] = {p for p, n in fetched_first.items() if n}
        out["fetched_second"] = {p for p in ARTICLES if site.fetched("/" + p)}
        out["stored"] = _count(db)
    with Store(db) as store:
        out["runs"] = {r["id"]: r["status"] for r in store.runs()}
    return out


def test_kill_leaves_the_store_consistent(killed: dict) -> None:
    assert 3 <= killed["after_kill"] < len(ARTICLES)
    assert killed["integrity"] == [("ok",)]
    assert killed["fk"] == []
    # An article and its extraction are written in one transaction: never one without the other.
    assert killed["no_mentions"] == []
    assert killed["runs_after_kill"] == ["running"]


def test_next_run_picks_up_the_rest(killed: dict) -> None:
    assert killed["stored"] == len(ARTICLES)
    stats = killed["second"]["sources"]["demo"]
    assert stats["articles_new"] == len(ARTICLES) - killed["after_kill"]
    # What the killed run stored is not fetched again; what it fetched but lost (in the
    # pipeline at the kill) and what it never reached are.
    assert killed["fetched_second"] == set(ARTICLES) - killed["stored_by_killed"]
    assert killed["stored_by_killed"] <= killed["fetched_first"]


def test_dead_run_is_marked_interrupted(killed: dict) -> None:
    assert killed["runs"] == {1: "interrupted", 2: "ok"}


def test_interrupt_stale_runs_only_touches_running(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        done = store.start_run(["a"])
        store.finish_run(done)
        stale = store.start_run(["a"])
        assert store.interrupt_stale_runs() == [stale]
        assert store.interrupt_stale_runs() == []
        assert {r["id"]: r["status"] for r in store.runs()} == {done: "ok", stale: "interrupted"}
