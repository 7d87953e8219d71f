"""The rows of the results grid as HTML, written in Python: the template engine took 2-3 ms a row (a province's
grid of 500 members: 0,6-0,9 s of a page), this takes a few µs. The markup is the one the grid's template wrote
(grid.js reads it): the same attributes, the same escaping, numbers localised as the template localised them."""

from __future__ import annotations

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _v(value) -> str:
    """What `{{ value }}` writes: localised (numbers, dates) and escaped; None as the template writes it."""
    return str(conditional_escape(localize(value)))


def _display(obj, name: str) -> str:
    """`{{ obj.get_x_display }}` of an object that may be None (then empty, as a missing attribute)."""
    return _v(getattr(obj, name)()) if obj is not None else ""


def rows_html(rows, *, cycle, stage: str, levels, show_org: bool, show_score: bool) -> list:
    """One safe HTML string per row (a `<tr>` with the whitespace the template had around its cells)."""
    # the subject's page: one reverse, the id spliced in (a reverse per row cost more than the row)
    marker = 999_999_999
    link = reverse("reviews:subject", args=[cycle.pk, marker]).replace(str(marker), "{}")
    ncols = _v(len(levels))
    out = []
    for i, r in enumerate(rows, 1):
        s = r["subject"]
        name = _v(s.name)
        pk = _v(s.pk)
        prev = r.get("prev")
        parts = [
            "\n    <tr", ' data-editable="1"' if r["editable"] else "",
            f' data-group="{_v(r.get("group", ""))}" data-fallback="{_v(r.get("fallback", ""))}"',
            f' data-prev="{_v(prev.level or "") if prev is not None else ""}"',
            ' class="row-error"' if r.get("errors") else "", ">",
            f'\n      <td class="col-no">{_v(i)}</td>',
            f'\n      <td><a href="{conditional_escape(link.format(s.pk))}" tabindex="-1">{name}</a></td>',
            "\n      ",
        ]
        if show_org:
            parts.append(f'<td class="col-org">{_v(s.organization.name)}</td>')
        parts.append("\n      ")
        if stage != "self":
            parts.append(f'<td class="col-prev" title="{_display(prev, "get_level_display")}">'
                         f'{_v(r["prev_short"] or "—")}</td>')
        parts.append("\n      ")
        if r["editable"]:
            parts.append("\n        ")
            for code, _short, label in levels:
                checked = " checked" if r["level"] == code else ""
                parts.append(f'<td class="col-level"><input type="radio" name="level_{pk}" value="{_v(code)}" '
                             f'aria-label="{name}: {_v(label)}"{checked}></td>')
            parts.append("\n        ")
            if show_score:
                parts.append("<td>")
                if r["scored"]:
                    score = "" if r["score"] is None else _v(r["score"])
                    parts.append(f'<input type="text" inputmode="decimal" name="score_{pk}" value="{score}" '
                                 f'size="5" aria-label="Điểm của {name}">')
                parts.append("</td>")
            parts.append('\n        <td class="col-note">')
            if r["version"]:
                parts.append(f'<input type="hidden" name="v_{pk}" value="{_v(r["version"])}">')
            parts.extend(f'<span class="row-msg">{_v(e)}</span>' for e in r.get("errors") or ())
            parts.append("</td>\n      ")
        else:
            current = r["current"]
            parts.append(f'\n        <td colspan="{ncols}" class="muted locked">')
            if current:
                parts.append(f'<span title="{_display(current, "get_level_display")}">'
                             f'{_v(r["current_short"] or "—")}</span>')
            else:
                parts.append("—")
            parts.append(f'<span class="why-inline"> · {_v(r["why"])}</span></td>\n        ')
            if show_score:
                score = floatformat(current.score, "-2") if current is not None else ""
                parts.append(f'<td class="num">{conditional_escape(score)}</td>')
            parts.append(f'\n        <td class="muted col-note">{_v(r["why"])}</td>\n      ')
        parts.append("\n    </tr>")
        out.append(mark_safe("".join(parts)))
    return out
