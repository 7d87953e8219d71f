"""What the meetings app lends to its siblings (dangvu.core.providers): its period figures (the studies
register) and its model and one ``access_meeting`` (the documents app's "send the meeting's materials").
Imported by MeetingsConfig.ready()."""

from dangvu.core import providers

from .models import Meeting
from .queries import access_meeting, period_summary


def model():
    return Meeting


providers.register("meetings.model", model)
providers.register("meetings.access_meeting", access_meeting)
providers.register("meetings.period_summary", period_summary)

from dangvu.organizations.signals import organization_moved  # noqa: E402

from .absences import moved as absences_moved  # noqa: E402
from .rollup import moved  # noqa: E402

organization_moved.connect(moved, dispatch_uid="meetings_organization_moved")
organization_moved.connect(absences_moved, dispatch_uid="meetings_absences_organization_moved")

from dangvu.members.signals import member_renamed  # noqa: E402

from .absences import renamed as absences_renamed  # noqa: E402

member_renamed.connect(absences_renamed, dispatch_uid="meetings_absences_member_renamed")
