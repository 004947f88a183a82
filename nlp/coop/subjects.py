"""Who a unit's subject is when the text does not name it: a pronoun for one
company ("the company", 公司), a pronoun opening a unit, or the first person
("we", 我们, 本公司) standing for the article's own company."""

from __future__ import annotations

import re

from nlp.coop.cues import COMMA, SEMI, Hit, clause_bounds, clause_of
from nlp.coop.institutions import PartyMention
from nlp.coop.parties import uniq
from nlp.coop.rules import Rules
from nlp.coop.units import Unit, is_headline

# The speaker's own company in interviews, calls, announcements and quotes
# ("we in-licensed", "our partner", 我们与, 本公司); "US" (the country) is no "us".
FIRST_PERSON = re.compile(r"\b(?:[Ww]e|WE|[Oo]ur|us)\b|我们|我司|本公司|我公司|我方")
_WE_INVEST = re.compile(
    r"\b[Ww]e\b[^.;,]{0,30}?\b(?:lead|led|co-lead|co-led|invest\w*|back\w*|participat\w*|join\w*|anchor\w*)\b"
    r"|我们[^。；;,，]{0,10}(?:领投|跟投|投资|参与|加码)"
)
_TITLE_MAX = 160  # a longer line without a stop is a paragraph the page lost its stops in
_LEDE_MAX = 5  # the lede of a page with chrome, title and byline lines before it


def points_back(text: str, rules: Rules) -> bool:
    """`text` holds a pronoun for one company ("the company", 公司)."""
    return matches_kind("anaphora_one", text, rules)


def subject_anaphor(unit: Unit, hit: Hit, rel, prev_subject, first: dict[str, int], rules: Rules, found):
    """ "The company also has a collaboration with Y", "Its partner list
    includes ... Y", "公司还与Y...": a unit opening on a pronoun for its
    subject, with no party before the cue, joins the subject of the unit
    before it (else the article's first company) and the parties of the
    cue's own clause, not the last deal's parties or an appositive
    ("Y, Chinese Academy of Sciences")."""
    if not any(r.regex.search(unit.text) for r in rules.by_kind.get("subject_anaphor", [])):
        return found
    # A party before the cue is an object ("公司还与Y合作"), never a subject of its own.
    marks = rules.by_kind.get("object_marker", [])
    for pos, _ in rel:
        if pos < hit.start and not any(r.regex.search(unit.text[max(0, pos - 20) : pos]) for r in marks):
            return found
    who = prev_subject[0] if prev_subject[0] else (min(first, key=first.get) if first else None)
    if who is None:
        return found
    commas = clause_bounds(unit.text, COMMA)
    cs, ce = commas[clause_of(commas, hit.start)]
    objects = uniq(p.entity_id for pos, p in rel if cs <= pos < ce and p.entity_id != who)
    if not objects:
        return found
    return [who, *objects], {}, True


def own_company(text: str, units: list[Unit], parties: list[PartyMention]) -> str | None:
    """The company the article is about, when its headline names it: the
    first company of the first unit naming any, if that unit is a headline
    (an earnings call's, an interview's or an announcement's title)."""
    for ui, unit in enumerate(units):
        named = [p for p in parties if unit.start <= p.start < unit.end and not p.institution]
        if named:
            # A title naming no one: the lede's first company (编者按: 成立仅四年的X...).
            title = is_headline(text, unit) and len(unit.text) <= _TITLE_MAX
            return named[0].entity_id if title or ui <= _LEDE_MAX else None
        if any(unit.start <= p.start < unit.end for p in parties):
            return None
    return None


def first_person(unit: Unit, hit: Hit, rel, own: str | None) -> list[str] | None:
    """ "In May we in-licensed X from Y", "我们和Y签了供应协议": a clause in
    the first person naming one other party is a deal of the article's own
    company with it, not of the last deal's parties."""
    if own is None:
        return None
    semis = clause_bounds(unit.text, SEMI)
    ss, se = semis[clause_of(semis, hit.start)]
    if not FIRST_PERSON.search(unit.text, ss, se):
        return None
    ids = uniq(p.entity_id for pos, p in rel if ss <= pos < se)
    if len(ids) != 1 or ids[0] == own:
        return None
    return [own, ids[0]]


def speaks(text: str, hit: Hit) -> bool:
    """The first person raised the round: it stands before the hit or in its
    comma clause ("去年的B轮我们融了4.5亿元"), and is not the one putting money
    in ("We are pleased to lead this Series B", 我们领投)."""
    commas = clause_bounds(text, COMMA)
    _, ce = commas[clause_of(commas, hit.start)]
    return FIRST_PERSON.search(text, 0, ce) is not None and not _WE_INVEST.search(text)


def matches_kind(kind: str, text: str, rules: Rules) -> bool:
    return any(r.regex.search(text) for r in rules.by_kind.get(kind, []))
