"""Tests of the gazetteer loader and of the gazetteer data files it reads."""

from __future__ import annotations

import re
from pathlib import Path

import jieba
import pytest

from nlp import gazetteer as gz
from nlp.gazetteer import (
    DATA_DIR,
    DEFAULT_FILES,
    Gazetteer,
    GazetteerError,
    default_gazetteer,
    load_entries,
    normalise_name,
)

FIXTURES = Path(__file__).parent / "fixtures" / "gazetteer"
COMPANY_KINDS = {
    "pharma",
    "biotech",
    "cro_cdmo",
    "medtech",
    "vaccine",
    "investor",
    "tech",
    "distributor",
    "data_provider",
    "other",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(scope="module")
def companies(gaz: Gazetteer) -> list[gz.GazetteerEntry]:
    return gaz.entries("COMPANY")


# --- the data files -------------------------------------------------------


@pytest.mark.parametrize("filename,label", sorted(DEFAULT_FILES.items()))
def test_every_gazetteer_file_exists_loads_and_is_not_empty(filename: str, label: str) -> None:
    path = DATA_DIR / filename
    assert path.exists(), f"{path} is missing"
    entries = load_entries(path, label)
    assert entries, f"{path} has no entries"
    assert all(e.label == label for e in entries)


def test_ids_are_unique_across_all_files() -> None:
    ids: list[str] = []
    for filename, label in DEFAULT_FILES.items():
        ids += [e.id for e in load_entries(DATA_DIR / filename, label)]
    assert len(ids) == len(set(ids))
    assert len(default_gazetteer()) == len(ids)


def test_at_least_1000_companies(companies: list[gz.GazetteerEntry]) -> None:
    assert len(companies) >= 1000


def test_company_ids_are_prefixed(companies: list[gz.GazetteerEntry]) -> None:
    assert all(e.id.startswith("company:") for e in companies)


def test_every_company_has_name_country_and_kind(companies: list[gz.GazetteerEntry]) -> None:
    bad = [
        e.id
        for e in companies
        if not e.name or not e.country or not re.fullmatch(r"[A-Z]{2}", e.country) or e.kind not in COMPANY_KINDS
    ]
    assert bad == []


def test_every_chinese_company_has_a_chinese_name(companies: list[gz.GazetteerEntry]) -> None:
    bad = [e.id for e in companies if e.country in {"CN", "HK", "TW"} and not (e.name_zh and CJK.search(e.name_zh))]
    assert bad == []


def test_name_and_name_zh_are_aliases(companies: list[gz.GazetteerEntry]) -> None:
    for e in companies:
        assert e.name in e.aliases
        assert e.name_zh is None or e.name_zh in e.aliases


def test_parents_are_known_companies(gaz: Gazetteer, companies: list[gz.GazetteerEntry]) -> None:
    for e in companies:
        if e.parent is not None:
            parent = gaz.get(e.parent)
            assert parent is not None and parent.label == "COMPANY", e.id


# --- lookup ---------------------------------------------------------------


@pytest.mark.parametrize(
    "surface,expected",
    [
        # zh
        ("恒瑞医药", "company:hengrui"),
        ("江苏恒瑞医药股份有限公司", "company:hengrui"),
        ("恒瑞", "company:hengrui"),
        ("辉瑞", "company:pfizer"),
        ("辉瑞公司", "company:pfizer"),
        ("美国Incyte", "company:incyte"),
        ("默克", "company:merck_kgaa"),
        ("默沙东", "company:msd"),
        ("日本武田", "company:takeda"),
        ("武田（中国）", "company:takeda"),
        ("信达生物", "company:innovent"),
        ("百济神州", "company:beigene"),
        ("正大天晴", "company:cttq"),
        ("科伦博泰", "company:kelun_biotech"),
        ("药明康德", "company:wuxi_apptec"),
        ("迈瑞", "company:mindray"),
        # en
        ("Jiangsu Hengrui Pharmaceuticals Co., Ltd.", "company:hengrui"),
        ("JIANGSU HENGRUI PHARMACEUTICALS CO.,LTD", "company:hengrui"),
        ("Hengrui", "company:hengrui"),
        ("Pfizer Inc.", "company:pfizer"),
        ("Ｐｆｉｚｅｒ", "company:pfizer"),
        ("pfizer", "company:pfizer"),
        ("Merck & Co., Inc.", "company:msd"),
        ("Merck", "company:msd"),
        ("Merck KGaA", "company:merck_kgaa"),
        ("BeiGene, Ltd.", "company:beigene"),
        ("Samsung Biologics", "company:samsung_biologics"),
        ("WuXi AppTec", "company:wuxi_apptec"),
        ("Incyte Corporation", "company:incyte"),
        ("Shanghai Fosun Pharmaceutical (Group) Co., Ltd.", "company:fosun_pharma"),
    ],
)
def test_lookup_resolves_both_languages(gaz: Gazetteer, surface: str, expected: str) -> None:
    hit = gaz.lookup(surface)
    assert hit is not None, surface
    assert hit.id == expected
    assert gaz.lookup(surface, label="COMPANY") == hit


@pytest.mark.parametrize("surface", ["", "   ", "Nonexistent Widget Holdings", "的", "新产业"])
def test_lookup_of_unknown_names_is_none(gaz: Gazetteer, surface: str) -> None:
    assert gaz.lookup(surface, label="COMPANY") is None


def test_lookup_respects_label(gaz: Gazetteer) -> None:
    assert gaz.lookup("辉瑞", label="DRUG") is None
    assert gaz.lookup("辉瑞", label="NON_COMPANY") is None


def test_get_by_id(gaz: Gazetteer) -> None:
    entry = gaz.get("company:hengrui")
    assert entry is not None
    assert (entry.name, entry.name_zh, entry.country, entry.kind) == ("Hengrui", "恒瑞医药", "CN", "pharma")
    assert gaz.get("company:no-such-company") is None


def test_surface_forms_map_every_alias_to_its_id(gaz: Gazetteer, companies: list[gz.GazetteerEntry]) -> None:
    forms = gaz.surface_forms("COMPANY")
    assert forms["Pfizer Inc."] == "company:pfizer"
    assert forms["江苏恒瑞医药股份有限公司"] == "company:hengrui"
    assert len(forms) == sum(len(e.aliases) for e in companies)


def test_jieba_words_keep_company_names_whole(gaz: Gazetteer) -> None:
    words = gaz.jieba_words()
    assert "信达生物" in words
    assert "恒瑞医药" in words
    assert all(CJK.search(w) for w in words)
    assert words == sorted(set(words))
    # A private tokenizer, so the global jieba dictionary of other tests is untouched.
    tokenizer = jieba.Tokenizer()
    for word in words:
        tokenizer.add_word(word)
    tokens = tokenizer.lcut("信达生物与恒瑞医药、科伦博泰达成合作")
    assert {"信达生物", "恒瑞医药", "科伦博泰"} <= set(tokens)


def test_default_gazetteer_is_cached() -> None:
    assert default_gazetteer() is default_gazetteer()


def test_missing_default_file_reads_as_empty(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "companies.jsonl").write_text((FIXTURES / "good_a.jsonl").read_text("utf-8"), "utf-8")
    monkeypatch.setattr(gz, "DATA_DIR", tmp_path)
    default_gazetteer.cache_clear()
    try:
        only = default_gazetteer()
        assert [e.id for e in only.entries("COMPANY")] == ["company:a"]
        assert only.entries("DRUG") == [] and only.entries("NON_COMPANY") == []
    finally:
        default_gazetteer.cache_clear()


# --- normalisation ----------------------------------------------------------


@pytest.mark.parametrize(
    "raw,key",
    [
        ("Jiangsu Hengrui Pharmaceuticals Co., Ltd.", "jiangsu hengrui pharmaceuticals"),
        ("  Pfizer   Inc ", "pfizer"),
        ("江苏恒瑞医药股份有限公司", "江苏恒瑞医药"),
        ("辉瑞公司", "辉瑞"),
        ("Ｂｅｉ Ｇｅｎｅ", "bei gene"),
        ("I-Mab", "i mab"),
        ("Merck KGaA", "merck kgaa"),
        ("公司", "公司"),
        ("Inc.", "inc"),
    ],
)
def test_normalise_name(raw: str, key: str) -> None:
    assert normalise_name(raw) == key


# --- malformed files ----------------------------------------------------------


@pytest.mark.parametrize(
    "filename,line,what",
    [
        ("bad_json.jsonl", 3, "malformed JSON"),
        ("missing_id.jsonl", 2, "missing or empty 'id'"),
        ("duplicate_id.jsonl", 4, "duplicate id 'company:a'"),
        ("empty_alias.jsonl", 1, "empty alias"),
        ("shared_alias.jsonl", 3, "also an alias of 'company:a'"),
    ],
)
def test_malformed_file_names_file_and_line(filename: str, line: int, what: str) -> None:
    with pytest.raises(GazetteerError) as err:
        load_entries(FIXTURES / filename, "COMPANY")
    message = str(err.value)
    assert f"{filename}:{line}:" in message
    assert what in message


def test_missing_file_is_an_error_for_load_entries(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="cannot read"):
        load_entries(tmp_path / "nope.jsonl", "COMPANY")


def test_unknown_label_is_an_error() -> None:
    with pytest.raises(GazetteerError, match="unknown label"):
        load_entries(FIXTURES / "good_a.jsonl", "PERSON")


def test_duplicate_id_across_files_names_the_files() -> None:
    with pytest.raises(GazetteerError) as err:
        Gazetteer.from_files({FIXTURES / "good_a.jsonl": "COMPANY", FIXTURES / "clash_b.jsonl": "DRUG"})
    assert "clash_b.jsonl" in str(err.value) and "good_a.jsonl" in str(err.value)


def _entry(entry_id: str, *aliases: str) -> gz.GazetteerEntry:
    return gz.GazetteerEntry(
        id=entry_id,
        label="COMPANY",
        name=aliases[0],
        name_zh=None,
        aliases=aliases,
        country="US",
        kind="other",
        parent=None,
    )


def test_shared_alias_between_entries_is_an_error() -> None:
    a = load_entries(FIXTURES / "good_a.jsonl", "COMPANY")[0]
    b = _entry("company:b", "Beta Pharma")
    assert Gazetteer([a, b]).lookup("阿尔法") == a
    with pytest.raises(GazetteerError, match="阿尔法"):
        Gazetteer([a, b, _entry("company:z", "Zed", "阿尔法")])


def test_same_alias_under_two_labels_is_allowed() -> None:
    company = load_entries(FIXTURES / "good_a.jsonl", "COMPANY")[0]
    drug = gz.GazetteerEntry(
        id="drug:alpha",
        label="DRUG",
        name="alpha",
        name_zh=None,
        aliases=("Alpha Bio",),
        country=None,
        kind="other",
        parent=None,
    )
    both = Gazetteer([company, drug])
    assert both.lookup("Alpha Bio") == company  # COMPANY is tried first
    assert both.lookup("Alpha Bio", label="DRUG") == drug
