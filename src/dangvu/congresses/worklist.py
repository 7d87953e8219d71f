"""Lines of the home page's worklist: congresses overdue or due soon, committees with a vacant post.

For whoever prepares congresses (the office for its sub-tree, the secretary for the own chi bộ, the administrator).
Counted lines with a link to the filtered list, so that an office at the top of a large tree pays two aggregate
queries on indexed columns, as a chi bộ secretary does; a single organisation is named and linked to its panel.
"""

from django.urls import reverse

from dangvu.core.worklist import WorkItem, register_kinds

from . import queries
from .access import PREPARE_ROLES

register_kinds({"congress_due": "Đại hội đến hạn, quá hạn", "committee_vacancy": "Cấp ủy còn khuyết"})

MONTHS = 6
CAP = 1_000  # a line past it says "hơn 1.000": the worklist reads at most that many index entries per line


def items(user, reach, today):
    if not (reach.is_admin or reach.grants_for(PREPARE_ROLES)):
        return []
    out = []
    due_url = reverse("congresses:due")
    counts = queries.due_counts(user, today, MONTHS, action="prepare", cap=CAP)
    for key, label, first in (("overdue", "quá hạn đại hội", counts["first_overdue"]),
                              ("due", f"đến hạn đại hội trong {MONTHS} tháng tới", counts["first_due"])):
        n = counts[key]
        if not n:
            continue
        if n == 1:
            org = (queries.scope(user, action="prepare").filter(status="active", term_ends_on=first)
                   .only("id", "name").order_by("id").first())
            if org is not None:
                out.append(WorkItem("congress_due", first, f"Đại hội {org.name}: {label}",
                                    reverse("congresses:panel", args=[org.pk])))
                continue
        out.append(WorkItem("congress_due", first, f"{queries.shown(n, CAP)} tổ chức đảng {label}",
                            f"{due_url}?thang={MONTHS}", count=n))
    vac = queries.vacancy_counts(user, action="prepare", cap=CAP)
    for key, label in (("secretary", "chưa có bí thư"), ("seats", "thiếu cấp ủy viên so với số lượng của nhiệm kỳ")):
        n = vac[key]
        if n:
            out.append(WorkItem("committee_vacancy", None, f"{queries.shown(n, CAP)} cấp ủy {label}",
                                reverse("congresses:vacancies"), count=n))
    return out
