"""A writer killed with SIGKILL mid-write leaves a consistent store: no half-written article."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storage import Store

ROOT = Path(__file__).resolve().parent.parent
MENTIONS_PER_ARTICLE = 200

# The child saves big articles (and rewrites earlier ones) forever, printing after each save.
WRITER = f"""
import sys
from decimal import Decimal
from nlp.model import Amount, Cooperation, Extraction, Mention, Party
from storage import ArticleRecord, Store

store = Store(sys.argv[1])
i = 0
while True:
    url = f"http://127.0.0.1/a/{{i % 40}}"
    text = f"version {{i}} " + "Akeso and Summit signed. " * {MENTIONS_PER_ARTICLE}
    mentions = [Mention("COMPANY", "Akeso", k, k + 5, "company:akeso", "Akeso") for k in range({MENTIONS_PER_ARTICLE})]
    amount = Amount("$5", 0, 2, Decimal(i), "USD", "upfront")
    coop = Cooperation("licensing", (Party("company:akeso", "Akeso"), Party("company:summit", "Summit")),
                       amounts=(amount,))
    ext = Extraction("en", mentions=mentions, amounts=[amount], cooperations=[coop])
    store.save_article(ArticleRecord(url, "wire", text, f"t{{i}}", "2024-01-01", "en"), ext)
    print(i, flush=True)
    i += 1
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_writes_leaves_consistent_db(tmp_path):
    path = tmp_path / "news.db"
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    try:
        # Let it rewrite existing articles too (urls repeat every 40 saves), then kill it mid-loop.
        for line in proc.stdout:
            if int(line) >= 60:
                break
        else:
            pytest.fail(f"writer exited early with {proc.wait()}")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    with Store(path) as store:
        per_article = store.query_sql(
            """SELECT a.url, (SELECT count(*) FROM mentions m WHERE m.article_id = a.id) AS mentions,
                      (SELECT count(*) FROM cooperations c WHERE c.article_id = a.id) AS coops,
                      (SELECT count(*) FROM articles_fts f WHERE f.rowid = a.id) AS indexed
               FROM articles a"""
        )
        assert len(per_article) == 40
        assert all(r["mentions"] == MENTIONS_PER_ARTICLE for r in per_article), per_article
        assert all(r["coops"] == 1 and r["indexed"] == 1 for r in per_article)
        # Every cooperation belongs to a deal that still exists.
        orphans = store.query_sql(
            "SELECT count(*) AS n FROM cooperations c LEFT JOIN deals d ON d.id = c.deal_id WHERE d.id IS NULL"
        )
        assert orphans == [{"n": 0}]
        # And the store still takes writes.
        assert store.summary()["articles"] == 40
