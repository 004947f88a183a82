"""Checks the drug gazetteer, the non-company list and the drug rule data.

Reads the JSONL files directly (not through the loader) so the data can be
trusted on its own: every line parses, ids are unique and prefixed, counts are
reached, no drug alias is a drug class, and every code regex classifies the
positive and negative examples below the way the guidelines want.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "nlp" / "data"
DRUGS = DATA / "drugs.jsonl"
NON_COMPANIES = DATA / "non_companies.jsonl"
RULES = DATA / "drug_rules.jsonl"

DRUG_KINDS = {
    "small_molecule",
    "antibody",
    "adc",
    "bispecific",
    "cell_therapy",
    "vaccine",
    "peptide",
    "protein",
    "oligo",
    "gene_therapy",
    "other",
}
ORG_KINDS = {
    "regulator",
    "government",
    "university",
    "institute",
    "hospital",
    "ngo",
    "association",
    "exchange",
    "outlet",
    "other",
}
RULE_FIELDS = {
    "inn_suffix": {"lang", "suffix", "min_len", "drug_kind"},
    "inn_stop": {"lang", "word"},
    "inn_second_word": {"lang", "word"},
    "zh_suffix": {"lang", "suffix", "min_prefix", "max_len", "drug_kind"},
    "zh_prefix_stop": {"lang", "word"},
    "code_regex": {"regex", "what"},
    "code_stop_regex": {"regex", "what"},
    "code_context_stop": {"regex", "window", "what"},
    "class_stop": {"lang", "word"},
}
HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def _load(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            assert line.strip(), f"{path.name}:{number} is blank"
            rows.append(json.loads(line))
    return rows


@pytest.fixture(scope="module")
def drugs() -> list[dict]:
    return _load(DRUGS)


@pytest.fixture(scope="module")
def orgs() -> list[dict]:
    return _load(NON_COMPANIES)


@pytest.fixture(scope="module")
def rules() -> list[dict]:
    return _load(RULES)


def _by_kind(rules: list[dict], kind: str) -> list[dict]:
    return [r for r in rules if r["kind"] == kind]


# ---- the classification the rule data describes (kept tiny; the real component lives in nlp/)


def _code_matchers(rules: list[dict]) -> tuple[list[re.Pattern], list[re.Pattern]]:
    finders = [re.compile(r["regex"]) for r in _by_kind(rules, "code_regex")]
    stops = [re.compile(r["regex"]) for r in _by_kind(rules, "code_stop_regex")]
    return finders, stops


def accepted_codes(text: str, rules: list[dict]) -> list[str]:
    finders, stops = _code_matchers(rules)
    contexts = [(re.compile(r["regex"]), r["window"]) for r in _by_kind(rules, "code_context_stop")]
    found = []
    for finder in finders:
        for match in finder.finditer(text):
            candidate = match.group(0)
            if any(stop.fullmatch(candidate) for stop in stops):
                continue
            if any(rx.search(text[max(0, match.start() - window) : match.start()]) for rx, window in contexts):
                continue
            found.append(candidate)
    return found


def is_inn_word(word: str, rules: list[dict]) -> bool:
    low = word.lower()
    stops = {r["word"] for r in _by_kind(rules, "inn_stop")}
    if low in stops or not re.fullmatch(r"[a-z][a-z-]*", low):
        return False
    return any(low.endswith(r["suffix"]) and len(low) >= r["min_len"] for r in _by_kind(rules, "inn_suffix"))


def is_zh_inn(word: str, rules: list[dict]) -> bool:
    if not HAN.match(word):
        return False
    if word in {r["word"] for r in _by_kind(rules, "class_stop")}:
        return False
    prefix_stops = [r["word"] for r in _by_kind(rules, "zh_prefix_stop")]
    for rule in _by_kind(rules, "zh_suffix"):
        suffix = rule["suffix"]
        if not word.endswith(suffix) or len(word) > rule["max_len"]:
            continue
        prefix = word[: -len(suffix)]
        if len(prefix) >= rule["min_prefix"] and not any(stop in prefix for stop in prefix_stops):
            return True
    return False


# ---- files parse, ids, fields, counts


@pytest.mark.parametrize(
    "path, prefix", [(DRUGS, "drug:"), (NON_COMPANIES, "org:"), (RULES, "rule:")], ids=["drugs", "orgs", "rules"]
)
def test_file_parses_with_unique_prefixed_ids(path: Path, prefix: str) -> None:
    rows = _load(path)
    ids = [row["id"] for row in rows]
    assert all(i.startswith(prefix) and len(i) > len(prefix) for i in ids)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_ids_unique_across_files(drugs: list[dict], orgs: list[dict], rules: list[dict]) -> None:
    ids = [row["id"] for row in drugs + orgs + rules]
    assert len(ids) == len(set(ids))


def test_counts(drugs: list[dict], orgs: list[dict]) -> None:
    assert len(drugs) >= 600
    assert len(orgs) >= 250


@pytest.mark.parametrize("fixture, kinds", [("drugs", DRUG_KINDS), ("orgs", ORG_KINDS)])
def test_entries_have_name_aliases_and_kind(fixture: str, kinds: set[str], request: pytest.FixtureRequest) -> None:
    for row in request.getfixturevalue(fixture):
        assert row["name"].strip(), row
        assert row["kind"] in kinds, row
        assert row["aliases"] and all(isinstance(a, str) and a.strip() == a and a for a in row["aliases"]), row
        assert row["name"] in row["aliases"], row
        if row.get("name_zh"):
            assert row["name_zh"] in row["aliases"], row


@pytest.mark.parametrize("fixture", ["drugs", "orgs"])
def test_no_alias_is_shared_between_entries(fixture: str, request: pytest.FixtureRequest) -> None:
    owner: dict[str, str] = {}
    clashes = []
    for row in request.getfixturevalue(fixture):
        for alias in row["aliases"]:
            key = alias.lower()
            if key in owner and owner[key] != row["id"]:
                clashes.append((alias, owner[key], row["id"]))
            owner[key] = row["id"]
    assert not clashes


def test_drug_and_org_aliases_do_not_overlap(drugs: list[dict], orgs: list[dict]) -> None:
    org_aliases = {a.lower() for row in orgs for a in row["aliases"]}
    assert not [a for row in drugs for a in row["aliases"] if a.lower() in org_aliases]


def test_inn_names_are_lower_case(drugs: list[dict]) -> None:
    # A name with a Chinese INN is an INN, and INNs are written in lower case.
    for row in drugs:
        if (
            row["kind"] != "other"
            and row.get("name_zh")
            and HAN.match(row["name_zh"])
            and not re.search(r"\d", row["name"])
        ):
            assert row["name"] == row["name"].lower(), row


@pytest.mark.parametrize(
    "alias, drug_id",
    [
        ("Keytruda", "drug:pembrolizumab"),
        ("可瑞达", "drug:pembrolizumab"),
        ("欧狄沃", "drug:nivolumab"),
        ("百悦泽", "drug:zanubrutinib"),
        ("BGB-3111", "drug:zanubrutinib"),
        ("达伯舒", "drug:sintilimab"),
        ("拓益", "drug:toripalimab"),
        ("JS001", "drug:toripalimab"),
        ("艾瑞卡", "drug:camrelizumab"),
        ("SHR-1210", "drug:camrelizumab"),
        ("爱优特", "drug:fruquintinib"),
        ("RC18", "drug:telitacicept"),
        ("RC48", "drug:disitamab-vedotin"),
        ("SKB264", "drug:sacituzumab-tirumotecan"),
        ("MK-2870", "drug:sacituzumab-tirumotecan"),
        ("SHR-A1811", "drug:trastuzumab-rezetecan"),
        ("瑞康曲妥珠单抗", "drug:trastuzumab-rezetecan"),
        ("JWCAR029", "drug:relmacabtagene-autoleucel"),
        ("AK112", "drug:ivonescimab"),
        ("BL-B01D1", "drug:izalontamab-brengitecan"),
        ("诺和泰", "drug:semaglutide"),
        ("Wegovy", "drug:semaglutide"),
        ("Mounjaro", "drug:tirzepatide"),
        ("佳达修", "drug:gardasil"),
        ("佳达修9", "drug:gardasil-9"),
        ("安加维", "drug:denosumab"),
        ("Xgeva", "drug:denosumab"),
        ("AMG 510", "drug:sotorasib"),
        ("DS-8201", "drug:trastuzumab-deruxtecan"),
        ("克威莎", "drug:ad5-ncov"),
        ("Comirnaty", "drug:bnt162b2"),
        ("Spikevax", "drug:mrna-1273"),
        ("馨可宁", "drug:cecolin"),
        ("CS1001", "drug:sugemalimab"),
        ("西达本胺", "drug:tucidinostat"),
        ("Carvykti", "drug:ciltacabtagene-autoleucel"),
        ("SHR0302", "drug:ivarmacitinib"),
        ("IBI308", "drug:sintilimab"),
        ("HLX10", "drug:serplulimab"),
    ],
)
def test_known_aliases_resolve(alias: str, drug_id: str, drugs: list[dict]) -> None:
    owners = [row["id"] for row in drugs if alias.lower() in {a.lower() for a in row["aliases"]}]
    assert owners == [drug_id]


@pytest.mark.parametrize(
    "alias, org_id, kind",
    [
        ("FDA", "org:fda", "regulator"),
        ("国家药监局", "org:nmpa", "regulator"),
        ("药审中心", "org:cde", "regulator"),
        ("国家医保局", "org:nhsa", "government"),
        ("清华大学", "org:tsinghua-university", "university"),
        ("中科院上海药物所", "org:shanghai-institute-of-materia-medica", "institute"),
        ("北京协和医院", "org:peking-union-medical-college-hospital", "hospital"),
        ("MD Anderson", "org:md-anderson-cancer-center", "hospital"),
        ("盖茨基金会", "org:gates-foundation", "ngo"),
        ("CEPI", "org:cepi", "ngo"),
        ("BARDA", "org:barda", "government"),
        ("港交所", "org:hkex", "exchange"),
        ("科创板", "org:star-market", "exchange"),
        ("美通社", "org:pr-newswire", "outlet"),
        ("动脉网", "org:vcbeat", "outlet"),
        (
            "中国医药创新促进会",
            "org:china-pharmaceutical-innovation-and-research-development-association",
            "association",
        ),
    ],
)
def test_known_non_companies(alias: str, org_id: str, kind: str, orgs: list[dict]) -> None:
    owners = [row for row in orgs if alias.lower() in {a.lower() for a in row["aliases"]}]
    assert [(row["id"], row["kind"]) for row in owners] == [(org_id, kind)]


# ---- rules


def test_rules_have_the_fields_of_their_kind(rules: list[dict]) -> None:
    for rule in rules:
        assert rule["kind"] in RULE_FIELDS, rule
        assert RULE_FIELDS[rule["kind"]] <= set(rule), rule
        if rule["kind"] in {"code_regex", "code_stop_regex"}:
            re.compile(rule["regex"])
        if "lang" in rule:
            assert rule["lang"] in {"en", "zh"}, rule


def test_no_drug_alias_is_a_class_word(drugs: list[dict], rules: list[dict]) -> None:
    classes = {r["word"].lower() for r in _by_kind(rules, "class_stop")}
    assert not [(row["id"], a) for row in drugs for a in row["aliases"] if a.lower() in classes]


@pytest.mark.parametrize(
    "text, code",
    [
        ("恒瑞医药将SHR-A1811授权给", "SHR-A1811"),
        ("BL-B01D1 licensed to BMS", "BL-B01D1"),
        ("康方生物AK112获批", "AK112"),
        ("药明巨诺JWCAR029上市", "JWCAR029"),
        ("荣昌生物RC18", "RC18"),
        ("RC48-ADC的临床", "RC48-ADC"),
        ("MK-2870 is", "MK-2870"),
        ("Amgen's AMG 510", "AMG 510"),
        ("DS-8201a (Enhertu)", "DS-8201a"),
        ("tislelizumab (BGB-A317)", "BGB-A317"),
        ("信达IBI362", "IBI362"),
        ("HRS-1780片", "HRS-1780"),
        ("SHR0302碱软膏", "SHR0302"),
        ("JS018-1 and JS006", "JS018-1"),
        ("the vaccine BNT162b2", "BNT162b2"),
        ("mRNA-1273 by Moderna", "mRNA-1273"),
        ("A166 ADC", "A166"),
        ("益方D-1553", "D-1553"),
        ("lenvatinib (E7080)", "E7080"),
        ("9MW2821获批", "9MW2821"),
        ("BI 456906 data", "BI 456906"),
        ("LY3298176", "LY3298176"),
        ("PF-07321332 tablets", "PF-07321332"),
        ("CT103A注射液", "CT103A"),
        ("LCAR-B38M", "LCAR-B38M"),
        ("TJC4 antibody", "TJC4"),
        ("SCB-2019 vaccine", "SCB-2019"),
        ("LXH-1211项目", "LXH-1211"),
        ("VV116片", "VV116"),
        ("KTE-X19", "KTE-X19"),
        ("V940 (mRNA-4157)", "V940"),
        ("BAY 2927088", "BAY 2927088"),
        ("the trial was followed by SHR-A1811", "SHR-A1811"),
        ("编辑部评选的AK104", "AK104"),
    ],
)
def test_code_regex_finds_development_codes(text: str, code: str, rules: list[dict]) -> None:
    assert code in accepted_codes(text, rules)


@pytest.mark.parametrize(
    "text",
    [
        "HER2",
        "PD-1",
        "PD-L1",
        "抗PD-1单抗",
        "KRAS G12C",
        "CD19",
        "CD3",
        "BCMA",
        "TROP2",
        "EGFR",
        "IL-2",
        "IL-17A",
        "IL-23p19",
        "IL-4R",
        "TIGIT",
        "GLP-1",
        "GLP-1R",
        "COVID-19",
        "SARS-CoV-2",
        "HPV",
        "HPV16",
        "HIV-1",
        "EV71",
        "CTLA-4",
        "LAG-3",
        "CLDN18.2",
        "Claudin18.2",
        "B7-H3",
        "GPRC5D",
        "CDK4/6",
        "PI3K",
        "SGLT2",
        "DPP-4",
        "BCL-2",
        "PCSK9",
        "CYP3A4",
        "FGFR2b",
        "NKG2A",
        "TL1A",
        "OX40",
        "BRCA1",
        "EZH2",
        "V600E",
        "T790M",
        "L858R",
        "H1047R",
        "港交所代码1877",
        "688180",
        "600276.SH",
        "2616.HK",
        "SH600276",
        "HKEX: 1801",
        "2024年",
        "FY2024",
        "Q3 2024",
        "ISO 9001",
        "ISO13485",
        "ICH E6(R2)",
        "GB/T 19001",
        "NCT04380636",
        "CTR20201234",
        "Phase 3",
        "Ib/II期",
        "CAR-T",
        "ADC",
        "mRNA",
        "siRNA",
        "IC50",
        "IgG4",
        "HbA1c",
        "HEK293",
        "K562",
        "A549",
        "CHO-K1",
        "RMB100",
        "TOP10",
        "GPT4",
        "H100",
        "PM2.5",
        "5G",
        "N95",
        "AAV9",
        "BAY 2024",
        "(Responsible Editor: HN666)",
        "责任编辑：HN666",
        "股票代码：SH600276",
        "NASDAQ: ZL1310",
    ],
)
def test_code_rules_reject_look_alikes(text: str, rules: list[dict]) -> None:
    assert accepted_codes(text, rules) == []


@pytest.mark.parametrize(
    "word",
    [
        "tislelizumab",
        "pembrolizumab",
        "cetuximab",
        "adalimumab",
        "sotorasib",
        "olaparib",
        "palbociclib",
        "semaglutide",
        "tirzepatide",
        "etanercept",
        "remdesivir",
        "zanubrutinib",
        "idelalisib",
        "dabrafenib",
        "inclisiran",
        "nusinersen",
        "tisagenlecleucel",
        "onasemnogene",
        "raludotatug",
        "benmelstobart",
        "volrustomig",
        "empagliflozin",
        "enzalutamide",
        "venetoclax",
        "bortezomib",
    ],
)
def test_inn_stems_accept_inns(word: str, rules: list[dict]) -> None:
    assert is_inn_word(word, rules)


@pytest.mark.parametrize(
    "word",
    [
        "peptide",
        "polypeptide",
        "nucleotide",
        "oligonucleotide",
        "concept",
        "except",
        "intercept",
        "accept",
        "excel",
        "parcel",
        "cancel",
        "transgene",
        "oncogene",
        "gene",
        "BeiGene",
        "I-Mab",
        "tide",
        "yuletide",
        "statin",
        "sartans",
        "Andersen",
        "tug",
        "vir",
        "cel",
        "mab",
        "April",
        "Hobart",
    ],
)
def test_inn_stems_reject_english_words(word: str, rules: list[dict]) -> None:
    assert not is_inn_word(word, rules)


@pytest.mark.parametrize(
    "word",
    [
        "替雷利珠单抗",
        "卡瑞利珠单抗",
        "依沃西单抗",
        "泽布替尼",
        "呋喹替尼",
        "奥拉帕利",
        "达尔西利",
        "司美格鲁肽",
        "度拉糖肽",
        "伊基奥仑赛",
        "阿基仑赛",
        "泰它西普",
        "瑞德西韦",
        "莫诺拉韦",
        "索托拉西布",
        "格索雷塞",
        "维奈克拉",
        "恩扎卢胺",
        "恒格列净",
        "培非格司亭",
        "托法替布",
        "艾曲泊帕",
        "伏诺拉生",
    ],
)
def test_zh_stems_accept_chinese_inns(word: str, rules: list[dict]) -> None:
    assert is_zh_inn(word, rules)


@pytest.mark.parametrize(
    "word",
    [
        "单抗",
        "人源化单抗",
        "全人源单抗",
        "新冠中和单抗",
        "双特异性单抗",
        "PD-1单抗",
        "替尼",
        "他汀",
        "沙坦",
        "韦",
        "王韦",
        "双抗",
        "抑制剂",
        "胰岛素",
        "一款单抗",
    ],
)
def test_zh_stems_reject_classes_and_fragments(word: str, rules: list[dict]) -> None:
    assert not is_zh_inn(word, rules)


def test_inn_stems_cover_most_gazetteer_inns(drugs: list[dict], rules: list[dict]) -> None:
    # The stems exist to find drugs missing from the gazetteer; measured on the ones it has.
    words = [row["name"] for row in drugs if re.fullmatch(r"[a-z]+", row["name"])]
    hit = [w for w in words if is_inn_word(w, rules)]
    assert len(words) > 300
    assert len(hit) / len(words) >= 0.88  # measured 0.90


def test_zh_stems_cover_most_gazetteer_chinese_inns(drugs: list[dict], rules: list[dict]) -> None:
    words = [row["name_zh"] for row in drugs if row.get("name_zh") and HAN.match(row["name_zh"])]
    hit = [w for w in words if is_zh_inn(w, rules)]
    assert len(words) > 200
    assert len(hit) / len(words) >= 0.83  # measured 0.85
