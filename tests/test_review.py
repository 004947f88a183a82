"""Review: the queue, each verdict, verdicts applied on read, surviving re-extraction, gold export."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from nlp.model import Amount, Cooperation, Extraction, Mention, Party
from pipeline import cli
from storage import ArticleRecord, Store, StoreError, migrations

SCORE_PY = Path("/work/shared/eval/score.py")

ZH_URL = "https://news.example.cn/a/1"
EN_URL = "https://wire.example.com/b/2"
ZH_TEXT = "恒瑞医药与Array BioPharma达成独家许可协议，总金额超15亿美元。公司市值约500亿元。"
EN_TEXT = "Akeso licensed ivonescimab to Summit Therapeutics for $500 million upfront. Foo Bio joined later."


def _mention(text, surface, label, eid, name, known=True):
    start = text.index(surface)
    return Mention(label, surface, start, start + len(surface), eid, name, text, 0, known)


def _amount(text, surface, value, currency, role):
    start = text.index(surface)
    return Amount(surface, start, start + len(surface), Decimal(value), currency, role, None, text, 0)


def _coop(text, evidence, ctype, parties, amounts=(), confidence=0.5, drugs=()):
    start = text.index(evidence)
    return Cooperation(
        type=ctype,
        parties=tuple(Party(eid, name, role) for eid, name, role in parties),
        drugs=tuple(d for d, _ in drugs),
        drug_ids=tuple(i for _, i in drugs),
        amounts=tuple(amounts),
        evidence=evidence,
        evidence_start=start,
        evidence_end=start + len(evidence),
        confidence=confidence,
    )


def zh_extraction() -> Extraction:
    total = _amount(ZH_TEXT, "超15亿美元", "1500000000", "USD", "other")
    cap = _amount(ZH_TEXT, "约500亿元", "50000000000", "CNY", "other")
    return Extraction(
        "zh",
        mentions=[
            _mention(ZH_TEXT, "恒瑞医药", "COMPANY", "company:hengrui", "Hengrui"),
            _mention(ZH_TEXT, "Array BioPharma", "COMPANY", "company:array", "Array BioPharma"),
        ],
        amounts=[total, cap],
        cooperations=[
            _coop(
                ZH_TEXT,
                "恒瑞医药与Array BioPharma达成独家许可协议，总金额超15亿美元",
                "licensing",
                [("company:hengrui", "Hengrui", "licensor"), ("company:array", "Array BioPharma", "licensee")],
                [total],
                confidence=0.8,
            )
        ],
    )


def en_extraction() -> Extraction:
    upfront = _amount(EN_TEXT, "$500 million", "500000000", "USD", "upfront")
    return Extraction(
        "en",
        mentions=[
            _mention(EN_TEXT, "Akeso", "COMPANY", "company:akeso", "Akeso"),
            _mention(EN_TEXT, "ivonescimab", "DRUG", "drug:ivonescimab", "ivonescimab"),
            _mention(EN_TEXT, "Summit Therapeutics", "COMPANY", "company:summit", "Summit Therapeutics"),
            _mention(EN_TEXT, "Foo Bio", "COMPANY", "new:foobio", "Foo Bio", known=False),
        ],
        amounts=[upfront],
        cooperations=[
            _coop(
                EN_TEXT,
                "Akeso licensed ivonescimab to Summit Therapeutics for $500 million upfront",
                "licensing",
                [("company:akeso", "Akeso", "licensor"), ("company:summit", "Summit Therapeutics", "licensee")],
                [upfront],
                confidence=0.3,
                drugs=[("ivonescimab", "drug:ivonescimab")],
            ),
            _coop(
                EN_TEXT,
                "Foo Bio joined later",
                "strategic_alliance",
                [("new:foobio", "Foo Bio", "partner"), ("company:akeso", "Akeso", "partner")],
                confidence=0.6,
            ),
        ],
    )


EXTRACTIONS = {ZH_TEXT: zh_extraction, EN_TEXT: en_extraction}


def same_extractor(text: str) -> Extraction:
    return EXTRACTIONS[text]()


def changed_extractor(text: str) -> Extraction:
    """A newer extractor: one more mention and other confidences, so every row is rewritten."""
    ext = EXTRACTIONS[text]()
    ext.cooperations = [replace(c, confidence=c.confidence / 2) for c in ext.cooperations]
    if text == ZH_TEXT:
        ext.mentions.append(_mention(ZH_TEXT, "公司", "COMPANY", "new:gongsi", "公司", known=False))
    return ext


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "news.db")
    s.save_article(
        ArticleRecord(url=ZH_URL, source="cn", title="恒瑞授权", text=ZH_TEXT, lang="zh", published="2024-05-01"),
        zh_extraction(),
    )
    s.save_article(
        ArticleRecord(url=EN_URL, source="wire", title="Akeso deal", text=EN_TEXT, lang="en", published="2024-05-02"),
        en_extraction(),
    )
    yield s
    s.close()


def _coop_id(store: Store, url: str, ctype: str = "licensing") -> int:
    return next(
        r["id"] for r in store.cooperations(include_rejected=True) if r["article_url"] == url and r["type"] == ctype
    )


def _amount_id(store: Store, text: str) -> int:
    return store.db.execute("SELECT id FROM amounts WHERE text = ?", (text,)).fetchone()[0]


def _export(store: Store, url: str) -> dict:
    return next(r for r in store.export_records() if r["id"] == url)


def test_schema_has_reviews(store: Store) -> None:
    assert migrations.LATEST >= 3
    assert store.db["reviews"].exists()


def test_queue_lowest_confidence_first_then_companies_then_other_amounts(store: Store) -> None:
    queue = store.review_queue()
    assert [(q["kind"], q["confidence"]) for q in queue[:3]] == [
        ("cooperation", 0.3),
        ("cooperation", 0.6),
        ("cooperation", 0.8),
    ]
    assert [q["kind"] for q in queue[3:]] == ["company", "amount", "amount"]
    assert queue[3]["detail"] == "Foo Bio"
    assert {q["detail"].split(" = ")[0] for q in queue[4:]} == {"超15亿美元", "约500亿元"}
    assert [q["kind"] for q in store.review_queue(kind="amount")] == ["amount", "amount"]
    assert len(store.review_queue(limit=2)) == 2
    assert store.review_queue(limit=0) == []


def test_queue_leaves_out_reviewed_facts(store: Store) -> None:
    first = store.review_queue(limit=1)[0]
    store.record_verdict("cooperation", first["id"], "accept", reviewer="alice")
    assert first["id"] not in [q["id"] for q in store.review_queue(kind="cooperation")]
    assert len(store.review_queue(kind="cooperation")) == 2


def test_accept_marks_rows_reviewed(store: Store) -> None:
    cid = _coop_id(store, EN_URL)
    saved = store.record_verdict("cooperation", cid, "accept", reviewer="alice")
    assert saved["verdict"] == "accept" and saved["reviewer"] == "alice" and saved["reviewed_at"]
    assert saved["article_url"] == EN_URL and saved["original"]["type"] == "licensing"
    rows = {r["id"]: r for r in store.cooperations()}
    assert rows[cid]["reviewed"] is True
    assert rows[_coop_id(store, ZH_URL)]["reviewed"] is False
    (deal,) = [d for d in store.deals() if any(e["id"] == cid for e in d["evidence"])]
    assert deal["reviewed"] is True


def test_reject_hides_cooperation_everywhere(store: Store) -> None:
    cid = _coop_id(store, EN_URL)
    store.record_verdict("cooperation", cid, "reject", reviewer="bob")
    assert cid not in [r["id"] for r in store.cooperations()]
    assert cid not in [r["id"] for r in store.cooperations(company="Summit")]
    shown = {r["id"]: r for r in store.cooperations(include_rejected=True)}
    assert shown[cid]["rejected"] is True
    assert not any(e["id"] == cid for d in store.deals() for e in d["evidence"])
    assert any(d.get("rejected") for d in store.deals(include_rejected=True))
    record = _export(store, EN_URL)
    assert [c["type"] for c in record["cooperations"]] == ["strategic_alliance"]


def test_limit_still_filled_after_a_rejection(store: Store) -> None:
    newest = store.cooperations(limit=1)[0]
    store.record_verdict("cooperation", newest["id"], "reject")
    rows = store.cooperations(limit=2)
    assert len(rows) == 2 and newest["id"] not in [r["id"] for r in rows]


def test_correct_amount_role_and_value(store: Store) -> None:
    aid = _amount_id(store, "超15亿美元")
    store.record_verdict("amount", aid, "correct", {"role": "total"})
    (row,) = [r for r in store.cooperations() if r["article_url"] == ZH_URL]
    assert [(a["role"], a["reviewed"]) for a in row["amounts"]] == [("total", True)]
    assert {a["text"]: a["role"] for a in _export(store, ZH_URL)["amounts"]}["超15亿美元"] == "total"

    store.record_verdict("amount", aid, "correct", {"value": "1600000000", "role": "total"})
    (row,) = [r for r in store.cooperations() if r["article_url"] == ZH_URL]
    assert row["amounts"][0]["value"] == "1600000000"
    assert row["amounts"][0]["value_usd"] == pytest.approx(1.6e9)


@pytest.mark.parametrize("read", ["cooperations", "deals"])
@pytest.mark.parametrize(
    "verdict,value,min_usd,found",
    [
        (None, None, 2e9, False),  # the stored $1.5bn is below the bar
        ("correct", {"value": "2500000000"}, 2e9, True),  # corrected above it
        ("correct", {"value": "900000000"}, 1e9, False),  # corrected below it
        ("reject", None, 1e9, False),  # no amount left
        ("accept", None, 1e9, True),
    ],
)
def test_money_filters_use_reviewed_amounts(store: Store, read, verdict, value, min_usd, found) -> None:
    if verdict:
        store.record_verdict("amount", _amount_id(store, "超15亿美元"), verdict, value)
    rows = getattr(store, read)(min_usd=min_usd, limit=5)
    urls = (
        {r["article_url"] for r in rows}
        if read == "cooperations"
        else {e["article_url"] for d in rows for e in d["evidence"]}
    )
    assert (ZH_URL in urls) is found


def test_role_filter_uses_reviewed_role(store: Store) -> None:
    assert [r["article_url"] for r in store.cooperations(min_usd=1e9, role="total")] == []
    store.record_verdict("amount", _amount_id(store, "超15亿美元"), "correct", {"role": "total"})
    assert [r["article_url"] for r in store.cooperations(min_usd=1e9, role="total")] == [ZH_URL]


def test_reject_amount_drops_it(store: Store) -> None:
    store.record_verdict("amount", _amount_id(store, "约500亿元"), "reject")
    assert [a["currency"] for a in _export(store, ZH_URL)["amounts"]] == ["USD"]


def test_correct_cooperation_type(store: Store) -> None:
    cid = _coop_id(store, EN_URL, "strategic_alliance")
    store.record_verdict("cooperation", cid, "correct", {"type": "co_development"})
    rows = {r["id"]: r for r in store.cooperations()}
    assert rows[cid]["type"] == "co_development" and rows[cid]["reviewed"] is True
    assert "co_development" in _export(store, EN_URL)["cooperation_types"]
    assert cid not in [r["id"] for r in store.cooperations(type="strategic_alliance")]


@pytest.mark.parametrize("kind", ["company", "mention"])
def test_mention_verdicts_in_export(store: Store, kind: str) -> None:
    foo = store.db.execute("SELECT id FROM mentions WHERE text = 'Foo Bio'").fetchone()[0]
    akeso = store.db.execute("SELECT id FROM mentions WHERE text = 'Akeso'").fetchone()[0]
    store.record_verdict(kind, foo, "reject")
    store.record_verdict(kind, akeso, "correct", {"name": "Akeso Inc"})
    record = _export(store, EN_URL)
    names = [c["name"] for c in record["companies"]]
    assert "Foo Bio" not in names and "Akeso Inc" in names
    # The exported record names a party as the article wrote it (Extraction.party_label),
    # whatever the company is called: the rename shows in the companies list above.
    assert "Akeso" in record["cooperations"][0]["parties"]


@pytest.mark.parametrize(
    ("kind", "verdict", "value", "message"),
    [
        ("deal", "accept", None, "unknown kind 'deal'"),
        ("amount", "maybe", None, "unknown verdict 'maybe'"),
        ("amount", "correct", None, "a correction needs a JSON object"),
        ("amount", "correct", {"role": "bonus"}, "unknown amount role 'bonus'"),
        ("amount", "correct", {"value": "-3"}, "is not a positive number"),
        ("amount", "correct", {"type": "licensing"}, "cannot correct type of a amount"),
        ("cooperation", "correct", {"type": "friendship"}, "unknown cooperation type 'friendship'"),
        ("amount", "accept", {"role": "total"}, "a value goes with the verdict correct only"),
    ],
)
def test_bad_verdicts_are_refused(store: Store, kind, verdict, value, message) -> None:
    target = _coop_id(store, EN_URL) if kind == "cooperation" else _amount_id(store, "约500亿元")
    with pytest.raises(StoreError, match=message):
        store.record_verdict(kind, target, verdict, value)
    assert store.db.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0


def test_unknown_id_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="no cooperation with id 999"):
        store.record_verdict("cooperation", 999, "accept")


def test_reextract_same_extractor_changes_nothing(store: Store) -> None:
    counts = store.reextract(same_extractor)
    assert counts["articles"] == 2 and counts["unchanged"] == 2 and counts["changed"] == 0


def test_verdicts_survive_reextract_with_changed_extractor(store: Store) -> None:
    rejected = _coop_id(store, EN_URL)
    corrected = _coop_id(store, EN_URL, "strategic_alliance")
    store.record_verdict("cooperation", rejected, "reject")
    store.record_verdict("cooperation", corrected, "correct", {"type": "co_development"})
    store.record_verdict("amount", _amount_id(store, "超15亿美元"), "correct", {"role": "total"})
    old_ids = {r["id"] for r in store.cooperations(include_rejected=True)}

    counts = store.reextract(changed_extractor)
    assert counts["changed"] == 2 and counts["verdicts_kept"] == 3 and counts["verdicts_lost"] == 0

    rows = store.cooperations(include_rejected=True)
    assert not old_ids & {r["id"] for r in rows}, "rows were rewritten with new ids"
    visible = store.cooperations()
    assert [r["type"] for r in visible if r["article_url"] == EN_URL] == ["co_development"]
    (zh,) = [r for r in visible if r["article_url"] == ZH_URL]
    assert zh["confidence"] == pytest.approx(0.4)
    assert zh["amounts"][0]["role"] == "total"
    # Reviewed facts stay out of the queue; the new unknown company is in it.
    queue = store.review_queue()
    assert [q["confidence"] for q in queue if q["kind"] == "cooperation"] == [pytest.approx(0.4)]
    assert "公司" in [q["detail"] for q in queue if q["kind"] == "company"]


def test_verdict_follows_its_position_when_the_key_changes(store: Store) -> None:
    """The gazetteer learned Foo Bio: same cooperation, new party id; the rejection still holds."""
    store.record_verdict("cooperation", _coop_id(store, EN_URL, "strategic_alliance"), "reject")

    def learned(text: str) -> Extraction:
        ext = same_extractor(text)
        ext.cooperations = [
            replace(
                c,
                parties=tuple(
                    replace(p, entity_id="company:foo") if p.entity_id == "new:foobio" else p for p in c.parties
                ),
            )
            for c in ext.cooperations
        ]
        return ext

    counts = store.reextract(learned, urls=[EN_URL, "https://nowhere.example/x"])
    assert counts["changed"] == 1 and counts["missing"] == 1 and counts["verdicts_kept"] == 1
    assert "strategic_alliance" not in [r["type"] for r in store.cooperations()]


def test_reextract_counts_a_failing_extractor(store: Store) -> None:
    def broken(text: str) -> Extraction:
        raise RuntimeError("boom")

    assert store.reextract(broken)["failed"] == 2
    assert len(store.cooperations()) == 3


def test_reextract_passes_the_language_when_asked(store: Store) -> None:
    seen = []

    def extract(text: str, lang: str | None = None) -> Extraction:
        seen.append(lang)
        return same_extractor(text)

    store.reextract(extract)
    assert sorted(seen) == ["en", "zh"]


def _score_module():
    if not SCORE_PY.is_file():
        pytest.skip("no ../shared/eval/score.py")
    spec = importlib.util.spec_from_file_location("eval_score", SCORE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gold_export_format_and_score(store: Store) -> None:
    before = _export(store, EN_URL)
    store.record_verdict("cooperation", _coop_id(store, EN_URL, "strategic_alliance"), "reject")
    store.record_verdict(
        "company", store.db.execute("SELECT id FROM mentions WHERE text='Foo Bio'").fetchone()[0], "reject"
    )
    gold = list(store.review_gold())
    assert [g["id"] for g in gold] == [EN_URL], "only reviewed articles"
    (line,) = gold
    assert list(line) == ["id", "lang", "companies", "drugs", "amounts", "cooperation_types", "cooperations"]
    assert line["lang"] == "en"
    assert line["amounts"] == [{"text": "$500 million", "value": 500000000, "currency": "USD", "role": "upfront"}]
    assert line["cooperations"] == [
        {
            "type": "licensing",
            "parties": ["Akeso", "Summit Therapeutics"],
            "drugs": ["ivonescimab"],
            "amounts": [500000000],
        }
    ]
    score = _score_module()
    perfect = score.score_doc(line, line)
    assert all(fp == 0 and tp == n for tp, fp, n, _ in perfect.values())
    # The unreviewed extraction now scores one false cooperation and one false company.
    counts = score.score_doc(line, before)
    assert counts["cooperations"][1] == 1 and counts["companies"][1] == 1
    assert list(store.review_gold(urls=[ZH_URL])) == []


# ------------------------------------------------------------------ CLI


def test_cli_review_list_set_export(store: Store, tmp_path: Path) -> None:
    db = str(store.path)
    runner = CliRunner()
    listed = runner.invoke(cli, ["review", "list", "--db", db, "--kind", "cooperation", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    first = json.loads(listed.output)[0]
    assert first["confidence"] == 0.3
    done = runner.invoke(
        cli, ["review", "set", "--db", db, "cooperation", str(first["id"]), "reject", "--reviewer", "alice"]
    )
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"Recorded reject on cooperation {first['id']} by alice")
    out = tmp_path / "gold.jsonl"
    exported = runner.invoke(cli, ["review", "export", "--db", db, "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert line["id"] == EN_URL and line["cooperation_types"] == ["strategic_alliance"]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["amount", "1", "correct", "--value", "{role"], "Error: --value is not JSON"),
        (["amount", "1", "correct", "--value", '{"role": "bonus"}'], "Error: unknown amount role 'bonus'"),
        (["cooperation", "999", "accept"], "Error: no cooperation with id 999"),
    ],
)
def test_cli_review_set_errors(store: Store, args: list[str], error: str) -> None:
    result = CliRunner().invoke(cli, ["review", "set", "--db", str(store.path), *args])
    assert result.exit_code == 1
    assert result.output.startswith(error) and result.output.count("\n") == 1


def test_cli_reextract_uses_nlp_extract(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp

    monkeypatch.setattr(nlp, "extract", changed_extractor)
    result = CliRunner().invoke(cli, ["reextract", "--db", str(store.path)])
    assert result.exit_code == 0, result.output
    assert "Articles: 2  changed: 2" in result.output


def test_cli_review_missing_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["review", "list", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and result.output.startswith("Error: no database at")
