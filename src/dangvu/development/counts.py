"""Kept counts of member development: prospects per organisation (whole sub-tree) and stage (`ProspectCount`), and
admissions per organisation and year (`AdmissionCount`). The services change them in the same transaction as the
prospect, for the chi bộ and every ancestor (two or three statements whatever the depth); `rebuild()` recounts
them from the rows after a bulk load."""

from collections import Counter

from django.db import transaction
from django.db.models import F, Sum

from dangvu.organizations.models import Organization

from .models import AdmissionCount, Prospect, ProspectCount


def _ids(path: str) -> list[int]:
    return [int(x) for x in path.split(".") if x]


def move(path: str, old: str | None, new: str | None, new_path: str | None = None) -> None:
    """One prospect of the chi bộ at ``path`` leaves stage old (None: a new prospect) for stage new, and, with
    new_path, moves to another chi bộ."""
    if old:
        ProspectCount.objects.filter(organization_id__in=_ids(path), stage=old).update(count=F("count") - 1)
    if new:
        ids = _ids(new_path or path)
        ProspectCount.objects.bulk_create([ProspectCount(organization_id=i, stage=new, count=0) for i in ids],
                                          ignore_conflicts=True)
        ProspectCount.objects.filter(organization_id__in=ids, stage=new).update(count=F("count") + 1)


def admitted(path: str, year: int, n: int = 1) -> None:
    ids = _ids(path)
    AdmissionCount.objects.bulk_create([AdmissionCount(organization_id=i, year=year, admitted=0) for i in ids],
                                       ignore_conflicts=True)
    AdmissionCount.objects.filter(organization_id__in=ids, year=year).update(admitted=F("admitted") + n)


def top_ids(reach, roles) -> list[int] | None:
    """The organisations whose rows sum the user's scope without counting twice (None: admin, all roots)."""
    if reach.is_admin:
        return None
    grants = sorted(reach.grants_for(roles), key=lambda g: len(g.path))
    kept = []
    for g in grants:
        if not any(g.path.startswith(k.path) and k.include_subtree for k in kept):
            kept.append(g)
    return [g.organization_id for g in kept]


def by_stage(ids: list[int] | None) -> dict:
    """{stage: count} summed over the rows of these organisations (None: the roots of the tree)."""
    qs = ProspectCount.objects.all()
    if ids is None:
        qs = qs.filter(organization__parent__isnull=True)
    else:
        qs = qs.filter(organization_id__in=ids)
    return {s: n for s, n in qs.values_list("stage").annotate(n=Sum("count")).order_by() if n}


@transaction.atomic
def rebuild() -> None:
    """Recount every kept row from the prospects (after a bulk load)."""
    paths = dict(Organization.objects.values_list("pk", "path"))
    stages, years = Counter(), Counter()
    for org_id, stage, decision_on in Prospect.objects.values_list("organization_id", "stage", "decision_on"):
        for i in _ids(paths[org_id]):
            stages[i, stage] += 1
            if decision_on:
                years[i, decision_on.year] += 1
    ProspectCount.objects.all().delete()
    AdmissionCount.objects.all().delete()
    ProspectCount.objects.bulk_create([ProspectCount(organization_id=o, stage=s, count=n)
                                       for (o, s), n in stages.items()], batch_size=5000)
    AdmissionCount.objects.bulk_create([AdmissionCount(organization_id=o, year=y, admitted=n)
                                        for (o, y), n in years.items()], batch_size=5000)
