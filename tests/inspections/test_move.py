"""Cases and remedies follow their organisation when it moves (scope filters join through the FK)."""

import datetime as dt

from dangvu.inspections import services
from dangvu.inspections.queries import access_inspection, inspections_for, remedies_for
from dangvu.organizations.services.tree import move_organization


def test_case_and_remedies_follow_a_move(t, users, case):
    services.conclude(None, case, text="KL", concluded_on=dt.date(2025, 9, 15), shortcomings=[
        {"text": "A", "owner_organization_id": t["cell_a"].pk, "due_on": dt.date(2025, 12, 31)}])
    assert remedies_for(users["other_ubkt"]).count() == 0
    committee = t["committee"]
    committee.refresh_from_db()
    move_organization(None, committee, new_parent=t["other"], version=committee.version)
    # The other branch's commission now reaches the subject (and its chi bộ's remedy) ...
    assert access_inspection(users["other_ubkt"], case.pk).pk == case.pk
    assert remedies_for(users["other_ubkt"]).count() == 1
    # ... and the bloc's commission, which conducted the case, still sees it through the conducting body.
    assert inspections_for(users["ubkt"]).filter(pk=case.pk).exists()
    assert inspections_for(users["dept_ubkt"]).filter(pk=case.pk).exists()  # the subject's own commission
