"""Gold annotations of the demo site's pages, in the format of GUIDELINES.md.

Each article's YAML holds the gold of its own headline and body. A page also
shows the headlines of other articles (related, most read), and all text of a
page counts, so a page's gold is its article's gold merged with what each of
those headlines says on its own (derived here from that article's gold).
"""

from __future__ import annotations

import re


def _occurs(alias: str, text: str) -> bool:
    if re.search(r"[\u3400-\u9fff]", alias):
        return alias in text
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(alias)}(?![A-Za-z0-9])", text) is not None


def amount_forms(amount: dict) -> list[str]:
    """Every surface form of one amount (the gold text first)."""
    return [amount["text"], *amount.get("variants", [])]


def article_gold(art: dict) -> dict:
    """The article's own gold (headline and body) in working form."""
    g = art.get("gold") or {}
    return {
        "companies": {name: list(aliases) for name, aliases in (g.get("companies") or {}).items()},
        "drugs": {name: list(aliases) for name, aliases in (g.get("drugs") or {}).items()},
        "amounts": [dict(a) for a in g.get("amounts") or []],
        "cooperations": [dict(c) for c in g.get("cooperations") or []],
    }


def _standalone(alias: str, aliases: list[str], title: str) -> bool:
    """The alias occurs in the title other than inside a longer alias (恒瑞 inside 恒瑞医药)."""
    masked = title
    for longer in sorted((a for a in aliases if alias in a and a != alias), key=len, reverse=True):
        masked = masked.replace(longer, "\0" * len(longer))
    return _occurs(alias, masked)


def _in_title(aliases: list[str], title: str) -> list[str]:
    return [a for a in aliases if _standalone(a, aliases, title)]


def headline_gold(art: dict) -> dict:
    """What the article's headline alone says, as shown in other pages' lists."""
    title = art["title"]
    full = article_gold(art)
    out = {
        "companies": {n: _in_title(al, title) for n, al in full["companies"].items() if _in_title(al, title)},
        "drugs": {n: _in_title(al, title) for n, al in full["drugs"].items() if _in_title(al, title)},
        "amounts": [],
        "cooperations": [],
    }
    for amount in full["amounts"]:
        forms = [f for f in amount_forms(amount) if f in title]
        if forms:
            out["amounts"].append({**amount, "text": forms[0], "variants": forms[1:]})
    values = {a["value"] for a in out["amounts"]}
    override = art.get("headline_cooperations")
    for coop in full["cooperations"] if override is None else override:
        # A headline reports a deal only when it names every party of it.
        if all(p in out["companies"] or _occurs(p, title) for p in coop["parties"]):
            out["cooperations"].append(
                {
                    "type": coop["type"],
                    "parties": list(coop["parties"]),
                    "drugs": [d for d in coop.get("drugs", []) if d in out["drugs"]],
                    "amounts": [v for v in coop.get("amounts", []) if v in values],
                }
            )
    return out


def merge(into: dict, other: dict) -> None:
    """Add `other`'s entities to `into`: one entry per name, value or deal."""
    for field in ("companies", "drugs"):
        for name, aliases in other[field].items():
            have = into[field].setdefault(name, [])
            have.extend(a for a in aliases if a not in have)
    keys = {(a["currency"], a["value"]) for a in into["amounts"]}
    for amount in other["amounts"]:
        if (amount["currency"], amount["value"]) not in keys:
            keys.add((amount["currency"], amount["value"]))
            into["amounts"].append(dict(amount))
    for coop in other["cooperations"]:
        same = [
            c for c in into["cooperations"] if c["type"] == coop["type"] and set(c["parties"]) == set(coop["parties"])
        ]
        if same:
            same[0]["drugs"] = same[0].get("drugs", []) + [
                d for d in coop["drugs"] if d not in same[0].get("drugs", [])
            ]
            same[0]["amounts"] = same[0].get("amounts", []) + [
                v for v in coop["amounts"] if v not in same[0].get("amounts", [])
            ]
        else:
            into["cooperations"].append(dict(coop))


def to_line(path: str, lang: str, g: dict) -> dict:
    """One gold line as GUIDELINES.md defines it."""
    types = []
    for coop in g["cooperations"]:
        if coop["type"] not in types:
            types.append(coop["type"])
    return {
        "id": path,
        "lang": lang,
        "companies": [{"name": n, "aliases": al} for n, al in g["companies"].items()],
        "drugs": [{"name": n, "aliases": al} for n, al in g["drugs"].items()],
        "amounts": [
            {"text": a["text"], "value": a["value"], "currency": a["currency"], "role": a["role"]} for a in g["amounts"]
        ],
        "cooperation_types": types,
        "cooperations": [
            {"type": c["type"], "parties": c["parties"], "drugs": c.get("drugs", []), "amounts": c.get("amounts", [])}
            for c in g["cooperations"]
        ],
    }


def page_working_gold(art: dict, shown: list[dict]) -> dict:
    """The page's gold before formatting, with amount variants kept (the lint uses them)."""
    g = article_gold(art)
    for other in shown:
        merge(g, headline_gold(other))
    return g


def page_gold(articles: list[dict], shown: dict[str, list[dict]]) -> list[dict]:
    """Gold lines of every article page; `shown` maps a path to the articles its lists show."""
    return [to_line(a["path"], a["lang"], page_working_gold(a, shown[a["path"]])) for a in articles]
