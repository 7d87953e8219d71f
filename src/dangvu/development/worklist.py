"""The worklist lines of member development: ceremonies due (decision made, ceremony not held; due 30 working days
after the decision, rule data) and prospects waiting at a stage. A few ceremonies are listed one by one; more (an
office over a large sub-tree) make one counted line with a link to the filtered register, so that each line costs
one bounded, indexed query whatever the size of the sub-tree."""

from django.db.models import Count, Min
from django.urls import reverse

from dangvu.core.worklist import WorkItem

from .access import ACTIONS, prospects_for
from .models import Stage

ONE_BY_ONE = 5  # ceremonies listed by name up to this many; beyond, one counted line
WAITING = {
    Stage.PROPOSED: "chờ học lớp bồi dưỡng nhận thức về Đảng",
    Stage.TRAINED: "chờ hoàn thiện hồ sơ kết nạp",
    Stage.DOSSIER: "chờ chi bộ xét, ra nghị quyết đề nghị kết nạp",
    Stage.RESOLVED: "chờ quyết định kết nạp của cấp trên",
}


def items(user, reach, today):
    if not (reach.is_admin or reach.grants_for(ACTIONS["view"])):
        return []
    index = reverse("development:index")
    qs = prospects_for(user)
    out = []
    due = list(qs.filter(stage=Stage.DECIDED).order_by("ceremony_due_on", "id")
               .values("pk", "full_name", "ceremony_due_on")[:ONE_BY_ONE + 1])
    if len(due) <= ONE_BY_ONE:
        out += [WorkItem("ceremony_due", d["ceremony_due_on"], f"Tổ chức lễ kết nạp đảng viên: {d['full_name']}",
                         reverse("development:detail", args=[d["pk"]])) for d in due]
    else:
        agg = qs.filter(stage=Stage.DECIDED).aggregate(n=Count("pk"), first=Min("ceremony_due_on"))
        out.append(WorkItem("ceremony_due", agg["first"], f"{agg['n']} đảng viên mới chờ tổ chức lễ kết nạp",
                            f"{index}?giai_doan={Stage.DECIDED}", count=agg["n"]))
    waiting = dict(qs.filter(stage__in=list(WAITING)).values_list("stage").annotate(n=Count("pk")).order_by())
    for stage, text in WAITING.items():
        n = waiting.get(stage, 0)
        if n:
            out.append(WorkItem("prospect_stage", None, f"{n} quần chúng ưu tú {text}",
                                f"{index}?giai_doan={stage}", count=n))
    return out
