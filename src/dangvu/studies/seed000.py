"""The study conferences of seed 000 (01/2016–05/2019), as data, and a loader used by the demo and the tests.

Each row: (day, title, format, organiser key, organiser note, how many members: None = all the members of
the party committee on that day).
"""

import datetime as dt

from . import services
from .models import Audience, DocumentKind, Resolution

SESSIONS = [
    (dt.date(2016, 5, 25), "Nghị quyết Đại hội Đảng khóa XII", "in_person", "bloc",
     "Hội nghị trực tiếp tại TP. Hồ Chí Minh", 5),
    (dt.date(2016, 6, 7), "Nghị quyết Đại hội XII của Đảng", "online", "ministry",
     "Đảng ủy Bộ và Ban cán sự Đảng phối hợp tổ chức", None),
    (dt.date(2016, 10, 19), "Chỉ thị 05-CT/TW", "online", "ministry",
     "Đảng ủy Bộ và Ban cán sự Đảng phối hợp tổ chức", None),
    (dt.date(2017, 1, 10), "Nghị quyết Trung ương 4 khóa XII", "online", "ministry",
     "Đảng ủy Bộ và Ban cán sự Đảng phối hợp tổ chức", None),
    (dt.date(2017, 8, 18), "Nghị quyết Trung ương 5 khóa XII", "online", "ministry", "", None),
    (dt.date(2017, 10, 19), "Nghị quyết 07, 08 của Đảng ủy Khối", "in_person", "ministry", "", 3),
    (dt.date(2017, 12, 22), "Nghị quyết Trung ương 6 khóa XII", "online", "ministry",
     "Đảng ủy Bộ và Ban cán sự Đảng phối hợp tổ chức", None),
]

RESOLUTIONS = [
    (DocumentKind.DIRECTIVE, "05-CT/TW", "Chỉ thị 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
     "phong cách Hồ Chí Minh", "Bộ Chính trị", dt.date(2016, 5, 15)),
    (DocumentKind.RESOLUTION, "04-NQ/TW", "Nghị quyết Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn "
     "Đảng", "Ban Chấp hành Trung ương", dt.date(2016, 10, 30)),
]


def register_resolutions(actor=None) -> list[Resolution]:
    out = []
    for kind, number, title, issuer, issued_on in RESOLUTIONS:
        res = Resolution.objects.filter(kind=kind, number=number, organization=None).first()
        out.append(res or services.create_resolution(actor, kind=kind, number=number, title=title, issuer=issuer,
                                                     issued_on=issued_on))
    return out


def load_sessions(actor, *, centre, ministry, bloc, submit_share=1.0):
    """Record seed 000's conferences for the centre's party committee; returns the sessions."""
    organizers = {"ministry": ministry, "bloc": bloc}
    register_resolutions()
    out = []
    for day, title, fmt, who, note, count in SESSIONS:
        placed = sorted(services.members_on(centre, day))
        ids = placed if count is None else placed[:count]
        res = services.find_resolution(title)
        out.append(services.record_session(
            actor, organization=centre, title=title, held_on=day, format=fmt, organizer=organizers[who],
            organizer_note=note, audience=Audience.ALL if count is None else Audience.SELECTED, attendee_ids=ids,
            resolution=res, report_required=True, commitment_required=True,
        ))
    return out
