"""End-to-end quality gate: crawl the bundled demo site, export the store, score against its gold.

Everything the user gets goes through here (discovery, decoding, the article text with its
related headlines, nlp, storage, export), so a regression anywhere on that path shows up as a
score below the floors pinned in tests/demo_floors.json (measured minus 0.03).
"""

from __future__ import annotations

import importlib.util
import json

import pytest
from sitekit import ROOT, crawl

from crawlers.local_site import LocalSite
from storage import Store

DEMO = ROOT / "crawlers" / "demo_site"
GOLD = ROOT / "tests" / "fixtures" / "demo_gold.jsonl"
FLOORS = json.loads((ROOT / "tests" / "demo_floors.json").read_text(encoding="utf-8"))
SCORE = ROOT.parent / "shared" / "eval" / "score.py"


def _scorer():
    if not SCORE.exists():
        pytest.skip(f"scorer {SCORE} is absent")
    spec = importlib.util.spec_from_file_location("pharmanews_score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def _summary(score, gold: list[dict], pred: dict[str, dict]) -> dict[str, float]:
    totals = {f: [0, 0, 0] for f in score.FIELDS}
    for g in gold:
        for f, (tp, fp, n, _missed) in score.score_doc(g, pred.get(g["id"], {})).items():
            totals[f][0] += tp
            totals[f][1] += fp
            totals[f][2] += n
    return {f: round(score.prf(*t)[2], 4) for f, t in totals.items()}


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
    f1 = _summary(score, score.read_jsonl(GOLD), exported)
    print("demo F1:", json.dumps(f1))
    low = {f: (v, FLOORS[f]) for f, v in f1.items() if v < FLOORS[f]}
    assert not low, f"F1 below floor (measured, floor): {low}"
