"""Which parties a cue hit joins, and their roles.

The companies and institutions of the hit's comma clause, else of a window
around it in its semicolon clause. Role patterns ("X acquires Y",
"X将...许可给Y") pick and label the parties when they match. With one party
or none, the parties come from the last deal when the text points back
("the two companies", 双方, "it bought Y", "与Y达成"); weak cues never do.
"""

from __future__ import annotations

import re

from nlp.coop.cues import COMMA, SEMI, Hit, clause_bounds, clause_of
from nlp.coop.institutions import PartyMention
from nlp.coop.rules import Rules, langs_of

WEAK = 0.7  # cues below this weight need both parties in their own sentence
_WINDOW = 150  # characters around a hit searched for parties
_MAX_PARTIES = 4
_PARTNER = re.compile(r"(?:\bwith|\band)\s+(?:the\s+)?$|[与和同]$")  # "... with X": X is a partner
_VERB_NEXT = re.compile(r" [a-z]+s ")  # "X buys ...": a clause with its own subject and verb
# "Zorvia's £36 million Series A, led by A": the round belongs to the possessor.
_POSSESSIVE_ROUND = re.compile(
    r"['’]s?\s+(?:[^\s,.;]+\s+){0,4}?(?:[Ss]eries [A-F]\d?|[Ss]eed|(?:financing|funding|venture) round)\b"
)
# "the Shanghai Institute of Materia Medica (SIMM) of the Chinese Academy of
# Sciences", "the Broad Institute of MIT": the second institution is the
# first one's parent, not a party of its own.
_PARENT_OF = re.compile(r"\s*(?:\([^()]{1,15}\)\s*)?(?:of|at|under)\s+(?:the\s+)?")


# "once it is approved by the Ministry of Food and Drug Safety", "经国家药监局批准":
# a regulator deciding on the product is no partner of the deal.
_REGULATOR_BEFORE = re.compile(
    r"\b(?:approv\w*|clear\w*|authori[sz]\w*|accept\w*|review\w*) (?:by|from) (?:the )?$|(?:经|获|获得|取得)$"
)
_REGULATOR_AFTER = re.compile(r"\s*(?:的)?(?:批准|审批|核准|批件)")


def _regulator(text: str, pos: int, p: PartyMention) -> bool:
    before = _REGULATOR_BEFORE.search(text, max(0, pos - 30), pos)
    if before is None:
        return False
    return not before.group(0).endswith(("经", "获", "获得", "取得")) or bool(
        _REGULATOR_AFTER.match(text, pos + p.end - p.start)
    )


def without_parents(text: str, rel: list[tuple[int, PartyMention]]) -> list[tuple[int, PartyMention]]:
    """`rel` without the institutions named as the parent of the institution
    before them or as the regulator approving the product."""
    out, prev = [], None
    for pos, p in rel:
        if p.institution and _regulator(text, pos, p):
            continue
        if (
            prev is not None
            and p.institution
            and prev[1].institution
            and prev[1].entity_id != p.entity_id
            and _PARENT_OF.fullmatch(text, prev[0] + prev[1].end - prev[1].start, pos)
        ):
            continue
        out.append((pos, p))
        prev = (pos, p)
    return out


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the given spans overwritten by "x" (same length)."""
    chars = list(text)
    for s, e in spans:
        chars[s:e] = "x" * (e - s)
    return "".join(chars[: len(text)])


def uniq(ids) -> list[str]:
    return list(dict.fromkeys(ids))


def unit_layout(text: str, rel: list[tuple[int, PartyMention]]) -> tuple:
    """The unit with its party names masked, its semicolon and comma
    clauses, and a store for the roles read in its clauses: the same for
    every hit of the unit."""
    # Commas inside a name ("BeiGene, Ltd.") do not end a clause.
    flat = mask(text, [(pos, pos + p.end - p.start) for pos, p in rel])
    return flat, clause_bounds(flat, SEMI), clause_bounds(flat, COMMA), {}


def parties_for(
    hit: Hit,
    text: str,
    rel: list[tuple[int, PartyMention]],
    ctx: list[str],
    rules: Rules,
    near_last: bool,
    others: list[Hit] = (),
    layout: tuple | None = None,
) -> tuple[list[str], dict[str, str], bool]:
    """Party ids for one hit in a unit `text` whose parties are `rel`
    (offset in the unit, mention), their roles, and whether they came from
    the context `ctx` (the last deal's parties). `near_last`: the last deal
    was in this unit or the one before. `others`: the unit's other hits.
    `layout`: `unit_layout(text, rel)`, when the caller keeps it for all the
    hits of a unit."""
    flat, semis, commas, role_store = layout or unit_layout(text, rel)
    if any(p.institution for _, p in rel):
        rel = without_parents(text, rel)
    ss, se = semis[clause_of(semis, hit.start)]
    own = clause_of(commas, hit.start)
    cs, ce = commas[own]
    in_comma = uniq(p.entity_id for pos, p in rel if cs <= pos < ce)
    chosen = in_comma
    if len(chosen) == 1 and not any(cs <= pos < hit.start for pos, _ in rel):
        # "X signed a supply deal with Y, and an MoU with Z": a clause with
        # only its object, beside a deal of another kind, is the subject's.
        firsts = [(pos, p.entity_id) for pos, p in rel if ss <= pos < se]
        obj = min(pos for pos, p in rel if cs <= pos < ce)
        others_busy = any(o.rule.type != hit.rule.type and clause_of(commas, o.start) != own for o in others)
        if (
            others_busy
            and firsts[0][1] != chosen[0]
            and clause_of(commas, firsts[0][0]) != own
            and _PARTNER.search(text[max(0, obj - 12) : obj])
        ):
            chosen = [firsts[0][1], chosen[0]]
    if len(chosen) < 2:
        # A clause with a deal of another kind keeps its parties: in "X buys Y,
        # V licenses U" the licence does not reach back to X or Y. Only when
        # the hit's clause names its own subject before it ("..., to supply
        # doses of Oxford's vaccine" still reaches back), and not for one deal
        # told over several clauses (领投, 跟投).
        busy: set[int] = set()
        if any(cs <= pos < hit.start for pos, _ in rel):
            busy = {clause_of(commas, o.start) for o in others if o.rule.type != hit.rule.type} - {own}
            # A clause naming a pair of its own, or opening on a subject of its
            # own, is another deal of a list ("..., AstraZeneca adds Amolyt,
            # Ipsen licenses Sutro ADC").
            per_clause: dict[int, set[str]] = {}
            for pos, p in rel:
                c = clause_of(commas, pos)
                per_clause.setdefault(c, set()).add(p.entity_id)
                if c != own and not flat[commas[c][0] : pos].strip() and _VERB_NEXT.match(text, pos + p.end - p.start):
                    busy.add(c)
            # Not for a round: its backers stand in a clause of their own ("Series
            # A in January, led by A with participation from B").
            if not hit.rule.own_parties:
                busy |= {c for c, ids in per_clause.items() if len(ids) >= 2 and c != own}
        window = [
            (abs(pos - hit.start), p.entity_id)
            for pos, p in rel
            if ss <= pos < se and hit.start - _WINDOW <= pos <= hit.end + _WINDOW and clause_of(commas, pos) not in busy
        ]
        near = uniq(pid for _, pid in sorted(window))[:_MAX_PARTIES]
        if len(near) >= 2:
            keep = set(uniq(list(in_comma) + near)[:_MAX_PARTIES])
            chosen = uniq(p.entity_id for pos, p in rel if p.entity_id in keep)  # in text order
        elif near and not chosen:
            chosen = near
    # A clause holding a pair of its own is read for roles alone: in "X buys
    # Y, V buys U" the second purchase is V's, not X's again.
    roles = {}
    if len(in_comma) >= 2:
        roles = _clause_roles(hit.rule.type, text, cs, ce, rel, rules, role_store)
    if len(roles) < 2:
        roles = _clause_roles(hit.rule.type, text, ss, se, rel, rules, role_store)
    other = roles.pop("", None)
    if len(roles) >= 2:
        return list(roles), roles, False
    if len(chosen) >= 2:
        if roles and other:
            if other == "investor":  # every backer of a round, however many
                chosen = uniq(p.entity_id for pos, p in rel if ss <= pos < se)
            chosen = list(roles) + [c for c in chosen if c not in roles]
            roles = {**{c: other for c in chosen}, **roles}
        return chosen, roles, False
    if hit.rule.weight < WEAK or len(ctx) < 2:
        return [], {}, False
    sem_text = text[ss:se]
    if len(chosen) == 1:
        lone = chosen[0]
        if lone in ctx:
            return list(ctx), {}, True
        pos = min(pos for pos, p in rel if p.entity_id == lone)
        before = text[max(0, pos - 40) : pos]
        pointed = any(r.regex.search(before) for r in rules.by_kind.get("object_marker", []))
        # "It bought Y" points back; in "Y ..., the company signed" the pronoun is Y itself.
        pointed = pointed or any(r.regex.search(text, ss, min(pos, se)) for r in rules.by_kind.get("anaphora_one", []))
        if pointed:
            return [ctx[0], lone], {}, True
        return [], {}, False
    pointed = any(r.regex.search(sem_text) for r in rules.by_kind.get("anaphora_pair", []))
    if pointed or (near_last and hit.rule.weight >= 0.85):
        return list(ctx), {}, True
    return [], {}, False


def _clause_roles(ctype, text: str, start: int, end: int, rel, rules: Rules, store: dict) -> dict[str, str]:
    """`find_roles` of the clause text[start:end], kept in `store` for the
    unit's other hits of the same kind (a copy: the caller edits it)."""
    key = (ctype, start, end)
    if key not in store:
        store[key] = find_roles(
            ctype, text[start:end], [(pos - start, p) for pos, p in rel if start <= pos < end], rules
        )
    return dict(store[key])


def find_roles(ctype: str | None, clause: str, parties: list[tuple[int, PartyMention]], rules: Rules) -> dict[str, str]:
    """Party id -> role from the first role pattern of `ctype` matching the clause,
    with every party replaced by a ⟨n⟩ placeholder. A one-sided pattern gives
    its party's role plus "" -> the role of every other party."""
    if not parties or ctype is None:
        return {}
    masked, index, last = [], [], 0
    for pos, p in sorted(parties, key=lambda x: x[0]):
        if pos < last:
            continue
        masked.append(clause[last:pos])
        masked.append(f"⟨{len(index)}⟩")
        index.append(p.entity_id)
        last = pos + (p.end - p.start)
    masked.append(clause[last:])
    mtext = "".join(masked)
    langs = langs_of(clause)
    for rule in rules.roles:
        if rule.type != ctype or rule.lang not in langs:
            continue
        m = rule.regex.search(mtext)
        if not m:
            continue
        out: dict[str, str] = {}
        for group, role in rule.roles:
            pid = index[int(m.group(group)[1:-1])]
            out.setdefault(pid, role)
        if rule.other and len(out) == 1:
            return {**out, "": rule.other}
        if len(out) >= 2:
            return out
    return {}


def split_investors(ctype: str | None, chosen: list[str], roles: dict[str, str]):
    """Several investors in one investee are one record per investor."""
    investees = [c for c in chosen if roles.get(c) == "investee"]
    investors = [c for c in chosen if roles.get(c) == "investor"]
    if ctype == "equity_investment" and len(investees) == 1 and len(investors) >= 2:
        return [([inv, investees[0]], {inv: "investor", investees[0]: "investee"}) for inv in investors]
    return [(chosen, roles)]


def with_investee(chosen: list[str], roles: dict[str, str], investee: str | None) -> tuple[list[str], dict[str, str]]:
    """Investors named without their investee ("本轮融资由X领投", "the round was
    led by X") join the company whose round the text just told."""
    if not investee or investee in chosen or "investee" in roles.values():
        return chosen, roles
    return [investee, *chosen], {investee: "investee", **{c: "investor" for c in chosen}}


def _matches(kind: str, text: str, rules: Rules, start: int = 0, end: int | None = None) -> bool:
    end = len(text) if end is None else end
    return any(r.regex.search(text, start, end) for r in rules.by_kind.get(kind, []))


def round_subject(text: str, rel: list[tuple[int, PartyMention]], rules: Rules) -> str | None:
    """The company whose financing round a unit tells when it opens the
    clause as the subject ("X, which makes Y, closed a Series C led by A",
    "X此前已完成由A领投的B轮融资"): the first company of its semicolon
    clause, not itself an object ("led by X"), followed by a raising verb
    and by no investing verb before the next party ("Qiming led the Series
    B of X", "A will anchor a Series A in X")."""
    if not rel or not _matches("round_marker", text, rules):
        return None
    ordered = sorted(rel, key=lambda x: x[0])
    pos, p = ordered[0]
    if p.institution or _matches("object_marker", text[max(0, pos - 20) : pos], rules):
        return None
    semis = clause_bounds(text, SEMI)
    ss, se = semis[clause_of(semis, pos)]
    # An institution between ("spun out of the University of Zurich and raised
    # ... from A") is where the company came from, not who put money in.
    nxt = [q for q, other in ordered if q > pos and other.entity_id != p.entity_id and q < se and not other.institution]
    tail = pos + p.end - p.start
    if not nxt or _matches("round_lead", text, rules, tail, nxt[0]):
        return None
    if not _matches("round_verb", text, rules, tail, nxt[0]) and not _POSSESSIVE_ROUND.match(text, tail, nxt[0]):
        return None
    return p.entity_id


def round_investors(
    hit: Hit,
    text: str,
    rel: list[tuple[int, PartyMention]],
    chosen: list[str],
    roles: dict[str, str],
    others: list[Hit],
    rules: Rules,
) -> tuple[list[str], dict[str, str]]:
    """Every named backer of a financing round is an investor of its one
    investee ("co-led by A and B, with participation from C and D, as well as
    existing investors E"; "由A领投,B、C跟投,老股东D继续加码"), not only the
    parties nearest the cue. Only in a unit that tells a round, and not the
    parties of a clause holding another kind of deal or an advisor."""
    investees = [c for c in chosen if roles.get(c) == "investee"]
    if len(investees) != 1 or not _matches("round_marker", text, rules):
        return chosen, roles
    semis = clause_bounds(text, SEMI)
    ss, se = semis[clause_of(semis, hit.start)]
    commas = clause_bounds(text, COMMA)
    busy = {clause_of(commas, o.start) for o in others if o.rule.type != hit.rule.type}
    backers, others_ids = [], set()
    for pos, p in rel:
        if not ss <= pos < se:
            continue
        c = clause_of(commas, pos)
        if p.institution or c in busy or _matches("round_advisor", text, rules, *commas[c]):
            others_ids.add(p.entity_id)
        else:
            backers.append(p.entity_id)
    # A party named only as an advisor or in another deal's clause backs nothing.
    drop = others_ids - set(backers) - set(investees)
    kept = [c for c in chosen if c not in drop or roles.get(c) != "investor"]
    extra = [b for b in uniq(backers) if b not in kept]
    if len(kept) < 2 and not extra:
        return chosen, roles
    return kept + extra, {**{k: v for k, v in roles.items() if k in kept}, **{e: "investor" for e in extra}}
