"""The route matrix's world, multiplied: more rows of every kind in its scope, so that a page whose query
count follows its rows shows it (tests/test_query_growth.py).

``grow(world)`` adds, in branch A (the provincial bloc of the demo):

- organisations: new chi bộ under the Department of Labour's committee, a new grassroots committee with its
  own chi bộ under the bloc and a new root (a province) with a chi bộ, each with members, a term and its
  committee members; more members in the focal chi bộ; accounts (member users, an office user) on them;
- activity: every row of the feature apps copied twice over (×4): first under the same parents (a meeting's
  attendance of new members, a case's remedies, a cycle's subjects), then with copies of its parents (review cycles with their subjects,
  assessments and statistics; inspections with their teams, sessions, conclusions and remedies; programmes;
  disciplines, complaints, denunciations; meetings with attendance, opinions, amendments and visits; study
  sessions with attendance, cells and submissions, pledges, commendations, classes and enrolments; documents
  distributed with their inbox items; imports with their rows; jobs; attachments; report drafts; quality
  issues; member events; mass organisations; dues bases, reliefs, sheet lines, payments and remittances, the
  three-month flags recounted from the lines). A copy points at the copies of its parents (a copied meeting's
  attendance belongs to the copied meeting); where a unique constraint forbids a second row with the same
  values (one review cycle per organisation and period, one programme per organisation and year, a document
  number), the copy goes to one of the new organisations (or members), else its number is moved on.

Rows are written in bulk (no services, no audit entries): the guard counts the queries of reading them.
"""

import itertools

from django.apps import apps
from django.db import DatabaseError, models, transaction

ROUNDS = 2  # round 0 adds rows to the same parents, round 1 copies every row with its parents: the activity ×4
NEW_CELLS = 20  # new chi bộ under the department (and 2 more under a new committee): more than a picker shows
MEMBERS_PER_CELL = 3
CLONED = [  # parents before children
    "organizations.MassOrganization", "members.MemberEvent",
    "reviews.ReviewCycle", "reviews.Subject", "reviews.Assessment", "reviews.CycleStats", "reviews.QuotaStats",
    "inspections.Programme", "inspections.ProgrammeItem", "inspections.Inspection", "inspections.TeamMember",
    "inspections.WorkingSession", "inspections.Conclusion", "inspections.Remedy",
    "discipline.Discipline", "discipline.Complaint", "discipline.Denunciation", "discipline.Denouncer",
    "discipline.Handler",
    "meetings.Meeting", "meetings.Attendance", "meetings.Opinion", "meetings.Amendment", "meetings.Visit",
    "studies.Resolution", "studies.StudySession", "studies.Attendance", "studies.SessionCell", "studies.Submission",
    "studies.Pledge", "studies.Commendation", "studies.TrainingClass", "studies.Enrollment",
    "documents.Document", "documents.Distribution", "documents.InboxItem",
    "core.Job", "core.Attachment", "imports.ImportBatch", "imports.ImportRow", "imports.MappingTemplate",
    "reports.ReportDraft", "quality.Issue", "congresses.Congress",
    "development.Prospect", "development.DossierItem", "development.Target",
    "dues.DuesBasis", "dues.DuesRelief", "dues.DuesLine", "dues.DuesPayment", "dues.DuesRemittance",
]


def grow(world) -> dict:
    """Multiply the world in place; returns {model label: rows added} (what the guard's report shows)."""
    added = {}
    new_orgs, new_members = _organisations(world, added)
    mapping = {}  # model -> {old pk: new pk} of the current round
    for round_no in range(ROUNDS):  # round 0: a copy keeps its parents (more rows in the same meeting, case…)
        mapping.clear()
        for label in CLONED:
            model = apps.get_model(label)
            existing = model.objects.count()
            mapping[model] = _clone(model, mapping, round_no, new_orgs, new_members)
            if existing:  # a kind the demo has none of is not copied (nothing to copy)
                added[label] = added.get(label, 0) + len(mapping[model])
    _recount()
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    return added


def _recount() -> None:
    """The rows were copied in bulk, past the services: the counts those services keep are recounted, as after any
    bulk load, so that the enlarged world is one a user could have made (a page that checks its counts against
    the records would otherwise take its fallback path)."""
    from dangvu.development import counts as development_counts
    from dangvu.documents import counts as document_counts
    from dangvu.dues.services import flags as dues_flags
    from dangvu.meetings import rollup
    from dangvu.members import movements
    from dangvu.members import stats as member_stats
    from dangvu.studies import counts as study_counts

    member_stats.rebuild()
    movements.rebuild()
    rollup.rebuild()
    study_counts.rebuild()
    document_counts.rebuild()
    development_counts.rebuild()
    dues_flags.rebuild()


def _organisations(world, added):
    from dangvu.organizations.models import CommitteeMember, Kind, Position, Role, Term
    from tests.factories import MemberFactory, OrganizationFactory
    from tests.route_matrix_world import _user

    orgs = [OrganizationFactory(name=f"Chi bộ Tăng trưởng {i}", kind=Kind.ATTACHED_CELL, parent=world.dept)
            for i in range(1, NEW_CELLS + 1)]
    committee = OrganizationFactory(name="Đảng bộ Tăng trưởng", kind=Kind.GRASSROOTS_COMMITTEE, parent=world.bloc)
    orgs += [OrganizationFactory(name=f"Chi bộ Tăng trưởng {committee.pk}-{i}", kind=Kind.ATTACHED_CELL,
                                 parent=committee) for i in (1, 2)]
    root = OrganizationFactory(name="Đảng bộ tỉnh Tăng trưởng", kind=Kind.PROVINCIAL)  # a new root (admin's scope)
    orgs.append(OrganizationFactory(name=f"Chi bộ Tăng trưởng {root.pk}", kind=Kind.GRASSROOTS_CELL, parent=root))
    members = []
    for cell in [*orgs, world.cell]:
        people = [MemberFactory(organization=cell) for _ in range(MEMBERS_PER_CELL if cell is not world.cell else 10)]
        members += people
        if cell is not world.cell:
            term = Term.objects.create(organization=cell, name="2022–2027", started_on="2022-05-15")
            for person, position in zip(people, (Position.SECRETARY, Position.DEPUTY_SECRETARY), strict=False):
                CommitteeMember.objects.create(term=term, member=person, position=position, started_on="2022-05-15")
    for i, person in enumerate(members[:4]):
        _user(f"growth_member_{i}", Role.MEMBER, member=person)
    _user("growth_office", Role.OFFICE, orgs[0])
    added["organizations.Organization"] = len(orgs) + 2
    added["members.Member"] = len(members)
    return orgs + [committee, root], members


def _fk_targets(field):
    return field.related_model._meta.label if field.is_relation and field.many_to_one else ""


def _clone(model, mapping, round_no, new_orgs, new_members):
    """Copy every row of model (that existed before this round); {old pk: new pk} of the copies."""
    rows = list(model.objects.order_by("pk"))
    if not rows:
        return {}
    fks = [f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]
    copies = []
    for row in rows:
        copy = model.objects.model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields})
        if not model._meta.pk.is_relation:  # a one-to-one primary key (a conclusion's inspection) is mapped below
            copy.pk = None
        for f in fks:
            parent = mapping.get(f.related_model, {})
            value = getattr(row, f.attname)
            if value in parent:
                setattr(copy, f.attname, parent[value])
        copies.append(copy)
    try:
        with transaction.atomic():
            made = model.objects.bulk_create(copies)
        return {row.pk: c.pk for row, c in zip(rows, made, strict=True)}
    except DatabaseError:  # a unique constraint (or a number out of range)
        pass
    out = {}
    spare = itertools.count()
    for row, copy in zip(rows, copies, strict=True):
        for attempt in range(2):
            try:
                with transaction.atomic():
                    copy.save(force_insert=True)
                out[row.pk] = copy.pk
                break
            except DatabaseError:  # a unique constraint (or a number out of range)
                if not model._meta.pk.is_relation:
                    copy.pk = None
                if attempt == 0:
                    _move(copy, model, round_no, next(spare), new_orgs, new_members)
                else:
                    break
    return out


def _move(copy, model, round_no, n, new_orgs, new_members):
    """Make a copy unique: its organisation or member under a unique constraint goes to a new one; without one,
    its numbers move on by 1000 per round (its texts get a mark)."""
    unique_sets = [c.fields for c in model._meta.constraints if getattr(c, "fields", None)]
    unique_sets += [tuple(u) for u in model._meta.unique_together]
    for fields in unique_sets:
        concrete = [model._meta.get_field(name) for name in fields]
        movable = [f for f in concrete if _fk_targets(f) in ("organizations.Organization", "members.Member")]
        if movable:
            for f in movable:
                pool = new_orgs if _fk_targets(f) == "organizations.Organization" else new_members
                setattr(copy, f.attname, pool[n % len(pool)].pk)
            continue
        if not round_no:  # copies under the same parents: only a new member or organisation makes them unique
            continue
        numbers = [f for f in concrete if isinstance(f, models.IntegerField) and not f.is_relation]
        texts = [f for f in concrete if isinstance(f, models.CharField) and not f.choices]  # a stage stays a stage
        for f in numbers:
            setattr(copy, f.attname, (getattr(copy, f.attname) or 0) + 1000 * round_no)
        if not numbers and len(texts) == len(concrete) - len([f for f in concrete if f.is_relation]):
            for f in texts:
                mark = f" ·{round_no}"
                setattr(copy, f.attname, f"{getattr(copy, f.attname)}"[:(f.max_length or 255) - len(mark)] + mark)
