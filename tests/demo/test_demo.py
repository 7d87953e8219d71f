import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from dangvu.members.models import Member
from dangvu.organizations.models import Organization
from dangvu.organizations.queries import subtree_stats
from tests.conftest import TEST_NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the module (on the suite's day, DANGVU_TEST_TODAY included) inside a transaction
    rolled back at its end; each test runs in its own savepoint within it."""
    with django_db_blocker.unblock(), time_machine.travel(TEST_NOW, tick=True), transaction.atomic():
        call_command("demo", verbosity=0)
        yield
        transaction.set_rollback(True)


def test_demo_loads_the_seed_organisations_and_is_idempotent():
    counts = (Organization.objects.count(), Member.objects.count(), get_user_model().objects.count())
    call_command("demo", verbosity=0)
    assert (Organization.objects.count(), Member.objects.count(), get_user_model().objects.count()) == counts

    dept = Organization.objects.get(name="Đảng bộ Sở Lao động – Thương binh và Xã hội")
    cells = dept.children.order_by("id").values_list("name", flat=True)
    assert list(cells) == [
        "Chi bộ I Văn phòng Sở", "Chi bộ II", "Chi bộ III", "Chi bộ Chi cục Phòng, chống tệ nạn xã hội",
        "Chi bộ Trung tâm Bảo trợ xã hội", "Chi bộ Trung tâm Dịch vụ việc làm", "Chi bộ Cơ sở cai nghiện ma túy",
    ]
    assert subtree_stats(dept)["members"]["total"] == 137
    centre = Organization.objects.get(name="Đảng bộ Trung tâm Kiểm định Kỹ thuật An toàn khu vực II")
    assert centre.children.count() == 4
    assert subtree_stats(centre)["members"]["total"] == 41
    assert dept.mass_organizations.count() == 3


def test_demo_users_log_in_with_password_demo(client):
    for username in ["admin", "vanphong", "ubkt", "bithu", "dangvien"]:
        assert client.login(username=username, password="demo"), username
    assert get_user_model().objects.get(username="dangvien").member.organization.name == "Chi bộ II"
    assert get_user_model().objects.get(username="bithu").member.organization.name == "Chi bộ I Văn phòng Sở"


def test_demo_names_are_generated_and_unique():
    names = list(Member.objects.values_list("full_name", flat=True))
    assert len(names) == len(set(names))
    assert all(len(n.split()) >= 3 for n in names)
