"""The worklist lines of member development: ceremonies due (decision made, ceremony not held; due 30 working days
after the decision, rule data) and prospects waiting at a stage. A few ceremonies are listed one by one; more (an
office over a large sub-tree) make one counted line with a link to the filtered register, so that each line costs
one bounded, indexed query whatever the size of the sub-tree."""

from django.urls import reverse

from dangvu.core.worklist import WorkItem, register_kinds

from . import counts
from .access import ACTIONS, prospects_for
from .models import Stage

register_kinds({"ceremony_due": "Lễ kết nạp đảng viên đến hạn", "prospect_stage": "Quần chúng ưu tú chờ ở từng bước"})

ONE_BY_ONE = 5  # ceremonies listed by name up to this many; beyond, one counted line
WAITING = {
    Stage.PROPOSED: "chờ học lớp bồi dưỡng nhận thức về Đảng",
    Stage.TRAINED: "chờ hoàn thiện hồ sơ kết nạp",
    Stage.DOSSIER: "chờ chi bộ xét, ra nghị quyết đề nghị kết nạp",
    Stage.RESOLVED: "chờ quyết định kết nạp của cấp trên",
}


def items(user, reach, today):
    roles = ACTIONS["view"]
    if not (reach.is_admin or reach.grants_for(roles)):
        return []
    index = reverse("development:index")
    by = counts.by_stage(counts.top_ids(reach, roles))  # one query on the kept rows
    out = []
    decided = by.get(Stage.DECIDED, 0)
    ceremonies = prospects_for(user).filter(stage=Stage.DECIDED).order_by("ceremony_due_on", "id")
    if 0 < decided <= ONE_BY_ONE:
        out += [WorkItem("ceremony_due", d["ceremony_due_on"], f"Tổ chức lễ kết nạp đảng viên: {d['full_name']}",
                         reverse("development:detail", args=[d["pk"]]))
                for d in ceremonies.values("pk", "full_name", "ceremony_due_on")[:ONE_BY_ONE]]
    elif decided:
        first = ceremonies.values_list("ceremony_due_on", flat=True).first()  # LIMIT 1 on the (stage, due) index
        out.append(WorkItem("ceremony_due", first, f"{decided} đảng viên mới chờ tổ chức lễ kết nạp",
                            f"{index}?giai_doan={Stage.DECIDED}", count=decided))
    for stage, text in WAITING.items():
        n = by.get(stage, 0)
        if n:
            out.append(WorkItem("prospect_stage", None, f"{n} quần chúng ưu tú {text}",
                                f"{index}?giai_doan={stage}", count=n))
    return out
