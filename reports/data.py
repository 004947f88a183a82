"""Gather what a report shows from the store, once, as plain dicts.

The renderers (HTML, Markdown, JSON) share this data so the three formats
never disagree about what a run found.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

LOW_CONFIDENCE = 0.5
MAX_DEALS = 200


def _week(published: str | None) -> str | None:
    """ISO week label (2024-W18) of a date string, or None when it is no date."""
    if not published:
        return None
    try:
        year, week, _ = date.fromisoformat(published[:10]).isocalendar()
    except ValueError:
        return None
    return f"{year}-W{week:02d}"


def _usd(amounts: list[dict], role: str) -> float | None:
    values = [a.get("value_usd") for a in amounts if a.get("role") == role and a.get("value_usd")]
    return max(values) if values else None


def _deal_value(amounts: list[dict]) -> float:
    """A record's value for charts: its total, else upfront plus milestones, else the largest sum."""
    total = _usd(amounts, "total")
    if total:
        return total
    parts = [_usd(amounts, r) or 0.0 for r in ("upfront", "milestone", "equity")]
    if any(parts):
        return sum(parts)
    values = [a.get("value_usd") or 0.0 for a in amounts]
    return max(values, default=0.0)


def _with_names(parties: list[dict], companies: dict[str, dict]) -> list[dict]:
    """Parties with their Chinese name and every alias seen, for display and highlighting."""
    out = []
    for p in parties or []:
        known = companies.get(p.get("entity_id"), {})
        out.append({**p, "name_zh": known.get("name_zh"), "aliases": known.get("aliases") or []})
    return out


def collect(store, run_id: int | None = None, since: str | None = None) -> dict:
    """Everything a report shows, for one run, a period, or the whole store."""
    runs = store.runs(limit=50)
    if run_id is not None:
        runs = [r for r in runs if r.get("id") == run_id]
        if not runs:
            raise ValueError(f"no crawl run with id {run_id}")
    else:
        runs = runs[:5]

    companies = store.companies(limit=None)
    by_id = {c["entity_id"]: c for c in companies}
    deals = store.deals(since=since, limit=None)
    deals.sort(key=lambda d: (d.get("last_published") or "", d.get("deal_id") or 0), reverse=True)
    for deal in deals:
        amounts = deal.get("amounts") or []
        deal["parties"] = _with_names(deal.get("parties"), by_id)
        deal["upfront_usd"] = _usd(amounts, "upfront")
        deal["total_usd"] = _usd(amounts, "total")
        deal["value_usd"] = _deal_value(amounts)

    records = store.cooperations(since=since, limit=None)
    for rec in records:
        rec["parties"] = _with_names(rec.get("parties"), by_id)
    articles = store.articles(since=since, limit=None, run_id=run_id)
    if run_id is not None:
        # A run's report shows what that run brought in: its articles and the deals they report.
        urls = {a["url"] for a in articles}
        records = [r for r in records if r.get("article_url") in urls]
        deals = [d for d in deals if any(e.get("article_url") in urls for e in d.get("evidence") or [])]

    per_week: dict[str, Counter] = defaultdict(Counter)
    value_by_type: Counter = Counter()
    deals_by_company: Counter = Counter()
    for deal in deals:
        week = _week(deal.get("first_published"))
        if week:
            per_week[week][deal["type"]] += 1
        value_by_type[deal["type"]] += deal["value_usd"]
        for party in {p.get("name") for p in deal["parties"]}:
            if party:
                deals_by_company[party] += 1

    lang_mix = Counter(a.get("lang") or "?" for a in articles)
    return {
        "since": since,
        "run_id": run_id,
        "summary": store.summary(),
        "runs": runs,
        "deals": deals[:MAX_DEALS],
        "review": {
            "low_confidence": sorted(
                (r for r in records if (r.get("confidence") or 0) < LOW_CONFIDENCE), key=lambda r: r["confidence"]
            )[:50],
            "new_companies": [c for c in companies if not c.get("known")][:100],
            "undecided_amounts": [
                {**a, "article_url": r.get("article_url"), "evidence": r.get("evidence")}
                for r in records
                for a in r.get("amounts") or []
                if a.get("role") == "other"
            ][:100],
            "articles_without_entities": [a for a in articles if not a.get("companies")][:100],
        },
        "charts": {
            "deals_per_week": {w: dict(c) for w, c in sorted(per_week.items())[-26:]},
            "value_by_type": {t: v for t, v in value_by_type.most_common() if v},
            "top_companies": dict(deals_by_company.most_common(15)),
            "lang_mix": dict(lang_mix.most_common()),
        },
    }
