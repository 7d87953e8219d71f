from dangvu.demo import data
from dangvu.inspections import demo
from dangvu.inspections.models import Conclusion, Inspection, Remedy, TeamMember


def test_demo_loads_once(db):
    assert demo.load() is False  # no base demo yet: nothing to hang it on
    data.load()
    assert demo.load() is True
    visit = Inspection.objects.get(decision_number=demo.MARK)
    assert visit.conclusion.score == 94 and visit.status == "concluded"
    leader = TeamMember.objects.get(inspection=visit, role="leader")
    assert leader.user.username == "chunhiem"
    assert leader.user.member.job_title.startswith("Chủ nhiệm Ủy ban Kiểm tra")  # the generated chair
    assert Remedy.objects.filter(inspection=visit).count() == 4
    counts = (Inspection.objects.count(), Conclusion.objects.count(), Remedy.objects.count())
    assert demo.load() is False
    assert counts == (Inspection.objects.count(), Conclusion.objects.count(), Remedy.objects.count())
