"""Charts drawn on the server as SVG: no script, no library, the same picture with JavaScript off, on a phone and
in a printed page. Each bar or point carries its value (<title>, shown on hover) and, where there is one, a link
to the records behind it. The values are also in the table beside each chart (templates)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .charts import NO_DATA, Chart, fmt

W = 480  # the viewBox width; the picture scales to the width of its box
FONT = 14
SMALL = 12
RIGHT = 24  # room for the last label
NO_DATA_COLOR = "#d1d5db"


def render(chart: Chart) -> str:
    if chart.kind == "hbar":
        body, h = _hbar(chart)
    elif chart.kind == "line":
        body, h = _line(chart)
    else:
        body, h = _columns(chart)
    title = escape(chart.title)
    return mark_safe(
        f'<svg class="chart-svg" viewBox="0 0 {W} {h}" role="img" aria-label="{title}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="{FONT}">'
        f"<title>{title}</title>{body}</svg>")


def _link(url, inner: str) -> str:
    return f'<a href="{escape(url)}">{inner}</a>' if url else inner


def _text(x, y, s, anchor="start", fill="#1f2937", size=FONT, weight="normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" font-size="{size}" '
            f'font-weight="{weight}">{escape(s)}</text>')


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1
    for step in (1, 2, 2.5, 5, 10):
        mag = 10 ** (len(str(int(v))) - 1)
        if v <= step * mag:
            return step * mag
    return v


def _hbar(chart: Chart) -> tuple[str, int]:
    """One bar per category, long labels on their own line above the bar (fits a phone)."""
    s = chart.series[0]
    colors = getattr(s, "colors", None) or [s.color] * len(chart.categories)
    top = max([v for v in s.values if v is not None] or [0])
    scale = (W - 90) / _nice_max(top)
    row, out = 42, []
    for i, (cat, v) in enumerate(zip(chart.categories, s.values, strict=True)):
        y = i * row + 15
        out.append(_text(0, y, cat, size=FONT))
        if v is None:
            bar = (f'<rect x="0" y="{y + 5}" width="{W - 90}" height="16" fill="none" stroke="{NO_DATA_COLOR}" '
                   f'stroke-dasharray="4 3"><title>{escape(cat)}: {NO_DATA}</title></rect>')
            out.append(bar + _text(W - 84, y + 17, NO_DATA, fill="#6b7280", size=SMALL))
            continue
        width = max(v * scale, 1.5 if v else 0)
        bar = (f'<rect x="0" y="{y + 5}" width="{width:.1f}" height="16" rx="2" fill="{colors[i]}">'
               f"<title>{escape(cat)}: {escape(fmt(v))}</title></rect>")
        out.append(_link(s.links[i] if i < len(s.links) else None, bar))
        out.append(_text(width + 6, y + 18, fmt(v), weight="600"))
    return "".join(out), len(chart.categories) * row + 4


def _axis(y0, h, vmax, percent=False) -> str:
    out = []
    for k in range(5):
        v = vmax * k / 4
        y = y0 + h - h * k / 4
        out.append(f'<line x1="44" x2="{W}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        label = fmt(round(v, 1) if percent or v != int(v) else int(v), percent)
        out.append(_text(40, y + 4, label, anchor="end", fill="#6b7280", size=SMALL))
    return "".join(out)


def _columns(chart: Chart) -> tuple[str, int]:
    """Stacked columns per category (month, year); a percent chart draws its first series on a 0–100 axis."""
    if not chart.categories:
        return _text(W / 2, 40, NO_DATA, anchor="middle", fill="#6b7280"), 60
    percent = chart.kind == "percent"
    series = chart.series[:1] if percent else [s for s in chart.series if s.key != "share"]
    n = len(chart.categories)
    totals = [sum(s.values[i] or 0 for s in series) for i in range(n)]
    vmax = 100 if percent else _nice_max(max(totals or [0]))
    y0, h, x0 = 10, 170, 48
    slot = (W - x0 - RIGHT) / max(n, 1)
    bw = min(slot * 0.7, 48)
    out = [_axis(y0, h, vmax, percent)]
    for i, cat in enumerate(chart.categories):
        x = x0 + i * slot + (slot - bw) / 2
        if all(s.values[i] is None for s in series):
            out.append(f'<rect x="{x:.1f}" y="{y0 + h - 20}" width="{bw:.1f}" height="20" fill="none" '
                       f'stroke="{NO_DATA_COLOR}" stroke-dasharray="3 2"><title>{escape(cat)}: {NO_DATA}</title></rect>')
            out.append(_text(x + bw / 2, y0 + h - 6, "–", anchor="middle", fill="#6b7280"))
        else:
            base = y0 + h
            for s in series:
                v = s.values[i]
                if not v:
                    continue
                bh = h * v / vmax
                base -= bh
                rect = (f'<rect x="{x:.1f}" y="{base:.1f}" width="{bw:.1f}" height="{bh:.1f}" fill="{s.color}">'
                        f"<title>{escape(cat)} – {escape(s.label)}: {escape(fmt(v, percent))}</title></rect>")
                out.append(_link(s.links[i] if i < len(s.links) else None, rect))
            if percent:
                out.append(_text(x + bw / 2, base - 3, fmt(series[0].values[i]).replace(" %", ""), anchor="middle",
                                 size=11, fill="#374151"))
        if n <= 6 or i % 2 == (n - 1) % 2:  # every other month label when twelve share the width
            out.append(_text(x + bw / 2, y0 + h + 16, cat, anchor="middle", size=SMALL, fill="#374151"))
    height = y0 + h + 24
    if not percent and len(series) > 1:
        out.append(_legend(series, height))
        height += 20 * ((len(series) + 1) // 2) + 4
    return "".join(out), height


def _legend(series, y) -> str:
    out = []
    for k, s in enumerate(series):
        x, yy = (k % 2) * (W / 2), y + (k // 2) * 20
        out.append(f'<rect x="{x:.1f}" y="{yy + 2}" width="10" height="10" fill="{s.color}"/>')
        out.append(_text(x + 14, yy + 11, s.label, size=SMALL))
    return "".join(out)


def _line(chart: Chart) -> tuple[str, int]:
    """The first series as a line (the total at each month's end), its axis fitted to its range."""
    s = chart.series[0]
    vals = [v for v in s.values if v is not None]
    lo, hi = (min(vals), max(vals)) if vals else (0, 4)
    step = max(1, -(-(hi - lo) // 3))  # whole numbers: four distinct ticks even when the line is flat
    lo = max(lo - step // 2 - (1 if step == 1 else 0), 0)
    hi = lo + 4 * step
    y0, h, x0 = 10, 150, 60
    n = len(chart.categories)
    slot = (W - x0 - RIGHT) / max(n, 1)
    out = []
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        y = y0 + h - h * k / 4
        out.append(f'<line x1="{x0 - 4}" x2="{W}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        out.append(_text(x0 - 8, y + 4, fmt(int(round(v))), anchor="end", fill="#6b7280", size=SMALL))
    points = []
    for i, v in enumerate(s.values):
        if v is None:
            continue
        x = x0 + i * slot + slot / 2
        y = y0 + h - h * (v - lo) / (hi - lo)
        points.append((x, y, v, chart.categories[i]))
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{s.color}" stroke-width="2.5"/>')
    for x, y, v, cat in points:
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{s.color}">'
                   f"<title>{escape(cat)}: {escape(fmt(v))} {escape(chart.unit)}</title></circle>")
    for i, cat in enumerate(chart.categories):
        if n <= 6 or i % 2 == (n - 1) % 2:
            out.append(_text(x0 + i * slot + slot / 2, y0 + h + 16, cat, anchor="middle", size=SMALL, fill="#374151"))
    return "".join(out), y0 + h + 24
