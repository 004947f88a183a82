"""The cooperation data files, compiled once: cue, territory and party-role rules.

The data lives in `nlp/data/cooperation_cues.jsonl`, `territories.jsonl` and
`party_roles.jsonl`; each entry has an id, a language and either `words` or
a `pattern`. English cue patterns are compiled lower-case and matched against
the lower-cased text (cheaper than IGNORECASE); names and places keep case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nlp.data_files import read_jsonl
from nlp.regex_anchors import anchors_of, required_sets

DATA = Path(__file__).resolve().parent.parent / "data"
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    lang: str
    regex: re.Pattern
    type: str | None = None
    weight: float = 0.8
    priority: int = 0
    roles: tuple[tuple[str, str], ...] = ()
    other: str | None = None
    name: str | None = None
    anchors: tuple[str, ...] | None = None  # None: no literal prefilter, always run
    own_parties: bool = False  # a cue whose parties are never taken from the last deal (financing rounds)
    requires: tuple[tuple[str, ...], ...] = ()  # a sentence must hold a word of each (`required_sets`)


@dataclass
class Rules:
    cues: list[Rule]
    territories: list[Rule]
    roles: list[Rule]
    by_kind: dict[str, list[Rule]]
    stop_chars: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()


def langs_of(text: str) -> set[str]:
    """The scripts present in `text`: "zh" for CJK, "en" for Latin letters."""
    out = set()
    if _CJK.search(text):
        out.add("zh")
    if _LATIN.search(text):
        out.add("en")
    return out


def _source(entry: dict, lang: str) -> str:
    if "pattern" in entry:
        return entry["pattern"]
    words = sorted(entry.get("words", []), key=len, reverse=True)
    if lang == "en":
        # Each word must stand alone: no letter, digit or hyphen on either
        # side. The left-hand test comes after the word, as a lookbehind over
        # the word and one character before it: the same condition, but every
        # branch now opens on a literal, so the regex engine can skip the
        # positions no word starts at instead of trying every branch there.
        return "|".join(_escaped_word(re.escape(w)) for w in words)
    return "|".join(re.escape(w) for w in words)


def _escaped_word(w: str) -> str:
    return w + r"(?<![\w-]" + w + r")(?![\w-])"


def _compile(entry: dict, lang: str, placeholders: bool = False) -> re.Pattern:
    pat = _source(entry, lang)
    if placeholders:
        pat = pat.replace("{A}", r"(?P<A>⟨\d+⟩)").replace("{B}", r"(?P<B>⟨\d+⟩)")
    # Names and places keep their case ("US" is not "us"); cue words do not.
    flags = re.IGNORECASE if lang == "en" and entry.get("kind") not in ("institution", None) else 0
    return re.compile(pat, flags)


def _read(name: str) -> list[dict]:
    return [row for _, row in read_jsonl(DATA / name)]


def _cue(e: dict) -> Rule:
    if e["lang"] == "en":  # matched against the lower-cased sentence
        low = {"pattern": e["pattern"].lower()} if "pattern" in e else {"words": [w.lower() for w in e["words"]]}
        regex = _compile({**low, "kind": None}, "en")
        anchors = tuple(w.lower() for w in e["words"]) if "words" in e else anchors_of(low["pattern"])
        requires = required_sets(low["pattern"]) if "pattern" in low else ()
    else:
        regex = _compile(e, e["lang"])
        anchors = tuple(e["words"]) if "words" in e else anchors_of(e["pattern"])
        requires = required_sets(e["pattern"]) if "pattern" in e else ()
    return Rule(
        e["id"],
        e["kind"],
        e["lang"],
        regex,
        e.get("type"),
        float(e.get("weight", 0.8)),
        int(e.get("priority", 0)),
        anchors=anchors,
        own_parties=bool(e.get("own_parties")),
        # The anchor set itself is known present (`rules_per_unit`); the others are tested.
        requires=tuple(r for r in requires if anchors is None or set(r) != set(anchors)),
    )


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The cue, territory and role data, compiled once."""
    cues = [_cue(e) for e in _read("cooperation_cues.jsonl")]
    territories = [
        Rule(e["id"], "territory", e["lang"], _compile(e, e["lang"]), e["code"], priority=int(e.get("priority", 0)))
        for e in _read("territories.jsonl")
    ]
    roles, by_kind, stops, prefixes = [], {}, set(), []
    for e in _read("party_roles.jsonl"):
        kind = e["kind"]
        if kind == "institution_stop":
            stops.update(e["words"])
            continue
        if kind == "institution_prefix":
            prefixes.extend(e["words"])
            continue
        rule = Rule(
            e["id"],
            kind,
            e["lang"],
            _compile(e, e["lang"], placeholders=kind == "role"),
            e.get("type"),
            roles=tuple(e.get("roles", {}).items()),
            other=e.get("other"),
            name=e.get("name"),
        )
        (roles if kind == "role" else by_kind.setdefault(kind, [])).append(rule)
    return Rules(cues, territories, roles, by_kind, frozenset(stops), tuple(prefixes))
