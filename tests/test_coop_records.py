"""Cooperation records from plain inputs (no spaCy, no gazetteer): how a
unit's cue hits become records with the right parties and roles. Company
mentions are given by name, so these tests fail only when the record logic
(nlp.coop.records, nlp.coop.parties, party_roles.jsonl) changes."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from nlp.coop import PartyMention, find_cooperations
from nlp.model import Amount

_SENT = re.compile(r"[^。！？.!?\n]+(?:[。！？!?\n]+|\.(?=\s|$)|$)")


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENT.finditer(text) if m.group(0).strip()]


def _parties(text: str, names: list[str], institutions: tuple[str, ...] = ()) -> list[PartyMention]:
    out = []
    for name in names:
        for m in re.finditer(re.escape(name), text):
            if any(p.start <= m.start() < p.end for p in out):
                continue
            out.append(PartyMention("id:" + name.lower(), name, m.start(), m.end(), name in institutions))
    return sorted(out, key=lambda p: p.start)


def records(text: str, names: list[str], institutions: tuple[str, ...] = ()) -> set[tuple]:
    """(type, frozenset of (name, role)) of every record."""
    found = find_cooperations(text, _sentences(text), _parties(text, names, institutions))
    return {(c.type, frozenset((p.name, p.role) for p in c.parties)) for c in found}


def _eq(investor: str, investee: str) -> tuple:
    return ("equity_investment", frozenset({(investor, "investor"), (investee, "investee")}))


ROUNDS = [
    (
        "en",
        "Zorvia Bio closed a $90 million Series B. The round was co-led by Alder Capital and Brightwater Ventures, "
        "with participation from new investors Cobalt Partners and Dunmore Fund, as well as existing investors "
        "Elmstead Capital and Fenwick Ventures.",
        [
            "Zorvia Bio",
            "Alder Capital",
            "Brightwater Ventures",
            "Cobalt Partners",
            "Dunmore Fund",
            "Elmstead Capital",
            "Fenwick Ventures",
        ],
        "Zorvia Bio",
    ),
    (
        "en",
        "Zorvia Bio, which develops oral peptides for obesity, raised $40 million in a Series A led by Alder Capital, "
        "with Cobalt Partners and Dunmore Fund following on.",
        ["Zorvia Bio", "Alder Capital", "Cobalt Partners", "Dunmore Fund"],
        "Zorvia Bio",
    ),
    (
        "zh",
        "泽维生物宣布完成5亿元人民币B轮融资。本轮融资由青岚资本领投,白桦创投、钴石基金跟投,老股东东湖投资和枫林创投继续加码。",
        ["泽维生物", "青岚资本", "白桦创投", "钴石基金", "东湖投资", "枫林创投"],
        "泽维生物",
    ),
    (
        "zh",
        "泽维生物成立于2019年,此前已完成由青岚资本领投、白桦创投跟投的2亿元人民币A轮融资。",
        ["泽维生物", "青岚资本", "白桦创投"],
        "泽维生物",
    ),
    (
        "zh",
        "泽维生物成立于2018年,此前已完成三轮融资,投资方包括青岚资本、白桦创投和钴石基金。",
        ["泽维生物", "青岚资本", "白桦创投", "钴石基金"],
        "泽维生物",
    ),
]


@pytest.mark.parametrize(
    ("lang", "text", "names", "investee"), ROUNDS, ids=[f"{r[0]}-{i}" for i, r in enumerate(ROUNDS)]
)
def test_every_investor_of_a_round_gets_its_own_record(lang, text, names, investee):
    got = records(text, names)
    want = {_eq(n, investee) for n in names if n != investee}
    assert want <= got, f"{lang}: missing {want - got}"
    # No record pairs two investors, or makes an investor the round's company.
    for ctype, parties in got:
        if ctype == "equity_investment":
            assert (investee, "investee") in parties


@pytest.mark.parametrize(
    ("text", "names", "institutions", "not_investor"),
    [
        (
            "Zorvia Bio was spun out of the Northfield University Cancer Institute in 2020 and closed a $62 million "
            "Series B in 2024 led by Alder Capital.",
            ["Zorvia Bio", "Northfield University Cancer Institute", "Alder Capital"],
            ("Northfield University Cancer Institute",),
            "Northfield University Cancer Institute",
        ),
        (
            "泽维生物宣布完成3亿元B轮融资,由青岚资本领投,白桦创投跟投,华岳资本担任本轮独家财务顾问。",
            ["泽维生物", "青岚资本", "白桦创投", "华岳资本"],
            (),
            "华岳资本",
        ),
        (
            "Alder Capital will anchor a $300 million Series A in Zorvia Bio, with Cobalt Partners taking a 30% stake.",
            ["Alder Capital", "Zorvia Bio", "Cobalt Partners"],
            (),
            "Zorvia Bio",
        ),
    ],
)
def test_round_backers_leave_out_institutions_advisors_and_the_investee(text, names, institutions, not_investor):
    got = records(text, names, institutions)
    assert not any((not_investor, "investor") in parties for _, parties in got)


BACKREFS = [
    (
        "zh",
        "强生宣布以20亿美元收购普迪生物。此前普迪生物已将PD-101的大中华区权益授权给上海晟安药业。"
        "晟安药业表示,该授权协议不受此次收购影响。",
        ["强生", "普迪生物", "晟安药业"],
        {("acquisition", frozenset({"强生", "普迪生物"})), ("licensing", frozenset({"普迪生物", "晟安药业"}))},
    ),
    (
        "zh",
        "泽维生物与辉瑞达成独家许可协议。泽维生物此前已完成由青岚资本领投、白桦创投跟投的A轮融资。"
        "公司表示,本次合作是其平台的首个全球授权交易。",
        ["泽维生物", "辉瑞", "青岚资本", "白桦创投"],
        {
            ("licensing", frozenset({"泽维生物", "辉瑞"})),
            ("equity_investment", frozenset({"青岚资本", "泽维生物"})),
            ("equity_investment", frozenset({"白桦创投", "泽维生物"})),
        },
    ),
    (
        "en",
        "Pfizer licensed an oral GLP-1 drug from Zorvia Bio. Zorvia also runs a research collaboration with "
        "Northfield University. The deal is Pfizer's third in-licensing of a Chinese obesity asset.",
        ["Pfizer", "Zorvia", "Northfield University"],
        {("licensing", frozenset({"Pfizer", "Zorvia"}))},
    ),
]


@pytest.mark.parametrize(
    ("lang", "text", "names", "allowed"), BACKREFS, ids=[f"{b[0]}-{i}" for i, b in enumerate(BACKREFS)]
)
def test_a_deal_named_again_makes_no_record_with_borrowed_parties(lang, text, names, allowed):
    got = {(t, frozenset(n for n, _ in parties)) for t, parties in records(text, names)}
    # Records of the told deals may stand; none of a type pairing parties of different deals.
    for ctype, parties in got:
        if ctype in {t for t, _ in allowed}:
            assert any(ctype == t and parties <= ps for t, ps in allowed), f"{lang}: {ctype} {parties}"


def _money(text: str, surface: str, value: int) -> Amount:
    start = text.index(surface)
    return Amount(surface, start, start + len(surface), Decimal(value), "USD", "total")


@pytest.mark.parametrize(
    ("text", "names", "own", "other"),
    [
        (
            "Related news\n- Zorvia licenses an oral GLP-1 drug to Pfizer for $50 million\n"
            "- Alder Bio names a new chief executive after its $300 million listing\n",
            ["Zorvia", "Pfizer", "Alder Bio"],
            "$50 million",
            "$300 million",
        ),
        (
            "相关阅读\n· 泽维生物将GLP-1药物授权给辉瑞,首付款5000万美元\n· 青岚生物新任首席执行官上任,此前募资3亿美元\n",
            ["泽维生物", "辉瑞", "青岚生物"],
            "5000万美元",
            "3亿美元",
        ),
    ],
)
def test_a_list_item_naming_other_companies_keeps_its_money(text, names, own, other):
    amounts = [_money(text, own, 50_000_000), _money(text, other, 300_000_000)]
    found = find_cooperations(text, _sentences(text), _parties(text, names), amounts=amounts)
    lic = [c for c in found if c.type == "licensing"]
    assert lic and [a.text for a in lic[0].amounts] == [own]


def test_a_term_bullet_still_joins_the_deal_above():
    text = "Zorvia licensed its GLP-1 drug to Pfizer. Terms include:\n- $50 million upfront\n- $300 million in milestones\n"
    amounts = [_money(text, "$50 million", 50_000_000), _money(text, "$300 million", 300_000_000)]
    found = find_cooperations(text, _sentences(text), _parties(text, ["Zorvia", "Pfizer"]), amounts=amounts)
    assert [a.text for a in found[0].amounts] == ["$50 million", "$300 million"]


ANAPHORA = [
    (
        "en",
        "Pfizer licensed an oral GLP-1 drug from Zorvia Bio. Founded in 2019, Zorvia Bio raised $80 million last "
        "year. Its partner list already includes a research collaboration with Northfield University on peptides.",
        ["Pfizer", "Zorvia Bio", "Northfield University"],
        ("research_collaboration", frozenset({"Zorvia Bio", "Northfield University"})),
    ),
    (
        "en",
        "Zorvia Bio raised $80 million in 2023. The company also has a research collaboration with the Eastlake "
        "Institute of Chemistry, Northern Academy of Sciences, covering crystal structures.",
        ["Zorvia Bio", "Eastlake Institute of Chemistry", "Northern Academy of Sciences"],
        ("research_collaboration", frozenset({"Zorvia Bio", "Eastlake Institute of Chemistry"})),
    ),
    (
        "zh",
        "辉瑞从泽维生物引进一款口服GLP-1药物。泽维生物成立于2019年。公司还与北岭大学开展研究合作,研究多肽递送。",
        ["辉瑞", "泽维生物", "北岭大学"],
        ("research_collaboration", frozenset({"泽维生物", "北岭大学"})),
    ),
]


@pytest.mark.parametrize(
    ("lang", "text", "names", "want"), ANAPHORA, ids=[f"{a[0]}-{i}" for i, a in enumerate(ANAPHORA)]
)
def test_a_pronoun_subject_is_the_company_of_the_sentence_before(lang, text, names, want):
    got = {(t, frozenset(n for n, _ in parties)) for t, parties in records(text, names)}
    assert want in got, f"{lang}: {got}"
    assert not any(t == want[0] and ps != want[1] for t, ps in got)


def test_it_is_the_deal_not_a_company():
    text = "Sanofi bought Zorvia Bio for $3 billion. It is Sanofi's second acquisition this year, after it bought Alder Bio."
    got = {(t, frozenset(n for n, _ in parties)) for t, parties in records(text, ["Sanofi", "Zorvia Bio", "Alder Bio"])}
    assert ("acquisition", frozenset({"Zorvia Bio", "Alder Bio"})) not in got


@pytest.mark.parametrize(
    ("text", "names", "investee", "backers"),
    [
        (
            "Zorvia Bio raised a $90 million Series A led by Alder Capital. Other investors in the round include "
            "Cobalt Partners and Dunmore Fund. Existing angel investor Elmstead Capital also participated.",
            ["Zorvia Bio", "Alder Capital", "Cobalt Partners", "Dunmore Fund", "Elmstead Capital"],
            "Zorvia Bio",
            ["Alder Capital", "Cobalt Partners", "Dunmore Fund", "Elmstead Capital"],
        ),
        (
            "泽维生物宣布完成3亿元A轮融资,由青岚资本领投。老股东白桦创投继续追加投资。",
            ["泽维生物", "青岚资本", "白桦创投"],
            "泽维生物",
            ["青岚资本", "白桦创投"],
        ),
    ],
)
def test_backers_named_after_the_round_join_it(text, names, investee, backers):
    got = records(text, names)
    assert {_eq(b, investee) for b in backers} <= got


def test_an_advisor_after_an_investing_clause_is_not_the_investee():
    text = "泽维生物近日完成2亿元B轮融资。本轮由青岚资本领投,老股东白桦创投继续追加投资,赤松资本担任本轮独家财务顾问。"
    got = records(text, ["泽维生物", "青岚资本", "白桦创投", "赤松资本"])
    assert {_eq("青岚资本", "泽维生物"), _eq("白桦创投", "泽维生物")} <= got
    assert not any(("赤松资本", "investee") in parties for _, parties in got)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Zorvia Bio agreed to license ZB-12 to Alder Pharma. Zorvia Bio said the partnership adds a "
            "co-development program to its pipeline and the company expects more deals.",
            ["Zorvia Bio", "Alder Pharma"],
        ),
        (
            "泽维生物与青岚制药签署独家商业化协议。泽维生物表示,公司引进该产品将丰富其产品线。",
            ["泽维生物", "青岚制药"],
        ),
    ],
)
def test_a_remark_on_a_told_deal_is_no_new_deal(text, names):
    got = records(text, names)
    assert len(got) == 1


@pytest.mark.parametrize(
    ("text", "names", "kept"),
    [
        ("泽维生物将其位于江苏的一处原料药生产基地以3亿元出售给青岚制药。", ["泽维生物", "青岚制药"], "acquisition"),
        (
            "Alder Pharma will acquire Zorvia Bio's manufacturing plant in Ohio for $80 million.",
            ["Alder Pharma", "Zorvia Bio"],
            "acquisition",
        ),
    ],
)
def test_the_plant_sold_is_no_manufacturing_deal(text, names, kept):
    got = records(text, names)
    assert {t for t, _ in got} == {kept}


def _named(got: set[tuple]) -> set[tuple]:
    return {(t, frozenset(n for n, _ in parties)) for t, parties in got}


SPEAKERS = [
    (
        "en",
        "Zorvia Bio Q3 2025 Earnings Call Transcript\n"
        "Chief Executive: Alder Pharma bought Elm Bio last year. In June we in-licensed ZB-7 from Birch Labs. "
        "We also signed a commercial supply agreement with Cobalt Manufacturing.\n",
        ["Zorvia Bio", "Alder Pharma", "Elm Bio", "Birch Labs", "Cobalt Manufacturing"],
        {
            ("licensing", frozenset({"Zorvia Bio", "Birch Labs"})),
            ("manufacturing", frozenset({"Zorvia Bio", "Cobalt Manufacturing"})),
        },
    ),
    (
        "zh",
        "专访|泽维生物创始人:出海与造血\n问:今年有哪些合作?\n"
        "答:青岚制药去年收购了白桦生物。我们与辉瑞达成了一项研究合作。我们和钴石制药签了长期供应协议。\n",
        ["泽维生物", "青岚制药", "白桦生物", "辉瑞", "钴石制药"],
        {
            ("research_collaboration", frozenset({"泽维生物", "辉瑞"})),
            ("manufacturing", frozenset({"泽维生物", "钴石制药"})),
        },
    ),
]


@pytest.mark.parametrize(
    ("lang", "text", "names", "want"), SPEAKERS, ids=[f"{s[0]}-{i}" for i, s in enumerate(SPEAKERS)]
)
def test_we_is_the_article_company_not_the_last_deal(lang, text, names, want):
    got = _named(records(text, names))
    assert want <= got, f"{lang}: {got}"
    for ctype, parties in got:
        if ctype in {t for t, _ in want}:
            assert (ctype, parties) in want, f"{lang}: {ctype} {parties}"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Zorvia Bio CEO interview\nLast year we closed a $90 million Series B led by Alder Capital and "
            "Cobalt Partners.\n",
            ["Zorvia Bio", "Alder Capital", "Cobalt Partners"],
        ),
        (
            "对话泽维生物CEO\n答:去年底我们完成了5亿元B+轮融资,由青岚资本领投,白桦创投跟投,老股东钴石基金继续加码。\n",
            ["泽维生物", "青岚资本", "白桦创投", "钴石基金"],
        ),
    ],
)
def test_a_round_told_in_the_first_person_is_the_article_company_s(text, names):
    got = records(text, names)
    assert {_eq(n, names[0]) for n in names[1:]} <= got
    assert all((names[0], "investee") in parties for t, parties in got if t == "equity_investment")


@pytest.mark.parametrize(
    ("text", "names", "investee"),
    [
        (
            "Zorvia Bio has raised $85 million in a Series B round. Alder Capital led the round, with participation "
            "from new investors Cobalt Partners and Dunmore Fund, alongside existing backers Elmstead Capital.",
            ["Zorvia Bio", "Alder Capital", "Cobalt Partners", "Dunmore Fund", "Elmstead Capital"],
            "Zorvia Bio",
        ),
        (
            "泽维生物宣布完成5亿元B轮融资。青岚资本领投本轮,白桦创投和钴石基金跟投。",
            ["泽维生物", "青岚资本", "白桦创投", "钴石基金"],
            "泽维生物",
        ),
    ],
)
def test_the_lead_investor_told_after_the_round_joins_it(text, names, investee):
    got = records(text, names)
    assert {_eq(n, investee) for n in names if n != investee} <= got


@pytest.mark.parametrize(
    ("text", "names", "kind"),
    [
        (
            "Zorvia Bio CEO interview\nWe signed a supply agreement with Cobalt Pharma this year.\n"
            "Q: Will there be more licensing deals?\nA: We will not license a drug only for the upfront.\n",
            ["Zorvia Bio", "Cobalt Pharma"],
            "licensing",
        ),
        (
            "专访|泽维生物CEO\n答:今年我们和钴石制药续签了供应协议。\n问:未来还会有更多授权交易吗?\n"
            "答:我们不会为了首付款而授权。\n",
            ["泽维生物", "钴石制药"],
            "licensing",
        ),
    ],
)
def test_a_speaker_s_talk_borrows_no_partner(text, names, kind):
    got = records(text, names)
    assert not any(t == kind for t, _ in got), got


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Alder Pharma bought Elm Bio for $2 billion. We signed a research collaboration with Birch Labs.",
            ["Alder Pharma", "Elm Bio", "Birch Labs"],
        ),
        ("青岚制药以20亿元收购白桦生物。我们与钴石大学达成了一项研究合作。", ["青岚制药", "白桦生物", "钴石大学"]),
    ],
)
def test_we_without_a_title_company_never_borrows_the_last_deal(text, names):
    got = _named(records(text, names))
    # "We" is the lede's company (names[0]) or no one; never the company bought in the deal before.
    assert not any(t == "research_collaboration" and names[1] in ps for t, ps in got), got


@pytest.mark.parametrize(
    ("text", "names", "institutions"),
    [
        (
            "Zorvia Bio was spun out of the Northfield University in 2021 and raised a $62 million Series A in 2023 "
            "from Alder Capital and Cobalt Partners.",
            ["Zorvia Bio", "Northfield University", "Alder Capital", "Cobalt Partners"],
            ("Northfield University",),
        ),
        (
            "Zorvia Bio, a spinout of the Eastlake Institute of Chemistry, raised a $40 million Series A from "
            "Alder Capital.",
            ["Zorvia Bio", "Eastlake Institute of Chemistry", "Alder Capital"],
            ("Eastlake Institute of Chemistry",),
        ),
    ],
)
def test_the_spinout_not_its_university_raises_the_round(text, names, institutions):
    got = records(text, names, institutions)
    assert {_eq(n, "Zorvia Bio") for n in names[2:]} <= got
    assert not any((institutions[0], "investee") in parties for _, parties in got)


@pytest.mark.parametrize(
    ("lang", "text", "names", "institutions", "want"),
    [
        (
            "en",
            "Zorvia Bio, an Oxford-based company that designs small molecules with generative models, has set up a "
            "joint laboratory with the Eastlake Institute of Chemistry (EIC) of the Northern Academy of Sciences.",
            ["Zorvia Bio", "Eastlake Institute of Chemistry", "Northern Academy of Sciences"],
            ("Eastlake Institute of Chemistry", "Northern Academy of Sciences"),
            frozenset({"Zorvia Bio", "Eastlake Institute of Chemistry"}),
        ),
        (
            "en",
            "Zorvia Bio started a research collaboration with the Harbor Institute of Northfield University.",
            ["Zorvia Bio", "Harbor Institute", "Northfield University"],
            ("Harbor Institute", "Northfield University"),
            frozenset({"Zorvia Bio", "Harbor Institute"}),
        ),
        (
            "zh",
            "泽维生物与北岭大学和东湖研究院开展研究合作。",
            ["泽维生物", "北岭大学", "东湖研究院"],
            ("北岭大学", "东湖研究院"),
            frozenset({"泽维生物", "北岭大学", "东湖研究院"}),
        ),
    ],
)
def test_an_institution_s_parent_is_no_party(lang, text, names, institutions, want):
    got = _named(records(text, names, institutions))
    assert ("research_collaboration", want) in got, f"{lang}: {got}"


@pytest.mark.parametrize(
    ("lang", "text", "names", "institutions", "regulator"),
    [
        (
            "en",
            "Zorvia Bio said Alder Pharma will distribute ZB-7 in Korea once it is approved by the Ministry of "
            "Food and Drug Safety.",
            ["Zorvia Bio", "Alder Pharma", "Ministry of Food and Drug Safety"],
            ("Ministry of Food and Drug Safety",),
            "Ministry of Food and Drug Safety",
        ),
        (
            "zh",
            "泽维生物与青岚制药签署经销协议,ZB-7获国家药品监督管理局批准后由青岚制药独家经销。",
            ["泽维生物", "青岚制药", "国家药品监督管理局"],
            ("国家药品监督管理局",),
            "国家药品监督管理局",
        ),
    ],
)
def test_the_regulator_approving_the_product_is_no_party(lang, text, names, institutions, regulator):
    got = _named(records(text, names, institutions))
    assert ("commercialization", frozenset(names[:2])) in got, f"{lang}: {got}"
    assert not any(regulator in ps for _, ps in got), f"{lang}: {got}"


@pytest.mark.parametrize(
    ("lang", "text", "names", "want", "wrong"),
    [
        (
            "en",
            "Weekly deals roundup\nZorvia Bio and Alder Pharma open joint lab\n"
            "Zorvia Bio and Alder Pharma signed a research collaboration on peptides.\n"
            "Birch Labs to sell Cobalt Pharma eye drug in Korea\n"
            "Birch Labs signed an exclusive distribution agreement with Cobalt Pharma for Korea.\n",
            ["Zorvia Bio", "Alder Pharma", "Cobalt Pharma"],  # Birch Labs: a name the gazetteer missed
            ("commercialization", frozenset({"Birch Labs", "Cobalt Pharma"})),
            "Zorvia Bio",
        ),
        (
            "zh",
            "【一周BD速览】\n泽维生物与青岚制药共建联合实验室\n泽维生物与青岚制药签约,共建多肽联合实验室。\n"
            "白桦生物代理钴石制药眼科新品\n白桦生物与钴石制药签署经销协议,获得独家代理销售权。\n",
            ["泽维生物", "青岚制药", "钴石制药"],  # 白桦生物: a name the gazetteer missed
            ("commercialization", frozenset({"白桦生物", "钴石制药"})),
            "泽维生物",
        ),
    ],
)
def test_a_digest_headline_opens_a_new_story(lang, text, names, want, wrong):
    got = _named(records(text, names))
    assert ("research_collaboration", frozenset({wrong, names[1]})) in got
    assert not any(t == want[0] and wrong in ps for t, ps in got), f"{lang}: {got}"


@pytest.mark.parametrize(
    ("lang", "text", "names", "tail"),
    [
        (
            "zh",
            "泽维生物与东湖医院共建联合实验室\n泽维生物与北岭大学附属东湖医院签约,共建多肽联合实验室。\n",
            ["泽维生物", "北岭大学附属东湖医院", "东湖医院"],
            "东湖医院",
        ),
        (
            "en",
            "Zorvia Bio opens joint lab with Eastlake Institute of Chemistry\nZorvia Bio has set up a joint "
            "laboratory with the Northern Eastlake Institute of Chemistry.\n",
            ["Zorvia Bio", "Northern Eastlake Institute of Chemistry", "Eastlake Institute of Chemistry"],
            "Eastlake Institute of Chemistry",
        ),
    ],
)
def test_an_institution_named_by_its_tail_is_one_party(lang, text, names, tail):
    got = _named(records(text, names, tuple(names[1:])))
    assert got == {("research_collaboration", frozenset({"泽维生物" if lang == "zh" else "Zorvia Bio", tail}))}, got


@pytest.mark.parametrize(
    ("text", "names", "investee"),
    [
        (
            "【对话CEO】一家核酸初创公司的出海之路\n编者按:成立四年的泽维生物今年宣布了多项合作。\n"
            "答:去年底我们完成了5亿元B轮融资,由青岚资本领投,白桦创投跟投。\n",
            ["泽维生物", "青岚资本", "白桦创投"],
            "泽维生物",
        ),
        (
            "CEO interview: building an RNA company\nFounded four years ago, Zorvia Bio has signed several deals "
            "this year.\nA: Last year we closed a $90 million Series B led by Alder Capital and Cobalt Partners.\n",
            ["Zorvia Bio", "Alder Capital", "Cobalt Partners"],
            "Zorvia Bio",
        ),
    ],
)
def test_we_is_the_lede_company_when_the_title_names_none(text, names, investee):
    got = records(text, names)
    assert {_eq(n, investee) for n in names if n != investee} <= got


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            'Alder Capital partner says oral peptides can win\n"We are pleased to lead this Series B alongside '
            'Cobalt Partners and Dunmore Fund," said the Alder Capital partner.\n',
            ["Alder Capital", "Cobalt Partners", "Dunmore Fund"],
        ),
        (
            "青岚资本合伙人谈口服多肽\n“我们很高兴领投这轮B轮融资,白桦创投和钴石基金跟投。”\n",
            ["青岚资本", "白桦创投", "钴石基金"],
        ),
    ],
)
def test_a_speaker_who_leads_the_round_is_not_its_investee(text, names):
    got = records(text, names)
    assert not any((names[0], "investee") in parties for _, parties in got), got


@pytest.mark.parametrize(
    ("text", "names", "investee"),
    [
        (
            "Zorvia Bio signed a memorandum of understanding with Birch Pharma. The deal follows Zorvia Bio's "
            "$36 million Series A in January, led by Alder Capital with participation from Cobalt Partners.",
            ["Zorvia Bio", "Birch Pharma", "Alder Capital", "Cobalt Partners"],
            "Zorvia Bio",
        ),
        (
            "泽维生物与白桦制药签署合作备忘录。此前泽维生物的A轮融资由青岚资本领投,钴石基金参投。",
            ["泽维生物", "白桦制药", "青岚资本", "钴石基金"],
            "泽维生物",
        ),
    ],
)
def test_a_round_named_by_its_owner_keeps_its_backers(text, names, investee):
    got = records(text, names)
    assert {_eq(n, investee) for n in names[2:]} <= got, got


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Weekly digest\n- Zorvia Bio raised $62 million in a Series B led by Alder Capital.\n"
            "- Cobalt Pharma bought a 26% stake in Dunmore Bio for $35 million.\n",
            ["Zorvia Bio", "Alder Capital", "Cobalt Pharma", "Dunmore Bio"],
        ),
        (
            "一周速览\n- 泽维生物完成5亿元B轮融资,由青岚资本领投。\n- 钴石制药以3亿元入股白桦生物,持股20%。\n",
            ["泽维生物", "青岚资本", "钴石制药", "白桦生物"],
        ),
    ],
)
def test_a_stake_after_a_round_is_not_another_backer_of_it(text, names):
    got = records(text, names)
    assert not any((names[0], "investee") in ps and (names[2], "investor") in ps for _, ps in got), got
    assert not any(names[3] in {n for n, _ in ps} and names[0] in {n for n, _ in ps} for _, ps in got), got


@pytest.mark.parametrize(
    ("lang", "text", "names"),
    [
        (
            "en",
            "Maplewood Pharma licensed global rights to KT-12 from Kestrin Bio. Kestrin Bio will receive $50 million "
            "upfront. Maplewood Pharma will also buy $25 million of Kestrin Bio common stock at $11 per share.",
            ["Maplewood Pharma", "Kestrin Bio"],
        ),
        (
            "en",
            "Kestrin Bio granted Maplewood Pharma an exclusive license to KT-12. Kestrin Bio will issue $25 million "
            "of its common stock to Maplewood Pharma at $11 per share.",
            ["Maplewood Pharma", "Kestrin Bio"],
        ),
        (
            "zh",
            "枫林制药从凯斯林生物引进KT-12的全球权益。凯斯林生物将获得5000万美元首付款，"
            "枫林制药还将以每股11美元认购凯斯林生物2500万美元的新股。",
            ["枫林制药", "凯斯林生物"],
        ),
    ],
)
def test_a_licensee_buying_the_licensor_s_stock_is_an_equity_investment_too(lang, text, names):
    got = {(t, frozenset(n for n, _ in ps)) for t, ps in records(text, names)}
    assert ("licensing", frozenset(names)) in got
    assert ("equity_investment", frozenset(names)) in got


@pytest.mark.parametrize(
    "text",
    [
        "Kestrin Bio shares rose 8% after the news. Analysts expect Kestrin Bio to buy back common stock.",
        "Kestrin Bio said it would issue common stock in a public offering to fund KT-12.",
    ],
)
def test_stock_without_a_buyer_names_no_equity_deal(text):
    assert not [r for r in records(text, ["Maplewood Pharma", "Kestrin Bio"]) if r[0] == "equity_investment"]


@pytest.mark.parametrize(
    ("lang", "text", "names", "outsider"),
    [
        (
            "en",
            "Alder Bio and Kestrin Pharma will form a joint venture, NovaCo. Under the agreement, Kestrin Pharma "
            "will hold a 60% stake in NovaCo and Alder Bio 40%. Separately, Maple Capital bought a 10% stake in NovaCo.",
            ["Alder Bio", "Kestrin Pharma", "NovaCo", "Maple Capital"],
            "Maple Capital",
        ),
        (
            "zh",
            "枫林制药与凯斯林生物宣布合资成立新公司诺瓦科。根据协议，凯斯林生物以现金出资，持有诺瓦科60%股权；"
            "枫林制药持有诺瓦科40%股权。此外，梅岭资本认购诺瓦科10%的股份。",
            ["枫林制药", "凯斯林生物", "诺瓦科", "梅岭资本"],
            "梅岭资本",
        ),
    ],
)
def test_a_founder_s_stake_in_the_venture_is_no_equity_deal(lang, text, names, outsider):
    got = records(text, names)
    assert any(t == "joint_venture" for t, _ in got)
    equity = [{n for n, _ in ps} for t, ps in got if t == "equity_investment"]
    assert all(outsider in e for e in equity)
