"""Tests of the cooperations component and its rules, independent of the other
components: a test-only helper marks given surface strings as company, drug
and amount spans, then the component runs on the Doc."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import jieba
import pytest
import spacy

from nlp import extensions
from nlp.components.cooperations import cooperations_component
from nlp.coop import (
    DATA,
    PartyMention,
    find_cooperations,
    find_institutions,
    find_territory,
    load_rules,
    match_cues,
    merge_cooperations,
)
from nlp.model import COOPERATION_TYPES, Amount, Cooperation, Party

extensions.register()
FIXTURES = Path(__file__).parent / "fixtures" / "cooperations"
CASES = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
_PIPES: dict[str, spacy.Language] = {}


def pipeline(lang: str) -> spacy.Language:
    if lang not in _PIPES:
        if lang == "zh":
            jieba.setLogLevel(60)
            nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        else:
            nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer", config={"punct_chars": ["。", "！", "？", "；", ".", "!", "?", "\n"]})
        _PIPES[lang] = nlp
    return _PIPES[lang]


def _spans(doc, surface: str):
    out = []
    for m in re.finditer(re.escape(surface), doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            out.append((m.start(), m.end(), span))
    return out


def mark(doc, companies=None, drugs=None, amounts=None):
    """Mark the given surface strings as spans with the extension attributes set."""
    for key, names in (("companies", companies or {}), ("drugs", drugs or {})):
        spans, taken = [], []
        for surface in sorted(names, key=len, reverse=True):
            for s, e, span in _spans(doc, surface):
                if any(s < te and e > ts for ts, te in taken):
                    continue
                taken.append((s, e))
                span._.entity_id = f"{key}:{names[surface].lower()}"
                span._.canonical = names[surface]
                spans.append(span)
        doc.spans[key] = spans
    amt_spans = []
    for surface, value, currency, role in amounts or []:
        for s, e, span in _spans(doc, surface):
            span._.amount = Amount(surface, s, e, Decimal(str(value)), currency, role)
            amt_spans.append(span)
    doc.spans["amounts"] = amt_spans
    return doc


def run(lang: str, text: str, companies=None, drugs=None, amounts=None) -> list[Cooperation]:
    doc = mark(pipeline(lang)(text), companies, drugs, amounts)
    return cooperations_component(doc)._.cooperations


def summary(coops: list[Cooperation]) -> list[tuple[str, frozenset[str]]]:
    return sorted((c.type, frozenset(p.name for p in c.parties)) for c in coops)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    coops = run(case["lang"], case["text"], case["companies"], case["drugs"], case["amounts"])
    got = summary(coops)
    want = sorted((e["type"], frozenset(e["parties"])) for e in case["expect"])
    if case["exact"]:
        assert got == want
    else:
        for w in want:
            assert w in got
    for c in coops:
        assert c.type in COOPERATION_TYPES
        assert 0 < c.confidence <= 1
        assert case["text"][c.evidence_start : c.evidence_end] == c.evidence


@pytest.mark.parametrize(
    "lang,text,companies,roles",
    [
        (
            "en",
            "Sanofi has agreed to acquire Translate Bio.",
            {"Sanofi": "Sanofi", "Translate Bio": "Translate Bio"},
            {"Sanofi": "acquirer", "Translate Bio": "target"},
        ),
        (
            "zh",
            "复星医药以10.91亿美元收购Gland Pharma约74%股权。",
            {"复星医药": "Fosun", "Gland Pharma": "Gland"},
            {"Fosun": "acquirer", "Gland": "target"},
        ),
        (
            "en",
            "Seagen granted Takeda exclusive rights to develop the ADC in Japan.",
            {"Seagen": "Seagen", "Takeda": "Takeda"},
            {"Seagen": "licensor", "Takeda": "licensee"},
        ),
        (
            "en",
            "Fosun licensed the antibody to Kite under an exclusive license.",
            {"Fosun": "Fosun", "Kite": "Kite"},
            {"Fosun": "licensor", "Kite": "licensee"},
        ),
        (
            "zh",
            "恒瑞医药将SHR0302的海外权益许可给Arcutis。",
            {"恒瑞医药": "Hengrui", "Arcutis": "Arcutis"},
            {"Hengrui": "licensor", "Arcutis": "licensee"},
        ),
        (
            "zh",
            "辉瑞从基石药业引进舒格利单抗。",
            {"辉瑞": "Pfizer", "基石药业": "CStone"},
            {"Pfizer": "licensee", "CStone": "licensor"},
        ),
        (
            "en",
            "Junshi will invest $50 million in Coherus as a strategic investment.",
            {"Junshi": "Junshi", "Coherus": "Coherus"},
            {"Junshi": "investor", "Coherus": "investee"},
        ),
        (
            "zh",
            "中国生物制药认购科兴中维新增股份。",
            {"中国生物制药": "Sino", "科兴中维": "Sinovac"},
            {"Sino": "investor", "Sinovac": "investee"},
        ),
    ],
)
def test_roles(lang, text, companies, roles):
    coops = run(lang, text, companies)
    assert len(coops) == 1
    assert {p.name: p.role for p in coops[0].parties} == roles


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_terms_over_following_sentences(lang):
    if lang == "zh":
        text = (
            "恒瑞医药与Incyte签署许可协议,将SHR-1210的海外权利许可给对方。Incyte将向恒瑞支付首付款2500万美元。"
            "此外,恒瑞可获得累计不超过5.3亿美元的销售里程碑款。"
        )
        companies = {"恒瑞医药": "Hengrui", "恒瑞": "Hengrui", "Incyte": "Incyte"}
        amounts = [["2500万美元", 25000000, "USD", "upfront"], ["5.3亿美元", 530000000, "USD", "milestone"]]
        drugs = {"SHR-1210": "camrelizumab"}
    else:
        text = (
            "AbbVie took an exclusive license to lemzoparlimab from I-Mab. AbbVie paid US$180 million upfront. "
            "I-Mab can earn up to US$1.74 billion in milestones."
        )
        companies = {"AbbVie": "AbbVie", "I-Mab": "I-Mab"}
        amounts = [["US$180 million", 180000000, "USD", "upfront"], ["US$1.74 billion", 1740000000, "USD", "milestone"]]
        drugs = {"lemzoparlimab": "lemzoparlimab"}
    coops = run(lang, text, companies, drugs, amounts)
    assert len(coops) == 1
    c = coops[0]
    assert c.type == "licensing"
    assert sorted(a.json_value for a in c.amounts) == sorted(a[1] for a in amounts)
    assert list(c.drugs) == list(drugs.values())
    assert c.evidence_end == len(text.rstrip()) and c.evidence_start == 0
    assert c.territory == ("EX_CHINA" if lang == "zh" else None)


def test_market_size_is_not_deal_money():
    text = "Amgen will buy a 20.5% stake in BeiGene. The China oncology market will reach $50 billion."
    amounts = [["$50 billion", 50000000000, "USD", "market_size"]]
    coops = run("en", text, {"Amgen": "Amgen", "BeiGene": "BeiGene"}, amounts=amounts)
    assert [c.amounts for c in coops] == [()]


def test_two_deals_in_one_text_keep_their_own_money():
    text = "辉瑞以2亿美元认购基石药业新股;辉瑞引进基石药业的舒格利单抗,基石药业有权获得最高2.8亿美元的里程碑付款。"
    amounts = [["2亿美元", 200000000, "USD", "equity"], ["2.8亿美元", 280000000, "USD", "milestone"]]
    coops = run("zh", text, {"辉瑞": "Pfizer", "基石药业": "CStone"}, amounts=amounts)
    money = {c.type: [a.json_value for a in c.amounts] for c in coops}
    assert money == {"equity_investment": [200000000], "licensing": [280000000]}


def test_confidence_lower_when_parties_resolved():
    text = "Junshi and Coherus signed a license agreement. The two companies will co-develop toripalimab."
    coops = {c.type: c for c in run("en", text, {"Junshi": "Junshi", "Coherus": "Coherus"})}
    assert coops["co_development"].confidence < coops["licensing"].confidence


@pytest.mark.parametrize(
    "text,code",
    [
        ("在大中华区以外的独家权利", "EX_GREATER_CHINA"),
        ("在中国大陆、香港、澳门和台湾以外地区的权利", "EX_GREATER_CHINA"),
        ("获得大中华区权益", "GREATER_CHINA"),
        ("在中国大陆的独家商业化权利", "CN_MAINLAND"),
        ("全球(除中国)权益", "EX_CHINA"),
        ("rights outside China", "EX_CHINA"),
        ("exclusive Greater China rights", "GREATER_CHINA"),
        ("worldwide rights to the antibody", "GLOBAL"),
        ("in the United States and Canada", "US_CA"),
        ("in Japan", "JP"),
        ("no place at all", None),
    ],
)
def test_territory(text, code):
    assert find_territory(text) == code


@pytest.mark.parametrize(
    "text,names",
    [
        ("新华制药与中南大学签订合同", ["中南大学"]),
        ("由君实生物与中国科学院微生物研究所共同研发", ["中国科学院微生物研究所"]),
        ("与巴西布坦坦研究所签署协议", ["布坦坦研究所"]),
        ("AstraZeneca licensed it from the University of Oxford in April.", ["University of Oxford"]),
        ("In June the German government took a stake.", ["German government"]),
        ("CEPI and Gavi will support the manufacturing.", ["CEPI", "Gavi"]),
    ],
)
def test_institutions(text, names):
    assert [p.name for p in find_institutions(text, [])] == names


def test_institution_yields_to_company_span():
    text = "Serum Institute of India will make the vaccine."
    assert find_institutions(text, [(0, 24)]) == []


@pytest.mark.parametrize("name", ["cooperation_cues.jsonl", "territories.jsonl", "party_roles.jsonl"])
def test_every_data_entry_loads(name):
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        assert r["lang"] in ("zh", "en")
        assert ("pattern" in r) != ("words" in r)
        if r.get("kind") in ("type", "role"):
            assert r["type"] in COOPERATION_TYPES
    rules = load_rules()
    assert len(rules.cues) + len(rules.territories) + len(rules.roles) > 100
    assert {r.type for r in rules.cues if r.kind == "type"} == set(COOPERATION_TYPES)


def test_blocks_and_negatives():
    typed, neg, _ = match_cues("Coherus will file a Biologics License Application.")
    assert typed == [] and neg == []
    typed, neg, _ = match_cues("The companies terminated the license agreement.")
    assert typed == [] and neg


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "。。。", "$$$"])
def test_bad_input_gives_nothing(text):
    assert find_cooperations(text, [(0, len(text))], []) == []
    assert run("en", text) == []


def test_single_party_without_context_gives_nothing():
    parties = [PartyMention("c:a", "A Pharma", 0, 8)]
    assert find_cooperations("A Pharma signed a license agreement.", [(0, 36)], parties) == []


def test_merge_across_language_runs():
    a = run("zh", "辉瑞与基石药业签署许可协议。", {"辉瑞": "Pfizer", "基石药业": "CStone"})
    b = run("en", "Pfizer will in-license sugemalimab from CStone.", {"Pfizer": "Pfizer", "CStone": "CStone"})
    merged = merge_cooperations(a, b)
    assert summary(merged) == [("licensing", frozenset({"Pfizer", "CStone"}))]
    assert merged[0].evidence == a[0].evidence
    assert {p.name: p.role for p in merged[0].parties} == {"Pfizer": "licensee", "CStone": "licensor"}


def test_merge_party_named_differently_per_language():
    money_zh = [["8亿元", 800000000, "CNY", "total"]]
    money_en = [["RMB 800 million", 800000000, "CNY", "total"]]
    a = run(
        "zh",
        "华润三九以8亿元收购广州鼎康制药。",
        {"华润三九": "CR Sanjiu", "广州鼎康制药": "广州鼎康制药"},
        None,
        money_zh,
    )
    b = run(
        "en",
        "CR Sanjiu will buy Guangzhou Dingkang for RMB 800 million.",
        {"CR Sanjiu": "CR Sanjiu", "Guangzhou Dingkang": "Guangzhou Dingkang"},
        None,
        money_en,
    )
    assert len(merge_cooperations(a, b)) == 1
    # Without shared money the same party alone does not join two deals.
    c = run(
        "en",
        "CR Sanjiu will buy Guangzhou Dingkang.",
        {"CR Sanjiu": "CR Sanjiu", "Guangzhou Dingkang": "Guangzhou Dingkang"},
    )
    assert len(merge_cooperations(a, c)) == 2


def test_merge_party_names_holding_one_another_or_unknown():
    a = run("zh", "诺德马克将向天瑞疫苗转让生产工艺。", {"诺德马克": "Nordmark", "天瑞疫苗": "Tianrui"})
    b = run(
        "en",
        "Nordmark mRNA will transfer its manufacturing process to Tianrui.",
        {"Nordmark mRNA": "Nordmark mRNA", "Tianrui": "Tianrui"},
    )
    assert len(merge_cooperations(a, b)) == 1  # "Nordmark" is held in "Nordmark mRNA"


def _rec(ctype: str, *parties: tuple[str, str]) -> Cooperation:
    return Cooperation(ctype, tuple(Party(i, n, None) for i, n in parties), (), (), (), None, "", 0, 0, 0.9)


def test_merge_unknown_partner_named_per_language():
    bi = ("company:bi", "Boehringer Ingelheim")
    zh = _rec("research_collaboration", bi, ("new:深圳蓝木生物科技", "深圳蓝木生物科技有限公司"))
    en = _rec("research_collaboration", bi, ("new:shenzhen lanmu biotech", "Shenzhen Lanmu Biotech"))
    assert len(merge_cooperations([zh], [en])) == 1
    # a known company on each side is a different partner: two deals
    known = _rec("research_collaboration", bi, ("company:pfizer", "Pfizer"))
    assert len(merge_cooperations([zh], [known])) == 2


def test_merge_keeps_separate_money():
    m1 = [["€150m", 150000000, "EUR", "total"]]
    m2 = [["€75m", 75000000, "EUR", "upfront"]]
    a = run(
        "en",
        "GSK and CureVac agreed to jointly develop vaccines for €150m.",
        {"GSK": "GSK", "CureVac": "CureVac"},
        amounts=m1,
    )
    b = run(
        "en",
        "GSK and CureVac agreed to jointly develop vaccines for €75m.",
        {"GSK": "GSK", "CureVac": "CureVac"},
        amounts=m2,
    )
    assert len(merge_cooperations(a, b)) == 2
    assert len(merge_cooperations(a + a)) == 2  # one run's records stay as they are


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_anchor_prefilter_never_hides_a_match(lang):
    """Every cue match in the fixture texts contains one of its rule's anchors,
    so skipping a sentence without anchors loses nothing."""
    from nlp.coop.cues import lower_same_length

    texts = [c["text"] for c in CASES if c["lang"] == lang]
    rules = [r for r in load_rules().cues if r.lang == lang]
    checked = 0
    for text in texts:
        hay = lower_same_length(text) if lang == "en" else text
        for rule in rules:
            for m in rule.regex.finditer(hay):
                assert rule.anchors is None or any(a in m.group(0) for a in rule.anchors), (rule.id, m.group(0))
                checked += 1
    assert checked > 20


@pytest.mark.parametrize(
    "pattern,text,anchors",
    [
        (r"\blicen[cs]e\b[^.]{0,9}to", "licence to", ("licen",)),
        (r"开发[^。]{0,20}(?:商业化|销售)", "开发和销售", ("开发",)),
        (r"(?:cdmo|supply)", "a cdmo", ("cdmo", "supply")),
        (r"\d+%", "20%", None),
    ],
)
def test_anchors_of(pattern, text, anchors):
    from nlp.regex_anchors import anchors_of

    assert anchors_of(pattern) == anchors
    assert re.search(pattern, text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sentence_bounds_from_array(lang):
    """The component reads sentence bounds from the token array; a deal in the
    second sentence keeps its own evidence."""
    first = "今天天气很好。" if lang == "zh" else "The weather is fine. "
    deal = "辉瑞与基石药业签署许可协议。" if lang == "zh" else "Pfizer signed a license agreement with CStone."
    names = {"辉瑞": "Pfizer", "基石药业": "CStone"} if lang == "zh" else {"Pfizer": "Pfizer", "CStone": "CStone"}
    coops = run(lang, first + deal, names)
    assert [c.evidence for c in coops] == [deal]
