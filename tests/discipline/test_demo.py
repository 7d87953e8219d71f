from dangvu.demo import data
from dangvu.discipline import demo
from dangvu.discipline.models import Complaint, Denouncer, Denunciation, Discipline


def test_demo_loads_once_and_member_sees_own_decision(db):
    assert demo.load() is False  # no base demo yet: nothing to hang on
    data.load()
    assert demo.load() is True
    assert demo.load() is False
    assert Discipline.objects.count() == 3 and Complaint.objects.count() == 1
    assert set(Denunciation.objects.values_list("status", flat=True)) == {"handling", "not_handled", "resolved"}
    assert Denouncer.objects.exclude(name="").count() == 2
    assert Discipline.objects.filter(member__user__username="dangvien").count() == 1
