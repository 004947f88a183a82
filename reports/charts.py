"""Inline SVG charts for the HTML report: plain bars that print well in grey.

Hand-written because the charts are three bar shapes; a plotting library would
add a large dependency for a few dozen lines of SVG.
"""

from __future__ import annotations

from markupsafe import Markup, escape

# One colour per cooperation type, readable when printed (distinct lightness).
PALETTE = [
    "#1b4f72",
    "#2e86c1",
    "#85c1e9",
    "#117864",
    "#52be80",
    "#a9dfbf",
    "#7d3c98",
    "#c39bd3",
    "#b9770e",
    "#f5b041",
    "#626567",
]


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def hbar_chart(values: dict[str, float], title: str, unit: str = "") -> Markup:
    """Horizontal bars, one a label, longest first as given."""
    if not values:
        return Markup(f'<p class="empty">{escape(title)}: nothing yet.</p>')
    row, label_w, bar_w = 22, 190, 360
    height = row * len(values) + 30
    top = max(values.values()) or 1
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {label_w + bar_w + 110} {height}" '
        f'width="{label_w + bar_w + 110}" height="{height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(values.items()):
        y = 20 + i * row
        w = max(1.0, bar_w * value / top)
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(str(label)[:28])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{colour(i)}"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 14}">{escape(_fmt(value, unit))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_columns(series: dict[str, dict[str, int]], title: str) -> Markup:
    """Columns per period (x) stacked by category, with a legend."""
    if not series:
        return Markup(f'<p class="empty">{escape(title)}: nothing yet.</p>')
    cats = sorted({c for counts in series.values() for c in counts})
    col, plot_h, left = 34, 180, 30
    width = left + col * len(series) + 170
    top = max(sum(c.values()) for c in series.values()) or 1
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {plot_h + 70}" width="{width}" '
        f'height="{plot_h + 70}" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="{left}" y1="{plot_h + 10}" x2="{left + col * len(series)}" y2="{plot_h + 10}" stroke="#333"/>',
    ]
    for i, (period, counts) in enumerate(series.items()):
        x, y = left + i * col + 4, plot_h + 10
        for cat in cats:
            n = counts.get(cat, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{col - 8}" height="{h:.1f}" '
                f'fill="{colour(cats.index(cat))}"><title>{escape(period)} {escape(cat)}: {n}</title></rect>'
            )
        parts.append(
            f'<text x="{x + (col - 8) / 2}" y="{plot_h + 24}" text-anchor="end" font-size="9" '
            f'transform="rotate(-45 {x + (col - 8) / 2} {plot_h + 24})">{escape(period[-3:])}</text>'
        )
    lx = left + col * len(series) + 12
    for j, cat in enumerate(cats):
        parts.append(
            f'<rect x="{lx}" y="{10 + j * 16}" width="10" height="10" fill="{colour(j)}"/>'
            f'<text x="{lx + 14}" y="{19 + j * 16}">{escape(cat)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _fmt(value: float, unit: str) -> str:
    if unit == "USD":
        return money_short(value)
    return f"{value:g}"


def money_short(value: float | None) -> str:
    """$1.5B / $150M / $20K: compact USD for tables and bars."""
    if not value:
        return ""
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= div:
            return f"${value / div:,.2f}".rstrip("0").rstrip(".") + suffix
    return f"${value:,.0f}"
