"""Guards for the speed-up modules: each must give exactly what the slow way gives.

AliasScanner against a plain longest-match scan, the array sentencizer against
spaCy's own Sentencizer, the linear jieba alignment against spaCy's
``util.get_words_and_spaces``, SentenceIndex against ``doc.sents`` and
``span.sent``, doc_text against ``doc.text``, and the gazetteer disk cache's
rebuild and fall-back rules. Texts are the real fixtures of tests/fixtures and,
when present, the shared dev documents.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy import util
from spacy.pipeline import Sentencizer

from nlp import gazetteer as gazetteer_module
from nlp.doc_text import doc_text
from nlp.gazetteer import Gazetteer, default_gazetteer, has_cjk
from nlp.gazetteer_cache import CACHE_ENV, cache_dir, cache_key, cached
from nlp.pipelines import SENTENCE_PUNCT, get_pipeline
from nlp.scanner import AliasScanner
from nlp.sentences import SentenceIndex
from nlp.sentencizer import ArraySentencizer
from nlp.zh_tokenizer import JiebaTokenizer, words_and_spaces

ROOT = Path(__file__).resolve().parent
FOLDERS = [
    ROOT / "fixtures" / "nlp",
    ROOT / "fixtures" / "eval_extra" / "docs",
    ROOT.parents[1] / "shared" / "eval" / "dev" / "docs",
]
LANGS = ("zh", "en")
_ALNUM = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

# Whitespace and script mixes that real pages carry and the fixtures may not.
EDGE_TEXTS = {
    "zh": [
        "  恒瑞医药与 Merck  KGaA 达成合作，\n\n首付款1.5亿美元。\t里程碑 \u3000 付款\n",
        "\n\n信达生物(Innovent)宣布：PD-1 抗体 sintilimab 获批  ",
        "百济神州 BeiGene, Ltd. 2024年Q3营收约 ¥ 20亿元 ;  再鼎医药\r\n第二段 ",
        "",
        " ",
        "中文",
    ],
    "en": [
        "  Jiangsu Hengrui  and Merck KGaA signed a deal.\n\nUpfront: $1.5 billion.\tMore ",
        "GSK's unit (gsk) licensed 恒瑞医药's SHR-A1811 for US$500m... Done!  Next?",
        "\r\nBeiGene, Ltd. said: revenue rose 20%; see https://example.com/x.y ",
        "",
        "   ",
        "word",
    ],
}


def _lang_of(path: Path) -> set[str]:
    name = path.name
    if "mixed" in name:
        return {"zh", "en"}
    if "-zh-" in name or name.startswith("zh_"):
        return {"zh"}
    if "-en-" in name or name.startswith("en_"):
        return {"en"}
    return {"zh", "en"}


def real_texts(lang: str) -> list[str]:
    texts = []
    for folder in FOLDERS:
        for path in sorted(folder.glob("*.txt")) if folder.exists() else []:
            if lang in _lang_of(path):
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
    assert texts, f"no {lang} fixture texts found"
    return texts


def all_texts(lang: str) -> list[str]:
    return real_texts(lang) + EDGE_TEXTS[lang]


# --- AliasScanner ---------------------------------------------------------------


def _fold(text: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def reference_scan(forms: dict[str, str], text: str) -> list[tuple[int, int, str]]:
    """The documented rules, the slow obvious way: case-blind pass (Chinese or
    >= 5 chars), then exact pass; at each place the longest form whose Latin
    edges are word edges; the scan resumes after a match."""
    ci: dict[str, str] = {}
    cs: dict[str, str] = {}
    for form, value in forms.items():
        form = form.strip()
        if not form:
            continue
        if has_cjk(form) or len(form) >= 5:
            ci.setdefault(form.lower(), value)
        else:
            cs.setdefault(form, value)
    out = []
    for table, s in ((ci, _fold(text)), (cs, text)):
        lengths = sorted({len(f) for f in table}, reverse=True)
        n, p = len(s), 0
        while p < n:
            hit = None
            for length in lengths:
                form = s[p : p + length]
                if len(form) != length or form not in table:
                    continue
                end = p + length
                if form[0] in _ALNUM and p > 0 and s[p - 1] in _ALNUM:
                    continue
                if form[-1] in _ALNUM and end < n and s[end] in _ALNUM:
                    continue
                hit = form
                break
            if hit is None:
                p += 1
            else:
                out.append((p, p + len(hit), table[hit]))
                p += len(hit)
    return out


@pytest.fixture(scope="module")
def gazetteer_forms() -> dict[str, dict[str, str]]:
    gaz = default_gazetteer()
    return {label: gaz.surface_forms(label) for label in ("COMPANY", "DRUG")}


@pytest.mark.parametrize("label", ["COMPANY", "DRUG"])
@pytest.mark.parametrize("lang", LANGS)
def test_scanner_matches_reference_on_real_texts(lang, label, gazetteer_forms):
    forms = gazetteer_forms[label]
    assert forms, f"the gazetteer has no {label} forms"
    scanner = AliasScanner(forms)
    total = 0
    for text in all_texts(lang):
        got = list(scanner.finditer(text))
        assert got == reference_scan(forms, text)
        total += len(got)
    if label == "COMPANY":
        assert total > 0, "the fixtures name companies; a scanner finding none is broken"


SYNTHETIC_FORMS = {
    "GSK": "gsk",
    "MSD": "msd",
    "Merck": "merck",
    "Merck KGaA": "merck-kgaa",
    "Bayer AG": "bayer",
    "恒瑞": "hengrui-short",
    "恒瑞医药": "hengrui",
    "江苏恒瑞医药": "hengrui-js",
    "药": "drug-char",
    "PD-1": "pd1",
    "3SBio": "3sbio",
    "-x-": "dash-x",
    " Roche ": "roche",
}


@pytest.mark.parametrize(
    "text",
    [
        "GSK and gsk and GSKs and xGSK and GSK.",
        "merck kgaa, MERCK KGaA, Merck KGaAx, Merck KGa",
        "江苏恒瑞医药与恒瑞医药及恒瑞，药",
        "PD-1/PD-L1 and aPD-1 and PD-10",
        "3SBio 3sbio 13SBio 3SBiology",
        "a-x-b -x- roche ROCHE Roches",
        "İstanbul Merck MSD msd",
        "",
    ],
)
def test_scanner_edge_rules(text):
    assert list(AliasScanner(SYNTHETIC_FORMS).finditer(text)) == reference_scan(SYNTHETIC_FORMS, text)


def test_scanner_rules_spelled_out():
    scanner = AliasScanner(SYNTHETIC_FORMS)
    text = "GSK gsk xGSK Merck KGaA 江苏恒瑞医药"
    got = [(text[s:e], v) for s, e, v in scanner.finditer(text)]
    # short Latin forms only as written, never inside a word; the longest form wins
    assert got == [("Merck KGaA", "merck-kgaa"), ("江苏恒瑞医药", "hengrui-js"), ("GSK", "gsk")]
    assert list(AliasScanner({}).finditer(text)) == []


# --- sentencizer ----------------------------------------------------------------


@pytest.mark.parametrize("punct", [SENTENCE_PUNCT, None], ids=["house", "spacy-default"])
@pytest.mark.parametrize("lang", LANGS)
def test_array_sentencizer_equals_spacy(lang, punct):
    nlp = get_pipeline(lang)
    ours = ArraySentencizer("s", punct_chars=punct)
    theirs = Sentencizer("s", punct_chars=punct)
    starts_seen = 0
    for text in all_texts(lang):
        a, b = nlp.make_doc(text), nlp.make_doc(text)
        ours(a)
        theirs(b)
        got = [t.is_sent_start for t in a]
        assert got == [t.is_sent_start for t in b]
        starts_seen += sum(bool(x) for x in got)
    assert starts_seen > len(all_texts(lang))  # real texts hold many sentences


@pytest.mark.parametrize("lang", LANGS)
def test_pipeline_registers_array_sentencizer(lang):
    assert isinstance(get_pipeline(lang).get_pipe("sentencizer"), ArraySentencizer)


# --- jieba alignment --------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_words_and_spaces_equals_spacy(lang):
    tok = get_pipeline("zh").tokenizer
    inner = tok.inner.inner  # TextKeepingTokenizer(JiebaTokenizer(ChineseTokenizer))
    assert isinstance(tok.inner, JiebaTokenizer)
    for text in all_texts(lang):
        words = [w for w in inner.jieba_seg.cut(text, cut_all=False) if w]
        assert words_and_spaces(words, text) == util.get_words_and_spaces(words, text)


@pytest.mark.parametrize(
    ("words", "text"),
    [
        (["a", " ", "b"], "a b"),
        (["a", "  ", "b"], "a  b"),
        (["a", "\n", "b", " "], "a\nb "),
        (["中文", "\u3000", "English", " ", " ", "x"], "中文\u3000English  x"),
        (["a", "b"], "a  b"),  # words that do not make up the text: spaCy's own path
        ([], ""),
    ],
)
def test_words_and_spaces_whitespace_cases(words, text):
    assert words_and_spaces(words, text) == util.get_words_and_spaces(words, text)


@pytest.mark.parametrize("lang", LANGS)
def test_jieba_tokenizer_equals_spacy_tokenizer(lang):
    tok = get_pipeline("zh").tokenizer
    inner = tok.inner.inner
    for text in all_texts(lang):
        ours, theirs = tok(text), inner(text)
        assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in theirs]
        assert doc_text(ours) == text == ours.text


# --- SentenceIndex and doc_text -----------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_sentence_index_matches_doc_sents(lang):
    nlp = get_pipeline(lang)
    for text in real_texts(lang):
        doc = nlp(text)
        index = SentenceIndex(doc)
        sents = list(doc.sents)
        assert index.bounds == [(s.start_char, s.end_char) for s in sents]
        for sent in sents:
            for i in {sent.start, (sent.start + sent.end) // 2, sent.end - 1}:
                assert index.of_tokens(i, i + 1) == (doc[i].sent.start_char, doc[i].sent.end_char)
                tok = doc[i]
                got_text, got_start = index.of_chars(tok.idx, tok.idx + len(tok))
                assert (got_text, got_start) == (sent.text, sent.start_char)
            span = doc[sent.start : sent.end]
            assert index.of_tokens(span.start, span.end) == (span.sent.start_char, span.sent.end_char)
        # a range over two sentences gives both, whole
        if len(sents) >= 2:
            a, b = sents[0], sents[1]
            got_text, got_start = index.of_chars(a.end_char - 1, b.start_char + 1)
            assert got_start == a.start_char
            assert got_text == text[a.start_char : b.end_char]
        assert doc_text(doc) == doc.text == text


@pytest.mark.parametrize("lang", LANGS)
def test_sentence_index_without_sentences(lang):
    nlp = get_pipeline(lang)
    text = EDGE_TEXTS[lang][0]
    doc = nlp.make_doc(text)  # no sentencizer: the whole text is the sentence
    index = SentenceIndex(doc)
    assert index.of_chars(3, 5) == (text, 0)
    assert index.of_tokens(0, 1) == (doc[0].idx, doc[-1].idx + len(doc[-1]))
    empty = SentenceIndex(nlp.make_doc(""))
    assert empty.of_chars(0, 0) == ("", 0)
    assert empty.of_tokens(0, 0) == (0, 0)


@pytest.mark.parametrize("lang", LANGS)
def test_doc_text_survives_retokenising(lang):
    nlp = get_pipeline(lang)
    text = EDGE_TEXTS[lang][0]
    doc = nlp.make_doc(text)
    assert doc_text(doc) == text
    with doc.retokenize() as retok:
        retok.merge(doc[0:3])
    assert doc_text(doc) == doc.text == text


# --- gazetteer disk cache ---------------------------------------------------------


@pytest.fixture()
def data_copy(tmp_path, monkeypatch):
    """The default gazetteer files copied to tmp, and the cache dir in tmp too."""
    folder = tmp_path / "data"
    folder.mkdir()
    files = {}
    for name, label in gazetteer_module.DEFAULT_FILES.items():
        src = gazetteer_module.DATA_DIR / name
        if src.exists():
            shutil.copy(src, folder / name)
            files[folder / name] = label
    assert files
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return files


def _load(files: dict[Path, str], calls: list[int]) -> Gazetteer:
    def build() -> Gazetteer:
        calls.append(1)
        return Gazetteer.from_files(files)

    return cached("gazetteer", files, (Path(gazetteer_module.__file__),), build)


def _companies_file(files: dict[Path, str]) -> Path:
    return next(p for p, label in files.items() if label == "COMPANY")


NEW_COMPANY = (
    '{"id": "company:zz-test-co", "name": "Zyxwv Testpharma", "name_zh": "测试虚构药业", '
    '"aliases": ["Zyxwv Testpharma", "测试虚构药业"]}\n'
)


def test_cache_reuses_then_rebuilds_on_data_change(data_copy):
    calls: list[int] = []
    first = _load(data_copy, calls)
    assert calls == [1]
    assert any(cache_dir().glob("gazetteer-*.pickle"))
    again = _load(data_copy, calls)
    assert calls == [1]  # read from disk, not parsed
    assert len(again) == len(first)
    assert again.lookup("测试虚构药业") is None

    path = _companies_file(data_copy)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(NEW_COMPANY)
    changed = _load(data_copy, calls)
    assert calls == [1, 1]  # the data changed: parsed afresh
    assert len(changed) == len(first) + 1
    assert changed.lookup("测试虚构药业") is not None
    assert len(list(cache_dir().glob("gazetteer-*.pickle"))) == 2


def test_cache_key_follows_bytes_and_labels(data_copy):
    key = cache_key(data_copy)
    path = _companies_file(data_copy)
    relabelled = {p: ("DRUG" if p == path else label) for p, label in data_copy.items()}
    assert cache_key(relabelled) != key
    path.write_bytes(path.read_bytes() + b"\n")
    assert cache_key(data_copy) != key


def test_cache_unwritable_dir_falls_back_to_parsing(data_copy, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache dir should be")
    # A directory below a regular file can never be made, even by root.
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    calls: list[int] = []
    a = _load(data_copy, calls)
    b = _load(data_copy, calls)
    assert calls == [1, 1]
    assert len(a) == len(b) == len(Gazetteer.from_files(data_copy)) > 0


def test_cache_corrupt_file_is_rebuilt(data_copy):
    calls: list[int] = []
    good = _load(data_copy, calls)
    (pickle_path,) = cache_dir().glob("gazetteer-*.pickle")
    pickle_path.write_bytes(b"not a pickle at all")
    again = _load(data_copy, calls)
    assert calls == [1, 1]
    assert len(again) == len(good)
    third = _load(data_copy, calls)  # the rebuilt file was written back whole
    assert calls == [1, 1]
    assert len(third) == len(good)


def test_cache_off(data_copy, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "off")
    assert cache_dir() is None
    calls: list[int] = []
    _load(data_copy, calls)
    _load(data_copy, calls)
    assert calls == [1, 1]


def test_cache_dir_defaults(monkeypatch, tmp_path):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "pharmanews"
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x"


def test_test_run_never_caches_in_home():
    folder = cache_dir()
    assert folder is not None
    assert not str(folder).startswith(str(Path.home() / ".cache"))


# ----------------------------------------------------------------- drug codes

# Code-like strings and their neighbours: letters, digits, "-", "_", spaces,
# full-width and non-ASCII digits, CJK, stock-code and year look-alikes.
_CODE_ALPHABET = "ABCHKRSTXabx0123456789--__  .,/()（）：:١٢３恒瑞抗"


def _plain_code_matches(finder, text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for r in finder.rules.code_regexes for m in r.finditer(text)]


@pytest.mark.parametrize("lang", LANGS)
def test_code_places_give_what_finditer_gives_on_real_texts(lang):
    from nlp.components.drugs import _shared_finder

    finder = _shared_finder()
    for text in real_texts(lang) + EDGE_TEXTS[lang]:
        got = [(m.start(), m.end(), m.group()) for m in finder._code_matches(text)]
        assert got == _plain_code_matches(finder, text)


@given(st.text(alphabet=_CODE_ALPHABET, max_size=60))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_code_places_give_what_finditer_gives_on_any_text(text):
    # The fast path assumes every code regex of drug_rules.jsonl opens with the
    # word edge and holds a digit after ASCII letters, "_", "-" or one space; a
    # new rule that breaks this must fail here, not silently lose codes.
    from nlp.components.drugs import _shared_finder

    finder = _shared_finder()
    got = [(m.start(), m.end(), m.group()) for m in finder._code_matches(text)]
    assert got == _plain_code_matches(finder, text)


# ------------------------------------------------------ span extension store


@pytest.mark.parametrize("lang", LANGS)
def test_span_values_read_what_span_underscore_reads(lang):
    # nlp.extensions.span_values reads spaCy's private store of span
    # extensions; if a spaCy release moves it, this fails instead of every
    # mention silently losing its id and name.
    from nlp.extensions import span_values

    nlp = get_pipeline(lang)
    checked = 0
    for text in real_texts(lang)[:5]:
        doc = nlp(text)
        readers = {n: span_values(doc, n) for n in ("entity_id", "canonical", "known", "name_zh", "amount")}
        for key in ("companies", "drugs", "amounts"):
            for span in doc.spans.get(key, []):
                for name, read in readers.items():
                    assert read(span.start_char, span.end_char) == getattr(span._, name)
                    checked += 1
    assert checked > 50


def test_span_values_refuses_a_computed_attribute():
    from spacy.tokens import Span

    from nlp.extensions import span_values

    if not Span.has_extension("pharmanews_test_computed"):
        Span.set_extension("pharmanews_test_computed", getter=lambda span: span.text)
    doc = get_pipeline("en")("Pfizer")
    with pytest.raises(TypeError, match="computed"):
        span_values(doc, "pharmanews_test_computed")


def test_token_bounds_and_sentence_index_follow_a_retokenising_split():
    from nlp.doc_arrays import token_bounds
    from nlp.sentences import sentence_index

    doc = spacy.blank("en")("Alpha Betagamma. Delta")
    before = token_bounds(doc)
    assert before == ([0, 6, 15, 17], [5, 15, 16, 22])
    assert sentence_index(doc).text == doc.text
    with doc.retokenize() as retokenizer:
        retokenizer.split(doc[1], ["Beta", "gamma"], heads=[(doc[1], 1), doc[0]])
    assert token_bounds(doc) == ([0, 6, 10, 15, 17], [5, 10, 15, 16, 22])
    assert len(sentence_index(doc)._tok_first) == len(doc) == 5


# ------------------------------------------------------------- regex trees


@given(
    st.lists(st.text(alphabet="abc恒瑞$.", min_size=1, max_size=4), min_size=1, max_size=12),
    st.text(alphabet="abc恒瑞$. ", max_size=30),
)
@settings(max_examples=300, deadline=None)
def test_tree_alternation_finds_what_a_longest_first_list_finds(words, text):
    import re

    from nlp.regex_trees import tree_alternation

    flat = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))))
    tree = re.compile(tree_alternation(words))
    assert [m.span() for m in tree.finditer(text)] == [m.span() for m in flat.finditer(text)]


# ------------------------------------------- fast paths added in session 3


@pytest.mark.parametrize("lang", LANGS)
def test_cjk_scanner_copy_finds_what_the_scanner_finds_on_real_texts(lang, gazetteer_forms):
    from nlp.scanner import for_cjk_text

    for label in ("COMPANY", "DRUG"):
        scanner = AliasScanner(gazetteer_forms[label])
        fast = for_cjk_text(scanner)
        found = 0
        for text in all_texts(lang):
            got = list(fast.finditer(text))
            assert got == list(scanner.finditer(text))
            found += len(got)
        assert found > 0


@given(st.text(alphabet="GSKMerck KGaA恒瑞医药江苏PD-13SBio.,ab ", max_size=40))
@settings(max_examples=400, deadline=None)
def test_cjk_scanner_copy_finds_what_the_scanner_finds_on_any_text(text):
    from nlp.scanner import for_cjk_text

    scanner = AliasScanner(SYNTHETIC_FORMS)
    assert list(for_cjk_text(scanner).finditer(text)) == list(scanner.finditer(text))


_LITERAL_PATTERNS = [
    r"与(?P<name>[\u4e00-\u9fff]{2,6})(?:达成|签署)",
    r"(?:acquire|buy)s? (?:all|the) shares",
    r"licen[cs]e agreement",
    r"a?b+c(?:de|fg)?h",
    r"(?:x|yz)+w",
    r"ab|cd",
    r"(?i)license",
    r"\d+%",
]


@pytest.mark.parametrize("pattern", _LITERAL_PATTERNS)
@given(text=st.text(alphabet="与恒瑞达成签署acquiresbuythlnoxyzwdfg%12 ", max_size=30))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_regex_anchors_never_skip_a_text_that_matches(pattern, text):
    import re

    from nlp.regex_anchors import regex_anchors

    regex = re.compile(pattern)
    needed = regex_anchors(regex)
    if needed is not None and regex.search(text):
        assert any(word in text for word in needed), (pattern, text, needed)


def test_regex_anchors_spelled_out():
    import re

    from nlp.regex_anchors import regex_anchors

    assert regex_anchors(re.compile("licen[cs]e agreement")) == ("e agreement",)
    assert regex_anchors(re.compile("ab|cd")) == ("ab", "cd")
    assert regex_anchors(re.compile("(?i)license")) is None  # case-blind: no prefilter
    assert regex_anchors(re.compile("a(?i:b)cd")) is None  # case-blind in part
    assert regex_anchors(re.compile(r"\d+")) is None


@pytest.mark.parametrize("lang", LANGS)
def test_span_value_writer_stores_what_span_underscore_reads(lang):
    from nlp.extensions import span_value_writer

    doc = get_pipeline(lang).make_doc("恒瑞医药与辉瑞合作" if lang == "zh" else "Hengrui and Pfizer agreed")
    span = doc[0:1]
    span_value_writer(doc)(span.start_char, span.end_char, {"entity_id": "company:x", "known": True})
    assert (span._.entity_id, span._.known) == ("company:x", True)
    with pytest.raises(AttributeError, match="not one of"):
        span_value_writer(doc)(0, 1, {"pharmanews_not_registered": 1})


@given(
    st.lists(st.text(alphabet="ABab-1", min_size=1, max_size=4), min_size=1, max_size=8),
    st.text(alphabet="ABab-1 .", max_size=30),
)
@settings(max_examples=300, deadline=None)
def test_short_form_regex_matches_the_plain_form(words, text):
    import re

    from nlp.companies.short_forms import _short_form_regex
    from nlp.regex_trees import tree_alternation

    plain = re.compile(rf"(?<![A-Za-z0-9\-])(?:{tree_alternation(words)})(?![A-Za-z0-9\-])")
    assert [m.span() for m in _short_form_regex(words).finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("licen[cs]e agreement", "a license agreement", True),
        ("licen[cs]e agreement", "a supply deal", False),  # no anchor: skipped
        ("(?i)license agreement", "a supply deal", True),  # case-blind: always runs
        (r"\d+", "no digits", True),  # no anchor to test: always runs
    ],
)
def test_may_match_skips_only_texts_without_an_anchor(pattern, text, expected):
    import re

    from nlp.regex_anchors import may_match

    assert may_match(re.compile(pattern), text) is expected


@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8)), max_size=10),
    st.integers(0, 35),
    st.integers(0, 8),
)
@settings(max_examples=400, deadline=None)
def test_fixed_ranges_overlap_as_a_scan_of_all_ranges_says(raw, start, length):
    from nlp.char_ranges import FixedRanges

    ranges = [(s, s + n) for s, n in raw]
    end = start + length
    assert FixedRanges(ranges).overlaps(start, end) == any(s < end and start < e for s, e in ranges)
