"""The world of the route matrix: the demo data, and one user per role on each of its two branches.

Branch A is the provincial bloc committee of the demo (``DEMO-DUK-DN``: the Department of Labour's
committee and its 7 chi bộ), where the demo puts its reviews, inspections, discipline, meetings,
study sessions and documents; branch B is the central bloc committee (``DEMO-DUK-TW``). The users
of branch A reach the objects of the matrix; the users of branch B hold the same roles on the other
branch, so that for them every one of those objects is a real object outside their scope.

The focal chi bộ is ``DEMO-SO-CB1``: its secretary is ``bithu`` and the member user of branch A is
one of its members (so that the member's own record, meetings and submissions are in the cell too).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.test import Client

from dangvu.core.models import ApiToken, Attachment
from dangvu.organizations.models import Organization, Role, RoleAssignment
from tests.demo_snapshot import load_demo

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
ROLES = ("admin", "office", "inspection", "secretary", "member", "anonymous")


def _user(username, role=None, org=None, *, subtree=True, member=None):
    user = get_user_model().objects.create_user(username, password="pw", full_name=username)
    if role:
        RoleAssignment.objects.create(user=user, role=role, organization=org, include_subtree=subtree)
    if member is not None:
        member.user = user
        member.save(update_fields=["user"])
    return user


class World:
    """Ids of the objects the routes are asked about, the users and their logged-in clients."""

    def __init__(self):
        from dangvu.discipline.models import Complaint, Denunciation, Discipline
        from dangvu.documents.models import Document, InboxItem
        from dangvu.inspections.models import Inspection, Programme, Remedy, TeamMember
        from dangvu.meetings.models import Meeting, Visit
        from dangvu.members.models import Member
        from dangvu.organizations.models import Assignment, CommitteeMember, MassOrganization, Term
        from dangvu.reviews.models import ReviewCycle, ScoringScheme, Subject
        from dangvu.studies.models import Enrollment, Pledge, StudySession, Submission, TrainingClass

        load_demo()
        User = get_user_model()
        org = {o.code: o for o in Organization.objects.filter(code__startswith="DEMO-")}
        cell, dept, bloc = org["DEMO-SO-CB1"], org["DEMO-SO-LDTBXH"], org["DEMO-DUK-DN"]
        self.cell, self.dept, self.bloc = cell, dept, bloc
        secretary = User.objects.get(username="bithu")
        # the member user of branch A: a member of the focal chi bộ who wrote a study submission (so that the
        # member's own submission is asked about whatever the demo's random draws gave on this database)
        free = Member.objects.filter(organization=cell, user__isnull=True).order_by("id")
        own = free.filter(pk__in=Submission.objects.values("member_id")).first() or free.first()
        self.users = {
            "A": {
                "admin": User.objects.get(username="admin"),
                "office": User.objects.get(username="vanphong"),
                "inspection": User.objects.get(username="ubkt"),
                "secretary": secretary,
                "member": _user("matrix_member_a", Role.MEMBER, member=own),
                "anonymous": None,
            },
        }
        central, b_cell = org["DEMO-DUK-TW"], org["DEMO-KDAT2-CB1"]
        b_members = list(Member.objects.filter(organization=b_cell, user__isnull=True).order_by("id")[:2])
        self.users["B"] = {
            "admin": self.users["A"]["admin"],
            "office": _user("matrix_office_b", Role.OFFICE, central),
            "inspection": _user("matrix_inspection_b", Role.INSPECTION, central),
            "secretary": _user("matrix_secretary_b", Role.SECRETARY, b_cell, subtree=False, member=b_members[0]),
            "member": _user("matrix_member_b", Role.MEMBER, member=b_members[1]),
            "anonymous": None,
        }
        cycle = ReviewCycle.objects.filter(organization=dept).order_by("id").first()
        inspection = Inspection.objects.filter(conclusion__isnull=False).order_by("id").first() or \
            Inspection.objects.order_by("id").first()
        meeting = Meeting.objects.filter(organization=cell, status="closed").order_by("-starts_at").first()
        session = StudySession.objects.filter(organization=dept).order_by("id").first()
        discipline = Discipline.objects.filter(scope_organization__path__startswith=dept.path).order_by("id").first()
        document = Document.objects.filter(organization=bloc).order_by("id").first()
        remedy = Remedy.objects.filter(owner_organization=dept).order_by("id").first()
        self.ids = {
            "org": cell.pk,
            "dept": dept.pk,
            "bloc": bloc.pk,
            "term": Term.objects.filter(organization=cell).order_by("id").first().pk,
            "cm": CommitteeMember.objects.filter(term__organization=cell).order_by("id").first().pk,
            "assignment": Assignment.objects.filter(committee_member__term__organization=dept).order_by("id")
            .first().pk,
            "ra": RoleAssignment.objects.get(user=secretary).pk,
            "mass": MassOrganization.objects.filter(organization=dept).order_by("id").first().pk,
            "member": own.pk,
            "cycle": cycle.pk,
            "subject": Subject.objects.filter(cycle=cycle, member=own).order_by("id").first().pk,
            "scheme": ScoringScheme.objects.order_by("id").first().code,
            "inspection": inspection.pk,
            "team": TeamMember.objects.filter(inspection=inspection).order_by("id").first().pk,
            "remedy": remedy.pk,
            "programme": Programme.objects.order_by("id").first().pk,
            "discipline": discipline.pk,
            "complaint": Complaint.objects.order_by("id").first().pk,
            "denunciation": Denunciation.objects.order_by("id").first().pk,
            "meeting": meeting.pk,
            "visit": Visit.objects.filter(organization=cell).order_by("id").first().pk
            if Visit.objects.filter(organization=cell).exists() else Visit.objects.order_by("id").first().pk,
            "session": session.pk,
            "submission": (Submission.objects.filter(member=own).order_by("id").first()
                           or Submission.objects.filter(member__organization=cell).order_by("id").first()).pk,
            "class": TrainingClass.objects.order_by("id").first().pk,
            "enrollment": Enrollment.objects.order_by("id").first().pk,
            "pledge": (Pledge.objects.filter(member=own).order_by("id").first()
                       or Pledge.objects.filter(member__organization=cell).order_by("id").first()
                       or Pledge.objects.order_by("id").first()).pk,
            "document": document.pk,
            "inbox": InboxItem.objects.filter(organization=cell).order_by("id").first().pk,
            # accounts: the member user's account, its member role on the chi bộ, a member without an account
            "account": self.users["A"]["member"].pk,
            "account_ra": RoleAssignment.objects.create(user=self.users["A"]["member"], role=Role.MEMBER,
                                                        organization=cell, include_subtree=False).pk,
            # the first row of a table: what a minimal body's id 1 meant on a fresh database (PostgreSQL sequences
            # are not rolled back, so after other tests id 1 may not exist)
            "first_user": type(self.users["A"]["member"]).objects.order_by("id").first().pk,
            "first_discipline": Discipline.objects.order_by("id").first().pk,
            "first_org": Organization.objects.order_by("id").first().pk,
            "free_member": Member.objects.filter(organization=cell, user__isnull=True, status__in=("full",
                                                 "probationary")).order_by("id").first().pk,
        }
        # congresses: Chi bộ I's congress in preparation, and the bloc office's chi bộ's congress held without a
        # secretary (congresses/demo.py)
        from dangvu.congresses.models import Congress

        self.ids["congress"] = Congress.objects.get(organization=cell, status="planned").pk
        self.ids["congress_held"] = Congress.objects.get(organization__code="DEMO-DUK-DN-CQ").pk
        # reports pages (reppage): a draft of the department's report, an inspection case whose subject is in branch A
        from dangvu.reports import drafts as report_drafts

        self.ids["report_draft"] = report_drafts.create_draft(
            self.users["A"]["admin"], dept, dt.date(2026, 1, 1), dt.date(2026, 2, 28)).pk
        self.ids["report_case"] = (Inspection.objects.filter(subject_organization__path__startswith=bloc.path)
                                   .order_by("id").first().pk)
        self._member_deadlines(own)
        self._attachments(Inspection.objects.get(pk=self.ids["inspection"]), remedy,
                          Meeting.objects.get(pk=self.ids["meeting"]), Submission.objects.get(pk=self.ids["submission"]),
                          discipline, document)
        # imports: a checked import of branch A's office, ready to be written
        from dangvu.imports.models import ImportBatch

        self.ids["import_batch"] = ImportBatch.objects.create(
            owner=self.users["A"]["office"], organization=dept, org_path=dept.path, kind="members",
            file="imports/matrix.xlsx", original_name="danh-sach.xlsx", file_type="xlsx", sheet="Danh sách",
            header_row=1, headers=["Họ và tên"], mapping={"Họ và tên": "full_name"}, status="ready").pk
        self._jobs()
        self._development(cell)
        self._dues(cell)
        self.clients = {}
        self.tokens = {}
        for side, users in self.users.items():
            for role, user in users.items():
                page, api = Client(), Client()
                if user is not None:
                    page.force_login(user)
                    api.defaults["HTTP_AUTHORIZATION"] = f"Bearer {ApiToken.issue(user)}"
                self.clients[side, role] = (page, api)

    def _member_deadlines(self, own):
        """The member's deadlines (docs/member-deadlines.md): a form of the official review with its file, a
        temporary transfer not returned from, a transfer letter not presented (rows written directly)."""
        from django.contrib.contenttypes.models import ContentType
        from django.core.files.base import ContentFile

        from dangvu.members.models import ConfirmationForm, TemporaryTransfer, TransferLetter

        form = ConfirmationForm.objects.create(member=own, code="10-KNĐ", on=dt.date(2026, 1, 10))
        self.ids["confirmation_form_attachment"] = Attachment.objects.create(
            content_type=ContentType.objects.get_for_model(form), object_id=form.pk, purpose="confirmation_form",
            file=ContentFile(b"%PDF-1.4 matrix", name="mau.pdf"), name="mau.pdf", size=15, content_kind="pdf").pk
        self.ids["temporary_transfer"] = TemporaryTransfer.objects.create(
            member=own, host_name="Nơi khác", starts_on=dt.date(2025, 11, 1), ends_on=dt.date(2026, 2, 1)).pk
        self.ids["transfer_letter"] = TransferLetter.objects.create(
            member=own, from_organization=self.cell, destination="Nơi khác", issued_on=dt.date(2026, 1, 5),
            present_due_on=dt.date(2026, 2, 24)).pk

    def _dues(self, cell):
        """Dues (dues/demo.py, loaded at NOW = 01/03/2026): the focal chi bộ's sheets of 12/2025 … 03/2026, a
        payment of one of its members, the basis of the member user of branch A, the chi bộ's remittance of 01/2026."""
        from dangvu.dues.models import DuesBasis, DuesPayment, DuesRemittance

        self.ids["month"] = "2026-02"
        self.ids["dues_payment"] = DuesPayment.objects.filter(line__member__organization=cell).order_by("id").first().pk
        self.ids["dues_basis"] = DuesBasis.objects.filter(member_id=self.ids["member"]).order_by("id").first().pk
        self.ids["dues_remittance"] = DuesRemittance.objects.filter(organization=cell).order_by("id").first().pk

    def _development(self, cell):
        """Member development: a prospect of the focal chi bộ waiting for the superior's decision (the demo's),
        and the file of its dossier's first form."""
        from django.contrib.contenttypes.models import ContentType

        from dangvu.development.models import DossierItem, Prospect

        p = Prospect.objects.filter(organization=cell, stage="resolved").order_by("id").first()
        self.ids["prospect"] = p.pk
        self.ids["prospect_attachment"] = Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(DossierItem),
            object_id__in=DossierItem.objects.filter(prospect=p).values("pk")).order_by("id").first().pk

    def _jobs(self):
        """Background jobs (dangvu.core.jobs): a finished export of the office user of branch A, with its file."""
        from pathlib import Path

        from django.conf import settings

        from dangvu.core.models import Job

        job = Job.objects.create(owner=self.users["A"]["office"], kind="members.export", label="Xuất danh sách",
                                 status=Job.Status.DONE, done=1, total=1, filename="ma-tran.xlsx", size=2)
        folder = Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "ma-tran.xlsx").write_bytes(b"PK")
        Job.objects.filter(pk=job.pk).update(file=f"jobs/{job.pk}/ma-tran.xlsx")
        self.ids["job"] = job.pk

    def _attachments(self, inspection, remedy, meeting, submission, discipline, document):
        from django.contrib.contenttypes.models import ContentType
        from django.core.files.base import ContentFile

        from dangvu.documents.services import FILE_PURPOSE
        from dangvu.meetings.services import MATERIALS

        for key, obj, purpose in [
            ("inspection_attachment", inspection, ""), ("remedy_attachment", remedy, ""),
            ("meeting_attachment", meeting, MATERIALS), ("submission_attachment", submission, "submission"),
            ("discipline_attachment", discipline, ""), ("document_attachment", document, FILE_PURPOSE),
        ]:
            att = Attachment.objects.create(
                content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, purpose=purpose,
                file=ContentFile(b"%PDF-1.4 matrix", name="ma-tran.pdf"), name="ma-tran.pdf", size=15,
                content_kind="pdf")
            self.ids[key] = att.pk


def check_deferred_now():
    """Make the foreign-key checks that building a world left deferred (PostgreSQL), once, at the level of the
    module's transaction, where the checks done are dropped from the queue. Otherwise pytest-django's teardown of
    every test (``SET CONSTRAINTS ALL IMMEDIATE``, inside the test's savepoint, where nothing can be dropped) went
    over the world's whole queue again: 0,3–0,5 s a test on PostgreSQL, 787 tests in the query-growth guard."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cur.execute("SET CONSTRAINTS ALL DEFERRED")
