"""JSON API of the data-quality page (mounted at /api/v1/quality); thin over queries and services."""

from django.http import Http404
from ninja import Field, Query, Router, Status

from dangvu.core.schemas import Id, Schema

from . import queries, services
from .access import scope_from, sees_quality
from .checks import BY_KEY

router = Router(tags=["Chất lượng dữ liệu"])
PAGE_MAX = 100_000  # far beyond any list; a larger page makes an OFFSET the database refuses


class ScopeQuery(Schema):
    organization_id: Id | None = None


class RecordsQuery(ScopeQuery):
    page: int = Field(1, ge=1, le=PAGE_MAX)
    page_size: int = Field(25, ge=1, le=200)


def _scope(request, organization_id):
    if not sees_quality(request.user):
        raise Http404("Không tìm thấy trang.")
    return scope_from(request.user, organization_id)


def _org(org) -> dict:
    return {"id": org.pk, "name": org.name, "kind": org.kind}


def _when(snapshot):
    return snapshot.finished_at.isoformat() if snapshot and snapshot.finished_at else None


@router.get("", summary="Chất lượng dữ liệu của một tổ chức đảng và các tổ chức trực thuộc")
def quality(request, f: Query[ScopeQuery]):
    org = _scope(request, f.organization_id)
    data = queries.summary(org)
    return {
        "organization": _org(org),
        "computed_at": _when(data["snapshot"]),
        "stale": data["stale"],
        "pending": data["pending"] is not None,
        "checks": [{k: c[k] for k in ("key", "label", "why", "level", "count", "capped")}
                   | {"records_url": f"/api/v1/quality/{c['key']}?organization_id={org.pk}"} for c in data["checks"]],
        "by_child": [{"organization": _org(row["organization"]), "counts": row["counts"], "total": row["total"]}
                     for row in data["by_child"]],
        "by_child_truncated": data["children_more"],
    }


@router.post("/refresh", response={202: dict}, summary="Yêu cầu tính lại số liệu chất lượng dữ liệu (chạy nền)")
def refresh(request):
    if not sees_quality(request.user):
        raise Http404("Không tìm thấy trang.")
    snapshot = services.request_refresh(request.user)
    return Status(202, {"id": snapshot.pk, "state": snapshot.state})


def _record(issue) -> dict:
    out = {"organization": _org(issue.organization), "detail": issue.detail, "group": issue.group_key or None}
    m = issue.member
    if m is not None:
        out["member"] = {"id": m.pk, "full_name": m.full_name, "birth_date": m.birth_date.isoformat(),
                         "status": m.status}
    return out


@router.get("/{check}", summary="Các hồ sơ của một nội dung kiểm tra chất lượng dữ liệu, từng trang")
def records(request, check: str, f: Query[RecordsQuery]):
    if check not in BY_KEY:
        raise Http404("Không có nội dung kiểm tra này.")
    org = _scope(request, f.organization_id)
    data = queries.records(org, check, f.page, f.page_size)
    return {"check": check, "label": data["check"].label, "organization": _org(org), "count": data["count"],
            "page": data["page"], "pages": data["pages"], "items": [_record(i) for i in data["items"]]}
