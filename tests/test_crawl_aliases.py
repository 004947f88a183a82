"""Canonical skip: a link whose page named another canonical URL finds the stored article next run."""

from __future__ import annotations

from pathlib import Path

from crawlers.runner import _state_lookup
from storage import Store
from storage.records import ArticleRecord

CANON = "https://wire.example/news/merck-kelun.html"
AMP = "https://wire.example/amp/merck-kelun.html"


def _store_article(store: Store) -> None:
    record = ArticleRecord(
        url=CANON,
        source="wire",
        text="Merck licenses Kelun ADC SKB264.",
        title="t",
        published="2024-05-01",
        lang="en",
        fetched_at="2024-05-02T00:00:00+00:00",
        etag='"e1"',
        last_modified=None,
    )
    store.save_article(record, None, None)


def test_aliases_round_trip_and_ignore_self_aliases(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        assert store.canonical_of(AMP) is None  # before the table exists
        store.remember_aliases({AMP: CANON, CANON: CANON, "": CANON})
        assert store.canonical_of(AMP) == CANON
        assert store.canonical_of(CANON) is None
        store.remember_aliases({AMP: CANON + "?v=2"})  # the page moved its canonical: last one wins
        assert store.canonical_of(AMP) == CANON + "?v=2"


def test_state_lookup_follows_a_remembered_alias(tmp_path: Path) -> None:
    with Store(tmp_path / "b.db") as store:
        _store_article(store)
        state = _state_lookup(store)
        assert state(AMP) is None  # not known yet: fetched once
        store.remember_aliases({AMP: CANON})
        assert state(AMP) == store.article_state(CANON)
        assert state(AMP)["etag"] == '"e1"'
        assert state("https://wire.example/news/other.html") is None
