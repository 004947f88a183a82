"""Cooperation records from sentences, party mentions, drugs and amounts.

Pure logic, no spaCy: the `pharmanews_cooperations` component turns a Doc
into the plain inputs below and calls `find_cooperations`. The cue words,
territories and party-role patterns are data (`nlp/data/*.jsonl`).

How a record is made, per sentence unit (a sentence, cut again at newlines so
headlines and list lines stand alone):
1. Cue patterns give typed hits; a longer or higher-priority hit consumes the
   text under it ("rights to develop, manufacture and commercialize" is one
   licensing hit, not three). Blocks consume without a type (临床试验许可,
   "options to"); negatives (terminations, disputes, trend talk) cancel the
   hits of their clause.
2. Parties: the companies and institutions of the hit's comma clause, else
   of a window around it in its semicolon clause. Role patterns ("X acquires
   Y", "X将...许可给Y") pick and label the parties when they match.
3. One party or none: resolved from the last deal's parties when the text
   points back ("the two companies", 双方, "it bought Y", "与Y达成"). Weak
   cues (bare 生产, "to commercialize") never resolve; they need both parties
   in the sentence.
4. The same type and parties merge into one record unless the sentence marks
   a separate agreement ("a second", "separate", 另一项) with new money.
   Amounts and drugs of the next sentences without a deal of their own attach
   to the last record. strategic_alliance is dropped where a more specific
   kind joins the same parties.

Confidence = cue weight, x0.8 when parties were resolved from context, +0.05
for role-labelled parties, +0.05 when amounts are attached (capped at 0.99).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from nlp.model import COOPERATION_TYPES, Amount, Cooperation, Party

DATA = Path(__file__).parent / "data"
WEAK = 0.7  # cues below this weight need both parties in their own sentence
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_SEMI = re.compile(r"[;；]")
_COMMA = re.compile(r"[,，:：;；]")
# Which record of a sentence takes its money when the sentence has several.
_MONEY_ORDER = (
    "acquisition",
    "licensing",
    "equity_investment",
    "joint_venture",
    "technology_transfer",
    "manufacturing",
    "commercialization",
    "research_collaboration",
    "co_development",
    "strategic_alliance",
)
_MONEY_ROLES = {"upfront", "milestone", "total", "royalty", "equity", "investment", "other"}
_TERM_REACH = 3  # sentences after a deal whose terms still attach to it


@dataclass(frozen=True)
class PartyMention:
    """A company or institution in the text (offsets in the analysed text)."""

    entity_id: str
    name: str
    start: int
    end: int
    institution: bool = False


@dataclass(frozen=True)
class DrugMention:
    entity_id: str
    name: str
    start: int
    end: int


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


@dataclass
class Rules:
    cues: list[Rule]
    territories: list[Rule]
    roles: list[Rule]
    by_kind: dict[str, list[Rule]]
    stop_chars: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()


def _compile(entry: dict, lang: str, placeholders: bool = False) -> re.Pattern:
    if "pattern" in entry:
        pat = entry["pattern"]
    else:
        words = sorted(entry.get("words", []), key=len, reverse=True)
        if lang == "en":
            pat = "|".join(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])" for w in words)
        else:
            pat = "|".join(re.escape(w) for w in words)
    if placeholders:
        pat = pat.replace("{A}", r"(?P<A>⟨\d+⟩)").replace("{B}", r"(?P<B>⟨\d+⟩)")
    # Names and places keep their case ("US" is not "us"); cue words do not.
    flags = re.IGNORECASE if lang == "en" and entry.get("kind") not in ("institution", None) else 0
    return re.compile(pat, flags)


def _read(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The cue, territory and role data, compiled once."""
    cues = []
    for e in _read("cooperation_cues.jsonl"):
        if e["lang"] == "en":  # matched against the lower-cased sentence: cheaper than IGNORECASE
            low = {"pattern": e["pattern"].lower()} if "pattern" in e else {"words": [w.lower() for w in e["words"]]}
            regex = _compile({**low, "kind": None}, "en")
        else:
            regex = _compile(e, e["lang"])
        cues.append(
            Rule(
                e["id"],
                e["kind"],
                e["lang"],
                regex,
                e.get("type"),
                float(e.get("weight", 0.8)),
                int(e.get("priority", 0)),
            )
        )
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


def _langs(text: str) -> set[str]:
    out = set()
    if _CJK.search(text):
        out.add("zh")
    if _LATIN.search(text):
        out.add("en")
    return out


# ----------------------------------------------------------------- institutions
def find_institutions(text: str, taken: list[tuple[int, int]], rules: Rules | None = None) -> list[PartyMention]:
    """Universities, institutes, public bodies and governments named in `text`,
    outside the spans in `taken` (companies win where both match)."""
    rules = rules or load_rules()
    found: list[PartyMention] = []

    def free(s: int, e: int) -> bool:
        return all(e <= ts or s >= te for ts, te in taken) and all(e <= m.start or s >= m.end for m in found)

    for rule in rules.by_kind.get("institution", []):
        if rule.lang == "en":
            for m in rule.regex.finditer(text):
                name = rule.name or m.group(0)
                if free(m.start(), m.end()):
                    found.append(
                        PartyMention(rule.id if rule.name else "inst:" + name.lower(), name, m.start(), m.end(), True)
                    )
            continue
        ends = [(m.start(), m.end()) for m in rule.regex.finditer(text)]
        for s, e in _chains(text, ends, rules.stop_chars):
            name = text[s:e]
            for p in rules.prefixes:
                if name.startswith(p) and len(name) - len(p) >= 4:
                    name, s = name[len(p) :], s + len(p)
            if len(name) >= 4 and free(s, e):
                found.append(PartyMention("inst:" + name, name, s, e, True))
    return sorted(found, key=lambda m: m.start)


def _chains(text: str, hits: list[tuple[int, int]], stops: frozenset[str]) -> list[tuple[int, int]]:
    """Chinese institution names: suffix hits joined into chains
    (中国科学院上海药物研究所), extended left over name characters."""
    out: list[tuple[int, int]] = []
    for s, e in hits:
        if out and 0 <= s - out[-1][1] <= 8 and all(_CJK.match(c) and c not in stops for c in text[out[-1][1] : s]):
            out[-1] = (out[-1][0], e)
            continue
        if out and s < out[-1][1]:
            continue
        start = s
        while start > 0 and s - start < 12 and _CJK.match(text[start - 1]) and text[start - 1] not in stops:
            if any(text.endswith(w, 0, start) for w in stops if len(w) > 1):
                start = -1  # 共建/成立 X研究院: the body being set up, not a party
                break
            start -= 1
        if start >= 0:
            out.append((start, e))
    return out


# ----------------------------------------------------------------- cues
@dataclass
class Hit:
    rule: Rule
    start: int
    end: int


def match_cues(sentence: str, rules: Rules | None = None) -> tuple[list[Hit], list[Hit], list[Hit]]:
    """(typed hits, negative hits, separate-agreement hits) of one sentence."""
    rules = rules or load_rules()
    langs = _langs(sentence)
    lower = sentence.lower()  # en cue patterns are compiled lower-case: cheaper than IGNORECASE
    cands: list[Hit] = []
    neg: list[Hit] = []
    sep: list[Hit] = []
    for rule in rules.cues:
        if rule.lang not in langs:
            continue
        for m in rule.regex.finditer(lower if rule.lang == "en" else sentence):
            if m.end() == m.start():
                continue
            hit = Hit(rule, m.start(), m.end())
            if rule.kind in ("negative", "negative_sentence"):
                neg.append(hit)
            elif rule.kind == "separate":
                sep.append(hit)
            else:
                cands.append(hit)
    cands.sort(key=lambda h: (-h.rule.priority, -(h.end - h.start), h.start))
    kept: list[Hit] = []
    for h in cands:
        if all(h.end <= k.start or h.start >= k.end for k in kept):
            kept.append(h)
    typed = [h for h in kept if h.rule.kind == "type"]
    if any(n.rule.kind == "negative_sentence" for n in neg):
        return [], neg, sep
    if neg:
        bounds = _clause_bounds(sentence, _COMMA)
        dead = {_clause_of(bounds, n.start) for n in neg}
        typed = [h for h in typed if _clause_of(bounds, h.start) not in dead]
    return sorted(typed, key=lambda h: h.start), neg, sep


def _clause_bounds(text: str, sep: re.Pattern) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in sep.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def _clause_of(bounds: list[tuple[int, int]], pos: int) -> int:
    for i, (s, e) in enumerate(bounds):
        if s <= pos <= e:
            return i
    return len(bounds) - 1


def find_territory(text: str, rules: Rules | None = None) -> str | None:
    """The canonical territory code named in `text`; the most specific wins."""
    rules = rules or load_rules()
    langs = _langs(text)
    best: tuple[int, int, str] | None = None
    for rule in rules.territories:
        if rule.lang in langs:
            m = rule.regex.search(text)
            if m and (best is None or (rule.priority, -m.start()) > best[:2]):
                best = (rule.priority, -m.start(), rule.type or "")
    return best[2] if best else None


# ----------------------------------------------------------------- records
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


@dataclass
class _Unit:
    start: int
    end: int
    text: str


def split_units(text: str, sentences: list[tuple[int, int]]) -> list[_Unit]:
    """Sentences cut again at newlines, stripped, with offsets into `text`."""
    if not sentences:
        sentences = [(0, len(text))]
    out = []
    for s, e in sentences:
        for m in re.finditer(r"[^\n]+", text[s:e]):
            line = m.group(0)
            lead = len(line) - len(line.lstrip())
            body = line.strip()
            if body:
                start = s + m.start() + lead
                out.append(_Unit(start, start + len(body), body))
    return out


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
    names = {p.entity_id: p.name for p in parties}
    recs: list[_Rec] = []
    ctx: list[str] = []
    last: _Rec | None = None
    last_touch = -99
    used_amounts: set[int] = set()
    for ui, unit in enumerate(units):
        u_parties = [p for p in parties if p.start >= unit.start and p.end <= unit.end]
        if ui == 0 and len({p.entity_id for p in u_parties}) >= 2:
            ctx = _uniq(p.entity_id for p in u_parties)
        hits, _neg, sep = match_cues(unit.text, rules)
        made: list[tuple[_Rec, Hit]] = []
        for hit in hits:
            chosen, roles, resolved = _parties_for(hit, unit, u_parties, ctx, rules, ui, last_touch)
            if len(chosen) < 2:
                continue
            for ids, rl in _split_investors(hit.rule.type, chosen, roles):
                rec = _merge_or_add(recs, hit, ids, rl, resolved, unit, ui, bool(sep), amounts)
                made.append((rec, hit))
            ctx = chosen
        if made:
            last = min((r for r, _ in made), key=lambda r: _MONEY_ORDER.index(r.type))
            last_touch = ui
        elif last is not None and ui - last_touch > _TERM_REACH:
            last = None
        # Money and drugs: to the record of their own clause, else the sentence's main record.
        bounds = _clause_bounds(unit.text, _SEMI)
        for i, a in enumerate(amounts):
            if i in used_amounts or not (unit.start <= a.start < unit.end) or a.role not in _MONEY_ROLES:
                continue
            target = _record_for(made, bounds, a.start - unit.start) or last
            if target is not None:
                target.amounts.append(a)
                used_amounts.add(i)
                target.end = max(target.end, unit.end)
                last_touch = ui
        for d in drugs:
            if unit.start <= d.start < unit.end:
                target = _record_for(made, bounds, d.start - unit.start) or (last if not made else None)
                if target is not None:
                    target.drugs.setdefault(d.entity_id, d.name)
    return _finish(text, recs, names, rules)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        chars[s:e] = "x" * (e - s)
    return "".join(chars[: len(text)])


def _uniq(ids) -> list[str]:
    return list(dict.fromkeys(ids))


def _record_for(made: list[tuple[_Rec, Hit]], bounds, pos: int) -> _Rec | None:
    if not made:
        return None
    clause = _clause_of(bounds, pos)
    same = [r for r, h in made if _clause_of(bounds, h.start) == clause]
    pool = same or [r for r, _ in made]
    return min(pool, key=lambda r: _MONEY_ORDER.index(r.type))


def _parties_for(
    hit: Hit, unit: _Unit, u_parties: list[PartyMention], ctx: list[str], rules: Rules, ui: int, last_touch: int
) -> tuple[list[str], dict[str, str], bool]:
    """Party ids for one hit, their roles, and whether they came from context."""
    text = unit.text
    rel = [(p.start - unit.start, p) for p in u_parties]
    # Commas inside a name ("BeiGene, Ltd.") do not end a clause.
    flat = _mask(text, [(pos, pos + p.end - p.start) for pos, p in rel])
    semis = _clause_bounds(flat, _SEMI)
    ss, se = semis[_clause_of(semis, hit.start)]
    commas = _clause_bounds(flat, _COMMA)
    cs, ce = commas[_clause_of(commas, hit.start)]
    in_comma = _uniq(p.entity_id for pos, p in rel if cs <= pos < ce)
    chosen = in_comma
    if len(chosen) < 2:
        window = [
            (abs(pos - hit.start), p.entity_id)
            for pos, p in rel
            if ss <= pos < se and hit.start - 150 <= pos <= hit.end + 150
        ]
        near = _uniq(pid for _, pid in sorted(window))[:4]
        if len(near) >= 2:
            keep = set(_uniq(list(in_comma) + near)[:4])
            chosen = _uniq(p.entity_id for pos, p in rel if p.entity_id in keep)  # in text order
        elif near and not chosen:
            chosen = near
    roles = _roles(hit.rule.type, text[ss:se], [(pos - ss, p) for pos, p in rel if ss <= pos < se], rules)
    other = roles.pop("", None)
    if len(roles) >= 2:
        return list(roles), roles, False
    if len(chosen) >= 2:
        if roles and other:
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
        pos = min(p.start - unit.start for p in u_parties if p.entity_id == lone)
        before = text[max(0, pos - 40) : pos]
        pointed = any(r.regex.search(before) for r in rules.by_kind.get("object_marker", []))
        pointed = pointed or any(r.regex.search(sem_text) for r in rules.by_kind.get("anaphora_one", []))
        if pointed:
            return [ctx[0], lone], {}, True
        return [], {}, False
    pointed = any(r.regex.search(sem_text) for r in rules.by_kind.get("anaphora_pair", []))
    if pointed or (ui - last_touch <= 1 and hit.rule.weight >= 0.85):
        return list(ctx), {}, True
    return [], {}, False


def _roles(ctype: str | None, clause: str, parties: list[tuple[int, PartyMention]], rules: Rules) -> dict[str, str]:
    """Party id -> role from the first role pattern of `ctype` matching the clause,
    with every party replaced by a ⟨n⟩ placeholder."""
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
    langs = _langs(clause)
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
            return {**out, "": rule.other}  # the caller gives the other parties rule.other
        if len(out) >= 2:
            return out
    return {}


def _split_investors(ctype: str | None, chosen: list[str], roles: dict[str, str]):
    """Several investors in one investee are one record per investor."""
    investees = [c for c in chosen if roles.get(c) == "investee"]
    investors = [c for c in chosen if roles.get(c) == "investor"]
    if ctype == "equity_investment" and len(investees) == 1 and len(investors) >= 2:
        return [([inv, investees[0]], {inv: "investor", investees[0]: "investee"}) for inv in investors]
    return [(chosen, roles)]


def _merge_or_add(
    recs: list[_Rec],
    hit: Hit,
    ids: list[str],
    roles: dict[str, str],
    resolved: bool,
    unit: _Unit,
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
        if separate and rec.unit != ui and not (unit_money & old_money):
            continue
        rec.weight = max(rec.weight, hit.rule.weight)
        rec.resolved = rec.resolved and resolved
        for k, v in roles.items():
            rec.roles.setdefault(k, v)
        return rec
    rec = _Rec(hit.rule.type, list(ids), dict(roles), hit.rule.weight, resolved, unit.start, unit.end, ui)
    recs.append(rec)
    return rec


def _finish(text: str, recs: list[_Rec], names: dict[str, str], rules: Rules) -> list[Cooperation]:
    specific = [r for r in recs if r.type != "strategic_alliance"]
    out = []
    for r in recs:
        if r.type not in COOPERATION_TYPES:
            continue
        if r.type == "strategic_alliance" and any(len(set(r.ids) & set(o.ids)) >= 2 for o in specific):
            continue
        conf = r.weight * (0.8 if r.resolved else 1.0) + (0.05 if r.roles else 0) + (0.05 if r.amounts else 0)
        evidence = text[r.start : r.end]
        out.append(
            Cooperation(
                type=r.type,
                parties=tuple(Party(pid, names.get(pid, pid), r.roles.get(pid)) for pid in r.ids),
                drugs=tuple(r.drugs.values()),
                drug_ids=tuple(r.drugs),
                amounts=tuple(r.amounts),
                territory=find_territory(evidence, rules),
                evidence=evidence,
                evidence_start=r.start,
                evidence_end=r.end,
                confidence=round(min(conf, 0.99), 3),
            )
        )
    return out


def merge_cooperations(*runs: list[Cooperation]) -> list[Cooperation]:
    """One record per deal across the language runs of one document.

    Each argument is the record list of one run (one Doc); records of one run
    stay as the component made them. A record of a later run merges into an
    earlier run's record of the same type whose party ids are equal (or one
    set holds the other), unless both carry money and share none (separate
    agreements). The first record keeps its evidence; drugs, amounts and roles
    are joined."""
    out: list[Cooperation] = []
    for run in runs:
        base = len(out)
        for c in run:
            _merge_one(out, base, c)
    return out


def _merge_one(out: list[Cooperation], base: int, c: Cooperation) -> None:
    ids = {p.entity_id for p in c.parties}
    for i, o in enumerate(out[:base]):
        oids = {p.entity_id for p in o.parties}
        money, omoney = {(a.value, a.currency) for a in c.amounts}, {(a.value, a.currency) for a in o.amounts}
        if o.type != c.type or not (ids <= oids or oids <= ids) or (money and omoney and not money & omoney):
            continue
        roles = {p.entity_id: p.role for p in o.parties + c.parties if p.role}
        parties = tuple(
            Party(p.entity_id, p.name, p.role or roles.get(p.entity_id))
            for p in (o.parties if len(oids) >= len(ids) else c.parties)
        )
        drugs = dict(zip(o.drug_ids, o.drugs, strict=False)) | dict(zip(c.drug_ids, c.drugs, strict=False))
        amounts = o.amounts + tuple(a for a in c.amounts if (a.value, a.currency) not in omoney)
        out[i] = Cooperation(
            o.type,
            parties,
            tuple(drugs.values()),
            tuple(drugs),
            amounts,
            o.territory or c.territory,
            o.evidence,
            o.evidence_start,
            o.evidence_end,
            max(o.confidence, c.confidence),
        )
        return
    out.append(c)
