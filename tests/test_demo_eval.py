"""End-to-end quality gate: crawl the bundled demo site, export the store, score against its gold.

Everything the user gets goes through here (discovery, decoding, the article text with its
related headlines, nlp, storage, export), so a regression anywhere on that path shows up as a
score below the floors pinned in tests/demo_floors.json (measured minus 0.03).
"""

from __future__ import annotations

import json

import evalkit
import pytest
from sitekit import ROOT, crawl

from crawlers.local_site import LocalSite
from storage import Store

DEMO = ROOT / "crawlers" / "demo_site"
GOLD = ROOT / "tests" / "fixtures" / "demo_gold.jsonl"
FLOORS = json.loads((ROOT / "tests" / "demo_floors.json").read_text(encoding="utf-8"))


def _scorer():
    score = evalkit.scorer()
    if score is None:
        pytest.skip(f"shared scorer not found in {evalkit.SHARED_EVAL}")
    return score


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with LocalSite(DEMO / "site") as site:
        base = site.base_url
        crawl(DEMO / "sources.yaml", db, base)
    with Store(db) as store:
        records = list(store.export_records())
    # The gold ids are the site paths: the URL without the base and its leading slash.
    return {r["id"][len(base) :].lstrip("/"): r for r in records if r["id"].startswith(base)}


def test_every_gold_article_is_crawled(exported: dict[str, dict]) -> None:
    gold_ids = {g["id"] for g in _scorer().read_jsonl(GOLD)}
    assert gold_ids <= set(exported), f"not crawled: {sorted(gold_ids - set(exported))}"


def test_related_headlines_reach_the_store(exported: dict[str, dict]) -> None:
    # A deal reported only in the related list of this page must be extracted from it.
    record = exported["news/2024/10/astrazeneca-cspc-lpa-licence.html"]
    names = {c["name"] for c in record["companies"]} | {a for c in record["companies"] for a in c.get("aliases", [])}
    assert "Gracell" in " ".join(names)


def test_demo_scores_stay_above_floors(exported: dict[str, dict]) -> None:
    score = _scorer()
    f1 = {f: round(v, 4) for f, v in evalkit.summarise(score, score.read_jsonl(GOLD), exported)["all"].items()}
    print("demo F1:", json.dumps(f1))
    low = {f: (v, FLOORS[f]) for f, v in f1.items() if v < FLOORS[f]}
    assert not low, f"F1 below floor (measured, floor): {low}"
