"""What API clients send: the choices they may name and the bodies of the requests that write."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from dangvu.core.schemas import Schema, SmallInt

from ..models import REMEDY_STATE_LABELS, InspectionKind, InspectionStatus, RemedyStatus, TeamRole
from ..services import STEP_FIELDS

# The choices come from the models, so that the API accepts exactly what the services do.
KindIn = Literal[tuple(InspectionKind.values)]
StatusIn = Literal[tuple(InspectionStatus.values)]
StateIn = Literal[tuple(REMEDY_STATE_LABELS)]
StoredStatusIn = Literal[tuple(RemedyStatus.values)]
StepIn = Literal[tuple(STEP_FIELDS)]
RoleIn = Literal[tuple(TeamRole.values)]


class Page(Schema):
    items: list
    count: int


class InspectionIn(Schema):
    kind: KindIn
    subject_organization_id: int | None = None
    subject_member_id: int | None = None
    conducted_by_id: int
    decided_on: dt.date
    period_from: dt.date
    period_to: dt.date
    decision_number: str = ""
    title: str = ""
    programme_item_id: int | None = None


class TeamIn(Schema):
    user_id: int
    role: RoleIn
    position: str = ""


class ExtensionIn(Schema):
    days: SmallInt
    reason: str
    version: int | None = None


class StepPayload(Schema):
    step: StepIn
    on: dt.date
    text: str | None = None
    version: int | None = None


class VerificationIn(Schema):
    notes: str
    version: int | None = None


class WorkingSessionIn(Schema):
    held_on: dt.date
    place: str
    team_attendees: str
    subject_attendees: str
    notes: str = ""


class ShortcomingIn(Schema):
    text: str
    owner_organization_id: int | None = None
    due_on: dt.date | None = None


class ConclusionIn(Schema):
    text: str
    strengths: list[str] = []
    shortcomings: list[ShortcomingIn] = []
    recommendations: list[str] = []
    score: Decimal | None = None
    score_max: Decimal | None = None
    concluded_on: dt.date | None = None
    number: str = ""
    rating: str = ""


class RemedyUpdateIn(Schema):
    status: StoredStatusIn
    done_on: dt.date | None = None
    evidence: str = ""
    version: int | None = None


class ProgrammeIn(Schema):
    organization_id: int
    year: SmallInt
    title: str
    number: str = ""


class ProgrammeItemIn(Schema):
    subject_organization_id: int
    kind: KindIn
    content: str
    month: int
