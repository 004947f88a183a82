"""One record per deal across the language runs of one document."""

from __future__ import annotations

from functools import lru_cache

from nlp.model import Cooperation, Party


def merge_cooperations(*runs: list[Cooperation]) -> list[Cooperation]:
    """Each argument is the record list of one run (one Doc); records of one run
    stay as the component made them. A record of a later run merges into an
    earlier run's record of the same type whose party ids are equal (or one
    set holds the other, or that shares a party and money with it), unless both carry money and share none (separate
    agreements). The first record keeps its evidence; drugs, amounts and roles
    are joined."""
    out: list[Cooperation] = []
    # Party ids and money of each record of `out`, kept beside it: a long
    # document compares every record with every earlier one.
    sets: list[tuple[set[str], set[tuple]]] = []
    for run in runs:
        base = len(out)
        for c in run:
            _merge_one(out, sets, base, c)
    return out


def _sets(c: Cooperation) -> tuple[set[str], set[tuple]]:
    return {p.entity_id for p in c.parties}, {(a.value, a.currency) for a in c.amounts}


def _merge_one(out: list[Cooperation], sets: list[tuple[set[str], set[tuple]]], base: int, c: Cooperation) -> None:
    ids, money = _sets(c)
    for i, o in enumerate(out[:base]):
        if o.type != c.type:
            continue
        oids, omoney = sets[i]
        same_parties = ids <= oids or oids <= ids or _same_names(c.parties, o.parties)
        # A party named differently in each language ("广州鼎康制药" / "Guangzhou
        # Dingkang") still makes one deal when the other party agrees and so
        # does the money, or when the differing parties are all unknown to the
        # gazetteer (an unknown company has no id shared across languages).
        rest = ids ^ oids
        same_deal = bool(ids & oids) and (bool(money & omoney) or all(i.startswith("new:") for i in rest))
        # No party shared at all: both languages name the parties differently
        # (a Chinese name the gazetteer lacks), but the drug is the same code.
        same_drug = (
            len(ids) == len(oids)
            and bool(set(c.drug_ids) & set(o.drug_ids))
            and any(i.startswith("new:") for i in rest)
        ) or _same_money_deal(c, o, ids, oids, money & omoney)
        if (
            o.type != c.type
            or not (same_parties or same_deal or same_drug)
            or (money and omoney and not money & omoney)
        ):
            continue
        roles = {p.entity_id: p.role for p in o.parties + c.parties if p.role}
        parties = tuple(
            Party(p.entity_id, p.name, p.role or roles.get(p.entity_id))
            for p in (o.parties if len(oids) >= len(ids) else c.parties)
        )
        drugs = dict(zip(o.drug_ids, o.drugs, strict=False)) | dict(zip(c.drug_ids, c.drugs, strict=False))
        amounts = o.amounts + tuple(a for a in c.amounts if (a.value, a.currency) not in omoney)
        merged = Cooperation(
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
        out[i] = merged
        sets[i] = _sets(merged)
        return
    out.append(c)
    sets.append((ids, money))


def _same_money_deal(c: Cooperation, o: Cooperation, ids: set[str], oids: set[str], shared: set) -> bool:
    """The same money between as many parties, one named alike in both runs
    ("Helixworks AI Ltd" / "Helixworks") and every other one unknown to the
    gazetteer or an institution (no id shared across languages)."""
    if not shared or len(ids) != len(oids) or ids & oids:
        return False
    if not all(i.startswith(("new:", "inst:")) for i in ids ^ oids):
        return False
    return any(_same(p, q) for p in c.parties for q in o.parties)


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _same_names(a: tuple[Party, ...], b: tuple[Party, ...]) -> bool:
    """Every party of the shorter list is one of the other by id or by name
    ("Nordmark" and "Nordmark mRNA": one name holds the other)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(_same(p, q) for q in long_) for p in short)


def _same(p: Party, q: Party) -> bool:
    """One party by id, or by a name holding the other."""
    if p.entity_id == q.entity_id:
        return True
    x, y = _key(p.name), _key(q.name)
    return len(min(x, y, key=len)) >= 4 and (x in y or y in x)
