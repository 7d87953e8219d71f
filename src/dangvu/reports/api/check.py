"""POST /api/v1/reports/check: a report's text read against the records."""

import datetime as dt

from ninja import Router

from dangvu.core.schemas import Id, Schema

from ..checker.service import MAX_TEXT, check_report

router = Router(tags=["Báo cáo"])


class CheckIn(Schema):
    organization_id: Id
    date_from: dt.date
    date_to: dt.date
    text: str


class CheckedOut(Schema):
    text: str
    start: int
    end: int
    value: float
    meaning: str
    records_value: float | None
    verdict: str
    records_url: str | None


class CheckOut(Schema):
    figures: list[CheckedOut]


@router.post("/check", response=CheckOut, summary="Đối chiếu một báo cáo với hồ sơ",
             description=f"Tìm từng con số trong văn bản (tối đa {MAX_TEXT} ký tự), đọc xem số đó đếm gì và so với "
                         "số liệu của hồ sơ: agrees (khớp), differs (khác), unknown (không đối chiếu được).")
def check(request, payload: CheckIn):
    _, checked, _ = check_report(request.auth, payload.organization_id, payload.date_from, payload.date_to,
                                 payload.text)
    return {"figures": [c.__dict__ for c in checked]}
