"""Kiểm tra: đoàn kiểm tra của UBKT Đảng ủy Khối làm việc với Đảng bộ Sở LĐTBXH (seed 004), kết luận 94/100 và các nội dung khắc phục.

The seed 004 visit of the bloc's inspection team to the Department of Labour's committee, with remedies.

Run by `dangvu demo` after the base demo; idempotent (returns False when already loaded). The team is led
by the chair of the bloc's inspection commission (a generated member of the base demo, given the user
"chunhiem", password "demo"); the conclusion agrees the committee's 94/100; each shortcoming becomes a
remedy of the committee or one of its chi bộ. A 2025 programme of the bloc with planned items, one done.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from dangvu.core import audit
from dangvu.core.dates import today
from dangvu.members.models import Member
from dangvu.organizations.models import Organization, Role, RoleAssignment

from . import services
from .models import Inspection

MARK = "120-QĐ/ĐUK"
PASSWORD = "demo"


def load() -> bool:
    if Inspection.objects.filter(decision_number=MARK).exists():
        return False
    orgs = {o.code: o for o in Organization.objects.filter(code__startswith="DEMO-")}
    bloc, dept = orgs.get("DEMO-DUK-DN"), orgs.get("DEMO-SO-LDTBXH")
    cells = [orgs.get(f"DEMO-SO-CB{i}") for i in range(1, 8)]
    User = get_user_model()
    ubkt = User.objects.filter(username="ubkt").first()
    if bloc is None or dept is None or None in cells or ubkt is None:
        return False
    with transaction.atomic():
        _load(bloc, dept, cells, ubkt)
    return True


def _chair(bloc, ubkt):
    User = get_user_model()
    user = User.objects.filter(username="chunhiem").first()
    if user is not None:
        return user
    member = (Member.objects.filter(organization__parent=bloc, job_title__startswith="Chủ nhiệm Ủy ban Kiểm tra",
                                    user__isnull=True).order_by("id").first())
    name = member.full_name if member else "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối"
    user = User.objects.create_user("chunhiem", password=PASSWORD, full_name=name)
    grant = RoleAssignment.objects.create(user=user, role=Role.INSPECTION, organization=bloc, include_subtree=True)
    entries = [audit.entry(None, user, "create", after=audit.snapshot(user), note="Dữ liệu mẫu"),
               audit.entry(None, grant, "create", after=audit.snapshot(grant), note="Dữ liệu mẫu")]
    if member is not None:
        member.user = user
        member.save(update_fields=["user"])
        entries.append(audit.entry(None, member, "update", after={"user": user.pk}, note="Dữ liệu mẫu"))
    audit.record_many(entries)
    return user


def _load(bloc, dept, cells, ubkt):
    chair = _chair(bloc, ubkt)
    i = services.open_inspection(
        None, kind="working_visit", conducted_by=bloc, subject_organization=dept, decided_on=dt.date(2020, 12, 15),
        period_from=dt.date(2020, 1, 1), period_to=dt.date(2020, 12, 15), decision_number=MARK,
        title="Kiểm tra các chi bộ, đảng bộ cơ sở năm 2020 theo Kế hoạch số 04-KH/ĐUK ngày 23/10/2020 "
              "(kiểm điểm, đánh giá, xếp loại chất lượng năm 2020)",
    )
    services.add_team_member(None, i, user=chair, role="leader",
                             position="Ủy viên Thường vụ Đảng ủy Khối, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối")
    services.add_team_member(None, i, user=ubkt, role="member", position="Ủy ban Kiểm tra Đảng ủy Khối")
    services.record_step(None, i, step="outline_sent_on", on=dt.date(2020, 12, 16))
    services.record_step(None, i, step="self_report_received_on", on=dt.date(2020, 12, 21))
    services.add_session(
        None, i, held_on=dt.date(2020, 12, 22), place="Trụ sở Sở Lao động – Thương binh và Xã hội (buổi chiều)",
        team_attendees="Trưởng đoàn (Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối) cùng các thành viên",
        subject_attendees="Bí thư, Phó Bí thư và Ban Thường vụ Đảng ủy Sở; Ban Chấp hành Đảng bộ Sở; bí thư các chi "
                          "bộ trực thuộc",
        notes="Phó Bí thư báo cáo: 07 chi bộ (04 chi bộ cơ quan hành chính, 03 chi bộ đơn vị sự nghiệp), 137 đảng "
              "viên, 01 chi đoàn, 04 công đoàn cơ sở, Hội Cựu chiến binh. Kết quả xếp loại 2020: chi bộ 1 hoàn "
              "thành xuất sắc, 2 hoàn thành tốt, 4 hoàn thành nhiệm vụ; đảng viên 134 đủ điều kiện đánh giá: 24 "
              "xuất sắc, 102 tốt, 1 hoàn thành, 7 không hoàn thành. Tự chấm 94/100 theo Hướng dẫn số 29-HD/BTCTU "
              "ngày 07/11/2019.",
    )
    services.record_verification(None, i, notes="Kiểm tra hồ sơ và tình hình hoạt động thực tế của Đảng ủy Sở; "
                                                "số liệu tự chấm khớp với hồ sơ của 04 nhóm tiêu chí.")
    services.record_step(None, i, step="team_report_on", on=dt.date(2020, 12, 28),
                         text="Đoàn thống nhất số điểm 94/100 và đề nghị xếp loại Đảng bộ hoàn thành tốt nhiệm vụ.")
    services.conclude(
        None, i, number="15-TB/ĐUK", concluded_on=dt.date(2020, 12, 30), score=94, score_max=100,
        rating="Đảng bộ hoàn thành tốt nhiệm vụ năm 2020",
        text="Năm 2020 Đảng ủy Sở đã tích cực, chủ động chỉ đạo hoàn thành các chỉ tiêu, nhiệm vụ theo Nghị quyết "
             "Đảng bộ đề ra. Đoàn kiểm tra thống nhất số điểm của 04 tiêu chí theo Hướng dẫn số 29-HD/BTCTU ngày "
             "07/11/2019 của Ban Tổ chức Tỉnh ủy là 94/100 điểm.",
        strengths=[
            "Phối hợp với chính quyền lãnh đạo, chỉ đạo thực hiện tốt công tác xây dựng Đảng và nhiệm vụ chính trị.",
            "Tham mưu, đề xuất kịp thời để chỉ đạo các chi bộ hoàn thành các chỉ tiêu theo kế hoạch.",
            "Các chi bộ đánh giá, nhận diện theo tinh thần Nghị quyết Trung ương 4 gắn với Chỉ thị 05.",
        ],
        shortcomings=[
            {"text": "Học tập, làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, quy chế dân chủ cơ sở và phong trào "
                     "Dân vận khéo còn lồng ghép vào sinh hoạt thường kỳ, chưa lan tỏa.",
             "owner_organization": dept, "due_on": dt.date(2021, 6, 30)},
            {"text": "Công tác kiểm tra, giám sát của chi bộ chưa được quan tâm sâu sát.",
             "owner_organization": cells[2], "due_on": dt.date(2021, 6, 30)},
            {"text": "Sinh hoạt chuyên đề chưa được quan tâm đúng mức; nội dung chưa phong phú, đa dạng.",
             "owner_organization": cells[4], "due_on": dt.date(2021, 3, 31)},
            {"text": "Cụ thể hóa chỉ thị, nghị quyết của cấp ủy gắn với nhiệm vụ xây dựng Đảng của chi bộ.",
             "owner_organization": cells[6], "due_on": today() + dt.timedelta(days=90)},  # still running
        ],
        recommendations=["Xây dựng chuyên đề sinh hoạt theo quý, phân công chuẩn bị trước.",
                         "Chi bộ xây dựng chương trình kiểm tra, giám sát hằng năm."],
    )
    remedies = list(i.remedies.order_by("id"))
    services.update_remedy(None, remedies[0], status="done", done_on=dt.date(2021, 5, 20),
                           evidence="Tổ chức học tập chuyên đề riêng mỗi quý từ quý II/2021.")
    services.update_remedy(None, remedies[1], status="in_progress", evidence="Đã có dự thảo chương trình.")
    # The bloc's 2025 programme: planned against done.
    p = services.create_programme(None, organization=bloc, year=2025, title="Chương trình kiểm tra, giám sát năm 2025",
                                  number="05-CTr/ĐUK")
    done = services.add_programme_item(None, p, subject_organization=dept, kind="finance",
                                       content="Kiểm tra thu, nộp, quản lý và sử dụng đảng phí", month=6)
    services.add_programme_item(None, p, subject_organization=dept, kind="supervision_thematic",
                                content="Giám sát chuyên đề việc thực hiện Chỉ thị 05-CT/TW", month=9)
    services.add_programme_item(None, p, subject_organization=cells[0], kind="inspection_work",
                                content="Kiểm tra công tác kiểm tra, giám sát của chi bộ", month=11)
    j = services.open_inspection(None, kind="finance", conducted_by=bloc, subject_organization=dept,
                                 decided_on=dt.date(2025, 6, 9), period_from=dt.date(2023, 1, 1),
                                 period_to=dt.date(2024, 12, 31), decision_number="88-QĐ/UBKTĐUK",
                                 title="Thu, nộp, quản lý và sử dụng đảng phí 2023–2024", programme_item=done)
    services.add_team_member(None, j, user=ubkt, role="leader", position="Phó Chủ nhiệm Ủy ban Kiểm tra")
    services.add_team_member(None, j, user=chair, role="member")
