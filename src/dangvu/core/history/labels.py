"""Labels of the history sentences: the Vietnamese name of a snapshot key, the fields left out, the verb of an
action."""

from __future__ import annotations

from functools import cache

from django.apps import apps

from ..audit import ACTIONS

# Fields nobody reads: identifiers, keys kept for sorting or searching, tree paths, versions,
# and the bookkeeping repeated by the entry itself (who and when).
HIDDEN = {
    "id", "pk", "version", "path", "org_path", "depth", "search_key", "sort_key", "sequence_key",
    "sequence", "number_key", "password", "key_hash", "created_at", "created_by", "updated_at",
}

# Labels of keys whose model field has no Vietnamese verbose_name, or that are not fields at
# all (services add their own keys to snapshots).
LABELS = {
    "organization": "Tổ chức đảng",
    "member": "Đảng viên",
    "user": "Tài khoản",
    "subject": "Đối tượng",
    "cycle": "Kỳ đánh giá",
    "term": "Nhiệm kỳ",
    "committee_member": "Cấp ủy viên",
    "inspection": "Cuộc kiểm tra",
    "programme": "Chương trình kiểm tra",
    "meeting": "Buổi sinh hoạt",
    "session": "Buổi học tập",
    "document": "Văn bản",
    "distribution": "Lần gửi văn bản",
    "discipline": "Quyết định kỷ luật",
    "complaint": "Đơn khiếu nại",
    "denunciation": "Đơn tố cáo",
    "current_level": "Mức xếp loại hiện tại",
    "recorded_by": "Người ghi",
    "recorded_at": "Thời điểm ghi",
    "closed_by": "Người kết thúc",
    "closed_at": "Thời điểm kết thúc",
    "made_by": "Người thực hiện",
    "made_at": "Thời điểm thực hiện",
    "uploaded_by": "Người tải lên",
    "uploaded_at": "Thời điểm tải lên",
    "acknowledged_by": "Người xác nhận",
    "status_before": "Trạng thái trước",
    "status_after": "Trạng thái sau",
    "organization_before": "Tổ chức đảng trước",
    "organization_after": "Tổ chức đảng sau",
    "started_on": "Từ ngày",
    "ended_on": "Đến ngày",
    "position": "Chức vụ",
    "file": "Tệp",
    "size": "Dung lượng",
    "recipients_count": "Số nơi nhận",
    "received_count": "Số nơi đã nhận",
    "acknowledged_count": "Số nơi đã xác nhận",
    "replied_count": "Số nơi đã trả lời",
    "attendee_ids": "Người dự",
    "member_ids": "Đảng viên",
    "members": "Đảng viên",
    "role_groups": "Nhóm đối tượng",
    "criteria": "Tiêu chí",
    "criteria_scores": "Điểm theo tiêu chí",
    "bands": "Ngưỡng xếp loại",
    "remedies": "Việc khắc phục",
    "handlers": "Người xử lý",
    "team": "Đoàn kiểm tra",
    "note": "Ghi chú",
    "reason": "Lý do",
    "status": "Trạng thái",
    "level": "Mức",
    "name": "Tên",
    "title": "Tiêu đề",
    "code": "Mã",
    "label": "Tên",
    "max": "Tối đa",
    "min": "Từ",
    "conditions": "Điều kiện",
    "score": "Điểm",
    "kind": "Loại",
    "recipients": "Số nơi nhận",
    "requires_reply": "Yêu cầu báo cáo, phản hồi",
    "due_on": "Hạn",
}

# Verbs for actions whose label is a noun ("Chương trình kiểm tra, giám sát").
VERBS = {
    "programme": "lập chương trình kiểm tra, giám sát",
    "programme_item": "thêm nội dung chương trình kiểm tra, giám sát",
    "working_session": "ghi buổi làm việc với đối tượng",
    "conclusion": "ghi thông báo kết luận",
    "close": "kết thúc",
}


def _auto_name(name: str) -> str:
    return name.replace("_", " ")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def field_of(model, name):
    """The concrete model field behind a snapshot key, or None (a service's own key)."""
    if model is None:
        return None
    try:
        f = model._meta.get_field(name)
    except Exception:
        return None
    return f if getattr(f, "concrete", False) else None


@cache
def _fields_by_label(app_label: str) -> dict:
    """Vietnamese label → field over the app's models: services audit child records (a programme's
    items, an inspection's conclusion) on the parent, keyed by the child's field labels."""
    out = {}
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return out
    for model in config.get_models():
        for f in model._meta.concrete_fields:
            if not (f.choices or f.many_to_one or f.one_to_one):
                continue
            label = _capital(str(f.verbose_name))
            out.setdefault(label, f)
    return out


def field_for_key(model, name: str):
    """The field behind a snapshot key: the model's own, else a child's field with that label."""
    f = field_of(model, name)
    if f is None and model is not None and name and not name.isascii():
        f = _fields_by_label(model._meta.app_label).get(name)
    return f


def label_for(model, name: str) -> str:
    f = field_of(model, name)
    if f is not None:
        verbose = str(f.verbose_name)
        if verbose and verbose not in (_auto_name(name), name) and verbose != "ID":
            return _capital(verbose)
    if name in LABELS:
        return LABELS[name]
    return _capital(_auto_name(name))


def is_hidden(name: str) -> bool:
    return name in HIDDEN or name.endswith("_key") or name.endswith("_path") or name.endswith("_hash")


def verb_for(action: str) -> str:
    if action in VERBS:
        return VERBS[action]
    label = str(ACTIONS.get(action, "")) or "thay đổi"
    if len(label) > 1 and label[1].islower():
        label = label[0].lower() + label[1:]
    return label
