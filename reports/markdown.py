"""Render the report data as Markdown, for terminals and for pasting into a chat."""

from __future__ import annotations

from reports.charts import money_short


def _cell(text: object) -> str:
    return str(text or "").replace("|", "\\|").replace("\n", " ")


def render_markdown(data: dict) -> str:
    """A compact Markdown report: totals, runs, newest cooperations, review counts."""
    s = data["summary"]
    lines = ["# pharmanews report", ""]
    if data.get("since"):
        lines += [f"Articles published since {data['since']}.", ""]
    lines += [
        f"**{s.get('articles', 0)}** articles, **{s.get('companies', 0)}** companies, "
        f"**{s.get('drugs', 0)}** drugs, **{s.get('cooperations', 0)}** cooperations.",
        "",
    ]
    if data["runs"]:
        lines += [
            "## Crawl runs",
            "",
            "| run | source | pages | new | updated | errors | alarm |",
            "|---|---|---|---|---|---|---|",
        ]
        for run in data["runs"]:
            for name, st in (run.get("stats") or {}).items():
                errors = ", ".join(f"{k} {v}" for k, v in (st.get("errors") or {}).items()) or "none"
                alarm = "NO ARTICLES" if st.get("zero_yield") else ""
                lines.append(
                    f"| {run.get('id')} | {_cell(name)} | {st.get('pages_fetched', 0)} | {st.get('articles_new', 0)} "
                    f"| {st.get('articles_updated', 0)} | {errors} | {alarm} |"
                )
        lines.append("")
    lines += ["## Newest deals", ""]
    if data["deals"]:
        lines += [
            "| first reported | type | parties | drugs | upfront | total | articles |",
            "|---|---|---|---|---|---|---|",
        ]
        for d in data["deals"][:30]:
            parties = ", ".join(p.get("name", "") for p in d.get("parties") or [])
            links = " ".join(f"[{_cell(e.get('source'))}]({e.get('article_url')})" for e in d.get("evidence") or [])
            lines.append(
                f"| {d.get('first_published') or ''} | {d['type']} | {_cell(parties)} "
                f"| {_cell(', '.join(d.get('drugs') or []))} | {money_short(d.get('upfront_usd'))} "
                f"| {money_short(d.get('total_usd'))} | {links} |"
            )
    else:
        lines.append("No deal found.")
    r = data["review"]
    lines += [
        "",
        "## To review",
        "",
        f"- low-confidence cooperations: {len(r['low_confidence'])}",
        f"- companies not in the gazetteer: {len(r['new_companies'])}",
        f"- amounts with undecided role: {len(r['undecided_amounts'])}",
        f"- articles with text but no company: {len(r['articles_without_entities'])}",
        "",
    ]
    return "\n".join(lines)
