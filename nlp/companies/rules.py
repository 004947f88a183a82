"""The company rule words: loading company_rules.jsonl and company_stop_words.jsonl, and the name regexes built from them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from nlp.data_files import read_jsonl
from nlp.regex_trees import tree_alternation

RULES_PATH = Path(__file__).resolve().parents[1] / "data" / "company_rules.jsonl"
STOP_PATH = Path(__file__).resolve().parents[1] / "data" / "company_stop_words.jsonl"
# Stop-list kinds that are never a company on their own (Germany, Polish, May,
# CHF before an amount, CDMO as a trade).
NEVER_COMPANY = ("place", "demonym", "time", "currency", "acronym")


@dataclass(frozen=True)
class CompanyRules:
    """The rule words of company_rules.jsonl, grouped by kind."""

    words: dict[str, frozenset[str]]
    cues: dict[str, tuple[re.Pattern, ...]]
    stop: dict[str, frozenset[str]] | None = None  # company_stop_words.jsonl by kind

    def stopped(self, word: str, kinds: Iterable[str] = NEVER_COMPANY) -> bool:
        return any(word in (self.stop or {}).get(k, ()) for k in kinds)

    def has(self, kind: str, word: str) -> bool:
        return word in self.words.get(kind, frozenset())


def load_stop_words(path: Path = STOP_PATH) -> dict[str, frozenset[str]]:
    """Words that are no company on their own, by kind: ordinary (Summit,
    Legend: a short form only where the document backs it), place, demonym,
    time."""
    out: dict[str, set[str]] = {}
    for line_no, row in read_jsonl(Path(path)):
        try:
            out.setdefault(row["kind"], set()).add(row["word"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{line_no}: bad stop-word line ({exc})") from exc
    return {k: frozenset(v) for k, v in out.items()}


@cache
def load_rules(path: Path = RULES_PATH, stop_path: Path = STOP_PATH) -> CompanyRules:
    words: dict[str, set[str]] = {}
    cue_src: dict[str, list[str]] = {}
    for line_no, row in read_jsonl(Path(path)):
        try:
            kind = row["kind"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{line_no}: bad rule line ({exc})") from exc
        if kind.endswith("_cue"):
            cue_src.setdefault(kind, []).append(row["regex"])
        else:
            words.setdefault(kind, set()).add(row.get("word") or row.get("suffix"))
    stop = load_stop_words(stop_path)
    countries = "|".join(sorted(words.get("country", ()), key=len, reverse=True))
    en_places = alternation(stop.get("place", frozenset()) | stop.get("demonym", frozenset()))
    zh_places = alternation(w for w in words.get("place", ()) if w and not w.isascii())
    subs = {"{country}": countries, "{en_place}": en_places, "{zh_place}": zh_places}
    cues = {k: tuple(re.compile(_substitute(src, subs)) for src in v) for k, v in cue_src.items()}
    return CompanyRules({k: frozenset(v) for k, v in words.items()}, cues, stop)


def _substitute(src: str, subs: dict[str, str]) -> str:
    for key, value in subs.items():
        src = src.replace(key, value)
    return src


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, a longer word first (a prefix tree, see `nlp.regex_trees`)."""
    return tree_alternation(words)


def en_name_regex(rules: CompanyRules) -> re.Pattern:
    corp = alternation(rules.words["en_corp_word"])
    legal = alternation(rules.words["en_legal"])
    word = r"(?:[A-Z][A-Za-z0-9'’&\-]*|[0-9][A-Za-z0-9\-]*|&|of|and|de|la)"
    # A run of capitalised words, then corporate words and/or legal forms,
    # with an optional "(Yantai)" and commas between legal forms.
    paren = r"(?:\s?\([A-Z][A-Za-z ]{1,20}\))?"
    legal_run = rf"(?:,?\s(?:{legal})(?![A-Za-z]))"
    corp_run = rf"(?:\s(?:{corp})(?![A-Za-z]))"
    # "Pharma Services": a word that ends a name only after a corporate word.
    cont_words = rules.words.get("en_corp_continuation")
    cont = rf"(?:\s(?:{alternation(cont_words)})(?![A-Za-z]))?" if cont_words else ""
    return re.compile(
        rf"(?<![A-Za-z0-9])(?P<name>{word}(?:[ \-]{word}){{0,5}}?)"
        rf"(?P<tail>{corp_run}+{cont}{paren}{legal_run}*|{paren}{legal_run}+)"
    )


def zh_name_regex(rules: CompanyRules) -> re.Pattern:
    strong = alternation(rules.words["zh_suffix"])
    weak = alternation(rules.words.get("zh_weak_suffix", ()))
    both = f"{strong}|{weak}" if weak else strong
    legal = alternation(rules.words["zh_legal"])
    paren = r"(?:[（(][\u4e00-\u9fff]{2,4}[)）])?"
    # Every match starts with a bracket or an industry word's first character:
    # a one-class lookahead rejects all other places at once, where the engine
    # would otherwise try each branch there.
    words = set(rules.words["zh_suffix"]) | set(rules.words.get("zh_weak_suffix", ()))
    first = "" if "" in words else "(?=[" + re.escape("(（" + "".join(sorted({w[0] for w in words}))) + "])"
    # Weak industry words (疫苗, 健康, 股份) make a company only with a legal form;
    # the legal-form branch comes first so a full legal name stays one match.
    return re.compile(
        rf"{first}{paren}(?:(?:(?:{both}))+{paren}(?:{legal})|(?:(?:{both}))*(?:{strong}){paren}(?:{legal})?)"
    )


def zh_placed_firm_regex(rules: CompanyRules) -> re.Pattern | None:
    """A place, a two- or three-character name and a firm word without a
    legal form (上海兆维科技); `NameRules` judges the name."""
    places = [w for w in rules.words.get("place", ()) if w and not w.isascii()]
    firms = rules.words.get("zh_firm_word", ())
    if not places or not firms:
        return None
    legal = alternation(rules.words["zh_legal"])
    return re.compile(
        rf"(?:{alternation(places)})(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?:{alternation(firms)})(?!{legal}|[（(])"
    )
