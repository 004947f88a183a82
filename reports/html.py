"""Render the report data as one self-contained HTML page (no network to view it).

Jinja2 with autoescaping: article text can never inject markup. Evidence
sentences have the extracted spans highlighted by `highlight`, which escapes
every piece it joins.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from reports.charts import hbar_chart, money_short, stacked_columns


def highlight(text: str | None, terms: list[str]) -> Markup:
    """`text` escaped, with each of `terms` found in it wrapped in <mark>."""
    if not text:
        return Markup("")
    terms = sorted({t for t in terms if t and len(t) > 1}, key=len, reverse=True)
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms))
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(Markup("<mark>") + escape(m.group()) + Markup("</mark>"))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def deal_terms(deal: dict) -> list[str]:
    """Surface strings of a record to mark in its evidence."""
    terms = [a.get("text", "") for a in deal.get("amounts") or []]
    terms += list(deal.get("drugs") or [])
    for p in deal.get("parties") or []:
        terms += [p.get("name", "")] + list(p.get("aliases") or [])
    return terms


def money(amount: dict) -> str:
    value = amount.get("value")
    text = amount.get("text") or f"{value} {amount.get('currency', '')}"
    usd = amount.get("value_usd")
    if usd and amount.get("currency") != "USD":
        return f"{text} (≈{money_short(usd)})"
    return text


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(highlight=highlight, money=money, money_short=money_short)
    env.globals.update(deal_terms=deal_terms)
    return env


def render_html(data: dict) -> str:
    """The whole report page."""
    charts = data["charts"]
    pictures = {
        "deals_per_week": stacked_columns(charts["deals_per_week"], "Deals per week by type"),
        "value_by_type": hbar_chart(charts["value_by_type"], "Deal value by type (USD)", unit="USD"),
        "top_companies": hbar_chart(charts["top_companies"], "Companies by number of deals"),
        "lang_mix": hbar_chart(charts["lang_mix"], "Articles by language"),
    }
    template = _environment().get_template("report.html.j2")
    return template.render(data=data, pictures=pictures, generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
