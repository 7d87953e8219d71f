import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from openpyxl import load_workbook

from dangvu.accounts import services
from dangvu.accounts.models import AccountState
from dangvu.accounts.sheets import initial_passwords_xlsx
from dangvu.core.models import ApiToken, AuditEntry
from dangvu.members.models import Member
from dangvu.organizations.models import Role, RoleAssignment

User = get_user_model()


def test_username_base_folds_the_name():
    assert services.username_base("Nguyễn Văn Ân") == "nguyenvanan"
    assert services.username_base("Đỗ Thị Hà") == "dothiha"
    assert services.username_base("!!!") == "dangvien"


def test_bulk_creates_unique_usernames_links_members_grants_member_role(w):
    User.objects.create_user("nguyenvanan", password="x")
    result = services.create_accounts(w.office, w.t["cell_a"].pk)
    names = sorted(a.user.username for a in result.accounts)
    assert names == ["nguyenvanan2", "nguyenvanan3"]  # the member with an account and the removed one skipped
    assert result.skipped == 1
    for new in result.accounts:
        member = Member.objects.get(pk=new.member.pk)
        assert member.user_id == new.user.pk
        assert RoleAssignment.objects.filter(user=new.user, role=Role.MEMBER, organization=w.t["cell_a"],
                                             include_subtree=False).exists()
        user = User.objects.get(pk=new.user.pk)
        assert user.check_password(new.password)
        assert new.password not in user.password  # hashed, never in clear
        assert AccountState.objects.get(user=user).must_change_password
        entries = AuditEntry.objects.filter(app_label="core", model="user", object_id=str(user.pk))
        assert entries.filter(action="create").exists()
        assert not any(new.password in str(e.after) + e.note for e in AuditEntry.objects.all())
    assert AuditEntry.objects.filter(action="link_account").count() == 2


def test_bulk_passwords_pass_the_validators(w):
    from django.contrib.auth import password_validation

    result = services.create_accounts(w.admin, w.t["committee"].pk, include_subtree=True)
    assert len(result.accounts) == 3
    assert len({a.password for a in result.accounts}) == 3
    for a in result.accounts:
        password_validation.validate_password(a.password, a.user)


def test_bulk_out_of_scope_is_404_and_changes_nothing(w):
    before = User.objects.count()
    with pytest.raises(Http404):
        services.create_accounts(w.other_office, w.t["cell_a"].pk)
    for actor in (w.inspection, w.secretary, w.member_user):
        with pytest.raises(Http404):
            services.create_accounts(actor, w.t["cell_a"].pk)
    assert User.objects.count() == before


def test_bulk_nothing_to_create_says_so(w):
    services.create_accounts(w.office, w.t["cell_b"].pk)
    with pytest.raises(ValidationError) as exc:
        services.create_accounts(w.office, w.t["cell_b"].pk)
    assert "không có đảng viên đang sinh hoạt nào chưa có tài khoản" in str(exc.value)


def test_one_account_from_the_record(w):
    new = services.create_account(w.committee_office, w.binh.pk)
    assert new.user.username == "tranthibinh"
    with pytest.raises(ValidationError):
        services.create_account(w.committee_office, w.binh.pk)
    with pytest.raises(Http404):
        services.create_account(w.committee_office, w.outsider.pk)


def test_xlsx_holds_the_rows():
    data = initial_passwords_xlsx([("Nguyễn Văn An", "Chi bộ A", "nguyenvanan", "=abc123XYZ")])
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("STT", "Họ và tên", "Tổ chức", "Tên đăng nhập", "Mật khẩu ban đầu")
    assert rows[1] == (1, "Nguyễn Văn An", "Chi bộ A", "nguyenvanan", "=abc123XYZ")


def test_reset_sets_a_new_password_forces_change_and_revokes_tokens(w):
    ApiToken.issue(w.member_user)
    password = services.reset_password(w.office, w.member_user.pk)
    w.member_user.refresh_from_db()
    assert w.member_user.check_password(password)
    assert services.must_change_password(w.member_user)
    assert not ApiToken.objects.filter(user=w.member_user).exists()
    assert AuditEntry.objects.filter(action="reset_password", object_id=str(w.member_user.pk)).exists()


def test_office_cannot_touch_its_own_level_or_above_or_itself(w):
    # committee office: its peer holds a grant at its own level; the bloc office is above (not even seen)
    with pytest.raises(Http404):
        services.reset_password(w.committee_office, w.peer_office.pk)
    with pytest.raises(Http404):
        services.reset_password(w.committee_office, w.office.pk)
    with pytest.raises(Http404):
        services.reset_password(w.committee_office, w.committee_office.pk)
    with pytest.raises(Http404):
        services.set_active(w.office, w.admin.pk, False)
    # the bloc office manages the committee office (strictly below its level)
    services.set_active(w.office, w.committee_office.pk, False)


def test_deactivate_and_reactivate(w, client):
    services.set_active(w.office, w.member_user.pk, False)
    assert not client.login(username="member_user", password="pw")
    with pytest.raises(ValidationError):
        services.set_active(w.office, w.member_user.pk, False)
    services.set_active(w.office, w.member_user.pk, True)
    assert client.login(username="member_user", password="pw")
    actions = list(AuditEntry.objects.filter(object_id=str(w.member_user.pk), model="user")
                   .values_list("action", flat=True))
    assert "deactivate" in actions and "reactivate" in actions


def test_grant_and_revoke_follow_the_duties_rules(w):
    row = services.grant_role(w.office, w.member_user.pk, Role.SECRETARY, w.t["cell_a"].pk)
    assert row.role == Role.SECRETARY
    services.revoke_role(w.office, w.member_user.pk, row.pk)
    assert not RoleAssignment.objects.filter(pk=row.pk).exists()
    with pytest.raises(ValidationError) as exc:  # office on its own level: refused by the organisations' rules
        services.grant_role(w.office, w.member_user.pk, Role.OFFICE, w.t["bloc"].pk)
    assert "cấp của mình hoặc cấp trên" in str(exc.value)
    with pytest.raises(ValidationError):  # inspection only from inspection
        services.grant_role(w.office, w.member_user.pk, Role.INSPECTION, w.t["committee"].pk)


def test_change_own_password(w):
    services.reset_password(w.office, w.member_user.pk)
    w.member_user.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.change_own_password(w.member_user, "sai", "12345678", "12345678")
    messages = " ".join(exc.value.messages)
    assert "Mật khẩu hiện tại: không đúng." in messages
    assert "Mật khẩu mới:" in messages
    with pytest.raises(ValidationError) as exc:
        services.change_own_password(w.member_user, "sai", "ngan", "ngan")
    assert "quá ngắn" in " ".join(exc.value.messages)


def test_change_own_password_clears_the_flag(w):
    password = services.reset_password(w.office, w.member_user.pk)
    w.member_user.refresh_from_db()
    services.change_own_password(w.member_user, password, "Song-Hong-2026", "Song-Hong-2026")
    w.member_user.refresh_from_db()
    assert w.member_user.check_password("Song-Hong-2026")
    assert not services.must_change_password(w.member_user)
