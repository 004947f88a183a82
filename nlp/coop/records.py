"""Cooperation records of one text: cue hits + parties + terms -> `Cooperation`.

Per sentence unit (a sentence cut again at newlines, so headlines and list
lines stand alone): cue hits (`nlp.coop.cues`) get their parties
(`nlp.coop.parties`); the same type and parties merge into one record unless
the unit marks a separate agreement ("a second", 另一项) with new money.
Money and drugs of the next units without a deal of their own attach to the
last record (`nlp.coop.terms`). strategic_alliance is dropped where a more
specific kind named with a firm cue joins the same parties; a weak-cue
record beside an alliance that stands (same parties) is dropped.
Units come from `nlp.coop.units`; who an unnamed subject is (a pronoun,
"we" / 我们 / 本公司 for the article's own company) from `nlp.coop.subjects`;
a question or a speaker's talk borrows no partner.

Confidence = cue weight, x0.8 when parties were resolved from context, +0.05
for role-labelled parties, +0.05 when amounts are attached (capped at 0.99).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from nlp.coop.cues import SEMI, Hit, clause_bounds, match_cues, rules_per_unit
from nlp.coop.institutions import PartyMention
from nlp.coop.parties import (
    WEAK,
    parties_for,
    round_investors,
    round_subject,
    split_investors,
    uniq,
    unit_layout,
    with_investee,
)
from nlp.coop.rules import Rules, load_rules
from nlp.coop.subjects import (
    FIRST_PERSON,
    first_person,
    matches_kind,
    own_company,
    points_back,
    speaks,
    subject_anaphor,
)
from nlp.coop.terms import DEAL_MONEY, TERM_REACH, find_territory, money_rank, record_for
from nlp.coop.units import Unit, is_headline, split_units
from nlp.coop.venture import find_venture, venture_mentions
from nlp.model import COOPERATION_TYPES, Amount, Cooperation, Party

_LIST_ITEM = re.compile(r"(?:[-–—•·●▪*]|\d{1,2}[.、)）])\s*\S")  # "- X licenses ...", "1. ...", "· ..."

_OWNING = frozenset({"acquisition"})  # deals that take over a business (a venture often has a plant deal too)
_QUOTES = frozenset("\"“「'‘")
# "OrbiMed led the round, with participation from A and B": backers of the round just told.
_ROUND_BACKERS = re.compile(
    r"\b(?:led|co-led|anchored|joined) (?:the|this) (?:round|financing|raise|offering)\b"
    r"|\bwith (?:the )?participation (?:from|of|by)\b"
)
_MIN_TAIL = 4  # characters of a name tail that still names one institution (中山医院)


@dataclass(frozen=True)
class DrugMention:
    entity_id: str
    name: str
    start: int
    end: int


@dataclass
class _Rec:
    type: str
    ids: list[str]
    roles: dict[str, str]
    weight: float
    resolved: bool
    start: int
    end: int
    unit: int
    amounts: list[Amount] = field(default_factory=list)
    drugs: dict[str, str] = field(default_factory=dict)


def _told_before(text: str, hit: Hit, rules: Rules) -> bool:
    """The hit names a deal already told: its cue is inside a back-reference
    ("该授权协议", "此次收购", "the acquisition") or is what a back-reference
    is called ("本次合作是其首个授权交易", "The deal is X's third in-licensing")."""
    for r in rules.by_kind.get("backref", []):
        for m in r.regex.finditer(text, max(0, hit.start - 20), hit.end + 20):
            if m.start() < hit.end and hit.start < m.end():
                return True
    for r in rules.by_kind.get("backref_is", []):
        m = r.regex.search(text, 0, hit.start)
        if m and not SEMI.search(text, m.end(), hit.start):
            return True
    return False


def _short_forms(parties: list[PartyMention]) -> list[PartyMention]:
    """An institution named again by the tail of its name (复旦大学附属中山医院 and
    中山医院, "Shanghai Institute of Materia Medica" and "Institute of Materia
    Medica") is one party, named by the tail: the head of such a name is its end."""
    names = {p.entity_id: p.name for p in parties if p.institution}
    if len(names) < 2:
        return parties
    alias = {}
    for short_id, short in names.items():
        if len(short) < _MIN_TAIL:
            continue
        longer = [i for i, n in names.items() if i != short_id and len(n) > len(short) and n.endswith(short)]
        if len(longer) == 1 and longer[0] not in alias:
            # The tail names it: a longer span may have caught words before the name.
            alias[longer[0]] = short_id
    if not alias:
        return parties
    return [
        PartyMention(alias[p.entity_id], names[alias[p.entity_id]], p.start, p.end, True) if p.entity_id in alias else p
        for p in parties
    ]


def _round_hit(rules: Rules) -> Hit | None:
    """A hit standing for the round cue, for backers named in a unit of their own."""
    rule = next((r for r in rules.cues if r.type == "equity_investment" and r.own_parties), None)
    return Hit(rule, 0, 0) if rule else None


def _in_unit(items: list, starts: list[int], unit: Unit) -> list:
    """The items (sorted by start, `starts` their starts) that begin inside `unit`."""
    return items[bisect_left(starts, unit.start) : bisect_left(starts, unit.end)]


def find_cooperations(
    text: str,
    sentences: list[tuple[int, int]],
    parties: list[PartyMention],
    drugs: list[DrugMention] = (),
    amounts: list[Amount] = (),
    rules: Rules | None = None,
) -> list[Cooperation]:
    """The cooperation records of `text` (see the module docstring)."""
    rules = rules or load_rules()
    units = split_units(text, sentences)
    if not units:
        return []
    cue_rules = rules_per_unit(text, [u.start for u in units], rules)
    parties = _short_forms(sorted(parties, key=lambda p: p.start))
    venture = find_venture(text, parties, rules)
    parties = sorted([*parties, *venture_mentions(text, parties, rules, venture)], key=lambda p: p.start)
    p_starts = [p.start for p in parties]
    drugs = sorted(drugs, key=lambda d: d.start)
    d_starts = [d.start for d in drugs]
    money = sorted((a for a in amounts if a.role in DEAL_MONEY), key=lambda a: a.start)
    m_starts = [a.start for a in money]
    names = {p.entity_id: p.name for p in parties}
    own = own_company(text, units, parties)
    first: dict[str, int] = {}
    for p in parties:
        first.setdefault(p.entity_id, p.start)
    recs: list[_Rec] = []
    ctx: list[str] = []
    last: _Rec | None = None
    last_touch = -99
    investee: tuple[str | None, int] = (None, -99)
    prev_subject: tuple[str | None, int] = (None, -99)  # first party of the last unit naming one
    for ui, unit in enumerate(units):
        u_parties = [p for p in _in_unit(parties, p_starts, unit) if p.end <= unit.end]
        if ui == 0 and len({p.entity_id for p in u_parties}) >= 2:
            ctx = uniq(p.entity_id for p in u_parties)
        elif (
            u_parties
            and parties[0].start < unit.start
            and any(p.entity_id not in ctx for p in u_parties)
            and is_headline(text, unit)
        ):
            # A headline naming someone new opens another story (a digest's next
            # item): the deal before it lends no parties to the lines under it.
            named = uniq(p.entity_id for p in u_parties)
            ctx = named if len(named) >= 2 else []
            last = None
        made: list[tuple[_Rec, Hit]] = []
        if cue_rules[ui]:
            hits, _neg, sep = match_cues(unit.text, rules, cue_rules[ui])
            rel = [(p.start - unit.start, p) for p in u_parties]
            # A cue word inside a name ("Kestrel CDMO Holdings") names no deal.
            hits = [h for h in hits if not any(pos <= h.start and h.end <= pos + p.end - p.start for pos, p in rel)]
            lone = uniq(p.entity_id for p in u_parties)
            # Headlines and quotes never point back to the deal before them.
            # (a sentencizer may leave the opening quote on the sentence before)
            headline = (
                is_headline(text, unit) or unit.text[0] in _QUOTES or text[unit.start - 1 : unit.start] in _QUOTES
            )
            layout = unit_layout(unit.text, rel) if hits else None  # shared by the unit's hits
            for hit in hits:
                chosen, roles, resolved = parties_for(
                    hit,
                    unit.text,
                    rel,
                    [] if headline or hit.rule.own_parties else ctx,
                    rules,
                    ui - last_touch <= 1,
                    hits,
                    layout,
                )
                if not headline:
                    chosen, roles, resolved = subject_anaphor(
                        unit, hit, rel, prev_subject, first, rules, (chosen, roles, resolved)
                    )
                speaker = None
                if (len(chosen) < 2 or resolved) and hit.rule.weight >= WEAK:
                    speaker = first_person(unit, hit, rel, own)
                    if speaker is not None:
                        chosen, roles, resolved = speaker, {}, True
                if resolved and unit.text[-1] in "?？":
                    continue  # a question ("more licensing deals ahead?") tells no deal of its own
                if (
                    resolved
                    and speaker is None
                    and FIRST_PERSON.search(unit.text)
                    and not any(r.type == hit.rule.type and set(chosen) <= set(r.ids) for r in recs)
                ):
                    # A speaker names the partner of a new deal ("we signed with Y");
                    # "we will not license for an upfront" with borrowed parties is talk.
                    continue
                if (
                    resolved
                    and _told_before(unit.text, hit, rules)
                    and not any(r.type == hit.rule.type and set(chosen) <= set(r.ids) for r in recs)
                ):
                    continue  # a deal told before, named again: no new record with borrowed parties
                if (
                    resolved
                    and matches_kind("statement", unit.text, rules)
                    and any(len(set(chosen) & set(r.ids)) >= 2 for r in recs)
                    and not any(r.type == hit.rule.type and set(chosen) <= set(r.ids) for r in recs)
                ):
                    # "X表示,引进Y将丰富其产品线", "Jazz expects to record ...":
                    # a remark on the deal already told, with borrowed parties.
                    continue
                if hit.rule.type == "equity_investment":
                    if len(lone) == 1:
                        investee = (lone[0], ui)  # a round told with its company alone
                    elif not resolved or speaker is not None:
                        if hit.rule.own_parties and any(
                            p.institution and roles.get(p.entity_id) == "investee" for _, p in rel
                        ):
                            roles = {}  # a university raises no Series A: the spinout beside it does
                        inv = round_subject(unit.text, rel, rules) if "investee" not in roles.values() else None
                        if inv is None and own is not None and speaks(unit.text, hit):
                            inv = own  # "we closed a Series B led by A": the article's company
                        if inv is None:
                            # Only a unit telling a round ("the round was led by X") joins the
                            # round before; "A bought a stake in B" is a deal of its own.
                            recent = ui - investee[1] <= TERM_REACH
                            inv = investee[0] if recent and matches_kind("round_marker", unit.text, rules) else None
                        if inv is None and first and points_back(unit.text[: hit.end], rules):
                            inv = min(first, key=first.get)  # "公司完成C轮融资，由X领投": the article's company
                        if inv is not None and roles.get(inv) != "investee" and "investee" not in roles.values():
                            roles = {}  # the round's company is known: the rest are its backers
                            chosen = [c for c in chosen if c != inv]
                        chosen, roles = with_investee(chosen, roles, inv)
                        chosen, roles = round_investors(hit, unit.text, rel, chosen, roles, hits, rules)
                if len(chosen) < 2:
                    continue
                if hit.rule.kind == "fallback" and (
                    resolved or any(set(chosen) & set(r.ids) and ui - r.unit <= TERM_REACH for r in recs)
                ):
                    continue  # the terms of a deal just told, not a deal of their own
                for ids, rl in split_investors(hit.rule.type, chosen, roles):
                    rec = _merge_or_add(recs, hit, ids, rl, resolved, unit, ui, bool(sep), amounts)
                    made.append((rec, hit))
                    inv_ids = [k for k, v in rl.items() if v == "investee"]
                    if len(inv_ids) == 1:
                        investee = (inv_ids[0], ui)  # the round just told, for the backers named next
                # "The company" / 公司 is the party the text met first.
                ctx = sorted(chosen, key=lambda pid: first.get(pid, len(text)))
        if (
            not made
            and ui - investee[1] <= 1
            and u_parties
            and (matches_kind("round_more", unit.text, rules) or _ROUND_BACKERS.search(unit.text))
        ):
            # "Other investors in the round include A and B", "Existing investor
            # C also participated": more backers of the round just told.
            # Not a deal of the unit's own: the last deal and its context stay.
            hit = _round_hit(rules)
            backers = [p for p in u_parties if p.entity_id != investee[0] and not p.institution]
            for p in backers if hit is not None else ():
                ids, rl = [p.entity_id, investee[0]], {p.entity_id: "investor", investee[0]: "investee"}
                _merge_or_add(recs, hit, ids, rl, True, unit, ui, False, amounts)
            if backers:
                investee = (investee[0], ui)
        if u_parties:
            prev_subject = (u_parties[0].entity_id, ui)
        if made:
            last = min((r for r, _ in made), key=money_rank)
            last_touch = ui
        elif last is not None and ui - last_touch > TERM_REACH:
            last = None
        u_money = _in_unit(money, m_starts, unit)
        u_drugs = _in_unit(drugs, d_starts, unit)
        if not (u_money or u_drugs) or (last is None and not made):
            continue
        if not made and _LIST_ITEM.match(unit.text) and any(p.entity_id not in last.ids for p in u_parties):
            # A list item naming other companies is a deal of its own (a related
            # headline), not a term bullet ("- $650 million upfront") of the last.
            continue
        # Money and drugs: to the record of their own clause, else the unit's main record.
        bounds = clause_bounds(unit.text, SEMI)
        for a in u_money:
            target = record_for(made, bounds, a.start - unit.start) or last
            if target is not None:
                target.amounts.append(a)
                target.end = max(target.end, unit.end)
                last_touch = ui
        for d in u_drugs:
            target = record_for(made, bounds, d.start - unit.start) or (last if not made else None)
            if target is not None:
                target.drugs.setdefault(d.entity_id, d.name)
    return _finish(text, recs, names, rules, venture.entity_id if venture else None)


def _merge_or_add(
    recs: list[_Rec],
    hit: Hit,
    ids: list[str],
    roles: dict[str, str],
    resolved: bool,
    unit: Unit,
    ui: int,
    separate: bool,
    amounts,
) -> _Rec:
    new = set(ids)
    unit_money = {(a.value, a.currency) for a in amounts if unit.start <= a.start < unit.end}
    for rec in recs:
        if rec.type != hit.rule.type or not (new <= set(rec.ids) or set(rec.ids) <= new):
            continue
        old_money = {(a.value, a.currency) for a in rec.amounts}
        if separate and rec.unit != ui and unit_money and not (unit_money & old_money):
            continue
        rec.weight = max(rec.weight, hit.rule.weight)
        rec.resolved = rec.resolved and resolved
        for k, v in roles.items():
            rec.roles.setdefault(k, v)
        return rec
    rec = _Rec(hit.rule.type, list(ids), dict(roles), hit.rule.weight, resolved, unit.start, unit.end, ui)
    recs.append(rec)
    return rec


def _finish(text: str, recs: list[_Rec], names: dict[str, str], rules: Rules, venture: str | None) -> list[Cooperation]:
    # "licenses to US NewCo Kailera": a venture with one founder is the
    # counterparty of the deal, not a jointly owned company.
    recs = [r for r in recs if r.type != "joint_venture" or len(set(r.ids) - {venture}) >= 2]
    # "Celltrion持有NewCo 60%股权": a founder's stake in the venture just set up
    # is the venture's make-up, not an investment of its own.
    founders = {i for r in recs if r.type == "joint_venture" for i in (*r.ids, venture)}
    recs = [r for r in recs if r.type != "equity_investment" or venture not in r.ids or not set(r.ids) <= founders]
    # Only a kind named with a firm cue is "more specific" than an alliance;
    # a weak one (生产基地, 推广) beside an alliance of the same parties is
    # the alliance's subject, not a deal of its own.
    specific = [r for r in recs if r.type != "strategic_alliance" and r.weight >= WEAK]
    alliances = [
        r
        for r in recs
        if r.type == "strategic_alliance" and not any(len(set(r.ids) & set(o.ids)) >= 2 for o in specific)
    ]
    recs = [
        r
        for r in recs
        if r.type == "strategic_alliance"
        or r.weight >= WEAK
        or not any(len(set(r.ids) & set(a.ids)) >= 2 for a in alliances)
    ]
    # A weak cue in the very unit of a firm-cue acquisition among the same
    # parties is what is bought (the plant sold), not a deal of its own. Beside other kinds a weak cue often
    # is one (a supply line next to a co-development), so it stays there.
    recs = [
        r
        for r in recs
        if r.weight >= WEAK
        or not any(
            o.unit == r.unit and o.type in _OWNING and o.weight >= WEAK and set(r.ids) <= set(o.ids) for o in recs
        )
    ]
    out = []
    territories: dict[str, str | None] = {}  # records of one sentence share their evidence
    for r in recs:
        if r.type not in COOPERATION_TYPES:
            continue
        if r.type == "strategic_alliance" and any(len(set(r.ids) & set(o.ids)) >= 2 for o in specific):
            continue
        conf = r.weight * (0.8 if r.resolved else 1.0) + (0.05 if r.roles else 0) + (0.05 if r.amounts else 0)
        evidence = text[r.start : r.end]
        if evidence not in territories:
            territories[evidence] = find_territory(evidence, rules)
        out.append(
            Cooperation(
                type=r.type,
                parties=tuple(Party(pid, names.get(pid, pid), r.roles.get(pid)) for pid in r.ids),
                drugs=tuple(r.drugs.values()),
                drug_ids=tuple(r.drugs),
                amounts=tuple(r.amounts),
                territory=territories[evidence],
                evidence=evidence,
                evidence_start=r.start,
                evidence_end=r.end,
                confidence=round(min(conf, 0.99), 3),
            )
        )
    return out
